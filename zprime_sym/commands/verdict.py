"""``zprime verdict MODEL [--data NAME] [--sigma N] [--json] [--plot FILE.png]``: can the model explain g-2?

Exit codes: 0 viable, 1 not viable, 2 bad input (including an unbroken U(1)'), 3 matplotlib missing for --plot.
"""
from __future__ import annotations

import sys

from ..exceptions import InputError
from ..model.couplings import COUPLING_NAMES
from ..viability.limit_text import ratio_text
from ..units import parse_energy
from ..viability.verdict import verdict
from ._common import (add_data_argument, add_doublet_limit, apply_doublet_limit, int_in_range, positive_finite,
                      print_json)

#: Default most masses on the search grid (the default grid has 12 per decade).
MAX_MASSES = 400


def add_parser(sub) -> None:
    p = sub.add_parser("verdict", help="search a model's parameters for a point explaining g-2 and passing every "
                                       "constraint (exit 0 viable, 1 not viable)")
    p.add_argument("model", help="model file or shipped model name")
    add_data_argument(p)
    p.add_argument("--sigma", type=float, default=1.0, help="agreement required with each g-2 value (default 1)")
    p.add_argument("--mass-range", default=None,
                   help="m_Z' range, e.g. 1MeV,1GeV (intersected with what the model reaches; default 1MeV,10GeV, "
                        "and a model without free parameters at its own m_Z')")
    p.add_argument("--masses", type=int, default=None, help="number of log-spaced masses (default 12 per decade)")
    p.add_argument("--only", choices=["e", "mu"], help="explain only this lepton's g-2")
    p.add_argument("--max-masses", type=int, default=MAX_MASSES, metavar="N",
                   help=f"refuse --masses above N (default {MAX_MASSES})")
    p.add_argument("--seed", type=int, default=0, help="ignored: the search is deterministic (kept for scripts)")
    add_doublet_limit(p)
    p.add_argument("--projections", action="store_true", help="also apply future-reach projections")
    p.add_argument("--plot", metavar="FILE.png", help="draw the best chi2 and largest constraint ratio against m_Z'")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def _fmt(c: dict) -> str:
    return ", ".join(f"{k} = {v:+.4e}" for k, v in c.items() if v != 0.0) or "all zero"


def _point(label: str, b: dict | None) -> None:
    if b is None:
        print(f"{label}: none (no point was evaluated)")
        return
    print(f"{label}: m_Z' = {b['m_zp_MeV']:.4g} MeV ({b['mass_from']}; search point {b['m_zp_LO_MeV']:.4g} MeV at "
          "leading order)")
    print("  parameters: " + (_fmt(b["parameters"]) if b["parameters"] else "none free (the fixed values are above)"))
    leptons = {k: v for k, v in b["couplings"].items() if k in COUPLING_NAMES}
    nucleons = {k: v for k, v in b["couplings"].items() if k in ("CV_p", "CV_n")}
    print(f"  couplings:  {_fmt(leptons)}")
    quarks = {k: v for k, v in b["couplings"].items() if k not in leptons and k not in nucleons and v != 0.0}
    if quarks:  # non-zero quark couplings (all of them are in --json), e.g. for --CV_u ... of constraints check
        print(f"  quarks:     {_fmt(quarks)}")
    if any(v != 0.0 for v in nucleons.values()):
        print(f"  nucleons:   {_fmt(nucleons)}")
    print(f"  Delta a_e = {b['delta_a']['e']:.3e} (pull {b['pulls']['e']:+.2f}), "
          f"Delta a_mu = {b['delta_a']['mu']:.3e} (pull {b['pulls']['mu']:+.2f}), chi2(e, mu) = {b['chi2']:.3g}")
    if b.get("rho") is not None:
        r = b["rho"]
        print(f"  rho - 1 = {r['rho_minus_1']:+.3e} ({r['from']}), rho0_ew_fit ratio {ratio_text(r['ratio'])} (<= 1 allowed)")
    if b.get("z_pole") is not None:
        z = b["z_pole"]
        print(f"  Z-Z' angle sin(phi) = {z['sin_phi']:+.3e}: z_pole_widths ratio {ratio_text(z['ratio'])} (<= 1 allowed; "
              + ", ".join(f"{k} {ratio_text(x)}" for k, x in z["ratios"].items()) + ")")
    ratio, name = b["max_constraint_ratio"]
    print(f"  largest constraint ratio: {ratio_text(ratio)} ({name}; <= 1 allowed)")


