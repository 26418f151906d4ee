"""Provides term alignment without a glossary: which English words render a recurring Chinese term.

For each document, the Chinese source is segmented into words (jieba, with part-of-speech
tags); the nouns and names that occur in two or more segments are the candidate terms. Each
occurrence is aligned with the English words of its segment that can translate it:

- CC-CEDICT glosses: 壁画 -> {mural, fresco}, so "murals" and "frescoes" both align;
- the pinyin of names: 乌兰 -> "Wulan";
- association within the document, for terms the dictionary does not know (澳大 -> "University
  of Macau"): the capitalised English words found in most segments whose source has the term
  and in few others, learnt from at least two different source sentences;
- where none of these finds anything in a segment, the span most like the document's first
  rendering of the term ("Macau" where the document began with "Macao").

`term-variant` flags the occurrences rendered differently from the first one, and `termqa
glossary extract` proposes a glossary from the same alignments.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from termqa import lexicon, postag, zhwords
from termqa.model import GlossaryEntry, _quick_init
from termqa.normalize import to_simplified
from termqa.pinyin import word_syllables

# Nouns, names and abbreviations; verbal nouns (发展 "development" / "develop") change part of
# speech too freely in English to be compared.
NOUN_TAGS = frozenset({"n", "nr", "nr1", "nr2", "nrt", "nrfg", "ns", "nt", "nz", "j", "nw"})
NAME_TAGS = frozenset({"nr", "nr1", "nr2", "nrt", "nrfg", "ns", "nt", "nz", "j"})
PERSON_TAGS = frozenset({"nr", "nr1", "nr2", "nrt", "nrfg"})
_COMPOUND_TAGS = NOUN_TAGS | {"vn"}
# jieba tags many words of domain terms as verbs or adjectives: 投资组合 is 投资/vn + 组合/v,
# 私募股权 is 私募/a + 股权/n. One such word may stand inside a compound, never first.
_INNER_TAGS = frozenset({"v", "a", "b"})
_RUN_TAGS = _COMPOUND_TAGS | _INNER_TAGS
ASSOCIATION = 0.5
"""Minimum Dice coefficient between a term and an English word for the word to render it."""
SUPPORT = 0.5
"""Minimum share of the term's segments in which the associated word occurs."""
SIMILARITY = 0.75
"""Minimum similarity (difflib ratio) of a span to the first rendering, where nothing aligned."""
_HAN = regex.compile(r"^\p{Han}+$")
_ACRONYM = regex.compile(r"\p{Lu}{2,}s?$")
_DIGIT = regex.compile(r"\d")
_LETTERS = regex.compile(r"\p{L}+")
_POSSESSIVE_END = regex.compile(r"['’]s?$")
_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-\.]*[\p{L}\p{N}]|[\p{L}\p{N}]")
# _TOKEN for a text in ASCII, where the letters and digits are these: the standard library's
# engine finds them in less than half the time the `regex` module takes.
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-.]*[A-Za-z0-9]|[A-Za-z0-9]")
_ASCII_MATCH = type(_ASCII_TOKEN.match("a"))
_MATCH = type(_TOKEN.match("a"))
# The original name a Chinese text gives in brackets right after a term: 荷兰合作银行（Rabobank）,
# 公平工作委员会（Fair Work Commission）, 波士顿动力科技公司（Boston Dynamics）; up to two characters
# (公司) may stand between. A transliteration note after a comma (（Chenjun Pan，音译）) is left out.
_ORIGINAL = regex.compile(r"\p{Han}{0,2}[（(]\s*(\p{Latin}[\p{Latin}\d .&'’\-]*?)\s*[，,;；）)]")
# Senses of single characters that are no rendering of a noun: 会 "can", 赛 "better than".
_WEAK = frozenset(["can", "will", "all", "do", "than", "better", "ok", "right", "good", "must", "may", "should",
                   "much", "mani", "few", "well", "just", "now", "onli", "even", "still", "again", "thus"])
# jieba's tags of a lone character used as a noun (车 "vehicle" is tagged zg).
_CHARACTER_NOUNS = frozenset({"n", "ng", "zg"})
_LINKS = frozenset({"of", "the", "a", "an", "and", "for", "de", "du", "la", "&"})
# Words too common to render a term, whatever the statistics say ("said" follows every name).
_COMMON = frozenset([
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but",
    "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "last", "more", "most", "mr", "ms",
    "new", "no", "not", "of", "on", "one", "or", "other", "our", "out", "over", "said", "say",
    "says", "she", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "two", "up", "us", "was", "we", "were", "what", "when",
    "which", "who", "will", "with", "would", "year", "years", "you", "according", "added", "told",
    "stated", "noted", "pointed", "week", "day", "month", "today", "yesterday", "first", "second"
])


