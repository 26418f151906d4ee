"""Provides the one XML parser termqa uses: no entity expansion, no DTD loading, no network.

TBX, TMX and XLIFF files come from outside the newsroom. A billion-laughs entity or an
external entity pointing at a local file must be refused, not expanded, so every document
that declares an entity is rejected with a clear message before its tree is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from termqa.errors import InputError
from termqa.fileio.textfile import Source, open_input, read_bytes

XML_NS = "http://www.w3.org/XML/1998/namespace"
_ENTITY_DECL = re.compile(r"<!ENTITY\s+(?:%\s+)?([^\s]+)\s+(SYSTEM|PUBLIC)?")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def _refuse_entities(path: str, data: bytes) -> None:
    # Refuse entity declarations before the parser sees them: libxml2 would otherwise stop a
    # billion-laughs file with a message about amplification instead of saying what it is.
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        marker = "<!ENTITY".encode(codec)
        at = data.find(marker)
        if at < 0:
            continue
        head = data[at: at + 400].decode(codec, "ignore")
        m = _ENTITY_DECL.match(head)
        kind = "external" if m and m.group(2) else "internal"
        name = f" {m.group(1)!r}" if m else ""
        line = data.count(b"\n", 0, at) + 1 if codec == "utf-8" else data.count("\n".encode(codec), 0, at) + 1
        raise InputError(path, f"XML declares the {kind} entity{name}; entities are refused for safety", line)


def parse_xml(path: str) -> etree._ElementTree:
    """Parse an XML file safely (whole: at most XML_MAX_INPUT bytes).

    Raises:
        InputError: Empty, malformed, too large, or declaring entities; the message names the line.
    """
    data = read_bytes(path)
    _refuse_entities(path, data)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        msg = str(exc.msg or exc).split(", line ")[0]
        raise InputError(path, f"malformed XML: {msg}", exc.lineno or None) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            kind = "external" if entity.system_url else "internal"
            at = data.find(b"<!ENTITY")
            raise InputError(
                path,
                f"XML declares the {kind} entity {entity.name!r}; entities are refused for safety",
                data.count(b"\n", 0, at) + 1 if at >= 0 else 1,
            )
    for node in tree.iter(etree.Entity):
        raise InputError(path, f"XML references the undeclared entity {node.text}", node.sourceline)
    return tree


_PROLOG_BYTES = 1 << 20


def iterparse_xml(path: str, events: tuple[str, ...] = ("start", "end")) -> Iterator[tuple[str, etree._Element]]:
    """Parse an XML file incrementally and safely: (event, element) pairs, as lxml's iterparse.

    The caller clears what it has used, so memory stays flat in file size. Entities are
    declared in the DTD, which precedes the root element: the first megabyte is searched for
    them, and a DOCTYPE that does not end within it is refused.

    Raises:
        InputError: Empty, malformed, declaring entities, over the input size limit.
    """
    src = open_input(path)
    try:
        head = src.read(_PROLOG_BYTES)
        if not head.strip():
            raise InputError(path, "file is empty")
        _refuse_entities(path, head)
        doctype = head.find(b"<!DOCTYPE")
        if doctype >= 0 and head.find(b">", doctype) < 0:
            raise InputError(path, "the DOCTYPE is over a megabyte long; refused for safety", _line(head, doctype))
        reader = _Chain(head, src)
        parser = etree.iterparse(
            reader, events=events, resolve_entities=False, no_network=True, load_dtd=False,
            dtd_validation=False, huge_tree=False, remove_blank_text=False,
        )
        try:
            yield from parser
        except etree.XMLSyntaxError as exc:
            msg = str(exc.msg or exc).split(", line ")[0]
            raise InputError(path, f"malformed XML: {msg}", exc.lineno or None) from None
    finally:
        src.close()


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


class _Chain:
    """head, then the rest of the source, through read(n) (what iterparse asks of a file)."""

    def __init__(self, head: bytes, src: Source) -> None:
        self._head = head
        self._src = src

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                out, self._head = self._head + self._src.read(), b""
                return out
            out, self._head = self._head[:size], self._head[size:]
            return out
        return self._src.read(size if size >= 0 else -1)


def local(tag: object) -> str:
    """The local name of an element tag, without its namespace ('' for comments/PIs)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def lang_of(element: etree._Element) -> str:
    """The element's language from `xml:lang` (or the TMX 1.1 `lang`), lower-cased."""
    value = element.get(f"{{{XML_NS}}}lang") or element.get("lang") or ""
    return value.strip().lower()


def is_chinese(lang: str) -> bool:
    """True for zh, zh-CN, zh_Hans, ZH-HK, cmn, zho, chi (any case, `_` or `-`): the source
    languages termqa handles."""
    return _base_language(lang) in ("zh", "cmn", "chi", "zho")


def is_english(lang: str) -> bool:
    """True for en, en-US, EN_gb, eng (any case, `_` or `-`)."""
    return _base_language(lang) in ("en", "eng")


def _base_language(lang: str) -> str:
    return lang.strip().lower().replace("_", "-").split("-")[0]
