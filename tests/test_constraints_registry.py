"""Registry-wide properties: the SM point passes everything, no constraint is inert, inputs are validated,
evaluation is vectorised."""
import numpy as np
import pytest

from zprime_sym.constraints import all_constraints, evaluate_all
from zprime_sym.model.couplings import ALL_COUPLING_NAMES, COUPLING_NAMES
from zprime_sym.exceptions import InputError

ALL = all_constraints(include_projections=True)


def test_names_unique_and_metadata():
    names = [c.name for c in ALL]
    assert len(names) == len(set(names))
    for c in ALL:
        assert c.arxiv and c.experiment and c.description
        assert set(c.depends_on) <= set(ALL_COUPLING_NAMES)  # quark/nucleon names since issue 10 (apv_cs)
    assert {c.name for c in ALL if c.projection} == {"belle2_50ab", "na64_ls2"}
    assert not any(c.projection for c in all_constraints())


def test_sm_point_passes_everything():
    m = np.geomspace(1e-9, 1e3, 600)  # 1 eV - 1 TeV: every constraint's mass range
    for name, r in evaluate_all(m, {}, include_projections=True).items():
        assert np.all(r <= 1.0), name


@pytest.mark.parametrize("con", ALL, ids=lambda c: c.name)
def test_every_constraint_excludes_something(con):
    # Scan its mass range with each coupling it reads set to one common value, over many decades:
    # some point must fail (ratio > 1), otherwise the constraint would be inert.
    lo, hi = con.mass_range_GeV
    lo, hi = max(lo, 1e-4), min(hi, max(50.0, 10 * lo))  # TeV-scale constraints (LEP-II contact) scan a decade
    m = np.geomspace(lo, hi, 60)[:, None]
    g = np.append(np.geomspace(1e-12, 1e-1, 45), 1.0)[None, :]  # up to g = 1 for the TeV-scale ones
    worst = 0.0
    for sign in (1.0, -1.0):
        c = {name: g * (sign if name.startswith("Cnu") else 1.0) for name in con.depends_on}
        worst = max(worst, float(np.max(con.evaluate(m, c))))
        # also with a single non-zero coupling at a time (some constraints need only one)
        for name in con.depends_on:
            worst = max(worst, float(np.max(con.evaluate(m, {name: sign * g}))))
        # and two at a time, with both relative signs (a product of two chiral couplings, eeqq_contact_ll)
        for i, first in enumerate(con.depends_on):
            for second in con.depends_on[i + 1:]:
                worst = max(worst, float(np.max(con.evaluate(m, {first: g, second: sign * g}))))
    assert worst > 1.0


def test_outside_mass_range_gives_zero():
    for con in ALL:
        lo, hi = con.mass_range_GeV
        pts = [x for x in (lo * 0.5, hi * 2) if 0 < x < np.inf and not (lo <= x <= hi)]
        c = {name: 1e-2 for name in con.depends_on}
        for x in pts:
            assert con.evaluate(x, c) == 0.0, con.name


def test_vectorised_shapes_broadcast():
    m = np.geomspace(5e-3, 1.0, 7)[:, None]
    ca = np.geomspace(1e-6, 1e-3, 4)[None, :]
    out = evaluate_all(m, {"CA_e": ca, "Cnu_e": 1e-7})
    for r in out.values():
        assert r.shape == (7, 4)
    # the vectorised result equals the point-by-point one
    one = evaluate_all(m[3, 0], {"CA_e": ca[0, 2], "Cnu_e": 1e-7})
    for name in out:
        assert out[name][3, 2] == pytest.approx(float(one[name]), rel=1e-12)


@pytest.mark.parametrize("m,fragment", [(-0.02, "-0.02"), (0.0, "0.0"), (np.nan, "nan"), (np.array([0.01, -1.0]), "-1.0"),
                                         ("abc", "abc")])
def test_bad_mass_raises_naming_value(m, fragment):
    with pytest.raises(InputError, match="m_Z'") as err:
        evaluate_all(m, {"CA_e": 1e-4})
    assert fragment in str(err.value)


def test_bad_couplings_raise_naming_them():
    with pytest.raises(InputError, match="CA_e"):
        evaluate_all(0.02, {"CA_e": np.nan})
    with pytest.raises(InputError, match="C_Ae"):
        evaluate_all(0.02, {"C_Ae": 1e-4})


def test_invariance_under_global_sign_flip():
    # Z' -> -Z' flips the sign of all nine couplings at once and is unobservable: every ratio is invariant.
    rng = np.random.default_rng(2024)
    n = 200
    m = 10 ** rng.uniform(-3, 0.5, n)
    c = {name: rng.choice([-1, 1], n) * 10 ** rng.uniform(-9, -2, n) for name in COUPLING_NAMES}
    plus = evaluate_all(m, c, include_projections=True)
    minus = evaluate_all(m, {k: -v for k, v in c.items()}, include_projections=True)
    for name in plus:
        np.testing.assert_allclose(minus[name], plus[name], rtol=1e-12, atol=0, err_msg=name)


def test_depends_on_is_honest():
    # Changing a coupling a constraint does not list must not change its ratio.
    rng = np.random.default_rng(7)
    n = 50
    m = 10 ** rng.uniform(-3, 0.5, n)
    base = {name: 10 ** rng.uniform(-8, -3, n) for name in COUPLING_NAMES}
    for con in ALL:
        r0 = con.evaluate(m, base)
        for name in set(COUPLING_NAMES) - set(con.depends_on):
            r1 = con.evaluate(m, {**base, name: base[name] * 3.0})
            np.testing.assert_array_equal(r1, r0, err_msg=f"{con.name} reacts to {name}")
