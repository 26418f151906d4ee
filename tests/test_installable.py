"""The bundled glossary ships inside the package (`builtin:news`) and works from any folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from termqa.cli import main
from termqa.fileio.glossary import builtin_dir, builtin_glossaries, load_glossary, read_glossary_file

from .conftest import ROOT

ARTICLE = "Foreign Minister Zheng Yirong met reporters.\n"


def _outside_repo(tmp_path: Path) -> Path:
    assert ROOT not in tmp_path.resolve().parents
    return tmp_path


def _termqa(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "termqa", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


def test_the_packaged_glossaries_are_the_glossaries_folder_byte_for_byte():
    shipped = {p.name: p.read_bytes() for p in builtin_dir().iterdir() if p.is_file()}
    source = {p.name: p.read_bytes() for p in (ROOT / "glossaries").iterdir() if p.is_file()}
    assert set(shipped) == set(source) == {"news-zh-en.csv", "news-zh-en.tbx"}
    assert [name for name in source if shipped[name] != source[name]] == []
    assert builtin_dir().resolve() == (ROOT / "termqa" / "data" / "glossaries").resolve()


def test_builtin_news_is_the_glossaries_folder():
    assert list(builtin_glossaries()) == ["news"]
    assert load_glossary(["builtin:news"]).entries == load_glossary([str(ROOT / "glossaries")]).entries
    assert len(load_glossary(["builtin:news"])) == len(read_glossary_file(str(ROOT / "glossaries" / "news-zh-en.csv")))


def test_check_with_builtin_news_in_a_folder_outside_the_repo(tmp_path):
    here = _outside_repo(tmp_path)
    (here / "article.txt").write_text(ARTICLE, encoding="utf-8")
    done = _termqa("check", "article.txt", "-g", "builtin:news", "--format", "jsonl", cwd=here)
    assert done.returncode == 1, done.stderr
    findings = [json.loads(line) for line in done.stdout.splitlines()]
    hits = [f for f in findings if f["text"] == "Zheng Yirong"]
    assert [(f["rule"], f["suggestions"]) for f in hits] == [("term-forbidden", ["Chung Eui-yong"])]


def test_builtin_news_in_termqa_toml(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "termqa.toml").write_text('glossaries = ["builtin:news"]\n', encoding="utf-8")
    assert main(["check", "article.txt", "--format", "jsonl"]) == 1
    findings = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [f["suggestions"] for f in findings if f["text"] == "Zheng Yirong"] == [["Chung Eui-yong"]]


def test_an_unknown_builtin_is_a_usage_error_naming_the_bundled_ones(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["check", "article.txt", "-g", "builtin:sports"]) == 2
    err = capsys.readouterr().err
    assert "builtin:sports" in err and "builtin:news" in err


def test_python_m_termqa_version_from_any_folder(tmp_path):
    done = _termqa("--version", cwd=_outside_repo(tmp_path))
    assert done.returncode == 0
    assert done.stdout.strip() == "termqa 0.1.0"


def test_glossary_list_shows_the_bundled_glossaries_with_entry_counts(capsys):
    assert main(["glossary", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    count = len(load_glossary([str(ROOT / "glossaries")]))
    assert count > 300
    assert lines == [f"builtin:news\t{count} entries\tnews-zh-en.csv, news-zh-en.tbx"]


TBX_DE_FR = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX"><text><body>
<termEntry id="house"><langSet xml:lang="de"><tig><term>Haus</term></tig></langSet>
<langSet xml:lang="fr-FR"><tig><term>maison</term></tig></langSet></termEntry>
</body></text></martif>
"""