@_quick_init
@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a source term and the English that renders it.

    Attributes:
        row: Index of the segment in the sequence given to the aligner.
        zh_start: Offset of the term in the source text.
        zh_end: Exclusive end in the source.
        start: Offset of the rendering in the target text.
        end: Exclusive end in the target.
        text: The rendering as written.
        key: Stems of the rendering's content words, for comparing renderings.
        initial: The rendering opens a sentence or a heading, so its capital says nothing.
    """

    row: int
    zh_start: int
    zh_end: int
    start: int
    end: int
    text: str
    key: tuple[str, ...]
    initial: bool = False

    @property
    def lower(self) -> bool:
        """Written in lower case, but for a capital that opens a sentence ("Currency" heading)."""
        return (self.text[:1].lower() + self.text[1:] if self.initial else self.text).islower()


@_quick_init
@dataclass(frozen=True, slots=True)
class TermUse:
    """A source term that recurs in a document, and its aligned occurrences.

    Attributes:
        term: The term in simplified characters.
        tag: jieba's part-of-speech tag (nr person, ns place, nt organisation, n noun...).
        rows: Indexes of the segments whose source has the term.
        occurrences: The occurrences that could be aligned, in document order.
    """

    term: str
    tag: str
    rows: tuple[int, ...]
    occurrences: tuple[Occurrence, ...]


EVERYDAY_FREQ = 2_000
"""jieba dictionary count (of about 60 million words) from which a word is everyday vocabulary:
道路 5,532, 会议 28,363 and 交通 10,908 are; 壁画 1,046, 疫苗 373 and 慰安妇 3 are not."""


def everyday(term: str) -> bool:
    """True for a word of everyday vocabulary (see EVERYDAY_FREQ)."""
    return (postag.count(term) or 0) >= EVERYDAY_FREQ


_TAG_OF_TYPE = {"person": "nr", "place": "ns", "organization": "nt", "term": "n"}
_registered: set[str] = set()
_registered_from: tuple[GlossaryEntry, ...] | None = None
"""The entries last registered, every form of them in _registered."""


def register_terms(entries: Iterable[GlossaryEntry]) -> None:
    """Make glossary terms words of the segmenter, so that 茂木敏充 is not cut into 茂木敏 / 充.

    jieba's dictionary is process-wide; a term is added once, tagged by its entry type.
    """
    global _registered_from
    if isinstance(entries, tuple) and entries is _registered_from:
        return  # every batch of a run gives the same entries: their forms are in already
    added = False
    for entry in entries:
        for form in entry.sources:
            simple = to_simplified(form)
            if simple not in _registered and len(simple) >= 2 and _HAN.match(simple):
                _registered.add(simple)
                postag.add_word(simple, _TAG_OF_TYPE.get(entry.type.value, "n"))
                added = True
    if added:
        source_words.cache_clear()
        all_words.cache_clear()
        _parts.cache_clear()  # its cuts follow the segmenter's words
        term_stems.cache_clear()  # its words' glosses too
    if isinstance(entries, tuple):  # a tuple of frozen entries: the same forms next time
        _registered_from = entries


def _forget_terms() -> None:
    """zhwords.forget_words took the registered terms out of the segmenter: forget them here too."""
    global _registered_from
    _registered.clear()
    _registered_from = None
    source_words.cache_clear()
    all_words.cache_clear()
    _parts.cache_clear()
    term_stems.cache_clear()


zhwords._on_forget.append(_forget_terms)


@functools.lru_cache(maxsize=65536)
def all_words(text: str) -> tuple[tuple[str, int, int, str], ...]:
    """Every word of a source text, simplified, with its offsets and jieba tag."""
    words: list[tuple[str, int, int, str]] = []
    pos = 0
    simplified = to_simplified(text)
    for word, flag in postag.cut(simplified):
        start = simplified.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        words.append((word, start, pos, flag))
    return tuple(words)


@functools.lru_cache(maxsize=65536)
def source_words(text: str, compounds: bool = False) -> tuple[tuple[str, int, int, str], ...]:
    """The candidate terms of a source text: (simplified word, start, end, jieba tag).

    Nouns and names of two or more Han characters, found by jieba's part-of-speech tagger. With
    `compounds`, runs of two or three nouns written together are candidates too (金融 + 机构 ->
    金融机构, "financial institutions"; 投资/vn + 物业 -> 投资物业, "investment properties"),
    tagged "c" + the last word's tag. The offsets hold for
    the original text: simplification maps character to character.
    """
    words = all_words(text)
    out = [w for w in words if w[3] in NOUN_TAGS and len(w[0]) >= 2 and _HAN.match(w[0])]
    if compounds:
        # Which words may stand in a compound at all: worked out once per word, not once for
        # every run it is in.
        inside = [w[3] in _RUN_TAGS and _HAN.match(w[0]) is not None for w in words]
        for i in range(len(words)):
            if words[i][3] not in _COMPOUND_TAGS:
                continue  # a compound starts with a noun or a verbal noun (投资环境): not 监察 + 金融机构
            for j in range(i + 2, min(i + 4, len(words) + 1)):
                run = words[i:j]
                if not all(inside[i:j]):
                    break
                if sum(w[3] in _INNER_TAGS for w in run) > 1:
                    break
                if any(run[k][2] != run[k + 1][1] for k in range(len(run) - 1)):
                    break
                # A term ends in a noun, or a word the dictionary mostly glosses as one (组合
                # "combination"): not 香港作为, 金管局宣布.
                if run[-1][3] in _COMPOUND_TAGS or (run[-1][3] == "v" and lexicon.nominal(run[-1][0])):
                    out.append(("".join(w[0] for w in run), run[0][1], run[-1][2], "c" + run[-1][3]))
        out.sort(key=lambda w: (w[1], -w[2]))
    return tuple(out)


def _word_glosses(term: str) -> list[frozenset[str]]:
    """The dictionary stems of each word of a term (empty for a word the dictionary lacks).

    A term made a word of the segmenter (register_terms) that the dictionary lacks is cut into
    the dictionary's headwords instead: 认可机构 -> 认可 / 机构. A part that is itself such a term
    is cut the same way: 外汇基金咨询委员会 -> 外汇 / 基金 / 咨询 / 委员会, where 外汇基金 is listed too.
    A lone character counts as a word the dictionary lacks; its many senses would render nearly
    anything."""
    if term in _registered and not lexicon.glosses(term):
        out: list[frozenset[str]] = []
        for w in _parts(term):
            if len(w) > 1 and w in _registered and not lexicon.glosses(w):
                out.extend(_word_glosses(w))
            else:
                out.append(lexicon.glosses(w) if len(w) > 1 else frozenset())
        return out
    return [lexicon.glosses(w[0]) for w in all_words(term)]


@functools.lru_cache(maxsize=65536)
def _parts(term: str) -> tuple[str, ...]:
    """A registered term cut as the segmenter would cut it without it: the most probable path
    through the words of its dictionary and CC-CEDICT (jieba's own method), the whole term left
    out: 认可机构 -> 认可 / 机构, 储值支付工具 -> 储值 / 支付 / 工具. Like jieba, it can cut wrongly
    where a frequent word straddles two (总结余 -> 总结 / 余, not 总 / 结余)."""
    count, log_total = postag.count, math.log(postag.total())
    n = len(term)
    # best[i]: (log probability, end of the first word) of the best cut of term[i:].
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, n + 1):
            if j - i == n or not (j == i + 1 or count(term[i:j]) or lexicon.glosses(term[i:j])):
                continue  # CC-CEDICT's words count too (储值 "stored value"), as if seen once
            options.append((math.log(count(term[i:j]) or 1) - log_total + best[j][0], j))
        best[i] = max(options)
    parts, i = [], 0
    while i < n:
        parts.append(term[i:best[i][1]])
        i = best[i][1]
    return tuple(parts)


def _part_glosses(word: str) -> frozenset[str]:
    """The dictionary stems of the parts of a word the dictionary lacks: 货币政策 -> 货币 / 政策,
    收银车 -> 收银 / 车. A lone character counts only as the head noun after a word of its own: not
    业 "line" of 百业 "all trades", nor 光 "light" of the name 马晓光."""
    if len(word) < 2:
        return frozenset()
    parts = _parts(word)
    return frozenset().union(*(lexicon.glosses(p) for n, p in enumerate(parts)
                               if len(p) > 1 or (n == len(parts) - 1 and n > 0 and len(parts[n - 1]) > 1)))


def _explains(stems: frozenset[str], words: Sequence[str]) -> bool:
    """True when every word is one of the stems or a derivative of one."""
    by_prefix = _prefixes(stems)
    return all(k in stems or any(_derived(k, s) for s in by_prefix.get(k[:3], ())) for k in words)


STEM_CACHE_SIZE = 200_000
"""Words whose stems target_tokens keeps (see _StemCache)."""


class _StemCache(dict):
    """lexicon.stem of the words of the targets, kept in a plain dictionary: map() reads it from
    C at half the cost per word of lexicon.stem's lru_cache (40 against 85 ns; 60,000 real
    segments have 1.8 million words). Emptied when it holds STEM_CACHE_SIZE words: a corpus's
    words (numbers, names) grow without end."""

    def __missing__(self, word: str) -> str:
        if len(self) >= STEM_CACHE_SIZE:
            self.clear()
        stem = self[word] = lexicon.stem(word)
        return stem


_STEMS = _StemCache()


def target_tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of an English text: (stem, start, end)."""
    if text.isascii():
        found, match = list(_ASCII_TOKEN.finditer(text)), _ASCII_MATCH
    else:
        found, match = list(_TOKEN.finditer(text)), _MATCH
    # Mapped, not looped over: the matches' methods and the stems' dictionary are called from C,
    # in two thirds of the time a comprehension over the tokens took.
    return list(zip(map(_STEMS.__getitem__, map(match.group, found)), map(match.start, found), map(match.end, found)))


def original_name(text: str, end: int) -> frozenset[str]:
    """The stems of the original (Latin-script) name given in brackets after a term ending at `end`."""
    m = _ORIGINAL.match(text, end)
    if not m or not any(w[0].isupper() for w in _LETTERS.findall(m.group(1))):
        return frozenset()
    return frozenset(t[0] for t in target_tokens(m.group(1)) if t[0] not in _LINKS)


@functools.lru_cache(maxsize=65536)
def _pinyin_forms(term: str, person: bool) -> frozenset[str]:
    """Lower-case romanisations of a name as one word, and for a person as surname and given
    name: 习近平 -> {xijinping, xi, jinping}, so that "Xi Jinping" and a later "Xi" both align.
    (A place is not split: 中国 is not "Zhong" and "Guo".)"""
    syl = word_syllables(term)
    if not syl:
        return frozenset()
    return frozenset({"".join(syl)} | ({syl[0], "".join(syl[1:])} if person and len(syl) > 1 else set()))


def _runs(tokens: list[tuple[str, int, int]], hit: list[bool], text: str, gap: bool = False,
          joined: list[bool] | None = None) -> list[tuple[int, int]]:
    """Maximal runs of hit tokens, allowing one linking word inside ("University of Macau"), or
    with `gap` any one word ("sovereign wealth fund" for 主权基金). A run never crosses
    punctuation: "investors, private investors" is two renderings, "allocation. Strategic" none."""
    # joined[k]: tokens k and k+1 stand apart by spaces only.
    if joined is None:
        joined = _joined(tokens, text)
    return _hit_runs(tokens, {i for i, h in enumerate(hit) if h}, joined, gap)


def _hit_runs(tokens: list[tuple[str, int, int]], hits: set[int], joined: list[bool],
              gap: bool = False) -> list[tuple[int, int]]:
    """_runs of the tokens in `hits`, going from hit to hit: a term's words are a few of the
    sentence's, and every token was visited for each term aligned with it."""
    runs: list[tuple[int, int]] = []
    n = len(tokens)
    end = 0
    for i in sorted(hits):
        if i < end:
            continue  # inside the run before
        j = i + 1
        while j < n and joined[j - 1]:
            if j in hits:
                j += 1
            elif j + 1 < n and j + 1 in hits and joined[j] and (gap or tokens[j][0] in _LINKS):
                j += 2
            else:
                break
        if j - i == 1:
            runs.append((i, j))  # one word: nothing repeated to split at
        else:
            runs.extend(_split_repeats(tokens, i, j))
        end = j
    return runs


