"""name-reading on the labelled set mined from the tuning half (tests/data/names-testset.tsv),
and on its own building blocks: the romanisation tables and the dictionary of known names."""

from __future__ import annotations

import csv
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
    """Whether name-reading flags a span overlapping each row's name span (each row its own document)."""
    segments = [Segment("set.tsv", n + 2, str(n), f"d{n}", r["source"], r["target"]) for n, r in enumerate(rows)]
    hits: set[int] = set()
    for f in Engine(Glossary(), Options(select=["name-reading"])).run(segments):
        row = rows[f.line - 2]
        start = row["target"].find(row["span"])
        if f.start is not None and f.start < start + len(row["span"]) and start < f.end:
            hits.add(f.line - 2)
    return [n in hits for n in range(len(rows))]


def score(half: str) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """(recall per kind of error, false alarms per kind of negative): (flagged, total) each."""
    rows = [r for r in _rows() if r["half"] == half]
    flagged = _flagged(rows)
    found: Counter = Counter()
    total: Counter = Counter()
    for r, f in zip(rows, flagged, strict=True):
        total[(r["label"], r["kind"])] += 1
        found[(r["label"], r["kind"])] += f
    recall = {k: (found[("pos", k)], n) for (label, k), n in total.items() if label == "pos"}
    alarms = {k: (found[("neg", k)], n) for (label, k), n in total.items() if label == "neg"}
    return recall, alarms


FLOORS = {"tune": {"pinyin": 2, "east-asian": 2, "misspelt": 2}, "report": {"pinyin": 3, "east-asian": 1}}
"""Positives flagged per half and kind, as measured when the set was labelled: a change that
loses one fails here. (Recall is far under the 0.6 aimed at: most of the tuning half's errors
are names no bundled source knows, and a row here is read without its document, which the
rule uses to tell a Japanese surname from a Chinese word.)"""


@pytest.mark.parametrize("half", ["tune", "report"])
def test_recall_and_false_alarms_on_the_labelled_set(half):
    recall, alarms = score(half)
    for kind, floor in FLOORS[half].items():
        assert recall[kind][0] >= floor, (kind, recall)
    # At most 2 false alarms per 20 negatives, for each kind of negative and overall.
    negatives = sum(n for _, n in alarms.values())
    assert sum(f for f, _ in alarms.values()) * 20 <= 2 * negatives, alarms
    for kind, (f, n) in alarms.items():
        assert f * 20 <= 2 * max(n, 10), (kind, alarms)


def test_the_labelled_set_has_both_halves_and_every_kind():
    rows = _rows()
    kinds = Counter((r["label"], r["kind"]) for r in rows)
    assert kinds[("neg", "chinese-pinyin")] >= 40
    assert sum(n for (label, _), n in kinds.items() if label == "pos") >= 30
    assert {r["half"] for r in rows} == {"tune", "report"}


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
