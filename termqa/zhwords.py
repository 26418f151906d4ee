"""Provides Chinese word boundaries, to tell a glossary term from a substring of another word.

Chinese has no spaces, so a glossary form can occur inside a longer word: 澳大 (University
of Macau) inside 澳大利亚 (Australia), 外交部 (the ministry) inside 外交部长 (the minister).
Matching stays exact and fast; only a match that is about to be reported as a missing term is
checked against jieba's segmentation, which is loaded on first use.
"""

from __future__ import annotations

import functools
import logging


@functools.lru_cache(maxsize=1)
def _tokenizer():  # jieba ships no type hints
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@functools.lru_cache(maxsize=4096)
def _cuts(text: str) -> frozenset[int]:
    """The offsets at which jieba starts or ends a word in `text`."""
    cuts = {0, len(text)}
    for _word, start, end in _tokenizer().tokenize(text):
        cuts.add(start)
        cuts.add(end)
    return frozenset(cuts)


_known: set[str] = set()


def is_whole_word(text: str, start: int, end: int) -> bool:
    """True unless a word of `text` runs across `start` or `end` (the span is part of a longer word).

    The span itself is first made a dictionary word, so that jieba does not split a glossary
    name it does not know (布林肯 would otherwise come out as 布林/肯同意); it can then only lose
    to a longer word it does know (澳大利亚 over 澳大).
    """
    term = text[start:end]
    if term not in _known:
        _known.add(term)
        _tokenizer().add_word(term)
        _cuts.cache_clear()
    cuts = _cuts(text)
    return start in cuts and end in cuts
