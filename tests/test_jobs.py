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


def test_this_process_is_one_of_the_jobs(tmp_path, monkeypatch):
    # --jobs 2 on two cores: this process checks every other batch, one worker the rest (two
    # workers beside it cost more than the second core gave).
    corpus = _three_batches(tmp_path)
    segments = list(read_corpus(str(corpus), None))
    here: list[int] = []
    real = Engine._run_batch

    def counted(self, batch, docs):
        here.append(batch[0].line)
        return real(self, batch, docs)

    monkeypatch.setattr(Engine, "_run_batch", counted)  # this process only: workers are others
    found = list(Engine(load_glossary([]), Options(select=["repeated-word"], batch_size=14, jobs=2)).run(segments))
    assert len(found) == 30
    assert here == [2, 30, 58]  # batches 1, 3 and 5 of 5 (lines 2, 16, 30, 44, 58)


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
    # Forking a process that runs polars' thread pool can deadlock the child: the module the
    # fork server preloads must not import polars. What it loads, the workers start with.
    code = "import sys, termqa.prewarm; print('polars' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"
    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform: workers are spawned and load the tables each")
    # Each worker is forked from the fork server: a fork hook, set in every process, sees what
    # the worker holds when it is born.
    plant = (
        "import os, sys\n"
        "def born():\n"
        "    zhwords = sys.modules.get('termqa.zhwords')\n"
        "    warm = zhwords is not None and zhwords._tokenizer.cache_info().currsize == 1\n"
        "    with open(os.path.join(os.getcwd(), f'warm-{os.getpid()}'), 'w') as fh:\n"
        "        fh.write(str(warm))\n"
        "os.register_at_fork(after_in_child=born)\n"
    )
    corpus = _three_batches(tmp_path)
    done = _termqa("check", corpus.name, "--select", "repeated-word", "--batch-size", "20", "--jobs", "3",
                   cwd=tmp_path, plant=plant)  # this process and two workers
    assert done.returncode == 0, done.stderr
    warm = [p.read_text() for p in tmp_path.glob("warm-*")]
    assert len(warm) >= 2 and set(warm) == {"True"}  # jieba's dictionary, before a worker asked


def test_a_batch_that_cannot_be_sent_is_checked_here(tmp_path, monkeypatch):
    # Submitting a batch to the workers fails (a batch that cannot be pickled, a pool that will
    # not start): the batch is checked in this process, never dropped.
    import termqa.engine as engine

    corpus = _three_batches(tmp_path)
    segments = list(read_corpus(str(corpus), None))

    def refuse(pool, batch, docs):
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
