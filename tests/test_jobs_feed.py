"""`termqa check --jobs`: the workers are kept fed while this process checks a batch of its own.

This process reads the input, writes the report and checks batches too, so it checks more
slowly than a worker; a worker must not sit idle waiting for it to report. The workers here
are a stand-in that checks a batch the moment it is sent, and this process is made slow.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from termqa import engine
from termqa.engine import Engine, Options
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary

from .conftest import said_twice


class _Done:
    """A worker's future, done when made."""

    def __init__(self, result: tuple) -> None:
        self._result = result

    def done(self) -> bool:
        return True

    def add_done_callback(self, fn) -> None:
        fn(self)

    def result(self) -> tuple:
        return self._result


def test_a_fast_worker_is_not_kept_waiting_while_this_process_checks(tmp_path, monkeypatch):
    segments = list(read_corpus(str(said_twice(tmp_path, 40)), None))
    options = Options(select=["repeated-word"], batch_size=8, pooled_batch_size=2, jobs=2)
    alone = list(Engine(load_glossary([]), replace(options, jobs=1)).run(segments))

    worker = Engine(load_glossary([]), replace(options, jobs=1))
    by_worker: list[int] = []
    checking_first = threading.Event()

    def submit(pool, seq, batch, docs):
        by_worker.append(seq)
        return _Done((worker._run_batch(batch, docs), []))

    real = Engine._run_batch

    def slow_here(self, batch, docs):
        if self is not worker and batch[0].line == 2:  # the first batch, checked here
            checking_first.set()
            time.sleep(1.0)  # long enough for the feeding thread to send all it may
            done_meanwhile.append(len(by_worker))
        return real(self, batch, docs)

    done_meanwhile: list[int] = []
    monkeypatch.setattr(engine, "_submit", submit)
    monkeypatch.setattr(Engine, "_run_batch", slow_here)
    pooled = list(Engine(load_glossary([]), options).run(segments))
    assert pooled == alone and len(alone) == 40
    # While this process checked its first batch (8 segments), the worker checked a batch of 2
    # for every batch the run may hold: four per process, eight for two.
    assert checking_first.is_set() and done_meanwhile == [8], (done_meanwhile, by_worker)
