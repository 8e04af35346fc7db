"""``zprime plot``: exclusion plot of a model on an (m_Z', |Y|) plane, BCK21 Figs. 2-4 style.

Examples (BCK21 Fig. 2(a) and Fig. 4)::

    zprime plot model_independent --plane m_zp,CA_e --solve CV_e:a_e=-1sigma --y-range 1e-5,1e-2 \\
        --grid 300x2000 -o fig2a.png
    zprime plot model_independent --plane m_zp,CV_e --tie "CA_e=-1e-8/CV_e" \\
        --tie "CV_mu=CV_e+1e-8/CV_e" --data bck2021-rb -o fig4.png

Syntax of --fix, --tie, --solve, --profile: see docs/plot.md (or zprime_sym/plot/spec.py); the
allowed strip of Fig. 2(a) is 0.5% wide in C_Ae, hence the fine grid; docs/gallery.md has every figure.
With --json a summary of the regions (fractions of the plane excluded by each constraint, the
allowed mass range) is printed as one JSON document.
"""
from __future__ import annotations

import argparse

import numpy as np

from ..plot.regions import DEFAULT_MASS_RANGE, DEFAULT_Y_RANGE, compute_regions
from ._common import add_data_argument, add_doublet_limit, apply_doublet_limit, positive_finite, print_json


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "plot", help="exclusion plot on an (m_Z', coupling or parameter) plane (needs matplotlib)",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="shipped model name or path to a model TOML file")
    parser.add_argument("--plane", required=True, help="m_zp,Y with Y a coupling (CA_e, ...) or a model parameter")
    parser.add_argument("--fix", action="append", default=[], metavar="NAME=VALUE[,...]",
                        help="hold couplings/parameters at values (unset couplings are 0); repeatable")
    parser.add_argument("--tie", action="append", default=[], metavar="NAME=EXPR",
                        help="NAME computed from an arithmetic expression, e.g. 'CA_e=-1e-8/CV_e'; repeatable")
    parser.add_argument("--solve", action="append", default=[], metavar="NAME:a_L=TARGET",
                        help="choose NAME so Delta a_L hits TARGET (-1sigma, +1sigma, exact, number); optional :neg")
    parser.add_argument("--profile", default=None, metavar="NAME=LO:HI[:N[:log|lin]]",
                        help="scan NAME; a point is excluded only if every value is excluded or fails g-2")
    add_data_argument(parser)
    parser.add_argument("--sigma", type=float, default=1.0, help="width of the g-2 bands in sigma (default 1)")
    parser.add_argument("--mass-range", default=DEFAULT_MASS_RANGE, help=f"m_Z' axis (default {DEFAULT_MASS_RANGE})")
    parser.add_argument("--y-range", default=DEFAULT_Y_RANGE, help=f"|Y| axis (default {DEFAULT_Y_RANGE})")
    parser.add_argument("--negative", action="store_true", help="take Y < 0 (the axis shows |Y|)")
    parser.add_argument("--grid", default="200", help="points per axis, N or NXxNY (default 200)")
    parser.add_argument("--bands", default=None, help="leptons whose g-2 must hold: e,mu | e | mu | none "
                        "(default: those with a non-zero C_V or C_A)")
    parser.add_argument("--table", action="append", default=[], metavar="PATH", help="add a user limit table")
    parser.add_argument("--title", default=None, help="plot title (default: model and data set)")
    parser.add_argument("--dpi", type=int, default=300, help="resolution of PNG output (default 300; PDF/SVG are vector)")
    parser.add_argument("-o", "--output", default=None, help="output file: .pdf or .svg (vector) or .png")
    parser.add_argument("--json", action="store_true", help="print a JSON summary of the regions")
    parser.add_argument("--max-points", type=int, default=None, metavar="N",
                        help="refuse a grid x profiled values above N points (default 1e7)")
    add_doublet_limit(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..exceptions import InputError
    from ..plot.draw import FORMATS, _matplotlib, draw

    if args.output is None and not args.json:
        raise InputError("give an output file with -o FILE.pdf|svg|png (or --json for the data only)")
    if args.output is not None and not str(args.output).lower().endswith(tuple(f".{f}" for f in FORMATS)):
        raise InputError(f"-o {args.output}: unsupported format; use .pdf, .svg or .png")
    if args.dpi <= 0 or args.dpi > 1200:
        raise InputError(f"--dpi {args.dpi}: must be between 1 and 1200")
    from pathlib import Path

    from ..plot.spec import MAX_WORK_POINTS, check_work, parse_grid, parse_profile

    args.sigma = positive_finite(args.sigma, "--sigma")
    if args.output is not None:
        parent = Path(args.output).resolve().parent
        if not parent.is_dir():
            raise InputError(f"-o {args.output}: directory {parent} does not exist")
        if Path(args.output).is_dir():
            raise InputError(f"-o {args.output}: is a directory; give a file name ending in .pdf, .svg or .png")
    nx, ny = parse_grid(args.grid)
    n_profile = len(parse_profile(args.profile).values) if args.profile else 1
    check_work(nx, ny, n_profile, args.max_points if args.max_points is not None else MAX_WORK_POINTS)
    apply_doublet_limit(args)
    if args.output is not None:
        _matplotlib()  # a missing matplotlib is reported (exit 3) before the regions are computed
    regions = compute_regions(
        args.model, args.plane, fix=args.fix, tie=args.tie, solve=args.solve, profile=args.profile,
        data=args.data, sigma=args.sigma, mass_range=args.mass_range, y_range=args.y_range, grid=args.grid,
        negative=args.negative, bands=args.bands, user_tables=args.table)
    if args.output is not None:
        draw(regions, args.output, title=args.title, dpi=args.dpi)
    if args.json:
        summary = regions.summary()
        summary["output"] = args.output
        print_json(summary)
    else:
        rng = regions.allowed_mass_range_MeV()
        where = "none on this grid" if rng is None else f"{rng[0]:.4g}-{rng[1]:.4g} MeV"
        condition = (f"all constraints + g-2 within {args.sigma:g} sigma" if regions.required_leptons
                     else "all constraints, no g-2 condition")
        print(f"wrote {args.output}; allowed region ({condition}): {where}")
        note = mass_note(regions)
        if note:
            print(note)
        note = gap_note(regions)
        if note:
            print(note)
    return 0


def gap_note(regions) -> str:
    """One line naming the searches that apply on part of the allowed region but are not encoded
    (zprime_sym.constraints.gaps), with the m_Z' span they touch, or ""."""
    if not regions.not_evaluated:
        return ""
    parts = []
    for name, mask in regions.not_evaluated.items():
        lo, hi = regions.mass_range_MeV(mask)  # a gap mask here is never empty (regions.py keeps only those)
        parts.append(f"{name} ({lo:.4g}-{hi:.4g} MeV)")
    return ("not evaluated on part of the allowed region, searches that apply there but are not encoded: "
            + ", ".join(parts) + " (docs/constraints.md; `zprime constraints check` names them at a point)")


def mass_note(regions) -> str:
    """One line on how the plane's m_Z' relates to the model (regions.py, "The model's mass"), or ""."""
    off = 0.0 if regions.off_model is None else float(regions.off_model.mean())
    if regions.mass_kind == "derived":
        text = "m_Z' follows from the plotted parameters (no free VEV sets it): the model is "
        if off < 1.0:
            return text + "the line drawn on the plane, and the allowed region is on that line only"
        masses = regions.model_mass_GeV
        span = "" if masses is None or not np.isfinite(masses).any() else (
            f" (its m_Z' is {1e3 * np.nanmin(masses):.4g}-{1e3 * np.nanmax(masses):.4g} MeV over this plane)")
        return text + f"a line that does not cross this plane{span}; widen --mass-range or --y-range"
    if regions.mass_kind == "coordinate" and off > 0:
        return (f"m_Z' replaces {regions.mass_param} as a coordinate; {100 * off:.3g}% of the plane (hatched) is not "
                f"in the model: there m_Z'^2 = A + B {regions.mass_param}^2 would need {regions.mass_param}^2 < 0")
    return ""
