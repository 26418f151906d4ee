"""Provides the glossary rules: forbidden renderings, missing terms, inconsistent renderings."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator, Sequence

import polars as pl
import regex

from termqa.checks.base import Batch, Check
from termqa.checks.names import TITLES
from termqa.compiled import is_short
from termqa.matcher import Hit
from termqa.model import EntityType, Finding, GlossaryEntry, Severity, Side, Status
from termqa.normalize import fold_en, inflections, is_acronym, rendering_key
from termqa.spans import extend_rendering
from termqa.zhwords import is_cut_at, learn

_BAD = (Status.FORBIDDEN, Status.ROMANIZED)
_is_acronym = functools.lru_cache(maxsize=65536)(is_acronym)
"""normalize.is_acronym, remembered: it is asked of the same renderings for every segment."""


def _zh(entry: GlossaryEntry) -> str:
    return entry.sources[0]


def _forms(entry: GlossaryEntry, source: str | None) -> list[str]:
    """The entry's Chinese forms, those the source holds first: without a source (target-only
    text) the glossary's forms are all there is to know which characters a rendering left out."""
    held = [z for z in entry.sources if source and z in source]
    return held + [z for z in entry.sources if z not in held]


class TermForbidden(Check):
    """A forbidden rendering of a glossary term is used.

    What it does: flags every span of the target that is a forbidden variant of a glossary
    entry, or the Mandarin (pinyin) reading of a Korean or Japanese name in the glossary. With a
    source, only where the source holds the entry (any of its Chinese forms): "Xianggang" for
    湘钢 is another name, not a wrong Hong Kong. Target-only text is flagged wherever it occurs.

    Why it matters: these are the renderings the desk has decided never to publish
    ("Zheng Yirong" for 郑义溶, "China News Agency" for 中新社).

    Example: "Foreign Minister Zheng Yirong said" -> suggest "Chung Eui-yong".
    """

    id = "term-forbidden"
    severity = Severity.ERROR
    needs_glossary = True
    uses_matches = True
    rendering = True

    def run(self, batch: Batch) -> Iterator[Finding]:
        # Renderings are ranked best status first: a span whose best is bad is bad for every entry,
        # and a span that is approved or admitted for any entry is no error. A bad rendering is
        # one of this entry only where the source names the entry (or there is no source).
        bad = batch.target_table.filter(
            (pl.col("rank") == 0) & pl.col("status").is_in([s.value for s in _BAD]) & pl.col("held")
        )
        for row, start, end, index, status in bad.select("row", "start", "end", "entry", "status").iter_rows():
            entry = batch.entry(index)
            target = batch.targets[row]
            if status == Status.ROMANIZED.value:
                why = f"is the Mandarin reading of {_zh(entry)}, not the name's English form"
            else:
                why = f"is a forbidden rendering of {_zh(entry)}"
            # "Zheng Yi dissolved": the reading of 郑义 and 溶 translated as a word are one wrong
            # rendering; a span stopping at "Zheng Yi" would be fixed to "Chung Eui-yong dissolved".
            longer = extend_rendering(target, start, end, _forms(entry, batch.sources[row]))
            if longer is not None:
                why = f'reads part of {_zh(entry)} ("{target[start:end]}") and translates {longer[1]} as a word'
                end = longer[0]
            surface = target[start:end]
            yield batch.finding(
                self.id, row, Side.TARGET, start, end, f'"{surface}" {why}; use "{entry.target}"',
                [entry.target], term=entry.id,
            )


