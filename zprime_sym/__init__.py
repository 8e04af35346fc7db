"""zprime_sym: U(1)' charge tables in; Z'-lepton couplings, their relations and viability verdicts out.

Main entry points (imported lazily so that ``import zprime_sym`` stays cheap):
``load_model(name_or_path) -> Model`` (``.derive()`` gives the symbolic Derivation) and
``verdict(model, data=..., sigma=...) -> Verdict`` and
``evaluate_batch(m_zp_GeV, couplings) -> {"delta_a", "pulls", "ratios", ...}``.

The sub-packages are the stages of the pipeline, each importing only earlier ones:
``model`` (charge tables) -> ``derive`` (sympy) -> ``constraints`` (experimental limits as functions
of the couplings) -> ``evaluate`` (compiled functions, g-2, measurement sets, batches) -> ``viability``
(verdicts) -> ``plot``, ``scan`` -> ``susy`` (the supersymmetric L_mu-L_tau model) -> ``commands``/``cli``.
``exceptions``, ``units``, ``constants``, ``textio`` (bounded input) and ``diskcache`` (the on-disk cache of
generated text: compiled code, derivations) are shared by all.
"""

__version__ = "0.1.0"
__all__ = ["evaluate_batch", "load_model", "verdict"]


def __getattr__(name):
    if name == "load_model":
        from .model.loader import load_model

        return load_model
    if name == "verdict":
        from .viability.verdict import verdict

        return verdict
    if name == "evaluate_batch":
        from .evaluate.batch import evaluate_batch

        return evaluate_batch
    raise AttributeError(f"module 'zprime_sym' has no attribute {name!r}")
