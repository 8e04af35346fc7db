"""Operator invariance: the linear conditions declared operators put on the U(1)' charges.

An operator  prod_k F_k^{(*)p_k}  is U(1)' invariant when  sum_k s_k p_k z(F_k) = 0,  with
s_k = -1 for a conjugated field. For a Yukawa  L-bar H e_R  this is  -z_L + z_H + z_R = 0
(BCK21, below Eq. (24)); for the Froggatt-Nielsen operator of Eq. (31) with a flavon phi,
-z_L + z_H + z_R + n z_phi = 0. The same sums with hypercharges must vanish (checked, not solved),
and the number of SU(2) doublets must be even.

The conditions are solved exactly (sympy RREF). Which charges are eliminated follows the model's
``solve_for`` list, then a default preference (right-handed singlets before doublets, powers last).
The field-operator incidence structure is a networkx bipartite graph; its connected components say
which charges are tied together by which operators, and an inconsistent system is reported with a
minimal set of operators that cannot hold together. The graph is built when first needed (``zprime
check``, an inconsistent system), so a plain derivation does not import networkx.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from ..model.charges import as_expr

from ..exceptions import ModelError

_PREFERENCE = {"eR": 0, "nuR": 1, "uR": 2, "dR": 3, "singlet": 4, "L": 5, "Q": 6, "doublet": 7}


@dataclass(frozen=True)
class Invariance:
    """Result of solving the invariance conditions."""

    conditions: dict  #: operator name -> linear expression in charges that must vanish
    solution: dict  #: eliminated symbol -> expression in the free symbols
    free_charges: tuple  #: charge/power symbols left free
    operators: tuple = ()  #: the declared operators (for the incidence graph)

    def substitute(self, expr):
        return as_expr(expr).xreplace(self.solution) if self.solution else expr

    @functools.cached_property
    def graph(self):
        """networkx bipartite graph: nodes ("op", name) and ("sym", name) / ("field", name)."""
        return incidence_graph(self.operators, self.conditions)

    @functools.cached_property
    def components(self) -> tuple:
        """Per connected component of :attr:`graph`: (operator names, charge symbol names)."""
        return graph_components(self.graph)


def incidence_graph(operators, conditions):
    """Bipartite graph of operators and the fields and charge symbols each one involves."""
    import networkx as nx  # only here: a plain derivation never needs the graph

    graph = nx.Graph()
    for op in operators:
        graph.add_node(("op", op.name), bipartite=0)
        for f in op.factors:
            graph.add_node(("field", f.field), bipartite=1)
            graph.add_edge(("op", op.name), ("field", f.field))
        for sym in conditions[op.name].free_symbols:
            graph.add_node(("sym", sym.name), bipartite=1)
            graph.add_edge(("op", op.name), ("sym", sym.name))
    return graph


def graph_components(graph) -> tuple:
    """(operator names, symbol names) of each connected component, sorted."""
    import networkx as nx

    out = []
    for comp in nx.connected_components(graph):
        ops = sorted(n for kind, n in comp if kind == "op")
        syms = sorted(n for kind, n in comp if kind == "sym")
        out.append((tuple(ops), tuple(syms)))
    return tuple(sorted(out))


def operator_condition(model, op) -> sp.Expr:
    """The U(1)' charge sum of one operator (must vanish)."""
    charges = model.field_charges()
    return sp.expand(sum((-1 if f.conjugate else 1) * f.power * charges[f.field] for f in op.factors))


def _check_quantum_numbers(model, op) -> None:
    hyp = model.field_hypercharges()
    su2 = model.field_su2()
    ysum = 0
    ndoublets = 0
    for f in op.factors:
        if not f.power.is_Integer:
            if hyp[f.field] != 0 or su2[f.field] != 1:
                raise ModelError(model.source, f"operators.{op.name}",
                                 f"symbolic power {f.power} on {f.field}, which is not a neutral SU(2) singlet")
            continue
        ysum += (-1 if f.conjugate else 1) * f.power * hyp[f.field]
        ndoublets += f.power * (su2[f.field] == 2)
    if ysum != 0:
        raise ModelError(model.source, f"operators.{op.name}",
                         f"not hypercharge invariant: the hypercharges of {op.describe()} add up to {ysum}, not 0 "
                         "(check which fields are conjugated, marked with ~)")
    if ndoublets % 2:
        raise ModelError(model.source, f"operators.{op.name}",
                         f"{op.describe()} has an odd number of SU(2) doublets and cannot be an SU(2) singlet")