class TermMissing(Check):
    """A glossary term in the source has none of its approved renderings in the target.

    What it does: for each glossary term found in a Chinese source, looks for the approved or
    an admitted rendering in the English target. When none is there it points at the most
    likely wrong span: a capitalised name that shares a word with the approved rendering, or,
    failing that, the Chinese term itself. A forbidden variant or pinyin reading of the same
    term is reported by term-forbidden instead.

    Why it matters: a paraphrase ("requisition of labor" for 强征劳工) slips past a
    forbidden list; only the source shows it is the glossary term.

    Example: 强征劳工 with "labor recruitment" in the target -> suggest "forced labor".
    """

    id = "term-missing"
    severity = Severity.ERROR
    needs_glossary = True
    uses_matches = True
    needs_source = True
    rendering = True

    def run(self, batch: Batch) -> Iterator[Finding]:
        src = batch.source_table.unique(["row", "entry"], keep="first", maintain_order=True)
        if not src.height:
            return
        rendered = batch.target_table.select("row", "entry").unique()
        missing = src.join(rendered, on=["row", "entry"], how="anti").sort("row", "nstart")
        if not missing.height:
            return
        found: list[tuple[int, Hit, GlossaryEntry]] = []
        folded: dict[int, tuple[str, str]] = {}
        # A match's offsets in the NFKC source are its offsets in the source unless NFKC changed the
        # source's length, which few do: mapped back one by one, the spans cost a tenth of the rule.
        shifted = batch.nfkc_shifted(missing["row"].unique())
        for row, nstart, matched, index in missing.select("row", "nstart", "m", "entry").iter_rows():
            entry = batch.entry(index)
            if row in shifted:
                start, end = batch.source_span(row, nstart, matched)
            else:
                start, end = nstart, nstart + len(matched)
            source = batch.sources[row] or ""
            if entry.type is EntityType.ORGANIZATION and source[end: end + 1] in _HEAD_SUFFIXES:
                continue
            # Terms enter jieba's dictionary in the order they are met, whatever the tests below
            # decide: the order sets their frequencies, and so every later cut.
            learn(source[start:end])
            target = batch.targets[row]
            if matched in target or source[start:end] in target:
                continue  # left in Chinese: reported once, by untranslated
            if row not in folded:
                exact = fold_en(target)
                folded[row] = (exact, exact.casefold())
            if _mentions_folded(*folded[row], entry):
                continue  # rendered, inside a longer glossary match ("China's Foreign Ministry spokesman")
            # The cut last: jieba's segmenter is the dearest test by far.
            if not is_cut_at(source, start, end):
                continue  # 澳大 inside 澳大利亚: another word, not the term
            found.append((row, Hit(start, end, source[start:end]), entry))
        if not found:
            return
        # The glossary spans of the rows that may be reported, and only names look at them: read
        # from the table, not made into Hit lists (half of this rule's time on real text).
        rows = {row for row, _, entry in found if entry.type is not EntityType.TERM}
        taken: dict[int, list[tuple[int, int]]] = {}
        if rows:
            spans = batch.target_table.filter(pl.col("row").is_in(list(rows))).select("row", "start", "end").unique()
            for row, start, end in spans.iter_rows():
                taken.setdefault(row, []).append((start, end))
        for row, shit, entry in found:
            finding = self._missing(batch, row, shit, entry, taken.get(row, []))
            if finding is not None:
                yield finding

    def _missing(self, batch: Batch, row: int, shit: Hit, entry: GlossaryEntry,
                 taken: list[tuple[int, int]]) -> Finding | None:
        target = batch.segments[row].target
        if rendered_otherwise(target, entry):
            return None
        forms = ", ".join(f'"{r}"' for r in (entry.target, *entry.alternates))
        message = f"{shit.surface} is not rendered as {forms}"
        span = _likely_span(target, entry, taken)
        if span == _SHORT_FORM:
            return None
        if isinstance(span, tuple):
            start, end = span
            return batch.finding(
                self.id, row, Side.TARGET, start, end,
                f'{message}; "{target[start:end]}" looks like a wrong rendering',
                [entry.target], term=entry.id,
            )
        return batch.finding(
            self.id, row, Side.SOURCE, shit.start, shit.end, f"{message} in the target", [entry.target],
            term=entry.id,
        )


