"""Provides Chinese word boundaries, to tell a glossary term from a substring of another word.

Chinese has no spaces, so a glossary form can occur inside a longer word: 澳大 (University
of Macau) inside 澳大利亚 (Australia), 外交部 (the ministry) inside 外交部长 (the minister).
Matching stays exact and fast; only a match that is about to be reported as a missing term is
checked against jieba's segmentation, which is loaded on first use.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _tokenizer():  # jieba ships no type hints
    # Its dictionary cache in termqa's private directory, never the shared $TMPDIR (cache.py).
    from termqa.cache import jieba_tokenizer

    return jieba_tokenizer()


@functools.lru_cache(maxsize=4096)
def _cuts(text: str) -> frozenset[int]:
    """The offsets at which jieba starts or ends a word in `text`."""
    cuts = {0, len(text)}
    for _word, start, end in _tokenizer().tokenize(text):
        cuts.add(start)
        cuts.add(end)
    return frozenset(cuts)


@functools.lru_cache(maxsize=1)
def _blocks():  # a compiled `re` pattern
    # jieba cuts a sentence into runs of these characters and segments each run on its own
    # (Tokenizer.cut), so the words around a span depend only on the run that holds it: a run
    # is a clause, a fraction of a news sentence, and as often repeated across systems' outputs.
    import jieba

    return jieba.re_han_default


_known: set[str] = set()
_on_forget: list = []
"""Callbacks of modules that cache segmentations (align), run by forget_words."""
_undo: list[tuple[object, str, int | None, int, list[str]]] = []
"""What add_word changed, newest last: (tokenizer, word, old count, added count, new prefixes)."""


def add_word(tokenizer, word: str, tag: str | None = None) -> None:  # noqa: ANN001 - jieba's Tokenizer
    """jieba's add_word, remembered so that forget_words can take it back.

    jieba's dictionary is process-wide state: without this, what one run (or test) matched
    would change how the next one segments.
    """
    freq_table = tokenizer.FREQ
    old = freq_table.get(word)
    prefixes = [word[:n] for n in range(1, len(word) + 1) if word[:n] not in freq_table]
    before = tokenizer.total
    tokenizer.add_word(word, tag=tag)
    _undo.append((tokenizer, word, old, tokenizer.total - before, prefixes))


def forget_words() -> None:
    """Take back every word add_word added, in every tokenizer, and the caches built on them."""
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
    _known.clear()
    _cuts.cache_clear()
    for hook in _on_forget:
        hook()


def learn(term: str) -> None:
    """Make `term` a dictionary word (once), as is_whole_word does before it cuts.

    Split out so that a caller can keep the order in which terms enter the dictionary (which
    decides their frequencies, and so later cuts) while asking for the cuts only when its
    cheaper tests have not already settled the answer.
    """
    if term not in _known:
        _known.add(term)
        add_word(_tokenizer(), term)
        _cuts.cache_clear()


def is_whole_word(text: str, start: int, end: int) -> bool:
    """True unless a word of `text` runs across `start` or `end` (the span is part of a longer word).

    The span itself is first made a dictionary word, so that jieba does not split a glossary
    name it does not know (布林肯 would otherwise come out as 布林/肯同意); it can then only lose
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
    cuts = _cuts(text)  # a span across punctuation or spaces (金·卡戴珊): the whole text
    return start in cuts and end in cuts


@functools.lru_cache(maxsize=256)
def _runs(text: str) -> tuple[tuple[int, int, str], ...]:
    """The runs jieba segments apart (see _blocks): (start, end, run). Found once per text, not once
    per span asked about: a source usually holds several glossary matches."""
    return tuple((m.start(), m.end(), m.group()) for m in _blocks().finditer(text))
