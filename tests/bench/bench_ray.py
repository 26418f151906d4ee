"""Benchmark `termqa check --ray local` on real news text with 1 and 2 workers (by hand, not by pytest).

The corpus and termbase are bench_real.py's (the real WMT sentences of ../shared/data repeated
with new document ids, CC-CEDICT proper names plus the bundled glossary), written as Parquet
(doc, id, source, target). Each configuration runs in its own process:

  single      `termqa check` without Ray (the engine's own read-ahead and thread pools)
  ray N       a local Ray cluster with N checking actors (and one CPU more for reading and
              the shuffle)

Each configuration checks the corpus and, in another process, a corpus half its size; every
run loads the segmenter and dictionaries (in each Ray actor) and compiles the glossary.
Printed: segments per second of the whole run, and the marginal rate (the extra segments over
the extra seconds between the two sizes), which leaves out those fixed costs: the rate a
worker keeps up on a large corpus, which docs/scale.md reckons from.

Usage: python tests/bench/bench_ray.py [--segments 60000] [--names 7900] [--workers 1,2]
       [--dir bench-data] [--shared ../shared] [--rules default]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_real import ROOT, corpus, termbase


def _parquet(tsv: Path) -> Path:
    """The bench corpus as Parquet (written once)."""
    path = tsv.with_suffix(".parquet")
    if not path.exists():
        import polars as pl

        frame = pl.read_csv(tsv, separator="\t", quote_char=None,
                            schema_overrides={"doc": pl.String, "id": pl.String, "source": pl.String, "target": pl.String})
        frame.write_parquet(path)
    return path


def child(args: argparse.Namespace) -> None:
    """One configuration, in this process; prints one JSON line."""
    from termqa.engine import Engine, Options
    from termqa.fileio.corpus import read_corpus
    from termqa.fileio.glossary import load_glossary

    glossary = load_glossary([args.glossary])
    options = Options(select=args.rules.split(","))
    out: dict = {"workers": args.child}
    if args.child:
        from termqa.ray import check_files, connect

        started = time.perf_counter()
        connect("local", args.child)
        out["startup"] = time.perf_counter() - started
    started = time.perf_counter()
    if args.child == 0:
        engine = Engine(glossary, options)
        findings = sum(1 for _ in engine.run(read_corpus(args.corpus)))
        segments = engine.stats.segments
    else:
        result = check_files([args.corpus], glossary, options, workers=args.child)
        findings, segments = len(result.findings), result.segments
    out.update(seconds=time.perf_counter() - started, segments=segments, findings=findings)
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=60_000)
    parser.add_argument("--names", type=int, default=7_900)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--rules", default="default")
    parser.add_argument("--dir", default="bench-data")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--glossary", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args)
        return
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    data = _parquet(corpus(Path(args.shared), directory, args.segments))
    half = _parquet(corpus(Path(args.shared), directory, args.segments // 2))
    names = termbase(directory, args.names)
    print(f"{args.segments:,} real segments ({data}), {args.names:,}-name termbase, rules {args.rules}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    results = {}
    for workers in [0, *(int(w) for w in args.workers.split(","))]:
        r = results[workers] = {}
        for size, path in (("half", half), ("full", data)):
            cmd = [sys.executable, __file__, "--child", str(workers), "--corpus", str(path), "--glossary", str(names),
                   "--rules", args.rules]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print(proc.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"configuration with {workers} workers failed")
            r[size] = json.loads(proc.stdout.strip().splitlines()[-1])
        label = "single process" if workers == 0 else f"ray local, {workers} worker{'s' if workers > 1 else ''}"
        full, part = r["full"], r["half"]
        rate = full["segments"] / full["seconds"]
        marginal = (full["segments"] - part["segments"]) / max(full["seconds"] - part["seconds"], 1e-9)
        extra = "" if workers == 0 else (f"; cluster start {full['startup']:.1f} s, marginal per worker "
                                         f"{marginal / workers:,.0f} seg/s")
        print(f"  {label:<22} {rate:>7,.0f} seg/s ({full['seconds']:5.1f} s; half the corpus {part['seconds']:5.1f} s)  "
              f"marginal {marginal:>7,.0f} seg/s  {full['findings']:,} findings{extra}")
    counts = {r["full"]["findings"] for r in results.values()}
    print("  findings agree" if len(counts) == 1 else f"  FINDINGS DIFFER: {sorted(counts)}")


if __name__ == "__main__":
    main()
