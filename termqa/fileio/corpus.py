"""Provides corpus reading: every supported format becomes a stream of Segment values.

Text formats stream so that a million-segment file needs no more memory than a batch; XML
formats are parsed whole (they are rarely large, and their structure has to be seen at once).
Which reader runs is decided by the file extension, because content sniffing of half-written
exports guesses wrong more often than a name does.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from termqa.errors import InputError, UsageError
from termqa.fileio.delimited import read_rows
from termqa.fileio.textfile import iter_lines
from termqa.model import Segment

TEXT_EXTS = (".txt", ".en")
TSV_EXTS = (".tsv", ".tab", ".csv")
JSONL_EXTS = (".jsonl", ".ndjson")
TMX_EXTS = (".tmx",)
XLIFF_EXTS = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
CORPUS_EXTS = TEXT_EXTS + TSV_EXTS + JSONL_EXTS + TMX_EXTS + XLIFF_EXTS

SOURCE_KEYS = ("source", "src", "zh")
TARGET_KEYS = ("target", "tgt", "en", "mt", "translation")
DOC_KEYS = ("doc", "document", "doc_id")
ID_KEYS = ("id", "seg_id", "segment", "segment_id")


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Expand directories into the corpus files below them, sorted; keep files as given.

    Raises:
        InputError: A path that does not exist.
    """
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(
                str(f)
                for f in Path(p).rglob("*")
                if f.is_file() and f.suffix.lower() in CORPUS_EXTS and not f.name.startswith(".")
                and ".reviewed." not in f.name
            )
            out.extend(found)
        elif os.path.exists(p):
            out.append(p)
        else:
            raise InputError(p, "no such file or directory")
    return out


def read_corpus(path: str, encoding: str | None = None) -> Iterator[Segment]:
    """Read one corpus file of any supported format.

    Raises:
        InputError: Unreadable or malformed input; the message names file and line.
    """
    ext = Path(path).suffix.lower()
    if ext in TSV_EXTS:
        return read_delimited(path, encoding)
    if ext in JSONL_EXTS:
        return read_jsonl(path, encoding)
    if ext in TMX_EXTS:
        from termqa.fileio.tmx import read_tmx

        return read_tmx(path)
    if ext in XLIFF_EXTS:
        from termqa.fileio.xliff import read_xliff

        return read_xliff(path)
    return read_text(path, encoding)


def _doc_name(path: str) -> str:
    return Path(path).name


def read_text(path: str, encoding: str | None = None) -> Iterator[Segment]:
    """Target-only text: one segment per non-blank line, the whole file one document."""
    doc = _doc_name(path)
    for lineno, line in enumerate(iter_lines(path, encoding), 1):
        text = line.rstrip("\r\n")
        if text.strip():
            yield Segment(path, lineno, None, doc, None, text)


def _pick(header: Iterable[str], keys: tuple[str, ...]) -> str | None:
    names = set(header)
    return next((k for k in keys if k in names), None)


def read_delimited(path: str, encoding: str | None = None) -> Iterator[Segment]:
    """TSV or CSV with a header naming `target` and optionally `source`, `doc`, `id`."""
    header, rows = read_rows(path, encoding)
    tcol = _pick(header, TARGET_KEYS)
    if tcol is None:
        raise InputError(path, f"header has no target column (one of {', '.join(TARGET_KEYS)})", 1)
    scol, dcol, icol = _pick(header, SOURCE_KEYS), _pick(header, DOC_KEYS), _pick(header, ID_KEYS)
    default_doc = _doc_name(path)
    for row in rows:
        f = row.fields
        yield Segment(
            path,
            row.line,
            f[icol] if icol else None,
            (f[dcol] or default_doc) if dcol else default_doc,
            f[scol] if scol else None,
            f[tcol],
        )


def read_jsonl(path: str, encoding: str | None = None) -> Iterator[Segment]:
    """JSON Lines with the keys `target` and optionally `source`, `doc`, `id`."""
    default_doc = _doc_name(path)
    for lineno, line in enumerate(iter_lines(path, encoding), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", lineno) from None
        if not isinstance(obj, dict):
            raise InputError(path, "each line must be a JSON object", lineno)
        tkey = _pick(obj, TARGET_KEYS)
        if tkey is None or not isinstance(obj[tkey], str):
            raise InputError(path, "object has no string 'target'", lineno)
        skey, dkey, ikey = _pick(obj, SOURCE_KEYS), _pick(obj, DOC_KEYS), _pick(obj, ID_KEYS)
        source = obj.get(skey) if skey else None
        if source is not None and not isinstance(source, str):
            raise InputError(path, "'source' must be a string", lineno)
        yield Segment(
            path,
            lineno,
            None if ikey is None or obj[ikey] is None else str(obj[ikey]),
            str(obj[dkey]) if dkey and obj[dkey] is not None else default_doc,
            source,
            obj[tkey],
        )


def read_paired(source_path: str, target_path: str, encoding: str | None = None) -> Iterator[Segment]:
    """Two line-aligned plain-text files, Chinese source and English target.

    Blank lines are kept as (skipped) segments so that the alignment holds.

    Raises:
        InputError: The two files have different line counts.
    """
    doc = _doc_name(target_path)
    src = iter_lines(source_path, encoding)
    tgt = iter_lines(target_path, encoding)
    lineno = 0
    while True:
        s = next(src, None)
        t = next(tgt, None)
        if s is None and t is None:
            return
        lineno += 1
        if s is None or t is None:
            short, other = (source_path, target_path) if s is None else (target_path, source_path)
            raise InputError(
                short, f"has {lineno - 1} lines but {other} has more; paired files must align line by line", lineno
            )
        s, t = s.rstrip("\r\n"), t.rstrip("\r\n")
        if s.strip() or t.strip():
            yield Segment(target_path, lineno, None, doc, s, t)


def check_corpus_args(paths: list[str], source: str | None, target: str | None) -> None:
    """Validate the combination of positional paths and --source/--target."""
    if (source is None) != (target is None):
        raise UsageError("--source and --target go together")
    if not paths and source is None:
        raise UsageError("name at least one corpus file or directory, or --source and --target")
