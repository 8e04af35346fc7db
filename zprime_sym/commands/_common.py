"""Argument helpers shared by several subcommands (mass with unit, coupling flags, data set)."""
from __future__ import annotations

import argparse
import json

from ..model.couplings import COUPLING_NAMES
from ..units import check_mass, parse_energy


def add_point_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--m-zp 20MeV`` and one ``--CV_e``-style flag per coupling (default 0)."""
    parser.add_argument("--m-zp", required=True, help="Z' mass with unit, e.g. 20MeV or 1.2GeV")
    for name in COUPLING_NAMES:
        parser.add_argument(f"--{name}", type=float, default=0.0, metavar="C", help=f"coupling {name} (default 0)")


def read_point(args: argparse.Namespace) -> tuple[float, dict[str, float]]:
    """Return (m_Z' in GeV, {coupling name: value}) from parsed arguments; validates the mass."""
    m_zp = check_mass(parse_energy(args.m_zp, what="--m-zp"), what="--m-zp")
    couplings = {name: float(getattr(args, name)) for name in COUPLING_NAMES}
    return m_zp, couplings


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--data NAME`` (a shipped measurement set or a path to a set file)."""
    parser.add_argument("--data", default="bck2021-cs", help="measurement set name or TOML path (default bck2021-cs)")


def print_json(obj) -> None:
    print(json.dumps(obj, indent=2, sort_keys=False))
