"""Which form name-variant and term-variant suggest: the one the document uses most; on a tie the
standard spelling (CC-CEDICT's, or a correctly spelt word), then the first."""

from __future__ import annotations

from termqa.align import Occurrence
from termqa.checks.names import misspelt, preferred_form
from termqa.checks.variants import Rendering, reference_rendering
from termqa.engine import Engine, Options
from termqa.model import Glossary, Segment


def _rendering(text: str, key: tuple[str, ...], rows: list[int]) -> Rendering:
    return Rendering(tuple(Occurrence(r, 0, 2, 0, len(text), text, key) for r in rows))


def test_misspelt_counts_words_that_are_neither_english_nor_pinyin():
    assert misspelt("Houston") == 0
    assert misspelt("Huston") == 1
    assert misspelt("Sun Ruizhe") == 0
    assert misspelt("Sun Ruizge") == 1
    assert misspelt("Tianjin Zhou Dafuproject") == 1  # a word glued to another
    assert misspelt("Li ZhenhuaZhenhua") == 1  # four syllables: a name written twice


def test_a_name_the_dictionary_misspells_once_is_still_misspelt():
    assert misspelt("Bejing") == 1  # "Bejing University" stands in one CC-CEDICT gloss


def test_preferred_form_most_used_then_spelling_then_first():
    counts = {"Huston": 1, "Houston": 2}
    assert preferred_form(["Huston", "Houston"], counts.__getitem__) == "Houston"
    ties = {"Huston": 1, "Houston": 1}
    assert preferred_form(["Huston", "Houston"], ties.__getitem__) == "Houston"
    firsts = {"Keqiao": 3, "Ke Qiao": 3}  # both spelt right: the first
    assert preferred_form(["Keqiao", "Ke Qiao"], firsts.__getitem__) == "Keqiao"


def test_reference_rendering_is_the_most_used_not_the_first():
    usa = _rendering("USA", ("usa",), [0])
    states = _rendering("United States", ("unit", "state"), [1, 2, 3])
    assert reference_rendering("美国", [usa, states]) is states


def test_reference_rendering_on_a_tie_is_what_cc_cedict_gives():
    guidelines = _rendering("guidelines", ("guidelin",), [0])
    guide = _rendering("guide", ("guid",), [1])
    assert reference_rendering("指南", [guidelines, guide]) is guide


def test_reference_rendering_on_a_tie_between_respellings_is_the_correct_spelling():
    huston = _rendering("Huston", ("huston",), [0])
    houston = _rendering("Houston", ("houston",), [1])
    assert reference_rendering("未知地名", [huston, houston]) is houston


def test_reference_rendering_on_a_tie_of_two_names_is_not_decided_by_spelling():
    # "Rabobank" is in no dictionary, but it is no misspelling of "Holland Cooperative Bank".
    rabobank = _rendering("Rabobank", ("rabobank",), [0])
    holland = _rendering("Holland Cooperative Bank", ("holland", "cooper", "bank"), [1])
    assert reference_rendering("荷兰合作银行", [rabobank, holland]) is rabobank


def test_reference_rendering_is_glued_debris_never():
    glued = _rendering("Hong Kong PressHong Kong Press", ("hong", "kong", "presshong", "kong", "press"), [0, 1, 2])
    media = _rendering("Hong Kong media", ("hong", "kong", "media"), [3, 4])
    assert reference_rendering("香港新闻界", [glued, media]) is media


def _run(rule: str, pairs: list[tuple[str, str]]) -> list:
    segments = [Segment("t.tsv", n + 2, str(n + 1), "d1", src or None, tgt) for n, (src, tgt) in enumerate(pairs)]
    return list(Engine(Glossary(()), Options(select=[rule])).run(segments))


def test_term_variant_message_and_related_name_the_reference():
    found = _run("term-variant", [
        ("首都交通志愿者上岗。", "Capital Transportation Volunteers went on duty."),
        ("交通志愿者在路口服务。", "Traffic Volunteers served at the crossings."),
        ("首都交通志愿者分指挥部表示。", "The Capital Traffic Volunteers headquarters said."),
    ])
    assert [f.text for f in found] == ["Transportation Volunteers"]
    f = found[0]
    assert f.suggestions == ("Traffic Volunteers",)
    assert '"Traffic Volunteers" in 2 places' in f.message
    assert [(r.line - 2, r.text) for r in f.related] == [(1, "Traffic Volunteers"), (2, "Traffic Volunteers")]


def test_name_variant_message_and_related_name_the_reference():
    found = _run("name-variant", [("", "Ships left the Port of Huston."), ("", "The Port of Houston grew."),
                                  ("", "The Port of Houston rested.")])
    assert [f.text for f in found] == ["Port of Huston"]
    f = found[0]
    assert f.suggestions == ("Port of Houston",)
    assert f.message.startswith('"Port of Huston" looks like "Port of Houston"')
    assert [(r.line - 2, r.text) for r in f.related] == [(1, "Port of Houston"), (2, "Port of Houston")]


