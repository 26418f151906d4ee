"""The fast paths of term-variant give what the code they replaced gave.

Each test keeps the replaced code (a `regex` pattern over every target, an index built token by
token, a per-candidate pattern, a scan of every glossary form, jieba's own HMM, runs found by a
walk over every token, a document aligned term by term with nothing remembered) as the
reference and compares on real sentences: newstest2020's sources and system outputs (../shared,
skipped where absent), cut into documents of 20 as the real-text bench reads them.
"""

from __future__ import annotations

import difflib
import itertools
import random
import sys
from collections import Counter, defaultdict
from typing import NamedTuple

import pytest
import regex

from termqa import align, lexicon, postag
from termqa.align import Occurrence
from termqa.checks import variants
from termqa.checks.base import Batch
from termqa.matcher import Matcher
from termqa.model import Glossary, GlossaryEntry, Segment
from tests.realpairs import bundled, mqm_rows
from tests.realpairs import pairs as _pairs


def _old_target_tokens(text: str) -> list[tuple[str, int, int]]:
    return [(lexicon.stem(m.group()), m.start(), m.end()) for m in align._TOKEN.finditer(text)]


class _OldIndex(NamedTuple):
    by_stem: dict[str, list[int]]
    by_prefix: dict[str, list[int]]
    by_pinyin: dict[str, list[int]]
    never: frozenset[int]
    joined: list[bool]


def _old_target_index(tokens: list[tuple[str, int, int]], text: str) -> _OldIndex:
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
    return _OldIndex(dict(by_stem), dict(by_prefix), dict(by_pinyin), frozenset(never), align._joined(tokens, text))


def _old_runs(tokens, hit, text, gap=False, joined=None):
    runs = []
    n = len(tokens)
    if joined is None:
        joined = align._joined(tokens, text)
    i = 0
    while i < n:
        if not hit[i]:
            i += 1
            continue
        j = i + 1
        while j < n and joined[j - 1]:
            if hit[j]:
                j += 1
            elif j + 1 < n and hit[j + 1] and joined[j] and (gap or tokens[j][0] in align._LINKS):
                j += 2
            else:
                break
        runs.extend(align._split_repeats(tokens, i, j))
        i = j
    return runs


def _old_sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:\"“”'‘"


