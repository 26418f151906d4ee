"""The fast paths of term-variant give what the code they replaced gave.

Each test keeps the replaced code (a `regex` pattern over every target, an index built token by
token, a per-candidate pattern, a scan of every glossary form) as the reference and compares on
real sentences: newstest2020's sources and system outputs (../shared, skipped where absent),
cut into documents of 20 as the real-text bench reads them.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict

import pytest
import regex

from termqa import align, lexicon
from termqa.align import Occurrence
from termqa.checks import variants
from tests.realpairs import pairs as _pairs


def _old_target_tokens(text: str) -> list[tuple[str, int, int]]:
    return [(lexicon.stem(m.group()), m.start(), m.end()) for m in align._TOKEN.finditer(text)]


def _old_target_index(tokens: list[tuple[str, int, int]], text: str) -> align._TargetIndex:
    by_stem: dict[str, list[int]] = defaultdict(list)
    by_prefix: dict[str, list[int]] = defaultdict(list)
    by_pinyin: dict[str, list[int]] = defaultdict(list)
    never = set()
    for i, (stem, start, end) in enumerate(tokens):
        by_stem[stem].append(i)
        if not align._DIGIT.search(stem):
            by_prefix[stem[:3]].append(i)
        by_pinyin[stem.replace("-", "").replace("'", "")].append(i)
        month = text[start].isupper() and text[start:end].casefold() in lexicon.MONTHS_DAYS
        if month or (text[end - 2: end] == "ed" and text[start].islower()):
            never.add(i)
    return align._TargetIndex(dict(by_stem), dict(by_prefix), dict(by_pinyin), frozenset(never),
                              align._joined(tokens, text))


class _OldAligner(align.Aligner):
    """The aligner as it was before the per-row caches and set lookups of term-variant's speed work."""

    def tokens(self, row):
        toks = self._tokens.get(row)
        if toks is None:
            toks = self._tokens[row] = _old_target_tokens(self.targets[row])
        return toks

    def _index(self, row):
        index = self._indexes.get(row)
        if index is None:
            index = self._indexes[row] = _old_target_index(self.tokens(row), self.targets[row])
        return index

    def _named(self, row, places):
        source = self.sources[row] or ""
        return frozenset().union(*(align.original_name(source, e) for _r, _s, e in places))

    def _stem_rows(self, lo, hi):
        if self._doc_stems is None or self._doc_stems[0] != (lo, hi):
            counts: Counter[str] = Counter()
            for row in range(lo, hi):
                counts.update({t[0] for t in self.tokens(row)})
            self._doc_stems = ((lo, hi), counts)
        return self._doc_stems[1]

    def _association(self, lo, hi, term, rows, acronyms=False):
        stem_rows = self._stem_rows(lo, hi)
        where: dict[str, set[int]] = defaultdict(set)
        for row in rows:
            text = self.targets[row]
            for word, start, _end in self.tokens(row):
                if word not in align._COMMON and text[start].isupper() and not align._sentence_initial(text, start) and (
                        not acronyms or align._ACRONYM.match(text, start, _end)):
                    where[word].add(row)
        good = {
            word: found for word, found in where.items()
            if len({self.sources[r] for r in found}) >= 2 and len(found) >= align.SUPPORT * len(rows)
            and 2 * len(found) / (len(rows) + stem_rows[word]) >= align.ASSOCIATION
        }
        if not good:
            return frozenset()
        top = max(good, key=lambda w: (len(good[w]), w))
        if acronyms:
            return frozenset({top})
        chosen = {top}
        for word, found in good.items():
            if word != top and (not found & good[top] or all(self._adjacent(row, word, top) for row in found)):
                chosen.add(word)
        return frozenset(chosen)

    def _candidates(self, lo, hi, term, rows, tag, named=frozenset()):
        pinyin = align._pinyin_forms(term, tag in align.PERSON_TAGS) if tag in align.NAME_TAGS else frozenset()
        stems = lexicon.glosses(term)
        if not stems and tag in align.NAME_TAGS and any(
                t[0].replace("-", "") in pinyin for row in rows for t in self.tokens(row)):
            return stems, pinyin
        if (not stems or tag[:1] == "c") and len(term) > 2:
            parts = align._word_glosses(term)
            glossed = [g for g in parts if g]
            if len(parts) > 1 and len(glossed) >= max(2, len(parts) - 1):
                stems = stems.union(*glossed)
        if not stems and not named and tag not in align.NAME_TAGS:
            head = self._head(term)
            found = sum(1 for row in rows if any(t[0] in head for t in self.tokens(row)))
            if found < align.SUPPORT * len(rows):
                stems = self._association(lo, hi, term, rows, acronyms=True)
                if stems:
                    self._unheaded.add((lo, term))
            stems = stems or head
        stems = stems or named or self._association(lo, hi, term, rows)
        return stems, pinyin

    def _align(self, row, places, stems, pinyin, gap=False, taken=None, loose=True):
        tokens = self.tokens(row)
        text = self.targets[row]
        index = self._index(row)
        hits: set[int] = set()
        by_stem = index.by_stem
        for s in stems:
            if s in by_stem:
                hits.update(by_stem[s])
        for prefix, kin_ in align._prefixes(stems).items():
            for i in index.by_prefix.get(prefix, ()):
                stem = tokens[i][0]
                if i not in hits and any(len(stem) > len(s) and align._derived(stem, s, loose) for s in kin_):
                    hits.add(i)
        for p in pinyin:
            if p in index.by_pinyin:
                hits.update(index.by_pinyin[p])
        hits -= index.never
        if hits and taken:
            hits -= {i for zs, ze, idx in taken
                     if not any(zs < pe and ps < ze for _r, ps, pe in places) for i in idx}
        if not hits:
            return []
        hit = [i in hits for i in range(len(tokens))]
        runs = align._runs(tokens, hit, text, gap, index.joined)
        if not runs:
            return []
        where = sum(p[1] for p in places) / len(places) / max(1, len(self.sources[row] or ""))
        size = max(1, len(text))
        runs = sorted(sorted(runs, key=lambda r: (-(r[1] - r[0]), abs(tokens[r[0]][1] / size - where)))[: len(places)])
        pairs = list(zip(runs, places, strict=False))
        if taken is not None:
            taken.extend((zs, ze, set(range(i, j))) for (i, j), (_r, zs, ze) in pairs)
        return [self._occurrence(row, zs, ze, i, j) for (i, j), (_r, zs, ze) in pairs]

    def _occurrence(self, row, zs, ze, i, j):
        tokens = self.tokens(row)
        start, end = tokens[i][1], tokens[j - 1][2]
        text = self.targets[row]
        key = tuple(lexicon.stem(part) if "-" in t[0] else t[0]
                    for t in tokens[i:j] if t[0] not in align._LINKS
                    for n, part in enumerate(text[t[1]:t[2]].split("-") if "-" in t[0] else (t[0],))
                    if part and not (n and part.endswith("ed")))
        return Occurrence(row, zs, ze, start, end, text[start:end], key, align._sentence_initial(text, start))

    def _similar(self, first, places, person=False, taken=()):
        if not first.text[:1].isupper():
            return []
        words = align._POSSESSIVE_END.sub("", first.text).casefold().split()
        width = max(1, len(first.key))
        refs = [(" ".join(words), range(1, 3) if width == 1 else (width,))]
        if person:
            refs += [(" ".join(words[-k:]), range(1, k + 1)) for k in range(1, len(words))
                     if len(" ".join(words[-k:])) >= 4]
        matchers = [(difflib.SequenceMatcher(None, "", ref, autojunk=False), ref, sizes) for ref, sizes in refs]
        out = []
        seen: set[int] = set()
        for row, zs, ze in places:
            if row in seen:
                continue
            seen.add(row)
            tokens = self.tokens(row)
            text = self.targets[row]
            best = None
            for matcher, ref, sizes in matchers:
                for n in sizes:
                    for i in range(len(tokens) - n + 1):
                        start, end = tokens[i][1], tokens[i + n - 1][2]
                        cand = align._POSSESSIVE_END.sub("", text[start:end])
                        if any(r == row and s < end and start < e for r, s, e in taken):
                            continue
                        if any(t[0] in align._COMMON for t in tokens[i:i + n]):
                            continue
                        if not cand[:1].isupper() or 2 * min(len(cand), len(ref)) < align.SIMILARITY * (len(cand) + len(ref)):
                            continue
                        matcher.set_seq1(cand.casefold())
                        if matcher.quick_ratio() < align.SIMILARITY:
                            continue
                        ratio = matcher.ratio()
                        if ratio >= align.SIMILARITY and (best is None or ratio > best[0]):
                            best = (ratio, i, i + n)
            if best is not None:
                out.append(self._occurrence(row, zs, ze, best[1], best[2]))
        return out


