"""zhwords segments with jieba-rs (rjieba): its cuts, and the counts it gives learned words, must
be Python jieba 0.42's exactly, as zhwords had them when it segmented with Python jieba.

The reference here is a Python jieba Tokenizer of its own (termqa.cache.jieba_tokenizer, the one
zhwords used), learning with jieba's add_word(word): the count jieba suggests.
"""

from __future__ import annotations

import csv
import functools
import gzip
import json
import os
import re
import subprocess
import sys

import pytest

from termqa import zhwords

from .conftest import ROOT, SHARED

DATA = SHARED / "data"


@functools.lru_cache(maxsize=1)
def _pristine() -> tuple[dict, int]:
    from termqa.cache import jieba_tokenizer

    tokenizer = jieba_tokenizer()  # a Tokenizer of its own, never added to
    return dict(tokenizer.FREQ), tokenizer.total


def _reference():
    """Python jieba as zhwords used it, with nothing learned."""
    import jieba

    tokenizer = jieba.Tokenizer()
    freq, total = _pristine()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(freq), total, True
    return tokenizer


def _jieba_cuts(tokenizer, text: str) -> set[int]:
    cuts = {0, len(text)}
    for _word, start, end in tokenizer.tokenize(text):
        cuts.update((start, end))
    return cuts


def _learn_both(reference, term: str) -> tuple[int, int]:
    """Learn `term` in zhwords and in the reference, once as zhwords.learn does: (zhwords'
    count, jieba's)."""
    if term in zhwords._WORDS.learned:
        return zhwords._WORDS.learned[term], reference.FREQ[term]
    zhwords.learn(term)
    before = reference.total
    reference.add_word(term)
    return zhwords._WORDS.learned[term], reference.total - before