class _OldAligner(align.Aligner):
    """The aligner as it was before the per-row caches and set lookups of term-variant's speed work,
    and before a document's terms were given what their rows give (association, names in
    brackets) once."""

    def document(self, lo, hi, min_count=2):
        self._indexes = {}
        where = defaultdict(list)
        votes = defaultdict(Counter)
        for row in range(lo, hi):
            for word, s, e, tag in self.words[row]:
                where[word].append((row, s, e))
                votes[word][tag] += 1
        tags = {word: max(sorted(counts), key=counts.__getitem__) for word, counts in votes.items()}
        uses = []
        taken = defaultdict(list)
        for term, places in sorted(where.items(), key=lambda item: (-len(item[0]), item[0])):
            rows = sorted({p[0] for p in places})
            if len(rows) < min_count:
                continue
            by_row = defaultdict(list)
            for place in places:
                by_row[place[0]].append(place)
            names = {row: self._named(row, by_row[row]) for row in rows}
            stems, pinyin = self._candidates(lo, hi, term, rows, tags[term], frozenset().union(*names.values()))
            if not stems and not pinyin:
                continue
            glossed = [g for g in align._word_glosses(term) if g]
            known = term in align._registered and not lexicon.glosses(term) and len(glossed) >= 2
            compound = tags[term][:1] == "c" or known
            parts = glossed if compound else []
            required = parts[-1:] if known else parts
            own = stems.union(*parts)
            occurrences, missed, partial = [], [], []
            for row in rows:
                named = names[row]
                found = self._align_row(row, by_row[row], stems | named if named else stems, pinyin, compound, taken[row])
                headed = [self._head_word(o, parts, term, own) for o in found] if known else []
                found = [o for o in found if all(set(o.key) & part for part in required) or set(o.key) & named]
                found += [o for o in headed if o not in found and o is not None]
                occurrences.extend(found)
                if not found:
                    missed.extend(by_row[row])
                elif len(found) < len(by_row[row]):
                    partial.append(by_row[row][len(found)])
            if occurrences and missed:
                found, missed = self._by_head(lo, term, tags[term], stems, required, by_row, missed, taken)
                occurrences.extend(found)
                occurrences.extend(self._similar(occurrences[0], missed, tags[term] in align.PERSON_TAGS))
                occurrences.sort(key=lambda o: (o.row, o.start))
            if occurrences and partial:
                spans = [(o.row, o.start, o.end) for o in occurrences]
                occurrences.extend(self._similar(occurrences[0], partial, tags[term] in align.PERSON_TAGS, spans))
                occurrences.sort(key=lambda o: (o.row, o.start))
            if parts or self.borrowed_apart:
                occurrences = self._own(term, occurrences, own)
            uses.append(align.TermUse(term, tags[term], tuple(rows), tuple(occurrences)))
        return uses

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
                if word not in align._COMMON and text[start].isupper() and not _old_sentence_initial(text, start) and (
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

    def _align(self, rows, by_row, stems, pinyin, gap, taken, loose=True, names=None):
        # The aligner's one call for a term's rows (its _by_head makes it), made row by row.
        return [self._align_row(row, by_row[row], stems | names[row] if names and names.get(row) else stems,
                                pinyin, gap, taken[row], loose) for row in rows]

    def _align_row(self, row, places, stems, pinyin, gap=False, taken=None, loose=True):
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
        runs = _old_runs(tokens, hit, text, gap, index.joined)
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
        return Occurrence(row, zs, ze, start, end, text[start:end], key, _old_sentence_initial(text, start))

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
    targets += ["Xi-Jinping xi'jinping XIJINPING Xijinping xi-jin'ping", "Mayed MAY may's Monday-ed ed-ed"]
    for text in targets:
        tokens = align.target_tokens(text)
        new, old = align._target_index(tokens, text), _old_target_index(tokens, text)
        assert new.by_stem == old.by_stem, text
        assert new.never == old.never and new.joined == old.joined, text
        # _align reads the prefix lists as the tokens of their stems, and the pinyin lookups as
        # sets; a stem of three letters or fewer derives from nothing with its prefix (a
        # derivative is longer than its stem) and is left out.
        long_ = {k: [i for i in v if len(tokens[i][0]) > 3] for k, v in old.by_prefix.items()}
        by_prefix = align._by_prefix(new.by_stem)  # (a document's table, of one sentence here)
        assert {k: sorted(i for s in v for i in new.by_stem[s]) for k, v in by_prefix.items()} == {
            k: sorted(v) for k, v in long_.items() if v}, text
        for form in [*old.by_pinyin, *old.by_stem, "nowhere"]:  # stems with hyphens too: no form has one
            assert sorted(new.pinyin(form)) == sorted(old.by_pinyin.get(form, ())), (text, form)


@pytest.mark.parametrize("glossary", [False, True])
def test_documents_are_aligned_as_before(glossary: bool):
    # Every alignment path (dictionary, pinyin, association, head senses, respellings, and with
    # the bundled glossary's terms made words, the compounds it knows): the whole TermUse of every
    # term of every document, occurrences with their keys and offsets, for check and extract.
    from termqa import zhwords

    if glossary:
        align.register_terms(tuple(bundled()))
    try:
        sources, targets = _documents(2400)
        aligned = known = 0
        for borrowed_apart in (False, True):
            new = align.Aligner(sources, targets, compounds=True, borrowed_apart=borrowed_apart)
            old = _OldAligner(sources, targets, compounds=True, borrowed_apart=borrowed_apart)
            for lo in range(0, len(sources), 20):
                hi = min(lo + 20, len(sources))
                got, expected = new.document(lo, hi), old.document(lo, hi)
                assert got == expected, lo
                aligned += sum(len(u.occurrences) for u in got)
                known += sum(1 for u in got if u.term in align._registered)
        assert aligned > 1000 and (known > 100 or not glossary)
    finally:
        zhwords.forget_words()


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


def test_the_hmm_tags_what_jieba_lacks_as_jieba_does(monkeypatch):
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    from termqa.cache import jieba_tokenizer

    viterbi = sys.modules["jieba.posseg.viterbi"].viterbi
    tagger = jieba_tokenizer(pos=True)  # jieba's own, HMM included
    sources = list(dict.fromkeys(align.to_simplified(r["source"]) for r in mqm_rows()))[:1000]
    # Names and runs of rare characters, a character jieba's HMM has no states for, a lone one.
    sources += ["乌兰察布与勒梅尔、菲奥拉蒙蒂会谈", "龘靐齉爩", "𠀀", "鿕鿖", "的", "A股和B股", ""]
    runs = []
    route = postag._hmm_route
    monkeypatch.setattr(postag, "_hmm_route", lambda obs: (runs.append(obs), route(obs))[1])
    for text in sources:
        assert postag.cut(text) == [(p.word, p.flag) for p in tagger.cut(text)], text
    monkeypatch.undo()
    # The runs the HMM was given, and random ones (remembered and not): the path and its probability.
    rng = random.Random(7)
    chars = sorted(char_state_tab_P)
    runs += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 9))) for _ in range(1000)]
    runs += ["龘靐", "靐" * 5, "\U00020000\u4e00"]
    for obs in runs:
        expected = viterbi(obs, char_state_tab_P, start_P, trans_P, emit_P)
        assert postag._hmm_route(obs) == route.__wrapped__(obs) == (expected[0], tuple(expected[1])), obs
    assert len(sources) > 1000 and len(runs) > 2000


