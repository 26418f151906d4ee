"""Provides number reading for Chinese sources and English targets, and their comparison.

Chinese writes large numbers with 万 (10^4) and 亿 (10^8); English with thousand, million and
billion. MT converts them wrong more often than anything else (1亿 -> "10 million"). Both sides
are reduced to plain values, with their spans, so that `3.7万` and `37,000` compare equal.

The comparison reads figures as a news editor does: a hedged figure (约, 近, 多, 余, 几十) allows
what the hedge allows, a precise figure may be rounded to the decimals the English writes
(1993.03万 -> "19.93 million"), a length, weight or area may be given converted (20里 -> "10
kilometers"), an hour on either clock (17时 -> "5 p.m."), a year or a day in words (2019年 ->
"this year", 26日 -> "Monday"). List markers ("2、", "(1)") are no figures on either side.
Chinese numerals in words (一些, 两国, 十分) are only matched, never reported: they are mostly
not quantities, and reading them would flag good translations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

import regex

# Patterns written where they are used, compiled once: regex's own cache costs more per call
# than the matching itself on short texts.
_re = cache(regex.compile)


class _Lazy:
    """A pattern compiled on first use. Compiling this module's fifty patterns took 44 ms, which
    every `termqa` command paid at import although most never read a number."""

    def __init__(self, *args: object) -> None:
        self._args = args

    def __getattr__(self, name: str) -> object:
        # Called only until the first use: the pattern's methods then sit in the instance, and a
        # call costs what a call on the compiled pattern does.
        pattern = regex.compile(*self._args)
        for method in ("finditer", "search", "match", "fullmatch", "sub", "split", "findall", "pattern"):
            self.__dict__[method] = getattr(pattern, method)
        return getattr(pattern, name)

_ZH_MULT = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
# Full-width digits and signs are the same figures; one character for one keeps every offset.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_ANY_FULL_WIDTH = _Lazy("[" + "".join(map(chr, _FULL_WIDTH)) + "]")
# Traditional characters of the words around figures are the same words (8,600億 is 8,600亿;
# the HKMA's reports are written so): folded one for one, which keeps every offset.
_TRADITIONAL = str.maketrans(
    "億萬兩點個餘幾數約將過號週屆項輛時後紀歲當禮鐘會畝噸頃開間裡邊頭護報熱揮務電話這總計",
    "亿万两点个余几数约将过号周届项辆时后纪岁当礼钟会亩吨顷开间里边头护报热挥务电话这总计",
)
_ANY_TRADITIONAL = _Lazy("[" + "".join(map(chr, _TRADITIONAL)) + "]")
# A character entity left in a text (大卫&#183;约翰森): its digits are a code point, no figure.
_ENTITY = _Lazy(r"&#(?:\d{1,7}|[xX][0-9a-fA-F]{1,6});")
# Longer digit strings are codes and serial numbers, and beyond float precision.
_MAX_DIGITS = 15

# A unit written against its figure ("39.5mm", "500ML", "20kg"): the figure is still a figure.
_GLUED_UNIT = r"(?:mm|cm|km|m|kg|mg|g|ml|mL|ML|l|L|t|GB|MB|TB|KB|mAh|kWh|kW|W|V|Hz|kHz|MHz|GHz)"
# A scale abbreviated against the figure ("100bn", "$1.2bn", "20k").
_GLUED_SCALE = r"(?:bn|mn|mln|tn|trn|b|B|k|K)"
_ZH_PERCENT_WORDS = _Lazy(r"百分之([零〇一二两三四五六七八九十百点]+)")

_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "dozen": 12, "hundred": 100,
    # Days of the month in words (12号 -> "the twelfth"); "twenty-first" is twenty and first.
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
_DIGIT_WORDS = frozenset(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
_EN_MULT = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "hundred": 1e2}
_EN_ABBREV = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3,
    "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# A figure is not part of a code ("A320"), except after a currency code ("USD3.5 million"), nor the
# decimals of another ("3.5") or the minutes of a time ("17: 00"); a stop before it ends a sentence
# ("quoted me.70,000"), a comma before it lists it ("3,5,8": three figures; "3,500" is read whole
# first). A Han character beside it is untranslated text, not a code: "US倡议424.4 million" still
# holds 424.4 million ([^\P{L}\p{Han}] is a letter of any script but Han).
_EN_NUMBER = _Lazy(
    r"(?:(?<=\b(?:USD|RMB|CNY|EUR|GBP|JPY|AUD|CAD|HKD|SGD|NTD|KRW|VND|INR|CHF))|(?<![^\P{L}\p{Han}]|\d|\d[.:]|[^\P{L}\p{Han}][-‐]|\d:\s))(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d++)(\.\d+)?+"
    r"(?:st|nd|rd|th)?s?(?=(?:" + _GLUED_UNIT + "|" + _GLUED_SCALE + r"|[ap]m|[AP]M)?(?![^\P{L}\p{Han}]|\d))"
    r"(?:\s*((?i:thousand|million|billion|trillion|hundred))\b)?"
)
_EN_WORD_RUN = _Lazy(
    r"\b(?:(?:" + "|".join(sorted([*_EN_WORDS, *_EN_MULT, "a"], key=len, reverse=True)) + r")(?:[\s-]+(?:and[\s-]+)?|\b))+",
    regex.IGNORECASE,
)
_CASE_TWINS = ("\u212a", "\u017f", "\u0130", "\u0131")
"""Characters a case-insensitive pattern matches to an ASCII letter that casefold() does not
give as that letter (Kelvin sign, long s, dotted and dotless I)."""
_EN_RUN_WORDS = tuple(sorted(w for w in {*_EN_WORDS, *_EN_MULT} if not any(v != w and v in w for v in {*_EN_WORDS, *_EN_MULT})))
"""The words of _EN_WORD_RUN but "a", less those that hold another ("seventeen" holds "seven"):
a text holds one of these as a substring exactly when it holds one of all of them."""
_EN_A_RUN = _Lazy(r"\ba[\s-]+(?:and[\s-]+)?a\b", regex.IGNORECASE)
"""Two "a" in a row, the only run without a number word that adds a value (0)."""


def _trie(words: list[str]) -> str:
    """An alternation of `words` as a prefix tree: "t(?:en|w(?:o|elve))" for ten, two, twelve.

    The standard `re` tries the branches of a flat alternation one by one at every word start;
    branching on each letter it tries one. Branch order is free where the word must end at a word
    boundary, as in _EN_WORD_RUN: then only one word of the list can match at a place.
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return branch(tree)


@cache
def _en_word_run_ascii() -> re.Pattern[str]:
    """_EN_WORD_RUN for a lower-case ASCII text, in the standard `re`: 0.2 s where _EN_WORD_RUN
    took 0.8 s on the 37,000 targets of 200,000 news segments that reach read_target, and without
    the word test before it, which those targets mostly pass ("one" in "done", "ten" in "often").

    The white space is spelled out: `re` counts the four separators below the space (28 to 31) as
    space, `regex` does not; on ASCII nothing else differs but the case of letters, and the text
    is the lower-case one.
    """
    space = r"[\t\n\x0b\x0c\r -]"
    words = _trie([*_EN_WORDS, *_EN_MULT, "a"])
    return re.compile(r"\b(?:" + words + r"(?:" + space + r"+(?:and" + space + r"+)?|\b))+", re.ASCII)
_SCALE_WORDS = ("thousand", "million", "billion", "trillion")
_MONTH_PREFIXES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""Every month name and abbreviation of _MONTHS starts with one of these."""
_WHOLE_WORDS = ("all", "every", "entire", "fully", "whole", "complete")
"""The words of _EN_WHOLE."""
_EN_MONTH = _Lazy(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    """A quantity found in a text."""

    value: float
    start: int
    end: int
    text: str
    percent: bool = False
    alts: tuple[float, ...] = ()
    """Other readings of the same words: a digit group whole ("859 93119"), the decade of 90后,
    the other clock of 17时 (5), "100m" as 100 million."""
    kind: str = ""
    """"year", "day" (26日, "September 26"), "ordinal" ("27th"), "aside" (an amount converted in
    brackets), "listed" (a count of the list before it), "pm" (an hour in "5 p.m."): the figures
    a text may say otherwise, or add to explain."""
    step: float = 0.0
    """Target: the precision of a figure written with decimals and at least two significant
    digits (0.01 million for "19.93 million"); 0 for an exact figure."""
    scale: float = 1.0
    """Target: the value of the scale word or abbreviation ("20 million": 10^6)."""
    unit: str = ""
    """Target: the family of the unit that follows ("km", "kg", "m2"); empty if none is known."""
    low: float | None = None
    high: float | None = None
    """Source: what a hedged figure allows (20多万: 200,000 to 300,000); None for a plain one."""
    conversions: tuple[tuple[str, float], ...] = ()
    """Source: the figure in other units, by unit family (20里: ("km", 10.0), ...)."""
    source_unit: str = ""
    """Source: the unit those conversions are from (里)."""


@dataclass(frozen=True, slots=True)
class Reading:
    """The quantities of one text."""

    figures: tuple[Number, ...]
    """The figures reported when the other side lacks them."""
    values: frozenset[float]
    """Every value the text expresses, in figures, words, month names or parts of codes."""
    spans: tuple[tuple[float, float], ...] = ()
    """Source: what hedged numerals allow (几十: 20 to 90; 近半: 40 to 50)."""
    conversions: tuple[tuple[str, float], ...] = ()
    """Source: every figure and numeral before a unit, converted (一千斤: ("kg", 500.0))."""
    relative_year: bool = False
    """The text names a year relatively (今年, "last year", "year-on-year")."""
    relative_day: bool = False
    """The text names a day relatively or by weekday (当日, "Monday", "the same day")."""
    weekday: bool = False
    """Source: the text names a weekday (周四), which a weekday in the target renders."""
    ordinal: bool = False
    """Source: the text has an ordinal in Chinese numerals (十八大, 第十三届)."""
    whole: bool = False
    """Target: says "all" or "entire", which renders 100%."""


def _float(digits: str) -> float | None:
    """Value of a figure's digits, commas and spaces dropped; None for a code too long to be one."""
    if len(digits) <= _MAX_DIGITS and digits.isdecimal():  # (a whole number, as most are: float() reads it)
        return float(digits)
    # (Plain digits, as most figures are, have nothing to drop.)
    plain = digits if digits.replace(".", "").isdigit() else _re(r"[,\s\u00a0\u202f]").sub("", digits)
    if not plain or len(plain.replace(".", "")) > _MAX_DIGITS:
        return None
    try:
        value = float(plain)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _zh_small(text: str) -> float | None:
    """Value of a numeral below 万: 三十七, 一百零五, 二〇一九 (digit by digit), 千."""
    if not text:
        return 0.0
    if all(ch in _ZH_DIGITS for ch in text):
        if len(text) == 1:
            return float(_ZH_DIGITS[text])
        return _float("".join(str(_ZH_DIGITS[ch]) for ch in text))  # 二〇一九 = 2019
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


