"""Findings per rule on the real MT and human references of ../shared/data, and samples to judge.

Runs `termqa check --format jsonl` (the bundled glossary unless --no-glossary) on one half of
the data (tests/bench/halves.py: `tune` = odd documents, `judge` = even documents) and prints,
per rule, the findings and findings per 1,000 segments on:

  MT          newstest2020's 8 MT systems and WMT22's 12 systems
  human       newstest2020's Human-A/Human-B and WMT22's references A and B (professional
              translations: nearly every finding there is a false alarm)
  WMT22 refs  the WMT22 references alone (the issue's false-alarm target: at most 25 per 1,000
              for the default rules with the bundled glossary)

and writes, for each rule, a random sample of --sample findings on the MT with the source and
target of the segment, to <out>/<half>.sample.<rule>.jsonl, for judging by eye. A fresh sample
needs a fresh --seed.

Usage: python tests/bench/realdata.py [--half tune|judge] [--select RULES] [--seed N] [--sample 30]
       [--shared ../shared] [--out /tmp/termqa-halves] [--no-glossary]
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from halves import prepare

ROOT = Path(__file__).resolve().parents[2]


def _texts(path: Path) -> dict[int, tuple[str, str]]:
    """(source, target) by physical line, for the JSON Lines and TSV files halves.py writes."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if path.suffix == ".jsonl":
                row = json.loads(line)
                out[n] = (row["source"], row["target"])
            elif n > 1:
                _doc, _id, source, target = line.rstrip("\n").split("\t")
                out[n] = (source, target)
    return out


def check(paths: list[Path], args: argparse.Namespace) -> tuple[list[dict], int]:
    """The findings and the number of segments checked."""
    cmd = [sys.executable, "-m", "termqa", "check", *map(str, paths), "--format", "jsonl", "--no-progress",
           "--fail-on", "never"]
    if args.select:
        cmd += ["--select", args.select]
    if not args.no_glossary:
        cmd += ["-g", str(ROOT / "glossaries")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"termqa check exited {proc.returncode}:\n{proc.stderr}")
    segments = sum(len(_texts(p)) for p in paths)
    return [json.loads(line) for line in proc.stdout.splitlines()], segments


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("tune", "judge"), default="tune")
    ap.add_argument("--select", help="rules to run (as for termqa check; default: the default rules)")
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--sample", type=int, default=30, help="findings per rule to sample for judging")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default="/tmp/termqa-halves")
    ap.add_argument("--no-glossary", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    prepare(Path(args.shared), out)
    base = out / args.half
    sets = {
        "MT": [base / "mqm-newstest2020.mt.jsonl", *sorted((base / "wmt22").glob("*.tsv"))],
        "human": [base / "mqm-newstest2020.human.jsonl", *sorted((base / "wmt22-refs").glob("*.tsv"))],
        "WMT22 refs": sorted((base / "wmt22-refs").glob("*.tsv")),
    }
    results = {name: check(paths, args) for name, paths in sets.items()}
    rules = sorted({f["rule"] for found, _ in results.values() for f in found})
    print(f"half: {args.half}; glossary: {'none' if args.no_glossary else 'bundled'}; rules: {args.select or 'default'}")
    header = f"{'rule':22s}" + "".join(f"{name + f' ({n:,} seg)':>26s}" for name, (_, n) in results.items())
    print(header)
    for rule in [*rules, "all"]:
        row = f"{rule:22s}"
        for found, n in results.values():
            k = sum(1 for f in found if rule in ("all", f["rule"]))
            row += f"{k:>12,d} {1000 * k / max(n, 1):>8.1f}/1k  "
        print(row)
    mt, _ = results["MT"]
    texts = {p.name: _texts(p) for p in sets["MT"]}
    rng = random.Random(args.seed)
    for rule, found in sorted(collections.defaultdict(list, {r: [f for f in mt if f["rule"] == r] for r in rules}).items()):
        sample = rng.sample(found, min(args.sample, len(found)))
        path = out / f"{args.half}.sample.{rule}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for f in sample:
                source, target = texts[Path(f["path"]).name][f["line"]]
                fh.write(json.dumps({**f, "source_text": source, "target_text": target}, ensure_ascii=False) + "\n")
        print(f"sample of {len(sample)} {rule} findings on the MT: {path}")


if __name__ == "__main__":
    main()
