"""Provides a streaming reader for delimited files (TSV, CSV) with header and row checks.

Both corpora and glossaries come as delimited text. This reader owns the rules they share:
a header row names the columns, every row has as many fields as the header, blank lines are
skipped, and each row carries the physical line it starts on so that messages can point at it.
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
    """One data row: its first physical line and its fields keyed by lower-cased header name."""

    line: int
    fields: dict[str, str]


def delimiter_for(path: str) -> str:
    """Tab for .tsv/.tab/.txt, comma otherwise."""
    return "," if path.lower().endswith(".csv") else "\t"


def read_rows(path: str, encoding: str | None = None, delimiter: str | None = None) -> tuple[list[str], Iterator[Row]]:
    """Read the header eagerly and return it with an iterator over the rows.

    Raises:
        InputError: Empty file, a header with duplicate or empty names, a ragged row.
    """
    delim = delimiter or delimiter_for(path)
    lines = iter_lines(path, encoding)
    reader = csv.reader(lines, delimiter=delim, quotechar='"', strict=True)
    header: list[str] | None = None
    header_line = 0
    try:
        for raw in reader:
            if raw and any(cell.strip() for cell in raw):
                header = [cell.strip().lower() for cell in raw]
                header_line = reader.line_num
                break
    except csv.Error as exc:
        raise InputError(path, f"malformed {_kind(delim)}: {exc}", reader.line_num) from None
    if header is None:
        raise InputError(path, "file is empty")
    seen: set[str] = set()
    for name in header:
        if not name:
            raise InputError(path, "header has an empty column name", header_line)
        if name in seen:
            raise InputError(path, f"header names the column {name!r} twice", header_line)
        seen.add(name)
    return header, _rows(path, reader, header, header_line, delim)


def _kind(delim: str) -> str:
    return "TSV" if delim == "\t" else "CSV"


def _rows(path: str, reader: csv.reader, header: list[str], last: int, delim: str) -> Iterator[Row]:
    width = len(header)
    while True:
        start = last + 1
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(path, f"malformed {_kind(delim)}: {exc}", start) from None
        last = reader.line_num
        if not raw or (len(raw) == 1 and not raw[0].strip()):
            continue
        if len(raw) != width:
            raise InputError(
                path, f"row has {len(raw)} fields but the header has {width} (ragged {_kind(delim)})", start
            )
        yield Row(start, dict(zip(header, raw, strict=True)))
