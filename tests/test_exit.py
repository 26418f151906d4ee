"""The `termqa` command leaves its process without the interpreter's teardown (cli.entry): what
exit must do is done first. The lookup memos are saved, the report reaches a pipe whole, the exit
code is main()'s, and a reader that goes away early gets no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

NEWS = (
    "doc\tsource\ttarget\n"
    "d\t郑义溶与茂木敏充举行会谈。\tChung Eui-yong held talks with Toshimitsu Motegi.\n"
    "d\t郑义溶表示，双方同意加强合作。\tZheng Yirong said the two sides agreed to strengthen cooperation.\n"
    "d\t茂木敏充说，日方愿与韩方沟通。\tMotegi said Japan was willing to communicate with South Korea.\n"
)


def _env(cache: Path) -> dict[str, str]:
    """Output buffered, as it is for users (PYTHONUNBUFFERED, set here and in some CI, would hide
    an output stream left unflushed at exit)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return {**env, "TERMQA_CACHE_DIR": str(cache)}


def _big(tmp_path: Path, rows: int = 6000) -> Path:
    corpus = tmp_path / "big.tsv"
    corpus.write_text("doc\tsource\ttarget\n" + "".join(
        f"d{n // 20}\t他说了两遍。\tHe said said it in town number {n}.\n" for n in range(rows)), encoding="utf-8")
    return corpus


def test_the_memos_are_saved_at_exit(tmp_path):
    corpus = tmp_path / "news.tsv"
    corpus.write_text(NEWS, encoding="utf-8")
    cache = tmp_path / "cache"
    done = subprocess.run([sys.executable, "-m", "termqa", "check", str(corpus), "--select", "term-variant",
                           "--no-progress", "--format", "jsonl"], capture_output=True, text=True, env=_env(cache),
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "3 segments" in done.stderr
    saved = sorted(p.name.split("-")[0] for p in cache.rglob("*.json"))
    assert "pinyin" in saved and "glosses" in saved


def test_a_long_report_reaches_a_pipe_whole_with_the_exit_code_of_main(tmp_path):
    corpus = _big(tmp_path)
    args = ["check", str(corpus), "--select", "repeated-word", "--no-progress", "--format", "jsonl",
            "--fail-on", "warning"]
    command = subprocess.run([sys.executable, "-m", "termqa", *args], capture_output=True, env=_env(tmp_path / "c"),
                             check=False)
    # The same run, left the ordinary way (the interpreter's own teardown).
    ordinary = subprocess.run([sys.executable, "-c", "import sys; from termqa.cli import main; sys.exit(main())", *args],
                              capture_output=True, env=_env(tmp_path / "c"), check=False)
    assert command.returncode == ordinary.returncode == 1
    assert command.stdout.count(b"\n") == 6000
    assert command.stdout == ordinary.stdout and command.stderr == ordinary.stderr


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    corpus = _big(tmp_path, 20000)
    proc = subprocess.Popen([sys.executable, "-m", "termqa", "check", str(corpus), "--select", "repeated-word",
                             "--no-progress", "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=_env(tmp_path / "c"))
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # | head -1
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert b'"repeated-word"' in first
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_what_a_command_prints_without_flushing_is_not_lost(tmp_path):
    """`glossary list` and --help print and return; the report writer of `check` flushes
    itself, these do not."""
    for args in (["glossary", "list"], ["--help"], ["check", "--help"]):
        done = subprocess.run([sys.executable, "-m", "termqa", *args], capture_output=True, text=True,
                              env=_env(tmp_path / "c"), check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip(), args
    listed = subprocess.run([sys.executable, "-m", "termqa", "glossary", "list"], capture_output=True, text=True,
                            env=_env(tmp_path / "c"), check=True).stdout
    assert "news" in listed


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_report_on_a_full_disk_is_one_line_and_exit_2(tmp_path):
    for args in (["check", "corpora/", "-g", "builtin:news", "--no-progress"], ["glossary", "list"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "termqa", *args], stdout=full, stderr=subprocess.PIPE,
                                  text=True, cwd=ROOT, env=_env(tmp_path / "c"), check=False)
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [
            "termqa: error: the report could not be written: [Errno 28] No space left on device"]
