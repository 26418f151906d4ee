"""Provides a streaming reader for delimited files (TSV, CSV) with header and row checks.

Both corpora and glossaries come as delimited text. This reader owns the rules they share:
a header row names the columns, every row has as many fields as the header, blank lines are
skipped, and each row carries the physical line it starts on so that messages can point at it.

TSV follows the IANA definition: fields are not quoted, and may not contain tabs or newlines.
That is what tools export, and it lets a news sentence start with a quotation mark. It also
means each field's column in the line is known exactly, so findings can point at it. CSV
follows RFC 4180 (quoted fields, embedded newlines).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from termqa.errors import InputError
from termqa.fileio.textfile import iter_lines

csv.field_size_limit(1 << 24)


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its first physical line, its cells, and each cell's column (TSV only)."""

    line: int
    cells: list[str]
    columns: list[int] | None

    def fields(self, header: list[str]) -> dict[str, str]:
        """The cells keyed by header name."""
        return dict(zip(header, self.cells, strict=True))


def delimiter_for(path: str) -> str:
    """Comma for .csv, tab otherwise."""
    return "," if path.lower().endswith(".csv") else "\t"


def read_rows(
    path: str, encoding: str | None = None, delimiter: str | None = None
) -> tuple[list[str], Iterator[Row], int]:
    """Read the header eagerly; return it (lower-cased), an iterator over the rows, and its line.

    Raises:
        InputError: Empty file, a header with duplicate or empty names, a ragged row.
    """
    delim = delimiter or delimiter_for(path)
    rows = _tsv_rows(path, encoding) if delim == "\t" else _csv_rows(path, encoding, delim)
    first = next(rows, None)
    if first is None:
        raise InputError(path, "file is empty")
    header = [cell.strip().lower() for cell in first.cells]
    check_header(path, header, first.line)
    return header, _checked(path, rows, len(header), "TSV" if delim == "\t" else "CSV"), first.line


def check_header(path: str, header: list[str], line: int) -> None:
    """Reject empty and duplicate column names."""
    seen: set[str] = set()
    for name in header:
        if not name:
            raise InputError(path, "header has an empty column name", line)
        if name in seen:
            raise InputError(path, f"header names the column {name!r} twice", line)
        seen.add(name)


def _checked(path: str, rows: Iterator[Row], width: int, kind: str) -> Iterator[Row]:
    for row in rows:
        if len(row.cells) != width:
            raise InputError(path, f"row has {len(row.cells)} fields but the header has {width} (ragged {kind})", row.line)
        yield row


def _tsv_rows(path: str, encoding: str | None) -> Iterator[Row]:
    for lineno, line in enumerate(iter_lines(path, encoding), 1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        cells = text.split("\t")
        columns, col = [], 0
        for cell in cells:
            columns.append(col)
            col += len(cell) + 1
        yield Row(lineno, cells, columns)


def _csv_rows(path: str, encoding: str | None, delim: str) -> Iterator[Row]:
    reader = csv.reader(iter_lines(path, encoding), delimiter=delim, quotechar='"', strict=True)
    last = 0
    while True:
        start = last + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(path, f"malformed CSV: {exc}", start) from None
        last = reader.line_num
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        yield Row(start, cells, None)
