"""Stage 1 of the pipeline: model files (TOML charge tables) -> validated, immutable Model objects.

``loader`` reads and validates a model file, ``charges`` is the whitelist parser for charges and
numbers (no eval), ``couplings`` names the nine effective Z'-lepton couplings used by every later stage.
``Model`` and ``load_model`` are imported from ``loader`` on first use, so that importing
``zprime_sym.model.couplings`` (numeric code, the SUSY command line) does not load sympy.
"""

__all__ = ["Model", "load_model"]


def __getattr__(name):
    if name in __all__:
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'zprime_sym.model' has no attribute {name!r}")
