"""Loop-induced photon-Z' kinetic mixing at q^2 = 0, in closed form (the model option
``[gauge] kinetic_mixing = "loop"``, docs/model-files.md).

Convention: photon coupling L ⊃ -e Q A_mu psi-bar gamma^mu psi and Z' coupling L ⊃ -g' z X_mu J^mu
(BCK21 Eq. (5)); the mixing term is -(eps_A/2) F_{mu nu} X^{mu nu}. A Dirac fermion f (colour
multiplicity N_c, electric charge Q_f, vector U(1)' charge z_f = (z_L + z_R)/2) in the loop gives
the vacuum-polarisation mixing (MS-bar, scale mu)

    Pi_AX(q^2) = -(e g' N_c Q_f z_f / (2 pi^2)) ∫_0^1 dx x(1-x) ln[(m_f^2 - x(1-x) q^2) / mu^2],

and at q^2 = 0 (∫ x(1-x) = 1/6)

    eps_A(0) = (e g' / (12 pi^2)) Σ_f N_c Q_f z_f ln(mu^2 / m_f^2).

The mu dependence drops out (no tree-level counterterm is needed) exactly when Σ_f N_c Q_f z_f = 0;
the option is refused otherwise. For L_mu - L_tau (Q = -1, z_mu = +1, z_tau = -1):

    eps_A(0) = -(e g' / (6 pi^2)) ln(m_tau / m_mu) ≈ -g'/70.

The Z' then couples to a fermion f' as C = -eps_A e Q_f' (shift A -> A - eps_A X). In the gauge
sector of derive/gauge.py the mixing is B-X (Eq. (18)); eps_B = eps_A / c_W reproduces the photon
mixing (B = c_W A - s_W Z). The Z-X part of the loop (fermion Z couplings) is not the one of a pure
B-X mixing; it only matters at m_Z'^2 ~ m_Z^2, and the option is meant for a light Z'.
Only charged leptons are summed: quarks carrying U(1)' charge would need the hadronic vacuum
polarisation, so the option is refused for them. The q^2 dependence is numeric in
:mod:`zprime_sym.constraints.loop_mixing`.
"""
from __future__ import annotations

import math

import sympy as sp

from ..constants import constants
from ..exceptions import ModelError
from ..model.couplings import FLAVOURS
from .gauge import cw, e


def log_mass_ratio(flavour: str) -> sp.Rational:
    """ln(m_f^2 / m_e^2) from the CODATA masses of zprime_sym.constants, as an exact Rational of its value
    rounded to 10 significant digits (the masses are known to ~1e-7; a Rational keeps the relation and
    rank computations of derive/relations.py exact, a Float would not)."""
    c = constants()
    return sp.Rational(f"{2 * math.log(c.lepton_mass(flavour) / c.m_e):.10g}")


def loop_terms(model, charge) -> list[tuple[sp.Expr, str]]:
    """[(N_c Q_f z_f, flavour)] for the charged leptons (Q = -1, N_c = 1)."""
    return [(-(charge(f"L_{fl}") + charge(f"eR_{fl}")) / 2, fl) for fl in FLAVOURS]


#: The charged Standard-Model fermions of one generation: (colour multiplicity N_c, electric charge Q,
#: doublet field, singlet field); the lepton fields carry a flavour suffix, the quark ones a generation.
CHARGED_FERMIONS = ((1, sp.Integer(-1), "L", "eR"), (3, sp.Rational(2, 3), "Q", "uR"), (3, sp.Rational(-1, 3), "Q", "dR"))


def running_coefficient(charge) -> sp.Expr:
    """b_A = Σ_f N_c Q_f z_f over the nine charged Standard-Model fermions (three generations of leptons,
    up and down quarks), z_f = (z_L + z_R)/2 the vector U(1)' charge, exact in the (free) charges.

    It sets the one-loop running of the photon-Z' mixing above the fermion masses (the module docstring's
    Pi_AX, whose mu dependence is -(e g'/(12 pi^2)) Σ_f c_f ln mu^2 for the counterterm to absorb):

        d eps_A / d ln mu = -(e g' / (6 pi^2)) b_A,

    so a mixing declared as a number (g~ = 0, say) holds at one scale only unless b_A = 0; from
    eps_A(Lambda) = 0 the fermions lighter than Lambda induce eps_A ≈ (e g' b_A / (6 pi^2)) ln(Lambda/mu) at
    mu above their masses (Holdom, Phys. Lett. B 166 (1986) 196). For gauged baryon number b_A = 1; for
    L_mu - L_tau b_A = 0 and the mixing is finite (-g'/70, :func:`loop_epsilon_photon`)."""
    total = sp.Integer(0)
    for n_c, q, doublet, singlet in CHARGED_FERMIONS:
        for gen in (FLAVOURS if doublet == "L" else ("1", "2", "3")):
            total += n_c * q * (charge(f"{doublet}_{gen}") + charge(f"{singlet}_{gen}")) / 2
    return sp.expand(total)


def leading_log_mixing(gp: float, b: float, uv_GeV: float, mu_GeV: float) -> float:
    """|eps_A(mu)| from eps_A(uv) = 0 by the one-loop running of :func:`running_coefficient`'s b, leading
    log: e |g' b| ln(uv/mu) / (6 pi^2), for fermions lighter than mu. An order of magnitude: above m_Z the
    mixing is the B-X one, whose running also has the loops of U(1)'-charged scalars and hypercharges in
    place of Q."""
    return constants().e * abs(gp * b) / (6.0 * math.pi**2) * math.log(uv_GeV / mu_GeV)


def loop_epsilon_photon(model, charge) -> sp.Expr:
    """eps_A(0) in terms of g' (and any free charges), exact; raises ModelError if UV divergent."""
    for kind in ("Q", "uR", "dR"):
        for g in ("1", "2", "3"):
            if sp.expand(charge(f"{kind}_{g}")) != 0:
                raise ModelError(model.source, "gauge.kinetic_mixing", f"\"loop\": quark {kind}_{g} carries U(1)' "
                                 "charge; the loop would need the hadronic vacuum polarisation (give eps or gt)")
    terms = loop_terms(model, charge)
    total = sp.expand(sum(c for c, _ in terms))
    if total != 0:
        raise ModelError(model.source, "gauge.kinetic_mixing", f"\"loop\": the sum of Q z over charged leptons is "
                         f"{total}, not 0, so the loop mixing is UV divergent; give eps or gt instead")
    # Σ c_f ln(mu^2/m_f^2) = -Σ c_f ln(m_f^2/m_e^2) since Σ c_f = 0
    return -model.gp * e / (12 * sp.pi**2) * sp.expand(sum(c * log_mass_ratio(fl) for c, fl in terms))


def loop_epsilon_b(model, charge) -> sp.Expr:
    """The B-X mixing eps_B = eps_A(0) / c_W used by the gauge sector (see the module docstring)."""
    return loop_epsilon_photon(model, charge) / cw
