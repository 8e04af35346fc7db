"""Public entry point of the SUSY spectrum: ``compute_spectrum(params) -> Spectrum``.

The implementation lives in :mod:`zprime_sym.susy.params` (parameter handling, compiled mass
matrices, batched diagonalisation); this module is the stable import path other modules use.
"""
from .params import Spectrum, compute_spectrum

__all__ = ["Spectrum", "compute_spectrum"]
