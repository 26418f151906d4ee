"""A check that raises loses at most the document it was on, says where, and the run says so.

The crash is planted in a real rule (monkeypatched to raise on one trigger word) so that the
engine, the CLI's exit code and every report format are exercised as a user would meet them.
"""

from __future__ import annotations

import json

import pytest

from termqa.checks.text import RepeatedWord
from termqa.cli import ExitCode, main
from termqa.engine import INTERNAL_ERROR, Engine, Options
from termqa.fileio.glossary import load_glossary
from termqa.model import Segment

TRIGGER = "Boomtown"


@pytest.fixture
def crashing_repeated_word(monkeypatch):
    """repeated-word raises whenever its batch holds the trigger word, as a bug on one input would."""
    real = RepeatedWord.run

    def run(self, batch):
        if any(TRIGGER in t for t in batch.targets):
            raise ZeroDivisionError("planted")
        yield from real(self, batch)

    monkeypatch.setattr(RepeatedWord, "run", run)


def _docs() -> list[Segment]:
    """Three documents of two segments; the middle one holds the trigger in its second line."""
    out = []
    for n, doc in enumerate(("a", "b", "c")):
        out.append(Segment("x.tsv", 2 + 2 * n, None, doc, None, f"the the report of {doc}"))
        last = f"{TRIGGER} is quiet" if doc == "b" else f"nothing else in {doc}"
        out.append(Segment("x.tsv", 3 + 2 * n, None, doc, None, last))
    return out


def test_a_crash_costs_one_document_of_one_rule(crashing_repeated_word):
    engine = Engine(load_glossary([]), Options(select=["repeated-word", "name-variant"], batch_size=100))
    found = list(engine.run(_docs()))
    repeated = sorted(f.doc for f in found if f.rule == "repeated-word")
    assert repeated == ["a", "c"]  # the other documents of the same batch are still checked
    (crash,) = engine.stats.crashes
    assert (crash.rule, crash.doc, crash.line, crash.path) == ("repeated-word", "b", 5, "x.tsv")
    assert crash.error == "ZeroDivisionError('planted')"
    assert crash.where.startswith("termqa/engine.py:")  # the innermost termqa frame
    (internal,) = [f for f in found if f.rule == INTERNAL_ERROR]
    assert (internal.doc, internal.line) == ("b", 5)  # the segment that raises on its own
    assert "repeated-word" in internal.message and "ZeroDivisionError" in internal.message


def test_raise_errors_lets_a_developer_see_the_traceback(crashing_repeated_word):
    engine = Engine(load_glossary([]), Options(select=["repeated-word"], raise_errors=True))
    with pytest.raises(ZeroDivisionError):
        list(engine.run(_docs()))


def _corpus(tmp_path):
    good = tmp_path / "good.tsv"
    good.write_text("doc\ttarget\nd1\ta major major city\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"doc\ttarget\nd1\tthe the talks\nd2\t{TRIGGER} held talks\nd3\tin in the evening\n",
                   encoding="utf-8")
    return good, bad


def test_check_exits_3_and_says_which_check_failed_where(crashing_repeated_word, tmp_path, capsys):
    good, bad = _corpus(tmp_path)
    code = main(["check", str(good), str(bad), "--select", "repeated-word", "--format", "jsonl", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == ExitCode.INTERNAL == 3
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["path"].rsplit("/", 1)[1], r["line"], r["rule"]) for r in records] == [
        ("bad.tsv", 2, "repeated-word"), ("bad.tsv", 3, "internal-error"), ("bad.tsv", 4, "repeated-word"),
        ("good.tsv", 2, "repeated-word"),
    ]
    assert f"{bad}:3: check repeated-word crashed on document 'd2'" in err
    assert "1 document not fully checked" in err
    assert "1 check crashed on 1 document" in err


def test_internal_error_wins_over_fail_on_never(crashing_repeated_word, tmp_path, capsys):
    _, bad = _corpus(tmp_path)
    assert main(["check", str(bad), "--fail-on", "never", "--no-progress"]) == ExitCode.INTERNAL
    out = capsys.readouterr().out
    assert out.rstrip().endswith("INTERNAL ERROR: 1 document not fully checked")


def test_sarif_marks_the_execution_failed(crashing_repeated_word, tmp_path, capsys):
    _, bad = _corpus(tmp_path)
    assert main(["check", str(bad), "--format", "sarif", "--no-progress"]) == ExitCode.INTERNAL
    run = json.loads(capsys.readouterr().out)["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_a_clean_run_is_a_successful_execution(tmp_path, capsys):
    good, _ = _corpus(tmp_path)
    assert main(["check", str(good), "--format", "sarif", "--no-progress", "--fail-on", "never"]) == ExitCode.OK
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_fix_still_writes_and_exits_3(crashing_repeated_word, tmp_path, capsys):
    _, bad = _corpus(tmp_path)
    out = tmp_path / "fixed.tsv"
    assert main(["fix", str(bad), "--suggestions", "-o", str(out)]) == ExitCode.INTERNAL
    assert out.read_text(encoding="utf-8") == f"doc\ttarget\nd1\tthe talks\nd2\t{TRIGGER} held talks\nd3\tin the evening\n"
    assert "check repeated-word crashed" in capsys.readouterr().err
