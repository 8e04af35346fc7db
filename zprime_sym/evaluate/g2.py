"""One-loop Z' contribution to the anomalous magnetic moment of a charged lepton.

Convention (BCK21, Eqs. (5)-(6)): L ⊃ -Z'_mu l-bar gamma^mu (C_V + C_A gamma5) l. The one-loop
shift of a_l = (g-2)_l / 2 is BCK21 Eq. (7) (Leveille, Nucl. Phys. B 137 (1978) 63)::

    Delta a_l = r / (4 pi^2) * ( C_V^2 I_V(r) - C_A^2 I_A(r) ),      r = m_l^2 / m_Z'^2,

    I_V(r) = int_0^1 x^2 (1-x) / D(x) dx,
    I_A(r) = int_0^1 [x (1-x) (4-x) + 2 r x^3] / D(x) dx,           D(x) = 1 - x + r x^2.

Numerical method
----------------
Both integrands are positive on [0, 1], so the integrals themselves are well conditioned; what
is ill conditioned is their closed form (logs and arctangents of r whose coefficients grow like
r^-3 and cancel for small r (docs/conventions.md): relative errors of 4e-5 at r = 1e-3, 9e-11 at
r = 0.02 and 4e-12 at r = 0.05, measured against mpmath). We therefore use

* ``r < R_SERIES = 0.05``: the small-r expansion of the exact result,
  I = I(0) + sum_{n=1}^{N} r^n (a_n ln r + b_n), with the exact rational coefficients below (obtained
  by expanding the closed form with sympy; tests/test_g2.py re-derives them). The series converges
  for r < 1/4 (1 - x + r x^2 has a double root at r = 1/4) with ratio ~ 4r; N grows with r
  (``SERIES_TERMS``: 5 terms below 1e-4, 9 below 3e-3, 21 up to 0.05) so that the first omitted term,
  ~ (4r)^(N+1) |ln r|, is below 1e-15 relative.
* ``0.05 <= r < R_CLOSED = 0.5``: fixed 56-node Gauss-Legendre quadrature of the two integrals on
  [0, 1] (``numpy.polynomial.legendre.leggauss``). The integrands are analytic on [0, 1]; the nearest
  singularity is the root x = (1 - sqrt(1 - 4r)) / (2r) of D, at x = 1.056 for r = 0.05, so the rule
  converges like rho^(-2n) with rho = 1.6 (Bernstein ellipse): 56 nodes reach ~1e-15 relative.
* ``r >= 0.5``: the exact closed form (polynomial division by D plus int_0^1 dx/D, which is
  2 artanh(tau)/tau with tau = sqrt(1 - 4r) for r < 1/4 and 2 arctan(sigma)/sigma with
  sigma = sqrt(4r - 1) for r > 1/4), written in u = 1/r. Its cancellation costs (40-digit mpmath
  quadrature, 150 points per interval) up to 4e-12 at r = 0.05, 1.3e-13 for 0.15 <= r < 0.3,
  1.8e-14 for 0.3 <= r < 0.6 and 4e-15 above, which is why it is used only from r = 0.5.

All regimes are checked against 40-digit mpmath quadrature in tests/test_g2.py and
tests/test_g2_accuracy.py (dense points across both switches) to a relative 1e-13;
benchmarks/g2_accuracy.py prints the measured worst case per regime.

Limits (BCK21 Eq. (8)), derived from the closed form::

    r -> 0:  I_V = 1/3 + r (ln r + 25/12) + r^2 (6 ln r + 97/10) + r^3 (28 ln r + 208/5) + ...
             I_A = 5/3 + r (ln r + 19/12) + r^2 (4 ln r + 77/15) + r^3 (14 ln r + 173/10) + ...
    r -> oo: I_V = 1/(2r) - pi / (2 r^(3/2)) + O(ln r / r^2),
             I_A = 1 + (ln r - 5/2) / r + O(r^(-3/2))

so the heavy-Z' limit is approached as O(r ln r) and, for the light-Z' limit, the axial part as
O(ln r / r) but the vector part only as O(1/sqrt(r)) = O(m_Z'/m_l).

Units: masses in GeV.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from ..constants import constants
from ..model.couplings import COUPLING_NAMES, FLAVOURS, QUARK_COUPLING_NAMES, coupling_arrays
from ..exceptions import InputError
from ..constraints.base import Points
from ..constraints.mass_runs import MassFunction, mass_groups

#: r = m_l^2/m_Z'^2 below which the small-r series is used.
R_SERIES = 0.05
#: r from which the closed form is used; Gauss-Legendre quadrature in between (module docstring).
R_CLOSED = 0.5
#: Gauss-Legendre nodes and weights on [0, 1] for R_SERIES <= r < R_CLOSED.
_GL_NODES, _GL_WEIGHTS = (lambda xw: ((xw[0] + 1.0) / 2.0, xw[1] / 2.0))(np.polynomial.legendre.leggauss(56))
#: Exact small-r expansion coefficients (a_n, b_n) of r^n (a_n ln r + b_n), n = 1..21, for I_V and I_A
#: (sympy series of the closed form; re-derived in tests/test_g2.py). I_V(0) = 1/3, I_A(0) = 5/3.
SERIES_COEFFICIENTS_V = tuple((Fraction(a), Fraction(b)) for a, b in (
    (1, "25/12"), (6, "97/10"), (28, "208/5"), (120, "3608/21"), (495, "38953/56"), (2002, "501197/180"),
    (8008, "498194/45"), (31824, "16877236/385"), (125970, "159976385/924"), (497420, "159756745/234"),
    (1961256, "524479523/195"), (7726160, "5242299086/495"), (30421755, "110061722131/2640"),
    (119759850, "3191523441719/19448"), (471435600, "14134219614002/21879"),
    (1855967520, "28271148742084/11115"), (7307872110, "98963346346589/9880"),
    (28781143380, "3662293130519393/92820"), (113380261800, "3663019636350773/23562"),
    (446775310800, "150215535477698893/245157"), (1761039350070, "6460678640399224009/2674440"),
))
SERIES_COEFFICIENTS_A = tuple((Fraction(a), Fraction(b)) for a, b in (
    (1, "19/12"), (4, "77/15"), (14, "173/10"), (48, "6208/105"), (165, "34333/168"), (572, "449717/630"),
    (2002, "453149/180"), (7072, "31031752/3465"), (25194, "148336757/4620"), (90440, "149175265/1287"),
    (326876, "492609113/1170"), (1188640, "9896221372/6435"), (4345965, "14903578333/2640"),
    (15967980, "3036250804199/145860"), (58929450, "13489560895727/175032"),
    (218349120, "54115347015368/188955"), (811985790, "94952136543989/88920"),
    (3029594040, "3521689671122993/881790"), (11338026180, "3529446349924193/235620"),
    (42550029600, "289999633348750586/5148297"), (160094486370, "6246597091335532609/29418840"),
))
#: Number of series terms used below each r (first omitted term (4r)^(N+1) |ln r| < 1e-15 relative).
SERIES_TERMS = ((1e-4, 5), (3e-3, 9), (R_SERIES, 21))
_SERIES_V = tuple((float(a), float(b)) for a, b in SERIES_COEFFICIENTS_V)
_SERIES_A = tuple((float(a), float(b)) for a, b in SERIES_COEFFICIENTS_A)


def _check_r(r) -> np.ndarray:
    arr = np.asarray(r, dtype=float)
    bad = ~np.isfinite(arr) | (arr <= 0)
    if np.any(bad):
        raise InputError(f"r = m_l^2/m_Z'^2 must be finite and positive; got {arr[bad][:3].tolist()}")
    return arr


def _series_sum(rb, log_r, leading: float, coefficients, n_terms: int):
    """leading + sum_{n=1}^{N} r^n (a_n ln r + b_n) by Horner in r, for arrays or Python floats alike (the
    same IEEE operations in the same order either way: 0.0 + x is x as a zeros array would give)."""
    total = 0.0
    for a_n, b_n in reversed(coefficients[:n_terms]):
        total = rb * (total + a_n * log_r + b_n)
    return leading + total


def _series_terms(r: float) -> int:
    """Number of series terms (SERIES_TERMS) for one r < R_SERIES."""
    return next(n for upper, n in SERIES_TERMS if r < upper)


def _integrals_series(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """I_V, I_A from the small-r expansion (module docstring), for r < R_SERIES (1-d array)."""
    if r.size <= _FEW:  # Python floats (ln r from numpy): 3 numpy calls instead of 6 per Horner step
        values, logs = r.tolist(), np.log(r).tolist()
        pairs = [(_series_sum(v, lg, 1.0 / 3.0, _SERIES_V, _series_terms(v)),
                  _series_sum(v, lg, 5.0 / 3.0, _SERIES_A, _series_terms(v))) for v, lg in zip(values, logs)]
        return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    i_v, i_a = np.empty_like(r), np.empty_like(r)
    lower = 0.0
    for upper, n_terms in SERIES_TERMS:
        index = np.flatnonzero((r >= lower) & (r < upper))
        lower = upper
        if index.size == 0:
            continue
        rb = r[index]
        log_r = np.log(rb)
        i_v[index] = _series_sum(rb, log_r, 1.0 / 3.0, _SERIES_V, n_terms)
        i_a[index] = _series_sum(rb, log_r, 5.0 / 3.0, _SERIES_A, n_terms)
    return i_v, i_a


#: Per-node constants of _integrals_quadrature, each computed in Python floats exactly as the node loop
#: does, for the small-batch form (rows of nodes; same doubles, same order of the sums).
_GL_TERMS = tuple(np.array(v) for v in zip(*(
    (w, 1.0 - x, x * x, x * x * (1.0 - x), x * (1.0 - x) * (4.0 - x), 2.0 * x**3)
    for x, w in zip(_GL_NODES.tolist(), _GL_WEIGHTS.tolist()))))
#: Up to this many r the quadrature runs on an (r, node) array (56 numpy calls per node otherwise dominate).
_QUADRATURE_SMALL = 64


def _integrals_quadrature(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """I_V, I_A by the fixed Gauss-Legendre rule (module docstring), for R_SERIES <= r < R_CLOSED."""
    if r.size <= _QUADRATURE_SMALL:
        # the node loop below on an (r, node) array: the same operations on the same doubles, and the
        # running sums of np.cumsum are the loop's sums in node order (tests/test_g2.py: bit for bit)
        w, one_minus_x, xx, v_coef, a_coef, a_slope = _GL_TERMS
        rr = r[:, None]
        inv_d = w / (one_minus_x + rr * xx)
        return np.cumsum(v_coef * inv_d, axis=-1)[:, -1], np.cumsum((a_coef + a_slope * rr) * inv_d, axis=-1)[:, -1]
    i_v, i_a = np.zeros_like(r), np.zeros_like(r)
    # node by node, elementwise: each point's sum is taken in the same order whatever the batch
    # (a BLAS matrix-vector product would round differently with the array's shape). Per node:
    # inv_d = w / (1 - x + r x^2), i_v += x^2 (1 - x) inv_d, i_a += (x (1 - x)(4 - x) + 2 x^3 r) inv_d,
    # in place on two scratch arrays (the same roundings: a + b and a * b are commutative in IEEE)
    inv_d, term = np.empty_like(r), np.empty_like(r)
    for x, w in zip(_GL_NODES.tolist(), _GL_WEIGHTS.tolist()):
        np.multiply(r, x * x, out=inv_d)
        inv_d += 1.0 - x
        np.divide(w, inv_d, out=inv_d)
        np.multiply(inv_d, x * x * (1.0 - x), out=term)
        i_v += term
        np.multiply(r, 2.0 * x**3, out=term)
        term += x * (1.0 - x) * (4.0 - x)
        term *= inv_d
        i_a += term
    return i_v, i_a


def _closed_combine(u, log_r, m0):
    """I_V, I_A of the closed form from u = 1/r, ln r and int_0^1 dx/D: arrays or Python floats alike."""
    c = u * (2.0 - 4.0 * u + u * u) / 2.0
    i_v = u * (1.0 - 2.0 * u) / 2.0 + u * u * (2.0 - u) / 2.0 * log_r - c * m0
    i_a = (1.0 - 2.0 * u) * (2.0 - u) / 2.0 + c * log_r + u * (2.0 - u) * (4.0 - u) / 2.0 * m0
    return i_v, i_a


def _integrals_closed(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """I_V, I_A from the exact closed form, written in u = 1/r (accurate to < 1e-14 for r >= R_CLOSED)."""
    # int_0^1 dx / D(x) = 2 arctan(sigma)/sigma, sigma = sqrt(4r - 1), for r > 1/4 (complex roots of D),
    # 2 artanh(tau)/tau, tau = sqrt(1 - 4r), for r < 1/4 (real roots), and 2 at r = 1/4
    root = np.sqrt(np.abs(4.0 * r - 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        m0 = 2.0 * np.arctan(root) / root
        real_roots = np.flatnonzero(r < 0.25)
        if real_roots.size:
            tau = root[real_roots]
            m0[real_roots] = 2.0 * np.arctanh(tau) / tau
    m0[root == 0.0] = 2.0
    log_r = np.log(r)
    if r.size <= _FEW:  # the arithmetic on Python floats: the same IEEE operations, 30 numpy calls fewer
        pairs = [_closed_combine(1.0 / v, lg, m) for v, lg, m in zip(r.tolist(), log_r.tolist(), m0.tolist())]
        return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    return _closed_combine(1.0 / r, log_r, m0)


#: Up to this many values the regimes are chosen on Python floats (a numpy mask costs ~1 us per call).
_FEW = 8


def _regime(r: float):
    """The method of :func:`loop_integrals` for one r."""
    return _integrals_series if r < R_SERIES else _integrals_closed if r >= R_CLOSED else _integrals_quadrature


def loop_integrals(r) -> tuple[np.ndarray, np.ndarray]:
    """The two dimensionless integrals (I_V, I_A) of BCK21 Eq. (7) at r = m_l^2/m_Z'^2.

    Vectorised over any array shape; r must be finite and positive. Measured relative accuracy
    better than 1e-13 for all r against 40-digit mpmath (module docstring: method and tests).
    Every method works value by value, so a few r in one regime go to it directly (same doubles).
    """
    return _loop_integrals(_positive(np.asarray(r, dtype=float)))


def _loop_integrals(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`loop_integrals` of a checked float array of r."""
    flat = arr.ravel()
    if flat.size <= _FEW:
        methods = {_regime(v) for v in flat.tolist()}
        if len(methods) == 1:
            i_v, i_a = methods.pop()(flat)
            return i_v.reshape(arr.shape), i_a.reshape(arr.shape)
    i_v = np.empty_like(flat)
    i_a = np.empty_like(flat)
    small = flat < R_SERIES
    large = flat >= R_CLOSED
    for mask, method in ((small, _integrals_series), (~small & ~large, _integrals_quadrature),
                         (large, _integrals_closed)):
        index = np.flatnonzero(mask)
        if index.size:
            i_v[index], i_a[index] = method(flat[index])
    return i_v.reshape(arr.shape), i_a.reshape(arr.shape)


