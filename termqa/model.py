"""Provides the core model: glossary entries, segments and findings.

Every reader produces these values and every check, reporter and UI consumes them. They are
frozen so that a finding can be hashed, compared, stored in a baseline and passed between
threads without defensive copies.
"""

from __future__ import annotations

import enum
from dataclasses import MISSING, dataclass, field, fields


def _by_fields(self: object) -> tuple:
    """Pickle a frozen slotted dataclass as its class and field values: the pickling dataclasses
    give slotted classes asks `fields()` for every object, a third of what `check --jobs` spent
    sending segments to its workers and findings back."""
    cls = type(self)
    return cls, tuple(getattr(self, name) for name in cls.__match_args__)  # type: ignore[attr-defined]


def _quick_init(cls: type) -> type:
    """Give a frozen slotted dataclass an __init__ of the same signature that fills the slots
    through their descriptors.

    The __init__ dataclasses write for a frozen class calls `object.__setattr__`, looked up
    anew, for every field: 0.96 µs for a Segment against 0.57 µs. A check of 200,000 segments
    makes (or unpickles, with --jobs) about half a million segments and findings.
    """
    params, bound, body = [], {}, []
    for f in fields(cls):
        if f.default_factory is not MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields and defaults")
        if f.default is MISSING:
            params.append(f.name)
        else:
            params.append(f"{f.name}=_default_{f.name}")
            bound[f"_default_{f.name}"] = f.default
        bound[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        body.append(f"        _set_{f.name}(self, {f.name})")
    # The setters and defaults are the cells of a closure: local lookups, not global ones.
    source = (f"def _make({', '.join(bound)}):\n"
              f"    def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n    return __init__\n")
    namespace: dict = {}
    exec(source, {}, namespace)  # (the source is built above from field names only)
    init = namespace["_make"](**bound)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = cls.__init__.__annotations__
    cls.__init__ = init
    return cls


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that `--fail-on` can compare."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The lower-case name used in every output format."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse `error`, `warning` or `info` (any case)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


class EntityType(enum.Enum):
    """What a glossary entry names; drives which derived variants are generated."""

    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    TERM = "term"


class Status(enum.Enum):
    """The standing of one English rendering of a glossary concept."""

    APPROVED = "approved"
    """The one rendering the desk publishes."""
    ALTERNATE = "alternate"
    """Admitted: not flagged, but counted when a document mixes renderings."""
    FORBIDDEN = "forbidden"
    """Known wrong: flagged wherever it appears."""
    ROMANIZED = "romanized"
    """Derived, not listed: the pinyin reading of a non-Chinese name (朴振 -> Park Zhen)."""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One concept of the termbase.

    Attributes:
        id: Stable identifier, unique within a loaded glossary.
        sources: Chinese forms, simplified first; traditional forms and short forms follow.
        target: The approved English rendering.
        alternates: Admitted alternative renderings.
        forbidden: Renderings that must not be published.
        type: What the entry names.
        note: Free text for the terminologist (provenance, usage).
        case_sensitive: Match English renderings only with the case given.
        origin: The file the entry came from (for messages; not part of identity).
    """

    id: str
    sources: tuple[str, ...]
    target: str
    alternates: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    type: EntityType = EntityType.TERM
    note: str = ""
    case_sensitive: bool = False
    origin: str = field(default="", compare=False)

    def renderings(self) -> list[tuple[str, Status]]:
        """All listed English renderings with their status, approved first."""
        out = [(self.target, Status.APPROVED)]
        out += [(a, Status.ALTERNATE) for a in self.alternates]
        out += [(f, Status.FORBIDDEN) for f in self.forbidden]
        return out


@dataclass(frozen=True, slots=True)
class Glossary:
    """An ordered collection of entries, possibly merged from several files."""

    entries: tuple[GlossaryEntry, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def by_id(self) -> dict[str, GlossaryEntry]:
        """Map entry id to entry (later files win on a duplicate id)."""
        return {e.id: e for e in self.entries}


@_quick_init
@dataclass(frozen=True, slots=True)
class Segment:
    """One translation unit as read from a corpus file.

    Attributes:
        path: The file as the user named it.
        line: 1-based physical line in the file where the segment starts.
        id: The unit's own id (TSV `id`, TMX `tuid`, XLIFF unit id), if the format has one.
        doc: The document the segment belongs to; documents bound the consistency checks.
        source: Chinese source text with inline markup removed, or None for target-only input.
        target: English target text with inline markup removed.
        source_col: 0-based column of the source text in its physical line, when the format
            keeps it verbatim on one line (TSV); None otherwise.
        target_col: The same for the target text (TSV, plain text, paired files).
    """

    path: str
    line: int
    id: str | None
    doc: str
    source: str | None
    target: str
    source_col: int | None = None
    target_col: int | None = None

    __reduce__ = _by_fields


class Side(enum.Enum):
    """Which text of a segment a span points into."""

    SOURCE = "source"
    TARGET = "target"


@_quick_init
@dataclass(frozen=True, slots=True)
class Related:
    """Another place in the same file that a finding refers to, on the target side: where the
    document first wrote the rendering a variant departs from.

    Attributes:
        line: 1-based physical line of that segment.
        segment: That segment's id, or None.
        start: 0-based code-point offset of the span in that segment's target.
        end: Exclusive end offset.
        text: The span.
        col: 1-based column of the span in the physical line, where known (as Finding.col).
    """

    line: int
    segment: str | None
    start: int
    end: int
    text: str
    col: int | None = None

    __reduce__ = _by_fields


@_quick_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place.

    Attributes:
        path: The corpus file as given on the command line.
        line: 1-based physical line of the segment in the file.
        segment: The segment id, or None.
        doc: The document.
        side: The text the span points into.
        start: 0-based code-point offset of the span in that text, or None without a span.
        end: Exclusive end offset, or None.
        text: The flagged span (empty without a span).
        rule: The rule id, e.g. `term-forbidden`.
        severity: The effective severity.
        message: One sentence for a human.
        suggestions: Replacement texts for the span, best first.
        term: The glossary entry id the finding is about, or None.
        context: A few words around the span; part of the baseline fingerprint.
        col: 1-based column of the span's start in the physical line, when the format allows
            it to be known (TSV, plain text); None otherwise (XML, JSON with escapes).
        related: Other places the finding refers to (SARIF relatedLocations); not part of its
            identity.
    """

    path: str
    line: int
    segment: str | None
    doc: str
    side: Side
    start: int | None
    end: int | None
    text: str
    rule: str
    severity: Severity
    message: str
    suggestions: tuple[str, ...] = ()
    term: str | None = None
    context: str = field(default="", compare=False)
    col: int | None = field(default=None, compare=False)
    related: tuple[Related, ...] = field(default=(), compare=False)

    __reduce__ = _by_fields