def test_runs_are_found_from_hit_to_hit_as_by_the_walk_over_every_token():
    _, targets = _documents(1500)
    targets += ["University of Macau and the University of Hong Kong", "a, b. c d of e f of of g"]
    rng = random.Random(3)
    checked = 0
    for text in targets:
        tokens = align.target_tokens(text)
        joined = align._joined(tokens, text)
        for _ in range(6):
            hits = {i for i in range(len(tokens)) if rng.random() < rng.choice((0.1, 0.3, 0.6))}
            hit = [i in hits for i in range(len(tokens))]
            for gap in (False, True):
                expected = _old_runs(tokens, hit, text, gap, joined)
                assert align._hit_runs(tokens, hits, joined, gap) == expected, (text, hits, gap)
                assert align._runs(tokens, hit, text, gap) == expected, (text, hits, gap)
                checked += bool(expected)
    assert checked > 1000


def test_a_word_opens_a_sentence_as_the_text_before_it_stripped_says():
    _, targets = _documents(1500)
    targets += ["Hi.  Two spaces", "Tab\tafter\t\ttabs", " lead", "x\u3000y\u00a0z", "\"Quoted\" “Curly” ‘one’",
                "end: Next", "a ! b", "", "  ", "\n\nNew"]
    checked = 0
    for text in targets:
        starts = {t[1] for t in align.target_tokens(text)} | set(range(min(len(text) + 1, 4)))
        for start in starts:
            assert align._sentence_initial(text, start) == _old_sentence_initial(text, start), (text, start)
            checked += 1
    assert checked > 10_000


def test_a_term_is_given_what_its_rows_give_once_as_when_worked_out_for_it():
    # _association is remembered per document by rows: every term of the same segments (each
    # noun of a sentence the document repeats) is given what the first was given.
    sources, targets = _documents(2400)
    new = align.Aligner(sources, targets, compounds=True)
    old = _OldAligner(sources, targets, compounds=True)
    shared = 0
    for lo in range(0, len(sources), 20):
        hi = min(lo + 20, len(sources))
        new.document(lo, hi)  # the document's memo, as the terms left it
        old.document(lo, hi)
        rows_of = defaultdict(set)
        for row in range(lo, hi):
            for word, *_ in new.words[row]:
                rows_of[word].add(row)
        seen = Counter()
        for term, rows in sorted(rows_of.items()):
            rows = sorted(rows)
            for acronyms in (False, True):
                assert new._association(lo, hi, term, rows, acronyms) == old._association(lo, hi, term, rows, acronyms)
            seen[tuple(rows)] += 1
        shared += sum(n - 1 for n in seen.values())
    assert shared > 1000