def _zh_decimal(text: str) -> float | None:
    """Value of a Chinese numeral with 点 for the decimal point: 三点五 = 3.5."""
    whole, _, decimals = text.partition("点")
    value = _zh_numeral_value(whole) if whole else 0.0
    if value is None or any(ch not in _ZH_DIGITS for ch in decimals):
        return None
    if decimals:
        value += float("0." + "".join(str(_ZH_DIGITS[ch]) for ch in decimals))
    return value


# Runs of figures and numerals, not part of a code such as G20, F1-F4, LP700-4, 4K or 26E.
# Quantifiers on digits are possessive so that "39.5x" is never read as 39 followed by ".5x".
# Digits follow a numeral only after 万, 亿 or 千 (1亿2000万, 3万5千): in 周五17时 the 五 is a
# weekday and 17 an hour.
_ZH_FIGURE = r"\d++(?:,\d{3})*+(?:\.\d+)?+"
_ZH_RUN = _Lazy(
    r"(?<![A-Za-z\d.]|[A-Za-z]\d*-)(?:" + _ZH_FIGURE + r"|[零〇一二两三四五六七八九十百]|千(?![瓦米克卡]))"
    r"(?:(?<=[万亿千])" + _ZH_FIGURE + r"|(?<!\d)[零〇一二两三四五六七八九]|[十百万亿]|千(?![瓦米克卡])"
    r"|[多余几](?=[十百千万亿])|\s(?=[万亿]))*"
    r"(?=" + _GLUED_UNIT + r"?(?![A-Za-z\d]))"
)
# Digits that are part of a code (G20, ATP500, CX-4): not figures, but a target may write them.
_ZH_CODE_NUMBER = _Lazy(r"(?<=[A-Za-z]\d*-?)\d+(?:\.\d+)?|\d+(?:\.\d+)?(?=[A-Za-z])")
_ZH_SHARED_SCALE = _Lazy(r"(\d+(?:\.\d+)?)(?=\s*(?:至|到|-|—|～|~)\s*\d+(?:\.\d+)?\s*(万亿|亿|万))")
_SCALES_ONLY = _Lazy(r"[十百千万亿]+")
"""千万 (by all means), 百万 (millions): scale words alone are mostly not figures."""
_ZH_APPROXIMATE = _Lazy(
    r"(?<![零〇一二两三四五六七八九])(?:一二|二三|三四|四五|五六|六七|七八|八九)(?=[十百千万亿])")
"""Two numerals a step apart before a unit: an estimate (三四十 thirty or forty, 七八万)."""
_ZH_RANGE = _Lazy(r"([一二三四五六七八九])([一二三四五六七八九])([十百千万])")
_ZH_SUFFIX = _Lazy(r"\s*(多|余|来|几)?\s*(%|个百分点|年代|成|倍)?")
_ZH_HEDGE_BEFORE = _Lazy(r"(?:大约|约|将近|接近|近|逾|超过|超|过|上|数|几|好几)$")
_ZH_AFTERNOON = _Lazy(r"(?:下午|晚上|傍晚|晚|午后|夜间|夜里)$")
_ZH_MORNING = _Lazy(r"(?:上午|早上|早晨|清晨|凌晨|早|晨)$")  # (中午1点 is 1 p.m.: not here)
_ZH_HEDGE_AFTER = _Lazy(r"\s*[^\s\d，。、；,;]?\s*(?:左右|上下|之多|以上|开外)")
# Emergency and service numbers: 120急救车 is an ambulance, not a figure.
_ZH_HOTLINE = _Lazy(r"(?<!\d)(?:110|119|120|122|12306|12315|12345|12333)(?=急救|救护|报警|热线|指挥|接警|服务|电话|平台)")
# A list marker at the start of the text or of a clause ("2、", "1.", "3)"), or in brackets ("（1）").
_ZH_MARKER = _Lazy(r"(?:^|(?<=[\n。；;：:]))\s*[（(]?(\d{1,2})(?:[)）、]|\.(?!\d))|[（(](\d{1,2})[)）]")
_ZH_HALF = _Lazy(r"(将近|接近|近|超过|过|逾|超|大)?(一半|半数|半)")
_ZH_AND_A_HALF = _Lazy(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)个?半")
_ZH_FRACTION = _Lazy(r"([\d]+|[一二两三四五六七八九十]+)分之([\d.]+|[零〇一二两三四五六七八九十点]+)")
_ZH_RELATIVE_YEAR = _Lazy(r"今年|去年|明年|前年|当年|同年|本年|上年|次年|年内|上一年|同比")
_ZH_RELATIVE_DAY = _Lazy(r"当日|当天|同日|同一天|今天|今日|昨天|昨日|明天|明日|次日|前一天|当晚")
_ZH_ORDINAL = _Lazy(r"第[零〇一二两三四五六七八九十百]|[零〇一二两三四五六七八九十百]+(?:大(?![学会型量概小约多])|届|次全会|中全会)")
_ZH_WEEKDAY = _Lazy(r"周[一二三四五六日末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]")

# Units after a Chinese figure, with the figure's value in the units an English text may use.
# 里 (0.5 km) and 斤 (0.5 kg) are the old units news still uses; 亩 is 1/15 hectare.
_ZH_UNIT = _Lazy(
    r"\s*(?:多|余)?\s*(?:个)?(平方公里|平方千米|平方米|公里|千米|英里|海里|公斤|千克|公顷|斤|亩|吨|厘米|毫米|米|里(?![面边头]))"
)
_CONVERSIONS: dict[str, tuple[tuple[str, float], ...]] = {
    "里": (("li", 1.0), ("km", 0.5), ("m", 500.0), ("mile", 0.310686)),
    "公里": (("km", 1.0), ("mile", 0.621371), ("li", 2.0), ("m", 1000.0)),
    "英里": (("mile", 1.0), ("km", 1.609344)),
    "海里": (("nmi", 1.0), ("km", 1.852), ("mile", 1.150779)),
    "斤": (("jin", 1.0), ("kg", 0.5), ("lb", 1.102311), ("g", 500.0), ("t", 0.0005)),
    "公斤": (("kg", 1.0), ("lb", 2.204623), ("jin", 2.0), ("t", 0.001), ("g", 1000.0)),
    "吨": (("t", 1.0), ("kg", 1000.0), ("lb", 2204.623)),
    "亩": (("mu", 1.0), ("ha", 1 / 15), ("acre", 0.164737), ("m2", 2000 / 3), ("km2", 2 / 3000)),
    "公顷": (("ha", 1.0), ("mu", 15.0), ("acre", 2.471054), ("m2", 10000.0), ("km2", 0.01)),
    "平方米": (("m2", 1.0), ("ft2", 10.763910), ("ha", 0.0001)),
    "平方公里": (("km2", 1.0), ("mile2", 0.386102), ("ha", 100.0), ("mu", 1500.0)),
    "米": (("m", 1.0), ("ft", 3.280840), ("km", 0.001)),
    "厘米": (("cm", 1.0), ("inch", 0.393701), ("mm", 10.0), ("m", 0.01)),
    "毫米": (("mm", 1.0), ("cm", 0.1), ("inch", 0.0393701)),
}
_CONVERSIONS["千米"] = _CONVERSIONS["公里"]
_CONVERSIONS["千克"] = _CONVERSIONS["公斤"]
_CONVERSIONS["平方千米"] = _CONVERSIONS["平方公里"]
# A converted figure is given to whatever precision its writer liked ("about 158 acres" for
# 960亩 = 158.15 acres; "160 acres" is near enough): within this share, or its last digit.
_CONVERSION_TOLERANCE = 0.02


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


