"""Provides the DOCX reader for bilingual tables and its write-back (python-docx opens and saves
the package; the table cells are read and edited as WordprocessingML directly).

A table of the document body is bilingual by the rules of sheet.py (a header naming its
columns, or exactly two columns, Chinese | English); other tables and all paragraphs outside
tables are left alone. A cell's text is its paragraphs joined by newlines, with tabs and
breaks as `\\t` and `\\n`; deleted revisions are not text, inserted ones are.

DOCX has no lines: a segment's line is its row counted over every row of every body table
(1-based), its id `t2.r5` (table 2, row 5), its document the `doc` column, else the file name.

Write-back edits the `<w:t>` text nodes of the target cell. Word splits text into runs at
every change of formatting, spell-check mark or revision, so a name is often in two runs: the
replacement takes the formatting of the run where the replaced text starts, and the runs it
covered lose the covered part, as when one types over a selection in Word. A replacement that
would cross a paragraph, tab or break is refused.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import regex
from lxml import etree

from termqa.errors import InputError
from termqa.fileio.direction import chinese_share, refuse_chinese_target
from termqa.fileio.extras import require
from termqa.fileio.ooxml import read_package
from termqa.fileio.sheet import Layout, layout
from termqa.model import Segment

DOCX_EXTS = (".docx",)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_T, _TAB, _BR, _CR = f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"
_P, _TBL, _TR, _TC = f"{{{W}}}p", f"{{{W}}}tbl", f"{{{W}}}tr", f"{{{W}}}tc"
_SKIP_UNDER = {f"{{{W}}}txbxContent", f"{{{W}}}del", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
"""Text below these is not the cell's visible text (a text box, a deletion, a duplicate)."""
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _open(path: str, verb: str = "reading") -> object:
    """The python-docx Document of `path`, or the file refused in one line."""
    docx = require("docx", "DOCX", path, verb=verb)
    data = read_package(path, "DOCX document")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:
        # python-docx lets zipfile, lxml and its own errors (PackageNotFoundError, ValueError
        # for another Office type) through; which one is not ours to enumerate, but a bug in
        # termqa is not among them, so anything from elsewhere keeps its traceback.
        if isinstance(exc, (zipfile.BadZipFile, KeyError, ValueError, OSError, etree.LxmlError)) or \
                type(exc).__module__.startswith("docx"):
            raise InputError(path, f"not a readable DOCX document ({_why(exc)})") from None
        raise


