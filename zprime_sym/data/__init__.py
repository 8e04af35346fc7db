"""Data files (measurement sets, limit tables, PDG inputs), read lazily via importlib.resources."""
