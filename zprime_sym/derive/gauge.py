"""Neutral gauge sector: kinetic-mixing rotation, 3x3 mass matrix, Z-Z' mixing, m_Z', rho.

Conventions (BCK21, Eqs. (18)-(21)):
- Kinetic mixing -eps/2 B'_{mu nu} X'^{mu nu} is removed by Eq. (19),
  (B', X') = [[1, -eps/sqrt(1-eps^2)], [0, 1/sqrt(1-eps^2)]] (B, X), giving the covariant derivative
  D = d + i g1 Y B + i g2 T3 W3 + i (g~ Y + g' z) X (Eq. (20)) with, exactly,
  g~ = -g1 eps/sqrt(1-eps^2) and g' -> g'/sqrt(1-eps^2); at leading order g~ = -g1 eps.
- A scalar with VEV v_s/sqrt(2) in its neutral component (T3 = -Y) adds v_s^2 c_s c_s^T to the mass
  matrix in the basis (B, W3, X), c_s = (g1 Y, g2 T3, g~ Y + g' z_s). Doublet VEVs are
  v_j = v * (hyperspherical factors of the declared angles tan(beta_k)); singlets carry their own v_S.
- Eq. (21): (B, W3, X) = R (A, Z, Z') with the Weinberg rotation followed by the Z-Z' angle phi,
  tan(2 phi) = 2 M2_{Z0 X} / (M2_{Z0 Z0} - M2_{XX})  (this reproduces Eq. (22) and Eqs. (25)-(26)).
Everything is exact sympy; the "leading order" (LO) quantities keep the first non-vanishing order in
the small couplings g', g~ (see the structure of the (Z0, X) block in :func:`gauge_sector`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from ..model.charges import as_expr

#: Constant symbols used in derived expressions: e (electric charge), sw, cw (weak mixing angle), v.
e, sw, cw, v = sp.symbols("e sw cw v", positive=True)
g1 = e / cw
g2 = e / sw
gZ = e / (sw * cw)  #: Z coupling; gZ (T3 - sw^2 Q) is the Z0 projection of (g1 Y, g2 T3)
#: placeholders for g~ and g' inside the expansion (names no model symbol can take)
_GT, _GP = sp.symbols("_gt_ _gp_", real=True)


def _maybe_square(poly: sp.Poly) -> bool:
    """False only if ``poly`` is certainly not the square of a polynomial: its value at a fixed
    integer point (the first primes) is not the square of a rational. True means "could be"."""
    import math

    primes = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97)
    if len(poly.gens) > len(primes):
        return True
    from fractions import Fraction

    value = Fraction(0)
    for monom, c in poly.terms():  # exact, in Python rationals (no sympy expression built)
        term = Fraction(int(c.p), int(c.q))
        for prime, k in zip(primes, monom):
            term *= prime**k
        value += term
    if value < 0:
        return False
    p, q = value.numerator, value.denominator
    return math.isqrt(p) ** 2 == p and math.isqrt(q) ** 2 == q


def _split_gcd(a: sp.Poly, b: sp.Poly) -> sp.Poly:
    """gcd(a, b) up to a constant factor, for polynomials in the same generators.

    The gcd contains only generators that occur in both: for a generator y of one polynomial that the
    other lacks, that polynomial is replaced by its coefficients of the powers of y (the gcd divides
    each of them), until all pieces have the same generators; then sympy's gcd runs on the pieces,
    smallest first, in those generators only, stopping at a constant. For the gauge-sector couplings
    (linear in many charges and VEV fractions) the pieces are small polynomials in a few generators,
    where sympy's dense gcd of the whole (15 generators for 7 doublets) costs about 0.1 s."""
    gens, domain = a.gens, a.domain
    pieces = [t for t in ({m: c for m, c in p.terms() if c} for p in (a, b)) if t]  # gcd(a, 0) = a
    while len(pieces) > 1:
        present = [{i for m in t for i, k in enumerate(m) if k} for t in pieces]
        common = set.intersection(*present)
        if not common:
            return sp.Poly(1, *gens, domain=domain)
        if all(p == common for p in present):
            break
        split = []
        for terms, used in zip(pieces, present):
            drop = sorted(used - common)
            if not drop:
                split.append(terms)
                continue
            groups: dict = {}
            for m, c in terms.items():
                key = tuple(m[i] for i in drop)
                reduced = tuple(0 if i in drop else k for i, k in enumerate(m))
                groups.setdefault(key, {})[reduced] = c
            split.extend(groups.values())
        pieces = split
    keep = sorted({i for t in pieces for m in t for i, k in enumerate(m) if k})  # sympy's dense polynomials cost per generator: only the common ones
    sub = [gens[i] for i in keep]
    polys = sorted((sp.Poly.from_dict({tuple(m[i] for i in keep): c for m, c in t.items()}, *sub, domain=domain)
                    for t in pieces), key=lambda p: len(p.terms()))
    g = polys[0]
    for other in polys[1:]:
        if g.is_ground:
            break
        g = g.gcd(other)
    full = {}
    for m, c in g.terms():
        monom = [0] * len(gens)
        for i, k in zip(keep, m):
            monom[i] = k
        full[tuple(monom)] = c
    return sp.Poly.from_dict(full, *gens, domain=domain)


