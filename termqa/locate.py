"""Provides where a missing glossary term went: the English words that render it wrongly.

term-missing points at the Chinese term when it cannot say which English words are wrong. A
fix needs those words: it replaces them with the approved rendering. They are found, in
order of trust, as a form the glossary lists for the term (forbidden or admitted), as the
term's pinyin reading ("Kang Jinghe" for 康京和), or as the words the dictionary gives for it
("labor recruitment" for 强征劳工 read character by character).
"""

from __future__ import annotations

import regex

from termqa.lexicon import glosses, stem
from termqa.model import GlossaryEntry
from termqa.pinyin import romanizations, syllables
from termqa.spans import extend_rendering

_WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")
_NAME_RUN = regex.compile(r"\p{Lu}[\p{L}'’]*(?:[ \-]\p{Lu}?[\p{L}'’]+)*")
_GLUE = frozenset({"of", "the", "a", "an", "and"})


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if "a" <= c <= "z")


def _form_span(target: str, form: str) -> tuple[int, int] | None:
    m = regex.search(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(form)}(?![\p{{L}}\p{{N}}])", target, regex.IGNORECASE)
    return m.span() if m else None


def _pinyin_span(target: str, zh: str) -> tuple[int, int] | None:
    """A capitalised run whose letters are the pinyin of the term, or of its first characters
    followed by a literal translation of the rest ("Zheng Yi dissolved")."""
    reading = "".join(syllables(zh))
    if len(reading) < 4:
        return None
    for m in _NAME_RUN.finditer(target):
        # The whole run, or a stretch of its words: a title before the name or lower-case words
        # after it ("Foreign Minister Zheng Yirong met reporters").
        words = list(_WORD.finditer(m.group(0)))
        for i, first in enumerate(words):
            letters = ""
            for w in words[i:]:
                letters += _letters(w.group(0))
                if letters == reading:
                    return m.start() + first.start(), m.start() + w.end()
                if not reading.startswith(letters):
                    break
        longer = extend_rendering(target, m.start(), m.end(), [zh])
        if longer is not None:
            return m.start(), longer[0]
    return None


def _gloss_span(target: str, zh: str, one_word: bool = True) -> tuple[int, int] | None:
    """The longest run of words the dictionary gives for the term (or for its two-character
    parts), joined only by small words; at least one content word."""
    stems = set(glosses(zh))
    # A term the dictionary lacks is read as MT reads it: by its words, or character by character.
    for i in range(0, len(zh) - 1, 2):
        stems |= glosses(zh[i: i + 2])
    if len(zh) > 2:
        for ch in zh:
            stems |= glosses(ch)
    if not stems:
        return None
    words = list(_WORD.finditer(target))
    best: tuple[int, int] | None = None
    i = 0
    while i < len(words):
        if stem(words[i].group(0)) not in stems:
            i += 1
            continue
        j = i
        k = i + 1
        while k < len(words) and (stem(words[k].group(0)) in stems or words[k].group(0).casefold() in _GLUE):
            if stem(words[k].group(0)) in stems:
                j = k
            k += 1
        span = (words[i].start(), words[j].end())
        # One word inside another name is no rendering of a term the glossary renders in
        # several: "China" in "the State Council of China" for 中新社 (China News Service);
        # replacing it corrupts the sentence. "Xinhua reported" may become "Xinhua News Agency
        # reported", and a term rendered by one word ("Macao") may be one word anywhere.
        several = (one_word or sum(1 for w in words[i:j + 1] if stem(w.group(0)) in stems) >= 2
                   or not _inside_name(target, *span))
        if several and (best is None or span[1] - span[0] > best[1] - best[0]):
            best = span
        i = j + 1
    return best


_NAME_BEFORE = regex.compile(r"\p{Lu}[\p{L}'’.]*(?:\s+(?:of|for|and|the))?\s+$")
_NAME_AFTER = regex.compile(r"\s+(?:(?:of|for|and)\s+)?\p{Lu}")


def _inside_name(target: str, start: int, end: int) -> bool:
    """A capitalised word before or after the span, joined to it directly or by of/for/and."""
    before = _NAME_BEFORE.search(target[:start])
    sentence_start = before is not None and (before.start() == 0 or target[:before.start()].rstrip().endswith(
        (".", "!", "?", ":", "\"", "”")))
    return (before is not None and not sentence_start) or _NAME_AFTER.match(target, end) is not None


def missing_span(target: str, zh: str, entry: GlossaryEntry) -> tuple[int, int] | None:
    """The span of the target that renders `zh` (the term as the source writes it) wrongly,
    or None when no words can be told to render it (the term was left out: insert it)."""
    for form in (*entry.forbidden, *sorted(romanizations(entry)), *entry.alternates):
        span = _form_span(target, form)
        if span is not None:
            return span
    return _pinyin_span(target, zh) or _gloss_span(target, zh, one_word=len(entry.target.split()) == 1)
