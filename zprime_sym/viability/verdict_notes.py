"""The notes a verdict adds about what it could not check at its point (viability/verdict.py).

Each function takes the re-evaluated point of :func:`.verdict.reevaluate` (a JSON-ready dict) and returns a
list of sentences, empty when nothing applies. None of them changes a verdict:

* :func:`hadronic_decay_note`: the Z' decays mostly to hadrons, which the encoded visible searches (lepton
  pairs) do not select.
* :func:`gap_notes`: searches that apply at the point but are not encoded (:mod:`..constraints.gaps`).
* :func:`running_notes`: the model fixes a kinetic mixing that runs (:mod:`..derive.loop_mixing`).
"""
from __future__ import annotations

import sympy as sp

from ..derive.loop_mixing import leading_log_mixing
from ..model.charges import as_expr
from ..model.couplings import QUARK_COUPLING_NAMES

#: Above this BR(Z' -> hadrons) at a witness, the verdict says what the encoded searches cannot see.
HADRONIC_NOTE_BR = 0.5

#: Scales of the running-mixing note: a boundary g~ = 0 at RUNNING_UV_GEV, evaluated down to
#: max(m_Z', RUNNING_IR_GEV) (below about 1 GeV light-quark loops are hadronic, not perturbative).
RUNNING_UV_GEV = 1000.0
RUNNING_IR_GEV = 1.0


def hadronic_decay_note(point: dict) -> list[str]:
    """[a note] when the Z' of a witness decays mostly to hadrons: the visible searches of the registry
    select lepton pairs (their ratios scale with BR(ee) or BR(mumu)), and no search for hadronic final
    states is encoded (docs/constraints.md, "Not implemented"); [] otherwise."""
    from ..constraints.widths import branching_ratio

    couplings = point["couplings"]
    if not any(couplings.get(k, 0.0) for k in QUARK_COUPLING_NAMES):
        return []
    br = float(branching_ratio(point["m_zp_MeV"] * 1e-3, couplings, ("hadrons", "cc", "bb", "tt")))
    if not br > HADRONIC_NOTE_BR:
        return []
    return [f"at the witness the Z' decays to hadrons with BR = {br:.3g}: the encoded visible searches select "
            "lepton pairs, and searches for hadronic final states (e+e- -> gamma Z', Z' -> pi pi; eta, phi decays) "
            "are not encoded, so large quark couplings can hide a Z' from them (docs/constraints.md)"]


def gap_notes(point: dict) -> list[str]:
    """[a note per search that applies at the witness but is not encoded] (:mod:`..constraints.gaps`:
    light-Z' searches through quarks, LHC dilepton and dijet resonances, LEP-II fermion pairs): a viable
    verdict there is viable against the encoded constraints only. The same gaps go into
    ``point["not_evaluated"]`` (their summaries, for --json)."""
    from ..constraints.gaps import uncovered

    gaps = uncovered(point["m_zp_MeV"] * 1e-3, point["couplings"])
    point["not_evaluated"] = [g.summary() for g in gaps]
    return [f"not evaluated at the witness (m_Z' = {point['m_zp_MeV']:.4g} MeV): {g.text()}; the verdict is "
            "viable against the encoded constraints only" for g in gaps]


def _at_point(expr, parameters: dict):
    """``expr`` (a sympy expression or a number) with the point's parameter values put in, by symbol name."""
    expr = as_expr(expr)
    return expr.xreplace({s: sp.Float(parameters[s.name]) for s in expr.free_symbols if s.name in parameters})


def running_notes(d, point: dict | None) -> list[str]:
    """[a note when the model fixes its kinetic mixing to a value that runs] (``Derivation.mixing_running``,
    :func:`..derive.loop_mixing.running_coefficient`), with the mixing that the running from g~ = 0 at
    RUNNING_UV_GEV would give at ``point`` (:func:`..derive.loop_mixing.leading_log_mixing`, at
    max(m_Z', RUNNING_IR_GEV)) when the point fixes g' and b. The verdict keeps the declared mixing."""
    b = d.mixing_running
    if b is None:
        return []
    text = (f"the declared kinetic mixing ({d.model.kinetic_mixing[0]} = {d.model.kinetic_mixing[1]}) is a fixed value, "
            f"but the charged fermions give b = sum N_c Q z_V = {b}, so it runs at one loop "
            "(d eps_A/d ln mu = -e g' b/(6 pi^2)); the verdict keeps the declared value")
    if point is not None:
        gp, b_num = (_at_point(x, point["parameters"]) for x in (d.model.gp, b))
        mu = max(point["m_zp_MeV"] * 1e-3, RUNNING_IR_GEV)
        if not gp.free_symbols and not b_num.free_symbols and mu < RUNNING_UV_GEV:
            eps = leading_log_mixing(float(gp), float(b_num), RUNNING_UV_GEV, mu)
            text += (f"; from g~ = 0 at {RUNNING_UV_GEV:g} GeV it would reach |eps_A| ≈ {eps:.2g} at {mu:.3g} GeV "
                     "(leading log of the charged-fermion loops) for "
                     f"this point's g' = {float(gp):.3g}, which the kinetic-mixing (dark-photon) searches see")
    return [text + "; declare gt (or eps) as a free parameter to scan the mixing"]
