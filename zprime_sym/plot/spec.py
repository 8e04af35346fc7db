"""Parsing of the plot options: plane, fixed values, ties, g-2 conditions, profiling, ranges.

Every option is parsed with a regular expression (ties with the whitelist grammar of
:mod:`zprime_sym.plot.expr`); nothing is ever evaluated as Python. Each parser raises InputError with
a one-line message naming the bad text. The syntax (also in docs/plot.md):

``--plane m_zp,Y``
    Y is one of the nine coupling names (the coupling is then set directly: the model-independent view,
    for effective models only; a charge-table model's relations tie its couplings, so there Y must be
    one of its free parameters) or a free parameter of the model (couplings then come from the model).
``--fix NAME=VALUE[,NAME=VALUE...]``
    A coupling (or parameter) held at a number, e.g. ``--fix CV_e=0,Cnu_mu=1e-5``.
``--tie "NAME = EXPR"``
    NAME is computed from EXPR, an arithmetic expression of the other variables (the plane
    variable, fixed, solved, profiled and earlier-tied names, and ``m_zp`` in GeV), e.g. BCK21
    Fig. 4: ``--tie "CA_e=-1e-8/CV_e" --tie "CV_mu=CV_e+1e-8/CV_e"``. Ties are applied in order.
``--solve NAME:a_L=TARGET[:pos|:neg]``
    NAME is chosen at every grid point so that Delta a_L (L = e or mu) equals TARGET, where TARGET
    is ``Nsigma`` (the measured value + N sigma of the data set: ``-1sigma``, ``+1sigma``), ``exact``
    (the measured central value, = ``0sigma``) or a plain number (an absolute Delta a_L, which must be
    below 1e-4 in magnitude so that ``a_e=-1`` is refused rather than read as Delta a = -1). Delta a_L
    is quadratic in NAME when the couplings are linear in it; ``pos`` (default) takes the larger
    root (the positive one when the couplings are odd in NAME), ``neg`` the smaller. Points with no
    real root are the "target unreachable" region (BCK21 Fig. 2(a,b) blue triangle).
``--profile NAME=LO:HI[:N[:log|lin]]``
    NAME is scanned over N values (default 16; log spacing by default, which needs 0 < LO < HI);
    a point is excluded only if every value of NAME is excluded or fails g-2.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .expr import Expression, parse_expression
from ..exceptions import InputError
from ..units import parse_energy

_NUMBER = r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PLANE = re.compile(rf"^\s*m_zp\s*,\s*({_NAME})\s*$")
_FIX = re.compile(rf"^\s*({_NAME})\s*=\s*({_NUMBER})\s*$")
_TIE = re.compile(rf"^\s*({_NAME})\s*=(.+)$")
_SOLVE = re.compile(rf"^\s*({_NAME})\s*:\s*a_(e|mu)\s*=\s*(?:(?P<sig>{_NUMBER})\s*sigma|(?P<exact>exact)"
                    rf"|(?P<abs>{_NUMBER}))\s*(?::\s*(?P<root>pos|neg))?\s*$")
_PROFILE = re.compile(rf"^\s*({_NAME})\s*=\s*({_NUMBER})\s*:\s*({_NUMBER})\s*(?::\s*([0-9]{{1,9}})\s*)?(?::\s*(log|lin)\s*)?$")
_GRID = re.compile(r"^\s*([0-9]{1,9})\s*(?:[xX]\s*([0-9]{1,9})\s*)?$")

#: Reserved name usable in ties: the Z' mass in GeV.
MASS_NAME = "m_zp"
DEFAULT_PROFILE_POINTS = 16
#: Bounds on the work of one plot: profiled values, and grid points x profiled values (each point
#: holds ~20 float arrays during the evaluation, ~160 B, so 10^7 is ~1.6 GB); raised with --max-points.
MAX_PROFILE_POINTS = 1000
MAX_WORK_POINTS = 10**7
#: Longest --tie text and deepest parenthesis nesting accepted (the parser recurses per level).
MAX_TIE_LENGTH = 1000
MAX_TIE_DEPTH = 32
#: Absolute --solve targets must be below this in magnitude (guards against "a_e=-1" meant as -1 sigma;
#: the measured lepton anomalies are ~1e-12 (e) and ~1e-9 (mu)).
MAX_ABSOLUTE_TARGET = 1e-4


@dataclass(frozen=True)
class Tie:
    """``name`` = ``expression`` (applied in the order given)."""

    name: str
    expression: Expression


@dataclass(frozen=True)
class Solve:
    """Choose ``name`` so that Delta a_lepton = target (see module docstring)."""

    name: str
    lepton: str
    sigmas: float | None  #: target = measured + sigmas * sigma, if set
    absolute: float | None  #: else this absolute Delta a
    root: str = "pos"
    text: str = ""

    def target(self, measured: float, sigma: float) -> float:
        """The Delta a this solve aims at, given the data set's measured value and sigma."""
        if self.sigmas is not None:
            return measured + self.sigmas * sigma
        assert self.absolute is not None  # the --solve parser sets exactly one of sigmas, absolute
        return self.absolute


