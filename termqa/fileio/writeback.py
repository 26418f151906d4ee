"""Provides write-back: applying replacements to the target text of a corpus file.

Every format is rewritten as itself: a text file keeps its line layout, a TSV its columns,
JSON Lines its other keys, TMX and XLIFF their structure and inline tags (a replacement must
lie inside one text run between tags; one that crosses a tag is refused rather than guessed).
PO, XLSX, DOCX and Parquet are patched by their own modules (pofile.py, xlsx.py, worddoc.py,
parquet.py), which know where a target lives in their files.
The result is written atomically to a new file (NAME.reviewed.EXT), or over the input with
`in_place`, keeping the original as NAME.EXT~.
"""

from __future__ import annotations

import codecs
import difflib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import regex
from lxml import etree

from termqa.errors import InputError, TermqaError
from termqa.fileio.atomic import Output, open_output
from termqa.fileio.corpus import (
    DOCX_EXTS,
    JSONL_EXTS,
    PARQUET_EXTS,
    PO_EXTS,
    TARGET_KEYS,
    TMX_EXTS,
    TSV_EXTS,
    XLIFF_EXTS,
    XLSX_EXTS,
    pick_column,
)
from termqa.fileio.inline import CODE_ELEMENTS
from termqa.fileio.safexml import local, parse_xml
from termqa.fileio.textfile import Source, classify, detect_encoding, iter_lines, json_loads, open_input, read_bytes

