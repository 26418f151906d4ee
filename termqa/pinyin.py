"""Provides the pinyin readings that machine translation produces for non-Chinese names.

MT systems read Korean and Japanese names written in Chinese characters as Mandarin:
郑义溶 (Chung Eui-yong) becomes "Zheng Yirong", 林芳正 (Yoshimasa Hayashi) "Lin Fangzheng".
For a person or place entry whose approved rendering is not its own pinyin, these readings
are wrong wherever they appear, so the matcher treats them as derived forbidden variants.
"""

from __future__ import annotations

import functools

from termqa.model import EntityType, GlossaryEntry
from termqa.normalize import HAN_RE, rendering_key

COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯", "鲜于", "闻人", "南宫", "西门", "独孤", "端木"]
)


@functools.lru_cache(maxsize=65536)
def _char_reading(ch: str) -> str:
    # Imported here: pypinyin's tables take 0.17 s to load, and a run with a cached glossary
    # and the default rules never reads pinyin.
    from pypinyin import Style, lazy_pinyin

    reading = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return reading[0] if reading and reading[0].isalpha() else ""


def char_reading(ch: str) -> str:
    """The toneless pinyin of one Han character ("" for anything else): its commonest reading,
    cached. For matching a name's characters one by one, where phrase context does not help."""
    return _char_reading(ch)


@functools.lru_cache(maxsize=4096)
def char_readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading pypinyin knows for one Han character, commonest first (朴 pu, po,
    piao): a surname is often read its rarer way (朴 Piao, 单 Shan, 曾 Zeng)."""
    from pypinyin import Style, pinyin

    readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    out = [r for r in (readings[0] if readings else []) if r.isalpha()]
    return tuple(dict.fromkeys(out))


def syllables(text: str) -> list[str]:
    """Toneless pinyin of the Han characters of a text, one syllable per character."""
    return _syllables(text)


def _syllables(text: str) -> list[str]:
    # Character by character, cached: a 100,000-entry glossary would otherwise spend seconds
    # in pypinyin's phrase segmentation, which names do not need.
    return [r for r in map(_char_reading, text) if r]


@functools.lru_cache(maxsize=65536)
def word_syllables(word: str) -> tuple[str, ...]:
    """Toneless pinyin of a word read as a word: pypinyin's phrase table picks the reading of a
    character with two (长沙 chang-sha, not zhang-sha; 重庆 chong-qing). For aligning a text's
    words, where the phrase lookup is worth its cost."""
    from pypinyin import Style, lazy_pinyin

    return tuple(r for r in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if r.isalpha())


def name_readings(term: str) -> set[str]:
    """Pinyin readings of a 2-4 character name, surname first: {'Zheng Yirong', 'Zheng Yi Rong'}.

    The surname is the first character, or the first two for a compound surname or a
    four-character (Japanese) name; both splits are produced where it is ambiguous.
    """
    chars = list(term)
    if not 2 <= len(chars) <= 4 or not all(HAN_RE.fullmatch(c) for c in chars):
        return set()
    # Four-character names are Japanese (2+2) or compound-surname Chinese (2+2) alike.
    split = 2 if len(chars) == 4 or (len(chars) == 3 and term[:2] in COMPOUND_SURNAMES) else 1
    out: set[str] = set()
    sur = _syllables(term[:split])
    given = _syllables(term[split:])
    if sur and given:
        surname = "".join(sur).capitalize()
        out.add(f"{surname} {''.join(given).capitalize()}")
        out.add(f"{surname} {' '.join(g.capitalize() for g in given)}")
    return out


def romanizations(entry: GlossaryEntry) -> set[str]:
    """Derived wrong readings for an entry; empty when its approved rendering is its pinyin."""
    # Places are left out: a one-word reading (釜山 -> Fushan) is too often another real name
    # (福山寿海 -> "Fushan Shouhai"); list such variants as forbidden in the glossary instead.
    if entry.type is not EntityType.PERSON:
        return set()
    reader = name_readings
    allowed = {rendering_key(r).replace(" ", "") for r in (entry.target, *entry.alternates)}
    out: set[str] = set()
    for source in entry.sources:
        for reading in reader(source):
            if rendering_key(reading).replace(" ", "") not in allowed:
                out.add(reading)
    return out
