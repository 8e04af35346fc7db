"""SUSY gauged U(1)_{L_mu - L_tau} (BDR20, Banerjee-Dutta-Roy arXiv:2011.05083).

declaration  the ``[susy]`` table of a model file -> SusyDeclaration (data only, validated)
matrices     sympy mass matrices derived from the declaration
compiled     lambdify once -> batched numpy matrices
diagonalize  Takagi (neutralinos), SVD (charginos), eigen-decomposition (sleptons)
params       PARAMETER_NAMES, compute_spectrum(params) -> Spectrum
loops, g2    SUSY one-loop a_l (neutralino/chargino) and the Z' loop
slha         SLHA2 input/output (pyslha, optional extra ``susy``)

See docs/susy.md for conventions.
"""
