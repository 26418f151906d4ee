"""Provides the text normalisation that makes glossary forms and corpus text comparable.

Matching runs on the corpus text as it is, so that offsets stay exact. Instead of rewriting
the corpus we expand each glossary form into the variants the corpus may contain: Chinese
traditional and simplified forms, English inflections, straight and curly apostrophes. The
only rewrite applied to the corpus is hyphen to space, which keeps every offset unchanged.
"""

from __future__ import annotations

import functools
import unicodedata

import regex

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212-"
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
_QUOTE_TABLE = str.maketrans(_QUOTES)
_SPACE_RE = regex.compile(r"\s+")
HAN_RE = regex.compile(r"\p{Han}+")

_IRREGULAR_PLURALS = {
    "man": "men", "woman": "women", "person": "people", "child": "children",
    "crisis": "crises", "analysis": "analyses", "thesis": "theses",
}
_IRREGULAR_SINGULARS = {v: k for k, v in _IRREGULAR_PLURALS.items()}


def fold_en(text: str) -> str:
    """The matching form of an English rendering: NFKC, ASCII apostrophes, hyphens as spaces.

    Case is not folded here: the matcher compares case-insensitively where the entry allows.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTE_TABLE)
    text = text.replace("-", " ")
    if "  " in text or text[:1].isspace() or text[-1:].isspace() or "\t" in text:
        text = _SPACE_RE.sub(" ", text).strip()
    return text


_NON_ASCII = regex.compile(r"[^\x00-\x7F]")


def ascii_key(folded: str) -> str:
    """The Aho-Corasick pattern for a folded form: lower-case ASCII, other characters as \\x01.

    The corpus copy that is searched gets the same treatment, which keeps its byte offsets equal
    to the original's code-point offsets.
    """
    return _NON_ASCII.sub("\x01", folded).lower()


def rendering_key(text: str) -> str:
    """A comparison key for two renderings: folded and case-insensitive."""
    return fold_en(text).casefold()


def _plural(word: str) -> list[str]:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return [_match_case(word, _IRREGULAR_PLURALS[low])]
    if low.endswith("s") and not low.endswith("ss"):
        return []  # already plural
    if low.endswith("man") and len(low) > 3:
        return [word[:-3] + _match_case(word[-3:], "men")]
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return [word + "es"]
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def _singular(word: str) -> list[str]:
    low = word.lower()
    if low in _IRREGULAR_SINGULARS:
        return [_match_case(word, _IRREGULAR_SINGULARS[low])]
    if low.endswith("men") and len(low) > 3:
        return [word[:-3] + word[-3:-2] + "an"]
    if low.endswith("ies") and len(low) > 4:
        return [word[:-3] + "y"]
    if low.endswith(("ses", "xes", "ches", "shes")):
        return [word[:-2]]
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return [word[:-1]]
    return []


def _match_case(model: str, word: str) -> str:
    return word.capitalize() if model[:1].isupper() else word


def inflections(form: str, plural: bool = True) -> set[str]:
    """Variants of a folded English form that count as the same rendering.

    The last word is put into the other grammatical number (comfort woman <-> comfort women,
    export control <-> export controls) when `plural` is set; names get no plural. (Curly
    apostrophes need no variant: the matcher's copy of the corpus has straight ones.)
    """
    out = {form}
    words = form.split(" ")
    last = words[-1]
    if plural and last[:1].isalpha() and len(last) > 2:
        for other in _plural(last) + _singular(last):
            out.add(" ".join([*words[:-1], other]))
    return out


@functools.lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


_CONFIGS = ("t2s", "s2t", "s2tw", "s2hk")


@functools.cache
def _zh_memo():  # a termqa.cache.Memo
    from termqa.cache import Memo, data_version

    return Memo("opencc", data_version("opencc", "__init__.py", "clib") + "\x00" + ",".join(_CONFIGS))


def zh_forms_many(terms: list[str]) -> list[set[str]]:
    """zh_forms for many terms with one conversion call per variant (OpenCC calls are costly).

    Loading OpenCC's four converters costs 0.1-0.2 s, more than a small glossary's whole
    compile, so the conversions are remembered across runs (termqa.cache.Memo) and the
    converters are loaded only for terms not seen before (and never for no terms).
    """
    bases = [unicodedata.normalize("NFKC", t).strip().replace("\n", " ") for t in terms]
    out = [{b} for b in bases]
    memo = _zh_memo() if bases else None
    todo: list[int] = []
    for i, base in enumerate(bases):
        known = memo.get(base) if memo is not None else None
        if isinstance(known, list) and len(known) == len(_CONFIGS):
            out[i].update(known)
        else:
            todo.append(i)
    if todo:
        fresh = [bases[i] for i in todo]
        joined = "\n".join(fresh)
        columns = []
        for config in _CONFIGS:
            converted = _converter(config).convert(joined).split("\n")
            if len(converted) != len(fresh):  # a converter that ate a newline: fall back to one by one
                converted = [_converter(config).convert(b) for b in fresh]
            columns.append(converted)
        for k, i in enumerate(todo):
            forms = [column[k] for column in columns]
            out[i].update(forms)
            if memo is not None:
                memo.put(bases[i], forms)
    return [{f for f in forms if f} for forms in out]


def to_simplified(text: str) -> str:
    """Fold traditional characters to simplified (for display keys and grouping)."""
    return _converter("t2s").convert(text)


ACRONYM = r"^[A-Z][A-Z0-9&]*[A-Z]$"
"""A rendering written in capitals (WHO, US, AP): it matches only in capitals, since "who" and
"us" are words, not the World Health Organization or the United States."""


def is_acronym(text: str) -> bool:
    """True for a rendering written in capitals (see ACRONYM)."""
    return regex.match(ACRONYM, text) is not None
