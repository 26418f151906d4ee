"""Provides the rules that read only the target text: untranslated Chinese and repeated words."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import regex

from termqa.checks.base import Batch, Check
from termqa.model import Finding, Severity, Side
from termqa.normalize import HAN_RE

_REPEAT = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{L}+)(\s+)(\1)(?![\p{L}\p{N}'’-])", regex.IGNORECASE)
_NEXT_CAPITAL = regex.compile(r"\s+\p{Lu}")
_LATIN_END = regex.compile(r"(?:a|ae|us|um|i|ii|is|es|ensis|on|ix|ax)$")
_GENUS_BEFORE = regex.compile(r"\p{Lu}\p{Ll}+\s+$")
ALLOWED_REPEATS = frozenset({"had", "that", "bye", "ha", "no", "very", "far", "so", "again", "more"})
"""Words English legitimately doubles ("what he had had", "very very", "far, far")."""


_SYMBOLS = frozenset("丨丶丿乛〇")
"""Han code points that typesetters use as symbols (丨 as a separator), not as words."""


_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"\p{Latin}")


def left_in_chinese(target: str) -> bool:
    """A target mostly left in Chinese: at most two Latin letters to a Chinese character, where
    a translated sentence has about four letters to each character of its source."""
    han = len(_HAN.findall(target))
    return han > 0 and 2 * han >= len(_LATIN.findall(target))


class Untranslated(Check):
    """Chinese characters are left in the English target.

    What it does: flags each run of Han characters in the target. When the run is a glossary
    term, the approved rendering is suggested.

    Why it matters: MT leaves unknown names and terms untranslated, and they are easy to miss
    in a long article ("the 青瓦台 spokesman").

    Example: "the 青瓦台 spokesman" -> suggest "Cheong Wa Dae".
    """

    id = "untranslated"
    severity = Severity.ERROR

    def run(self, batch: Batch) -> Iterator[Finding]:
        flags = pl.Series(batch.targets, dtype=pl.String).str.contains(r"\p{Han}").to_list()
        for row, flagged in enumerate(flags):
            if not flagged:
                continue
            target = batch.targets[row]
            if left_in_chinese(target):
                # One finding for a segment left in Chinese, not one per run between its figures
                # and Latin words (比, 圖, 表 ...): a reviewer translates it whole.
                runs = [m for m in HAN_RE.finditer(target) if m.group(0) not in _SYMBOLS]
                if runs:
                    yield batch.finding(
                        self.id, row, Side.TARGET, runs[0].start(), runs[-1].end(),
                        "the target is left in Chinese", [],
                    )
                continue
            for m in HAN_RE.finditer(target):
                if m.group(0) in _SYMBOLS:
                    continue
                entries = batch.matcher.zh_entries(m.group(0)) if batch.matcher else ()
                suggestions = [batch.entry(i).target for i in entries]
                yield batch.finding(
                    self.id, row, Side.TARGET, m.start(), m.end(),
                    f'"{m.group(0)}" is left untranslated', suggestions,
                    term=batch.entry(entries[0]).id if entries else None,
                )


_FUNCTION_WORDS = frozenset(["the", "a", "an", "of", "to", "and", "in", "on", "at", "for", "with", "by", "from", "is", "was"])
_REDUPLICATION = regex.compile(r"(\p{Han}{1,2})\1")


def _faithful(word: str, source: str | None) -> bool:
    """A doubling the source has too: a name read from two syllables that sound alike
    (韩寒 -> Han Han) or a reduplicated word (超级超级 -> super super)."""
    if not source or word.lower() in _FUNCTION_WORDS:
        return False
    if f"{word} {word}".casefold() in source.casefold():
        return True  # the source has it in Latin letters (Wagga Wagga)
    if regex.search(rf"\p{{Han}}\s*{regex.escape(word)}(?!\p{{Latin}})", source, regex.IGNORECASE):
        return True  # a brand the source gives in both scripts (欧米茄OMEGA -> Omega OMEGA)
    if _REDUPLICATION.search(source):
        return True
    if word[:1].isupper():
        from termqa.pinyin import syllables

        reading = syllables(source)
        pair = [word.lower(), word.lower()]
        return any(reading[i:i + 2] == pair for i in range(len(reading) - 1))
    return False


def _rows_with_repeats(targets: list[str]) -> list[int]:
    """The rows where two words in a row are the same, punctuation and case ignored: a superset
    of the rows where _REPEAT finds a repeat, which decides."""
    # Exploded to one word per row and compared with the row above: a list.eval over every
    # segment cost three times as much, and extract_all twice what a split does. Only the
    # runs of neither letters nor spaces are replaced, and the empty words the split then
    # leaves between two spaces are dropped before the comparison: replacing every space
    # by a space as well cost more than all the rest.
    same = (pl.col("w") == pl.col("w").shift(1)) & (pl.col("row") == pl.col("row").shift(1))
    return (
        pl.LazyFrame({"t": pl.Series(targets, dtype=pl.String)})
        .select(w=pl.col("t").str.to_lowercase().str.replace_all(r"[^\p{L} ]+", " ").str.split(" "))
        .with_row_index("row")
        .explode("w")
        .filter(pl.col("w") != "")
        .filter(same)
        .select(pl.col("row").unique())
        .collect()
        .get_column("row").sort().to_list()
    )


class RepeatedWord(Check):
    """A word is repeated ("a major major city").

    What it does: flags two identical words in a row (case-insensitive), except the few that
    English doubles on purpose ("had had", "that that").

    Why it matters: MT and hurried post-editing leave doubled words that spell-checkers pass.

    Example: "a major major city" -> suggest "major".
    """

    id = "repeated-word"
    severity = Severity.WARNING

    def run(self, batch: Batch) -> Iterator[Finding]:
        for row in _rows_with_repeats(batch.targets):
            text = batch.targets[row]
            for m in _REPEAT.finditer(text):
                if m.group(1).lower() in ALLOWED_REPEATS:
                    continue
                if m.group(1)[:1].isupper() and m.group(3)[:1].isupper() and _NEXT_CAPITAL.match(text, m.end()):
                    continue  # part of a longer proper name: Run Run Shaw, Walla Walla Valley
                if _scientific(text, m):
                    continue  # Gorilla gorilla, Gymnocypris przewalskii przewalskii
                if _faithful(m.group(1), batch.sources[row]):
                    continue
                yield batch.finding(
                    self.id, row, Side.TARGET, m.start(), m.end(),
                    f'"{m.group(1)}" is repeated', [m.group(1)],
                )


def _scientific(text: str, m: regex.Match) -> bool:
    """A Latin species or subspecies name, which repeats a word by rule: a tautonym with its genus
    capitalised ("Gorilla gorilla", "Vulpes vulpes") or a subspecies epithet after its species
    ("Gymnocypris przewalskii przewalskii"). The word must have a Latin ending, so "The the" and
    "major major" stay repeats."""
    first, second = m.group(1), m.group(3)
    if not second.islower() or not _LATIN_END.search(second):
        return False
    if first[:1].isupper() and first[1:].islower():
        return True
    return first.islower() and bool(_GENUS_BEFORE.search(text, 0, m.start()))
