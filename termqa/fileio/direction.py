"""Provides the language-direction gate: termqa checks Chinese to English, and nothing else.

A file that says its languages (XLIFF `source-language`/`target-language` or `srcLang`/`trgLang`,
TMX `xml:lang` of its variants) is judged by what it says; a file that does not (plain text,
delimited, JSON Lines, paired files) by its target text: mostly Han letters is Chinese. A file
in another direction is refused in one line naming it, never checked into hundreds of findings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import regex

from termqa.errors import InputError
from termqa.fileio.safexml import is_chinese, is_english
from termqa.model import Segment

EXPECTED = "termqa checks zh -> en"
SAMPLE_SEGMENTS = 200
"""How many segments the target-text guess looks at."""

_HAN = regex.compile(r"\p{Han}")


def check_declared(path: str, source: str | None, target: str | None) -> None:
    """Refuse a file whose declared languages are not Chinese source and English target.

    A side the file leaves unsaid is not held against it.

    Raises:
        InputError: `path: en -> zh-CN: termqa checks zh -> en`.
    """
    source, target = (source or "").strip(), (target or "").strip()
    if (source and not is_chinese(source)) or (target and not is_english(target)):
        raise InputError(path, f"{source or '?'} -> {target or '?'}: {EXPECTED}")


def chinese_share(texts: Iterable[str]) -> tuple[int, int]:
    """(Han letters, all letters) in the texts."""
    han = letters = 0
    for text in texts:
        letters += sum(1 for ch in text if ch.isalpha())
        han += len(_HAN.findall(text))
    return han, letters


def refuse_chinese_target(path: str, segments: Iterator[Segment]) -> Iterator[Segment]:
    """The segments, after refusing a file whose target text is mostly Chinese.

    Looks at the first SAMPLE_SEGMENTS segments (read once: streams are not reopened) and
    refuses when over half of their target letters are Han characters.

    Raises:
        InputError: `path: the target text is Chinese: termqa checks zh -> en`.
    """
    head: list[Segment] = []
    error: InputError | None = None
    try:
        head.extend(itertools.islice(segments, SAMPLE_SEGMENTS))
    except InputError as exc:
        # A broken row within the sample: judge what came before it, which is then checked
        # before the error arrives, as it would be without the look-ahead.
        error = exc
    han, letters = chinese_share(s.target for s in head)
    if letters and han * 2 > letters:
        raise InputError(path, f"the target text is Chinese: {EXPECTED}")
    yield from head
    if error is not None:
        raise error
    yield from segments
