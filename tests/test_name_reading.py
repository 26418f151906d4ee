"""name-reading on the labelled set mined from the tuning half (tests/data/names-testset.tsv),
and on its own building blocks: the romanisation tables and the dictionary of known names."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from termqa.engine import Engine, Options
from termqa.model import Glossary, Segment
from termqa.romanize import Origin, japanese_name, known_names, korean_name

TESTSET = Path(__file__).parent / "data" / "names-testset.tsv"


def _rows() -> list[dict[str, str]]:
    with open(TESTSET, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _flagged(rows: list[dict[str, str]]) -> list[bool]:
    """Whether name-reading flags a span overlapping each row's name span. Each row is read in
    its own document, after and before the other sources of the document it was mined from
    (their targets empty), as the rule reads a real file."""
    segments: list[Segment] = []
    at: dict[int, int] = {}  # segment index -> row
    for n, r in enumerate(rows):
        ctx = json.loads(r["context"]) if r["context"] else {"before": [], "after": []}
        for source in ctx["before"]:
            segments.append(Segment("set.tsv", len(segments), None, f"d{n}", source, ""))
        at[len(segments)] = n
        segments.append(Segment("set.tsv", len(segments), str(n), f"d{n}", r["source"], r["target"]))
        for source in ctx["after"]:
            segments.append(Segment("set.tsv", len(segments), None, f"d{n}", source, ""))
    hits: set[int] = set()
    for f in Engine(Glossary(), Options(select=["name-reading"])).run(segments):
        if f.line not in at:
            continue
        row = rows[at[f.line]]
        start = row["target"].find(row["span"])
        if f.start is not None and f.start < start + len(row["span"]) and start < f.end:
            hits.add(at[f.line])
    return [n in hits for n in range(len(rows))]


def score(half: str, origin: str = "mined") -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """(recall per kind of error, false alarms per kind of negative): (flagged, total) each, for
    the rows of one half mined from real outputs ("mined") or written by hand ("hand")."""
    rows = [r for r in _rows() if r["half"] == half and r["origin"] == origin]
    flagged = _flagged(rows)
    found: Counter = Counter()
    total: Counter = Counter()
    for r, f in zip(rows, flagged, strict=True):
        total[(r["label"], r["kind"])] += 1
        found[(r["label"], r["kind"])] += f
    recall = {k: (found[("pos", k)], n) for (label, k), n in total.items() if label == "pos"}
    alarms = {k: (found[("neg", k)], n) for (label, k), n in total.items() if label == "neg"}
    return recall, alarms


FLOORS = {
    ("tune", "mined"): {"pinyin": 5, "east-asian": 4, "misspelt": 4},
    ("report", "mined"): {"pinyin": 5, "east-asian": 5, "misspelt": 3},
    ("tune", "hand"): {"pinyin": 4, "east-asian": 1, "literal": 3, "substituted": 1},
    ("report", "hand"): {"pinyin": 4, "east-asian": 6, "literal": 2, "misspelt": 4, "substituted": 2},
}
"""Positives flagged per half, origin and kind, as measured: a change that loses one fails here.
(Mined recall stays under the 0.6 aimed at for pinyin and misspelt: most misses are names no
bundled source knows, 邓禄普 Dunlop, 翠吉亚尼 Trigiani, 克纳普 Knapp.)"""


@pytest.mark.parametrize(("half", "origin"), list(FLOORS))
def test_recall_and_false_alarms_on_the_labelled_set(half, origin):
    recall, alarms = score(half, origin)
    for kind, floor in FLOORS[(half, origin)].items():
        assert recall[kind][0] >= floor, (kind, recall)
    # At most 2 false alarms per 20 negatives, for each kind of negative and overall.
    negatives = sum(n for _, n in alarms.values())
    assert sum(f for f, _ in alarms.values()) * 20 <= 2 * negatives, alarms
    for kind, (f, n) in alarms.items():
        assert f * 20 <= 2 * max(n, 10), (kind, alarms)


def test_the_labelled_set_has_both_halves_and_every_kind():
    rows = _rows()
    mined = Counter((r["label"], r["kind"]) for r in rows if r["origin"] == "mined")
    assert sum(n for (label, _), n in mined.items() if label == "pos") >= 40
    assert sum(n for (label, _), n in mined.items() if label == "neg") >= 40
    assert mined[("neg", "chinese-pinyin")] >= 40
    kinds = {r["kind"] for r in rows if r["label"] == "pos"}
    assert {"pinyin", "east-asian", "literal", "misspelt", "substituted"} <= kinds
    assert {r["half"] for r in rows} == {"tune", "report"}
    assert {r["origin"] for r in rows} == {"mined", "hand"}


def test_korean_names_are_built_from_the_tables_for_each_korea():
    assert korean_name("郑义溶", north=False) == "Chung Eui-yong"
    assert korean_name("李雪主", north=True) == "Ri Sol-ju"
    assert korean_name("金主爱", north=True) == "Kim Ju-ae"
    assert korean_name("文在寅", north=False) == "Moon Jae-in"
    assert korean_name("郑义㵎", north=False) is None  # a syllable the tables lack: no guess


def test_japanese_names_are_given_name_first_and_only_when_known_whole():
    assert japanese_name("安倍晋三") == "Shinzo Abe"
    assert japanese_name("茂木敏充") == "Toshimitsu Motegi"
    assert japanese_name("茂木") == "Motegi"
    assert japanese_name("安倍晋二") is None


def test_known_names_tell_chinese_from_foreign():
    names = known_names()
    assert names["拜登"].origin is Origin.FOREIGN and "Biden" in names["拜登"].english
    assert names["王毅"].origin is Origin.CHINESE
    assert names["蔡英文"].origin is Origin.CHINESE
    assert names["文在寅"].origin is Origin.KOREAN
    assert names["布林肯"].english[0] == "Blinken"
    assert names["威廉"].generic and not names["拜登"].generic


def test_names_with_a_chinese_sense_are_marked():
    names = known_names()
    # 江南: south of the Yangtze, and Gangnam; 光州: Guangzhou of Henan, and Gwangju.
    assert names["江南"].origin is Origin.KOREAN and names["江南"].chinese_sense
    assert names["光州"].chinese_sense and names["和田"].chinese_sense
    assert not names["文在寅"].chinese_sense
    # A firm of the news tables is that firm: 三星 is Samsung (and Sanxing Township in Taiwan).
    assert not names["三星"].chinese_sense


def test_name_letters_fold_diacritics():
    # A target's "Kyushu" or "Jose Marti" is the dictionary's Kyūshū or José Martí: the letters
    # compared for readings and people are the same with or without the marks.
    from termqa.checks.reading import _letters

    assert _letters("Kyūshū") == _letters("Kyushu") == "kyushu"
    assert _letters("José Martí") == "josemarti"