def _why(exc: BaseException) -> str:
    """The library's reason, without the repr of the in-memory file it was given."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return regex.sub(r"file '<[^>]*>' ", "", text)[:200]


def _pieces(tc: etree._Element) -> list[tuple[etree._Element | None, str]]:
    """The cell's text in reading order: (w:t node, its text) for editable text, (None, sep)
    for a tab, break or paragraph boundary."""
    out: list[tuple[etree._Element | None, str]] = []
    paragraphs = [p for p in tc if p.tag == _P]
    for n, p in enumerate(paragraphs):
        if n:
            out.append((None, "\n"))
        out.extend(_paragraph_pieces(p))
    return out


def _paragraph_pieces(p: etree._Element) -> Iterator[tuple[etree._Element | None, str]]:
    for node in p.iter(_T, _TAB, _BR, _CR):
        if any(a.tag in _SKIP_UNDER for a in node.iterancestors()):
            continue
        if node.tag == _T:
            yield node, node.text or ""
        else:
            yield None, "\t" if node.tag == _TAB else "\n"


def cell_text(tc: etree._Element) -> str:
    """The text of a table cell as the reader gives it."""
    return "".join(text for _node, text in _pieces(tc))


def _rows(document: object) -> Iterator[tuple[int, str, str | None, str | None, etree._Element]]:
    """(line, id, source text, doc column text, target cell) of every row of every bilingual
    body table."""
    line = 0
    for t, tbl in enumerate((e for e in document.element.body if e.tag == _TBL), 1):
        rows = [[tc for tc in tr if tc.tag == _TC] for tr in tbl if tr.tag == _TR]
        texts = [[cell_text(tc) for tc in row] for row in rows]
        found = _layout(texts)
        for r, (cells, row_texts) in enumerate(zip(rows, texts, strict=True), 1):
            line += 1
            if found is None or (found.header and r == 1) or found.target >= len(cells):
                continue
            source = row_texts[found.source] if found.source is not None and found.source < len(cells) else None
            doc = row_texts[found.doc] if found.doc is not None and found.doc < len(cells) else None
            yield line, f"t{t}.r{r}", source, doc, cells[found.target]


def _layout(texts: list[list[str]]) -> Layout | None:
    if not texts:
        return None
    width = max(len(row) for row in texts)
    found = layout(texts[0], width)
    if found is None or found.header:
        return found
    # Without a header, a two-column table is bilingual only if its left column is Chinese:
    # a document is full of two-column layout tables (a logo and an address).
    han, letters = chinese_share(row[0] for row in texts if row)
    return found if letters and han * 2 > letters else None


def read_docx(path: str) -> Iterator[Segment]:
    """Read the bilingual tables of a Word document.

    Raises:
        InputError: Not a Word document, no bilingual table, the formats extra missing, or a
            Chinese target column.
    """
    document = _open(path)
    doc = Path(path).name
    segments = [Segment(path, line, seg_id, doc_cell or doc, source, cell_text(tc))
                for line, seg_id, source, doc_cell, tc in _rows(document)]
    if not segments:
        raise InputError(path, "no bilingual table (a header naming zh/en or source/target, or two columns, "
                               "Chinese | English)")
    return refuse_chinese_target(path, (s for s in segments if s.target.strip()))


def read_paired_docx(source_path: str, target_path: str) -> Iterator[Segment]:
    """Two Word documents, the Chinese original and its English translation, aligned paragraph
    by paragraph (body paragraphs, blank ones included, tables not). Read only: `fix` takes
    the bilingual-table layout.

    Raises:
        InputError: The documents have different numbers of paragraphs, or either is not a
            readable Word document.
    """
    source = _paragraph_texts(source_path)
    target = _paragraph_texts(target_path)
    if len(source) != len(target):
        def count(n: int) -> str:
            return f"{n} paragraph{'s' if n != 1 else ''}"

        raise InputError(target_path, f"has {count(len(target))} but {source_path} has {count(len(source))}; "
                                      "paired documents must align paragraph by paragraph")
    doc = Path(target_path).name
    return (Segment(target_path, n, None, doc, s, t) for n, (s, t) in enumerate(zip(source, target), 1)
            if s.strip() or t.strip())


def _paragraph_texts(path: str) -> list[str]:
    body = _open(path).element.body
    return ["".join(text for _node, text in _paragraph_pieces(p)) for p in body if p.tag == _P]


def patch_docx(path: str, grouped: dict) -> bytes:
    """The bytes of the document with the edits applied to the target cells they name.

    Raises:
        WriteBackError: An edit whose text moved, or that crosses a paragraph, tab or break.
        InputError: An edit for a row the document does not have.
    """
    from termqa.fileio.writeback import WriteBackError, apply_to_text

    document = _open(path, "writing")
    cells = {(line, seg_id): tc for line, seg_id, _source, _doc, tc in _rows(document)}
    for key, edits in grouped.items():
        tc = cells.get(key)
        if tc is None:
            raise InputError(path, f"no table row {key[1]!r} to apply a decision to", key[0])
        where = f"{path}:{key[1]}"
        apply_to_text(cell_text(tc), edits, where)  # checks each edit's text and overlaps first
        for e in edits:
            crossed = _separator_in(tc, e.start, e.end)
            if crossed is not None:
                raise WriteBackError(f"{where}: {e.old!r} spans a {crossed}; fix it in Word")
        for e in sorted(edits, key=lambda e: e.start, reverse=True):
            _splice(tc, e.start, e.end, e.new)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _separator_in(tc: etree._Element, start: int, end: int) -> str | None:
    """What the span [start, end) of the cell's text would cut through: a tab, a paragraph or
    line break; None when it lies in text only."""
    lo = 0
    for node, text in _pieces(tc):
        hi = lo + len(text)
        if node is None and lo < end and start < hi:
            return "tab" if text == "\t" else "paragraph or line break"
        lo = hi
    return None


def _splice(tc: etree._Element, start: int, end: int, new: str) -> None:
    """Replace [start, end) of the cell's text in its w:t nodes (see the module docstring)."""
    lo, placed = 0, False
    for node, text in _pieces(tc):
        hi = lo + len(text)
        if node is None:
            pass
        elif not placed and lo <= start and (start < hi or start == end == hi):
            _set(node, text[: start - lo] + new + text[min(end, hi) - lo:])
            placed = True
        elif placed and lo < end:
            _set(node, text[min(end, hi) - lo:])
        lo = hi


def _set(node: etree._Element, text: str) -> None:
    node.text = text
    if text != text.strip():
        node.set(_XML_SPACE, "preserve")  # else Word drops the space at a run's edge
