"""zprime_sym: U(1)' charge tables in; Z'-lepton couplings, their relations and viability verdicts out.

Main entry points (imported lazily so that ``import zprime_sym`` stays cheap):
``load_model(name_or_path) -> Model`` (``.derive()`` gives the symbolic Derivation) and
``verdict(model, data=..., sigma=...) -> Verdict``.
"""

__version__ = "0.1.0"
__all__ = ["load_model", "verdict"]


def __getattr__(name):
    if name == "load_model":
        from .model import load_model

        return load_model
    if name == "verdict":
        from .verdict import verdict

        return verdict
    raise AttributeError(f"module 'zprime_sym' has no attribute {name!r}")
