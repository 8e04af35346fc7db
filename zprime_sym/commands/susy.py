"""``zprime susy``: tree-level spectrum and one-loop g-2 of a SUSY L_mu - L_tau point.

    zprime susy spectrum BP1|FILE.slha [--json | --slha] [--verbose]
    zprime susy g2 BP1|FILE.slha [--json] [--zprime-formula standard|printed-eq3.6] [--verbose]

A point is one of the shipped benchmarks BP1..BP4 (BDR20 Table 3) or an SLHA2 input file
(format: docs/susy.md, zprime_sym/susy/slha.py). Masses in GeV. ``--verbose`` prints to stderr
whether the compiled mass matrices came from the on-disk cache (zprime_sym/diskcache.py).
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np

from ._common import print_json
from ..susy.g2 import delta_a_susy, delta_a_zprime
from ..susy.params import FLAVOURS, compute_spectrum
from ..susy.slha import BENCHMARKS, read_slha, write_slha


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("susy", help="SUSY L_mu - L_tau spectrum and g-2 of a point")
    parser.set_defaults(handler=run)
    sub = parser.add_subparsers(dest="susy_command", required=True)
    for name, helptext in (("spectrum", "tree-level neutralino, chargino and slepton masses"), ("g2", "one-loop Delta a_e, Delta a_mu")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("point", help=f"benchmark ({', '.join(BENCHMARKS)}) or SLHA input file")
        p.add_argument("--json", action="store_true", help="print one JSON document")
        p.add_argument("--verbose", action="store_true", help="say on stderr whether the on-disk cache was used")
        if name == "spectrum":
            p.add_argument("--slha", action="store_true", help="print the SLHA spectrum (MASS, NMIX, UMIX, VMIX, inputs)")
        else:
            p.add_argument("--zprime-formula", default="standard", choices=("standard", "printed-eq3.6"),
                           help="Z' loop: standard one-loop formula (default) or BDR20 Eq. (3.6) as printed")
        p.set_defaults(handler=run)


def _report_cache() -> None:
    from .. import diskcache
    from ..susy.compiled import compiled_matrices

    comp = compiled_matrices()
    state = "disabled (ZPRIME_SYM_NO_CACHE)" if not diskcache.enabled() else (
        "hit" if comp.from_disk_cache else "miss (built with sympy and stored)")
    print(f"cache: compiled SUSY mass matrices: {state}; directory {diskcache.cache_dir()}", file=sys.stderr)


def _first(a) -> list:
    return [float(x) for x in np.asarray(a)[0]]


def spectrum_document(params: dict) -> dict:
    spec = compute_spectrum(params)
    return {
        "neutralino_basis": list(spec.neutralino_basis),
        "neutralino_masses_GeV": _first(spec.neutralino_masses),
        "chargino_masses_GeV": _first(spec.chargino_masses),
        "slepton_masses_GeV": {fl: _first(spec.slepton_masses[fl]) for fl in FLAVOURS},
        "sneutrino_masses_GeV": {fl: float(spec.sneutrino_masses[fl][0]) for fl in FLAVOURS},
        "parameters": {k: float(np.ravel(v)[0]) for k, v in params.items()},
    }


def g2_document(params: dict, formula: str = "standard") -> dict:
    spec = compute_spectrum(params)
    doc: dict[str, Any] = {"zprime_formula": formula}
    parts: dict[str, dict[str, float]] = {}
    for lep in ("e", "mu"):
        susy = delta_a_susy(spec, params, lep)
        zp = float(np.ravel(delta_a_zprime(params["m_zp"], params["gX"], lep, formula=formula))[0])
        parts[lep] = {"neutralino": float(susy["neutralino"][0]), "chargino": float(susy["chargino"][0]),
                      "susy": float(susy["total"][0]), "zprime": zp}
        doc[f"delta_a_{lep}"] = parts[lep]["susy"] + zp
    doc["parts"] = parts
    return doc


def run(args: argparse.Namespace) -> int:
    params = read_slha(args.point)
    if getattr(args, "verbose", False):
        _report_cache()
    if args.susy_command == "spectrum":
        if getattr(args, "slha", False):
            print(write_slha(params, compute_spectrum(params)), end="")
            return 0
        doc = spectrum_document(params)
        if args.json:
            print_json(doc)
            return 0
        print(f"point {args.point}")
        print("neutralinos (GeV): " + "  ".join(f"{m:.2f}" for m in doc["neutralino_masses_GeV"]))
        print("charginos   (GeV): " + "  ".join(f"{m:.2f}" for m in doc["chargino_masses_GeV"]))
        for fl in FLAVOURS:
            sl = doc["slepton_masses_GeV"][fl]
            print(f"slepton {fl:<3} (GeV): {sl[0]:.2f}  {sl[1]:.2f}   sneutrino {doc['sneutrino_masses_GeV'][fl]:.2f}")
        return 0
    doc = g2_document(params, args.zprime_formula)
    if args.json:
        print_json(doc)
        return 0
    print(f"point {args.point}  (Z' loop: {doc['zprime_formula']})")
    for lep in ("e", "mu"):
        p = doc["parts"][lep]
        print(f"Delta a_{lep:<2} = {doc[f'delta_a_{lep}']:+.4e}   [neutralino {p['neutralino']:+.3e}, chargino {p['chargino']:+.3e}, Z' {p['zprime']:+.3e}]")
    return 0