def test_a_glossary_registered_again_is_not_read_again(monkeypatch):
    from termqa import zhwords

    entries = (GlossaryEntry("t", ("鑫淼垚术语",), "test term"),)
    read = []
    simplified = align.to_simplified
    monkeypatch.setattr(align, "to_simplified", lambda text: (read.append(text), simplified(text))[1])
    try:
        align.register_terms(entries)
        assert read == ["鑫淼垚术语"] and "鑫淼垚术语" in align._registered
        align.register_terms(entries)  # the same tuple: every form is in already
        assert read == ["鑫淼垚术语"]
        align.register_terms(list(entries))  # not a tuple: read again, and nothing added
        assert read == ["鑫淼垚术语"] * 2
        zhwords.forget_words()
        assert "鑫淼垚术语" not in align._registered
        align.register_terms(entries)  # forgotten: registered again
        assert read == ["鑫淼垚术语"] * 3 and "鑫淼垚术语" in align._registered
    finally:
        zhwords.forget_words()


def _old_beside(text, occ, words):
    lacking = {w for w in words if not any(variants._kin(w, k) for k in occ.key)}
    tokens = align.target_tokens(text)
    at = [n for n, t in enumerate(tokens) if occ.start <= t[1] < occ.end]
    if not at or not lacking:
        return False
    near = {lexicon.stem(p) for t in tokens[max(0, at[0] - variants.NEAR): at[-1] + variants.NEAR + 1]
            for p in text[t[1]:t[2]].split("-") if p}
    return all(any(variants._kin(w, n) for n in near) for w in lacking)


def _old_reference_beside(batch, use, occ, reference):
    if sum(1 for o in use.occurrences if o.row == occ.row) > 1 or (batch.sources[occ.row] or "").count(use.term) > 1:
        return False
    text = batch.targets[occ.row]
    for wording in {o.text for o in reference.occurrences}:
        for m in regex.finditer(rf"(?<!\p{{L}}){regex.escape(wording)}(?!\p{{L}})", text, regex.IGNORECASE):
            if m.end() <= occ.start or m.start() >= occ.end:
                return True
    return False


def _old_use(check, batch, use):
    renderings = [variants.Rendering(tuple(g)) for g in variants.merged(align.clusters(use.occurrences))]
    if len(renderings) < 2:
        return
    reference = variants.reference_rendering(use.term, renderings, batch.sources)
    stems = align.term_stems(use.term, use.tag)
    if reference.lower and not align.explains(stems, reference.shown.key):
        return
    common = align.everyday(use.term) and any(o.lower for o in reference.occurrences)
    shown = reference.shown
    summary = ", ".join(f'"{r.shown.text}" x{len(r.occurrences)}' for r in renderings)
    others = len(reference.occurrences)
    related = batch.references((o.row, o.start, o.end) for o in reference.occurrences)
    for rendering in renderings:
        if rendering is reference or not variants.departs(rendering, reference, stems, batch.sources, batch.targets):
            continue
        if all(_old_beside(batch.targets[o.row], o, rendering.words) for o in reference.occurrences):
            continue
        for occ in rendering.occurrences:
            if (common and occ.lower) or _old_beside(batch.targets[occ.row], occ, reference.words):
                continue
            if _old_reference_beside(batch, use, occ, reference):
                continue
            yield batch.finding(
                check.id, occ.row, variants.Side.TARGET, occ.start, occ.end,
                f'{use.term} is rendered "{occ.text}" here but "{shown.text}" in {others} '
                f'{"place" if others == 1 else "places"} of the document ({summary})',
                [align.suggestion_for(shown.text, occ.text)],
                related=related,
            )


def test_a_term_of_a_document_is_judged_as_before():
    # term-variant's judgement of every aligned term (the summary and the places written out
    # only for a finding, the aligner's tokens, a reference spelt in ASCII looked for only where
    # the text has it), and the two tests it makes, for every occurrence against every rendering.
    pairs = _pairs(2400)
    segments = [Segment("t.tsv", n + 2, str(n + 1), f"d{n // 20}", s, t) for n, (s, t) in enumerate(pairs)]
    docs = [(lo, min(lo + 20, len(segments))) for lo in range(0, len(segments), 20)]
    batch = Batch(segments, docs, Matcher(Glossary(())))
    aligner = align.Aligner(batch.sources, batch.targets, compounds=True)
    check = variants.TermVariant()
    found = tested = 0
    for lo, hi in docs:
        for use in aligner.document(lo, hi):
            expected = list(_old_use(check, batch, use))
            assert list(check._use(batch, use, aligner.tokens)) == expected, use.term
            assert list(check._use(batch, use, aligner.tokens, aligner.groups)) == expected, use.term
            assert list(check._use(batch, use)) == expected, use.term
            found += len(expected)
            renderings = [variants.Rendering(tuple(g)) for g in variants.merged(align.clusters(use.occurrences))]
            for reference in renderings[:3]:
                for occ in use.occurrences:
                    text = batch.targets[occ.row]
                    assert variants._reference_beside(batch, use, occ, reference) == _old_reference_beside(
                        batch, use, occ, reference), (use.term, occ)
                    assert variants._beside(text, occ, reference.words, aligner.tokens(occ.row)) == _old_beside(
                        text, occ, reference.words), (use.term, occ)
                    tested += 1
    assert found > 50 and tested > 10_000


