"""Provides jieba's part-of-speech tagging of Chinese text, for term alignment (align.py).

The words and tags are jieba 0.42's (jieba.posseg), with the words a glossary adds (add_word),
but Python jieba's dictionary is not loaded (120-160 MB per process, and its word graph in pure
Python). They are made of:

- jieba-rs (rjieba) for the dictionary and the best route through each run of characters, in a
  zhwords.Dictionary of the tagger's own (the terms it is given are not the words zhwords
  learns): its count of all words kept equal to jieba's, the added words given jieba's counts;
- jieba-rs's tags, which are dict.txt's, for the dictionary's words, and the added words' own;
- posseg's way of tagging what the route leaves in single characters, copied below, with its
  HMM (jieba's probability tables) for the runs that are not words (_hmm_route);
- jieba's counts (count, total) from the Dictionary, that is from a Memo, so that Python jieba
  is loaded only for a string never looked up before.

tests/test_postag_native.py holds the words, tags and counts to a Python jieba POSTokenizer's.
The tagger is process-wide state: what one run adds, zhwords.forget_words takes back.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict

from termqa import zhwords

# jieba.posseg's patterns, copied: importing it costs 0.3 s and 70 MB (it reads every tag of
# dict.txt on import).
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
"""What posseg cuts with its dictionary (re_han_internal); the rest goes character by character."""
_SKIP = re.compile("(\r\n|\\s)")
_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
_JOINED = re.compile("[a-zA-Z0-9]{2,}")
"""What jieba-rs's cut joins of the single letters and digits of its route (as jieba's cut
without HMM does): posseg takes those characters one by one. dict.txt has no such word; a word
added in that form (align adds only Han terms) is taken whole, which is posseg's cut only where
its route takes it whole: the join hides which."""

_WORDS = zhwords.Dictionary()


def cut(text: str) -> list[tuple[str, str]]:
    """The words of `text` with their tags, as jieba.posseg cuts them: [(word, flag), ...]."""
    words: list[tuple[str, str]] = []
    for n, block in enumerate(_BLOCK.split(text)):
        if n % 2:
            words += _block(block)
            continue
        # posseg tags these characters m (digits, '.') or eng (letters), but _BLOCK holds all
        # of those: what is left is x, \r\n and other whitespace included.
        for piece in _SKIP.split(block):
            words += [(piece, "x")] if _SKIP.match(piece) else [(char, "x") for char in piece]
    return words


def count(word: str) -> int | None:
    """jieba's count of `word` (its FREQ.get): 0 for a string that only begins words, None for
    one it does not know."""
    return _WORDS.count(word)


def total() -> int:
    """jieba's count of all words."""
    return _WORDS.total()


def add_word(word: str, tag: str) -> None:
    """Make `word` a word tagged `tag`, with the count jieba suggests (jieba's add_word)."""
    _WORDS.add(word, tag)


def load() -> None:
    """Load the tagger now (the fork server of --jobs, prewarm_align.py)."""
    _WORDS.segmenter()
    _WORDS.total()
    _hmm()


def _block(block: str) -> list[tuple[str, str]]:
    """posseg's cut of a run of its pattern (POSTokenizer.__cut_DAG): the words of the route
    tagged, and what the route leaves in single characters taken together: tagged one by one
    if they make a word, else by the HMM."""
    segmenter, tags, learned = _WORDS.segmenter(), _WORDS.tags, _WORDS.learned
    words: list[tuple[str, str]] = []
    single: list[tuple[str, str]] = []
    with zhwords._lock:
        for word, tag in segmenter.jieba.tag(block, False):
            if len(word) == 1 or (_JOINED.fullmatch(word) and word not in learned):
                # jieba-rs tags a letter or digit the dictionary lacks eng or m; posseg, x.
                ascii_alnum = word.isascii() and word.isalnum()
                single += [(char, tags.get(char) or ("x" if ascii_alnum else tag or "x")) for char in word]
                continue
            if single:
                words += _singles(single, segmenter)
                single = []
            words.append((word, tags.get(word) or tag or "x"))  # (tag "": added without one)
        if single:
            words += _singles(single, segmenter)
    return words


def _singles(single: list[tuple[str, str]], segmenter: zhwords._Segmenter) -> list[tuple[str, str]]:
    """posseg's words of consecutive single characters of the route (its buf)."""
    if len(single) == 1:
        return single
    chars = "".join(char for char, _tag in single)
    if segmenter.jieba.has_word(chars):  # a word that lost to its characters: kept apart
        return single
    words: list[tuple[str, str]] = []
    for n, part in enumerate(_HAN_DETAIL.split(chars)):  # POSTokenizer.__cut_detail
        if n % 2:
            words += _hmm_cut(part)
            continue
        for piece in _SKIP_DETAIL.split(part):
            if piece:
                words.append((piece, "m" if _NUM.match(piece) else "eng" if _ENG.match(piece) else "x"))
    return words


_MIN_FLOAT = -3.14e100
"""jieba's log probability of what its HMM never saw."""


def _posseg_table(name: str) -> dict:
    """One of jieba.posseg's probability tables, read from its module file without importing
    jieba.posseg (whose import reads dict.txt's tags: see _BLOCK)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None, "jieba is a dependency"
    path = Path(spec.origin).parent / "posseg" / f"{name}.py"
    table = importlib.util.spec_from_file_location(f"termqa._jieba_posseg_{name}", path)
    assert table is not None and table.loader is not None
    module = importlib.util.module_from_spec(table)
    table.loader.exec_module(module)
    return module.P


@functools.lru_cache(maxsize=1)
def _hmm() -> tuple:
    """jieba's part-of-speech HMM, with the states each state can follow and be followed by."""
    char_state_tab_p, start_p, trans_p, emit_p = (
        _posseg_table(name) for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit"))
    after = {y0: frozenset(nxt) for y0, nxt in trans_p.items()}
    before: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for y0, nxt in trans_p.items():
        for y in nxt:
            before[y].add(y0)
    states = {char: frozenset(s) for char, s in char_state_tab_p.items()}
    # y -> {y0: trans_p[y0][y]}: the transitions into a state, looked up once per predecessor.
    into: dict[tuple[str, str], dict[tuple[str, str], float]] = defaultdict(dict)
    for y0, nxt in trans_p.items():
        for y, p in nxt.items():
            into[y][y0] = p
    return (states, frozenset(trans_p), frozenset(y0 for y0, nxt in trans_p.items() if nxt), after,
            {y: frozenset(v) for y, v in before.items()}, start_p, trans_p, emit_p, dict(into))


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
    states, every, leading, after, before, start_p, trans_p, emit_p, trans_into = _hmm()
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
            # max((score, y0)) of jieba, without a tuple per candidate: the greatest score, and
            # between equal ones the greatest state. (Every score is finite: -inf is beaten.)
            weights = trans_into[y]
            top, top_y0 = -math.inf, None
            for y0 in into & live:
                score = scores[y0] + weights[y0] + emit
                if score > top or (score == top and y0 > top_y0):
                    top, top_y0 = score, y0
            best[y], came[y] = top, top_y0
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


def _hmm_cut(sentence: str) -> list[tuple[str, str]]:
    """POSTokenizer.__cut of jieba 0.42, with _hmm_route in place of jieba's viterbi."""
    _prob, pos_list = _hmm_route(sentence)
    words: list[tuple[str, str]] = []
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            words.append((sentence[begin:i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == "S":
            words.append((char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(sentence):
        words.append((sentence[nexti:], pos_list[nexti][1]))
    return words
