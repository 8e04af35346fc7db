"""One SUSY point through the Python API == the same point inside a batch, element by element.

The one-point paths (compute_spectrum + delta_a_susy + delta_a_zprime on a dict of scalars, and the single
call zprime_sym.susy.point.evaluate_point) are the batched code run with n = 1: no second implementation
(at n = 1 the generated mass-matrix functions get Python floats through their scalar form, which keeps
numpy's x*x and 1/x for x**2 and x**-1; evaluate_point stacks e and mu on a leading axis of the same
loop code). Every array operation acts point by point and the batched
linear algebra (eigh, svd, matmul) works matrix by matrix, so the results must agree bit for bit; this
checks it on BDR20's BP1-BP4 (SLHA inputs, read as one batch) and on 50 random points spanning the
BDR20 Sec. 4 ranges plus gX = 0 (MSSM limit), kinetic mixing gYX != 0, M10 != 0 and Z' masses over all
three regimes of the Z' loop (series, Gauss-Legendre window, closed form). Independent physics checks of
the same quantities are in test_susy_spectrum.py and test_susy_g2.py.
"""
import numpy as np
import pytest

from zprime_sym.exceptions import InputError
from zprime_sym.susy.compiled import compiled_matrices, scalar_function
from zprime_sym.susy.g2 import delta_a_susy, delta_a_zprime
from zprime_sym.susy.loops import _horner, series_coefficients
from zprime_sym.susy.params import FLAVOURS, compute_spectrum
from zprime_sym.susy.point import evaluate_point
from zprime_sym.susy.slha import BENCHMARKS, read_slha


def _random_points(n=50, seed=13):
    rng = np.random.default_rng(seed)
    u = lambda lo, hi: rng.uniform(lo, hi, n)  # noqa: E731
    mmu = u(100, 1000)
    pts = dict(M1=u(100, 1000), M2=u(100, 1000), M0=u(100, 1000), mu=-u(100, 1000), tan_beta=u(10, 50),
               gX=u(3e-4, 1e-3), m_zp=10 ** u(-3, 1), mL_e=u(100, 1000), mE_e=u(100, 1000), mL_mu=mmu,
               mE_mu=mmu * u(0.9, 1.1), mL_tau=17.8 * mmu, mE_tau=17.8 * mmu, A_e=u(500, 1000), A_mu=u(500, 1000),
               A_tau=u(500, 1000), M10=np.where(u(0, 1) < 0.3, u(-200, 200), 0.0),
               gYX=np.where(u(0, 1) < 0.3, u(-1e-4, 1e-4), 0.0))
    mssm = np.arange(n) % 10 == 0  # every tenth point in the MSSM limit
    pts["gX"][mssm] = 0.0
    pts["gYX"][mssm] = 0.0
    return pts


def _outputs(params):
    """Every array the one-point API returns: spectrum, SUSY g-2 parts of e, mu, tau, both Z' loops."""
    spec = compute_spectrum(params)
    out = {"m_chi": spec.neutralino_masses, "N": spec.N, "m_cha": spec.chargino_masses, "U": spec.U, "V": spec.V}
    for fl in FLAVOURS:
        out[f"m_sl_{fl}"], out[f"X_{fl}"] = spec.slepton_masses[fl], spec.slepton_mixing[fl]
        out[f"m_snu_{fl}"] = spec.sneutrino_masses[fl]
        for part, value in delta_a_susy(spec, params, fl).items():
            out[f"da_{fl}_{part}"] = value
    for key, value in spec.sm.items():
        out[f"sm_{key}"] = value
    for formula in ("standard", "printed-eq3.6"):
        out[f"zp_{formula}"] = np.atleast_1d(delta_a_zprime(params["m_zp"], params["gX"], "mu", formula=formula))
    return out


