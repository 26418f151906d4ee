"""jsonl_line writes its record by hand for speed: it must be json.dumps(record(f)) byte for byte."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from termqa.engine import Engine, Options
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.model import Finding, Severity, Side
from termqa.report import jsonl_line, record

ROOT = Path(__file__).resolve().parent.parent
WMT22 = ROOT.parent / "shared" / "data" / "wmt-general-zhen-systems" / "wmt22"


def _reference(f: Finding) -> str:
    return json.dumps(record(f), ensure_ascii=False) + "\n"


def _real_findings(tmp_path: Path) -> list[Finding]:
    """Every rule's findings, with the bundled glossary, on the bundled corpora and the
    whole of one WMT22 system's output (real messages, suggestions, quotes and CJK text)."""
    engine = Engine(load_glossary(["builtin:news"]), Options(select=["all"]))
    found = []
    for path in sorted((ROOT / "corpora").iterdir()):
        found += engine.run(read_corpus(str(path)))
    sources = (WMT22 / "sources" / "generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    targets = (WMT22 / "system-outputs" / "generaltest2022.zh-en.hyp.DLUT.en").read_text(encoding="utf-8").splitlines()
    tsv = tmp_path / "wmt22.tsv"
    tsv.write_text("source\ttarget\n" + "".join(f"{s}\t{t}\n" for s, t in zip(sources, targets, strict=True)),
                   encoding="utf-8")
    found += engine.run(read_corpus(str(tsv)))
    return found


def test_real_findings_are_written_as_json_dumps_writes_them(tmp_path):
    found = _real_findings(tmp_path)
    assert len(found) > 100
    assert {f.rule for f in found} >= {"term-forbidden", "term-missing", "number-mismatch", "name-variant"}
    assert any(f.suggestions for f in found) and any(f.term for f in found) and any(f.segment for f in found)
    for f in found:
        assert jsonl_line(f) == _reference(f)


_HOSTILE = ['"', "\\", "\n", "\r\t", "\x00\x1b[31m", "\u2028\u2029", "\ud800", "é", "郑义溶", "😀", "</script>",
            "\x7f", "", " "]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_HOSTILE) for _ in range(rng.randrange(0, 6)))


def test_every_escape_and_null_is_written_as_json_dumps_writes_it():
    rng = random.Random(7)
    for _ in range(3000):
        f = Finding(
            _text(rng) or "p.tsv", rng.randrange(1, 10**12), rng.choice([None, _text(rng)]), _text(rng),
            rng.choice(list(Side)), rng.choice([None, 0, rng.randrange(10**6)]),
            rng.choice([None, 5, rng.randrange(10**6)]), _text(rng), "term-missing",
            rng.choice(list(Severity)), _text(rng),
            tuple(_text(rng) for _ in range(rng.randrange(0, 4))), rng.choice([None, _text(rng)]),
        )
        assert jsonl_line(f) == _reference(f)


class _Str(str):
    pass


@pytest.mark.parametrize("field, value", [("line", True), ("start", True), ("start", 1.5), ("text", _Str('a"b')),
                                          ("suggestions", (_Str("x"), 2))])
def test_values_of_other_types_fall_back_to_json_dumps(field, value):
    base = dict(path="a.tsv", line=3, segment=None, doc="d", side=Side.TARGET, start=0, end=1, text="x",
                rule="term-missing", severity=Severity.ERROR, message="m")
    base[field] = value
    f = Finding(**base)
    assert jsonl_line(f) == _reference(f)
