"""A progress line on stderr, shown only when stderr is a terminal (shared by scans, verdicts, plots).

Logs and pipes get nothing (no ``\\r`` clutter). Uses tqdm when it is installed, else a plain line.
"""
from __future__ import annotations

import sys
import time


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """``Progress(total, label)``; ``.step()`` per finished unit, ``.close()`` at the end.

    ``enabled=None`` means: on if stderr is a terminal. ``already`` counts units done before (resume).
    """

    def __init__(self, total: int, label: str, *, already: int = 0, enabled: bool | None = None, unit: str = "it"):
        self.total, self.done, self.first = int(total), int(already), int(already)
        self.label, self.unit = label, unit
        self.enabled = stderr_is_terminal() if enabled is None else bool(enabled) and stderr_is_terminal()
        self.start = time.monotonic()
        self._bar = None
        if self.enabled:
            try:
                from tqdm import tqdm  # optional
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self._bar = tqdm(total=self.total, initial=self.done, desc=label, unit=unit, file=sys.stderr)
        self.show()

    def step(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        self.show()

    def show(self) -> None:
        if not self.enabled or self._bar is not None:
            return
        elapsed = time.monotonic() - self.start
        rate = (self.done - self.first) / elapsed if elapsed > 0 else 0.0
        eta = f"{(self.total - self.done) / rate:.0f}s" if rate > 0 else "?"
        end = "\n" if self.done >= self.total else ""
        print(f"\r{self.label}: {self.done}/{self.total} {self.unit} ({100 * self.done / max(self.total, 1):.0f}%), "
              f"{elapsed:.0f}s elapsed, ETA {eta}   ", end=end, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