def _old_in_source(occ: Occurrence, sources) -> bool:
    last = occ.text.split()[-1] if occ.text.split() else ""
    return bool(sources) and len(last) > 1 and not occ.text.islower() and regex.search(
        rf"(?<!\p{{L}}){regex.escape(last)}(?!\p{{L}})", sources[occ.row] or "") is not None


def _documents(limit: int) -> tuple[list[str], list[str]]:
    pairs = _pairs(limit)
    return [s for s, _ in pairs], [t for _, t in pairs]


def test_ascii_targets_are_cut_into_the_words_the_pattern_cut():
    _, targets = _documents(3000)
    # Hostile cases: dots, hyphens and apostrophes inside and around words, digits, a curly
    # apostrophe and letters outside ASCII (the `regex` path).
    targets += ["U.S.-China talks", "the 1990s' end", "'quoted' -dash- .dot.", "A.B. c-d e'f 5.5%",
                "rock ’n’ roll", "Café de Flore", "x--y ..z.. 'a'", "", "-", "A"]
    for text in targets:
        assert align.target_tokens(text) == _old_target_tokens(text), text


def test_a_target_is_indexed_as_token_by_token():
    _, targets = _documents(3000)
    targets += ["In May 2020 he said in may", "Co-operated 1st-class re'ed ed Ed", "March 3 march-ed"]
    for text in targets:
        tokens = align.target_tokens(text)
        new, old = align._target_index(tokens, text), _old_target_index(tokens, text)
        assert new.by_stem == old.by_stem, text
        assert new.never == old.never and new.joined == old.joined, text
        # _align reads the prefix and pinyin lists as sets of tokens.
        for got, expected in ((new.by_prefix, old.by_prefix), (new.by_pinyin, old.by_pinyin)):
            assert {k: sorted(v) for k, v in got.items()} == {k: sorted(v) for k, v in expected.items()}, text


