"""Provides corpus reading: every supported format becomes a stream of Segment values.

Text formats stream so that a million-segment file needs no more memory than a batch; XML
formats are parsed whole (they are rarely large, and their structure has to be seen at once).
Which reader runs is decided by the file extension, because content sniffing of half-written
exports guesses wrong more often than a name does. An extension termqa does not read is refused
(a folder walk skips it); a name without one (a stream, a FIFO) is read as plain text.

termqa checks Chinese to English: a file in another direction is refused in one line (see
direction.py): by the languages it declares (XLIFF, TMX, PO), else by its target text.

PO, XLSX and DOCX need the `formats` extra (extras.py); Parquet is read by polars. Their
readers are imported only when such a file is read.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from termqa.errors import InputError, UsageError
from termqa.fileio.delimited import check_header as _check_header
from termqa.fileio.delimited import delimiter_for, read_rows
from termqa.fileio.direction import EXPECTED, refuse_chinese_target
from termqa.fileio.textfile import STDIN_NAMES, iter_lines, parse_json_line
from termqa.model import Segment

TEXT_EXTS = (".txt", ".en")
TSV_EXTS = (".tsv", ".tab", ".csv")
JSONL_EXTS = (".jsonl", ".ndjson")
TMX_EXTS = (".tmx",)
XLIFF_EXTS = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
PO_EXTS = (".po",)
XLSX_EXTS = (".xlsx",)
DOCX_EXTS = (".docx",)
PARQUET_EXTS = (".parquet", ".pq")
CORPUS_EXTS = TEXT_EXTS + TSV_EXTS + JSONL_EXTS + TMX_EXTS + XLIFF_EXTS + PO_EXTS + XLSX_EXTS + DOCX_EXTS + PARQUET_EXTS
SELF_CHECKED_EXTS = TMX_EXTS + XLIFF_EXTS + PO_EXTS + XLSX_EXTS + DOCX_EXTS + PARQUET_EXTS
"""Formats whose reader applies the direction gate itself (by what the file declares, or per table)."""
CHINESE_EXTS = (".zh",)
"""The Chinese side of a line-aligned pair: a source, never a corpus to check on its own."""

SOURCE_KEYS = ("source", "src", "zh")
TARGET_KEYS = ("target", "tgt", "en", "mt", "translation")
DOC_KEYS = ("doc", "document", "doc_id")
ID_KEYS = ("id", "seg_id", "segment", "segment_id")


def check_extension(path: str) -> None:
    """Refuse a file whose extension termqa does not read (no extension: plain text).

    Raises:
        InputError: `x.po: termqa does not read .po files (it reads .txt, .en, ...)`, or a `.zh`
            file, which is Chinese text.
    """
    ext = Path(path).suffix.lower()
    if ext in CHINESE_EXTS:
        raise InputError(path, f"a {ext} file is Chinese text: {EXPECTED} (give it as --source, "
                               "its English as --target)")
    if ext and ext not in CORPUS_EXTS:
        raise InputError(path, f"termqa does not read {ext} files (it reads {', '.join(CORPUS_EXTS)})")


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Expand directories into the corpus files below them, sorted; keep files as given.

    A folder walk skips what termqa does not read; a file named explicitly must be one it reads.

    Raises:
        InputError: A path that does not exist, or a file with an extension termqa does not read.
    """
    out: list[str] = []
    for p in paths:
        if p in STDIN_NAMES or p.startswith("/dev/fd/"):
            out.append(p)  # a stream: read once, as plain text (it has no extension to go by)
        elif os.path.isdir(p):
            # `~$a.xlsx` is the lock file Office keeps beside an open document.
            found = sorted(
                str(f)
                for f in Path(p).rglob("*")
                if f.is_file() and f.suffix.lower() in CORPUS_EXTS and not f.name.startswith((".", "~$"))
                and ".reviewed." not in f.name
            )
            out.extend(found)
        elif os.path.lexists(p):
            check_extension(p)
            out.append(p)  # what it is (a device, a dangling link) is judged when it is opened
        else:
            raise InputError(p, "no such file or directory")
    return out


def read_corpus(path: str, encoding: str | None = None, name: str | None = None, *,
                columns: Mapping[str, str] | None = None) -> Iterator[Segment]:
    """Read one corpus file of any supported format.

    `name` names a stream (`-`): its extension chooses the format, and segments and errors
    carry it as their path (the document, unless the format gives one, is its file name).
    `columns` names the columns of a Parquet table by role (`[corpus] columns` in termqa.toml).

    Raises:
        InputError: Unreadable or malformed input, an extension termqa does not read, or
            another language direction than Chinese to English; the message names file and line.
    """
    if name is not None and name != path:
        return _named(path, name, encoding, columns)
    check_extension(path)
    ext = Path(path).suffix.lower()
    segments = _reader(ext)(path, encoding, columns)
    return segments if ext in SELF_CHECKED_EXTS else refuse_chinese_target(path, segments)


