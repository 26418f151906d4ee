"""Provides `term-variant`: a recurring source term rendered two ways in a document, no glossary needed."""

from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import regex

from termqa import lexicon
from termqa.align import (
    Aligner,
    Occurrence,
    TermUse,
    clusters,
    everyday,
    explains,
    kin,
    register_terms,
    suggestion_for,
    target_tokens,
    term_stems,
)
from termqa.checks.base import Batch, Check
from termqa.checks.names import common_word, misspelt
from termqa.model import Finding, Severity, Side, _quick_init

RESPELLING = 0.75
"""Minimum likeness (difflib ratio) of two capitalised renderings for one to be the other respelt
("Macau" / "Macao", "Lemaire" / "Le Maire")."""
NEAR = 3
"""Words either side of a departing rendering searched for the reference's own words: "Saudi
[Arabia]" is the reference written out in full, not a second rendering."""
_FILLER = frozenset(["s", "said", "say", "also", "new", "one", "two", "year", "first", "second", "last"])
"""Words a rendering may share with another without it saying anything of the term."""


@_quick_init
@dataclass(frozen=True, slots=True)
class Rendering:
    """One way a document renders a term: its occurrences in document order.

    Attributes:
        occurrences: Every occurrence written this way (inflections, short forms and
            acronyms of it included; see `termqa.align.same_rendering`).
    """

    occurrences: tuple[Occurrence, ...]

    @property
    def shown(self) -> Occurrence:
        """The wording shown and suggested: the most used one of the rendering, the first on a tie."""
        counts: dict[str, int] = {}
        first: dict[str, Occurrence] = {}
        for o in self.occurrences:
            if o.text in counts:
                counts[o.text] += 1
            else:
                counts[o.text] = 1
                first[o.text] = o
        # The wordings in order of first use: max() keeps the first of those used most.
        return first[max(counts, key=counts.__getitem__)]

    @property
    def lower(self) -> bool:
        """Written in lower case everywhere (a capital that opens a sentence aside)."""
        return all(o.lower for o in self.occurrences)

    @property
    def cases(self) -> frozenset[str]:
        """How it is written: "lower" (a common noun), "name" (every word in capitals), "mixed"
        ("Vietnamese dong", "Contracting clarifies"); a capital that only opens a sentence
        ("Lemaire said") says nothing and counts as either (empty). The way most of its
        occurrences are written: "the Technology Enterprise Forum" x3 and "technology
        enterprises" x1 is a name; on a tie, the way its shown wording is written."""
        seen: dict[str, int] = defaultdict(int)
        for o in self.occurrences:
            if c := _case(o):
                seen[c] += 1
        top = [c for c, n in seen.items() if n == max(seen.values(), default=0)]
        return frozenset({_case(self.shown)} & set(top) or top[:1])

    @property
    def words(self) -> frozenset[str]:
        """The stems of its content words, over all its wordings."""
        return frozenset(k for o in self.occurrences for k in o.key if k not in _FILLER)


