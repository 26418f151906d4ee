"""lexicon.stem with PyStemmer (libstemmer in C) must give the stems of the pure-Python
snowballstemmer it replaced: every stem is compared, by the aligner and the glossary rules, with
stems of CC-CEDICT's glosses worked out the same way, and the glosses' memo is kept across runs.

The reference is snowballstemmer's own EnglishStemmer class, imported from its module: with
PyStemmer installed, `snowballstemmer.stemmer()` hands out PyStemmer's stemmer instead.
"""

from __future__ import annotations

import functools
import threading

import regex
from snowballstemmer.english_stemmer import EnglishStemmer

from termqa import lexicon

from .realpairs import mqm_rows
from .test_zhwords_native import DATA

_WORD = regex.compile(r"[\p{L}][\p{L}'’\-.]*")

HARD = [
    "", "'", "''", "'s", "s'", "’s", "O'Neill's", "Xi's", "China’s", "U.S.", "e.g.", "Cote-d'Ivoire",
    "naïve", "Zürich", "São", "İstanbul", "ŞİŞLİ", "ǅemal", "ﬁnance", "ΣΊΣΥΦΟΣ", "Москва", "日本",
    "a" * 5000, "running" * 300, "ies", "sses", "y", "yy", "Y", "eed", "ied", "ing", "ly", "generously",
    "communism", "arsenal", "gener", "news", "howe", "atlas", "cosmos", "bias", "andes", "skis", "skies",
    "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only", "singly", "inning", "outing",
    "canning", "herring", "earring", "proceed", "exceed", "succeed", "\u200b", "a\u0301",
]


@functools.lru_cache(maxsize=1)
def _english_words() -> tuple[str, ...]:
    """The words of every MT output and reference of newstest2020 (MQM) and WMT22 in
    ../shared/data, and of every CC-CEDICT gloss, as written (case kept)."""
    words: set[str] = set()
    for row in mqm_rows():
        words.update(_WORD.findall(row["mt"]))
    wmt22 = DATA / "wmt-general-zhen-systems" / "wmt22"
    for path in sorted((wmt22 / "system-outputs").rglob("*")) + sorted((wmt22 / "references").glob("*")):
        if path.is_file():
            words.update(_WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    for glosses in lexicon._table().values():
        for gloss in glosses:
            words.update(_WORD.findall(gloss))
    return tuple(sorted(words))


def _reference(word: str, stemmer=EnglishStemmer()) -> str:  # noqa: B008 - one reference stemmer
    """lexicon.stem as it was, with snowballstemmer's pure-Python stemmer."""
    w = word.casefold().replace("’", "'").replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    return stemmer.stemWord(w.strip("'"))


def test_the_stemmer_is_libstemmer():
    """The speed is the point: a pure-Python stemmer took 5% of term-variant's time."""
    assert type(lexicon._stemmer()).__module__ == "Stemmer"


def test_stems_equal_the_pure_python_stemmer_on_real_english():
    words = _english_words()
    assert len(words) > 50_000  # the data and the dictionary were read
    lexicon.stem.cache_clear()
    bad = [(w, lexicon.stem(w), _reference(w)) for w in words if lexicon.stem(w) != _reference(w)]
    assert bad == []


def test_stems_equal_the_pure_python_stemmer_on_hard_strings():
    lexicon.stem.cache_clear()
    assert [lexicon.stem(w) for w in HARD] == [_reference(w) for w in HARD]
    for word in HARD:  # case, curly apostrophes and full stops are folded before stemming
        assert lexicon.stem(word.upper()) == _reference(word.upper())


def test_each_thread_has_its_own_stemmer():
    """PyStemmer's stemmers are not thread-safe: the review's worker thread and the engine's
    check thread must not share one."""
    here = lexicon._stemmer()
    there: list[object] = []
    thread = threading.Thread(target=lambda: there.append(lexicon._stemmer()))
    thread.start()
    thread.join()
    assert there and there[0] is not here
    assert lexicon._stemmer() is here  # made once per thread, not once per word


def test_the_gloss_memo_is_versioned_by_the_stemmer_library():
    """The memo of gloss stems is kept across runs: another stemmer build must not reuse it."""
    from termqa.cache import data_version

    version = data_version("Stemmer")
    assert version.startswith("Stemmer\x00Stemmer") and ":" in version
    lexicon._gloss_memo.cache_clear()
    try:
        assert version in lexicon._gloss_memo().version
    finally:
        lexicon._gloss_memo.cache_clear()
