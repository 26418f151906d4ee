"""Provides the gettext PO reader and its write-back: msgid is the Chinese source, msgstr the English.

polib parses the file (and decides what is valid PO); a small scanner of our own finds where
each msgstr is written, because polib keeps no positions and rewrites the whole file when it
saves (re-wrapped, re-ordered comments). Write-back therefore changes the string literals of
the edited msgstr only, and every other byte of the file stays as it was.

What is read: every translated entry that is in use, fuzzy ones included (a fuzzy translation
is the text a reviewer is about to approve; that is when it should be checked). Obsolete
(`#~`) entries and untranslated ones are skipped. A plural entry gives one segment per form:
msgstr[0] against msgid, the others against msgid_plural. The segment's line is the line of
its `msgstr` keyword, its id the msgctxt (with `[n]` for a plural form), its document the file.

The direction comes from the header's `Language:` (the target language; `X-Source-Language:`,
where a tool writes it, the source), else from the target text as for plain text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from termqa.errors import InputError
from termqa.fileio.direction import check_declared, refuse_chinese_target
from termqa.fileio.extras import require
from termqa.fileio.textfile import XML_MAX_INPUT, read_bytes
from termqa.model import Segment

PO_EXTS = (".po",)

_CHARSET = re.compile(rb"charset=([\w.:-]+)")
_KEYWORD = re.compile(r'^(\s*msgstr(?:\[(\d+)\])?\s*)"(.*)"\s*$')
_MSGID = re.compile(r'^\s*msgid\s*"')
_CONTINUATION = re.compile(r'^(\s*)"(.*)"\s*$')
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_STRING_LINE = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*)?"')
_CLOSED = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')


@dataclass
class _Literal:
    """One quoted string of a msgstr: its line (0-based) and the text between its quotes."""

    line: int
    start: int
    end: int
    text: str


@dataclass
class _Block:
    """One `msgstr` or `msgstr[n]` and its continuation lines, as written in the file."""

    plural: int | None
    literals: list[_Literal]

    @property
    def line(self) -> int:
        """The 1-based line of the keyword."""
        return self.literals[0].line + 1

    def text(self, unescape) -> str:  # noqa: ANN001 - polib.unescape
        return "".join(unescape(lit.text) for lit in self.literals)


def _decode(path: str, data: bytes) -> tuple[str, str]:
    """The text of a PO file and its codec (from the header's charset, else UTF-8)."""
    found = _CHARSET.search(data[:65536])
    codec = "utf-8"
    if found:
        name = found.group(1).decode("ascii", "replace")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            if name.upper() != "CHARSET":  # the placeholder a fresh .pot carries
                raise InputError(path, f"unknown charset {name!r} in the Content-Type header") from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        said = ", as the header's charset says" if found else " (and the header names no other charset)"
        raise InputError(path, f"not valid {codec}{said}", line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, codec


def _scan(lines: list[str]) -> list[list[_Block]]:
    """The msgstr blocks of each entry in use, in file order; an entry starts at its `msgid`
    (obsolete `#~` entries are comments to this scan), and one without msgstr has none."""
    groups: list[list[_Block]] = []
    block: _Block | None = None
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n")
        m = _KEYWORD.match(body)
        if m:
            plural = int(m.group(2)) if m.group(2) is not None else None
            block = _Block(plural, [_Literal(i, m.start(3), m.end(3), m.group(3))])
            if not groups:
                groups.append([])
            groups[-1].append(block)
            continue
        if _MSGID.match(body):
            groups.append([])
        c = _CONTINUATION.match(body) if block is not None else None
        if c:
            block.literals.append(_Literal(i, c.start(2), c.end(2), c.group(2)))
        else:
            block = None
    return groups


@dataclass
class _Parsed:
    po: object
    text: str
    codec: str
    lines: list[str]
    located: list[tuple[object, list[_Block]]]
    """Each entry in use (not the header) with its msgstr blocks."""


def _parse(path: str) -> _Parsed:
    polib = require("polib", "PO", path)
    data = read_bytes(path, XML_MAX_INPUT)
    text, codec = _decode(path, data)
    try:
        po = polib.pofile(text, encoding=codec)
    except (OSError, ValueError, KeyError, IndexError) as exc:
        # polib reports every syntax error as IOError('Syntax error in po file (line N)...').
        m = _POLIB_LINE.search(str(exc))
        problem = str(exc).split(":", 1)[1].strip() if ": " in str(exc) else ""
        raise InputError(path, "PO syntax error" + (f": {problem}" if problem else ""),
                         int(m.group(1)) if m else None) from None
    # Physical lines end at LF only (str.splitlines would also split at U+2028 and friends,
    # and every line number after one would be off).
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    for n, line in enumerate(lines, 1):
        # polib reads an unterminated string by dropping its last character ("reporters" ->
        # "reporter"); a translator's file cut short must not be checked, nor written back.
        body = line.rstrip("\r\n")
        start = _STRING_LINE.match(body)
        if start and not _CLOSED.fullmatch(body, start.end() - 1):
            raise InputError(path, "PO syntax error: unterminated string", n)
    groups = _scan(lines)
    entries = [e for e in po if not e.obsolete]
    if len(groups) == len(entries) + 1:
        groups = groups[1:]  # the header entry (msgid "")
    # Our scanner and polib must agree on every msgstr, or a line would be wrong: better none.
    if len(groups) != len(entries) or any(
        [b.text(polib.unescape) for b in blocks] != [text for _n, text in _msgstrs(entry)]
        for entry, blocks in zip(entries, groups, strict=True)
        if blocks
    ):
        raise InputError(path, "cannot locate the msgstr lines of this PO file (unusual layout)")
    return _Parsed(po, text, codec, lines, list(zip(entries, groups, strict=True)))


def _msgstrs(entry: object) -> list[tuple[int | None, str]]:
    """(plural index or None, text) of each msgstr of an entry, in polib's reading."""
    if entry.msgstr_plural:
        return sorted(entry.msgstr_plural.items())
    return [(None, entry.msgstr)]


def read_po(path: str) -> Iterator[Segment]:
    """Read a PO file.

    Raises:
        InputError: A syntax error (with its line), an undecodable file, the formats extra
            missing, or a `Language:` other than English.
    """
    parsed = _parse(path)
    meta = parsed.po.metadata
    language = _language(meta.get("Language"))
    check_declared(path, _language(meta.get("X-Source-Language")) or None, language or None)
    segments = _segments(path, parsed)
    return segments if language else refuse_chinese_target(path, segments)


_LANGUAGE_NAMES = {"english": "en", "chinese": "zh"}


def _language(value: str | None) -> str:
    """A header's language as a code: `en@quot` (a gettext variant), `en_US.UTF-8` (a locale)
    and `English` (what some editors write) are English."""
    code = re.split(r"[@.]", (value or "").strip(), maxsplit=1)[0]
    return _LANGUAGE_NAMES.get(code.lower(), code)


def _segments(path: str, parsed: _Parsed) -> Iterator[Segment]:
    doc = Path(path).name
    for entry, blocks in parsed.located:
        ctxt = entry.msgctxt
        for block, (n, target) in zip(blocks, _msgstrs(entry), strict=False):  # none without a msgstr
            if not target:
                continue
            if n is None:
                yield Segment(path, block.line, ctxt, doc, entry.msgid, target, target_col=_column(block))
            else:
                source = entry.msgid if n == 0 or not entry.msgid_plural else entry.msgid_plural
                yield Segment(path, block.line, f"{ctxt or ''}[{n}]", doc, source, target, target_col=_column(block))


def _column(block: _Block) -> int | None:
    """Where the text starts in its line, when the line holds it verbatim (one literal, no
    escapes); else None, as for XML."""
    if len(block.literals) == 1 and "\\" not in block.literals[0].text:
        return block.literals[0].start
    return None


def patch_po(path: str, grouped: dict) -> bytes:
    """The bytes of the PO file with the edits applied to the msgstr literals they name.

    `grouped` maps (line, segment id) to that segment's edits (writeback.Edit). An edit that
    spans several quoted lines of one msgstr is written into the first and cut from the rest.

    Raises:
        WriteBackError: An edit whose text is not where it was read.
        InputError: An edit for a line that holds no msgstr.
    """
    from termqa.fileio.writeback import WriteBackError, apply_to_text

    polib = require("polib", "PO", path, verb="writing")
    parsed = _parse(path)
    by_line = {b.line: b for _entry, blocks in parsed.located for b in blocks}
    lines = list(parsed.lines)
    dropped: set[int] = set()
    for (line, _seg), edits in sorted(grouped.items(), key=lambda kv: kv[0][0]):
        block = by_line.get(line)
        if block is None:
            raise InputError(path, "no msgstr on this line to apply a decision to", line)
        runs = [polib.unescape(lit.text) for lit in block.literals]
        where = f"{path}:{line}"
        apply_to_text("".join(runs), edits, where)  # checks each edit's text and overlaps first
        for e in sorted(edits, key=lambda e: e.start, reverse=True):
            runs = _splice(runs, e.start, e.end, e.new)
        for i, (lit, run) in enumerate(zip(block.literals, runs, strict=True)):
            if run == polib.unescape(lit.text):
                continue
            if not run and i > 0:
                dropped.add(lit.line)  # a continuation line emptied by the edit: `""` is noise
                continue
            old = lines[lit.line]
            lines[lit.line] = old[: lit.start] + polib.escape(run) + old[lit.end:]
    out = "".join(line for i, line in enumerate(lines) if i not in dropped)
    try:
        return (("\ufeff" if parsed.codec == "utf-8" and _has_bom(path) else "") + out).encode(parsed.codec)
    except UnicodeEncodeError as exc:
        raise WriteBackError(f"{path}: the corrected text has {exc.object[exc.start]!r}, which {parsed.codec} "
                    "cannot encode") from None


def _has_bom(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == codecs.BOM_UTF8


def _splice(runs: list[str], start: int, end: int, new: str) -> list[str]:
    """Replace [start:end) of the runs' concatenation: the new text goes into the run where the
    span starts, and the later runs it covers lose their covered part."""
    out, lo, placed = [], 0, False
    for run in runs:
        hi = lo + len(run)
        if not placed and lo <= start and (start < hi or start == end == hi):
            out.append(run[: start - lo] + new + run[min(end, hi) - lo:])
            placed = True
        elif placed and lo < end:
            out.append(run[min(end, hi) - lo:])
        else:
            out.append(run)
        lo = hi
    return out
