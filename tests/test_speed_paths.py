"""The fast paths of the real-text bench give what the slow ones they replaced gave.

Each test keeps the replaced code (a cut of the whole sentence, a pattern per rendering, a loop
over every target word) as the reference and compares on real sentences: newstest2020's and
WMT22's sources and system outputs (../shared, skipped where absent) and the corpora shipped
with termqa.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
import regex

from termqa import align, lexicon, zhwords
from termqa.checks.terms import _mentions
from termqa.matcher import _nfkc_index_map, source_span
from termqa.model import EntityType, GlossaryEntry
from termqa.normalize import fold_en, inflections, is_acronym

from .realpairs import bundled as _bundled
from .realpairs import old_cuts as _old_cuts
from .realpairs import pairs as _pairs


def test_a_span_is_cut_as_in_the_whole_sentence():
    # The fast path segments only the run of Han characters and letters that holds the span.
    sources = list(dict.fromkeys(s for s, _ in _pairs(3000)))
    sources += ["他说：“金·卡戴珊与澳大利亚总理会谈。”", "澳大利亚总理\r\n布林肯同意会谈", "G20峰会在杭州举行，习近平主持。"]
    rng = random.Random(17)
    checked = 0
    for text in sources:
        spans = [(m.start(), m.end()) for m in regex.finditer(r"\p{Han}{2,4}", text)]
        spans += [(a, a + n) for a in rng.sample(range(len(text)), min(3, len(text))) for n in (1, 3)]
        for start, end in spans:
            end = min(end, len(text))
            if start >= end:
                continue
            whole = _old_cuts(text)
            assert zhwords.is_cut_at(text, start, end) == (start in whole and end in whole), (text, start, end)
            checked += 1
    assert checked > 1000


def test_the_cut_after_learning_a_term_is_the_cut_of_the_whole_sentence():
    # is_whole_word = learn + is_cut_at; terms learnt change later cuts the same way on both paths.
    for source, _ in _pairs(600):
        for m in regex.finditer(r"\p{Han}{2,3}", source):
            zhwords.learn(m.group())
            whole = _old_cuts(source)
            assert zhwords.is_cut_at(source, m.start(), m.end()) == (m.start() in whole and m.end() in whole)


def _old_mentions(target: str, entry: GlossaryEntry) -> bool:
    """checks.terms._mentions as it was: one pattern per rendering and inflection."""
    exact = fold_en(target)
    folded = exact.casefold()
    for form in (entry.target, *entry.alternates):
        if is_acronym(form):
            if regex.search(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(form)}(?![\p{{Lu}}\p{{N}}])", exact):
                return True
            continue
        for variant in inflections(fold_en(form).casefold(), plural=entry.type is EntityType.TERM):
            if regex.search(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(variant)}(?![\p{{L}}\p{{N}}])", folded):
                return True
    return False


def test_a_mention_is_found_where_one_pattern_per_rendering_found_it():
    entries = _bundled()
    targets = [t for _, t in _pairs(4000)]
    words = {w.casefold() for t in targets for w in regex.findall(r"\p{L}+", t)}
    # Only the pairs where a rendering's words occur: the rest are no-mentions on both paths.
    seen = 0
    for entry in entries:
        needles = {w.casefold() for r in (entry.target, *entry.alternates) for w in regex.findall(r"\p{L}+", r)}
        if not needles & words:
            continue
        for target in targets:
            if any(n in target.casefold() for n in needles):
                assert _mentions(target, entry) == _old_mentions(target, entry), (target, entry.id)
                seen += 1
    assert seen > 500


def test_a_source_already_nfkc_keeps_its_offsets():
    for text in ("中国外交部长王毅", "ＧＤＰ增长５％，中国", "“澳大”"):
        norm = unicodedata.normalize("NFKC", text)
        for nstart in range(len(norm)):
            for n in (1, 2):
                if nstart + n > len(norm):
                    continue
                matched = norm[nstart:nstart + n]
                if len(norm) == len(text):
                    expected = (nstart, nstart + n)
                else:
                    index = _nfkc_index_map(text)
                    expected = (index[nstart], index[nstart + n - 1] + 1)
                assert source_span(text, nstart, matched) == expected


class _OldAligner(align.Aligner):
    """The aligner with _align's hit test as it was: every target word against the stems."""

    def _align(self, rows, by_row, stems, pinyin, gap, taken, loose=True, names=None):
        # The aligner's one call for a term's rows, made row by row as it was.
        return [self._align_row(row, by_row[row], stems | names[row] if names and names.get(row) else stems,
                                pinyin, gap, taken[row], loose) for row in rows]

    def _align_row(self, row, places, stems, pinyin, gap=False, taken=None, loose=True):
        tokens = self.tokens(row)
        text = self.targets[row]
        by_prefix = align._prefixes(stems)
        hit = []
        for stem, start, end in tokens:
            if text[start].isupper() and text[start:end].casefold() in lexicon.MONTHS_DAYS:
                hit.append(False)
                continue
            found = (
                stem in stems
                or (stem[:3] in by_prefix and not align._DIGIT.search(stem)
                    and any(len(stem) > len(s) and align._derived(stem, s, loose) for s in by_prefix[stem[:3]]))
                or (bool(pinyin) and stem.replace("-", "").replace("'", "") in pinyin)
            )
            hit.append(found and not (text[end - 2: end] == "ed" and text[start].islower()))
        if taken:
            # (taken as the aligner now keeps it: token -> the source spans that took it)
            blocked = {i for i, spans in taken.items()
                       if any(not any(zs < pe and ps < ze for _r, ps, pe in places) for zs, ze in spans)}
            hit = [h and i not in blocked for i, h in enumerate(hit)]
        runs = align._runs(tokens, hit, text, gap)
        if not runs:
            return []
        where = sum(p[1] for p in places) / len(places) / max(1, len(self.sources[row] or ""))
        size = max(1, len(text))
        runs = sorted(sorted(runs, key=lambda r: (-(r[1] - r[0]), abs(tokens[r[0]][1] / size - where)))[: len(places)])
        pairs = list(zip(runs, places, strict=False))
        if taken is not None:
            for (i, j), (_r, zs, ze) in pairs:
                for k in range(i, j):
                    taken.setdefault(k, []).append((zs, ze))
        return [self._occurrence(row, zs, ze, i, j) for (i, j), (_r, zs, ze) in pairs]


