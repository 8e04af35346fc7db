"""Display forms of derived expressions: what a physicist writes, sympy-equal to what is derived.

Nothing here changes a derivation: :func:`display_form` returns an expression that is equal to its
input (``display_equal`` checks it, and the tests check it for every shipped model) but is arranged
for reading:

* collected by the coupling parameters (g', g~, eps, g_X): ``C = g' (...) + g~ (...)``;
* each coefficient factored and written with ``c_W^2`` for ``1 - s_W^2`` (``cw`` is the constant
  cos(theta_W) of zprime_sym.derive.gauge, so ``-g~ c_W^2`` instead of ``gt*(sw - 1)*(sw + 1)``);
* a constant plus a factored rest when that is shorter (``rho = 1 - c_W^2 s_W^2 (2 g' z_H + g~)^2 / e^2``);
* a ``1/(1 + tan^2 beta)`` is written ``cos^2 beta`` (a display symbol ``cb2`` = cos^2 beta), so that
  a VEV-weighted charge reads as the weighted sum it is, e.g. the 2HDM
  ``C_A = (g'/2) cos^2 beta (z_1 - z_2)``.

:func:`tex_name` gives the one LaTeX notation used everywhere (``--latex``, plot labels):
``CV_e`` -> ``C_{Ve}``, ``gp`` -> ``g'``, ``zL_mu`` -> ``z_{L\\mu}``, ...
"""
from __future__ import annotations

import re

import sympy as sp

from ..model.charges import as_expr
from .gauge import cw, sw

#: Parameters a coupling is collected by (leading order: couplings are linear in them).
COLLECT_BY = ("gp", "gt", "eps", "gX", "gYX")
#: Display-only symbol cos^2(beta) = 1/(1 + tan^2 beta).
cb2 = sp.Symbol("cb2", positive=True)

_LEPTON_TEX = {"e": "e", "mu": r"\mu", "tau": r"\tau"}
_COUPLING_TEX = {"CV": "V", "CA": "A", "Cnu": r"\nu"}
_SPECIAL_TEX = {"gp": "g'", "gt": r"\tilde{g}", "eps": r"\varepsilon", "tan_beta": r"\tan\beta", "gX": "g_X",
                "gYX": "g_{YX}", "zH": "z_H", "zS": "z_S", "vS": "v_S", "z1": "z_1", "z2": "z_2", "z3": "z_3",
                "sw": "s_W", "cw": "c_W", "cb2": r"c_\beta^{2}", "v": "v", "e": "e", "m_zp": "m_{Z'}",
                "tan_gamma": r"\tan\gamma"}


def tex_name(name: str) -> str:
    """LaTeX (no $) of a coupling, model parameter or constant name; unknown names get escaped underscores.

    ``CV_e`` -> ``C_{Ve}``, ``Cnu_mu`` -> ``C_{\\nu\\mu}``, ``gp`` -> ``g'``, ``zL_tau`` -> ``z_{L\\tau}``,
    ``n_e`` -> ``n_{e}``, ``w_H1`` -> ``w_{H1}``, ``z_Phi`` -> ``z_{\\Phi}``.
    """
    if name in _SPECIAL_TEX:
        return _SPECIAL_TEX[name]
    kind, _, lepton = name.partition("_")
    if kind in _COUPLING_TEX and lepton in _LEPTON_TEX:
        sep = " " if kind == "Cnu" and lepton == "e" else ""  # \nu e, not the undefined \nue
        return f"C_{{{_COUPLING_TEX[kind]}{sep}{_LEPTON_TEX[lepton]}}}"
    if kind in ("zL", "zR") and lepton in _LEPTON_TEX:
        return f"z_{{{kind[1:]}{_LEPTON_TEX[lepton]}}}"
    if kind == "n" and lepton in _LEPTON_TEX:
        return f"n_{{{_LEPTON_TEX[lepton]}}}"
    if re.fullmatch(r"[A-Za-z]_[A-Za-z0-9]+", name):
        base, sub = name.split("_")
        sub = "\\" + sub if sub in ("Phi", "phi", "Sigma", "sigma", "eta", "chi", "xi") else sub
        return f"{base}_{{{sub}}}"
    if re.fullmatch(r"[a-z][A-Z0-9]", name):
        return f"{name[0]}_{{{name[1]}}}"
    return name.replace("_", r"\_")


def symbol_names(symbols) -> dict:
    """``symbol_names`` for :func:`sympy.latex` covering ``symbols`` and the constants."""
    names = {sw: "s_W", cw: "c_W", cb2: r"c_\beta^{2}"}
    for s in symbols:
        names[s] = tex_name(s.name)
    return names


def _cw_term(a: sp.Expr):
    """``k (1 - s_W^2)`` -> ``k c_W^2`` for an Add ``a`` (None if it is not of that form)."""
    if not a.is_Add:
        return None
    k, rest = a.primitive()
    if sp.expand(rest - (1 - sw**2)) == 0:
        return k * cw**2
    if sp.expand(rest + (1 - sw**2)) == 0:
        return -k * cw**2
    return None


def _with_cw(expr: sp.Expr) -> sp.Expr:
    """Replace 1 - sw^2 by cw^2 inside a factored expression (exact: cw^2 + sw^2 = 1)."""
    expr = expr.subs({(sw - 1) * (sw + 1): -cw**2, (1 - sw) * (sw + 1): cw**2})
    return expr.replace(lambda a: _cw_term(a) is not None, _cw_term)


