"""Provides the TMX reader (1.1 to 1.4): one segment per `<tu>` with a Chinese and an English variant."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from termqa.errors import InputError
from termqa.fileio.direction import EXPECTED
from termqa.fileio.inline import segment_text
from termqa.fileio.safexml import XML_NS, is_chinese, is_english, lang_of, local, parse_xml
from termqa.model import Segment


def read_tmx(path: str) -> Iterator[Segment]:
    """Read a TMX file.

    The document is the `x-document` (or `x-doc`, `x-filename`) prop of a unit when present,
    else the file name. Units without an English variant are skipped: a TM is often partial.

    Raises:
        InputError: Malformed XML, a root that is not `<tmx>`, or a memory with no Chinese and
            English variants (see `_check_languages`).
    """
    tree = parse_xml(path)
    root = tree.getroot()
    if local(root.tag) != "tmx":
        raise InputError(path, f"not a TMX file (root element is <{local(root.tag)}>)", root.sourceline)
    _check_languages(path, root)
    for line, tuid, doc, source, target in _units(path, root):
        yield Segment(path, line, tuid, doc, segment_text(path, source) if source is not None else None,
                      segment_text(path, target))


def _check_languages(path: str, root: etree._Element) -> None:
    """Refuse a memory without Chinese and English variants (or with English only).

    A TM serves both directions, so the header's srclang does not decide: Chinese and English
    variants are read as source and target whichever was the original. A memory of other
    languages (en -> fr, fr -> en, de only) is refused in one line naming them.
    """
    seen: dict[str, str] = {}
    for tuv in root.iter("{*}tuv", "tuv"):
        raw = (tuv.get(f"{{{XML_NS}}}lang") or tuv.get("lang") or "").strip()
        if raw:
            seen.setdefault(raw.lower().replace("_", "-"), raw)
    if not seen:
        return
    langs = list(seen)
    has_en = any(is_english(lang) for lang in langs)
    if has_en and (any(is_chinese(lang) for lang in langs) or all(is_english(lang) for lang in langs)):
        return
    header = next((e for e in root if local(e.tag) == "header"), None)
    declared = (header.get("srclang") or "").strip() if header is not None else ""
    if declared.lower() == "*all*":
        declared = ""
    key = declared.lower().replace("_", "-")
    source = seen.get(key, declared) or seen[langs[0]]
    others = [seen[lang] for lang in langs if seen[lang] != source and lang != key]
    raise InputError(path, f"{source} -> {','.join(others) or '?'}: {EXPECTED}")


def _units(path: str, root: etree._Element) -> Iterator[tuple[int, str | None, str, etree._Element | None, etree._Element]]:
    """Each unit with an English variant: (line, tuid, doc, Chinese seg element, English seg element)."""
    header = next((e for e in root if local(e.tag) == "header"), None)
    srclang = (header.get("srclang", "") if header is not None else "").lower()
    default_doc = Path(path).name
    for tu in root.iter("{*}tu", "tu"):
        source = target = None
        doc = default_doc
        for child in tu:
            name = local(child.tag)
            if name == "prop" and (child.get("type") or "").lower() in ("x-document", "x-doc", "x-filename"):
                doc = (child.text or "").strip() or doc
            elif name == "tuv":
                lang = lang_of(child)
                seg = next((e for e in child if local(e.tag) == "seg"), None)
                if seg is None:
                    continue
                if is_english(lang) and target is None:
                    target = seg
                elif (is_chinese(lang) or (lang and lang == srclang and not is_english(lang))) and source is None:
                    source = seg
        if target is not None:
            yield tu.sourceline or 0, tu.get("tuid"), doc, source, target


def target_elements(path: str, root: etree._Element) -> Iterator[tuple[int, str | None, etree._Element]]:
    """(line, segment id, English seg element) of every unit, as the reader numbers them."""
    for line, tuid, _doc, _source, target in _units(path, root):
        yield line, tuid, target
