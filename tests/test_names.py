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


def test_pinyin_syllables_read_without_pypinyin_are_pypinyin_s_own():
    # The syllable table is read from pypinyin's data file directly (importing pypinyin costs a
    # quarter of a second); it must be the table pypinyin's own module gives.
    import unicodedata

    import regex
    from pypinyin.pinyin_dict import pinyin_dict

    from termqa.checks.names import _pinyin_syllables

    old = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
            if plain.isalpha() and regex.search(r"[aeiouv]", plain):
                old.add(plain)
    assert _pinyin_syllables() == frozenset(old)


def test_the_gloss_vocabulary_comes_back_from_the_cache_unchanged(tmp_path, monkeypatch):
    from termqa.checks import names

    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path / "cache"))
    names._vocabularies.cache_clear()
    built = names._vocabularies()  # built from CC-CEDICT and written to the cache
    assert list((tmp_path / "cache").glob("names/vocabulary-*.json"))
    names._vocabularies.cache_clear()
    monkeypatch.setattr(names, "_build_vocabularies", lambda: (_ for _ in ()).throw(AssertionError("rebuilt")))
    assert names._vocabularies() == built  # read back, not rebuilt
    assert "palace" in built[0] and "houston" in built[0] and "palace" in built[1]
    names._vocabularies.cache_clear()