# A capitalised run is taken whole: cut after four words, "Guangdong-Hong Kong-Macao Great Bay
# Area" left "Area" alone, which passed as the head noun of the Greater Bay Area.
_NAME_RUN = regex.compile(r"\p{Lu}[\p{L}'’.]*(?:-\p{L}+)*(?: \p{Lu}[\p{L}'’.]*(?:-\p{L}+)*)*")
_SHORT_FORM = "short"
_LEADERS = frozenset({"us", "u.s", "uk", "eu", "un", "china's", "japan's", "korea's"})
_HEAD_SUFFIXES = "长官员"
"""外交部长 is the minister, not the ministry: an organisation term followed by these is a title."""


def _likely_span(target: str, entry: GlossaryEntry, taken: list[tuple[int, int]]) -> tuple[int, int] | str | None:
    """Where a name went wrong: a capitalised run sharing a word with an allowed rendering.

    Returns `_SHORT_FORM` when the name appears in a form news style allows: titles removed,
    the run is a contiguous part of an allowed rendering ("President Trump" for Donald Trump,
    "General Assembly" for the UN General Assembly). Returns the span of a run that shares a
    word but is not such a part ("Kang Kyung-hwa" for Kang Kyung-wha), or None. `taken`: the
    spans of the target's glossary matches.
    """
    if entry.type.value == "term":
        return None
    forms, words, probe = _name_words(entry.target, entry.alternates)
    # Titles are only dropped, so a run none of whose words is the name's is passed over whatever
    # else holds: usually every run, which the probe (one search of the target) tells first.
    if probe is None or not probe.search(_casefolded(target)):
        return None
    found: tuple[int, int] | None = None
    for start, end, run, run_words in _name_runs(target):
        if words.isdisjoint(run_words):
            continue
        if any(s <= start and end <= e for s, e in taken):
            continue  # wholly another glossary term
        tokens = _tokens(run)
        sentence_start = start == 0 or target[:start].rstrip().endswith((".", "!", "?", "\"", "”"))
        # Drop leading titles and the capitalised first word of a sentence ("Since US President
        # Trump"), but not a misspelled given name ("Anthony Blinken").
        while tokens and tokens[0] not in words and (
            tokens[0] in TITLES or tokens[0] in _LEADERS or (sentence_start and len(tokens) > 1)
        ):
            tokens.pop(0)
            sentence_start = False
        if not tokens or not set(tokens) & words:
            continue
        # A person may be named by surname alone; an institution or place keeps its head noun
        # ("General Assembly", not "Guangdong" for the Greater Bay Area).
        if any(_contiguous(tokens, f) and (entry.type is EntityType.PERSON or tokens[-1] in _heads(f)) for f in forms):
            return _SHORT_FORM
        if entry.type is not EntityType.PERSON and any(_head_part(tokens, f) for f in forms):
            return _SHORT_FORM  # "General Assembly Resolution 2758": the assembly, then another word
        if entry.type is EntityType.PERSON and any(_surname_mention(tokens, f) for f in forms):
            return _SHORT_FORM
        # A body's or place's name shares more than one word with the run, or its head noun:
        # "China" alone in "the State Council of China" is no rendering of China News Service,
        # and replacing it would corrupt the sentence.
        shared = set(tokens) & words
        if entry.type is not EntityType.PERSON and (
            (len(shared) < 2 and not shared & set().union(*map(_heads, forms)))
            or any(_contiguous(tokens, f) for f in forms)  # a part without the head: "Hong Kong" of the GBA
        ):
            continue
        if found is None:
            first = run.casefold().find(tokens[0].split(" ")[0])
            found = (start + max(first, 0), end)
    return found


@functools.lru_cache(maxsize=16384)
def _name_words(
    rendering: str, alternates: tuple[str, ...],
) -> tuple[list[list[str]], frozenset[str], regex.Pattern | None]:
    """An entry's allowed renderings as _tokens gives them (not to be changed: they are shared),
    their words of two letters or more, and a probe for those words in _casefolded(target), None
    without any: once per entry, the same names being missing from many segments.

    The probe finds every word a run of the target could share with the name, and a few more: a
    run's word, as _tokens cuts it, is a substring of the target folded as it folds runs (case
    folding is per character), and what follows it there is no letter (a separator, the run's
    end, the punctuation stripped off it). Not what precedes it: a run may start inside a word
    ("iPhone").
    """
    forms = [_tokens(r) for r in (rendering, *alternates)]
    words = frozenset(w for f in forms for w in f if len(w) > 1)
    probe = regex.compile(rf"(?:{'|'.join(regex.escape(w) for w in sorted(words))})(?!\p{{L}})") if words else None
    return forms, words, probe