def test_a_place_word_has_no_head_senses():
    # 剧中 is "in the play": 中 is no head noun, and "China" renders nothing of it.
    from termqa.align import term_stems

    assert "china" not in term_stems("剧中", "n")
    assert "competit" in term_stems("大赛", "n")  # 赛 of 大赛 is its head


def test_a_name_departs_only_where_the_dictionary_gives_it():
    from termqa.checks.variants import departs

    office = _rendering("Affairs Office", ("affair", "offic"), [0])
    cpc = _rendering("CPC", ("cpc",), [1, 2])
    targets = ["the Affairs Office", "the CPC", "the CPC"]
    assert not departs(office, cpc, frozenset({"cpc", "communist", "parti"}), [None] * 3, targets)
    assert departs(office, cpc, frozenset({"cpc", "affair", "offic"}), [None] * 3, targets)


def test_a_rendering_run_into_itself_departs_whatever_the_dictionary_says():
    from termqa.checks.variants import departs

    glued = _rendering("OpinionsOpinions", ("opinionsopinion",), [0])
    single = _rendering("Opinion", ("opinion",), [1, 2])
    targets = ["the OpinionsOpinions", "the Opinion", "the Opinion"]
    assert departs(glued, single, frozenset(), [None] * 3, targets)


def test_an_acronym_holding_the_initials_is_one_rendering():
    from termqa.checks.variants import merged

    long_ = Occurrence(0, 0, 2, 0, 26, "China Democracy Foundation", ("china", "democraci", "foundat"))
    short = Occurrence(1, 0, 2, 0, 4, "MCDF", ("mcdf",))
    assert len(merged([[long_], [short]])) == 1


def _use_findings(term: str, targets: list[str], spans: list[tuple[int, str]]) -> list:
    """term-variant on hand-made alignments: (row, rendering) places, the first occurrence of each."""
    from termqa import lexicon
    from termqa.align import TermUse, target_tokens
    from termqa.checks.base import Batch
    from termqa.checks.variants import TermVariant
    from termqa.matcher import Matcher

    segments = [Segment("t.tsv", n + 2, str(n + 1), "d1", term, t) for n, t in enumerate(targets)]
    batch = Batch(segments, [(0, len(segments))], Matcher(Glossary(())))
    occurrences = []
    for row, text in spans:
        start = targets[row].index(text)
        # Word by word, hyphenated words part by part, as the aligner keys a rendering.
        key = tuple(lexicon.stem(part) for _s, b, e in target_tokens(targets[row]) if start <= b < start + len(text)
                    for part in targets[row][b:e].split("-") if part)
        occurrences.append(Occurrence(row, 0, len(term), start, start + len(text), text, key))
    use = TermUse(term, "ns", tuple(range(len(targets))), tuple(occurrences))
    return list(TermVariant()._use(batch, use))


def test_a_fragment_beside_the_rest_of_the_reference_does_not_depart():
    # The aligner found only "Arabia" of "Saudi Arabia" (another term took "Saudi"), and "Saudi"
    # alone elsewhere: one is the other written out, and neither departs.
    targets = ["It grew in Saudi Arabia.", "Artists in Saudi Arabia met.", "Saudi audiences came."]
    assert _use_findings("沙特", targets, [(0, "Arabia"), (1, "Arabia"), (2, "Saudi")]) == []
    targets = ["Saudi audiences came.", "Saudi artists met.", "It grew in Saudi Arabia."]
    assert _use_findings("沙特", targets, [(0, "Saudi"), (1, "Saudi"), (2, "Arabia")]) == []


def test_a_noun_and_its_adjective_at_the_head_are_one_rendering():
    from termqa.checks.variants import merged

    noun = Occurrence(0, 0, 2, 0, 16, "Iran's President", ("iran", "presid"))
    adjective = Occurrence(1, 0, 2, 0, 19, "Iran's presidential", ("iran", "presidenti"))
    assert len(merged([[noun], [adjective]])) == 1


def test_a_fragment_of_a_hyphenated_compound_does_not_depart():
    targets = ["Hong Kong grew.", "Hong Kong rested.", "The Guangdong-Hong Kong-Macao Greater Bay Area grew."]
    assert _use_findings("香港", targets, [(0, "Hong Kong"), (1, "Hong Kong"), (2, "Kong-Macao")]) == []


def test_an_occurrence_beside_the_reference_in_its_sentence_is_a_wrong_alignment():
    targets = ["The Summer Palace Management Office said.", "The Management Office agreed.",
               "The Cultural Relics Department of the Summer Palace Management Office spoke."]
    spans = [(0, "Office"), (1, "Office"), (2, "Department")]
    assert _use_findings("管理处", targets, spans) == []
    # Without "Office" in the sentence, "Department" is a second rendering.
    targets[2] = "The Cultural Relics Department spoke."
    assert [f.text for f in _use_findings("管理处", targets, spans)] == ["Department"]
