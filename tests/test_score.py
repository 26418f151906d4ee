"""`termqa score`: sacrebleu's numbers exactly, and term metrics on hand-made cases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from termqa.cli import main
from termqa.model import EntityType, Glossary, GlossaryEntry
from termqa.scoring import term_metrics

from .conftest import SHARED

WMT22 = SHARED / "data" / "wmt-general-zhen-systems" / "wmt22"

GLOSSARY = Glossary((
    GlossaryEntry("forced-labor", ("强征劳工",), "forced labor", alternates=("forced labour",)),
    GlossaryEntry("comfort-women", ("慰安妇",), "comfort women", alternates=("comfort woman",)),
    GlossaryEntry("chung", ("郑义溶",), "Chung Eui-yong", forbidden=("Zheng Yirong",), type=EntityType.PERSON),
))


def test_term_success_counts_inflections_and_alternates_but_exact_does_not():
    sources = ["慰安妇问题", "强征劳工和慰安妇", "郑义溶说"]
    hyps = ["the comfort woman issue", "forced labour and comfort women", "Zheng Yirong said"]
    total, _ = term_metrics(sources, hyps, ["d"] * 3, GLOSSARY)
    assert total.occurrences == 4
    assert total.record()["term_success"] == 0.75  # all but the forbidden name
    assert total.record()["term_success_exact"] == 0.75  # "comfort woman" is itself an alternate


def test_consistency_against_glossary_majority_and_first():
    sources = ["郑义溶说", "郑义溶说", "郑义溶说", "郑义溶说"]
    hyps = ["Zheng Yirong said", "Chung Eui-yong said", "Zheng Yirong said", "Zheng Yirong said"]
    total, per_doc = term_metrics(sources, hyps, ["a"] * 4, GLOSSARY)
    record = total.record()
    assert record["consistency_glossary_micro"] == 0.25
    assert record["consistency_frequent_micro"] == 0.75
    assert record["consistency_first_micro"] == 0.75  # the first rendering was the forbidden one
    assert per_doc["a"].record() == record


def test_a_term_seen_once_per_document_has_no_consistency():
    total, _ = term_metrics(["郑义溶说", "郑义溶说"], ["Chung Eui-yong", "Zheng Yirong"], ["a", "b"], GLOSSARY)
    assert total.record()["consistency_glossary_micro"] is None


def test_misaligned_files_are_a_usage_error(tmp_path, capsys):
    (tmp_path / "h.en").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "r.en").write_text("a\n", encoding="utf-8")
    assert main(["score", "--hyp", str(tmp_path / "h.en"), "--ref", str(tmp_path / "r.en")]) == 2
    assert "has 1 lines but --hyp has 2" in capsys.readouterr().err


@pytest.mark.skipif(not WMT22.is_dir(), reason="../shared/data is not available")
@pytest.mark.parametrize("refs", ["A", "AB"])
def test_corpus_metrics_match_the_sacrebleu_command_line(tmp_path, capsys, refs):
    # The first 300 segments of WMT22: TER on all 1,875 takes minutes, in sacrebleu as in termqa.
    def head(path: Path) -> Path:
        out = tmp_path / path.name
        out.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:300]), encoding="utf-8")
        return out

    hyp = head(WMT22 / "system-outputs" / "generaltest2022.zh-en.hyp.Online-A.en")
    ref_files = [head(WMT22 / "references" / f"generaltest2022.zh-en.ref.{x}.en") for x in refs]
    cli = subprocess.run(
        [sys.executable, "-m", "sacrebleu", *map(str, ref_files), "-i", str(hyp), "-m", "bleu", "chrf", "ter",
         "--chrf-word-order", "2"], capture_output=True, text=True, check=True,
    )
    expected = {m["name"]: (m["score"], m["signature"]) for m in json.loads(cli.stdout)}
    argv = ["score", "--hyp", str(hyp), *[a for r in ref_files for a in ("--ref", str(r))], "--format", "json"]
    assert main(argv) == 0
    row = json.loads(capsys.readouterr().out)[0]
    got = {name: (row[name], row[name + " signature"]) for name in expected}
    assert got == expected