@pytest.mark.parametrize("as_folder", [False, True])
def test_a_glossary_without_zh_en_entries_is_an_error_naming_its_languages(tmp_path, capsys, monkeypatch, as_folder):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "de-fr.tbx").write_text(TBX_DE_FR, encoding="utf-8")
    arg = "g" if as_folder else "g/de-fr.tbx"
    assert main(["check", "article.txt", "-g", arg]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [f"termqa: error: {arg}: no Chinese-English (zh/en) glossary entries; "
                                "languages found: de, fr-fr"]


def test_an_empty_table_or_folder_is_an_error_too(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.csv").write_text("id,source,target\n", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    assert main(["check", "article.txt", "-g", "empty.csv"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "termqa: error: empty.csv: no Chinese-English (zh/en) glossary entries; languages found: none"]
    assert main(["check", "article.txt", "-g", "nothing"]) == 2
    assert "nothing: no glossary files" in capsys.readouterr().err


def test_a_table_whose_sources_have_no_chinese_is_an_error(tmp_path, capsys, monkeypatch):
    # A CSV names no languages: a German-English one must not pass as a check with no terms.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "de-en.csv").write_text("source,target\nHallo,Hello\nWelt,World\n", encoding="utf-8")
    assert main(["check", "article.txt", "-g", "de-en.csv"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "termqa: error: de-en.csv: no Chinese-English (zh/en) glossary entries: no source term has Chinese characters"]
    (tmp_path / "mixed.csv").write_text("source,target,type\nOmegaT,OmegaT,term\n郑义溶,Chung Eui-yong,person\n",
                                        encoding="utf-8")
    assert main(["check", "article.txt", "-g", "mixed.csv"]) == 1


def test_a_folder_with_one_usable_glossary_beside_a_foreign_one_loads(tmp_path):
    (tmp_path / "de-fr.tbx").write_text(TBX_DE_FR, encoding="utf-8")
    (tmp_path / "zh-en.csv").write_text("source,target\n郑义溶,Chung Eui-yong\n", encoding="utf-8")
    assert [e.target for e in load_glossary([str(tmp_path)]).entries] == ["Chung Eui-yong"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel` builds from a clean copy of the sources (once for the tests here:
    it compiles the modules of termqa.speedups)."""
    if os.environ.get("TERMQA_SKIP_WHEEL") == "1":
        pytest.skip("TERMQA_SKIP_WHEEL=1")
    pip = Path(sys.executable).with_name("pip")
    if not pip.exists():
        pytest.skip("no pip beside this interpreter")
    # From a clean copy of the sources: in the checkout, a stale termqa.egg-info/SOURCES.txt would
    # put the data in the wheel even without the package-data that a fresh clone depends on.
    tmp_path = tmp_path_factory.mktemp("wheel")
    source = tmp_path / "src"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in listed:
        if name.startswith(("termqa/", "pyproject.toml", "setup.py", "README.md")) and (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    done = subprocess.run([str(pip), "wheel", str(source), "--no-deps", "-w", str(tmp_path), "-q"],
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.skip(f"pip wheel does not work here (offline?): {done.stderr.strip().splitlines()[-1:]}")
    return next(tmp_path.glob("termqa-*.whl"))


def test_the_wheel_carries_the_bundled_glossaries(wheel):
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        for name in ("news-zh-en.csv", "news-zh-en.tbx"):
            member = f"termqa/data/glossaries/{name}"
            assert member in names
            assert whl.read(member) == (ROOT / "glossaries" / name).read_bytes()


def test_the_wheel_carries_the_compiled_modules_with_the_digests_of_their_sources(wheel):
    # Without the record, an installed wheel would run every module from source (termqa.speedups).
    from termqa import speedups

    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        compiled = {n.split(".")[0].replace("/", ".") for n in names if n.endswith((".so", ".pyd"))}
        if not compiled and os.environ.get("TERMQA_REQUIRE_COMPILED", "") in ("", "0"):
            pytest.skip("no module compiled here (no C compiler)")
        assert compiled == set(speedups.COMPILED)
        record = json.loads(whl.read(f"termqa/{speedups.RECORD}"))
        assert record == {name: speedups.digest(speedups.source_path(ROOT / "termqa", name)) for name in compiled}
        # The sources ship too: the guard falls back to them, and tracebacks show them.
        assert {speedups.source_path(Path("termqa"), name).as_posix() for name in compiled} <= names
