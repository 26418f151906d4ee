"""Provides glossary matching on both sides of a batch of segments in one multi-pattern pass.

Each side is searched with polars' native Aho-Corasick (`str.find_many`/`str.extract_many`,
leftmost-longest), once per batch over a whole Series, never with one regex per term: that
is what keeps a 100,000-entry glossary usable on a million segments. Patterns are expanded
from the glossary up front (see normalize.py) so that the corpus text is searched as is and
every offset points into the original string.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from termqa.model import EntityType, Glossary, GlossaryEntry, Status
from termqa.normalize import fold_en, inflections, is_word_char, zh_forms
from termqa.pinyin import romanizations

_STATUS_RANK = {Status.APPROVED: 0, Status.ALTERNATE: 1, Status.FORBIDDEN: 2, Status.ROMANIZED: 3}


@dataclass(frozen=True, slots=True)
class Rendering:
    """One English form of one entry, as listed (or derived) in the glossary."""

    entry: int
    """Index of the entry in Matcher.entries."""
    text: str
    """The rendering as the glossary spells it."""
    status: Status


@dataclass(frozen=True, slots=True)
class Hit:
    """A glossary form found in a text: offsets are code points into the original string."""

    start: int
    end: int
    surface: str
    renderings: tuple[Rendering, ...] = ()
    """For a target hit: the renderings this span is, best status first, one per entry."""
    entries: tuple[int, ...] = ()
    """For a source hit: the entries whose Chinese form this is."""

    def status_for(self, entry: int) -> Status | None:
        """The status of this span for one entry, or None if it is not a form of that entry."""
        return next((r.status for r in self.renderings if r.entry == entry), None)


class Matcher:
    """A glossary compiled into two pattern sets, Chinese and English."""

    def __init__(self, glossary: Glossary) -> None:
        self.entries: tuple[GlossaryEntry, ...] = glossary.entries
        zh: dict[str, set[int]] = {}
        en: dict[str, dict[int, Rendering]] = {}
        for index, entry in enumerate(self.entries):
            for source in entry.sources:
                for form in zh_forms(source):
                    zh.setdefault(form, set()).add(index)
            forms = [*entry.renderings(), *((r, Status.ROMANIZED) for r in sorted(romanizations(entry)))]
            for text, status in forms:
                plural = entry.type is EntityType.TERM
                for variant in inflections(fold_en(text), plural=plural):
                    key = variant if entry.case_sensitive else variant.lower()
                    slot = en.setdefault(key, {})
                    old = slot.get(index)
                    if old is None or _STATUS_RANK[status] < _STATUS_RANK[old.status]:
                        slot[index] = Rendering(index, text, status)
        # A derived reading never overrides a listed form of another entry.
        for key, slot in en.items():
            if any(r.status is not Status.ROMANIZED for r in slot.values()):
                for idx in [i for i, r in slot.items() if r.status is Status.ROMANIZED]:
                    del slot[idx]
        # Longest first, so that leftmost-first matching is leftmost-longest.
        self._zh_patterns = sorted(zh, key=lambda p: (-len(p), p))
        self._zh = {p: tuple(sorted(v)) for p, v in zh.items()}
        self._en_patterns = sorted(en, key=lambda p: (-len(p), p))
        self._en = {
            p: tuple(sorted(v.values(), key=lambda r: (_STATUS_RANK[r.status], r.entry)))
            for p, v in en.items()
        }
        self._case_sensitive = {i for i, e in enumerate(self.entries) if e.case_sensitive}

    def __bool__(self) -> bool:
        return bool(self.entries)

    def target_hits(self, texts: Sequence[str]) -> list[list[Hit]]:
        """Find every glossary rendering in each English text (word-bounded, longest wins)."""
        if not self._en_patterns:
            return [[] for _ in texts]
        series = pl.Series(texts, dtype=pl.String).str.replace_all("-", " ", literal=True)
        frame = pl.DataFrame({"t": series}).select(
            pos=pl.col("t").str.find_many(self._en_patterns, ascii_case_insensitive=True, leftmost=True),
            txt=pl.col("t").str.extract_many(self._en_patterns, ascii_case_insensitive=True, leftmost=True),
            ascii=pl.col("t").str.len_bytes() == pl.col("t").str.len_chars(),
        )
        out: list[list[Hit]] = []
        table = self._en
        for text, positions, found, is_ascii in zip(
            texts, frame["pos"].to_list(), frame["txt"].to_list(), frame["ascii"].to_list(), strict=True
        ):
            hits: list[Hit] = []
            if positions:
                raw = None if is_ascii else text.encode("utf-8")
                for pos, surface in zip(positions, found, strict=True):
                    start = pos if raw is None else len(raw[:pos].decode("utf-8", "ignore"))
                    end = start + len(surface)
                    if (start and is_word_char(text[start - 1])) or (end < len(text) and is_word_char(text[end])):
                        continue
                    renderings = table.get(surface.lower()) or table.get(surface)
                    if renderings is None:
                        continue
                    if self._case_sensitive:
                        renderings = self._check_case(surface, renderings)
                        if not renderings:
                            continue
                    hits.append(Hit(start, end, text[start:end], renderings=renderings))
            out.append(hits)
        return out

    def _check_case(self, surface: str, renderings: tuple[Rendering, ...]) -> tuple[Rendering, ...]:
        folded = fold_en(surface)
        keep = []
        for r in renderings:
            if r.entry in self._case_sensitive:
                forms = inflections(fold_en(r.text), plural=self.entries[r.entry].type is EntityType.TERM)
                if folded not in forms:
                    continue
            keep.append(r)
        return tuple(keep)

    def source_hits(self, texts: Sequence[str | None]) -> list[list[Hit]]:
        """Find every glossary Chinese form in each source text (no word boundaries in Chinese)."""
        if not self._zh_patterns:
            return [[] for _ in texts]
        series = pl.Series([t or "" for t in texts], dtype=pl.String).str.normalize("NFKC")
        frame = pl.DataFrame({"s": series}).select(
            pos=pl.col("s").str.find_many(self._zh_patterns, leftmost=True),
            txt=pl.col("s").str.extract_many(self._zh_patterns, leftmost=True),
            norm=pl.col("s"),
        )
        out: list[list[Hit]] = []
        for text, positions, found, norm in zip(
            texts, frame["pos"].to_list(), frame["txt"].to_list(), frame["norm"].to_list(), strict=True
        ):
            hits: list[Hit] = []
            if positions and text:
                raw = norm.encode("utf-8")
                index_map = _nfkc_index_map(text) if norm != text else None
                for pos, surface in zip(positions, found, strict=True):
                    start = len(raw[:pos].decode("utf-8", "ignore"))
                    end = start + len(surface)
                    if index_map is not None:
                        start, end = index_map[start], index_map[end - 1] + 1
                    hits.append(Hit(start, end, text[start:end], entries=self._zh[surface]))
            out.append(hits)
        return out

    def zh_entries(self, text: str) -> tuple[int, ...]:
        """The entries whose Chinese form is exactly `text` (after NFKC)."""
        import unicodedata

        return self._zh.get(unicodedata.normalize("NFKC", text), ())


def _nfkc_index_map(text: str) -> list[int]:
    """For each code point of NFKC(text), the index of the original code point it came from."""
    import unicodedata

    mapping: list[int] = []
    for i, ch in enumerate(text):
        mapping.extend([i] * len(unicodedata.normalize("NFKC", ch)))
    return mapping
