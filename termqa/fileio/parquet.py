"""Provides the Parquet corpus reader and its write-back (polars; no extra needed).

A Parquet corpus is a table with a target column and optionally source, doc, id and line
columns. Their names are found as in a TSV header (`target`/`en`/`mt`, `source`/`zh`, ...),
or set in termqa.toml (`[corpus] columns = {doc = "document", source = "zh", target = "en"}`)
for a data set whose columns have other names. A segment's line is the `line` column when
there is one (a line in the data set's original files), else the row number (1-based).

The table is read in slices of rows, so a corpus of millions of rows is never whole in memory.
Write-back rewrites the file from its rows with the target cells corrected: columns, types,
row order and every other cell are kept; file-level choices (row groups, compression,
key-value metadata) are polars' defaults afterwards.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from pathlib import Path

from termqa.errors import InputError
from termqa.fileio.direction import refuse_chinese_target
from termqa.fileio.textfile import STDIN_NAMES, classify, open_input, read_bytes
from termqa.model import Segment

PARQUET_EXTS = (".parquet", ".pq")
ROLES = ("target", "source", "doc", "id", "line")
"""The columns a corpus table can have; `target` is required."""

_DEFAULTS = {
    "target": ("target", "tgt", "en", "mt", "translation"),
    "source": ("source", "src", "zh"),
    "doc": ("doc", "document", "doc_id"),
    "id": ("id", "seg_id", "segment", "segment_id"),
    "line": ("line", "line_no", "lineno"),
}
_SLICE = 50_000


def _source(path: str) -> str | io.BytesIO:
    """What polars reads: the path, or the bytes of a stream (it cannot seek a pipe)."""
    if path in STDIN_NAMES or classify(path) == "stream":
        return io.BytesIO(read_bytes(path))
    open_input(path).close()  # the size limit, and a device or folder refused in one line
    return path


def _schema(path: str, source: str | io.BytesIO) -> dict:
    import polars as pl

    try:
        return dict(pl.read_parquet_schema(source))
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable Parquet file ({str(exc).splitlines()[0][:200]})") from None
    finally:
        if isinstance(source, io.BytesIO):
            source.seek(0)


def resolve_columns(path: str, schema: Mapping[str, object], columns: Mapping[str, str] | None) -> dict[str, str]:
    """Role -> column name for this table: the configured names, else the usual ones.

    Raises:
        InputError: A configured column the table lacks, no target column, or a text column
            (target, source, doc, id) that does not hold text.
    """
    import polars as pl

    columns = dict(columns or {})
    names = list(schema)
    lowered = {n.lower(): n for n in names}
    out: dict[str, str] = {}
    for role in ROLES:
        if role in columns:
            if columns[role] not in schema:
                raise InputError(path, f"no column {columns[role]!r} (the {role} column in [corpus] columns); "
                                       f"it has {', '.join(names)}")
            out[role] = columns[role]
            continue
        found = next((lowered[k] for k in _DEFAULTS[role] if k in lowered), None)
        if found is not None:
            out[role] = found
    if "target" not in out:
        raise InputError(path, f"no target column (one of {', '.join(_DEFAULTS['target'])}, or set "
                               f"[corpus] columns in termqa.toml); it has {', '.join(names)}")
    for role, name in out.items():
        dtype = schema[name]
        if role == "line":
            if not dtype.is_integer():
                raise InputError(path, f"the line column {name!r} holds {dtype}, not integers")
        elif role in ("target", "source") and dtype not in (pl.String, pl.Categorical, pl.Null):
            raise InputError(path, f"the {role} column {name!r} holds {dtype}, not text")
    return out


def read_parquet(path: str, columns: Mapping[str, str] | None = None) -> Iterator[Segment]:
    """Read a Parquet corpus.

    Raises:
        InputError: Not a Parquet file, missing or mistyped columns (see resolve_columns), or
            a Chinese target column.
    """
    source = _source(path)
    chosen = resolve_columns(path, _schema(path, source), columns)
    return refuse_chinese_target(path, _segments(path, source, chosen))


def _segments(path: str, source: str | io.BytesIO, chosen: dict[str, str]) -> Iterator[Segment]:
    import polars as pl

    default_doc = Path(path).name
    roles = list(chosen)
    frame = pl.scan_parquet(source).select([pl.col(chosen[r]).cast(pl.String) if r in ("doc", "id", "source",
                                                                                          "target")
                                            else pl.col(chosen[r]) for r in roles])
    row = 0
    try:
        batches = frame.collect_batches(chunk_size=_SLICE)
        for batch in batches:
            cols = {r: batch.get_column(chosen[r]).to_list() for r in roles}
            for i in range(batch.height):
                row += 1
                target = cols["target"][i]
                if target is None or not target.strip():
                    continue
                line = cols["line"][i] if "line" in cols and cols["line"][i] is not None else row
                seg_id = cols["id"][i] if "id" in cols else None
                doc = cols["doc"][i] if "doc" in cols else None
                src = cols["source"][i] if "source" in cols else None
                yield Segment(path, line, seg_id, doc or default_doc,
                              (src or "") if "source" in cols else None, target)
    except pl.exceptions.PolarsError as exc:
        raise InputError(path, f"not a readable Parquet file ({str(exc).splitlines()[0][:200]})") from None


def patch_parquet(path: str, grouped: dict, columns: Mapping[str, str] | None = None) -> bytes:
    """The bytes of the table with the edits applied to the target cells they name.

    Rows are found as the reader numbers them: by (line, id), which must be unique.

    Raises:
        WriteBackError: An edit whose text moved, or rows that share a (line, id) the edits name.
        InputError: An edit for a row the table does not have.
    """
    import polars as pl

    from termqa.fileio.writeback import WriteBackError, apply_to_text

    source = _source(path)
    chosen = resolve_columns(path, _schema(path, source), columns)
    try:
        table = pl.read_parquet(source)
    except pl.exceptions.PolarsError as exc:
        raise InputError(path, f"not a readable Parquet file ({str(exc).splitlines()[0][:200]})") from None
    lines = table.get_column(chosen["line"]).to_list() if "line" in chosen else range(1, table.height + 1)
    ids = table.get_column(chosen["id"]).cast(pl.String).to_list() if "id" in chosen else [None] * table.height
    rows: dict[tuple[int, str | None], int] = {}
    for index, key in enumerate(zip(lines, ids, strict=True)):
        if key in grouped:
            if key in rows:
                raise WriteBackError(f"{path}: rows {rows[key] + 1} and {index + 1} share line {key[0]} and id {key[1]!r}; "
                            "cannot tell which to correct")
            rows[key] = index
    targets = table.get_column(chosen["target"]).to_list()
    for key, edits in grouped.items():
        if key not in rows:
            raise InputError(path, f"no row with id {key[1]!r} to apply a decision to", key[0])
        index = rows[key]
        targets[index] = apply_to_text(targets[index], edits, f"{path}:{key[0]}")
    dtype = table.schema[chosen["target"]]
    table = table.with_columns(pl.Series(chosen["target"], targets, dtype=pl.String).cast(dtype))
    out = io.BytesIO()
    table.write_parquet(out)
    return out.getvalue()