@functools.lru_cache(maxsize=256)
def _casefolded(target: str) -> str:
    """The target folded as _token_tuple folds a run."""
    return target.casefold().replace("’", "'")


@functools.lru_cache(maxsize=256)
def _name_runs(target: str) -> tuple[tuple[int, int, str, tuple[str, ...]], ...]:
    """The capitalised runs of a target: (start, end, text, its words). Read once per target, not
    once per name missing from it."""
    return tuple((m.start(), m.end(), run, _token_tuple(run)) for m in _NAME_RUN.finditer(target) for run in (m.group(),))


def _heads(form: list[str]) -> set[str]:
    """The head nouns of an institution's or place's name: its last word, and in "X of Y" the
    word before "of" ("the University" after the University of Macau, "the Ministry")."""
    heads = {form[-1]}
    if "of" in form[1:]:
        heads.add(form[form.index("of") - 1])
    return heads


def _head_part(tokens: list[str], form: list[str]) -> bool:
    """A run that starts with a part of an institution's name ending in its head noun."""
    return any(tokens[:j] and _contiguous(tokens[:j], form) and tokens[j - 1] == form[-1] and j >= 2
               for j in range(1, len(tokens) + 1))


def _surname_mention(tokens: list[str], form: list[str]) -> bool:
    """A name's tail or head at the edge of a run, as in a headline ("Biden Says Fire ...").

    A part ending with the form's last word may not have a word before it in the run (that
    would be a wrong given name: "Anthony Blinken"); a part starting with its first word may
    not have one after it ("Kang Kyung-hwa").
    """
    n = len(tokens)
    for i in range(n):
        for j in range(n, i, -1):
            window = tokens[i:j]
            if not _contiguous(window, form):
                continue
            if window[-1] == form[-1] and i == 0:
                return True
            if window[0] == form[0] and j == n:
                return True
    return False


def _tokens(text: str) -> list[str]:
    return list(_token_tuple(text))  # a copy: callers pop titles off the front


_TOKEN_SPLIT = regex.compile(r"[\s\-]+")


@functools.lru_cache(maxsize=65536)
def _token_tuple(text: str) -> tuple[str, ...]:
    # Cached: the same renderings and capitalised runs are read for every segment that names them.
    out = []
    for w in _TOKEN_SPLIT.split(text.casefold().replace("’", "'")):
        w = w.strip(".,'")
        if w.endswith("'s"):
            w = w[:-2]
        if w:
            out.append(w)
    return tuple(out)


def _contiguous(part: list[str], whole: list[str]) -> bool:
    n = len(part)
    return any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


_LINKS = frozenset({"of", "the", "and", "for", "&", "on", "in", "to"})
_CAPS_TOKEN = regex.compile(r"(?<![\p{L}\p{N}])(\p{Lu}[\p{Lu}&]*\p{Lu})s?(?![\p{L}\p{N}])")
_CAPS_PAIR = regex.compile(r"\p{Lu}[\p{Lu}&]*\p{Lu}")
"""What every _CAPS_TOKEN holds."""


