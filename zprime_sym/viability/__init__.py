"""Stage 5: automated viability verdicts (the search over a model's parameters, its evidence and the
blocking relations). The public entry point is :func:`zprime_sym.verdict` (this package is called
``viability`` so that ``from zprime_sym import verdict`` always gives the function)."""
