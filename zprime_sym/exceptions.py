"""All exceptions raised by zprime_sym, in one small hierarchy.

Every error a user can trigger with bad input derives from :class:`ZprimeSymError`, so the
CLI can print a single line and exit non-zero instead of a traceback.
"""


class ZprimeSymError(Exception):
    """Base class of every error zprime_sym raises on purpose."""


class ModelError(ZprimeSymError):
    """A model file is malformed, or its declared operators are not gauge invariant."""

    def __init__(self, file, entry, problem):
        self.file = str(file)
        self.entry = str(entry)
        self.problem = str(problem)
        super().__init__(f"{self.file}: [{self.entry}] {self.problem}")


class InputError(ZprimeSymError):
    """A numerical input (mass, coupling, option) is invalid: negative, NaN, wrong unit, ..."""


class ConstraintDataError(ZprimeSymError):
    """A limit table or measurement-set file is malformed."""


class SpectrumError(ZprimeSymError):
    """A SUSY parameter point or SLHA file cannot be turned into a spectrum."""


class DependencyError(ZprimeSymError):
    """An optional dependency needed for a feature (e.g. matplotlib for plots) is not installed."""
