"""Provides the report: findings serialised once as records, rendered in every output format.

Each format is a small function in RENDERERS. The records are builtins only, so that JSON,
JSON Lines, SARIF, JUnit, GitHub annotations and GitLab Code Quality all say the same thing about a finding.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO

from termqa import __version__
from termqa.baseline import fingerprint
from termqa.model import Finding, Related, Severity
from termqa.safety import github_data, github_property, terminal, xml_text

FORMATS = ("text", "jsonl", "json", "sarif", "junit", "github", "gitlab")


@dataclass
class Report:
    """Everything one `termqa check` run found.

    Attributes:
        findings: After the baseline, in file and line order.
        files: The corpus files read.
        segments: Segments read.
        suppressed: Findings the baseline excused.
        texts: The segment texts by (path, line, side) for the text format's context lines.
    """

    findings: list[Finding]
    files: list[str] = field(default_factory=list)
    segments: int = 0
    suppressed: int = 0
    texts: dict[tuple[str, int, str], str] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)
    """Severity counts of findings that were streamed out instead of kept in `findings`."""
    crashes: int = 0
    """(check, document) pairs lost to a crashed check; each is also an internal-error finding."""
    fail_on: Severity | None = Severity.ERROR
    """The lowest severity that fails the run (--fail-on; None for `never`): JUnit counts exactly
    these findings as failures."""

    def counts(self) -> Counter[str]:
        """Findings per severity label."""
        return Counter(f.severity.label for f in self.findings) + self.tally

    def total(self) -> int:
        """How many findings the run reported."""
        return len(self.findings) + sum(self.tally.values())


def record(f: Finding) -> dict:
    """The JSON Lines object of a finding (exactly the documented keys)."""
    return {
        "path": f.path,
        "line": f.line,
        "segment": f.segment,
        "doc": f.doc,
        "side": f.side.value,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
        "suggestions": list(f.suggestions),
        "term": f.term,
    }


def summary_line(report: Report) -> str:
    """`12 findings (3 errors, 9 warnings) in 5 files, 96 segments`."""
    c = report.counts()
    n = report.total()
    parts = [f"{c[s.label]} {s.label}{'s' if c[s.label] != 1 else ''}" for s in reversed(Severity) if c[s.label]]
    detail = f" ({', '.join(parts)})" if parts else ""
    tail = f"; {report.suppressed} in the baseline" if report.suppressed else ""
    if report.crashes:
        tail += f"; INTERNAL ERROR: {report.crashes} document{'s' if report.crashes != 1 else ''} not fully checked"
    return (
        f"{n} finding{'s' if n != 1 else ''}{detail} in {len(report.files)} file{'s' if len(report.files) != 1 else ''}, "
        f"{report.segments:,} segment{'s' if report.segments != 1 else ''}{tail}"
    )


_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_lines(f: Finding, texts: dict[tuple[str, int, str], str], color: bool = False) -> str:
    """One finding as linter lines: the header and, when the text is known, the span in context.

    Every corpus-derived string (path, message, suggestion, the text) goes through
    safety.terminal: an ESC or a newline in a corpus is shown as `\\x1b`, `\\x0a`, never
    sent to the terminal or able to start a line of its own.
    """
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    sev = paint(_COLORS[f.severity.label], f.severity.label)
    hint = f" [{terminal(f.suggestions[0])}]" if f.suggestions else ""
    where = paint(_BOLD, f"{terminal(f.path, tab=True)}:{f.line}:{_col(f)}:")
    out = f"{where} {sev} {terminal(f.rule)} {terminal(f.message)}{paint(_DIM, hint)}\n"
    text = texts.get((f.path, f.line, f.side.value))
    if text is not None and f.start is not None and f.end is not None:
        left = max(0, f.start - 40)
        right = min(len(text), f.end + 40)
        before = ("…" if left else "") + terminal(text[left:f.start])
        span = terminal(text[f.start:f.end])
        after = terminal(text[f.end:right]) + ("…" if right < len(text) else "")
        # The caret is measured on what is shown: escapes are wider than what they stand for.
        out += (f"    {before}{span}{after}\n"
                f"    {' ' * _width(before)}{paint(_COLORS[f.severity.label], '^' * max(1, _width(span)))}\n")
    return out


def render_text(report: Report, out: TextIO, color: bool = False) -> None:
    """Linter-style lines, each followed by the span in context, then a summary."""
    for f in report.findings:
        out.write(text_lines(f, report.texts, color))
    out.write(summary_line(report) + "\n")


def _col(f: Finding) -> int:
    """The physical column when known, else the 1-based offset in the segment."""
    return f.col if f.col is not None else (f.start or 0) + 1


_quote = json.encoder.encode_basestring  # json's own string escaping (its C version when built)


def _json_value(v: object) -> str:
    """None, an int or a str as json.dumps writes it; anything else raises TypeError."""
    if v is None:
        return "null"
    if type(v) is int:
        return int.__repr__(v)
    return _quote(v)  # TypeError unless a str


def jsonl_line(f: Finding) -> str:
    """One finding as a JSON Lines record: json.dumps(record(f), ensure_ascii=False), byte for byte.

    Written out by hand because a run on real news can report 85,000 findings, and building a
    dict per finding for json.dumps to walk cost 0.6 s of the main process's time (0.3 s
    now), which --jobs cannot share out.
    """
    q = _quote
    try:
        if type(f.line) is not int:
            raise TypeError("line")
        return (
            f'{{"path": {q(f.path)}, "line": {f.line}, "segment": {_json_value(f.segment)}, '
            f'"doc": {q(f.doc)}, "side": {q(f.side.value)}, "start": {_json_value(f.start)}, '
            f'"end": {_json_value(f.end)}, "text": {q(f.text)}, "rule": {q(f.rule)}, '
            f'"severity": {q(f.severity.label)}, "message": {q(f.message)}, '
            f'"suggestions": [{", ".join(map(q, f.suggestions))}], "term": {_json_value(f.term)}}}\n'
        )
    except TypeError:  # a value of another type (a float, None where text is expected): json's own rules
        return json.dumps(record(f), ensure_ascii=False) + "\n"


def render_jsonl(report: Report, out: TextIO, color: bool = False) -> None:
    """One JSON object per finding."""
    for f in report.findings:
        out.write(jsonl_line(f))


def render_json(report: Report, out: TextIO, color: bool = False) -> None:
    """One document: the records and a summary."""
    doc = {
        "tool": {"name": "termqa", "version": __version__},
        "summary": {
            "findings": len(report.findings),
            "by_severity": dict(report.counts()),
            "by_rule": dict(Counter(f.rule for f in report.findings)),
            "files": len(report.files),
            "segments": report.segments,
            "baseline_suppressed": report.suppressed,
            "documents_not_fully_checked": report.crashes,
        },
        "findings": [record(f) for f in report.findings],
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(report: Report, out: TextIO, color: bool = False) -> None:
    """SARIF 2.1.0: rules, results with regions, fixes.

    Columns (and so fixes) are given only where the physical column is known (TSV, plain text);
    for XML and JSON inputs the region is the line, and the segment offsets are in properties.
    """
    from termqa.checks import ALL_CHECKS  # every rule module: only SARIF lists them all

    rule_index = {c.id: i for i, c in enumerate(ALL_CHECKS)}
    rules = [
        {
            "id": c.id,
            "name": "".join(part.capitalize() for part in c.id.split("-")),
            "shortDescription": {"text": c.summary()},
            "fullDescription": {"text": " ".join((c.__doc__ or "").split())},
            "defaultConfiguration": {"level": _SARIF_LEVEL[c.severity.label]},
        }
        for c in ALL_CHECKS
    ]
    results = []
    for f in report.findings:
        region: dict = {"startLine": f.line}
        if f.col is not None and f.start is not None and f.end is not None:
            region.update(startColumn=f.col, endColumn=f.col + f.end - f.start, snippet={"text": f.text})
        location = {"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": region}}
        result: dict = {
            "ruleId": f.rule,
            "level": _SARIF_LEVEL[f.severity.label],
            "message": {"text": f.message},
            "locations": [location],
            "partialFingerprints": {"termqa/v1": fingerprint(f)},
            "properties": {"side": f.side.value, "segment": f.segment, "doc": f.doc, "term": f.term,
                           "start": f.start, "end": f.end},
        }
        if f.related:
            result["relatedLocations"] = [_related_location(i, f.path, r) for i, r in enumerate(f.related, 1)]
        if f.rule in rule_index:
            result["ruleIndex"] = rule_index[f.rule]
        if f.suggestions and "startColumn" in region and f.side.value == "target":
            result["fixes"] = [
                {
                    "description": {"text": f'Replace with "{s}"'},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(f.path)},
                            "replacements": [
                                {
                                    "deletedRegion": {k: v for k, v in region.items() if k != "snippet"},
                                    "insertedContent": {"text": s},
                                }
                            ],
                        }
                    ],
                }
                for s in f.suggestions[:3]
            ]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "termqa",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/termqa/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                # A crashed check is a failed execution, not only one more result (SARIF 3.20).
                "invocations": [{
                    "executionSuccessful": report.crashes == 0,
                    "toolExecutionNotifications": [
                        {"level": "error", "message": {"text": f.message},
                         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)},
                                                             "region": {"startLine": f.line}}}]}
                        for f in report.findings if f.rule == "internal-error"
                    ],
                }],
                "results": results,
            }
        ],
    }
    json.dump(log, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _related_location(index: int, path: str, r: Related) -> dict:
    region: dict = {"startLine": r.line}
    if r.col is not None:
        region.update(startColumn=r.col, endColumn=r.col + r.end - r.start, snippet={"text": r.text})
    return {
        "id": index,
        "physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region},
        "message": {"text": f'"{r.text}"'},
        "properties": {"segment": r.segment, "start": r.start, "end": r.end},
    }


def _uri(path: str) -> str:
    return path.replace("\\", "/")


def render_junit(report: Report, out: TextIO, color: bool = False) -> None:
    """JUnit XML: a test suite per file and a test case per finding (a passing one per clean file).

    A finding at or above --fail-on is a failing test case; one below it is a passing test case
    with the finding in its system-out, so that the CI's test count agrees with the exit code.
    Every string passes safety.xml_text, so that a control character in a path or a rendering
    cannot make the document ill-formed.
    """
    # Here, not at the top: xml.sax.saxutils pulls in urllib.request, http and ssl (40 ms of a
    # one-line run's start-up).
    from xml.sax.saxutils import escape, quoteattr

    def attr(text: str) -> str:
        return quoteattr(xml_text(text))

    def fails(f: Finding) -> bool:
        return report.fail_on is not None and f.severity >= report.fail_on

    by_file: dict[str, list[Finding]] = {p: [] for p in report.files}
    for f in report.findings:
        by_file.setdefault(f.path, []).append(f)
    total = sum(max(1, len(v)) for v in by_file.values())
    failures = sum(fails(f) for f in report.findings)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="termqa" tests="{total}" failures="{failures}" errors="0">\n')
    for path, findings in by_file.items():
        tests = max(1, len(findings))
        failed = sum(fails(f) for f in findings)
        out.write(f'  <testsuite name={attr(path)} tests="{tests}" failures="{failed}" errors="0">\n')
        if not findings:
            out.write(f'    <testcase classname={attr(path)} name="termqa"/>\n')
        for f in findings:
            name = f"{f.rule} {f.path}:{f.line}:{_col(f)}"
            body = f"{f.path}:{f.line}:{_col(f)}: {f.severity.label} {f.rule} {f.message}"
            if f.suggestions:
                body += f" [{f.suggestions[0]}]"
            out.write(f"    <testcase classname={attr(path)} name={attr(name)}>\n")
            if fails(f):
                out.write(f"      <failure type={attr(f.rule)} message={attr(f.message)}>{escape(xml_text(body))}</failure>\n")
            else:
                out.write(f"      <system-out>{escape(xml_text(body))}</system-out>\n")
            out.write("    </testcase>\n")
        out.write("  </testsuite>\n")
    out.write("</testsuites>\n")


_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render_gitlab(report: Report, out: TextIO, color: bool = False) -> None:
    """GitLab Code Quality JSON: a list of issues with description, check_name, fingerprint,
    severity and location (path, lines.begin).

    GitLab tracks an issue between the base and head of a merge request by its fingerprint, so
    it must be stable and unique: the finding's baseline fingerprint (rule, text, context), the
    path and the how-manieth such finding in that file.
    """
    issues = []
    occurrences: Counter[tuple[str, str]] = Counter()
    for f in report.findings:
        base = fingerprint(f)
        occurrences[(f.path, base)] += 1
        unique = "\x1f".join((base, _uri(f.path), str(occurrences[(f.path, base)])))
        hint = f" [{f.suggestions[0]}]" if f.suggestions else ""
        issues.append({
            "description": f.message + hint,
            "check_name": f.rule,
            "fingerprint": hashlib.sha256(unique.encode("utf-8")).hexdigest()[:32],
            "severity": _GITLAB_SEVERITY[f.severity.label],
            "location": {"path": _uri(f.path), "lines": {"begin": f.line}},
        })
    json.dump(issues, out, ensure_ascii=False, indent=2)
    out.write("\n")


_GH_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def github_line(f: Finding) -> str:
    """One finding as a GitHub Actions workflow command."""
    props = [f"file={github_property(f.path)}", f"line={f.line}"]
    if f.col is not None and f.start is not None and f.end is not None:
        props += [f"col={f.col}", f"endColumn={f.col + f.end - f.start}"]
    props.append(f"title={github_property(f.rule)}")
    hint = f" [{f.suggestions[0]}]" if f.suggestions else ""
    return f"::{_GH_LEVEL[f.severity.label]} {','.join(props)}::{github_data(f.message + hint)}\n"


def render_github(report: Report, out: TextIO, color: bool = False) -> None:
    """GitHub Actions workflow commands (`::error file=...,line=...::message`)."""
    for f in report.findings:
        out.write(github_line(f))


STREAMING = ("text", "jsonl", "github")
"""Formats written finding by finding as the engine produces them, so memory stays flat."""


def stream_line(fmt: str, f: Finding, texts: dict[tuple[str, int, str], str], color: bool) -> str:
    """The output for one finding in a streaming format."""
    if fmt == "jsonl":
        return jsonl_line(f)
    if fmt == "github":
        return github_line(f)
    return text_lines(f, texts, color)


RENDERERS: dict[str, Callable[[Report, TextIO, bool], None]] = {
    "text": render_text,
    "jsonl": render_jsonl,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
    "gitlab": render_gitlab,
}


def write_parquet(findings: list[Finding], out: BinaryIO) -> None:
    """The JSON Lines records as a Parquet table (`-o findings.parquet`): the same columns and
    values, typed, for a data team that loads findings into a dataframe or a warehouse."""
    import polars as pl

    schema = {"path": pl.String, "line": pl.Int64, "segment": pl.String, "doc": pl.String, "side": pl.String,
              "start": pl.Int64, "end": pl.Int64, "text": pl.String, "rule": pl.String, "severity": pl.String,
              "message": pl.String, "suggestions": pl.List(pl.String), "term": pl.String}
    pl.DataFrame([record(f) for f in findings], schema=schema, orient="row").write_parquet(out)
