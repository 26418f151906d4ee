"""postag tags with jieba-rs (rjieba): its words, tags and counts must be those of the Python jieba
0.42 POSTokenizer it replaced, for the same words added in the same order.

The reference is a POSTokenizer of its own over a Python jieba Tokenizer of its own, with
postag's _hmm_cut in place of jieba's viterbi as postag had it (test_variant_speed_paths holds
_hmm_cut to jieba's viterbi), adding words with jieba's add_word(word, tag=tag).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys

from termqa import align, postag, zhwords
from termqa.model import EntityType, GlossaryEntry

from .conftest import ROOT
from .realpairs import bundled
from .test_zhwords_native import DATA, HARD, _native_total_is, _pristine, _sentences


@functools.lru_cache(maxsize=1)
def _pristine_tags() -> dict[str, str]:
    from jieba.posseg import POSTokenizer

    from termqa.cache import jieba_tokenizer

    return dict(POSTokenizer(jieba_tokenizer()).word_tag_tab)


def _reference():
    """jieba.posseg as postag used it, with nothing added."""
    import jieba
    from jieba.posseg import POSTokenizer, pair

    tokenizer = jieba.Tokenizer()
    freq, total = _pristine()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(freq), total, True
    tagger = POSTokenizer.__new__(POSTokenizer)
    tagger.tokenizer, tagger.word_tag_tab = tokenizer, dict(_pristine_tags())
    tagger._POSTokenizer__cut = lambda text: (pair(w, f) for w, f in postag._hmm_cut(text))
    return tagger


def _cut(tagger, text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in tagger.cut(text)]


def _differences(tagger, texts) -> list[str]:
    return [t for t in texts if postag.cut(t) != _cut(tagger, t)]


def _count_differences(tagger, word: str) -> list[str]:
    """The strings inside `word` (what align._parts asks) whose counts differ, and the total."""
    inside = {word[i:j] for i in range(len(word)) for j in range(i + 1, len(word) + 1)}
    bad = [s for s in inside if postag.count(s) != tagger.tokenizer.FREQ.get(s)]
    return bad + ([""] if postag.total() != tagger.tokenizer.total else [])


@functools.lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    """The Chinese sources of ../shared/data, simplified as align.all_words has them, and the
    hard cases."""
    return tuple(dict.fromkeys(align.to_simplified(t) for t in _sentences() + tuple(HOSTILE)))


# Letters and digits (which jieba's route leaves one by one and jieba-rs joins), characters
# outside jieba's runs, whitespace and punctuation between them, words that lose to their characters.
HOSTILE = [
    *HARD, "", " ", "的", "A", "1", ".", "A股和B股", "IR-1", "39.5mm", "COVID-19", "😀中国😀", "𠀀𠮷鿕鿖龘靐",
    "a\r\nb\n\r\t c", "ＡＢＣ１２３，。！？「」", "c++和C#、AT&T", "3.5%的增长率", "ab1.2.3x_y+z#w&v",
    "中国 人民\u3000银行", "\x00\x01中", "我们中出了一个叛徒", "IR1型ABC的x", "的ABC的", "5G手机和4K电视",
    "T恤衫", "〇一二", "一二三四五六七八九十", "..__++##&&", "Ａ股", "x的y", "Ｇ２０峰会G20峰会",
]


def test_the_patterns_are_possegs():
    import jieba.posseg as posseg

    assert postag._BLOCK.pattern == posseg.re_han_internal.pattern
    assert postag._SKIP.pattern == posseg.re_skip_internal.pattern
    assert postag._HAN_DETAIL.pattern == posseg.re_han_detail.pattern
    assert postag._SKIP_DETAIL.pattern == posseg.re_skip_detail.pattern
    assert postag._ENG.pattern == posseg.re_eng.pattern
    assert postag._NUM.pattern == posseg.re_num.pattern


def test_jieba_rs_has_possegs_tags_for_every_word():
    # Its own dict.txt: the same words, tagged as posseg's word_tag_tab tags them (a word its
    # route splits is read after making it frequent; jieba-rs keeps a word's tag when re-added).
    import rjieba

    tags = _pristine_tags()
    fresh, scratch = rjieba.Jieba(), rjieba.Jieba()
    unread = []
    for word, tag in tags.items():
        got = fresh.tag(word, False)
        if len(got) != 1:
            scratch.add_word(word, 10**9, None)
            got = scratch.tag(word, False)
        if got != [(word, tag)]:
            unread.append(word)
    assert unread == ["γ射线"]  # γ is outside posseg's runs: never a word of a cut
    assert not any(postag._JOINED.fullmatch(word) for word in tags)


def test_real_sentences_are_tagged_as_posseg_tags_them():
    texts = _texts()
    assert len(texts) > 6500
    assert _differences(_reference(), texts) == []


def _register_both(tagger, monkeypatch, entries) -> list[tuple[str, str]]:
    """align.register_terms(entries), each word it adds added to the reference too, in its order."""
    added = []

    def add_word(word: str, tag: str) -> None:
        postag._WORDS.add(word, tag)
        tagger.tokenizer.add_word(word, None, tag)
        added.append((word, tag))
        assert _count_differences(tagger, word) == [], word

    monkeypatch.setattr(postag, "add_word", add_word)
    align.register_terms(entries)
    monkeypatch.undo()
    return added


def _wmt25_terms() -> list[GlossaryEntry]:
    """WMT25's 2016 term dictionary (Traditional Chinese), given each entry type in turn."""
    with (DATA / "wmt25-terminology-zhen" / "2016" / "references" / "full_data_2016.jsonl").open(encoding="utf-8") as fh:
        forms = list(json.loads(fh.readline())["proper"])
    types = list(EntityType)
    return [GlossaryEntry(f"w{n}", (form,), "x", type=types[n % len(types)]) for n, form in enumerate(forms)]


