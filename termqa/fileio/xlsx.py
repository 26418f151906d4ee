"""Provides the XLSX reader (fastexcel, the engine behind polars' read_excel) and its write-back
(openpyxl, which edits the workbook in place: other cells, sheets, styles and formulas stay).

Every sheet is read whose layout is bilingual (see sheet.py: a header naming the target
column, or exactly two columns, Chinese | English); other sheets (notes, lookups) are passed
over, and a workbook with none is refused. A segment's line is its spreadsheet row, its id
the target cell (`Sheet1!B5`, what a translator types into the name box), its document the
`doc` column, else the file name (the sheet name too when several sheets are read).

fastexcel is asked for the sheet from row 1 with empty rows kept (`header_row=None,
skip_rows=0`), so that row numbers are the spreadsheet's own; polars' read_excel wrapper drops
empty rows and leading empty columns, which would leave every row number and cell name wrong.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from termqa.errors import InputError
from termqa.fileio.direction import refuse_chinese_target
from termqa.fileio.extras import require
from termqa.fileio.ooxml import read_package
from termqa.fileio.sheet import Layout, column_letter, layout
from termqa.model import Segment

XLSX_EXTS = (".xlsx",)

_DROPPED_PARTS = ("xl/drawings/", "xl/charts/", "xl/embeddings/")
"""Parts openpyxl does not carry over when it saves a workbook it loaded."""


def read_xlsx(path: str) -> Iterator[Segment]:
    """Read the bilingual sheets of a workbook.

    Raises:
        InputError: Not a workbook (a damaged zip, another format), no bilingual sheet, the
            formats extra missing, or a Chinese target column.
    """
    fastexcel = require("fastexcel", "XLSX", path)
    data = read_package(path, "XLSX workbook")
    try:
        reader = fastexcel.read_excel(data)
        sheets = []
        for name in reader.sheet_names:
            sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            first_col = min((c.absolute_index for c in sheet.available_columns()), default=0)
            sheets.append((name, first_col, sheet.to_polars().rows()))
    except (fastexcel.FastExcelError, ValueError, OSError) as exc:
        raise InputError(path, f"not a readable XLSX workbook ({_short(exc)})") from None
    read = [(name, first, rows, found) for name, first, rows in sheets if (found := _layout(rows)) is not None]
    if not read:
        raise InputError(path, "no sheet has a header naming its columns (zh/en, source/target) or exactly two "
                               "columns (Chinese | English)")
    return refuse_chinese_target(path, _segments(path, read))


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


HEADER_SEARCH = 10
"""How many non-empty rows may stand above the header (a title, a date, a client's name)."""


def _layout(rows: list[tuple]) -> tuple[int, Layout] | None:
    """(index of the first row of the table, its layout), or None for a sheet that is not
    bilingual. The header is looked for in the first rows that hold anything; without one, the
    table starts at the first such row."""
    filled = [i for i, row in enumerate(rows[:1000]) if any(c is not None and c.strip() for c in row)]
    if not filled:
        return None
    width = max((i + 1 for row in rows for i, c in enumerate(row) if c is not None and c.strip()), default=0)
    for index in filled[:HEADER_SEARCH]:
        found = layout(rows[index], width)
        if found is not None and found.header:
            return index, found
    found = layout(rows[filled[0]], width)
    return (filled[0], found) if found is not None else None


def _segments(path: str, sheets: list) -> Iterator[Segment]:
    name = Path(path).name
    for sheet, first_col, rows, (first, lay) in sheets:
        default_doc = name if len(sheets) == 1 else f"{name}#{sheet}"
        letter = column_letter(first_col + lay.target)
        for index in range(first + (1 if lay.header else 0), len(rows)):
            row = rows[index]
            target = row[lay.target]
            if target is None or not target.strip():
                continue
            source = row[lay.source] if lay.source is not None else None
            doc = row[lay.doc] if lay.doc is not None else None
            yield Segment(path, index + 1, f"{sheet}!{letter}{index + 1}", doc or default_doc,
                          (source or "") if lay.source is not None else None, target)


def patch_xlsx(path: str, grouped: dict) -> bytes:
    """The bytes of the workbook with the edits applied to the target cells they name.

    `grouped` maps (row, `Sheet!B5`) to that cell's edits. The edited cells become plain text
    (a cell's rich-text runs, if it had any, are not kept); nothing else changes but what
    openpyxl normalises when it saves.

    Raises:
        WriteBackError: A workbook with charts or drawings (openpyxl would drop them), a target cell
            that is no longer text, or an edit whose text moved.
    """
    from termqa.fileio.writeback import WriteBackError, apply_to_text

    openpyxl = require("openpyxl", "XLSX", path, verb="writing")
    data = read_package(path, "XLSX workbook")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        book = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as exc:
        # As for python-docx (worddoc._open): the library's own errors and those it lets through.
        if isinstance(exc, (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError)) or \
                type(exc).__module__.startswith("openpyxl"):
            raise InputError(path, f"not a workbook openpyxl can write back ({_short(exc)})") from None
        raise
    if any(n.startswith(_DROPPED_PARTS) for n in names):
        raise WriteBackError(f"{path}: has charts, images or embedded objects, which would be lost on saving; "
                    "fix it in a spreadsheet program (or export the sheet to TSV)")
    for (row, cell_id), edits in grouped.items():
        sheet_name, _, ref = (cell_id or "").rpartition("!")
        if sheet_name not in book.sheetnames:
            raise InputError(path, f"no cell {cell_id!r} to apply a decision to", row)
        cell = book[sheet_name][ref]
        if not isinstance(cell.value, str) or cell.data_type == "f":
            raise WriteBackError(f"{path}: {cell_id} is no longer a text cell; fix it by hand")
        cell.value = apply_to_text(cell.value, edits, f"{path}:{cell_id}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