def test_documents_are_aligned_as_before():
    # Every alignment path (dictionary, pinyin, association, head senses, respellings): the whole
    # TermUse of every term of every document, occurrences with their keys and offsets.
    sources, targets = _documents(2400)
    new = align.Aligner(sources, targets, compounds=True)
    old = _OldAligner(sources, targets, compounds=True)
    aligned = 0
    for lo in range(0, len(sources), 20):
        hi = min(lo + 20, len(sources))
        got, expected = new.document(lo, hi), old.document(lo, hi)
        assert got == expected, lo
        aligned += sum(len(u.occurrences) for u in got)
    assert aligned > 1000


def test_an_occurrence_key_is_the_split_one():
    # Every span of up to four words, hyphenated words and "-ed" parts included.
    _, targets = _documents(1500)
    targets += ["Mainland-related high-quality first-prize", "state-owned well-known co-ed", "A-B-C d-ed-e"]
    new = align.Aligner([None] * len(targets), targets)
    old = _OldAligner([None] * len(targets), targets)
    for row in range(len(targets)):
        n = len(new.tokens(row))
        for i in range(n):
            for j in range(i + 1, min(n, i + 4) + 1):
                assert new._occurrence(row, 0, 1, i, j) == old._occurrence(row, 0, 1, i, j)


def test_the_source_is_searched_for_a_name_as_the_pattern_searched():
    sources, targets = _documents(2400)
    aligner = align.Aligner(sources, targets, compounds=True)
    checked = 0
    for lo in range(0, len(sources), 20):
        for use in aligner.document(lo, min(lo + 20, len(sources))):
            for occ in use.occurrences:
                assert variants._in_source(occ, sources) == _old_in_source(occ, sources), occ
                checked += 1
    # Sources that give a Latin name: the search must still find it.
    names = ["荷兰合作银行（Rabobank）表示", "公平工作委员会（Fair Work Commission）", "Rabobanks并非"]
    occ = Occurrence(0, 0, 1, 0, 8, "Rabobank", ("rabobank",))
    for source in names:
        assert variants._in_source(occ, [source]) == _old_in_source(occ, [source])
    assert variants._in_source(occ, [names[0]]) and not variants._in_source(occ, [names[2]])
    assert checked > 1000


@pytest.mark.parametrize("term", ["委员会", "银行", "国有企业", "合作", "中国", "澳门大学"])
def test_a_glossary_form_is_found_by_one_search(term):
    # TermVariant.run looks a term up in the forms joined; the loop over the forms was the reference.
    forms = {"公平工作委员会", "荷兰合作银行", "国有", "中国人民银行", "澳门"}
    assert (term in "\n".join(forms)) == any(term in form for form in forms)
