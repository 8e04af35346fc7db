"""Symbolic stage: model -> free charges, anomalies, gauge sector, couplings, relations.

Each step lives in its own module and cites the equations it follows:
invariance.py (operator invariance), anomalies.py, gauge.py (kinetic and mass mixing),
couplings.py (C_V, C_A, C_nu), relations.py (left null space), exact.py (numerical cross-check).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sympy as sp


from ..model.charges import as_expr

from ..model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES, nucleon_couplings
from .anomalies import anomaly_coefficients
from .couplings import lepton_couplings, quark_couplings, tidy
from .gauge import GaugeSector, cw, e, gauge_sector, sw
from .invariance import Invariance, solve_invariance
from .relations import CONSTANTS, relations


@dataclass(frozen=True)
class Derivation:
    """Everything derived from one model. Expressions are exact sympy objects.

    ``couplings`` are at leading order in g', g~ (BCK21 Eqs. (23)-(24), (27)-(29), (32)), in terms
    of the free parameters and the constants e, sw, cw (sin/cos of the weak mixing angle).
    """

    model: Any  # zprime_sym.model.loader.Model (not imported: model < derive is one-way)
    invariance: Invariance | None
    anomalies: dict
    gauge: GaugeSector | None
    couplings: dict
    relations: list
    free_parameters: tuple  #: symbols a user can vary (after operator invariance)
    constants: tuple = field(default=(e, sw, cw))
    #: CV_u, CA_u, ..., CV_t, CA_t, CV_p, CV_n at the same order as ``couplings`` (for an effective
    #: model: those its file lists, 0 for the others, CV_p and CV_n from CV_u, CV_d)
    quark_couplings: dict = field(default_factory=dict)

    @property
    def coupling_parameters(self) -> tuple:
        """The free parameters the nine couplings actually depend on (sorted by name)."""
        syms = set().union(*(as_expr(c).free_symbols for c in self.couplings.values())) - CONSTANTS
        return tuple(sorted(syms, key=lambda s: s.name))

    @property
    def n_independent(self) -> int:
        """How many of the nine couplings are independent (9 - number of relations)."""
        return len(COUPLING_NAMES) - len(self.relations)

    def couplings_variant(self, variant: str) -> dict:
        """Couplings with s_phi at leading order ("lo") or first order in the mixing ("mixing")."""
        if self.gauge is None:
            return dict(self.couplings)
        return in_angles(lepton_couplings(self.gauge, self._charge, variant=variant,
                                          readable=len(self.gauge.to_angles) != 1), self.gauge)

    def quark_couplings_variant(self, variant: str) -> dict:
        """Quark and nucleon couplings with s_phi at "lo" or "mixing" order (see couplings_variant)."""
        if self.gauge is None:
            return dict(self.quark_couplings)
        return in_angles(quark_couplings(self.gauge, self._charge, variant=variant,
                                         readable=len(self.gauge.to_angles) != 1), self.gauge)

    @cached_property  # computed once per derivation (derive, its JSON and the verdict's notes all ask)
    def mixing_running(self) -> sp.Expr | None:
        """b_A of :func:`.loop_mixing.running_coefficient` when the model declares its kinetic mixing as a
        fixed value (a number, an expression in other parameters, or none at all) and b_A is not identically
        0: that value then holds at one renormalisation scale only. None for a free mixing parameter (a scan
        covers whatever the running gives), for ``kinetic_mixing = "loop"`` (finite by construction) and for
        an effective model (no charges)."""
        if self.invariance is None or self.model.kinetic_mixing is None:
            return None
        kind, value = self.model.kinetic_mixing
        if kind == "loop" or isinstance(value, sp.Symbol):
            return None
        from .loop_mixing import running_coefficient

        b = running_coefficient(self._charge)
        return None if b == 0 else b

    def _charge(self, name: str):
        assert self.invariance is not None  # only called for charge models, which always have one
        return self.invariance.substitute(self.model.field_charges()[name])


def derive(model) -> Derivation:
    """Run the whole symbolic derivation for a loaded model."""
    if model.kind == "effective":
        couplings = dict(model.effective_couplings)
        free = tuple(sorted(set().union(*(as_expr(c).free_symbols for c in couplings.values())), key=lambda s: s.name))
        quarks = {n: sp.Integer(0) for n in QUARK_COUPLING_NAMES}
        quarks.update({n: as_expr(v) for n, v in model.effective_quark_couplings})
        quarks["CV_p"], quarks["CV_n"] = nucleon_couplings(quarks["CV_u"], quarks["CV_d"])
        free = tuple(sorted(set(free) | set().union(*(as_expr(c).free_symbols for c in quarks.values())),
                            key=lambda s: s.name))
        return Derivation(model, None, {}, None, couplings, relations(couplings), free, quark_couplings=quarks)
    inv = solve_invariance(model)

    def charge(name):
        return inv.substitute(model.field_charges()[name])

    if model.kinetic_mixing[0] == "loop":  # eps from the charged-lepton loops (derive/loop_mixing.py)
        from dataclasses import replace

        from .loop_mixing import loop_epsilon_b

        model = replace(model, kinetic_mixing=("eps", loop_epsilon_b(model, charge)))

    anomalies = anomaly_coefficients(model, inv.substitute)
    sector = gauge_sector(model, charge)
    # polynomial in w_j = (v_j/v)^2; with one VEV angle an intermediate form (in_angles tidies it)
    couplings_w = lepton_couplings(sector, charge, variant="lo", readable=len(sector.to_angles) != 1)
    eliminated = set(inv.solution)
    free = tuple(sorted((s for _, s in model.symbols if s not in eliminated), key=lambda s: s.name))
    quarks_w = quark_couplings(sector, charge, variant="lo", readable=len(sector.to_angles) != 1)
    # relations are the same in w_j or in the angles (the angles map onto the open simplex of w)
    return Derivation(model, inv, anomalies, sector, in_angles(couplings_w, sector), relations(couplings_w), free,
                      quark_couplings=in_angles(quarks_w, sector))


def in_angles(couplings: dict, sector) -> dict:
    """Replace w_j = (v_j/v)^2 by the declared VEV angles. With one angle (two doublets) the result is
    tidied; with more, factoring the nested fractions costs seconds, so they are substituted as they are."""
    if not sector.to_angles:
        return couplings
    if len(sector.to_angles) == 1:
        return {k: tidy(as_expr(c).xreplace(sector.to_angles)) for k, c in couplings.items()}
    return {k: as_expr(c).xreplace(sector.to_angles) for k, c in couplings.items()}
