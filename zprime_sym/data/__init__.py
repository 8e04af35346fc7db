"""Data files (measurement sets, limit tables, PDG inputs), read lazily via importlib.resources."""
from __future__ import annotations

import tomllib
from importlib import resources


def read_toml(*parts: str) -> dict:
    """The shipped TOML file zprime_sym/data/<parts...>, parsed (read when called, never at import; callers
    that read a file often cache the result themselves)."""
    ref = resources.files(__name__)
    for part in parts:
        ref = ref.joinpath(part)
    return tomllib.loads(ref.read_text(encoding="utf-8"))
