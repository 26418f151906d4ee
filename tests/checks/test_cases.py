"""Runs the rule cases in cases/<rule>.toml: each case is a small document and its findings.

A case gives `segments` as [source, target] pairs (source may be "" for target-only), an
optional `glossary` (rows as in the CSV format), and `expect`: the findings of the case's rule,
each as {text, row, side, nth, suggestion}. Offsets are derived from `text` (its nth occurrence
in that row's text) so that cases stay readable; the runner asserts them exactly.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from termqa.engine import Engine, Options
from termqa.fileio.glossary import parse_type, split_list
from termqa.model import Glossary, GlossaryEntry, Segment

CASES = Path(__file__).parent / "cases"


def _glossary(rows: list[dict]) -> Glossary:
    return Glossary(tuple(
        GlossaryEntry(
            id=row.get("id", row["target"].lower().replace(" ", "-")),
            sources=split_list(row["source"]),
            target=row["target"],
            alternates=split_list(row.get("alternates", "")),
            forbidden=split_list(row.get("forbidden", "")),
            type=parse_type(row.get("type", ""), "case", None),
            case_sensitive=bool(row.get("case_sensitive", False)),
        )
        for row in rows
    ))


def _cases() -> list:
    params = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data["case"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}"))
    return params


def _span(text: str, needle: str, nth: int) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_rule_case(rule: str, case: dict) -> None:
    segments = [
        Segment("case.tsv", n + 2, str(n + 1), case.get("doc", "d1"), src or None, tgt)
        for n, (src, tgt) in enumerate(case["segments"])
    ]
    engine = Engine(_glossary(case.get("glossary", [])), Options(select=[rule]))
    found = [(f.line - 2, f.side.value, f.start, f.end, f.suggestions[:1],
              [(r.line - 2, r.text, case["segments"][r.line - 2][1][r.start:r.end]) for r in f.related])
             for f in engine.run(segments)]
    expected = []
    for e in case.get("expect", []):
        row, side = e.get("row", 0), e.get("side", "target")
        src, tgt = case["segments"][row]
        start, end = _span(tgt if side == "target" else src, e["text"], e.get("nth", 0))
        expected.append((row, side, start, end, (e["suggestion"],) if "suggestion" in e else None, e.get("related")))
    assert [f[:4] for f in found] == [e[:4] for e in expected], found
    for f, e in zip(found, expected, strict=True):
        if e[4] is not None:
            assert f[4] == e[4]
        if e[5] is not None:  # [[row, text], ...]: where the rendering it departs from stands
            assert [(row, text) for row, text, _ in f[5]] == [tuple(x) for x in e[5]]
            assert all(text == at for _, text, at in f[5])
