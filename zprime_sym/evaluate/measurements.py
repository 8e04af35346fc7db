"""Selectable sets of measured lepton g-2 discrepancies, Delta a_l = a_l(exp) - a_l(SM).

Each set is a TOML file (shipped ones in ``zprime_sym/data/measurements/<name>.toml``)::

    name = "my-set"
    description = "one line saying what the set is"

    [delta_a_e]
    value = -8.7e-13        # dimensionless
    sigma = 3.6e-13         # one standard deviation, > 0
    source = "arXiv:...; ..."

    [delta_a_mu]
    value = 2.51e-9
    sigma = 0.59e-9
    source = "arXiv:..."

A user adds a set by writing such a file and passing its path wherever a set name is accepted
(``load_measurements("path/to/set.toml")``, ``zprime g2 --data path/to/set.toml``). Every value
must cite its source. Files are read lazily; shipped sets are cached.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..exceptions import ConstraintDataError, InputError
from ..textio import MAX_FILE_BYTES, parse_toml, read_text

#: The default set (BCK21's choice: Cs alpha, BNL+FNAL Run-1 muon).
DEFAULT_SET = "bck2021-cs"
#: The measured quantities a set provides, with the lepton each refers to.
QUANTITIES = {"delta_a_e": "e", "delta_a_mu": "mu"}
_TOP_KEYS = {"name", "description", *QUANTITIES}
_ENTRY_KEYS = {"value", "sigma", "source"}


@dataclass(frozen=True)
class MeasurementSet:
    """Measured Delta a_e and Delta a_mu (dimensionless) with 1-sigma errors and citations.

    ``sources`` holds (quantity, citation) pairs, e.g. ("delta_a_e", "arXiv:1812.04130 ...").
    ``file`` is where the set was read from.
    """

    name: str
    description: str
    delta_a_e: float
    sigma_e: float
    delta_a_mu: float
    sigma_mu: float
    sources: tuple[tuple[str, str], ...]
    file: str = ""

    def source(self, quantity: str) -> str:
        """Citation of one quantity ('delta_a_e' or 'delta_a_mu')."""
        return dict(self.sources)[quantity]

    def value(self, lepton: str) -> tuple[float, float]:
        """(measured Delta a, sigma) for lepton 'e' or 'mu'."""
        if lepton == "e":
            return self.delta_a_e, self.sigma_e
        if lepton == "mu":
            return self.delta_a_mu, self.sigma_mu
        raise InputError(f"measurement sets hold 'e' and 'mu' only, not {lepton!r}")


def _measurement_dir():
    return resources.files("zprime_sym.data").joinpath("measurements")


def available_sets() -> list[str]:
    """Names of the shipped measurement sets, sorted."""
    return sorted(p.name[: -len(".toml")] for p in _measurement_dir().iterdir() if p.name.endswith(".toml"))


def _number(file: str, entry: str, raw, *, positive: bool) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ConstraintDataError(f"{file}: [{entry}] must be a number, got {raw!r}")
    value = float(raw)
    if not math.isfinite(value):
        raise ConstraintDataError(f"{file}: [{entry}] must be finite, got {raw!r}")
    if positive and value <= 0:
        raise ConstraintDataError(f"{file}: [{entry}] must be positive, got {raw!r}")
    return value


def _text(file: str, entry: str, raw) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ConstraintDataError(f"{file}: [{entry}] must be a non-empty string, got {raw!r}")
    if len(raw) > 4096:
        raise ConstraintDataError(f"{file}: [{entry}] is {len(raw)} characters; at most 4096 are accepted")
    return raw.strip()


def parse_measurements(data: Mapping, file: str) -> MeasurementSet:
    """Validate a parsed TOML document and build a MeasurementSet; errors name file and entry."""
    if not isinstance(data, Mapping):
        raise ConstraintDataError(f"{file}: expected a TOML document (a table), got {type(data).__name__}")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConstraintDataError(f"{file}: unknown entr{'y' if len(unknown) == 1 else 'ies'} "
                                  f"{sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
    for key in sorted(_TOP_KEYS):
        if key not in data:
            raise ConstraintDataError(f"{file}: [{key}] is missing")
    fields = {}
    sources = []
    for quantity, lepton in QUANTITIES.items():
        table = data[quantity]
        if not isinstance(table, Mapping):
            raise ConstraintDataError(f"{file}: [{quantity}] must be a table with {sorted(_ENTRY_KEYS)}")
        extra = set(table) - _ENTRY_KEYS
        if extra:
            raise ConstraintDataError(f"{file}: [{quantity}] unknown key(s) {sorted(extra)}; allowed: {sorted(_ENTRY_KEYS)}")
        for key in sorted(_ENTRY_KEYS):
            if key not in table:
                raise ConstraintDataError(f"{file}: [{quantity}.{key}] is missing")
        fields[quantity] = _number(file, f"{quantity}.value", table["value"], positive=False)
        fields[f"sigma_{lepton}"] = _number(file, f"{quantity}.sigma", table["sigma"], positive=True)
        sources.append((quantity, _text(file, f"{quantity}.source", table["source"])))
    return MeasurementSet(
        name=_text(file, "name", data["name"]),
        description=_text(file, "description", data["description"]),
        sources=tuple(sources),
        file=file,
        **fields,
    )


def _read(text: str, file: str) -> MeasurementSet:
    data = parse_toml(text, error=lambda problem: ConstraintDataError(f"{file}: {problem}"))
    return parse_measurements(data, file)


@functools.cache
def _shipped(name: str) -> MeasurementSet:
    resource = _measurement_dir().joinpath(f"{name}.toml")
    return _read(resource.read_text(encoding="utf-8"), f"zprime_sym/data/measurements/{name}.toml")


def load_measurements(name_or_path: str | Path = DEFAULT_SET) -> MeasurementSet:
    """A shipped set by name (see available_sets()) or a user's set file by path.

    Anything that ends in '.toml' or contains a path separator is read as a file.
    Raises InputError for an unknown name or missing file, ConstraintDataError for a malformed file.
    """
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        if not path.is_file():
            raise InputError(f"measurement set file {text!r} does not exist")
        content = read_text(path, what="measurement set", max_bytes=MAX_FILE_BYTES,
                            error=lambda problem: ConstraintDataError(f"{text}: {problem}"))
        return _read(content, text)
    names = available_sets()
    if text not in names:
        raise InputError(f"unknown measurement set {text!r}; available: {', '.join(names)} "
                         f"(or give the path of a .toml file)")
    return _shipped(text)


def pulls(delta_a: Mapping, mset: MeasurementSet) -> dict[str, np.ndarray]:
    """Pulls (predicted - measured) / sigma for 'e' and 'mu'; delta_a maps 'e', 'mu' to predictions."""
    out = {}
    for lepton in ("e", "mu"):
        if lepton not in delta_a:
            raise InputError(f"pulls: no prediction for lepton {lepton!r}")
        measured, sigma = mset.value(lepton)
        out[lepton] = (np.asarray(delta_a[lepton], dtype=float) - measured) / sigma
    return out