def _mixed_small(text: str) -> float | None:
    """A section below 万 that may mix Arabic digits and Chinese units: 7015, 8千, 三十七, 3.5."""
    if not text:
        return 0.0
    if _re(r"[\d,]+(?:\.\d+)?").fullmatch(text):
        return _float(text)
    if _re(r"\d").search(text):
        total = 0.0
        for number, unit in _re(r"(\d+(?:\.\d+)?)([千百十]?)").findall(text):
            value = _float(number)
            if value is None:
                return None
            total += value * (_ZH_UNITS.get(unit, 1) if unit else 1)
        return total
    return _zh_small(text)


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


def _place(value: float) -> float:
    """The place of the last significant digit of a round figure: 120 -> 10, 2000 -> 1000, 1.2 -> 0.1."""
    place = 1.0
    if value <= 0:
        return place
    while value % (place * 10) < 1e-9 * value and place < value:
        place *= 10
    while abs(value / place - round(value / place)) > 1e-6 and place > 1e-6:
        place /= 10
    return place


# A date written with dots (2021.6.11, common in listings and captions): year, month, day.
_DOTTED_DATE = _Lazy(r"(?<![\d.])((?:19|20)\d{2})\.(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])(?!\d|\.\d)")


def _dates(text: str, values: set[float]) -> tuple[list[Number], list[tuple[int, int]]]:
    """The years of the dotted dates in a text, reported like any figure, with every part added
    to `values`, and the spans the dates cover (their parts are no figures of their own)."""
    years, spans = [], []
    for m in _DOTTED_DATE.finditer(text):
        values.update(float(g) for g in m.groups())
        years.append(Number(float(m.group(1)), m.start(1), m.end(1), m.group(1), kind="year"))
        spans.append((m.start(), m.end()))
    return years, spans


def _inside(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start < b for a, b in spans)


@dataclass(slots=True)
class _Collect:
    """What reading one text gathers besides its figures."""

    values: set[float]
    spans: list[tuple[float, float]]
    conversions: list[tuple[str, float]]


def read_source(text: str) -> Reading:
    """Quantities in a Chinese source.

    Reported are runs written with digits (2019, 3.7万, 11万7015) except a bare 1, which English
    writes as "a" or "an", and list markers; and Chinese numerals with 万/亿 (十万) that no hedge
    makes approximate. Other Chinese numerals (四国, 数十次, 百年) are words that English may
    render as words or leave implicit: they only match.
    """
    # (translate() looks up every character, even with nothing to change: most sources hold no
    # character of either table, and a search for one is a tenth of the cost.)
    if _ANY_FULL_WIDTH.search(text) is not None:
        text = text.translate(_FULL_WIDTH)
    if _ANY_TRADITIONAL.search(text) is not None:
        text = text.translate(_TRADITIONAL)
    got = _Collect(set(), [], [])
    out, skipped = _dates(text, got.values)
    skipped += [m.span() for m in _ENTITY.finditer(text)] if "&#" in text else []
    for m in _ZH_MARKER.finditer(text):
        got.values.add(float(m.group(1) or m.group(2)))
        skipped.append((m.start(), m.end()))
    for m in _ZH_HOTLINE.finditer(text):
        got.values.add(float(m.group(0)))
        skipped.append((m.start(), m.end()))
    for m in _ZH_RUN.finditer(text):
        if not _inside(m.start(), skipped):
            number = _source_run(text, m, got)
            if number is not None:
                out.append(number)
    for m in _ZH_RANGE.finditer(text):
        unit = _ZH_UNITS.get(m.group(3)) or _ZH_MULT[m.group(3)]
        low, high = _ZH_DIGITS[m.group(1)] * unit, _ZH_DIGITS[m.group(2)] * unit
        got.values.update((low, high))
        got.spans.append((min(low, high), max(low, high)))
        if text.startswith("年代", m.end()):  # 六七十年代 = the 1960s and 1970s
            got.values.update((1900 + low, 1900 + high))
    for m in _ZH_CODE_NUMBER.finditer(text):
        if (value := _float(m.group(0))) is not None:
            got.values.add(value)
    # 600至850亿: the scale of the second figure applies to the first.
    for m in _ZH_SHARED_SCALE.finditer(text):
        if (first := _float(m.group(1))) is None:
            continue
        scaled = first * _ZH_MULT[m.group(2)]
        got.values.add(scaled)
        out = [replace(n, value=scaled) if n.start == m.start() else n for n in out]
    # 万元户, 亿万: a scale word alone still means its value.
    for m in _re(r"(?<![\d零〇一二两三四五六七八九十百千])(万|亿)").finditer(text):
        got.values.add(_ZH_MULT[m.group(1)])
    for m in _ZH_PERCENT_WORDS.finditer(text):
        value = _zh_decimal(m.group(1))
        if value is not None:
            got.values.add(value)
            out.append(Number(value, m.start(), m.end(), m.group(0), percent=True))
    _halves_and_fractions(text, got)
    out.sort(key=lambda n: n.start)
    return Reading(
        tuple(out), frozenset(got.values), tuple(got.spans), tuple(got.conversions),
        relative_year=bool(_ZH_RELATIVE_YEAR.search(text)), relative_day=bool(_ZH_RELATIVE_DAY.search(text)),
        weekday=bool(_ZH_WEEKDAY.search(text)), ordinal=bool(_ZH_ORDINAL.search(text)),
    )


def _source_run(text: str, m: regex.Match, got: _Collect) -> Number | None:
    """Read one run of figures and numerals; returns it if it is a figure to report."""
    run = m.group(0)
    if (pair := _ZH_APPROXIMATE.search(run)) is not None:
        # 七八万 is seventy or eighty thousand, not 780,000: each reading matches, none is reported.
        a, b = pair.start(), pair.end()
        low, high = (_run_value(_re(r"[多余几\s]").sub("", run[:a] + digit + run[b:])) for digit in pair.group(0))
        if low is not None and high is not None:
            got.values.update((low, high))
            got.spans.append((low, high))
        return None
    value = _run_value(_re(r"[多余几\s]").sub("", run))
    if value is None:
        return None
    if _re(r"\d\s?[:：]\s?$").search(text[max(0, m.start() - 4):m.start()]):
        got.values.add(value)
        return None  # the minutes of a time (17:00, 17: 00): the hour is the figure
    suffix = _ZH_SUFFIX.match(text, m.end())
    assert suffix is not None  # every part of it is optional
    more, unit = suffix.group(1), suffix.group(2) or ""
    percent = unit in ("%", "个百分点")
    end = suffix.end() if percent else m.end()
    after = text[suffix.end():suffix.end() + 4]
    got.values.add(value)
    has_digit = bool(_re(r"\d").search(run))
    leading = _re(r"[\d.,]+").match(run)
    if leading and (first := _float(leading.group(0))) is not None:
        got.values.add(first)
    alts: list[float] = []
    kind = ""
    if (unit == "年代" or after.startswith("后")) and value < 100 and value % 10 == 0:
        alts += [1900 + value, 2000 + value]  # 90年代 = the 1990s; 90后, 00后: born in the 1990s, 2000s
    if _re(r"\d\d").fullmatch(run) and _re(r"年(?![代来间内多前后里])").match(text, m.end()):
        alts += [1900 + value, 2000 + value]  # 09年 = 2009, 98年 = 1998: a year in two digits
    if unit == "个百分点":  # 0.25个百分点 = "25 basis points"
        alts.append(round(value * 100, 6))
    if unit == "成":  # 七成 = 70 percent
        got.values.add(value * 10)
    if unit == "倍":  # 3倍 = "three times", "triple" (or 200% more)
        got.values.add((value - 1) * 100)
    if text.startswith("年", m.end()) and 1000 <= value <= 2200 and value == int(value):
        kind = "year"
    elif text.startswith(("日", "号"), m.end()) and 1 <= value <= 31:
        kind = "day"
    elif 2 <= value <= 20 and _listed(text, m.start()) == value:
        kind = "listed"
    elif _is_hour(text, m, value):
        # 下午5点 = 17:00. (17时 = "5 p.m." is read on the target side, where "p.m." says which
        # 5 it is: read here, 17时 would take "5 a.m." too.)
        before = text[max(0, m.start() - 3):m.start()]
        # An hour in 点 with no part of the day said (八点 in a novel) is on either clock: "8
        # p.m." renders it where the story is in the evening. 时 is the 24-hour clock of news
        # (10时 is not "10 p.m."), and 上午10点 is still not "10 p.m.".
        either = text.startswith("点", m.end()) and not _ZH_MORNING.search(before)
        if value < 12 and (_ZH_AFTERNOON.search(before) or either):
            alts.append(value + 12)
        if value in (0, 12, 24):
            alts += [0.0, 12.0, 24.0]
    got.values.update(alts)
    low, high = _hedge(text, m, run, value, more)
    conversions: tuple[tuple[str, float], ...] = ()
    source_unit = ""
    if (unit_match := _ZH_UNIT.match(text, m.end())) is not None:
        source_unit = unit_match.group(1)
        # The figure in its own unit (20里 as "20 li") is the figure itself, matched exactly.
        conversions = tuple((family, value * factor) for family, factor in _CONVERSIONS[unit_match.group(1)]
                            if factor != 1)
        got.conversions.extend(conversions)
    if not has_digit:
        got.values.update(_part_values(run))
        if low is not None:
            got.spans.append((low, high))
    if text.startswith("世纪", m.end()):
        return None  # 20世纪 sets a time frame; "the 1960s" may imply it
    if has_digit and (value != 1 or "万" in run or "亿" in run):
        return Number(value, m.start(), end, text[m.start():end], percent=percent, alts=tuple(alts), kind=kind,
                      low=low, high=high, conversions=conversions, source_unit=source_unit)
    if (not has_digit and ("万" in run or "亿" in run) and value >= 1e4 and low is None
            and not _SCALES_ONLY.fullmatch(run) and not _in_idiom(text, m.start(), m.end())):
        return Number(value, m.start(), end, run, conversions=conversions, source_unit=source_unit)
    return None