def test_real_sentences_after_registering_two_glossaries(monkeypatch):
    # The bundled glossary, then WMT25's terms, as register_terms adds them (tagged by type):
    # every count inside every term and the count of all words after each, then every cut.
    tagger = _reference()
    added = _register_both(tagger, monkeypatch, bundled())
    added += _register_both(tagger, monkeypatch, _wmt25_terms())
    assert len(added) > 900 and {tag for _, tag in added} == {"nr", "ns", "nt", "n"}
    assert _differences(tagger, _texts()) == []


def test_words_outside_posseg_s_runs_words_it_has_and_words_added_twice():
    # A term the dictionary has (re-tagged), one with characters no run holds (counted only),
    # one added twice (jieba counts it twice), and the 0-count beginnings of added words.
    tagger = _reference()
    for word, tag in [("中国", "nt"), ("㐖毒", "nr"), ("𠮷野家", "nt"), ("布林肯", "nr"), ("布林肯", "ns"),
                      ("G20峰会", "n"), ("澳大", "ns"), ("B超", "nz"), ("的", "nr"), ("一二", "m")]:
        postag.add_word(word, tag)
        tagger.tokenizer.add_word(word, None, tag)
        assert _count_differences(tagger, word) == [], word
    assert postag.count("G20") == 0 and postag.count("布林") == 0 and postag.count("布林肯峰") is None
    assert _native_total_is(postag._WORDS.segmenter(), tagger.tokenizer.total)
    assert _differences(tagger, [*HOSTILE, "中国人民布林肯说", "他在𠮷野家的G20峰会", "澳大利亚和澳大"]) == []


def test_the_hard_cases_are_tagged_as_posseg_tags_them():
    tagger = _reference()
    assert _differences(tagger, HOSTILE) == []
    assert postag.cut("IR1型ABC的x") == [("IR1", "eng"), ("型", "k"), ("ABC", "eng"), ("的", "uj"), ("x", "eng")]
    assert _native_total_is(postag._WORDS.segmenter(), tagger.tokenizer.total)


def test_the_two_dictionaries_are_independent():
    # zhwords learns the matches it checks; postag the glossary's terms: neither sees the other's.
    before = postag.cut("布林肯与茂木敏充会谈"), zhwords._cuts("布林肯与茂木敏充会谈"), postag.total()
    zhwords.learn("布林肯")
    postag.add_word("茂木敏充", "nr")
    assert postag.count("布林肯") is None and "茂木敏充" not in zhwords._WORDS.learned
    assert ("茂木敏充", "nr") in postag.cut("布林肯与茂木敏充会谈")
    assert ("布林肯", "nr") not in postag.cut("布林肯与茂木敏充会谈")
    zhwords.forget_words()
    assert (postag.cut("布林肯与茂木敏充会谈"), zhwords._cuts("布林肯与茂木敏充会谈"), postag.total()) == before


def test_forget_words_takes_the_tags_back():
    # (jieba's POSTokenizer kept a tag it had been given after its word was taken back.)
    assert ("中国", "ns") in postag.cut("中国人民")
    postag.add_word("中国", "nt")
    assert ("中国", "nt") in postag.cut("中国人民")
    zhwords.forget_words()
    assert ("中国", "ns") in postag.cut("中国人民") and postag._WORDS.tags == {}


_RUN = """
import sys
from termqa import cli
cli.main(["check", "corpora/", "-g", "builtin:news", "--select", "term-variant",
          "--format", "jsonl", "--no-progress", "--fail-on", "never", "-o", sys.argv[1], "--force"])
print("jieba" in sys.modules, "jieba.posseg" in sys.modules)
"""


def test_python_jieba_is_not_loaded_with_a_warm_cache(tmp_path):
    # The first run looks the counts up in Python jieba's dictionary; the second finds them all
    # in the Memo, and imports neither jieba nor posseg (whose import reads dict.txt's tags).
    env = {**os.environ, "TERMQA_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", _RUN, str(tmp_path / f"{n}.jsonl")], capture_output=True,
                           text=True, env=env, cwd=ROOT, check=True).stdout.split() for n in range(2)]
    assert runs == [["True", "False"], ["False", "False"]]
    assert (tmp_path / "0.jsonl").read_text() == (tmp_path / "1.jsonl").read_text() != ""