def _beta(expr: sp.Expr) -> sp.Expr:
    """Rewrite tan(beta) through cos^2(beta): tan^2 = (1 - c)/c, exact for the even powers that occur."""
    tb = next((s for s in expr.free_symbols if s.name == "tan_beta"), None)
    if tb is None:
        return expr
    out = sp.cancel(sp.together(expr.subs(tb, sp.sqrt((1 - cb2) / cb2))))
    return out if tb not in out.free_symbols else expr


_S2 = sp.Symbol("_sw2_", positive=True)


def _factor(expr: sp.Expr) -> sp.Expr:
    """Factor ``expr`` treating s_W^2 as one variable when only even powers occur, then write c_W^2."""
    if expr.subs(sw, -sw) == expr and sw in expr.free_symbols:
        expr = sp.factor(sp.expand(expr).subs(sw**2, _S2)).subs(_S2, sw**2)
    else:
        expr = sp.factor(expr)
    return _with_cw(expr)


def _structure(expr: sp.Expr) -> sp.Expr:
    """A polynomial coefficient: collected by VEVs (v, v_S, ...) and cos^2 beta, each part factored."""
    expr = sp.expand(expr)
    scales = sorted((s for s in expr.free_symbols if s == cb2 or re.fullmatch(r"v[A-Za-z0-9_]*", s.name)), key=str)
    if len(sp.Add.make_args(expr)) > 1 and scales:
        parts = sp.collect(expr, scales, evaluate=False)
        if len(parts) > 1:
            return sp.Add(*(_factor(k) * _factor(v) for k, v in parts.items()))
    return _factor(expr)


def _collect(poly: sp.Expr, params) -> sp.Expr:
    """A polynomial collected by powers of the coupling parameters, each coefficient in _structure form."""
    if not params:
        return _structure(poly)
    parts = sp.collect(sp.expand(poly), params, evaluate=False)
    return sp.Add(*(k * _structure(v) for k, v in parts.items()))


def display_form(expr, parameters=None, arrange: bool = True) -> sp.Expr:
    """``expr`` arranged for reading (see module docstring); equal to ``expr`` (:func:`display_equal`).
    ``arrange=False`` returns ``expr`` as derived: the arrangement cancels and factors multivariate
    rational functions, which for models with several VEV angles takes seconds to minutes per expression
    (:func:`arrange_for` says when)."""
    expr = as_expr(expr)
    if not arrange or expr.is_number or not expr.free_symbols:
        return expr
    expr = _beta(sp.cancel(expr))
    num, den = sp.fraction(sp.cancel(expr))
    params = [s for s in sorted(expr.free_symbols, key=str) if s.name in (parameters or COLLECT_BY)]
    collected = _collect(num, params) / _collect(den, [p for p in params if p in den.free_symbols])
    candidates = [collected, _factor(expr)]
    if params:  # the parameter-free part plus the rest factored: rho = 1 - c_W^2 s_W^2 (2 g' z_H + g~)^2 / e^2
        zero = sp.cancel(expr.subs({p: 0 for p in params}))
        if zero != 0 and zero.is_number:
            candidates.append(zero + _factor(sp.cancel(expr - zero)))
    # the shortest arrangement (a perfect square such as v^2 (2 g' z_H + g~)^2 / 4 stays one)
    return min(candidates, key=sp.count_ops)


def arrange_for(derivation) -> bool:
    """Whether the display forms of ``derivation`` are arranged (:func:`display_form`): not for models with
    more than one VEV angle (three or more doublets with VEVs), the rule by which the derivation itself
    stops factoring (derive.gauge.gauge_sector, derive.in_angles). Measured cold on N-doublet models
    (benchmarks/bench_derive.py): arranging took 7.5 s for N = 3, 17 s for N = 4, 54 s for N = 5 and over
    5 minutes for N = 7, where printing the derived expressions takes well under a second."""
    gauge = derivation.gauge
    return gauge is None or len(gauge.to_angles) <= 1


def undo_display(expr: sp.Expr) -> sp.Expr:
    """Back to the derived variables: cw -> sqrt(1 - sw^2), cb2 -> 1/(1 + tan_beta^2)."""
    subs = {cw: sp.sqrt(1 - sw**2)}
    if cb2 in expr.free_symbols:
        tb = sp.Symbol("tan_beta", real=True)
        subs[cb2] = 1 / (1 + tb**2)
    return expr.subs(subs)


def display_equal(original, shown, tan_beta=None) -> bool:
    """True if ``shown`` (a display form) equals ``original`` identically (difference simplifies to 0)."""
    shown = shown.subs(cw, sp.sqrt(1 - sw**2))
    if cb2 in shown.free_symbols:
        tb = tan_beta if tan_beta is not None else next(
            (s for s in as_expr(original).free_symbols if s.name == "tan_beta"), None)
        if tb is None:
            return False
        shown = shown.subs(cb2, 1 / (1 + tb**2))
    original = as_expr(original).subs(cw, sp.sqrt(1 - sw**2))
    return sp.simplify(sp.cancel(sp.expand(original - shown))) == 0


def relation_form(rel: sp.Expr) -> sp.Expr:
    """A relation ``rel = 0`` with a positive leading coefficient (``-CA_e + CA_mu`` -> ``CA_e - CA_mu``)."""
    rel = as_expr(rel)
    terms = sp.Add.make_args(sp.expand(rel))
    first = min(terms, key=lambda t: sp.default_sort_key(t.as_coeff_Mul()[1]))
    return -rel if first.as_coeff_Mul()[0] < 0 else rel


def text(expr) -> str:
    """Plain-text form (sympy str) of the display form, with ``cb2`` printed as ``cos(beta)**2``."""
    return str(expr).replace("cb2", "cos(beta)**2")
