"""`termqa glossary extract` on the WMT25 terminology submissions: noterm against proper (run by hand).

For every system that took part in both modes, the documents whose paragraphs line up (as many
non-blank lines in the Chinese as in the English, in both modes) are written as one bilingual
JSON Lines corpus per mode, one segment per paragraph, and `termqa glossary extract` runs on
each. Printed per system and mode: terms proposed, (term, document) pairs rendered more than
one way (all terms, and the terms of the task's dictionary); beside them, the term consistency that
`termqa score` measures against the task's dictionary on the same documents.

Expected direction: systems without the dictionary (noterm) render more terms inconsistently
than with it (proper), and their term consistency is lower.

Usage: python tests/bench/wmt25_extract.py [--shared ../shared] [--year 2016]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from wmt25_consistency import _jsonl, arguments, load  # run as a script: tests/bench is on sys.path

from termqa.fileio.glossary import read_glossary_file
from termqa.normalize import to_simplified
from termqa.scoring import term_metrics


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _split_pairs(entries: list) -> int:
    """(term, document) pairs rendered more than one way, from the notes of a proposed glossary."""
    marker = "rendered more than one way in "
    return sum(e.note.split(marker, 1)[1].count(",") + 1 for e in entries if marker in e.note)


def main() -> None:
    args = arguments()
    base, refs, glossary = load(args.shared, args.year)
    dictionary = {to_simplified(zh) for zh in refs[0]["proper"]} | set(refs[0]["proper"])
    systems = sorted({p.parent.name for p in (base / "submissions").glob("*/*.proper.jsonl")})
    print(f"{'system':26s} {'mode':7s} {'docs':>4s} {'paras':>5s} {'terms':>6s} {'split pairs':>11s} "
          f"{'of them dictionary terms':>24s} {'score cons-first':>16s}")
    out = Path(tempfile.mkdtemp(prefix="termqa-wmt25-"))
    for system in systems:
        modes = {m: _jsonl(base / "submissions" / system / f"{system}.{args.year}.zhen.{m}.jsonl")
                 for m in ("noterm", "proper")}
        by_zh = {m: {d["zh"]: d["en"] for d in docs} for m, docs in modes.items()}
        keep = [zh for zh in by_zh["noterm"] if zh in by_zh["proper"]
                and all(len(_paragraphs(zh)) == len(_paragraphs(by_zh[m][zh])) for m in modes)]
        for mode in ("noterm", "proper"):
            corpus = out / f"{system}.{mode}.jsonl"
            with open(corpus, "w", encoding="utf-8") as fh:
                for n, zh in enumerate(keep):
                    for src, tgt in zip(_paragraphs(zh), _paragraphs(by_zh[mode][zh]), strict=True):
                        fh.write(json.dumps({"doc": f"doc{n}", "source": src, "target": tgt}, ensure_ascii=False) + "\n")
            proposed = out / f"{system}.{mode}.csv"
            subprocess.run([sys.executable, "-m", "termqa", "glossary", "extract", str(corpus), "-o", str(proposed),
                            "--force"], check=True, capture_output=True)
            entries = read_glossary_file(str(proposed))
            split = _split_pairs(entries)
            split_dict = _split_pairs([e for e in entries if set(e.sources) & dictionary])
            sources = [zh.replace("\n", " ") for zh in keep]
            hyps = [by_zh[mode][zh].replace("\n", " ") for zh in keep]
            total, _ = term_metrics(sources, hyps, [str(i) for i in range(len(keep))], glossary)
            paras = sum(len(_paragraphs(zh)) for zh in keep)
            print(f"{system:26s} {mode:7s} {len(keep):4d} {paras:5d} {len(entries):6d} {split:11d} "
                  f"{split_dict:24d} {total.record()['consistency_first_micro']:16.3f}")
    print(f"corpora and proposed glossaries: {out}")


if __name__ == "__main__":
    main()
