"""Provides `format-variant`: one unit written two ways in a document (no glossary needed)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import regex

from termqa.checks.base import Batch, Check
from termqa.model import Finding, Severity, Side

# Each unit's forms, by style. A form counts only after a figure ("5 km", "five kilometers"),
# so "km" in a name or "m" for million is never taken for a unit.
_UNITS: dict[str, dict[str, tuple[str, ...]]] = {
    "kilometre": {"km": ("km", "kms"), "kilometer": ("kilometer", "kilometers"),
                  "kilometre": ("kilometre", "kilometres")},
    "kilogram": {"kg": ("kg", "kgs"), "kilogram": ("kilogram", "kilograms", "kilogramme", "kilogrammes")},
    "kilometre per hour": {"km/h": ("km/h", "kph", "kmph"),
                           "kilometers per hour": ("kilometers per hour", "kilometres per hour")},
    "percent": {"%": ("%",), "percent": ("percent",), "per cent": ("per cent",)},
    "square kilometre": {"sq km": ("sq km", "km2", "km²"),
                         "square kilometers": ("square kilometers", "square kilometres")},
    "metric ton": {"ton": ("ton", "tons"), "tonne": ("tonne", "tonnes")},
    "afternoon": {"pm": ("pm", "PM"), "p.m.": ("p.m.", "P.M.")},
    "morning": {"am": ("AM",), "a.m.": ("a.m.", "A.M.")},
}
_NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of)"
_FORM_OF: dict[str, tuple[str, str]] = {}
for _unit, _styles in _UNITS.items():
    for _style, _forms in _styles.items():
        for _form in _forms:
            _FORM_OF[_form.casefold()] = (_unit, _style)
_ALTERNATION = "|".join(regex.escape(f) for f in sorted({f for s in _UNITS.values() for v in s.values() for f in v},
                                                        key=len, reverse=True))
# The figure is part of the span: the fix of "3.2%" is "3.2 percent", and of "5 percent" is
# "5%": replacing the unit alone wrote "3.2percent" and "5 %".
_UNIT_RE = regex.compile(
    rf"(?i)\b(?P<figure>{_NUMBER})(?P<sep>[\s\-]?)(?P<unit>{_ALTERNATION})(?![\p{{L}}\d])")
# The same without look-around, for polars' regex engine: a cheap superset filter over a batch.
_PREFILTER = rf"(?i){_NUMBER}[\s\-]?(?:{_ALTERNATION})"


class FormatVariant(Check):
    """A unit is written two ways in one document.

    What it does: collects the units written after a figure (km / kilometers, kg / kilograms,
    % / percent, pm / p.m., ton / tonne, km/h / kilometers per hour) in each document's
    target, and flags the forms that differ from the document's first form of the same unit.
    (Numbers written as words in one place and digits in another were measured too, and left
    out: "one" and "1+1" made most of those findings noise.)

    Why it matters: "50 km" in one paragraph and "34.5 kilometers" in the next is the kind of
    slip a copy editor fixes and a reader notices; MT produces it sentence by sentence.

    Example: "about 50 km" ... "a 34.5-kilometer tunnel" ... "the 22 kilometers" -> flag
    "kilometers", suggest "km".
    """

    id = "format-variant"
    severity = Severity.INFO

    def run(self, batch: Batch) -> Iterator[Finding]:
        hits = pl.Series(batch.targets, dtype=pl.String).str.contains(_PREFILTER).fill_null(False)
        candidates = hits.arg_true().to_list()
        if not candidates:
            return
        doc_of = batch.row_doc.gather(candidates).to_list()
        by_doc: dict[int, list[int]] = {}
        for row, doc in zip(candidates, doc_of, strict=True):
            by_doc.setdefault(doc, []).append(row)
        for rows in by_doc.values():
            if len(rows) > 1:  # one segment cannot disagree with another
                yield from self._units(batch, rows)

    def _units(self, batch: Batch, rows: list[int]) -> Iterator[Finding]:
        first: dict[str, tuple[str, str]] = {}
        seen: dict[str, list[tuple[int, int, int, str, str]]] = {}
        for row in rows:
            for m in _UNIT_RE.finditer(batch.targets[row]):
                unit, style = _FORM_OF[m.group("unit").casefold()]
                first.setdefault(unit, (style, m.group("unit")))
                seen.setdefault(unit, []).append((row, m, style))
        for unit, uses in seen.items():
            style, form = first[unit]
            if all(u[2] == style for u in uses):
                continue
            for row, m, other in uses:
                if other != style:
                    yield batch.finding(
                        self.id, row, Side.TARGET, m.start(), m.end(),
                        f'"{m.group("unit")}" here, "{form}" where the document first writes this unit',
                        [_respelt(m, form)],
                    )


def _respelt(m: regex.Match, form: str) -> str:
    """The figure with the document's form of its unit, spaced as that form is written:
    "3.2%" -> "3.2 percent", "5 percent" -> "5%", "3.3-kilometer" -> "3.3-km"."""
    if m.group("sep") == "-":
        sep = "-"
    elif form == "%":
        sep = ""
    else:
        sep = " "
    return f"{m.group('figure')}{sep}{form}"