def rendered_otherwise(target: str, entry: GlossaryEntry) -> bool:
    """Whether an allowed rendering is in the target in a form exact matching misses.

    Three forms, each common in news and reports and none a different term: the full name of a
    rendering given as an acronym ("Hong Kong Monetary Authority" for HKMA); the acronym of a
    rendering given in full ("RMB" for renminbi, "SFC" for Securities and Futures Commission);
    and a multi-word term with one word inside it that translates more of the source
    ("customer-centric corporate culture" for customer-centric culture). Only called once a
    finding is about to be made, so it may be slow.
    """
    expansions, initials, spelled, term_parts = _otherwise_forms(
        entry.target, entry.alternates, entry.type is EntityType.TERM)
    # The tests are independent, so the cheapest go first: the target's acronyms (read once per
    # target, and only when it holds an initialism as a substring, which most do not) before any
    # pattern or word-by-word walk.
    if spelled or any(i in target for i in initials):
        caps = _caps(target)
        if not initials.isdisjoint(caps):
            return True
        if any(len(token) >= 3 and "&" not in token and _spells(token, word) for word in spelled for token in caps):
            return True  # RMB for renminbi
    if any(expansion.search(target) for expansion in expansions):
        return True
    if term_parts:
        words = _token_tuple(target)
        return any(_with_one_word_inside(words, parts) for parts in term_parts)
    return False


@functools.lru_cache(maxsize=16384)
def _otherwise_forms(
    rendering: str, alternates: tuple[str, ...], term: bool,
) -> tuple[tuple[regex.Pattern, ...], frozenset[str], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """What rendered_otherwise looks for, once per entry: the expansions of its acronyms that
    the glossary does not spell out, the initials of its multi-word renderings (two letters or
    more), its single words of five letters or more (which an acronym may spell), and for a
    term its multi-word renderings (which may hold one word more)."""
    forms = (rendering, *alternates)
    spelled_out = {_initials(_tokens(f)) for f in forms if not _is_acronym(f)}
    expansions: list[regex.Pattern] = []
    initials: set[str] = set()
    spelled: list[str] = []
    term_parts: list[tuple[str, ...]] = []
    for form in forms:
        if _is_acronym(form):
            if form.rstrip("s").upper() in spelled_out:
                continue  # the glossary spells this acronym out: "Grand Bay Area" is no GBA
            expansion = _expansion(form)
            if expansion is not None:
                expansions.append(expansion)
            continue
        parts = _tokens(form)
        if len(parts) >= 2:
            if len(letters := _initials(parts)) >= 2:
                initials.add(letters)
            if term:
                term_parts.append(tuple(parts))
        elif parts and len(parts[0]) >= 5:
            spelled.append(parts[0])
    return tuple(expansions), frozenset(initials), tuple(spelled), tuple(term_parts)


@functools.lru_cache(maxsize=256)
def _caps(target: str) -> frozenset[str]:
    """The words of a target written in capitals (an optional plural s dropped)."""
    if not _CAPS_PAIR.search(target):
        return frozenset()  # nine targets in ten: the search is twice as fast as the lookbehinds'
    return frozenset(m.group(1) for m in _CAPS_TOKEN.finditer(target))


@functools.lru_cache(maxsize=16384)
def _expansion(acronym: str) -> regex.Pattern | None:
    """The words an acronym abbreviates, their initials its letters, links allowed between them
    (compiled once per acronym, not once per segment); None for fewer than two letters."""
    letters = [c for c in acronym.rstrip("s") if c.isalpha()]
    if len(letters) < 2:
        return None
    link = r"(?:[\s\-]+(?:(?:of|the|and|for|&)[\s\-]+)*)"
    expansion = link.join(rf"{c.upper()}\p{{L}}+" for c in letters)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){expansion}(?![\p{{L}}\p{{N}}])")


def _initials(parts: list[str]) -> str:
    return "".join(w[0] for w in parts if w not in _LINKS).upper()


def _with_one_word_inside(words: Sequence[str], parts: Sequence[str]) -> bool:
    n = len(parts)
    for i in range(len(words) - n):
        for gap in range(1, n):
            window = words[i:i + gap] + words[i + gap + 1:i + n + 1]
            if words[i + gap] not in _LINKS and all(_same_word(a, b) for a, b in zip(window, parts, strict=True)):
                return True
    return False


def _mentions(target: str, entry: GlossaryEntry) -> bool:
    """Whether an allowed rendering occurs anywhere in the target, word-bounded.

    Leftmost-longest matching gives each span to one glossary form; when another entry's longer
    form starts first, this entry's rendering is inside it and was not matched on its own.
    """
    exact = fold_en(target)
    return _mentions_folded(exact, exact.casefold(), entry)


