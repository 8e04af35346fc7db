"""Quark and nucleon Z' couplings: dark-photon pattern, B-L, leptophilic models, exact diagonalisation."""
import numpy as np
import pytest
import sympy as sp

from zprime_sym.constants import constants
from zprime_sym.derive.exact import exact_couplings, leading_order_values
from zprime_sym.derive.gauge import cw, e, reduce_cw
from zprime_sym.model.couplings import QUARK_COUPLING_NAMES, QUARKS

Q_EM = {"u": sp.Rational(2, 3), "c": sp.Rational(2, 3), "t": sp.Rational(2, 3),
        "d": sp.Rational(-1, 3), "s": sp.Rational(-1, 3), "b": sp.Rational(-1, 3)}


def test_dark_photon_pattern_for_quarks(derived):
    """C_V = -eps e cw Q_q (independent reference: the photon's coupling e Q times the B-X mixing
    projected on the photon, eps cw), C_A = 0; nucleons: -eps e cw (1 for p, 0 for n)."""
    d = derived("dark_photon")
    eps = dict(d.model.symbols)["eps"]
    for q in QUARKS:
        assert reduce_cw(d.quark_couplings[f"CV_{q}"] + eps * e * cw * Q_EM[q]) == 0, q
        assert d.quark_couplings[f"CA_{q}"] == 0
    assert reduce_cw(d.quark_couplings["CV_p"] + eps * e * cw) == 0
    assert d.quark_couplings["CV_n"] == 0
    c = constants()
    m_light = 0.02  # GeV: exact couplings approach the pattern as (m/m_Z)^2
    ex = exact_couplings(d, dict(eps=1e-4, gp=1e-3, vS=m_light / 1e-3))
    for q in QUARKS:
        assert ex[f"CV_{q}"] == pytest.approx(-1e-4 * c.e * c.cw * float(Q_EM[q]), rel=1e-6)
        assert abs(ex[f"CA_{q}"]) < 1e-6 * abs(ex[f"CV_{q}"])


def test_b_minus_l_vector_third(derived):
    """B-L without kinetic mixing: every quark carries B = 1/3 on both chiralities: C_V = g'/3, C_A = 0;
    proton and neutron C_V = g' (baryon number 1)."""
    d = derived("b_minus_l")
    syms = dict(d.model.symbols)
    gp, gt = syms["gp"], syms["gt"]
    for q in QUARKS:
        assert sp.expand(d.quark_couplings[f"CV_{q}"].subs(gt, 0) - gp / 3) == 0
        assert d.quark_couplings[f"CA_{q}"] == 0
    assert sp.expand(d.quark_couplings["CV_p"].subs(gt, 0) - gp) == 0
    assert sp.expand(d.quark_couplings["CV_n"].subs(gt, 0) - gp) == 0


def test_leptophilic_has_no_tree_level_quark_coupling(derived):
    """L_mu - L_tau with g~ = 0: quarks carry no charge and the Higgs is neutral (no mass mixing)."""
    d = derived("lmu_ltau")
    gt = dict(d.model.symbols)["gt"]
    for n in QUARK_COUPLING_NAMES:
        assert sp.expand(d.quark_couplings[n].subs(gt, 0)) == 0, n


NHDM_POINT = dict(z1=1.0, z2=-0.3, zL_e=0.3, zL_mu=2.0, zL_tau=-1.0, tan_beta=2.0, zS=1.0, vS=20.0)


@pytest.mark.parametrize("name, point", [("nhdm_u1", NHDM_POINT), ("b_minus_l", dict(vS=30.0))])
def test_quarks_against_exact_diagonalisation(derived, name, point):
    """Like the leptons (tests/test_gauge_exact.py): the LO error falls like lam^2 under g', g~ -> lam
    (first neglected terms O(g'^3)); at lam = 1e-3 it is below 1e-5 of the largest coupling."""
    d = derived(name)
    lams = np.array([3e-2, 1e-2, 3e-3, 1e-3])
    errs = []
    for lam in lams:
        p = dict(point, gp=lam, gt=0.4 * lam)
        ex, lo = exact_couplings(d, p), leading_order_values(d, p, quarks=True)
        scale = max(abs(ex[k]) for k in QUARK_COUPLING_NAMES)
        errs.append(max(abs(ex[k] - lo[k]) for k in QUARK_COUPLING_NAMES) / scale)
    errs = np.array(errs)
    slope = np.polyfit(np.log(lams), np.log(errs), 1)[0]
    assert 1.8 < slope < 2.2, (errs, slope)
    assert errs[-1] < 1e-5


