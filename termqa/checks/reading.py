"""Provides name-reading: a name rendered as the Mandarin reading, or the meaning, of its characters.

MT gets non-Chinese names written in Chinese characters wrong in a few set ways, none of
which needs a glossary to see once the source is at hand: a transliterated foreign name
comes back as the pinyin of its transliteration (拜登 "Bai Deng"), a Korean or Japanese
name as its Mandarin reading (郑义溶 "Zheng Yirong", 安倍晋三 "Anbei Jinsan"), the
characters of a name are translated as words (郑义溶 "Zheng Yi dissolved", 刘云龙 "Liu Yun
Dragon", 火星-17 "Mars 17"), and a known foreign name is misspelt (布林肯 "Brinken").
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import polars as pl
import regex

from termqa.checks.base import Batch, Check
from termqa.lexicon import english_gloss_words, glosses, has_headword, head_glosses, stem
from termqa.model import Finding, Severity, Side
from termqa.pinyin import char_reading, char_readings
from termqa.romanize import (
    CHINESE_MARKERS,
    CHINESE_SURNAMES,
    JAPANESE_SURNAMES,
    KOREAN_SURNAMES,
    KOREAN_SYLLABLES,
    MARKERS,
    NORTH_MARKERS,
    PINYIN_SHAPED_NAMES,
    SYLLABARY,
    VARIANTS,
    KnownName,
    Origin,
    japanese_name,
    known_names,
    korean_name,
)

_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
             r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|"
             r"er|a|o|e|i|u|v)")
_PINYIN_WORD = regex.compile(rf"(?:{_SYLLABLE})+")
_MANDARIN = regex.compile(r"zh|x[iu]|q[iu]|ao|ou|iu|ui|eng|ong|ian|uo|ie|ei|^[cs]h|[^aeiou]ue|[^aeiou]ng")
_POLARS_CAPITAL_WORD = r"\b\p{Lu}[\p{Ll}]+\b"
_TARGET_WORD = regex.compile(r"\p{L}+")
_HAN_NAME_RUN = regex.compile(r"\p{Han}+(?:[·•・‧]\p{Han}+)*")
_DOTS = "·•・‧"
_SENTENCE_END = regex.compile(r"[。！？；!?;\n]")
_MARKER_RES = {origin: regex.compile(pattern) for origin, pattern in MARKERS.items()}
_CHINESE_MARKER = regex.compile(CHINESE_MARKERS)
_NORTH = regex.compile(NORTH_MARKERS)
_MINORITY = regex.compile(r"新疆|维吾尔|維吾爾|哈萨克族|藏族|蒙古族|柯尔克孜|塔吉克族|乌孜别克族")
"""Names of China's minorities are written with the syllabary and a dot too (买买提·艾力), and
Chinese media render them in pinyin: not a foreign name read wrong."""
_FOREIGN_PLACE = regex.compile(
    r"美国|美國|英国|英國|法国|法國|德国|德國|俄罗斯|俄羅斯|意大利|西班牙|葡萄牙|加拿大|澳大利亚|澳洲|新西兰|巴西|阿根廷|"
    r"墨西哥|智利|秘鲁|委内瑞拉|古巴|印度|巴基斯坦|伊朗|伊拉克|以色列|巴勒斯坦|叙利亚|土耳其|埃及|沙特|南非|尼日利亚|"
    r"肯尼亚|埃塞俄比亚|乌克兰|波兰|荷兰|比利时|瑞士|瑞典|挪威|芬兰|丹麦|希腊|奥地利|匈牙利|捷克|欧盟|联合国|北约|"
    r"白宫|国务卿|外籍|外国|菲律宾|印尼|印度尼西亚|马来西亚|泰国|缅甸|柬埔寨|老挝|新加坡|蒙古国|哈萨克斯坦"
)
_SYLLABARY_CLASS = "[" + "".join(sorted(SYLLABARY)) + "]"
_LONG_TRANSLITERATION = regex.compile(
    f"(?<!{_SYLLABARY_CLASS})(?:(?![{''.join(sorted(CHINESE_SURNAMES))}]){_SYLLABARY_CLASS}{{4,}}|{_SYLLABARY_CLASS}{{5,}})")
"""Four characters of the syllabary or more, not after another (five when the first is a
common surname): a foreign name spelt out in the same text (玛蒂尔达, 罗尔德达尔)."""
_FUNCTION_CHARS = frozenset("说称在和与的是了将也对向及同为于等则就又还曾已会被把从到见指表认告访赴抵率致透讲谈")
"""Characters that follow a name in a sentence (王毅说, 王毅会见): never its last character."""
_GIVEN_NAME_CHARS = frozenset("龙凤虎鹏鹰燕云雷雨雪霞星月阳日春夏秋冬松柏梅兰竹菊莲桃玉金银宝珠琳珍石峰海波涛洋江泉林森"
                               "山川光辉明亮红军国强伟勇刚毅杰英豪雄俊美丽芳花华平安康宁福喜乐")
"""Given-name characters with a noun meaning MT reaches for (龙 "Dragon", 雪 "Snow"): a place or
a dish ends in other characters (高新区 "Gaoxin District", 马拉糕 "Mala Cake")."""
_SMALL_WORDS = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "as"])
_MISSILES: dict[str, tuple[str, str]] = {
    "火星": ("Hwasong", r"Mars"),
    "北极星": ("Pukguksong", r"Polaris|North Star|Pole Star|Arctic Star"),
    "银河": ("Unha", r"Milky Way|Galaxy"),
    "光明星": ("Kwangmyongsong", r"Bright Star|Guangming Star"),
    "大浦洞": ("Taepodong", r"Dapu Cave|Dapudong"),
}
"""North Korean rockets whose Chinese names are words: "Mars-17" is the Hwasong-17."""
_MISSILE_RE = regex.compile(r"(" + "|".join(_MISSILES) + r")[-－—‐]?(\d+)")


@dataclass(frozen=True, slots=True)
class _Unit:
    """A name in the source: its characters (dots removed), place, origin and English form."""

    zh: str
    start: int
    end: int
    origin: Origin
    suggestion: str | None


@functools.lru_cache(maxsize=65536)
def _mandarin_looking(key: str) -> bool:
    """Whether a reading has a sound English names seldom spell (zh, x, q, ao, ou, eng, ong...):
    a foreign name may be spelt as pinyin by chance ("Hatami", "Angela"), and without a
    dictionary form to compare with, only an unmistakably Mandarin reading is flagged."""
    return bool(_MANDARIN.search(key)) and key not in PINYIN_SHAPED_NAMES


@functools.lru_cache(maxsize=4096)
def _surname_readings(ch: str) -> tuple[str, ...] | None:
    """Every reading of a surname character, its usual one first: a surname is often read its
    rarer way (朴 Piao, not pu), and MT reads it so. None for other characters, which keep
    their usual reading only (more readings would match more chance words)."""
    if ch not in KOREAN_SURNAMES and ch not in CHINESE_SURNAMES:
        return None
    usual = char_reading(ch)
    return tuple(dict.fromkeys((usual, *char_readings(ch))))


@functools.lru_cache(maxsize=65536)
def _pinyin_word(word: str) -> bool:
    return bool(_PINYIN_WORD.fullmatch(word.casefold()))


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """A text with its diacritics dropped (Amitābha -> Amitabha, Kyūshū -> Kyushu): a name that
    differs only by them is the same name, spelt with or without the marks."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=65536)