Reader = Callable[[str, "str | None", "Mapping[str, str] | None"], Iterator[Segment]]


def _reader(ext: str) -> Reader:
    """The reader of a format, by extension (plain text for anything else)."""
    if ext in TSV_EXTS:
        return lambda path, encoding, columns: read_delimited(path, encoding)
    if ext in JSONL_EXTS:
        return lambda path, encoding, columns: read_jsonl(path, encoding)
    if ext in TMX_EXTS:
        from termqa.fileio.tmx import read_tmx

        return lambda path, encoding, columns: read_tmx(path)
    if ext in XLIFF_EXTS:
        from termqa.fileio.xliff import read_xliff

        return lambda path, encoding, columns: read_xliff(path)
    if ext in PO_EXTS:
        from termqa.fileio.pofile import read_po

        return lambda path, encoding, columns: read_po(path)
    if ext in XLSX_EXTS:
        from termqa.fileio.xlsx import read_xlsx

        return lambda path, encoding, columns: read_xlsx(path)
    if ext in DOCX_EXTS:
        from termqa.fileio.worddoc import read_docx

        return lambda path, encoding, columns: read_docx(path)
    if ext in PARQUET_EXTS:
        from termqa.fileio.parquet import read_parquet

        return lambda path, encoding, columns: read_parquet(path, columns)
    return lambda path, encoding, columns: read_text(path, encoding)


def _named(path: str, name: str, encoding: str | None, columns: Mapping[str, str] | None) -> Iterator[Segment]:
    """The segments of the stream `path` read as the file `name`, under that name."""
    check_extension(name)
    ext = Path(name).suffix.lower()
    doc, default_doc = Path(name).name, _doc_name(path)
    try:
        segments = _reader(ext)(path, encoding, columns)
        if ext not in SELF_CHECKED_EXTS:
            segments = refuse_chinese_target(name, segments)
        for s in segments:
            yield dataclasses.replace(s, path=name, doc=doc if s.doc == default_doc else s.doc)
    except InputError as exc:
        if exc.path != path:
            raise
        raise InputError(name, exc.problem, exc.line) from None


def _doc_name(path: str) -> str:
    return Path(path).name


def read_text(path: str, encoding: str | None = None) -> Iterator[Segment]:
    """Target-only text: one segment per non-blank line, the whole file one document."""
    doc = _doc_name(path)
    any_text = False
    for lineno, line in enumerate(iter_lines(path, encoding), 1):
        text = line.rstrip("\r\n")
        if text.strip():
            any_text = True
            yield Segment(path, lineno, None, doc, None, text, target_col=0)
    if not any_text:
        raise InputError(path, "file is empty (only blank lines)")


def pick_column(header: Iterable[str], keys: tuple[str, ...]) -> str | None:
    """The first of `keys` that the header (or JSON object) has, e.g. `target` or `mt`."""
    names = set(header)
    return next((k for k in keys if k in names), None)


def read_delimited(path: str, encoding: str | None = None) -> Iterator[Segment]:
    """TSV or CSV with a header naming `target` and optionally `source`, `doc`, `id`."""
    if delimiter_for(path) == "\t":
        return _read_tsv(path, encoding)
    return _read_delimited(path, encoding)


def _columns(path: str, header: list[str], line: int) -> tuple[int, int | None, int | None, int | None]:
    tcol = pick_column(header, TARGET_KEYS)
    if tcol is None:
        raise InputError(path, f"header has no target column (one of {', '.join(TARGET_KEYS)})", line)
    scol, dcol, icol = pick_column(header, SOURCE_KEYS), pick_column(header, DOC_KEYS), pick_column(header, ID_KEYS)
    index = header.index
    return index(tcol), index(scol) if scol else None, index(dcol) if dcol else None, index(icol) if icol else None