_SNIFF = 1 << 20
_BLOCK = 1 << 22


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace target[start:end] (which must read `old`) of one segment with `new`."""

    line: int
    segment: str | None
    start: int
    end: int
    old: str
    new: str


class WriteBackError(TermqaError):
    """An edit that cannot be applied as asked (the text moved, or the span crosses a tag)."""


def reviewed_path(path: str) -> str:
    """corpora/a.tsv -> corpora/a.reviewed.tsv."""
    p = Path(path)
    return str(p.with_name(f"{p.stem}.reviewed{p.suffix}"))


def apply_to_text(text: str, edits: list[Edit], where: str) -> str:
    """Apply edits to one segment text, back to front, so that each edit's offsets (all in the
    original text) stay valid; each must still find its `old` text, and no two may overlap."""
    limit = len(text)
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if e.end > limit:
            raise WriteBackError(f"{where}: two edits overlap at {e.start}:{e.end} ({e.old!r})")
        if text[e.start:e.end] != e.old:
            raise WriteBackError(f"{where}: expected {e.old!r} at {e.start}:{e.end}, found {text[e.start:e.end]!r}")
        text = text[: e.start] + e.new + text[e.end:]
        limit = e.start
    return text


_TOKEN = regex.compile(r"\w+|\s+|.", regex.DOTALL)


def diff_edits(line: int, segment: str | None, old: str, new: str) -> list[Edit]:
    """The fewest word-sized edits that turn `old` into `new` (one segment's target).

    A segment rewritten several times (fixes, then a whole-segment edit) is written back as the
    words that differ, not as one replacement of the whole text: in TMX and XLIFF an edit must
    lie between inline tags, and the words a reviewer changed almost always do.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    starts = [0]
    for tok in a:
        starts.append(starts[-1] + len(tok))
    spans: list[list[int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        # Changes one space apart are one edit: "Zheng Yi dissolved" -> "Chung Eui-yong".
        if spans and i1 - spans[-1][1] <= 1 and all(t.isspace() for t in a[spans[-1][1]:i1]):
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    return [Edit(line, segment, starts[i1], starts[i2], old[starts[i1]:starts[i2]], "".join(b[j1:j2]))
            for i1, i2, j1, j2 in spans]


def _group(edits: list[Edit]) -> dict[tuple[int, str | None], list[Edit]]:
    out: dict[tuple[int, str | None], list[Edit]] = {}
    for e in edits:
        out.setdefault((e.line, e.segment), []).append(e)
    return out


def write_back(
    path: str,
    edits: list[Edit],
    out: str | None = None,
    *,
    in_place: bool = False,
    target: Output | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> str:
    """Apply `edits` to the corpus file at `path`; returns the path written.

    Line formats (text, TSV, JSON Lines) are streamed in one pass: each line is copied as raw
    bytes unless an edit names it, so memory is flat in corpus size, untouched lines are
    byte-identical (whatever their encoding) and the output keeps the input's encoding. TMX and
    XLIFF are rewritten from their tree. The result replaces the destination atomically; an
    existing destination is kept as NAME~.

    Args:
        target: The resolved output (see atomic.resolve_output); else `out`, or the input with
            `in_place`, or NAME.reviewed.EXT.
        columns: The column names of a Parquet table (`[corpus] columns`), as it was read.

    Raises:
        WriteBackError: An edit whose text no longer matches, or that crosses an inline tag.
        InputError: The corpus cannot be read.
        OutputError: The destination cannot be written.
    """
    ext = Path(path).suffix.lower()
    if target is None:
        dest = os.path.realpath(path) if in_place else (out or reviewed_path(path))
        target = Output(dest, "file", dest, os.path.exists(dest))
    if classify(path) == "stream":
        raise InputError(path, "is a stream; fix and review need a regular file (they read it twice)")
    if ext == ".csv":
        raise WriteBackError(f"{path}: writing CSV corpora back is not supported; convert to TSV")
    if ext in TMX_EXTS or ext in XLIFF_EXTS or ext in PATCHED_EXTS:
        data = _xml(path, _group(edits)) if ext not in PATCHED_EXTS else _patched(path, ext, edits, columns)
        with open_output(target, backup=True) as fh:
            fh.write(data)
        return target.given
    if ext in JSONL_EXTS:
        fixer = _jsonl_line
    elif ext in TSV_EXTS:
        fixer = _tsv_line
    else:
        fixer = _text_line
    by_line: dict[int, list[Edit]] = {}
    for e in edits:
        by_line.setdefault(e.line, []).append(e)
    with open_input(path) as src, open_output(target, backup=True) as fh:
        _stream_lines(path, src, fh, by_line, fixer, encoding)
    return target.given


PATCHED_EXTS = PO_EXTS + XLSX_EXTS + DOCX_EXTS + PARQUET_EXTS


def _patched(path: str, ext: str, edits: list[Edit], columns: Mapping[str, str] | None) -> bytes:
    """The corrected bytes of a file whose format module does its own write-back."""
    if not edits:
        # Nothing to change: the file as it is, not as a library would save it again.
        return read_bytes(path)
    grouped = _group(edits)
    if ext in PO_EXTS:
        from termqa.fileio.pofile import patch_po

        return patch_po(path, grouped)
    if ext in XLSX_EXTS:
        from termqa.fileio.xlsx import patch_xlsx

        return patch_xlsx(path, grouped)
    if ext in DOCX_EXTS:
        from termqa.fileio.worddoc import patch_docx

        return patch_docx(path, grouped)
    from termqa.fileio.parquet import patch_parquet

    return patch_parquet(path, grouped, columns)


def _stream_lines(path: str, src: Source, fh: BinaryIO, by_line: dict[int, list[Edit]], fix_line, encoding: str | None) -> None:  # noqa: ANN001 - a line fixer
    head = src.read(_SNIFF)
    codec = detect_encoding(path, head, encoding)
    name = codecs.lookup(codec).name
    if name.startswith(("utf-16", "utf-32")) or name not in ("utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "big5",
                                                            "big5hkscs", "ascii", "latin-1"):
        _stream_decoded(path, fh, by_line, fix_line, codec, encoding)
        return
    bom = codecs.BOM_UTF8 if name == "utf-8-sig" and head.startswith(codecs.BOM_UTF8) else b""
    text_codec = "utf-8" if name == "utf-8-sig" else codec
    header: list[str] | None = None
    tsv = fix_line is _tsv_line
    lineno = 0
    left = len(by_line)
    for raw in _raw_lines(src, head):
        lineno += 1
        if lineno == 1 and bom:
            fh.write(bom)
            raw = raw[len(bom):]
        if tsv and header is None and raw.strip():
            header = [c.strip().lower() for c in raw.decode(text_codec, "replace").rstrip("\r\n").split("\t")]
            fh.write(raw)
            continue
        todo = by_line.get(lineno) if left else None
        if not todo:
            fh.write(raw)
            continue
        left -= 1
        try:
            line = raw.decode(text_codec)
        except UnicodeDecodeError:
            raise WriteBackError(f"{path}:{lineno}: the line has invalid bytes; fix it by hand") from None
        fh.write(fix_line(line, todo, f"{path}:{lineno}", header).encode(text_codec))
    if left:
        missing = min(n for n in by_line if n > lineno)
        raise InputError(path, "no segment on this line to apply a decision to (the file is shorter)", missing)


def _raw_lines(src: Source, head: bytes) -> Iterator[bytes]:
    """The raw lines (LF kept) of a source whose first bytes were already read into `head`."""
    rest = b""
    block = head
    while block:
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        for line in lines:
            yield line + b"\n"
        block = src.read(_BLOCK)
    if rest:
        yield rest


def _stream_decoded(path: str, fh: BinaryIO, by_line: dict[int, list[Edit]], fix_line, codec: str,  # noqa: ANN001
                    encoding: str | None) -> None:
    """Write-back for codecs whose lines cannot be split as bytes (UTF-16, UTF-32)."""
    encoder = codecs.getincrementalencoder(codec)()
    header: list[str] | None = None
    tsv = fix_line is _tsv_line
    last = 0
    for lineno, line in enumerate(iter_lines(path, encoding), 1):
        last = lineno
        if tsv and header is None and line.strip():
            header = [c.strip().lower() for c in line.rstrip("\r\n").split("\t")]
        elif lineno in by_line:
            line = fix_line(line, by_line[lineno], f"{path}:{lineno}", header)
        fh.write(encoder.encode(line))
    fh.write(encoder.encode("", final=True))
    beyond = [n for n in by_line if n > last]
    if beyond:
        raise InputError(path, "no segment on this line to apply a decision to (the file is shorter)", min(beyond))


def _split_ending(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def _text_line(line: str, edits: list[Edit], where: str, header: list[str] | None) -> str:
    body, ending = _split_ending(line)
    return apply_to_text(body, edits, where) + ending


def _tsv_line(line: str, edits: list[Edit], where: str, header: list[str] | None) -> str:
    body, ending = _split_ending(line)
    cells = body.split("\t")
    column = pick_column(header or [], TARGET_KEYS)
    if column is None:
        raise WriteBackError(f"{where}: no target column")
    index = (header or []).index(column)
    cells[index] = apply_to_text(cells[index], edits, where)
    return "\t".join(cells) + ending


def _jsonl_line(line: str, edits: list[Edit], where: str, header: list[str] | None) -> str:
    body, ending = _split_ending(line)
    obj = json_loads(body)
    if not isinstance(obj, dict):
        raise WriteBackError(f"{where}: not a JSON object")
    key = pick_column(obj, TARGET_KEYS)
    if key is None:
        raise WriteBackError(f"{where}: no target")
    obj[key] = apply_to_text(obj[key], edits, where)
    return json.dumps(obj, ensure_ascii=False) + ending


def _text_runs(element: etree._Element) -> list[tuple[etree._Element, str]]:
    """The text runs of a segment element in reading order, as (node, 'text'|'tail')."""
    runs: list[tuple[etree._Element, str]] = []

    def walk(node: etree._Element, top: bool) -> None:
        name = local(node.tag)
        if top or (name and name not in CODE_ELEMENTS and name != "cp"):
            runs.append((node, "text"))
            for child in node:
                walk(child, False)
        if not top:
            runs.append((node, "tail"))

    walk(element, True)
    return runs


def _apply_xml(element: etree._Element, edits: list[Edit], where: str) -> None:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        offset = 0
        for node, attr in _text_runs(element):
            value = getattr(node, attr) or ""
            if offset <= e.start and e.end <= offset + len(value):
                local_start, local_end = e.start - offset, e.end - offset
                if value[local_start:local_end] != e.old:
                    raise WriteBackError(f"{where}: expected {e.old!r}, found {value[local_start:local_end]!r}")
                setattr(node, attr, value[:local_start] + e.new + value[local_end:])
                break
            offset += len(value)
        else:
            raise WriteBackError(f"{where}: {e.old!r} crosses inline markup; fix it in a CAT tool")


def _xml(path: str, grouped: dict) -> bytes:
    from termqa.fileio.tmx import target_elements as tmx_targets
    from termqa.fileio.xliff import target_elements as xliff_targets

    tree = parse_xml(path)
    finder = tmx_targets if Path(path).suffix.lower() in TMX_EXTS else xliff_targets
    done = set()
    for line, seg_id, element in finder(path, tree.getroot()):
        edits = grouped.get((line, seg_id))
        if edits:
            _apply_xml(element, edits, f"{path}:{line}")
            done.add((line, seg_id))
    missing = set(grouped) - done
    if missing:
        line, seg = sorted(missing, key=str)[0]
        raise InputError(path, f"no segment {seg!r} on this line to apply a decision to", line)
    encoding = tree.docinfo.encoding or "UTF-8"
    body = etree.tostring(tree, xml_declaration=False, encoding=encoding)
    raw = Path(path).read_bytes()
    # Keep the file's own XML declaration (lxml would rewrite its quotes).
    if raw.lstrip().startswith(b"<?xml") and encoding.upper().replace("-", "") == "UTF8":
        declaration = raw[: raw.index(b"?>") + 2].lstrip()
        return declaration + b"\n" + body
    return etree.tostring(tree, xml_declaration=True, encoding=encoding)
