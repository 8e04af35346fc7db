"""``python -m zprime_sym ...`` runs the ``zprime`` command line (same arguments, same exit codes)."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
