"""Tests of the formats translators exchange: PO, XLSX, DOCX, Parquet corpora and OmegaT glossaries.

Each test writes a real file with the library a translator's tool would have used (openpyxl,
python-docx, polars) or as bytes (PO, OmegaT), runs the real command line, and compares what
was written: PO byte for byte, a workbook cell for cell, a document paragraph for paragraph, a
table row for row. Bad files end in exit 2 and one line naming the file, as everywhere else.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from termqa.cli import main
from termqa.config import load_config
from termqa.errors import ConfigError, InputError
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary, read_glossary_file

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")
pytest.importorskip("polib")
pytest.importorskip("fastexcel")
pl = pytest.importorskip("polars")

WILD = Path(__file__).resolve().parents[2] / "shared" / "data" / "formats-in-the-wild"
EXTRA = "needs the formats extra: pip install 'termqa[formats]'"


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path, monkeypatch):
    """Run from tmp_path so that no termqa.toml of the developer's decides what a test sees."""
    monkeypatch.chdir(tmp_path)


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def one_error(capsys, argv: list[str]) -> str:
    """Run termqa, expect exit 2, nothing on stdout and one error line; return that line."""
    code, out, err = run(capsys, argv)
    assert code == 2, err
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("termqa: error: ") and "Traceback" not in err
    return err.rstrip("\n")


# --- PO ------------------------------------------------------------------------------------------

PO = """\
# News strings.
msgid ""
msgstr ""
"Project-Id-Version: news 1.0\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: news.c:10
msgid "郑义溶会见记者。"
msgstr "Zheng Yirong met reporters."

#, fuzzy
msgctxt "headline"
msgid "郑义溶访问东京"
msgstr ""
"Zheng "
"Yirong visits Tokyo, says \\"Zheng Yirong\\""

msgid "%d 名记者"
msgid_plural "%d 名记者"
msgstr[0] "%d reporter"
msgstr[1] "%d reporters"

msgid "未翻译"
msgstr ""

#~ msgid "旧的郑义溶"
#~ msgstr "Zheng Yirong of old"
"""


def write_po(tmp_path: Path, text: str = PO, name: str = "news.po") -> str:
    (tmp_path / name).write_bytes(text.encode("utf-8"))
    return name


def test_a_po_file_gives_its_translated_entries_at_their_msgstr_lines(tmp_path):
    name = write_po(tmp_path)
    got = [(s.line, s.id, s.doc, s.source, s.target, s.target_col) for s in read_corpus(name)]
    # Fuzzy entries are read (they are about to be approved); obsolete and untranslated are not.
    assert got == [
        (12, None, "news.po", "郑义溶会见记者。", "Zheng Yirong met reporters.", 8),
        (17, "headline", "news.po", "郑义溶访问东京", 'Zheng Yirong visits Tokyo, says "Zheng Yirong"', None),
        (23, "[0]", "news.po", "%d 名记者", "%d reporter", 11),
        (24, "[1]", "news.po", "%d 名记者", "%d reporters", 11),
    ]


def test_fix_corrects_po_msgstrs_and_leaves_every_other_byte(tmp_path, capsys):
    name = write_po(tmp_path)
    code, _, err = run(capsys, ["fix", name, "-g", "builtin:news", "--suggestions"])
    assert code == 0, err
    assert err == "termqa: news.po: fixed 3 spans -> news.reviewed.po\n"
    # A name split over two quoted lines is written into the first; escapes stay escapes; the
    # obsolete entry (history, not in use) is not touched.
    expected = PO.replace('msgstr "Zheng Yirong met', 'msgstr "Chung Eui-yong met').replace(
        '"Zheng "\n"Yirong visits Tokyo, says \\"Zheng Yirong\\""',
        '"Chung Eui-yong"\n" visits Tokyo, says \\"Chung Eui-yong\\""')
    assert (tmp_path / "news.reviewed.po").read_bytes() == expected.encode("utf-8")
    assert (tmp_path / name).read_bytes() == PO.encode("utf-8")


