"""Provides term-unsupported: a glossary name in the target that nothing in the source names."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from termqa.checks.base import Batch, Check
from termqa.model import EntityType, Finding, GlossaryEntry, Severity, Side

_TYPES = (EntityType.PERSON.value,)
"""Entry types checked. On the tuning half's human references (3,950 segments) persons gave no
finding, organisations 16 ("National Diet" for 国会, "the UN", "NPC" spelt out where the source
abbreviates) and places 25 more ("Beijing" for 中方 or 北京 left implicit, "Hong Kong" added):
translators name organisations and places the source implies, not people."""


def _parts(entry: GlossaryEntry) -> set[str]:
    """The Chinese a short mention of a person could come from: each form's surname (one
    character, two for a compound or four-character name) and given name."""
    out: set[str] = set()
    for form in entry.sources:
        if len(form) < 2 or "·" in form:
            out.update(p for p in form.split("·") if p)
            continue
        cut = 2 if len(form) >= 4 else 1
        out.add(form[:cut])
        if len(form) - cut >= 2:
            out.add(form[cut:])
    return out


class TermUnsupported(Check):
    """A glossary person named in the target is not in the source.

    What it does: takes the target spans the glossary recognises as a rendering (approved,
    alternate or forbidden) of a person and flags those whose segment's source holds none of
    the entry's Chinese forms, nor a part a short mention could translate (the surname 郑 for
    "Chung", the given name). Organisations and places are not checked: English names them
    where Chinese says 中方 or 我国, and a country's adjective is no entity.

    Why it matters: MT substitutes one well-known person for another ("Kim Yo-jong" for Kim
    Ju-ae) or adds one it expects; the result reads fluently and is wrong about who acted.

    Example: "Kim Yo-jong attended" with 金主爱出席 in the source -> flag "Kim Yo-jong".
    """

    id = "term-unsupported"
    # A warning: a translator may name a person the source calls by title (韩国总统 ->
    # "President Yoon Suk-yeol"), which is an explicitation, not an error.
    severity = Severity.WARNING
    needs_glossary = True
    uses_matches = True
    needs_source = True
    rendering = True

    def run(self, batch: Batch) -> Iterator[Finding]:
        table = batch.target_table
        if not table.height:
            return
        people = [i for i, e in enumerate(batch.matcher.entries) if e.type.value in _TYPES]
        if not people:
            return
        # Best status per span only (rank 0): a span is one entry's rendering.
        found = table.filter((pl.col("rank") == 0) & pl.col("entry").is_in(people))
        if not found.height:
            return
        held = batch.source_table.select("row", "entry").unique()
        loose = found.join(held, on=["row", "entry"], how="anti")
        bilingual = pl.Series([s is not None for s in batch.sources])
        loose = loose.filter(bilingual.gather(loose["row"]))
        parts_of: dict[int, set[str]] = {}  # an entry's parts, once per batch, not once per span
        for row, start, end, index in loose.select("row", "start", "end", "entry").sort("row", "start").iter_rows():
            entry = batch.entry(index)
            source = batch.sources[row] or ""
            parts = parts_of.get(index)
            if parts is None:
                parts = parts_of[index] = _parts(entry)
            if any(part in source for part in parts):
                continue
            surface = batch.targets[row][start:end]
            forms = "/".join(entry.sources[:2])
            yield batch.finding(
                self.id, row, Side.TARGET, start, end,
                f'"{surface}" names {entry.target} ({forms}), whom the source does not name: a substituted or added person',
                term=entry.id,
            )
