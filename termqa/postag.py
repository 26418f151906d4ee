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
    """jieba's part-of-speech HMM as arrays (numpy): the states in order, the log probability of
    each transition (minus infinity where jieba has none), of each start, which states lead to
    another, and each character's states with their emission scores (see _char_states)."""
    import numpy as np

    char_state_tab_p, start_p, trans_p, emit_p = (
        _posseg_table(name) for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit"))
    # In order, so that between equal scores the greater index is the greater state, as jieba's
    # max() over (score, state) pairs breaks ties.
    order = sorted(set(start_p) | set(trans_p) | {y for nxt in trans_p.values() for y in nxt})
    at = {y: i for i, y in enumerate(order)}
    trans = np.full((len(order), len(order)), -math.inf)
    for y0, nxt in trans_p.items():
        for y, p in nxt.items():
            trans[at[y0], at[y]] = p
    start = np.array([start_p.get(y, -math.inf) for y in order])
    leading = np.array([bool(trans_p.get(y)) for y in order])
    every = np.array(sorted(at[y] for y in trans_p), dtype=np.intp)
    states = {char: np.array(sorted(at[y] for y in s), dtype=np.intp) for char, s in char_state_tab_p.items()}
    return np, order, trans, start, leading, every, states, emit_p


@functools.lru_cache(maxsize=16384)
def _char_states(char: str) -> tuple:
    """The states jieba tries for a character (every state, for one its table lacks), as indexes,
    and the character's emission score in each (jieba's minimum where it never saw it)."""
    _np, order, _trans, _start, _leading, every, states, emit_p = _hmm()
    found = states.get(char, every)
    return found, _np.array([emit_p[order[i]].get(char, _MIN_FLOAT) for i in found])


@functools.lru_cache(maxsize=65536)
def _hmm_route(obs: str) -> tuple[float, tuple[tuple[str, str], ...]]:
    """jieba.posseg.viterbi(obs) with jieba's tables: the probability and the states of the best
    path through a run of characters its dictionary lacks, the states as a tuple. Remembered:
    the same names and rare words come back in other sentences (4,119 runs of 7,549 are
    distinct in 3,871 news sentences).

    One step per character, in arrays: the scores of the live states (those with a transition
    out) plus each transition into each of the character's states, plus its emission, summed
    in jieba's order, so every float is jieba's; the greatest in each column, and between equal
    ones the greatest state. A state no live state leads to scores minus infinity and is
    dropped, as jieba drops it; where none of the character's states is led to, every state a
    live one leads to is tried, as jieba does. In Python, a loop over states and their
    predecessors, a two-character run took 96 µs, and the runs 40% of segmenting a news
    sentence the first time; in arrays, a run takes less than half as long."""
    np, order, trans, start, leading, _every, _states, emit_p = _hmm()
    cand, emit = _char_states(obs[0])
    idx, val = cand, start[cand] + emit
    back: list[tuple] = []
    for char in obs[1:]:
        keep = leading[idx]
        live, scores = idx[keep], val[keep]
        cand, emit = _char_states(char)
        top, came, cand = _step(np, scores, live, trans, cand, emit)
        if not len(cand):
            # jieba's fallback: every state a live one leads to, whatever the character's table says.
            reach = np.flatnonzero((trans[live] > -math.inf).any(axis=0))
            emit = np.array([emit_p[order[i]].get(char, _MIN_FLOAT) for i in reach])
            top, came, cand = _step(np, scores, live, trans, reach, emit)
        back.append((cand, came))
        idx, val = cand, top
    k = len(idx) - 1 - int(val[::-1].argmax())  # the greatest score, the last (greatest) state of equals
    prob, state = float(val[k]), int(idx[k])
    route = [state]
    for cand, came in reversed(back):
        state = int(came[np.searchsorted(cand, state)])
        route.append(state)
    return prob, tuple(order[i] for i in reversed(route))


def _step(np, scores, live, trans, cand, emit) -> tuple:  # noqa: ANN001 - numpy arrays
    """One Viterbi step: for each state of `cand` led to by a state of `live` (scored `scores`),
    its best score and that predecessor; `cand` narrowed to those states."""
    total = (scores[:, None] + trans[live][:, cand]) + emit
    reverse = total[::-1]  # argmax keeps the first of equals: from the end, the greatest state
    arg = reverse.argmax(axis=0)
    top = reverse[arg, np.arange(len(cand))]
    led = top > -math.inf
    if led.all():
        return top, live[::-1][arg], cand
    return top[led], live[::-1][arg[led]], cand[led]


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
