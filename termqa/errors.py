"""Provides the error hierarchy: every failure a user can cause is a TermqaError.

The CLI turns these into one `termqa: error: ...` line and exit code 2; anything else that
escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class TermqaError(Exception):
    """Base of every expected failure; the message is shown to the user as is."""


class InputError(TermqaError):
    """A file that cannot be read as what it claims to be.

    The message always names the file, the line (when known) and the problem, in the
    `path:line: problem` form that editors and CI logs link.
    """

    def __init__(self, path: str, problem: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


class UsageError(TermqaError):
    """Command-line arguments or options that do not make sense together."""


class ConfigError(TermqaError):
    """A configuration file with an unknown key or a bad value."""
