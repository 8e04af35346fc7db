"""``zprime constraints``: list the experimental constraints, or check one parameter point.

    zprime constraints [--json] [--projections] [--table PATH ...]
    zprime constraints check --m-zp 20MeV --CA_e 2e-4 [--json] [--projections] [--table PATH ...]
    zprime constraints check --susy-point BP1|FILE.slha [--json] ...

``check`` prints, per constraint, the ratio predicted/limit (<= 1 passes; 0 = does not apply) and
PASS/FAIL, then the searches that apply at the point but are not encoded
(zprime_sym.constraints.gaps: light-Z' searches through quarks, LHC dilepton and dijet resonances, LEP-II
fermion pairs); with --json a list of {name, arxiv, ratio, passed}. ``--susy-point`` takes m_Z' and the
couplings of a SUSY L_mu-L_tau point, slepton loops in the kinetic mixing included
(zprime_sym.susy.generic_point; docs/susy.md).
"""
from __future__ import annotations

import argparse
import math
import re
from typing import Any

from ..constraints import all_constraints, evaluate_all
from ..constraints.gaps import GAPS, gap_lines
from ..viability.limit_text import ratio_text
from ..units import to_mev
from ._common import add_point_arguments, print_json, read_point


def _add_common(parser: argparse.ArgumentParser, *, inherited: bool = False) -> None:
    """The shared options. On the ``check`` subparser the flags default to SUPPRESS and the tables go
    to ``check_table``, so options given before ``check`` (``zprime constraints --table T check ...``)
    are kept and combined with those given after it."""
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if inherited else {}
    parser.add_argument("--json", action="store_true", help="print one JSON document", **default)
    parser.add_argument("--projections", action="store_true", help="include future reaches (Belle-II, NA64-LS2)",
                        **default)
    parser.add_argument("--table", action="append", metavar="PATH", default=[],
                        dest="check_table" if inherited else "table",
                        help="add a user limit table (format: docs/constraints.md); repeatable")


def _tables(args) -> list:
    return list(getattr(args, "table", [])) + list(getattr(args, "check_table", []))


_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+/\d{7})$")


def citation(ref: str) -> str:
    """``1406.2980`` -> ``arXiv:1406.2980``; ``PLB 302 (1993) 351; 1803.00060`` -> ``PLB 302 (1993) 351;
    arXiv:1803.00060`` (journal references stay as written)."""
    parts = [p.strip() for p in str(ref).split(";")]
    return "; ".join(f"arXiv:{p}" if _ARXIV.match(p) else p for p in parts if p)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("constraints", help="list experimental constraints or check a point against them",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_common(parser)
    parser.set_defaults(handler=run, action="list")
    sub = parser.add_subparsers(dest="action")
    check = sub.add_parser("check", help="evaluate every constraint at one point")
    add_point_arguments(check, susy_point=True)
    _add_common(check, inherited=True)
    check.set_defaults(handler=run, action="check")


def _fmt_range(summary) -> str:
    lo, hi = summary["mass_range_MeV"]
    return f"{lo:g}-{'inf' if hi is None else f'{hi:g}'} MeV"


def _list(args) -> int:
    cons = all_constraints(args.projections, _tables(args))
    if args.json:
        print_json([c.summary() for c in cons])
        return 0
    for c in cons:
        s = c.summary()
        cl = "n/a" if c.cl is None else f"{c.cl:.3g}"
        flag = " [projection]" if c.projection else ""
        print(f"{c.name:26s} {c.experiment} ({citation(c.arxiv)}), CL {cl}, {_fmt_range(s)}{flag}")
        print(f"{'':26s} {c.description}")
    print("not encoded (`zprime constraints check` names them at the points where they apply):")
    for gap in GAPS:
        print(f"{gap.name:26s} {gap.text()}")
    return 0


def _check(args) -> int:
    m_zp, couplings = read_point(args)
    cons = all_constraints(args.projections, _tables(args))
    if args.susy_point is not None and not args.json:
        nonzero = ", ".join(f"{k} = {v:.6g}" for k, v in couplings.items() if v != 0.0)
        print(f"SUSY point {args.susy_point} (susy_lmu_ltau, lepton + slepton loop mixing): {nonzero}")
    ratios = evaluate_all(m_zp, couplings, constraints=cons)
    rows = []
    for c in cons:
        r = float(ratios[c.name])
        rows.append({"name": c.name, "arxiv": c.arxiv, "ratio": r if math.isfinite(r) else None,
                     "passed": bool(r <= 1.0), "projection": c.projection})
    failed = [r["name"] for r in rows if not r["passed"] and not r["projection"]]
    status = 1 if failed else 0  # a point excluded by a current (non-projection) constraint: exit 1
    if args.json:
        print_json(rows)
        return status
    print(f"m_Z' = {to_mev(m_zp):g} MeV; ratio = predicted/limit (<= 1 passes, 0 = not applicable)")
    for row in rows:
        verdict = "pass" if row["passed"] else "FAIL"
        flag = " [projection]" if row["projection"] else ""
        shown = "not finite" if row["ratio"] is None else ratio_text(float(row["ratio"]))
        print(f"{row['name']:26s} {shown:>10s}  {verdict}{flag}")
    print(f"excluded by: {', '.join(map(str, failed))}" if failed else "allowed by every current constraint")
    for line in gap_lines(float(m_zp), couplings):  # searches that apply here but are not encoded
        print(line)
    return status


def run(args) -> int:
    return _check(args) if args.action == "check" else _list(args)
