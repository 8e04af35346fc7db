"""Limit tables: one grammar and one parser for every shipped and user table (curves, bands, polygons).

A table is a CSV file whose ``#`` lines form a header of ``key: value`` pairs, followed by one
column row and the data rows. Example (``zprime_sym/data/limits/kloe_2015.csv``)::

    # format: zprime-limit-table/1
    # experiment: KLOE(-2)
    # arxiv: 1509.00740
    # source: exclusion plot of the U -> e+e- search
    # production: ee_annihilation
    # decay: e+e-
    # cl: 0.90
    # bounds: epsilon
    # curve: upper_limit
    # units: MeV
    # sampling: coarse
    mass_MeV,limit
    5,0.00171
    ...

Required keys (:data:`REQUIRED_KEYS`), each with a whitelisted value where the physics depends on it:

* ``format``: ``zprime-limit-table/1`` (this grammar; older files are refused with the conversion
  recipe, see :func:`upgrade_legacy_text`).
* ``experiment``, ``arxiv`` (arXiv number, or the journal reference when there is none), ``source``
  (figure or table of the publication, or the HEPData record, the numbers come from).
* ``production``: the production mechanism, one of :data:`PRODUCTION`.
* ``decay``: the Z' decay channel(s) the search selects, comma separated, from :data:`DECAY`.
* ``cl``: confidence level as a fraction, 0 < cl < 1 (``0.90``).
* ``bounds``: what the curve bounds, one of :data:`BOUNDS` (the coupling of the reference model, or
  a mass plane for the SUSY contours).
* ``curve``: ``upper_limit`` (columns ``mass_<unit>,limit``), ``band`` (``mass_<unit>,lower,upper``:
  excluded between the two) or ``polygon`` (``x,y``: closed contour, inside excluded).
* ``units``: the unit of the mass column (of both axes for a polygon): ``MeV`` or ``GeV``; the bounded
  couplings are dimensionless.
* ``sampling``: ``exact`` (the published numbers, e.g. a HEPData table) or ``coarse`` (a hand
  sampling of a published figure).

Optional keys: ``name`` (constraint id; default the file stem), ``reference`` (full citation),
``process`` (the reaction in words), ``result`` (``observed`` or ``expected``), ``axes`` (what x and y
are; required for a polygon), ``gaps`` (mass windows without a limit, ``low-high; low-high`` in the
table's unit), ``projection`` (``yes``/``no``: a future reach), ``description``, ``note``.
Any other key is refused (a typo must not pass silently).

Data: masses positive and strictly increasing, values positive, lower < upper in a band; polygon
vertices finite (at least three; closed implicitly). Every violation raises
:class:`ConstraintDataError` as ``file:line: problem``. Curves are interpolated linearly in
(log m, log value); outside the sampled span (and inside gaps) a table gives no limit.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import NoReturn

import numpy as np

from ..exceptions import ConstraintDataError
from ..units import UNITS_IN_GEV
from .base import EDGE_RTOL, by_mass
from .mass_runs import MassFunction

#: Value of the ``format`` key for this grammar.
FORMAT = "zprime-limit-table/1"
#: Keys every table must carry, in the order written by the converters.
REQUIRED_KEYS = ("format", "experiment", "arxiv", "source", "production", "decay", "cl", "bounds", "curve",
                 "units", "sampling")
OPTIONAL_KEYS = ("name", "reference", "process", "result", "axes", "gaps", "projection", "description", "note")
#: Production mechanisms (what produces the Z' / the new states).
PRODUCTION = {
    "ee_annihilation": "e+e- -> gamma Z' (prompt e+e- searches: BaBar, KLOE, Belle II)",
    "electron_beam_dump": "e- N -> e- N Z' bremsstrahlung in a beam dump or thick target",
    "ee_to_mumu": "e+e- -> mu+mu- Z' (the Z' radiated off a muon)",
    "z_decay": "Z -> mu+mu- Z' at a hadron collider",
    "neutrino_trident": "nu_mu N -> nu_mu N mu+mu- (virtual Z')",
    "pp_sparticle_pairs": "p p -> pairs of supersymmetric particles (simplified models)",
    # meson decays through the quark couplings (NA48/2; recast in constraints/meson_decays.py)
    "pi0_decay": "pi0 -> gamma Z' (neutral-pion decays, through the u and d quark couplings)",
    # heavy-Z' / LHC dark-photon recasts (constraints/lhc_dimuon.py)
    "pp_drell_yan": "p p -> Z' X through q q-bar annihilation (prompt dimuon resonance searches at the LHC)",
}
#: Decay channels a search selects.
DECAY = {
    "e+e-": "Z' -> e+e-",
    "mu+mu-": "Z' -> mu+mu-",
    "invisible": "Z' -> neutrinos or dark states",
    "virtual": "no Z' decay: the Z' is exchanged off shell",
    "simplified_model": "SUSY cascade at 100% branching ratio, as given in the process/experiment keys",
}
#: What a curve bounds.
BOUNDS = {
    "epsilon": "kinetic mixing eps of a dark photon (couples to charged fermions with eps*e*Q)",
    "g_lmu_ltau": "gauge coupling g_X of an L_mu-L_tau Z' (C_Vmu = C_numu = -C_Vtau = -C_nutau = g_X)",
    "mass_plane": "a region of a plane of two masses (polygon; see the axes key)",
}
CURVES = ("upper_limit", "band", "polygon")
SAMPLING = ("exact", "coarse")
MASS_UNITS = ("MeV", "GeV")
_YES_NO = {"yes": True, "no": False}


def curve_columns(curve: str, unit: str) -> tuple[str, ...]:
    """The column row a ``curve`` with mass unit ``unit`` must have."""
    if curve == "polygon":
        return ("x", "y")
    return (f"mass_{unit}", "limit") if curve == "upper_limit" else (f"mass_{unit}", "lower", "upper")


def _fail(source: str, line: int, problem: str) -> NoReturn:
    raise ConstraintDataError(f"{source}:{line}: {problem}")


@dataclass(frozen=True)
class ParsedTable:
    """What the one parser returns: the validated header, the column names, the data rows (line, values)."""

    source: str
    header: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[float, ...]], ...]
    header_lines: dict[str, int]


@dataclass(frozen=True)
class LimitTable:
    """A parsed limit curve. Masses in GeV; ``values`` has one column (limit) or two (lower, upper)."""

    source: str
    header: dict
    mass_GeV: np.ndarray
    values: np.ndarray  # shape (n, 1) for upper_limit, (n, 2) for band
    gaps_GeV: tuple[tuple[float, float], ...]

    @property
    def name(self) -> str:
        return self.header.get("name") or Path(self.source).stem

    @property
    def curve(self) -> str:
        return self.header["curve"]

    @property
    def cl(self) -> float:
        return float(self.header["cl"])

    @property
    def production(self) -> str:
        return self.header["production"]

    @property
    def decay(self) -> tuple[str, ...]:
        return split_list(self.header["decay"])

    @property
    def bounds(self) -> str:
        return self.header["bounds"]

    @property
    def sampling(self) -> str:
        return self.header["sampling"]

    @property
    def projection(self) -> bool:
        return _YES_NO[self.header.get("projection", "no")]

    @property
    def mass_range_GeV(self) -> tuple[float, float]:
        return float(self.mass_GeV[0]), float(self.mass_GeV[-1])

    def interpolate(self, m_zp, batch=None) -> np.ndarray:
        """Log-log interpolated value(s) at m_Z' (GeV): shape m.shape + (ncol,); NaN where no limit.

        A function of the mass alone: on a batch it is evaluated once per distinct mass (and remembered,
        :class:`~zprime_sym.constraints.mass_runs.MassFunction`); ``batch``, the
        :class:`~zprime_sym.constraints.base.Points` batch whose masses are ``m_zp``, supplies them."""
        return by_mass(self._by_mass, m_zp, batch)

    @functools.cached_property
    def _by_mass(self) -> MassFunction:
        return MassFunction(self._interpolate, sort_masses=True)

    def _interpolate(self, m_zp) -> np.ndarray:
        m = np.asarray(m_zp, dtype=float)
        logm = np.log(m)
        cols = [np.exp(np.interp(logm, np.log(self.mass_GeV), np.log(self.values[:, j]))) for j in range(self.values.shape[1])]
        out = np.stack(cols, axis=-1)
        lo, hi = self.mass_range_GeV
        bad = (m < lo * (1 - EDGE_RTOL)) | (m > hi * (1 + EDGE_RTOL))
        for a, b in self.gaps_GeV:
            bad |= (m > a) & (m < b)
        out[bad] = np.nan
        return out


def split_list(value: str) -> tuple[str, ...]:
    """``"e+e-, mu+mu-"`` -> ``("e+e-", "mu+mu-")``."""
    return tuple(p.strip() for p in value.split(",") if p.strip())


#: Keys of the grammar before ``format: zprime-limit-table/1`` (recognised only to point at the converter).
LEGACY_KEYS = ("figure", "quantity", "curve type", "gaps_MeV")
_UPGRADE_HINT = ("this is the pre-1 header grammar; convert it with tools/upgrade_limit_table.py FILE "
                 "(or zprime_sym.constraints.tables.upgrade_legacy_text) and check the production/decay/bounds keys")


def _check_header(source: str, header: dict[str, str], lines: dict[str, int], at: int) -> None:
    legacy = [k for k in LEGACY_KEYS if k in header]
    if "format" not in header and legacy:
        _fail(source, lines[legacy[0]], f"header key {legacy[0]!r}: {_UPGRADE_HINT}")
    for key in REQUIRED_KEYS:
        if key not in header:
            _fail(source, at, f"header is missing the required key {key!r} (required: {', '.join(REQUIRED_KEYS)})")
    unknown = [k for k in header if k not in REQUIRED_KEYS and k not in OPTIONAL_KEYS]
    if unknown:
        _fail(source, lines[unknown[0]], f"unknown header key {unknown[0]!r} (allowed: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})")

    def choice(key, allowed):
        if header[key] not in allowed:
            _fail(source, lines[key], f"{key} {header[key]!r} must be one of {', '.join(allowed)}")

    if header["format"] != FORMAT:
        _fail(source, lines["format"], f"format {header['format']!r} is not {FORMAT!r}")
    choice("production", tuple(PRODUCTION))
    channels = split_list(header["decay"])
    bad = [c for c in channels if c not in DECAY] or ([] if channels else [""])
    if bad:
        _fail(source, lines["decay"], f"decay channel {bad[0]!r} must be one of {', '.join(DECAY)}")
    choice("bounds", tuple(BOUNDS))
    choice("curve", CURVES)
    choice("units", MASS_UNITS)
    choice("sampling", SAMPLING)
    if "projection" in header:
        choice("projection", tuple(_YES_NO))
    if "result" in header:
        choice("result", ("observed", "expected"))
    try:
        cl = float(header["cl"]) if header["cl"].isascii() else float("nan")
    except ValueError:
        cl = float("nan")
    if not 0 < cl < 1:
        _fail(source, lines["cl"], f"cl {header['cl']!r} must be a fraction between 0 and 1, e.g. 0.90")
    if (header["curve"] == "polygon") != (header["bounds"] == "mass_plane"):
        _fail(source, lines["curve"], "curve 'polygon' goes with bounds 'mass_plane' and only with it")
    if header["curve"] == "polygon" and "axes" not in header:
        _fail(source, at, "a polygon header needs the key 'axes' (what x and y are)")
    if header["curve"] == "polygon" and "gaps" in header:
        _fail(source, lines["gaps"], "gaps apply to mass curves, not to polygons")


def parse(text: str, source: str) -> ParsedTable:
    """The one parser: header grammar and data rows of any table (curve, band or polygon), validated."""
    header: dict[str, str] = {}
    lines: dict[str, int] = {}
    rows: list[tuple[int, tuple[float, ...]]] = []
    columns: tuple[str, ...] | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if columns is not None:
                _fail(source, lineno, "header line after the column row")
            body = line[1:].strip()
            if not body:
                continue
            if ":" not in body:
                _fail(source, lineno, f"header line {line!r} is not '# key: value'")
            key, value = (s.strip() for s in body.split(":", 1))
            if key in header:
                _fail(source, lineno, f"header key {key!r} given twice")
            if not value:
                _fail(source, lineno, f"header key {key!r} has no value")
            header[key], lines[key] = value, lineno
            continue
        if columns is None:
            _check_header(source, header, lines, lineno)
            columns = tuple(c.strip() for c in line.split(","))
            expected = curve_columns(header["curve"], header["units"])
            if columns != expected:
                _fail(source, lineno, f"column row {','.join(columns)!r} must be {','.join(expected)!r} for "
                      f"curve {header['curve']!r} in {header['units']}")
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != len(columns):
            _fail(source, lineno, f"expected {len(columns)} values {columns}, got {len(cells)}: {line!r}")
        if not all(c.isascii() for c in cells):  # float() would read Arabic-Indic or full-width digits
            _fail(source, lineno, f"numbers must be written with ASCII digits: {line!r}")
        try:
            values = tuple(float(c) for c in cells)
        except ValueError:
            _fail(source, lineno, f"not a number in {line!r}")
        if not all(np.isfinite(values)):
            _fail(source, lineno, f"values must be finite: {line!r}")
        rows.append((lineno, values))
    if columns is None:
        _fail(source, 0, "no column row and no data (is the header complete?)")
    return ParsedTable(source, header, columns, tuple(rows), lines)


def _parse_gaps(parsed: ParsedTable, scale: float) -> tuple[tuple[float, float], ...]:
    if "gaps" not in parsed.header:
        return ()
    line = parsed.header_lines["gaps"]
    gaps = []
    for part in filter(None, (p.strip() for p in parsed.header["gaps"].split(";"))):
        try:
            if not part.isascii():
                raise ValueError(part)
            a, b = (float(x) for x in part.split("-"))
        except ValueError:
            _fail(parsed.source, line, f"gaps entry {part!r} is not 'low-high'")
        if not 0 < a < b:
            _fail(parsed.source, line, f"gaps entry {part!r} must have 0 < low < high")
        gaps.append((a * scale, b * scale))
    return tuple(gaps)


def limit_table(parsed: ParsedTable) -> LimitTable:
    """A :class:`LimitTable` from a parsed upper-limit or band table (mass order, positivity checked)."""
    source, rows = parsed.source, parsed.rows
    if parsed.header["curve"] == "polygon":
        _fail(source, parsed.header_lines["curve"], "a polygon is not a limit curve (read it with zprime_sym.susy.polygons)")
    for i, (lineno, values) in enumerate(rows):
        if min(values) <= 0:
            _fail(source, lineno, f"values must be finite and positive: {','.join(map(repr, values))}")
        if i and values[0] <= rows[i - 1][1][0]:
            _fail(source, lineno, f"mass {values[0]} {parsed.header['units']} is not above the previous row's "
                  f"{rows[i - 1][1][0]} {parsed.header['units']}")
        if len(values) == 3 and not values[1] < values[2]:
            _fail(source, lineno, f"band lower edge {values[1]} must be below the upper edge {values[2]}")
    if len(rows) < 2:
        _fail(source, rows[0][0] if rows else 0, "a table needs at least two data rows")
    scale = UNITS_IN_GEV[parsed.header["units"]]
    data = np.array([v for _, v in rows])
    gaps = _parse_gaps(parsed, scale)
    if gaps and not all(data[0, 0] * scale <= a and b <= data[-1, 0] * scale for a, b in gaps):
        _fail(source, parsed.header_lines["gaps"], "gaps lie outside the sampled mass span")
    return LimitTable(source=source, header=dict(parsed.header), mass_GeV=data[:, 0] * scale, values=data[:, 1:],
                      gaps_GeV=gaps)


def parse_table(text: str, source: str) -> LimitTable:
    """Parse and validate the text of a limit curve or band; ``source`` names it in error messages."""
    return limit_table(parse(text, source))


def polygon_vertices(parsed: ParsedTable) -> np.ndarray:
    """(k, 2) vertices (in the table's unit converted to GeV) of a parsed polygon table."""
    if parsed.header["curve"] != "polygon":
        _fail(parsed.source, parsed.header_lines["curve"], f"curve {parsed.header['curve']!r} is not a polygon")
    if len(parsed.rows) < 3:
        _fail(parsed.source, parsed.rows[-1][0] if parsed.rows else 0, "a polygon needs at least three vertices")
    scale = UNITS_IN_GEV[parsed.header["units"]]
    return np.array([v for _, v in parsed.rows], dtype=float).reshape(-1, 2) * scale


def read_text(path) -> str:
    """Text of a table file: bounded size, UTF-8 only; ConstraintDataError naming the path otherwise
    (see :mod:`zprime_sym.textio`)."""
    from ..textio import read_text as bounded_read_text

    path = Path(path)
    return bounded_read_text(path, what="the limit table",
                             error=lambda problem: ConstraintDataError(f"{path}: {problem}"))


def load_table(path) -> LimitTable:
    """Load a user limit table from a file path (validated as in :func:`parse_table`)."""
    return parse_table(read_text(path), str(path))


@functools.cache
def shipped_table(filename: str) -> LimitTable:
    """A table shipped in ``zprime_sym/data/limits/`` (read lazily, cached)."""
    ref = resources.files("zprime_sym.data").joinpath("limits", filename)
    return parse_table(ref.read_text(), f"zprime_sym/data/limits/{filename}")


def format_header(header: dict[str, str]) -> str:
    """Header lines for ``header`` in the canonical key order (required keys first)."""
    order = [k for k in REQUIRED_KEYS + OPTIONAL_KEYS if k in header]
    return "".join(f"# {k}: {header[k]}\n" for k in order)


# --- migration from the grammar before format 1 ---------------------------------------------------

def upgrade_legacy_text(text: str, source: str = "<table>",
                        overrides: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Rewrite a table in the pre-1 grammar (``figure``/``quantity``/``curve type``/``gaps_MeV`` keys) to
    :data:`FORMAT`; data lines are kept byte for byte. Returns (new text, notes on every guessed key).

    Mapping: figure -> source; quantity -> bounds (``epsilon``; ``g_X of an L_mu-L_tau Z'`` ->
    g_lmu_ltau; ``excluded region in (...)`` -> mass_plane, with the quantity and old units text kept
    in ``axes``); ``cl: 95% (observed)`` -> ``cl: 0.95`` + ``result: observed``; ``curve type: closed
    exclusion polygon ...`` -> ``curve: polygon`` (the rest of the text appended to the note);
    the mass unit from the column row (``mass_MeV`` -> MeV; polygons GeV); sampling ``coarse`` if the
    header said "coarse sampling", else ``exact``; gaps_MeV -> gaps. production and decay are guessed
    from the curve, quantity and process (noted in the returned list: check them); ``overrides``
    sets any key explicitly instead (e.g. ``{"decay": "invisible"}``).
    """
    lines = text.splitlines(keepends=True)
    first_data = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), len(lines))
    old: dict[str, str] = {}
    for ln in lines[:first_data]:
        body = ln.strip()[1:].strip()
        if ":" in body:
            k, v = (s.strip() for s in body.split(":", 1))
            old[k] = v
    if "format" in old:
        return text, []
    columns = lines[first_data].strip() if first_data < len(lines) else ""
    notes: list[str] = []
    everything = " ".join(old.values()).lower()
    new: dict[str, str] = {"format": FORMAT}
    for k in ("name", "experiment", "arxiv", "reference", "process", "projection", "description"):
        if k in old:
            new[k] = old[k]
    new["source"] = old.get("figure", "")
    quantity = old.get("quantity", "")
    polygon = "curve type" in old or columns.replace(" ", "") == "x,y"
    if polygon:
        new["bounds"], new["curve"], new["units"] = "mass_plane", "polygon", "GeV"
        new["axes"] = f"{quantity}; {old.get('units', '')}".strip("; ")
        new["production"], new["decay"] = "pp_sparticle_pairs", "simplified_model"
    else:
        new["curve"] = old.get("curve", "")
        new["units"] = columns.split(",")[0].strip().removeprefix("mass_") or "MeV"
        if quantity.startswith("epsilon"):
            new["bounds"] = "epsilon"
        elif "l_mu-l_tau" in quantity.lower().replace(" ", ""):
            new["bounds"] = "g_lmu_ltau"
        else:
            new["bounds"] = quantity
            notes.append(f"{source}: bounds {quantity!r} is not in the vocabulary; set it by hand")
        dump = any(w in everything for w in ("beam dump", "beam-dump", "e- z ->", "e- n ->", "dump"))
        if new["bounds"] == "epsilon" and (new["curve"] == "band" or dump):
            new["production"], new["decay"] = "electron_beam_dump", "e+e-"
        elif new["bounds"] == "epsilon":
            new["production"] = "ee_annihilation"
            new["decay"] = "e+e-, mu+mu-" if "mu+mu-" in old.get("process", "") else "e+e-"
        elif "trident" in everything:
            new["production"], new["decay"] = "neutrino_trident", "virtual"
        elif "z ->" in quantity.lower() or "z->" in quantity.lower():
            new["production"], new["decay"] = "z_decay", "mu+mu-"
        else:
            new["production"], new["decay"] = "ee_to_mumu", "mu+mu-"
    if "invisible" in everything:
        new["decay"] = "invisible"
    for key, value in (overrides or {}).items():
        new[key] = value
    notes.append(f"{source}: production: {new['production']}, decay: {new['decay']}"
                 + ("" if {"production", "decay"} <= set(overrides or {}) else " (guessed: check them)"))
    cl_text = old.get("cl", "")
    match = re.fullmatch(r"\s*([0-9.]+)\s*%\s*(?:\((observed|expected)\))?\s*", cl_text)
    if match:
        new["cl"] = str(Decimal(match.group(1)) / 100)
        if match.group(2):
            new["result"] = match.group(2)
    else:
        new["cl"] = cl_text
    new["sampling"] = "coarse" if "coarse sampling" in everything else "exact"
    note = old.get("note", "")
    if polygon:
        rest = old.get("curve type", "").replace("closed exclusion polygon, inside excluded", "").strip(" ;,")
        note = "; ".join(filter(None, [note, rest]))
    if note:
        new["note"] = note
    if "gaps_MeV" in old:
        new["gaps"] = old["gaps_MeV"]
    if not new["source"]:
        notes.append(f"{source}: no figure key: set 'source' by hand")
    return format_header(new) + "".join(lines[first_data:]), notes