def _unknown_order(model, unknowns):
    """Order unknowns so that the preferred-to-eliminate come first (they become RREF pivots)."""
    kind_of = {}
    for f in model.fermions:
        for s in f.charge.free_symbols:
            kind_of.setdefault(s, _PREFERENCE[f.kind])
    for s in model.scalars:
        for sym in s.charge.free_symbols:
            kind_of.setdefault(sym, _PREFERENCE[s.rep])
    explicit = {sym: k for k, sym in enumerate(model.solve_for)}

    def key(sym):
        if sym in explicit:
            return (0, explicit[sym], sym.name)
        return (1, kind_of.get(sym, 99), sym.name)

    return sorted(unknowns, key=key)


def _solve(equations, unknowns):
    """RREF solve of a linear system; returns (solution dict, free symbols) or None if inconsistent."""
    if not equations:
        return {}, tuple(unknowns)
    if not unknowns:
        return (None if any(eq != 0 for eq in equations) else ({}, ()))
    A, b = sp.linear_eq_to_matrix(equations, unknowns)
    aug = A.row_join(b)
    rref, pivots = aug.rref()
    ncol = len(unknowns)
    if ncol in pivots:
        return None
    solution = {}
    free = [u for k, u in enumerate(unknowns) if k not in pivots]
    for row, col in enumerate(pivots):
        expr = rref[row, ncol] - sum(rref[row, k] * unknowns[k] for k in range(ncol) if k != col)
        solution[unknowns[col]] = sp.expand(expr)
    return solution, tuple(free)


def _minimal_conflict(model, names, conditions, unknowns):
    """Deletion filter: a minimal subset of operators whose conditions are inconsistent."""
    keep = list(names)
    for name in list(keep):
        trial = [n for n in keep if n != name]
        if _solve([conditions[n] for n in trial], unknowns) is None:
            keep = trial
    return keep


def solve_invariance(model) -> Invariance:
    """Solve the invariance conditions of all declared operators of a model.

    Raises ModelError naming the operators involved when they cannot all be invariant, or an
    operator whose condition is not linear in the charges.
    """
    conditions = {}
    for op in model.operators:
        _check_quantum_numbers(model, op)
        cond = operator_condition(model, op)
        conditions[op.name] = cond
        if cond.free_symbols and sp.Poly(cond, *sorted(cond.free_symbols, key=str)).total_degree() > 1:
            raise ModelError(model.source, f"operators.{op.name}",
                             f"the invariance condition {cond} = 0 is not linear in the charges "
                             "(a symbolic power multiplies a symbolic charge): fix one of them to a number")
    unknowns = _unknown_order(model, set().union(*(c.free_symbols for c in conditions.values())) if conditions else set())
    result = _solve(list(conditions.values()), unknowns)
    if result is None:
        for ops, _ in graph_components(incidence_graph(model.operators, conditions)):
            if _solve([conditions[n] for n in ops], unknowns) is None:
                culprits = _minimal_conflict(model, ops, conditions, unknowns)
                detail = "; ".join(f"{n}: {conditions[n]} = 0" for n in culprits)
                what = (f"operator {culprits[0]} cannot be" if len(culprits) == 1
                        else f"operators {', '.join(culprits)} cannot all be")
                raise ModelError(model.source, "operators", f"{what} U(1)' invariant ({detail})")
        raise ModelError(model.source, "operators", "the operators' invariance conditions are inconsistent")
    solution, _ = result
    charge_symbols = set().union(*(as_expr(z).free_symbols for z in model.field_charges().values()),
                                 *(f.power.free_symbols for op in model.operators for f in op.factors))
    free = tuple(sorted(charge_symbols - set(solution), key=lambda s: s.name))
    return Invariance(conditions, solution, free, tuple(model.operators))
