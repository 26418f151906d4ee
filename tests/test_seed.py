"""The seed article: what termqa exists to catch, with and without a glossary."""

from __future__ import annotations

from pathlib import Path

from termqa.engine import Engine
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.model import EntityType, Glossary, GlossaryEntry

from .conftest import ROOT

SEED_GLOSSARY = Glossary((
    GlossaryEntry("chung-eui-yong", ("郑义溶",), "Chung Eui-yong", forbidden=("Zheng Yirong", "Zheng Yi"),
                  type=EntityType.PERSON),
    GlossaryEntry("forced-labor", ("强征劳工",), "forced labor", forbidden=("requisition of labor",)),
    GlossaryEntry("china-news-service", ("中新社",), "China News Service", forbidden=("China News Agency",),
                  type=EntityType.ORGANIZATION),
))


def _run(glossary: Glossary, path: Path) -> list:
    return list(Engine(glossary).run(read_corpus(str(path))))


def test_the_seed_glossary_flags_every_wrong_name_and_term_with_the_right_suggestion(seed):
    found = {(f.text, f.rule, f.suggestions[0] if f.suggestions else None) for f in _run(SEED_GLOSSARY, seed)}
    assert ("Zheng Yirong", "term-forbidden", "Chung Eui-yong") in found
    # The reading of 郑义 runs on over "dissolved" (溶 translated as a word): one wrong rendering.
    assert ("Zheng Yi dissolved", "term-forbidden", "Chung Eui-yong") in found
    assert ("Zheng Yi", "term-forbidden", "Chung Eui-yong") not in found
    assert ("requisition of labor", "term-forbidden", "forced labor") in found
    assert ("China News Agency", "term-forbidden", "China News Service") in found
    assert ("major major", "repeated-word", "major") in found


def test_the_seed_glossary_flags_both_zheng_yirong_occurrences_at_their_offsets(seed):
    lines = seed.read_text(encoding="utf-8").splitlines()
    spans = [(f.line, f.start, f.end) for f in _run(SEED_GLOSSARY, seed) if f.text == "Zheng Yirong"]
    assert len(spans) == 2
    for line, start, end in spans:
        assert lines[line - 1][start:end] == "Zheng Yirong"


def test_nothing_about_motegi_or_comfort_women_is_flagged(seed):
    for glossary in (SEED_GLOSSARY, load_glossary([str(ROOT / "glossaries")]), Glossary()):
        texts = " ".join(f.text for f in _run(glossary, seed))
        assert "Motegi" not in texts
        assert "comfort" not in texts.lower()


def test_without_a_glossary_the_variants_and_the_repeat_are_still_flagged(seed):
    found = {(f.text, f.rule, f.suggestions[0]) for f in _run(Glossary(), seed)}
    assert ("Zheng Yi", "name-variant", "Zheng Yirong") in found
    assert ("China News Agency", "name-variant", "China News Service") in found
    assert ("major major", "repeated-word", "major") in found


def test_the_bundled_glossary_catches_the_seed_errors_too(seed):
    found = {(f.text, f.rule) for f in _run(load_glossary([str(ROOT / "glossaries")]), seed)}
    assert {("Zheng Yirong", "term-forbidden"), ("Zheng Yi dissolved", "term-forbidden"),
            ("requisition of labor", "term-forbidden"), ("China News Agency", "term-forbidden")} <= found
