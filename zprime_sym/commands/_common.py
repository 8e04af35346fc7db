"""Argument helpers shared by several subcommands (mass with unit, coupling flags, data set, limits).

Options are validated here, not by argparse ``type=`` hooks, so that a bad value gives the project's
one-line ``zprime: error: ...`` and exit 2 like every other bad input.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

from ..exceptions import InputError
from ..model.couplings import COUPLING_NAMES, QUARK_COUPLING_NAMES, nucleon_couplings
from ..units import check_mass, parse_energy

#: Largest |coupling| accepted on the command line: far beyond perturbativity (4 pi), small enough that
#: Delta a stays a finite double.
MAX_COUPLING = 4 * math.pi


def add_point_arguments(parser: argparse.ArgumentParser, *, susy_point: bool = False) -> None:
    """Add ``--m-zp 20MeV`` and one ``--CV_e``-style flag per coupling (default 0). With ``susy_point``
    also ``--susy-point BP1|FILE.slha`` (instead of the mass and couplings: :func:`read_point`)."""
    where = parser.add_mutually_exclusive_group(required=True) if susy_point else parser
    where.add_argument("--m-zp", required=not susy_point, help="Z' mass with unit, e.g. 20MeV or 1.2GeV")
    for name in COUPLING_NAMES:
        parser.add_argument(f"--{name}", type=float, default=0.0, metavar="C", help=f"coupling {name} (default 0)")
    quarks = parser.add_argument_group("quark and nucleon couplings (optional; CV_p, CV_n default to "
                                       "2 CV_u + CV_d, CV_u + 2 CV_d)")
    for name in QUARK_COUPLING_NAMES:
        quarks.add_argument(f"--{name}", type=float, default=None, metavar="C", help=f"coupling {name} (default 0)")
    if susy_point:
        where.add_argument("--susy-point", metavar="BP1|FILE.slha", default=None,
                            help="a SUSY L_mu-L_tau point (benchmark or SLHA2 input, docs/susy.md): m_Z' and the "
                                 "couplings of the susy_lmu_ltau model at its g_X, with the loop-induced kinetic "
                                 "mixing of the mu/tau leptons AND of its smuons/staus; replaces --m-zp and the "
                                 "coupling flags")


def read_susy_point(args: argparse.Namespace):
    """(m_Z' GeV, couplings, info) of ``--susy-point`` (zprime_sym.susy.generic_point), or None if not given.

    Refuses ``--m-zp`` or a coupling flag next to it (the point fixes both)."""
    point = getattr(args, "susy_point", None)
    if point is None:
        return None
    given = [f"--{n}" for n in COUPLING_NAMES if float(getattr(args, n)) != 0.0]
    given += [f"--{n}" for n in QUARK_COUPLING_NAMES if getattr(args, n, None) is not None]
    if given:
        raise InputError(f"--susy-point fixes m_Z' and the couplings; drop {', '.join(given)}")
    from ..susy.generic_point import susy_point_couplings

    return susy_point_couplings(point)


def read_point(args: argparse.Namespace) -> tuple[float, dict[str, float]]:
    """Return (m_Z' in GeV, {coupling name: value}) from parsed arguments; validates mass and couplings.

    With ``--susy-point`` (:func:`add_point_arguments`): the point's m_Z' and couplings."""
    susy = read_susy_point(args)
    if susy is not None:
        return susy[0], susy[1]
    m_zp = check_mass(parse_energy(args.m_zp, what="--m-zp"), what="--m-zp")
    couplings = {}
    for name in COUPLING_NAMES:
        value = float(getattr(args, name))
        if not math.isfinite(value) or abs(value) > MAX_COUPLING:
            raise InputError(f"--{name} {value!r}: a coupling must be finite with |C| <= 4 pi")
        couplings[name] = value
    quarks = {n: getattr(args, n, None) for n in QUARK_COUPLING_NAMES}
    for name, given in quarks.items():
        if given is None:
            continue
        q = float(given)
        if not math.isfinite(q) or abs(q) > MAX_COUPLING:
            raise InputError(f"--{name} {q!r}: a coupling must be finite with |C| <= 4 pi")
        couplings[name] = q
    if any(v is not None for v in quarks.values()):  # the nucleons follow from u and d unless given
        cv_p, cv_n = nucleon_couplings(couplings.get("CV_u", 0.0), couplings.get("CV_d", 0.0))
        couplings.setdefault("CV_p", cv_p)
        couplings.setdefault("CV_n", cv_n)
    return m_zp, couplings


def positive_finite(value, option: str) -> float:
    """``value`` as a float if finite and > 0, else InputError naming the option."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{option} {value!r}: expected a number") from None
    if not math.isfinite(x) or x <= 0:
        raise InputError(f"{option} {value!r}: must be a finite positive number")
    return x


def int_in_range(value, option: str, low: int, high: int, *, override: str | None = None, cost: str = "") -> int:
    """``value`` if an integer in [low, high]; above ``high`` the message names the cost and the override."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{option} {value!r}: expected an integer")
    if value < low:
        raise InputError(f"{option} {value}: must be at least {low}")
    if value > high:
        hint = f"; pass {override} {value} to run anyway" if override else ""
        raise InputError(f"{option} {value}: more than the limit of {high}{(' (' + cost + ')') if cost else ''}{hint}")
    return value


def add_doublet_limit(parser: argparse.ArgumentParser) -> None:
    """``--max-doublets N``: refuse models with more Higgs doublets up front (derivation cost ~ N^3)."""
    from ..model.limits import DEFAULT_MAX_DOUBLETS  # not the loader: it imports sympy

    parser.add_argument("--max-doublets", type=int, default=None, metavar="N",
                        help=f"refuse models with more than N Higgs doublets with VEVs (default {DEFAULT_MAX_DOUBLETS}; "
                             "the derivation grows as N^3)")


def apply_doublet_limit(args: argparse.Namespace) -> None:
    if getattr(args, "max_doublets", None) is not None:
        from ..model import loader  # only then: loading it imports sympy, which a cached `derive` never needs

        loader.set_max_doublets(int_in_range(args.max_doublets, "--max-doublets", 1, 10**6))


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--data NAME`` (a shipped measurement set or a path to a set file)."""
    parser.add_argument("--data", default="bck2021-cs", help="measurement set name or TOML path (default bck2021-cs)")


def print_json(obj) -> None:
    """Strict JSON on stdout: a non-finite number becomes null, with a one-line warning on stderr."""
    from ..textio import finite_json

    clean, bad = finite_json(obj)
    if bad:
        print(f"zprime: warning: non-finite value(s) written as null: {', '.join(bad[:5])}"
              f"{' ...' if len(bad) > 5 else ''}", file=sys.stderr)
    print(json.dumps(clean, indent=2, sort_keys=False, allow_nan=False))