def _letters(text: str) -> str:
    return "".join(ch for ch in _fold(text).casefold() if ch.isalpha())


@functools.lru_cache(maxsize=4096)
def _name_parts(english: str) -> frozenset[str]:
    """Every word-aligned part of an English name, as letters: {"joe", "biden", "joebiden"}."""
    words = [_letters(w) for w in regex.split(r"[\s\-]+", english) if _letters(w)]
    return frozenset("".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def _respelling_key(word: str) -> str:
    """A word with the spelling differences of transliteration folded away (Zelenskyy, Zelensky;
    Guterres, Gutteres): two names equal under it are one name, not a misspelling."""
    w = word.casefold()
    for a, b in (("ph", "f"), ("ck", "k"), ("ks", "x"), ("kh", "k"), ("y", "i"), ("w", "v"), ("ou", "u"), ("ee", "i"), ("j", "i")):
        w = w.replace(a, b)
    w = regex.sub(r"(.)\1+", r"\1", w)
    return regex.sub(r"(?<=[^aeiou])h", "", w)


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _local_origin(source: str, start: int) -> Origin | None:
    """The origin the nearest country or title before a name in its sentence says (韩国外长郑义溶)."""
    window = source[max(0, start - 24): start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    best: tuple[int, Origin] | None = None
    for origin, pattern in _MARKER_RES.items():
        for m in pattern.finditer(window):
            if best is None or m.end() > best[0]:
                best = (m.end(), origin)
    for m in _CHINESE_MARKER.finditer(window):
        if best is None or m.end() > best[0]:
            best = (m.end(), Origin.CHINESE)
    return best[1] if best else None


def _shape(zh: str, origin: Origin) -> bool:
    """Whether characters can be a name of that origin (a surname of that country first)."""
    if origin is Origin.KOREAN:
        return zh[0] in KOREAN_SURNAMES and 2 <= len(zh) <= 3
    if origin is Origin.JAPANESE:
        return len(zh) == 4 or any(zh.startswith(s) for s in JAPANESE_SURNAMES if len(s) >= 2) or (
            len(zh) == 3 and zh[:1] in JAPANESE_SURNAMES)
    return False


def _unit_end(source: str, start: int, end: int, origin: Origin) -> int:
    """Where the whole name ends when a reading covers only its start (郑义 of 郑义溶)."""
    if origin is Origin.KOREAN:
        limit = start + 3
    elif origin is Origin.JAPANESE:
        limit = start + 4
    else:
        return end
    stop = end
    while stop < min(limit, len(source)) and regex.match(r"\p{Han}", source[stop]) and source[stop] not in _FUNCTION_CHARS:
        stop += 1
    return stop


def _dotted_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names in a run of characters joined by dots: the run also holds the title before a
    name and the words after it (总理安格拉·默克尔和法国总统埃马纽埃尔·马克龙), so each name is cut
    where the syllabary ends (six characters a side at most) or at a dictionary name's edge."""
    names = known_names()
    spans: list[tuple[int, int]] = []
    for d in range(start, end):
        if text[d] not in _DOTS:
            continue
        a = d
        while a > start and d - a < 6 and text[a - 1] in SYLLABARY and text[a - 1] not in _DOTS:
            a -= 1
        # A dictionary name ending at the dot bounds the left part (总理 is no part of 安格拉).
        a = next((x for x in range(a, d - 1) if text[x:d] in names), a)
        b = d + 1
        while b < end and b - d <= 6 and text[b] in SYLLABARY:
            b += 1
        b = next((y for y in range(b, d + 2, -1) if text[d + 1:y] in names), b)
        if spans and spans[-1][1] >= a:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


class _Source:
    """One source text read for names: the pinyin of its Han characters and its known names."""

    def __init__(self, text: str) -> None:
        self.text = text
        # (offset in text, its readings), Han characters only: one reading but for a surname
        self.syllables: list[tuple[int, tuple[str, ...]]] = []
        self.dot_runs: list[tuple[int, int]] = []
        for m in _HAN_NAME_RUN.finditer(text):
            if any(d in m.group(0) for d in _DOTS):
                self.dot_runs.extend(_dotted_names(text, m.start(), m.end()))
        for i, ch in enumerate(text):
            if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
                reading = char_reading(ch)
                if reading:
                    self.syllables.append((i, _surname_readings(ch) or (reading,)))

    def find(self, key: str, min_chars: int) -> list[tuple[int, int]]:
        """Source spans (start, end) of consecutive characters whose syllables spell `key`."""
        out = []
        syl = self.syllables
        for k, (offset, readings) in enumerate(syl):
            for reading in readings:
                if not key.startswith(reading):
                    continue
                end = self._extend(key, k, len(reading), offset)
                if end is not None and end[1] - k + 1 >= min_chars:
                    out.append((offset, end[0] + 1))
                    break
        return out

    def _extend(self, key: str, k: int, pos: int, last: int) -> tuple[int, int] | None:
        """(offset of the last character, its index) where the syllables from the k-th on spell the
        rest of `key` from `pos`, trying each reading of a surname; None when they do not."""
        if pos == len(key):
            return last, k
        if k + 1 >= len(self.syllables):
            return None
        nxt_offset, readings = self.syllables[k + 1]
        gap = self.text[last + 1: nxt_offset]
        if gap and gap not in _DOTS:
            return None
        for nxt in readings:
            if key.startswith(nxt, pos):
                found = self._extend(key, k + 1, pos + len(nxt), nxt_offset)
                if found is not None:
                    return found
        return None

    def dot_run(self, start: int, end: int) -> tuple[int, int] | None:
        """The dotted name a span lies in, if any."""
        for a, b in self.dot_runs:
            if a <= start and end <= b:
                return a, b
        return None

    def known(self, start: int, end: int) -> tuple[str, int, int, KnownName] | None:
        """The longest dictionary name covering a span (茂木 inside 茂木敏充)."""
        names = known_names()
        text = self.text
        if text[start:end] in names:
            return text[start:end], start, end, names[text[start:end]]
        for size in range(min(8, len(text)), max(1, end - start) - 1, -1):
            for a in range(max(0, end - size), start + 1):
                zh = text[a: a + size]
                if a + size >= end and zh in names:
                    return zh, a, a + size, names[zh]
        return None


class NameReading(Check):
    """A name is rendered as the Mandarin reading, or the word-by-word meaning, of its characters.

    What it does: matches the capitalised words of the target against the pinyin of the
    source's characters. A match is flagged where the characters are a foreign name
    transliterated by sound (a CC-CEDICT or bundled foreign name, a name joined by a middle
    dot, a run of the transliteration syllabary), or a Korean or Japanese name
    (a country or title of that country before it, or in the document for a surname only
    that country uses); Chinese names and places in pinyin and names whose pinyin is their
    English form ("Anna", "Zhengzhou") are left alone. A reading followed by the translation
    of the name's remaining characters is flagged whole ("Zheng Yi dissolved"), as is a North
    Korean rocket named by its meaning ("Mars 17"), a Korean or Japanese name translated
    character by character ("the gold lord love"), a known name spelt another way ("Brinken"
    for 布林肯, "Vietiane" for 万象, "William" where the source writes Willem), and a known
    person the source does not name put for one it does ("Kim Yo-jong" for 金主爱). The English
    form is suggested where it is known: from the document, the dictionary, or the bundled
    Korean and Japanese tables.

    Why it matters: a wrong name is the error editors forgive least, and these readings look
    like names, so they pass a fluent read; without a glossary entry nothing else flags them.

    Example: 韩国外长郑义溶 with "Foreign Minister Zheng Yi dissolved" -> flag "Zheng Yi
    dissolved", suggest "Chung Eui-yong".
    """

    id = "name-reading"
    # A warning: the rule infers a name's origin without a desk's decision, and an error would
    # fail builds (--fail-on error) on its rare wrong guesses; glossary rules say "error".
    severity = Severity.WARNING
    needs_source = True
    rendering = True
    # Opt-in: read by eye on news it was not tuned on (docs/accuracy.md), 11 of 30 findings
    # were right, short of the 9 in 10 a default rule must reach.
    default = False

    def run(self, batch: Batch) -> Iterator[Finding]:
        rows, named, doc_origins = _candidates(batch)
        doc_cache: dict[tuple[int, str], Origin | None] = {}
        doc_of = batch.row_doc
        for row in rows:
            doc = doc_of[row]

            def in_document(zh: str, doc: int = doc) -> Origin | None:
                key = (doc, zh)
                if key not in doc_cache:
                    doc_cache[key] = _document_origin(batch, doc, zh)
                return doc_cache[key]

            yield from self._row(batch, row, doc_origins.get(doc, frozenset()), in_document, row in named)

    def _row(self, batch: Batch, row: int, origins: frozenset[Origin],
             in_document: Callable[[str], Origin | None], named: bool) -> Iterator[Finding]:
        source = batch.sources[row] or ""
        target = batch.targets[row]
        src = _Source(source)
        taken: list[tuple[int, int]] = []
        words = list(_TARGET_WORD.finditer(target))
        for i, j, a, b in _readings(src, target, words):
            unit = _classify(src, a, b, _letters(target[words[i].start(): words[j].end()]), origins, in_document)
            end = words[j].end()
            literal = None
            if unit is not None and unit.end > b:
                literal = _literal_tail(source[b: unit.end], target, words, j + 1, lower_ok=True)
            elif unit is None:
                unit, literal = _chinese_literal(src, a, b, target, words, j + 1)
                if unit is None:
                    continue
            if literal is not None:
                end = literal
            start = words[i].start()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            suggestion = _suggestion_from_document(batch, row, unit) or unit.suggestion
            yield batch.finding(self.id, row, Side.TARGET, start, end,
                                _message(target[start:end], unit, literal is not None),
                                [suggestion] if suggestion else [])
        yield from self._missiles(batch, row, source, target, origins, taken)
        if Origin.KOREAN in origins or Origin.JAPANESE in origins:
            yield from self._meanings(batch, row, source, target, words, taken)
        if named:
            yield from self._misspellings(batch, row, src, target, taken)
        yield from self._substitutions(batch, row, source, target, taken)

    def _meanings(self, batch: Batch, row: int, source: str, target: str, words: list,
                  taken: list[tuple[int, int]]) -> Iterator[Finding]:
        """A Korean or Japanese name translated character by character, no reading left: 金主爱
        "the gold lord love". Each of the target's consecutive words glosses one character."""
        for zh, english in _east_asian_names(source):
            n = len(zh)
            for i in range(len(words) - n + 1):
                run = words[i: i + n]
                if any(target[a.end(): b.start()] != " " for a, b in itertools.pairwise(run)):
                    continue
                if not all(stem(w.group(0)) in glosses(ch) for w, ch in zip(run, zh, strict=True)):
                    continue
                start, end = run[0].start(), run[-1].end()
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                yield batch.finding(self.id, row, Side.TARGET, start, end,
                                    f'"{target[start:end]}" translates the characters of the name {zh} as words',
                                    [english] if english else [])

    def _substitutions(self, batch: Batch, row: int, source: str, target: str,
                       taken: list[tuple[int, int]]) -> Iterator[Finding]:
        """A known person the target names whom the source does not, where the source names
        another person of the same origin whom the target leaves out: 金主爱 -> "Kim Yo-jong"."""
        index = _people_by_english()
        letters = _letters(target)
        for m in _PERSON_RUN.finditer(target):
            words = list(regex.finditer(r"\p{L}+", m.group(0)))
            found = _person_in(words, index)
            if found is None:
                continue
            (i, j), (zh, known) = found
            # Any form of the person counts: 贝克汉姆 in the source is 貝克漢姆 ("David Beckham").
            if any(form in source or any(part in source for part in _zh_parts(form))
                   for form in _person_forms().get(known, (zh,))):
                continue
            other = _absent_person(source, letters, known.origin, zh)
            if other is None:
                continue
            start, end = m.start() + words[i].start(), m.start() + words[j].end()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            yield batch.finding(
                self.id, row, Side.TARGET, start, end,
                f'"{target[start:end]}" names {zh}, whom the source does not name; the source names '
                f'{other[0]}, whom the target leaves out: a substituted person', [other[1]] if other[1] else [])

    def _missiles(self, batch: Batch, row: int, source: str, target: str, origins: frozenset[Origin],
                  taken: list[tuple[int, int]]) -> Iterator[Finding]:
        if Origin.KOREAN not in origins:
            return
        for m in _MISSILE_RE.finditer(source):
            name, meaning = _MISSILES[m.group(1)]
            pattern = rf"\b(?:{meaning})(?:[\s\-‐–]?(?:No\.\s?)?){m.group(2)}\b"
            for t in regex.finditer(pattern, target, flags=regex.IGNORECASE):
                if any(s < t.end() and t.start() < e for s, e in taken):
                    continue
                taken.append((t.start(), t.end()))
                yield batch.finding(
                    self.id, row, Side.TARGET, t.start(), t.end(),
                    f'"{t.group(0)}" translates the name of the North Korean rocket {m.group(0)} as words',
                    [f"{name}-{m.group(2)}"])

    def _misspellings(self, batch: Batch, row: int, src: _Source, target: str,
                      taken: list[tuple[int, int]]) -> Iterator[Finding]:
        expected = _expected_spellings(src.text)
        if not expected:
            return
        vocabulary = english_gloss_words()
        for w in regex.finditer(r"(?<![\p{L}\-])\p{Lu}\p{Ll}{3,}(?![\p{L}\-])", target):
            word = regex.sub(r"(?:'s|’s)$", "", w.group(0))
            if word in expected or word.casefold() in vocabulary:
                continue
            for right, (zh, mode) in expected.items():
                if not _misspelt(word, right, mode):
                    continue
                if any(s < w.end() and w.start() < e for s, e in taken):
                    break
                taken.append((w.start(), w.start() + len(word)))
                said = f"the source's {zh}" if zh == right else zh
                yield batch.finding(
                    self.id, row, Side.TARGET, w.start(), w.start() + len(word),
                    f'"{word}" looks like a misspelling of "{right}" ({said})', [right])
                break


_PERSON_RUN = regex.compile(r"\b\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+|-\p{Lu}?\p{Ll}+){1,4}\b")
"""Two to four name-like words: the full names the substitution check looks up."""


@functools.lru_cache(maxsize=1)
def _person_forms() -> dict[KnownName, tuple[str, ...]]:
    """Every headword of one dictionary entry (its simplified and traditional forms)."""
    out: dict[KnownName, list[str]] = {}
    for zh, known in known_names().items():
        if known.person and known.origin is not Origin.CHINESE:
            out.setdefault(known, []).append(zh)
    return {known: tuple(forms) for known, forms in out.items()}


def _foreign_full_names() -> Iterator[tuple[str, KnownName, list[str]]]:
    """Every known non-Chinese person's English name of two words or more, split into its words."""
    for zh, known in known_names().items():
        if known.origin is Origin.CHINESE or not known.person or known.generic or len(zh) < 2:
            continue
        for english in known.english:
            parts = regex.split(r"[\s\-]+", english)
            if len(parts) >= 2:
                yield zh, known, parts


@functools.lru_cache(maxsize=1)
def _people_by_english() -> dict[str, tuple[str, KnownName]]:
    """The full English names (two words or more) of known non-Chinese people, as letters
    ("kimjongun") -> their Chinese and entry: a full name only, a surname is too often shared."""
    out: dict[str, tuple[str, KnownName]] = {}
    for zh, known, parts in _foreign_full_names():
        out.setdefault("".join(_letters(p) for p in parts), (zh, known))
        if known.origin is Origin.JAPANESE:  # CC-CEDICT writes Japanese names surname first
            out.setdefault("".join(_letters(p) for p in reversed(parts)), (zh, known))
    return out


def _east_asian_names(source: str) -> list[tuple[str, str | None]]:
    """The Korean and Japanese names of three characters or more in a source of such a document:
    known people, and names the tables build whole (金主爱 Kim Ju-ae, 安倍晋三 Shinzo Abe)."""
    names = known_names()
    north = bool(_NORTH.search(source))
    out: list[tuple[str, str | None]] = []
    for m in _HAN_NAME_RUN.finditer(source):
        run = m.group(0)
        for a in range(len(run)):
            for size in (4, 3):
                zh = run[a: a + size]
                if len(zh) < size:
                    continue
                known = names.get(zh)
                if known is not None and known.origin in (Origin.KOREAN, Origin.JAPANESE) and known.person:
                    out.append((zh, known.english[0]))
                    break
                form = japanese_name(zh) if size == 4 else korean_name(zh, north=north)
                if form is not None and not has_headword(zh[:2]):
                    out.append((zh, form))
                    break
    return out


def _person_in(words: list, index: dict[str, tuple[str, KnownName]]) -> tuple[tuple[int, int], tuple[str, KnownName]] | None:
    """The longest run of words naming a known person (Kim Jong Un, Shinzo Abe), if any."""
    for size in range(len(words), 1, -1):
        for i in range(len(words) - size + 1):
            person = index.get("".join(_letters(w.group(0)) for w in words[i: i + size]))
            if person is not None:
                return (i, i + size - 1), person
    return None


def _zh_parts(zh: str) -> tuple[str, ...]:
    """The parts a short mention of a person could use: a dotted name's parts, else the given name."""
    if any(d in zh for d in _DOTS):
        return tuple(p for p in regex.split(f"[{_DOTS}]", zh) if len(p) >= 2)
    return (zh[1:],) if len(zh) >= 3 else ()


def _absent_person(source: str, target_letters: str, origin: Origin, besides: str) -> tuple[str, str | None] | None:
    """(Chinese, English) of a person of that origin the source names and the target leaves
    out: a known person, or a Korean name the tables build (金主爱) of the substitute's surname."""
    names = known_names()
    substitute = {_letters(w) for e in names[besides].english for w in regex.split(r"[\s\-]+", e)}
    for m in _HAN_NAME_RUN.finditer(source):
        run = m.group(0)
        for a in range(len(run)):
            for size in range(min(8, len(run) - a), 1, -1):
                zh = run[a: a + size]
                known = names.get(zh)
                english: str | None = None
                if known is not None and known.person and not known.generic and known.origin is origin:
                    english = known.english[0]
                elif origin is Origin.KOREAN and size == 3 and zh[0] == besides[0]:
                    english = korean_name(zh, north=True)
                    if english is None or has_headword(zh[:2]) or has_headword(zh[1:]):
                        continue  # 金融家: a word, not a name
                if english is None or zh == besides:
                    continue
                parts = [_letters(w) for w in regex.split(r"[\s\-]+", english)]
                # Left out: neither the whole name, in either order, nor a word of it that the
                # substitute's name lacks (Kim is both's) stands in the target.
                if not any("".join(order) in target_letters for order in (parts, parts[::-1])) and not any(
                        len(w) >= 3 and w not in substitute and w in target_letters for w in parts):
                    return zh, english
                break
    return None

_SOURCE_LATIN = regex.compile(r"(?<![\p{L}])\p{Lu}\p{Ll}{4,}(?![\p{L}])")
"""A capitalised Latin word in a Chinese source: a name the writer spelt out (（Willem Hanekom）)."""


def _expected_spellings(text: str) -> dict[str, tuple[str, str]]:
    """English name words the source's names make expected -> (their Chinese, or the word itself
    when the source spells it in Latin letters; "person", "place" or "source": how strictly
    a near miss is told from a right spelling)."""
    names = known_names()
    vocabulary = english_gloss_words()
    trusted = _news_forms()
    expected: dict[str, tuple[str, str]] = {}
    for m in _HAN_NAME_RUN.finditer(text):
        run = m.group(0)
        for a in range(len(run)):
            for size in range(min(8, len(run) - a), 1, -1):
                zh = run[a: a + size]
                known = names.get(zh)
                if not known or known.origin is Origin.CHINESE or known.generic:
                    continue
                # A known person's words, or (strictly) a place's or firm's: a given name has its
                # other languages' forms (William, Willem), a place its adjective and older
                # spellings (Venezuelan, Teheran), which the strict test and VARIANTS allow.
                mode = "person" if known.person else "place"
                for english in known.english:
                    for word in regex.split(r"[\s\-]+", english):
                        # Not a word of a descriptive name (民主党 "Democratic Party", 国庆
                        # "National Day"): "Democrat" is no misspelt "Democratic".
                        if mode == "place" and zh not in trusted and word.casefold() in vocabulary:
                            continue
                        if len(word) >= (6 if mode == "place" else 4) and word[0].isupper() and word[1:].islower():
                            expected.setdefault(word, (zh, mode))
                break
    for m in _SOURCE_LATIN.finditer(text):
        expected.setdefault(m.group(0), (m.group(0), "source"))
    return expected


def _misspelt(word: str, right: str, mode: str = "person") -> bool:
    """A near miss of a known spelling that is not a usual respelling of a transliteration.

    Strict for a place, a firm or a word the source spells in Latin letters: six letters or
    more, not a known other spelling (VARIANTS), not an adjective of the name (Venezuelan,
    Israeli); for a place, not itself the English of a dictionary name (Austria is no misspelt
    Australia), though "William" is a misspelt "Willem" where the source writes Willem."""
    # Amitābha for Amitabha: the same name, with or without its marks (distance 0 once folded).
    word, right = _fold(word), _fold(right)
    if word[0].casefold() != right[0].casefold() or abs(len(word) - len(right)) > 2:
        return False
    if _respelling_key(word) == _respelling_key(right):
        return False
    if word.casefold().startswith(right.casefold()) and word[len(right):] in ("s", "es", "'s", "’s", "n", "an"):
        return False  # a plural, possessive or adjective: Trumps, Biden's
    if mode != "person":
        if len(word) < 6 or len(right) < 6 or word.casefold() in VARIANTS.get(right.casefold(), ()):
            return False
        stem_ = right.casefold().rstrip("aeiouy")
        low = word.casefold()
        if low.startswith(stem_) and (low[len(stem_):] in _DEMONYM_ENDINGS or low[len(stem_):-1] in _DEMONYM_ENDINGS):
            return False  # Argentine, Israeli, Ukrainian, Vietnamese, Africans
        if mode == "place" and low in _known_english_words():
            return False
    distance = _edit_distance(word.casefold(), right.casefold())
    return 0 < distance <= (1 if len(right) <= 5 else 2)


_DEMONYM_ENDINGS = frozenset(["", "n", "an", "ian", "ean", "i", "ese", "ish", "ic", "e", "ine", "ite", "er", "ern"])


@functools.lru_cache(maxsize=1)
def _known_english_words() -> frozenset[str]:
    """Every word of the English of the dictionary's names (austria, australia): a name that is
    itself known is not a misspelling of a neighbour."""
    return frozenset(w.casefold() for n in known_names().values() for e in n.english for w in regex.split(r"[\s\-]+", e) if w)


def _readings(src: _Source, target: str, words: list) -> Iterator[tuple[int, int, int, int]]:
    """(first word, last word, source start, source end) of every capitalised run of the target
    that spells the pinyin of consecutive source characters, longest first, not overlapping."""
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        if not (w.group(0)[0].isupper() and _pinyin_word(w.group(0))):
            i += 1
            continue
        # The run: following words joined by one space or hyphen, capitalised or hyphen-joined.
        last = i
        while last + 1 < n:
            gap = target[words[last].end(): words[last + 1].start()]
            nxt = words[last + 1].group(0)
            if gap not in (" ", "-") or not _pinyin_word(nxt) or not (nxt[0].isupper() or gap == "-"):
                break
            last += 1
        if last - i >= 4:
            last = i + 3
        found = None
        for j in range(last, i - 1, -1):
            key = _letters(target[words[i].start(): words[j].end()])
            # One character is a name only as a part of a dotted name (卡洛斯·龙 "Carlos Long").
            for a, b in src.find(key, 1):
                if b - a >= 2 or src.dot_run(a, b):
                    found = (j, a, b)
                    break
            if found:
                break
        if found:
            j, a, b = found
            yield i, j, a, b
            i = j + 1
        else:
            i += 1


def _classify(src: _Source, a: int, b: int, key: str, origins: frozenset[Origin],
              in_document: Callable[[str], Origin | None]) -> _Unit | None:
    """The non-Chinese name whose characters a reading spells, or None when the reading is a
    fine rendering (a Chinese name, or a name whose English form is its pinyin)."""
    text = src.text
    zh = text[a:b]
    plain = "".join(ch for ch in zh if ch not in _DOTS)
    known = src.known(a, b)
    if known is not None:
        kzh, ka, kb, name = known
        if any(key in _name_parts(e) for e in name.english):
            return None
        if name.origin is Origin.CHINESE:
            return None
        if name.chinese_sense and not _origin_evidence(text, ka, kb, name.origin, in_document(kzh)):
            return None  # 江南 of a Chinese novel is south of the Yangtze, not Seoul's Gangnam
        # Places and firms the dictionary gives no Chinese marker for are often Chinese (a brand
        # in pinyin is its name): only those spelt with the syllabary count.
        if (name.origin is Origin.FOREIGN and not name.person and kzh not in _news_forms()
                and 2 * sum(ch in SYLLABARY for ch in kzh) < len(kzh)):
            return None
        # A short dictionary name may be a part of a word (马拉 in 马拉糕): only a reading that
        # sounds Mandarin counts, unless the name is a known person of the news.
        if (name.origin is Origin.FOREIGN and len(kzh) <= 2 and kzh not in _news_forms()
                and not _mandarin_looking(key)):
            return None
        whole = ka == a and kb == b
        # A part's own form where the tables know it (茂木 Motegi), else the whole name's (敏充).
        suggestion = _english_form(kzh, name) if whole else (_part_form(zh, name) or _english_form(kzh, name))
        return _Unit(kzh, ka, kb, name.origin, suggestion)
    dotted = src.dot_run(a, b)
    if dotted is not None:
        # Only a Mandarin-sounding reading: a foreign name may be spelt as pinyin by chance
        # (阿米尔·哈塔米 "Amir Hatami" is right; tried on the tuning half, "Kailin" for 凯琳 cost it).
        if _MINORITY.search(text) or not _mandarin_looking(key):
            return None
        return _Unit(text[dotted[0]: dotted[1]].strip(_DOTS), dotted[0], dotted[1], Origin.FOREIGN, None)
    if not regex.fullmatch(r"\p{Han}+", zh):
        return None
    origin = _local_origin(text, a)
    if origin is None or origin is Origin.CHINESE:
        if origin is None:
            origin = in_document(zh)
        if origin is Origin.FOREIGN:
            return _transliteration(text, a, b, key, foreign=True)
        if origin is None and len(zh) == 2 and any(
                (m.end() <= a or b <= m.start()) and not _reduplicated(text, m.start() + 1, m.end() - 1)
                for m in _LONG_TRANSLITERATION.finditer(text)):
            # 罗尔德达尔作品 ... 查理和巧克力工厂: beside a long transliteration (another, not one
            # the span is in: 古法 of 古法马拉糕), a name of the syllabary is foreign too.
            return _transliteration(text, a, b, key, foreign=True)
        if origin is None and Origin.JAPANESE in origins and len(plain) >= 2 and plain in JAPANESE_SURNAMES:
            origin = Origin.JAPANESE  # 茂木 alone: a surname only Japan uses
        if origin is None and korean_name(zh, north=False) and _beside_korean_person(text, a, b):
            origin = Origin.KOREAN  # 金正恩的夫人李雪主: a wife, daughter or aide beside a Korean
    if origin in (Origin.KOREAN, Origin.JAPANESE) and not _shape(zh, origin):
        # A reading of the given name alone (敏充 of 茂木敏充 "Minchong", 雪主 of 李雪主 "Xuezhu"):
        # the name starts at the surname just before it.
        a = _surname_before(text, a, b, origin)
        zh = text[a:b]
    if origin in (Origin.KOREAN, Origin.JAPANESE) and _shape(zh, origin):
        end = _unit_end(text, a, b, origin)
        full = text[a:end]
        return _Unit(full, a, end, origin, _east_asian_form(full, origin, text))
    return _transliteration(text, a, b, key)


def _origin_evidence(text: str, a: int, b: int, origin: Origin, in_document: Origin | None) -> bool:
    """Whether a text says a name the dictionary gives both a Chinese and a Korean or Japanese
    sense (江南, 光州, 中山) is of that origin: a country or title of it in the sentence, a known
    Korean beside it, or the country before the name at another of its places in the document.
    A Korean or Japanese word elsewhere in a long document is no evidence: a novel set in
    China mentions Japan too."""
    if in_document is origin or _local_origin(text, a) is origin:
        return True
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, a)), default=0)
    end = next((m.start() for m in _SENTENCE_END.finditer(text, b)), len(text))
    if _MARKER_RES[origin].search(text, start, end):
        return True
    return origin is Origin.KOREAN and _beside_korean_person(text, a, b)