def loop_integral_vector(r) -> np.ndarray:
    """I_V(r) = int_0^1 x^2 (1-x) / (1 - x + r x^2) dx (BCK21 Eq. (7), C_V^2 term)."""
    return loop_integrals(r)[0]


def loop_integral_axial(r) -> np.ndarray:
    """I_A(r) = int_0^1 [x(1-x)(4-x) + 2 r x^3] / (1 - x + r x^2) dx (BCK21 Eq. (7), C_A^2 term)."""
    return loop_integrals(r)[1]


def _lepton_mass(lepton: str) -> float:
    if lepton not in FLAVOURS:
        raise InputError(f"lepton = {lepton!r}; expected one of {list(FLAVOURS)}")
    return constants().lepton_mass(lepton)


def _check_mass(m_zp) -> np.ndarray:
    arr = np.asarray(m_zp, dtype=float)
    bad = ~np.isfinite(arr) | (arr <= 0)
    if np.any(bad):
        raise InputError(f"m_Z' must be finite and positive (GeV); got {arr[bad][:3].tolist()}")
    return arr


def _check_coupling(value, name: str) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    bad = ~np.isfinite(arr)
    if np.any(bad):
        raise InputError(f"coupling {name} must be finite; got {arr[bad][:3].tolist()}")
    return arr


