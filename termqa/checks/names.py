"""Provides name-variant: one name written two ways in a document, found with no glossary.

News English repeats names in predictable ways: the full name once, then the surname alone
("Toshimitsu Motegi ... Motegi said"), sometimes in the possessive. MT breaks this pattern in
its own predictable ways: a truncated or mistranslated given name ("Zheng Yirong" / "Zheng
Yi"), a swapped name order ("Yoshimasa Hayashi" / "Hayashi Yoshimasa"), a one-letter
respelling ("Lee Yong-soo" / "Lee Young-soo"), a different head noun for one institution
("China News Service" / "China News Agency"). The rule links capitalised mentions by exactly
those relations and leaves the normal ones alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

import polars as pl
import regex

from termqa.checks.base import Batch, Check
from termqa.model import Finding, Severity, Side, Status

_TOKEN = r"\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{L}[\p{L}\p{M}'’]*)*"
_RUN = regex.compile(rf"{_TOKEN}(?:\s(?:(?:of|the|for|de|von|van|al)\s)?{_TOKEN})*")
_POLARS_RUN = r"\p{Lu}[\p{L}'’.\-]*(?:\s(?:(?:of|the|for)\s)?\p{Lu}[\p{L}'’.\-]*)+"

TITLES = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "president", "vice", "premier", "prime", "minister", "ministers", "foreign", "defense", "defence", "finance", "trade", "deputy", "secretary", "general", "state", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "governor", "mayor", "senator", "representative", "chief", "executive", "former", "acting", "cabinet", "director", "commissioner", "councillor", "justice", "judge", "king", "queen", "emperor", "prince", "princess", "crown", "pope", "korean", "japanese", "chinese", "american", "british", "french", "german", "russian", "indian", "taiwanese", "of", "affairs", "photo", "reporter", "by", "correspondent", "according", "to", "on", "in", "at", "the", "a", "an"]
)
COMPASS = frozenset({"south", "north", "east", "west"})
MONTHS_DAYS = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
INSTITUTION_NOUNS = frozenset(
    ["agency", "service", "society", "association", "office", "bureau", "administration", "department", "ministry", "commission", "committee", "council", "union", "federation", "organization", "organisation", "group", "corporation", "company", "institute", "news", "press", "network", "daily", "times", "post"]
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A capitalised name in a target, titles and possessive stripped."""

    row: int
    start: int
    end: int
    surface: str
    key: tuple[str, ...]
    entries: frozenset[int]


def mentions(text: str, row: int) -> Iterator[tuple[int, int, str, tuple[str, ...]]]:
    """Names in a text: (start, end, surface, lower-cased tokens split on spaces and hyphens)."""
    for m in _RUN.finditer(text):
        words = m.group(0).split(" ")
        offsets = []
        pos = m.start()
        for w in words:
            offsets.append(pos)
            pos += len(w) + 1
        i = 0
        while i < len(words) - 1 and (
            words[i].lower().rstrip(".") in TITLES
            or (words[i].lower() in COMPASS and words[i + 1].lower() in TITLES)
        ):
            i += 1
        j = len(words)
        while j > i and words[j - 1].lower() in ("of", "the", "for"):
            j -= 1
        if j - i < 2 or any(w.lower().rstrip(".") in MONTHS_DAYS for w in words[i:j]):
            continue
        start, end = offsets[i], offsets[j - 1] + len(words[j - 1])
        surface = text[start:end]
        for suffix in ("'s", "’s", "'", "’"):
            if surface.endswith(suffix):
                surface, end = surface[: -len(suffix)], end - len(suffix)
                break
        surface = surface.rstrip(".")
        end = start + len(surface)
        key = tuple(t for t in regex.split(r"[\s\-]+", surface.casefold().replace("’", "'")) if t)
        if len(key) >= 2:
            yield start, end, surface, key