def _old_clusters(occurrences):
    out, wordings = [], []
    for occ in occurrences:
        wording = (occ.text, occ.key)
        for group, seen in zip(out, wordings, strict=True):
            if wording in seen or any(align.same_rendering(occ, other) for other in seen.values()):
                group.append(occ)
                seen.setdefault(wording, occ)
                break
        else:
            out.append([occ])
            wordings.append({wording: occ})
    return out


def test_occurrences_are_grouped_as_when_every_one_was_compared_with_every_group():
    # A wording seen again is compared only with the wordings a group took since: the groups of
    # every term of every document, in document order and shuffled (groups grow between repeats).
    sources, targets = _documents(2400)
    aligner = align.Aligner(sources, targets, compounds=True)
    rng = random.Random(5)
    grouped = 0
    for lo in range(0, len(sources), 20):
        for use in aligner.document(lo, min(lo + 20, len(sources))):
            occurrences = list(use.occurrences)
            for _ in range(3):
                assert align.clusters(occurrences) == _old_clusters(occurrences), use.term
                rng.shuffle(occurrences)
            grouped += len(_old_clusters(occurrences)) > 1
    # Wordings that join a group only through one it took later: "WHO" after "World Health
    # Organization" came, between two of its own occurrences.
    who = Occurrence(0, 0, 2, 0, 3, "WHO", ("who",))
    occurrences = [Occurrence(0, 0, 2, 0, 5, "Agency", ("agenc",)), who,
                   Occurrence(1, 0, 2, 0, 26, "World Health Organization", ("world", "health", "organ")), who,
                   Occurrence(2, 0, 2, 0, 6, "Agency", ("agenc",)), who]
    assert align.clusters(occurrences) == _old_clusters(occurrences)
    assert grouped > 200


def test_a_term_s_stems_are_remembered_until_the_segmenter_changes():
    from termqa import zhwords

    sources, _ = _documents(2400)
    terms = sorted({(w, tag) for s in sources for w, _s, _e, tag in align.source_words(s, True)})
    glossary = tuple(bundled())
    try:
        for _ in range(2):  # the glossary's terms made words, then taken back
            for term, tag in terms + [(align.to_simplified(f), "n") for e in glossary for f in e.sources]:
                assert align.term_stems(term, tag) == align.term_stems.__wrapped__(term, tag), term
            if align._registered:
                zhwords.forget_words()
            else:
                align.register_terms(glossary)
        # 一个中国政策 cut as words of its own is "one China policy"; made one word, the
        # dictionary has none of its words.
        assert "china" in align.term_stems("一个中国政策", "n")
    finally:
        zhwords.forget_words()
    assert len(terms) > 1000


def test_a_term_takes_the_tag_most_of_its_occurrences_carry_as_before():
    # The documents (of 20 pairs) where a word is tagged two ways and the count decides which
    # (越盾 a name 10 times, a noun 47), aligned whole.
    pairs = _pairs(20000)
    sources, targets = [s for s, _ in pairs], [t for _, t in pairs]
    decided = []
    for lo in range(0, len(pairs), 20):
        votes = defaultdict(Counter)
        for source in sources[lo:lo + 20]:
            for word, _s, _e, tag in align.source_words(source, True):
                votes[word][tag] += 1
        if any(max(sorted(c), key=c.__getitem__) != min(c) for c in votes.values()):
            decided.append(lo)
    new = align.Aligner(sources, targets, compounds=True)
    old = _OldAligner(sources, targets, compounds=True)
    for lo in decided:
        hi = min(lo + 20, len(sources))
        assert new.document(lo, hi) == old.document(lo, hi), lo
    assert len(decided) >= 3


