"""Provides `termqa glossary extract`: a proposed glossary, learnt from a bilingual corpus.

Every document is aligned the way `term-variant` aligns it (termqa.align); the occurrences of
each Chinese noun or name are then pooled over the corpus and grouped by rendering. A proposal
is the term, its renderings with counts (best first), how consistently it is rendered, and the
documents where it is rendered more than one way. The most frequent rendering becomes the
approved one; the others stay in the note for the terminologist to judge (an alternate admitted
by mistake would hide every later error).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from termqa.align import Aligner, Occurrence, departures, register_terms, same_rendering
from termqa.fileio.glossary import slug
from termqa.model import EntityType, Glossary, GlossaryEntry, Segment
from termqa.normalize import to_simplified

_TYPES = {"nr": EntityType.PERSON, "nrfg": EntityType.PERSON, "nrt": EntityType.PERSON,
          "ns": EntityType.PLACE, "nt": EntityType.ORGANIZATION}


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed glossary entry.

    Attributes:
        term: The Chinese term, simplified.
        forms: The term as written in the corpus (simplified and traditional), simplified first.
        type: Person, place or organisation for names jieba tags as such; term otherwise.
        renderings: (rendering, occurrences) pairs, most frequent first.
        documents: Documents in which the term was aligned.
        inconsistent: Documents in which it is rendered two or more ways.
    """

    term: str
    forms: tuple[str, ...]
    type: EntityType
    renderings: tuple[tuple[str, int], ...]
    documents: int
    inconsistent: tuple[str, ...]

    @property
    def occurrences(self) -> int:
        """Aligned occurrences in the corpus."""
        return sum(n for _, n in self.renderings)

    @property
    def consistency(self) -> float:
        """Share of the occurrences that use the most frequent rendering."""
        return self.renderings[0][1] / self.occurrences if self.renderings else 0.0


def _documents(segments: Iterable[Segment]) -> dict[tuple[str, str], list[Segment]]:
    docs: dict[tuple[str, str], list[Segment]] = {}
    for seg in segments:
        if seg.source:
            docs.setdefault((seg.path, seg.doc), []).append(seg)
    return docs


def _pool(pool: list[list[Occurrence]], groups: list[list[Occurrence]]) -> None:
    """Add one document's renderings of a term to the corpus-wide ones.

    A document's rendering joins a corpus-wide rendering it counts as the same as (see
    `same_rendering`), but two renderings the document keeps apart are never joined: "China" and
    "Mainland" for 内地 stay two renderings even when another document wrote "Mainland China",
    which contains both. So the renderings listed always show why a document is split.
    """
    joined: set[int] = set()
    for group in groups:
        for n, known in enumerate(pool):
            if n not in joined and same_rendering(known[0], group[0]):
                known.extend(group)
                joined.add(n)
                break
        else:
            joined.add(len(pool))
            pool.append(list(group))


def extract(segments: Iterable[Segment], known: Glossary | None = None, min_count: int = 2,
            terms: Iterable[str] = ()) -> list[Proposal]:
    """Propose glossary entries for the nouns and names of a bilingual corpus.

    Args:
        segments: The corpus; target-only segments are skipped.
        known: Terms of this glossary are not proposed again.
        min_count: Fewest aligned occurrences for a proposal.
        terms: Chinese terms to align whole wherever they occur, whatever the segmenter makes
            of them: a termbase's source side, whose renderings in the corpus are wanted.

    Returns:
        Proposals, most frequent term first.
    """
    register_terms(known.entries if known else ())
    # A term the segmenter cuts (外汇基金票据, 储值支付工具) is found only as its parts; made a
    # word of its own it is aligned, and counted, as the term it is.
    register_terms(GlossaryEntry(f"term-{n}", (term,), term) for n, term in enumerate(terms))
    skip = {to_simplified(form) for entry in (known.entries if known else ()) for form in entry.sources}
    pooled: dict[str, list[list[Occurrence]]] = {}
    surfaces: dict[str, Counter[str]] = {}
    tags: dict[str, Counter[str]] = {}
    docs_of: dict[str, set[str]] = {}
    split: dict[str, list[str]] = {}
    for (_path, doc), segs in _documents(segments).items():
        sources = [s.source for s in segs]
        # A proposal that names a second rendering sends the terminologist to read the document:
        # one that merely translates other words of its sentence is left out (Aligner._borrowed).
        aligner = Aligner(sources, [s.target for s in segs], compounds=True, borrowed_apart=True)
        for use in aligner.document(0, len(segs), min_count=1):
            if use.term in skip or not use.occurrences:
                continue
            groups, away = departures(use)
            _pool(pooled.setdefault(use.term, []), groups)
            tags.setdefault(use.term, Counter())[use.tag] += 1
            docs_of.setdefault(use.term, set()).add(doc)
            forms = surfaces.setdefault(use.term, Counter())
            for occ in use.occurrences:
                forms[(sources[occ.row] or "")[occ.zh_start:occ.zh_end]] += 1
            if away:
                split.setdefault(use.term, []).append(doc)
    proposals = []
    for term, pool in pooled.items():
        if sum(len(g) for g in pool) < min_count:
            continue
        groups = sorted(pool, key=len, reverse=True)
        renderings = tuple((Counter(o.text for o in g).most_common(1)[0][0], len(g)) for g in groups)
        forms = (term, *sorted(f for f in surfaces[term] if f and f != term))
        tag = tags[term].most_common(1)[0][0]
        kind = EntityType.ORGANIZATION if tag == "cnt" else _TYPES.get(tag, EntityType.TERM)
        proposals.append(Proposal(term, forms, kind, renderings,
                                  len(docs_of[term]), tuple(split.get(term, ()))))
    proposals.sort(key=lambda p: (-p.occurrences, p.term))
    return proposals


def to_glossary(proposals: list[Proposal]) -> Glossary:
    """The proposals as glossary entries: the most frequent rendering approved, the rest in the note."""
    entries = []
    used: set[str] = set()
    for p in proposals:
        base = slug(p.renderings[0][0])
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        counts = ", ".join(f"{text} x{count}" for text, count in p.renderings)
        note = (f"proposed by termqa glossary extract: {counts}; {p.documents} document"
                f"{'s' if p.documents != 1 else ''}; consistency {p.consistency:.2f}")
        if p.inconsistent:
            note += f"; rendered more than one way in {', '.join(sorted(p.inconsistent))}"
        entries.append(GlossaryEntry(ident, p.forms, p.renderings[0][0], type=p.type, note=note))
    return Glossary(tuple(entries))