class TermVariant(Check):
    """A Chinese term that recurs in a document is rendered differently from its usual rendering.

    What it does: finds the nouns, names and noun compounds (股份回购 "share repurchase") that
    occur in two or more segments of a document (jieba), aligns each occurrence with the English
    that renders it (CC-CEDICT glosses, the pinyin of names, the original name the source gives
    in brackets (荷兰合作银行（Rabobank）), the senses of the head character where the word's own
    are not found (赛 "competition" for 大赛 "contest"), association learnt within the document,
    closeness to the first rendering), and flags the occurrences whose rendering departs from
    the one the document uses most: on a tie, the one CC-CEDICT gives for the term, then the one
    correctly spelt, then the first. Inflections, a noun and its adjective ("violence" /
    "violent", "Cambodia" / "Cambodian-Chinese"), the same lower-case words in another order
    ("share repurchase" / "repurchase shares"), a surname-only or shortened follow-up ("Chung"
    after "Chung Eui-yong") and an acronym ("WHO") count as the same rendering, but not a name
    written in capitals with another inflection inside it ("Ant Financial Service Group" after
    "Ant Financial Services Group"; a plural title, "Foreign Ministers", is grammar).

    What departs: a lower-case rendering departs only when it shares a word with the reference
    ("Traffic Volunteers" / "Transportation Volunteers", "share buybacks" / "share repurchase");
    lower-case synonyms with no word in common ("wildlife" / "wild animals", "contest" /
    "competition") were right about one time in ten on news, so they are not reported. A
    capitalised rendering departs when it shares a word with the reference, is the reference
    respelt ("Macau" / "Macao") or is what the dictionary gives for the term. Nothing departs
    from a reference that neither the dictionary nor capitals (a name learnt from the document)
    support, nor where the reference's words stand right beside the rendering ("Saudi [Arabia]").
    An everyday word rendered by another lower-case word is a synonym, not a term (see
    `termqa.align.departures`). Terms in the glossary are left to the glossary rules.

    Why it matters: a reader who met "the Capital Transportation Volunteers" in the first
    paragraph and "the Capital Traffic Volunteers" in the fourth wonders whether they are the
    same body. No glossary lists every term of every story.

    Example: 交通志愿者 is "Transportation Volunteers" in segments 1 and 2 and "Traffic
    Volunteers" in segment 3 -> flag "Traffic Volunteers", suggest "Transportation Volunteers".
    """

    preload = ("termqa.prewarm_align",)

    id = "term-variant"
    severity = Severity.WARNING
    needs_source = True
    uses_matches = True
    target_matches = False  # only the source table: the glossary's terms found in each document
    # Opt-in: it segments and aligns every source sentence (2,000-3,000 segments a second, a
    # tenth of the other rules), and it is statistical, so its precision is lower.
    default = False
    rendering = True

    def run(self, batch: Batch) -> Iterator[Finding]:
        bilingual = [i for i, (lo, hi) in enumerate(batch.docs) if any(batch.sources[lo:hi])]
        if not bilingual:
            return
        register_terms(batch.matcher.entries if batch.matcher else ())
        aligner = Aligner(batch.sources, batch.targets, compounds=True)
        owned = _owned(batch)
        for doc in bilingual:
            lo, hi = batch.docs[doc]
            # Longer terms come first; a span already flagged for a compound (纪念设施 "memorial
            # facilities") is not flagged again for the word inside it (设施 "facilities").
            flagged: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
            # The glossary rules judge terms the glossary has: the aligner does not return them.
            for use in aligner.document(lo, hi, settled=owned.get(doc, "")):
                for finding in self._use(batch, use, aligner.tokens, aligner.groups):
                    spans = flagged[(finding.line, finding.segment)]
                    if any(s < finding.end and finding.start < e for s, e in spans):
                        continue
                    spans.append((finding.start, finding.end))
                    yield finding

    def _use(self, batch: Batch, use: TermUse,
             tokens: Callable[[int], list[tuple[str, int, int]]] | None = None,
             groups: Callable[[TermUse], list[list[Occurrence]]] | None = None) -> Iterator[Finding]:
        """The findings of one term of a document; `tokens` gives a row's target_tokens and
        `groups` a use's clusters (the aligner's, already made)."""
        if tokens is None:
            tokens = functools.cache(lambda row: target_tokens(batch.targets[row]))
        grouped = clusters(use.occurrences) if groups is None else groups(use)
        renderings = [Rendering(tuple(g)) for g in merged(grouped)]
        if len(renderings) < 2:
            return
        reference = reference_rendering(use.term, renderings, batch.sources)
        stems = term_stems(use.term, use.tag)
        if reference.lower and not explains(stems, reference.shown.key):
            return  # a lower-case rendering the dictionary does not give: likely a bad alignment
        # An everyday word rendered by another lower-case word is a synonym (see departures).
        common = everyday(use.term) and any(o.lower for o in reference.occurrences)
        shown = reference.shown
        others = len(reference.occurrences)
        # The summary and the places written out once there is a finding: most terms have none.
        summary = related = None
        reference_words: frozenset[str] | None = None
        for rendering in renderings:
            if rendering is reference or not departs(rendering, reference, stems, batch.sources, batch.targets):
                continue
            words = rendering.words  # (a property worked out anew at every reading)
            if all(_beside(batch.targets[o.row], o, words, tokens(o.row)) for o in reference.occurrences):
                continue  # the reference is a fragment of this rendering: "[Saudi] Arabia" / "Saudi"
            if reference_words is None:
                reference_words = reference.words
            for occ in rendering.occurrences:
                if (common and occ.lower) or _beside(batch.targets[occ.row], occ, reference_words, tokens(occ.row)):
                    continue
                if _reference_beside(batch, use, occ, reference):
                    continue
                if summary is None:
                    summary = ", ".join(f'"{r.shown.text}" x{len(r.occurrences)}' for r in renderings)
                    # Where the document wrote the reference rendering: SARIF and the review point there too.
                    related = batch.references((o.row, o.start, o.end) for o in reference.occurrences)
                yield batch.finding(
                    self.id, occ.row, Side.TARGET, occ.start, occ.end,
                    f'{use.term} is rendered "{occ.text}" here but "{shown.text}" in {others} '
                    f'{"place" if others == 1 else "places"} of the document ({summary})',
                    [suggestion_for(shown.text, occ.text)],
                    related=related,
                )


