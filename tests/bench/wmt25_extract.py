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

With --all-documents, documents whose paragraphs do not line up are paired by length too (a
system merged or split some paragraphs); a document a system wrote on one line is still left out.

Usage: python tests/bench/wmt25_extract.py [--shared ../shared] [--year 2016] [--all-documents]
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

from wmt25_consistency import _jsonl, load, parser  # run as a script: tests/bench is on sys.path

from termqa.fileio.glossary import read_glossary_file
from termqa.normalize import to_simplified
from termqa.scoring import term_metrics


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _pair_paragraphs(zh: list[str], en: list[str]) -> list[tuple[str, str]] | None:
    """Paragraphs paired by length where a system merged or split some (Gale and Church's idea:
    English runs about three characters per Chinese one): 1-1, 1-2, 2-1, 1-0 and 0-1 steps by
    dynamic programming. None when the pairing is poor (a document written on one line)."""
    ratio = sum(map(len, en)) / max(1, sum(map(len, zh)))

    def cost(a: str, b: str) -> float:
        return abs(math.log((len(b) + 10) / (ratio * len(a) + 10)))

    steps = ((1, 1, 0.0), (1, 2, 1.0), (2, 1, 1.0), (1, 0, 3.0), (0, 1, 3.0))
    inf = float("inf")
    best = [[(inf, (0, 0))] * (len(en) + 1) for _ in range(len(zh) + 1)]
    best[0][0] = (0.0, (0, 0))
    for i in range(len(zh) + 1):
        for j in range(len(en) + 1):
            if best[i][j][0] == inf:
                continue
            for di, dj, penalty in steps:
                if i + di > len(zh) or j + dj > len(en):
                    continue
                a, b = " ".join(zh[i:i + di]), " ".join(en[j:j + dj])
                c = best[i][j][0] + penalty + (cost(a, b) if a and b else 0.0)
                if c < best[i + di][j + dj][0]:
                    best[i + di][j + dj] = (c, (di, dj))
    total, pairs, i, j = best[len(zh)][len(en)][0], [], len(zh), len(en)
    while i or j:
        di, dj = best[i][j][1]
        if di and dj:
            pairs.append((" ".join(zh[i - di:i]), " ".join(en[j - dj:j])))
        i, j = i - di, j - dj
    if total > 0.5 * max(len(zh), len(en)):
        return None
    return pairs[::-1]


def _split_pairs(entries: list) -> int:
    """(term, document) pairs rendered more than one way, from the notes of a proposed glossary."""
    marker = "rendered more than one way in "
    return sum(e.note.split(marker, 1)[1].count(",") + 1 for e in entries if marker in e.note)


def main() -> None:
    ap = parser()
    ap.add_argument("--all-documents", action="store_true",
                    help="also documents whose paragraphs do not line up, paired by length")
    args = ap.parse_args()
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
        paired = {zh: {m: _pair_paragraphs(_paragraphs(zh), _paragraphs(by_zh[m][zh])) if args.all_documents
                       else list(zip(_paragraphs(zh), _paragraphs(by_zh[m][zh]), strict=False)) for m in modes}
                  for zh in by_zh["noterm"] if zh in by_zh["proper"]}
        keep = [zh for zh, by_mode in paired.items() if all(by_mode[m] is not None for m in modes) and (
                args.all_documents or all(len(_paragraphs(zh)) == len(_paragraphs(by_zh[m][zh])) for m in modes))]
        for mode in ("noterm", "proper"):
            corpus = out / f"{system}.{mode}.jsonl"
            with open(corpus, "w", encoding="utf-8") as fh:
                for n, zh in enumerate(keep):
                    for src, tgt in paired[zh][mode]:
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
            paras = sum(len(paired[zh][mode]) for zh in keep)
            print(f"{system:26s} {mode:7s} {len(keep):4d} {paras:5d} {proposed_terms:6d} {split:11d} "
                  f"{split_dict:24d} {split_terms:12d} {consistency:16.3f}")
    for mode in ("noterm", "proper"):
        print(f"{'all systems':26s} {mode:7s} {'':4s} {'':5s} {'':6s} {totals[(mode, 'all')]:11d} "
              f"{totals[(mode, 'dictionary')]:24d} {totals[(mode, '--terms')]:12d} "
              f"{totals[(mode, 'consistency')] / totals[(mode, 'systems')]:16.3f} (mean)")
    print(f"corpora and proposed glossaries: {out}")


if __name__ == "__main__":
    main()