def _point_outputs(params):
    """The same arrays from one evaluate_point call (e, mu, tau stacked; Z' loops of both formulas)."""
    res = evaluate_point(params, leptons=FLAVOURS)
    spec = res["spectrum"]
    out = {"m_chi": spec.neutralino_masses, "N": spec.N, "m_cha": spec.chargino_masses, "U": spec.U, "V": spec.V}
    for fl in FLAVOURS:
        out[f"m_sl_{fl}"], out[f"X_{fl}"] = spec.slepton_masses[fl], spec.slepton_mixing[fl]
        out[f"m_snu_{fl}"] = spec.sneutrino_masses[fl]
        for part in ("neutralino", "chargino"):
            out[f"da_{fl}_{part}"] = np.array([res[f"da_{fl}_{part}"]])
        out[f"da_{fl}_total"] = np.array([res[f"da_{fl}_susy"]])
        assert res[f"da_{fl}"] == res[f"da_{fl}_susy"] + res[f"da_{fl}_zp"]
    for key, value in spec.sm.items():
        out[f"sm_{key}"] = value
    out["zp_standard"] = np.array([res["da_mu_zp"]])
    printed = evaluate_point(params, leptons=("mu",), zprime_formula="printed-eq3.6")
    out["zp_printed-eq3.6"] = np.array([printed["da_mu_zp"]])
    assert printed["da_mu_susy"] == res["da_mu_susy"]  # one lepton alone == the lepton stacked with others
    zp_e = np.atleast_1d(delta_a_zprime(params["m_zp"], params["gX"], "e"))
    assert res["da_e_zp"] == zp_e[0] == 0.0 and res["da_tau_zp"] == delta_a_zprime(params["m_zp"], params["gX"], "tau")
    return out


def _assert_single_equals_batch(batch_params, n):
    batch = _outputs(batch_params)
    for i in range(n):
        point = {k: np.asarray(v)[i].item() for k, v in batch_params.items()}  # Python floats
        for single in (_outputs(point), _point_outputs(point)):
            assert set(single) == set(batch)
            for key, value in single.items():
                # exact equality (NaN == NaN allowed for tachyonic points): same operations on the same doubles
                np.testing.assert_array_equal(value[0], batch[key][i], err_msg=f"point {i}, {key}")


def test_evaluate_point_rejects_batches_and_bad_input():
    from zprime_sym.exceptions import InputError, SpectrumError

    pts = _random_points(2)
    with pytest.raises(InputError, match="one point"):
        evaluate_point(pts)
    with pytest.raises(InputError, match="lepton"):
        evaluate_point({k: v[0] for k, v in pts.items()}, leptons=("nu",))
    with pytest.raises(SpectrumError, match="m_zp"):
        evaluate_point({**{k: v[0] for k, v in pts.items()}, "m_zp": -1.0})


def test_scalar_form_of_generated_functions_equals_arrays():
    """The float form of each generated mass-matrix function gives the doubles of its numpy form at a
    1-point array, also at arguments where C pow(x, 2) and x*x differ (random doubles: ~1e-3 of them)."""
    rng = np.random.default_rng(7)
    for group in compiled_matrices().groups.values():
        f = scalar_function(group.source)
        assert f is not None
        for _ in range(200):
            args = rng.uniform(0.1, 2.0, len(group.names)) * 10.0 ** rng.integers(-3, 4, len(group.names))
            arrays = np.array(group._func(*(np.array([a]) for a in args)), dtype=float)[:, 0]
            np.testing.assert_array_equal(np.array(f(*args.tolist())), arrays)
    assert scalar_function("def _zprime_generated(_zarg0):\n    return [_zarg0**3]\n") is None
    assert scalar_function("def _zprime_generated(_zarg0):\n    return [numpy.log(_zarg0)]\n") is None


def test_benchmarks_one_point_equals_batch():
    points = [read_slha(name) for name in BENCHMARKS]
    keys = set().union(*points)
    assert all(set(p) == keys for p in points)
    _assert_single_equals_batch({k: np.array([p[k] for p in points]) for k in keys}, len(points))


def test_random_points_one_point_equals_batch():
    pts = _random_points()
    r = (0.1056583755 / pts["m_zp"]) ** 2
    assert (r < 0.05).any() and ((r >= 0.05) & (r < 0.5)).any() and (r >= 0.5).any()  # all Z' loop regimes
    _assert_single_equals_batch(pts, 50)


def test_standard_model_overrides_one_point_equals_batch():
    """SM inputs given per point (SLHA SMINPUTS) take the sm_inputs path instead of the cached defaults."""
    pts = {k: v[:5] for k, v in _random_points().items()}
    pts["m_W"] = np.linspace(80.2, 80.5, 5)
    pts["alpha_inv_mZ"] = np.linspace(127.8, 128.0, 5)
    _assert_single_equals_batch(pts, 5)


def test_zero_dimensional_and_list_inputs_equal_floats():
    """0-d arrays, numpy scalars and one-element lists give the same doubles as Python floats."""
    base = {k: float(v[3]) for k, v in _random_points().items()}
    ref = _outputs(base)
    for convert in (np.asarray, np.float64, lambda v: [v]):
        got = _outputs({k: convert(v) for k, v in base.items()})
        for key, value in ref.items():
            np.testing.assert_array_equal(np.ravel(got[key]), np.ravel(value), err_msg=key)


