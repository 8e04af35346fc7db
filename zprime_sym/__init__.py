"""zprime_sym: U(1)' charge tables in; Z'-lepton couplings, their relations and viability verdicts out."""

__version__ = "0.1.0"
