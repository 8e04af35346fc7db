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
    "scan": "zprime_sym.commands.scan",
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


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except ZprimeSymError as err:
        print(f"zprime: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
