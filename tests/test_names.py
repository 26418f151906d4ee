"""How name-variant reads capitalised mentions out of a target text (document_names)."""

from __future__ import annotations

import polars as pl

from termqa.checks.names import document_names


def _mentions(text: str) -> list[tuple[str, bool]]:
    frame = document_names([text], pl.Series([0], dtype=pl.UInt32))
    return list(zip(frame["surface"].to_list(), frame["single"].to_list(), strict=True))


def test_a_mention_ends_with_its_sentence_but_not_at_an_abbreviation():
    assert _mentions("They met Wang Yi. The talks in St. Petersburg went on.") == [
        ("They", True), ("Wang Yi", False), ("The", True), ("St. Petersburg", False)]


def test_a_hyphenated_adjective_is_one_word_and_a_hyphenated_name_is_not():
    assert _mentions("China-Africa ties and Chung Eui-yong.") == [("China-Africa", True), ("Chung Eui-yong", False)]


def test_a_dateline_in_capitals_is_no_mention():
    assert _mentions("HONG KONG, Oct 3 (Reuters) - Hong Kong police said.") == [("Oct", True), ("Reuters", True),
                                                                                   ("Hong Kong", False)]


def test_similar_names_are_judged_the_same_in_either_order():
    # Which of two forms comes first is polars' group order, not stable from run to run.
    from termqa.checks.names import related

    for a, b in [(("global", "analytics", "group"), ("global", "analysis", "group")), (("lee", "yong-soo"), ("lee", "young-soo")),
                 (("china", "news", "service"), ("china", "news", "agency"))]:
        assert related(a, b) == related(b, a), (a, b)
    assert not related(("global", "analytics", "group"), ("global", "analysis", "group"))
