"""Term metrics of the WMT25 terminology submissions, noterm against proper (run by hand).

Each document is scored whole (its paragraphs joined), against a glossary made from the year's
term dictionary (first rendering approved, the others admitted). Prints, per system and mode,
term success and consistency (glossary / most frequent / first, micro), and the count that
../shared/data/README.md describes: for each document and each dictionary entry whose Chinese
term occurs twice or more, how many of the entry's renderings the translation uses (none, one:
consistent, two or more). Without the dictionary, systems use none of its renderings more
often; with it, they use two of its renderings more often.

Usage: python tests/bench/wmt25_consistency.py [--shared ../shared] [--year 2016]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from termqa.fileio.glossary import slug
from termqa.model import Glossary, GlossaryEntry
from termqa.scoring import term_metrics

ROOT = Path(__file__).resolve().parents[2]


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--year", default="2016")
    return ap


def arguments() -> argparse.Namespace:
    return parser().parse_args()


def load(shared: str, year: str) -> tuple[Path, list[dict], Glossary]:
    """The year's folder, its reference documents, and its term dictionary as a glossary (first
    rendering approved, the others admitted)."""
    base = Path(shared) / "data" / "wmt25-terminology-zhen" / year
    refs = _jsonl(base / "references" / f"full_data_{year}.jsonl")
    glossary = Glossary(tuple(
        GlossaryEntry(f"{slug(ens[0])}-{n}", (zh,), ens[0], alternates=tuple(ens[1:]))
        for n, (zh, ens) in enumerate(sorted(refs[0]["proper"].items())) if ens
    ))
    return base, refs, glossary


def main() -> None:
    args = arguments()
    base, refs, glossary = load(args.shared, args.year)
    print(f"{len(glossary)} dictionary entries, {len(refs)} documents")
    print(f"{'system':28s} {'mode':7s} {'success':>8s} {'cons-gloss':>10s} {'cons-freq':>10s} {'cons-first':>10s}")
    for path in sorted((base / "submissions").glob("*/*.jsonl")):
        system, mode = path.parent.name, path.stem.rsplit(".", 1)[-1]
        docs = _jsonl(path)
        sources = [d["zh"].replace("\n", " ") for d in docs]
        hyps = [d["en"].replace("\n", " ") for d in docs]
        total, _ = term_metrics(sources, hyps, [str(i) for i in range(len(docs))], glossary)
        r = total.record()
        print(f"{system:28s} {mode:7s} {r['term_success']:8.3f} {r['consistency_glossary_micro']:10.3f} "
              f"{r['consistency_frequent_micro']:10.3f} {r['consistency_first_micro']:10.3f}")
    print()
    print(f"{'system':28s} {'mode':7s} {'terms':>6s} {'none':>5s} {'one':>5s} {'two+':>5s}   (dictionary renderings used)")
    dictionary = refs[0]["proper"]
    for path in sorted((base / "submissions").glob("*/*.jsonl")):
        system, mode = path.parent.name, path.stem.rsplit(".", 1)[-1]
        counts = [0, 0, 0]
        for doc in _jsonl(path):
            en = doc["en"].casefold()
            for zh, ens in dictionary.items():
                if doc["zh"].count(zh) < 2:
                    continue
                used = {e.casefold() for e in ens if re.search(r"\b" + re.escape(e.casefold()) + r"\b", en)}
                # A rendering inside another one used ("portfolio" in "investment portfolio") is not a second one.
                used = {e for e in used if not any(e != o and e in o for o in used)}
                counts[min(len(used), 2)] += 1
        print(f"{system:28s} {mode:7s} {sum(counts):6d} {counts[0]:5d} {counts[1]:5d} {counts[2]:5d}")


if __name__ == "__main__":
    main()