def _ratio(m_zp, lepton: str) -> np.ndarray:
    m_l = _lepton_mass(lepton)
    return (m_l / _check_mass(m_zp)) ** 2


def delta_a(m_zp, CV, CA, lepton: str = "mu") -> np.ndarray:
    """One-loop Delta a_l from a Z' (BCK21 Eq. (7)); m_zp in GeV, arrays broadcast.

    CV, CA are the vector and axial couplings of the lepton, L ⊃ -Z' l-bar gamma (C_V + C_A gamma5) l.
    Raises InputError for a non-positive or non-finite mass or a non-finite coupling.
    """
    cv = _check_coupling(CV, "C_V")
    ca = _check_coupling(CA, "C_A")
    r = _ratio(m_zp, lepton)
    i_v, i_a = loop_integrals(r)
    return _delta_a_of(r, cv, ca, i_v, i_a)


def _delta_a_of(r, cv, ca, i_v, i_a):
    """BCK21 Eq. (7) from r, the couplings and the integrals: arrays or Python floats alike (numpy's
    x**2 is x*x, written so)."""
    return r / (4.0 * np.pi**2) * (cv * cv * i_v - ca * ca * i_a)


def delta_a_point(m_zp: float, couplings) -> list[float]:
    """[:func:`delta_a` (m_zp, C_V, C_A, lepton) for each (C_V, C_A, lepton) of ``couplings``] at one mass
    m_zp (GeV, a Python float), as Python floats: the loop integrals of all leptons in one
    :func:`loop_integrals` call and the rest on floats, the same IEEE operations, so the same doubles."""
    if not 0.0 < m_zp < math.inf or not all(math.isfinite(cv) and math.isfinite(ca) for cv, ca, _ in couplings):
        return [float(delta_a(m_zp, cv, ca, lep)) for cv, ca, lep in couplings]  # its checks and errors
    ratios = []
    for _, _, lep in couplings:
        q = _lepton_mass(lep) / m_zp
        ratios.append(q * q)
    i_v, i_a = loop_integrals(np.array(ratios))
    return [_delta_a_of(r, cv, ca, v, a)
            for r, (cv, ca, _), v, a in zip(ratios, couplings, i_v.tolist(), i_a.tolist())]