@pytest.mark.parametrize("size", [1, 3, 8, 40])
def test_horner_equals_numpy_polyval(size, monkeypatch):
    """The float Horner of the loop-function series (used for a few values) is numpy's polyval recurrence:
    same doubles (forced on for every size here)."""
    from zprime_sym.susy import loops

    monkeypatch.setattr(loops, "_HORNER_FLOATS", 10**6)
    d = np.random.default_rng(size).uniform(-0.2, 0.2, size)
    for name in ("F1N", "F2N", "F1C", "F2C"):
        c = series_coefficients(name)
        np.testing.assert_array_equal(_horner(c, d), np.polynomial.polynomial.polyval(d, c))


def test_few_value_paths_equal_the_batched_ones():
    """The small-input shortcuts of the one-point path give the doubles of the general code: loop_integrals
    on a few r (regime picked on floats, series and closed-form arithmetic on floats) against one large
    batch over all regimes and series bins, delta_a_point against delta_a, and the gufunc calls against
    numpy.linalg.eigh / svd."""
    from zprime_sym.evaluate import g2
    from zprime_sym.susy.diagonalize import eigh_and_svd

    rng = np.random.default_rng(3)
    r = np.concatenate([10.0 ** rng.uniform(-9, 3, 400), [1e-4, 3e-3, 0.05, 0.25, 0.5]])
    assert ((r < 1e-4).any() and ((r >= 1e-4) & (r < 3e-3)).any() and ((r >= 3e-3) & (r < 0.05)).any()
            and ((r >= 0.05) & (r < 0.5)).any() and (r >= 0.5).any())
    i_v, i_a = g2.loop_integrals(r)
    for i in range(0, r.size, 7):  # single values, and pairs straddling regimes
        for idx in ([i], [i, r.size - 1 - i]):
            s_v, s_a = g2.loop_integrals(r[idx])
            np.testing.assert_array_equal(s_v, i_v[idx])
            np.testing.assert_array_equal(s_a, i_a[idx])
    for m_zp in 10.0 ** rng.uniform(-3, 2, 60):
        couplings = [(rng.uniform(0, 1e-3), rng.uniform(-1e-3, 1e-3), lep) for lep in ("mu", "tau", "e")]
        got = g2.delta_a_point(float(m_zp), couplings)
        assert got == [float(g2.delta_a(m_zp, cv, ca, lep)) for cv, ca, lep in couplings]
    with pytest.raises(InputError, match="m_Z'"):
        g2.delta_a_point(-1.0, [(1e-3, 0.0, "mu")])
    with pytest.raises(InputError, match="C_V"):
        g2.delta_a_point(0.1, [(float("nan"), 0.0, "mu")])
    m = rng.normal(size=(5, 7, 7))
    m = m + np.swapaxes(m, -1, -2)
    x = rng.normal(size=(5, 2, 2))
    (lam, vecs), (w, s, vh) = eigh_and_svd(m, x)
    for got, ref in zip((lam, vecs, w, s, vh), (*np.linalg.eigh(m), *np.linalg.svd(x))):
        np.testing.assert_array_equal(got, ref)
    nan = np.full((1, 7, 7), np.nan)  # failures raise numpy.linalg's error and message (as numpy does)
    with pytest.raises(np.linalg.LinAlgError, match="Eigenvalues did not converge"):
        eigh_and_svd(nan, x)
    with pytest.raises(np.linalg.LinAlgError, match="SVD did not converge"):
        eigh_and_svd(m, nan[:, :2, :2])


def test_float_fast_path_of_normalise_params():
    """Python floats take a shortcut in normalise_params: the same arrays as 0-d-array input (general path),
    and a float point failing a check gets the general path's error."""
    from zprime_sym.exceptions import SpectrumError
    from zprime_sym.susy.params import normalise_params

    base = {k: float(v[4]) for k, v in _random_points().items()}
    fast, general = normalise_params(base), normalise_params({k: np.asarray(v) for k, v in base.items()})
    assert list(fast) == list(general)
    for key in fast:
        assert fast[key].shape == (1,)
        np.testing.assert_array_equal(fast[key], general[key])
    for bad, match in (({"m_zp": -1.0}, "m_zp must be positive"), ({"tan_beta": float("nan")}, "non-finite"),
                       ({"gX": -1e-3}, "gX must be >= 0"), ({"gX": 0.0, "gYX": 1e-4}, "gYX must be 0"),
                       ({"nonsense": 1.0}, "unknown")):
        with pytest.raises(SpectrumError, match=match):
            normalise_params({**base, **bad})
    missing = dict(base)
    del missing["M1"]
    with pytest.raises(SpectrumError, match="missing"):
        normalise_params(missing)


