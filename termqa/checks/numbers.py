"""Provides number-mismatch: figures in the source and target disagree."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace

import polars as pl
import regex

from termqa.checks.base import Batch, Check
from termqa.checks.text import left_in_chinese
from termqa.model import Finding, Severity, Side
from termqa.numbers import Reading, compare, read_source, read_target, suggestion, unit_name

# Traditional forms too (萬, 億, 兩, 個...): numbers.read_source folds them.
_SOURCE_HINT = (r"[0-9０-９]|百分之|[零〇一二两兩三四五六七八九十百千]+(?:万亿|萬億|亿|億|万|萬)?"
                r"[年月日号號岁歲名人个個位家国國次届屆项項件元天周週倍座艘架辆輛所]")


_COMPLEX_SOURCE = (
    r"万|亿|萬|億|%|％|百分之|[零〇一二两兩三四五六七八九十百千]+[年月日号號岁歲名人个個位家国國次届屆项項件元天周週倍座艘架辆輛所]"
    # A figure in a unit the target may convert: the same digits in "20 kilometers" for 20里 are wrong.
    r"|[0-9０-９]\s*(?:多|余|餘)?\s*[个個]?(?:[里斤亩畝吨噸米]|公[里斤顷頃]|千[米克]|[英海]里|平方|厘米|毫米)"
    # A character entity (&#183;) is no figure, which only the full reading skips.
    r"|&#"
)
_COMPLEX_TARGET = r"(?i)thousand|million|billion|trillion|percent|per cent|%"

_FOOTNOTE = regex.compile(
    r"(?<=[\p{Han}--[第约約近达達至到为為是有共前后後余餘逾超增减減降升及和与與或图圖表章节節条條款号號页頁期届屆级級版零〇一二两兩三四五六七八九十百千万萬亿億]])"
    r"[1-9][0-9]?(?=[，。；：,;:]|$)",
    regex.VERSION1,
)
"""A footnote mark flattened into the text (联系汇率制度挂钩2，): one or two digits glued to a word,
before punctuation, with no unit and no word that takes a number (第, 约, 达, 为 ...)."""


class NumberMismatch(Check):
    """A number, percentage, date or amount differs between source and target.

    What it does: reads the quantities of the Chinese source (Arabic figures with 万 and 亿,
    percentages, dates, Chinese numerals before a unit) and of the English target (figures,
    number words, thousand/million/billion, month names) as values, then reports each source
    value the target does not express and each target figure the source does not have. A
    wrong figure is reported on the target span with the source value as the suggestion.

    Why it matters: 1亿 is 100 million, not 10 million; MT gets the 万/亿 scale wrong often.

    Example: 1亿韩元 -> "10 million won": suggest "100 million".
    """

    id = "number-mismatch"
    severity = Severity.ERROR
    needs_source = True

    def run(self, batch: Batch) -> Iterator[Finding]:
        frame = pl.DataFrame({
            "s": pl.Series(batch.sources, dtype=pl.String),
            "t": pl.Series(batch.targets, dtype=pl.String),
        }).with_row_index("row")
        # Most numeric segments carry the same plain figures on both sides; only the others
        # (scale characters, Chinese numerals, number words, dates, differing figures) need the
        # full reading in Python. Cheap tests first, the figure comparison on what is left.
        digits = r"\d[\d,]*(?:\.\d+)?"
        numeric = frame.filter(
            pl.col("s").is_not_null() & (pl.col("s").str.contains(_SOURCE_HINT) | pl.col("t").str.contains(r"\d"))
        )
        simple = numeric.filter(~pl.col("s").str.contains(_COMPLEX_SOURCE) & ~pl.col("t").str.contains(_COMPLEX_TARGET))
        # Commas dropped before extracting (1,000 = 1000), the sorted figures compared as one
        # string: comparing the sorted lists took 0.25 s on some batch sizes (25,000 segments)
        # and 0.015 s on others, the joined strings 0.015 s on every size measured.
        def figures(col: str) -> pl.Expr:
            return pl.col(col).str.replace_all(",", "", literal=True).str.extract_all(digits).list.sort().list.join(" ")

        same_figures = simple.filter(figures("s") == figures("t"))["row"]
        todo = numeric.filter(~pl.col("row").is_in(same_figures.implode()))
        # A target without a digit (any script's: the reader's \d is Unicode) has no figure to
        # report, so with no source figure either there is nothing to compare: a third of the
        # rows left on real news (一个, 三名 and the like, read as no figure).
        digits_in_target = todo["t"].str.contains(r"\d").to_list()
        for row, digit in zip(todo["row"].to_list(), digits_in_target, strict=True):
            source = batch.sources[row] or ""
            if not digit and not _source_reading(source).figures:
                continue
            target = batch.targets[row]
            # (An ASCII target holds no Chinese character, as most do not: no count of them.)
            if not target.isascii() and left_in_chinese(target):
                continue  # untranslated reports it; its figures are the source's, unread
            yield from self._segment(batch, row, source, target)

    def _segment(self, batch: Batch, row: int, source: str, target: str) -> Iterator[Finding]:
        result = compare(_source_reading(source), read_target(target))
        missing, extra = list(result.missing), list(result.extra)
        for n, wrong in result.unconverted:
            fix = suggestion(n, wrong)
            yield batch.finding(
                self.id, row, Side.TARGET, wrong.start, wrong.end,
                f'"{wrong.text}" {unit_name(wrong.unit)} is not {n.text}{n.source_unit} in the source '
                f"({fix} {unit_name(wrong.unit)})",
                [fix],
            )
        # One wrong figure for one missing value: a mistranslated number (10 million for 1亿).
        # With more on either side the pairing would be a guess, so each is reported alone.
        if len(missing) == 1 and len(extra) == 1:
            n, wrong = missing.pop(), extra.pop()
            fix = suggestion(n, wrong)
            yield batch.finding(
                self.id, row, Side.TARGET, wrong.start, wrong.end,
                f'"{wrong.text}" does not match {n.text}{n.source_unit} in the source ({fix})', [fix],
            )
        for n in missing:
            fix = suggestion(n)
            yield batch.finding(
                self.id, row, Side.SOURCE, n.start, n.end, f"{n.text} in the source ({fix}) is not in the target", [fix],
            )
        for f in extra:
            yield batch.finding(
                self.id, row, Side.TARGET, f.start, f.end, f'"{f.text}" in the target is not in the source',
            )


@functools.lru_cache(maxsize=16384)
def _source_reading(source: str) -> Reading:
    """The figures of a source, footnote marks left out.

    Remembered: an evaluation corpus gives each source with every system's output (newstest2020:
    10 systems, WMT22: 20), and a Reading is immutable. Targets differ, and are read each time.
    """
    reading = read_source(source)
    marks = {(m.start(), m.end()) for m in _FOOTNOTE.finditer(source)}
    if marks:
        reading = replace(reading, figures=tuple(n for n in reading.figures if (n.start, n.end) not in marks))
    return reading
