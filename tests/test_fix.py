"""Write-back and `termqa fix`: corrected corpora in their own format, decisions replayed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from termqa.baseline import Baseline
from termqa.cli import main
from termqa.decisions import Action, Decision, DecisionLog, current
from termqa.engine import Engine
from termqa.fileio.corpus import read_corpus
from termqa.fileio.glossary import load_glossary
from termqa.fileio.writeback import Edit, WriteBackError, write_back

from .conftest import ROOT


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    shutil.copytree(ROOT / "glossaries", tmp_path / "glossaries")
    return tmp_path


def test_a_text_file_keeps_its_layout_and_only_the_span_changes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"First line.\n\nZheng Yirong said, Zheng Yirong.\r\nLast line")
    write_back(str(path), [Edit(3, None, 19, 31, "Zheng Yirong", "Chung Eui-yong")])
    out = (tmp_path / "a.reviewed.txt").read_bytes().decode("utf-8")
    assert out == "First line.\n\nZheng Yirong said, Chung Eui-yong.\r\nLast line"
    assert path.read_text(encoding="utf-8").endswith("Last line")  # the input is untouched


def test_a_tsv_changes_only_the_target_cell(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("doc\tid\tsource\ttarget\nd\t1\t郑义溶说\tZheng Yirong said\n", encoding="utf-8")
    write_back(str(path), [Edit(2, "1", 0, 12, "Zheng Yirong", "Chung Eui-yong")])
    assert (tmp_path / "a.reviewed.tsv").read_text(encoding="utf-8") == (
        "doc\tid\tsource\ttarget\nd\t1\t郑义溶说\tChung Eui-yong said\n"
    )


def test_jsonl_keeps_the_other_keys(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": 7, "source": "中新社", "target": "China News Agency", "x": [1]}) + "\n")
    write_back(str(path), [Edit(1, "7", 0, 17, "China News Agency", "China News Service")])
    assert json.loads((tmp_path / "a.reviewed.jsonl").read_text()) == {
        "id": 7, "source": "中新社", "target": "China News Service", "x": [1]}


def test_xliff_keeps_inline_tags_and_refuses_a_span_across_them(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a" source-language="zh" target-language="en" datatype="plaintext"><body>\n'
        '<trans-unit id="1"><source>郑义溶</source><target><g id="1">Zheng Yirong</g> met <x id="2"/>Motegi.'
        '</target></trans-unit>\n</body></file></xliff>\n', encoding="utf-8")
    write_back(str(path), [Edit(3, "1", 0, 12, "Zheng Yirong", "Chung Eui-yong")])
    out = (tmp_path / "a.reviewed.xlf").read_text(encoding="utf-8")
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<target><g id="1">Chung Eui-yong</g> met <x id="2"/>Motegi.</target>' in out
    with pytest.raises(WriteBackError, match="crosses inline markup"):
        write_back(str(path), [Edit(3, "1", 8, 16, "rong met", "X")])


def test_an_edit_whose_text_moved_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Chung Eui-yong said\n", encoding="utf-8")
    with pytest.raises(WriteBackError, match="expected 'Zheng Yirong'"):
        write_back(str(path), [Edit(1, None, 0, 12, "Zheng Yirong", "Chung Eui-yong")])


def test_in_place_keeps_a_backup(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Zheng Yirong\n", encoding="utf-8")
    write_back(str(path), [Edit(1, None, 0, 12, "Zheng Yirong", "Chung Eui-yong")], in_place=True)
    assert path.read_text(encoding="utf-8") == "Chung Eui-yong\n"
    assert (tmp_path / "a.txt~").read_text(encoding="utf-8") == "Zheng Yirong\n"


def test_fix_suggestions_clears_the_safe_findings_of_every_format(corpora, monkeypatch, capsys):
    monkeypatch.chdir(corpora)
    assert main(["fix", "corpora/", "-g", "glossaries/", "--suggestions"]) == 0
    reviewed = sorted(p.name for p in (corpora / "corpora").glob("*.reviewed.*"))
    assert len(reviewed) == 5
    glossary = load_glossary(["glossaries/"])
    for name in reviewed:
        left = [f.rule for f in Engine(glossary).run(read_corpus(f"corpora/{name}")) if f.rule == "term-forbidden"]
        assert left == [], name
    text = (corpora / "corpora" / "comfort-woman-statue.reviewed.xlf").read_text(encoding="utf-8")
    assert "a major city" in text and "major major" not in text
    assert '<g id="1">' in text


def test_decisions_replay_fixes_and_the_log_is_a_baseline(corpora, monkeypatch):
    monkeypatch.chdir(corpora)
    findings = list(Engine(load_glossary(["glossaries/"])).run(read_corpus("corpora/kishida-yoon-summit.en.txt")))
    park = next(f for f in findings if f.text == "Park Zhen")
    repeat = next(f for f in findings if f.rule == "repeated-word")
    log = DecisionLog(str(corpora / "decisions.jsonl"))
    log.append(Decision.of(park, Action.FIX, "Park Jin"))
    log.append(Decision.of(repeat, Action.IGNORE))
    assert main(["fix", "corpora/kishida-yoon-summit.en.txt", "--decisions", "decisions.jsonl"]) == 0
    out = (corpora / "corpora" / "kishida-yoon-summit.en.reviewed.txt").read_text(encoding="utf-8")
    assert "Park Jin said" in out and "Park Zhen" not in out
    assert "nuclear and and missile" in out  # ignored, not fixed
    kept = list(Baseline.load(str(corpora / "decisions.jsonl")).filter(findings))
    assert repeat not in kept and park in kept  # fixed findings are not excused, ignored ones are


def test_undo_withdraws_the_last_decision():
    finding_like = dict(rule="r", path="p", line=1, segment=None, doc="d", side="target", start=0, end=1, old="x")
    a = Decision("fp", "fix", new="y", **finding_like)
    b = Decision("fp", "ignore", **finding_like)
    u = Decision("fp", "undo", **finding_like)
    assert current([a, b, u]) == {"fp": a}
    assert current([a, u]) == {}


def test_two_edits_in_one_segment_keep_the_bom_and_the_line_endings(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst.\r\nZheng Yirong met Zheng Yi dissolved.\r\nLast.\r\n")
    write_back(str(path), [Edit(2, None, 0, 12, "Zheng Yirong", "Chung Eui-yong"),
                           Edit(2, None, 17, 35, "Zheng Yi dissolved", "Chung Eui-yong")])
    assert (tmp_path / "a.reviewed.txt").read_bytes() == (
        b"\xef\xbb\xbfFirst.\r\nChung Eui-yong met Chung Eui-yong.\r\nLast.\r\n")


def test_overlapping_edits_in_one_segment_are_refused_not_garbled(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Zheng Yi dissolved in the evening\n", encoding="utf-8")
    with pytest.raises(WriteBackError, match="two edits overlap"):
        write_back(str(path), [Edit(1, None, 0, 8, "Zheng Yi", "X"), Edit(1, None, 0, 18, "Zheng Yi dissolved", "Y")])


def test_diff_edits_are_the_words_that_differ():
    from termqa.fileio.writeback import apply_to_text, diff_edits

    old, new = "Motegi and Zheng Yi dissolved in a major major city.", "Motegi and Chung Eui-yong in a major city."
    edits = diff_edits(3, "s", old, new)
    assert [(e.old, e.new) for e in edits] == [("Zheng Yi dissolved", "Chung Eui-yong"), ("major ", "")]
    assert apply_to_text(old, edits, "x") == new


def test_fix_refuses_to_overwrite_its_own_earlier_output_without_force(corpora, monkeypatch, capsys):
    monkeypatch.chdir(corpora)
    args = ["fix", "corpora/kishida-yoon-summit.en.txt", "-g", "glossaries/", "--suggestions"]
    assert main(args) == 0
    reviewed = corpora / "corpora" / "kishida-yoon-summit.en.reviewed.txt"
    reviewed.write_text("kept\n", encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "exists; pass --force" in err
    assert reviewed.read_text(encoding="utf-8") == "kept\n"
    assert main([*args, "--force"]) == 0
    assert (corpora / "corpora" / "kishida-yoon-summit.en.reviewed.txt~").read_text(encoding="utf-8") == "kept\n"


def _decision(action: str, fp: str = "fp", **kw) -> dict:
    record = dict(fingerprint=fp, action=action, rule="term-forbidden", path="a.txt", line=1, segment=None, doc="a.txt",
                  side="target", start=0, end=12, old="Zheng Yirong", new=None, term="chung-eui-yong",
                  time="2026-11-26T09:30:00Z", context=" | met Motegi")
    record.update(kw)
    return record


def test_an_undone_fix_is_not_replayed_and_a_stale_one_exits_2_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Zheng Yirong met Motegi\n", encoding="utf-8")
    log = tmp_path / "d.jsonl"
    fix = _decision("fix", new="Chung Eui-yong")
    log.write_text(json.dumps(fix) + "\n" + json.dumps(_decision("undo")) + "\n", encoding="utf-8")
    assert main(["fix", "a.txt", "--decisions", "d.jsonl"]) == 0
    assert "nothing to fix" in capsys.readouterr().err
    log.write_text(json.dumps(fix) + "\n", encoding="utf-8")
    assert main(["fix", "a.txt", "--decisions", "d.jsonl"]) == 0
    assert (tmp_path / "a.reviewed.txt").read_text(encoding="utf-8") == "Chung Eui-yong met Motegi\n"
    (tmp_path / "a.txt").write_text("Someone else met Motegi\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["fix", "a.txt", "--decisions", "d.jsonl", "--force"]) == 2
    err = capsys.readouterr().err
    assert err == "termqa: error: d.jsonl: the fix of 'Zheng Yirong' on a.txt:1 no longer matches the file " \
                  "(was it edited since the review?)\n"


def test_a_decisions_log_as_a_baseline_counts_what_is_in_force(tmp_path):
    from termqa.model import Finding, Severity, Side

    f = Finding("b.txt", 4, None, "b.txt", Side.TARGET, 0, 12, "Zheng Yirong", "term-forbidden", Severity.ERROR, "m",
                context=" | met Motegi")
    from termqa.baseline import fingerprint

    fp = fingerprint(f)
    log = tmp_path / "d.jsonl"
    for records, excused in (
        ([_decision("accept-add", fp)], True),
        ([_decision("accept", fp), _decision("undo", fp)], False),
        ([_decision("ignore", fp), _decision("fix", fp, new="Chung Eui-yong")], False),
        ([_decision("fix", fp, new="X"), _decision("undo", fp), _decision("ignore", fp)], True),
    ):
        log.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        assert (list(Baseline.load(str(log)).filter([f])) == []) is excused, records
    # The words around it changed (a fix nearby): the entry still excuses the same text once.
    log.write_text(json.dumps(_decision("accept", fp)) + "\n", encoding="utf-8")
    moved = Finding("b.txt", 9, None, "b.txt", Side.TARGET, 0, 12, "Zheng Yirong", "term-forbidden", Severity.ERROR,
                    "m", context=" | met Foreign Minister")
    assert list(Baseline.load(str(log)).filter([moved, moved])) == [moved]


def test_the_fingerprint_ignores_the_file_and_its_document_id():
    from dataclasses import replace

    from termqa.baseline import fingerprint
    from termqa.model import Finding, Severity, Side

    f = Finding("a.txt", 4, None, "a.txt", Side.TARGET, 0, 12, "Zheng Yirong", "term-forbidden", Severity.ERROR, "m",
                context=" | met Motegi")
    assert fingerprint(replace(f, path="a.reviewed.txt", doc="a.reviewed.txt", line=9, start=3, end=15)) == fingerprint(f)
    assert fingerprint(replace(f, context="x | met Motegi")) != fingerprint(f)


def test_fix_suggestions_replaces_a_whole_pinyin_name_before_lower_case_words(tmp_path, monkeypatch, capsys):
    # An untyped entry with no forbidden forms: term-missing points at the source, and the fix
    # must find the whole reading in the target, not its first syllable ("Chung Eui-yong Yirong").
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.csv").write_text("source,target\n郑义溶,Chung Eui-yong\n", encoding="utf-8")
    (tmp_path / "a.tsv").write_text(
        "doc\tid\tsource\ttarget\n"
        "d\t1\t郑义溶会见记者。\tZheng Yirong met reporters.\n"
        "d\t2\t外长郑义溶表示\tForeign Minister Zheng Yirong said so\n", encoding="utf-8")
    assert main(["fix", "a.tsv", "-g", "g.csv", "--suggestions"]) == 0
    assert (tmp_path / "a.reviewed.tsv").read_text(encoding="utf-8") == (
        "doc\tid\tsource\ttarget\n"
        "d\t1\t郑义溶会见记者。\tChung Eui-yong met reporters.\n"
        "d\t2\t外长郑义溶表示\tForeign Minister Chung Eui-yong said so\n")


def test_fix_suggestions_never_writes_a_body_s_name_over_a_place_that_shares_a_word(tmp_path, monkeypatch):
    # 中新社 is missing; "China" in "the State Council of China" is not its rendering, and
    # "The State Council of China News Service" is not an article an editor signs off.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.csv").write_text("source,target,type\n中新社,China News Service,organization\n", encoding="utf-8")
    text = ("doc\tid\tsource\ttarget\n"
            "d\t1\t中新社北京电 国务院新闻办公室今日召开发布会。\tXinhua, Beijing -- The State Council of China held a press conference.\n")
    (tmp_path / "a.tsv").write_text(text, encoding="utf-8")
    assert main(["fix", "a.tsv", "-g", "g.csv", "--suggestions", "-o", "out.tsv"]) == 0
    assert not (tmp_path / "out.tsv").exists() or (tmp_path / "out.tsv").read_text(encoding="utf-8") == text