def _in_idiom(text: str, start: int, end: int) -> bool:
    """Whether a numeral run lies in a longer word of CC-CEDICT: an idiom (十万八千里 a long way,
    十万火急 most urgent) says no quantity. Read only for numerals with 万 or 亿 in words."""
    from termqa.lexicon import scale_headwords  # each holds the run, so 万 or 亿: only those words

    words = scale_headwords()
    return any(text[a:b] in words for a in range(max(0, start - 3), start + 1)
               for b in range(max(end, a + 4), min(len(text), a + 7) + 1) if b - a > end - start)


def _listed(text: str, start: int) -> int:
    """How many items a list right before a count names: 中、英、法等3个语种 -> 3 (0 for no list)."""
    clause = _re(r"[，。；：,;！？!?（）()\d]").split(text[max(0, start - 120):start])[-1]
    clause = _re(r"(?:等|这|共|总共|合计)$").sub("", clause)
    return clause.count("、") + 1 if "、" in clause else 0


def _is_hour(text: str, m: regex.Match, value: float) -> bool:
    """17时, 5点, 17:00 (not 3点5, which is a decimal, nor 24小时, which is a duration)."""
    if value != int(value) or not 0 <= value <= 24:
        return False
    rest = text[m.end():m.end() + 2]
    return bool(_re(r"时|点(?![\d零〇一二三四五六七八九])|[:：]\d").match(rest))


def _hedge(text: str, m: regex.Match, run: str, value: float, more: str | None) -> tuple[float | None, float | None]:
    """What a hedged figure allows, or (None, None) for a plain one.

    几十 and 数百 are two to nine of the unit; 十几 eleven to nineteen; 20多万 and 两千多 run to the
    next step of their last digit (200,000 to 300,000; 2,000 to 3,000); 近 is a little below,
    约 and 左右 a little either side, 上百 a hundred or more.
    """
    before = _ZH_HEDGE_BEFORE.search(text[max(0, m.start() - 2):m.start()])
    mark = before.group(0) if before else ""
    has_digit = bool(_re(r"\d").search(run))
    if (mark in ("数", "几", "好几") and not has_digit) or "几" in run or more == "几":
        inner = run + "几" if more == "几" else run if "几" in run else "几" + run
        low = _run_value(_re(r"[多余\s]").sub("", inner.replace("几", "二" if not inner.startswith("十") else "一")))
        high = _run_value(_re(r"[多余\s]").sub("", inner.replace("几", "九")))
        if low is not None and high is not None:
            return min(low, high), max(low, high)
    if more in ("多", "余", "来") or "多" in run or "余" in run or mark in ("逾", "超过", "超", "过"):
        scale = 1.0
        for mark_char, mult in (("亿", 1e8), ("万", 1e4)):
            if run.endswith(mark_char):
                scale = mult
                break
        return value, value + _place(value / scale) * scale * 0.999  # 两千多: not 3,000
    if mark == "上" and not has_digit:
        return value, value * 10
    if mark in ("近", "将近", "接近"):
        return value * 0.8, value
    if mark in ("约", "大约") or _ZH_HEDGE_AFTER.match(text, m.end()):
        return value * 0.9, value * 1.1
    return None, None


def _halves_and_fractions(text: str, got: _Collect) -> None:
    """半 and 一半 (half: 0.5, 50%), 近半 (nearly half), 过半 (more than half), 一个半 (1.5),
    半年 (six months), 三分之一 (a third: 33%)."""
    for m in _ZH_HALF.finditer(text):
        got.values.update((0.5, 50.0))
        mark = m.group(1) or ""
        if mark in ("近", "将近", "接近"):
            got.spans += [(0.4, 0.5), (40.0, 50.0)]
        elif mark:
            got.spans += [(0.5, 0.75), (50.0, 75.0)]
        following = text[m.end():m.end() + 3]
        if following.startswith("年"):
            got.values.add(6.0)  # half a year: six months
        elif following.startswith(("小时", "个小时", "个钟头")):
            got.values.add(30.0)
        elif following.startswith("个月"):
            got.values.update((15.0, 2.0))  # half a month: 15 days, two weeks
    for m in _ZH_AND_A_HALF.finditer(text):
        whole = _float(m.group(1)) if m.group(1)[0].isdigit() else _zh_numeral_value(m.group(1))
        if whole is not None:
            got.values.add(whole + 0.5)
    for m in _ZH_FRACTION.finditer(text):
        denominator = _float(m.group(1)) if m.group(1)[0].isdigit() else _zh_numeral_value(m.group(1))
        numerator = _float(m.group(2)) if m.group(2)[0].isdigit() else _zh_decimal(m.group(2))
        if m.group(1) == "百" or not denominator or numerator is None:
            continue
        share = numerator / denominator
        got.values.update((share, share * 100, float(round(share * 100)), round(share * 100, 1)))


# English units after a figure, by family (the families of _CONVERSIONS).
_EN_UNIT = _Lazy(
    r"[\s-]?(?:(square|sq\.?)[\s-]?)?(?:metric\s)?(kilomet(?:er|re)s?|km|miles?|mi|nautical\smiles?|li"
    r"|kilo(?:gram(?:me)?)?s?|kgs?|pounds?|lbs?|jin|catt(?:y|ies)|gram(?:me)?s?|g|tonnes?|tons?|t|mu"
    r"|hectares?|ha|acres?|met(?:er|re)s?|m|feet|foot|ft|centimet(?:er|re)s?|cm|millimet(?:er|re)s?|mm|inch(?:es)?)"
    r"(?![^\P{L}\p{Han}])(²|2(?!\d))?",
    regex.IGNORECASE,
)
_UNIT_STARTS = frozenset([
    "sq", "me", "ki", "km", "mi", "na", "li", "kg", "po", "lb", "ji", "ca", "gr", "to", "mu", "he", "ha", "ac",
    "fe", "fo", "ft", "ce", "cm", "mm", "in",
])
"""The first two letters of every word _EN_UNIT may start with ("square", "metric", the units),
in lower case; g, t and m are units of one letter."""


def _may_name_unit(text: str, end: int) -> bool:
    """Whether _EN_UNIT may match at `end`. The pattern took 0.12 s on the 68,000 figures of the
    37,000 targets of 200,000 news segments that reach read_target, most of them followed by a
    word no unit starts so ("years", "the", "people").

    A character outside ASCII may match a letter of the pattern in another case (the Kelvin sign,
    the long s, the dotted I), or follow a one-letter unit: there the pattern decides.
    """
    first = text[end:end + 1]
    at = end + 1 if first == "-" or first.isspace() else end
    pair = text[at:at + 2]
    if not pair.isascii():
        return True
    pair = pair.lower()
    return pair in _UNIT_STARTS or (pair[:1] in ("g", "t", "m") and not pair[1:].isalpha())


_EN_UNIT_FAMILY = {
    "kilomet": "km", "km": "km", "mile": "mile", "mi": "mile", "nautical": "nmi", "li": "li",
    "kilo": "kg", "kg": "kg", "pound": "lb", "lb": "lb", "jin": "jin", "catt": "jin", "gram": "g", "g": "g",
    "tonne": "t", "ton": "t", "t": "t", "mu": "mu", "hectare": "ha", "ha": "ha", "acre": "acre",
    "met": "m", "m": "m", "feet": "ft", "foot": "ft", "ft": "ft", "centimet": "cm", "cm": "cm",
    "millimet": "mm", "mm": "mm", "inch": "inch",
}
_EN_UNIT_FAMILY_LONGEST_FIRST = sorted(_EN_UNIT_FAMILY.items(), key=lambda kv: -len(kv[0]))
_EN_CLOCK = _Lazy(
    r"(?::\s?\d{2})?(?:\s?([ap])\.?\s?m\b\.?|\s(?:o'clock\s)?(?:in\sthe\s(?:afternoon|evening)|at\snight))",
    regex.IGNORECASE)
