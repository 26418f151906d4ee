"""Run `termqa check` on the real MT in ../shared/data and count findings per rule (by hand).

Prepares, under --out (default /tmp/termqa-realdata):
  mqm-newstest2020.jsonl   one line per (system, segment) of the MQM newstest2020 spans file,
                           `mt` as the target, document = system + WMT document
  wmt22/<system>.tsv       WMT22 general test set, one file per system, with document ids
then runs `termqa check --format jsonl` on each with the bundled glossary, prints the findings
per rule, and writes a reproducible random sample of 30 findings (seed 20261126) for judging.

Usage: python tests/bench/realdata.py [--shared ../shared] [--out /tmp/termqa-realdata] [--no-glossary]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def prepare_mqm(shared: Path, out: Path) -> Path:
    path = out / "mqm-newstest2020.jsonl"
    seen: dict[tuple[str, str], dict] = {}
    with gzip.open(shared / "data/wmt-mqm-zhen/mqm_newstest2020_zhen.spans.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            key = (row["system"], row["seg_id"])
            if key not in seen:
                seen[key] = {"doc": f"{row['system']}|{row['doc']}", "id": f"{row['system']}|{row['seg_id']}",
                             "source": row["source"], "target": row["mt"], "_order": (row["system"], int(row["seg_id"]))}
    rows = sorted(seen.values(), key=lambda r: r.pop("_order"))
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def prepare_wmt22(shared: Path, out: Path) -> list[Path]:
    base = shared / "data/wmt-general-zhen-systems/wmt22"
    docs = [line.split("\t")[1].strip() for line in (base / "documents/zh-en.docs").read_text(encoding="utf-8").splitlines()]
    src = (base / "sources/generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    (out / "wmt22").mkdir(parents=True, exist_ok=True)
    paths = []
    for hyp in sorted((base / "system-outputs").glob("*.en")):
        system = hyp.name.split(".hyp.")[1].removesuffix(".en")
        tgt = hyp.read_text(encoding="utf-8").splitlines()
        path = out / "wmt22" / f"{system}.tsv"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("doc\tid\tsource\ttarget\n")
            for n, (d, s, t) in enumerate(zip(docs, src, tgt, strict=True), 1):
                fh.write(f"{d}\t{n}\t{s.replace(chr(9), ' ')}\t{t.replace(chr(9), ' ')}\n")
        paths.append(path)
    return paths


def check(paths: list[Path], glossary: bool) -> list[dict]:
    cmd = [sys.executable, "-m", "termqa", "check", *map(str, paths), "--format", "jsonl", "--no-progress"]
    if glossary:
        cmd += ["-g", str(ROOT / "glossaries")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(proc.stderr)
    print("  " + proc.stderr.strip())
    return [json.loads(line) for line in proc.stdout.splitlines()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default="/tmp/termqa-realdata")
    ap.add_argument("--no-glossary", action="store_true")
    args = ap.parse_args()
    shared, out = Path(args.shared), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sets = {"mqm-newstest2020": [prepare_mqm(shared, out)], "wmt22": prepare_wmt22(shared, out)}
    for name, paths in sets.items():
        print(f"{name}:")
        findings = check(paths, not args.no_glossary)
        for rule, n in collections.Counter(f["rule"] for f in findings).most_common():
            print(f"  {rule:20s} {n:6d}")
        sample = random.Random(20261126).sample(findings, min(30, len(findings)))
        with open(out / f"{name}.sample.jsonl", "w", encoding="utf-8") as fh:
            for f in sample:
                fh.write(json.dumps(f, ensure_ascii=False) + "\n")
        print(f"  sample of {len(sample)} written to {out / (name + '.sample.jsonl')}")


if __name__ == "__main__":
    main()