def _old_shown(rendering):
    counts = defaultdict(int)
    for o in rendering.occurrences:
        counts[o.text] += 1
    text = max(counts, key=lambda t: (counts[t], -[o.text for o in rendering.occurrences].index(t)))
    return next(o for o in rendering.occurrences if o.text == text)


def _term_uses(pairs: int):
    """Every term aligned in the documents (20 pairs each) of the first real pairs, with the
    aligner that aligned it."""
    sources, targets = _documents(pairs)
    aligner = align.Aligner(sources, targets, compounds=True)
    for lo in range(0, len(sources), 20):
        for use in aligner.document(lo, min(lo + 20, len(sources))):
            yield aligner, use


def test_a_rendering_shows_the_wording_it_showed_and_is_grouped_once():
    # Rendering.shown (counted in one pass), and a use's clusters taken from `_own` (compounds)
    # where it dropped nothing: the clusters of the use's occurrences, for every term aligned.
    tied = reused = 0
    for aligner, use in _term_uses(2400):
        groups = aligner.groups(use)
        assert groups == align.clusters(use.occurrences), use.term
        reused += id(use) in aligner._groups
        for group in groups:
            rendering = variants.Rendering(tuple(group))
            assert rendering.shown is _old_shown(rendering), use.term
            counts = Counter(o.text for o in group).most_common()
            tied += len(counts) > 1 and counts[0][1] == counts[1][1]
    # Occurrences shuffled: the first of the wordings used most, whichever it is.
    rng = random.Random(5)
    for _ in range(300):
        occs = [Occurrence(0, 0, 1, 0, 1, rng.choice("abc"), ("k",)) for _ in range(rng.randint(1, 6))]
        rendering = variants.Rendering(tuple(occs))
        assert rendering.shown is _old_shown(rendering)
    assert tied > 20 and reused > 1000


def test_respellings_are_scored_once_per_reference_and_candidate():
    # _similar scores a candidate once for each reference (a person's whole name and its last
    # words): names made of a few syllables, so that one candidate is close to one reference and
    # not to another, and the same candidates stand in several rows.
    # "Lemaire" is closer to "le maire" than to "maire", and "Maires" is between: scored once
    # for both references, the row would show "Maires".
    cases = [("Bruno Le Maire", ["Lemaire met Maires", "Maires and Lemaire"])]
    rng = random.Random(7)
    syllables = ["Le", "Mai", "Maire", "Maires", "Lem", "Bru", "Bruno", "Mar", "Marie", "Ire", "Lemaire", "Brunot"]
    for _ in range(300):
        name = " ".join(rng.choice(syllables) for _ in range(rng.randint(1, 3)))
        cases.append((name, [" ".join(rng.choice(syllables) for _ in range(rng.randint(2, 8))) for _ in range(5)]))
    compared = respelt = 0
    for name, rows in cases:
        targets = [f"{name} said", *rows]
        sources = ["勒梅尔说"] * len(targets)
        new, old = align.Aligner(sources, targets), _OldAligner(sources, targets)
        first = new._occurrence(0, 0, 3, 0, len(name.split()))
        places = [(row, 0, 3) for row in range(1, len(targets))]
        taken = [(row, 0, 3) for row in range(1, len(targets), 2)]
        for person in (False, True):
            for spans in ((), taken):
                got = new._similar(first, places, person, spans)
                assert got == old._similar(first, places, person, spans), (name, targets)
                compared += 1
                respelt += len(got)
    assert compared == 4 * len(cases) and respelt > 1000


def test_a_name_is_romanised_where_a_word_without_its_hyphens_is_a_pinyin_form():
    # _romanised looks among the stems with a hyphen only where the sentence has one (spelt).
    targets = ["Wang-Yi met Moon", "Wang Yi met Moon", "Wangyi met Moon", "They met in Xi'an",
               "A well-known wang-yi fan", "Nobody met"]
    aligner = align.Aligner([None] * len(targets), targets)
    forms = frozenset({"wangyi", "xian"})
    found = [aligner._romanised(row, forms) for row in range(len(targets))]
    # "Wang Yi" is two words, neither a form; "Xi'an" keeps its apostrophe, as before.
    assert found == [True, False, True, False, True, False]


