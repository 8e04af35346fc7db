"""The ``zprime`` command line: a thin dispatcher over the subcommand modules.

Each subcommand lives in ``zprime_sym/commands/<name>.py`` and provides ``add_parser(subparsers)``
and ``run(args) -> int``. Errors derived from ZprimeSymError are printed as one line (no
traceback) and give exit code 2.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .exceptions import ZprimeSymError

#: Subcommand name -> module implementing it (explicit list, no registration by import side effect).
COMMANDS = {
    "derive": "zprime_sym.commands.derive",
    "check": "zprime_sym.commands.check",
    "g2": "zprime_sym.commands.g2",
    "constraints": "zprime_sym.commands.constraints",
    "plot": "zprime_sym.commands.plot",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zprime",
        description="Derive Z'-lepton couplings from U(1)' charge tables and test them against data.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMANDS.values():
        importlib.import_module(module_name).add_parser(sub)
    return parser


def _join_negative_values(argv: list[str]) -> list[str]:
    """Turn ``--m-zp -5MeV`` into ``--m-zp=-5MeV`` so argparse passes the value to our validator
    (which then names it) instead of mistaking it for an option."""
    out = []
    for i, arg in enumerate(argv):
        if out and out[-1].startswith("--") and "=" not in out[-1] and arg.startswith("-") and arg[1:2].isdigit():
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def main(argv=None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(_join_negative_values(argv))
    try:
        return int(args.handler(args) or 0)
    except ZprimeSymError as err:
        print(f"zprime: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
