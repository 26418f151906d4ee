"""The aligner behind term-variant and glossary extract: which English renders a Chinese term."""

from __future__ import annotations

from termqa.align import Aligner


def _renderings(sources: list[str], targets: list[str]) -> dict[str, list[str]]:
    aligner = Aligner(sources, targets, compounds=True)
    return {use.term: [o.text for o in use.occurrences] for use in aligner.document(0, len(sources))}


def test_a_run_with_a_word_twice_is_cut_at_the_link_word():
    # "enterprises and dominant private enterprises" is two renderings: 国有企业 keeps its
    # "enterprises", 优势民营企业 is "dominant private enterprises".
    got = _renderings(
        ["湖南省国资委开展“国有企业与优势民营企业”调研活动。", "国有企业与优势民营企业合作。"],
        ['The provincial SASAC ran a study of "State-owned enterprises and dominant private enterprises".',
         "State-owned enterprises and dominant private enterprises cooperate."],
    )
    assert got["国有企业"] == ["State-owned enterprises"] * 2
    assert got["优势民营企业"] == ["dominant private enterprises"] * 2


def test_a_link_word_still_joins_a_name():
    got = _renderings(
        ["中国科学院发布报告。", "中国科学院表示。"],
        ["The Chinese Academy of Sciences released a report.", "The Chinese Academy of Sciences said."],
    )
    assert got["中国科学院"] == ["Chinese Academy of Sciences"] * 2