@dataclass(frozen=True)
class Profile:
    """Scan ``name`` over ``values``; a point survives if some value survives."""

    name: str
    values: tuple[float, ...]
    text: str = ""


def parse_plane(text: str) -> str:
    """``"m_zp,CA_e"`` -> ``"CA_e"``; the x axis is always the Z' mass."""
    match = _PLANE.match(str(text))
    if not match:
        raise InputError(f"--plane {text!r}: expected 'm_zp,NAME' with NAME a coupling or model parameter")
    return match.group(1)


def parse_fix(text: str) -> dict[str, float]:
    """``"CV_e=0,Cnu_mu=1e-5"`` -> {"CV_e": 0.0, "Cnu_mu": 1e-5}."""
    out = {}
    for part in str(text).split(","):
        match = _FIX.match(part)
        if not match:
            raise InputError(f"--fix {text!r}: expected NAME=NUMBER[,NAME=NUMBER...] (e.g. CV_e=0), got {part!r}")
        name, value = match.group(1), float(match.group(2))
        if not np.isfinite(value):
            raise InputError(f"--fix {part!r}: value must be finite")
        out[name] = value
    return out


def parse_tie(text: str, allowed) -> Tie:
    """``"CA_e = -1e-8/CV_e"`` -> Tie; names in the expression must be in ``allowed``."""
    text = str(text)
    if len(text) > MAX_TIE_LENGTH:
        raise InputError(f"--tie: expression of {len(text)} characters; at most {MAX_TIE_LENGTH} are accepted")
    if not text.isascii():
        raise InputError(f"--tie {text!r}: only ASCII characters (digits 0-9, names, + - * / ^ ( )) are accepted")
    depth = best = 0
    for c in text:
        depth += (c == "(") - (c == ")")
        best = max(best, depth)
    if best > MAX_TIE_DEPTH:
        raise InputError(f"--tie: parentheses nested {best} deep; at most {MAX_TIE_DEPTH} levels are accepted")
    match = _TIE.match(text)
    if not match:
        raise InputError(f"--tie {text!r}: expected NAME=EXPRESSION (e.g. 'CA_e=-1e-8/CV_e')")
    name = match.group(1)
    try:
        expr = parse_expression(match.group(2), set(allowed) | {MASS_NAME})
    except RecursionError:
        raise InputError(f"--tie {text[:40]!r}...: expression nested too deep") from None
    if name in expr.names:
        raise InputError(f"--tie {text!r}: {name} cannot depend on itself")
    return Tie(name, expr)


def parse_solve(text: str) -> Solve:
    """``"CV_e:a_e=-1sigma"`` -> Solve (see module docstring)."""
    match = _SOLVE.match(str(text))
    if not match:
        raise InputError(f"--solve {text!r}: expected NAME:a_e=TARGET or NAME:a_mu=TARGET with TARGET "
                         "like -1sigma, +1sigma, exact or a number, optionally followed by :pos or :neg")
    sigmas = float(match.group("sig")) if match.group("sig") is not None else (0.0 if match.group("exact") else None)
    absolute = float(match.group("abs")) if match.group("abs") is not None else None
    if absolute is not None and not abs(absolute) < MAX_ABSOLUTE_TARGET:
        raise InputError(f"--solve {text!r}: an absolute target Delta a = {absolute:g} is not plausible "
                         f"(|Delta a| < {MAX_ABSOLUTE_TARGET:g}); did you mean {match.group('abs')}sigma?")
    return Solve(match.group(1), match.group(2), sigmas, absolute, match.group("root") or "pos", str(text).strip())


