"""Provides number extraction from Chinese sources and English targets, as comparable values.

Chinese writes large numbers with 万 (10^4) and 亿 (10^8); English with thousand, million and
billion. MT converts them wrong more often than anything else (1亿 -> "10 million"). Both sides
are reduced to plain values, with their spans, so that `3.7万` and `37,000` compare equal.
Chinese numerals in words (一些, 两国, 十分) are deliberately not extracted: they are mostly not
quantities, and reading them would flag good translations.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_ZH_MULT = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}

_ZH_ARABIC = regex.compile(
    r"(?<![\d.])(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千(?![米克瓦]))?\s*(%|％|个百分点)?"
)
_ZH_PERCENT_WORDS = regex.compile(r"百分之([零〇一二两三四五六七八九十百点]+)")
_ZH_NUMERAL = regex.compile(r"([零〇一二两三四五六七八九十百千]+)(万亿|亿|万)?(?=[年月日号岁名人个位家国次届项件元天周倍座艘架辆所])")

_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "dozen": 12, "hundred": 100,
}
_EN_MULT = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "hundred": 1e2}
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3,
    "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_EN_NUMBER = regex.compile(
    r"(?<![\p{L}\d.,]|\p{L}[-‐])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th|s)?(?![\p{L}\d])"
    r"(?:\s*(thousand|million|billion|trillion|hundred)\b)?"
)
_EN_WORD_NUMBER = regex.compile(
    r"\b(?:(a|" + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r")(?:[-\s](one|two|three|four|five|six|seven|eight|nine))?)"
    r"(?:\s+(thousand|million|billion|trillion|hundred))?\b",
    regex.IGNORECASE,
)
_EN_MONTH = regex.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    """A quantity found in a text."""

    value: float
    start: int
    end: int
    text: str
    percent: bool = False


def _zh_numeral_value(text: str) -> float | None:
    """Value of a Chinese numeral string such as 三十七, 一百零五, 二〇一九 (digit by digit)."""
    if all(ch in _ZH_DIGITS for ch in text):
        if len(text) == 1:
            return float(_ZH_DIGITS[text])
        return float("".join(str(_ZH_DIGITS[ch]) for ch in text))  # 二〇一九 = 2019
    total, digit = 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            total += (1 if digit is None else digit) * _ZH_UNITS[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def source_numbers(text: str) -> list[Number]:
    """Quantities in a Chinese source: Arabic numbers with 万/亿, dates, numerals before units."""
    out: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _ZH_ARABIC.finditer(text):
        value = float(m.group(1).replace(",", "").replace("，", "")) * _ZH_MULT.get(m.group(2) or "", 1.0)
        out.append(Number(value, m.start(), m.end(), m.group(0).strip(), percent=bool(m.group(3))))
        taken.append(m.span())
    for m in _ZH_PERCENT_WORDS.finditer(text):
        value = _zh_numeral_value(m.group(1).split("点")[0])
        if value is not None:
            out.append(Number(value, m.start(), m.end(), m.group(0), percent=True))
            taken.append(m.span())
    for m in _ZH_NUMERAL.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or m.group(1).startswith("十分"):
            continue
        value = _zh_numeral_value(m.group(1))
        if value is None:
            continue
        value *= _ZH_MULT.get(m.group(2) or "", 1.0)
        # 一/两 before a unit is usually "a"/"the two" in English, not a figure to check.
        if value <= 2 and not m.group(2) and text[m.end()] not in "月日号":
            continue
        out.append(Number(value, m.start(), m.end(), m.group(0)))
    out.sort(key=lambda n: n.start)
    return out


def target_numbers(text: str) -> tuple[list[Number], set[float]]:
    """Quantities in an English target.

    Returns:
        The figures written with digits (the only ones reported when unmatched), and the set of
        every value the text expresses, in digits, words or month names (for matching).
    """
    figures: list[Number] = []
    values: set[float] = set()
    for m in _EN_NUMBER.finditer(text):
        base = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        value = base * _EN_MULT.get((m.group(3) or "").lower(), 1.0)
        tail = text[m.end(): m.end() + 9].lower()
        percent = tail.lstrip().startswith(("%", "percent", "per cent"))
        figures.append(Number(value, m.start(), m.end(), m.group(0), percent=percent))
        values.update((value, base))
    for m in _EN_WORD_NUMBER.finditer(text):
        word = m.group(1).lower()
        if word == "a" and not m.group(3):
            continue
        value = float(1 if word == "a" else _EN_WORDS[word]) + float(_EN_WORDS.get((m.group(2) or "").lower(), 0))
        values.add(value * _EN_MULT.get((m.group(3) or "").lower(), 1.0))
    for m in _EN_MONTH.finditer(text):
        name = m.group(1)
        if name.lower() == "may" and not regex.search(r"\d", text[max(0, m.start() - 4): m.end() + 5]):
            continue  # the verb, not the month
        if name.islower() and len(name) <= 4:
            continue
        values.add(float(_MONTHS[name.lower()]))
    return figures, values


def same(a: float, b: float) -> bool:
    """Equal up to float noise from decimal multipliers (3.7 * 10^4)."""
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def english_figure(value: float, like: str = "") -> str:
    """Write a value the way an English news text would: 37,000; 100 million; 5.5."""
    for word, mult in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(value) >= mult and (value / mult) * 100 == int((value / mult) * 100):
            return f"{_plain(value / mult)} {word}"
    return _plain(value, commas=True)


def _plain(value: float, commas: bool = False) -> str:
    if value == int(value):
        return f"{int(value):,}" if commas and abs(value) >= 10000 else str(int(value))
    return f"{value:.10g}"