def _mentions_folded(exact: str, folded: str, entry: GlossaryEntry) -> bool:
    """_mentions on the target already folded (fold_en) and case-folded."""
    acronyms, others = _mention_patterns(entry.target, entry.alternates, entry.type is EntityType.TERM)
    return bool((acronyms is not None and acronyms.search(exact)) or (others is not None and others.search(folded)))


@functools.lru_cache(maxsize=65536)
def _mention_patterns(
    target: str, alternates: tuple[str, ...], plural: bool
) -> tuple[regex.Pattern | None, regex.Pattern | None]:
    """One pattern for the renderings in capitals ("who" is no mention of the WHO), matched on
    the exact text, and one for the other renderings and their inflections, matched folded.

    Compiled once per entry: a pattern per rendering per call spent more time in regex's cache
    than in the search. An alternation of the forms finds a mention exactly where one of them does.
    """
    acronyms: list[str] = []
    others: list[str] = []
    for form in (target, *alternates):
        if _is_acronym(form):
            acronyms.append(regex.escape(form))
            continue
        # (Sorted: the pattern, not its search, would depend on the set's order.)
        others += [regex.escape(v) for v in sorted(inflections(fold_en(form).casefold(), plural=plural))]
    return (
        regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{'|'.join(acronyms)})(?![\p{{Lu}}\p{{N}}])") if acronyms else None,
        regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{'|'.join(others)})(?![\p{{L}}\p{{N}}])") if others else None,
    )


def is_short_form(form: str, entry: GlossaryEntry) -> bool:
    """True when `form` abbreviates one of the entry's admitted renderings in news style (Yonhap /
    Yonhap News Agency; Macau / Macau Special Administrative Region)."""
    return is_short(rendering_key(form), rendering_key(entry.target), [rendering_key(a) for a in entry.alternates])


