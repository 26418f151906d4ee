"""Provides `term-variant`: a recurring source term rendered two ways in a document, no glossary needed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from termqa.align import Aligner, TermUse, departures, register_terms, suggestion_for
from termqa.checks.base import Batch, Check
from termqa.model import Finding, Severity, Side


class TermVariant(Check):
    """A Chinese term that recurs in a document is rendered differently from its first rendering.

    What it does: finds the nouns, names and noun compounds (股份回购 "share repurchase") that
    occur in two or more segments of a document (jieba), aligns each occurrence with the English
    that renders it (CC-CEDICT glosses, the pinyin of names, the original name the source gives
    in brackets (荷兰合作银行（Rabobank）), the senses of the head character where the word's own
    are not found (赛 "competition" for 大赛 "contest"), association learnt within the document,
    closeness to the first rendering), and flags the occurrences whose rendering
    differs from the one the document started with. Inflections, a surname-only or shortened
    follow-up ("Chung" after "Chung Eui-yong") and an acronym of the first rendering ("WHO")
    count as the same rendering, but not a name written in capitals with another inflection
    inside it ("Ant Financial Service Group" after "Ant Financial Services Group"; a plural
    title, "Foreign Ministers", is grammar). An everyday word
    rendered by another ordinary lower-case word (道路 "road" and "path", 会议 "meeting" and
    "conference") is a synonym, not a term: on newstest2020 such flags were right 5% of the time
    against 15% for the rest, so they are not reported, unless the document first wrote the word
    as part of a name ("the Fair Work Commission", then "the committee": 20% right). Terms in the
    glossary are left to the glossary rules.

    Why it matters: a reader who met "the murals" in the first paragraph and "the frescoes" in
    the fourth wonders whether they are the same paintings. No glossary lists every term of
    every story.

    Example: 壁画 is "murals" in segments 1 and 2 and "frescoes" in segment 3 -> flag
    "frescoes", suggest "murals".
    """

    id = "term-variant"
    severity = Severity.WARNING
    needs_source = True
    uses_matches = True
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
        owned = set(batch.source_table.get_column("m").unique().to_list()) if batch.source_table.height else set()
        for doc in bilingual:
            lo, hi = batch.docs[doc]
            # Longer terms come first; a span already flagged for a compound (纪念设施 "memorial
            # facilities") is not flagged again for the word inside it (设施 "facilities").
            flagged: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
            for use in aligner.document(lo, hi):
                if any(use.term in form for form in owned):
                    continue  # the glossary rules judge terms the glossary has
                for finding in self._use(batch, use):
                    spans = flagged[(finding.line, finding.segment)]
                    if any(s < finding.end and finding.start < e for s, e in spans):
                        continue
                    spans.append((finding.start, finding.end))
                    yield finding

    def _use(self, batch: Batch, use: TermUse) -> Iterator[Finding]:
        groups, away = departures(use)
        if not away:
            return
        first = groups[0]
        summary = ", ".join(f'"{g[0].text}" x{len(g)}' for g in groups)
        # Where the document wrote the reference rendering: SARIF and the review point there too.
        reference = batch.references((o.row, o.start, o.end) for o in first)
        for occ in away:
            yield batch.finding(
                self.id, occ.row, Side.TARGET, occ.start, occ.end,
                f'{use.term} is rendered "{occ.text}" here but "{first[0].text}" where the document '
                f"first uses it ({summary})",
                [suggestion_for(first[0].text, occ.text)],
                related=reference,
            )
