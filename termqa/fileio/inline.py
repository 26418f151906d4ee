"""Provides plain-text extraction from XML segments that carry inline markup.

TMX and XLIFF wrap formatting and placeholders in inline elements. Matching must see only the
translatable text (a `<g>` around a name must not split it), while the native codes inside
`<ph>`, `<bpt>`, `<it>` and friends are not text at all and must not be checked.
"""

from __future__ import annotations

from lxml import etree

from termqa.errors import InputError
from termqa.fileio.safexml import local

CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut", "sub", "x", "bx", "ex", "sc", "ec", "sm", "em"})
"""Inline elements whose content is native code or that stand for a code: no text."""


class BadCodePoint(ValueError):
    """A `<cp hex>` that is no Unicode scalar value (a lone surrogate, beyond U+10FFFF)."""

    def __init__(self, value: str, line: int | None) -> None:
        self.line = line
        super().__init__(f"<cp hex={value!r}/> is not a Unicode character (a lone surrogate or out of range)")


def plain_text(element: etree._Element) -> str:
    """The translatable text of a segment element, inline markup removed.

    Raises:
        BadCodePoint: A `<cp/>` naming a surrogate or no character; readers turn it into an
            InputError on its line (a lone surrogate must never reach the rules).
    """
    parts: list[str] = []
    _collect(element, parts, top=True)
    return "".join(parts)


def segment_text(path: str, element: etree._Element) -> str:
    """plain_text, a bad `<cp/>` reported as an input error on its line."""
    try:
        return plain_text(element)
    except BadCodePoint as exc:
        raise InputError(path, str(exc), exc.line) from None


def _collect(element: etree._Element, parts: list[str], top: bool = False) -> None:
    name = local(element.tag)
    if not top and (name in CODE_ELEMENTS or not name):
        pass
    elif name == "cp" and not top:
        hexval = element.get("hex", "")
        try:
            code = int(hexval, 16) if len(hexval) <= 8 else -1
        except ValueError:
            code = -1
        if not (0 <= code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
            raise BadCodePoint(hexval, element.sourceline)
        parts.append(chr(code))
    else:
        if element.text:
            parts.append(element.text)
        for child in element:
            _collect(child, parts)
    if not top and element.tail:
        parts.append(element.tail)
