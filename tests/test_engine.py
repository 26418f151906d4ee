"""The engine: batching never changes what is found."""

from __future__ import annotations

import itertools
import threading

from termqa.engine import Engine, Options
from termqa.errors import InputError
from termqa.fileio.corpus import expand_paths, read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.model import Segment

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


def test_an_input_error_read_ahead_arrives_after_the_findings_before_it(tmp_path):
    # Two documents, then a ragged row: with batches of one document, the first document's
    # findings come out before the error, which is raised (not lost in the reading thread).
    corpus = tmp_path / "ragged.tsv"
    corpus.write_text(
        "doc\tsource\ttarget\n"
        "a\t中新社报道。\tThe the report.\n"
        "b\t中新社报道。\tA report.\n"
        "c\tonly two\n",
        encoding="utf-8",
    )
    engine = Engine(load_glossary([]), Options(batch_size=1))
    seen = []
    try:
        for f in engine.run(read_corpus(str(corpus))):
            seen.append((f.doc, f.rule))
    except InputError as exc:
        assert "ragged" in str(exc) and exc.line == 4
    else:
        raise AssertionError("the ragged row was not reported")
    assert seen == [("a", "repeated-word")]


def test_stopping_early_stops_the_reading_thread():
    engine = Engine(load_glossary([]), Options(batch_size=1))
    endless = (Segment("x.txt", n, None, f"d{n}", None, "the the") for n in itertools.count(1))
    run = engine.run(endless)
    assert next(run).rule == "repeated-word"
    run.close()
    assert not any(t.name == "termqa-read" and t.is_alive() for t in threading.enumerate())


def test_segments_and_findings_pickle_to_themselves_with_every_field():
    # `check --jobs` sends segments to its workers and findings back by pickle; the fields that
    # take no part in equality (context, col, related) must travel too.
    import pickle

    from termqa.model import Finding, Related, Segment, Severity, Side

    segment = Segment("a.tsv", 3, "u1", "d", "郑义溶会见记者", "Chung met reporters", 4, 12)
    related = Related(2, None, 0, 5, "Chung", col=7)
    finding = Finding("a.tsv", 3, "u1", "d", Side.TARGET, 0, 5, "Chung", "name-variant", Severity.WARNING,
                      "msg", ("Chung Eui-yong",), "chung", context="x | met", col=13, related=(related,))
    for value in (segment, related, finding):
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == value and type(back) is type(value)
    back = pickle.loads(pickle.dumps(finding))
    assert (back.context, back.col, back.related) == ("x | met", 13, (related,))
    assert (pickle.loads(pickle.dumps(segment)).source_col, pickle.loads(pickle.dumps(segment)).target_col) == (4, 12)