@functools.cache
def _sparse_ring(gens: tuple, domain):
    from sympy.polys.rings import ring

    return ring(gens, domain)[0]


def _exquo(p: sp.Poly, g: sp.Poly) -> sp.Poly:
    """p / g (exact) in sympy's sparse polynomials: its dense ones recurse through every generator."""
    if g.is_one:
        return p
    ring = _sparse_ring(p.gens, p.domain)
    q = ring.from_dict(dict(p.terms())).exquo(ring.from_dict(dict(g.terms())))
    return sp.Poly.from_dict(dict(q.terms()) or {(0,) * len(p.gens): 0}, *p.gens, domain=p.domain)


def _factor_list_linear(poly: sp.Poly):
    """``poly.factor_list()`` without multivariate factorisation, for a polynomial that is linear
    in one of its generators X, where X is a generator x or, if x enters only as x^2, X = x^2:
    p = A X + B = g q with g = gcd(A, B) free of x and q = p/g primitive in X. For X = x, q is of
    degree 1 in x, hence irreducible; for X = x^2, q = A' x^2 + B' (A', B' coprime) is irreducible
    unless -A' B' is a perfect square (if it may be: None, and sympy factors). Only the (much smaller) g is
    factored by sympy. The factors are normalised as sympy does (integer, primitive, positive
    leading coefficient); the coefficient follows from the leading coefficients (multiplicative in
    lex order). None if no generator enters in one of these two ways."""
    if poly.is_ground:
        return None
    terms = poly.terms()
    choice = None
    for i, x in enumerate(poly.gens):
        powers = {m[i] for m, _ in terms}
        if max(powers) == 1:
            choice = (i, 1)
            break
        if choice is None and powers <= {0, 2}:
            choice = (i, 2)
    if choice is None:
        return None
    i, power = choice

    def part(k):  # coefficient of X^k as a polynomial in the same generators
        return sp.Poly.from_dict({m[:i] + (0,) + m[i + 1:]: c for m, c in terms if m[i] == k} or {(0,) * len(poly.gens): 0},
                                 *poly.gens, domain=poly.domain)

    a, b = part(power), part(0)
    g = _split_gcd(a, b) if not a.is_ground else sp.Poly(1, *poly.gens, domain=poly.domain)
    if power == 2 and _maybe_square(-(_exquo(a, g) * _exquo(b, g))):
        return None
    q = _exquo(poly, g)
    q = q.clear_denoms(convert=True)[1].primitive()[1] if q.domain.is_Field else q.primitive()[1]
    if q.LC() < 0:
        q = -q
    g_coeff, g_factors = g.factor_list()
    factors = [*g_factors, (q, 1)]
    lead = sp.Integer(1)
    for f, k in factors:
        lead *= f.LC() ** k
    return as_expr(poly.LC()) / lead, factors


def is_polynomial(expr) -> bool:
    """True if ``expr`` is an expanded polynomial: a sum of rational multiples of products of positive
    integer powers of symbols (sympy.cancel and sympy.together leave its expanded form as it is)."""
    for term in sp.Add.make_args(expr):
        for f in sp.Mul.make_args(term):
            if not (f.is_Rational or f.is_Symbol or (f.is_Pow and f.base.is_Symbol and f.exp.is_Integer
                                                      and f.exp > 0)):
                return False
    return True


