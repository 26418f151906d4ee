"""The glossary rules' pieces that rule cases cannot show: the source gate in the match tables,
the one-finding-per-concept message and its scoring, short forms, longer names."""

from __future__ import annotations

import pytest

from termqa.checks.terms import _same_words, in_longer_name
from termqa.compiled import is_short
from termqa.engine import Engine, Options
from termqa.evaluate import CORE, Row, score
from termqa.matcher import Matcher
from termqa.model import EntityType, Glossary, GlossaryEntry, Segment

MACAO = GlossaryEntry("macao", ("澳门",), "Macao", ("Macau",), ("Aomen",), EntityType.PLACE)
HONG_KONG = GlossaryEntry("hong-kong", ("香港",), "Hong Kong", (), ("Xianggang",), EntityType.PLACE)
HK_SAR = GlossaryEntry("hong-kong-sar", ("香港特区",), "Hong Kong SAR", (), (), EntityType.PLACE)


def test_held_is_containment_of_any_chinese_form_and_true_without_a_source():
    matcher = Matcher(Glossary((HONG_KONG, HK_SAR)))
    sources = ["湘钢发布公告", "香港特区政府表示", None, "香港特區政府表示"]
    targets = ["Xianggang said", "Xianggang said", "Xianggang said", "Xianggang said"]
    table, source = matcher.match(sources, targets)
    assert table.select("row", "held").rows() == [(0, False), (1, True), (2, True), (3, True)]
    # The source scan itself gives 香港特区 to the longer entry only: containment is what says
    # Hong Kong is there.
    assert sorted(set(source["entry"].to_list())) == [1]


def _macao_document(marks: dict[int, tuple[int, int]] | None = None):
    mts = ["Macao opened.", "Macau grew.", "Macao again.", "Macau later.", "Macao at last."]
    segments = [Segment("mt.jsonl", n, f"S|{n}", "S|d1", "澳门", mt) for n, mt in enumerate(mts, 1)]
    rows = [Row("S", "d1", n, "r1", "no-error", "no-error", "澳门", mt, ()) for n, mt in enumerate(mts, 1)]
    for n, span in (marks or {}).items():
        rows[n - 1] = Row("S", "d1", n, "r1", CORE[0], "Minor", "澳门", mts[n - 1], (span,))
    return segments, rows


def test_one_finding_per_concept_gives_the_counts_and_every_other_place():
    segments, _ = _macao_document()
    findings = list(Engine(Glossary((MACAO,)), Options(select=["term-inconsistent"])).run(segments))
    assert len(findings) == 1
    (f,) = findings
    assert (f.line, f.text, f.suggestions) == (2, "Macau", ("Macao",))
    assert f.message == '澳门 is rendered 2 ways in this document (Macao x3, Macau x2); use "Macao" throughout'
    assert [(r.line, r.text) for r in f.related] == [(1, "Macao"), (3, "Macao"), (4, "Macau"), (5, "Macao")]


def test_eval_scores_the_one_finding_with_its_related_places_as_a_group():
    # The rater marked the second "Macau" (line 4), not the one the finding stands on.
    segments, rows = _macao_document({4: (0, 5)})
    findings = list(Engine(Glossary((MACAO,)), Options(select=["term-inconsistent"])).run(segments))
    result = score(rows, findings, CORE)
    assert result["span_lenient"]["tp"] == 0
    assert (result["group"]["tp"], result["group"]["predicted"], result["group"]["recall"]) == (1, 1, 1.0)


@pytest.mark.parametrize(("key", "approved", "alternates", "short"), [
    ("yonhap", "yonhap news agency", (), True),
    ("chung", "chung eui-yong", (), True),
    ("macau", "macao special administrative region", ("macau special administrative region",), True),
    ("macau", "macao special administrative region", (), False),
    ("chinese foreign ministry", "chinese foreign ministry", ("chinese ministry of foreign affairs",), False),
    ("blue house", "cheong wa dae", (), False),
    ("wartime forced labor", "forced labor", ("wartime forced labor",), False),
    ("forced labor", "forced labor", ("wartime forced labor",), False),  # the approved form is the full one
])
def test_short_forms(key, approved, alternates, short):
    assert is_short(key, approved, alternates) is short


@pytest.mark.parametrize(("text", "span", "inside"), [
    ("The Venetian Macao reopened.", "Macao", True),
    ("He studied at Macau Polytechnic Institute.", "Macau", True),
    ("the Hong Kong-Zhuhai-Macao Bridge opened", "Macao", True),
    ("Macao SAR officials said.", "Macao", False),
    ("Macao's casinos reopened.", "Macao", False),
    ("The Macao government said.", "Macao", False),
    ("The Macao Government said.", "Macao", False),
    ("Macau Chief Executive Ho Iat-seng said", "Macau", False),
    ("In Macau, prices rose.", "Macau", False),
    ("He backed Beijing's Macao policy.", "Macao", False),
    ("Yesterday Macau reported gains.", "Macau", False),  # the first word of a sentence
    ("Tourism in Macau recovered.", "Macau", False),
    ("Visitors Flock Back To Macau Casinos", "Macau", False),  # a headline in title case
])
def test_in_longer_name(text, span, inside):
    start = text.index(span)
    assert in_longer_name(text, start, start + len(span), MACAO) is inside


@pytest.mark.parametrize(("a", "b", "same"), [
    ("interest rate cut", "cut interest rates", True),
    ("decoupling", "decouple", True),
    ("china's foreign ministry", "chinese foreign ministry", True),
    ("japan's defense ministry", "japanese defense ministry", True),
    ("macao", "macau", False),
    ("forced labor", "forced labour", False),
    ("blue house", "cheong wa dae", False),
])
def test_same_words(a, b, same):
    assert _same_words(a.split(), b.split()) is same
