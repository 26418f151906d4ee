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
_SPACE_RE = regex.compile(r"\s+")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")
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
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_QUOTES.get(ch, ch) for ch in text)
    text = text.replace("-", " ")
    return _SPACE_RE.sub(" ", text).strip()


def rendering_key(text: str) -> str:
    """A comparison key for two renderings: folded and case-insensitive."""
    return fold_en(text).casefold()


def is_word_char(ch: str) -> bool:
    """True for a letter or digit (any script): a match must not touch one on either side."""
    return bool(_WORD_CHAR.match(ch))


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
    export control <-> export controls) when `plural` is set; names get no plural. Curly and
    straight apostrophes are both produced because the corpus is not rewritten.
    """
    out = {form}
    words = form.split(" ")
    last = words[-1]
    if plural and last[:1].isalpha() and len(last) > 2:
        for other in _plural(last) + _singular(last):
            out.add(" ".join([*words[:-1], other]))
    for variant in list(out):
        if "'" in variant:
            out.add(variant.replace("'", "\u2019"))
    return out


@functools.lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def zh_forms(term: str) -> set[str]:
    """The Chinese forms a term may appear in: as given, simplified, and the traditional variants."""
    base = unicodedata.normalize("NFKC", term).strip()
    out = {base}
    for config in ("t2s", "s2t", "s2tw", "s2hk"):
        out.add(_converter(config).convert(base))
    return {f for f in out if f}


def to_simplified(text: str) -> str:
    """Fold traditional characters to simplified (for display keys and grouping)."""
    return _converter("t2s").convert(text)
