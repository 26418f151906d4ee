"""Tests of the language-direction gate and of what termqa refuses to read.

termqa checks Chinese to English. A file in another direction, a Chinese target, or a file of
a format termqa does not read is refused with exit 2 and one line naming it, never checked into
findings; standard input can be named (and its format chosen) with --stdin-name.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from termqa.cli import main

EN_ZH_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="messages" source-language="en" target-language="ZH_cn" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>Zheng Yirong met reporters.</source><target>郑义溶会见记者。</target></trans-unit>
      <trans-unit id="2"><source>This value is not valid.</source><target>该值无效。</target></trans-unit>
    </body>
  </file>
</xliff>
"""


def _refused(capsys, argv: list[str]) -> str:
    """Run termqa, expect exit 2 with nothing on stdout, and return the one stderr line."""
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    return err


def test_an_en_to_zh_xliff_is_refused_in_one_line_naming_its_direction(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "messages.xlf").write_text(EN_ZH_XLIFF, encoding="utf-8")
    err = _refused(capsys, ["check", "messages.xlf", "-g", "builtin:news", "--no-progress"])
    assert err == "termqa: error: messages.xlf: en -> ZH_cn: termqa checks zh -> en\n"


@pytest.mark.parametrize(("source", "target"), [("zh_Hans", "EN-us"), ("ZH-CN", "en"), ("zh-hk", "en_GB")])
def test_zh_to_en_xliff_tags_of_any_case_and_separator_are_read(tmp_path, monkeypatch, capsys, source, target):
    monkeypatch.chdir(tmp_path)
    text = EN_ZH_XLIFF.replace('source-language="en"', f'source-language="{source}"').replace(
        'target-language="ZH_cn"', f'target-language="{target}"')
    text = text.replace("<source>Zheng Yirong met reporters.</source><target>郑义溶会见记者。</target>",
                        "<source>郑义溶会见记者。</source><target>Zheng Yirong met reporters.</target>")
    (tmp_path / "ok.xlf").write_text(text, encoding="utf-8")
    assert main(["check", "ok.xlf", "-g", "builtin:news", "--no-progress"]) == 1
    assert "ok.xlf:5:1: error term-forbidden" in capsys.readouterr().out


def test_a_zh_file_is_refused_as_chinese_text(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.zh").write_text("郑义溶会见记者。\n", encoding="utf-8")
    err = _refused(capsys, ["check", "story.zh", "--no-progress"])
    assert err == ("termqa: error: story.zh: a .zh file is Chinese text: termqa checks zh -> en "
                   "(give it as --source, its English as --target)\n")


def test_a_target_only_text_file_in_chinese_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    # Some English in it (a name, a number) does not make it English: over half its letters are Han.
    (tmp_path / "a.txt").write_text("郑义溶会见记者。\nCNN报道了这次会谈。\n2024年3月\n", encoding="utf-8")
    err = _refused(capsys, ["check", "a.txt", "--no-progress"])
    assert err == "termqa: error: a.txt: the target text is Chinese: termqa checks zh -> en\n"


def test_english_with_a_chinese_term_left_untranslated_is_still_read(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Zheng Yirong met reporters in 北京.\n", encoding="utf-8")
    assert main(["check", "a.txt", "--no-progress"]) == 1
    assert "a.txt:1:" in capsys.readouterr().out


def test_paired_files_whose_target_is_chinese_are_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.en").write_text("Zheng Yirong met reporters.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("郑义溶会见记者。\n", encoding="utf-8")
    err = _refused(capsys, ["check", "--source", "a.en", "--target", "b.txt", "--no-progress"])
    assert err == "termqa: error: b.txt: the target text is Chinese: termqa checks zh -> en\n"


@pytest.mark.parametrize("name", ["x.pot", "notes.md", "a.doc"])
def test_a_file_named_with_an_extension_termqa_does_not_read_is_refused(tmp_path, monkeypatch, capsys, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text("Zheng Yirong met reporters.\n", encoding="utf-8")
    err = _refused(capsys, ["check", name, "--no-progress"])
    ext = name[name.rindex("."):]
    assert err == (f"termqa: error: {name}: termqa does not read {ext} files (it reads .txt, .en, .tsv, .tab, "
                   ".csv, .jsonl, .ndjson, .tmx, .xlf, .xliff, .sdlxliff, .mqxliff, .po, .xlsx, .docx, .parquet, "
                   ".pq)\n")


def test_a_folder_walk_skips_extensions_termqa_does_not_read(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Zheng Yirong met reporters.\n", encoding="utf-8")
    (tmp_path / "news" / "x.pot").write_text('msgid ""\n', encoding="utf-8")
    (tmp_path / "news" / "b.zh").write_text("郑义溶会见记者。\n", encoding="utf-8")
    assert main(["check", "news", "-g", "builtin:news", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "news/a.txt:1:1: error term-forbidden" in out
    assert "x.pot" not in out and "b.zh" not in out


def test_stdin_named_with_a_tsv_name_is_read_as_tsv_under_that_name(tmp_path):
    (tmp_path / "x.tsv").write_text("id\tsource\ttarget\n7\t郑义溶会见记者\tZheng Yirong met reporters.\n",
                                    encoding="utf-8")
    done = subprocess.run(f"cat x.tsv | {sys.executable} -m termqa check - --stdin-name x.tsv -g builtin:news "
                          "--format jsonl --no-progress", shell=True, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1, done.stderr
    import json

    findings = [json.loads(line) for line in done.stdout.splitlines()]
    # TSV columns: the finding is on the target cell (column 11 of line 2), not on the whole line,
    # and the Chinese source column is not reported as untranslated English.
    assert [(f["path"], f["line"], f["rule"]) for f in findings] == [("x.tsv", 2, "term-forbidden")]
    assert findings[0]["segment"] == "7" and findings[0]["doc"] == "x.tsv"


def test_stdin_name_needs_standard_input_among_the_paths(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Zheng Yirong met reporters.\n", encoding="utf-8")
    err = _refused(capsys, ["check", "a.txt", "--stdin-name", "x.tsv", "--no-progress"])
    assert err == "termqa: error: --stdin-name names standard input: use it with one `-` among the paths\n"
