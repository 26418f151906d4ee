"""`termqa check --jobs`: the last batches of a pooled run are cut smaller, so that the
processes finish together instead of one checking a whole batch alone while the others wait
(engine._finer_at_end). Only the last ones: a batch costs the default rules about 40 ms of polars
steps whatever its size."""

from __future__ import annotations

import itertools
from dataclasses import replace

from termqa import engine
from termqa.engine import Engine, Options, _cut, _finer_at_end
from termqa.errors import InputError
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.model import Segment

from .conftest import said_twice


def _segments(sizes: list[int]) -> tuple[list[Segment], list[tuple[int, int]]]:
    """Documents of the given sizes, flattened as a batch is."""
    segments, docs = [], []
    for n, size in enumerate(sizes):
        docs.append((len(segments), len(segments) + size))
        segments += [Segment("x.tsv", len(segments) + 2, None, f"d{n}", "源", f"t{len(segments)}") for _ in range(size)]
    return segments, docs


def _documents(batch: tuple[list[Segment], list[tuple[int, int]]]) -> list[list[str]]:
    segments, docs = batch
    return [[s.target for s in segments[lo:hi]] for lo, hi in docs]


def test_a_batch_is_cut_at_document_boundaries_into_about_equal_parts():
    batch = _segments([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])  # 44 segments
    parts = list(_cut(*batch, 4))
    assert len(parts) == 4
    assert [d for part in parts for d in _documents(part)] == _documents(batch)
    assert [len(p[0]) for p in parts] == [14, 11, 11, 8]  # a cut once a part has 44 // 4 = 11
    for segments, docs in parts:
        assert docs[0][0] == 0 and docs[-1][1] == len(segments)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(docs))


def test_a_document_larger_than_a_part_stays_whole():
    batch = _segments([2, 30, 2])
    assert [len(p[0]) for p in _cut(*batch, 4)] == [32, 2]
    assert [len(p[0]) for p in _cut(*_segments([40]), 4)] == [40]


def test_only_the_last_batches_are_cut_and_none_is_read_early():
    batches = [_segments([2] * 8) for _ in range(6)]
    read = []

    def source():
        for n, batch in enumerate(batches):
            read.append(n)
            yield batch

    out = _finer_at_end(source(), 2, 4, 1)
    assert next(out) is batches[0] and read == [0, 1, 2]  # two held back, no more
    rest = list(out)
    assert rest[:3] == batches[1:4]
    assert [len(p[0]) for p in rest[3:]] == [4, 4, 4, 4] * 2
    assert [d for part in rest[3:] for d in _documents(part)] == _documents(batches[4]) + _documents(batches[5])


def test_parts_are_never_smaller_than_the_smallest_worth_a_batch():
    batches = [_segments([2] * 8) for _ in range(3)]
    assert [len(p[0]) for p in _finer_at_end(iter(batches), 1, 4, 8)] == [16, 16, 8, 8]
    assert [len(p[0]) for p in _finer_at_end(iter(batches), 1, 4, 9)] == [16, 16, 16]
    assert [len(p[0]) for p in _finer_at_end(iter(batches), 1, 4, 100)] == [16, 16, 16]


def test_an_input_error_comes_after_the_batches_read_before_it():
    batches = [_segments([2] * 8) for _ in range(4)]

    def source():
        yield from batches
        raise InputError("x.tsv", "ragged row", line=99)

    out = _finer_at_end(source(), 2, 4, 1)
    got = []
    try:
        for batch in out:
            got.append(batch)
    except InputError:
        pass
    else:
        raise AssertionError("the input error was swallowed")
    assert got == batches  # none lost, none cut: the input did not end well


def test_a_pooled_run_checks_its_last_batches_in_parts_and_reports_the_same(tmp_path, monkeypatch):
    segments = list(read_corpus(str(said_twice(tmp_path, 48)), None))
    options = Options(select=["repeated-word"], batch_size=16, pooled_batch_size=16, jobs=2)
    alone = list(Engine(load_glossary([]), replace(options, jobs=1)).run(segments))

    sizes: list[int] = []
    real = Engine._run_batch

    def noted(self, batch, docs):
        sizes.append(len(batch))
        return real(self, batch, docs)

    monkeypatch.setattr(engine, "FINAL_PART_SMALLEST", 4)  # parts of 1,000 segments and more, really
    monkeypatch.setattr(engine, "_submit", lambda *args: None)  # no worker process: all checked here
    monkeypatch.setattr(Engine, "_run_batch", noted)
    pooled = list(Engine(load_glossary([]), options).run(segments))
    assert pooled == alone and len(alone) == 48
    # 96 segments: the first batch and the three after it whole, the last two (one per process)
    # in four parts of two documents each.
    assert sorted(sizes) == [4] * 8 + [16] * 4
