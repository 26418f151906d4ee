"""Provides the XLIFF reader for 1.2 (including Trados sdlxliff segmentation) and 2.x.

The document is the `<file>` element (its `original` in 1.2, its `id` in 2.x). Inline markup
is kept out of the text (see inline.py); the structure stays in the file for write-back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from termqa.errors import InputError
from termqa.fileio.direction import check_declared
from termqa.fileio.inline import segment_text
from termqa.fileio.safexml import local, parse_xml
from termqa.model import Segment


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if local(c.tag) == name), None)


def read_xliff(path: str) -> Iterator[Segment]:
    """Read an XLIFF 1.2 or 2.x file.

    Raises:
        InputError: Malformed XML, a root that is not `<xliff>`, or a `<file>` (1.2) or document
            (2.x) that declares another direction than Chinese to English.
    """
    tree = parse_xml(path)
    root = tree.getroot()
    if local(root.tag) != "xliff":
        raise InputError(path, f"not an XLIFF file (root element is <{local(root.tag)}>)", root.sourceline)
    version = root.get("version", "")
    if version.startswith("1"):
        for file_el in _files(root):
            check_declared(path, file_el.get("source-language"), file_el.get("target-language"))
        return _read_v1(path, root)
    if version.startswith("2"):
        check_declared(path, root.get("srcLang"), root.get("trgLang"))
        return _read_v2(path, root)
    raise InputError(path, f"unsupported XLIFF version {version!r}", root.sourceline)


def _files(root: etree._Element) -> Iterator[etree._Element]:
    return (e for e in root.iter() if local(e.tag) == "file")


def _read_v1(path: str, root: etree._Element) -> Iterator[Segment]:
    for line, seg_id, doc, source, target in _units_v1(path, root):
        yield Segment(path, line, seg_id, doc, segment_text(path, source) if source is not None else None,
                      segment_text(path, target))


def _units_v1(path: str, root: etree._Element) -> Iterator[tuple]:
    """(line, segment id, doc, source element, target element) of XLIFF 1.2 units."""
    for index, file_el in enumerate(_files(root), 1):
        doc = file_el.get("original") or f"{Path(path).name}#{index}"
        for unit in file_el.iter("{*}trans-unit", "trans-unit"):
            uid = unit.get("id")
            source = _child(unit, "source")
            target = _child(unit, "target")
            seg_source = _child(unit, "seg-source")
            marks = _seg_marks(seg_source) if seg_source is not None else {}
            if marks and target is not None:
                tmarks = _seg_marks(target)
                for mid, smark in marks.items():
                    tmark = tmarks.get(mid)
                    if tmark is not None:
                        yield tmark.sourceline or unit.sourceline or 0, f"{uid}/{mid}", doc, smark, tmark
                continue
            if target is not None:
                yield unit.sourceline or 0, uid, doc, source, target


def _seg_marks(element: etree._Element) -> dict[str, etree._Element]:
    return {
        m.get("mid", ""): m
        for m in element.iter("{*}mrk", "mrk")
        if m.get("mtype") == "seg"
    }


def _read_v2(path: str, root: etree._Element) -> Iterator[Segment]:
    for line, seg_id, doc, source, target in _units_v2(path, root):
        yield Segment(path, line, seg_id, doc, segment_text(path, source) if source is not None else None,
                      segment_text(path, target))


def _units_v2(path: str, root: etree._Element) -> Iterator[tuple]:
    """(line, segment id, doc, source element, target element) of XLIFF 2.x segments."""
    for index, file_el in enumerate(_files(root), 1):
        doc = file_el.get("original") or file_el.get("id") or f"{Path(path).name}#{index}"
        for unit in file_el.iter("{*}unit", "unit"):
            uid = unit.get("id")
            segments = [c for c in unit if local(c.tag) == "segment"]
            for n, seg in enumerate(segments, 1):
                source = _child(seg, "source")
                target = _child(seg, "target")
                if target is None:
                    continue
                sid = seg.get("id")
                seg_id = f"{uid}/{sid}" if sid else (uid if len(segments) == 1 else f"{uid}/{n}")
                yield seg.sourceline or unit.sourceline or 0, seg_id, doc, source, target


def target_elements(path: str, root: etree._Element) -> Iterator[tuple[int, str | None, etree._Element]]:
    """(line, segment id, target element) of every segment, as the reader numbers them."""
    units = _units_v1 if root.get("version", "").startswith("1") else _units_v2
    for line, seg_id, _doc, _source, target in units(path, root):
        yield line, seg_id, target
