"""Which modules run compiled, and the guard that runs a module's Python source instead of a
compiled copy that no longer matches it.

The modules in COMPILED are plain Python. Where a C compiler is at hand, `pip install` also
compiles them with Cython (setup.py), unchanged: the aligner and its callers are Python spread
over every term of every segment, and compiled they take 9-14% less CPU (docs/speed.md). A
build that fails leaves the Python source in use, and nothing else changes: the compiled
modules are the same code, held to the same findings byte for byte (tests/test_speedups.py).

An editable install leaves the compiled files beside the sources, where Python prefers them.
Edited afterwards, a source would silently lose to its stale copy, so the build records each
source's digest (RECORD) and a module whose source no longer has it is imported from the
source; so is every module when TERMQA_PURE is set (to profile the Python, or to rule the
compiled copies out). Run `pip install -e .` again to compile the edited modules.

This module is read by setup.py as well: only the standard library here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

COMPILED = (
    "termqa.align",
    "termqa.checks.variants",
    "termqa.postag",
    "termqa.lexicon",
)
"""The modules setup.py compiles: term-variant's aligner and what it calls for every segment.

Not the readers (fileio): on CPython 3.11 a Python `yield from` over a Cython generator that
is already exhausted raises StopIteration (fileio.direction reads a head of the segments, then
`yield from`s the rest), and their share of a run is small. A module added here must have no
generator that Python code `yield from`s."""

RECORD = "_compiled.json"
"""The build's record, in the package directory: module name -> digest of the source compiled."""

PURE_ENV = "TERMQA_PURE"
"""Set (to anything but "" or "0"), every module runs from its Python source."""


def digest(path: Path) -> str:
    """The digest a build records for a source file."""
    import hashlib  # (imported where needed: every command imports this module first)

    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_path(root: Path, module: str) -> Path:
    """The source file of `module` (a name under the package at `root`)."""
    return root.joinpath(*module.split(".")[1:]).with_suffix(".py")


def _pure() -> bool:
    return os.environ.get(PURE_ENV, "") not in ("", "0")


class SourceWhenStale:
    """Imports a module of `names` from its source when its compiled copy may not match it:
    TERMQA_PURE is set, the build left no record, or the source's digest is not the one
    recorded. Otherwise it leaves the module to Python's own finders, which prefer the
    compiled file."""

    def __init__(self, root: Path, names: tuple[str, ...]) -> None:
        self.root = root
        self.names = frozenset(names)
        self._record: dict[str, str] | None = None

    def recorded(self) -> dict[str, str]:
        """The build's record (empty without one)."""
        if self._record is None:
            import json

            try:
                loaded = json.loads((self.root / RECORD).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            self._record = loaded if isinstance(loaded, dict) else {}
        return self._record

    def stale(self, name: str) -> bool:
        """True when `name` must run from its source (see the class)."""
        if _pure():
            return True
        wanted = self.recorded().get(name)
        try:
            return wanted is None or digest(source_path(self.root, name)) != wanted
        except OSError:
            return True

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> Any:
        """A meta path finder's one method: the spec of the source, or None (Python's own finders)."""
        if fullname not in self.names or not self.stale(fullname):
            return None
        source = source_path(self.root, fullname)
        if not source.is_file():
            return None
        import importlib.util

        return importlib.util.spec_from_file_location(fullname, source)


def install() -> None:
    """Put the guard first among the import finders, once per process."""
    if not any(isinstance(f, SourceWhenStale) for f in sys.meta_path):
        sys.meta_path.insert(0, SourceWhenStale(Path(__file__).parent, COMPILED))


def running() -> dict[str, bool]:
    """Each module of COMPILED -> whether it runs compiled (importing it)."""
    import importlib

    return {name: not (importlib.import_module(name).__file__ or "").endswith(".py") for name in COMPILED}
