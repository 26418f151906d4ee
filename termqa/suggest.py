"""Provides suggestions a news editor would accept: the glossary's own form, in the case the
place needs, never a form the glossary forbids.

The rules suggest what they know: a glossary's approved rendering as the glossary writes it
("foreign minister"), or the form a document used elsewhere ("Zheng Yirong"). Before a reviewer
sees a suggestion, or `termqa fix` applies one, it is made fit for the place: capitalised as
a title before a name, in a headline or at the head of a sentence; replaced by the glossary's
approved form where the glossary knows the name; dropped when the glossary forbids it.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from termqa.model import Finding, Glossary, GlossaryEntry, Side
from termqa.normalize import rendering_key
from termqa.pinyin import romanizations

_SMALL = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})
_SENTENCE_END = regex.compile(r"(?:^|[.!?:]['\"”’)]*)\s*['\"“‘(]*$")
_NAME_AFTER = regex.compile(r"[ \u00a0]+\p{Lu}\p{Ll}")
_VARIANT_RULES = ("name-variant", "term-variant")


def title_case(text: str) -> str:
    """'people-to-people exchanges' -> 'People-to-People Exchanges' (small words stay small)."""
    def word(m: regex.Match, first: bool) -> str:
        w = m.group(0)
        return w if (w in _SMALL and not first) else w[:1].upper() + w[1:]

    out, n = [], 0
    for m in regex.finditer(r"\p{L}[\p{L}']*|[^\p{L}]+", text):
        out.append(word(m, n == 0) if m.group(0)[:1].isalpha() else m.group(0))
        n += m.group(0)[:1].isalpha()
    return "".join(out)


def headline(text: str) -> bool:
    """Title case: every word of four letters or more is capitalised (three at least)."""
    words = regex.findall(r"\p{L}{4,}", text)
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def adapt_case(target: str, start: int, end: int, suggestion: str) -> str:
    """The suggestion in the case its place needs.

    A suggestion with a capital is a name or acronym and is kept as the glossary writes it. A
    lower-case one ("foreign minister") is capitalised as a title when the span it replaces is
    capitalised and a name follows ("Foreign Minister Toshimitsu Motegi"), in title case in a
    headline, and at the head of a sentence; elsewhere it stays lower case ("the foreign
    minister said", not "the Minister of Foreign Affairs said").
    """
    if not suggestion or any(c.isupper() for c in suggestion):
        return suggestion
    span = target[start:end]
    capitalised = span[:1].isupper()
    if capitalised and (_NAME_AFTER.match(target, end) or headline(target)):
        return title_case(suggestion)
    # At the head of a sentence, as the text wrote it there: a lower-case fragment ("the the
    # talks" in a caption) stays lower case.
    if capitalised and _SENTENCE_END.search(target[:start]):
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


class GlossaryForms:
    """Every English form a glossary lists or derives, by rendering key, with its entries."""

    def __init__(self, glossary: Glossary) -> None:
        self._forbidden: dict[str, list[GlossaryEntry]] = {}
        self._allowed: dict[str, list[GlossaryEntry]] = {}
        for e in glossary.entries:
            for form in (e.target, *e.alternates):
                self._allowed.setdefault(rendering_key(form), []).append(e)
            for form in (*e.forbidden, *romanizations(e)):
                self._forbidden.setdefault(rendering_key(form), []).append(e)

    def forbidden(self, text: str) -> bool:
        """Whether some entry forbids `text` (a pinyin reading counts) and none allows it."""
        key = rendering_key(text)
        return key in self._forbidden and key not in self._allowed

    def entry_of(self, text: str) -> GlossaryEntry | None:
        """The one entry `text` is a form of (any status), or None when none or several are."""
        key = rendering_key(text)
        found = {e.id: e for e in (*self._allowed.get(key, ()), *self._forbidden.get(key, ()))}
        return next(iter(found.values())) if len(found) == 1 else None


def refine(finding: Finding, target: str, forms: GlossaryForms | None) -> Finding:
    """The finding with suggestions a news editor would accept (see the module docstring).

    With a glossary, a name or term variant whose text or suggestion is a form of a glossary
    entry is about that entry: its suggestion becomes the approved rendering and its term the
    entry (so that `F` fixes it with the entry's other wrong renderings).
    """
    suggestions = list(finding.suggestions)
    term = finding.term
    if forms is not None and finding.rule in _VARIANT_RULES:
        entry = forms.entry_of(finding.text) or next(
            (e for s in suggestions if (e := forms.entry_of(s)) is not None), None)
        if entry is not None:
            suggestions, term = [entry.target], term or entry.id
    if forms is not None:
        suggestions = [s for s in suggestions if not forms.forbidden(s)]
    if finding.side is Side.TARGET and finding.start is not None and finding.end is not None:
        suggestions = [adapt_case(target, finding.start, finding.end, s) for s in suggestions]
        suggestions = [s for s in suggestions if s != finding.text]
    suggestions = list(dict.fromkeys(suggestions))
    if tuple(suggestions) == finding.suggestions and term == finding.term:
        return finding
    return replace(finding, suggestions=tuple(suggestions), term=term)