def _owned(batch: Batch) -> dict[int, str]:
    """The glossary's Chinese forms found in each document's sources (by document index), joined
    by newlines: one search of the joined text, not one per form, tells whether a term (Han
    characters only) is in one of them.

    Per document, not per batch: a glossary name in one article (中国科学院) must not silence
    the 学院 rendered "School" and "Faculty" in another, and a document's findings must not
    depend on which documents share its batch (--batch-size, --jobs, Ray all cut differently)."""
    table = batch.source_table
    if not table.height:
        return {}
    forms: dict[int, set[str]] = defaultdict(set)
    docs = batch.row_doc.gather(table.get_column("row")).to_list()
    for doc, form in zip(docs, table.get_column("m").to_list(), strict=True):
        forms[doc].add(form)
    return {doc: "\n".join(found) for doc, found in forms.items()}


def _reference_beside(batch: Batch, use: TermUse, occ: Occurrence, reference: Rendering) -> bool:
    """True when the sentence has the term once and writes the reference rendering elsewhere than
    the occurrence: the reference renders the term there, and the occurrence is another word
    wrongly aligned ("the Cultural Relics Department of the Summer Palace Management Office" for
    管理处, whose "Office" stands in the same sentence)."""
    if sum(1 for o in use.occurrences if o.row == occ.row) > 1 or (batch.sources[occ.row] or "").count(use.term) > 1:
        return False
    text = batch.targets[occ.row]
    folded = text.lower() if text.isascii() else None
    for wording in {o.text for o in reference.occurrences}:
        if folded is not None and wording.isascii() and wording.lower() not in folded:
            continue  # both ASCII: the pattern's case folding is lower()'s, and the wording is nowhere
        for m in regex.finditer(rf"(?<!\p{{L}}){regex.escape(wording)}(?!\p{{L}})", text, regex.IGNORECASE):
            if m.end() <= occ.start or m.start() >= occ.end:
                return True
    return False


def merged(groups: Sequence[Sequence[Occurrence]]) -> list[list[Occurrence]]:
    """Clusters of one rendering joined where they differ as grammar does: a noun and its
    adjective ("violence" / "violent", "Cambodia" / "Cambodian-Chinese"), and lower-case words in
    another order ("share repurchase" / "repurchase shares"). In order of first appearance."""
    out: list[list[Occurrence]] = []
    for group in groups:
        for kept in out:
            if any(_one_rendering(a, b) for a in {o.text: o for o in group}.values()
                   for b in {o.text: o for o in kept}.values()):
                kept.extend(group)
                kept.sort(key=lambda o: (o.row, o.start))
                break
        else:
            out.append(list(group))
    return out


def _one_rendering(a: Occurrence, b: Occurrence) -> bool:
    ka, kb = [k for k in a.key if k not in _FILLER], [k for k in b.key if k not in _FILLER]
    if not ka or not kb:
        return False
    for short, long_ in ((a.text, b.text), (b.text, a.text)):
        initials = "".join(w[0] for w in long_.split() if w[:1].isupper())
        # The acronym of a longer name that ends with this one: "MCDF" for the "(Minnesota) China
        # Democracy Foundation"; but "USA" is no acronym of "United States".
        if short.isupper() and len(initials) >= 2 and short.endswith(initials):
            return True
    if a.lower and b.lower and sorted(ka) == sorted(kb):
        return True  # "level of development" / "development level"
    short, long_ = sorted((ka, kb), key=len)
    if len(short) < len(long_):
        return all(any(_kin(s, w) for w in long_) for s in short)
    # Equal length, word by word ("Iran's President" / "Iran's presidential"); but a name in
    # capitals is spelt one way: "Ant Financial Service Group" (one stem with "Services") is a
    # second rendering of "Ant Financial Services Group".
    return all(_kin(x, y) for x, y in zip(ka, kb)) and (a.lower or b.lower or ka != kb)


def _kin(a: str, b: str) -> bool:
    """One word, or a word and its derivative: kin() of align, and stems that part only in their
    last letters ("violent" / "violenc", "democrat" / "democraci", "scienc" / "scientif")."""
    if kin(a, b):
        return True
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    # One stem whole at the start of the other takes an ending of up to four letters:
    # "presid" / "presidenti" (president / presidential).
    most = 4 if p == min(len(a), len(b)) else 3
    return p >= 5 and p >= 0.8 * min(len(a), len(b)) and len(a) - p <= most and len(b) - p <= most


