"""Benchmark `termqa check --format jsonl` on a generated corpus (run by hand, not by pytest).

Generates a glossary of N entries (Chinese names and terms with English renderings, some
forbidden variants) and a bilingual TSV of M segments in documents of 20, where a segment
holds about two glossary terms (a share --error-rate (default 2%) with a forbidden variant), numbers in one in
three. Then times, each as a separate process so that peak memory is the process's own:

  floor-python   read the TSV line by line and lower-case both sides (the least any tool does)
  floor-reader   termqa's own reader producing Segment values, lower-casing both sides
  check (cold)   termqa check --format jsonl > /dev/null, compiling the glossary into a fresh cache
  check 1/5      the same on the first fifth of the corpus, glossary cached (memory must not grow)
  check          the same on the whole corpus, glossary cached: the figure that counts

Usage: python tests/bench/bench_check.py [--entries 100000] [--segments 1000000] [--dir bench-data]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = ["zhang", "wang", "li", "zhao", "chen", "yang", "huang", "zhou", "wu", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin", "luo", "gao", "zheng", "liang", "xie", "song", "tang", "han", "feng"]
HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
WORDS = ["government", "economy", "trade", "talks", "minister", "report", "agency", "service", "court", "policy", "summit", "relations", "cooperation", "security", "exports", "industry", "market"]


def han_word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(HAN) for _ in range(n))


def data_paths(directory: Path, entries: int, segments: int, error_rate: float = 0.02) -> tuple[Path, Path]:
    """Where generate() writes the glossary and the corpus of these sizes."""
    return directory / f"glossary-{entries}.csv", directory / f"corpus-{segments}-{error_rate:g}.tsv"


def data_arguments() -> argparse.ArgumentParser:
    """The options of the benchmarks that run on the generated data."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--segments", type=int, default=1_000_000)
    ap.add_argument("--dir", default="bench-data")
    ap.add_argument("--batch-size", type=int, default=25_000)
    return ap


def generate(directory: Path, entries: int, segments: int, seed: int = 7, error_rate: float = 0.02) -> tuple[Path, Path]:
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    gpath, cpath = data_paths(directory, entries, segments, error_rate)
    terms: list[tuple[str, str, str]] = []
    if not gpath.exists():
        seen: set[str] = set()
        with open(gpath, "w", encoding="utf-8") as g:
            g.write("id,source,target,alternates,forbidden,type,note\n")
            i = 0
            while len(terms) < entries:
                zh = han_word(rng, rng.choice((3, 4, 4, 5, 6)))
                if zh in seen:
                    continue
                seen.add(zh)
                k = len(SYLLABLES)
                en = (f"{SYLLABLES[i % k].capitalize()}{SYLLABLES[i // k % k]} "
                      f"{SYLLABLES[i // k**2 % k].capitalize()}{SYLLABLES[i // k**3 % k]}")
                bad = en + "ski"
                terms.append((zh, en, bad))
                g.write(f"e{i},{zh},{en},,{bad},{rng.choice(('person', 'organization', 'term'))},\n")
                i += 1
    else:
        import csv

        with open(gpath, encoding="utf-8") as g:
            terms = [(r["source"], r["target"], r["forbidden"]) for r in csv.DictReader(g)]
    if not cpath.exists():
        with open(cpath, "w", encoding="utf-8") as c:
            c.write("doc\tid\tsource\ttarget\n")
            for n in range(segments):
                a, b = rng.choice(terms), rng.choice(terms)
                num = rng.randint(2, 900)
                zh = f"{a[0]}表示，{b[0]}将在{num}日举行会谈，双方讨论经贸合作。" if n % 3 == 0 else f"{a[0]}表示，{b[0]}将举行会谈，双方讨论经贸合作问题。"
                en_b = b[2] if rng.random() < error_rate else b[1]
                words = " ".join(rng.sample(WORDS, 6))
                en = (f"{a[1]} said that {en_b} will hold talks on the {num}th, and the two sides discussed {words}."
                      if n % 3 == 0 else f"{a[1]} said that {en_b} will hold talks, and the two sides discussed {words}.")
                c.write(f"d{n // 20}\t{n % 20 + 1}\t{zh}\t{en}\n")
    return gpath, cpath


FLOOR_PYTHON = """
import sys
n = 0
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        cells = line.rstrip("\\n").split("\\t")
        cells[2].lower(); cells[3].lower(); n += 1
print(n)
"""
FLOOR_READER = """
import sys
from termqa.fileio.corpus import read_corpus
n = 0
for seg in read_corpus(sys.argv[1]):
    seg.target.lower(); (seg.source or "").lower(); n += 1
print(n)
"""


def run_one(label: str, cmd: list[str], segments: int) -> float:
    """Run a command; print wall time, rate and peak memory.

    Peak memory is the kernel's high-water mark of the process's resident set (ru_maxrss from
    wait4), which costs nothing to read. Sampling /proc/PID/smaps_rollup every 50 ms, as an
    earlier version did, walked 800 MB of page tables each time and slowed the run it measured
    by a second on this 2-core machine. termqa check is one process (threads, no workers), so
    its own high-water mark is the figure.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss / 1024
    print(f"{label:14s} {wall:8.2f} s {segments / wall:12,.0f} segments/s  peak {peak_mb:7.0f} MB  exit {proc.returncode}")
    if err.strip():
        print("               " + err.strip().splitlines()[-1])
    return wall


def main() -> None:
    ap = data_arguments()
    ap.add_argument("--error-rate", type=float, default=0.02,
                    help="share of segments whose second term is a forbidden variant (MQM newstest2020: ~3%% of "
                         "segments have any finding)")
    args = ap.parse_args()
    t = time.perf_counter()
    gpath, cpath = generate(Path(args.dir), args.entries, args.segments, error_rate=args.error_rate)
    print(f"data: {args.entries:,} glossary entries, {args.segments:,} segment pairs, error rate {args.error_rate:g} "
          f"({os.path.getsize(cpath) / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s; cores: {os.cpu_count()}")
    py = sys.executable
    termqa = [py, "-m", "termqa"]
    fifth = Path(args.dir) / f"corpus-{args.segments // 5}-{args.error_rate:g}.tsv"
    if not fifth.exists():
        with open(cpath, encoding="utf-8") as src, open(fifth, "w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                if n > args.segments // 5:
                    break
                dst.write(line)

    def check(corpus: Path) -> list[str]:
        return [*termqa, "check", str(corpus), "-g", str(gpath), "--format", "jsonl", "--no-progress",
                "--batch-size", str(args.batch_size)]

    floor_py = run_one("floor-python", [py, "-c", FLOOR_PYTHON, str(cpath)], args.segments)
    floor_rd = run_one("floor-reader", [py, "-c", FLOOR_READER, str(cpath)], args.segments)
    with tempfile.TemporaryDirectory() as cache:
        # The first run compiles the glossary and caches it; the runs after load it (compiled.py).
        os.environ["TERMQA_CACHE_DIR"] = cache
        run_one("check (cold)", check(cpath), args.segments)
        run_one("check 1/5", check(fifth), args.segments // 5)
        warm = run_one("check", check(cpath), args.segments)
    print(f"check / floor-reader = {warm / floor_rd:.1f}x   check / floor-python = {warm / floor_py:.1f}x")


if __name__ == "__main__":
    main()
