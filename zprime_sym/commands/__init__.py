"""Subcommands of the ``zprime`` CLI, one module each (see zprime_sym.cli.COMMANDS)."""
