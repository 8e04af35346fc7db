"""``zprime g2``: the one-loop Z' shifts Delta a_e, Delta a_mu, Delta a_tau at one point, with pulls.

Example: ``zprime g2 --m-zp 20MeV --CA_e 2e-4 --CV_mu 5e-4 --data bck2021-rb --json``.
``--susy-point BP1|FILE.slha``: the Z' loop at the couplings of a SUSY L_mu-L_tau point (slepton loops in the
kinetic mixing included; the SUSY loops themselves are ``zprime susy g2``).
"""
from __future__ import annotations

import argparse

from ..evaluate.g2 import delta_a_leptons
from ..evaluate.measurements import load_measurements, pulls
from ..units import to_mev
from ._common import add_data_argument, add_point_arguments, print_json, read_point


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "g2",
        help="one-loop Z' contribution to (g-2) of e, mu, tau and pulls against a measurement set",
        description="Delta a_l from BCK21 Eq. (7) at one (m_Z', couplings) point, and the pulls "
        "(predicted - measured)/sigma for e and mu against the chosen measurement set.",
    )
    add_point_arguments(parser, susy_point=True)
    add_data_argument(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    m_zp, couplings = read_point(args)
    mset = load_measurements(args.data)
    shifts = {fl: float(v) for fl, v in delta_a_leptons(m_zp, couplings).items()}
    pull = {fl: float(v) for fl, v in pulls(shifts, mset).items()}
    if args.json:
        print_json({
            "m_zp_GeV": m_zp,
            "couplings": couplings,
            "delta_a_e": shifts["e"],
            "delta_a_mu": shifts["mu"],
            "delta_a_tau": shifts["tau"],
            "pull_e": pull["e"],
            "pull_mu": pull["mu"],
            "data": {
                "name": mset.name,
                "description": mset.description,
                "delta_a_e": {"value": mset.delta_a_e, "sigma": mset.sigma_e, "source": mset.source("delta_a_e")},
                "delta_a_mu": {"value": mset.delta_a_mu, "sigma": mset.sigma_mu, "source": mset.source("delta_a_mu")},
            },
        })
        return 0
    nonzero = ", ".join(f"{k} = {v:.4g}" for k, v in couplings.items() if v != 0.0) or "all zero"
    print("Z' one-loop contribution to a_l = (g-2)_l/2   [BCK21 Eq. (7)]")
    print(f"  m_Z' = {to_mev(m_zp):.6g} MeV;  couplings: {nonzero}")
    print()
    print(f"  {'lepton':<7}{'Delta a (Z)':>14}{'measured':>14}{'sigma':>12}{'pull':>9}")
    for fl in ("e", "mu", "tau"):
        if fl == "tau":
            print(f"  {fl:<7}{shifts[fl]:>14.4e}{'-':>14}{'-':>12}{'-':>9}")
            continue
        measured, sigma = mset.value(fl)
        print(f"  {fl:<7}{shifts[fl]:>14.4e}{measured:>14.4e}{sigma:>12.2e}{pull[fl]:>+9.2f}")
    print()
    print("  pull = (Delta a_Z' - Delta a_measured) / sigma;  all Delta a dimensionless")
    print(f"  data set '{mset.name}': {mset.description}")
    print(f"    e : {mset.source('delta_a_e')}")
    print(f"    mu: {mset.source('delta_a_mu')}")
    return 0
