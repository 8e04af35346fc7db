"""Shared fixtures: each shipped model is derived once per test session."""
import functools

import pytest

from zprime_sym.model.loader import load_model


@functools.cache
def _derived(name):
    return load_model(name).derive()


@pytest.fixture(scope="session")
def derived():
    """derived("froggatt_nielsen") -> Derivation (cached for the session)."""
    return _derived
