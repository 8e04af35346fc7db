"""``zprime check MODEL``: invariance and anomaly report; exit 1 if an operator is not invariant."""
from __future__ import annotations

import sys

from ..exceptions import ModelError
from ..model.loader import load_model
from ..derive.anomalies import anomaly_coefficients
from ..derive.invariance import solve_invariance
from ._common import add_doublet_limit, apply_doublet_limit


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="check operator invariance and report anomaly coefficients")
    p.add_argument("model")
    add_doublet_limit(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    apply_doublet_limit(args)
    model = load_model(args.model)
    print(f"model: {model.name}  ({model.source})")
    if model.kind == "effective":
        print("effective model: no charges to check")
        return 0
    try:
        inv = solve_invariance(model)
    except ModelError as err:
        print(f"NOT INVARIANT: {err.problem}", file=sys.stderr)
        return 1
    print("operators (all invariant once the charges below are imposed):")
    for name, cond in inv.conditions.items():
        print(f"  {name}: {cond} = 0" if cond != 0 else f"  {name}: invariant for any charges")
    for k, v in inv.solution.items():
        print(f"  => {k} = {v}")
    print(f"free charges: {', '.join(s.name for s in inv.free_charges) or '(none)'}")
    for ops, syms in inv.components:
        if ops:
            print(f"  tied together: charges {', '.join(syms) or '(numbers only)'} by {', '.join(ops)}")
    print("anomaly coefficients:")
    for k, v in anomaly_coefficients(model, inv.substitute).items():
        print(f"  {k:12s} {v}{'   (cancels)' if v == 0 else ''}")
    return 0
