"""The ``zprime`` command line: a thin dispatcher over the subcommand modules.

Each subcommand lives in ``zprime_sym/commands/<name>.py`` and provides ``add_parser(subparsers)``
and ``run(args) -> int``. Errors derived from ZprimeSymError are printed as one line (no
traceback). Exit codes (:data:`EXIT_CODES`, tabled in the README):

* 0 success;
* 1 a negative physics answer: ``check`` finds an operator that cannot be invariant, ``verdict``
  finds the model not viable (the command's ``run`` returns 1);
* 2 bad input or usage: a ZprimeSymError other than DependencyError, or an argparse usage error;
* 3 a missing optional dependency (DependencyError: matplotlib, pyslha, dask.distributed).
"""
from __future__ import annotations

import argparse
import importlib
import sys
import warnings

from zprime_sym import __version__
from .exceptions import DependencyError, ZprimeSymError

#: Exit status of ``zprime`` by outcome.
EXIT_CODES = {"success": 0, "negative answer": 1, "bad input or usage": 2, "missing optional dependency": 3}

#: Subcommand name -> module implementing it (explicit list, no registration by import side effect).
COMMANDS = {
    "derive": "zprime_sym.commands.derive",
    "check": "zprime_sym.commands.check",
    "g2": "zprime_sym.commands.g2",
    "constraints": "zprime_sym.commands.constraints",
    "susy": "zprime_sym.commands.susy",
    "scan": "zprime_sym.commands.scan",
    "verdict": "zprime_sym.commands.verdict",
    "plot": "zprime_sym.commands.plot",
}


#: One-line help for ``zprime --help`` (the full parser of a command is built only when it is used,
#: so that e.g. ``zprime derive`` does not import the constraint or SUSY code).
HELP = {
    "derive": "derive couplings, relations and anomalies of a model",
    "check": "check operator invariance and report anomaly coefficients",
    "g2": "Z' contribution to the lepton g-2 and pulls against a measurement set",
    "constraints": "list experimental constraints or check a point against them",
    "susy": "SUSY L_mu - L_tau spectrum and g-2 of a point",
    "scan": "run (or resume) a batched SUSY parameter scan",
    "verdict": "search a model for a point explaining g-2 and passing every constraint",
    "plot": "exclusion plot of m_Z' against a coupling or parameter",
}


class _Parser(argparse.ArgumentParser):
    """argparse with the project's one-line usage error: ``zprime: error: PROG: problem (usage: ...)``,
    exit 2 (subcommand parsers inherit the class)."""

    def error(self, message: str):  # type: ignore[override]
        usage = " ".join(self.format_usage().split())
        self.exit(EXIT_CODES["bad input or usage"],
                  f"zprime: error: {self.prog}: {message} ({usage}; see {self.prog} --help)\n")


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; only the ``selected`` command's module is imported (all if None)."""
    parser = _Parser(
        prog="zprime",
        description="Derive Z'-lepton couplings from U(1)' charge tables and test them against data.",
        epilog="Papers cited in the output: BCK21 = Bodas, Coy, King, arXiv:2102.07781; "
               "BDR20 = Banerjee, Dutta, Roy, arXiv:2011.05083.",
    )
    parser.add_argument("--version", action="version", version=f"zprime {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module_name in COMMANDS.items():
        if selected is None or name == selected:
            importlib.import_module(module_name).add_parser(sub)
        else:
            sub.add_parser(name, help=HELP.get(name, ""))
    return parser


def _join_negative_values(argv: list[str]) -> list[str]:
    """Turn ``--m-zp -5MeV`` into ``--m-zp=-5MeV`` so argparse passes the value to our validator
    (which then names it) instead of mistaking it for an option."""
    out: list[str] = []
    for i, arg in enumerate(argv):
        if out and out[-1].startswith("--") and "=" not in out[-1] and arg.startswith("-") and arg[1:2].isdigit():
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else "")
    try:
        args = parser.parse_args(_join_negative_values(argv))
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2), returned rather than raised
        return exc.code if isinstance(exc.code, int) else EXIT_CODES["bad input or usage"]
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            return int(args.handler(args) or 0)
    except BrokenPipeError:  # output piped into e.g. `head`: not an error
        return 0
    except DependencyError as err:
        print(f"zprime: error: {err}", file=sys.stderr)
        return EXIT_CODES["missing optional dependency"]
    except ZprimeSymError as err:
        return _error(str(err))
    # The one error path for input the readers did not anticipate (each reader names file, entry and
    # problem itself; these are the safety net): a file that cannot be read or written, input nested
    # too deep for a recursive parser. Exit 2, one line, no traceback.
    except OSError as err:
        where = f"{err.filename}: " if getattr(err, "filename", None) else ""
        return _error(f"{where}{err.strerror or err}")
    except RecursionError:
        return _error("input nested too deep to be read")


def _error(message: str) -> int:
    print(f"zprime: error: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_CODES["bad input or usage"]


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    print(f"zprime: warning: {' '.join(str(message).split())}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
