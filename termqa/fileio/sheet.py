"""Provides the column rules that the table formats share (XLSX sheets, DOCX tables).

A table is bilingual when its first row names the columns (`source`/`target`, `zh`/`en`,
`zh-CN`/`en-US`, `Chinese`/`English`, and optionally `doc` and `id`), or, without such a
header, when it has exactly two columns: Chinese on the left, English on the right. The names
are the ones TSV headers take, plus language codes, since translators head a column with the
language it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from termqa.fileio.direction import is_chinese, is_english

SOURCE_NAMES = ("source", "src", "zh", "chinese", "中文")
TARGET_NAMES = ("target", "tgt", "en", "mt", "translation", "english", "英文")
DOC_NAMES = ("doc", "document", "doc_id")
ID_NAMES = ("id", "seg_id", "segment", "segment_id")


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column holds what (0-based), and whether the first row is a header."""

    target: int
    source: int | None
    doc: int | None = None
    id: int | None = None
    header: bool = False


def _pick(names: list[str], known: tuple[str, ...], language: object = None) -> int | None:
    for key in known:
        if key in names:
            return names.index(key)
    if language is not None:
        return next((i for i, n in enumerate(names) if n and language(n)), None)
    return None


def layout(first_row: Sequence[str | None], width: int) -> Layout | None:
    """The layout of a table whose first non-empty row is `first_row`, or None when the table
    is not a bilingual one (no target column named, and not exactly two columns)."""
    names = [(cell or "").strip().lower() for cell in first_row]
    target = _pick(names, TARGET_NAMES, is_english)
    if target is not None:
        source = _pick(names, SOURCE_NAMES, is_chinese)
        return Layout(target, source, _pick(names, DOC_NAMES), _pick(names, ID_NAMES), header=True)
    if width == 2:
        return Layout(1, 0)
    return None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the spreadsheet name of a 0-based column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
