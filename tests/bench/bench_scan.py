"""The least a glossary check costs: both Aho-Corasick scans alone (run by hand, not by pytest).

Loads the glossary bench_check.py generated and builds termqa's two automata, reads the corpus
with polars (no Segment values, no line numbers), and runs only the scans `Matcher.match` runs,
batch by batch, with the same preparation of the text (ASCII folding and lower-casing of the
English, NFKC of the Chinese), one side after the other. No rule, no join, no output. Prints the
sizes, the time of each step, and the rate; beside them the floor bench_check.py measures (read
the TSV line by line and lower-case both sides). The scans' CPU time divided by the cores is
the least any run of `termqa check` can take on this design.

Usage: python tests/bench/bench_scan.py [--entries 100000] [--segments 1000000] [--dir bench-data]
(run tests/bench/bench_check.py first to generate the data)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import polars as pl
from bench_check import FLOOR_PYTHON, data_arguments, data_paths, run_one  # run as a script: tests/bench is on sys.path

from termqa.fileio.glossary import load_glossary
from termqa.matcher import Matcher, _scan, scan_texts


def main() -> None:
    args = data_arguments().parse_args()
    gpath, cpath = data_paths(Path(args.dir), args.entries, args.segments)
    if not gpath.exists() or not cpath.exists():
        raise SystemExit(f"{gpath} or {cpath} missing: run tests/bench/bench_check.py first")

    floor = run_one("floor-python", [sys.executable, "-c", FLOOR_PYTHON, str(cpath)], args.segments)
    start = time.perf_counter()
    matcher = Matcher(load_glossary([str(gpath)]), cache_dir=None)
    en, zh = matcher._automata
    built = time.perf_counter() - start
    start = time.perf_counter()
    frame = pl.read_csv(cpath, separator="\t", quote_char=None)
    read = time.perf_counter() - start

    cpu, wall = time.process_time(), time.perf_counter()
    found = 0
    for offset in range(0, frame.height, args.batch_size):
        part = frame.slice(offset, args.batch_size)
        texts = scan_texts(part["source"], part["target"])
        for automaton, side in ((en, texts["t"]), (zh, texts["s"])):
            hits = _scan(automaton, side)
            found += hits.height if hits is not None else 0
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    cores = os.cpu_count() or 1
    print(f"data: {len(matcher.entries):,} glossary entries, {frame.height:,} segment pairs; cores: {cores}")
    print(f"5x the floor = {5 * floor:.2f} s")
    print(f"glossary loaded, automata built   {built:6.2f} s")
    print(f"corpus read by polars             {read:6.2f} s")
    print(f"scans, both sides, serial         {wall:6.2f} s  (cpu {cpu:.2f} s; {frame.height / wall:,.0f} segments/s; "
          f"{found:,} raw matches)")
    print(f"least end-to-end on {cores} cores    {built + read + cpu / cores:6.2f} s "
          f"= {(built + read + cpu / cores) / floor:.1f}x the floor, before any rule or output")


if __name__ == "__main__":
    main()