def _is_polynomial_fraction(expr) -> bool:
    """True if ``expr`` is a product of a rational and integer powers of expanded polynomials (with at
    least one Add among them: a bare monomial goes through sympy.together as before)."""
    has_add = False
    for arg in sp.Mul.make_args(expr):
        if arg.is_Rational:
            continue
        base, exp = arg.as_base_exp() if arg.is_Pow else (arg, sp.Integer(1))
        if not exp.is_Integer or not is_polynomial(base):
            return False
        has_add = has_add or base.is_Add
    return has_add


def reduce_cw_polynomial(expr) -> sp.Expr:
    """The expanded polynomial ``expr`` with cw^k -> cw^(k mod 2) (1 - sw^2)^(k div 2), expanded: its
    remainder on division by cw^2 + sw^2 - 1 as a polynomial in cw (what :func:`reduce_cw` does to a
    numerator or denominator with sympy.rem), term by term."""
    expr = sp.expand(expr)
    if not expr.has(cw):
        return expr
    terms = []
    for term in sp.Add.make_args(expr):
        k = term.as_powers_dict().get(cw, 0)
        terms.append(term * cw ** (k % 2 - k) * (1 - sw**2) ** (k // 2))
    return sp.expand(sp.Add(*terms))


def factor_linear(expr) -> sp.Expr:
    """Same result as ``sp.factor(expr)`` for the gauge-sector expressions, whose numerators and
    denominators are linear in at least one parameter (the couplings are linear in g', g~, the mass
    terms linear in each VEV fraction w_j): see :func:`_factor_list_linear`. Falls back to
    ``sp.factor`` for any other shape (tests/test_derive_identical.py checks identity for every
    shipped model and for N = 2..6 Higgs doublets)."""
    expr = as_expr(expr)
    if not _is_polynomial_fraction(expr):  # a product of powers of expanded polynomials needs no together
        expr = sp.together(expr)
    coeff = sp.Integer(1)
    factors: list = []
    for arg in sp.Mul.make_args(expr):
        base, exp = arg.as_base_exp() if arg.is_Pow else (arg, sp.Integer(1))
        if arg.is_Number:
            coeff *= arg
            continue
        if not exp.is_Integer or base.is_Number or not base.free_symbols:
            return sp.factor(expr)
        try:
            poly = sp.Poly(base)
        except (sp.PolynomialError, sp.polys.polyerrors.GeneratorsNeeded):
            return sp.factor(expr)
        if not poly.domain.is_QQ and not poly.domain.is_ZZ:
            return sp.factor(expr)
        listed = _factor_list_linear(poly)
        if listed is None:
            listed = poly.factor_list()
        c, fs = listed
        coeff *= c**exp
        factors.extend((f, k * exp) for f, k in fs)
    merged: dict = {}
    for f, k in factors:
        key = f.as_expr()
        merged[key] = merged.get(key, 0) + k
    from sympy.core.mul import _keep_coeff

    return _keep_coeff(as_expr(coeff), sp.Mul(*[b**k for b, k in merged.items()]))


def reduce_cw(expr, *, tidy: bool = True) -> sp.Expr:
    """Use cw^2 = 1 - sw^2 to leave cw at most linearly in numerator and denominator (no square roots).

    ``tidy=True`` factors the result for display; ``tidy=False`` only cancels (much cheaper)."""
    expr = as_expr(expr)
    if not expr.has(cw):  # nothing to reduce (the Z' couplings never contain cw): cheaper path
        return factor_linear(expr) if tidy else sp.cancel(expr)
    num, den = sp.fraction(sp.together(expr))
    # the remainders of num and den by cw^2 + sw^2 - 1 in cw, term by term (= sympy.rem, much cheaper)
    num = reduce_cw_polynomial(num) if num.has(cw) else num
    den = reduce_cw_polynomial(den) if den.has(cw) else den
    return factor_linear(num / den) if tidy else sp.cancel(num / den)


@dataclass(frozen=True)
class GaugeSector:
    """Symbolic neutral gauge sector of a model (charges already solved for invariance)."""

    gt_lo: sp.Expr  #: g~ at leading order (=-g1 eps if the model gives eps)
    gp_lo: sp.Expr  #: g' at leading order
    gt_exact: sp.Expr  #: g~ exactly (Eq. (19)-(20))
    gp_exact: sp.Expr  #: g' after the rescaling of Eq. (19)
    kinetic_rotation: sp.Matrix  #: the 2x2 matrix of Eq. (19) (identity if given as g~)
    vev_fractions: dict  #: doublet name -> (v_j / v)^2 in terms of the declared angles
    fraction_symbols: dict  #: doublet name -> w_name = (v_j/v)^2 used in the expressions below (sum = 1)
    to_angles: dict  #: w symbol -> its expression in the declared angles (xreplace with it)
    mass_matrix: sp.Matrix  #: 3x3, basis (B, W3, X), GeV^2, exact in g', g~
    mass_matrix_weinberg: sp.Matrix  #: same in the basis (A, Z0, X): photon row/column vanish
    tan_2phi: sp.Expr  #: exact (in the g~, g' basis)
    phi_lo: sp.Expr  #: Z-Z' angle at leading order in g', g~ (m_Z' << m_Z)
    sin_phi_mixing: sp.Expr  #: first order in the Z0-X entry, all orders in M2_XX/M2_Z0Z0 (any m_Z')
    mZ2_exact: sp.Expr
    mZp2_exact: sp.Expr
    mZp2_lo: sp.Expr  #: m_Z'^2 at leading (second) order in g', g~
    delta_mZ2_lo: sp.Expr  #: m_Z^2 - m_Z0^2 at leading order, m_Z0 = gZ v / 2
    rho_lo: sp.Expr  #: rho = m_W^2 / (cw^2 m_Z^2) at leading order (not assumed to be 1)
    zH_prime: sp.Expr  #: VEV-weighted z'_H = sum_j (v_j/v)^2 (g~/g' + 2 z_j) of Eqs. (22), (26)


def doublet_vev_fractions(model) -> dict:
    """(v_j / v)^2 for each doublet with a VEV, from the hyperspherical angles tan(beta_k)."""
    doublets = [s for s in model.scalars if s.rep == "doublet" and s.has_vev]
    fractions = {}
    remaining = sp.Integer(1)
    for k, s in enumerate(doublets):
        if k < len(model.doublet_angles):
            t = model.doublet_angles[k]
            fractions[s.name] = remaining / (1 + t**2)
            remaining = remaining * t**2 / (1 + t**2)
        else:
            fractions[s.name] = remaining
    return fractions


def _kinetic(model):
    kind, val = model.kinetic_mixing
    gp = model.gp
    if kind == "gt":
        return val, gp, val, gp, sp.eye(2)
    root = sp.sqrt(1 - val**2)
    rotation = sp.Matrix([[1, -val / root], [0, 1 / root]])
    return -g1 * val, gp, -g1 * val / root, gp / root, rotation


def gauge_sector(model, charge) -> GaugeSector:
    """Build the neutral gauge sector. ``charge(name)`` returns the solved U(1)' charge of a field."""
    gt_lo, gp_lo, gt_x, gp_x, rotation = _kinetic(model)
    fractions = doublet_vev_fractions(model)
    # Work with w_j = (v_j/v)^2 (the c_beta^2, s_beta^2 of Eq. (26)), w_N = 1 - sum of the others:
    # expressions stay polynomial in w; the angles are substituted only where a user needs them.
    names = list(fractions)
    w_symbols = {n: sp.Symbol(f"w_{n}", positive=True) for n in names[:-1]}
    w = dict(w_symbols)
    if names:
        w[names[-1]] = 1 - sum(w_symbols.values())
    to_angles = {w_symbols[n]: fractions[n] for n in w_symbols}

    def vev_vectors(gt, gp, basis):
        """(v_s^2, coupling vector) of each scalar VEV; basis "BWX" = (B, W3, X) or "AZX" = (A, Z0, X).

        The VEV sits in a neutral component (Q = 0, T3 = -Y): its couplings are (g1 Y, g2 T3, g~ Y + g' z),
        or, projected on the Weinberg basis without using cw^2 + sw^2 = 1, (e Q, gZ (T3 - sw^2 Q), ...)
        = (0, -gZ Y, g~ Y + g' z)."""
        out = []
        for s in model.scalars:
            if not s.has_vev:
                continue
            if s.rep == "doublet":
                y = s.hypercharge
                first = (g1 * y, g2 * (-y)) if basis == "BWX" else (0, -gZ * y)
                out.append((v**2 * w[s.name], sp.Matrix([*first, gt * y + gp * charge(s.name)])))
            else:
                out.append((s.vev**2, sp.Matrix([0, 0, gp * charge(s.name)])))
        return out

    def mass_matrix(gt, gp, basis="BWX"):
        m2 = sp.zeros(3, 3)
        for v2, c in vev_vectors(gt, gp, basis):
            m2 += v2 * c * c.T
        return m2

    m2 = mass_matrix(gt_x, gp_x)

    # The analytic Z0-X block is built with placeholder couplings (g~, g') and the model's values are
    # put in only at the end: the expansion in small couplings then means the same thing whether the
    # model gives g', g~ (or eps) as symbols or as numbers (for eps models: g~ = -g1 eps).
    actual = {_GT: gt_lo, _GP: gp_lo}

    def put_values(expr, *, tidy_result=True):
        return reduce_cw(as_expr(expr).xreplace(actual), tidy=tidy_result)

    # Weinberg basis (A, Z0, X) directly from the projected couplings (photon row and column vanish:
    # the VEVs are neutral); equal to W^T m2 W with W the Weinberg rotation
    # (tests/test_gauge_exact.py::test_weinberg_basis_matrix_is_the_rotated_one).
    m2_lo_basis = mass_matrix(_GT, _GP, basis="AZX").applyfunc(sp.expand)
    m2w = m2_lo_basis.xreplace({_GT: gt_x, _GP: gp_x})
    a, b, d = m2_lo_basis[1, 1], m2_lo_basis[1, 2], m2_lo_basis[2, 2]
    # Structure of the (Z0, X) block: Z0 couples through gZ (T3 - sw^2 Q) only, so a = M2_Z0Z0 does
    # not depend on g', g~; b = M2_Z0X is linear and d = M2_XX quadratic in them. The leading orders
    # in the small couplings are therefore exactly
    #   phi = b/a (tan 2phi = 2b/(a-d), atan x = x + O(x^3)),  m_Z'^2 = d - b^2/a,
    #   m_Z^2 - m_Z0^2 = b^2/a,  rho = m_W^2/(cw^2 m_Z^2) = 1 - b^2/a^2 = 1 - phi^2.
    placeholders = (_GT, _GP)
    if (a.free_symbols & set(placeholders)
            or any(sp.Poly(x, *placeholders).homogeneous_order() != k for x, k in ((b, 1), (d, 2)) if x != 0)):
        raise AssertionError("neutral mass matrix: unexpected dependence on g', g~ (see gauge.py)")
    sin_phi_mixing = put_values(b / (a - d), tidy_result=False)  # first order in the Z0-X entry
    num, den = sp.fraction(sin_phi_mixing)
    tan_2phi = sp.expand(2 * num) / den
    factor_ok = len(w_symbols) <= 1  # factoring many-angle expressions is slow
    phi_lo = put_values(b / a, tidy_result=factor_ok)
    root = sp.sqrt(((a - d) / 2) ** 2 + b**2)
    mZ2 = as_expr((a + d) / 2 + root).xreplace(actual)
    mZp2 = as_expr((a + d) / 2 - root).xreplace(actual)
    mZp2_lo = put_values(d - b**2 / a, tidy_result=factor_ok)
    delta_lo = put_values(b**2 / a, tidy_result=factor_ok)
    # rho = 1 - phi^2 (b^2/a^2 = phi^2) = (den^2 - num^2) / den^2 for phi = num/den, cw^2 -> 1 - sw^2:
    # the same rational function as reduce_cw(1 - phi^2), factored (factor_linear's result is sympy.factor's)
    phi_num, phi_den = sp.fraction(sp.together(phi_lo))
    rho_lo = factor_linear(reduce_cw_polynomial(phi_den**2 - phi_num**2) / reduce_cw_polynomial(phi_den**2))
    zH_prime = sum(w[name] * (gt_lo / gp_lo + 2 * charge(name)) for name in names) if gp_lo != 0 else sp.nan
    return GaugeSector(
        gt_lo=gt_lo, gp_lo=gp_lo, gt_exact=gt_x, gp_exact=gp_x, kinetic_rotation=rotation,
        vev_fractions=fractions, fraction_symbols=w_symbols, to_angles=to_angles, mass_matrix=m2, mass_matrix_weinberg=m2w, tan_2phi=tan_2phi,
        phi_lo=phi_lo, sin_phi_mixing=sin_phi_mixing, mZ2_exact=mZ2, mZp2_exact=mZp2,
        mZp2_lo=mZp2_lo, delta_mZ2_lo=delta_lo, rho_lo=rho_lo, zH_prime=factor_linear(zH_prime),
    )
