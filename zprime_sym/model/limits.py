"""Default size limits on model files that the command line needs without loading the loader (which
imports sympy): a cached ``zprime derive`` must start without sympy."""

#: Higgs doublets with VEVs accepted by default (the derivation grows as N^3; 12 doublets took 24.5 s).
DEFAULT_MAX_DOUBLETS = 10