def _old_source_words(text: str) -> tuple:
    words = align.all_words(text)
    out = [w for w in words if w[3] in align.NOUN_TAGS and len(w[0]) >= 2 and align._HAN.match(w[0])]
    for i in range(len(words)):
        if words[i][3] not in align._COMPOUND_TAGS:
            continue
        for j in range(i + 2, min(i + 4, len(words) + 1)):
            run = words[i:j]
            if any(w[3] not in align._COMPOUND_TAGS | align._INNER_TAGS or not align._HAN.match(w[0]) for w in run):
                break
            if sum(w[3] in align._INNER_TAGS for w in run) > 1:
                break
            if any(run[k][2] != run[k + 1][1] for k in range(len(run) - 1)):
                break
            if run[-1][3] in align._COMPOUND_TAGS or (run[-1][3] == "v" and lexicon.nominal(run[-1][0])):
                out.append(("".join(w[0] for w in run), run[0][1], run[-1][2], "c" + run[-1][3]))
    out.sort(key=lambda w: (w[1], -w[2]))
    return tuple(out)


def test_a_source_s_compounds_are_the_runs_they_were():
    # Runs of nouns with a word that may not stand in one (a verb twice, Latin letters, digits)
    # and real news sources, the compounds of each as the run-by-run test found them.
    sources, _ = _documents(3000)
    sources += ["A股市场投资组合管理", "5G网络建设投资环境", "金融机构投资物业组合", "香港金管局宣布", "投资组合", ""]
    compared = 0
    for source in dict.fromkeys(s for s in sources if s):
        new = align.source_words(source, True)
        assert new == _old_source_words(source), source
        compared += any(w[3].startswith("c") for w in new)
    assert compared > 200


def _old_respelt(a, b) -> bool:
    def forms(r):
        out = set()
        for o in r.occurrences:
            words = o.text.casefold().removesuffix("'s").removesuffix("’s").split()
            out.update(" ".join(words[-k:]) for k in range(1, len(words) + 1) if k == len(words) or o.text[:1].isupper())
        return {f for f in out if len(f) >= 4}

    return any(difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() >= variants.RESPELLING
               and not (variants.common_word(x) and variants.common_word(y))
               for x in forms(a) for y in forms(b))


def test_renderings_are_respellings_as_when_every_pair_was_compared_in_full():
    # Every pair of renderings of every recurring term of real documents, both ways round.
    pairs = respelt = 0
    for _aligner, use in _term_uses(4000):
        renderings = [variants.Rendering(tuple(g)) for g in align.clusters(use.occurrences)]
        for a, b in itertools.permutations(renderings, 2):
            expected = _old_respelt(a, b)
            assert variants._respelt(a, b) == expected, (use.term, a.shown.text, b.shown.text)
            pairs += 1
            respelt += expected
    assert pairs > 1000 and respelt > 50


def test_a_respelling_is_compared_without_its_possessive():
    # "Macau's" is "Macau" respelt from "Macao" (0.8 alike); with its "'s", 0.67, too far. A
    # name of two words, each compared whole, and one after a function word, which is none.
    targets = ["Macao reopened its casinos.", "Macau's casinos reopened on Monday.", "Officials in Macau’s port.",
               "The Macaw said so.", "In Macau casinos"]
    aligner = align.Aligner([None] * len(targets), targets)
    first = align.Occurrence(0, 0, 2, 0, 5, "Macao", ("macao",), True)
    found = aligner._similar(first, [(row, 0, 2) for row in range(1, len(targets))])
    assert [(o.row, o.text) for o in found] == [(1, "Macau's"), (2, "Macau’s"), (3, "Macaw"), (4, "Macau")]


def test_the_stems_of_target_words_are_kept_up_to_a_bound(monkeypatch):
    monkeypatch.setattr(align, "STEM_CACHE_SIZE", 3)
    monkeypatch.setattr(align, "_STEMS", align._StemCache())
    assert [t[0] for t in align.target_tokens("Governments governed Korea's governors")] == [
        lexicon.stem(w) for w in ("Governments", "governed", "Korea's", "governors")]
    # Four words asked, three kept at most: the fourth found it full and emptied it first.
    assert list(align._STEMS) == ["governors"]
    assert [t[0] for t in align.target_tokens("governed Governments")] == ["govern", "govern"]
    assert len(align._STEMS) == 3
