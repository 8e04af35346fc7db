"""HEPData table exports (YAML data file or CSV) -> limit tables of the one grammar of ``tables.py``.

HEPData (hepdata.net) stores a table as *independent variables* (here: the mass) and *dependent
variables* (the limit, or the two edges of a band), each with a ``header`` (``name``, ``units``) and a
list of ``values`` (``{value: x}``, or ``{low: a, high: b}`` for bins); dependent variables carry
``qualifiers`` such as ``{name: CL, value: 90%}``. The CSV export has the same content: ``#:``
metadata lines (``#: name: Figure 4``, qualifier rows ``#: CL,,90%``), a column row whose names carry
the units in brackets (``$m_{A'}$ [GEV]``; bins as ``... LOW``/``... HIGH``; uncertainty columns
``stat +``/``stat -`` ...), then the numbers.

A HEPData table knows nothing of what a recast needs (production mechanism, decay channel, the
coupling it bounds), so :func:`hepdata_to_text` takes those as explicit keys and writes a table in the
``zprime-limit-table/1`` grammar with ``sampling: exact``; :func:`load_hepdata` then reads it with the
same parser as every other table. The YAML form needs PyYAML (extra ``zprime_sym[hepdata]``); the CSV
form uses the standard library only.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..exceptions import ConstraintDataError, DependencyError
from ..units import UNITS_IN_GEV
from .tables import FORMAT, LimitTable, format_header, parse_table, read_text

_UNITS = {"mev": "MeV", "gev": "GeV"}
_UNCERTAINTY = re.compile(r"^(stat|sys|syst|error|err|unc)\b.*[+-]$", re.IGNORECASE)


def _yaml():
    try:
        import yaml
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise DependencyError("reading HEPData YAML needs PyYAML: pip install 'zprime_sym[hepdata]' "
                              "(or use the CSV export)") from err
    return yaml


def _cl_fraction(text: str, source: str) -> str:
    """'90%' -> '0.90' (exactly, via Decimal); '0.9' stays."""
    t = str(text).strip()
    try:
        value = Decimal(t[:-1].strip()) / 100 if t.endswith("%") else Decimal(t)
    except InvalidOperation as err:
        raise ConstraintDataError(f"{source}: CL qualifier {text!r} is not a number or a percentage") from err
    return str(value)


def _mass_unit(units: str, source: str) -> str:
    unit = _UNITS.get(str(units).strip().lower())
    if unit is None:
        raise ConstraintDataError(f"{source}: mass units {units!r} must be MeV or GeV")
    return unit


def _number(v, source: str, what: str) -> str:
    """The decimal text of one value, unchanged (no float round trip)."""
    text = str(v).strip()
    try:
        float(text)
    except ValueError as err:
        raise ConstraintDataError(f"{source}: {what} {v!r} is not a number") from err
    return text


def _centre(entry: Mapping, source: str, what: str) -> str:
    if "value" in entry:
        return _number(entry["value"], source, what)
    if "low" in entry and "high" in entry:  # a bin: its centre
        lo, hi = Decimal(_number(entry["low"], source, what)), Decimal(_number(entry["high"], source, what))
        return str((lo + hi) / 2)
    raise ConstraintDataError(f"{source}: {what} {entry!r} has neither 'value' nor 'low'/'high'")


def _assemble(source: str, unit: str, masses: Sequence[str], columns: Sequence[Sequence[str]],
              qualifier_cl: str | None, keys: Mapping[str, str], table_name: str | None) -> str:
    if len(columns) not in (1, 2):
        raise ConstraintDataError(f"{source}: choose one dependent variable (upper limit) or two (band lower, upper), "
                                  f"not {len(columns)}")
    header = dict(keys)
    header["format"] = FORMAT
    header.setdefault("curve", "upper_limit" if len(columns) == 1 else "band")
    header["units"] = unit
    header.setdefault("sampling", "exact")
    header.setdefault("source", f"HEPData table {table_name or Path(source).name}")
    if qualifier_cl is not None:
        cl = _cl_fraction(qualifier_cl, source)
        if "cl" in header and Decimal(_cl_fraction(header["cl"], source)) != Decimal(cl):
            raise ConstraintDataError(f"{source}: cl {header['cl']!r} given, but the table's CL qualifier says {qualifier_cl!r}")
        header["cl"] = cl
    names = ["limit"] if len(columns) == 1 else ["lower", "upper"]
    lines = [f"mass_{unit}," + ",".join(names)]
    lines += [",".join([m, *(col[i] for col in columns)]) for i, m in enumerate(masses)]
    return format_header(header) + "\n".join(lines) + "\n"


def hepdata_yaml_to_text(text: str, source: str, keys: Mapping[str, str], dependent: Sequence[int] = (0,)) -> str:
    """A ``zprime-limit-table/1`` text from a HEPData YAML data file (``independent_variables`` [mass],
    ``dependent_variables`` [the columns ``dependent``]); ``keys`` give the header keys HEPData lacks."""
    try:
        doc = _yaml().safe_load(text)
    except Exception as err:  # yaml.YAMLError, but PyYAML is optional
        raise ConstraintDataError(f"{source}: not valid YAML ({err})") from err
    if not isinstance(doc, dict) or "independent_variables" not in doc or "dependent_variables" not in doc:
        raise ConstraintDataError(f"{source}: not a HEPData data file (needs independent_variables and dependent_variables)")
    indep, dep = doc["independent_variables"], doc["dependent_variables"]
    if len(indep) != 1:
        raise ConstraintDataError(f"{source}: expected one independent variable (the mass), found {len(indep)}")
    unit = _mass_unit(indep[0].get("header", {}).get("units", ""), source)
    masses = [_centre(e, source, "mass") for e in indep[0]["values"]]
    columns, cls = [], set()
    for j in dependent:
        if not 0 <= j < len(dep):
            raise ConstraintDataError(f"{source}: no dependent variable {j} (the table has {len(dep)})")
        values = [_number(e.get("value"), source, f"dependent variable {j} value") for e in dep[j]["values"]]
        if len(values) != len(masses):
            raise ConstraintDataError(f"{source}: dependent variable {j} has {len(values)} values for {len(masses)} masses")
        columns.append(values)
        cls |= {str(q["value"]) for q in dep[j].get("qualifiers", []) if str(q.get("name", "")).upper() == "CL"}
    if len(cls) > 1:
        raise ConstraintDataError(f"{source}: the chosen columns have different CL qualifiers {sorted(cls)}")
    return _assemble(source, unit, masses, columns, cls.pop() if cls else None, keys, doc.get("name"))


def hepdata_csv_to_text(text: str, source: str, keys: Mapping[str, str], dependent: Sequence[int] = (0,)) -> str:
    """As :func:`hepdata_yaml_to_text`, from HEPData's CSV export of one table."""
    meta, qualifiers, body = {}, {}, []
    for raw in text.splitlines():
        if raw.startswith("#:"):
            content = raw[2:].strip()
            cells = next(csv.reader([content]))
            if len(cells) > 1:  # qualifier row: NAME,,value(s)
                qualifiers[cells[0].strip().upper()] = [c.strip() for c in cells[1:] if c.strip()]
            elif ":" in content:
                k, v = content.split(":", 1)
                meta[k.strip()] = v.strip()
        elif raw.strip():
            body.append(raw)
    rows = list(csv.reader(io.StringIO("\n".join(body))))
    if len(rows) < 2:
        raise ConstraintDataError(f"{source}: no column row and data in the HEPData CSV")
    names = [n.strip() for n in rows[0]]
    short = next((k for k, r in enumerate(rows[1:], start=1) if len(r) != len(names)), None)
    if short is not None:
        raise ConstraintDataError(f"{source}: data row {short} has {len(rows[short])} cells for {len(names)} columns")
    keep = [i for i, n in enumerate(names) if not _UNCERTAINTY.match(n)]
    low = [i for i in keep if names[i].upper().endswith(" LOW")]
    high = [i for i in keep if names[i].upper().endswith(" HIGH")]
    mass_i = keep[0]
    unit_match = re.search(r"\[([^\]]*)\]", names[mass_i])
    unit = _mass_unit(unit_match.group(1) if unit_match else "", source)
    # a binned mass comes as three columns: centre, "... LOW", "... HIGH" (the centre is used)
    dep_cols = [i for i in keep[1:] if i not in low + high]
    masses = [_number(r[mass_i], source, "mass") for r in rows[1:]]
    columns = []
    for j in dependent:
        if not 0 <= j < len(dep_cols):
            raise ConstraintDataError(f"{source}: no dependent column {j} (the table has {len(dep_cols)})")
        columns.append([_number(r[dep_cols[j]], source, f"column {names[dep_cols[j]]!r} value") for r in rows[1:]])
    cl_values = qualifiers.get("CL")
    cl = None
    if cl_values:
        chosen = {cl_values[min(j, len(cl_values) - 1)] for j in dependent}
        if len(chosen) > 1:
            raise ConstraintDataError(f"{source}: the chosen columns have different CL qualifiers {sorted(chosen)}")
        cl = chosen.pop()
    return _assemble(source, unit, masses, columns, cl, keys, meta.get("name"))


