"""Relations among couplings come out of the null-space computation (BCK21 Eqs. (30), (33))."""
import sympy as sp
import pytest

from zprime_sym.model.couplings import COUPLING_NAMES
from zprime_sym.derive.gauge import reduce_cw
from zprime_sym.derive.relations import COUPLING_SYMBOLS, in_span

C = dict(zip(COUPLING_NAMES, COUPLING_SYMBOLS))
EQ30 = C["CV_e"] - C["CV_mu"] - (C["Cnu_e"] - C["Cnu_mu"])
EQ33 = (C["CV_e"] - C["CA_e"] - C["Cnu_e"]) - (C["CV_mu"] - C["CA_mu"] - C["Cnu_mu"])

SHIPPED = ["sm_u1", "nhdm_u1", "froggatt_nielsen", "susy_lmu_ltau", "lmu_ltau", "b_minus_l", "le_lmu",
           "dark_photon", "model_independent"]


def test_eq30_in_nhdm_span(derived):
    d = derived("nhdm_u1")
    assert in_span(EQ30, d.relations)
    assert d.n_independent == 5  # 3 flavour charges enter only via C_nu; + universal C_V - C_nu, C_A


def test_eq33_in_froggatt_nielsen_span(derived):
    d = derived("froggatt_nielsen")
    assert in_span(EQ33, d.relations)
    assert not in_span(EQ30, d.relations)  # FN is more general: Eq. (30) no longer holds
    assert d.n_independent == 7


def test_sm_u1_relations(derived):
    d = derived("sm_u1")
    for fl in ("e", "mu", "tau"):
        assert in_span(C[f"CA_{fl}"], d.relations)
    assert in_span(EQ30, d.relations) and in_span(EQ33, d.relations)
    assert d.n_independent == 4


def test_model_independent_has_no_relation(derived):
    d = derived("model_independent")
    assert d.relations == [] and d.n_independent == 9


@pytest.mark.parametrize("name", SHIPPED)
def test_every_returned_relation_holds(derived, name):
    d = derived(name)
    subs = {C[n]: d.couplings[n] for n in COUPLING_NAMES}
    for rel in d.relations:
        assert reduce_cw(rel.xreplace(subs)) == 0, rel


@pytest.mark.parametrize("name", SHIPPED)
def test_relations_are_complete(derived, name):
    """Rank check with random numerical parameter points: rank(couplings) = 9 - #relations."""
    import random

    d = derived(name)
    rng = random.Random(7)
    params = d.coupling_parameters
    consts = {s: sp.Rational(rng.randint(2, 9), rng.randint(10, 19)) for s in d.constants}
    rows = []
    for _ in range(12):
        point = {p: sp.Rational(rng.randint(-50, 50), rng.randint(1, 9)) for p in params}
        rows.append([sp.sympify(d.couplings[n]).xreplace(point).xreplace(consts) for n in COUPLING_NAMES])
    # independent of the constants' values as long as they are generic (cw not tied to sw here)
    rank = sp.Matrix(rows).rank()
    assert rank == d.n_independent


def test_non_flavour_pattern_is_not_in_span(derived):
    d = derived("nhdm_u1")
    assert not in_span(C["CV_e"] - C["CV_mu"], d.relations)
