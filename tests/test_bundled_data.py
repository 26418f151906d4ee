"""The shipped glossaries and corpora are tested like code (cf. codespell's dictionary tests)."""

from __future__ import annotations

import csv
import json

import pytest

from termqa.cli import main
from termqa.fileio.glossary import load_glossary, read_glossary_file
from termqa.lint import lint_glossary
from termqa.normalize import rendering_key, to_simplified

from .conftest import ROOT

GLOSSARIES = ROOT / "glossaries"
CSV = GLOSSARIES / "news-zh-en.csv"
TBX = GLOSSARIES / "news-zh-en.tbx"


def test_the_news_glossary_has_at_least_150_entries_of_every_type():
    entries = read_glossary_file(str(CSV))
    assert len(entries) >= 150
    assert {e.type.value for e in entries} == {"person", "organization", "place", "term"}


def test_the_news_glossary_is_sorted_by_id_with_unique_ids():
    ids = [e.id for e in read_glossary_file(str(CSV))]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))


def test_no_chinese_form_belongs_to_two_entries():
    seen: dict[str, str] = {}
    for e in read_glossary_file(str(CSV)):
        for s in e.sources:
            key = to_simplified(s)
            assert seen.setdefault(key, e.id) == e.id, f"{s} is in {seen[key]} and {e.id}"


def test_no_forbidden_variant_is_allowed_anywhere():
    entries = read_glossary_file(str(CSV))
    allowed = {rendering_key(r): e.id for e in entries for r in (e.target, *e.alternates)}
    for e in entries:
        for f in e.forbidden:
            assert rendering_key(f) not in allowed, f"{f!r} forbidden in {e.id} but allowed in {allowed.get(rendering_key(f))}"


def test_the_tbx_and_csv_glossaries_hold_the_same_entries():
    assert read_glossary_file(str(TBX)) == read_glossary_file(str(CSV))


def test_the_glossary_folder_validates_without_problems():
    glossary = load_glossary([str(GLOSSARIES)])
    assert lint_glossary(glossary, [str(CSV), str(TBX)]) == []
    assert len(glossary) == len(read_glossary_file(str(CSV)))


def test_the_quick_start_finds_every_planted_error(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["check", "corpora/", "-g", "glossaries/", "--select", "all", "--format", "jsonl"])
    assert code == 1
    findings = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {f["rule"] for f in findings} == {
        "term-forbidden", "term-missing", "term-inconsistent", "name-variant", "term-variant", "untranslated",
        "number-mismatch", "repeated-word", "format-variant",
    }
    with open(ROOT / "tests" / "data" / "planted-errors.tsv", encoding="utf-8") as fh:
        planted = list(csv.DictReader(fh, delimiter="\t"))
    assert len(planted) >= 45

    def where(f: dict) -> tuple[str, str]:
        return f["path"], str(f["line"]) if f["path"].endswith(".txt") else f["segment"]

    missed = []
    for p in planted:
        here = [f for f in findings if where(f) == (p["file"], p["segment"])]
        if p["file"].endswith(".tsv"):
            here = [f for f in here if f["doc"] == p["doc"]]
        hit = any(f["text"] and (p["wrong"] in f["text"] or f["text"] in p["wrong"]) for f in here)
        # A paraphrase is reported on the source term it fails to render.
        hit = hit or (p["kind"] == "missing" and any(f["rule"] == "term-missing" for f in here))
        if not hit:
            missed.append(p)
    assert missed == []


@pytest.mark.parametrize("name", ["japan-korea-talks.tsv", "greater-bay-area.tmx", "comfort-woman-statue.xlf",
                                  "blinken-wang-yi.xlf", "kishida-yoon-summit.en.txt"])
def test_every_bundled_corpus_reads(name):
    from termqa.fileio.corpus import read_corpus

    segments = list(read_corpus(str(ROOT / "corpora" / name)))
    assert len(segments) >= 10
    assert all(s.target for s in segments)


def test_the_opt_in_rule_runs_only_when_selected(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(["check", "corpora/", "-g", "glossaries/", "--format", "jsonl"])
    default = {json.loads(line)["rule"] for line in capsys.readouterr().out.splitlines()}
    main(["check", "corpora/", "-g", "glossaries/", "--format", "jsonl", "--select", "default,term-variant"])
    extended = {json.loads(line)["rule"] for line in capsys.readouterr().out.splitlines()}
    assert "term-variant" not in default
    assert extended == default | {"term-variant"}


def test_the_readme_quick_start_shows_what_the_command_prints(capsys, monkeypatch):
    # The README quotes the quick start's output: its summary and each quoted finding must be
    # what `termqa check corpora/ -g glossaries/` prints today.
    monkeypatch.chdir(ROOT)
    assert main(["check", "corpora/", "-g", "glossaries/", "--color", "never"]) == 1
    captured = capsys.readouterr()
    printed = set((captured.out + captured.err).splitlines())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("It exits 1, because", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    quoted = [line for line in block.splitlines() if line.startswith("corpora/") or " findings (" in line]
    assert len(quoted) >= 5
    assert [line for line in quoted if line not in printed] == []
