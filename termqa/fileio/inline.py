"""Provides plain-text extraction from XML segments that carry inline markup.

TMX and XLIFF wrap formatting and placeholders in inline elements. Matching must see only the
translatable text (a `<g>` around a name must not split it), while the native codes inside
`<ph>`, `<bpt>`, `<it>` and friends are not text at all and must not be checked.
"""

from __future__ import annotations

import contextlib

from lxml import etree

from termqa.fileio.safexml import local

CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut", "sub", "x", "bx", "ex", "sc", "ec", "sm", "em"})
"""Inline elements whose content is native code or that stand for a code: no text."""


def plain_text(element: etree._Element) -> str:
    """The translatable text of a segment element, inline markup removed."""
    parts: list[str] = []
    _collect(element, parts, top=True)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str], top: bool = False) -> None:
    name = local(element.tag)
    if not top and (name in CODE_ELEMENTS or not name):
        pass
    elif name == "cp" and not top:
        hexval = element.get("hex", "")
        with contextlib.suppress(ValueError, OverflowError):
            parts.append(chr(int(hexval, 16)))
    else:
        if element.text:
            parts.append(element.text)
        for child in element:
            _collect(child, parts)
    if not top and element.tail:
        parts.append(element.tail)