def test_fix_in_place_on_a_po_file_keeps_a_backup_and_its_crlf_lines(tmp_path, capsys):
    text = PO.replace("\n", "\r\n")
    name = write_po(tmp_path, text)
    assert main(["fix", name, "-g", "builtin:news", "--suggestions", "--in-place"]) == 0
    out = (tmp_path / name).read_bytes()
    assert b'msgstr "Chung Eui-yong met reporters."\r\n' in out and b"Zheng Yirong\\" not in out
    assert out.count(b"\r\n") == text.count("\r\n")
    assert (tmp_path / f"{name}~").read_bytes() == text.encode("utf-8")


def test_a_po_file_in_another_language_is_refused_in_one_line(tmp_path, capsys):
    name = write_po(tmp_path, PO.replace("Language: en", "Language: zh_CN"))
    assert one_error(capsys, ["check", name, "--no-progress"]) == (
        "termqa: error: news.po: ? -> zh_CN: termqa checks zh -> en")


@pytest.mark.parametrize("language", ["en_US", "en@quot", "English", "en_GB.UTF-8"])
def test_a_po_file_in_any_spelling_of_english_is_read(tmp_path, capsys, language):
    name = write_po(tmp_path, PO.replace("Language: en", f"Language: {language}"))
    assert main(["check", name, "-g", "builtin:news", "--no-progress"]) == 1


def test_a_po_file_without_language_is_judged_by_its_target_text(tmp_path, capsys):
    text = 'msgid "Reporters"\nmsgstr "记者"\n\nmsgid "Minister"\nmsgstr "部长"\n'
    name = write_po(tmp_path, text)
    assert one_error(capsys, ["check", name, "--no-progress"]) == (
        "termqa: error: news.po: the target text is Chinese: termqa checks zh -> en")


def test_a_po_syntax_error_names_the_file_and_line(tmp_path, capsys):
    name = write_po(tmp_path, 'msgid "郑义溶"\nmsgstr "Zheng Yirong"\n\nmsgid "x"\nmsgstr "a "b" c"\n')
    assert one_error(capsys, ["check", name, "--no-progress"]) == (
        "termqa: error: news.po:5: PO syntax error: unescaped double quote found")



def test_a_po_string_cut_short_is_a_syntax_error_not_a_dropped_letter(tmp_path, capsys):
    # polib reads 'msgstr "Zheng Yirong met reporters' as "...reporter"; termqa refuses the file.
    name = write_po(tmp_path, 'msgid "郑义溶会见记者"\nmsgstr "Zheng Yirong met reporters\n', name="cut.po")
    assert one_error(capsys, ["check", name, "--no-progress"]) == (
        "termqa: error: cut.po:2: PO syntax error: unterminated string")
    # Escaped quotes and a final escaped backslash close their strings.
    name = write_po(tmp_path, 'msgid "他说\\"好\\""\nmsgstr "He said \\"yes\\" \\\\"\n', name="ok.po")
    assert [s.target for s in read_corpus(name)] == ['He said "yes" \\']


# --- XLSX ----------------------------------------------------------------------------------------


