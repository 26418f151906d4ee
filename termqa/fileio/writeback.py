"""Provides write-back: applying replacements to the target text of a corpus file.

Every format is rewritten as itself: a text file keeps its line layout, a TSV its columns,
JSON Lines its other keys, TMX and XLIFF their structure and inline tags (a replacement must
lie inside one text run between tags; one that crosses a tag is refused rather than guessed).
The result is written atomically to a new file (NAME.reviewed.EXT), or over the input with
`in_place`, keeping the original as NAME.EXT~.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from termqa.errors import InputError, TermqaError
from termqa.fileio.atomic import atomic_write
from termqa.fileio.corpus import JSONL_EXTS, TARGET_KEYS, TMX_EXTS, TSV_EXTS, XLIFF_EXTS, pick_column
from termqa.fileio.inline import CODE_ELEMENTS
from termqa.fileio.safexml import local, parse_xml
from termqa.fileio.textfile import iter_lines


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
    """Apply edits to one segment text, back to front; each must still find its `old` text."""
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        if text[e.start:e.end] != e.old:
            raise WriteBackError(f"{where}: expected {e.old!r} at {e.start}:{e.end}, found {text[e.start:e.end]!r}")
        text = text[: e.start] + e.new + text[e.end:]
    return text


def _group(edits: list[Edit]) -> dict[tuple[int, str | None], list[Edit]]:
    out: dict[tuple[int, str | None], list[Edit]] = {}
    for e in edits:
        out.setdefault((e.line, e.segment), []).append(e)
    return out


def write_back(path: str, edits: list[Edit], out: str | None = None, *, in_place: bool = False) -> str:
    """Apply `edits` to the corpus file at `path`; returns the path written.

    Raises:
        WriteBackError: An edit whose text no longer matches, or that crosses an inline tag.
        InputError: The corpus cannot be read.
    """
    ext = Path(path).suffix.lower()
    grouped = _group(edits)
    if ext in TMX_EXTS or ext in XLIFF_EXTS:
        data = _xml(path, grouped)
    elif ext in JSONL_EXTS:
        data = _lines(path, grouped, _jsonl_line)
    elif ext in TSV_EXTS and not path.lower().endswith(".csv"):
        data = _lines(path, grouped, _tsv_line)
    elif ext == ".csv":
        raise WriteBackError(f"{path}: writing CSV corpora back is not supported; convert to TSV")
    else:
        data = _lines(path, grouped, _text_line)
    dest = path if in_place else (out or reviewed_path(path))
    atomic_write(dest, data, backup=in_place)
    return dest


def _lines(path: str, grouped: dict, fix_line) -> bytes:  # noqa: ANN001 - a line fixer
    lines = list(iter_lines(path))
    header: list[str] | None = None
    for lineno, line in enumerate(lines, 1):
        if fix_line is _tsv_line and header is None and line.strip():
            header = [c.strip().lower() for c in line.rstrip("\r\n").split("\t")]
            continue
        todo = [e for (ln, _), es in grouped.items() if ln == lineno for e in es]
        if todo:
            lines[lineno - 1] = fix_line(line, todo, f"{path}:{lineno}", header)
    raw = Path(path).read_bytes()
    text = "".join(lines)
    if raw.startswith(b"\xef\xbb\xbf"):
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode("utf-8")


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
    obj = json.loads(body)
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
