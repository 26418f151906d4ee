"""Provides span extension: a wrong rendering of a name reaches to the end of the words that
translate the name's leftover characters.

Machine translation reads the first characters of 郑义溶 as a name ("Zheng Yi") and translates
the last one as a word (溶 "dissolved"). The forbidden form "Zheng Yi" is then only part of
the error: replacing it alone leaves "Chung Eui-yong dissolved". The span must cover the
reading and the literal tail, so that one replacement repairs the whole wrong rendering.
"""

from __future__ import annotations

import regex

from termqa.lexicon import glosses, stem
from termqa.pinyin import char_readings

_WORD = regex.compile(r"\p{L}[\p{L}'’]*")
_HAN = regex.compile(r"\p{Han}")


def reading_prefix(rendering: str, zh: str) -> int | None:
    """How many leading characters of `zh` the rendering reads as pinyin ("Zheng Yi" reads 郑义
    of 郑义溶: 2), or None when it reads none or all of them, or is no pinyin reading."""
    letters = "".join(ch for ch in rendering.casefold() if "a" <= ch <= "z")
    if not letters or not all(_HAN.fullmatch(c) for c in zh):
        return None

    def walk(pos: int, i: int) -> int | None:
        if pos == len(letters):
            return i
        if i == len(zh):
            return None
        for reading in char_readings(zh[i]):
            if letters.startswith(reading, pos):
                done = walk(pos + len(reading), i + 1)
                if done is not None:
                    return done
        return None

    covered = walk(0, 0)
    return covered if covered is not None and 0 < covered < len(zh) else None


def literal_tail(target: str, end: int, rest: str) -> int | None:
    """The end of the words right after target[:end] that translate the characters of `rest`
    one word each (溶 -> "dissolved"), or None when they do not all follow."""
    pos = end
    for ch in rest:
        m = _WORD.match(target, pos + 1) if target[pos: pos + 1] in (" ", "-") else None
        if m is None or stem(m.group(0)) not in glosses(ch):
            return None
        pos = m.end()
    return pos


def extend_rendering(target: str, start: int, end: int, forms: list[str]) -> tuple[int, str] | None:
    """Where a wrong rendering target[start:end] of a term written `forms` (its Chinese forms, the
    one in the source first) really ends, with the leftover characters it leaves to a literal
    translation; None when nothing follows that translates them."""
    rendering = target[start:end]
    for zh in forms:
        covered = reading_prefix(rendering, zh)
        if covered is None:
            continue
        tail = literal_tail(target, end, zh[covered:])
        if tail is not None:
            return tail, zh[covered:]
    return None
