"""A kinetic mixing declared as a fixed value runs when the charged fermions' vector charges do not cancel
(derive/loop_mixing.py: running_coefficient; Derivation.mixing_running; the derive and verdict notes).

Independent numbers: b_A counted by hand for gauged baryon number (1), B-L (4) and L_mu - L_tau (0); the
sign and size of the running from the numerical vacuum polarisation of constraints/loop_mixing.py, made
finite by a heavy spectator fermion at Lambda (so eps_A(Lambda) = 0 in effect)."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp

from zprime_sym.constants import constants
from zprime_sym.constraints.loop_mixing import epsilon_loop
from zprime_sym.derive import derive
from zprime_sym.derive.loop_mixing import running_coefficient
from zprime_sym.model import load_model
from zprime_sym.viability.verdict import verdict
from zprime_sym.viability.verdict_notes import RUNNING_IR_GEV, RUNNING_UV_GEV

from user_models import B_MINUS_L_FIXED_MIXING, U1_BARYON


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("running")
    out = {}
    for name, text in (("baryon", U1_BARYON), ("bl", B_MINUS_L_FIXED_MIXING)):
        out[name] = root / f"{name}.toml"
        out[name].write_text(text)
    return out


@pytest.fixture(scope="module")
def derivations(files):
    return {k: derive(load_model(str(p))) for k, p in files.items()}


def test_coefficient_counted_by_hand():
    # per generation: leptons N_c Q z = 1 * (-1) * z_l; up quarks 3 (2/3) z_q; down quarks 3 (-1/3) z_q
    def charges(z_lepton, z_quark):
        table = {f"{f}_{fl}": sp.Rational(z_lepton) for f in ("L", "eR") for fl in ("e", "mu", "tau")}
        table.update({f"{f}_{g}": sp.Rational(z_quark) for f in ("Q", "uR", "dR") for g in "123"})
        return table.__getitem__

    assert running_coefficient(charges(0, "1/3")) == 1  # baryon number: 3 * (3 (2/3) + 3 (-1/3)) / 3 = 1
    assert running_coefficient(charges(-1, "1/3")) == 4  # B - L: 3 (leptons) + 1 (quarks)
    lmu_ltau = {f"{f}_{fl}": sp.Integer(z) for f in ("L", "eR") for fl, z in (("e", 0), ("mu", 1), ("tau", -1))}
    lmu_ltau.update({f"{f}_{g}": sp.Integer(0) for f in ("Q", "uR", "dR") for g in "123"})
    assert running_coefficient(lmu_ltau.__getitem__) == 0


def test_running_matches_the_vacuum_polarisation():
    """eps_A(q^2 = 0) of light fermions (all at mass m) with a spectator of charge sum -b at Lambda, from the
    numerical loop integral, equals the note's leading log e g' b ln(Lambda/m) / (6 pi^2), sign included."""
    gp, b, m, lam = 0.01, 4.0, 1.0, 1000.0
    eps = float(epsilon_loop(np.array([0.0]), gp, [(b, m), (-b, lam)])[0])
    closed = constants().e * gp * b * math.log(lam / m) / (6.0 * math.pi**2)
    assert eps == pytest.approx(closed, rel=1e-10)
    # and the slope in ln|q^2| between m^2 and Lambda^2 is -(e g' b)/(12 pi^2) (d eps / d ln mu = -e g' b/(6 pi^2))
    q2 = -np.array([1e4, 1e5])
    e2 = epsilon_loop(q2, gp, [(b, m), (-b, 1e5)])  # m^2 << |q^2| << Lambda^2: the pure leading log
    slope = (e2[1] - e2[0]) / math.log(q2[1] / q2[0])
    assert slope == pytest.approx(-constants().e * gp * b / (12.0 * math.pi**2), rel=1e-3)


def test_derivation_flags_a_fixed_mixing_that_runs(derivations, tmp_path):
    assert derivations["baryon"].mixing_running == 1
    assert derivations["bl"].mixing_running == 4
    fixed_eps = tmp_path / "bl_eps.toml"  # a fixed eps runs as a fixed g~ does; a free one is scanned
    fixed_eps.write_text(B_MINUS_L_FIXED_MIXING.replace("gt = 0", 'eps = "1e-4"'))
    assert derive(load_model(str(fixed_eps))).mixing_running == 4
    free_eps = tmp_path / "bl_free_eps.toml"
    free_eps.write_text(B_MINUS_L_FIXED_MIXING.replace("gt = 0", 'eps = "eps"'))
    assert derive(load_model(str(free_eps))).mixing_running is None
    for shipped in ("b_minus_l", "lmu_ltau", "lmu_ltau_loop", "dark_photon", "model_independent"):
        assert derive(load_model(shipped)).mixing_running is None, shipped  # free gt/eps, loop, effective


def _zprime(*args):
    return subprocess.run([sys.executable, "-m", "zprime_sym", *args], capture_output=True, text=True)


def test_derive_prints_and_reports_it(files):
    r = _zprime("derive", str(files["baryon"]))
    assert r.returncode == 0, r.stderr
    assert "b = sum N_c Q z_V = 1, not 0" in r.stdout
    j = json.loads(_zprime("derive", str(files["baryon"]), "--json").stdout)
    assert j["gauge"]["mixing_running_coefficient"] == "1"
    shipped = json.loads(_zprime("derive", "b_minus_l", "--json").stdout)
    assert shipped["gauge"]["mixing_running_coefficient"] is None
    assert "runs at one loop" not in _zprime("derive", "b_minus_l").stdout


def test_verdict_note_gives_the_induced_mixing_at_its_point(files):
    v = verdict(str(files["bl"]))
    notes = [n for n in v.notes if "runs at one loop" in n]
    assert len(notes) == 1
    best = v.witness or v.best
    gp = best["parameters"]["gp"]
    mu = max(best["m_zp_MeV"] * 1e-3, RUNNING_IR_GEV)
    expected = constants().e * abs(gp) * 4 * math.log(RUNNING_UV_GEV / mu) / (6.0 * math.pi**2)
    quoted = float(notes[0].split("|eps_A| ≈ ")[1].split()[0])
    assert quoted == pytest.approx(expected, rel=5e-2)  # printed to two digits
    assert not [n for n in verdict("lmu_ltau").notes if "runs at one loop" in n]
