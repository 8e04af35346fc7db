"""On-disk cache of generated text (printed numpy source, printed derivations), shared by processes.

Only *text* is cached, never pickles: an entry is a JSON document
``{"format", "kind", "key", "sha256", "payload"}`` where ``payload`` is the text and ``sha256`` its
digest. :func:`load` returns the payload only if the document parses, names the requested kind and
key, and the digest of the payload matches; anything else (truncated file, flipped byte, an entry
written for another key) counts as a miss, and the caller rebuilds and overwrites it silently.
The digest detects corruption, not tampering: the cache directory is the user's own, like
``~/.cache`` of any other program.

Keys are sha256 digests of everything the text depends on (:func:`make_key`): the caller's
declaration (file bytes, declaration text), the package version, the versions of the libraries that
generate the text, and the source code of the generating modules (:func:`source_digest`), so that
editing the package or upgrading sympy rebuilds.

Location (:func:`cache_dir`): ``$ZPRIME_SYM_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/zprime_sym``,
else ``~/.cache/zprime_sym``. ``ZPRIME_SYM_NO_CACHE=1`` disables reading and writing. Writes are
atomic (a temporary file in the same directory, then ``os.replace``), so concurrent processes filling
the same entry both succeed and a reader never sees a half-written entry. An unwritable directory
disables the cache for that call (no error: the cache is an optimisation).

Imports only the standard library, so a warm hit costs milliseconds.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path

FORMAT = 1
_PACKAGE_ROOT = Path(__file__).resolve().parent


def enabled() -> bool:
    """False when ``ZPRIME_SYM_NO_CACHE`` is set to a non-empty value other than ``0``."""
    return os.environ.get("ZPRIME_SYM_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """The cache directory (not created here); see the module docstring."""
    override = os.environ.get("ZPRIME_SYM_CACHE_DIR")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "zprime_sym"


def package_version() -> str:
    import zprime_sym

    return zprime_sym.__version__


def library_version(name: str) -> str:
    """Installed version of a distribution (read from its metadata, without importing it)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def source_digest(*relative: str) -> str:
    """sha256 over the source of package files or folders (paths relative to ``zprime_sym/``)."""
    h = hashlib.sha256()
    for rel in relative:
        path = _PACKAGE_ROOT / rel
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            h.update(str(f.relative_to(_PACKAGE_ROOT)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def make_key(*parts) -> str:
    """sha256 of the JSON of ``parts`` plus the package version (parts: str, bytes, numbers, lists)."""
    h = hashlib.sha256()
    for part in (package_version(), *parts):
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _entry_path(kind: str, key: str) -> Path:
    return cache_dir() / f"{kind}-{key}.json"


def load(kind: str, key: str) -> str | None:
    """The cached text for (kind, key), or None (missing, disabled, corrupted or mismatched entry)."""
    if not enabled():
        return None
    try:
        doc = json.loads(_entry_path(kind, key).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("kind") != kind or doc.get("key") != key:
        return None
    payload = doc.get("payload")
    if not isinstance(payload, str) or hashlib.sha256(payload.encode("utf-8")).hexdigest() != doc.get("sha256"):
        return None
    return payload


def store(kind: str, key: str, payload: str) -> bool:
    """Write the entry atomically; True if written (False if disabled or the directory is unwritable)."""
    if not enabled():
        return False
    doc = {"format": FORMAT, "kind": kind, "key": key,
           "sha256": hashlib.sha256(payload.encode("utf-8")).hexdigest(), "payload": payload}
    directory = cache_dir()
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, _entry_path(kind, key))
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def load_json(kind: str, key: str, valid):
    """The cached JSON value for (kind, key) if :func:`load` finds the entry, it parses and
    ``valid(value)`` accepts it; None otherwise (the caller then recomputes and stores it with :func:`store_json`)."""
    text = load(kind, key)
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if valid(value) else None


def store_json(kind: str, key: str, value) -> bool:
    """:func:`store` the JSON text of ``value`` (floats round-trip exactly)."""
    return store(kind, key, json.dumps(value))
