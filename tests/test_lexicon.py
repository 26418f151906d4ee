"""The CC-CEDICT lexicon behind term-variant and glossary extract."""

from __future__ import annotations

import os

from termqa import cache, lexicon


def test_an_acronym_in_brackets_is_a_gloss_but_a_description_is_not():
    assert {"renminbi", "rmb", "yuan"} <= lexicon.glosses("人民币")  # "Renminbi (RMB)"
    assert "who" in lexicon.glosses("世界卫生组织")  # "World Health Organization (WHO)"
    mural = lexicon.glosses("壁画")  # "mural (painting)"
    assert "mural" in mural and "paint" not in mural


def test_expansions_give_the_words_an_acronym_stands_for():
    assert frozenset({"renminbi"}) in lexicon.expansions("RMB")
    assert frozenset({"artifici", "intellig"}) in lexicon.expansions("AI")
    assert lexicon.expansions("XQZ") == []


def test_head_glosses_are_the_noun_senses_of_the_last_character():
    head = lexicon.head_glosses("大赛")  # 赛: "to compete; competition; match; ..."
    assert {"competit", "match"} <= head
    assert "compet" not in head  # "to compete" is a verb sense
    assert lexicon.head_glosses("赛") == frozenset()  # one character has no head of its own
    assert "frequent" not in lexicon.head_glosses("指数")  # 数 "frequently" is an adverb sense


def test_a_place_keeps_its_name_when_the_description_is_long():
    # "Nanjing subprovincial city on the Changjiang, capital of Jiangsu province"
    assert lexicon.glosses("南京") == frozenset({lexicon.stem("Nanjing")})
    assert "citi" not in lexicon.glosses("呼和浩特")  # "Hohhot prefecture-level city, ..."


def test_only_a_proper_noun_loses_the_words_after_its_name():
    # 盾 [dun4] "(currency) Vietnamese dong" is no proper noun: "dong" stays.
    assert {"vietnames", "dong"} <= lexicon.head_glosses("越盾")


def test_glosses_come_back_from_the_cache_without_reading_cc_cedict(tmp_path, monkeypatch):
    # A check of one article asks for a few glosses; the second run must not read CC-CEDICT.
    import subprocess
    import sys

    env = {**__import__("os").environ, "TERMQA_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys; from termqa import lexicon; print(sorted(lexicon.glosses('溶'))); "
            "print('table' if lexicon._dictionary.cache_info().currsize else 'memo')")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.splitlines()[1] == "table"
    assert second.stdout.splitlines() == [first.stdout.splitlines()[0], "memo"]
    assert "dissolv" in first.stdout


def test_the_number_rule_reads_its_idiom_words_from_the_cache(tmp_path):
    # 十万火急 is an idiom, not 100,000: the rule asks CC-CEDICT's words with 万 or 亿, which come
    # from the private cache on the second run (the whole dictionary costs 0.6 s to load).
    import subprocess
    import sys

    env = {**__import__("os").environ, "TERMQA_CACHE_DIR": str(tmp_path / "cache")}
    code = ("from termqa import lexicon; from termqa.numbers import read_source; "
            "print(len(read_source('情况十万火急，三十万人').figures), len(lexicon.scale_headwords())); "
            "print('table' if lexicon._dictionary.cache_info().currsize else 'memo')")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.splitlines()[1] == "table"
    assert second.stdout.splitlines() == [first.stdout.splitlines()[0], "memo"]
    assert first.stdout.split()[0] == "1"  # 三十万 only
    lexicon.scale_headwords.cache_clear()
    assert lexicon.scale_headwords() == {w for w in lexicon._table() if "万" in w or "亿" in w}


def test_cc_cedict_is_read_once_and_then_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path))
    fresh = lexicon._read_dictionary()
    lexicon._dictionary.cache_clear()
    try:
        first = lexicon._dictionary()  # read from CC-CEDICT, and kept
        kept = list((tmp_path / "cedict").glob("cedict-*.marshal"))
        assert len(kept) == 1
        lexicon._dictionary.cache_clear()
        monkeypatch.setattr(lexicon, "_read_dictionary", lambda: ({"篡改": ["read again"]}, frozenset()))
        again = lexicon._dictionary()
        assert again == first == fresh and len(fresh[0]) > 190_000
        assert "mural" in again[0]["壁画"][0] and "Nanjing" in "".join(again[0]["南京"])
        # A file that is not what was written is not believed: the dictionary is read again.
        kept[0].write_bytes(kept[0].read_bytes().replace("壁画".encode(), "篡改".encode()))
        lexicon._dictionary.cache_clear()
        assert lexicon._dictionary()[0] == {"篡改": ["read again"]}
    finally:
        lexicon._dictionary.cache_clear()


def test_two_environments_used_in_turn_keep_their_own_cc_cedict(tmp_path, monkeypatch):
    """Each environment termqa is installed in versions the dictionary by its own copy of the data
    file. A write that removed every other version made two environments used in turn (a
    project's venv and CI's) parse CC-CEDICT again on every run."""
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path))
    reads: list[str] = []
    version = {"now": ""}
    monkeypatch.setattr(lexicon, "_cedict_version", lambda: version["now"])
    monkeypatch.setattr(lexicon, "_read_dictionary",
                        lambda: (reads.append(version["now"]) or {"壁画": [f"mural {version['now']}"]}, frozenset()))
    kept = tmp_path / "cedict"

    def load(name: str) -> str:
        version["now"] = name
        lexicon._dictionary.cache_clear()
        try:
            return lexicon._dictionary()[0]["壁画"][0]
        finally:
            lexicon._dictionary.cache_clear()
            # Older by a minute, every file: the next one written is the newest whatever the clock's grain.
            for path in kept.glob("cedict-*.marshal"):
                st = path.stat()
                os.utime(path, (st.st_atime, st.st_mtime - 60))

    assert [load(name) for name in ["env A", "env B", "env A", "env B"]] == [
        "mural env A", "mural env B", "mural env A", "mural env B"]
    assert reads == ["env A", "env B"]  # each read once, then from its own file
    assert len(list(kept.glob("cedict-*.marshal"))) == 2
    # Versions are not kept for ever: beyond KEEP_VERSIONS the least recently written go.
    for name in ["v3", "v4", "v5"]:
        load(name)
    assert len(list(kept.glob("cedict-*.marshal"))) == cache.KEEP_VERSIONS == 4
    reads.clear()
    assert [load(name) for name in ["env B", "v3", "v4", "v5"]] == ["mural env B", "mural v3", "mural v4", "mural v5"]
    assert reads == []
    assert load("env A") == "mural env A" and reads == ["env A"]  # the oldest was removed


def test_two_environments_used_in_turn_keep_their_own_memo(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path))
    for name in ["env A", "env B"]:
        memo = cache.Memo("glosses", name)
        memo.put("壁画", ["mural", name])
        memo.save()
    assert [cache.Memo("glosses", name).get("壁画") for name in ["env A", "env B"]] == [
        ["mural", "env A"], ["mural", "env B"]]
