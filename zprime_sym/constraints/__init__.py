"""Experimental and observational constraints on Z'-lepton couplings (BCK21 Section III).

Public API::

    from zprime_sym.constraints import all_constraints, evaluate_all, register_table, Constraint
    ratios = evaluate_all(m_zp_GeV, {"CA_e": 2e-4, "CV_mu": 1e-3})   # name -> ratio array (<= 1 allowed)

See ``base.py`` for the ratio convention and docs/constraints.md for every constraint.
"""
from .base import Constraint, Points, band_ratio, prepare_point
from .registry import all_constraints, current_constraints, evaluate_all, load_user_constraint, projections, register_table
from .tables import LimitTable, load_table, parse_table

__all__ = [
    "Constraint", "LimitTable", "Points", "all_constraints", "band_ratio", "current_constraints", "evaluate_all",
    "load_table", "load_user_constraint", "parse_table", "prepare_point", "projections", "register_table",
]
