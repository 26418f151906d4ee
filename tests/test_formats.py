"""Tests of the six report formats, driven through `termqa check` on a corpus written per test."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from termqa.cli import ExitCode, main
from termqa.model import Finding, Severity, Side
from termqa.report import RENDERERS, Report

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"

GLOSSARY = """\
id,source,target,alternates,forbidden,type,note
chung-eui-yong,郑义溶,Chung Eui-yong,,Zheng Yirong|Zheng Yi,person,South Korean foreign minister 2021-2022
china-news-service,中新社,China News Service,,China News Agency,organization,
forced-labor,强征劳工,forced labor,,requisition of labor,term,
"""

# Physical lines: 1 header, 2 row one, 3 blank, 4 row two, 5 row three, 6 row four.
# Row one puts Chinese characters, curly quotes and a full-width comma before "Zheng Yirong",
# so that code-point offsets, UTF-8 byte offsets and display columns all differ.
ROWS = [
    ("d1", "1", "郑义溶会见记者。", "据“中新社”报道，Zheng Yirong met reporters."),
    None,
    ("d1", "2", "中新社报道。", "The China News Agency reported the the news."),
    ("d1", "3", "强征劳工问题。", "The requisition of labor issue was raised."),
    ("d1", "4", "强征劳工问题仍未解决。", "The wartime labor issue remains unresolved."),
]

ROW_BY_LINE = {2: ROWS[0], 4: ROWS[2], 5: ROWS[3], 6: ROWS[4]}
TARGET_BY_LINE = {line: row[3] for line, row in ROW_BY_LINE.items()}
SOURCE_BY_LINE = {line: row[2] for line, row in ROW_BY_LINE.items()}
FIELD = {"source": 2, "target": 3}

# (line, side, start, end, text, rule, severity) of every finding, in report order.
EXPECTED = [
    (2, "target", 0, 1, "据", "untranslated", "error"),
    (2, "target", 2, 5, "中新社", "untranslated", "error"),
    (2, "target", 6, 8, "报道", "untranslated", "error"),
    (2, "target", 9, 21, "Zheng Yirong", "term-forbidden", "error"),
    (4, "target", 4, 21, "China News Agency", "term-forbidden", "error"),
    (4, "target", 31, 38, "the the", "repeated-word", "warning"),
    (5, "target", 4, 24, "requisition of labor", "term-forbidden", "error"),
    (6, "source", 0, 4, "强征劳工", "term-missing", "error"),
]



def physical_col(line: int, side: str, start: int) -> int:
    """The 1-based column in the TSV line: the fields before the text, a tab after each, then the offset."""
    row = ROW_BY_LINE[line]
    return sum(len(cell) + 1 for cell in row[: FIELD[side]]) + start + 1


# The physical (startColumn, endColumn) of every finding of EXPECTED. Target texts start at
# column 15 on line 2 ("d1␉1␉郑义溶会见记者。␉" is 14 code points), 13 on line 4 and 14 on
# line 5; the source on line 6 starts at column 6 ("d1␉4␉").
EXPECTED_COLS = [(physical_col(line, side, start), physical_col(line, side, end)) for line, side, start, end, *_ in EXPECTED]

RECORD_KEYS = {
    "path", "line", "segment", "doc", "side", "start", "end", "text",
    "rule", "severity", "message", "suggestions", "term",
}


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A bilingual TSV with findings, a clean TSV and the glossary; cwd is the temp folder."""
    monkeypatch.chdir(tmp_path)
    lines = ["doc\tid\tsource\ttarget"]
    lines += ["" if row is None else "\t".join(row) for row in ROWS]
    (tmp_path / "news.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "clean.tsv").write_text(
        "doc\tid\tsource\ttarget\nd2\t1\t会谈很顺利。\tThe talks went well.\n", encoding="utf-8"
    )
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    return {"news": "news.tsv", "clean": "clean.tsv", "glossary": "g.csv"}