def test_loop_values_on_floats_equal_the_batched_loop_functions():
    """The loop functions of one point (closed forms on Python floats, numpy's logarithms, the float Horner
    near x = 1) give the doubles of loop_functions on arrays, across the series edge, at x = 0 and NaN."""
    from zprime_sym.susy.loops import SERIES_RADIUS, loop_functions, loop_values

    rng = np.random.default_rng(11)
    x = np.concatenate([10.0 ** rng.uniform(-6, 4, 300), 1.0 + rng.uniform(-0.3, 0.3, 200),
                        [0.0, 1.0, 1.0 - SERIES_RADIUS, 1.0 + SERIES_RADIUS, np.nan, 1e-3]])
    ref = loop_functions(("F1N", "F2N", "F1C", "F2C"), x)
    half = x.size // 2
    got = loop_values(x[:half].tolist(), x[half:].tolist())
    for k, (lo, hi) in enumerate(((0, half), (0, half), (half, x.size), (half, x.size))):
        assert all(isinstance(v, float) for v in got[k])
        np.testing.assert_array_equal(np.array(got[k]), ref[k][lo:hi])
    arrays = loop_values([x[:half]], [x[half:]])  # the batch form: one (n,) array per argument
    for k in range(4):
        np.testing.assert_array_equal(arrays[k][0], got[k])


def test_real_neutralino_mixing_reads_the_takagi_factor_exactly():
    """O^T and the eigenvalue signs come back exactly from N = diag(eta) O^T (eta = 1 or i); a general
    complex N is refused rather than summed with the wrong formula."""
    from zprime_sym.susy.diagonalize import eigh
    from zprime_sym.susy.loop_sums import real_neutralino_mixing

    spec = compute_spectrum(_random_points(20))
    o_t, sign = real_neutralino_mixing(spec.N)
    np.testing.assert_array_equal(o_t * np.where(sign < 0, 1j, 1.0)[:, :, None], spec.N)
    lam = eigh(compiled_matrices().neutralino({**_matrix_values(_random_points(20))}))[0]
    np.testing.assert_array_equal(np.sort(sign * spec.neutralino_masses), np.sort(lam))
    with pytest.raises(InputError, match="Takagi"):
        real_neutralino_mixing(spec.N * np.exp(0.3j))
    import dataclasses

    from zprime_sym.susy.g2 import susy_loops
    from zprime_sym.susy.params import normalise_params

    one = {k: v[:1] for k, v in _random_points(1).items()}
    rotated = dataclasses.replace(compute_spectrum(one), N=compute_spectrum(one).N * np.exp(0.3j))
    with pytest.raises(InputError, match="Takagi"):  # the one-point reading refuses it too
        susy_loops(rotated, normalise_params(one), ("mu",))


def _matrix_values(params):
    """{argument name: (n,) array} of the compiled mass matrices at ``params`` (SM inputs as the spectrum)."""
    from zprime_sym.susy.params import normalise_params

    p = normalise_params(params)
    spec = compute_spectrum(params)
    values = {**p, **spec.sm}
    return {k: values[k] for k in compiled_matrices().argument_names}


def test_float_division_by_zero_reruns_the_point_as_arrays():
    """A point whose float arithmetic divides by zero (here a massless sneutrino, by hand) is re-run as a
    1-point array: the inf / NaN of the same point inside a batch, not a ZeroDivisionError."""
    import dataclasses

    from zprime_sym.susy.g2 import susy_loops
    from zprime_sym.susy.params import normalise_params

    pts = {k: v[:2] for k, v in _random_points().items()}
    spec = compute_spectrum(pts)
    snu = dict(spec.sneutrino_masses)
    snu["mu"] = np.zeros(2)
    spec = dataclasses.replace(spec, sneutrino_masses=snu)
    with np.errstate(divide="ignore", invalid="ignore"):
        batch = susy_loops(spec, normalise_params(pts), ("e", "mu"))
        one = dataclasses.replace(spec, **{f: _first(getattr(spec, f)) for f in (
            "neutralino_masses", "N", "chargino_masses", "U", "V", "slepton_masses", "slepton_mixing",
            "sneutrino_masses", "sm")})
        single = susy_loops(one, normalise_params({k: v[0] for k, v in pts.items()}), ("e", "mu"))
    assert not np.isfinite(batch[1][1, 0])
    for got, ref in zip(single, batch):
        np.testing.assert_array_equal(got[:, 0], ref[:, 0])


def _first(value):
    """The first point of a spectrum field (array or dict of arrays), keeping the leading axis."""
    if isinstance(value, dict):
        return {k: v[:1] for k, v in value.items()}
    return value[:1]
