"""The targets are matched against the glossary only when a rule of the run reads the target
table: term-variant alone reads only the glossary's Chinese forms found in each document, and
scanning every English text for every rendering was half of its matching time."""

from __future__ import annotations

import pytest

from termqa import matcher
from termqa.checks import Batch
from termqa.engine import Engine, Options
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary

from .conftest import ROOT


@pytest.fixture
def scans(monkeypatch) -> list[bool]:
    """One entry per automaton scan of the run: True for a scan of the targets (word-bounded)."""
    seen: list[bool] = []
    real = matcher._scan

    def counted(automaton, texts, bounded=False):
        seen.append(bounded)
        return real(automaton, texts, bounded)

    monkeypatch.setattr(matcher, "_scan", counted)
    return seen


def _run(select: list[str]) -> list:
    engine = Engine(load_glossary(["builtin:news"], None), Options(select=select, jobs=1))
    return list(engine.run(read_corpus(str(ROOT / "corpora" / "comfort-woman-statue.xlf"), None, None)))


def test_term_variant_alone_does_not_match_the_targets(scans):
    found = _run(["term-variant"])
    assert found and {f.rule for f in found} == {"term-variant"}
    assert scans and not any(scans)  # the sources were scanned, the targets never


def test_a_rule_that_reads_the_targets_gets_them_matched(scans):
    found = _run(["term-forbidden", "term-variant"])
    assert any(scans) and not all(scans)
    assert {"term-forbidden", "term-variant"} <= {f.rule for f in found}


def test_term_variant_finds_the_same_with_the_targets_matched_or_not():
    alone = _run(["term-variant"])
    beside = [f for f in _run(["term-variant", "term-missing"]) if f.rule == "term-variant"]
    assert alone == beside


def test_reading_unmatched_targets_is_an_error_not_an_empty_table():
    engine = Engine(load_glossary(["builtin:news"], None))
    segments = list(read_corpus(str(ROOT / "corpora" / "comfort-woman-statue.xlf"), None, None))
    batch = Batch(segments, [(0, len(segments))], engine.matcher, target_matches=False)
    assert batch.source_table.height
    with pytest.raises(RuntimeError, match="not matched"):
        batch.target_table  # noqa: B018
    assert Batch(segments, [(0, len(segments))], engine.matcher).target_table.height
