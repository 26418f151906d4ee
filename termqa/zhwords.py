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

A Dictionary holds jieba-rs and the words added to it. The one here learns the glossary
matches it is asked about; postag (jieba's part-of-speech tagger, for term-variant) has its
own, to which the glossary's terms are added: two dictionaries, as there were two Python jieba
Tokenizers.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rjieba

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


_default_used = False
_lock = threading.Lock()
"""rjieba's add_word raises when another thread is inside tokenize (which releases the GIL)."""


def _new_jieba() -> rjieba.Jieba:
    global _default_used
    import rjieba

    # First the instance rjieba builds on import (its module functions use it): another costs
    # 0.1 s and 24 MB. After forget_words, a fresh one: jieba-rs removes no word.
    jieba = rjieba.Jieba() if _default_used else rjieba._DEFAULT_JIEBA
    _default_used = True
    return jieba


@functools.lru_cache(maxsize=1)
def _memo():  # a termqa.cache.Memo
    """jieba's count of each string looked up (FREQ.get: -1 for none), and of all words under "",
    in jieba's dictionary as it ships: the same for every Dictionary."""
    from termqa.cache import Memo, data_version

    return Memo("jieba-counts", data_version("jieba", "dict.txt"))


_undo: list[tuple[object, str, int | None, int, list[str]]] = []
"""What add_word changed, newest last: (tokenizer, word, old count, added count, new prefixes)."""


def add_word(tokenizer, word: str, tag: str | None = None, count: int | None = None) -> list[str]:  # noqa: ANN001 - jieba's Tokenizer
    """jieba's add_word (with the count jieba suggests unless given), remembered so that
    forget_words can take it back: the strings it made known (the word and its beginnings).

    jieba's dictionary is process-wide state: without this, what one run (or test) matched
    would change how the next one segments.
    """
    freq_table = tokenizer.FREQ
    old = freq_table.get(word)
    prefixes = [word[:n] for n in range(1, len(word) + 1) if word[:n] not in freq_table]
    before = tokenizer.total
    tokenizer.add_word(word, count, tag)
    _undo.append((tokenizer, word, old, tokenizer.total - before, prefixes))
    return prefixes


class Dictionary:
    """jieba's dictionary and the words added to it since, as Python jieba has them after its
    add_word, but held in jieba-rs (which cuts with them) and in jieba's counts (FREQ.get,
    total: from the Memo and the words added). Python jieba's own dictionary is loaded only
    for a string the Memo lacks.

    Each Dictionary is independent, as two Python jieba Tokenizers are: the words that cut
    learns change its cuts only, the terms postag adds its tags only.
    """

    def __init__(self) -> None:
        self.learned: dict[str, int] = {}
        """The words added, in the order they were first added, with the counts jieba gave them."""
        self.tags: dict[str, str] = {}
        """The tags they were added with, which replace the tag jieba's dictionary gives."""
        self.prefixes: set[str] = set()
        """Their beginnings, which jieba's dictionary holds with a count of 0 when it has no count."""
        self.added = 0
        """What they added to jieba's count of all words."""
        self.native: _Segmenter | None = None
        self.made: set[str] = set()
        """The strings the words added made known to the Python tokenizer: not jieba's own."""
        self.tokenizer = functools.lru_cache(maxsize=1)(self._python)
        """Python jieba with the words added so far: where the counts the Memo lacks come from."""
        _dictionaries.append(self)

    def segmenter(self) -> _Segmenter:
        """jieba-rs with the words added so far."""
        if self.native is None:
            self.native = _Segmenter(_new_jieba())
        return self.native

    def _python(self):  # jieba ships no type hints
        # Its dictionary cache in termqa's private directory, never the shared $TMPDIR (cache.py).
        from termqa.cache import jieba_tokenizer

        tokenizer = jieba_tokenizer()
        if _memo().get("") is None:
            _memo().put("", tokenizer.total)
        self.made = set()
        for word, count in self.learned.items():
            self.made.update(add_word(tokenizer, word, count=count))
        # Loading it loads the segmenter too, so that the fork server of --jobs (prewarm.py)
        # preloads both.
        self.segmenter()
        return tokenizer

    def count(self, word: str) -> int | None:
        """jieba's FREQ.get(word), the words added so far included: a word's count, 0 for a
        string that only begins words, None for one it does not know."""
        if word in self.learned:
            return self.learned[word]
        known = _memo().get(word) if word else -1  # "" holds the total: jieba has no empty word
        if known is None:
            found = self.tokenizer().FREQ.get(word)
            known = -1 if found is None or word in self.made else found
            _memo().put(word, known)
        if known == -1:
            return 0 if word in self.prefixes else None
        return known

    def total(self) -> int:
        """jieba's count of all words, the words added so far included."""
        if _memo().get("") is None:
            self.tokenizer()  # (which keeps its count from before the words were added)
        return _memo().get("") + self.added

    def parts(self, word: str) -> list[str]:
        """jieba's cut(word, HMM=False)."""
        parts: list[str] = []
        for block in _RUN.split(word):
            if not block:
                continue
            if _RUN.match(block):
                segmenter = self.segmenter()
                with _lock:
                    parts.extend(segmenter.jieba.cut(block, False))
            else:
                for piece in _SPACE.split(block):
                    if _SPACE.match(piece):
                        parts.append(piece)
                    else:
                        parts.extend(piece)
        return parts

    def suggest(self, word: str) -> int:
        """jieba's suggest_freq(word, tune=False), float for float: the count add_word gives `word`."""
        total = self.total()
        ftotal = float(total)
        freq = 1
        for part in self.parts(word):
            count = self.count(part)
            freq *= (1 if count is None else count) / ftotal
        count = self.count(word)
        return max(int(freq * total) + 1, 1 if count is None else count)

    def add(self, word: str, tag: str | None = None) -> None:
        """jieba's add_word(word, tag=tag): `word` becomes a word of the count jieba suggests.
        As in jieba, adding a word again counts it again in the count of all words."""
        old = self.count(word)
        count = self.suggest(word)
        self.learned[word] = count
        if tag:
            self.tags[word] = tag
        self.prefixes.update(word[:n] for n in range(1, len(word)))
        self.added += count
        segmenter = self.segmenter()
        with _lock:
            segmenter.add(word, count, old or 0)
        if self.tokenizer.cache_info().currsize:
            self.made.update(add_word(self.tokenizer(), word, count=count))

    def forget(self) -> None:
        """Take back every word added (their counts in the Python tokenizer: forget_words)."""
        self.learned.clear()
        self.tags.clear()
        self.prefixes.clear()
        self.added = 0
        self.made.clear()
        if self.native is not None and self.native.learned:
            self.native = None  # built again when next needed (0.1 s)


_dictionaries: list[Dictionary] = []
_on_forget: list = []
"""Callbacks of modules that cache segmentations (align), run by forget_words."""

_WORDS = Dictionary()
"""The dictionary the cuts here are made with: jieba's, with the glossary matches learned."""
_segmenter = _WORDS.segmenter
_tokenizer = _WORDS.tokenizer


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


def forget_words() -> None:
    """Take back every word learn, add_word and the Dictionaries added, and the caches built on them."""
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
    for dictionary in _dictionaries:
        dictionary.forget()
    _cuts.cache_clear()
    for hook in _on_forget:
        hook()


def learn(term: str) -> None:
    """Make `term` a dictionary word (once), as is_whole_word does before it cuts.

    Split out so that a caller can keep the order in which terms enter the dictionary (which
    decides their counts, and so later cuts) while asking for the cuts only when its cheaper
    tests have not already settled the answer.
    """
    if term in _WORDS.learned:
        return
    _WORDS.add(term)
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
