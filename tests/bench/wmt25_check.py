"""`termqa check` on the WMT25 terminology submissions with the task's own dictionary (run by hand).

The WMT25 terminology task (../shared/data/wmt25-terminology-zhen, 2016 part: ten chapters of
the Hong Kong Monetary Authority's annual report, Traditional Chinese) gives what a
localisation team has: a termbase (the year's dictionary; first rendering approved, the others
allowed), machine translations made without it (`noterm` mode, seven systems) and the official
human translation. None of the rules was tuned on these MT outputs (the number and name rules
were tuned on the official translation's false alarms), so the findings on them are a reading
of the rules on text they were not tuned on, though not news.

Each document is split into paragraphs; documents whose paragraphs do not line up one to one
with the Chinese are left out (a system merged or split paragraphs). Prints, per rule, the
findings and findings per 1,000 paragraphs on the MT and on the official translation, and
writes a random sample of --sample findings per rule on the MT, with source and target, to
<out>/wmt25.sample.<rule>.jsonl for judging by eye.

Usage: python tests/bench/wmt25_check.py [--select RULES] [--seed N] [--sample 30]
       [--shared ../shared] [--out /tmp/termqa-wmt25] [--year 2016]
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def write_glossary(dictionary: dict[str, list[str]], path: Path) -> int:
    """The task dictionary as a termqa CSV glossary: first rendering approved, the rest allowed."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "source", "target", "alternates", "forbidden", "type", "note"])
        n = 0
        for zh, ens in sorted(dictionary.items()):
            ens = [e.strip() for e in ens if e.strip() and "|" not in e]
            if not ens or "|" in zh:
                continue
            n += 1
            out.writerow([f"wmt25-{n}", zh, ens[0], "|".join(ens[1:]), "", "term", ""])
    return n


def write_corpus(docs: list[dict], path: Path, prefix: str) -> int:
    """Paragraph-aligned documents as bilingual JSON Lines; returns the paragraphs written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for k, doc in enumerate(docs):
            zh, en = _paragraphs(doc["zh"]), _paragraphs(doc["en"])
            if len(zh) != len(en):
                continue
            for src, tgt in zip(zh, en, strict=True):
                fh.write(json.dumps({"doc": f"{prefix}-doc{k}", "source": src, "target": tgt},
                                    ensure_ascii=False) + "\n")
                n += 1
    return n


def check(paths: list[Path], glossary: Path, select: str | None) -> list[dict]:
    cmd = [sys.executable, "-m", "termqa", "check", *map(str, paths), "-g", str(glossary),
           "--format", "jsonl", "--no-progress", "--fail-on", "never"]
    if select:
        cmd += ["--select", select]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"termqa check exited {proc.returncode}:\n{proc.stderr}")
    return [json.loads(line) for line in proc.stdout.splitlines()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--select", help="rules to run (as for termqa check; default: the default rules)")
    ap.add_argument("--seed", type=int, default=2016)
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default="/tmp/termqa-wmt25")
    ap.add_argument("--year", default="2016")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = Path(args.shared) / "data" / "wmt25-terminology-zhen" / args.year
    refs = _jsonl(base / "references" / f"full_data_{args.year}.jsonl")
    glossary = out / "dictionary.csv"
    entries = write_glossary(refs[0]["proper"], glossary)
    mt_paths, counts = [], {"MT": 0, "reference": 0}
    for path in sorted((base / "submissions").glob(f"*/*.{args.year}.zhen.noterm.jsonl")):
        system = path.parent.name
        corpus = out / f"{system}.jsonl"
        counts["MT"] += write_corpus(_jsonl(path), corpus, system)
        mt_paths.append(corpus)
    ref_path = out / "reference.jsonl"
    counts["reference"] = write_corpus(refs, ref_path, "ref")
    found = {"MT": check(mt_paths, glossary, args.select), "reference": check([ref_path], glossary, args.select)}
    print(f"WMT25 {args.year}: {entries} dictionary entries; {len(mt_paths)} systems (noterm); "
          f"rules: {args.select or 'default'}")
    rules = sorted({f["rule"] for fs in found.values() for f in fs})
    print(f"{'rule':22s}" + "".join(f"{name + f' ({counts[name]:,} paragraphs)':>34s}" for name in found))
    for rule in [*rules, "all"]:
        row = f"{rule:22s}"
        for name, fs in found.items():
            k = sum(1 for f in fs if rule in ("all", f["rule"]))
            row += f"{k:>20,d} {1000 * k / max(counts[name], 1):>8.1f}/1k  "
        print(row)
    texts = {}
    for p in mt_paths:
        with open(p, encoding="utf-8") as fh:
            texts[p.name] = {n: json.loads(line) for n, line in enumerate(fh, 1)}
    rng = random.Random(args.seed)
    by_rule = collections.defaultdict(list)
    for f in found["MT"]:
        by_rule[f["rule"]].append(f)
    for rule, fs in sorted(by_rule.items()):
        sample = rng.sample(fs, min(args.sample, len(fs)))
        path = out / f"wmt25.sample.{rule}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for f in sample:
                row = texts[Path(f["path"]).name][f["line"]]
                fh.write(json.dumps({**f, "source_text": row["source"], "target_text": row["target"]},
                                    ensure_ascii=False) + "\n")
        print(f"sample of {len(sample)} {rule} findings on the MT: {path}")


if __name__ == "__main__":
    main()