def _joined(tokens: list[tuple[str, int, int]], text: str) -> list[bool]:
    """joined[k]: tokens k and k+1 stand apart by spaces only."""
    return [not text[a[2]:b[1]].strip() for a, b in itertools.pairwise(tokens)]


@_quick_init
@dataclass(frozen=True, slots=True)
class _TargetIndex:
    """A target's words indexed for _align, built once per segment (not once per term aligned)."""

    tokens: list[tuple[str, int, int]]
    """The target_tokens indexed."""
    by_stem: dict[str, list[int]]
    """Stem -> the indexes of the tokens with it."""
    spelt: dict[str, list[str]]
    """A stem with hyphens or apostrophes, without them -> the stems written so ("xi-jinping" under
    "xijinping"): with the other stems, as they are, the words a name in pinyin can be."""
    never: frozenset[int]
    """Tokens that render no term: a month or weekday name, a verb form in -ed."""
    joined: list[bool]
    """See _joined."""

    def pinyin(self, form: str) -> list[int]:
        """The tokens whose stem, without hyphens and apostrophes, is `form`."""
        if "-" in form or "'" in form:
            return []  # what the stems are compared as has neither
        at = list(self.by_stem.get(form, ()))
        for stem in self.spelt.get(form, ()):
            at += self.by_stem[stem]
        return at


def _target_index(tokens: list[tuple[str, int, int]], text: str) -> _TargetIndex:
    # Plain dictionaries, filled by hand: kept as they are, not copied out of defaultdicts.
    by_stem: dict[str, list[int]] = {}
    spelt: dict[str, list[str]] = {}
    for i, stem in enumerate(map(_STEM, tokens)):
        if stem in by_stem:
            by_stem[stem].append(i)
        else:
            by_stem[stem] = [i]
    for stem in by_stem:  # once per distinct stem, a word said twice in the sentence once
        if not stem.isalpha() and ("-" in stem or "'" in stem):
            spelt.setdefault(stem.replace("-", "").replace("'", ""), []).append(stem)
    return _TargetIndex(tokens, by_stem, spelt, _never(tokens, text, by_stem), _joined(tokens, text))


def _by_prefix(stems: Iterable[str]) -> dict[str, list[str]]:
    """First three letters -> the stems, without digits and of four letters or more, that may
    derive from a stem with them. A stem of three letters or fewer derives from no stem with its
    first three letters (the derivative is the longer, and a stem of fewer than three letters
    has itself as its prefix): "the", "of", "its", a third of a sentence's stems, are left out."""
    by_prefix: dict[str, list[str]] = {}
    for stem in stems:
        # Letters only (no digit, no hyphen, no apostrophe), or without a digit.
        if len(stem) > 3 and (stem.isalpha() or not _DIGIT.search(stem)):
            prefix = stem[:3]
            if prefix in by_prefix:
                by_prefix[prefix].append(stem)
            else:
                by_prefix[prefix] = [stem]
    return by_prefix


def _derivatives(stems: frozenset[str], table: dict[str, list[str]], loose: bool) -> set[str]:
    """The stems of `table` (see _by_prefix) that derive from one of `stems` (by first three
    letters) without being one: "korean" for "korea"; not "china" (of "China's") for "chines"
    (of "Chinese"), which is the longer."""
    found = set()
    prefixes = _prefixes(stems)
    for prefix in prefixes.keys() & table.keys():
        kin_ = prefixes[prefix]
        for stem in table[prefix]:
            # A stem of the term is a hit already.
            if stem in stems:
                continue
            for s in kin_:  # (a loop, not any(): no generator made for each word tested)
                if len(stem) > len(s) and _derived(stem, s, loose):
                    found.add(stem)
                    break
    return found


@functools.lru_cache(maxsize=1)
def _month_stems() -> frozenset[str]:
    return frozenset(lexicon.stem(m) for m in lexicon.MONTHS_DAYS)


_ED = re.compile("ed")
_STEM = operator.itemgetter(0)
_END = operator.itemgetter(2)


def _never(tokens: list[tuple[str, int, int]], text: str, by_stem: dict[str, list[int]]) -> frozenset[int]:
    """The tokens that render no term (see _TargetIndex.never). Only a few tokens of a sentence
    can be either, and they are found without a test of every token: a month's name has a
    month's stem, and a word in -ed ends where the text has "ed"."""
    never = set()
    months = lexicon.MONTHS_DAYS
    for stem in _month_stems().intersection(by_stem):
        for i in by_stem[stem]:
            _stem, start, end = tokens[i]
            if text[start].isupper() and text[start:end].casefold() in months:
                never.add(i)
    if "ed" in text:
        ends = list(map(_END, tokens))  # in text order
        for end in {m.end() for m in _ED.finditer(text)}.intersection(ends):
            i = bisect.bisect_left(ends, end)
            if text[tokens[i][1]].islower():
                never.add(i)
    return frozenset(never)


def _split_repeats(tokens: list[tuple[str, int, int]], i: int, j: int) -> list[tuple[int, int]]:
    """A run that has a word twice is two renderings, cut at the last linking word before the
    repeat: "enterprises | and | dominant private enterprises"."""
    out: list[tuple[int, int]] = []
    start, seen = i, set()
    for k in range(i, j):
        stem = tokens[k][0]
        if stem in seen and stem not in _LINKS:
            links = [m for m in range(start + 1, k) if tokens[m][0] in _LINKS]
            if links:
                out.append((start, links[-1]))
                start, seen = links[-1] + 1, {t[0] for t in tokens[links[-1] + 1:k]}
        seen.add(stem)
    out.append((start, j))
    return out


@functools.lru_cache(maxsize=65536)
def _prefixes(stems: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Gloss stems by their first three letters, to test a word for derivation only against its kin.

    Remembered (the result is only read): a term's stems are asked for in every segment it is in."""
    out: dict[str, list[str]] = defaultdict(list)
    for s in stems:
        out[s[:3]].append(s)
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=65536)
def term_stems(term: str, tag: str) -> frozenset[str]:
    """Every stem the dictionary and pinyin give a term, to judge an alignment after the fact:
    its glosses, its words' glosses, the noun senses of its head character (but for a place
    word: 中 of 剧中 "in the play" is no "China") and, for a name, its pinyin. Remembered: a
    term is judged in every document it recurs in."""
    stems = lexicon.glosses(term).union(*_word_glosses(term))
    if term[-1:] not in _PLACE_WORDS:
        stems |= Aligner._head(term)
    if tag in NAME_TAGS:
        stems |= _pinyin_forms(term, tag in PERSON_TAGS)
    return stems


_NONE: frozenset[str] = frozenset()
"""The stems of the name a source without brackets gives (see Aligner._named): none."""

_PLACE_WORDS = frozenset("中上下内外里间前后")
"""Characters that end a word as a place or time ("in the play", "on the stage"), not as its head."""


def explains(stems: frozenset[str], words: Sequence[str]) -> bool:
    """True when every word (a rendering's key) is one of the stems or a derivative of one."""
    return bool(words) and _explains(stems, words)


def kin(a: str, b: str) -> bool:
    """True for one stem, or a word and its derivative ("korea" / "korean", "china" / "chines")."""
    return a == b or _derived(a, b)


def suggestion_for(reference: str, span: str) -> str:
    """The reference rendering as a replacement for `span`: "Macao" for "Macau", though the
    document first wrote "Macao's"."""
    if _POSSESSIVE_END.search(reference) and not _POSSESSIVE_END.search(span):
        return _POSSESSIVE_END.sub("", reference)
    return reference


def _sentence_initial(text: str, start: int) -> bool:
    """True when only spaces and sentence punctuation stand before `start`."""
    # The character before the word, or before the one space after the word before it, is the
    # last one that is not a space: found without copying the text before the word.
    if start and not text[start - 1].isspace():
        return text[start - 1] in _OPENS_SENTENCE
    if start > 1 and not text[start - 2].isspace():
        return text[start - 2] in _OPENS_SENTENCE
    before = text[:start].rstrip()
    return not before or before[-1] in _OPENS_SENTENCE


