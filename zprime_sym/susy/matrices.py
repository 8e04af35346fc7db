"""Symbolic SUSY mass matrices derived from a :class:`SusyDeclaration` (sympy, exact rationals).

Nothing here is typed in: every entry follows from the declared fields, charges, superpotential
and soft terms (BDR20 Sec. 2, corrected per docs/susy.md):

* **Neutralinos**, basis (gauginos up to and including the SU(2) one, neutral components of the
  doublets with a VEV, remaining gauginos, singlet fermions with a VEV); for BDR20 this is
  (B~, W~3, H~d0, H~u0, B~', eta~, etabar~). Convention -L = 1/2 psi^T M psi + h.c., M symmetric:
  gaugino masses and mixed masses (M10) on the gaugino block; gaugino-chiral entries
  sqrt(2) g Q <phi> = g Q v (with <phi> = v/sqrt(2)) summed over the gaugino's (coupling, charge)
  pairs, from the term -sqrt(2) g (phi^* Q psi) lambda of the Lagrangian; chiral block
  d^2 W / d phi_i d phi_j at the VEVs. W ⊃ mu Hu.Hd gives the (H~d0, H~u0) entry -mu (SLHA sign).
* **Charginos**, basis psi^- = (W~^-, H~d^-), psi^+ = (W~^+, H~u^+), -L = psi^-T X psi^+:
  X = [[M2, g2 <Hu0>], [g2 <Hd0>, d^2W/dHd^- dHu^+]] = [[M2, sqrt2 mW sb], [sqrt2 mW cb, mu]]
  in the SLHA phase convention.
* **Charged sleptons**, basis (l~_L, l~_R = (e~^c)^*): soft masses + F-terms sum |dW/dphi|^2 +
  D-terms G_a(f) sum_vev G_a v_i^2/2, G_a = sum g Q over gaugino a's couplings (so g_YX enters the B'
  D-term exactly as it enters the B~' couplings; at g_YX = 0 this is g_a^2 Q_a(f) sum Q_a v_i^2/2, giving (T3 - s_W^2 Q) m_Z^2 cos 2beta and the U(1)_X
  term (Q_X/2) M_Z'^2 cos 2gamma) + the soft trilinear T = A y in the structure of the Yukawa
  term; the left-right entry is m_l (A - mu tan beta) (BDR20 Eq. (2.8)).
* **Sneutrinos**: soft mass + D-terms.

VEVs follow ``[susy.vevs]``; the scale ``v`` is fixed by m_W^2 = g2^2 v^2/4 and the scale ``vX``
by M_Z'^2 = g_X^2 sum_i X_i^2 v_i^2, so g_X v_eta = M_Z' sin(gamma) stays finite as g_X -> 0.
Yukawas are eliminated in favour of the charged-lepton masses m_e, m_mu, m_tau.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .declaration import SusyDeclaration

#: Standard-Model inputs the matrices depend on besides the model parameters.
SM_INPUTS = ("g1", "g2", "m_W", "m_e", "m_mu", "m_tau")


@dataclass(frozen=True)
class Component:
    """One component of a superfield: ``index`` 1 (T3=+1/2) or 2 (T3=-1/2) for doublets, 0 for singlets."""

    field: str
    index: int
    t3: sp.Rational
    charge: sp.Rational  # electric charge T3 + Y

    @property
    def name(self) -> str:
        return f"{self.field}_{self.index}"


@dataclass(frozen=True)
class SymbolicSpectrum:
    """Symbolic mass matrices and the symbols they depend on."""

    neutralino_basis: tuple[str, ...]
    neutralino: sp.Matrix
    chargino: sp.Matrix
    slepton: dict  # flavour -> 2x2 Matrix (mass^2)
    sneutrino: dict  # flavour -> expression (mass^2)
    symbols: tuple[sp.Symbol, ...]


def _sym(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


def components(decl: SusyDeclaration, field: str) -> list[Component]:
    f = decl.field(field)
    y = sp.Rational(f.charge("Y").numerator, f.charge("Y").denominator)
    if f.su2 == 1:
        return [Component(field, 0, sp.Integer(0), y)]
    half = sp.Rational(1, 2)
    return [Component(field, 1, half, half + y), Component(field, 2, -half, -half + y)]


def _charge(decl: SusyDeclaration, comp: Component, name: str) -> sp.Rational:
    if name == "T3":
        return comp.t3
    q = decl.field(comp.field).charge(name)
    return sp.Rational(q.numerator, q.denominator)


def _neutral_vev_component(decl: SusyDeclaration, field: str) -> Component:
    return next(c for c in components(decl, field) if c.charge == 0)


def _term_polynomial(decl: SusyDeclaration, fields, coefficient) -> sp.Expr:
    """Component expansion of a product of superfields, doublets epsilon-contracted in order."""
    comps = [components(decl, f) for f in fields]
    doublets = [i for i, f in enumerate(fields) if decl.field(f).su2 == 2]
    total = sp.Integer(0)
    for choice in itertools.product(*comps):
        sign = 1
        if doublets:
            a, b = (choice[i].index for i in doublets)
            if a == b:
                continue
            sign = 1 if (a, b) == (1, 2) else -1
        total += sign * sp.Mul(*[_sym(c.name) for c in choice])
    return coefficient * total


def _vev_values(decl: SusyDeclaration) -> dict:
    """Component symbol -> VEV value (sqrt-2 normalised), expressed through parameters."""
    g_of = {g.name: _sym(g.coupling) for g in decl.gauge_groups}
    scale_value = {}
    specs = {v.name: v for v in decl.vevs}
    trig: dict[str | None, Any] = {}  # keyed by VEV name (members below all have one)
    for spec in decl.vevs:
        t = _sym(f"tan_{spec.angle}")
        trig[spec.name] = (t if spec.trig == "sin" else 1) / sp.sqrt(1 + t**2)
    for sc in decl.scales:
        members = [f for f in decl.superfields if f.vev and specs[f.vev].scale == sc.name]
        if sc.gauge_boson == "W":
            # m_W^2 = g2^2/4 sum_i v_i^2 over doublets; sum of trig^2 of one angle is 1.
            norm = sp.sqrt(sum(trig[f.vev] ** 2 for f in members if f.su2 == 2))
            scale_value[sc.name] = 2 * _sym("m_W") / (g_of[sc.group] * norm)
        else:
            qname = decl.group(sc.group).charge
            norm = sp.sqrt(sum((sp.Rational(f.charge(qname).numerator, f.charge(qname).denominator) * trig[f.vev]) ** 2 for f in members))
            assert sc.mass is not None  # the declaration reader requires mass = ... for a Zp scale
            scale_value[sc.name] = _sym(sc.mass) / (g_of[sc.group] * norm)
    values = {}
    for f in decl.superfields:
        if f.vev:
            v = sp.simplify(sp.radsimp(scale_value[specs[f.vev].scale] * trig[f.vev]))
            values[_sym(_neutral_vev_component(decl, f.name).name)] = v / sp.sqrt(2)
    return values


def build_symbolic(decl: SusyDeclaration) -> SymbolicSpectrum:
    """Derive all mass matrices of the declaration (see the module docstring for conventions)."""
    vevs = _vev_values(decl)
    W = sum((t.factor.numerator * sp.Rational(1, t.factor.denominator) * _term_polynomial(decl, t.fields, _sym(t.coefficient)) for t in decl.superpotential), sp.Integer(0))
    at_vev = {**{_sym(c.name): 0 for f in decl.superfields for c in components(decl, f.name)}, **vevs}

    # Yukawas in favour of lepton masses: m_l = d^2 W / d l d e^c at the VEVs.
    yuk = {}
    for fl in ("e", "mu", "tau"):
        lf = next(f for f in decl.superfields if f.lepton == fl and f.su2 == 2)
        ef = next(f for f in decl.superfields if f.lepton == fl and f.su2 == 1)
        lc = next(c for c in components(decl, lf.name) if c.charge == -1)
        mass = sp.diff(W, _sym(lc.name), _sym(components(decl, ef.name)[0].name)).subs(at_vev)
        term = next(t for t in decl.superpotential if lf.name in t.fields and ef.name in t.fields)
        ysym = _sym(term.coefficient)
        yuk[ysym] = sp.solve(sp.Eq(mass, _sym(f"m_{fl}")), ysym)[0]

    neutral = _neutralino(decl, W, vevs, at_vev)
    chargino = _chargino(decl, W, vevs, at_vev)
    sleptons, sneutrinos = _sleptons(decl, W, vevs, at_vev, yuk)
    neutral = (neutral[0], neutral[1].subs(yuk))
    chargino = chargino.subs(yuk)
    syms = set(neutral[1].free_symbols) | chargino.free_symbols
    for m in sleptons.values():
        syms |= m.free_symbols
    for e in sneutrinos.values():
        syms |= e.free_symbols
    return SymbolicSpectrum(neutral[0], neutral[1], chargino, sleptons, sneutrinos, tuple(sorted(syms, key=lambda s: s.name)))


def _neutralino(decl, W, vevs, at_vev):
    su2_pos = [i for i, g in enumerate(decl.gauginos) if decl.group(g.group).kind == "SU2"][0]
    first, rest = decl.gauginos[: su2_pos + 1], decl.gauginos[su2_pos + 1 :]
    vev_fields = [f for f in decl.superfields if f.vev]
    chiral = [_neutral_vev_component(decl, f.name) for f in vev_fields if f.su2 == 2]
    chiral_s = [_neutral_vev_component(decl, f.name) for f in vev_fields if f.su2 == 1]
    basis = [("gaugino", g) for g in first] + [("chiral", c) for c in chiral] + [("gaugino", g) for g in rest] + [("chiral", c) for c in chiral_s]
    n = len(basis)
    M = sp.zeros(n, n)
    mixed = {frozenset(pair): _sym(par) for pair, par in decl.soft.mixed_gaugino_masses}
    for i, j in itertools.product(range(n), repeat=2):
        (ki, a), (kj, b) = basis[i], basis[j]
        if ki == kj == "gaugino":
            M[i, j] = _sym(a.mass) if i == j else mixed.get(frozenset((a.name, b.name)), 0)
        elif ki == kj == "chiral":
            M[i, j] = sp.diff(W, _sym(a.name), _sym(b.name)).subs(at_vev)
        else:
            lam, comp = (a, b) if ki == "gaugino" else (b, a)
            v = vevs[_sym(comp.name)] * sp.sqrt(2)
            M[i, j] = sum((_sym(g) * _charge(decl, comp, q) * v for g, q in lam.couplings), sp.Integer(0))
    names = tuple(x.name if k == "gaugino" else x.field for k, x in basis)
    return names, M.applyfunc(sp.expand)


def _chargino(decl, W, vevs, at_vev):
    wino = next(g for g in decl.gauginos if decl.group(g.group).kind == "SU2")
    g2 = next(_sym(c) for c, q in wino.couplings if q == "T3")
    doublets = [f for f in decl.superfields if f.vev and f.su2 == 2]
    minus = [c for f in doublets for c in components(decl, f.name) if c.charge == -1]
    plus = [c for f in doublets for c in components(decl, f.name) if c.charge == 1]
    X = sp.zeros(1 + len(minus), 1 + len(plus))
    X[0, 0] = _sym(wino.mass)
    for j, c in enumerate(plus):  # W~^- with the charge +1 component: g2 <phi0 of the same doublet>
        X[0, j + 1] = g2 * vevs[_sym(_neutral_vev_component(decl, c.field).name)]
    for i, c in enumerate(minus):
        X[i + 1, 0] = g2 * vevs[_sym(_neutral_vev_component(decl, c.field).name)]
        for j, d in enumerate(plus):
            X[i + 1, j + 1] = sp.diff(W, _sym(c.name), _sym(d.name)).subs(at_vev)
    return X.applyfunc(sp.expand)


def _tidy(expr: sp.Expr) -> sp.Expr:
    """Group the expanded terms by their mass-scale monomial (m_W^2, M_Z'^2, soft masses, ...) and cancel
    and factor each coefficient (keeps e.g. g_X^2 v_X^2 -> M_Z'^2 finite at g_X = 0). Same result as
    sympy.collect over those monomials, several times faster."""
    expr = sp.expand(sp.radsimp(expr))
    scales = {s for s in expr.free_symbols if not s.name.startswith(("g", "tan_"))}
    groups: dict = {}
    for term in sp.Add.make_args(expr):
        mono = sp.Mul(*[f for f in sp.Mul.make_args(term) if f.free_symbols & scales])
        groups[mono] = groups.get(mono, 0) + term / mono
    return sp.Add(*[mono * sp.factor(sp.cancel(c)) for mono, c in groups.items()])


def _dterm_mass2(decl, comp, vevs):
    """D-term mass^2 of ``comp``: sum over gauge fields a of G_a(comp) sum_vev G_a(vev) |<phi>|^2, with
    G_a(phi) = sum of g Q(phi) over gaugino a's (coupling, charge) pairs, the same couplings as in the
    gaugino-chiral mixing (one gauge structure). With B~' coupling through g_X X + g_YX Y (kinetic mixing
    in the g_YX basis) the B' D-term D' = sum (g_X X + g_YX Y)|phi|^2 gives, beyond the g_YX = 0 terms,
    g_YX Y M_Z'^2 cos2g / (2 g_X) - g_YX g_X X m_W^2 cos2b / g2^2 - g_YX^2 Y m_W^2 cos2b / g2^2."""
    vev_comps = [_neutral_vev_component(decl, f.name) for f in decl.superfields if f.vev]

    def weight(gaugino, c):
        return sum((_sym(g) * _charge(decl, c, q) for g, q in gaugino.couplings), sp.Integer(0))

    total = sp.Integer(0)
    for gaugino in decl.gauginos:
        dsum = sum((weight(gaugino, vc) * vevs[_sym(vc.name)] ** 2 for vc in vev_comps), sp.Integer(0))
        total += weight(gaugino, comp) * dsum
    return total


def _sleptons(decl, W, vevs, at_vev, yuk):
    """Charged-slepton mass^2 matrices (basis l~_L, l~_R) and sneutrino mass^2 per flavour."""
    allc = [c for f in decl.superfields for c in components(decl, f.name)]
    bar = {_sym(c.name): _sym(c.name + "_bar") for c in allc}
    Wbar = W.subs(bar, simultaneous=True)
    VF = sum(sp.diff(W, _sym(c.name)) * sp.diff(Wbar, bar[_sym(c.name)]) for c in allc)
    soft_mass = {f: _sym(p) for f, p in decl.soft.scalar_masses}
    tri = sp.Integer(0)
    for names, par in decl.soft.trilinears:
        term = next(t for t in decl.superpotential if tuple(t.fields) == tuple(names))
        tri += _sym(par) * term.factor.numerator * sp.Rational(1, term.factor.denominator) * _term_polynomial(decl, names, _sym(term.coefficient))
    full_vev = {**at_vev, **{bar[k]: v for k, v in at_vev.items()}}
    sleptons, sneutrinos = {}, {}
    for fl in ("e", "mu", "tau"):
        lf = next(f for f in decl.superfields if f.lepton == fl and f.su2 == 2)
        ef = next(f for f in decl.superfields if f.lepton == fl and f.su2 == 1)
        lc = next(c for c in components(decl, lf.name) if c.charge == -1)
        nc = next(c for c in components(decl, lf.name) if c.charge == 0)
        ec = components(decl, ef.name)[0]
        sl, se, sn = _sym(lc.name), _sym(ec.name), _sym(nc.name)
        LL = soft_mass[lf.name] ** 2 + sp.diff(VF, sl, bar[sl]).subs(full_vev) + _dterm_mass2(decl, lc, vevs)
        RR = soft_mass[ef.name] ** 2 + sp.diff(VF, se, bar[se]).subs(full_vev) + _dterm_mass2(decl, ec, vevs)
        LR = (sp.diff(VF, sl, se) + sp.diff(tri, sl, se)).subs(full_vev)
        M = sp.Matrix([[LL, LR], [LR, RR]]).subs(yuk).applyfunc(_tidy)
        sleptons[fl] = M
        sneutrinos[fl] = _tidy(soft_mass[lf.name] ** 2 + sp.diff(VF, sn, bar[sn]).subs(full_vev) + _dterm_mass2(decl, nc, vevs))
    return sleptons, sneutrinos
