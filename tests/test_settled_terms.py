"""term-variant leaves the terms a glossary has to the glossary rules. The aligner still aligns
them, because a longer term takes its English words from shorter ones (澳门大学 "University of
Macao" before 澳门高校 "Macao universities"), but it neither looks for their respellings nor
returns them (Aligner.document's `settled`): the findings must be those of aligning everything
and dropping the glossary's terms afterwards.
"""

from __future__ import annotations

from termqa.align import Aligner, register_terms
from termqa.checks import Batch
from termqa.checks.variants import _owned
from termqa.engine import Engine, Options
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.model import Segment

from .conftest import ROOT
from .realpairs import mqm_rows


def _engine() -> Engine:
    return Engine(load_glossary(["builtin:news"], None), Options(select=["term-variant"]))


def _macao_document() -> list[Segment]:
    """newstest2020's report of the second Macao stem-cell symposium, every system's output of
    the sentence that names both 澳门大学 (a glossary entry) and 澳门高校 (not one)."""
    found: dict[tuple[str, str], None] = {}
    for row in mqm_rows():
        if "澳门大学" in row["source"] and "澳门高校" in row["source"]:
            found[(row["source"], row["mt"])] = None
    assert len(found) >= 5
    return [Segment("macao.tsv", n + 2, str(n + 1), "macao", source, target)
            for n, (source, target) in enumerate(found)]


def _documents(engine: Engine, segments: list[Segment]):
    for part, docs in engine._batches(segments):
        batch = Batch(part, docs, engine.matcher, engine.severities)
        register_terms(batch.matcher.entries)
        yield batch, _owned(batch)


def _uses(batch: Batch, doc: int, settled: str = "", without: str = ""):
    """Aligner.document of one document; `without`: the terms inside it dropped before aligning."""
    aligner = Aligner(batch.sources, batch.targets, compounds=True)
    if without:
        aligner.words = [tuple(w for w in words if w[0] not in without) for words in aligner.words]
    return aligner.document(*batch.docs[doc], settled=settled)


def test_settled_terms_are_aligned_for_the_words_they_take_and_not_returned():
    engine = _engine()
    (batch, owned), = _documents(engine, _macao_document())
    settled = owned[0]
    assert "澳门大学" in settled
    everything = _uses(batch, 0)
    uses = _uses(batch, 0, settled=settled)
    assert uses == [u for u in everything if u.term not in settled]
    assert {u.term for u in everything} - {u.term for u in uses} >= {"澳门大学"}
    # 澳门大学, aligned first, keeps "University of Macao" for itself: 澳门高校 is "Macao universities".
    college = next(u for u in uses if u.term == "澳门高校")
    assert not any("University" in o.text for o in college.occurrences)
    # Not aligned at all, it would leave those words to 澳门高校.
    unaligned = next(u for u in _uses(batch, 0, without=settled) if u.term == "澳门高校")
    assert any("University" in o.text for o in unaligned.occurrences)


def test_settled_terms_change_nothing_else_on_the_sample_corpora():
    """Every document of corpora/ with the bundled glossary: the same uses as aligning every
    term and dropping the glossary's afterwards."""
    engine = _engine()
    settled_terms = 0
    for path in sorted((ROOT / "corpora").iterdir()):
        for batch, owned in _documents(engine, list(read_corpus(str(path), None, None))):
            for doc in range(len(batch.docs)):
                settled = owned.get(doc, "")
                everything = _uses(batch, doc)
                assert _uses(batch, doc, settled=settled) == [u for u in everything if u.term not in settled]
                settled_terms += sum(1 for u in everything if u.term in settled)
    assert settled_terms >= 10


# 大赛 is the glossary's; 赛事 is not. In segment 2 the dictionary's "contest" is missing, and
# 大赛 takes "competition" by the senses of its head character 赛 (Aligner._by_head): 赛事, said
# in the same sentence, must not take that word as its own rendering.
CONTEST = (
    "doc\tsource\ttarget\n"
    "c\t大赛今天在澳门开幕。\tThe contest opened in Macao today.\n"
    "c\t大赛吸引了很多观众，赛事十分激烈。\tThe competition attracted many spectators and was very fierce.\n"
    "c\t这场赛事非常精彩。\tThe competition was very exciting.\n"
    "c\t赛事结束后，观众离开了体育馆。\tAfter the competition, the spectators left the stadium.\n"
)


def _rendered(uses, term: str) -> list[tuple[int, str]]:
    return [(o.row, o.text) for u in uses if u.term == term for o in u.occurrences]


def test_a_settled_term_takes_the_words_its_head_character_finds(tmp_path):
    (tmp_path / "contest.tsv").write_text(CONTEST, encoding="utf-8")
    (tmp_path / "glossary.csv").write_text("source,target,type\n大赛,contest,term\n", encoding="utf-8")
    engine = Engine(load_glossary([str(tmp_path / "glossary.csv")], None), Options(select=["term-variant"]))
    (batch, owned), = _documents(engine, list(read_corpus(str(tmp_path / "contest.tsv"), None, None)))
    everything = _uses(batch, 0)
    assert _rendered(everything, "大赛") == [(0, "contest"), (1, "competition")]
    uses = _uses(batch, 0, settled=owned[0])
    assert "大赛" not in {u.term for u in uses}
    assert _rendered(uses, "赛事") == [(2, "competition"), (3, "competition")]
    assert uses == [u for u in everything if u.term not in owned[0]]
