"""Convert limit tables from the pre-1 header grammar to ``format: zprime-limit-table/1`` in place.

    python tools/upgrade_limit_table.py FILE.csv [FILE.csv ...]

Only the ``#`` header lines are rewritten (data rows stay byte-identical); each file is then parsed
with the package's one table parser, so a file that cannot be converted is left untouched with the
error printed. The guessed production/decay keys are printed: check them against the publication.
Mapping: zprime_sym.constraints.tables.upgrade_legacy_text.
"""
import sys
from pathlib import Path

from zprime_sym.constraints.tables import parse, upgrade_legacy_text
from zprime_sym.exceptions import ConstraintDataError


def main(argv: list[str]) -> int:
    status = 0
    for name in argv:
        path = Path(name)
        new, notes = upgrade_legacy_text(path.read_text(), str(path))
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
