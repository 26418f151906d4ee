"""A document's findings do not depend on which documents share its batch.

`--batch-size`, `--jobs` (a first batch of batch_size, then pooled_batch_size) and Ray all cut
the input into batches of whole documents differently; the report must be the same whatever
the cut. term-variant once judged "terms the glossary has" by the glossary forms found anywhere
in the batch, so a name in one article silenced a term of another.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Two articles. The first names 中国科学院, a glossary entry; the second calls its 学院 "School"
# twice and "Faculty" once, which term-variant flags whatever else the glossary has.
CORPUS = (
    "doc\tsource\ttarget\n"
    "cas\t中国科学院昨天发布了一份报告。\tThe Chinese Academy of Sciences released a report yesterday.\n"
    "um\t健康科学学院在干细胞研究方面取得了丰硕成果。\tThe School of Health Sciences has achieved fruitful results in stem cell research.\n"
    "um\t健康科学学院的专家分享了前沿知识。\tExperts from the School of Health Sciences shared cutting-edge knowledge.\n"
    "um\t健康科学学院今年招收了两百名研究生。\tThe Faculty of Health Sciences admitted two hundred graduate students this year.\n"
)
GLOSSARY = "source,target,type\n中国科学院,Chinese Academy of Sciences,organization\n"


def _check(cwd: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "termqa", "check", *args, "--no-progress", "--fail-on", "never"],
                          capture_output=True, text=True, cwd=cwd, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_glossary_name_in_one_article_does_not_silence_a_term_of_another(tmp_path):
    (tmp_path / "news.tsv").write_text(CORPUS, encoding="utf-8")
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    expected = (
        "news.tsv:5:27: warning term-variant 学院 is rendered \"Faculty\" here but \"School\" in 2 places of the "
        "document (\"School\" x2, \"Faculty\" x1) [School]"
    )
    for size in ("1", "2", "1000"):
        out = _check(tmp_path, "news.tsv", "-g", "glossary.csv", "--select", "term-variant", "--batch-size", size)
        assert out.splitlines()[0] == expected, size


def test_every_rule_gives_the_same_report_whatever_the_batches(tmp_path):
    # The bundled corpora and glossary, every rule, cut into batches of one document, of a few,
    # and of everything; and with workers (a first batch, then smaller ones).
    whole = _check(ROOT, "corpora", "-g", "builtin:news", "--select", "all", "--format", "jsonl", "--jobs", "1")
    assert whole.count("\n") > 50
    for args in (("--batch-size", "1", "--jobs", "1"), ("--batch-size", "30", "--jobs", "1"),
                 ("--batch-size", "30", "--jobs", "2")):
        assert _check(ROOT, "corpora", "-g", "builtin:news", "--select", "all", "--format", "jsonl", *args) == whole, args