def reference_rendering(term: str, renderings: Sequence[Rendering], sources: Sequence[str | None] = ()) -> Rendering:
    """The rendering a news editor would keep: the name the source itself gives in brackets
    (勒梅尔（Bruno Le Maire）: "Lorenzo Fioramonti" x1 over "Fiolamonti" x2); else the one the
    document uses most ("United States" x3 over "USA" x1); on a tie the one CC-CEDICT gives for
    the term, then the correctly spelt one ("Houston", not "Huston"), then the first."""
    named = [r for r in renderings if any(_in_source(o, sources) for o in r.occurrences)]
    if len(named) == 1:
        return named[0]
    # Words run together ("Hong Kong PressHong Kong Press", "OliveOil") are MT debris, never
    # the form an editor keeps, however often the document repeats them.
    kept = [r for r in renderings if not _GLUED.search(r.shown.text)] or list(renderings)
    most = max(len(r.occurrences) for r in kept)
    tied = [r for r in kept if len(r.occurrences) == most]
    senses = _senses(term)
    # Spelling decides between a name and its respelling only: a name the dictionary lacks
    # ("Rabobank") is no misspelling of another rendering ("Holland Cooperative Bank").
    return min(tied, key=lambda r: (
        next((n for n, stems in enumerate(senses) if explains(stems, r.shown.key)), len(senses)),
        misspelt(r.shown.text) if any(o is not r and _respelt(o, r) for o in tied) else 0,
        renderings.index(r),
    ))


@functools.lru_cache(maxsize=4096)
def _senses(term: str) -> tuple[frozenset[str], ...]:
    """The stems of each sense CC-CEDICT gives a term, in its order (美国: "United States", then
    "USA", then "US"): the dictionary's first rendering is its standard one."""
    raw = lexicon._table().get(term, ())
    return tuple(stems for gloss in raw for sense in gloss.split(";") if (stems := lexicon._gloss_stems([sense.strip()])))


def departs(rendering: Rendering, reference: Rendering, stems: frozenset[str], sources: Sequence[str | None],
            targets: Sequence[str]) -> bool:
    """True when a rendering is a second rendering of the term worth a finding (see TermVariant)."""
    if "lower" not in rendering.cases | reference.cases and _respelt(rendering, reference):
        return True  # a name respelt: "Macau" / "Macao", "Lemaire said" / "Bruno Le Maire"
    if _GLUED.search(rendering.shown.text) and reference.words <= {
            lexicon.stem(w) for w in _WORDS.findall(_GLUED_AT.sub(" ", rendering.shown.text))}:
        return True  # the reference run into itself or another word: "OpinionsOpinions", "OliveOil"
    shares = any(_kin(a, b) for a in rendering.words for b in reference.words)
    # A rendering that only opens sentences is taken to be written like the reference.
    reference_cases = reference.cases
    cases = rendering.cases or reference_cases
    if not cases & reference_cases and "lower" in cases | reference_cases:
        # A common noun beside a name: mostly both right, the term standing once inside a name
        # ("the Digital Technology Enterprise Development Forum", "the People's Bank") and once
        # on its own ("technology companies", "financial"). But where the source itself gives the
        # name (公平工作委员会（Fair Work Commission）) and the term is its head, a one-word
        # common noun the dictionary gives for the term ("the committee") names another body.
        name, common = (reference, rendering) if "lower" in cases else (rendering, reference)
        named = [o for o in name.occurrences if not o.lower]
        return (len(common.shown.key) == 1 and explains(stems, common.shown.key)
                and any(_in_source(o, sources) for o in named)
                and all(_ends_name(targets[o.row], o) for o in named))
    if cases & reference_cases == {"lower"}:
        # Common nouns: another head is a synonym ("wildlife" / "wild animals", "technology
        # companies" / "technology enterprises"); another word before one head is a second
        # rendering of the term ("traffic volunteers" / "transportation volunteers").
        head, reference_head = sorted((_head(rendering.shown), _head(reference.shown)), key=len)
        # One head the start of the other ("guide" / "guidelines") is the head again, reworded.
        return _kin(head, reference_head) or (len(head) >= 4 and reference_head.startswith(head))
    if shares:
        return True
    # No word in common: a name is another name for the term only where the dictionary gives
    # it ("Order" / "Medal" of 勋章).
    return "name" in cases & reference_cases and explains(stems, rendering.shown.key)


