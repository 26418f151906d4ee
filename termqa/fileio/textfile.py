"""Provides strict input opening, encoding detection and line streaming for text-based inputs.

Newsroom files arrive as UTF-8 (with or without a BOM), as UTF-16 exported by Windows tools and
as GB18030 from older mainland systems. We detect these from the bytes rather than trusting a
default, stream line by line so that memory stays flat in file size, and turn every decoding
problem into an InputError that names the line.

Every input is opened once, here (`open_input`): a regular file, or a stream (`-`,
/dev/stdin, a pipe from `<(...)`, a FIFO), which is read as it comes, never reopened (a second
open of a pipe finds it empty, of a FIFO waits forever). Devices, sockets and directories are
refused before they are opened; inputs above the size limit are refused (files at once,
streams when the limit is crossed). Decoding is strict: invalid UTF-8 (overlong forms, encoded
surrogates) names its line, or is replaced with U+FFFD and a warning under
`--encoding-errors replace`; no lone surrogate reaches the rules.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from termqa.errors import InputError, UsageError

MAX_LINE_CHARS = 1_000_000
"""A line longer than this is not a segment but a broken file (a minified dump, a binary)."""

DEFAULT_MAX_INPUT = 2 << 30
"""Default size limit of one input (2 GiB): a million-segment news corpus is about 300 MB."""

XML_MAX_INPUT = 256 << 20
"""TMX and XLIFF are parsed whole (write-back needs the tree): they have a lower limit of their own."""

STDIN_NAMES = ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")

_SNIFF_BYTES = 1 << 20
_LINE_CAP = 64 << 20
_BLOCK = 1 << 22

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Codecs that are text encodings to Python but not encodings of a file.
_NOT_FILE_CODECS = ("idna", "punycode", "unicode-escape", "raw-unicode-escape")
# ASCII-compatible, stateless codecs whose lines can be split on the byte \n before decoding.
_BLOCK_CODECS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "ascii", "latin-1")


def _stderr_warning(message: str) -> None:
    from termqa.safety import terminal

    print(f"termqa: warning: {terminal(message)}", file=sys.stderr)


@dataclass
class ReadPolicy:
    """How inputs are read; the CLI sets one per command (see `reading`)."""

    max_bytes: int = DEFAULT_MAX_INPUT
    errors: str = "strict"
    """'strict': invalid bytes are an input error; 'replace': U+FFFD and one warning per file."""
    warn: Callable[[str], None] = field(default=_stderr_warning)


# A process-wide setting, not a ContextVar: the engine reads inputs in worker threads, which
# would not see a context variable set by the CLI.
_policy = ReadPolicy()


def policy() -> ReadPolicy:
    """The read policy in force."""
    return _policy


@contextlib.contextmanager
def reading(new: ReadPolicy) -> Iterator[ReadPolicy]:
    """Read every input under `new` inside the block."""
    global _policy
    old, _policy = _policy, new
    try:
        yield new
    finally:
        _policy = old


def parse_size(text: str) -> int:
    """'500M', '2G', '1048576' -> bytes.

    Raises:
        UsageError: Not a size.
    """
    m = re.fullmatch(r"\s*(\d{1,15})\s*([kKmMgGtT]?)i?[bB]?\s*", text)
    if not m:
        raise UsageError(f"not a size: {text!r} (use a number of bytes, or 500M, 2G)")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30, "t": 40}[m.group(2).lower()]


# --- opening ------------------------------------------------------------------------------------


class Source:
    """One opened input: reads count towards the size limit."""

    def __init__(self, path: str, fh: BinaryIO, stream: bool, limit: int) -> None:
        self.path = path
        self.stream = stream
        """True for pipes, FIFOs and stdin: read once, as it comes."""
        self._fh = fh
        self._limit = limit
        self._read = 0

    def _count(self, data: bytes) -> bytes:
        self._read += len(data)
        if self._read > self._limit:
            raise InputError(self.path, f"input is larger than the limit of {self._limit:,} bytes (see --max-input-size)")
        return data

    def read(self, size: int = -1) -> bytes:
        """Read up to `size` bytes (all with -1), within the limit."""
        if size < 0:
            chunks = []
            while chunk := self.read(_BLOCK):
                chunks.append(chunk)
            return b"".join(chunks)
        try:
            return self._count(self._fh.read(size))
        except OSError as exc:
            raise InputError(self.path, exc.strerror or str(exc)) from None

    def readline(self) -> bytes:
        """Read one line, or its first 64 MiB (enough to measure any line the limit refuses)."""
        try:
            return self._count(self._fh.readline(_LINE_CAP))
        except OSError as exc:
            raise InputError(self.path, exc.strerror or str(exc)) from None

    def close(self) -> None:
        """Close the handle (stdin's duplicate included)."""
        self._fh.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _refusal(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        return "is not a regular file"
    return None


def classify(path: str) -> str:
    """'file' or 'stream' for a readable input.

    Raises:
        InputError: A missing path, a directory, a device or a socket.
    """
    try:
        st = os.fstat(0) if path == "-" else os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except (OSError, ValueError) as exc:
        raise InputError(path, getattr(exc, "strerror", None) or str(exc)) from None
    problem = _refusal(st.st_mode)
    if problem:
        raise InputError(path, problem)
    return "stream" if stat.S_ISFIFO(st.st_mode) else "file"


def open_input(path: str, limit: int | None = None) -> Source:
    """Open an input once, after checking what it is.

    Raises:
        InputError: Missing, unreadable, a directory, a device, a socket, or over the size limit.
    """
    cap = policy().max_bytes if limit is None else min(limit, policy().max_bytes)
    classify(path)  # before opening: opening a device can have effects (a tape rewinds)
    try:
        fh: BinaryIO = os.fdopen(os.dup(0), "rb") if path == "-" else open(path, "rb")  # noqa: SIM115
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    st = os.fstat(fh.fileno())
    problem = _refusal(st.st_mode)  # the path may have been swapped since the check
    if problem:
        fh.close()
        raise InputError(path, problem)
    stream = stat.S_ISFIFO(st.st_mode)
    if not stream and st.st_size > cap:
        fh.close()
        raise InputError(path, f"input is {st.st_size:,} bytes, over the limit of {cap:,} (see --max-input-size)")
    return Source(path, fh, stream, cap)


# --- encodings ----------------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_encoding(encoding: str, path: str | None = None) -> str:
    """The canonical name of a user-named codec, if it is a text encoding of files.

    Raises:
        InputError: (with `path`) or UsageError: unknown, or not a text encoding (rot13, base64).
    """
    def fail(problem: str) -> Exception:
        return InputError(path, problem) if path else UsageError(f"--encoding: {problem}")

    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError, TypeError):
        raise fail(f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_CODECS:
        raise fail(f"{encoding!r} is not a text encoding (use utf-8, utf-16, gb18030 ...)")
    return info.name


_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _mostly_utf8(head: bytes) -> bool:
    """Valid multi-byte UTF-8 sequences cover most non-ASCII bytes: a UTF-8 file with a flaw,
    not a GB18030 file (whose byte pairs rarely form UTF-8 by chance)."""
    high = len(re.findall(rb"[\x80-\xff]", head))
    if not high:
        return False
    valid = sum(len(m) for m in _UTF8_SEQ.findall(head))
    return valid > 0 and valid * 2 >= high


def _plausible_gb18030(text: str) -> bool:
    """GB18030 text is Chinese: most of its non-ASCII characters are CJK, and there are some.

    A lone undecodable pair in an English file (an overlong UTF-8 '/', a stray Latin-1 byte
    pair) also decodes as GB18030, to one odd character: that is a broken file, not Chinese.
    """
    high = [ch for ch in text if ord(ch) >= 0x80 and not "\u2010" <= ch <= "\u2027"]  # quotes, dashes: neutral
    cjk = sum(1 for ch in high if _CJK.match(ch))
    return cjk >= 2 and cjk * 2 >= len(high)


def _utf8_flaw(data: bytes, start: int) -> str:
    b = data[start]
    nxt = data[start + 1] if start + 1 < len(data) else None
    if b in (0xC0, 0xC1) or (b == 0xE0 and nxt is not None and nxt < 0xA0) or (b == 0xF0 and nxt is not None and nxt < 0x90):
        return "an overlong encoding"
    if b == 0xED and nxt is not None and nxt >= 0xA0:
        return "an encoded surrogate"
    if b >= 0xF8:
        return "never valid in UTF-8"
    if b >= 0xF5 or (b == 0xF4 and nxt is not None and nxt >= 0x90):
        return "beyond U+10FFFF"
    if 0x80 <= b <= 0xBF:
        return "a continuation byte without a lead byte"
    return "a truncated sequence"


def describe_utf8_error(data: bytes, start: int) -> str:
    """What is wrong at `data[start]`, in the words of RFC 3629."""
    return f"invalid UTF-8: byte 0x{data[start]:02x} is {_utf8_flaw(data, start)}"


def detect_encoding(path: str, head: bytes, encoding: str | None = None) -> str:
    """Choose the codec for a file from its first bytes.

    Args:
        path: The file, for messages.
        head: The first bytes of the file (up to a megabyte).
        encoding: A codec the user named; it wins when given.

    Returns:
        A Python codec name.

    Raises:
        InputError: The file is empty, binary, or neither UTF-8 nor GB18030; or the named
            codec is not a text encoding, or is UTF-16/32 for bytes that cannot be.
    """
    if not head:
        raise InputError(path, "file is empty")
    if encoding:
        name = check_encoding(encoding, path)
        wide = name.startswith(("utf-16", "utf-32"))
        if wide and b"\x00" not in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Every UTF-16 or UTF-32 text with a line break has NUL bytes; these bytes have none.
            raise InputError(path, f"is not {name}: no byte-order mark and no NUL bytes (use --encoding utf-8?)")
        return name
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec:
            return codec
        raise InputError(path, "binary file (contains NUL bytes), not text", _line_of(head, head.index(0)))
    try:
        _decode_sample(head, "utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(head):
        return "utf-8"  # the line reader reports the flaw on its line (or replaces it)
    try:
        _decode_sample(head, "gb18030")
        if _plausible_gb18030(head.decode("gb18030", "ignore")):
            return "gb18030"
    except UnicodeDecodeError:
        pass
    if policy().errors == "replace":
        return "utf-8"
    start = utf8_error.start
    raise InputError(
        path, f"cannot decode byte 0x{head[start]:02x} as UTF-8 ({_utf8_flaw(head, start)}) or GB18030 (use --encoding)",
        _line_of(head, start),
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
    """Read the first megabyte of a regular file, turning OS errors into InputError."""
    with open_input(path) as src:
        return src.read(_SNIFF_BYTES)


# --- lines --------------------------------------------------------------------------------------


class _Replay(io.RawIOBase):
    """The sniffed head, then the rest of the source: a stream is never read twice."""

    def __init__(self, head: bytes, src: Source) -> None:
        self._head = head
        self._src = src

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._src.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def iter_lines(path: str, encoding: str | None = None, keep_ends: bool = True) -> Iterator[str]:
    """Yield the lines of a text file, decoded, with their line endings kept (LF dropped when
    not `keep_ends`: a CR before it stays, for the caller to judge).

    Raises:
        InputError: On an empty, binary or undecodable file, or a line over MAX_LINE_CHARS.
    """
    with open_input(path) as src:
        head = src.read(_SNIFF_BYTES)
        codec = detect_encoding(path, head, encoding)
        name = codecs.lookup(codec).name
        if name not in _BLOCK_CODECS:
            for line in _text_lines(path, codec, head, src):
                yield line if keep_ends or not line.endswith("\n") else line[:-1]
            return
        yield from _block_lines(path, codec, head, src, keep_ends)


def _block_lines(path: str, codec: str, head: bytes, src: Source, keep_ends: bool) -> Iterator[str]:
    # ASCII-compatible codecs: read blocks of whole lines and decode each block at once (the
    # per-line work was the reader's main cost). Lines end at LF only, as editors and `wc -l`
    # count them; a decoding error is located to its own line.
    lineno = 0
    errors = policy().errors
    warned = False
    pending = head
    first = True
    while True:
        block = pending + src.read(_BLOCK - len(pending)) if pending else src.read(_BLOCK)
        pending = b""
        if not block:
            break
        if not block.endswith(b"\n"):
            block += src.readline()
        if first and codec == "utf-8-sig":
            block = block.removeprefix(codecs.BOM_UTF8)
        first = False
        try:
            text = block.decode(codec)
        except UnicodeDecodeError as exc:
            bad = lineno + block.count(b"\n", 0, exc.start) + 1
            what = describe_utf8_error(block, exc.start) if codec.startswith("utf-8") else \
                f"cannot decode byte 0x{block[exc.start]:02x} as {codec}"
            if errors != "replace":
                raise InputError(path, what, bad) from None
            if not warned:
                policy().warn(f"{path}:{bad}: {what}; replaced with U+FFFD (and any further invalid bytes in this file)")
                warned = True
            text = block.decode(codec, "replace")
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


def _check_line(path: str, line: str, lineno: int) -> None:
    if len(line) > MAX_LINE_CHARS:
        raise InputError(path, f"line is {len(line):,} characters long (limit {MAX_LINE_CHARS:,})", lineno)
    if "\x00" in line:
        raise InputError(path, "binary data (NUL byte) in a text file", lineno)


def _text_lines(path: str, codec: str, head: bytes, src: Source) -> Iterator[str]:
    lineno = 0
    errors = "replace" if policy().errors == "replace" else "strict"
    raw = io.BufferedReader(_Replay(head, src), buffer_size=1 << 16)
    fh = io.TextIOWrapper(raw, encoding=codec, errors=errors, newline="")
    try:
        while True:
            line = fh.readline(MAX_LINE_CHARS + 1)
            if not line:
                break
            lineno += 1
            _check_line(path, line, lineno)
            yield line
    except UnicodeError as exc:  # UnicodeDecodeError, and the codecs that raise the base class
        raise InputError(path, f"cannot decode as {codec}: {getattr(exc, 'reason', exc)}", lineno + 1) from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def read_bytes(path: str, limit: int | None = None) -> bytes:
    """Read a whole input (for XML, which the parser decodes itself), within `limit`."""
    with open_input(path, XML_MAX_INPUT if limit is None else limit) as src:
        data = src.read()
    if not data.strip():
        raise InputError(path, "file is empty")
    return data


# --- JSON ---------------------------------------------------------------------------------------

MAX_JSON_DIGITS = 20
"""Longer integers are not line numbers or offsets but an attack on int() (CVE-2020-10735)."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_DIGITS:
        raise ValueError(f"a number of {len(text.lstrip('-')):,} digits")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > 64:
        raise ValueError(f"a number of {len(text):,} characters")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("a number out of range")
    return value


def _no_constant(text: str) -> float:
    raise ValueError(f"{text} is not JSON")


def json_loads(text: str) -> object:
    """json.loads with numbers bounded: no 5,000-digit integers, no NaN or Infinity.

    Raises:
        ValueError: (json.JSONDecodeError for syntax) a number out of bounds.
        RecursionError: Nested too deeply.
    """
    import json

    return json.loads(text, parse_int=_bounded_int, parse_float=_bounded_float, parse_constant=_no_constant)


def parse_json_line(path: str, line: str, lineno: int, what: str) -> object:
    """One JSON Lines record, every failure an InputError naming the line."""
    import json

    kind = f"invalid JSON in {what}" if what else "invalid JSON"
    try:
        return json_loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"{kind}: {exc.msg} (column {exc.colno})", lineno) from None
    except RecursionError:
        raise InputError(path, f"{kind}: nested too deeply", lineno) from None
    except ValueError as exc:
        raise InputError(path, f"{kind}: {exc}", lineno) from None


def iter_json_objects(path: str, what: str) -> Iterator[tuple[int, dict]]:
    """The JSON objects of a JSON Lines file with their line numbers (blank lines skipped).

    Raises:
        InputError: A line that is not a JSON object; `what` names the file's kind in the message.
    """
    for lineno, line in enumerate(iter_lines(path), 1):
        if not line.strip():
            continue
        obj = parse_json_line(path, line, lineno, what)
        if not isinstance(obj, dict):
            raise InputError(path, f"each line of a {what} must be a JSON object", lineno)
        yield lineno, obj
