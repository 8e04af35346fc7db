"""Stage 1 of the pipeline: model files (TOML charge tables) -> validated, immutable Model objects.

``loader`` reads and validates a model file, ``charges`` is the whitelist parser for charges and
numbers (no eval), ``couplings`` names the nine effective Z'-lepton couplings used by every later stage.
"""
from .loader import Model, load_model

__all__ = ["Model", "load_model"]
