"""The aligner behind term-variant and glossary extract: which English renders a Chinese term."""

from __future__ import annotations

from termqa.align import Aligner, register_terms
from termqa.model import GlossaryEntry


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


def test_an_acronym_the_document_uses_for_a_term_beats_a_rare_head_sense():
    # 金管局 is not in CC-CEDICT; its head 局 means "situation" too, which one sentence happens to
    # use. The acronym found beside the term in every other sentence is its rendering.
    got = _renderings(
        ["金管局公布新措施。", "金管局表示，市场情况稳定。", "金管局加强监管。", "金管局发出牌照。",
         "金管局推出新计划。", "金管局成立基金。"],
        ["The HKMA announced new measures.", "The HKMA said the market situation was stable.",
         "The HKMA strengthened supervision.", "The HKMA issued licences.",
         "The HKMA launched a new scheme.", "The HKMA set up a fund."],
    )
    assert got["金管局"] == ["HKMA"] * 6


def test_a_head_sense_the_document_uses_still_renders_an_unknown_term():
    # 纪念币 is not in the dictionary; 币 "coin" stands in most of its sentences.
    got = _renderings(
        ["央行发行纪念币。", "纪念币将于周一发售。", "纪念币面额为10元。"],
        ["The central bank issued commemorative coins.", "The coins go on sale on Monday.",
         "The coin has a face value of 10 yuan."],
    )
    assert got["纪念币"] == ["coins", "coins", "coin"]


def test_a_registered_term_the_dictionary_lacks_is_aligned_by_its_words():
    # 认可机构 made one word of the segmenter (a glossary or term list has it) is not in CC-CEDICT;
    # cut into 认可 / 机构 it aligns with "institutions", not with the "HKMA" of every sentence.
    register_terms([GlossaryEntry("ai", ("認可機構",), "authorized institution")])
    got = _renderings(
        ["金管局监管认可机构。", "金管局与认可机构会面。", "认可机构须遵守金管局指引。"],
        ["The HKMA supervises authorized institutions.", "The HKMA met authorized institutions.",
         "Authorized institutions must follow HKMA guidelines."],
    )
    assert got["认可机构"] == ["institutions"] * 3


def test_what_is_kept_per_row_is_the_current_documents_only():
    # A batch is aligned document by document; the rows of the documents done are not kept
    # (25,000 real segments kept whole cost a process 270 MB). The seed's names in two articles.
    sources = ["郑义溶与茂木敏充举行会谈。", "郑义溶表示，双方同意加强合作。", "中新社记者报道了会谈。", "中新社发布了照片。"]
    targets = ["Chung Eui-yong held talks with Toshimitsu Motegi.", "Zheng Yirong said the two sides agreed.",
               "A China News Service reporter covered the talks.", "China News Agency released photos."]
    aligner = Aligner(sources, targets, compounds=True)
    first = aligner.document(0, 2)
    assert {use.term for use in first} >= {"郑义溶"}
    second = aligner.document(2, 4)
    assert {use.term for use in second} >= {"中新社"}
    kept = {*aligner._tokens, *aligner._capitalised, *aligner._source_glosses, *aligner._gloss_index, *aligner._indexes}
    assert kept and kept <= {2, 3}
    # And a document aligned again is aligned as it was the first time.
    assert aligner.document(0, 2) == first == Aligner(sources, targets, compounds=True).document(0, 2)
