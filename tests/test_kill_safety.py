"""SIGKILL at random moments: every output is complete or absent, the decisions log stays valid.

Each test runs the real CLI (or review's save, headless) in a subprocess, kills it after a
random delay, and looks at what is on disk. A few iterations each, a few seconds in all; the
random seed is printed on failure by the assertion messages.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from termqa.decisions import read_log
from termqa.fileio.atomic import TMP_SUFFIX

ROOT = Path(__file__).resolve().parents[1]
ITERATIONS = 3
GLOSSARY = (
    "id,source,target,alternates,forbidden,type,note\n"
    "chung-eui-yong,郑义溶,Chung Eui-yong,,Zheng Yirong,person,\n"
)
LINE = "Zheng Yirong met reporters in Seoul on line {n} of the corpus."
FIXED = "Chung Eui-yong met reporters in Seoul on line {n} of the corpus."

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _corpus(folder: Path, lines: int) -> None:
    (folder / "a.txt").write_text("".join(LINE.format(n=n) + "\n" for n in range(lines)), encoding="utf-8")
    (folder / "g.csv").write_text(GLOSSARY, encoding="utf-8")


def _kill_after(argv: list[str], folder: Path, delay: float) -> None:
    proc = subprocess.Popen(argv, cwd=folder, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _timed(argv: list[str], folder: Path) -> float:
    start = time.monotonic()
    subprocess.run(argv, cwd=folder, env=_env(), check=False, capture_output=True, timeout=300)
    return time.monotonic() - start


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TMP_SUFFIX))


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_killed_run_leaves_its_output_complete_or_absent(tmp_path: Path, command: str):
    rng = random.Random()
    seed = rng.randrange(1 << 30)
    rng.seed(seed)
    _corpus(tmp_path, 3000)
    base = [sys.executable, "-m", "termqa", command, "a.txt", "-g", "g.csv"]
    argv = base + (["-o", "out.txt", "--force"] if command == "check" else ["--suggestions", "-o", "out.txt", "--force"])
    reference_time = _timed(argv, tmp_path)
    reference = (tmp_path / "out.txt").read_bytes()
    assert reference
    original = (tmp_path / "a.txt").read_bytes()
    for _ in range(ITERATIONS):
        for name in ("out.txt", "out.txt~"):
            (tmp_path / name).unlink(missing_ok=True)
        _kill_after(argv, tmp_path, rng.uniform(0.05, reference_time))
        out = tmp_path / "out.txt"
        assert not out.exists() or out.read_bytes() == reference, f"seed {seed}: a partial output"
        assert (tmp_path / "a.txt").read_bytes() == original
    # The next complete run removes what killed runs left, and writes the whole output.
    _timed(argv, tmp_path)
    assert _leftovers(tmp_path) == [], f"seed {seed}"
    assert (tmp_path / "out.txt").read_bytes() == reference


SAVER = """
import sys
from termqa.cli import build_parser, make_review_app
from termqa.decisions import Action
args = build_parser().parse_args(["review", "a.txt", "-g", "g.csv", "--decisions", "d.jsonl", "-o", "out.txt",
                                  "--force"])
app, session, _ = make_review_app(args)
save = app.on_save
for index in range(len(session.items)):
    session.decide([index], Action.FIX, "Chung Eui-yong")
    save()
print("done", flush=True)
"""


def test_a_killed_review_save_leaves_the_output_whole_and_the_log_valid(tmp_path: Path):
    rng = random.Random()
    seed = rng.randrange(1 << 30)
    rng.seed(seed)
    lines = 40
    _corpus(tmp_path, lines)
    (tmp_path / "saver.py").write_text(SAVER, encoding="utf-8")
    argv = [sys.executable, "saver.py"]
    full = _timed(argv, tmp_path)
    for _ in range(ITERATIONS):
        for name in ("out.txt", "out.txt~", "d.jsonl"):
            (tmp_path / name).unlink(missing_ok=True)
        _kill_after(argv, tmp_path, rng.uniform(0.1, full))
        decisions, problem, _ = read_log(str(tmp_path / "d.jsonl")) if (tmp_path / "d.jsonl").exists() else ([], None, 0)
        assert problem is None, f"seed {seed}: {problem}"
        logged = {d.line for d in decisions if d.action == "fix"}
        out = tmp_path / "out.txt"
        if out.exists():
            shown = out.read_text(encoding="utf-8").split("\n")
            assert shown[-1] == "" and len(shown) == lines + 1, f"seed {seed}: a partial output"
            for n, text in enumerate(shown[:-1]):
                assert text in (LINE.format(n=n), FIXED.format(n=n)), f"seed {seed}: line {n + 1} is {text!r}"
                if text == FIXED.format(n=n):
                    assert n + 1 in logged, f"seed {seed}: a fix on disk that the log does not hold"
