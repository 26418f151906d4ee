"""The engine: batching never changes what is found."""

from __future__ import annotations

from termqa.engine import Engine, Options
from termqa.fileio.corpus import expand_paths, read_corpus
from termqa.fileio.glossary import load_glossary

from .conftest import ROOT


def _findings(batch_size: int) -> list:
    glossary = load_glossary([str(ROOT / "glossaries")])
    engine = Engine(glossary, Options(batch_size=batch_size))
    segments = (s for path in expand_paths([str(ROOT / "corpora")]) for s in read_corpus(path))
    found = list(engine.run(segments))
    assert engine.stats.segments >= 90
    return found


def test_batch_size_does_not_change_the_findings():
    whole = _findings(100_000)
    assert whole
    assert _findings(1) == whole
    assert _findings(7) == whole


def test_documents_are_never_split_across_batches():
    engine = Engine(load_glossary([]), Options(batch_size=3))
    segments = list(read_corpus(str(ROOT / "corpora" / "japan-korea-talks.tsv")))
    batches = list(engine._batches(segments))
    for batch, docs in batches:
        for start, end in docs:
            assert len({s.doc for s in batch[start:end]}) == 1
        assert docs[-1][1] == len(batch)
    assert sum(len(b) for b, _ in batches) == len(segments)
    assert engine.stats.documents == 2
