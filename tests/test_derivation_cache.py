"""The on-disk cache of derivations (zprime_sym/derive/store.py).

Reference: a fresh symbolic derivation (zprime_sym.derive.derive) of the same model. A derivation read
back from its JSON must be the same sympy objects (srepr and hash of every field) for every shipped
model; the cache must miss, then hit, rebuild a corrupted or foreign entry instead of trusting it,
give another key to a model changed in memory, and let two processes fill it at once."""
import dataclasses
import json
import os
import subprocess
import sys

import pytest
import sympy as sp

from zprime_sym.derive import derive
from zprime_sym.derive.store import Unserialisable, _Encoder, dump_derivation, load_derivation, model_key
from zprime_sym import diskcache
from zprime_sym.model.loader import load_model, shipped_models


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZPRIME_SYM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ZPRIME_SYM_NO_CACHE", raising=False)
    return tmp_path / "cache"


def _fields(d):
    return {f.name: getattr(d, f.name) for f in dataclasses.fields(d)}


@pytest.mark.parametrize("name", shipped_models())
def test_round_trip_is_the_same_sympy_objects(name):
    model = load_model(name)
    fresh = derive(model)
    back = load_derivation(dump_derivation(fresh), model)
    for key, value in _fields(fresh).items():
        assert sp.srepr(getattr(back, key)) == sp.srepr(value), key
    for k, c in fresh.couplings.items():
        assert hash(back.couplings[k]) == hash(c) and back.couplings[k] == c
    assert [str(r) for r in back.relations] == [str(r) for r in fresh.relations]
    if fresh.invariance is not None:
        assert back.invariance.operators == model.operators
    # derived quantities computed from a loaded derivation are those of the fresh one
    assert back.n_independent == fresh.n_independent and back.coupling_parameters == fresh.coupling_parameters


def test_loop_mixing_model_carries_its_epsilon():
    model = load_model("lmu_ltau_loop")
    assert model.kinetic_mixing[0] == "loop"
    fresh = derive(model)
    back = load_derivation(dump_derivation(fresh), model)
    assert fresh.model.kinetic_mixing[0] == "eps" and back.model.kinetic_mixing == fresh.model.kinetic_mixing


def test_miss_hit_and_corrupted_entry(cache):
    model = load_model("sm_u1")
    assert model.derivation_cache_state == "miss"
    again = load_model("sm_u1")
    assert again.derivation_cache_state == "hit"
    assert again.derive().couplings == model.derive().couplings
    path = next(cache.glob("derivation-*.json"))
    path.write_text(path.read_text()[:100])  # truncated
    third = load_model("sm_u1")
    assert third.derivation_cache_state == "miss" and third.derive().couplings == model.derive().couplings
    assert load_model("sm_u1").derivation_cache_state == "hit"  # rewritten


def test_foreign_payload_with_valid_checksum_is_not_trusted(cache):
    """An entry that passes the checksum but holds a node class outside the whitelist is rebuilt."""
    model = load_model("lmu_ltau")
    key = model_key(model)
    text = dump_derivation(derive(model))
    doc = json.loads(text)
    doc["nodes"][0] = ["Function", "os.system", []]
    assert diskcache.store("derivation", key, json.dumps(doc))
    with pytest.raises(ValueError, match="not in the derivation format"):
        load_derivation(json.dumps(doc), model)
    fresh = load_model("lmu_ltau")
    assert fresh.derivation_cache_state == "miss" and fresh.derive().couplings == derive(model).couplings


def test_key_follows_the_content():
    model = load_model("sm_u1")
    assert model_key(model) == model_key(load_model("sm_u1"))
    changed = dataclasses.replace(model, gp=sp.Rational(1, 1000))  # same file, other content in memory
    assert model_key(changed) != model_key(model)
    assert model_key(dataclasses.replace(model, source="elsewhere.toml")) != model_key(model)


