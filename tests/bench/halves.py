"""Split the real data in ../shared/data into a tuning half and a judging half (by hand).

A rule tuned on the data it is measured on looks better than it is: a rule tuned on all of
newstest2020 was 3.8x better than chance there and 2.1x on another year. So every document of
the two test sets with document ids is given to one half, by its place in the test set:

  newstest2020 (MQM)  the k-th document in seg_id order (1-based): odd k -> tune, even k -> judge
  WMT22 general       the k-th document of documents/zh-en.docs:    odd k -> tune, even k -> judge

Look at, and tune on, `tune/` only. `judge/` gives the numbers the README reports, read once
at the end of a piece of work. Writes, under --out (default /tmp/termqa-halves):

  {tune,judge}/mqm-newstest2020.spans.jsonl.gz   the MQM span rows of that half (for `termqa eval`)
  {tune,judge}/mqm-newstest2020.mt.jsonl         one line per (MT system, segment): the corpus to check
  {tune,judge}/mqm-newstest2020.human.jsonl      the same for the human references (Human-A.0, Human-B.0)
  {tune,judge}/wmt22/<system>.tsv                one file per WMT22 system, that half's documents
  {tune,judge}/wmt22-refs/ref.{A,B}.tsv          the two WMT22 human references, that half's documents

Usage: python tests/bench/halves.py [--shared ../shared] [--out /tmp/termqa-halves]
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HUMANS = ("Human-A.0", "Human-B.0")
HALVES = ("tune", "judge")


def half_of(k: int) -> str:
    """The half of the k-th document (1-based)."""
    return "tune" if k % 2 else "judge"


def split_mqm(shared: Path, out: Path) -> dict[str, int]:
    """Write the newstest2020 halves; returns the number of documents in each."""
    rows = []
    with gzip.open(shared / "data/wmt-mqm-zhen/mqm_newstest2020_zhen.spans.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    first_seg: dict[str, int] = {}
    for r in rows:
        seg = int(r["seg_id"])
        first_seg[r["doc"]] = min(seg, first_seg.get(r["doc"], seg))
    order = sorted(first_seg, key=first_seg.__getitem__)
    half = {doc: half_of(k) for k, doc in enumerate(order, 1)}
    counts = {h: sum(1 for d in order if half[d] == h) for h in HALVES}
    for h in HALVES:
        (out / h).mkdir(parents=True, exist_ok=True)
        mine = [r for r in rows if half[r["doc"]] == h]
        with gzip.open(out / h / "mqm-newstest2020.spans.jsonl.gz", "wt", encoding="utf-8") as fh:
            for r in mine:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        seen: dict[tuple[str, str], dict] = {}
        for r in mine:
            key = (r["system"], r["seg_id"])
            if key not in seen:
                seen[key] = {"doc": f"{r['system']}|{r['doc']}", "id": f"{r['system']}|{r['seg_id']}",
                             "source": r["source"], "target": r["mt"], "_order": (r["system"], int(r["seg_id"]))}
        ordered = sorted(seen.values(), key=lambda r: r["_order"])
        for name, keep in (("mt", lambda s: s not in HUMANS), ("human", lambda s: s in HUMANS)):
            with open(out / h / f"mqm-newstest2020.{name}.jsonl", "w", encoding="utf-8") as fh:
                for r in ordered:
                    if keep(r["_order"][0]):
                        fh.write(json.dumps({k: v for k, v in r.items() if k != "_order"}, ensure_ascii=False) + "\n")
    return counts


def split_wmt22(shared: Path, out: Path) -> dict[str, int]:
    """Write the WMT22 halves; returns the number of documents in each."""
    base = shared / "data/wmt-general-zhen-systems/wmt22"
    docs = [line.split("\t")[1].strip() for line in (base / "documents/zh-en.docs").read_text(encoding="utf-8").splitlines()]
    order = list(dict.fromkeys(docs))
    half = {doc: half_of(k) for k, doc in enumerate(order, 1)}
    counts = {h: sum(1 for d in order if half[d] == h) for h in HALVES}
    src = (base / "sources/generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    outputs = {p.name.split(".hyp.")[1].removesuffix(".en"): (p, "wmt22") for p in (base / "system-outputs").glob("*.en")}
    outputs |= {f"ref.{x}": (base / f"references/generaltest2022.zh-en.ref.{x}.en", "wmt22-refs") for x in "AB"}
    for name, (path, folder) in sorted(outputs.items()):
        tgt = path.read_text(encoding="utf-8").splitlines()
        for h in HALVES:
            (out / h / folder).mkdir(parents=True, exist_ok=True)
            with open(out / h / folder / f"{name}.tsv", "w", encoding="utf-8") as fh:
                fh.write("doc\tid\tsource\ttarget\n")
                for n, (d, s, t) in enumerate(zip(docs, src, tgt, strict=True), 1):
                    if half[d] == h:
                        fh.write(f"{d}\t{n}\t{s.replace(chr(9), ' ')}\t{t.replace(chr(9), ' ')}\n")
    return counts


def prepare(shared: Path, out: Path) -> dict[str, dict[str, int]]:
    """Write both halves of both test sets; returns the document counts."""
    return {"newstest2020": split_mqm(shared, out), "wmt22": split_wmt22(shared, out)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default="/tmp/termqa-halves")
    args = ap.parse_args()
    for name, counts in prepare(Path(args.shared), Path(args.out)).items():
        print(f"{name}: " + ", ".join(f"{h} {n} documents" for h, n in counts.items()))
    print(f"written under {args.out}")


if __name__ == "__main__":
    main()