def _read_tsv(path: str, encoding: str | None) -> Iterator[Segment]:
    """The TSV corpus reader, in one loop: it is the hot path of a million-segment run."""
    lines = iter_lines(path, encoding, keep_ends=False)
    header: list[str] | None = None
    ti = si = di = ii = None
    width = 0
    default_doc = _doc_name(path)
    # Every string operation here runs a million times: no copy of the line that can be avoided.
    for lineno, line in enumerate(lines, 1):
        text = line[:-1] if line.endswith("\r") else line
        if not text or text.isspace():
            continue
        cells = text.split("\t")
        if header is None:
            header = [c.strip().lower() for c in cells]
            _check_header(path, header, lineno)
            ti, si, di, ii = _columns(path, header, lineno)
            width = len(header)
            continue
        if len(cells) != width:
            raise InputError(path, f"row has {len(cells)} fields but the header has {width} (ragged TSV)", lineno)
        source = cells[si] if si is not None else None
        target = cells[ti]
        # Columns follow from the cell lengths: TSV has no quoting.
        tcol = sum(map(len, cells[:ti])) + ti if ti else 0
        scol = (sum(map(len, cells[:si])) + si if si else 0) if si is not None else None
        yield Segment(
            path, lineno, cells[ii] if ii is not None else None,
            (cells[di] or default_doc) if di is not None else default_doc,
            source, target, scol, tcol,
        )
    if header is None:
        raise InputError(path, "file is empty")


def _read_delimited(path: str, encoding: str | None) -> Iterator[Segment]:
    header, rows, header_line = read_rows(path, encoding)
    ti, si, di, ii = _columns(path, header, header_line)
    default_doc = _doc_name(path)
    for row in rows:
        cells, cols = row.cells, row.columns
        yield Segment(
            path,
            row.line,
            cells[ii] if ii is not None else None,
            (cells[di] or default_doc) if di is not None else default_doc,
            cells[si] if si is not None else None,
            cells[ti],
            source_col=cols[si] if cols is not None and si is not None else None,
            target_col=cols[ti] if cols is not None else None,
        )


def read_jsonl(path: str, encoding: str | None = None) -> Iterator[Segment]:
    """JSON Lines with the keys `target` and optionally `source`, `doc`, `id`."""
    default_doc = _doc_name(path)
    any_object = False
    for lineno, line in enumerate(iter_lines(path, encoding), 1):
        if not line.strip():
            continue
        any_object = True
        obj = parse_json_line(path, line, lineno, "")
        if not isinstance(obj, dict):
            raise InputError(path, "each line must be a JSON object", lineno)
        tkey = pick_column(obj, TARGET_KEYS)
        if tkey is None or not isinstance(obj[tkey], str):
            raise InputError(path, "object has no string 'target'", lineno)
        skey, dkey, ikey = pick_column(obj, SOURCE_KEYS), pick_column(obj, DOC_KEYS), pick_column(obj, ID_KEYS)
        source = obj.get(skey) if skey else None
        if source is not None and not isinstance(source, str):
            raise InputError(path, "'source' must be a string", lineno)
        if "\\ud" in line.lower():
            for text in (source, obj[tkey]):
                try:
                    (text or "").encode("utf-8")
                except UnicodeEncodeError:
                    raise InputError(path, "invalid Unicode: an unpaired surrogate escape", lineno) from None
        yield Segment(
            path,
            lineno,
            None if ikey is None or obj[ikey] is None else str(obj[ikey]),
            str(obj[dkey]) if dkey and obj[dkey] not in (None, "") else default_doc,
            source,
            obj[tkey],
        )
    if not any_object:
        raise InputError(path, "file is empty (only blank lines)")


def read_paired(source_path: str, target_path: str, encoding: str | None = None) -> Iterator[Segment]:
    """Two line-aligned plain-text files, Chinese source and English target.

    Blank lines are kept as (skipped) segments so that the alignment holds.

    Two Word documents (.docx) are aligned paragraph by paragraph instead (worddoc.py).

    Raises:
        InputError: The two files have different line counts, or the target text is Chinese.
    """
    if all(Path(p).suffix.lower() in DOCX_EXTS for p in (source_path, target_path)):
        from termqa.fileio.worddoc import read_paired_docx

        return refuse_chinese_target(target_path, read_paired_docx(source_path, target_path))
    return refuse_chinese_target(target_path, _read_paired(source_path, target_path, encoding))


def _read_paired(source_path: str, target_path: str, encoding: str | None) -> Iterator[Segment]:
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
            yield Segment(target_path, lineno, None, doc, s, t, target_col=0)


def check_corpus_args(paths: list[str], source: str | None, target: str | None) -> None:
    """Validate the combination of positional paths and --source/--target."""
    if (source is None) != (target is None):
        raise UsageError("--source and --target go together")
    if not paths and source is None:
        raise UsageError("name at least one corpus file or directory, or --source and --target")
