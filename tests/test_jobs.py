"""`termqa check --jobs`: a corpus of more than one batch is checked in worker processes, with
the same report as one process, and a worker that crashes or dies loses nothing.

Workers are fresh processes (forked from a fork server, or spawned), so a fault cannot be
planted with monkeypatch: it is planted with a `sitecustomize.py` on PYTHONPATH, which every
Python process of the run (the CLI, the fork server and each worker) imports at start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from termqa.engine import Engine, Options
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary

from .conftest import ROOT, SHARED

WMT22 = SHARED / "data" / "wmt-general-zhen-systems" / "wmt22"


def _real_corpus(tmp_path: Path) -> Path:
    """WMT22's Chinese source with two systems' English (4,000 real segment pairs), one
    document per WMT22 document."""
    if not WMT22.is_dir():
        pytest.skip("../shared/data is not beside the project")
    src = (WMT22 / "sources/generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    docs = [line.split("\t")[1] for line in (WMT22 / "documents/zh-en.docs").read_text(encoding="utf-8").splitlines()]
    rows = ["doc\tsource\ttarget"]
    for system in ("HuaweiTSC", "Online-B"):
        hyp = (WMT22 / f"system-outputs/generaltest2022.zh-en.hyp.{system}.en").read_text(encoding="utf-8").splitlines()
        rows += [f"{system}/{d}\t{s}\t{t}" for d, s, t in zip(docs, src, hyp, strict=True)]
    path = tmp_path / "real.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _termqa(*args: str, cwd: Path, plant: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if plant is not None:
        site = cwd / "plant"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(plant, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)])
    return subprocess.run([sys.executable, "-m", "termqa", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=600)


class _SlowWorker:
    """Stands in for the worker processes: a batch sent is never done by itself. Asked for its
    result, the batch is checked as a worker would check it (claimed first), unless this
    process has taken it back."""

    def __init__(self, options: Options) -> None:
        self.engine = Engine(load_glossary([]), replace(options, jobs=1))
        self.claims = None
        self.lines: list[int] = []

    def submit(self, pool, seq, batch, docs):
        worker = self

        class Future:
            def __init__(self):
                self.callbacks = []

            def done(self):
                return False

            def add_done_callback(self, fn):
                self.callbacks.append(fn)

            def result(self):
                from termqa.engine import _Claims

                out = None
                if worker.claims.claim(seq, _Claims.WORKER):
                    worker.lines.append(batch[0].line)
                    out = (worker.engine._run_batch(batch, docs), [])
                for fn in self.callbacks:
                    fn(self)
                return out

        return Future()


def _slow_pool(monkeypatch: pytest.MonkeyPatch, options: Options, seen: Callable[[bool, list], object]) -> _SlowWorker:
    """Pooled runs send their batches to a _SlowWorker; `seen(by_worker, batch)` hears of every
    batch checked, here or by it."""
    from termqa import engine

    worker = _SlowWorker(options)

    class Claims(engine._Claims):
        def __init__(self, context):
            super().__init__(context)
            worker.claims = self

    real = Engine._run_batch

    def counted(self, batch, docs):
        seen(self is worker.engine, batch)
        return real(self, batch, docs)

    monkeypatch.setattr(engine, "_Claims", Claims)
    monkeypatch.setattr(engine, "_submit", worker.submit)
    monkeypatch.setattr(Engine, "_run_batch", counted)
    return worker


def test_this_process_checks_what_the_workers_have_not_started(tmp_path, monkeypatch):
    # The batch to report next is not ready (a slow worker): this process checks the input's next
    # batches, then takes back those waiting in the worker's queue, rather than wait.
    segments = list(read_corpus(str(_three_batches(tmp_path)), None))
    options = Options(select=["repeated-word"], batch_size=14, jobs=2)  # 5 batches
    alone = list(Engine(load_glossary([]), replace(options, jobs=1)).run(segments))
    here: list[int] = []
    worker = _slow_pool(monkeypatch, options, lambda by_worker, batch: by_worker or here.append(batch[0].line))
    pooled = list(Engine(load_glossary([]), options).run(segments))
    assert pooled == alone and len(alone) == 30
    assert sorted(here + worker.lines) == [2, 16, 30, 44, 58]  # each batch checked once
    # Two batches were sent; at most one may still have been on its way when its turn came.
    assert len(worker.lines) <= 1, (here, worker.lines)


def test_after_a_full_first_batch_the_workers_get_smaller_ones(tmp_path, monkeypatch):
    # The first batch is checked here while the workers start; the rest go in batches of
    # pooled_batch_size whole documents, so that the processes finish together. The findings
    # are those of one process.
    segments = list(read_corpus(str(_three_batches(tmp_path)), None))
    options = Options(select=["repeated-word"], batch_size=14, pooled_batch_size=6, jobs=2)
    alone = list(Engine(load_glossary([]), replace(options, jobs=1)).run(segments))
    sizes: dict[int, int] = {}
    _slow_pool(monkeypatch, options, lambda by_worker, batch: sizes.__setitem__(batch[0].line, len(batch)))
    pooled = list(Engine(load_glossary([]), options).run(segments))
    assert pooled == alone and len(alone) == 30
    assert sorted(sizes.items()) == [(2, 14), (16, 6), (22, 6), (28, 6), (34, 6), (40, 6), (46, 6), (52, 6), (58, 4)]
    # In one process the batches keep their size.
    sizes.clear()
    assert list(Engine(load_glossary([]), replace(options, jobs=1)).run(segments)) == alone
    assert sorted(sizes.items()) == [(2, 14), (16, 14), (30, 14), (44, 14), (58, 4)]


def test_workers_give_the_report_of_one_process_byte_for_byte(tmp_path):
    corpus = _real_corpus(tmp_path)
    common = ["check", str(corpus), "-g", "builtin:news", "--format", "jsonl", "--no-progress",
              "--batch-size", "700", "--fail-on", "never"]
    one = _termqa(*common, "--jobs", "1", cwd=tmp_path)
    two = _termqa(*common, "--jobs", "2", cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert one.stdout.count("\n") > 50  # real findings, not two empty reports
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr  # the summary line: the same counts of files and segments


def test_the_api_with_jobs_yields_the_same_findings_in_the_same_order(tmp_path):
    corpus = _real_corpus(tmp_path)
    segments = list(read_corpus(str(corpus), None))
    glossary = load_glossary(["builtin:news"])
    single = Engine(glossary, Options(batch_size=900, jobs=1))
    pooled = Engine(glossary, Options(batch_size=900, jobs=2))
    pooled.texts = {}
    got = []
    for f in pooled.run(segments):
        got.append(f)
        # The text format reads each finding's text while its batch is the current one.
        key = (f.path, f.line, f.side.value)
        assert key in pooled.texts
    want = list(single.run(segments))
    assert got == want and len(want) > 50
    assert (pooled.stats.segments, pooled.stats.documents) == (single.stats.segments, single.stats.documents)


CRASH_IN_WORKER = """
import multiprocessing
from termqa.checks.text import RepeatedWord