def make_workbook(path: Path) -> None:
    """A workbook as a translator gets it: a titled, styled sheet with a header row below a
    title and a blank row, a notes column and a formula; a second sheet of notes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Articles"
    sheet["B1"] = "Foreign ministry briefing"
    sheet["B1"].font = openpyxl.styles.Font(bold=True, size=14)
    sheet.append([])
    sheet.append([None, "doc", "zh", "en", "note"])
    sheet.append([None, "a1", "郑义溶会见记者。", "Zheng Yirong met reporters.", "checked"])
    sheet.append([None, "a1", "新华社报道", "Xinhua reported", None])
    sheet.append([])
    sheet.append([None, "a2", "郑义溶表示", "Zheng Yirong said", "=LEN(D7)"])
    sheet["D4"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    sheet.column_dimensions["D"].width = 50
    notes = book.create_sheet("Notes")
    notes["A1"] = "Use the glossary. Zheng Yirong is wrong."
    book.save(path)


def cells(path: Path) -> dict[str, list[list[object]]]:
    with open(path, "rb") as fh:  # openpyxl refuses a name not ending .xlsx (a backup, NAME~)
        book = openpyxl.load_workbook(fh)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def test_an_xlsx_sheet_with_a_header_gives_rows_as_lines_and_cells_as_ids(tmp_path):
    make_workbook(tmp_path / "briefing.xlsx")
    got = [(s.line, s.id, s.doc, s.source, s.target) for s in read_corpus("briefing.xlsx")]
    assert got == [
        (4, "Articles!D4", "a1", "郑义溶会见记者。", "Zheng Yirong met reporters."),
        (5, "Articles!D5", "a1", "新华社报道", "Xinhua reported"),
        (7, "Articles!D7", "a2", "郑义溶表示", "Zheng Yirong said"),
    ]


def test_fix_corrects_the_xlsx_target_cells_and_keeps_every_other_cell_sheet_and_style(tmp_path, capsys):
    path = tmp_path / "briefing.xlsx"
    make_workbook(path)
    before = cells(path)
    code, _, err = run(capsys, ["fix", "briefing.xlsx", "-g", "builtin:news", "--suggestions"])
    assert code == 0, err
    after = cells(tmp_path / "briefing.reviewed.xlsx")
    expected = {k: [list(r) for r in v] for k, v in before.items()}
    expected["Articles"][3][3] = "Chung Eui-yong met reporters."
    expected["Articles"][6][3] = "Chung Eui-yong said"
    assert after == expected
    sheet = openpyxl.load_workbook(tmp_path / "briefing.reviewed.xlsx")["Articles"]
    assert sheet["B1"].font.b and sheet["B1"].font.sz == 14
    assert sheet["D4"].fill.fgColor.rgb.endswith("FFFF00")
    assert sheet.column_dimensions["D"].width == 50
    assert sheet["E7"].value == "=LEN(D7)"
    assert cells(path) == before  # the input is untouched


def test_an_xlsx_with_two_columns_and_no_header_is_chinese_then_english(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["郑义溶会见记者。", "Zheng Yirong met reporters."])
    book.active.append(["新华社报道", "Xinhua reported"])
    book.save(tmp_path / "pairs.xlsx")
    code, out, _ = run(capsys, ["check", "pairs.xlsx", "-g", "builtin:news", "--no-progress", "--format", "jsonl"])
    assert code == 1
    assert '"line": 1' in out and '"segment": "Sheet!B1"' in out
    assert main(["fix", "pairs.xlsx", "-g", "builtin:news", "--suggestions", "--in-place"]) == 0
    assert cells(tmp_path / "pairs.xlsx") == {"Sheet": [["郑义溶会见记者。", "Chung Eui-yong met reporters."],
                                                      ["新华社报道", "Xinhua reported"]]}
    assert cells(tmp_path / "pairs.xlsx~")["Sheet"][0][1] == "Zheng Yirong met reporters."


def test_an_xlsx_whose_english_column_is_chinese_is_refused(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["en", "zh"])
    book.active.append(["郑义溶会见记者。", "Zheng Yirong met reporters."])
    book.save(tmp_path / "swapped.xlsx")
    assert one_error(capsys, ["check", "swapped.xlsx", "--no-progress"]) == (
        "termqa: error: swapped.xlsx: the target text is Chinese: termqa checks zh -> en")


def test_an_xlsx_without_a_bilingual_sheet_is_refused(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["a", "b", "c"])
    book.save(tmp_path / "table.xlsx")
    err = one_error(capsys, ["check", "table.xlsx", "--no-progress"])
    assert err.startswith("termqa: error: table.xlsx: no sheet has a header naming its columns")


def test_fix_refuses_a_workbook_whose_chart_would_be_lost(tmp_path, capsys):
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["zh", "en", "n"])
    sheet.append(["郑义溶会见记者。", "Zheng Yirong met reporters.", 3])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=2), titles_from_data=True)
    sheet.add_chart(chart, "E2")
    book.save(tmp_path / "chart.xlsx")
    err = one_error(capsys, ["fix", "chart.xlsx", "-g", "builtin:news", "--suggestions"])
    assert err.startswith("termqa: error: chart.xlsx: has charts, images or embedded objects")
    assert not (tmp_path / "chart.reviewed.xlsx").exists()


def test_a_corrupt_xlsx_is_one_error_line(tmp_path, capsys):
    make_workbook(tmp_path / "good.xlsx")
    (tmp_path / "bad.xlsx").write_bytes((tmp_path / "good.xlsx").read_bytes()[:700])
    err = one_error(capsys, ["check", "bad.xlsx", "--no-progress"])
    assert err.startswith("termqa: error: bad.xlsx: not a readable XLSX workbook")


def test_an_xlsx_on_standard_input_is_read_under_its_stdin_name(tmp_path):
    make_workbook(tmp_path / "briefing.xlsx")
    with open(tmp_path / "briefing.xlsx", "rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "termqa", "check", "-", "--stdin-name", "in.xlsx", "-g",
                               "builtin:news", "--no-progress"], stdin=stdin, cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("in.xlsx:4:1: error term-forbidden")


# --- DOCX ----------------------------------------------------------------------------------------


def make_document(path: Path) -> None:
    """A report with prose around a bilingual table (header row, a name split over two runs as
    Word splits text at formatting changes) and a two-column layout table that is not bilingual."""
    document = docx.Document()
    document.add_heading("Briefing: Zheng Yirong in Tokyo", level=1)
    document.add_paragraph("Zheng Yirong is misspelt in this paragraph, which is not a translation.")
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "Seoul"
    layout.cell(0, 1).text = "Zheng Yirong Office"
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "中文"
    table.cell(0, 1).text = "English"
    table.cell(1, 0).text = "郑义溶会见记者。"
    cell = table.cell(1, 1).paragraphs[0]
    cell.add_run("Zheng ")
    cell.add_run("Yirong").italic = True
    cell.add_run(" met reporters.").bold = True
    table.cell(2, 0).text = "新华社报道"
    table.cell(2, 1).text = "Xinhua reported"
    document.add_paragraph("End of report.")
    document.save(path)


def doc_texts(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(path)
    return ([p.text for p in document.paragraphs],
            [[[c.text for c in row.cells] for row in t.rows] for t in document.tables])


def test_a_docx_gives_the_rows_of_its_bilingual_tables(tmp_path):
    make_document(tmp_path / "report.docx")
    got = [(s.line, s.id, s.doc, s.source, s.target) for s in read_corpus("report.docx")]
    # Line: the row counted over every table's rows (the layout table's one row included).
    assert got == [
        (3, "t2.r2", "report.docx", "郑义溶会见记者。", "Zheng Yirong met reporters."),
        (4, "t2.r3", "report.docx", "新华社报道", "Xinhua reported"),
    ]


def test_fix_corrects_a_docx_table_cell_and_keeps_the_rest_of_the_document(tmp_path, capsys):
    path = tmp_path / "report.docx"
    make_document(path)
    before = doc_texts(path)
    paragraphs, tables = doc_texts(path)
    code, _, err = run(capsys, ["fix", "report.docx", "-g", "builtin:news", "--suggestions"])
    assert code == 0, err
    assert err == "termqa: report.docx: fixed 1 span -> report.reviewed.docx\n"
    got_paragraphs, got_tables = doc_texts(tmp_path / "report.reviewed.docx")
    assert got_paragraphs == paragraphs  # prose outside the bilingual table is not a target
    tables[1][1][1] = "Chung Eui-yong met reporters."
    assert got_tables == tables
    runs = docx.Document(tmp_path / "report.reviewed.docx").tables[1].cell(1, 1).paragraphs[0].runs
    # The replacement takes the first run's formatting; the bold run after it keeps its own.
    assert [(r.text, bool(r.italic), bool(r.bold)) for r in runs if r.text] == [
        ("Chung Eui-yong", False, False), (" met reporters.", False, True)]
    assert doc_texts(path) == before  # the input is untouched


def test_a_docx_without_a_bilingual_table_is_refused(tmp_path, capsys):
    document = docx.Document()
    document.add_paragraph("Zheng Yirong met reporters.")
    document.save(tmp_path / "prose.docx")
    err = one_error(capsys, ["check", "prose.docx", "--no-progress"])
    assert err.startswith("termqa: error: prose.docx: no bilingual table")


def test_a_corrupt_docx_is_one_error_line(tmp_path, capsys):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    err = one_error(capsys, ["check", "bad.docx", "--no-progress"])
    assert err.startswith("termqa: error: bad.docx: not a readable DOCX document")


def test_paired_chinese_and_english_documents_are_read_paragraph_by_paragraph(tmp_path, capsys):
    for name, paragraphs in (("zh.docx", ["郑义溶会见记者。", "", "新华社报道"]),
                             ("en.docx", ["Zheng Yirong met reporters.", "", "Xinhua reported"])):
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        document.save(tmp_path / name)
    code, out, _ = run(capsys, ["check", "--source", "zh.docx", "--target", "en.docx", "-g", "builtin:news",
                                "--no-progress"])
    assert code == 1
    assert out.startswith("en.docx:1:1: error term-forbidden")
    document = docx.Document()
    document.add_paragraph("Zheng Yirong met reporters.")
    document.save(tmp_path / "short.docx")
    assert one_error(capsys, ["check", "--source", "zh.docx", "--target", "short.docx", "--no-progress"]) == (
        "termqa: error: short.docx: has 1 paragraph but zh.docx has 3 paragraphs; paired documents must align "
        "paragraph by paragraph")


def test_a_document_that_unpacks_beyond_the_input_limit_is_refused(tmp_path, capsys):
    document = docx.Document()
    document.add_paragraph("Zheng Yirong " * 20_000)  # compresses to a few kB
    document.save(tmp_path / "big.docx")
    assert (tmp_path / "big.docx").stat().st_size < 100_000
    err = one_error(capsys, ["check", "big.docx", "--max-input-size", "100000", "--no-progress"])
    assert err.startswith("termqa: error: big.docx: unpacks to ") and err.endswith(
        "bytes, over the limit of 100,000 (see --max-input-size)")


# --- the formats extra ---------------------------------------------------------------------------


@pytest.mark.parametrize(("module", "name", "kind"), [("polib", "x.po", "PO"), ("fastexcel", "x.xlsx", "XLSX"),
                                                       ("docx", "x.docx", "DOCX")])
def test_a_missing_library_names_the_extra_in_one_line(tmp_path, monkeypatch, capsys, module, name, kind):
    (tmp_path / name).write_bytes(b"whatever")
    monkeypatch.setitem(sys.modules, module, None)  # what an environment without the extra sees
    assert one_error(capsys, ["check", name, "--no-progress"]) == f"termqa: error: {name}: reading {kind} files {EXTRA}"


def test_writing_xlsx_without_openpyxl_names_the_extra(tmp_path, monkeypatch, capsys):
    make_workbook(tmp_path / "briefing.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert one_error(capsys, ["fix", "briefing.xlsx", "-g", "builtin:news", "--suggestions"]) == (
        f"termqa: error: briefing.xlsx: writing XLSX files {EXTRA}")


# --- Parquet -------------------------------------------------------------------------------------


def make_table(path: Path, **renamed: str) -> pl.DataFrame:
    frame = pl.DataFrame({
        "doc": ["a1", "a1", "a2"],
        "id": ["s1", "s2", "s1"],
        "line": [10, 11, 3],
        "source": ["郑义溶会见记者。", "新华社报道", "郑义溶表示"],
        "target": ["Zheng Yirong met reporters.", "Xinhua reported", "Zheng Yirong said"],
        "score": [0.5, 0.9, 0.7],
    }).rename(renamed)
    frame.write_parquet(path)
    return frame


def test_a_parquet_corpus_gives_findings_at_its_line_column(tmp_path, capsys):
    make_table(tmp_path / "mt.parquet")
    code, out, _ = run(capsys, ["check", "mt.parquet", "-g", "builtin:news", "--no-progress"])
    assert code == 1
    assert sorted(line.split(" ")[0] for line in out.splitlines() if "term-forbidden" in line) == [
        "mt.parquet:10:1:", "mt.parquet:3:1:"]


def test_parquet_column_names_come_from_the_corpus_table_of_termqa_toml(tmp_path):
    make_table(tmp_path / "mt.parquet", doc="document", source="zh", target="system_output", line="row")
    (tmp_path / "termqa.toml").write_text(
        '[corpus]\ncolumns = {doc = "document", target = "system_output", line = "row"}\n', encoding="utf-8")
    columns = load_config().columns
    got = [(s.line, s.id, s.doc, s.source, s.target) for s in read_corpus("mt.parquet", columns=columns)]
    assert got[0] == (10, "s1", "a1", "郑义溶会见记者。", "Zheng Yirong met reporters.")
    assert len(got) == 3


def test_check_reads_parquet_columns_named_in_termqa_toml(tmp_path, capsys):
    make_table(tmp_path / "mt.parquet", source="zh", target="system_output")
    (tmp_path / "termqa.toml").write_text('[corpus]\ncolumns = {source = "zh", target = "system_output"}\n',
                                          encoding="utf-8")
    code, out, err = run(capsys, ["check", "mt.parquet", "-g", "builtin:news", "--no-progress"])
    assert code == 1, err
    assert "mt.parquet:10:1: error term-forbidden" in out


def test_a_configured_parquet_column_the_table_lacks_is_named(tmp_path):
    make_table(tmp_path / "mt.parquet")
    with pytest.raises(InputError) as caught:
        list(read_corpus("mt.parquet", columns={"target": "hyp"}))
    assert str(caught.value).startswith("mt.parquet: no column 'hyp' (the target column in [corpus] columns)")


def test_an_unknown_role_in_corpus_columns_is_a_config_error(tmp_path):
    (tmp_path / "termqa.toml").write_text('[corpus]\ncolumns = {translation = "en"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown role 'translation'"):
        load_config()


def test_fix_on_a_parquet_corpus_rewrites_only_the_target_cells(tmp_path, capsys):
    before = make_table(tmp_path / "mt.parquet")
    code, _, err = run(capsys, ["fix", "mt.parquet", "-g", "builtin:news", "--suggestions"])
    assert code == 0, err
    after = pl.read_parquet(tmp_path / "mt.reviewed.parquet")
    assert after.schema == before.schema
    assert after.drop("target").equals(before.drop("target"))
    assert after.get_column("target").to_list() == [
        "Chung Eui-yong met reporters.", "Xinhua reported", "Chung Eui-yong said"]


def test_a_corrupt_parquet_is_one_error_line(tmp_path, capsys):
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really parquet PAR1")
    err = one_error(capsys, ["check", "bad.parquet", "--no-progress"])
    assert err.startswith("termqa: error: bad.parquet: not a readable Parquet file")


# --- OmegaT glossaries ---------------------------------------------------------------------------

OMEGAT = ("# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
          "新华社\tXinhua News Agency\tstate news agency\n"
          "外交部\tMinistry of Foreign Affairs\n"
          "\n"
          "a line without a tab\n")


def test_an_omegat_glossary_is_read_with_comments_as_notes(tmp_path):
    (tmp_path / "glossary.txt").write_text(OMEGAT, encoding="utf-8")
    got = [(e.id, e.sources, e.target, e.note, e.origin) for e in read_glossary_file("glossary.txt")]
    assert got == [
        ("xinhua-news-agency", ("新华社",), "Xinhua News Agency", "state news agency", "glossary.txt:2"),
        ("ministry-of-foreign-affairs", ("外交部",), "Ministry of Foreign Affairs", "", "glossary.txt:3"),
    ]


def test_a_tsv_glossary_without_a_header_is_read_as_omegat_and_one_with_a_header_as_before(tmp_path):
    (tmp_path / "plain.tsv").write_text("新华社\tXinhua News Agency\n外交部\tMinistry of Foreign Affairs\tMFA\n",
                                        encoding="utf-8")
    (tmp_path / "headed.tsv").write_text("source\ttarget\n新华社\tXinhua News Agency\n", encoding="utf-8")
    assert [e.target for e in read_glossary_file("plain.tsv")] == ["Xinhua News Agency", "Ministry of Foreign Affairs"]
    assert [e.target for e in read_glossary_file("headed.tsv")] == ["Xinhua News Agency"]


def test_fix_with_an_omegat_glossary_corrects_an_xlsx(tmp_path, capsys):
    (tmp_path / "glossary.utf8").write_text(OMEGAT, encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["source", "target"])
    book.active.append(["新华社报道今天的新闻。", "Xinhua reported today's news."])
    book.save(tmp_path / "news.xlsx")
    code, _, err = run(capsys, ["fix", "news.xlsx", "-g", "glossary.utf8", "--suggestions"])
    assert code == 0, err
    assert cells(tmp_path / "news.reviewed.xlsx") == {"Sheet": [
        ["source", "target"], ["新华社报道今天的新闻。", "Xinhua News Agency reported today's news."]]}


def test_the_real_omegat_glossary_of_an_english_to_chinese_project_is_read_chinese_first():
    path = WILD / "OmegaT-L10N+zh_CN__glossary.txt"
    if not path.is_file():
        pytest.skip("shared/data/formats-in-the-wild is not available")
    entries = read_glossary_file(str(path))
    assert len(entries) == 98  # the manifest's count: non-comment lines with a source and a target
    assert [(e.sources, e.target, e.note) for e in entries[:4]] == [
        (("片段",), "segment", ""), (("历史完成",), "History Completion", ""),
        (("历史预测",), "History Prediction", ""), (("词汇",), "term", "词汇表中的条目")]
    assert len({e.id for e in entries}) == len(entries)  # "shortcut" three times: three ids


def test_a_glossary_written_as_omegat_reads_back_the_same_terms(tmp_path, capsys):
    (tmp_path / "terms.csv").write_text(
        "id,source,target,alternates,forbidden,type,note\n"
        "chung,郑义溶|鄭義溶,Chung Eui-yong,,Zheng Yirong,person,minister\n"
        "xinhua,新华社,Xinhua News Agency,Xinhua,,organization,\n", encoding="utf-8")
    code, _, err = run(capsys, ["glossary", "convert", "terms.csv", "terms.utf8"])
    assert code == 0, err
    assert (tmp_path / "terms.utf8").read_bytes() == (
        "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
        "郑义溶\tChung Eui-yong\tminister; forbidden: Zheng Yirong\n"
        "鄭義溶\tChung Eui-yong\tminister; forbidden: Zheng Yirong\n"
        "新华社\tXinhua News Agency\talternates: Xinhua\n").encode()
    back = load_glossary(["terms.utf8"])
    assert [(e.sources, e.target) for e in back.entries] == [
        (("郑义溶",), "Chung Eui-yong"), (("鄭義溶",), "Chung Eui-yong"), (("新华社",), "Xinhua News Agency")]


def test_glossary_validate_reads_an_omegat_glossary_as_omegat(capsys):
    path = WILD / "OmegaT-L10N+zh_CN__glossary.txt"
    if not path.is_file():
        pytest.skip("../shared/data is not available")
    code, out, err = run(capsys, ["glossary", "validate", str(path)])
    # Its real conflicts, not a "ragged TSV" refusal of a file that has no header.
    assert code == 1
    assert "conflict 正则表达式 is approved as 'regex'" in out
    assert "ragged" not in out + err