class TermInconsistent(Check):
    """One glossary concept is rendered in two or more ways in one document.

    What it does: counts, per document, the admitted renderings of each glossary concept in the
    target (inflections and news-style short forms such as "Yonhap" count as the full form)
    and reports the concept once: on the first occurrence that departs from the approved
    rendering (or from the most frequent one when the approved rendering is not used), with
    every other occurrence as a related place and the counts in the message. Forbidden variants
    are counted in the message but reported by term-forbidden. With a source, only occurrences
    whose segment's source holds the concept count. A rendering inside a longer proper name
    ("The Venetian Macao", "Macau Polytechnic Institute") names something else and does not
    count; "Macao SAR", "Macao's", "Macao government" do.

    Why it matters: "Blue House" in one paragraph and "Cheong Wa Dae" in the next reads as two
    institutions.

    Example: "forced labour" x1 beside "forced labor" x3 -> suggest "forced labor".
    """

    id = "term-inconsistent"
    severity = Severity.WARNING
    needs_glossary = True
    uses_matches = True
    rendering = True

    def run(self, batch: Batch) -> Iterator[Finding]:
        table = batch.target_table.filter("held")
        if not table.height:
            return
        table = table.with_columns(doc=batch.row_doc.gather(table["row"]))
        # A superset of the mixed concepts, found vectorised; _concept drops the occurrences
        # inside longer names (Python, but only for these few) and counts again.
        allowed = table.filter(pl.col("status").is_in(["approved", "alternate"]) & ~pl.col("short"))
        mixed = allowed.group_by("doc", "entry").agg(pl.col("rkey").n_unique().alias("n")).filter(pl.col("n") > 1)
        if not mixed.height:
            return
        occurrences = table.join(mixed.select("doc", "entry"), on=["doc", "entry"]).sort("doc", "entry", "row", "start")
        for (_, index), group in occurrences.group_by(["doc", "entry"], maintain_order=True):
            entry = batch.entry(index)
            occ = [
                (row, Hit(start, end, batch.targets[row][start:end]), rendering, Status(status))
                for row, start, end, rendering, status in group.select(
                    "row", "start", "end", "rendering", "status"
                ).iter_rows()
                if not in_longer_name(batch.targets[row], start, end, entry)
            ]
            finding = self._concept(batch, entry, occ)
            if finding is not None:
                yield finding

    def _concept(self, batch: Batch, entry: GlossaryEntry, occ: list) -> Finding | None:
        allowed = [(row, hit, text) for row, hit, text, status in occ if status not in _BAD]
        full = [(row, hit, text) for row, hit, text in allowed if not is_short_form(text, entry)]
        counts = Counter(rendering_key(text) for _, _, text in full)
        if len(counts) < 2:
            return None
        spelled = {rendering_key(t): t for _, _, t in full}
        # Renderings where one is part or acronym of the other ("vice premier" in "Chinese vice
        # premier", "IAEA") are one rendering at two lengths, as news style writes them.
        groups = _compatible_groups(list(counts), spelled)
        if len(groups) < 2:
            return None
        approved = rendering_key(entry.target)
        group_of = {k: i for i, g in enumerate(groups) for k in g}
        weight = Counter()
        for key, n in counts.items():
            weight[group_of[key]] += n
        if approved in group_of:
            preferred_group = group_of[approved]
            preferred = approved
        else:
            preferred_group = max(weight, key=lambda g: (weight[g], -min(_first(full, k) for k in groups[g])))
            preferred = max(groups[preferred_group], key=lambda k: (counts[k], -_first(full, k)))
        all_counts = Counter(rendering_key(t) for _, _, t, _ in occ)
        spelled.update({rendering_key(t): t for _, _, t, _ in occ})
        summary = ", ".join(f"{spelled[k]} x{n}" for k, n in all_counts.most_common())
        # One finding per concept and document, on the first departure; every other occurrence,
        # departing or not, is a related place: `termqa eval` scores the finding with all of
        # them as one group, and readers of SARIF jump to each.
        row, hit, _ = next(o for o in full if group_of[rendering_key(o[2])] != preferred_group)
        others = batch.references((r, h.start, h.end) for r, h, _ in full if (r, h.start) != (row, hit.start))
        return batch.finding(
            self.id, row, Side.TARGET, hit.start, hit.end,
            f'{_zh(entry)} is rendered {len(all_counts)} ways in this document ({summary}); '
            f'use "{spelled[preferred]}" throughout',
            [spelled[preferred]], term=entry.id, related=others,
        )


_WORD_AFTER = regex.compile(r"[ \-]+(\p{Lu}[\p{L}\p{N}'’.]*)")
_WORD_BEFORE = regex.compile(r"(?:^|(?<=[^\p{L}\p{N}'’.]))(\p{Lu}[\p{L}\p{N}'’.]*)[ \-]+$")
_DESCRIPTIVE = frozenset({
    "sar", "special", "administrative", "region", "government", "authorities", "people", "residents",
    "compatriots", "city",
})
"""Capitalised words after a place that describe it rather than name something else ("Macao SAR",
"the Macao Government", "Hong Kong People")."""


def in_longer_name(text: str, start: int, end: int, entry: GlossaryEntry) -> bool:
    """Whether the span is only part of a longer capitalised name ("The Venetian Macao" resort,
    "Macau Polytechnic Institute"): a capitalised word joined to it by a space or hyphen that is
    not a title ("Chief Executive"), another word of the entry's own renderings, a word that
    describes a place ("SAR", "Government"), or, before it, a possessive or the first word of a
    sentence. Headlines in title case say nothing, so there the span always counts.
    """
    own = {w for r, _ in entry.renderings() for w in _tokens(r)}

    def names_more(word: str, first: bool) -> bool:
        w = word.casefold().replace("’", "'")
        if w.endswith("'s") or first:
            return False  # "China's Macao", "Visitors" at the head of a sentence
        w = w.strip(".'")
        return w not in TITLES and w not in own and w not in _DESCRIPTIVE and w not in _LEADERS

    after = _WORD_AFTER.match(text, end)
    # A common noun written lower case in the glossary ("foreign minister") is capitalised as a
    # title before a name: "Minister of Foreign Affairs Toshimitsu Motegi" is the title, not a
    # longer name, and counts as a rendering.
    title = entry.type is EntityType.TERM and entry.target.islower()
    if after and not title and names_more(after.group(1), False) and not _headline(text):
        return True
    before = _WORD_BEFORE.search(text[:start])
    if before:
        lead = text[: before.start(1)].rstrip()
        first = not lead or lead.endswith((".", "!", "?", ":", "\"", "“", "”", "(", "-", "—"))
        return names_more(before.group(1), first) and not _headline(text)
    return False