def parse_profile(text: str) -> Profile:
    """``"Cnu_e=1e-7:1e-4:12"`` -> Profile with 12 log-spaced values."""
    match = _PROFILE.match(str(text))
    if not match:
        raise InputError(f"--profile {text!r}: expected NAME=LO:HI[:N[:log|lin]] (e.g. Cnu_e=1e-7:1e-4:12)")
    name, lo, hi = match.group(1), float(match.group(2)), float(match.group(3))
    n = int(match.group(4)) if match.group(4) else DEFAULT_PROFILE_POINTS
    spacing = match.group(5) or "log"
    if n < 2 or not lo < hi or not (np.isfinite(lo) and np.isfinite(hi)):
        raise InputError(f"--profile {text!r}: need finite LO < HI and at least 2 points")
    if n > MAX_PROFILE_POINTS:
        raise InputError(f"--profile {text!r}: {n} values; at most {MAX_PROFILE_POINTS} are accepted")
    if spacing == "log":
        if lo <= 0:
            raise InputError(f"--profile {text!r}: log spacing needs 0 < LO; add ':lin' for a linear scan")
        values = np.geomspace(lo, hi, n)
    else:
        values = np.linspace(lo, hi, n)
    return Profile(name, tuple(float(v) for v in values), str(text).strip())


def parse_mass_range(text: str) -> tuple[float, float]:
    """``"1MeV,1GeV"`` -> (0.001, 1.0) in GeV."""
    parts = str(text).split(",")
    if len(parts) != 2:
        raise InputError(f"--mass-range {text!r}: expected LO,HI with units, e.g. 1MeV,1GeV")
    lo, hi = (parse_energy(p, what="--mass-range") for p in parts)
    if not 0 < lo < hi:
        raise InputError(f"--mass-range {text!r}: need 0 < LO < HI")
    return lo, hi


def parse_y_range(text: str) -> tuple[float, float]:
    """``"1e-7,1e-2"`` -> (1e-7, 1e-2): the range of |Y| on the log axis."""
    parts = str(text).split(",")
    if len(parts) != 2 or not all(re.fullmatch(rf"\s*{_NUMBER}\s*", p) for p in parts):
        raise InputError(f"--y-range {text!r}: expected LO,HI (numbers), e.g. 1e-7,1e-2")
    lo, hi = (float(p) for p in parts)
    if not 0 < lo < hi or not np.isfinite(hi):
        raise InputError(f"--y-range {text!r}: need 0 < LO < HI (the axis shows |Y| on a log scale)")
    return lo, hi


def parse_grid(text) -> tuple[int, int]:
    """``200`` or ``"200x150"`` -> (n_mass, n_y); each at least 4."""
    if isinstance(text, tuple):
        nx, ny = text
    else:
        match = _GRID.match(str(text))
        if not match:
            raise InputError(f"--grid {text!r}: expected N or NXxNY, e.g. 200 or 200x150")
        nx = int(match.group(1))
        ny = int(match.group(2) or nx)
    if min(nx, ny) < 4 or max(nx, ny) > 2000:
        raise InputError(f"--grid {text!r}: each dimension must be between 4 and 2000")
    return int(nx), int(ny)


def check_work(nx: int, ny: int, n_profile: int = 1, max_points: int = MAX_WORK_POINTS) -> None:
    """Refuse up front a plot whose grid x profiled values exceeds ``max_points`` (with the estimate)."""
    total = int(nx) * int(ny) * max(int(n_profile), 1)
    if total > max_points:
        raise InputError(f"--grid {nx}x{ny} with {n_profile} profiled value(s) is {total:.3g} points (about "
                         f"{total * 160 / 2**30:.1f} GiB of working memory); the limit is {max_points:.3g}: "
                         f"pass --max-points {total} to run anyway")


def parse_bands(text: str | None) -> tuple[str, ...] | None:
    """``"e,mu"`` -> ("e", "mu"); ``"none"`` -> (); None -> automatic choice."""
    if text is None:
        return None
    if str(text).strip() == "none":
        return ()
    parts = tuple(p.strip() for p in str(text).split(","))
    if not parts or any(p not in ("e", "mu") for p in parts):
        raise InputError(f"--bands {text!r}: expected a comma list of e, mu, or 'none'")
    return parts
