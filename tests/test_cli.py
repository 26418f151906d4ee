"""Tests of the `termqa` command line: exit codes, streams, rule selection, baselines, config, glossary tools."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from termqa.cli import ExitCode, main
from termqa.fileio.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[1]

ALL_RULES = {
    "term-forbidden", "term-missing", "term-inconsistent", "name-variant", "term-variant",
    "untranslated", "number-mismatch", "repeated-word", "format-variant",
}

GLOSSARY = """\
id,source,target,alternates,forbidden,type,note
chung-eui-yong,郑义溶,Chung Eui-yong,,Zheng Yirong|Zheng Yi,person,South Korean foreign minister 2021-2022
china-news-service,中新社,China News Service,,China News Agency,organization,
forced-labor,强征劳工,forced labor,,requisition of labor,term,
"""

HEADER = "doc\tid\tsource\ttarget"

# One finding of five different rules (line numbers are physical lines of the file):
# 2 term-forbidden, 3 repeated-word, 4 untranslated, 5 name-variant, 6 term-missing (source side).
MIXED = [
    ("d1", "1", "郑义溶会见记者。", "Zheng Yirong met reporters."),
    ("d1", "2", "茂木敏充出席。", "Toshimitsu Motegi attended the the meeting."),
    ("d1", "3", "茂木敏充表示。", "Toshimitsu Motegi said 共同社 reported it."),
    ("d1", "4", "茂木敏充表示。", "Motegi Toshimitsu agreed."),
    ("d1", "5", "强征劳工问题。", "The labor recruitment issue."),
]


def tsv(rows: list[tuple[str, str, str, str]]) -> str:
    return "\n".join([HEADER, *("\t".join(r) for r in rows)]) + "\n"


def target_col(row: tuple[str, str, str, str], start: int) -> int:
    """The 1-based physical column of target offset `start`: doc, id and source, each with its tab, come first."""
    return sum(len(cell) + 1 for cell in row[:3]) + start + 1


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder (no termqa.toml above it) with the small glossary in it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def rules_of(out: str) -> set[str]:
    return {r["rule"] for r in jsonl(out)}


# --- exit codes and streams ----------------------------------------------------------------


def test_a_clean_corpus_exits_0(work, capsys):
    (work / "clean.tsv").write_text(tsv([("d", "1", "会谈很顺利。", "The talks went well.")]), encoding="utf-8")
    code, out, err = run(capsys, "check", "clean.tsv", "-g", "g.csv")
    assert code == ExitCode.OK == 0
    assert out == "0 findings in 1 file, 1 segment\n"
    assert err == ""


def test_an_error_finding_exits_1(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED[:1]), encoding="utf-8")
    code, out, _ = run(capsys, "check", "c.tsv", "-g", "g.csv")
    assert code == ExitCode.FINDINGS == 1
    # "d1␉1␉郑义溶会见记者。␉" is 14 code points, so the target (and the name) starts at column 15.
    assert target_col(MIXED[0], 0) == 15
    assert out.startswith('c.tsv:2:15: error term-forbidden "Zheng Yirong"')


def test_warnings_only_exit_0_by_default_and_1_with_fail_on_warning(work, capsys):
    (work / "w.txt").write_text("He read the the report.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "w.txt", "-g", "g.csv")
    assert code == ExitCode.OK
    assert out.endswith("1 finding (1 warning) in 1 file, 1 segment\n")
    code, _, _ = run(capsys, "check", "w.txt", "-g", "g.csv", "--fail-on", "warning")
    assert code == ExitCode.FINDINGS
    code, _, _ = run(capsys, "check", "w.txt", "-g", "g.csv", "--fail-on", "error")
    assert code == ExitCode.OK


def test_fail_on_never_exits_0_despite_errors(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    code, out, _ = run(capsys, "check", "c.tsv", "-g", "g.csv", "--fail-on", "never")
    assert code == ExitCode.OK
    assert "3 errors" in out.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check"], "name at least one corpus file"),
        (["check", "--source", "a.zh"], "--source and --target go together"),
        (["check", "c.tsv", "--select", "no-such-rule"], "unknown rule 'no-such-rule'"),
        (["check", "c.tsv", "--ignore", "term-forbiden"], "unknown rule 'term-forbiden'"),
        (["check", "missing.tsv"], "missing.tsv: no such file or directory"),
        (["check", "c.tsv", "-g", "missing.csv"], "missing.csv: no such glossary file or directory"),
        (["check", "c.tsv", "--config", "nope.toml"], "nope.toml: no such config file"),
        (["check", "c.tsv", "--batch-size", "0"], "--batch-size must be positive"),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_error_line_on_stderr(work, capsys, argv, message):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    code, out, err = run(capsys, *argv)
    assert code == ExitCode.USAGE == 2
    assert out == ""
    assert err.startswith("termqa: error: ")
    assert message in err
    assert err.count("\n") == 1


def test_a_malformed_glossary_exits_2_naming_file_and_line(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    (work / "bad.csv").write_text(GLOSSARY + "x,郑义溶,Chung,,,alien,\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "c.tsv", "-g", "bad.csv")
    assert code == ExitCode.USAGE
    assert out == ""
    assert err == "termqa: error: bad.csv:5: unknown type 'alien' (use person, organization, place, term)\n"


def test_an_invalid_option_value_makes_the_process_exit_2_with_usage_on_stderr(work):
    proc = subprocess.run(
        [sys.executable, "-m", "termqa", "check", "c.tsv", "--format", "xml"],
        capture_output=True, text=True, cwd=work, check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "invalid choice: 'xml'" in proc.stderr


def test_main_returns_2_for_an_invalid_option_value_instead_of_raising(work, capsys):
    assert main(["check", "c.tsv", "--format", "xml"]) == ExitCode.USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert "invalid choice: 'xml'" in err


def test_stdout_has_only_the_report_and_stderr_the_summary_for_machine_formats(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    code, out, err = run(capsys, "check", "c.tsv", "-g", "g.csv", "--format", "jsonl")
    records = jsonl(out)
    assert code == ExitCode.FINDINGS
    assert len(records) == 5
    assert err == "termqa: 5 findings (3 errors, 2 warnings) in 1 file, 5 segments\n"


def test_output_file_receives_the_report_and_stdout_stays_empty(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    code, out, err = run(capsys, "check", "c.tsv", "-g", "g.csv", "--format", "json", "-o", "out/report.json")
    doc = json.loads((work / "out" / "report.json").read_text(encoding="utf-8"))
    assert code == ExitCode.FINDINGS
    assert out == ""
    assert err == "termqa: 5 findings (3 errors, 2 warnings) in 1 file, 5 segments\n"
    assert doc["summary"]["findings"] == 5
    assert [f["line"] for f in doc["findings"]] == [2, 3, 4, 5, 6]


# --- rule selection ----------------------------------------------------------------------


def test_without_select_all_five_planted_rules_are_reported(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    _, out, _ = run(capsys, "check", "c.tsv", "-g", "g.csv", "--format", "jsonl")
    assert [(r["rule"], r["line"]) for r in jsonl(out)] == [
        ("term-forbidden", 2), ("repeated-word", 3), ("untranslated", 4), ("name-variant", 5), ("term-missing", 6),
    ]


def test_select_by_prefix_runs_only_the_term_rules(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    _, out, _ = run(capsys, "check", "c.tsv", "-g", "g.csv", "--format", "jsonl", "--select", "term")
    assert rules_of(out) == {"term-forbidden", "term-missing"}


def test_select_a_comma_separated_list_runs_exactly_those_rules(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    _, out, _ = run(capsys, "check", "c.tsv", "-g", "g.csv", "--format", "jsonl",
                    "--select", "term-forbidden,repeated-word")
    assert rules_of(out) == {"term-forbidden", "repeated-word"}


def test_ignore_drops_one_rule_and_keeps_the_others(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    _, out, _ = run(capsys, "check", "c.tsv", "-g", "g.csv", "--format", "jsonl", "--ignore", "name-variant")
    assert rules_of(out) == {"term-forbidden", "repeated-word", "untranslated", "term-missing"}


def test_select_and_ignore_combine(work, capsys):
    (work / "c.tsv").write_text(tsv(MIXED), encoding="utf-8")
    _, out, _ = run(capsys, "check", "c.tsv", "-g", "g.csv", "--format", "jsonl",
                    "--select", "term", "--ignore", "term-missing")
    assert rules_of(out) == {"term-forbidden"}


# --- baseline ----------------------------------------------------------------------------

BASE_LINES = [
    "Zheng Yirong met reporters in Seoul.",
    "The China News Agency reported the the meeting.",
    "Officials said 白名单 changes were discussed.",
]


def test_a_written_baseline_suppresses_every_finding_of_the_same_corpus(work, capsys):
    (work / "a.txt").write_text("\n".join(BASE_LINES) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "a.txt", "-g", "g.csv", "--write-baseline", "base.jsonl")
    entries = jsonl((work / "base.jsonl").read_text(encoding="utf-8"))
    assert code == ExitCode.FINDINGS
    assert "termqa: wrote 4 findings to the baseline base.jsonl" in err
    assert len(entries) == 4
    assert all(re.fullmatch(r"[0-9a-f]{16}", e["fingerprint"]) for e in entries)
    code, out, _ = run(capsys, "check", "a.txt", "-g", "g.csv", "--baseline", "base.jsonl")
    assert code == ExitCode.OK
    assert out == "0 findings in 1 file, 3 segments; 4 in the baseline\n"


def test_a_baseline_still_suppresses_findings_after_lines_are_inserted_above_them(work, capsys):
    corpus = work / "a.txt"
    corpus.write_text("\n".join(BASE_LINES) + "\n", encoding="utf-8")
    run(capsys, "check", "a.txt", "-g", "g.csv", "--write-baseline", "base.jsonl")
    corpus.write_text("\n".join(["A new first line.", "A new second line.", *BASE_LINES]) + "\n", encoding="utf-8")
    _, moved, _ = run(capsys, "check", "a.txt", "-g", "g.csv", "--format", "jsonl")
    assert [r["line"] for r in jsonl(moved)] == [3, 4, 4, 5]
    code, out, err = run(capsys, "check", "a.txt", "-g", "g.csv", "--baseline", "base.jsonl", "--format", "jsonl")
    assert code == ExitCode.OK
    assert out == ""
    assert err == "termqa: 0 findings in 1 file, 5 segments; 4 in the baseline\n"


def test_a_new_error_is_reported_despite_the_baseline(work, capsys):
    corpus = work / "a.txt"
    corpus.write_text("\n".join(BASE_LINES) + "\n", encoding="utf-8")
    run(capsys, "check", "a.txt", "-g", "g.csv", "--write-baseline", "base.jsonl")
    corpus.write_text("\n".join(["The requisition of labor case was heard.", *BASE_LINES]) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "a.txt", "-g", "g.csv", "--baseline", "base.jsonl", "--format", "jsonl")
    assert code == ExitCode.FINDINGS
    assert [(r["rule"], r["line"], r["text"]) for r in jsonl(out)] == [("term-forbidden", 1, "requisition of labor")]


def test_one_baseline_occurrence_suppresses_only_one_of_two_identical_findings(work, capsys):
    corpus = work / "a.txt"
    corpus.write_text("Zheng Yirong met reporters.\n", encoding="utf-8")
    run(capsys, "check", "a.txt", "-g", "g.csv", "--write-baseline", "base.jsonl")
    assert len(jsonl((work / "base.jsonl").read_text(encoding="utf-8"))) == 1
    corpus.write_text("Zheng Yirong met reporters.\nZheng Yirong met reporters.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "a.txt", "-g", "g.csv", "--baseline", "base.jsonl", "--format", "jsonl")
    assert code == ExitCode.FINDINGS
    assert [(r["rule"], r["line"]) for r in jsonl(out)] == [("term-forbidden", 2)]
    assert err == "termqa: 1 finding (1 error) in 1 file, 2 segments; 1 in the baseline\n"


def test_writing_and_reading_the_same_baseline_in_one_run_keeps_the_accepted_findings(work, capsys):
    corpus = work / "a.txt"
    corpus.write_text("\n".join(BASE_LINES) + "\n", encoding="utf-8")
    run(capsys, "check", "a.txt", "-g", "g.csv", "--write-baseline", "base.jsonl")
    accepted = jsonl((work / "base.jsonl").read_text(encoding="utf-8"))
    assert len(accepted) == 4
    corpus.write_text("\n".join([*BASE_LINES, "The requisition of labor case was heard."]) + "\n", encoding="utf-8")
    code, out, err = run(
        capsys, "check", "a.txt", "-g", "g.csv", "--baseline", "base.jsonl", "--write-baseline", "base.jsonl",
        "--format", "jsonl",
    )
    # The old baseline still excuses the four accepted findings; only the new one is reported.
    assert code == ExitCode.FINDINGS
    assert [(r["rule"], r["line"], r["text"]) for r in jsonl(out)] == [("term-forbidden", 4, "requisition of labor")]
    assert err == (
        "termqa: wrote 5 findings to the baseline base.jsonl\n"
        "termqa: 1 finding (1 error) in 1 file, 4 segments; 4 in the baseline\n"
    )
    # The rewritten baseline holds every finding of the run, the accepted four among them.
    rewritten = jsonl((work / "base.jsonl").read_text(encoding="utf-8"))
    assert len(rewritten) == 5
    assert rewritten[:4] == accepted
    assert (rewritten[4]["rule"], rewritten[4]["text"]) == ("term-forbidden", "requisition of labor")
    code, out, _ = run(capsys, "check", "a.txt", "-g", "g.csv", "--baseline", "base.jsonl")
    assert code == ExitCode.OK
    assert out == "0 findings in 1 file, 4 segments; 5 in the baseline\n"


def test_the_baseline_of_a_clean_run_is_empty_and_valid(work, capsys):
    (work / "a.txt").write_text("The minister met reporters.\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "a.txt", "-g", "g.csv", "--write-baseline", "base.jsonl")
    assert code == ExitCode.OK
    assert "termqa: wrote 0 findings to the baseline base.jsonl" in err
    assert (work / "base.jsonl").read_bytes() == b""
    (work / "a.txt").write_text("The minister met reporters.\nZheng Yirong met reporters.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "a.txt", "-g", "g.csv", "--baseline", "base.jsonl", "--format", "jsonl")
    assert code == ExitCode.FINDINGS
    assert [f["text"] for f in jsonl(out)] == ["Zheng Yirong"]


def test_a_baseline_that_is_not_json_lines_is_an_input_error(work, capsys):
    (work / "a.txt").write_text("Zheng Yirong met reporters.\n", encoding="utf-8")
    (work / "base.jsonl").write_text('{"fingerprint": "0123456789abcdef"}\nnot json\n', encoding="utf-8")
    code, out, err = run(capsys, "check", "a.txt", "-g", "g.csv", "--baseline", "base.jsonl")
    assert code == ExitCode.USAGE
    assert out == ""
    assert err.startswith("termqa: error: base.jsonl:2: invalid JSON in baseline")


# --- configuration -----------------------------------------------------------------------

CONFIG_CORPUS = [
    ("d1", "1", "郑义溶会见记者。", "Zheng Yirong met reporters."),
    ("d1", "2", "他说。", "He read the the report about 共同社."),
]


def _project(root: Path, config_name: str, config_text: str) -> Path:
    (root / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    (root / config_name).write_text(config_text, encoding="utf-8")
    sub = root / "articles" / "2021"
    sub.mkdir(parents=True)
    (sub / "c.tsv").write_text(tsv(CONFIG_CORPUS), encoding="utf-8")
    return sub


TERMQA_TOML = """\
glossaries = ["g.csv"]
ignore = ["untranslated"]
fail-on = "warning"