def _headline(text: str) -> bool:
    """Title case: every word of four letters or more is capitalised."""
    words = [w for w in regex.findall(r"\p{L}{4,}", text)]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _compatible(a: str, b: str, spelled: dict[str, str]) -> bool:
    ta, tb = a.split(), b.split()
    short, long_ = sorted((ta, tb), key=len)
    if _contiguous(short, long_) or _same_words(ta, tb):
        return True
    # An acronym (IAEA, UN, AIs, HIBORs) stands for the full name.
    return any(_abbreviates(spelled[key], spelled[other]) for key, other in ((a, b), (b, a)))


def _abbreviates(short: str, long_: str) -> bool:
    """An acronym, plural or not ("IAEA", "AIs", "HIBORs", "MOUs"), or one whose letters spell the
    other rendering's words in order and start with its first letter ("LTGP" for long-term growth
    portfolio, "CtCs" for corporate treasury centres): annual reports and news write the full
    name once and the acronym after, which is one rendering, not two."""
    if " " in short or not 2 <= len(short) <= 10:
        return False
    core = short[:-1] if short.endswith("s") and len(short) > 2 else short
    return core.isupper() or (len(long_.split()) >= 2 and _spells(core, long_))


def _spells(short: str, long_: str) -> bool:
    """Whether the letters of `short` stand in `long_` in order, starting with its first letter
    ("ltgp" in long-term growth portfolio, "rmb" in renminbi); case and other characters aside."""
    wanted = [c for c in short.casefold() if c.isalpha()]
    letters = [c for c in long_.casefold() if c.isalpha()]
    if not wanted or not letters or wanted[0] != letters[0]:
        return False
    it = iter(letters)
    return all(c in it for c in wanted)


def _same_words(a: list[str], b: list[str]) -> bool:
    """The same words in another order or form: "interest rate cut" / "cut interest rates",
    "decoupling" / "decouple", "China's Foreign Ministry" / "Chinese Foreign Ministry"."""
    if len(a) != len(b):
        return False
    rest = list(b)
    for word in a:
        match = next((i for i, other in enumerate(rest) if _same_word(word, other)), None)
        if match is None:
            return False
        rest.pop(match)
    return True


_SUFFIXES = ("ing", "ed", "es", "s", "e")
_DEMONYM = ("ese", "an", "ian", "ean", "n", "ish", "i")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _same_word(x: str, y: str) -> bool:
    """One word in two forms: inflected ("rates" / "rate", "decoupled" / "decoupling"), or a
    country's possessive and its adjective ("China's" / "Chinese", "Japan's" / "Japanese").
    Not two spellings: "Macao" / "Macau", "labor" / "labour" stay two."""
    if _stem(x) == _stem(y):
        return True
    for p, q in ((x, y), (y, x)):
        if p.endswith("'s") and len(p) > 4:
            base = p[:-2]
            root = base[:-1] if base[-1] in "aeiouy" else base
            if q.startswith(root) and q[len(root):] in _DEMONYM:
                return True
    return False


def _compatible_groups(keys: list[str], spelled: dict[str, str]) -> list[list[str]]:
    groups: list[list[str]] = []
    for key in keys:
        joined = [g for g in groups if any(_compatible(key, other, spelled) for other in g)]
        merged = [key] + [k for g in joined for k in g]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def _first(items: list, key: str) -> int:
    return next(i for i, (_, _, t) in enumerate(items) if rendering_key(t) == key)