real = RepeatedWord.run

def run(self, batch):
    if any("Boomtown" in t for t in batch.targets):
        raise ZeroDivisionError("planted in " + multiprocessing.current_process().name)
    yield from real(self, batch)

RepeatedWord.run = run
"""


def _three_batches(tmp_path: Path) -> Path:
    rows = ["doc\tsource\ttarget"]
    for doc in range(30):
        word = "Boomtown" if doc == 17 else "town"
        rows += [f"d{doc}\t他说了两遍。\tHe said said it in {word}.", f"d{doc}\t没有问题。\tNo problem."]
    path = tmp_path / "docs.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_crash_in_a_worker_costs_one_document_and_exits_3(tmp_path):
    corpus = _three_batches(tmp_path)
    args = ["check", corpus.name, "--select", "repeated-word", "--format", "jsonl", "--no-progress",
            "--batch-size", "20"]
    done = _termqa(*args, "--jobs", "2", cwd=tmp_path, plant=CRASH_IN_WORKER)
    assert done.returncode == 3, done.stderr
    lines = done.stdout.splitlines()
    assert sum('"repeated-word"' in line for line in lines) == 29  # every other document
    (internal,) = [line for line in lines if '"internal-error"' in line]
    assert '"doc": "d17"' in internal and "planted in MainProcess" not in internal  # in a worker
    assert "check repeated-word crashed on document 'd17'" in done.stderr
    # The same run in one process says the same, but for where the crash happened.
    alone = _termqa(*args, "--jobs", "1", cwd=tmp_path, plant=CRASH_IN_WORKER)
    assert alone.returncode == 3
    assert [line for line in alone.stdout.splitlines() if "planted" not in line] == \
        [line for line in lines if "planted" not in line]
    assert "MainProcess" in alone.stdout


WORKER_DIES = """
import multiprocessing, os
from termqa.checks.text import RepeatedWord

real = RepeatedWord.run

def run(self, batch):
    if multiprocessing.current_process().name != "MainProcess" and any("Boomtown" in t for t in batch.targets):
        os._exit(9)  # killed, as the out-of-memory killer would
    yield from real(self, batch)