@functools.lru_cache(maxsize=1)
def _sentences() -> tuple[str, ...]:
    """The Chinese sources of ../shared/data: newstest2020, WMT22, WMT23 terminology, and the
    lines of the WMT25 2016 reports (Traditional Chinese, Markdown)."""
    mqm = DATA / "wmt-mqm-zhen" / "mqm_newstest2020_zhen.spans.jsonl.gz"
    if not mqm.is_file():
        pytest.skip("../shared/data is not available")
    found: dict[str, None] = {}
    with gzip.open(mqm, "rt", encoding="utf-8") as fh:
        found.update((json.loads(line)["source"], None) for line in fh)
    for path in (DATA / "wmt-general-zhen-systems" / "wmt22" / "sources" / "generaltest2022.zh-en.src.zh",
                 DATA / "wmt23-terminology-zhen" / "test" / "zhen.zh"):
        found.update((line.rstrip("\n"), None) for line in path.open(encoding="utf-8"))
    with (DATA / "wmt25-terminology-zhen" / "2016" / "references" / "full_data_2016.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            found.update((part, None) for part in json.loads(line)["zh"].split("\n"))
    found.pop("", None)
    return tuple(found)


def _runs(texts) -> list[str]:
    return list(dict.fromkeys(m.group() for t in texts for m in zhwords._RUN.finditer(t)))


def _bundled_forms() -> list[str]:
    with (ROOT / "termqa" / "data" / "glossaries" / "news-zh-en.csv").open(encoding="utf-8") as fh:
        return list(dict.fromkeys(s for row in csv.DictReader(fh) for s in row["source"].split("|") if s))


def _differences(reference, texts) -> list[str]:
    """The texts (runs, or whole texts across punctuation) zhwords cuts otherwise than jieba."""
    bad = [r for r in _runs(texts) if set(zhwords._cuts(r)) != _jieba_cuts(reference, r)]
    return bad + [t for t in texts if zhwords._text_cuts(t) != _jieba_cuts(reference, t)]


# What jieba-rs cuts otherwise when left to itself: its HMM keeps letters and digits joined by
# - . _ whole; runs with \r\n, spaces and punctuation between them.
HARD = [
    "协议规定，伊朗只能用第一代IR-1型离心机来提炼铀。",
    "S-400防空系统入役北极防空团",
    "表盘尺寸男表39.5mm，女表27.4mm",
    "瑞士欧米茄OMEGA蝶飞系列情侣对表男自动机械女石英424.10.37.20.01.001",
    "170多家俄罗斯企业的产品信息已在最大的国际批发线上平台Alibaba.com上发布",
    "他叫我跟你们说他所在的位置#PRS_ORG#",
    "图画故事书3-4-5-6岁",
    "澳大利亚总理\r\n布林肯同意会谈",
    "他说：“金·卡戴珊与澳大利亚总理会谈。”",
    "G20峰会在杭州举行，习近平主持。适用肌龄25-34，0-100km加速",
    "他叫刘䶮䶮，鿖鿗学院",  # outside jieba's runs, inside jieba-rs's: jieba cuts each apart
]


def test_the_patterns_are_jiebas():
    import jieba
    import jieba.finalseg

    assert zhwords._SPACE.pattern == jieba.re_skip_default.pattern
    assert zhwords._HMM_SKIP.pattern == jieba.finalseg.re_skip.pattern
    run, theirs = zhwords._RUN, jieba.re_han_default
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert [m.span() for m in run.finditer(every)] == [m.span() for m in theirs.finditer(every)]


def test_real_sentences_are_cut_as_jieba_cuts_them():
    reference = _reference()
    texts = _sentences() + tuple(HARD)
    assert len(_runs(texts)) > 25_000
    assert _differences(reference, texts) == []


def test_is_cut_at_answers_as_jieba_cuts_the_whole_text():
    # Every span of up to six characters, inside a run or across punctuation, before and after
    # learning the spans of two to four Han characters.
    reference = _reference()
    texts = list(HARD) + list(_sentences()[:150])
    for learning in (False, True):
        checked = 0
        for text in texts:
            if learning:
                for m in re.finditer(r"[\u4e00-\u9fd5]{2,4}", text):
                    _learn_both(reference, m.group())
            whole = _jieba_cuts(reference, text)
            for start in range(len(text)):
                for end in range(start + 1, min(start + 7, len(text) + 1)):
                    assert zhwords.is_cut_at(text, start, end) == (start in whole and end in whole), (text, start, end)
                    checked += 1
        assert checked > 20_000


def test_the_hard_cases_are_cut_as_jieba_cuts_them():
    reference = _reference()
    assert _differences(reference, HARD) == []
    # jieba splits at the hyphen what jieba-rs alone keeps whole
    assert zhwords.is_cut_at("伊朗只能用第一代IR-1型离心机", 8, 10)
    assert zhwords._cuts("S-400防空系统") >= {0, 1, 2, 5}


def test_a_term_inside_a_longer_word_is_not_whole_and_a_learned_name_is():
    assert not zhwords.is_whole_word("澳大利亚总理", 0, 2)  # 澳大 inside 澳大利亚
    assert not zhwords.is_whole_word("外交部长王毅会见布林肯", 0, 3)  # 外交部 inside 外交部长
    assert 1 in zhwords._cuts("布林肯同意会谈")  # unknown: 布 / 林肯 / 同意
    assert zhwords.is_whole_word("布林肯同意会谈", 0, 3)  # learned: 布林肯 / 同意
    assert 1 not in zhwords._cuts("布林肯同意会谈")
    assert zhwords.is_whole_word("外交部长王毅会见布林肯", 0, 4)


def test_the_seed_articles_names(seed):
    # The seed article's MT reads 郑义溶 as "Zheng Yi dissolved": jieba's 郑义 / 溶 (溶于 in the
    # third sentence). Learned, the names are words of their own; the cuts stay jieba's.
    assert "Zheng Yi dissolved" in seed.read_text(encoding="utf-8")
    with (ROOT / "corpora" / "japan-korea-talks.tsv").open(encoding="utf-8") as fh:
        sources = [row["source"] for row in csv.DictReader(fh, delimiter="\t")]
    reference = _reference()
    third = sources[2]
    start = third.index("郑义溶")
    assert not zhwords.is_cut_at(third, start, start + 3)
    for name in ("茂木敏充", "郑义溶", "慰安妇", "强征劳工"):
        ours, jiebas = _learn_both(reference, name)
        assert ours == jiebas, name
    assert zhwords.is_cut_at(third, start, start + 3)
    assert _differences(reference, sources) == []


def test_counts_and_cuts_follow_the_order_of_learning():
    # jieba suggests a count from the dictionary as it stands: the bundled glossary learned
    # backwards gives 12 of its 847 forms other counts, and 呼呼呼呼呼 another cut.
    forms = _bundled_forms()
    texts = ["呼呼呼呼呼！", *HARD]
    got = {}
    for order in (forms, forms[::-1]):
        reference = _reference()
        counts = {form: _learn_both(reference, form) for form in order}
        assert [f for f, (ours, jiebas) in counts.items() if ours != jiebas] == []
        assert _differences(reference, texts) == []
        got[order[0]] = ({f: c for f, (c, _) in counts.items()}, zhwords._cuts("呼呼呼呼呼"))
        zhwords.forget_words()
    (forward, cut_forward), (backward, cut_backward) = got.values()
    assert len([f for f in forms if forward[f] != backward[f]]) == 12
    assert cut_forward != cut_backward


def test_real_sentences_after_learning_two_glossaries():
    # The bundled glossary and the WMT25 2016 term dictionary, in file order: every count and
    # every cut jieba's.
    sentences = _sentences()
    reference = _reference()
    forms = _bundled_forms()
    with (DATA / "wmt25-terminology-zhen" / "2016" / "references" / "full_data_2016.jsonl").open(encoding="utf-8") as fh:
        forms += list(json.loads(fh.readline())["proper"])  # Traditional Chinese, ASCII and spaces too
    assert len(forms) > 1500
    counts = [_learn_both(reference, form) for form in forms]
    assert [c for c in counts if c[0] != c[1]] == []
    assert _differences(reference, sentences[:3000] + tuple(HARD)) == []


def test_words_no_run_holds_and_the_empty_word_count_as_in_jieba():
    reference = _reference()
    # G20 after G20峰会: jieba has G20 as the 0-count beginning of a word, which makes its
    # suggestion 1 (2 for most totals, were it counted 1 as a string jieba does not know).
    for term in ("金·卡戴珊", "香港", "", "布林肯", "G20峰会", "G20", "ZX9峰会", "ZX9", "K7号线", "K7",
                 "\u9fd2\u9fd3", "\u9fd2", "AT&T", "S-400", "澳大", "刘䶮"):
        ours, jiebas = _learn_both(reference, term)
        assert ours == jiebas, term
    assert _native_total_is(zhwords._segmenter(), reference.total)
    assert _differences(reference, HARD) == []


# --- the count of all words ---------------------------------------------------------------------

A, B = "\u9fd0", "\u9fd1"  # in jieba's runs, in neither dictionary


def _native_total_is(segmenter, total: int) -> bool:
    """Whether jieba-rs's count of all words is `total`, read from how it cuts AB.

    With A counted 3, B b and AB 2, AB is one word when 2 ln T >= ln 3 + ln b + ln 2 - ln 2,
    i.e. 2T >= 3b, T counting A, B and AB too: with b = 2 total + 9 that is when jieba-rs's count
    is at least `total`, with b = 2 total + 11 when it is above it.
    """
    jieba = segmenter.jieba
    assert not any(jieba.has_word(w) for w in (A, B, A + B))
    segmenter.learned = True  # these words must go at forget_words
    jieba.add_word(A, 3, None)
    jieba.add_word(A + B, 2, None)
    jieba.add_word(B, 2 * total + 9, None)
    at_least = jieba.cut(A + B, False) == [A + B]
    jieba.add_word(B, 2 * total + 11, None)
    above = jieba.cut(A + B, False) == [A + B]
    return at_least and not above


def test_the_count_of_all_words_is_jiebas():
    reference = _reference()
    assert _native_total_is(zhwords._segmenter(), reference.total)
    zhwords.forget_words()
    for term in ("香港", "中国外交部", "金·卡戴珊", "布林肯"):  # a word of the dictionary, others
        _learn_both(reference, term)
    assert _native_total_is(zhwords._segmenter(), reference.total)


def test_the_count_of_all_words_is_read_to_the_word():
    import rjieba

    total = _reference().total
    assert _native_total_is(zhwords._Segmenter(rjieba.Jieba()), total)
    assert not _native_total_is(zhwords._Segmenter(rjieba.Jieba()), total - 1)
    assert not _native_total_is(zhwords._Segmenter(rjieba.Jieba()), total + 1)
    assert not _native_total_is(zhwords._Segmenter(rjieba.Jieba()), total - 3)


# --- forget_words -------------------------------------------------------------------------------


def test_forget_words_restores_the_segmentation():
    texts = _sentences()[:1500] + tuple(HARD)
    runs = _runs(texts)
    before = {r: zhwords._cuts(r) for r in runs}
    forms = _bundled_forms()
    first = {}
    for form in forms:
        zhwords.learn(form)
        first[form] = zhwords._WORDS.learned[form]
    changed = [r for r in runs if zhwords._cuts(r) != before[r]]
    assert len(changed) > 30
    zhwords.forget_words()
    assert zhwords._WORDS.learned == {} and zhwords._WORDS.added == 0
    assert {r: zhwords._cuts(r) for r in runs} == before
    assert _native_total_is(zhwords._segmenter(), _reference().total)
    zhwords.forget_words()
    for form in forms:  # the same counts again, as from a dictionary nothing was added to
        zhwords.learn(form)
    assert zhwords._WORDS.learned == first
    assert _differences(_reference_after(forms), texts) == []


def _reference_after(forms):
    reference = _reference()
    for form in forms:
        reference.add_word(form)
    return reference


def test_the_python_dictionary_follows_what_was_learned():
    # zhwords._tokenizer (loaded for counts the Memo lacks, and by the fork server) holds the
    # learned words with zhwords' counts, loaded before or after they were learned.
    zhwords.learn("布林肯")
    tokenizer = zhwords._tokenizer()
    zhwords.learn("茂木敏充")
    assert tokenizer.FREQ["布林肯"] == zhwords._WORDS.learned["布林肯"]
    assert tokenizer.FREQ["茂木敏充"] == zhwords._WORDS.learned["茂木敏充"]
    assert tokenizer.total == _pristine()[1] + zhwords._WORDS.added
    zhwords.forget_words()
    assert "布林肯" not in tokenizer.FREQ and tokenizer.total == _pristine()[1]


# --- start-up -----------------------------------------------------------------------------------

_RUN_ONCE = """
import sys
from termqa import zhwords
print(zhwords.is_whole_word("布林肯同意会谈", 0, 3), zhwords.is_whole_word("澳大利亚总理", 0, 2),
      zhwords.is_whole_word("香港特首", 0, 2), sorted(zhwords._WORDS.learned.items()))
print("jieba" in sys.modules)
"""


def test_python_jieba_is_loaded_only_for_counts_never_looked_up(tmp_path):
    env = {**os.environ, "TERMQA_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", _RUN_ONCE], capture_output=True, text=True, env=env,
                           cwd=ROOT, check=True).stdout.splitlines() for _ in range(2)]
    assert runs[0][0] == runs[1][0]
    assert runs[0][0].startswith("True False True [")
    assert [r[1] for r in runs] == ["True", "False"]  # the second run found every count in the Memo


def test_no_jieba_import_for_the_patterns():
    done = subprocess.run([sys.executable, "-c", "import sys; from termqa import zhwords; "
                           "zhwords._cuts('外交部长王毅'); print('jieba' in sys.modules)"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"


def test_cut_offsets_are_characters_not_bytes():
    # rjieba reports character offsets; a run of CJK and ASCII mixed checks it.
    text = "在2019-2020年越南经济发展趋势"
    assert _jieba_cuts(_reference(), text) == set(zhwords._cuts(text))
    assert max(zhwords._cuts(text)) == len(text)
