"""Provides encoding detection and line streaming for text-based inputs.

Newsroom files arrive as UTF-8 (with or without a BOM), as UTF-16 exported by Windows tools and
as GB18030 from older mainland systems. We detect these from the bytes rather than trusting a
default, stream line by line so that memory stays flat in file size, and turn every decoding
problem into an InputError that names the line.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from termqa.errors import InputError

MAX_LINE_CHARS = 1_000_000
"""A line longer than this is not a segment but a broken file (a minified dump, a binary)."""

_SNIFF_BYTES = 1 << 20
_BLOCK = 1 << 22

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(path: str, head: bytes, encoding: str | None = None) -> str:
    """Choose the codec for a file from its first bytes.

    Args:
        path: The file, for messages.
        head: The first bytes of the file (up to a megabyte).
        encoding: A codec the user named; it wins when given.

    Returns:
        A Python codec name.

    Raises:
        InputError: The file is empty, binary, or neither UTF-8 nor GB18030.
    """
    if not head:
        raise InputError(path, "file is empty")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None
        return encoding
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec:
            return codec
        raise InputError(path, "binary file (contains NUL bytes), not text", _line_of(head, head.index(0)))
    error = None
    for codec in ("utf-8", "gb18030"):
        try:
            _decode_sample(head, codec)
            return codec
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    line = _line_of(head, error.start)
    raise InputError(
        path, f"cannot decode byte 0x{head[error.start]:02x} as UTF-8 or GB18030 (use --encoding)", line
    ) from None


def _decode_sample(head: bytes, codec: str) -> None:
    """Decode a sample; a multi-byte character cut by the end of a full sample is not an error."""
    try:
        head.decode(codec)
    except UnicodeDecodeError as exc:
        if len(head) == _SNIFF_BYTES and exc.start >= len(head) - 4:
            head[: exc.start].decode(codec)
            return
        raise


def _plausible(text: str) -> float:
    """Share of characters that are ordinary text: printable, whitespace, CJK."""
    good = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return good / max(len(text), 1)


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16-LE or -BE without a BOM, if one of them decodes to plausible text."""
    sample = head[: len(head) - len(head) % 2]
    best, score = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        value = _plausible(text)
        if value > score:
            best, score = codec, value
    return best if score >= 0.95 else None


def read_head(path: str) -> bytes:
    """Read the first megabyte of a file, turning OS errors into InputError."""
    try:
        with open(path, "rb") as fh:
            return fh.read(_SNIFF_BYTES)
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def iter_lines(path: str, encoding: str | None = None, keep_ends: bool = True) -> Iterator[str]:
    """Yield the lines of a text file, decoded, with their line endings kept (LF dropped when
    not `keep_ends`: a CR before it stays, for the caller to judge).

    Raises:
        InputError: On an empty, binary or undecodable file, or a line over MAX_LINE_CHARS.
    """
    head = read_head(path)
    codec = detect_encoding(path, head, encoding)
    if codecs.lookup(codec).name.startswith(("utf-16", "utf-32")):
        for line in _text_lines(path, codec):
            yield line if keep_ends or not line.endswith("\n") else line[:-1]
        return
    # ASCII-compatible codecs: read blocks of whole lines and decode each block at once (the
    # per-line work was the reader's main cost). Lines end at LF only, as editors and `wc -l`
    # count them; a decoding error is located to its own line.
    lineno = 0
    try:
        with open(path, "rb") as fh:
            first = True
            while True:
                block = fh.read(_BLOCK)
                if not block:
                    break
                if not block.endswith(b"\n"):
                    block += fh.readline()
                if first and codec == "utf-8-sig":
                    block = block.removeprefix(codecs.BOM_UTF8)
                first = False
                try:
                    text = block.decode(codec)
                except UnicodeDecodeError as exc:
                    bad = lineno + block.count(b"\n", 0, exc.start) + 1
                    raise InputError(path, f"cannot decode byte 0x{block[exc.start]:02x} as {codec}", bad) from None
                if "\x00" in text:
                    bad = lineno + text.count("\n", 0, text.index("\x00")) + 1
                    raise InputError(path, "binary data (NUL byte) in a text file", bad)
                lines = text.split("\n")
                last = lines.pop()
                for line in lines:
                    lineno += 1
                    if len(line) >= MAX_LINE_CHARS:
                        _check_line(path, line + "\n", lineno)
                    yield line + "\n" if keep_ends else line  # a copy per line when the end is kept
                if last:
                    lineno += 1
                    _check_line(path, last, lineno)
                    yield last
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc), lineno or None) from None


def _check_line(path: str, line: str, lineno: int) -> None:
    if len(line) > MAX_LINE_CHARS:
        raise InputError(path, f"line is {len(line):,} characters long (limit {MAX_LINE_CHARS:,})", lineno)
    if "\x00" in line:
        raise InputError(path, "binary data (NUL byte) in a text file", lineno)


def _text_lines(path: str, codec: str) -> Iterator[str]:
    lineno = 0
    try:
        with open(path, encoding=codec, newline="") as fh:
            for lineno, line in enumerate(fh, 1):
                _check_line(path, line, lineno)
                yield line
    except UnicodeDecodeError as exc:
        raise InputError(path, f"cannot decode as {codec}: {exc.reason}", lineno + 1) from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def read_bytes(path: str) -> bytes:
    """Read a whole file (for XML, which the parser decodes itself)."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    if not data.strip():
        raise InputError(path, "file is empty")
    return data


def iter_json_objects(path: str, what: str) -> Iterator[tuple[int, dict]]:
    """The JSON objects of a JSON Lines file with their line numbers (blank lines skipped).

    Raises:
        InputError: A line that is not a JSON object; `what` names the file's kind in the message.
    """
    import json

    for lineno, line in enumerate(iter_lines(path), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON in {what}: {exc.msg}", lineno) from None
        except RecursionError:
            raise InputError(path, f"invalid JSON in {what}: nested too deeply", lineno) from None
        if not isinstance(obj, dict):
            raise InputError(path, f"each line of a {what} must be a JSON object", lineno)
        yield lineno, obj