@pytest.mark.parametrize("compounds", [False, True])
def test_the_indexed_alignment_aligns_as_the_word_loop_did(compounds: bool):
    # One system's output of newstest2020 in documents of 20, as term-variant reads it.
    pairs = _pairs(1200)[:400]
    sources = [s for s, _ in pairs]
    targets = [t for _, t in pairs]
    new = align.Aligner(sources, targets, compounds=compounds)
    old = _OldAligner(sources, targets, compounds=compounds)
    aligned = 0
    for lo in range(0, len(pairs), 20):
        got, expected = new.document(lo, lo + 20), old.document(lo, lo + 20)
        assert got == expected
        aligned += sum(len(u.occurrences) for u in got)
    assert aligned > 100


def _targets(limit: int) -> list[str]:
    texts = list(dict.fromkeys(t for _, t in _pairs(limit)))
    # Hostile cases: case twins of ASCII letters, "a a" runs, words inside other words.
    return [*texts, "A a 5", "a and a 7", "a - A", "KELVIN 5 \u212a", "\u017feptember 5", "\u0130n all 5 ent\u0130re",
            "ALL 5", "jan. 5", "MAY 2020 may", "(about 5 dollars)", "1, 000 and 3:30", "Seventeen 5", "10 THOUSANDS",
            "5 Million", "often 7", "Fourteenth 3", "nonetheless 4"]


def test_a_pattern_skipped_by_its_word_test_finds_nothing():
    # read_target runs a case-insensitive pattern only when `low` holds one of its words; where
    # it does not, the pattern must find nothing (or, for the number-word runs, nothing that
    # adds a value).
    from termqa import numbers as n

    checked = 0
    for text in _targets(4000):
        text = text.translate(n._FULL_WIDTH)
        low = text.casefold()
        if any(c in text for c in n._CASE_TWINS):
            continue  # read_target runs every pattern on these
        if not any(w in low for w in n._MONTH_PREFIXES):
            assert n._EN_MONTH.search(text) is None, text
        if not any(w in low for w in n._WHOLE_WORDS):
            assert n._EN_WHOLE.search(text) is None, text
        if not any(w in low for w in n._SCALE_WORDS):
            assert n._EN_SHARED_SCALE.search(text) is None, text
            assert regex.search(r"(?i)\b(thousands|millions|billions|trillions)\b", text) is None, text
        if ":" not in text:
            assert n._EN_TIME.search(text) is None, text
        if not any(w in low for w in n._EN_RUN_WORDS) and n._EN_A_RUN.search(text) is None:
            for m in n._EN_WORD_RUN.finditer(text):
                words = regex.split(r"[\s-]+", m.group(0).strip(" -").casefold())
                assert n._word_value(words) is None and not set(words) & set(n._EN_WORDS), text
        checked += 1
    assert checked > 3000


def test_the_number_words_kept_stand_for_all_of_them():
    from termqa import numbers as n

    every = {*n._EN_WORDS, *n._EN_MULT}
    assert all(any(kept in word for kept in n._EN_RUN_WORDS) for word in every)


def test_a_batch_scanned_in_chunks_matches_as_scanned_whole(monkeypatch):
    # The automata scan a batch a few thousand texts at a time (the matches come back as Python
    # tuples, which whole took 26 MB for 25,000 news segments): the tables must be those of one
    # scan, rows counted across the chunks.
    from termqa import matcher as matching
    from termqa.model import Glossary

    chosen = _pairs(1200)
    sources, targets = [s for s, _ in chosen], [t for _, t in chosen]
    engine_matcher = matching.Matcher(Glossary(tuple(_bundled())))
    whole = engine_matcher.match(sources, targets)
    monkeypatch.setattr(matching, "_SCAN_CHUNK", 7)
    chunked = engine_matcher.match(sources, targets)
    assert whole[0].height > 100 and whole[1].height > 100
    assert whole[0].equals(chunked[0]) and whole[1].equals(chunked[1])
