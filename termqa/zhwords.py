"""Provides Chinese word boundaries, to tell a glossary term from a substring of another word.

Chinese has no spaces, so a glossary form can occur inside a longer word: 澳大 (University
of Macau) inside 澳大利亚 (Australia), 外交部 (the ministry) inside 外交部长 (the minister).
Matching stays exact and fast; only a match that is about to be reported as a missing term is
checked against jieba's segmentation, which is loaded on first use.

The cuts are Python jieba 0.42's, made by jieba-rs (the rjieba package): 0.15 s to load, against
0.35-0.7 s for Python jieba's dictionary, and its DAG is native code. Left to itself jieba-rs
cuts otherwise in four ways, each undone here: it reads runs of more characters (the runs are
found with jieba's pattern), its HMM keeps IR-1 and 39.5mm whole (split here as jieba splits
them), its count of all words differs from jieba's (kept equal by the count of a word no run
holds), and it suggests other counts for learned words (computed here as jieba computes them,
from jieba's own counts). Those counts come from a Memo, so that Python jieba's dictionary is
loaded only for a word never looked up before. tests/test_zhwords_native.py holds both to the
same cuts.
"""

from __future__ import annotations

import functools
import re
import threading

# jieba 0.42's patterns (re_han_default, re_skip_default, finalseg.re_skip), copied: importing
# jieba costs 0.15 s. The runs are what jieba segments apart; the rest it cuts at every
# character but inside \r\n. So the words around a span depend only on the run that holds it:
# a run is a clause, a fraction of a news sentence, and as often repeated across systems' outputs.
_RUN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._%-]+)")
_SPACE = re.compile("(\r\n|\\s)")
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_JOINER = re.compile("[._-]")
"""What jieba-rs's HMM joins letters and digits across (IR-1) and jieba's does not."""

_PAD = "\x00"
"""A word that carries the difference between jieba's count of all words and jieba-rs's: no run
holds it, so no cut sees it."""
_DUPLICATES = 3
"""jieba's dict.txt lists B超 (3) twice and counts it twice in its total; jieba-rs lists it once."""


class _Segmenter:
    """jieba-rs with the words learned so far, its count of all words kept equal to jieba's."""

    def __init__(self, jieba) -> None:  # noqa: ANN001 - rjieba.Jieba
        self.jieba = jieba
        self.pad = 0
        self.learned = False
        self._pad(_DUPLICATES)

    def _pad(self, count: int) -> None:
        self.pad += count
        self.jieba.add_word(_PAD, self.pad, None)

    def add(self, word: str, count: int, old: int) -> None:
        """Make `word` a word of `count`, as jieba's add_word does; `old` is its count before."""
        self.learned = True
        if _RUN.fullmatch(word):
            # jieba adds the new count to its total; jieba-rs takes the old one back out.
            self.jieba.add_word(word, count, None)
            self._pad(old)
        else:
            self._pad(count)  # a word no run holds (金·卡戴珊, ''): only jieba's total has it


_native: list[_Segmenter] = []
_default_used = False
_lock = threading.Lock()
"""rjieba's add_word raises when another thread is inside tokenize (which releases the GIL)."""


def _segmenter() -> _Segmenter:
    global _default_used
    if not _native:
        import rjieba

        # First the instance rjieba builds on import (its module functions use it): a second
        # would cost another 0.1 s. After forget_words, a fresh one: jieba-rs removes no word.
        _native.append(_Segmenter(rjieba.Jieba() if _default_used else rjieba._DEFAULT_JIEBA))
        _default_used = True
    return _native[0]


@functools.lru_cache(maxsize=1)
def _tokenizer():  # jieba ships no type hints
    """Python jieba, with the words learned so far: where the counts of the strings the Memo
    does not hold come from. Loading it loads the segmenter too, so that the fork server of
    --jobs (prewarm.py) preloads both."""
    # Its dictionary cache in termqa's private directory, never the shared $TMPDIR (cache.py).
    from termqa.cache import jieba_tokenizer

    tokenizer = jieba_tokenizer()
    for word, count in _learned.items():
        add_word(tokenizer, word, count=count)
    _segmenter()
    return tokenizer


@functools.lru_cache(maxsize=1)
def _memo():  # a termqa.cache.Memo
    """jieba's count of each string looked up (FREQ.get: -1 for none), and of all words under ""."""
    from termqa.cache import Memo, data_version

    return Memo("jieba-counts", data_version("jieba", "dict.txt"))


@functools.lru_cache(maxsize=4096)
def _cuts(run: str) -> frozenset[int]:
    """The offsets at which jieba starts or ends a word in `run` (a match of _RUN)."""
    segmenter = _segmenter()
    with _lock:
        words = segmenter.jieba.tokenize(run)
        cuts = {start for _word, start, _end in words}
        cuts.add(len(run))
        if _JOINER.search(run):
            for word, start, end in words:
                if end - start > 2 and _JOINER.search(word) and not segmenter.jieba.has_word(word):
                    # Not a word of the dictionary: the HMM's, which jieba splits (IR / - / 1).
                    for piece in _HMM_SKIP.split(word):
                        start += len(piece)
                        cuts.add(start)
    return frozenset(cuts)


def _text_cuts(text: str) -> set[int]:
    """The offsets at which jieba starts or ends a word in the whole of `text`."""
    cuts = set(range(len(text) + 1))
    for first, last, run in _runs(text):
        cuts.difference_update(range(first + 1, last))
        cuts.update(first + cut for cut in _cuts(run))
    cuts.difference_update(m.start() + 1 for m in re.finditer("\r\n", text))
    return cuts


