"""Every rule over every real corpus in ../shared/data and every bundled corpus: no crash.

A rule that raises on real text is switched off for the document it met; that must never
happen on the data we have. The checks run with `raise_errors`, so a failure here shows the
traceback. A seeded generator then feeds every rule random mixes of real segments, digits,
CJK punctuation and whitespace.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from termqa.engine import INTERNAL_ERROR, Engine, Options
from termqa.errors import InputError
from termqa.fileio.corpus import expand_paths, read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.model import Segment

from .conftest import ROOT, SHARED
from .realpairs import newstest2020

DATA = SHARED / "data"


def _wmt22() -> Iterator[Segment]:
    base = DATA / "wmt-general-zhen-systems/wmt22"
    docs = [line.split("\t")[1].strip() for line in (base / "documents/zh-en.docs").read_text(encoding="utf-8").splitlines()]
    src = (base / "sources/generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    for hyp in sorted([*(base / "system-outputs").glob("*.en"), *(base / "references").glob("*.en")]):
        tgt = hyp.read_text(encoding="utf-8").splitlines()
        for n, (d, s, t) in enumerate(zip(docs, src, tgt, strict=True), 1):
            yield Segment(hyp.name, n, str(n), d, s, t)


def _paragraphs(text: str) -> list[str]:
    return [p for p in (part.strip() for part in text.split("\n\n")) if p]


def _wmt25() -> Iterator[Segment]:
    """Each report's paragraphs, paired with the source's where the counts agree, else target-only."""
    base = DATA / "wmt25-terminology-zhen/2016"
    files = [base / "references/full_data_2016.jsonl", *sorted((base / "submissions").glob("*/*.jsonl"))]
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            r = json.loads(line)
            zh, en = _paragraphs(r["zh"]), _paragraphs(r["en"])
            sources = zh if len(zh) == len(en) else [None] * len(en)
            for k, (s, t) in enumerate(zip(sources, en), 1):
                yield Segment(path.name, n * 10_000 + k, None, f"{path.name}#{n}", s, t)


def _wmt23() -> Iterator[Segment]:
    base = DATA / "wmt23-terminology-zhen/test"
    src = (base / "zhen.zh").read_text(encoding="utf-8").splitlines()
    tgt = (base / "zhen.en").read_text(encoding="utf-8").splitlines()
    for n, (s, t) in enumerate(zip(src, tgt, strict=True), 1):
        yield Segment("wmt23", n, None, f"chunk{n // 100}", s, t)


def _files(paths: list[Path]) -> Iterator[Segment]:
    for path in paths:
        try:
            yield from read_corpus(str(path))
        except InputError:
            continue  # two of the files in the wild are malformed on purpose; what was read is checked


CORPORA = {
    "newstest2020": newstest2020,
    "wmt22": _wmt22,
    "wmt25": _wmt25,
    "wmt23": _wmt23,
    "formats-in-the-wild": lambda: _files(sorted(p for p in (DATA / "formats-in-the-wild").iterdir()
                                                 if p.suffix in {".tmx", ".xlf", ".xliff", ".sdlxliff"})),
    "bundled": lambda: _files([Path(p) for p in expand_paths([str(ROOT / "corpora")])]),
}


@pytest.fixture(scope="module")
def glossary():
    return load_glossary([str(ROOT / "glossaries")])


@pytest.mark.parametrize("name", CORPORA)
def test_every_rule_runs_on_every_real_corpus(name, glossary):
    if name != "bundled" and not DATA.is_dir():
        pytest.skip("../shared/data is not available")
    engine = Engine(glossary, Options(select=["all"], raise_errors=True))
    found = list(engine.run(CORPORA[name]()))
    assert engine.stats.segments > 0
    assert engine.stats.crashes == []
    assert not [f for f in found if f.rule == INTERNAL_ERROR]


_NOISE = ["", " ", "\u3000", "\t", "  ", "。", "，", "、", "：", "；", "（", "）", "《", "》", "“", "”", "—",
          "…", "·", "-", ":", ".", ",", "%", "％", "$", "/", "1)", "(2)", "第", "万", "亿", "半", "两", "几", "多",
          "余", "约", "十", "百", "千", "零", "〇", "年", "月", "日", "时", "点", "分", "号", "元", "里", "亩",
          "17: 00", "5 p.m.", "3.5", "1,000", "2.", "100bn", "million", "billion", "half", "May"]


def _mutate(rng: random.Random, text: str) -> str:
    """Insert, delete and swap pieces of text: digits, numerals, punctuation, whitespace."""
    out = text
    for _ in range(rng.randint(1, 6)):
        pos = rng.randint(0, len(out))
        op = rng.random()
        if op < 0.5:
            piece = rng.choice(_NOISE) if rng.random() < 0.7 else str(rng.randint(0, 10 ** rng.randint(1, 12)))
            out = out[:pos] + piece + out[pos:]
        elif op < 0.8:
            out = out[:pos] + out[pos + rng.randint(1, 5):]
        else:
            out = out[pos:] + out[:pos]
    return out


def test_every_rule_survives_random_mixes_of_real_text(glossary):
    if not DATA.is_dir():
        pytest.skip("../shared/data is not available")
    real = [s for s in _wmt22() if s.path.endswith("Online-B.en") or "ref.A" in s.path]
    rng = random.Random(20261206)
    segments = []
    for n in range(3_000):
        base = rng.choice(real)
        other = rng.choice(real)
        source = _mutate(rng, base.source or "") if rng.random() < 0.9 else _mutate(rng, other.source or "")
        target = _mutate(rng, base.target)
        if rng.random() < 0.1:
            target = target + " " + other.target  # a target that says more than its source
        segments.append(Segment("mixed", n + 1, None, f"d{n // 20}", source if rng.random() < 0.95 else None, target))
    engine = Engine(glossary, Options(select=["all"], raise_errors=True))
    list(engine.run(segments))
    assert engine.stats.segments == 3_000


def test_the_number_crash_seen_on_unseen_news_is_gone(glossary):
    """每周五17时至每周日5时 / "from 17: 00 every Friday" made number-mismatch raise and cost a
    whole batch its number check."""
    engine = Engine(glossary, Options(select=["all"], raise_errors=True))
    list(engine.run([Segment("x", 1, None, "d", "每周五17时至每周日5时", "from 17: 00 every Friday")]))