_EN_ABBR_AFTER = _Lazy(r"(bn|mn|mln|tn|trn|b|m|k)\b|\s(bn|mn|mln|tn|trn)\b", regex.IGNORECASE)
_ABBR_FIRST = frozenset("bmtkBMTK\u212a")
"""What _EN_ABBR_AFTER may start with but a space (its letters in either case; the Kelvin sign is
a k to it)."""
_ABBR_SECOND = frozenset("bmtBMT")
"""What follows the space when _EN_ABBR_AFTER starts with one ("100 bn")."""
_EN_CURRENCY_BEFORE = _Lazy(r"(?:[$€£¥]|\b(?:USD|RMB|CNY|EUR|GBP|JPY|HKD|US\$?|yuan)\s?)$", regex.IGNORECASE)
# A list marker: "1." or "(2)" or "3)" opening the text or a line, or "(4)" anywhere.
_EN_MARKER = _Lazy(r"(?:^|(?<=\n))\s*[(\[]?(\d{1,2})(?:[.)\]](?!\d))|[(\[](\d{1,2})[)\]]|(?:^|(?<=[\s:;]))(\d{1,2})\)")
_EN_RELATIVE_YEAR = _Lazy(
    r"(?i)\b(?:this|last|next|that|the same|the previous|the following|a)\s+year\b|\byear[\s-]on[\s-]year\b|\bannual\b")
_EN_RELATIVE_DAY = _Lazy(
    r"(?i)\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|(?:the same|that|the next|the following) day)\b")
_EN_ADDED_CONVERSION = _Lazy(
    r"\d[^()]{0,40}\(\s*(?:about|approximately|around|roughly|nearly|some|or|equivalent to|equal to)?\s*(?:US\s?\$|\$|€|£|USD\s?)?\s*$",
    regex.IGNORECASE)
_EN_CURRENCY_AFTER = _Lazy(r"\s*(?:U\.?S\.?\s)?(?:dollars|euros|pounds|yen|USD|EUR)?\s*\)", regex.IGNORECASE)
# "three other doctors", "other three doctors": with the one named, four.
_EN_AND_OTHERS = _Lazy(r"(?i)\b(\w+)\s+other\b|\bother\s+(\w+)")
_EN_WHOLE = _Lazy(r"(?i)\b(?:all|every|entire(?:ly)?|fully|whole|complete(?:ly)?)\b")
_EN_VALUE_WORDS = {
    "half": (0.5, 50.0), "halves": (0.5, 50.0), "third": (1 / 3, 33.0, 33.3), "thirds": (2 / 3, 67.0, 66.7),
    "halved": (0.5, 50.0), "halve": (0.5, 50.0),  # 削减百分之五十 -> "halved"
    "quarter": (0.25, 25.0), "quarters": (0.75, 75.0), "twice": (2.0,), "double": (2.0,), "doubled": (2.0,),
    "triple": (3.0,), "tripled": (3.0,), "noon": (12.0,), "midday": (12.0,), "midnight": (0.0, 12.0, 24.0),
    "fortnight": (14.0, 2.0), "round-the-clock": (24.0,), "around-the-clock": (24.0,), "24/7": (24.0,),
}
_EN_VALUE_HINTS = ("half", "halv", "third", "quarter", "twice", "doubl", "tripl", "noon", "midday", "midnight",
                   "fortnight", "clock", "24/7")
_EN_VALUE_WORD = _Lazy(r"(?i)(?<![\w-])(?:round|around)[\s-]the[\s-]clock|24/7|\b(?:" + "|".join(
    w for w in _EN_VALUE_WORDS if w.isalpha()) + r")\b")
_EN_VALUE_WORD_ALONE = _Lazy(r"\b(?:" + "|".join(w for w in _EN_VALUE_WORDS if w.isalpha()) + r")\b")
"""The words of _EN_VALUE_WORD, for an ASCII text in lower case."""


_LETTERS_ONLY = bytes(c if 0x61 <= c <= 0x7A else 0x20 for c in range(256))
"""A bytes.translate() table that keeps the lower-case ASCII letters and makes all else a space."""
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= c <= 0x39 else c for c in range(256))
"""A bytes.translate() table that writes every ASCII digit as 0 and keeps all else."""


def _keys(*words: str) -> frozenset[bytes]:
    return frozenset(w.encode() for w in words)