def _head(occ: Occurrence) -> str:
    """The stem of a rendering's head noun: its last word, or the word before "of" ("cost of
    ecological restoration")."""
    words = _WORDS.findall(occ.text.casefold())
    if "of" in words[1:-1]:
        return lexicon.stem(words[words.index("of") - 1])
    return lexicon.stem(words[-1]) if words else ""


_WORDS = regex.compile(r"[\p{L}\p{N}'’\-]+")


def _in_source(occ: Occurrence, sources: Sequence[str | None]) -> bool:
    """True when the source of the occurrence's segment writes its last word (in brackets after
    the term: 公平工作委员会（Fair Work Commission）); a Chinese source has Latin words nowhere else."""
    last = occ.text.split()[-1] if occ.text.split() else ""
    if not sources or len(last) <= 1 or occ.text.islower():
        return False
    source = sources[occ.row] or ""
    # The word is in the source as written wherever the pattern finds it: most sources have none.
    return last in source and regex.search(rf"(?<!\p{{L}}){regex.escape(last)}(?!\p{{L}})", source) is not None


def _ends_name(text: str, occ: Occurrence) -> bool:
    """True when no capitalised word follows the occurrence in its name."""
    return not _NEXT_CAPITAL.match(text, occ.end)


_GLUED = regex.compile(r"\p{Ll}\p{Lu}")
_GLUED_AT = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")
_NEXT_CAPITAL = regex.compile(r"(?:\s+(?:of|and|for|the|&))*\s+\p{Lu}")


def _case(occ: Occurrence) -> str:
    """"lower", "name", "mixed", or "" for a capital that only opens a sentence."""
    if occ.text.islower():
        return "lower"
    if occ.lower:
        return ""
    return "name" if _name_like(occ.text) else "mixed"


def _name_like(text: str) -> bool:
    """True when every word but a link word opens with a capital ("Order of Friendship", "VND")."""
    return all(w[:1].isupper() or w.casefold() in _LINK_WORDS for w in text.split())


_LINK_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "a", "an", "de", "&"})


def _respelt(a: Rendering, b: Rendering) -> bool:
    """True when some wording of one is some wording of the other respelt ("Macau" / "Macao"), or
    the last words of a name respelt ("Lemaire" / "Bruno Le Maire"), as the aligner finds them."""
    def forms(r: Rendering) -> set[str]:
        out = set()
        for text in {o.text for o in r.occurrences}:  # each wording once: a term is said the same way often
            words = text.casefold().removesuffix("'s").removesuffix("’s").split()
            out.update(" ".join(words[-k:]) for k in range(1, len(words) + 1) if k == len(words) or text[:1].isupper())
        return {f for f in out if len(f) >= 4}

    mine = forms(a)
    for y in forms(b):
        # One matcher per form of b (as the second sequence, as compared before: the ratio is not
        # quite symmetric), set against each form of a; the ratio is bounded from above by the
        # cheap ratios, so a pair they rule out is not compared in full.
        matcher = difflib.SequenceMatcher(None, "", y, autojunk=False)
        y_common = common_word(y)
        for x in mine:
            # Two English words are two words, not one respelt: "Grandpa" / "Grandma".
            if y_common and common_word(x):
                continue
            matcher.set_seq1(x)
            if (matcher.real_quick_ratio() >= RESPELLING and matcher.quick_ratio() >= RESPELLING
                    and matcher.ratio() >= RESPELLING):
                return True
    return False


def _beside(text: str, occ: Occurrence, words: frozenset[str],
            tokens: list[tuple[str, int, int]] | None = None) -> bool:
    """True when the words of the reference the occurrence lacks stand within NEAR words of it:
    "Saudi [Arabia]". (An occurrence with every word of the reference is the reference in another
    order or inflection, "Minister of Education": that departs.) `tokens` are the text's
    target_tokens, where they are at hand."""
    lacking = {w for w in words if not any(_kin(w, k) for k in occ.key)}
    if not lacking:
        return False
    if tokens is None:
        tokens = target_tokens(text)
    at = [n for n, t in enumerate(tokens) if occ.start <= t[1] < occ.end]
    if not at:
        return False
    # Hyphenated neighbours count word by word: "Guangdong-Hong [Kong-Macao]".
    near = {lexicon.stem(p) for t in tokens[max(0, at[0] - NEAR): at[-1] + NEAR + 1]
            for p in text[t[1]:t[2]].split("-") if p}
    return all(any(_kin(w, n) for n in near) for w in lacking)
