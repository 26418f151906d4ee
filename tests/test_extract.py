"""`termqa glossary extract`: proposals from a bilingual corpus written by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from termqa.align import _parts, register_terms
from termqa.cli import main
from termqa.extract import extract, to_glossary
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import read_glossary_file, read_terms
from termqa.model import EntityType, Glossary, GlossaryEntry

ROWS = [
    ("murals-a", "1", "天津妈祖庙壁画修复完成。", "The restoration of the murals in the Tianjin Mazu Temple is complete."),
    ("murals-a", "2", "近年来，壁画出现了破裂。", "In recent years, cracks have appeared in the murals."),
    ("murals-a", "3", "修复后，保持了原有壁画的风貌。", "After restoration, the original frescoes kept their style."),
    ("murals-b", "1", "敦煌壁画展在北京开幕。", "An exhibition of Dunhuang murals opened in Beijing."),
    ("murals-b", "2", "观众近距离欣赏壁画。", "Visitors viewed the mural up close."),
    ("murals-b", "3", "展览持续到十月。", "The exhibition runs until October."),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "news.tsv"
    lines = ["doc\tid\tsource\ttarget"] + ["\t".join(r) for r in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _proposal(proposals, term):
    return next(p for p in proposals if p.term == term)


def test_renderings_are_counted_and_the_split_document_named(corpus):
    proposals = extract(read_corpus(str(corpus)))
    mural = _proposal(proposals, "壁画")
    # "murals" and "mural" are one rendering; "frescoes" another, only in the first document.
    assert mural.renderings == (("murals", 4), ("frescoes", 1))
    assert mural.documents == 2
    assert mural.inconsistent == ("murals-a",)
    assert mural.consistency == pytest.approx(0.8)
    assert mural.type is EntityType.TERM
    # Most frequent first.
    assert proposals[0].occurrences >= proposals[-1].occurrences


def test_min_count_and_known_terms_leave_terms_out(corpus):
    assert "壁画" not in {p.term for p in extract(read_corpus(str(corpus)), min_count=6)}
    known = Glossary((GlossaryEntry("mural", ("壁畫",), "mural"),))  # traditional form in the glossary
    assert "壁画" not in {p.term for p in extract(read_corpus(str(corpus)), known)}


def test_to_glossary_approves_the_most_frequent_rendering_and_keeps_the_rest_in_the_note(corpus):
    glossary = to_glossary(extract(read_corpus(str(corpus))))
    entry = next(e for e in glossary.entries if e.sources[0] == "壁画")
    assert entry.target == "murals"
    assert entry.alternates == () and entry.forbidden == ()
    assert "murals x4, frescoes x1" in entry.note
    assert "rendered more than one way in murals-a" in entry.note
    assert len({e.id for e in glossary.entries}) == len(glossary.entries)


@pytest.mark.parametrize("ext", ["csv", "tsv", "tbx"])
def test_cli_writes_a_glossary_that_termqa_reads_back(corpus, tmp_path, capsys, ext):
    out = tmp_path / f"proposed.{ext}"
    assert main(["glossary", "extract", str(corpus), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "proposed from 2 documents (6 segments)" in err
    assert "1 rendered more than one way within a document" in err
    entries = read_glossary_file(str(out))
    entry = next(e for e in entries if e.sources[0] == "壁画")
    assert entry.target == "murals" and "frescoes x1" in entry.note
    assert main(["glossary", "validate", str(out)]) == 0


def test_cli_refuses_to_overwrite_and_keeps_a_backup_with_force(corpus, tmp_path, capsys):
    out = tmp_path / "proposed.csv"
    out.write_text("precious\n", encoding="utf-8")
    assert main(["glossary", "extract", str(corpus), "-o", str(out)]) == 2
    assert "exists; pass --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert main(["glossary", "extract", str(corpus), "-o", str(out), "--force"]) == 0
    assert (tmp_path / "proposed.csv~").read_text(encoding="utf-8") == "precious\n"


def test_cli_needs_bilingual_input(tmp_path, capsys):
    text = tmp_path / "story.en.txt"
    text.write_text("The murals were restored.\nThe frescoes were restored.\n", encoding="utf-8")
    assert main(["glossary", "extract", str(text), "-o", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("termqa: error:") and "bilingual" in err
    assert not (tmp_path / "out.csv").exists()


def test_cli_skips_the_terms_of_a_given_glossary(corpus, tmp_path):
    known = tmp_path / "known.csv"
    known.write_text("id,source,target,alternates,forbidden,type,note\nmural,壁画,mural,fresco,,term,\n", encoding="utf-8")
    out = tmp_path / "proposed.csv"
    assert main(["glossary", "extract", str(corpus), "-g", str(known), "-o", str(out)]) == 0
    assert all("壁画" not in e.sources for e in read_glossary_file(str(out)))


def test_cli_reads_tmx_and_paired_files(tmp_path):
    units = "".join(
        f'<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>\n'
        for _, _, zh, en in ROWS[:3]
    )
    tmx = tmp_path / "murals.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
                   'adminlang="en" datatype="plaintext" segtype="sentence" o-tmf="x" creationtool="t" '
                   f'creationtoolversion="1"/><body>\n{units}</body></tmx>\n', encoding="utf-8")
    out = tmp_path / "from-tmx.csv"
    assert main(["glossary", "extract", str(tmx), "-o", str(out)]) == 0
    entry = next(e for e in read_glossary_file(str(out)) if e.sources[0] == "壁画")
    assert "murals x2, frescoes x1" in entry.note
    zh, en = tmp_path / "a.zh", tmp_path / "a.en"
    zh.write_text("".join(r[2] + "\n" for r in ROWS[:3]), encoding="utf-8")
    en.write_text("".join(r[3] + "\n" for r in ROWS[:3]), encoding="utf-8")
    out2 = tmp_path / "from-pair.csv"
    assert main(["glossary", "extract", "--source", str(zh), "--target", str(en), "-o", str(out2)]) == 0
    paired = next(e for e in read_glossary_file(str(out2)) if e.sources[0] == "壁画")
    assert "murals x2, frescoes x1" in paired.note and "rendered more than one way in" in paired.note


def _write(tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    path = tmp_path / "corpus.tsv"
    path.write_text("\n".join(["doc\tid\tsource\ttarget"] + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


def test_an_everyday_word_rendered_by_a_lower_case_synonym_is_not_counted_as_split(tmp_path):
    # 会议 is everyday vocabulary: "meeting" and "conference" are synonyms, as term-variant judges.
    rows = [
        ("d", "1", "会议在北京举行。", "The meeting was held in Beijing."),
        ("d", "2", "会议讨论了贸易问题。", "The conference discussed trade issues."),
        ("d", "3", "壁画修复完成。", "The restoration of the murals is complete."),
        ("d", "4", "壁画出现了破裂。", "Cracks have appeared in the frescoes."),
    ]
    proposals = extract(read_corpus(str(_write(tmp_path, rows))))
    meeting = _proposal(proposals, "会议")
    assert [r for r, _ in meeting.renderings] == ["meeting", "conference"]  # both still listed
    assert meeting.inconsistent == ()
    assert _proposal(proposals, "壁画").inconsistent == ("d",)


def test_a_compound_with_a_verb_inside_is_proposed_but_not_one_ending_in_a_verb(tmp_path):
    # jieba tags 组合 a verb: 资产组合 (asset portfolio) is still a term. 基金宣布 (fund
    # announced) ends in a verb and is not.
    rows = [
        ("d", "1", "资产组合的回报率上升。", "The return on the asset combination rose."),
        ("d", "2", "基金宣布调整资产组合。", "The fund announced an adjustment to the asset portfolio."),
        ("d", "3", "基金宣布新的资产组合。", "The fund announced a new asset combination."),
    ]
    proposals = extract(read_corpus(str(_write(tmp_path, rows))))
    terms = {p.term for p in proposals}
    assert "资产组合" in terms
    assert "基金宣布" not in terms
    assert _proposal(proposals, "资产组合").renderings[0] == ("asset combination", 2)


def test_a_rendering_never_runs_across_punctuation(tmp_path):
    rows = [
        ("d", "1", "机构投资者增加。", "Institutional investors, private institutional investors and banks grew."),
        ("d", "2", "机构投资者减少。", "Institutional investors shrank."),
    ]
    proposals = extract(read_corpus(str(_write(tmp_path, rows))))
    texts = {r for p in proposals for r, _ in p.renderings}
    assert not any("," in t for t in texts), texts


def test_the_renderings_listed_show_why_a_document_is_split(tmp_path):
    # In "b", 内地 is "the mainland" and then "China": split. "a" writes "mainland China", which
    # contains both; pooling must not fold the two renderings of "b" into one through it.
    rows = [
        ("a", "1", "内地游客增加。", "Visitors from mainland China increased."),
        ("a", "2", "内地经济增长。", "The mainland China economy grew."),
        ("b", "1", "内地银行表示。", "Banks on the mainland said so."),
        ("b", "2", "内地市场开放。", "The China market opened."),
    ]
    mainland = _proposal(extract(read_corpus(str(_write(tmp_path, rows)))), "内地")
    assert mainland.inconsistent == ("b",)
    # "the mainland" of "b" joins "mainland China" of "a"; "China" stays apart.
    assert mainland.renderings == (("mainland China", 3), ("China", 1))


SVF_ROWS = [
    ("svf", "1", "金管局向储值支付工具发牌。", "The HKMA licenses stored value payment instruments."),
    ("svf", "2", "十三个储值支付工具获发牌照。", "Thirteen stored value payment instruments were granted licences."),
    ("svf", "3", "储值支付工具的使用日益普及。", "The use of stored value payment tools became widespread."),
]


def test_terms_listed_are_aligned_whole_and_their_split_found(tmp_path, capsys):
    # jieba cuts 储值支付工具 into 储值 / 支付 / 工具, and 工具 alone is everyday vocabulary whose
    # synonyms ("instruments", "tools") are not counted as a split. Named in a term list, the term
    # is aligned as the term it is, and its two renderings in one document are reported.
    corpus = _write(tmp_path, SVF_ROWS)
    plain = extract(read_corpus(str(corpus)))
    assert "储值支付工具" not in {p.term for p in plain}
    assert not _proposal(plain, "工具").inconsistent
    terms = tmp_path / "terms.txt"
    terms.write_text("# HKMA terms\n儲值支付工具\n\n認可機構\n", encoding="utf-8")  # traditional, as the termbase has it
    out = tmp_path / "proposed.csv"
    assert main(["glossary", "extract", str(corpus), "--terms", str(terms), "-o", str(out)]) == 0
    entry = next(e for e in read_glossary_file(str(out)) if "储值支付工具" in e.sources)
    assert "instruments x2" in entry.note and "tools x1" in entry.note
    assert "rendered more than one way in svf" in entry.note


def test_terms_may_come_from_a_glossary_and_a_bad_term_list_is_refused(tmp_path, capsys):
    corpus = _write(tmp_path, SVF_ROWS)
    termbase = tmp_path / "hkma.csv"
    termbase.write_text("id,source,target,alternates,forbidden,type,note\nsvf,储值支付工具,stored value facility,,,term,\n",
                        encoding="utf-8")
    out = tmp_path / "proposed.csv"
    assert main(["glossary", "extract", str(corpus), "--terms", str(termbase), "-o", str(out)]) == 0
    assert any("储值支付工具" in e.sources for e in read_glossary_file(str(out)))
    ragged = tmp_path / "terms.txt"
    ragged.write_text("储值支付工具\n认可机构\tauthorized institution\n", encoding="utf-8")
    assert main(["glossary", "extract", str(corpus), "--terms", str(ragged), "-o", str(out), "--force"]) == 2
    assert f"{ragged}:2: a tab in a term list" in capsys.readouterr().err
    assert main(["glossary", "extract", str(corpus), "--terms", str(tmp_path / "nope.txt"), "-o", str(out),
                 "--force"]) == 2
    assert "nope.txt: no such term list" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_a_term_list_is_read_in_the_encodings_termqa_detects(tmp_path, encoding):
    terms = tmp_path / "terms.txt"
    terms.write_bytes("# 金管局术语\n储值支付工具\n认可机构\n".encode(encoding))
    assert read_terms([str(terms)]) == ["储值支付工具", "认可机构"]


def test_a_listed_term_whose_head_the_dictionary_does_not_gloss_is_still_split(tmp_path):
    # 信贷额度: 信贷 "credit" and 额度 "limit" by the dictionary; "credit lines" renders the term
    # too, with a head word the dictionary lacks, and beside "credit limits" it is a second rendering.
    rows = [
        ("credit", "1", "银行提高中小企业信贷额度。", "Banks raised the credit limits of small firms."),
        ("credit", "2", "部分银行收紧信贷额度。", "Some banks tightened credit limits."),
        ("credit", "3", "信贷额度的使用率上升。", "The use of credit lines rose."),
    ]
    proposals = extract(read_corpus(str(_write(tmp_path, rows))), terms=["信贷额度"])
    term = _proposal(proposals, "信贷额度")
    assert dict(term.renderings) == {"credit limits": 2, "credit lines": 1}
    assert term.inconsistent == ("credit",)


# Renderings of other words of the sentence, which a listed term must not take for its own.
BORROWED = {
    # 货币基础 "monetary base". In the third sentence "currency" (货币) is followed by "stability",
    # the rendering of 货币稳定 beside it: "currency stability" is no second rendering of the term.
    "货币基础": ({"monetary base": 3}, [
        ("货币基础包括负债证明书。", "The monetary base includes Certificates of Indebtedness."),
        ("美元储备支持货币基础。", "US dollar reserves back the monetary base."),
        ("为维持货币稳定，美元储备向货币基础提供支持；货币基础若有变动，储备亦须变动。",
         "To maintain currency stability, US dollar reserves back the monetary base; any change in it "
         "must be matched by reserves."),
    ]),
    # "monetary system" renders 货币体制, written before the term in the third sentence; the term
    # itself is the "Currency Board" there (not counted: it lacks a word for 制度).
    "货币发行局制度": ({"Currency Board system": 2}, [
        ("货币发行局制度运作良好。", "The Currency Board system works well."),
        ("金管局维持货币发行局制度。", "The HKMA maintains the Currency Board system."),
        ("该货币体制主要采用货币发行局制度。", "This monetary system mainly follows Currency Board principles."),
    ]),
}


@pytest.mark.parametrize("zh", sorted(BORROWED))
def test_a_rendering_of_other_words_of_the_sentence_is_not_a_second_rendering(tmp_path, zh):
    renderings, pairs = BORROWED[zh]
    rows = [("doc", str(n), source, target) for n, (source, target) in enumerate(pairs, 1)]
    term = _proposal(extract(read_corpus(str(_write(tmp_path, rows))), terms=[zh]), zh)
    assert dict(term.renderings) == renderings
    assert term.inconsistent == ()


def test_a_second_rendering_is_still_counted_where_the_term_is_written_again_beside_it(tmp_path):
    # The third sentence has 澳门旅游业 twice. The words of the first (澳门 / 旅游业, then 发展)
    # explain the second's "Macao's tourism industry" only as the term again: it stays a rendering.
    rows = [
        ("macao", "1", "澳门旅游业持续增长。", "Macau's tourism industry keeps growing."),
        ("macao", "2", "澳门旅游业迎来新机遇。", "Macau's tourism industry faces new opportunities."),
        ("macao", "3", "回归以来澳门旅游业发展迅速，业界支持澳门旅游业蓬勃发展。",
         "Since the handover Macau's tourism industry has developed fast, and the industry supports the "
         "vigorous development of Macao's tourism industry."),
    ]
    term = _proposal(extract(read_corpus(str(_write(tmp_path, rows)))), "澳门旅游业")
    assert dict(term.renderings) == {"Macau's tourism industry": 3, "Macao's tourism industry": 1}
    assert term.inconsistent == ("macao",)


def test_a_listed_term_inside_a_longer_listed_term_lends_it_its_words(tmp_path):
    # 外汇基金 is listed too, so the segmenter cuts 外汇基金咨询委员会 as 外汇基金 / 咨询 / 委员会. The
    # dictionary lacks 外汇基金, but its words 外汇 / 基金 render it: the rendering is the whole
    # "Exchange Fund Advisory Committee", and "seeking" (咨询) with the next word is no rendering.
    rows = [
        ("efac", "1", "外汇基金咨询委员会每季开会。", "The Exchange Fund Advisory Committee meets every quarter."),
        ("efac", "2", "财政司司长透过外汇基金咨询委员会听取管治委员会的意见。",
         "Through the Exchange Fund Advisory Committee, the Financial Secretary considers the views of "
         "its Governance Committee."),
        ("efac", "3", "财政司司长每年透过外汇基金咨询委员会听取其意见。",
         "Each year the Financial Secretary reviews pay, seeking recommendations from EFAC."),
    ]
    proposals = extract(read_corpus(str(_write(tmp_path, rows))), terms=["外汇基金", "外汇基金咨询委员会"])
    term = _proposal(proposals, "外汇基金咨询委员会")
    assert dict(term.renderings) == {"Exchange Fund Advisory Committee": 2}
    assert term.inconsistent == ()


def test_a_participle_after_a_hyphen_adds_no_wording_of_the_term(tmp_path):
    # 内地相关 "Mainland-related": the term is rendered "Mainland" there, which "Mainland China"
    # contains; "related" is no second wording of 内地.
    rows = [
        ("loans", "1", "内地经济放缓。", "The economy of Mainland China slowed."),
        ("loans", "2", "银行的内地相关贷款增加。", "Banks' Mainland-related lending increased."),
        ("loans", "3", "内地企业的需求回升。", "Demand from Mainland China enterprises recovered."),
    ]
    term = _proposal(extract(read_corpus(str(_write(tmp_path, rows)))), "内地")
    assert term.occurrences == 3
    assert term.inconsistent == ()


def _renderings(tmp_path, rows, term, terms=()):
    rows = [("doc", str(n), source, target) for n, (source, target) in enumerate(rows, 1)]
    found = _proposal(extract(read_corpus(str(_write(tmp_path, rows))), terms=list(terms)), term)
    return dict(found.renderings), found.inconsistent


def test_a_synonym_of_the_term_elsewhere_in_the_sentence_takes_nothing_from_its_rendering(tmp_path):
    # 股份 "shares" later in the sentence does not make "shares" for 股票 another word's rendering:
    # the term's own glosses give it, and one other word is not enough to take it away.
    rows = [("他持有股票。", "He holds stocks."), ("投资者买入股票。", "Investors bought stocks."),
            ("公司回购股票，减少流通股份。", "The company bought back shares, reducing the shares in circulation.")]
    # (股票 is everyday vocabulary, so the lower-case synonym does not split the document.)
    assert _renderings(tmp_path, rows, "股票") == ({"stocks": 2, "shares": 1}, ())


def test_renderings_used_equally_often_are_kept_whatever_their_order(tmp_path):
    stocks = [("他持有股票。", "He holds stocks."), ("投资者买入股票。", "Investors bought stocks.")]
    shares = [("公司回购股票，减少流通股份。", "The company bought back shares, reducing the shares in circulation."),
              ("基金卖出股票，增持银行股份。", "The fund sold shares and raised its bank shareholding.")]
    first, _ = _renderings(tmp_path, stocks + shares, "股票")
    second, _ = _renderings(tmp_path, shares + stocks, "股票")
    assert first == second == {"stocks": 2, "shares": 2}


def test_a_persons_name_explains_no_rendering(tmp_path):
    # 马晓光: its last character 光 means "light", but a name translates nothing.
    rows = [("窗外有亮光。", "There was a gleam outside the window."),
            ("远处的亮光消失了。", "The distant gleam vanished."),
            ("马晓光看见亮光。", "Ma Xiaoguang saw a light.")]
    assert _renderings(tmp_path, rows, "亮光") == ({"gleam": 2, "light": 1}, ("doc",))


def test_a_head_word_is_refused_only_for_the_words_it_translates(tmp_path):
    # 一线 "front line" stands in the sentence but does not translate the "lines" of "credit lines".
    rows = [("银行提高中小企业信贷额度。", "Banks raised the credit limits of small firms."),
            ("部分银行收紧信贷额度。", "Some banks tightened credit limits."),
            ("一线城市的信贷额度使用率上升。", "The use of credit lines rose in first-tier cities.")]
    got = _renderings(tmp_path, rows, "信贷额度", terms=["信贷额度"])
    assert got == ({"credit limits": 2, "credit lines": 1}, ("doc",))


def test_a_listed_term_inside_another_keeps_the_head_word_required(tmp_path):
    # With 外汇基金 listed too, 香港外汇基金 is still cut into 香港 / 外汇 / 基金: "Hong Kong foreign
    # exchange" lacks its head word 基金 and is no rendering; the whole "... reserves" is the second.
    rows = [("香港外汇基金规模扩大。", "The Hong Kong Exchange Fund grew."),
            ("香港外汇基金公布业绩。", "The Hong Kong Exchange Fund announced results."),
            ("香港外汇基金表现良好。", "Hong Kong foreign exchange reserves performed well.")]
    alone = _renderings(tmp_path, rows, "香港外汇基金", terms=["香港外汇基金"])
    nested = _renderings(tmp_path, rows, "香港外汇基金", terms=["外汇基金", "香港外汇基金"])
    assert nested == alone
    assert "Hong Kong foreign exchange" not in nested[0]


def test_registering_a_term_changes_the_cut_of_the_terms_that_contain_it():
    # Terms no other test registers, so the first cut is made before 绿色债券 is a word.
    assert _parts("绿色债券认证计划") == ("绿色", "债券", "认证", "计划")
    register_terms([GlossaryEntry("green-bond", ("绿色债券",), "green bond")])
    assert _parts("绿色债券认证计划") == ("绿色债券", "认证", "计划")
