"""The glossary-free aligner on real documents, as `term-variant` and `glossary extract` run it (by hand).

Every (system, document) of the MQM newstest2020 spans file is one document; the aligner runs
on all of them as the check does (recurring terms only) and as `glossary extract` does (every
term, departing renderings that translate other words dropped), three times each after a warm-up
that fills the segmenter's caches. Prints the sizes, the best time and the rate.

Usage: python tests/bench/bench_align.py [--shared ../shared] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import defaultdict
from pathlib import Path

from termqa.align import Aligner

ROOT = Path(__file__).resolve().parents[2]


def _documents(path: Path) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    segments: dict[tuple[str, str, int], tuple[str, str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            segments[(row["system"], row["doc"], int(row["seg_id"]))] = (row["source"], row["mt"])
    docs: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for (system, doc, _seg), pair in sorted(segments.items()):
        docs[(system, doc)].append(pair)
    sources: list[str] = []
    targets: list[str] = []
    bounds = []
    for pairs in docs.values():
        lo = len(sources)
        sources += [s for s, _t in pairs]
        targets += [t for _s, t in pairs]
        bounds.append((lo, len(sources)))
    return sources, targets, bounds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = Path(args.shared) / "data" / "wmt-mqm-zhen" / "mqm_newstest2020_zhen.spans.jsonl.gz"
    sources, targets, bounds = _documents(path)
    print(f"data: {len(sources):,} segments in {len(bounds):,} documents ({path.name})")
    for mode, extracting in (("check", False), ("extract", True)):
        best = float("inf")
        occurrences = 0
        for attempt in range(args.repeat + 1):  # the first run warms the caches
            start = time.perf_counter()
            aligner = Aligner(sources, targets, compounds=True, borrowed_apart=extracting)
            occurrences = sum(len(use.occurrences) for lo, hi in bounds
                              for use in aligner.document(lo, hi, 1 if extracting else 2))
            if attempt:
                best = min(best, time.perf_counter() - start)
        print(f"{mode:8s} {occurrences:8,d} occurrences  best {best:6.2f} s  {len(sources) / best:9,.0f} segments/s")


if __name__ == "__main__":
    main()
