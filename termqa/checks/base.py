"""Provides the check contract and the batch a check runs on.

A check is a class with a stable `id`, a default `severity` and a docstring whose first line
is its summary. It gets a whole batch of complete documents and yields findings; it never
raises them and never prints. Checks vectorise what they can over the batch (a polars pass
over every target at once) and drop to Python only for the rows that need a closer look.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

import polars as pl
import regex

from termqa.matcher import Hit, Matcher, hits_by_row, source_span
from termqa.model import Finding, GlossaryEntry, Related, Segment, Severity, Side

_CONTEXT_WORDS = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")
_ASCII_CONTEXT_WORDS = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
"""_CONTEXT_WORDS for ASCII text, where it means exactly this, found in half the time by `re`:
the context of every finding is read, tens of thousands of times in a large run."""


def _context_words(text: str) -> list[str]:
    return (_ASCII_CONTEXT_WORDS if text.isascii() else _CONTEXT_WORDS).findall(text)


@dataclass
class Batch:
    """Complete documents, flattened, with the glossary matches computed once for all checks.

    Attributes:
        segments: Every segment of the batch, documents contiguous.
        docs: (start, end) index ranges of the documents in `segments`.
        matcher: The compiled glossary (may be empty).
        severities: Effective severity per rule id.
    """

    segments: list[Segment]
    docs: list[tuple[int, int]]
    matcher: Matcher
    severities: dict[str, Severity] = field(default_factory=dict)
    target_matches: bool = True
    """Whether the targets are matched: not where every rule of the run reads only the source
    table (Check.target_matches). Reading target_table then is a bug, and raises."""

    @cached_property
    def targets(self) -> list[str]:
        """The target texts, in segment order."""
        return [s.target for s in self.segments]

    @cached_property
    def sources(self) -> list[str | None]:
        """The source texts (None for target-only segments), in segment order."""
        return [s.source for s in self.segments]

    _pending: Future | None = field(default=None, init=False, repr=False)

    def start_matching(self, pool: Executor) -> None:
        """Match the glossary in the background (the scans release the GIL) while the rules that
        need no matches run; the first rule to ask for the tables waits for them."""
        self._pending = pool.submit(self.matcher.match, self.sources, self.targets, self.target_matches)

    @cached_property
    def _tables(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        if self._pending is not None:
            return self._pending.result()
        return self.matcher.match(self.sources, self.targets, self.target_matches)

    @property
    def target_table(self) -> pl.DataFrame:
        """Glossary renderings in the targets: row, start, end, entry, status, rendering, rank, short, rkey."""
        if not self.target_matches:
            raise RuntimeError("the targets of this batch were not matched (no rule of the run reads them)")
        return self._tables[0]

    @property
    def source_table(self) -> pl.DataFrame:
        """Glossary Chinese forms in the sources: row, nstart (offset in the NFKC text), m, entry."""
        return self._tables[1]

    @cached_property
    def row_doc(self) -> pl.Series:
        """The document index of every row, for group-bys."""
        doc_of = [0] * len(self.segments)
        for index, (start, end) in enumerate(self.docs):
            doc_of[start:end] = [index] * (end - start)
        return pl.Series("doc", doc_of, dtype=pl.UInt32)

    def target_hits(self, rows: set[int]) -> dict[int, list[Hit]]:
        """Hit lists for a few rows (building them for every row would cost more than matching)."""
        if not rows:
            return {}
        lists = hits_by_row(self.target_table, self.targets, len(self.segments), rows)
        return {row: lists[row] for row in rows}

    def source_span(self, row: int, nstart: int, matched: str) -> tuple[int, int]:
        """Code-point offsets in the original source of a source-table match."""
        return source_span(self.sources[row] or "", nstart, matched)

    def nfkc_shifted(self, rows: pl.Series) -> set[int]:
        """Those of `rows` whose source NFKC makes longer or shorter: only there does source_span
        move a source-table match (in one polars pass, where asking per match cost a normalisation
        of its whole source every time, most Chinese having full-width punctuation to fold)."""
        if not len(rows):
            return set()
        texts = pl.Series(self.sources, dtype=pl.String).gather(rows)
        changed = texts.str.normalize("NFKC").str.len_chars() != texts.str.len_chars()
        return set(rows.filter(changed).to_list())

    def entry(self, index: int) -> GlossaryEntry:
        """The glossary entry at a matcher index."""
        return self.matcher.entries[index]

    def finding(
        self,
        rule: str,
        row: int,
        side: Side,
        start: int | None,
        end: int | None,
        message: str,
        suggestions: tuple[str, ...] | list[str] = (),
        term: str | None = None,
        related: tuple[Related, ...] = (),
    ) -> Finding:
        """Build a finding for the segment at `row`, with context words for the fingerprint."""
        seg = self.segments[row]
        text = (seg.target if side is Side.TARGET else seg.source) or ""
        span = text[start:end] if start is not None and end is not None else ""
        context = ""
        if start is not None and end is not None:
            before = _context_words(text[max(0, start - 60): start])[-3:]
            after = _context_words(text[end: end + 60])[:3]
            context = " ".join(before) + " | " + " ".join(after)
        base = seg.target_col if side is Side.TARGET else seg.source_col
        return Finding(
            col=base + start + 1 if base is not None and start is not None else None,
            path=seg.path,
            line=seg.line,
            segment=seg.id,
            doc=seg.doc,
            side=side,
            start=start,
            end=end,
            text=span,
            rule=rule,
            severity=self.severities.get(rule, Severity.WARNING),
            message=message,
            # A suggestion that repeats a target span is no fix; for a source span it is the
            # English the target should contain, so it stays.
            suggestions=tuple(dict.fromkeys(s for s in suggestions if side is Side.SOURCE or s != span)),
            term=term,
            context=context,
            related=related,
        )

    def references(self, places: Iterable[tuple[int, int, int]]) -> tuple[Related, ...]:
        """Target spans (row, start, end) as the other places a finding refers to, every one: they
        are the rest of the finding's group (every place the document wrote the reference
        rendering), which `termqa eval` scores as a whole and which readers of SARIF jump to.
        Displays shorten the list, not the finding."""
        out = []
        for row, start, end in places:
            seg = self.segments[row]
            col = seg.target_col + start + 1 if seg.target_col is not None else None
            out.append(Related(seg.line, seg.id, start, end, seg.target[start:end], col))
        return tuple(out)


class Check:
    """Base of every rule. Subclasses set the class attributes and implement `run`."""

    id: ClassVar[str]
    """Stable rule id, kebab-case, naming the problem ("allow term-forbidden" reads right)."""
    severity: ClassVar[Severity]
    """Default severity; configuration may override it."""
    needs_glossary: ClassVar[bool] = False
    """The rule finds nothing without a glossary."""
    uses_matches: ClassVar[bool] = False
    """The rule reads the batch's glossary matches (the target and source tables)."""
    target_matches: ClassVar[bool] = True
    """With uses_matches: the rule reads the target table too, not only the source table."""
    needs_source: ClassVar[bool] = False
    """The rule only looks at bilingual segments."""
    default: ClassVar[bool] = True
    """The rule runs when no selection names it; an opt-in rule runs only when selected."""
    rendering: ClassVar[bool] = False
    """The rule judges how a name or term is rendered; on one span, the first such rule wins."""
    preload: ClassVar[tuple[str, ...]] = ()
    """Modules the --jobs fork server imports before forking workers when the rule is selected:
    they load the rule's large tables once, shared by every worker (termqa.prewarm)."""

    def run(self, batch: Batch) -> Iterator:
        """Yield the findings for a batch of complete documents."""
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0]