_learned: dict[str, int] = {}
"""The words learn added, in the order they were added, with the counts jieba gave them."""
_prefixes: set[str] = set()
"""Their beginnings, which jieba's dictionary holds with a count of 0 when it has no count."""
_added = 0
"""What they added to jieba's count of all words."""
_on_forget: list = []
"""Callbacks of modules that cache segmentations (align), run by forget_words."""
_undo: list[tuple[object, str, int | None, int, list[str]]] = []
"""What add_word changed, newest last: (tokenizer, word, old count, added count, new prefixes)."""


def add_word(tokenizer, word: str, tag: str | None = None, count: int | None = None) -> None:  # noqa: ANN001 - jieba's Tokenizer
    """jieba's add_word (with the count jieba suggests unless given), remembered so that
    forget_words can take it back.

    jieba's dictionary is process-wide state: without this, what one run (or test) matched
    would change how the next one segments.
    """
    freq_table = tokenizer.FREQ
    old = freq_table.get(word)
    prefixes = [word[:n] for n in range(1, len(word) + 1) if word[:n] not in freq_table]
    before = tokenizer.total
    tokenizer.add_word(word, count, tag)
    _undo.append((tokenizer, word, old, tokenizer.total - before, prefixes))


def forget_words() -> None:
    """Take back every word learn and add_word added, in every tokenizer, and the caches built on them."""
    global _added
    while _undo:
        tokenizer, word, old, added, prefixes = _undo.pop()
        for prefix in prefixes:
            tokenizer.FREQ.pop(prefix, None)
        if old is None:
            tokenizer.FREQ.pop(word, None)
        else:
            tokenizer.FREQ[word] = old
        tokenizer.total -= added
        tokenizer.user_word_tag_tab.pop(word, None)
    _learned.clear()
    _prefixes.clear()
    _added = 0
    if _native and _native[0].learned:
        _native.clear()  # built again when next needed (0.1 s)
    _cuts.cache_clear()
    for hook in _on_forget:
        hook()


def _count(word: str) -> int | None:
    """jieba's FREQ.get(word), the words learned so far included: a word's count, 0 for a string
    that only begins words, None for one it does not know."""
    if word in _learned:
        return _learned[word]
    known = _memo().get(word) if word else -1  # "" holds the total: jieba has no empty word
    if known is None:
        found = _tokenizer().FREQ.get(word)
        if word in _prefixes and not found:
            return found  # maybe a 0 of our own (the beginning of a learned word): not jieba's
        known = -1 if found is None else found
        _memo().put(word, known)
    if known == -1:
        return 0 if word in _prefixes else None
    return known


def _parts(word: str) -> list[str]:
    """jieba's cut(word, HMM=False)."""
    parts: list[str] = []
    for block in _RUN.split(word):
        if not block:
            continue
        if _RUN.match(block):
            segmenter = _segmenter()
            with _lock:
                parts.extend(segmenter.jieba.cut(block, False))
        else:
            for piece in _SPACE.split(block):
                if _SPACE.match(piece):
                    parts.append(piece)
                else:
                    parts.extend(piece)
    return parts


def _suggest(word: str) -> int:
    """jieba's suggest_freq(word, tune=False), float for float: the count add_word gives `word`."""
    total = _memo().get("")
    if total is None:
        total = _tokenizer().total - _added
        _memo().put("", total)
    total += _added
    ftotal = float(total)
    freq = 1
    for part in _parts(word):
        count = _count(part)
        freq *= (1 if count is None else count) / ftotal
    count = _count(word)
    return max(int(freq * total) + 1, 1 if count is None else count)


def learn(term: str) -> None:
    """Make `term` a dictionary word (once), as is_whole_word does before it cuts.

    Split out so that a caller can keep the order in which terms enter the dictionary (which
    decides their counts, and so later cuts) while asking for the cuts only when its cheaper
    tests have not already settled the answer.
    """
    global _added
    if term in _learned:
        return
    old = _count(term)
    count = _suggest(term)
    _learned[term] = count
    _prefixes.update(term[:n] for n in range(1, len(term)))
    _added += count
    segmenter = _segmenter()
    with _lock:
        segmenter.add(term, count, old or 0)
    if _tokenizer.cache_info().currsize:
        add_word(_tokenizer(), term, count=count)
    _cuts.cache_clear()


def is_whole_word(text: str, start: int, end: int) -> bool:
    """True unless a word of `text` runs across `start` or `end` (the span is part of a longer word).

    The span itself is first made a dictionary word, so that jieba does not split a glossary
    name it does not know (布林肯 would otherwise come out as 布 / 林肯); it can then only lose
    to a longer word it does know (澳大利亚 over 澳大).
    """
    learn(text[start:end])
    return is_cut_at(text, start, end)


def is_cut_at(text: str, start: int, end: int) -> bool:
    """True when jieba, with its dictionary as it stands, starts or ends a word at both `start`
    and `end` of `text` (see is_whole_word, which first makes the span a word)."""
    for first, last, block in _runs(text):
        if first <= start and end <= last:
            if start == first and end == last:
                return True  # the whole run: its edges are cuts whatever jieba makes of it
            # Only the run that holds the span is segmented: the same cuts as the whole text's.
            cuts = _cuts(block)
            return start - first in cuts and end - first in cuts
        if first >= end:
            break
    cuts = _text_cuts(text)  # a span across punctuation or spaces (金·卡戴珊)
    return start in cuts and end in cuts


@functools.lru_cache(maxsize=256)
def _runs(text: str) -> tuple[tuple[int, int, str], ...]:
    """The runs jieba segments apart (see _RUN): (start, end, run). Found once per text, not once
    per span asked about: a source usually holds several glossary matches."""
    return tuple((m.start(), m.end(), m.group()) for m in _RUN.finditer(text))
