"""Benchmark `termqa fix --suggestions` against `termqa check`, and a 100,000-entry TBX glossary
(run by hand, never by pytest: it takes minutes).

The corpus is real news: the Chinese sources of WMT22 general zh-en and every system's English
output of them, one TSV row per (source, output) pair, repeated with new document ids until
there are --segments rows. The glossary is the bundled news glossary, so fix has real
forbidden renderings to replace. Each command runs as its own process; its peak memory is
that process's maximum resident set (wait4), its time the wall clock.

  check   termqa check corpus.tsv -g news.csv --format jsonl > /dev/null
  fix     termqa fix corpus.tsv -g news.csv --suggestions -o fixed.tsv --force
  tbx     load a generated 100,000-entry TBX (termqa glossary validate), and check a small
          corpus with it

Targets: fix within 1.5x check's time and under 1 GB; the TBX under 1 GB.

Usage: python tests/bench/bench_fix.py [--segments 1000000] [--dir bench-data] [--tbx-entries 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WMT22 = ROOT.parent / "shared" / "data" / "wmt-general-zhen-systems" / "wmt22"
HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


def build_corpus(path: Path, segments: int) -> int:
    """A TSV of real segment pairs, repeated with new document ids; returns the rows written."""
    sources = (WMT22 / "sources" / "generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    docs = (WMT22 / "documents" / "zh-en.docs").read_text(encoding="utf-8").splitlines()
    outputs = sorted((WMT22 / "system-outputs").glob("*.en"))
    systems = [p.read_text(encoding="utf-8").splitlines() for p in outputs]
    rows = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("doc\tid\tsource\ttarget\n")
        round_ = 0
        while rows < segments:
            for s, system in enumerate(systems):
                for i, (src, hyp) in enumerate(zip(sources, system)):
                    if rows >= segments:
                        break
                    doc = (docs[i] if i < len(docs) else "doc").split("\t")[-1]
                    clean = [x.replace("\t", " ") for x in (src, hyp)]
                    fh.write(f"{doc}-r{round_}-s{s}\t{rows}\t{clean[0]}\t{clean[1]}\n")
                    rows += 1
            round_ += 1
    return rows


def build_tbx(path: Path, entries: int) -> None:
    from termqa.fileio.tbx import render_tbx
    from termqa.model import EntityType, Glossary, GlossaryEntry

    rng = random.Random(7)
    out = []
    seen: set[str] = set()
    while len(out) < entries:
        zh = "".join(rng.choice(HAN) for _ in range(rng.randint(3, 5)))
        if zh in seen:
            continue
        seen.add(zh)
        n = len(out)
        out.append(GlossaryEntry(id=f"e{n}", sources=(zh,), target=f"Term {n} Rendering", alternates=(f"Term {n} Alt",),
                                 forbidden=(f"Wrong {n}",), type=EntityType.TERM, note=f"entry {n}"))
    path.write_bytes(render_tbx(Glossary(tuple(out))))


def measure(argv: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, int, int]:
    """(seconds, peak RSS in bytes, exit code) of one process."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(err, file=sys.stderr)
    return elapsed, usage.ru_maxrss * 1024, proc.returncode


def mb(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segments", type=int, default=1_000_000)
    ap.add_argument("--tbx-entries", type=int, default=100_000)
    ap.add_argument("--dir", default="bench-data")
    args = ap.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / f"wmt22-{args.segments}.tsv"
    if not corpus.exists():
        t = time.monotonic()
        rows = build_corpus(corpus, args.segments)
        print(f"built {corpus}: {rows:,} segments, {mb(corpus.stat().st_size)} in {time.monotonic() - t:.0f} s")
    glossary = ROOT / "glossaries" / "news-zh-en.csv"
    termqa = [sys.executable, "-m", "termqa"]
    size = corpus.stat().st_size
    print(f"corpus {corpus}: {args.segments:,} segments, {mb(size)}; glossary {glossary.name}")

    check_t, check_m, _ = measure([*termqa, "check", str(corpus), "-g", str(glossary), "--format", "jsonl",
                                   "--no-progress"])
    print(f"check  {check_t:7.1f} s  {args.segments / check_t:9,.0f} seg/s  peak {mb(check_m)}")
    fixed = folder / "fixed.tsv"
    fix_t, fix_m, _ = measure([*termqa, "fix", str(corpus), "-g", str(glossary), "--suggestions", "-o", str(fixed),
                               "--force"])
    with open(corpus, encoding="utf-8") as a_fh, open(fixed, encoding="utf-8") as b_fh:
        changed = sum(a != b for a, b in zip(a_fh, b_fh))
    print(f"fix    {fix_t:7.1f} s  {args.segments / fix_t:9,.0f} seg/s  peak {mb(fix_m)}  ({changed:,} lines changed)")
    print(f"fix/check time {fix_t / check_t:.2f}x (target <= 1.5x); fix peak {'under' if fix_m < 1 << 30 else 'OVER'} 1 GB")

    tbx = folder / f"glossary-{args.tbx_entries}.tbx"
    if not tbx.exists():
        # In a process of its own: a child's peak RSS starts from its parent's size at spawn
        # (it survives exec), so the parent must stay small.
        subprocess.run([sys.executable, __file__, "--build-tbx", str(tbx), str(args.tbx_entries)], check=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    small = folder / "small.txt"
    small.write_text("Term 5 Rendering and Wrong 7 met.\n", encoding="utf-8")
    load_t, load_m, _ = measure([sys.executable, "-c", "import sys; from termqa.fileio.glossary import load_glossary; "
                                 "print(len(load_glossary([sys.argv[1]])))", str(tbx)])
    print(f"tbx    {args.tbx_entries:,} entries, {mb(tbx.stat().st_size)}: load {load_t:.1f} s, peak {mb(load_m)} "
          f"({'under' if load_m < 1 << 30 else 'OVER'} 1 GB)")
    chk_t, chk_m, _ = measure([*termqa, "check", str(small), "-g", str(tbx), "--no-progress"])
    print(f"tbx    check with it: {chk_t:.1f} s, peak {mb(chk_m)} ({'under' if chk_m < 1 << 30 else 'OVER'} 1 GB)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build-tbx"]:
        build_tbx(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
