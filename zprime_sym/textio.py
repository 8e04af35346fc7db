"""Bounded, strict reading of the project's text data files (TOML, JSON, CSV, SLHA).

Every data file a user can hand to zprime_sym goes through these functions, so that each reader fails
the same way: with the project's one-line error naming the file, the entry and the problem, never a
traceback. The limits guard against input built to exhaust the machine, not against honest data
(the largest shipped file is a few kB):

* file size: :data:`MAX_FILE_BYTES` (4 MiB) by default;
* text must be UTF-8 (the error gives the byte offset of the first bad byte);
* TOML arrays/inline tables nested at most :data:`MAX_NESTING` (32) deep, checked on the raw text
  before parsing, because ``tomllib`` recurses once per level and has no limit of its own;
* TOML integers of more than 4300 digits (Python's int-conversion limit) are a clean error;
* JSON: no NaN / Infinity in or out (``allow_nan=False``).
"""
from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Callable

from .exceptions import InputError

#: Largest data file read (bytes).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Deepest nesting of TOML arrays and inline tables accepted.
MAX_NESTING = 32

ErrorFactory = Callable[[str], Exception]


def _default_error(source: str) -> ErrorFactory:
    return lambda problem: InputError(f"{source}: {problem}")


def read_bytes(path: str | Path, *, what: str = "file", max_bytes: int = MAX_FILE_BYTES,
               error: ErrorFactory | None = None) -> bytes:
    """The bytes of a file, refused if missing, unreadable, a directory or larger than ``max_bytes``."""
    error = error or _default_error(str(path))
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise error(f"{what} is a directory, not a file")
        if size > max_bytes:
            raise error(f"{what} is {size} bytes, more than the limit of {max_bytes} bytes")
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        raise error(f"cannot read {what}: {err.strerror or err}") from None
    if len(data) > max_bytes:
        raise error(f"{what} is more than the limit of {max_bytes} bytes")
    return data


def decode_utf8(data: bytes, *, error: ErrorFactory) -> str:
    """UTF-8 text of ``data``; a bad byte is reported with its offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise error(f"not UTF-8 text (byte {err.start}: {data[err.start:err.start + 1]!r})") from None


def read_text(path: str | Path, *, what: str = "file", max_bytes: int = MAX_FILE_BYTES,
              error: ErrorFactory | None = None) -> str:
    """UTF-8 text of a file, bounded in size (see :func:`read_bytes`)."""
    error = error or _default_error(str(path))
    return decode_utf8(read_bytes(path, what=what, max_bytes=max_bytes, error=error), error=error)


def toml_nesting_depth(text: str) -> int:
    """Deepest nesting of ``[``/``{`` in TOML value position, skipping strings and comments.

    A cheap scan of the raw text (table headers such as ``[[scalars]]`` count 1-2, harmless)."""
    depth = best = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "\"'":
            triple = text.startswith(c * 3, i)
            quote = c * 3 if triple else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if c == '"' and text[i] == "\\":
                    i += 1
                elif not triple and text[i] == "\n":
                    break
                i += 1
            i += len(quote)
            continue
        if c in "[{":
            depth += 1
            best = max(best, depth)
        elif c in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return best


def parse_toml(text: str, *, error: ErrorFactory, max_nesting: int = MAX_NESTING, parse_float=float) -> dict:
    """``tomllib.loads`` with a nesting limit and clean errors for every failure.

    ``parse_float=decimal.Decimal`` keeps each float's exact decimal text (model files)."""
    depth = toml_nesting_depth(text)
    if depth > max_nesting:
        raise error(f"arrays or inline tables nested {depth} deep; at most {max_nesting} levels are accepted")
    try:
        return tomllib.loads(text, parse_float=parse_float)
    except tomllib.TOMLDecodeError as err:
        raise error(f"not valid TOML: {err}") from None
    except RecursionError:
        raise error(f"arrays or inline tables nested too deep (more than {max_nesting} levels)") from None
    except ValueError as err:  # e.g. an integer of more than 4300 digits
        raise error(f"not valid TOML: {str(err).splitlines()[0]}") from None


def load_toml(path: str | Path, *, what: str = "file", error: ErrorFactory | None = None,
              max_bytes: int = MAX_FILE_BYTES) -> dict:
    """Read, size-check, decode and parse a TOML file."""
    error = error or _default_error(str(path))
    return parse_toml(read_text(path, what=what, max_bytes=max_bytes, error=error), error=error)


def load_json(path: str | Path, *, what: str = "file", error: ErrorFactory | None = None,
              max_bytes: int = MAX_FILE_BYTES, expect: type = dict):
    """Read and parse a strict JSON file (no NaN/Infinity constants), whose top level is ``expect``."""
    error = error or _default_error(str(path))
    text = read_text(path, what=what, max_bytes=max_bytes, error=error)

    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    try:
        doc = json.loads(text, parse_constant=refuse)
    except RecursionError:
        raise error(f"{what}: nested too deep") from None
    except ValueError as err:
        raise error(f"{what} is not valid JSON: {err}") from None
    if not isinstance(doc, expect):
        raise error(f"{what} must hold a JSON {expect.__name__}, not {type(doc).__name__}")
    return doc


def finite_json(obj):
    """``obj`` with every non-finite float replaced by None (JSON null), and the list of their paths."""
    bad: list[str] = []

    def walk(x, path):
        if isinstance(x, float) and not math.isfinite(x):
            bad.append(path or "value")
            return None
        if isinstance(x, dict):
            return {k: walk(v, f"{path}.{k}" if path else str(k)) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(x)]
        return x

    return walk(obj, ""), bad


def dumps_strict(obj, **kw) -> str:
    """JSON text that any parser accepts: non-finite numbers become null (see :func:`finite_json`)."""
    clean, _ = finite_json(obj)
    return json.dumps(clean, allow_nan=False, **kw)