def _similar_token(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 2 and long_.startswith(short):
        return True
    if a[0] == b[0] and len(short) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8:
        return True
    if a[0] == b[0] and len(short) >= 3 and len(long_) - len(short) == 1 and _one_insertion(short, long_):
        return True  # Suk-yol / Suk-yeol
    return a in INSTITUTION_NOUNS and b in INSTITUTION_NOUNS


def _one_insertion(short: str, long_: str) -> bool:
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def related(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two different name keys look like one name written two ways."""
    if a == b:
        return True
    if len(a) == 2 and a == b[::-1]:
        return True
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) != 1:
        return False
    i = diff[0]
    if len(a) == 2 and i == 0:
        return False  # a different surname is a different person
    return _similar_token(a[i], b[i])


class NameVariant(Check):
    """One name is written two ways in a document (no glossary needed).

    What it does: collects the capitalised names of each document's target (titles such as
    "Foreign Minister" and a possessive 's removed) and links two names that differ by a
    truncated or respelled word, a swapped two-word order, hyphen or case only, or a
    different head noun for an institution. In each linked group the most frequent form (the
    first on a tie) is taken as meant and the others are flagged. A surname-only or short
    follow-up is never flagged.

    Why it matters: MT renders the same name differently from paragraph to paragraph, and a
    reader takes "China News Agency" and "China News Service" for two organisations.

    Example: "Zheng Yirong" x2 and "Zheng Yi" x1 -> flag "Zheng Yi", suggest "Zheng Yirong".
    """

    id = "name-variant"
    severity = Severity.WARNING
    rendering = True

    def run(self, batch: Batch) -> Iterator[Finding]:
        has_runs = (
            pl.Series(batch.targets, dtype=pl.String).str.contains(_POLARS_RUN).fill_null(False).to_list()
        )
        for start, end in batch.docs:
            found: list[Mention] = []
            for row in range(start, end):
                if not has_runs[row]:
                    continue
                text = batch.targets[row]
                hits = batch.target_hits[row] if batch.matcher else []
                for s, e, surface, key in mentions(text, row):
                    allowed = frozenset(
                        r.entry
                        for h in hits
                        if (h.start <= s and e <= h.end) or (s <= h.start and h.end <= e)
                        for r in h.renderings
                        if r.status in (Status.APPROVED, Status.ALTERNATE)
                    )
                    found.append(Mention(row, s, e, surface, key, allowed))
            if len(found) > 1:
                yield from self._document(batch, found)

    def _document(self, batch: Batch, found: list[Mention]) -> Iterator[Finding]:
        surfaces = Counter(m.surface for m in found)
        first: dict[str, int] = {}
        for n, m in enumerate(found):
            first.setdefault(m.surface, n)
        forms = list(first)
        keys = {m.surface: m.key for m in found}
        entries = {m.surface: m.entries for m in found}
        parent = {f: f for f in forms}

        def root(f: str) -> str:
            while parent[f] != f:
                parent[f] = parent[parent[f]]
                f = parent[f]
            return f

        by_len: dict[int, list[str]] = {}
        for f in forms:
            by_len.setdefault(len(keys[f]), []).append(f)
        for group in by_len.values():
            for x in range(len(group)):
                for y in range(x + 1, len(group)):
                    a, b = group[x], group[y]
                    ea, eb = entries[a], entries[b]
                    if ea and eb and not ea & eb:
                        continue  # the glossary knows them as two different things
                    if related(keys[a], keys[b]):
                        parent[root(a)] = root(b)
        groups: dict[str, list[str]] = {}
        for f in forms:
            groups.setdefault(root(f), []).append(f)
        for members in groups.values():
            if len(members) < 2:
                continue
            preferred = max(members, key=lambda f: (surfaces[f], -first[f]))
            summary = ", ".join(f"{f} x{surfaces[f]}" for f in sorted(members, key=lambda f: first[f]))
            for m in found:
                if m.surface in members and m.surface != preferred:
                    yield batch.finding(
                        self.id, m.row, Side.TARGET, m.start, m.end,
                        f'"{m.surface}" looks like "{preferred}" written another way ({summary})',
                        [preferred],
                    )
