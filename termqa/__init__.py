"""termqa: bilingual terminology and translation QA for Chinese-to-English news.

The public API: load a glossary, read corpora, run the checks.

    from termqa import Engine, load_glossary, read_corpus
    engine = Engine(load_glossary(["glossaries/"]))
    findings = list(engine.run(read_corpus("corpora/japan-korea-talks.tsv")))
"""

from __future__ import annotations

__version__ = "0.1.0"

from termqa.engine import Engine, Options
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.model import Finding, Glossary, GlossaryEntry, Segment, Severity

__all__ = [
    "Engine", "Finding", "Glossary", "GlossaryEntry", "Options", "Segment", "Severity",
    "__version__", "load_glossary", "read_corpus",
]