# The words each pattern of read_target needs whole, in an ASCII text: the words of the pattern
# (of _EN_WORD_RUN, but "a"; the scale words of _EN_SHARED_SCALE; the plural scale words; ...).
_NUMBER_WORDS = _keys(*_EN_WORDS, *_EN_MULT)
_EN_WORD_KEYS = _keys(*_EN_WORDS)  # (those of _EN_AND_OTHERS)
_SCALE_KEYS = _keys(*_SCALE_WORDS)
_SCALES_KEYS = _keys(*(w + "s" for w in _SCALE_WORDS))
_DECADE_KEYS = _keys("decade", "decades", "century", "centuries", "millennium", "millennia")
_WEEK_KEYS = _keys("week", "weeks")
_VALUE_KEYS = _keys(*(w for w in _EN_VALUE_WORDS if w.isalpha()))
"""The words of _EN_VALUE_WORD; its other forms hold "clock" (round-the-clock, which may run on:
"round-the-clocks") or "24/7"."""
_ABBREV_KEYS = _keys(*_EN_ABBREV)
_MONTH_KEYS = _keys(*_MONTHS)
_YEAR_KEYS = _keys("year", "annual")
_DAY_KEYS = _keys(
    "day", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
_WHOLE_KEYS = _keys("all", "every", "entire", "entirely", "fully", "whole", "complete", "completely")
_UNIT_KEYS = _keys(
    "kilometer", "kilometre", "kilometers", "kilometres", "km", "mile", "miles", "mi", "nautical", "li", "kilo",
    "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kg", "kgs", "pound", "pounds", "lb", "lbs", "jin",
    "catty", "catties", "gram", "grams", "gramme", "grammes", "g", "tonne", "tonnes", "ton", "tons", "t", "mu",
    "hectare", "hectares", "ha", "acre", "acres", "meter", "meters", "metre", "metres", "m", "feet", "foot", "ft",
    "centimeter", "centimeters", "centimetre", "centimetres", "cm", "millimeter", "millimeters", "millimetre",
    "millimetres", "mm", "inch", "inches",
)
"""Every word _EN_UNIT may end with (a unit is not followed by a letter); "nautical" too."""
_CLOCK_KEYS = _keys("m", "am", "pm")
"""What "p.m." and "a.m." hold as words: "m" ("5 p.m."), "pm" ("5pm"), "am"."""
_KEYWORDS = frozenset().union(
    _NUMBER_WORDS, _SCALE_KEYS, _SCALES_KEYS, _ABBREV_KEYS, _UNIT_KEYS, _CLOCK_KEYS, _DECADE_KEYS, _WEEK_KEYS,
    _VALUE_KEYS, _MONTH_KEYS, _YEAR_KEYS, _DAY_KEYS, _WHOLE_KEYS, _keys("quarter", "other"),
)


def _beside_other(low: str, tokens: list[bytes]) -> bool:
    """Whether an ASCII text may hold what _EN_AND_OTHERS reads: digits or a number word beside
    "other", with only spaces between ("three other doctors", "other 3"). Words with only spaces
    between are neighbours in `tokens`, the text's words; the pattern takes 20 µs a text."""
    if _re(r"\d\s+other|other\s+\d").search(low) is not None:
        return True
    return any((a == b"other" and b in _EN_WORD_KEYS) or (b == b"other" and a in _EN_WORD_KEYS)
               for a, b in pairwise(tokens))


def _ascii_months(text: str, low: str, names: Iterable[bytes]) -> Iterator[tuple[int, int, str]]:
    """The matches of _EN_MONTH in an ASCII text (start, end, the name as written), for the month
    names `names` it holds as words, found in `low` with str.find(): a pattern tried its names at
    every word of the text (0.07 s on the 10,500 of 37,000 news targets that name a month, 0.02 s
    so).
    """
    for key in names:
        name = key.decode()
        at = low.find(name)
        while at >= 0:
            stop = at + len(name)
            # (Whole words only, as \b in the pattern: no letter, digit or _ on either side.)
            before, after = low[at - 1:at] if at else "", low[stop:stop + 1]
            if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                yield at, stop + (after == "."), text[at:stop]
            at = low.find(name, stop)


def read_target(text: str) -> Reading:
    """Quantities in an English target: the figures written with digits (the only ones reported
    when unmatched), and every value the text expresses, in digits, words or month names."""
    # (translate() looks up every character, even with nothing to change: 30 µs for a long text.)
    if not text.isascii() and _ANY_FULL_WIDTH.search(text) is not None:
        text = text.translate(_FULL_WIDTH)
    values: set[float] = set()
    low = text.casefold()
    # Words and shapes of figures are looked for before a pattern runs (most targets name no
    # month, no "million", no number word, and write no date with dots).
    if ascii_text := text.isascii():  # as English targets mostly are: `low` is the text in lower case
        # Each word a pattern below needs stands whole between characters that are no letters,
        # so the text's words, split in one pass, say which patterns may match: where substring
        # tests passed on a part of a word ("mar" in "market", "all" in "small", "one" in
        # "done", "noon" in "afternoon") and let the pattern run for nothing.
        raw = low.encode()
        tokens = raw.translate(_LETTERS_ONLY).split()
        said = _KEYWORDS.intersection(tokens)
        # A dotted date, digit groups and a spaced separator each need their digits so placed.
        shape = raw.translate(_DIGITS_AS_ZERO)  # "in 2019.6" -> "in 0000.0"
        dated, grouped, spaced = b"0000.0" in shape, b"0 0" in shape, b"0, 0" in shape
        number_words = not said.isdisjoint(_NUMBER_WORDS)
        # (Without a number word only "a a" is a run with a value, 0: see below.)
        numerals = number_words or (tokens.count(b"a") >= 2 and _EN_A_RUN.search(text) is not None)
        scales, several = not said.isdisjoint(_SCALE_KEYS), not said.isdisjoint(_SCALES_KEYS)
        abbreviated = not said.isdisjoint(_ABBREV_KEYS)
        decades, quarter, weeks = not said.isdisjoint(_DECADE_KEYS), b"quarter" in said, not said.isdisjoint(_WEEK_KEYS)
        value_words = not said.isdisjoint(_VALUE_KEYS) or "clock" in low or "24/7" in text
        # (The word beside "other" must be a number, in words or digits.)
        others = b"other" in said and _beside_other(low, tokens)
        months_named = not said.isdisjoint(_MONTH_KEYS)
        units = not said.isdisjoint(_UNIT_KEYS) or "sq" in low  # (also "squarekm": glued to its square)
        # (The words after the hour but "p.m." may run on: "at nightfall".)
        clocks = not said.isdisjoint(_CLOCK_KEYS) or "afternoon" in low or "evening" in low or "night" in low
        year_words, day_words = not said.isdisjoint(_YEAR_KEYS), not said.isdisjoint(_DAY_KEYS)
        all_words = not said.isdisjoint(_WHOLE_KEYS)
    else:
        # A substring test stands for a case-insensitive pattern only where no character of the
        # text matches an ASCII letter in another case (the Kelvin sign, the long s, Turkish i):
        # with one of those, every pattern runs.
        plain = not any(c in text for c in _CASE_TWINS)

        def has(words: tuple[str, ...]) -> bool:
            return not plain or any(w in low for w in words)

        # Without a number word the runs are of "a" alone, which say nothing, but for "a a" (0).
        numerals = has(_EN_RUN_WORDS) or _EN_A_RUN.search(text) is not None
        scales = several = has(_SCALE_WORDS)
        decades = "decade" in low or "centur" in low or "millenni" in low
        quarter, weeks = "quarter" in low, "week" in low
        value_words, others = any(w in low for w in _EN_VALUE_HINTS), "other" in low
        months_named = has(_MONTH_PREFIXES)
        year_words, day_words = "year" in low or "annual" in low, "day" in low or "tomorrow" in low
        all_words = has(_WHOLE_WORDS)
        dated = grouped = abbreviated = units = clocks = True
        spaced = ", " in text
    figures, skipped = _dates(text, values) if dated else ([], [])
    skipped += [m.span() for m in _ENTITY.finditer(text)] if "&#" in text else []
    lead = text.lstrip()[:1]
    # (The cheap tests first: most targets have no brackets and do not open with a figure. With
    # brackets alone, a marker needs its digits before one that closes.)
    markers = "\n" in text or lead.isdigit() or (
        ("(" in text or ")" in text) and (lead in ("(", "[") or _re(r"\d[)\]]").search(text) is not None))
    for m in _EN_MARKER.finditer(text) if markers else ():
        values.add(float(m.group(1) or m.group(2) or m.group(3)))
        skipped.append((m.start(), m.end()))
    for m in _EN_NUMBER.finditer(text):
        if not skipped or not _inside(m.start(), skipped):
            figure = _target_figure(text, m, values, units, clocks, months_named)
            if figure is not None:
                figures.append(figure)
    # (The runs as strings, each once: a run adds the same values wherever it stands.)
    runs = set((_en_word_run_ascii().findall(low) if ascii_text else _EN_WORD_RUN.findall(text)) if numerals else ())
    runs -= {"a", "a "}  # the article, most runs found: no value, and nothing to split
    for run in runs:
        words = _re(r"[\s-]+").split(run.strip(" -").casefold())
        value = _word_value(words)
        if value is not None:
            values.add(value)
        # Each word on its own too: "five second prizes" is 5 and 2nd, not 7.
        values.update(float(_EN_WORDS[w]) for w in words if w in _EN_WORDS)
        if len(words) >= 2 and all(w in _DIGIT_WORDS for w in words):
            values.add(float("".join(str(_EN_WORDS[w]) for w in words)))  # "nine-one-one" is 911
    for m in _EN_SHARED_SCALE.finditer(text) if scales else ():  # "60 to 85 billion": 60 billion
        first = _float(m.group(1))
        if first is None:
            continue
        scaled = first * _EN_MULT[m.group(2).casefold()]
        values.add(scaled)
        figures = [replace(f, alts=(*f.alts, scaled)) if f.start == m.start(1) else f for f in figures]
    # "200, 000": a thousands separator a tokenizer spaced (the WMT23 references are so); only
    # another reading, for "5, 200 people" may be a day and a count.
    for m in _EN_SPACED_THOUSANDS.finditer(text) if spaced else ():
        whole = _float(m.group(0))
        if whole is None:
            continue
        values.add(whole)
        figures = [replace(f, alts=(*f.alts, whole)) if m.start() <= f.start < m.end() else f for f in figures]
    for m in _EN_DIGIT_GROUPS.finditer(text) if grouped else ():  # "859 93119": a number written in groups
        whole = _float(m.group(0))
        if whole is None:
            continue
        values.add(whole)
        figures = [replace(f, alts=(*f.alts, whole)) if m.start() <= f.start < m.end() else f for f in figures]
    # Digits inside words ("post-90s", "COVID-19") are no figures to report, but they say the number.
    # (Not the hour of "5 p.m.": that says 17, not 5.)
    spans = [(f.start, f.end) for f in figures if f.kind == "pm"]
    if spans:
        values.update(v for d in _re(r"\d+(?:\.\d+)?").finditer(text)
                      if not _inside(d.start(), spans) and (v := _float(d.group(0))) is not None)
    elif ascii_text:  # as nearly always: the strings alone, without a match object each
        # (Each a float's digits, and none too long but in a code: _float() has nothing to do.)
        found = {float(d) if len(d) <= _MAX_DIGITS else _float(d) for d in _re(r"\d+(?:\.\d+)?").findall(text)}
        found.discard(None)
        values.update(found)  # type: ignore[arg-type]
    else:  # (digits of any script, which the pattern may know and float() not)
        found = {_float(d) for d in _re(r"\d+(?:\.\d+)?").findall(text)}
        found.discard(None)
        values.update(found)  # type: ignore[arg-type]
    for m in _EN_ABBREVIATED.finditer(text) if abbreviated else ():  # 100bn, 3.5m, 20k
        if (base := _float(m.group(1))) is not None:
            values.add(base * _EN_ABBREV[m.group(2).casefold()])
    for m in _re(r"(?i)\b(thousands|millions|billions|trillions)\b").finditer(text) if several else ():
        values.add(_EN_MULT[m.group(1).casefold()[:-1]])
    for m in _EN_DECADES.finditer(text) if decades else ():
        count = m.group(1).casefold()
        number = _float(count) if count.isdigit() else float(_EN_WORDS.get(count, 1))
        if number is not None:
            values.add(number * {"c": 100, "m": 1000}.get(m.group(2).casefold()[0], 10))
    if quarter and _re(r"(?i)\b(?:last|final)\s+quarter\b").search(text):
        values.add(4.0)  # 第4季 -> "the last quarter" of the year
    for m in _EN_WEEKS.finditer(text) if weeks else ():  # "a two-week course" = 14天
        count = m.group(1).casefold()
        number = _float(count) if count[0].isdigit() else float(_EN_WORDS.get(count, 1))
        if number is not None:
            values.add(number * 7)
    for m in _EN_TIME.finditer(text) if ":" in text else ():
        values.update(v for g in m.groups() if (v := _float(g)) is not None)
    # (Without round-the-clock or 24/7 the pattern finds the words alone, in `low`: the slow part
    # of it is the look behind "round", tried at every place.)
    alone = ascii_text and "clock" not in low and "24/7" not in text
    for key in _EN_VALUE_WORD_ALONE.findall(low) if value_words and alone else ():
        values.update(_EN_VALUE_WORDS[key])
    for m in _EN_VALUE_WORD.finditer(text) if value_words and not alone else ():
        key = _re(r"^(?:round|around)[\s-]the[\s-]clock$").sub("round-the-clock", m.group(0).casefold())
        values.update(_EN_VALUE_WORDS.get(key, ()))
    for m in _EN_AND_OTHERS.finditer(text, overlapped=True) if others else ():
        word = (m.group(1) or m.group(2)).casefold()
        number = _float(word) if word.isdigit() else _EN_WORDS.get(word)
        if number is not None:
            values.add(number + 1)
    if not months_named:
        months = iter(())
    elif ascii_text:  # found in `low`, read in `text` (same offsets)
        months = _ascii_months(text, low, said & _MONTH_KEYS)
    else:
        months = ((m.start(), m.end(), m.group(1)) for m in _EN_MONTH.finditer(text))
    for start, end, name in months:
        # (A case-insensitive match takes "Aprİl", with a dotted capital I, for April; its
        # casefold is no month name: not read, rather than a crash that loses the document.)
        month = _MONTHS.get(name.casefold())
        if month is not None and _is_month(text, start, end, name):
            values.add(float(month))
    figures.sort(key=lambda n: n.start)
    return Reading(
        tuple(figures), frozenset(values),
        relative_year=year_words and bool(_EN_RELATIVE_YEAR.search(text)),
        relative_day=day_words and bool(_EN_RELATIVE_DAY.search(text)),
        whole=all_words and bool(_EN_WHOLE.search(text)),
    )


def _is_month(text: str, start: int, end: int, name: str) -> bool:
    """A month name, not the verb "may" nor "mar" or "dec" in lower case: `name` as written,
    in the match of _EN_MONTH from `start` to `end`.

    "May" is the month unless it opens a sentence as a question or a wish ("May I", "May we").
    """
    if name.casefold() != "may":
        return not (name.islower() and len(name) <= 4)
    if name in ("May", "MAY"):  # a heading in capitals ("# MAY") is the month too
        opens = not text[:start].strip() or _re(r"[.!?\"“]\s*$").search(text[:start])
        wish = _re(r"\s+(?:I|we|you|he|she|it|they|God|the|this|that|all|your|our|his|her|their)\b").match(text[end:])
        return not (opens and wish)
    return bool(_re(r"\d").search(text[max(0, start - 4): end + 5])
                or _re(r"(?i)\b(?:in|last|next|early|late|this|of|since|until|mid)\s+$").search(text[:start]))


def _target_figure(
    text: str, m: regex.Match, values: set[float], units: bool = True, clocks: bool = True, months: bool = True,
) -> Number | None:
    """Read one figure of a target; records its values; returns it if it is a figure to report.

    False for `units` says the text holds no word of _EN_UNIT but after a letter (a unit glued to
    "5th" is no word of its own), for `clocks` none of _EN_CLOCK's words ("p.m.", "in the
    afternoon"), for `months` no month name: read_target knows from the text's words, and most
    figures need none of those patterns.
    """
    digits, decimals, scale_word = m.groups()  # (once: each call on the match costs as much as a test)
    decimals = decimals or ""
    start, stop = m.span()
    end = stop  # (moved past an abbreviation read with the figure: "100 bn")
    base = _float(digits + decimals)
    if base is None:
        return None
    scale = _EN_MULT.get(scale_word.casefold(), 1.0) if scale_word else 1.0
    alts: list[float] = []
    after = text[end:end + 1]
    abbr = None
    # (An abbreviation starts with its letter, or a space and one: most figures are followed by
    # neither, and skip the pattern.)
    if not scale_word and (after in _ABBR_FIRST or (after.isspace() and text[end + 1:end + 2] in _ABBR_SECOND)):
        abbr = _EN_ABBR_AFTER.match(text, end)
    if abbr is not None:
        key = (abbr.group(1) or abbr.group(2)).casefold()
        money = bool(_EN_CURRENCY_BEFORE.search(text[max(0, start - 8):start]))
        if key == "m" and not money:
            alts.append(base * 1e6)  # "100m": 100 metres, or 100 million
        elif key == "k" and not money:
            scale = 1e3
            alts.append(base)  # "20k" is 20,000; "4K" a resolution
        else:
            scale = _EN_ABBREV[key]
            alts.append(base)
            end = abbr.end()
    value = base * scale
    plain = digits if digits.isdigit() else _re(r"[,\s\u00a0\u202f]").sub("", digits)
    written = m.group(0)
    if written.endswith("0s") and len(plain) == 4:  # the 1990s = 90年代
        values.add(float(plain[2:]))
    if value == 0:
        values.add(0.0)
        return None  # "9:00", "00": part of a time, not a figure to report
    pm = False
    # (Only an hour can be followed by "p.m.": most figures are not, and skip the pattern.)
    if (value == int(value) and 1 <= value <= 12 and (clocks or text[stop - 1].isalpha())
            and (clock := _EN_CLOCK.match(text, stop)) is not None):
        if (clock.group(1) or "p").casefold() == "p" and value < 12:
            # "5 p.m." is 17时, and not 5时 (下午5点 reads as 17 too, on the source side).
            value = base = value + 12
            pm = True
        elif value == 12:
            alts += [0.0, 24.0]
    lead = text[end: end + 9].casefold().lstrip()
    percent = lead.startswith(("%", "percent", "per cent"))
    unit = ""
    if (not percent and (units or text[end - 1].isalpha()) and _may_name_unit(text, end)
            and (found := _EN_UNIT.match(text, end)) is not None):
        word = found.group(2).casefold()
        unit = next((family for stem, family in _EN_UNIT_FAMILY_LONGEST_FIRST if word.startswith(stem)), "")
        if unit and (found.group(1) or found.group(3)):
            unit += "2"
    step = 0.0
    if decimals and len(_re(r"^[0.,\s]+").sub("", plain + decimals).replace(".", "")) >= 2:  # significant digits
        step = 10.0 ** -(len(decimals) - 1) * scale
    kind = ""
    ordinal = written[-2:] in ("st", "nd", "rd", "th")
    # (A month name ends in a space before its day: most figures are not after a space, and most
    # texts name no month, unless the name may be a part of a word the slice below cuts.)
    if value <= 31 and ((text[start - 1:start].isspace()
                         and (months or (start > 12 and text[start - 13].isalpha()))
                         and _EN_MONTH_BEFORE.search(text[max(0, start - 12):start]))
                        or (ordinal and _re(r"(?i)\bon\s(?:the\s)?$").search(text[max(0, start - 8):start]))):
        kind = "day"  # "September 27", "on the 27th"
    elif ordinal:
        kind = "ordinal"
    elif pm:
        kind = "pm"
    elif ("(" in (before := text[max(0, start - 80):start]) and lead[:1] in ("", ")", "u", "d", "e", "p", "y")
          and _EN_CURRENCY_AFTER.match(text, end) and _EN_ADDED_CONVERSION.search(before)):
        # (The cheaper tests first: after the figure, a currency or the closing bracket.)
        kind = "aside"  # "30 billion yuan (about 4.3 billion U.S. dollars)"
    elif not decimals and scale == 1 and not percent and 1900 <= value <= 2100 and _re(r"\d{4}").fullmatch(digits):
        kind = "year"
    elif lead[:1] in ("", "p") and _re(r"(?i)\s*(?:percentage[\s-])?points?\b|\s*pp\b").match(text, end):
        kind = "points"  # "up 5 percentage points": perhaps the difference of two source shares
    values.update((value, base, *alts))
    # (By position: keywords took a third more of the time the dataclass takes to make one.)
    return Number(value, start, end, text[start:end], percent, tuple(alts), kind, step, scale, unit)


_EN_SHARED_SCALE = _Lazy(
    r"\b(\d+(?:\.\d+)?)\s*(?:to|-|–|and|or)\s*\d+(?:\.\d+)?\s*(thousand|million|billion|trillion)\b", regex.IGNORECASE
)
_EN_ABBREVIATED = _Lazy(r"\b(\d+(?:\.\d+)?)\s?(k|m|mn|mln|bn|b|tn|trn)\b", regex.IGNORECASE)
_EN_SPACED_THOUSANDS = _Lazy(r"(?<![\d.,])\d{1,3}(?:, \d{3})+(?!\d|[.,]\d)")
_EN_DIGIT_GROUPS = _Lazy(r"(?<!\d|\d[,.])\d+(?: \d+)+(?!\d|[,.]\d)")
_EN_DECADES = _Lazy(r"\b(\d+|[a-z]+)\s+(decades?|centur(?:y|ies)|millenni(?:um|a))\b", regex.IGNORECASE)
_EN_WEEKS = _Lazy(r"\b(\d+|[a-z]+)[\s-]weeks?\b", regex.IGNORECASE)
_EN_MONTH_BEFORE = _Lazy(
    r"\b(?:" + "|".join(name.capitalize() for name in _MONTHS) + r")\.?\s$")
_EN_TIME = _Lazy(r"\b(\d{1,2})\s?:\s?(\d{2})\b")


def _word_value(words: list[str]) -> float | None:
    """Value of number words: 'five hundred thousand' = 500,000, 'twenty-five' = 25, 'a million'."""
    words = [w for w in words if w and w != "and"]
    if not words or words == ["a"]:
        return None
    total, current = 0.0, 0.0
    for i, w in enumerate(words):
        if w == "a":
            # "a hundred", "a million" are numbers; "a five-year visa" is not a six.
            if i + 1 < len(words) and words[i + 1] in _EN_MULT:
                current = max(current, 1.0)
        elif w == "hundred":
            current = max(current, 1.0) * 100
        elif w in _EN_MULT:
            total += max(current, 1.0) * _EN_MULT[w]
            current = 0.0
        else:
            current += _EN_WORDS.get(w, 0)
    return total + current


def same(a: float, b: float) -> bool:
    """Equal up to float noise from decimal multipliers (3.7 * 10^4)."""
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The figures of one side the other does not express."""

    missing: tuple[Number, ...]
    """Source figures the target lacks."""
    extra: tuple[Number, ...]
    """Target figures the source does not have."""
    unconverted: tuple[tuple[Number, Number], ...] = ()
    """Source figures the target gives unchanged in a unit they convert to, with the target
    figure (20里 and "20 kilometers"); in neither `missing` nor `extra`."""


_AGREED = Comparison((), (), ())


def compare(source: Reading, target: Reading) -> Comparison:
    """Which figures of each side the other does not express."""
    missing = [n for n in source.figures if not _expressed(n, target)]
    # A year or a day the target says in words (2019年 -> "this year", 26日 -> "on Monday").
    missing = [
        n for n in missing
        if not (n.kind == "year" and target.relative_year)
        # (Unless the source names a weekday too: then the target's weekday renders that.)
        and not (n.kind == "day" and target.relative_day and not source.weekday)
        and not (n.percent and same(n.value, 100) and target.whole)
        # A count the source also spells out as a list, which the target may give instead
        # (中、英、法等3个语种 -> "in Chinese, English and French"), unless the target counts
        # otherwise in words (three items -> "four processes").
        and not (n.kind == "listed" and not _stray_counts(source, target))
    ]
    extra = [f for f in target.figures if not _accounted(f, source, target)]
    extra = [
        f for f in extra
        # A year added to explain ("the 2015 nuclear deal", 去年 -> "in 2018"): reported only
        # when it may stand for a source figure the target lacks.
        if not (f.kind == "year" and (source.relative_year or not missing))
        # A relative day made a date (当日 -> "on September 27th").
        and not (f.kind == "day" and source.relative_day)
        and not _dotted_month_day(f, source)
        # An ordinal added to explain ("the 13th NPC", "the 70th anniversary"), when no source
        # numeral is an ordinal it may stand for (十八大 -> "19th" is still a wrong figure).
        and not (f.kind == "ordinal" and not missing and not source.ordinal)
        # A conversion added in brackets: 300亿元 -> "30 billion yuan (about 4.3 billion U.S. dollars)".
        and not (f.kind == "aside" and not missing)
    ]
    if not extra:  # (as for nearly every segment: nothing to pair, no points to explain)
        return Comparison(tuple(missing), (), ()) if missing else _AGREED
    missing, extra = _point_changes(source, missing, extra)
    unconverted = [(n, f) for n in missing for f in extra if _unconverted(n, f)]
    taken = {id(x) for pair in unconverted for x in pair}
    unconverted = [(n, f) for n, f in unconverted if sum(id(x) in taken for x in (n, f)) == 2]
    return Comparison(
        tuple(n for n in missing if id(n) not in taken), tuple(f for f in extra if id(f) not in taken),
        tuple(unconverted),
    )


def _point_changes(source: Reading, missing: list[Number], extra: list[Number]) -> tuple[list[Number], list[Number]]:
    """A change in percentage points for two shares (由20%升至25% -> "up 5 percentage points to
    25%"): the target's points are their difference, and the share it leaves implied is no
    omission. Only figures said in points: "up 5 percent" for it may be the error itself."""
    shares = [n for n in source.figures if n.percent]
    for f in [f for f in extra if f.kind == "points"]:
        pair = next(((a, b) for i, a in enumerate(shares) for b in shares[i + 1:]
                     if same(abs(a.value - b.value), f.value)), None)
        if pair is not None:
            extra = [g for g in extra if g is not f]
            missing = [n for n in missing if n is not pair[0] and n is not pair[1]]
    return missing, extra


def _stray_counts(source: Reading, target: Reading) -> bool:
    return any(2 <= v <= 20 and v == int(v) and v not in source.values for v in target.values)


def _dotted_month_day(f: Number, source: Reading) -> bool:
    """ "6.11" for the month and day of a source date (2021.6.11, 6月11日)."""
    parts = _re(r"(\d{1,2})\.(\d{1,2})").fullmatch(f.text)
    return parts is not None and all(float(p) in source.values for p in parts.groups())


def _expressed(n: Number, target: Reading) -> bool:
    readings = (n.value, *n.alts)
    # (A figure with no unit to convert to, as most are, is never unconverted: no test per figure.)
    if n.conversions and any(_unconverted(n, f) for f in target.figures):
        # Its figure is there, in the wrong unit: only another figure can render it.
        return any(
            (not _unconverted(n, f) and any(same(r, v) for r in readings for v in (f.value, *f.alts)))
            or _agrees(n, f)
            for f in target.figures
        )
    # The same value exactly, as most expressed figures are, is found without a pass over the
    # target's values (a source reading is finite: equal is the same).
    if not target.values.isdisjoint(readings) or any(same(r, v) for r in readings for v in target.values):
        return True
    if any(same(converted, v) for _, converted in n.conversions for v in target.values):
        return True  # "ten kilometers" in words
    return any(_agrees(n, f) for f in target.figures)


def _accounted(f: Number, source: Reading, target: Reading) -> bool:
    if f.unit and any(_unconverted(n, f) for n in source.figures):  # (never without a unit)
        return any(_agrees(n, f) for n in source.figures)
    readings = (f.value, *f.alts)
    if not source.values.isdisjoint(readings) or any(same(r, v) for r in readings for v in source.values):
        return True
    if any(low <= f.value <= high for low, high in source.spans):
        return True
    if f.unit and any(family == f.unit and _near(converted, f) for family, converted in source.conversions):
        return True
    # A source figure another target figure renders exactly is taken: 10万多 rendered as
    # "100,000" does not also excuse "120,000" (for 120万) by its range.
    return any(_agrees(n, f) for n in source.figures if not _rendered_by_another(n, f, target))


def _unconverted(n: Number, f: Number) -> bool:
    """Whether `f` gives the figure of `n` unchanged in a unit `n` converts to: 20里 as "20
    kilometers" (10 km), 10斤 as "10 kg" (5 kg)."""
    return (
        bool(f.unit)
        and any(same(r, f.value) for r in (n.value, *n.alts))
        and any(family == f.unit for family, _ in n.conversions)
        and not any(family == f.unit and _near(converted, f) for family, converted in n.conversions)
    )


_UNIT_NAMES = {
    "km": "km", "mile": "miles", "nmi": "nautical miles", "li": "li", "kg": "kg", "lb": "pounds", "jin": "jin",
    "g": "grams", "t": "tonnes", "mu": "mu", "ha": "hectares", "acre": "acres", "m": "meters", "ft": "feet",
    "cm": "cm", "mm": "mm", "inch": "inches", "m2": "square meters", "km2": "square kilometers",
    "ft2": "square feet", "mile2": "square miles",
}


def unit_name(family: str) -> str:
    """How an English text names a unit family: "acre" -> "acres"."""
    return _UNIT_NAMES.get(family, family)


def suggestion(n: Number, wrong: Number | None = None) -> str:
    """The source figure as the target should give it: in the unit of the wrong figure if the
    source converts to it (20里 for "20 kilometers": 10), else as it is."""
    if wrong is not None and wrong.unit:
        for family, converted in n.conversions:
            if family == wrong.unit:
                return english_figure(float(f"{converted:.3g}"))
    return english_figure(n.value)


def _rendered_by_another(n: Number, f: Number, target: Reading) -> bool:
    return any(g is not f and any(same(a, b) for a in (n.value, *n.alts) for b in (g.value, *g.alts))
               for g in target.figures)


def _agrees(n: Number, f: Number) -> bool:
    """Whether target figure `f` renders source figure `n`, beyond equal values.

    Rounding to the decimals the English writes is faithful ("19.93 million" for 1993.03万);
    rounding to a whole number of the scale is not ("20 million" for it), unless the source
    hedges the figure (约1993万 -> "about 20 million"). A hedged figure allows its range. In a
    unit the source converts to, the converted figure is what must agree (近80斤: about 40 kg).
    """
    factors = [converted / n.value for family, converted in n.conversions if family == f.unit and n.value]
    if f.unit and any(family == f.unit for family, _ in n.conversions):
        return any(family == f.unit and _near(converted, f) for family, converted in n.conversions) or any(
            n.low is not None and n.high is not None and n.low * k * (1 - 1e-9) <= f.value <= n.high * k * (1 + 1e-9)
            for k in factors
        )
    if f.step and any(abs(r - f.value) <= f.step / 2 * (1 + 1e-9) for r in (n.value, *n.alts)):
        return True
    if n.low is not None and n.high is not None:
        if n.low * (1 - 1e-9) <= f.value <= n.high * (1 + 1e-9):
            return True
        if f.scale > 1 and abs(n.value - f.value) <= f.scale / 2:
            return True
    return False


def _near(converted: float, f: Number) -> bool:
    """A converted value given to the figure's precision, or within the conversion tolerance."""
    precision = f.step or f.scale
    if abs(converted - f.value) <= precision / 2 * (1 + 1e-9):
        return True
    return abs(converted - f.value) <= _CONVERSION_TOLERANCE * abs(converted)


def english_figure(value: float, like: str = "") -> str:
    """Write a value the way an English news text would: 37,000; 100 million; 5.5."""
    if not math.isfinite(value):
        return str(value)
    for word, mult in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(value) >= mult and (value / mult) * 100 == int((value / mult) * 100):
            return f"{_plain(value / mult)} {word}"
    return _plain(value, commas=True)


def _plain(value: float, commas: bool = False) -> str:
    if value == int(value):
        return f"{int(value):,}" if commas and abs(value) >= 10000 else str(int(value))
    return f"{value:.10g}"