def delta_a_leptons(m_zp, couplings: Mapping) -> dict[str, np.ndarray]:
    """Delta a_e, Delta a_mu, Delta a_tau from couplings named CV_e, CA_e, ... (missing ones = 0).

    Quark and nucleon couplings (QUARK_COUPLING_NAMES) may be present and do not enter the lepton g-2
    at one loop; any other name raises InputError.

    Batches that hold runs of equal masses (a search evaluates many couplings at each mass) get the loop
    integrals once per run: they depend on m_Z' alone and are computed value by value, so the result is
    the same, bit for bit, as :func:`delta_a` on every point (tests/test_g2.py)."""
    if isinstance(couplings, Points) and m_zp is couplings.m:  # a validated batch: its arrays and mass runs
        m, arrays, runs = m_zp, {name: couplings[name] for name in COUPLING_NAMES}, couplings.mass_groups()
    else:
        arrays = coupling_arrays({k: v for k, v in couplings.items() if k not in QUARK_COUPLING_NAMES})
        m = _check_mass(m_zp)
        shape = np.broadcast_shapes(m.shape, *(a.shape for a in arrays.values()))
        runs = mass_groups(np.broadcast_to(m, shape)) if len(shape) == 1 else None
    if runs is None:  # the mass and couplings checked once above (coupling_arrays: finite values)
        out = {}
        for fl in FLAVOURS:
            r = (_lepton_mass(fl) / m) ** 2
            out[fl] = _delta_a_of(r, arrays[f"CV_{fl}"], arrays[f"CA_{fl}"], *_loop_integrals(_positive(r)))
        return out
    distinct, run = runs
    integrals = _integrals_by_mass(distinct)
    out = {}
    for fl in FLAVOURS:
        r_distinct, i_v, i_a = integrals[fl]
        out[fl] = _delta_a_of(r_distinct[run], arrays[f"CV_{fl}"], arrays[f"CA_{fl}"], i_v[run], i_a[run])
    return out