def run_check(capsys: pytest.CaptureFixture[str], corpus: dict[str, str], *extra: str) -> tuple[int, str, str]:
    code = main(["check", corpus["news"], corpus["clean"], "-g", corpus["glossary"], *extra])
    out, err = capsys.readouterr()
    return code, out, err


def make_finding(**overrides: object) -> Finding:
    values: dict = {
        "path": "news.tsv", "line": 7, "segment": "3", "doc": "d1", "side": Side.TARGET,
        "start": 4, "end": 9, "text": "sword", "rule": "term-forbidden", "severity": Severity.ERROR,
        "message": "bad", "suggestions": (), "term": None,
    }
    values.update(overrides)
    return Finding(**values)


def render(fmt: str, findings: list[Finding], files: list[str] | None = None) -> str:
    buf = io.StringIO()
    RENDERERS[fmt](Report(findings, files or ["news.tsv"], len(findings)), buf, False)
    return buf.getvalue()


# --- jsonl -------------------------------------------------------------------------------


def test_jsonl_writes_one_object_per_finding_with_exactly_the_documented_keys(capsys, corpus):
    code, out, _ = run_check(capsys, corpus, "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == ExitCode.FINDINGS
    assert len(records) == len(EXPECTED)
    for rec in records:
        assert set(rec) == RECORD_KEYS
    got = [(r["line"], r["side"], r["start"], r["end"], r["text"], r["rule"], r["severity"]) for r in records]
    assert got == EXPECTED


def test_jsonl_offsets_are_code_points_into_the_segment_text_of_the_tsv(capsys, corpus):
    _, out, _ = run_check(capsys, corpus, "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    zheng = next(r for r in records if r["text"] == "Zheng Yirong")
    # 9 code points precede the name (27 UTF-8 bytes, 16 display columns).
    assert zheng["start"] == 9
    for rec in records:
        text = TARGET_BY_LINE[rec["line"]] if rec["side"] == "target" else SOURCE_BY_LINE[rec["line"]]
        assert text[rec["start"]:rec["end"]] == rec["text"]


def test_jsonl_records_carry_the_segment_document_suggestions_and_glossary_term(capsys, corpus):
    _, out, _ = run_check(capsys, corpus, "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    zheng = next(r for r in records if r["text"] == "Zheng Yirong")
    assert zheng["path"] == "news.tsv"
    assert zheng["segment"] == "1"
    assert zheng["doc"] == "d1"
    assert zheng["suggestions"] == ["Chung Eui-yong"]
    assert zheng["term"] == "chung-eui-yong"
    assert zheng["message"] == '"Zheng Yirong" is a forbidden rendering of 郑义溶; use "Chung Eui-yong"'
    unknown = next(r for r in records if r["text"] == "报道")
    assert unknown["suggestions"] == []
    assert unknown["term"] is None
    missing = next(r for r in records if r["rule"] == "term-missing")
    assert missing["segment"] == "4"
    assert missing["suggestions"] == ["forced labor"]


def test_jsonl_line_is_the_physical_line_even_after_blank_lines_and_crlf(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    data = "\ufeffdoc\tid\tsource\ttarget\r\n\r\n\r\nd1\t1\t他说。\tHe said so.\r\n\r\nd1\t2\t郑义溶说。\tZheng Yirong said.\r\n"
    (tmp_path / "crlf.tsv").write_bytes(data.encode("utf-8"))
    code = main(["check", "crlf.tsv", "-g", "g.csv", "--format", "jsonl"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == ExitCode.FINDINGS
    assert [(r["line"], r["start"], r["text"]) for r in records] == [(6, 0, "Zheng Yirong")]
    # The BOM and the CR are not columns: "d1␉2␉郑义溶说。␉" is 11 code points.
    main(["check", "crlf.tsv", "-g", "g.csv", "--format", "github"])
    assert capsys.readouterr().out.startswith("::error file=crlf.tsv,line=6,col=12,endColumn=24,title=term-forbidden::")


# --- json --------------------------------------------------------------------------------


def test_json_holds_the_same_records_as_jsonl_and_a_summary_with_counts(capsys, corpus):
    _, jsonl_out, _ = run_check(capsys, corpus, "--format", "jsonl")
    code, out, err = run_check(capsys, corpus, "--format", "json")
    doc = json.loads(out)
    assert code == ExitCode.FINDINGS
    assert doc["findings"] == [json.loads(line) for line in jsonl_out.splitlines()]
    assert doc["tool"]["name"] == "termqa"
    assert doc["summary"] == {
        "findings": 8,
        "by_severity": {"error": 7, "warning": 1},
        "by_rule": {"untranslated": 3, "term-forbidden": 3, "repeated-word": 1, "term-missing": 1},
        "files": 2,
        "segments": 5,
        "baseline_suppressed": 0,
        "documents_not_fully_checked": 0,
    }
    assert err == "termqa: 8 findings (7 errors, 1 warning) in 2 files, 5 segments\n"


# --- sarif -------------------------------------------------------------------------------


def _sarif(capsys, corpus) -> dict:
    code, out, _ = run_check(capsys, corpus, "--format", "sarif")
    assert code == ExitCode.FINDINGS
    return json.loads(out)


def test_sarif_output_validates_against_the_sarif_2_1_0_schema(capsys, corpus):
    log = _sarif(capsys, corpus)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == len(EXPECTED)


def test_expected_physical_columns_point_at_the_flagged_text_in_the_file(corpus):
    lines = Path(corpus["news"]).read_text(encoding="utf-8").splitlines()
    assert EXPECTED_COLS == [(15, 16), (17, 20), (21, 23), (24, 36), (17, 34), (44, 51), (18, 38), (6, 10)]
    for (line, _, _, _, text, _, _), (col, end_col) in zip(EXPECTED, EXPECTED_COLS, strict=True):
        assert lines[line - 1][col - 1 : end_col - 1] == text


def test_sarif_results_carry_rule_level_and_physical_code_point_region(capsys, corpus):
    run = _sarif(capsys, corpus)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == [
        "term-forbidden", "term-missing", "name-reading", "term-unsupported", "term-inconsistent", "name-variant",
        "term-variant", "untranslated", "number-mismatch", "repeated-word", "format-variant",
    ]
    got = []
    for res in run["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert set(region) == {"startLine", "startColumn", "endColumn", "snippet"}
        got.append((res["ruleId"], res["level"], region["startLine"], region["startColumn"], region["endColumn"]))
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news.tsv"
    assert got == [
        (rule, sev, line, col, end_col)
        for (line, _, _, _, _, rule, sev), (col, end_col) in zip(EXPECTED, EXPECTED_COLS, strict=True)
    ]
    # The segment offsets are kept alongside, in the properties.
    props = [(r["properties"]["side"], r["properties"]["start"], r["properties"]["end"]) for r in run["results"]]
    assert props == [(side, start, end) for _, side, start, end, *_ in EXPECTED]
    zheng = run["results"][3]
    assert zheng["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "Zheng Yirong"


def test_sarif_finding_with_a_suggestion_has_a_fix_inserting_the_suggestion(capsys, corpus):
    results = _sarif(capsys, corpus)["runs"][0]["results"]
    zheng = results[3]
    assert zheng["ruleId"] == "term-forbidden"
    replacement = zheng["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"] == {"text": "Chung Eui-yong"}
    # 14 code points of "d1␉1␉郑义溶会见记者。␉" and 9 of the target precede the name.
    assert replacement["deletedRegion"] == {"startLine": 2, "startColumn": 24, "endColumn": 36}
    repeated = results[5]
    assert repeated["ruleId"] == "repeated-word"
    repeated_fix = repeated["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert repeated_fix["insertedContent"] == {"text": "the"}
    assert repeated_fix["deletedRegion"] == {"startLine": 4, "startColumn": 44, "endColumn": 51}


def test_sarif_finding_without_a_suggestion_or_on_the_source_side_has_no_fix(capsys, corpus):
    results = _sarif(capsys, corpus)["runs"][0]["results"]
    baodao = results[2]
    assert baodao["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "报道"
    assert "fixes" not in baodao
    missing = results[7]
    assert missing["ruleId"] == "term-missing"
    assert missing["properties"]["side"] == "source"
    assert missing["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 6, "startColumn": 6, "endColumn": 10, "snippet": {"text": "强征劳工"},
    }
    assert "fixes" not in missing


def test_sarif_maps_info_to_note_and_omits_columns_for_a_finding_without_a_span():
    finding = make_finding(severity=Severity.INFO, start=None, end=None, text="", rule="name-variant")
    log = json.loads(render("sarif", [finding]))
    result = log["runs"][0]["results"][0]
    assert result["level"] == "note"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []


def test_sarif_without_a_physical_column_has_only_the_line_and_no_fix_but_keeps_the_offsets():
    finding = make_finding(suggestions=("shield",))
    result = json.loads(render("sarif", [finding]))["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    assert "fixes" not in result
    assert (result["properties"]["start"], result["properties"]["end"]) == (4, 9)


def test_sarif_with_a_physical_column_spans_from_it_and_fixes_that_region():
    finding = make_finding(col=31, suggestions=("shield",))
    result = json.loads(render("sarif", [finding]))["runs"][0]["results"][0]
    region = {"startLine": 7, "startColumn": 31, "endColumn": 36}
    assert result["locations"][0]["physicalLocation"]["region"] == {**region, "snippet": {"text": "sword"}}
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": region, "insertedContent": {"text": "shield"}}
    assert (result["properties"]["start"], result["properties"]["end"]) == (4, 9)


# --- physical columns by input format ----------------------------------------------------

XLIFF = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="d1" source-language="zh-CN" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="u1">
        <source>郑义溶会见记者。</source>
        <target>据报道，Zheng Yirong met reporters.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

TMX = """\
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
  <body>
    <tu tuid="u1">
      <tuv xml:lang="zh-CN"><seg>郑义溶会见记者。</seg></tuv>
      <tuv xml:lang="en"><seg>据报道，Zheng Yirong met reporters.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

# (file, content, physical line of the segment, start and end of "Zheng Yirong" in the target)
NO_COLUMN_CORPORA = [
    # The JSON escapes put the name at physical column 48, not at offset 1 + 1.
    ("c.jsonl", '{"id": "u1", "source": "郑义溶会见记者。", "target": "\\"Zheng Yirong\\" met reporters."}\n', 1, 1, 13),
    ("c.xlf", XLIFF, 5, 4, 16),
    ("c.tmx", TMX, 5, 4, 16),
    ("c.csv", "doc,id,source,target\nd1,u1,郑义溶会见记者。,\"据报道，Zheng Yirong met reporters.\"\n", 2, 4, 16),
]


@pytest.mark.parametrize(("name", "content", "line", "start", "end"), NO_COLUMN_CORPORA, ids=[c[0] for c in NO_COLUMN_CORPORA])
def test_a_finding_in_a_format_without_physical_columns_has_no_sarif_columns_or_fixes(
    tmp_path, monkeypatch, capsys, name, content, line, start, end
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / name).write_text(content, encoding="utf-8")
    code = main(["check", name, "-g", "g.csv", "--select", "term-forbidden", "--format", "jsonl"])
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == ExitCode.FINDINGS
    assert [(r["line"], r["start"], r["end"], r["text"]) for r in records] == [(line, start, end, "Zheng Yirong")]

    main(["check", name, "-g", "g.csv", "--select", "term-forbidden", "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "term-forbidden"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": line}
    assert "fixes" not in result
    assert (result["properties"]["side"], result["properties"]["start"], result["properties"]["end"]) == (
        "target", start, end,
    )
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []

    main(["check", name, "-g", "g.csv", "--select", "term-forbidden", "--format", "github"])
    assert capsys.readouterr().out.startswith(f"::error file={name},line={line},title=term-forbidden::")

    # The text format falls back to the 1-based offset in the segment, and so does JUnit.
    main(["check", name, "-g", "g.csv", "--select", "term-forbidden", "--color", "never"])
    assert capsys.readouterr().out.startswith(f"{name}:{line}:{start + 1}: error term-forbidden ")
    main(["check", name, "-g", "g.csv", "--select", "term-forbidden", "--format", "junit"])
    case = ET.fromstring(capsys.readouterr().out).find("testsuite/testcase")
    assert case.get("name") == f"term-forbidden {name}:{line}:{start + 1}"


NUMBERS_TSV = "doc\tid\tsource\ttarget\nd1\t7\t他会见了3名记者。\tHe met reporters.\n"


def test_a_source_side_finding_in_a_tsv_points_at_the_source_column(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "n.tsv").write_text(NUMBERS_TSV, encoding="utf-8")
    # "d1␉7␉" is 5 code points and "3" is at offset 4 of the source: column 10 (the target starts at 16).
    col = len("d1\t7\t") + 4 + 1
    assert NUMBERS_TSV.splitlines()[1][col - 1] == "3"
    code = main(["check", "n.tsv", "--format", "jsonl"])
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == ExitCode.FINDINGS
    assert [(r["rule"], r["line"], r["side"], r["start"], r["end"], r["text"], r["suggestions"]) for r in records] == [
        ("number-mismatch", 2, "source", 4, 5, "3", ["3"]),
    ]

    main(["check", "n.tsv", "--format", "sarif"])
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": col, "endColumn": col + 1, "snippet": {"text": "3"},
    }
    assert (result["properties"]["side"], result["properties"]["start"], result["properties"]["end"]) == ("source", 4, 5)
    assert "fixes" not in result

    main(["check", "n.tsv", "--format", "github"])
    assert capsys.readouterr().out.startswith(f"::error file=n.tsv,line=2,col={col},endColumn={col + 1},title=number-mismatch::")

    main(["check", "n.tsv", "--color", "never"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"n.tsv:2:{col}: error number-mismatch 3 in the source (3) is not in the target [3]"
    assert lines[1] == "    他会见了3名记者。"
    assert lines[2] == "    " + " " * 8 + "^"


# --- junit -------------------------------------------------------------------------------


def test_junit_has_a_testsuite_per_file_with_one_failure_per_finding_at_or_above_fail_on(capsys, corpus):
    code, out, _ = run_check(capsys, corpus, "--format", "junit")
    root = ET.fromstring(out)
    assert code == ExitCode.FINDINGS
    assert root.tag == "testsuites"
    # --fail-on defaults to error: the one warning (repeated-word) is a passing test case.
    errors = [e for e in EXPECTED if e[6] == "error"]
    assert len(errors) == 7
    assert root.get("failures") == "7"
    assert root.get("tests") == "9"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["news.tsv", "clean.tsv"]
    news = suites["news.tsv"]
    assert news.get("failures") == "7"
    assert news.get("tests") == "8"
    cases = news.findall("testcase")
    assert len(cases) == 8
    failures = [case.find("failure") for case in cases]
    passing = [case for case, failure in zip(cases, failures) if failure is None]
    assert [f.get("type") for f in failures if f is not None] == [e[5] for e in errors]
    assert [case.get("name") for case in cases] == [
        f"{rule} news.tsv:{line}:{col}" for (line, _, _, _, _, rule, _), (col, _) in zip(EXPECTED, EXPECTED_COLS, strict=True)
    ]
    assert failures[3].text == (
        'news.tsv:2:24: error term-forbidden "Zheng Yirong" is a forbidden rendering of 郑义溶; '
        'use "Chung Eui-yong" [Chung Eui-yong]'
    )
    assert len(passing) == 1
    assert passing[0].get("name").startswith("repeated-word news.tsv:4:")
    out_text = passing[0].find("system-out").text
    assert out_text.startswith("news.tsv:4:") and " warning repeated-word " in out_text


@pytest.mark.parametrize(("fail_on", "failing", "code"), [
    ("warning", 8, ExitCode.FINDINGS), ("info", 8, ExitCode.FINDINGS), ("error", 7, ExitCode.FINDINGS),
    ("never", 0, ExitCode.OK),
])
def test_junit_failures_are_exactly_the_findings_that_fail_the_run(capsys, corpus, fail_on, failing, code):
    got, out, _ = run_check(capsys, corpus, "--format", "junit", "--fail-on", fail_on)
    root = ET.fromstring(out)
    cases = root.findall("testsuite/testcase")
    assert got == code
    assert root.get("failures") == str(failing)
    assert sum(s.get("failures") == "0" for s in root.findall("testsuite")) == (2 if failing == 0 else 1)
    assert sum(c.find("failure") is not None for c in cases) == failing
    # Every finding is a test case either way: the passing ones carry it in system-out.
    assert sum(c.find("system-out") is not None for c in cases) == len(EXPECTED) - failing
    assert root.get("tests") == "9"


def test_junit_takes_fail_on_from_the_config(capsys, corpus):
    Path("termqa.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    _, out, _ = run_check(capsys, corpus, "--format", "junit")
    assert ET.fromstring(out).get("failures") == "8"


def test_junit_clean_file_has_a_single_passing_testcase(capsys, corpus):
    _, out, _ = run_check(capsys, corpus, "--format", "junit")
    clean = next(s for s in ET.fromstring(out).findall("testsuite") if s.get("name") == "clean.tsv")
    cases = clean.findall("testcase")
    assert clean.get("failures") == "0"
    assert clean.get("tests") == "1"
    assert len(cases) == 1
    assert list(cases[0]) == []


def test_junit_escapes_markup_in_messages():
    finding = make_finding(message='use "A & B" <not> C\nnext', suggestions=("A & B",))
    root = ET.fromstring(render("junit", [finding]))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == 'use "A & B" <not> C\nnext'
    # Without a physical column the test names the 1-based offset in the segment.
    assert failure.text == 'news.tsv:7:5: error term-forbidden use "A & B" <not> C\nnext [A & B]'
    assert root.find("testsuite/testcase").get("name") == "term-forbidden news.tsv:7:5"


def test_junit_names_the_physical_column_when_it_is_known():
    root = ET.fromstring(render("junit", [make_finding(col=31)]))
    assert root.find("testsuite/testcase").get("name") == "term-forbidden news.tsv:7:31"
    assert root.find("testsuite/testcase/failure").text == "news.tsv:7:31: error term-forbidden bad"


# --- gitlab ------------------------------------------------------------------------------

GITLAB_KEYS = {"description", "check_name", "fingerprint", "severity", "location"}


def test_gitlab_code_quality_has_the_documented_fields(capsys, corpus):
    code, out, err = run_check(capsys, corpus, "--format", "gitlab")
    issues = json.loads(out)
    assert code == ExitCode.FINDINGS
    assert isinstance(issues, list)
    assert len(issues) == len(EXPECTED)
    for issue, (line, _, _, _, _, rule, sev) in zip(issues, EXPECTED, strict=True):
        assert set(issue) == GITLAB_KEYS
        assert issue["check_name"] == rule
        assert issue["severity"] == {"error": "major", "warning": "minor"}[sev]
        assert issue["location"] == {"path": "news.tsv", "lines": {"begin": line}}
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["fingerprint"], str) and re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert issues[3]["description"] == '"Zheng Yirong" is a forbidden rendering of 郑义溶; use "Chung Eui-yong" [Chung Eui-yong]'
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert "8 findings" in err  # the summary goes to stderr, never into the JSON


def test_gitlab_maps_every_severity_and_keeps_fingerprints_unique_and_stable():
    findings = [make_finding(severity=Severity.ERROR), make_finding(severity=Severity.WARNING, line=8),
                make_finding(severity=Severity.INFO, line=9), make_finding(line=10)]
    issues = json.loads(render("gitlab", findings))
    assert [i["severity"] for i in issues] == ["major", "minor", "info", "major"]
    # The same finding twice in one file (same rule, text and context) is two issues to GitLab.
    assert len({i["fingerprint"] for i in issues}) == 4
    # A line moving does not change an issue's identity across a merge request.
    moved = json.loads(render("gitlab", [make_finding(line=40)]))
    assert moved[0]["fingerprint"] == issues[0]["fingerprint"]
    assert json.loads(render("gitlab", [])) == []


def test_gitlab_paths_use_forward_slashes_and_json_escapes_the_rest():
    issues = json.loads(render("gitlab", [make_finding(path="sub\\a.tsv", message='say "x" <y> & \x1b z\n')]))
    assert issues[0]["location"]["path"] == "sub/a.tsv"
    assert issues[0]["description"] == 'say "x" <y> & \x1b z\n'


# --- github ------------------------------------------------------------------------------


def test_github_annotations_point_at_line_and_physical_code_point_columns(capsys, corpus):
    code, out, _ = run_check(capsys, corpus, "--format", "github")
    lines = out.splitlines()
    assert code == ExitCode.FINDINGS
    assert len(lines) == len(EXPECTED)
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endColumn=(\d+),title=([^:]+)::(.*)$")
    for line, (lineno, _, _, _, _, rule, sev), (col, end_col) in zip(lines, EXPECTED, EXPECTED_COLS, strict=True):
        m = pattern.match(line)
        assert m, line
        assert m.groups()[:6] == (sev, "news.tsv", str(lineno), str(col), str(end_col), rule)
    assert lines[3] == (
        '::error file=news.tsv,line=2,col=24,endColumn=36,title=term-forbidden::'
        '"Zheng Yirong" is a forbidden rendering of 郑义溶; use "Chung Eui-yong" [Chung Eui-yong]'
    )
    assert lines[5] == '::warning file=news.tsv,line=4,col=44,endColumn=51,title=repeated-word::"the" is repeated [the]'
    assert lines[7].startswith("::error file=news.tsv,line=6,col=6,endColumn=10,title=term-missing::")


def test_github_escapes_newlines_and_percent_in_the_message():
    finding = make_finding(message="50% of the text\nwas dropped\r", suggestions=("100%",), col=12)
    out = render("github", [finding])
    assert out == "::error file=news.tsv,line=7,col=12,endColumn=17,title=term-forbidden::50%25 of the text%0Awas dropped%0D [100%25]\n"


def test_github_omits_columns_when_the_physical_column_is_unknown():
    out = render("github", [make_finding()])
    assert out == "::error file=news.tsv,line=7,title=term-forbidden::bad\n"


def test_github_escapes_colons_and_commas_in_properties_and_uses_notice_for_info():
    finding = make_finding(path="C:/news, final.tsv", severity=Severity.INFO, start=None, end=None, text="")
    out = render("github", [finding], ["C:/news, final.tsv"])
    assert out == "::notice file=C%3A/news%2C final.tsv,line=7,title=term-forbidden::bad\n"


# --- text --------------------------------------------------------------------------------


def test_text_lines_have_path_line_col_severity_rule_message_and_suggestion(capsys, corpus):
    code, out, err = run_check(capsys, corpus, "--color", "never")
    lines = out.splitlines()
    assert code == ExitCode.FINDINGS
    assert err == ""
    headers = [line for line in lines if not line.startswith("    ")]
    assert len(headers) == len(EXPECTED) + 1
    for header, (line, _, _, _, _, rule, sev), (col, _) in zip(headers[:-1], EXPECTED, EXPECTED_COLS, strict=True):
        assert header.startswith(f"news.tsv:{line}:{col}: {sev} {rule} "), header
    assert headers[3] == (
        'news.tsv:2:24: error term-forbidden "Zheng Yirong" is a forbidden rendering of 郑义溶; '
        'use "Chung Eui-yong" [Chung Eui-yong]'
    )
    assert headers[2] == 'news.tsv:2:21: error untranslated "报道" is left untranslated'
    assert headers[5] == 'news.tsv:4:44: warning repeated-word "the" is repeated [the]'


def test_text_caret_counts_wide_characters_before_the_span_double(capsys, corpus):
    _, out, _ = run_check(capsys, corpus, "--color", "never")
    lines = out.splitlines()
    i = lines.index(
        'news.tsv:2:24: error term-forbidden "Zheng Yirong" is a forbidden rendering of 郑义溶; '
        'use "Chung Eui-yong" [Chung Eui-yong]'
    )
    assert lines[i + 1] == "    据“中新社”报道，Zheng Yirong met reporters."
    # 据 2 + “ 1 + 中新社 6 + ” 1 + 报道 4 + ， 2 = 16 columns before the name.
    assert lines[i + 2] == "    " + " " * 16 + "^" * 12
    j = lines.index('news.tsv:2:17: error untranslated "中新社" is left untranslated [China News Service]')
    assert lines[j + 2] == "    " + " " * 3 + "^" * 6


def test_text_caret_points_into_the_source_for_a_source_side_finding(capsys, corpus):
    _, out, _ = run_check(capsys, corpus, "--color", "never")
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if " term-missing " in line)
    assert lines[i] == 'news.tsv:6:6: error term-missing 强征劳工 is not rendered as "forced labor" in the target [forced labor]'
    assert lines[i + 1] == "    强征劳工问题仍未解决。"
    assert lines[i + 2] == "    " + "^" * 8


def test_text_ends_with_the_summary_line(capsys, corpus):
    _, out, _ = run_check(capsys, corpus, "--color", "never")
    assert out.endswith("\n8 findings (7 errors, 1 warning) in 2 files, 5 segments\n")


def test_text_summary_for_a_clean_run_says_zero_findings(capsys, corpus):
    code = main(["check", corpus["clean"], "-g", corpus["glossary"], "--color", "never"])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK
    assert out == "0 findings in 1 file, 1 segment\n"
    assert err == ""


def test_text_has_no_ansi_escapes_with_color_never(capsys, corpus):
    _, out, _ = run_check(capsys, corpus, "--color", "never")
    assert "\x1b" not in out


def test_text_has_ansi_colours_with_color_always(capsys, corpus):
    _, out, _ = run_check(capsys, corpus, "--color", "always")
    assert "\x1b[31merror\x1b[0m term-forbidden" in out
    assert "\x1b[33mwarning\x1b[0m repeated-word" in out
    assert "\x1b[1mnews.tsv:2:24:\x1b[0m" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    _, never, _ = run_check(capsys, corpus, "--color", "never")
    assert plain == never


def test_text_written_with_output_file_has_no_colour_even_with_color_always(tmp_path, capsys, corpus):
    code, out, err = run_check(capsys, corpus, "--color", "always", "-o", "report.txt")
    written = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert code == ExitCode.FINDINGS
    assert out == ""
    assert "\x1b" not in written
    assert written.endswith("8 findings (7 errors, 1 warning) in 2 files, 5 segments\n")
    assert err == "termqa: 8 findings (7 errors, 1 warning) in 2 files, 5 segments\n"


def test_sarif_variant_points_at_the_reference_rendering_as_related_locations(tmp_path, capsys):
    path = tmp_path / "names.tsv"
    path.write_text(
        "doc\tsource\ttarget\n"
        "d1\t外长郑义溶抵达。\tForeign Minister Zheng Yirong arrived.\n"
        "d1\t茂木和郑义溶会谈。\tMotegi and Zheng Yi dissolved met.\n"
        "d1\t郑义溶重申立场。\tZheng Yirong reiterated.\n",
        encoding="utf-8",
    )
    assert main(["check", str(path), "--format", "sarif", "--select", "name-variant"]) == ExitCode.OK
    log = json.loads(capsys.readouterr().out)
    validator = jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(log)] == []
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "Zheng Yi"
    lines = path.read_text(encoding="utf-8").splitlines()
    places = []
    for loc in result["relatedLocations"]:
        region = loc["physicalLocation"]["region"]
        places.append((region["startLine"], lines[region["startLine"] - 1][region["startColumn"] - 1: region["endColumn"] - 1]))
    assert places == [(2, "Zheng Yirong"), (4, "Zheng Yirong")]
    assert [loc["id"] for loc in result["relatedLocations"]] == [1, 2]