def _surname_before(text: str, a: int, b: int, origin: Origin) -> int:
    """Where a Korean or Japanese name starts whose given name alone a reading spells: at a
    surname of the tables just before it, when the tables know the whole name's form."""
    if origin is Origin.KOREAN:
        if a >= 1 and text[a - 1] in KOREAN_SURNAMES and korean_name(text[a - 1: b], north=False):
            return a - 1
        return a
    for cut in (2, 1, 3):
        if a >= cut and text[a - cut: a] in JAPANESE_SURNAMES and japanese_name(text[a - cut: b]):
            return a - cut
    return a


@functools.lru_cache(maxsize=1)
def _korean_people() -> regex.Pattern:
    names = known_names()
    forms = sorted((zh for zh, n in names.items() if n.origin is Origin.KOREAN and n.person and not n.generic),
                   key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, forms)))


def _beside_korean_person(text: str, a: int, b: int) -> bool:
    """Whether the sentence of a span names a known Korean (金正恩 in 金正恩的夫人李雪主), the span
    itself excepted: a name built from the Korean tables beside one is Korean."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, a)), default=0)
    end = next((m.start() for m in _SENTENCE_END.finditer(text, b)), len(text))
    return any(not (m.start() < b and a < m.end()) for m in _korean_people().finditer(text, start, end))


def _reduplicated(text: str, a: int, b: int) -> bool:
    """Whether a span repeats a character, or is one repeated beside it: laughter and other
    sounds (哈哈哈 "Hahaha", 嘻嘻), and the AAB and ABB words of the novel (哈哈笑), are no
    transliterated names, which spell each syllable once."""
    zh = text[max(0, a - 1): b + 1]
    return any(x == y for x, y in itertools.pairwise(zh))


def _transliteration(text: str, a: int, b: int, key: str, foreign: bool = False) -> _Unit | None:
    """A run of the transliteration syllabary that cannot be a Chinese name: three characters
    or more not starting with a common surname, or a foreign country just before it (here or,
    `foreign`, where the document names it in full)."""
    zh = text[a:b]
    if not all(ch in SYLLABARY for ch in zh) or _MINORITY.search(text) or key in PINYIN_SHAPED_NAMES:
        return None
    if _reduplicated(text, a, b):
        return None
    before = text[max(0, a - 10): a]
    foreign_before = foreign or bool(_FOREIGN_PLACE.search(before))
    # Two characters are a Chinese name as often as not: only a Mandarin-sounding reading counts,
    # unless a foreign country or title stands before them (法国总理博恩 "Bo En").
    if len(zh) < 3 and not _mandarin_looking(key) and not foreign_before:
        return None
    if len(zh) >= 3 and (zh[0] not in CHINESE_SURNAMES or len(zh) >= 4 or foreign_before):
        return _Unit(zh, a, b, Origin.FOREIGN, None)
    if len(zh) == 2 and zh[0] not in CHINESE_SURNAMES and foreign_before:
        return _Unit(zh, a, b, Origin.FOREIGN, None)
    return None


@functools.lru_cache(maxsize=1)
def _news_forms() -> frozenset[str]:
    from termqa.romanize import NEWS_FIRMS, NEWS_NAMES, NEWS_TERMS

    return frozenset(NEWS_NAMES) | frozenset(NEWS_FIRMS) | frozenset(NEWS_TERMS)


def _english_form(zh: str, name: KnownName) -> str | None:
    """The English form to suggest for a whole dictionary name."""
    if name.origin is Origin.JAPANESE:
        return japanese_name(zh)  # CC-CEDICT writes Japanese names surname first
    return name.english[0]


def _part_form(part: str, name: KnownName) -> str | None:
    """The English of a part of a dictionary name, where the tables know it (茂木 of 茂木敏充)."""
    if name.origin is Origin.JAPANESE:
        return japanese_name(part)
    return None


def _east_asian_form(zh: str, origin: Origin, text: str) -> str | None:
    """The romanised form the tables give a Korean or Japanese name (North Korean forms where
    the text is about the North)."""
    if origin is Origin.KOREAN:
        return korean_name(zh, north=bool(_NORTH.search(text)))
    if origin is Origin.JAPANESE:
        return japanese_name(zh)
    return None


def _literal_tail(rest: str, target: str, words: list, k: int, lower_ok: bool) -> int | None:
    """The end of the words after a reading that translate the name's remaining characters one
    by one ("dissolved" for 溶), or None."""
    end = None
    for ch in rest:
        if k >= len(words):
            return None
        gap = target[words[k - 1].end(): words[k].start()]
        word = words[k].group(0)
        if gap not in (" ", "-") or not (lower_ok or word[0].isupper()):
            return None
        if stem(word) not in glosses(ch):
            return None
        end = words[k].end()
        k += 1
    return end


def _chinese_literal(src: _Source, a: int, b: int, target: str, words: list, k: int) -> tuple[_Unit | None, int | None]:
    """A Chinese name read for its surname and given name but for the last character, which is
    translated as a capitalised noun: 刘云龙 "Liu Yun Dragon"."""
    text = src.text
    if b - a != 2 or text[a] not in CHINESE_SURNAMES or b >= len(text) or k >= len(words):
        return None, None
    ch = text[b]
    if ch not in _GIVEN_NAME_CHARS:
        return None, None
    if b + 1 < len(text) and regex.match(r"\p{Han}", text[b + 1]) and text[b + 1] not in _FUNCTION_CHARS:
        return None, None  # a longer word follows: not a three-character name
    if not any(w.group(0).islower() and w.group(0) not in _SMALL_WORDS for w in words):
        return None, None  # a headline in title case: a verb after a name is capitalised too
    word = words[k].group(0)
    gap = target[words[k - 1].end(): words[k].start()]
    if gap != " " or not word[0].isupper() or stem(word) not in head_glosses(text[a] + ch):
        return None, None
    return _Unit(text[a: b + 1], a, b + 1, Origin.CHINESE, None), words[k].end()


def _message(span: str, unit: _Unit, literal: bool) -> str:
    if literal and unit.origin is Origin.CHINESE:
        return f'"{span}" translates a character of the name {unit.zh} as a word'
    if literal:
        return f'"{span}" translates characters of the {unit.origin.value} name {unit.zh} as words'
    if unit.origin is Origin.FOREIGN:
        return f'"{span}" is the Mandarin reading of {unit.zh}, a transliterated foreign name, not its English form'
    return f'"{span}" reads the {unit.origin.value} name {unit.zh} in Mandarin, not as it is romanised'


def _document_origin(batch: Batch, doc: int, zh: str) -> Origin | None:
    """The origin a country or title gives a name at another of its places in the document;
    FOREIGN where a foreign country or a middle dot stands beside it there."""
    start, end = batch.docs[doc]
    foreign = False
    for row in range(start, end):
        source = batch.sources[row] or ""
        at = source.find(zh)
        while at >= 0:
            origin = _local_origin(source, at)
            if origin is not None:
                return origin
            # 法国总理博恩 three lines up, or 博恩 in a dotted name: the short mention is foreign too.
            after = at + len(zh)
            foreign = foreign or bool(_FOREIGN_PLACE.search(source[max(0, at - 10): at])) or (
                source[at - 1: at] in _DOTS and at > 0) or (source[after: after + 1] in _DOTS and after < len(source))
            at = source.find(zh, at + 1)
    return Origin.FOREIGN if foreign else None


def _suggestion_from_document(batch: Batch, row: int, unit: _Unit) -> str | None:
    """The name as the same document writes it right elsewhere: a target whose source has the
    name and which writes the expected surname in a name of the expected shape."""
    if unit.origin is Origin.KOREAN and unit.zh[0] in KOREAN_SURNAMES:
        pattern = rf"\b(?:{'|'.join(set(KOREAN_SURNAMES[unit.zh[0]]))}) \p{{Lu}}\p{{Ll}}+-\p{{Ll}}+\b"
    elif unit.origin is Origin.JAPANESE:
        zh_surname = next((z for z in (unit.zh[:2], unit.zh[:1], unit.zh[:3]) if JAPANESE_SURNAMES.get(z)), None)
        if zh_surname is None:
            return None
        surname = JAPANESE_SURNAMES[zh_surname]
        given = len(unit.zh) > len(zh_surname)
        pattern = rf"\b\p{{Lu}}\p{{Ll}}+ {surname}\b" if given else rf"\b{surname}\b"
    else:
        return None
    doc = batch.row_doc[row]
    start, end = batch.docs[doc]
    for other in range(start, end):
        if unit.zh in (batch.sources[other] or ""):
            for m in regex.finditer(pattern, batch.targets[other]):
                if _fits(m.group(0), unit):
                    return m.group(0)
    return None


def _fits(english: str, unit: _Unit) -> bool:
    """Whether a romanised Korean name can be the name in hanja: as many given-name syllables as
    characters, each starting as the tables' forms do ("Kim Jong-un" is not 金主爱)."""
    if unit.origin is Origin.JAPANESE:
        # "Secretary Matsuno" is a title and a surname, not a given name and a surname.
        return " " not in english or english.split(" ", 1)[0].casefold() not in english_gloss_words()
    if unit.origin is not Origin.KOREAN:
        return True
    given = english.split(" ", 1)[1].casefold().split("-")
    chars = unit.zh[1:]
    if len(given) != len(chars):
        return False
    for syllable, ch in zip(given, chars):
        forms = KOREAN_SYLLABLES.get(ch)
        if forms and not any(syllable[:1] == f[:1] for f in forms):
            return False
    return True


