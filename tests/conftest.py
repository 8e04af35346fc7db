"""Shared fixtures: each shipped model is derived once per test session."""
import functools
import os
import tempfile

import pytest

# The on-disk cache of generated code (zprime_sym/diskcache.py) goes to a fresh temporary
# directory for the whole session (subprocesses inherit it): tests never read or fill the user's cache.
os.environ["ZPRIME_SYM_CACHE_DIR"] = tempfile.mkdtemp(prefix="zprime_sym_test_cache_")
os.environ.pop("ZPRIME_SYM_NO_CACHE", None)

from zprime_sym.model.loader import load_model


@functools.cache
def _derived(name):
    return load_model(name).derive()


@pytest.fixture(scope="session")
def derived():
    """derived("froggatt_nielsen") -> Derivation (cached for the session)."""
    return _derived
