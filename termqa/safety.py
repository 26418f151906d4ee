"""Provides one sanitiser per output sink, so that corpus-derived text can never act.

Corpora, glossaries and file names come from outside. Printed raw, an ESC starts a terminal
command (retitle the window, clear the screen, fake colours), a newline forges another report
or GitHub annotation line, a `[/b]` is read as markup by the review UI, and a vertical tab
makes an XML report ill-formed. Each sink gets exactly one function here, and every writer of
that sink calls it on every string that did not come from termqa itself:

- `terminal`: text reports, stderr messages, the TUI. Control characters (C0, DEL, C1), bidi
  overrides and lone surrogates are shown as visible escapes (`\\x1b`, `\\u202e`, `\\ud800`).
- `terminal_mapped`: the same, with the offset of each original character in the result, so
  that a span can still be underlined after escaping.
- `github_data` / `github_property`: GitHub workflow command values, escaped as the runner
  documents (`%25 %0D %0A`, and `%3A %2C` in properties), other controls made visible.
- `xml_text`: characters XML 1.0 forbids become visible escapes.

JSON needs nothing: the encoder escapes every control character. The TUI renders
`terminal(text)` inside rich `Text` objects, never as markup.
"""

from __future__ import annotations

import re

# C0 controls but TAB, DEL, C1 controls, the bidi embedding/override/isolate controls (which
# reorder what a reader sees: "Trojan source"), line/paragraph separators, and lone surrogates.
_CONTROLS = r"\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(rf"[\x00-\x08{_CONTROLS}]")
_UNSAFE_WITH_TAB = re.compile(rf"[\x00-\x09{_CONTROLS}]")
# XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _visible(match: re.Match[str]) -> str:
    return _escape(match.group())


def terminal(text: str, *, tab: bool = False) -> str:
    """`text` with every character that a terminal would act on shown as a visible escape.

    Args:
        text: Corpus, glossary or path text.
        tab: Escape TAB too (for one-line fields such as file names).
    """
    pattern = _UNSAFE_WITH_TAB if tab else _UNSAFE
    return pattern.sub(_visible, text) if pattern.search(text) else text


def terminal_mapped(text: str) -> tuple[str, list[int]]:
    """`terminal(text)` and, for each offset 0..len(text), where it lands in the result.

    Spans computed on the original text (findings) are drawn on the escaped one through the map.
    """
    if not _UNSAFE.search(text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for ch in text:
        where.append(pos)
        shown = _escape(ch) if _UNSAFE.fullmatch(ch) else ch
        out.append(shown)
        pos += len(shown)
    where.append(pos)
    return "".join(out), where


def github_data(text: str) -> str:
    """A workflow command message: `%`, CR and LF escaped as the runner decodes them."""
    text = _UNSAFE.sub(lambda m: m.group() if m.group() in "\r\n" else _escape(m.group()), text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command property value (`file=`, `title=`): data escapes plus `:` and `,`."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 forbids (most C0 controls, surrogates, U+FFFE/F) made visible.

    Markup escaping (`&`, `<`, quotes) is the serialiser's job; this makes the result well-formed.
    """
    return _XML_FORBIDDEN.sub(_visible, text) if _XML_FORBIDDEN.search(text) else text