RepeatedWord.run = run
"""


def test_a_worker_that_dies_loses_nothing(tmp_path):
    corpus = _three_batches(tmp_path)
    args = ["check", corpus.name, "--select", "repeated-word", "--format", "jsonl", "--no-progress",
            "--batch-size", "20"]
    dies = _termqa(*args, "--jobs", "2", cwd=tmp_path, plant=WORKER_DIES)
    alone = _termqa(*args, "--jobs", "1", cwd=tmp_path)
    assert alone.returncode == 0 and alone.stdout.count('"repeated-word"') == 30
    assert (dies.returncode, dies.stdout) == (alone.returncode, alone.stdout), dies.stderr


def test_jobs_must_not_be_negative(tmp_path):
    corpus = _three_batches(tmp_path)
    done = _termqa("check", corpus.name, "--jobs", "-1", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["termqa: error: --jobs must be 0 (one per CPU) or more"]


def test_the_fork_server_loads_no_polars_and_workers_start_warm(tmp_path):
    # Forking a process that runs polars' thread pool can deadlock the child: the modules the
    # fork server preloads must not import polars. What they load, the workers start with.
    code = "import sys, termqa.prewarm, termqa.prewarm_align; print('polars' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"
    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform: workers are spawned and load the tables each")
    # Each worker is forked from the fork server: a fork hook, set in every process, sees what
    # the worker holds when it is born: the segmenter always, term-variant's tagger and
    # CC-CEDICT (its acronyms too) only when that rule is selected (Check.preload).
    plant = (
        "import os, sys\n"
        "def born():\n"
        "    zhwords, align = sys.modules.get('termqa.zhwords'), sys.modules.get('termqa.postag')\n"
        "    warm = zhwords is not None and zhwords._WORDS.native is not None and zhwords._memo.cache_info().currsize == 1\n"
        "    lexicon = sys.modules.get('termqa.lexicon')\n"
        "    tagger = align is not None and align._WORDS.native is not None and align._hmm.cache_info().currsize == 1 \\\n"
        "        and lexicon._expansions.cache_info().currsize == 1\n"
        "    with open(os.path.join(os.getcwd(), f'warm-{os.getpid()}'), 'w') as fh:\n"
        "        fh.write(f'{warm} {tagger}')\n"
        "os.register_at_fork(after_in_child=born)\n"
    )
    corpus = _three_batches(tmp_path)
    for rule, tagger in (("repeated-word", "False"), ("term-variant", "True")):
        for old in tmp_path.glob("warm-*"):
            old.unlink()
        done = _termqa("check", corpus.name, "--select", rule, "--batch-size", "20", "--jobs", "3",
                       cwd=tmp_path, plant=plant)
        assert done.returncode == 0, done.stderr
        warm = [p.read_text() for p in tmp_path.glob("warm-*")]
        # (Every worker forked: this process takes the batches no worker has yet, so on a small
        # corpus the second worker may never be needed.)
        assert len(warm) >= 1 and set(warm) == {f"True {tagger}"}, rule


def test_a_batch_that_cannot_be_sent_is_checked_here(tmp_path, monkeypatch):
    # Submitting a batch to the workers fails (a batch that cannot be pickled, a pool that will
    # not start): the batch is checked in this process, never dropped.
    import termqa.engine as engine

    corpus = _three_batches(tmp_path)
    segments = list(read_corpus(str(corpus), None))

    def refuse(pool, seq, batch, docs):
        raise OSError("cannot send")

    monkeypatch.setattr(engine, "_submit", refuse)
    options = Options(select=["repeated-word"], batch_size=14, jobs=3)
    pooled = list(Engine(load_glossary([]), options).run(segments[:40]))
    alone = list(Engine(load_glossary([]), Options(select=["repeated-word"], batch_size=14, jobs=1)).run(segments[:40]))
    assert pooled == alone and len(alone) == 20


def test_one_per_cpu_stops_at_eight(monkeypatch):
    # Each process holds its own rule tables: a 64-core runner must not start 64 by default.
    from termqa import engine

    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda _pid: set(range(64)), raising=False)
    assert engine._jobs(0) == 8
    assert engine._jobs(12) == 12  # asked for: given
    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert engine._jobs(0) == 2


def test_crashes_are_recorded_in_reading_order_whoever_checked_the_batch(tmp_path, monkeypatch):
    # The summary lists the crashes as the batches were read, not as this process happened to
    # check them (ahead of their turn, or taken back from a slow worker).
    from termqa import engine
    from termqa.checks.text import RepeatedWord

    def crash(self, batch):
        raise RuntimeError("planted")

    monkeypatch.setattr(RepeatedWord, "run", crash)
    segments = list(read_corpus(str(_three_batches(tmp_path)), None))
    options = Options(select=["repeated-word"], batch_size=14, jobs=2)
    worker = _SlowWorker(options)

    class Claims(engine._Claims):
        def __init__(self, context):
            super().__init__(context)
            worker.claims = self

    monkeypatch.setattr(engine, "_Claims", Claims)
    monkeypatch.setattr(engine, "_submit", worker.submit)
    run = Engine(load_glossary([]), options)
    found = list(run.run(segments))
    assert [f.line for f in found] == [2 + 2 * doc for doc in range(30)]  # one internal error per document
    assert [c.line for c in run.stats.crashes] == [2 + 2 * doc for doc in range(30)]


def test_a_batch_is_claimed_once():
    # A batch sent to the workers is checked by the worker that reaches it or taken back by this
    # process, never both; a slot is free again when its ring comes round.
    from termqa.engine import _Claims

    claims = _Claims(multiprocessing.get_context("spawn"))
    claims.reset(7)
    assert claims.claim(7, _Claims.HERE)
    assert not claims.claim(7, _Claims.WORKER)
    claims.reset(7 + _Claims.RING)
    assert claims.claim(7, _Claims.WORKER)


def test_a_bad_row_after_many_batches_is_reported_in_order_with_workers(tmp_path):
    # A ragged row read while workers and this process share the batches: the findings of the
    # batches before it are reported as one process reports them, then the one-line error,
    # exit 2, and no traceback.
    corpus = _three_batches(tmp_path)
    corpus.write_text(corpus.read_text(encoding="utf-8") + "d99\tonly two columns\n", encoding="utf-8")
    runs = [_termqa("check", corpus.name, "--select", "repeated-word", "--batch-size", "4", "--jobs", jobs,
                    "--format", "jsonl", cwd=tmp_path) for jobs in ("1", "2")]
    for done in runs:
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [
            f"termqa: error: {corpus.name}:62: row has 2 fields but the header has 3 (ragged TSV)"]
    assert runs[1].stdout == runs[0].stdout and len(runs[0].stdout.splitlines()) == 28


def test_a_run_of_one_batch_starts_no_process(tmp_path):
    # A pre-commit hook's file: --jobs asks for workers, but one batch is checked here, and not
    # even the fork server is started for it (its start costs about a second of CPU).
    corpus = _three_batches(tmp_path)
    script = (
        "import multiprocessing\n"
        "from multiprocessing import forkserver\n"
        "from termqa.engine import Engine, Options\n"
        "from termqa.fileio.corpus import read_corpus\n"
        "from termqa.fileio.glossary import load_glossary\n"
        "if __name__ == '__main__':\n"
        f"    segments = list(read_corpus({str(corpus)!r}, None))\n"
        "    found = list(Engine(load_glossary([]), Options(select=['repeated-word'], jobs=2)).run(segments))\n"
        "    print(len(found), forkserver._forkserver._forkserver_pid, len(multiprocessing.active_children()))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["30", "None", "0"]


def _fork_server_starts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str) -> list:
    """`termqa check` in this process, with the fork server's start and the glossary's load
    recorded in order (a start is waited for before the load is recorded: it runs on a thread)."""
    import threading

    from termqa import engine
    from termqa.cli import main
    from termqa.fileio import glossary

    events: list = []
    real_load = glossary.load_glossary

    def load(*a, **k):
        for thread in threading.enumerate():
            if thread.name == "termqa-fork-server":
                thread.join()
        events.append("glossary")
        return real_load(*a, **k)

    monkeypatch.setattr(engine, "_start_fork_server", lambda preload=(): events.append(("server", preload)))
    monkeypatch.setattr(glossary, "load_glossary", load)
    monkeypatch.chdir(tmp_path)
    main(["check", *args, "--format", "jsonl", "--no-progress"])
    return events


def test_a_large_input_starts_the_fork_server_before_the_glossary_is_loaded(tmp_path, monkeypatch):
    # One document of 40 long segments: more bytes than a first batch of 10 is likely to take
    # (10 x 300), so the server starts first thing; the run itself is one batch (a document is
    # never cut), so nothing else starts it but the full first batch, as before.
    rows = ["doc\tsource\ttarget"] + [f"d1\t中国经济增长{n}。\tChina's economy grew by {n} percent this year, the statistics "
                                      f"bureau said on Tuesday in Beijing." for n in range(40)]
    (tmp_path / "big.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert (tmp_path / "big.tsv").stat().st_size >= 10 * 300
    events = _fork_server_starts(monkeypatch, tmp_path, "big.tsv", "--jobs", "2", "--batch-size", "10",
                                 "--select", "term-variant")
    assert events == [("server", ("termqa.prewarm_align",)), "glossary", ("server", ("termqa.prewarm_align",))]
    # Not with one job, and not for a file smaller than a first batch is likely to be.
    assert _fork_server_starts(monkeypatch, tmp_path, "big.tsv", "--jobs", "1", "--batch-size", "10") == ["glossary"]
    assert _fork_server_starts(monkeypatch, tmp_path, "big.tsv", "--jobs", "2", "--batch-size", "1000") == [
        "glossary"]
