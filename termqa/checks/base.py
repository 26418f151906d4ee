"""Provides the check contract and the batch a check runs on.

A check is a class with a stable `id`, a default `severity` and a docstring whose first line
is its summary. It gets a whole batch of complete documents and yields findings; it never
raises them and never prints. Checks vectorise what they can over the batch (a polars pass
over every target at once) and drop to Python only for the rows that need a closer look.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

import regex

from termqa.matcher import Hit, Matcher
from termqa.model import GlossaryEntry, Segment, Severity, Side

_CONTEXT_WORDS = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")


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

    @cached_property
    def targets(self) -> list[str]:
        """The target texts, in segment order."""
        return [s.target for s in self.segments]

    @cached_property
    def target_hits(self) -> list[list[Hit]]:
        """Glossary renderings found in each target."""
        return self.matcher.target_hits(self.targets)

    @cached_property
    def source_hits(self) -> list[list[Hit]]:
        """Glossary Chinese forms found in each source (empty for target-only segments)."""
        return self.matcher.source_hits([s.source for s in self.segments])

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
    ):
        """Build a finding for the segment at `row`, with context words for the fingerprint."""
        from termqa.model import Finding

        seg = self.segments[row]
        text = (seg.target if side is Side.TARGET else seg.source) or ""
        span = text[start:end] if start is not None and end is not None else ""
        context = ""
        if start is not None and end is not None:
            before = _CONTEXT_WORDS.findall(text[max(0, start - 60): start])[-3:]
            after = _CONTEXT_WORDS.findall(text[end: end + 60])[:3]
            context = " ".join(before) + " | " + " ".join(after)
        return Finding(
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
            suggestions=tuple(dict.fromkeys(s for s in suggestions if s != span)),
            term=term,
            context=context,
        )


class Check:
    """Base of every rule. Subclasses set the class attributes and implement `run`."""

    id: ClassVar[str]
    """Stable rule id, kebab-case, naming the problem ("allow term-forbidden" reads right)."""
    severity: ClassVar[Severity]
    """Default severity; configuration may override it."""
    needs_glossary: ClassVar[bool] = False
    """The rule finds nothing without a glossary."""
    needs_source: ClassVar[bool] = False
    """The rule only looks at bilingual segments."""
    rendering: ClassVar[bool] = False
    """The rule judges how a name or term is rendered; on one span, the first such rule wins."""

    def run(self, batch: Batch) -> Iterator:
        """Yield the findings for a batch of complete documents."""
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0]