_OPENS_SENTENCE = ".!?:\"“”'‘"


def _initials(text: str, every: bool = False) -> str:
    """The capitals that open words ("World Health Organization" -> "WHO"); with `every`, the
    first letter of every word but link words, in capitals ("artificial intelligence" -> "AI")."""
    words = _LETTERS.findall(text)
    if every:
        return "".join(w[0].upper() for w in words if w.casefold() not in _LINKS)
    return "".join(w[0] for w in words if w[0].isupper())


# Countries whose adjective is not the name plus an ending (Japan / Japanese is derived).
_DEMONYMS = (
    ("france", "french"), ("netherlands", "dutch"), ("holland", "dutch"), ("britain", "british"),
    ("uk", "british"), ("spain", "spanish"), ("switzerland", "swiss"), ("greece", "greek"),
    ("thailand", "thai"), ("philippines", "philippine"), ("philippines", "filipino"), ("wales", "welsh"),
    ("denmark", "danish"), ("sweden", "swedish"), ("finland", "finnish"), ("poland", "polish"),
    ("turkey", "turkish"), ("ireland", "irish"), ("scotland", "scottish"), ("norway", "norwegian"),
    ("portugal", "portuguese"), ("cyprus", "cypriot"), ("myanmar", "burmese"), ("laos", "lao"),
    ("laos", "laotian"), ("vietnam", "vietnamese"), ("czechia", "czech"), ("slovakia", "slovak"),
    ("iceland", "icelandic"), ("england", "english"), ("america", "american"), ("us", "american"),
    ("usa", "american"), ("china", "chinese"), ("peru", "peruvian"), ("belgium", "belgian"),
)


@functools.lru_cache(maxsize=1)
def _demonym_pairs() -> frozenset[frozenset[str]]:
    return frozenset(frozenset((lexicon.stem(a), lexicon.stem(b))) for a, b in _DEMONYMS)


_LONG_ENDINGS = frozenset({"ment", "ship", "ness", "ical", "atori", "ologist", "ation", "ism", "ist"})
"""Derivational endings of four letters or more, left after a shorter stem: environ -> environment."""


def _derived(a: str, b: str, loose: bool = False) -> bool:
    """True for a word and its derivative: japan / japanes(e), korea / korean, china / chines(e),
    and a country and its adjective (France / French)."""
    if frozenset((a, b)) in _demonym_pairs():
        return True
    short, long_ = sorted((a, b), key=len)
    if len(long_) == len(short) or len(short) < 4:
        return False
    if long_.startswith(short):
        # An ending, not a second word: japan -> japanes(e), korea -> korean, economi -> economist;
        # not guid(e) -> guidelin(es) or work -> workstat(ion), unless `loose` (aligning, where a
        # longer word of the same root still renders the term).
        return loose or len(long_) - len(short) <= 3 or long_[len(short):] in _LONG_ENDINGS
    # A last letter dropped for an adjective ending: chin(a) -> chines(e), canad(a) -> canadian;
    # not publi(c) -> publish.
    return long_.startswith(short[:-1]) and long_[len(short) - 1:] in ("es", "ish", "ian", "an", "ic", "i")


def _abbreviates(short: str, long_: str) -> bool:
    """True when the dictionary gives one word as the acronym of the other: rmb / renminbi."""
    return len(short) < len(long_) and frozenset((long_,)) in lexicon.expansions(short.upper())


def same_rendering(a: Occurrence, b: Occurrence) -> bool:
    """True when two renderings count as one: equal stems, one contained in the other ("Chung" after
    "Chung Eui-yong", "committee" and "standing committee"), a noun and its adjective ("Japan",
    "Japanese"), or one the other's acronym ("WHO"). The same words in another order are two
    renderings ("Macao University", "University of Macao")."""
    sa, sb = set(a.key), set(b.key)
    na, nb = _name_words(a.text), _name_words(b.text)
    if a.key == b.key and len(a.key) > 1 and na and nb and na != nb and not _plural_pair(na, nb):
        # A name is spelt one way: "Ant Financial Services Group" / "Ant Financial Service Group".
        return False
    if sa == sb and len(sa) > 1 and len(a.key) == len(b.key) == len(sa) and a.key != b.key:
        # The same words in another order: "Macao University" / "University of Macao",
        # "Education Minister" / "Minister of Education".
        return False
    if sa <= sb or sb <= sa:
        return True
    if len(a.key) == len(b.key) and all(x == y or _derived(x, y) or _abbreviates(x, y) or _abbreviates(y, x)
                                        for x, y in zip(a.key, b.key)):
        return True  # "offshore RMB" / "offshore Renminbi"
    for (short, long_), key in (((a.text, b.text), b.key), ((b.text, a.text), a.key)):
        bare = _POSSESSIVE_END.sub("", short).replace(".", "")
        if bare.isupper() and len(bare) >= 2 and (
                bare in (_initials(long_), _initials(long_, every=True))
                or any(set(key) <= words for words in lexicon.expansions(bare))):
            return True  # "WHO", "AI" for "artificial intelligence", "RMB" for "Renminbi"
    return False


def _name_words(text: str) -> tuple[str, ...]:
    """The words of a name written in capitals ("Ant Financial Services Group"), folded and
    without a possessive; empty for anything else."""
    words = _LETTERS.findall(_POSSESSIVE_END.sub("", text))
    if len(words) < 2 or not all(w[0].isupper() for w in words if w.casefold() not in _LINKS):
        return ()
    return tuple(w.casefold() for w in words)


