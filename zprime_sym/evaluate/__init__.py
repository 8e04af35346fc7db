"""Stage 4: numbers from a derivation: compiled coupling functions, lepton g-2, measurement sets,
and g-2 plus every constraint on large batches of points (``evaluate_batch``).

Imports the symbolic stages (model, derive) and the constraint module; nothing later.
"""
