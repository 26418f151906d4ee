"""The fast paths of the glossary scan and of term-missing give what the slow ones they replaced gave.

Each test keeps the replaced code (the word-boundary filter after the joins, the capitalised runs
read again for every name, every source normalised again for every match) as the reference and
compares on real sentences: newstest2020's sources and system outputs (../shared, skipped where
absent), with the bundled glossary and entries made to stress the new path.
"""

from __future__ import annotations

import random
import unicodedata

import ahocorasick_rs
import polars as pl
import regex

from termqa import zhwords
from termqa.checks import Batch
from termqa.checks.names import TITLES
from termqa.checks.terms import (
    _CAPS_TOKEN,
    _LEADERS,
    _NAME_RUN,
    _SHORT_FORM,
    _contiguous,
    _expansion,
    _head_part,
    _heads,
    _initials,
    _is_acronym,
    _likely_span,
    _spells,
    _surname_mention,
    _tokens,
    _with_one_word_inside,
    rendered_otherwise,
)
from termqa.matcher import Matcher, source_span
from termqa.model import EntityType, Glossary, GlossaryEntry, Segment

from .realpairs import bundled as _bundled
from .realpairs import old_cuts as _old_cuts
from .realpairs import pairs as _pairs

# Short renderings that the automaton finds inside words far more often than as words ("ed" in
# "said"), at the edges of texts, and in capitals only: what the filter before the joins filters.
_STRESS = [
    GlossaryEntry("s-ed", ("艾德",), "Ed", (), ("Aide",), EntityType.PERSON),
    GlossaryEntry("s-un", ("联合",), "UN", (), (), EntityType.ORGANIZATION),
    GlossaryEntry("s-he", ("何",), "He", ("Ho",), (), EntityType.PERSON, case_sensitive=True),
    GlossaryEntry("s-china", ("中",), "China", ("Sino",), ("Zhong",), EntityType.PLACE),
    GlossaryEntry("s-ati", ("阿提",), "ati", (), (), EntityType.TERM),
    GlossaryEntry("s-2020", ("二〇二〇",), "2020", (), (), EntityType.TERM),
    GlossaryEntry("s-a", ("甲",), "a", (), (), EntityType.TERM),
]


def _old_scan(
    automaton: ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick, texts: pl.Series,
) -> pl.DataFrame | None:
    """matcher._scan as it was: a frame built from the match tuples, every raw match kept."""
    big = texts.str.join("\n").item() if len(texts) else ""
    hits = automaton.find_matches_as_indexes(
        big.encode("ascii") if isinstance(automaton, ahocorasick_rs.BytesAhoCorasick) else big
    )
    if not hits:
        return None
    found = pl.DataFrame(hits, schema=[("pid", pl.Int32), ("gstart", pl.Int64), ("gend", pl.Int64)], orient="row")
    sizes = texts.str.len_chars().cast(pl.Int64) + 1
    offsets = sizes.cum_sum() - sizes
    row = offsets.search_sorted(found["gstart"], side="right") - 1
    base = offsets.gather(row)
    return pl.DataFrame({
        "row": row.cast(pl.UInt32), "start": found["gstart"] - base, "end": found["gend"] - base, "pid": found["pid"],
    })


