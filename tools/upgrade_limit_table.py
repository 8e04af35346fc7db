"""Convert limit tables from the pre-1 header grammar to ``format: zprime-limit-table/1`` in place.

    python tools/upgrade_limit_table.py [--set KEY=VALUE ...] FILE.csv [FILE.csv ...]

Only the ``#`` header lines are rewritten (data rows stay byte-identical); each file is then parsed
with the package's one table parser, so a file that cannot be converted (e.g. a ``bounds`` or
``production`` value outside the vocabulary of zprime_sym.constraints.tables) is left untouched with
the error printed and exit code 2. The production/decay keys are guessed unless given with --set
(e.g. ``--set production=electron_beam_dump --set decay=invisible``): check them against the
publication. Mapping: zprime_sym.constraints.tables.upgrade_legacy_text.
"""
import argparse
import sys
from pathlib import Path

from zprime_sym.constraints.tables import parse, upgrade_legacy_text
from zprime_sym.exceptions import ConstraintDataError


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="set a header key explicitly")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in args.set)
    status = 0
    for name in args.files:
        path = Path(name)
        new, notes = upgrade_legacy_text(path.read_text(), str(path), overrides)
        try:
            parse(new, str(path))
        except ConstraintDataError as err:
            print(f"not converted: {err}", file=sys.stderr)
            status = 2
            continue
        path.write_text(new)
        for note in notes:
            print(note)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