def run(args) -> int:
    sigma = positive_finite(args.sigma, "--sigma")
    args.sigma = sigma
    if args.masses is not None:
        int_in_range(args.masses, "--masses", 1, args.max_masses, override="--max-masses",
                     cost=f"{args.masses} masses on the search grid")
    int_in_range(args.seed, "--seed", 0, 2**63 - 1)
    apply_doublet_limit(args)
    mass_range = None
    if args.mass_range is not None:
        if "," not in args.mass_range:
            raise InputError(f"--mass-range {args.mass_range!r}: give two masses separated by a comma, e.g. 1MeV,10GeV")
        mass_range = tuple(parse_energy(x, what="--mass-range") for x in args.mass_range.split(",", 1))
        if not 0 < mass_range[0] < mass_range[1]:
            raise InputError(f"--mass-range {args.mass_range!r}: need 0 < LO < HI")
    if args.plot:
        from ..exceptions import DependencyError
        from ..plot.verdict_plot import require_matplotlib

        try:
            require_matplotlib()  # exit 3 before the search if the optional extra is missing
        except DependencyError as err:
            print(f"zprime: error: {err}", file=sys.stderr)
            return 3
    v = verdict(args.model, data=args.data, sigma=args.sigma, mass_range_GeV=mass_range, n_masses=args.masses,
                seed=args.seed, targets=(args.only,) if args.only else ("e", "mu"), include_projections=args.projections)
    if args.plot:
        from ..plot.verdict_plot import plot_verdict

        plot_verdict(v, args.plot)
    code = 0 if v.viable else 1
    if args.json:
        print_json(v.to_json())
        return code
    goal = " and ".join(f"(g-2)_{t}" for t in v.targets)
    print(f"model {v.model}, data set {v.data}: explain {goal} within {v.sigma:g} sigma, pass every constraint")
    free = [p for p in v.parameters if not p["fixed"]]
    fixed = [p for p in v.parameters if p["fixed"]]
    print("parameters searched: " + (", ".join(p["name"] + (f" ({p['note']})" if "note" in p else "") for p in free)
                                     or "none (the model is fully numeric)"))
    if fixed:
        print("fixed by the model file: " + ", ".join(
            f"{p['name']} = {p['value']:g}" if isinstance(p["value"], (int, float)) else f"{p['name']} {p['value']}"
            if p["value"] == "loop-induced" else f"{p['name']} = {p['value']}" for p in fixed))
    if v.evaluations == 0 and v.best is None:  # decided without a search (the notes say why)
        print(f"{v.mass_mode}; mass range {v.searched_MeV[0]:.4g}-{v.searched_MeV[1]:.4g} MeV; no point of the model "
              "in the targeted g-2 window, nothing evaluated")
    else:
        print(f"{v.mass_mode}; masses reached {v.searched_MeV[0]:.4g}-{v.searched_MeV[1]:.4g} MeV; "
              f"{v.evaluations} points in {v.search_seconds:.2f} s ({v.points_per_second:.3g} points/s); "
              f"window edges to a factor {v.resolution:.4f} in m_Z'")
    if v.viable:
        print(f"VIABLE for m_Z' in {', '.join(f'[{a:.4g}, {b:.4g}]' for a, b in v.windows_MeV)} MeV (leading order)")
        _point("witness (re-evaluated from scratch, exact diagonalisation)", v.witness)
    else:
        print("NOT VIABLE")
        _point("best point found (re-evaluated from scratch)", v.best)
        for f in v.failures:
            print(f"  misses {f['name']}: ratio {ratio_text(f['ratio'])}" + (f" ({f['detail']})" if "detail" in f else ""))
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
    if args.plot:
        print(f"wrote {args.plot}")
    return code
