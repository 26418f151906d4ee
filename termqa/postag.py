"""Provides jieba's part-of-speech tagging of Chinese text, for term alignment (align.py).

The words and tags are jieba 0.42's (jieba.posseg), with the words a glossary adds (add_word).
The tagger is process-wide state: what one run adds, forget_words (zhwords) takes back.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator

from termqa import zhwords


def cut(text: str) -> list[tuple[str, str]]:
    """The words of `text` with their tags, as jieba.posseg cuts them: [(word, flag), ...]."""
    return [(pair.word, pair.flag) for pair in _pos_tokenizer().cut(text)]


def count(word: str) -> int | None:
    """jieba's count of `word` (its FREQ.get): 0 for a string that only begins words, None for
    one it does not know."""
    return _pos_tokenizer().tokenizer.FREQ.get(word)


def total() -> int:
    """jieba's count of all words."""
    return _pos_tokenizer().tokenizer.total


def add_word(word: str, tag: str) -> None:
    """Make `word` a word tagged `tag`, with the count jieba suggests (jieba's add_word)."""
    zhwords.add_word(_pos_tokenizer().tokenizer, word, tag=tag)


def load() -> None:
    """Load the tagger now (the fork server of --jobs, prewarm_align.py)."""
    _pos_tokenizer()


@functools.lru_cache(maxsize=1)
def _pos_tokenizer():  # jieba ships no type hints
    # Its dictionary cache in termqa's private directory, never the shared $TMPDIR (cache.py).
    from termqa.cache import jieba_tokenizer

    tagger = jieba_tokenizer(pos=True)
    if hasattr(type(tagger), "_POSTokenizer__cut"):
        # jieba tags the runs of characters its dictionary lacks with this hidden method; an
        # instance attribute takes its place for this tagger only (see _hmm_cut).
        tagger._POSTokenizer__cut = _hmm_cut
    return tagger


_MIN_FLOAT = -3.14e100
"""jieba's log probability of what its HMM never saw."""


@functools.lru_cache(maxsize=1)
def _hmm() -> tuple:
    """jieba's part-of-speech HMM, with the states each state can follow and be followed by."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    after = {y0: frozenset(nxt) for y0, nxt in trans_P.items()}
    before: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for y0, nxt in trans_P.items():
        for y in nxt:
            before[y].add(y0)
    states = {char: frozenset(s) for char, s in char_state_tab_P.items()}
    return (states, frozenset(trans_P), frozenset(y0 for y0, nxt in trans_P.items() if nxt), after,
            {y: frozenset(v) for y, v in before.items()}, start_P, trans_P, emit_P)


@functools.lru_cache(maxsize=65536)
def _hmm_route(obs: str) -> tuple[float, tuple[tuple[str, str], ...]]:
    """jieba.posseg.viterbi(obs) with jieba's tables: the probability and the states of the best
    path through a run of characters its dictionary lacks, the states as a tuple. Remembered:
    the same names and rare words come back in other sentences (4,119 runs of 7,549 are
    distinct in 3,871 news sentences).

    Each state's best predecessor is sought among the live states with a transition into it,
    not among all the live states (of which four in five have none, and so score minus
    infinity and are never the maximum), and a state no live state leads to is not tried (as
    jieba drops it: it keeps the character's states that some live state leads to, or, where
    none does, every state one leads to). The sums are jieba's, in its order, and ties go to
    the greater state as its max() gives them. It was two thirds of the cost of segmenting a
    news sentence."""
    states, every, leading, after, before, start_p, trans_p, emit_p = _hmm()
    first = obs[0]
    scores = {y: start_p[y] + emit_p[y].get(first, _MIN_FLOAT) for y in states.get(first, every)}
    back: list[dict[tuple[str, str], tuple[str, str] | str]] = [dict.fromkeys(scores, "")]
    for char in obs[1:]:
        live = scores.keys() & leading
        best: dict[tuple[str, str], float] = {}
        came: dict[tuple[str, str], tuple[str, str] | str] = {}
        for y in states.get(char, every):
            into = before.get(y)
            if into is None or into.isdisjoint(live):
                continue
            emit = emit_p[y].get(char, _MIN_FLOAT)
            best[y], came[y] = max((scores[y0] + trans_p[y0][y] + emit, y0) for y0 in into & live)
        if not best:
            for y in frozenset().union(*(after[x] for x in live)) or every:
                emit = emit_p[y].get(char, _MIN_FLOAT)
                best[y], came[y] = max((scores[y0] + trans_p[y0][y] + emit, y0) for y0 in before.get(y, every) & live)
        scores = best
        back.append(came)
    prob, state = max((v, y) for y, v in scores.items())
    route: list = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = back[i][state]
    return prob, tuple(route)


def _hmm_cut(sentence: str) -> Iterator:
    """POSTokenizer.__cut of jieba 0.42, with _hmm_route in place of jieba's viterbi."""
    from jieba.posseg import pair

    _prob, pos_list = _hmm_route(sentence)
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            yield pair(sentence[begin:i + 1], pos_list[i][1])
            nexti = i + 1
        elif pos == "S":
            yield pair(char, pos_list[i][1])
            nexti = i + 1
    if nexti < len(sentence):
        yield pair(sentence[nexti:], pos_list[nexti][1])


