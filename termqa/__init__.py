"""termqa: bilingual terminology and translation QA for Chinese-to-English news.

The public API: load a glossary, read corpora, run the checks.

    from termqa import Engine, load_glossary, read_corpus
    engine = Engine(load_glossary(["glossaries/"]))
    findings = list(engine.run(read_corpus("corpora/japan-korea-talks.tsv")))

The names are resolved on first use (PEP 562): `import termqa.cli` must not pay for the engine,
polars and every rule before it knows whether it will run any (a pre-commit hook runs it on
every commit; tests/test_startup.py holds the line).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from termqa import speedups

# Before any module of the package is imported: a compiled copy older than its source is not used.
speedups.install()

__version__ = "0.1.0"

_LAZY = {
    "Engine": "termqa.engine",
    "Options": "termqa.engine",
    "read_corpus": "termqa.fileio.corpus",
    "load_glossary": "termqa.fileio.glossary",
    "Finding": "termqa.model",
    "Glossary": "termqa.model",
    "GlossaryEntry": "termqa.model",
    "Segment": "termqa.model",
    "Severity": "termqa.model",
}

if TYPE_CHECKING:
    from termqa.engine import Engine, Options
    from termqa.fileio.corpus import read_corpus
    from termqa.fileio.glossary import load_glossary
    from termqa.model import Finding, Glossary, GlossaryEntry, Segment, Severity

__all__ = [
    "Engine", "Finding", "Glossary", "GlossaryEntry", "Options", "Segment", "Severity",
    "__version__", "load_glossary", "read_corpus",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'termqa' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # resolved once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
