"""Real sentences for the tests that compare a fast path with the code it replaced: the
newstest2020 sources and MT outputs of ../shared/data, the bundled glossary's entries, and
jieba's cuts as first computed. Without ../shared/data those tests skip."""

from __future__ import annotations

import csv
import functools
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from termqa import zhwords
from termqa.model import EntityType, GlossaryEntry, Segment

ROOT = Path(__file__).resolve().parents[1]
MQM = ROOT.parent / "shared" / "data" / "wmt-mqm-zhen" / "mqm_newstest2020_zhen.spans.jsonl.gz"


def mqm_rows() -> tuple[dict, ...]:
    """newstest2020's MQM rows (one per system segment), in file order, or a skip."""
    if not MQM.is_file():
        pytest.skip("../shared/data is not available")
    return _read()


@functools.cache
def _read() -> tuple[dict, ...]:  # read once for every test of the run
    with gzip.open(MQM, "rt", encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh)


def newstest2020() -> list[Segment]:
    """newstest2020's system outputs as segments, one per system and source segment, in
    documents (a system's translation of one news story) sorted by document and segment."""
    seen: dict[tuple[str, str], Segment] = {}
    for r in mqm_rows():
        key = (r["system"], r["seg_id"])
        if key not in seen:
            seen[key] = Segment("newstest2020", int(r["seg_id"]), f"{r['system']}|{r['seg_id']}",
                                f"{r['system']}|{r['doc']}", r["source"], r["mt"])
    return sorted(seen.values(), key=lambda s: (s.doc, s.line))


def pairs(limit: int, keep: Callable[[str, str], bool] | None = None) -> list[tuple[str, str]]:
    """Up to `limit` distinct (source, MT) pairs of newstest2020 in file order, those `keep`
    accepts when given."""
    found: dict[tuple[str, str], None] = {}
    for r in mqm_rows():
        if keep is None or keep(r["source"], r["mt"]):
            found[(r["source"], r["mt"])] = None
            if len(found) >= limit:
                break
    return list(found)


def bundled() -> list[GlossaryEntry]:
    """The entries of the bundled news glossary, read from its CSV."""
    entries = []
    with open(ROOT / "glossaries" / "news-zh-en.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            entries.append(GlossaryEntry(
                row["id"], tuple(s for s in row["source"].split("|") if s), row["target"],
                tuple(a for a in row["alternates"].split("|") if a), tuple(f for f in row["forbidden"].split("|") if f),
                EntityType(row["type"] or "term"),
            ))
    return entries


def old_cuts(text: str) -> frozenset[int]:
    """zhwords._cuts as it first was: jieba over the whole text."""
    cuts = {0, len(text)}
    for _word, start, end in zhwords._tokenizer().tokenize(text):
        cuts.update((start, end))
    return frozenset(cuts)