def test_disabled_and_unencodable(cache, monkeypatch):
    monkeypatch.setenv("ZPRIME_SYM_NO_CACHE", "1")
    assert load_model("lmu_ltau").derivation_cache_state == "off"
    assert not cache.exists()
    monkeypatch.delenv("ZPRIME_SYM_NO_CACHE")
    with pytest.raises(Unserialisable):
        _Encoder().value(object())
    with pytest.raises(Unserialisable):
        _Encoder().value(sp.sin(sp.Symbol("x")))


def test_two_processes_fill_the_cache_at_once(cache):
    code = ("from zprime_sym.model.loader import load_model; m = load_model('b_minus_l'); "
            "print(m.derivation_cache_state, sorted(str(c) for c in m.derive().couplings.values()))")
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    states = [o.split()[0] for o in outs]
    assert set(states) <= {"miss", "hit"}
    assert len({o.split(" ", 1)[1] for o in outs}) == 1  # the same couplings
    assert load_model("b_minus_l").derivation_cache_state == "hit"
    assert not list(cache.glob(".*.tmp"))


@pytest.mark.parametrize("name", ["nhdm_u1", "froggatt_nielsen", "lmu_ltau_loop", "sm_u1"])
def test_parameter_space_from_cache_is_the_computed_one(cache, name):
    """viability/parameter_space.py: build_space read back from its on-disk record gives the same
    coordinates, couplings, mass terms and rho - 1, bit for bit, as the analysis it stored."""
    import numpy as np

    from zprime_sym.viability import parameter_space as ps

    d = load_model(name).derive()
    key = ps._space_key(d)
    assert key is not None and diskcache.load("space", key) is None
    computed = ps.build_space(d)
    assert diskcache.load("space", key) is not None
    read = ps.build_space(d)
    assert read._columns is not computed._columns  # really rebuilt from the record
    for attr in ("coupling_names", "monomials", "angles", "mass_param", "mass_fixed_to_one", "mass_equal",
                 "irrelevant", "roles", "homogeneous", "mass_is_coordinate"):
        assert getattr(read, attr) == getattr(computed, attr), attr
    rng = np.random.default_rng(3)
    y = rng.normal(size=(7, computed.k)) * 1e-3
    for theta in computed.angle_grid()[:3]:
        a, b = computed.couplings(y, theta), read.couplings(y, theta)
        assert all(np.array_equal(a[k], b[k]) for k in a)
        for x1, x2 in zip(computed.mass_terms(y, theta), read.mass_terms(y, theta)):
            assert np.array_equal(x1, x2)
        p = computed.point_parameters(y, theta, np.full(7, 40.0**2))
        assert np.array_equal(computed.rho_minus_1(p, 7), read.rho_minus_1(p, 7), equal_nan=True)
    path = next(cache.glob("space-*.json"))
    path.write_text("{}")  # corrupted: recomputed, not trusted
    again = ps.build_space(d)
    assert again.names == computed.names and diskcache.load("space", key) is not None


@pytest.mark.parametrize("doc", [
    {"nodes": "x", "body": {}},
    {"nodes": [["Add", [5]]], "body": {}},
    {"nodes": [["Symbol", 3, {}]], "body": {}},
    {"nodes": [["Symbol", "x", {"positive": True, "negative": True}]], "body": {"dict": []}},
    {"nodes": [["Integer", "9" * 5000]], "body": {}},
    {"nodes": [], "body": {"matrix": [2, 2, [0]]}},
    {"nodes": [], "body": {"fraction": ["1", "0"]}},
    {"nodes": [], "body": {"dataclass": "Model", "fields": {}}},
])
def test_malformed_documents_are_refused_with_a_load_error(doc):
    """What a damaged entry can hold is refused with one of LOAD_ERRORS (the caller then recomputes)."""
    from zprime_sym.derive.store import LOAD_ERRORS, load_values

    with pytest.raises(LOAD_ERRORS):
        load_values(json.dumps({"format": 1, **doc}))