[severity]
repeated-word = "error"
"""


def test_termqa_toml_in_a_parent_folder_supplies_glossaries_ignore_severity_and_fail_on(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(_project(tmp_path, "termqa.toml", TERMQA_TOML))
    code, out, _ = run(capsys, "check", "c.tsv", "--format", "jsonl")
    got = [(r["rule"], r["severity"]) for r in jsonl(out)]
    assert got == [("term-forbidden", "error"), ("repeated-word", "error")]
    assert code == ExitCode.FINDINGS


def test_fail_on_from_the_config_file_fails_a_warnings_only_run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(_project(tmp_path, "termqa.toml", 'glossaries = ["g.csv"]\nfail-on = "warning"\n'))
    code, out, _ = run(capsys, "check", "c.tsv", "--format", "jsonl", "--select", "repeated-word")
    assert [(r["rule"], r["severity"]) for r in jsonl(out)] == [("repeated-word", "warning")]
    assert code == ExitCode.FINDINGS


def test_command_line_options_override_the_config_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(_project(tmp_path, "termqa.toml", TERMQA_TOML))
    code, out, _ = run(capsys, "check", "c.tsv", "--format", "jsonl", "--ignore", "repeated-word", "--fail-on", "never")
    assert [r["rule"] for r in jsonl(out)] == ["term-forbidden", "untranslated"]
    assert code == ExitCode.OK
    (tmp_path / "other.csv").write_text("id,source,target\nkyodo,共同社,Kyodo News\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "c.tsv", "--format", "jsonl", "-g", str(tmp_path / "other.csv"))
    records = jsonl(out)
    assert "term-forbidden" not in {r["rule"] for r in records}
    assert [r["rule"] for r in records] == ["repeated-word"]
    # Without the glossary that forbids it, the opt-in name-reading still finds "Zheng Yirong":
    # a Korean name read in Mandarin, beside a Japanese minister.
    _, out, _ = run(capsys, "check", "c.tsv", "--format", "jsonl", "-g", str(tmp_path / "other.csv"),
                    "--select", "default,name-reading")
    assert [(r["rule"], r["text"]) for r in jsonl(out)] == [("name-reading", "Zheng Yirong"), ("repeated-word", "the the")]


def test_tool_termqa_table_in_pyproject_is_used_as_configuration(tmp_path, monkeypatch, capsys):
    pyproject = '[project]\nname = "desk"\n\n[tool.termqa]\nglossaries = ["g.csv"]\nselect = ["term"]\n'
    monkeypatch.chdir(_project(tmp_path, "pyproject.toml", pyproject))
    code, out, _ = run(capsys, "check", "c.tsv", "--format", "jsonl")
    assert [(r["rule"], r["text"]) for r in jsonl(out)] == [("term-forbidden", "Zheng Yirong")]
    assert code == ExitCode.FINDINGS


def test_a_pyproject_without_a_termqa_table_is_skipped_for_a_config_further_up(tmp_path, monkeypatch, capsys):
    sub = _project(tmp_path, "termqa.toml", 'glossaries = ["g.csv"]\nselect = ["term-forbidden"]\n')
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(sub)
    _, out, _ = run(capsys, "check", "c.tsv", "--format", "jsonl")
    assert [r["rule"] for r in jsonl(out)] == ["term-forbidden"]


def test_an_unknown_config_key_is_a_usage_error_naming_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(_project(tmp_path, "termqa.toml", 'glossary = ["g.csv"]\n'))
    code, out, err = run(capsys, "check", "c.tsv")
    assert code == ExitCode.USAGE
    assert out == ""
    assert f"termqa: error: {tmp_path / 'termqa.toml'}: unknown key 'glossary'" in err



@pytest.mark.parametrize(("config", "problem"), [
    ('[severity]\nrepeated-words = "error"\n', "unknown rule 'repeated-words' in [severity]"),
    ('[keymap]\nignore = "f"\n', "[keymap] binds 'f' to both 'fix' and 'ignore'"),
    ('[keymap]\nignor = "x"\n', "unknown key binding 'ignor' in [keymap]"),
    ('[keymap]\nfix = "x"\naccept = "x"\n', "[keymap] binds 'x' to both 'fix' and 'accept'"),
])
def test_a_config_that_would_silently_lose_a_setting_is_an_error(tmp_path, monkeypatch, capsys, config, problem):
    monkeypatch.chdir(_project(tmp_path, "termqa.toml", config))
    code, out, err = run(capsys, "check", "c.tsv")
    assert (code, out) == (ExitCode.USAGE, "")
    assert err.startswith(f"termqa: error: {tmp_path / 'termqa.toml'}: {problem}") and err.count("\n") == 1


NAME_VARIANTS = [
    "Zheng Yirong arrived in Tokyo on Monday.",
    "Zheng Yirong met reporters.",
    "Zheng Yi said the talks were useful.",
]


def test_no_glossary_is_loaded_without_g_or_config_but_name_variant_still_runs(work, capsys):
    (work / "a.txt").write_text("\n".join(NAME_VARIANTS) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "a.txt", "--format", "jsonl")
    records = jsonl(out)
    assert [(r["rule"], r["line"], r["text"], r["suggestions"]) for r in records] == [
        ("name-variant", 3, "Zheng Yi", ["Zheng Yirong"]),
    ]
    assert code == ExitCode.OK


def test_with_the_glossary_the_same_names_are_forbidden_renderings_instead(work, capsys):
    (work / "a.txt").write_text("\n".join(NAME_VARIANTS) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "a.txt", "-g", "g.csv", "--format", "jsonl")
    assert [(r["rule"], r["line"], r["text"]) for r in jsonl(out)] == [
        ("term-forbidden", 1, "Zheng Yirong"),
        ("term-forbidden", 2, "Zheng Yirong"),
        ("term-forbidden", 3, "Zheng Yi"),
    ]
    assert code == ExitCode.FINDINGS


# --- glossary validate -------------------------------------------------------------------


def _validate(capsys, *paths: str) -> tuple[int, list[str], str]:
    code, out, err = run(capsys, "glossary", "validate", *paths)
    return code, out.splitlines(), err


def test_validate_reports_a_duplicate_id_with_path_and_line(work, capsys):
    (work / "a.csv").write_text(
        GLOSSARY + "chung-eui-yong,鄭義溶,Chung Eui-yong,,,person,traditional form\n", encoding="utf-8"
    )
    code, lines, err = _validate(capsys, "a.csv")
    assert code == ExitCode.FINDINGS
    assert lines == ["a.csv:5: error duplicate-id id 'chung-eui-yong' is also used at a.csv:2"]
    assert err == "termqa: 4 entries in 1 file; 1 error, 0 warnings\n"


def test_validate_reports_a_conflict_between_two_files(work, capsys):
    (work / "b.csv").write_text(
        "id,source,target,alternates,forbidden,type,note\njeong-eui-yong,郑义溶,Jeong Eui-yong,,,person,\n",
        encoding="utf-8",
    )
    code, lines, _ = _validate(capsys, "g.csv", "b.csv")
    assert code == ExitCode.FINDINGS
    assert lines == [
        "b.csv:2: error conflict 郑义溶 is approved as 'Jeong Eui-yong' here and as 'Chung Eui-yong' "
        "in 'chung-eui-yong' (g.csv:2)"
    ]


def test_validate_reports_a_forbidden_variant_approved_in_another_file(work, capsys):
    (work / "b.csv").write_text(
        "id,source,target,alternates,forbidden,type,note\nzheng-yi,郑毅,Zheng Yi,,,person,Chinese name\n",
        encoding="utf-8",
    )
    code, lines, _ = _validate(capsys, "g.csv", "b.csv")
    assert code == ExitCode.FINDINGS
    assert lines == ["g.csv:2: error forbidden-approved-elsewhere 'Zheng Yi' is forbidden here but allowed in 'zheng-yi' (b.csv:2)"]


def test_validate_reports_stray_whitespace_as_a_warning_with_path_and_line(work, capsys):
    (work / "ws.csv").write_text(
        "id,source,target,alternates,forbidden,type,note\n"
        "china-news-service,中新社,China  News Service,,China News Agency ,organization,\n",
        encoding="utf-8",
    )
    code, lines, err = _validate(capsys, "ws.csv")
    assert lines == [
        "ws.csv:2: warning stray-whitespace column 'target' has leading, trailing or doubled whitespace: "
        "'China  News Service'",
        "ws.csv:2: warning stray-whitespace column 'forbidden' has leading, trailing or doubled whitespace: "
        "'China News Agency '",
    ]
    assert code == ExitCode.OK
    assert err == "termqa: 1 entry in 1 file; 0 errors, 2 warnings\n"


def test_validate_reports_every_problem_of_a_bad_glossary_and_exits_1(work, capsys):
    (work / "bad.csv").write_text(
        "id,source,target,alternates,forbidden,type,note\n"
        "chung-eui-yong,郑义溶,Chung Eui-yong,,Zheng Yirong|Zheng Yi,person,\n"
        "chung-eui-yong,中新社,China News Service,,,organization,\n"
        "zheng-yi,郑毅,Zheng Yi,,,person,\n"
        "forced-labor,强征劳工,forced labor ,,,term,\n",
        encoding="utf-8",
    )
    (work / "other.csv").write_text(
        "id,source,target\nforced-labour,强征劳工,forced labour\n", encoding="utf-8"
    )
    code, lines, _ = _validate(capsys, "bad.csv", "other.csv")
    codes = sorted((line.split(" ")[0], line.split(" ")[2]) for line in lines)
    assert codes == [
        ("bad.csv:2:", "forbidden-approved-elsewhere"),
        ("bad.csv:3:", "duplicate-id"),
        ("bad.csv:5:", "stray-whitespace"),
        ("other.csv:2:", "conflict"),
    ]
    assert code == ExitCode.FINDINGS


def test_the_bundled_glossaries_validate_cleanly(capsys):
    code, lines, err = _validate(capsys, str(ROOT / "glossaries"))
    assert lines == []
    assert code == ExitCode.OK
    assert re.fullmatch(r"termqa: \d+ entries in \d+ files; 0 errors, 0 warnings\n", err)


REPEATED_ROW = "chung-eui-yong,郑义溶,Chung Eui-yong,,Zheng Yirong|Zheng Yi,person,\n"
GLOSSARY_HEADER = "id,source,target,alternates,forbidden,type,note\n"


def test_validate_reports_an_exactly_repeated_row_as_a_duplicate_id(work, capsys):
    (work / "dup.csv").write_text(GLOSSARY_HEADER + REPEATED_ROW + REPEATED_ROW, encoding="utf-8")
    code, lines, err = _validate(capsys, "dup.csv")
    assert lines == ["dup.csv:3: error duplicate-id id 'chung-eui-yong' is also used at dup.csv:2"]
    assert code == ExitCode.FINDINGS
    assert err == "termqa: 2 entries in 1 file; 1 error, 0 warnings\n"


def test_validate_merges_the_same_glossary_shipped_as_tbx_and_csv(work, capsys):
    assert run(capsys, "glossary", "convert", "g.csv", "g.tbx")[0] == ExitCode.OK
    code, lines, err = _validate(capsys, "g.csv", "g.tbx")
    assert lines == []
    assert code == ExitCode.OK
    assert err == "termqa: 3 entries in 2 files; 0 errors, 0 warnings\n"
    assert load_glossary(["g.csv", "g.tbx"]).entries == load_glossary(["g.csv"]).entries


def test_validate_reports_a_repeated_row_even_when_an_earlier_file_has_the_same_entry(work, capsys):
    (work / "a.csv").write_text(GLOSSARY_HEADER + REPEATED_ROW, encoding="utf-8")
    (work / "b.csv").write_text(GLOSSARY_HEADER + REPEATED_ROW + REPEATED_ROW, encoding="utf-8")
    code, lines, _ = _validate(capsys, "a.csv", "b.csv")
    assert lines == ["b.csv:3: error duplicate-id id 'chung-eui-yong' is also used at a.csv:2"]
    assert code == ExitCode.FINDINGS


# --- glossary convert and merge -----------------------------------------------------------


def test_convert_writes_tbx_that_loads_back_to_the_same_entries(work, capsys):
    code, out, err = run(capsys, "glossary", "convert", "g.csv", "g.tbx")
    assert code == ExitCode.OK
    assert out == ""
    assert err == "termqa: wrote 3 entries to g.tbx\n"
    assert load_glossary(["g.tbx"]).entries == load_glossary(["g.csv"]).entries
    assert not (work / "g.tbx~").exists()


def test_convert_refuses_to_overwrite_an_existing_output_without_force(work, capsys):
    (work / "out.tsv").write_text("precious\n", encoding="utf-8")
    code, out, err = run(capsys, "glossary", "convert", "g.csv", "out.tsv")
    assert code == ExitCode.USAGE
    assert out == ""
    assert "out.tsv exists; pass --force" in err
    assert (work / "out.tsv").read_text(encoding="utf-8") == "precious\n"
    assert not (work / "out.tsv~").exists()


def test_convert_with_force_overwrites_and_keeps_the_old_file_as_a_backup(work, capsys):
    (work / "out.tsv").write_text("precious\n", encoding="utf-8")
    code, _, _ = run(capsys, "glossary", "convert", "g.csv", "out.tsv", "--force")
    assert code == ExitCode.OK
    assert (work / "out.tsv~").read_text(encoding="utf-8") == "precious\n"
    written = (work / "out.tsv").read_text(encoding="utf-8").splitlines()
    assert written[0] == "id\tsource\ttarget\talternates\tforbidden\ttype\tnote"
    assert written[1] == "chung-eui-yong\t郑义溶\tChung Eui-yong\t\tZheng Yirong|Zheng Yi\tperson\tSouth Korean foreign minister 2021-2022"
    assert load_glossary(["out.tsv"]).entries == load_glossary(["g.csv"]).entries


def test_merge_writes_one_glossary_sorted_by_id_with_later_files_winning(work, capsys):
    (work / "b.csv").write_text(
        "id,source,target,alternates,forbidden,type,note\n"
        "zheng-yi,郑毅,Zheng Yi,,,person,\n"
        "forced-labor,强征劳工,forced labor,forced labour,requisition of labor,term,from b\n"
        "agence-france-presse,法新社,Agence France-Presse,AFP,,organization,\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "glossary", "merge", "g.csv", "b.csv", "-o", "merged.csv")
    assert code == ExitCode.OK
    assert out == ""
    assert err == "termqa: merged 6 entries into 5 in merged.csv\n"
    merged = load_glossary(["merged.csv"]).entries
    assert [e.id for e in merged] == [
        "agence-france-presse", "china-news-service", "chung-eui-yong", "forced-labor", "zheng-yi",
    ]
    forced = merged[3]
    assert forced.alternates == ("forced labour",)
    assert forced.note == "from b"


def test_merge_refuses_to_overwrite_without_force(work, capsys):
    (work / "merged.csv").write_text("keep me\n", encoding="utf-8")
    code, _, err = run(capsys, "glossary", "merge", "g.csv", "-o", "merged.csv")
    assert code == ExitCode.USAGE
    assert "merged.csv exists" in err
    assert (work / "merged.csv").read_text(encoding="utf-8") == "keep me\n"


# --- the quick-start and paired input -----------------------------------------------------


def test_the_quick_start_on_the_bundled_corpora_exits_1_and_finds_every_rule(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "check", "corpora/", "-g", "glossaries/", "--select", "all")
    header = re.compile(r"^(corpora/[^:]+):(\d+):(\d+): (error|warning|info) (\S+) ")
    matches = [m for m in map(header.match, out.splitlines()) if m]
    assert code == ExitCode.FINDINGS
    assert err == ""
    assert {m.group(5) for m in matches} == ALL_RULES
    assert {m.group(1) for m in matches} >= {
        "corpora/blinken-wang-yi.xlf", "corpora/comfort-woman-statue.xlf", "corpora/greater-bay-area.tmx",
        "corpora/japan-korea-talks.tsv", "corpora/kishida-yoon-summit.en.txt",
    }
    summary = re.fullmatch(r"(\d+) findings \(\d+ errors?, \d+ warnings?, \d+ infos?\) in \d+ files, [\d,]+ segments",
                           out.splitlines()[-1])
    assert summary
    assert int(summary.group(1)) == len(matches)


def test_paired_source_and_target_files_are_checked_line_by_line(work, capsys):
    (work / "a.zh").write_text("郑义溶会见了3名记者。\n\n中新社报道。\n", encoding="utf-8")
    (work / "a.en").write_text("Zheng Yirong met 5 reporters.\n\nThe China News Agency reported.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--source", "a.zh", "--target", "a.en", "-g", "g.csv", "--format", "jsonl")
    records = jsonl(out)
    assert code == ExitCode.FINDINGS
    assert [(r["path"], r["line"], r["rule"], r["text"], r["suggestions"]) for r in records] == [
        ("a.en", 1, "term-forbidden", "Zheng Yirong", ["Chung Eui-yong"]),
        ("a.en", 1, "number-mismatch", "5", ["3"]),
        ("a.en", 3, "term-forbidden", "China News Agency", ["China News Service"]),
    ]
    assert err == "termqa: 3 findings (3 errors) in 1 file, 2 segments\n"


def test_paired_files_of_different_length_are_an_input_error(work, capsys):
    (work / "a.zh").write_text("郑义溶会见记者。\n中新社报道。\n", encoding="utf-8")
    (work / "a.en").write_text("Zheng Yirong met reporters.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--source", "a.zh", "--target", "a.en", "-g", "g.csv")
    assert code == ExitCode.USAGE
    assert out == ""
    assert err == "termqa: error: a.en:2: has 1 lines but a.zh has more; paired files must align line by line\n"


# --- bugs found while writing these tests (now fixed) -------------------------------------


def test_a_repeated_word_before_a_full_stop_or_after_two_spaces_is_reported(work, capsys):
    (work / "a.txt").write_text(
        "He met with with officials.\nThey said the the.\nWe saw the  the sea.\n", encoding="utf-8"
    )
    _, out, _ = run(capsys, "check", "a.txt", "--format", "jsonl")
    assert [(r["rule"], r["line"], r["start"], r["text"]) for r in jsonl(out)] == [
        ("repeated-word", 1, 7, "with with"),
        ("repeated-word", 2, 10, "the the"),
        ("repeated-word", 3, 7, "the  the"),
    ]
    # A plain-text line is the segment, so the physical column is the offset plus one.
    _, out, _ = run(capsys, "check", "a.txt", "--format", "github")
    assert [line.split(",title=")[0] for line in out.splitlines()] == [
        "::warning file=a.txt,line=1,col=8,endColumn=17",
        "::warning file=a.txt,line=2,col=11,endColumn=18",
        "::warning file=a.txt,line=3,col=8,endColumn=16",
    ]


def test_a_tsv_target_that_starts_with_a_quotation_mark_is_read(work, capsys):
    row = ("d1", "1", "郑义溶说：“同意。”", '"We agree," Zheng Yirong said.')
    (work / "q.tsv").write_text(tsv([row]), encoding="utf-8")
    code, out, _ = run(capsys, "check", "q.tsv", "-g", "g.csv", "--format", "jsonl")
    assert [(r["rule"], r["start"], r["text"]) for r in jsonl(out)] == [("term-forbidden", 12, "Zheng Yirong")]
    assert code == ExitCode.FINDINGS
    # The quote is part of the field, not TSV syntax: "d1␉1␉郑义溶说：“同意。”␉" is 16 code points.
    assert target_col(row, 12) == 29
    _, out, _ = run(capsys, "check", "q.tsv", "-g", "g.csv", "--color", "never")
    assert out.startswith('q.tsv:2:29: error term-forbidden "Zheng Yirong"')


def test_findings_do_not_depend_on_the_hash_seed(tmp_path):
    """Ties between renderings are broken by position and text, never by set or group-by order."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "termqa", "check", "corpora/", "-g", "glossaries/", "--select", "all",
             "--format", "jsonl"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 1, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") > 50


def test_the_first_run_writes_the_baseline_its_config_names(tmp_path, monkeypatch, capsys):
    # The configuration example names the baseline before it exists; --write-baseline creates it.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.csv").write_text("source,target,forbidden\n郑义溶,Chung Eui-yong,Zheng Yirong\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Zheng Yirong met reporters.\n", encoding="utf-8")
    (tmp_path / "termqa.toml").write_text('glossaries = ["g.csv"]\nbaseline = "accepted.jsonl"\n', encoding="utf-8")
    code, _, err = run(capsys, "check", "a.txt", "--write-baseline", "accepted.jsonl")
    assert code == ExitCode.FINDINGS
    assert "termqa: wrote 1 finding to the baseline accepted.jsonl" in err
    code, out, _ = run(capsys, "check", "a.txt")
    assert (code, out) == (ExitCode.OK, "0 findings in 1 file, 1 segment; 1 in the baseline\n")
    # A baseline named but missing on a run that does not write it is still an error.
    (tmp_path / "accepted.jsonl").unlink()
    code, _, err = run(capsys, "check", "a.txt")
    assert code == ExitCode.USAGE and "accepted.jsonl" in err