def test_mixing_variant_for_heavy_zprime(derived):
    """Heavy Z' (m_Z' > m_Z): the first-order-in-mixing quark couplings track the exact ones to 2e-2
    of the largest quark coupling (the quarks here couple only through g~ and z_H, so their scale is a
    few times below the leptons' of tests/test_gauge_exact.py, which pass at 1e-2 of theirs), while the
    light-Z' LO formula is off by more than ten times that."""
    d = derived("sm_u1")
    point = dict(gp=0.05, gt=0.025, zH=1.0, zS=1.0, vS=3000.0, zL_e=1.0, zL_mu=-1.0, zL_tau=2.0)
    ex = exact_couplings(d, point)
    assert ex["m_zp"] > constants().m_Z
    mix = leading_order_values(d, point, variant="mixing", quarks=True)
    scale = max(abs(ex[k]) for k in QUARK_COUPLING_NAMES)
    lo = leading_order_values(d, point, variant="lo", quarks=True)
    err_mix = max(abs(ex[k] - mix[k]) for k in QUARK_COUPLING_NAMES) / scale
    err_lo = max(abs(ex[k] - lo[k]) for k in QUARK_COUPLING_NAMES) / scale
    assert err_mix < 2e-2
    assert err_lo > 10 * err_mix


def test_compiled_quark_couplings_match_symbolic(derived):
    """The lambdified quark function equals the sympy expressions; evaluate_batch accepts its output."""
    from zprime_sym.evaluate.batch import evaluate_batch
    from zprime_sym.evaluate.compile import compile_all_couplings, compile_quark_couplings

    d = derived("b_minus_l")
    f = compile_quark_couplings(d)
    out = f(gp=np.array([1e-4, 2e-4]), gt=np.array([0.0, 1e-5]))
    assert out["CV_u"][0] == pytest.approx(1e-4 / 3, rel=1e-12)
    ref = leading_order_values(d, dict(gp=2e-4, gt=1e-5, vS=10.0), quarks=True)
    for n in QUARK_COUPLING_NAMES:
        assert out[n][1] == pytest.approx(ref[n], rel=1e-10, abs=1e-18)
    both = compile_all_couplings(d)(gp=np.full(3, 1e-4), gt=np.zeros(3))
    m = np.array([0.01, 0.1, 1.0])
    with_q = evaluate_batch(m, both)["ratios"]["babar_2014"]
    without = evaluate_batch(m, {k: v for k, v in both.items() if k not in QUARK_COUPLING_NAMES})["ratios"]["babar_2014"]
    # the quark couplings open hadronic decays at 1 GeV (lower BR(ee): weaker BaBar ratio), not below 2 m_pi
    assert with_q[2] < 0.95 * without[2]
    assert with_q[1] == pytest.approx(without[1], rel=1e-12)


@pytest.mark.parametrize("name, point", [("b_minus_l", dict(gp=3e-4, gt=-2e-4)), ("dark_photon", dict(eps=1e-3)),
                                         ("lmu_ltau", dict(gp=2e-4, gt=5e-5))])
def test_quark_map_from_lepton_couplings(derived, name, point):
    """Where the quark couplings are a fixed combination of the lepton ones (derive/quark_map.py), the
    map applied to the compiled lepton couplings equals the compiled quark couplings (rounding only)."""
    from zprime_sym.evaluate.compile import compile_couplings, quark_couplings_from_leptons

    d = derived(name)
    f = quark_couplings_from_leptons(d)
    assert f is not None
    lep = compile_couplings(d)(**point)
    direct = compile_quark_couplings_at(d, point)
    mapped = f(lep)
    for n in QUARK_COUPLING_NAMES:
        assert float(mapped[n]) == pytest.approx(float(direct[n]), rel=1e-12, abs=1e-20), n


def compile_quark_couplings_at(d, point):
    from zprime_sym.evaluate.compile import compile_quark_couplings

    f = compile_quark_couplings(d)
    return f(**{k: v for k, v in point.items() if k in f.parameters})


def test_quark_map_absent_when_not_determined(derived):
    """nhdm_u1: quark couplings depend on z_H' in a way the lepton couplings do not fix -> None."""
    from zprime_sym.evaluate.compile import quark_couplings_from_leptons

    assert quark_couplings_from_leptons(derived("nhdm_u1")) is None


def test_derive_json_lists_quark_couplings(capsys):
    """`zprime derive --json` has the nine lepton couplings unchanged and the quark ones beside them."""
    import json

    from zprime_sym import cli

    assert cli.main(["derive", "dark_photon", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["quark_couplings"]) == set(QUARK_COUPLING_NAMES)
    assert out["quark_couplings"]["CV_n"] == "0"
    assert "CV_e" in out["couplings"] and "CV_u" not in out["couplings"]
