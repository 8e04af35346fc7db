"""``zprime verdict MODEL [--data NAME] [--sigma N] [--json]``: can the model explain both g-2 values?"""
from __future__ import annotations

from ..units import parse_energy
from ..viability.verdict import verdict
from ._common import (add_data_argument, add_doublet_limit, apply_doublet_limit, int_in_range, positive_finite,
                      print_json)

#: Default most masses on the search grid; each costs ~0.1-1 s of differential evolution.
MAX_MASSES = 400


def add_parser(sub) -> None:
    p = sub.add_parser("verdict", help="search a model for a point explaining g-2 and passing every constraint")
    p.add_argument("model", help="model file or shipped model name")
    add_data_argument(p)
    p.add_argument("--sigma", type=float, default=1.0, help="agreement required with each g-2 value (default 1)")
    p.add_argument("--mass-range", default="1MeV,10GeV", help="m_Z' search range, e.g. 1MeV,1GeV")
    p.add_argument("--masses", type=int, default=25, help="number of log-spaced masses (default 25)")
    p.add_argument("--only", choices=["e", "mu"], help="explain only this lepton's g-2")
    p.add_argument("--max-masses", type=int, default=MAX_MASSES, metavar="N",
                   help=f"refuse --masses above N (default {MAX_MASSES})")
    p.add_argument("--seed", type=int, default=0, help="non-negative seed of the search (default 0)")
    add_doublet_limit(p)
    p.add_argument("--projections", action="store_true", help="also apply future-reach projections")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def _fmt_couplings(c: dict) -> str:
    return ", ".join(f"{k} = {v:+.3e}" for k, v in c.items() if v != 0.0)


def run(args) -> int:
    sigma = positive_finite(args.sigma, "--sigma")
    args.sigma = sigma
    int_in_range(args.masses, "--masses", 1, args.max_masses, override="--max-masses",
                 cost=f"each mass is one search of about 0.1-1 s; {args.masses} masses, roughly "
                      f"{0.1 * args.masses:.0f}-{args.masses:.0f} s")
    int_in_range(args.seed, "--seed", 0, 2**63 - 1)
    apply_doublet_limit(args)
    lo, hi = (parse_energy(x, what="--mass-range") for x in args.mass_range.split(",", 1)) if "," in args.mass_range \
        else (None, None)
    if lo is None or hi is None:
        from ..exceptions import InputError

        raise InputError(f"--mass-range {args.mass_range!r}: give two masses separated by a comma, e.g. 1MeV,10GeV")
    if not 0 < lo < hi:
        from ..exceptions import InputError

        raise InputError(f"--mass-range {args.mass_range!r}: need 0 < LO < HI")
    v = verdict(args.model, data=args.data, sigma=args.sigma, mass_range_GeV=(lo, hi), n_masses=args.masses,
                seed=args.seed, targets=(args.only,) if args.only else ("e", "mu"), include_projections=args.projections)
    if args.json:
        print_json(v.to_json())
        return 0
    goal = " and ".join(f"(g-2)_{t}" for t in v.targets)
    print(f"model {v.model}, data set {v.data}: explain {goal} within {v.sigma:g} sigma, pass every constraint")
    print(f"searched m_Z' = {lo * 1e3:g} MeV - {hi * 1e3:g} MeV in the {v.n_independent}-dimensional coupling space "
          f"left by {len(v.relations)} relation(s); {v.evaluations} points evaluated in {v.seconds:.1f} s (seed {v.seed})")
    if v.viable:
        w = v.witness
        assert w is not None  # a viable verdict always carries its witness
        print(f"VIABLE for m_Z' in {', '.join(f'[{a:.3g}, {b:.3g}]' for a, b in v.windows_MeV)} MeV")
        print(f"witness (re-evaluated from scratch): m_Z' = {w['m_zp_MeV']:.4g} MeV")
        print(f"  parameters: {_fmt_couplings(w['parameters'])}")
        print(f"  couplings:  {_fmt_couplings(w['couplings'])}")
        print(f"  Delta a_e = {w['delta_a']['e']:.3e} (pull {w['pulls']['e']:+.2f}), "
              f"Delta a_mu = {w['delta_a']['mu']:.3e} (pull {w['pulls']['mu']:+.2f})")
        ratio, name = w["max_constraint_ratio"]
        print(f"  largest constraint ratio: {ratio:.3f} ({name}; <= 1 allowed)")
    else:
        b = v.best
        print("NOT VIABLE")
        if b:
            print(f"best point found: m_Z' = {b['m_zp_MeV']:.4g} MeV, {_fmt_couplings(b['couplings'])}")
            if "parameters" in b:
                print("  parameters: " + (_fmt_couplings(b["parameters"]) if b["parameters"] is not None
                                          else "not recovered (no model parameters reproduce these couplings)"))
            print(f"  Delta a_e = {b['delta_a']['e']:.3e} (pull {b['pulls']['e']:+.2f}), "
                  f"Delta a_mu = {b['delta_a']['mu']:.3e} (pull {b['pulls']['mu']:+.2f})")
        else:
            print("no point was evaluated")
        for f in v.failures:
            print(f"  misses {f['name']}: ratio {f['ratio']:.3g}" + (f" ({f['detail']})" if "detail" in f else ""))
        if v.blocking_relations:
            print("blocked by the relation(s) below: keeping every other relation, dropping these allows a viable point")
            for r in v.blocking_relations:
                print(f"  {r} = 0")
        elif v.relations:
            print("relations of this model:")
            for r in v.relations:
                print(f"  {r} = 0")
    for n in v.notes:
        print(f"note: {n}")
    return 0