def hepdata_to_text(path, keys: Mapping[str, str], dependent: Sequence[int] = (0,)) -> str:
    """Dispatch on the file suffix (``.yaml``/``.yml`` or ``.csv``)."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return hepdata_yaml_to_text(text, str(path), keys, dependent)
    if path.suffix.lower() == ".csv":
        return hepdata_csv_to_text(text, str(path), keys, dependent)
    raise ConstraintDataError(f"{path}: a HEPData export must end in .yaml, .yml or .csv")


def load_hepdata(path, keys: Mapping[str, str], dependent: Sequence[int] = (0,)) -> LimitTable:
    """A validated LimitTable from a HEPData export plus the physics keys (parsed by ``tables.parse_table``)."""
    return parse_table(hepdata_to_text(path, keys, dependent), str(path))


def to_hepdata_yaml(table: LimitTable, mass_name: str = "m_Zprime", value_name: str | None = None) -> str:
    """A HEPData YAML data file with the table's numbers (masses in its header's unit, CL qualifier)."""
    unit = table.header["units"]
    scale = UNITS_IN_GEV[unit]
    value_name = value_name or table.bounds
    names = ["upper limit"] if table.values.shape[1] == 1 else ["band lower edge", "band upper edge"]
    percent = f"{Decimal(repr(table.cl)) * 100:f}".rstrip("0").rstrip(".")
    doc = {
        "independent_variables": [{"header": {"name": mass_name, "units": unit.upper()},
                                   "values": [{"value": float(m / scale)} for m in table.mass_GeV]}],
        "dependent_variables": [{"header": {"name": f"{value_name} {n}", "units": ""},
                                 "qualifiers": [{"name": "CL", "value": f"{percent}%"}],
                                 "values": [{"value": float(v)} for v in table.values[:, j]]}
                                for j, n in enumerate(names)],
    }
    return _yaml().safe_dump(doc, sort_keys=False)
