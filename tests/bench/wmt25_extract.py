"""`termqa glossary extract` on the WMT25 terminology submissions: noterm against proper (run by hand).

For every system that took part in both modes, the documents whose paragraphs line up (as many
non-blank lines in the Chinese as in the English, in both modes) are written as one bilingual
JSON Lines corpus per mode, one segment per paragraph, and `termqa glossary extract` runs on
each. Printed per system and mode: terms proposed, (term, document) pairs rendered more than
one way (all terms, and the terms of the task's dictionary); beside them, the term consistency that
`termqa score` measures against the task's dictionary on the same documents.

Then again with `--terms` naming the dictionary's Chinese terms, so that extract aligns each
of them whole (外汇基金票据, not 外汇 / 基金 / 票据), as ../shared/data/README.md measures: "for
each document and each dictionary entry whose Chinese term occurs at least twice". Only the
Chinese side is given; the dictionary's English would favour the outputs that used it.

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
          f"{'of them dictionary terms':>24s} {'with --terms':>12s} {'score cons-first':>16s}")
    out = Path(tempfile.mkdtemp(prefix="termqa-wmt25-"))
    term_list = out / "dictionary-terms.txt"
    term_list.write_text("".join(f"{zh}\n" for zh in sorted(refs[0]["proper"])), encoding="utf-8")
    totals: dict[tuple[str, str], int] = {}
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
            split = split_dict = split_terms = 0
            for terms in ([], ["--terms", str(term_list)]):
                proposed = out / f"{system}.{mode}{'.terms' if terms else ''}.csv"
                subprocess.run([sys.executable, "-m", "termqa", "glossary", "extract", str(corpus), "-o",
                                str(proposed), "--force", *terms], check=True, capture_output=True)
                entries = read_glossary_file(str(proposed))
                if terms:
                    split_terms = _split_pairs([e for e in entries if set(e.sources) & dictionary])
                else:
                    proposed_terms = len(entries)
                    split = _split_pairs(entries)
                    split_dict = _split_pairs([e for e in entries if set(e.sources) & dictionary])
            sources = [zh.replace("\n", " ") for zh in keep]
            hyps = [by_zh[mode][zh].replace("\n", " ") for zh in keep]
            total, _ = term_metrics(sources, hyps, [str(i) for i in range(len(keep))], glossary)
            consistency = total.record()["consistency_first_micro"]
            for key, value in (("all", split), ("dictionary", split_dict), ("--terms", split_terms),
                               ("consistency", consistency), ("systems", 1)):
                totals[(mode, key)] = totals.get((mode, key), 0) + value
            paras = sum(len(_paragraphs(zh)) for zh in keep)
            print(f"{system:26s} {mode:7s} {len(keep):4d} {paras:5d} {proposed_terms:6d} {split:11d} "
                  f"{split_dict:24d} {split_terms:12d} {consistency:16.3f}")
    for mode in ("noterm", "proper"):
        print(f"{'all systems':26s} {mode:7s} {'':4s} {'':5s} {'':6s} {totals[(mode, 'all')]:11d} "
              f"{totals[(mode, 'dictionary')]:24d} {totals[(mode, '--terms')]:12d} "
              f"{totals[(mode, 'consistency')] / totals[(mode, 'systems')]:16.3f} (mean)")
    print(f"corpora and proposed glossaries: {out}")


if __name__ == "__main__":
    main()