def _candidates(batch: Batch) -> tuple[list[int], set[int], dict[int, frozenset[Origin]]]:
    """The rows worth a closer look, those of them naming a known foreign person (for the
    misspelling check), and the Korean and Japanese documents: all vectorised.

    A row is a candidate when its source has two Han characters and its target a capitalised
    word that is all pinyin syllables and not a Chinese name's own English ("Beijing",
    "Xinhua", which most Chinese news has), or when its source names a known foreign person.
    """
    frame = pl.DataFrame({
        "s": pl.Series(batch.sources, dtype=pl.String),
        "t": pl.Series(batch.targets, dtype=pl.String),
        "doc": batch.row_doc,
    }).with_row_index("row")
    origins: dict[int, frozenset[Origin]] = {}
    marked = frame.select(
        "doc", *[pl.col("s").str.contains(MARKERS[o]).fill_null(False).alias(o.value) for o in MARKERS]
    ).group_by("doc").agg(pl.all().any())
    for record in marked.iter_rows(named=True):
        found = frozenset(o for o in MARKERS if record[o.value])
        if found:
            origins[record["doc"]] = found
    common, people = _prefilter_lists()
    pinyin_word = "^(?:" + _SYLLABLE + ")+$"
    flags = frame.filter(pl.col("s").is_not_null()).select(
        "row",
        reading=pl.col("s").str.contains(r"\p{Han}{2}")
        & pl.col("t").str.extract_all(_POLARS_CAPITAL_WORD).list.eval(
            pl.element().filter(~pl.element().is_in(common)).str.to_lowercase().str.contains(pinyin_word)
        ).list.any(),
        named=pl.col("s").str.contains_any(people) | pl.col("s").str.contains(r"\p{Lu}\p{Ll}{4,}"),
        person=pl.col("t").str.contains_any(_person_heads()) | pl.col("s").str.contains(MARKERS[Origin.KOREAN]),
    ).filter(pl.col("reading") | pl.col("named") | pl.col("person"))
    named = set(flags.filter("named")["row"].to_list())
    return flags["row"].to_list(), named, origins


@functools.lru_cache(maxsize=1)
def _person_heads() -> list[str]:
    """The first two words of every full name the substitution check knows ("Kim Jong", "Shinzo
    Abe"), as a target may write them: a row whose target has none names no such person."""
    heads: set[str] = set()
    for _zh, known, parts in _foreign_full_names():
        heads.add(f"{parts[0]} {parts[1]}")
        heads.add(f"{parts[-1]} {parts[0]}" if known.origin is Origin.JAPANESE else f"{parts[0]}-{parts[1]}")
    return sorted(heads)


@functools.lru_cache(maxsize=1)
def _prefilter_lists() -> tuple[list[str], list[str]]:
    """One-word English names of Chinese places and people that are their own pinyin (Beijing,
    Xinhua), and the Chinese of the known foreign names the misspelling check can expect: people,
    and places and firms with a word of six letters or more."""
    names = known_names()
    common = {e for n in names.values() if n.origin is Origin.CHINESE for e in n.english if " " not in e}
    common.update(("China", "Chinese"))
    people = [zh for zh, n in names.items() if n.origin is not Origin.CHINESE and not n.generic and (
        n.person or any(len(w) >= 6 for e in n.english for w in regex.split(r"[\s\-]+", e)))]
    return sorted(common), people
