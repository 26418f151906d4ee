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

# A unit written against its figure ("39.5mm", "500ML", "20kg"): the figure is still a figure.
_GLUED_UNIT = r"(?:mm|cm|km|m|kg|mg|g|ml|mL|ML|l|L|t|GB|MB|TB|KB|mAh|kWh|kW|W|V|Hz|kHz|MHz|GHz)"
_ZH_PERCENT_WORDS = regex.compile(r"百分之([零〇一二两三四五六七八九十百点]+)")
_ZH_NUMERAL = regex.compile(r"[零〇一二两三四五六七八九十百千万亿]+")

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
# A figure is not part of a code ("A320"), except after a currency code ("USD3.5 million"), nor the
# decimals of another ("3.5"); a stop before it ends a sentence ("quoted me.70,000"). A Han
# character beside it is untranslated text, not a code: "US倡议424.4 million" still holds 424.4
# million ([^\P{L}\p{Han}] is a letter of any script but Han).
_EN_NUMBER = regex.compile(
    r"(?:(?<=\b(?:USD|RMB|CNY|EUR|GBP|JPY|AUD|CAD|HKD|SGD|NTD|KRW|VND|INR|CHF))|(?<![^\P{L}\p{Han}]|\d|\d[.,:]|[^\P{L}\p{Han}][-‐]|\d:\s))(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d++)(\.\d+)?+"
    r"(?:st|nd|rd|th)?s?(?=" + _GLUED_UNIT + r"?(?![^\P{L}\p{Han}]|\d))"
    r"(?:\s*((?i:thousand|million|billion|trillion|hundred))\b)?"
)
_EN_WORD_RUN = regex.compile(
    r"\b(?:(?:" + "|".join(sorted([*_EN_WORDS, *_EN_MULT, "a"], key=len, reverse=True)) + r")(?:[\s-]+(?:and[\s-]+)?|\b))+",
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
    alt: float | None = None
    """For a figure written in digit groups ("859 93119"), the value of the whole group."""


def _zh_small(text: str) -> float | None:
    """Value of a numeral below 万: 三十七, 一百零五, 二〇一九 (digit by digit), 千."""
    if not text:
        return 0.0
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


def _zh_numeral_value(text: str) -> float | None:
    """Value of a Chinese numeral, with 万 and 亿 sections: 三十万 = 300,000, 千亿 = 10^11."""
    total = 0.0
    rest = text
    for mark, scale in (("亿", 1e8), ("万", 1e4)):
        if mark in rest:
            head, _, rest = rest.partition(mark)
            value = _zh_small(head) if head else 1.0
            if value is None:
                return None
            total += (value or 1.0) * scale
    small = _zh_small(rest)
    return None if small is None else total + small


# Runs of figures and numerals, not part of a code such as G20, F1-F4, 4K or 26E. Quantifiers
# on digits are possessive so that "39.5x" is never read as 39 followed by ".5x".
_ZH_RUN = regex.compile(
    r"(?<![A-Za-z\d.]|[A-Za-z]-)(?:\d++(?:,\d{3})*+(?:\.\d+)?+|[零〇一二两三四五六七八九十百]|千(?![瓦米克卡]))"
    r"(?:\d++(?:,\d{3})*+(?:\.\d+)?+|[零〇一二两三四五六七八九十百万亿]|千(?![瓦米克卡])|[多余几](?=[十百千万亿])|\s(?=[万亿]))*"
    r"(?=" + _GLUED_UNIT + r"?(?![A-Za-z\d]))"
)
# Digits that are part of a code (G20, ATP500, CX-4): not figures, but a target may write them.
_ZH_CODE_NUMBER = regex.compile(r"(?<=[A-Za-z]-?)\d+(?:\.\d+)?|\d+(?:\.\d+)?(?=[A-Za-z])")
_ZH_SHARED_SCALE = regex.compile(r"(\d+(?:\.\d+)?)(?=\s*(?:至|到|-|—|～|~)\s*\d+(?:\.\d+)?\s*(万亿|亿|万))")
_SCALES_ONLY = regex.compile(r"[十百千万亿]+")
"""千万 (by all means), 百万 (millions): scale words alone are mostly not figures."""
_ZH_RANGE = regex.compile(r"([一二三四五六七八九])([一二三四五六七八九])([十百千万])")
_ZH_SUFFIX = regex.compile(r"\s*(多|余)?\s*(%|％|个百分点|年代|成)?")


def _mixed_small(text: str) -> float | None:
    """A section below 万 that may mix Arabic digits and Chinese units: 7015, 8千, 三十七, 3.5."""
    if not text:
        return 0.0
    plain = text.replace(",", "")
    if regex.fullmatch(r"\d+(?:\.\d+)?", plain):
        return float(plain)
    if regex.search(r"\d", text):
        total = 0.0
        for number, unit in regex.findall(r"(\d+(?:\.\d+)?)([千百十]?)", text):
            total += float(number) * (_ZH_UNITS.get(unit, 1) if unit else 1)
        return total
    return _zh_small(text)


def _run_value(text: str) -> float | None:
    """Value of a numeral run mixing digits and Chinese numerals: 11万7015 = 117,015, 7万8千 = 78,000."""
    total = 0.0
    rest = text
    for mark, scale in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if mark in rest:
            head, _, rest = rest.partition(mark)
            value = _mixed_small(head)
            if value is None or not head:
                return None
            total += value * scale
    small = _mixed_small(rest)
    return None if small is None else total + small


def _part_values(run: str) -> set[float]:
    """Values of every part of a run of Chinese numerals, for matching only.

    三四五六年级 is grades 3, 4, 5 and 6; 六一 is June 1; 十四五 is the 14th Five-Year Plan.
    Reading every part is lenient, but these values only excuse target figures, never report.
    """
    out: set[float] = set()
    for i in range(len(run)):
        for j in range(i + 1, min(len(run), i + 6) + 1):
            value = _zh_numeral_value(run[i:j])
            if value is not None:
                out.add(value)
    return out


# A date written with dots (2021.6.11, common in listings and captions): year, month, day.
_DOTTED_DATE = regex.compile(r"(?<![\d.])((?:19|20)\d{2})\.(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])(?!\d|\.\d)")


def _dates(text: str, values: set[float]) -> tuple[list[Number], list[tuple[int, int]]]:
    """The years of the dotted dates in a text, reported like any figure, with every part added
    to `values`, and the spans the dates cover (their parts are no figures of their own)."""
    years, spans = [], []
    for m in _DOTTED_DATE.finditer(text):
        values.update(float(g) for g in m.groups())
        years.append(Number(float(m.group(1)), m.start(1), m.end(1), m.group(1)))
        spans.append((m.start(), m.end()))
    return years, spans


def _inside(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start < b for a, b in spans)


def source_numbers(text: str) -> tuple[list[Number], set[float]]:
    """Quantities in a Chinese source.

    Returns:
        The figures reported when the target lacks them, and every value the text expresses
        (for matching target figures: 三十 satisfies 30, 四五十 both 40 and 50). Reported are
        runs written with digits (2019, 3.7万, 11万7015) except a bare 1, which English writes
        as "a" or "an", and Chinese numerals with 万/亿 (十万). Other Chinese numerals (四国,
        数十次, 百年) are words that English may render as words or leave implicit.
    """
    values: set[float] = set()
    out, dated = _dates(text, values)
    for m in _ZH_RUN.finditer(text):
        if _inside(m.start(), dated):
            continue
        run = m.group(0)
        value = _run_value(run.replace("多", "").replace("余", "").replace("几", "").replace(" ", ""))
        if value is None:
            continue
        suffix = _ZH_SUFFIX.match(text, m.end())
        more, unit = suffix.group(1), suffix.group(2) or ""
        end = suffix.end() if unit in ("%", "％", "个百分点") else m.end()
        values.add(value)
        decade = None
        if (unit == "年代" or text.startswith("后", suffix.end())) and value < 100 and value % 10 == 0:
            decade = 1900 + value  # 90年代 = the 1990s; 90后 = people born in the 1990s
            values.update((decade, 2000 + value))
        if unit == "成":  # 七成 = 70 percent
            values.add(value * 10)
        has_digit = bool(regex.search(r"\d", run))
        if has_digit:
            values.add(float(regex.match(r"[\d.,]+", run).group(0).replace(",", "") or 0))
        approximate = (
            text[max(0, m.start() - 1): m.start()] in ("数", "几", "上", "近")
            or more is not None
            or "多" in run
            or "几" in run
        )
        if not has_digit:
            values.update(_part_values(run))
        century = text.startswith("世纪", m.end())  # 20世纪 sets a time frame; "the 1960s" may imply it
        if has_digit and not century:
            if value != 1 or "万" in run or "亿" in run:
                percent = unit in ("%", "％", "个百分点")
                out.append(Number(value, m.start(), end, text[m.start():end], percent=percent, alt=decade))
        elif ("万" in run or "亿" in run) and value >= 1e4 and not approximate and not _SCALES_ONLY.fullmatch(run):
            out.append(Number(value, m.start(), end, run))
    for m in _ZH_RANGE.finditer(text):
        unit = _ZH_UNITS.get(m.group(3)) or _ZH_MULT[m.group(3)]
        low, high = _ZH_DIGITS[m.group(1)] * unit, _ZH_DIGITS[m.group(2)] * unit
        values.update((low, high))
        if text.startswith("年代", m.end()):  # 六七十年代 = the 1960s and 1970s
            values.update((1900 + low, 1900 + high))
    for m in _ZH_CODE_NUMBER.finditer(text):
        values.add(float(m.group(0)))
    # 600至850亿: the scale of the second figure applies to the first.
    for m in _ZH_SHARED_SCALE.finditer(text):
        scaled = float(m.group(1)) * _ZH_MULT[m.group(2)]
        values.add(scaled)
        out = [Number(scaled, n.start, n.end, n.text, n.percent) if n.start == m.start() else n for n in out]
    # 万元户, 亿万: a scale word alone still means its value.
    for m in regex.finditer(r"(?<![\d零〇一二两三四五六七八九十百千])(万|亿)", text):
        values.add(_ZH_MULT[m.group(1)])
    for m in _ZH_PERCENT_WORDS.finditer(text):
        value = _zh_numeral_value(m.group(1).split("点")[0])
        if value is not None:
            values.add(value)
            out.append(Number(value, m.start(), m.end(), m.group(0), percent=True))
    out.sort(key=lambda n: n.start)
    return out, values


def target_numbers(text: str) -> tuple[list[Number], set[float]]:
    """Quantities in an English target.

    Returns:
        The figures written with digits (the only ones reported when unmatched), and the set of
        every value the text expresses, in digits, words or month names (for matching).
    """
    values: set[float] = set()
    figures, dated = _dates(text, values)
    for m in _EN_NUMBER.finditer(text):
        if _inside(m.start(), dated):
            continue
        if (text[m.end(): m.end() + 1] == ")" and text[max(0, m.start() - 1): m.start()] in ("", " ", "(", ":")
                and not m.group(2) and not m.group(3) and len(m.group(1)) <= 2):
            values.add(float(m.group(1).replace(",", "")))
            continue  # a list marker, "1)"
        digits = regex.sub(r"[,\s]", "", m.group(1))
        base = float(digits + (m.group(2) or ""))
        value = base * _EN_MULT.get((m.group(3) or "").lower(), 1.0)
        if m.group(0).endswith("0s") and len(digits) == 4:  # the 1990s = 90年代
            values.add(float(digits[2:]))
        if value == 0:
            values.add(0.0)
            continue  # "9:00", "00": part of a time, not a figure to report
        tail = text[m.end(): m.end() + 9].lower()
        percent = tail.lstrip().startswith(("%", "percent", "per cent"))
        figures.append(Number(value, m.start(), m.end(), m.group(0), percent=percent))
        values.update((value, base))
    for m in _EN_WORD_RUN.finditer(text):
        words = regex.split(r"[\s-]+", m.group(0).strip(" -").lower())
        value = _word_value(words)
        if value is not None:
            values.add(value)
        # Each word on its own too: "five second prizes" is 5 and 2nd, not 7.
        values.update(float(_EN_WORDS[w]) for w in words if w in _EN_WORDS)
    for m in _EN_SHARED_SCALE.finditer(text):  # "60 to 85 billion": 60 billion
        scaled = float(m.group(1).replace(",", "")) * _EN_MULT[m.group(2).lower()]
        values.add(scaled)
        figures = [Number(f.value, f.start, f.end, f.text, f.percent, scaled) if f.start == m.start(1) else f
                   for f in figures]
    for m in _EN_DIGIT_GROUPS.finditer(text):  # "859 93119": a number written in groups
        whole = float(regex.sub(r"\s", "", m.group(0)))
        values.add(whole)
        figures = [
            Number(f.value, f.start, f.end, f.text, f.percent, whole) if m.start() <= f.start < m.end() else f
            for f in figures
        ]
    # Digits inside words ("post-90s", "COVID-19") are no figures to report, but they say the number.
    values.update(float(d) for d in regex.findall(r"\d+(?:\.\d+)?", text))
    for m in _EN_ABBREVIATED.finditer(text):  # 100bn, 3.5m, 20k
        values.add(float(m.group(1)) * _EN_ABBREV[m.group(2).lower()])
    for m in regex.finditer(r"(?i)\b(thousands|millions|billions|trillions)\b", text):
        values.add(_EN_MULT[m.group(1).lower()[:-1]])
    for m in _EN_DECADES.finditer(text):
        count = m.group(1).lower()
        number = float(count) if count.isdigit() else float(_EN_WORDS.get(count, 1))
        values.add(number * (100 if m.group(2).lower().startswith("centur") else 10))
    for m in _EN_TIME.finditer(text):
        values.update(float(g) for g in m.groups())
    for m in _EN_MONTH.finditer(text):
        name = m.group(1)
        if name.lower() == "may" and not (
            regex.search(r"\d", text[max(0, m.start() - 4): m.end() + 5])
            or regex.search(r"(?i)\b(?:in|last|next|early|late|this|of|since|until|mid)\s+$", text[: m.start()])
        ):
            continue  # the verb, not the month
        if name.islower() and len(name) <= 4:
            continue
        values.add(float(_MONTHS[name.lower()]))
    figures.sort(key=lambda n: n.start)
    return figures, values


_EN_SHARED_SCALE = regex.compile(
    r"\b(\d+(?:\.\d+)?)\s*(?:to|-|–|and|or)\s*\d+(?:\.\d+)?\s*(thousand|million|billion|trillion)\b", regex.IGNORECASE
)
_EN_ABBREV = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
_EN_ABBREVIATED = regex.compile(r"\b(\d+(?:\.\d+)?)\s?(k|m|mn|mln|bn|b|tn|trn)\b", regex.IGNORECASE)
_EN_DIGIT_GROUPS = regex.compile(r"(?<!\d|\d[,.])\d+(?: \d+)+(?!\d|[,.]\d)")
_EN_DECADES = regex.compile(r"\b(\d+|[a-z]+)\s+(decades?|centur(?:y|ies))\b", regex.IGNORECASE)
_EN_TIME = regex.compile(r"\b(\d{1,2})\s?:\s?(\d{2})\b")


def _word_value(words: list[str]) -> float | None:
    """Value of number words: 'five hundred thousand' = 500,000, 'twenty-five' = 25, 'a million'."""
    words = [w for w in words if w and w != "and"]
    if not words or words == ["a"]:
        return None
    total, current = 0.0, 0.0
    for i, w in enumerate(words):
        if w == "a":
            # "a hundred", "a million" are numbers; "a five-year visa" is not a six.
            if i + 1 < len(words) and (words[i + 1] == "hundred" or words[i + 1] in _EN_MULT):
                current = max(current, 1.0)
        elif w == "hundred":
            current = max(current, 1.0) * 100
        elif w in _EN_MULT:
            total += max(current, 1.0) * _EN_MULT[w]
            current = 0.0
        else:
            current += _EN_WORDS[w]
    return total + current


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