def _positive(r: np.ndarray) -> np.ndarray:
    """``r`` if every value is finite and positive, else :func:`_check_r`'s error (NaN fails either test).
    A few values are checked on Python floats, more by two reductions instead of the elementwise test
    (also for the r of a checked mass, which under- or overflows beyond ~1e150 times the lepton mass)."""
    if r.size <= _FEW:
        ok = all(0.0 < v < math.inf for v in r.ravel().tolist())
    else:
        ok = bool(r.min() > 0 and r.max() < np.inf)
    return r if ok else _check_r(r)


def _integrals_at(distinct: np.ndarray) -> dict:
    """{flavour: (r, I_V(r), I_A(r))} at the given masses (elementwise: each value is the one
    :func:`loop_integrals` gives for that r whatever the other entries)."""
    out = {}
    for fl in FLAVOURS:
        r = _ratio(distinct, fl)
        out[fl] = (r, *loop_integrals(r))
    return out


#: The loop integrals on a batch's distinct masses, remembered per set of masses (read-only arrays).
_integrals_by_mass = MassFunction(_integrals_at).on_distinct


def delta_a_heavy_limit(m_zp, CV, CA, lepton: str = "mu") -> np.ndarray:
    """BCK21 Eq. (8), m_l << m_Z': m_l^2 (C_V^2 - 5 C_A^2) / (12 pi^2 m_Z'^2).

    With C_V = 0 this is BCK21 Eq. (15). Relative corrections are O(r ln r), r = m_l^2/m_Z'^2.
    """
    r = _ratio(m_zp, lepton)
    cv, ca = _check_coupling(CV, "C_V"), _check_coupling(CA, "C_A")
    return r * (cv**2 - 5.0 * ca**2) / (12.0 * np.pi**2)


def delta_a_light_limit(m_zp, CV, CA, lepton: str = "mu") -> np.ndarray:
    """BCK21 Eq. (8), m_l >> m_Z': (m_Z'^2 C_V^2 - 2 m_l^2 C_A^2) / (8 pi^2 m_Z'^2).

    The C_A = 0 case is the Schwinger-like value C_V^2/(8 pi^2). Corrections: O(m_Z'/m_l) for the
    vector part, O(ln r / r) for the axial part (see module docstring).
    """
    r = _ratio(m_zp, lepton)
    cv, ca = _check_coupling(CV, "C_V"), _check_coupling(CA, "C_A")
    return (cv**2 - 2.0 * r * ca**2) / (8.0 * np.pi**2)