def _old_match(matcher: Matcher, sources: list[str | None], targets: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Matcher.match as it was: the English word boundaries tested after the join to entries, on a
    copy of each match's whole text."""
    from termqa.matcher import scan_texts

    en, zh = matcher._automata
    frame = scan_texts(sources, targets)
    en_found, zh_found = _old_scan(en, frame["t"]), _old_scan(zh, frame["s"])
    assert en_found is not None and zh_found is not None
    target = (
        en_found.with_columns(text=frame["t"].gather(en_found["row"]))
        .join(matcher._en_table, on="pid", how="inner")
        .filter(
            (pl.col("start") == 0) | ~pl.col("text").str.slice(pl.col("start") - 1, 1).str.contains("[a-z0-9]"),
            ~pl.col("text").str.slice(pl.col("end"), 1).str.contains("[a-z0-9]").fill_null(False),
        )
        .select("row", "start", "end", "entry", "status", "rendering", "rank", "short", "rkey")
        .sort("row", "start", "rank")
    )
    if (matcher._case_sensitive or matcher._acronyms) and target.height:
        target = matcher._filter_case(target, targets)
    target = matcher._held(target, frame["s"], pl.Series(sources, dtype=pl.String).is_not_null())
    source = (
        zh_found.rename({"start": "nstart"}).join(matcher._zh_table, on="pid", how="inner")
        .select("row", "nstart", "m", "entry").sort("row", "nstart", "entry")
    )
    return target, source


def test_the_matches_filtered_before_the_joins_are_those_filtered_after():
    matcher = Matcher(Glossary((*_bundled(), *_STRESS)))
    pairs = _pairs(3000)
    sources: list[str | None] = [s for s, _ in pairs]
    targets = [t for _, t in pairs]
    # Renderings at both edges of a text, alone, and beside the separators the batch is joined with.
    edges = ["Ed", "ed", "Ed said", "said Ed", "UN", "a", "He", "China-Ed", "2020", "Ed\u2019s aide", "ed.", "\u00e9ed",
             "in 12020 Ed2 met Ed 2020", "atiz"]
    sources += [None, "艾德说", *(["中"] * (len(edges) - 2))]
    targets += edges
    matched = 0
    for lo in range(0, len(targets), 1000):
        got = matcher.match(sources[lo:lo + 1000], targets[lo:lo + 1000])
        expected = _old_match(matcher, sources[lo:lo + 1000], targets[lo:lo + 1000])
        assert got[0].equals(expected[0]) and got[1].equals(expected[1])
        matched += got[0].height
    assert matched > 1000


def _old_likely_span(target: str, entry: GlossaryEntry, taken: list[tuple[int, int]]) -> tuple[int, int] | str | None:
    """checks.terms._likely_span as it was: every capitalised run read for every name."""
    if entry.type.value == "term":
        return None
    forms = [_tokens(r) for r in (entry.target, *entry.alternates)]
    words = {w for f in forms for w in f if len(w) > 1}
    found: tuple[int, int] | None = None
    for m in _NAME_RUN.finditer(target):
        if any(s <= m.start() and m.end() <= e for s, e in taken):
            continue
        tokens = _tokens(m.group(0))
        sentence_start = m.start() == 0 or target[: m.start()].rstrip().endswith((".", "!", "?", "\"", "”"))
        while tokens and tokens[0] not in words and (
            tokens[0] in TITLES or tokens[0] in _LEADERS or (sentence_start and len(tokens) > 1)
        ):
            tokens.pop(0)
            sentence_start = False
        if not tokens or not set(tokens) & words:
            continue
        if any(_contiguous(tokens, f) and (entry.type is EntityType.PERSON or tokens[-1] in _heads(f)) for f in forms):
            return _SHORT_FORM
        if entry.type is not EntityType.PERSON and any(_head_part(tokens, f) for f in forms):
            return _SHORT_FORM
        if entry.type is EntityType.PERSON and any(_surname_mention(tokens, f) for f in forms):
            return _SHORT_FORM
        shared = set(tokens) & words
        if entry.type is not EntityType.PERSON and (
            (len(shared) < 2 and not shared & set().union(*map(_heads, forms)))
            or any(_contiguous(tokens, f) for f in forms)
        ):
            continue
        if found is None:
            first = m.group(0).casefold().find(tokens[0].split(" ")[0])
            found = (m.start() + max(first, 0), m.end())
    return found


def _old_rendered_otherwise(target: str, entry: GlossaryEntry) -> bool:
    """checks.terms.rendered_otherwise as it was: the target's acronyms and words read per call."""
    forms = (entry.target, *entry.alternates)
    caps = {m.group(1) for m in _CAPS_TOKEN.finditer(target)}
    words = _tokens(target)
    spelled_out = {_initials(_tokens(f)) for f in forms if not _is_acronym(f)}
    for form in forms:
        if _is_acronym(form):
            if form.rstrip("s").upper() in spelled_out:
                continue
            expansion = _expansion(form)
            if expansion is not None and expansion.search(target):
                return True
            continue
        parts = _tokens(form)
        if len(parts) >= 2:
            initials = _initials(parts)
            if len(initials) >= 2 and initials in caps:
                return True
        elif parts and len(parts[0]) >= 5 and any(
                len(token) >= 3 and "&" not in token and _spells(token, parts[0]) for token in caps):
            return True
        if entry.type is EntityType.TERM and len(parts) >= 2 and _with_one_word_inside(words, parts):
            return True
    return False


# A run that starts inside a word ("iPhone"), case folding that changes a word's length, titles and
# leaders before a name, a name in capitals, a term with a word inside it.
_HOSTILE_TARGETS = [
    "The iPhone maker said on Monday.", "Apple's iPhone sales fell", "STRASSE Wang and Straße Wang met.",
    "\u0130stanbul Wang said", "Since US President Kyung Phone arrived", "KYUNG PHONE SAID", "China's WHO envoy",
    "the World Health Organization (WHO) said", "customer-centric corporate culture matters", "NPC deputies",
    "Kang Kyung-hwa met Wang", "Foreign Minister Chung said", "Mr. Phone-Kyung left", "Phone's rival",
]
_HOSTILE_ENTRIES = [
    GlossaryEntry("h-phone", ("京风",), "Kyung Phone", (), (), EntityType.PERSON),
    GlossaryEntry("h-strasse", ("王街",), "Straße Wang", (), (), EntityType.PERSON),
    GlossaryEntry("h-istanbul", ("伊王",), "İstanbul Wang", (), (), EntityType.PLACE),
    GlossaryEntry("h-ccc", ("客户文化",), "customer-centric culture", (), (), EntityType.TERM),
    GlossaryEntry("h-who", ("世卫",), "World Health Organization", ("WHO",), (), EntityType.ORGANIZATION),
    GlossaryEntry("h-kang", ("康京和",), "Kang Kyung-wha", (), (), EntityType.PERSON),
]


def _cases(limit: int) -> tuple[list[str], list[GlossaryEntry]]:
    targets = list(dict.fromkeys(t for _, t in _pairs(limit))) + _HOSTILE_TARGETS
    return targets, _bundled() + _HOSTILE_ENTRIES


def test_a_likely_span_is_found_where_every_run_read_again_found_it():
    targets, entries = _cases(2500)
    matcher = Matcher(Glossary(tuple(entries)))
    table = matcher.match([None] * len(targets), targets)[0]
    taken: dict[int, list[tuple[int, int]]] = {}
    for row, start, end in table.select("row", "start", "end").unique().sort("row", "start").iter_rows():
        taken.setdefault(row, []).append((start, end))
    words = [{w.casefold() for w in regex.findall(r"\p{L}+", t)} for t in targets]
    outcomes: set[str] = set()
    for entry in entries:
        if entry.type is EntityType.TERM:
            continue
        needles = {w.casefold() for r in (entry.target, *entry.alternates) for w in regex.findall(r"\p{L}+", r)}
        for row, target in enumerate(targets):
            # Where no word of the name is, both paths say None; a sample of those is enough.
            if not needles & words[row] and (row + len(entry.id)) % 97 and target not in _HOSTILE_TARGETS:
                continue
            for spans in (taken.get(row, []), []):
                got = _likely_span(target, entry, spans)
                assert got == _old_likely_span(target, entry, spans), (target, entry.id, spans)
                outcomes.add("none" if got is None else "short" if got == _SHORT_FORM else "span")
    assert outcomes == {"none", "short", "span"}


def test_a_rendering_otherwise_is_found_where_the_per_call_reading_found_it():
    targets, entries = _cases(3000)
    words = [{w.casefold() for w in regex.findall(r"\p{L}+", t)} for t in targets]
    capitals = [{m.group(1)[0] for m in _CAPS_TOKEN.finditer(t)} for t in targets]
    found = 0
    checked = 0
    for entry in entries:
        forms = (entry.target, *entry.alternates)
        needles = {w.casefold() for r in forms for w in regex.findall(r"\p{L}{4,}", r)}
        letters = {r[0].upper() for r in forms if r}
        for row, target in enumerate(targets):
            # The rows that may hold a form (two of its longer words, or an acronym with its first
            # letter), and a sample of the rest.
            if (len(needles & words[row]) < 2 and not letters & capitals[row] and (row + len(entry.id)) % 89
                    and target not in _HOSTILE_TARGETS):
                continue
            got = rendered_otherwise(target, entry)
            assert got == _old_rendered_otherwise(target, entry), (target, entry.id)
            found += got
            checked += 1
    assert checked > 10_000 and found > 50


def test_a_span_that_is_a_whole_run_or_shares_an_edge_with_one_is_cut_as_in_the_whole_sentence():
    # is_cut_at answers a span that is a whole run without segmenting it.
    sources = list(dict.fromkeys(s for s, _ in _pairs(1500)))
    checked = 0
    for text in sources:
        whole = _old_cuts(text)
        for m in zhwords._RUN.finditer(text):
            a, b = m.span()
            for start, end in ((a, b), (a, b - 1), (a + 1, b), (a, a + 2), (b - 2, b)):
                if a <= start < end <= b:
                    assert zhwords.is_cut_at(text, start, end) == (start in whole and end in whole), (text, start, end)
                    checked += 1
    assert checked > 3000


def test_a_match_moves_only_in_the_sources_nfkc_lengthens_or_shortens():
    # term-missing maps a match back with source_span only in the rows nfkc_shifted names.
    rng = random.Random(5)
    sources = list(dict.fromkeys(s for s, _ in _pairs(2000)))
    # Characters NFKC expands (㍻, …, ﬁ, ㈱), contracts (a letter and its combining mark), or
    # replaces one for one (full-width forms), placed before and inside Chinese.
    for extra in ("㍻", "…", "ﬁ", "㈱", "e\u0301", "ＧＤＰ", "①", "ｶﾞ"):
        sources += [f"{extra}中国外交部长{extra}王毅说", f"王毅{extra}说中国"]
    segments = [Segment("t.tsv", n, None, "d", s, "x") for n, s in enumerate(sources)]
    batch = Batch(segments, [(0, len(segments))], Matcher(Glossary()))
    rows = pl.Series(range(len(sources)), dtype=pl.UInt32)
    shifted = batch.nfkc_shifted(rows)
    assert 0 < len(shifted) < len(sources)
    for row, text in enumerate(sources):
        norm = unicodedata.normalize("NFKC", text)
        for nstart in sorted(rng.sample(range(len(norm)), min(6, len(norm)))):
            matched = norm[nstart:nstart + 2]
            fast = batch.source_span(row, nstart, matched) if row in shifted else (nstart, nstart + len(matched))
            assert fast == source_span(text, nstart, matched), (text, nstart)


def test_the_context_of_a_finding_is_read_as_the_unicode_pattern_read_it():
    # Batch.finding reads ASCII windows with `re`; the fingerprint must not change.
    from termqa.checks.base import _CONTEXT_WORDS, _context_words

    rng = random.Random(11)
    texts = [t for pair in _pairs(2000) for t in pair]
    texts += ["don't stop 5-year plan", "it\u2019s O'Neill's", "caf\u00e9 x2 \u00aa \u00b2", "a_b 1.5 'quoted' rock'n'roll"]
    windows = 0
    for text in texts:
        for _ in range(4):
            start = rng.randrange(len(text) + 1)
            for window in (text[max(0, start - 60): start], text[start: start + 60]):
                assert _context_words(window) == _CONTEXT_WORDS.findall(window), window
                windows += window.isascii()
    assert windows > 4000
