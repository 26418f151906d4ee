"""Provides `termqa score`: corpus metrics (sacrebleu) and term metrics against a glossary.

BLEU, chrF++ and TER come from sacrebleu with its own signatures, formatted as its command line
prints them, so that the numbers agree to the last digit. The term metrics follow the WMT
terminology tasks: term success rate (WMT23: how many glossary terms of the source the
translation renders as the glossary says, exactly or allowing inflection) and term consistency
(WMT25: of a term's occurrences in a document, the share that use the glossary's rendering, the
document's most frequent rendering, or its first rendering; micro over occurrences and macro
over (document, term) pairs).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from termqa.matcher import Matcher
from termqa.model import Glossary, Status

ALLOWED = (Status.APPROVED.value, Status.ALTERNATE.value)


def corpus_metrics(hyps: Sequence[str], refs: Sequence[Sequence[str]]) -> list[dict]:
    """BLEU, chrF++ and TER of `hyps` against one or more reference streams."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    out = []
    for metric in (BLEU(), CHRF(word_order=2), TER()):
        score = metric.corpus_score(list(hyps), [list(r) for r in refs])
        out.append({
            "name": score.name,
            "score": float(score.format(width=1, score_only=True)),
            "signature": str(metric.get_signature()),
        })
    return out


@dataclass
class TermScores:
    """Term metrics of one document or of the whole corpus."""

    occurrences: int = 0
    success: int = 0
    success_exact: int = 0
    consistency: dict[str, list[float]] = field(default_factory=lambda: {"glossary": [], "frequent": [], "first": []})
    consistency_counts: dict[str, list[int]] = field(default_factory=lambda: {"glossary": [0, 0], "frequent": [0, 0],
                                                                              "first": [0, 0]})

    def record(self) -> dict:
        """Builtins for the reporters."""
        def share(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        out = {
            "term_occurrences": self.occurrences,
            "term_success": share(self.success, self.occurrences),
            "term_success_exact": share(self.success_exact, self.occurrences),
        }
        for kind in ("glossary", "frequent", "first"):
            hits, total = self.consistency_counts[kind]
            values = self.consistency[kind]
            out[f"consistency_{kind}_micro"] = share(hits, total)
            out[f"consistency_{kind}_macro"] = round(sum(values) / len(values), 4) if values else None
        return out


def term_metrics(
    sources: Sequence[str], hyps: Sequence[str], docs: Sequence[str], glossary: Glossary
) -> tuple[TermScores, dict[str, TermScores]]:
    """Term success and consistency for the corpus and per document."""
    matcher = Matcher(glossary)
    target, source = matcher.match(list(sources), list(hyps))
    src_count: dict[int, Counter] = defaultdict(Counter)
    for row, entry in source.select("row", "entry").iter_rows():
        src_count[row][entry] += 1
    renderings: dict[int, dict[int, list[tuple[int, str, str]]]] = defaultdict(lambda: defaultdict(list))
    for row, start, entry, status, rkey in target.select("row", "start", "entry", "status", "rkey").iter_rows():
        renderings[row][entry].append((start, status, rkey))
    total = TermScores()
    per_doc: dict[str, TermScores] = defaultdict(TermScores)
    uses: dict[tuple[str, int], list[str]] = defaultdict(list)
    for row, counts in src_count.items():
        doc = docs[row]
        for entry, n in counts.items():
            found = sorted(renderings[row].get(entry, []))
            allowed = [r for r in found if r[1] in ALLOWED]
            forms = {f for e in (matcher.entries[entry],) for f in (e.target, *e.alternates)}
            exact = sum(hyps[row].count(f) for f in forms)
            for scores in (total, per_doc[doc]):
                scores.occurrences += n
                scores.success += min(n, len(allowed))
                scores.success_exact += min(n, exact)
            # Consistency counts what each occurrence was rendered as (unrendered: "").
            keys = [r[2] for r in found[:n]] + [""] * max(0, n - len(found))
            uses[(doc, entry)].extend(keys)
    for (doc, entry), keys in uses.items():
        if len(keys) < 2:
            continue
        approved = matcher.key_of_target(entry)
        counts = Counter(k for k in keys if k)
        frequent = counts.most_common(1)[0][0] if counts else ""
        first = next((k for k in keys if k), "")
        for scores in (total, per_doc[doc]):
            for kind, ref in (("glossary", approved), ("frequent", frequent), ("first", first)):
                hits = sum(1 for k in keys if k and k == ref)
                scores.consistency_counts[kind][0] += hits
                scores.consistency_counts[kind][1] += len(keys)
                scores.consistency[kind].append(hits / len(keys))
    return total, dict(per_doc)
