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
    readings = char_readings(ch)
    return readings[0] if readings else ""


def char_reading(ch: str) -> str:
    """The toneless pinyin of one Han character ("" for anything else): its commonest reading,
    cached. For matching a name's characters one by one, where phrase context does not help."""
    return _char_reading(ch)


@functools.lru_cache(maxsize=4096)
def char_readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading pypinyin knows for one Han character, commonest first (朴 pu, po,
    piao): a surname is often read its rarer way (朴 Piao, 单 Shan, 曾 Zeng)."""
    # What pinyin(ch, style=Style.NORMAL, heteronym=True) gives (the same for all 41,923
    # characters of pypinyin's table: tests/test_startup.py), without importing pypinyin,
    # which costs 0.3-0.7 s: more than the rest of a one-line check. Remembered across runs.
    memo = _reading_memo()
    known = memo.get(ch)
    if isinstance(known, list):
        return tuple(known)
    readings = _readings().get(ord(ch), ())
    memo.put(ch, list(readings))
    return readings


@functools.cache
def _reading_memo():  # a termqa.cache.Memo
    from termqa.cache import Memo, data_version

    return Memo("pinyin", data_version("pypinyin", "pinyin_dict.json"))


@functools.cache
def _readings() -> dict[int, tuple[str, ...]]:
    """Code point -> toneless readings, from pypinyin's character table read directly:
    importing `pypinyin.pinyin_dict` runs the package's __init__ (its phrase tables)."""
    import importlib.util
    import json
    import os
    import unicodedata

    spec = importlib.util.find_spec("pypinyin")
    roots = list(spec.submodule_search_locations or []) if spec is not None else []
    with open(os.path.join(roots[0], "pinyin_dict.json"), encoding="utf-8") as fh:
        raw = json.load(fh)
    out: dict[int, tuple[str, ...]] = {}
    for code, readings in raw.items():
        plain = []
        for reading in readings.split(","):
            # Style.NORMAL: ü is v, ê stays, every tone mark goes.
            text = unicodedata.normalize("NFD", reading).replace("u\u0308", "v").replace("e\u0302", "ê")
            plain.append("".join(c for c in text if not unicodedata.combining(c)))
        out[int(code)] = tuple(dict.fromkeys(p for p in plain if p.isalpha()))
    return out


def all_readings() -> set[str]:
    """Every toneless reading of every character ('v' for 'ü')."""
    return {r for readings in _readings().values() for r in readings}


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
    words, where the phrase lookup is worth its cost.

    Remembered across runs: loading the phrase table takes 55 MB in every process that asks
    (the CLI and each --jobs worker), and 0.3-0.7 s."""
    memo = _word_memo()
    known = memo.get(word)
    if isinstance(known, list):
        return tuple(known)
    from pypinyin import Style, lazy_pinyin

    found = tuple(r for r in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if r.isalpha())
    memo.put(word, list(found))
    return found


@functools.cache
def _word_memo():  # a termqa.cache.Memo
    from termqa.cache import Memo, data_version

    # The phrase table, the character table and the code that reads them.
    return Memo("pinyin-words", data_version("pypinyin", "phrases_dict.json", "pinyin_dict.json", "__init__.py",
                                             "core.py", "seg/mmseg.py"))


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