def _plural_pair(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two names differ only by a plural of their head word, as grammar asks ("the
    Foreign Ministers" of two countries, "Ministers of Foreign Affairs", "Authorities"). The head
    is the last word, or the word before "of"; a plural elsewhere is a name spelt another way
    ("Ant Financial Service Group")."""
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    head = a.index("of") - 1 if "of" in a[1:] else len(a) - 1
    if diff != [head]:
        return False
    short, long_ = sorted((a[head], b[head]), key=len)
    return long_ in (short + "s", short + "es") or (short.endswith("y") and long_ == short[:-1] + "ies")


def clusters(occurrences: Sequence[Occurrence]) -> list[list[Occurrence]]:
    """Group occurrences by rendering, in order of first appearance."""
    out: list[list[Occurrence]] = []
    # same_rendering reads only the text and the key: each group is compared by its distinct
    # wordings, so a term rendered one way a thousand times costs one comparison, not a thousand.
    wordings: list[dict[tuple[str, tuple[str, ...]], Occurrence]] = []
    # (group, wording) -> how many of the group's wordings (in the order they came) the wording
    # is no rendering of: a wording seen again is compared only with those that came since.
    compared: dict[tuple[int, tuple[str, tuple[str, ...]]], int] = {}
    for occ in occurrences:
        wording = (occ.text, occ.key)
        for g, (group, seen) in enumerate(zip(out, wordings, strict=True)):
            if wording in seen:
                group.append(occ)
                break
            done = compared.get((g, wording), 0)
            if any(same_rendering(occ, other) for other in itertools.islice(seen.values(), done, None)):
                group.append(occ)
                seen[wording] = occ
                break
            compared[(g, wording)] = len(seen)
        else:
            out.append([occ])
            wordings.append({wording: occ})
    return out


def departures(use: TermUse) -> tuple[list[list[Occurrence]], list[Occurrence]]:
    """A term's renderings in a document (clusters, the reference first) and the occurrences
    that depart from the reference.

    The first rendering is the reference: it is the one the reader learnt. An everyday word
    (see `everyday`) rendered by another lower-case word (a capital that opens a sentence
    aside) is a synonym, not a second rendering of a term, and does not depart, as long as the
    reference is written in lower case somewhere too. `term-variant`
    flags the departures; `termqa glossary extract` counts a document whose term has any as
    rendering it more than one way.
    """
    groups = clusters(use.occurrences)
    if len(groups) < 2:
        return groups, []
    # A synonym only beside a lower-case reference: after "the Fair Work Commission", "the
    # committee" is another name for the body, not a synonym.
    common = everyday(use.term) and any(o.lower for o in groups[0])
    return groups, [occ for group in groups[1:] for occ in group if not (common and occ.lower)]


def _occurrence(tokens: list[tuple[str, int, int]], text: str, row: int, zs: int, ze: int, i: int,
                j: int) -> Occurrence:
    """The occurrence of the term at zs..ze of the source rendered by tokens i..j-1 of the target."""
    # Parts of hyphenated words count one by one: "high-quality" contains "quality".
    if j - i == 1:
        # One word, the common case: its stem, unless it is a linking word.
        stem, start, end = tokens[i]
        if "-" not in stem:
            key = (stem,) if stem and stem not in _LINKS else ()
            return Occurrence(row, zs, ze, start, end, text[start:end], key, _sentence_initial(text, start))
    else:
        start, end = tokens[i][1], tokens[j - 1][2]
        if "-" not in "".join(t[0] for t in tokens[i:j]):
            # No hyphen: the stems as they are (without splitting).
            key = tuple(t[0] for t in tokens[i:j] if t[0] and t[0] not in _LINKS)
            return Occurrence(row, zs, ze, start, end, text[start:end], key, _sentence_initial(text, start))
    # Split the word as written, not its stem: "first-prize" is stemmed "first-priz".
    # A participle after a hyphen makes an adjective of the word and adds no wording of the
    # term: "Mainland-related" renders 内地 as "Mainland" does (内地相关).
    key = tuple(lexicon.stem(part) if "-" in t[0] else t[0]
                for t in tokens[i:j] if t[0] not in _LINKS
                for n, part in enumerate(text[t[1]:t[2]].split("-") if "-" in t[0] else (t[0],))
                if part and not (n and part.endswith("ed")))
    return Occurrence(row, zs, ze, start, end, text[start:end], key, _sentence_initial(text, start))


def _nearest(runs: list[tuple[int, int]], places: list[tuple[int, int, int]], tokens: list[tuple[str, int, int]],
             source_size: int, target_size: int) -> list[tuple[int, int]]:
    """As many runs as places: the longest, and between equally long ones the run whose place in
    the target is nearest the places' in the source, in text order."""
    # (One place, the common case, without a sum: x / 1 is x exactly.)
    where = (places[0][1] if len(places) == 1 else sum(p[1] for p in places) / len(places)) / max(1, source_size)
    size = max(1, target_size)

    def rank(r: tuple[int, int]) -> tuple[int, float]:
        return -(r[1] - r[0]), abs(tokens[r[0]][1] / size - where)

    # One place, the common case: min() keeps the first of the best, as a stable sort does.
    return [min(runs, key=rank)] if len(places) == 1 else sorted(sorted(runs, key=rank)[: len(places)])


class Aligner:
    """Aligns the recurring terms of the documents of a batch, one document at a time.

    Args:
        sources: Every source text of the batch (None where a segment has none).
        targets: The target texts, parallel to `sources`.
        compounds: Also align runs of nouns written together (金融机构), as terminology
            extraction wants.
        borrowed_apart: Drop a departing rendering of any term, not only of a compound, whose
            words all translate other words of its sentence (see `document`).
    """

    def __init__(self, sources: Sequence[str | None], targets: Sequence[str], compounds: bool = False,
                 borrowed_apart: bool = False) -> None:
        self.sources = sources
        self.targets = targets
        self.borrowed_apart = borrowed_apart
        self.words = [source_words(s, compounds) if s else () for s in sources]
        self._doc_stems: tuple[tuple[int, int], Counter[str]] | None = None
        self._new_document()

    def _new_document(self) -> None:
        """Drop what is kept per row and per term: only one document's rows are aligned at a time,
        and a batch's findings are made document by document, so that memory stays a document's.
        Kept for the whole batch, it was 270 MB of a process checking 25,000 real segments."""
        self._tokens: dict[int, list[tuple[str, int, int]]] = {}
        self._capitalised: dict[int, list[tuple[str, int, int]]] = {}
        self._indexes: dict[int, _TargetIndex] = {}
        self._associated: dict[tuple[int, int, tuple[int, ...], bool], frozenset[str]] = {}
        # (document start, term): terms whose head-character senses stand in too few of their
        # segments in that document to render them.
        self._unheaded: set[tuple[int, str]] = set()
        self._source_glosses: dict[int, list[tuple[str, int, int, frozenset[str]]]] = {}
        self._gloss_index: dict[int, tuple[dict[str, list[int]], dict[str, tuple[str, ...]]]] = {}
        # id of a TermUse of the document -> the use and its clusters (see `groups`).
        self._groups: dict[int, tuple[TermUse, list[list[Occurrence]]]] = {}
        # Row -> its tokens that may open a respelt name, and which of its tokens are function
        # words (see `_similar`).
        self._upper: dict[int, tuple[list[int], list[bool]]] = {}
        # The document's stems by first three letters (see _by_prefix and `_align`).
        self._doc_prefix: dict[str, list[str]] = {}

    def _index(self, row: int) -> _TargetIndex:
        index = self._indexes.get(row)
        if index is None:
            index = self._indexes[row] = _target_index(self.tokens(row), self.targets[row])
        return index

    def tokens(self, row: int) -> list[tuple[str, int, int]]:
        """The stemmed words of a target, computed on first use."""
        toks = self._tokens.get(row)
        if toks is None:
            toks = self._tokens[row] = target_tokens(self.targets[row])
        return toks

    def _source_words(self, row: int) -> list[tuple[str, int, int, frozenset[str]]]:
        """The words of a source with their gloss stems. A lone character's many senses would
        explain nearly anything, so only a noun's count (车 "vehicle"); a word the dictionary lacks
        is glossed by its parts (货币政策: 货币 / 政策), but for a person's name, which has none."""
        words = self._source_glosses.get(row)
        if words is None:
            words = self._source_glosses[row] = [
                (w, s, e, lexicon.glosses(w) or (frozenset() if tag in PERSON_TAGS else _part_glosses(w)))
                for w, s, e, tag in all_words(self.sources[row] or "") if len(w) > 1 or tag in _CHARACTER_NOUNS]
        return words

    def _glossing(self, row: int, word: str) -> set[int]:
        """Indexes of the source words of a segment (see `_source_words`) whose glosses render an
        English stem, or a word it derives from."""
        cached = self._gloss_index.get(row)
        if cached is None:
            index: dict[str, list[int]] = defaultdict(list)
            for n, (*_, glosses) in enumerate(self._source_words(row)):
                for g in glosses:
                    index[g].append(n)
            cached = self._gloss_index[row] = (index, _prefixes(frozenset(index)))
        index, prefixes = cached
        found = set(index.get(word, ()))
        for stem in prefixes.get(word[:3], ()):
            if stem != word and _derived(word, stem):
                found.update(index[stem])
        return found

    def _borrowed(self, occ: Occurrence, term: str, own: frozenset[str]) -> bool:
        """True when a rendering translates another stretch of its sentence: every content word of
        it renders one of up to four words written together outside the term, one of them no part
        of the term. 货币基础 aligned to the "currency stability" of 货币稳定 beside it, 货币发行局制度
        to the "monetary system" of 货币体制. Parts of the term said again elsewhere ("share
        repurchase" beside a 回购股份) or scattered over the sentence are not enough, and where
        the term's own glosses `own` explain the rendering, one other word is not either: a 股份
        "shares" elsewhere takes nothing from 股票 "shares"; 货币 + 体制 "monetary system" does."""
        words = [k for k in occ.key if k not in _COMMON]
        if not words:
            return False
        source = self._source_words(occ.row)

        def usable(n: int) -> bool:  # outside the term's place, and not the term again
            w, s, e, _g = source[n]
            return (e <= occ.zh_start or s >= occ.zh_end) and term not in w

        by_word = [{n for n in self._glossing(occ.row, k) if usable(n)} for k in words]
        if not all(by_word):
            return False  # the common case: some word of the rendering translates nothing else
        needed = 2 if _explains(own, words) else 1
        # Windows of up to four words written together, around a word that is no part of the term.
        anchors = {n for found in by_word for n in found if source[n][0] not in term}
        for anchor in anchors:
            lo = hi = anchor
            while lo > 0 and anchor - lo < 3 and usable(lo - 1) and source[lo - 1][2] == source[lo][1]:
                lo -= 1
            while hi + 1 < len(source) and hi - anchor < 3 and usable(hi + 1) and source[hi][2] == source[hi + 1][1]:
                hi += 1
            for i in range(lo, anchor + 1):
                for j in range(anchor + 1, min(i + 4, hi + 1) + 1):
                    window = set(range(i, j))
                    inside = {n for n in window if source[n][0] in term}
                    glossing = sum(1 for n in window if any(n in found for found in by_word))
                    # Each word of the rendering rendered by the window; the words other than
                    # the term's own needed: 澳门 旅游业 written again beside 蓬勃 is the term again.
                    if glossing >= needed and all(found & window for found in by_word) \
                            and not all(found & inside for found in by_word):
                        return True
        return False

    def _stem_rows(self, lo: int, hi: int) -> Counter[str]:
        """In how many segments of a document each stem occurs (counted once per document)."""
        if self._doc_stems is None or self._doc_stems[0] != (lo, hi):
            counts: Counter[str] = Counter()
            for row in range(lo, hi):
                counts.update(self._index(row).by_stem.keys())  # each stem once per row
            self._doc_stems = ((lo, hi), counts)
        return self._doc_stems[1]

    def _association(self, lo: int, hi: int, term: str, rows: list[int], acronyms: bool = False) -> frozenset[str]:
        """The English stems associated with a term the dictionary does not know, within one document.

        A stem qualifies when it occurs in most of the term's segments and rarely elsewhere in the
        document (Dice coefficient), in at least two different source sentences. Learning only
        from the document keeps the findings independent of how documents are batched.
        """
        # What the term's rows give, not the term: terms said in the same sentences (every noun of
        # a sentence the document repeats) are given the same words, worked out once.
        memo = (lo, hi, tuple(rows), acronyms)
        found = self._associated.get(memo)
        if found is None:
            found = self._associated[memo] = self._associate(lo, hi, rows, acronyms)
        return found

    def _associate(self, lo: int, hi: int, rows: list[int], acronyms: bool) -> frozenset[str]:
        """_association, worked out."""
        stem_rows = self._stem_rows(lo, hi)
        where: dict[str, set[int]] = defaultdict(set)
        for row in rows:
            text = self.targets[row]
            # A term the dictionary does not know is nearly always a name, rendered by capitalised
            # words; lower-case words that co-occur with it ("data show") are noise.
            for word, start, _end in self._capitals(row):
                if not acronyms or _ACRONYM.match(text, start, _end):
                    where[word].add(row)
        good = {
            word: found for word, found in where.items()
            if len(found) >= SUPPORT * len(rows) and 2 * len(found) / (len(rows) + stem_rows[word]) >= ASSOCIATION
            and len({self.sources[r] for r in found}) >= 2
        }
        if not good:
            return frozenset()
        # The best-supported word, the words written next to it ("University" of "Macau", "Chung"
        # "Eui-yong") and words used instead of it elsewhere (another rendering), but not a second
        # name that happens to stand in the same sentences ("Kang" beside "Japan").
        top = max(good, key=lambda w: (len(good[w]), w))
        if acronyms:
            return frozenset({top})  # one acronym per term: "RMB/USD" are two currencies, not two renderings
        chosen = {top}
        for word, found in good.items():
            if word != top and (not found & good[top] or all(self._adjacent(row, word, top) for row in found)):
                chosen.add(word)
        return frozenset(chosen)

    def _capitals(self, row: int) -> list[tuple[str, int, int]]:
        """The tokens of a target that may name something: capitalised, not common, and not
        opening a sentence (a capital there is no evidence of a name: "According"). Kept per row:
        every term of the document the dictionary lacks asks for the same rows."""
        found = self._capitalised.get(row)
        if found is None:
            text = self.targets[row]
            found = self._capitalised[row] = [
                t for t in self.tokens(row)
                if t[0] not in _COMMON and text[t[1]].isupper() and not _sentence_initial(text, t[1])]
        return found

    def _adjacent(self, row: int, word: str, other: str) -> bool:
        """True when `word` stands within two words of `other` somewhere in the target."""
        stems = [t[0] for t in self.tokens(row)]
        near = {i for i, s in enumerate(stems) if s == other}
        return any(abs(i - j) <= 2 for i, s in enumerate(stems) if s == word for j in near)

    def _candidates(self, lo: int, hi: int, term: str, rows: list[int], tag: str,
                    named: frozenset[str] = frozenset()) -> tuple[frozenset[str], frozenset[str]]:
        """The stems that translate `term`, and the lower-case pinyin forms that romanise it.

        `named` are the stems of the original name the source gives in brackets somewhere in the
        document: for a term the dictionary lacks, a better guide than words that merely stand in
        the same sentences (勒梅尔（Bruno Le Maire）, not the "France's" beside it)."""
        pinyin = _pinyin_forms(term, tag in PERSON_TAGS) if tag in NAME_TAGS else frozenset()
        stems = lexicon.glosses(term)
        if not stems and tag in NAME_TAGS and any(self._romanised(row, pinyin) for row in rows):
            return stems, pinyin  # a Chinese name written in pinyin needs no guessing
        if (not stems or tag[:1] == "c") and len(term) > 2:
            # A compound translates word by word too: 金融机构 -> financial institution, and
            # 资产组合 -> asset portfolio where the dictionary has only "portfolio" for the whole.
            parts = _word_glosses(term)
            glossed = [g for g in parts if g]
            if len(parts) > 1 and len(glossed) >= max(2, len(parts) - 1):
                stems = stems.union(*glossed)
        if not stems and not named and tag not in NAME_TAGS:
            # 纪念币 (not in the dictionary): 币 "coin". But where the head's senses stand in few
            # of the term's segments and an acronym in most, the acronym renders it: 金管局 is
            # "HKMA" in 9 sentences of 12, "Office" (局) in the names of three offices it set up.
            # Only acronyms: other capitalised words a term shares sentences with are names of
            # other things (主井 "main shaft" is not the "Gaoligongshan Tunnel" it is part of).
            head = self._head(term)
            found = sum(1 for row in rows if not head.isdisjoint(self._index(row).by_stem))
            if found < SUPPORT * len(rows):
                stems = self._association(lo, hi, term, rows, acronyms=True)
                if stems:
                    self._unheaded.add((lo, term))
            stems = stems or head
        stems = stems or named or self._association(lo, hi, term, rows)
        return stems, pinyin

    def _romanised(self, row: int, pinyin: frozenset[str]) -> bool:
        """True when a word of the target, hyphens left out, is one of the pinyin forms."""
        index = self._index(row)
        # A stem without a hyphen is compared as it is, all at once and in C; the stems with one
        # are among those `spelt` lists (most sentences have none).
        return not pinyin.isdisjoint(index.by_stem) or any(
            s.replace("-", "") in pinyin for spelt in index.spelt.values() for s in spelt if "-" in s)

    @staticmethod
    def _head(term: str) -> frozenset[str]:
        """The noun senses of the last character, without function words (会 "can")."""
        return frozenset(s for s in lexicon.head_glosses(term) if s not in _COMMON and s not in _WEAK)

    def document(self, lo: int, hi: int, min_count: int = 2, settled: str = "") -> list[TermUse]:
        """The terms that recur in rows lo..hi-1 (one document), with their aligned occurrences.

        A term inside `settled` (term-variant: the glossary's forms found in the document,
        joined) is judged by someone else: it is aligned only for the English words it takes from
        shorter terms, which must not change, and is not returned."""
        self._new_document()
        # Which stems of the document derive from a term's is worked out once per term, over
        # the document's distinct stems, not row by row: a term is aligned with ten rows on
        # average, and the rows share most words. (Every row is indexed: all but one in 200
        # would be in any case.)
        stems: set[str] = set()
        for row in range(lo, hi):
            stems.update(self._index(row).by_stem.keys())
        self._doc_prefix = _by_prefix(stems)
        where: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        votes: dict[str, dict[str, int]] = defaultdict(dict)
        for row in range(lo, hi):
            for word, s, e, tag in self.words[row]:
                where[word].append((row, s, e))
                counts = votes[word]
                counts[tag] = counts.get(tag, 0) + 1
        # The segments that may give a name in brackets (see _named), once, not once per term.
        bracketed = {row for row in range(lo, hi) if "（" in (self.sources[row] or "") or "(" in (self.sources[row] or "")}
        uses = []
        # Each English word renders one term: longer terms choose first (香港特区政府 before 香港),
        # so a word taken by one term is not offered to another in the same segment.
        taken: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(dict)
        # Most words of a document are said once: left out before the sort (and in fewer rows still).
        recurring = [item for item in where.items() if len(item[1]) >= min_count]
        for term, places in sorted(recurring, key=lambda item: (-len(item[0]), item[0])):
            # The places came row by row: the rows are in order.
            by_row: dict[int, list[tuple[int, int, int]]] = {}
            for place in places:
                if place[0] in by_row:
                    by_row[place[0]].append(place)
                else:
                    by_row[place[0]] = [place]
            if len(by_row) < min_count:
                continue
            rows = list(by_row)
            names = {row: self._named(row, by_row[row]) for row in bracketed.intersection(by_row)} if bracketed else {}
            # The tag most occurrences carry: 荣誉 tagged a name once is still "honour", not "Yu".
            counts = votes[term]
            # (Nearly always one tag: taken without a sort.)
            tag = next(iter(counts)) if len(counts) == 1 else max(sorted(counts), key=counts.__getitem__)
            stems, pinyin = self._candidates(lo, hi, term, rows, tag, frozenset().union(*names.values()))
            if not stems and not pinyin:
                continue
            # A term a glossary made one word (register_terms) and the dictionary lacks is a
            # compound too, but a known one: its rendering must render its head, the last word
            # the dictionary glosses (认可机构 "authorized institutions" has "institutions";
            # 电子提示服务 is not "electronic").
            # Its words' glosses (a jieba cut of the term) only where they are read.
            registered = term in _registered and not lexicon.glosses(term)
            glossed = [g for g in _word_glosses(term) if g] if registered or tag[:1] == "c" else []
            known = registered and len(glossed) >= 2
            compound = tag[:1] == "c" or known
            parts = glossed if compound else []
            required = parts[-1:] if known else parts
            own = stems.union(*parts)
            occurrences: list[Occurrence] = []
            missed: list[tuple[int, int, int]] = []
            partial: list[tuple[int, int, int]] = []
            for row, found in zip(rows, self._align(rows, by_row, stems, pinyin, compound, taken, True, names)):
                named = names.get(row, _NONE)
                if required:
                    headed = [self._head_word(o, parts, term, own) for o in found] if known else []
                    # A compound's rendering must render each of its words: "Hong Kong" alone is
                    # not a rendering of 香港银行 ("Hong Kong banks"), only a fragment of one.
                    found = [o for o in found if all(not part.isdisjoint(o.key) for part in required)
                             or not named.isdisjoint(o.key)]
                    found += [o for o in headed if o is not None and o not in found]
                occurrences.extend(found)
                if not found:
                    missed.extend(by_row[row])
                elif len(found) < len(by_row[row]):
                    partial.append(by_row[row][len(found)])  # one place left: maybe a respelling
            if occurrences and missed:
                found, missed = self._by_head(lo, term, tag, stems, required, by_row, missed, taken)
                if term in settled:
                    continue  # its words are taken; respellings and groups take none
                occurrences.extend(found)
                occurrences.extend(self._similar(occurrences[0], missed, tag in PERSON_TAGS))
                occurrences.sort(key=lambda o: (o.row, o.start))
            if term in settled:
                continue
            if occurrences and partial:
                # A segment with the term twice and one rendering found: the other may be respelled.
                spans = [(o.row, o.start, o.end) for o in occurrences]
                occurrences.extend(self._similar(occurrences[0], partial, tag in PERSON_TAGS, spans))
                occurrences.sort(key=lambda o: (o.row, o.start))
            grouped = None
            if parts or self.borrowed_apart:
                grouped = clusters(occurrences)
                kept = self._own(term, occurrences, own, grouped)
                if kept is not occurrences:
                    occurrences, grouped = kept, None  # other occurrences: other groups
            use = TermUse(term, tag, tuple(rows), tuple(occurrences))
            if grouped is not None:
                self._groups[id(use)] = (use, grouped)
            uses.append(use)
        return uses

    def groups(self, use: TermUse) -> list[list[Occurrence]]:
        """clusters(use.occurrences) for a term of the document last aligned: worked out once
        where `_own` grouped the same occurrences already (the lists are shared: read them only)."""
        known = self._groups.get(id(use))
        return known[1] if known is not None and known[0] is use else clusters(use.occurrences)

    def _own(self, term: str, occurrences: list[Occurrence], own: frozenset[str],
             groups: list[list[Occurrence]] | None = None) -> list[Occurrence]:
        """The occurrences without the renderings that stand apart from the term's usual one and
        are simply the translation of other words of their sentence (see `_borrowed`).

        A compound's rendering is put together word by word and can take in a neighbour's words;
        other terms are filtered only when extracting: on newstest2020 the check lost more right
        findings (group recall 0.306 -> 0.285) than wrong ones (segment precision 0.165 -> 0.174).
        Where two renderings are used equally often, neither is the usual one and nothing is
        dropped: the result must not depend on which comes first. `groups`: clusters(occurrences),
        where worked out already; the occurrences themselves are returned where none is dropped."""
        groups = sorted(clusters(occurrences) if groups is None else groups, key=len, reverse=True)
        if len(groups) < 2 or len(groups[0]) == len(groups[1]):
            return occurrences
        usual = groups[0]
        kept = [o for g in groups for o in g if g is usual or not self._borrowed(o, term, own)]
        return sorted(kept, key=lambda o: (o.row, o.start))

    def _by_head(self, lo: int, term: str, tag: str, stems: frozenset[str], parts: list[frozenset[str]],
                 by_row: dict[int, list[tuple[int, int, int]]], missed: list[tuple[int, int, int]],
                 taken: dict[int, dict[int, list[tuple[int, int]]]]) -> tuple[list[Occurrence], list[tuple[int, int, int]]]:
        """Where the dictionary's words are not found, the head character's may be: 大赛 "contest"
        here, "competition" (赛) there is a second rendering, not an omission. A compound's last
        word gets the senses of its own head character: 友谊勋章 "Friendship Medal" here, "Order of
        Friendship" (章) there. Returns the occurrences found and the places still missed."""
        compound = tag[:1] == "c" or bool(parts)  # parts are given for compounds only
        if (lo, term) in self._unheaded:
            return [], missed
        if compound:
            head = self._head(all_words(term)[-1][0]) - stems if parts else frozenset()
        else:
            # Not for names but other proper nouns (越盾, 盾 "dong"): 局 "situation" is no
            # rendering of 金管局, nor 门 "way" of 澳门.
            head = self._head(term) - stems if tag not in NAME_TAGS - {"nz"} else frozenset()
        if not head:
            return [], missed
        wider = [*parts[:-1], parts[-1] | head] if compound else []
        found_all: list[Occurrence] = []
        still: list[tuple[int, int, int]] = []
        rows = sorted({p[0] for p in missed})
        # A character's senses are weak evidence: no looser derivatives ("sign" of 势 does not
        # reach "significant").
        for row, found in zip(rows, self._align(rows, by_row, (stems | head) if compound else head, frozenset(),
                                                compound, taken, loose=False)):
            found = [o for o in found if all(set(o.key) & part for part in wider)]
            found_all.extend(found)
            if not found:
                still.extend(by_row[row])
        return found_all, still

    def _named(self, row: int, places: list[tuple[int, int, int]]) -> frozenset[str]:
        """Where the source gives the original name of a term in brackets (荷兰合作银行（Rabobank）),
        the stems of that name: they render the term in this segment whatever the dictionary says.
        A term at the end of the name gets them too: 委员会 in 公平工作委员会（Fair Work Commission）
        is "Commission" there. On newstest2020 holding them back from such terms lost more right
        findings than wrong ones (segment precision 0.150 -> 0.148, recall 0.229 -> 0.221)."""
        source = self.sources[row] or ""
        if "（" not in source and "(" not in source:
            return frozenset()  # most sources give no name in brackets: no pattern to run per term
        return frozenset().union(*(original_name(source, e) for _r, _s, e in places))

    def _align(self, rows: Sequence[int], by_row: dict[int, list[tuple[int, int, int]]], stems: frozenset[str],
               pinyin: frozenset[str], gap: bool, taken: dict[int, dict[int, list[tuple[int, int]]]],
               loose: bool = True, names: dict[int, frozenset[str]] | None = None) -> list[list[Occurrence]]:
        """The occurrences of a term in each of `rows` (at the places `by_row` gives) rendered by
        words of the row's target, row by row: one call for a term's rows, not one per row (on
        60,000 bench segments, 581,226 calls: ten a segment).

        `taken`: row -> token of the row -> the source spans of the terms already aligned with
        it, which keep it unless their span overlaps one of the places; the occurrences found are
        added. `names`: row -> the stems of a name given in brackets there (see `_named`), which
        render the term in that row too."""
        indexes, targets, table = self._indexes, self.targets, self._doc_prefix
        # The stems that render the term: its own, and those of the document that derive from
        # one ("Korean" for "Korea", not "China's" for "Chinese"), found once for all its rows.
        derived = _derivatives(stems, table, loose)
        term_hits = stems.union(derived) if derived else stems
        out: list[list[Occurrence]] = []
        for row in rows:
            places = by_row[row]
            row_taken = taken[row]
            named = names.get(row) if names else None
            if named:
                row_stems = stems | named
                row_hits = row_stems.union(_derivatives(row_stems, table, loose))
            else:
                row_hits = term_hits
            # (A _TargetIndex is never false: looked up without a call where it is made already.)
            index = indexes.get(row) or self._index(row)
            # The words that render the term, looked up from the stems' side: a term is aligned
            # with every segment it occurs in, and most of its stems are in none of its words.
            hits: set[int] = set()
            by_stem = index.by_stem
            # Set intersections in C, over the smaller side: a term has up to hundreds of stems
            # (most of them in none of the segment's words), a segment a few dozen.
            for s in (row_hits.intersection(by_stem) if len(row_hits) > len(by_stem)
                      else by_stem.keys() & row_hits):
                hits.update(by_stem[s])
            for p in pinyin:
                hits.update(index.pinyin(p))
            # "March" the month is no "march" (步伐), "May" no "may"; a verb form does not render
            # a noun ("discussed" for 研讨会 "discussion forum").
            hits -= index.never
            if hits and row_taken:
                # Words rendering another term of this sentence, unless that term contains this
                # one (敦煌壁画 "Dunhuang murals" and 壁画 "murals" share the word). Looked up from
                # the words' side, in C: most hits are taken by no other term.
                for i in hits.intersection(row_taken):
                    for zs, ze in row_taken[i]:
                        for _r, ps, pe in places:
                            if zs < pe and ps < ze:
                                break  # that term contains this one
                        else:
                            hits.discard(i)
                            break
            if not hits:
                out.append([])
                continue
            tokens = index.tokens
            runs = _hit_runs(tokens, hits, index.joined, gap)
            if not runs:
                out.append([])
                continue
            text = targets[row]
            # As many renderings as the source has occurrences: the longest runs, and between
            # equally long ones the run whose place in the sentence is nearest the term's place in
            # the source ("mainland" for 内地, not the "China" of "China News Service" at the
            # start), in text order. (No more runs than occurrences, the common case: every run,
            # already in text order.)
            if len(runs) > len(places):
                runs = _nearest(runs, places, tokens, len(self.sources[row] or ""), len(text))
            found = []
            # (zip stops at the shorter: fewer runs than places leaves the last places unrendered)
            for (i, j), (_r, zs, ze) in zip(runs, places):
                for k in range(i, j):
                    spans = row_taken.get(k)
                    if spans is None:
                        row_taken[k] = [(zs, ze)]
                    else:
                        spans.append((zs, ze))
                found.append(_occurrence(tokens, text, row, zs, ze, i, j))
            out.append(found)
        return out

    def _head_word(self, occ: Occurrence, parts: list[frozenset[str]], term: str,
                   own: frozenset[str]) -> Occurrence | None:
        """A listed term's rendering that renders its first words but not its head takes the word
        after it as the head: 信贷额度 is "credit limits" by the dictionary, "credit lines" in
        another sentence, and 银行体系 "banking sector" beside "banking system"."""
        if not parts or set(occ.key) & parts[-1] or not set(occ.key) & parts[0]:
            return None
        tokens = self.tokens(occ.row)
        i = next((n for n, t in enumerate(tokens) if t[1] == occ.start), None)
        j = next((n + 1 for n, t in enumerate(tokens) if t[2] == occ.end), None)
        if i is None or j is None or j >= len(tokens):
            return None
        stem, start, end = tokens[j]
        text = self.targets[occ.row]
        # The next word, right after the rendering, a noun-like content word: not "credit to".
        if text[occ.end:start] != " " or stem in _COMMON or stem in _LINKS or not text[start:end].isalpha() or (
                text[end - 2:end] == "ed" or text[end - 3:end] == "ing"):
            return None
        headed = self._occurrence(occ.row, occ.zh_start, occ.zh_end, i, j + 1)
        # Not the translation of the next source word (硬币收集计划 收银车: "coin collection
        # vehicle"), nor of another stretch of the sentence (货币政策 "monetary policy" beside
        # 货币稳定, 汇率 "exchange rate" beside 兑换范围).
        after = next((g for w, s, _e, g in self._source_words(occ.row) if s == occ.zh_end), frozenset())
        if _explains(after, (stem,)) or self._borrowed(headed, term, own):
            return None
        return headed

    def _occurrence(self, row: int, zs: int, ze: int, i: int, j: int) -> Occurrence:
        return _occurrence(self.tokens(row), self.targets[row], row, zs, ze, i, j)

    def _similar(self, first: Occurrence, places: list[tuple[int, int, int]], person: bool = False,
                 taken: Sequence[tuple[int, int, int]] = ()) -> list[Occurrence]:
        """In segments where nothing aligned (or where `taken` spans already render another
        occurrence), the span most like the first rendering, if any is close.

        A name of several words is compared whole (same number of words), and a person's name by
        its last words too (a surname written another way: "Lemaire" after "Bruno Le Maire")."""
        if not first.text[:1].isupper():
            return []  # respellings are of names; "three" is not a respelling of "theme"
        # Compared without a possessive: "Macao's" and "Macau" are 0.67 alike, "Macao" and "Macau" 0.8.
        words = _POSSESSIVE_END.sub("", first.text).casefold().split()
        width = max(1, len(first.key))
        # (reference, candidate sizes in words)
        refs = [(" ".join(words), range(1, 3) if width == 1 else (width,))]
        if person:
            refs += [(" ".join(words[-k:]), range(1, k + 1)) for k in range(1, len(words))
                     if len(" ".join(words[-k:])) >= 4]
        # One matcher per reference: set_seq2 indexes the reference once for every candidate.
        matchers = [(difflib.SequenceMatcher(None, "", ref, autojunk=False), ref, sizes) for ref, sizes in refs]
        # (reference, candidate) -> the candidate's ratio, or 0 where quick_ratio rules it out: a
        # document names the same people and places from row to row.
        ratios: dict[tuple[str, str], float] = {}
        out = []
        seen: set[int] = set()
        for row, zs, ze in places:
            if row in seen:
                continue
            seen.add(row)
            tokens = self.tokens(row)
            text = self.targets[row]
            # The candidate opens with the token's first letter, and with no function word: most
            # words fail on either, and are left out once for every reference and size, before
            # the cost of the tests below.
            found = self._upper.get(row)
            if found is None:  # the same for every term of the row that asks
                common = [t[0] in _COMMON for t in tokens]
                found = self._upper[row] = (
                    [i for i, t in enumerate(tokens) if text[t[1]].isupper() and not common[i]], common)
            upper, common = found
            spans = [(s, e) for r, s, e in taken if r == row]
            best: tuple[float, int, int] | None = None
            for matcher, ref, sizes in matchers:
                # One word may gain or lose a letter group; a longer name keeps its number of words.
                for n in sizes:
                    for i in upper:
                        if i > len(tokens) - n:
                            break
                        start, end = tokens[i][1], tokens[i + n - 1][2]
                        if spans and any(s < end and start < e for s, e in spans):
                            continue  # already the rendering of another occurrence
                        if n > 1 and any(common[i + 1:i + n]):
                            continue  # a function word is no respelling: "Not" for "North", "In Qingyang"
                        cand = text[start:end]
                        if cand[-1:] in "'’s":  # (only such an ending can be a possessive)
                            cand = _POSSESSIVE_END.sub("", cand)
                        if not cand[:1].isupper() or 2 * min(len(cand), len(ref)) < SIMILARITY * (len(cand) + len(ref)):
                            continue
                        folded = cand.casefold()
                        ratio = ratios.get((ref, folded))
                        if ratio is None:
                            matcher.set_seq1(folded)
                            ratio = ratios[ref, folded] = (
                                matcher.ratio() if matcher.quick_ratio() >= SIMILARITY else 0.0)
                        if ratio >= SIMILARITY and (best is None or ratio > best[0]):
                            best = (ratio, i, i + n)
            if best is not None:
                out.append(self._occurrence(row, zs, ze, best[1], best[2]))
        return out
