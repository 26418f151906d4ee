"""By-hand benchmark: the start-up of a one-line `termqa check`, median of 5 runs.

    python tests/bench/bench_startup.py [--runs 5] [--tree DIR]

Times two runs of the installed command on a one-segment TSV, each in a fresh process: with no
glossary and with `-g builtin:news` (targets: 0.35 s and 0.5 s, issue 17). The first run of each
is a warm-up that fills the private cache (termqa.cache) as a user's first run would; it is not
counted. Prints the median wall time and the median CPU time (user + system, of the child): on a
busy machine the wall time includes waiting for a core, the CPU time does not.
`--tree DIR` times another copy of the package instead (DIR holds a `termqa/` folder, e.g. from
`git archive HEAD termqa | tar -x -C DIR`), through `python -m termqa`, to compare before and after.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    "no glossary": ("one.tsv", []),
    "-g builtin:news": ("one.tsv", ["-g", "builtin:news"]),
    "glossary terms hit": ("hit.tsv", ["-g", "builtin:news"]),
}
TARGETS = {"no glossary": 0.35, "-g builtin:news": 0.5}
"""Issue 17's targets. The third case has none: it shows what a line whose source holds glossary
terms adds (term-missing asks for word boundaries: the segmenter's dictionary is loaded)."""


def _termqa(tree: str | None) -> list[str]:
    """The console script beside this interpreter, else (or for --tree) `python -m termqa`."""
    script = Path(sys.executable).with_name("termqa")
    return [str(script)] if script.exists() and tree is None else [sys.executable, "-m", "termqa"]


def _once(argv: list[str], cwd: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # cwd: `python -m` puts it first on sys.path, ahead of --tree.
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=cwd)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", metavar="DIR", help="time the termqa package in DIR instead")
    args = parser.parse_args()
    if args.tree:
        os.environ["PYTHONPATH"] = os.path.abspath(args.tree)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "one.tsv").write_text("source\ttarget\n郑义溶会见了记者。\tChung Eui-yong met reporters.\n",
                                           encoding="utf-8")
        (Path(tmp) / "hit.tsv").write_text("source\ttarget\n外交部发言人说，郑义溶会见了记者。\t"
                                           "The spokesman said Zheng Yirong met reporters.\n", encoding="utf-8")
        os.environ.setdefault("TERMQA_CACHE_DIR", str(Path(tmp) / "cache"))
        print(f"termqa check one line ({args.tree or 'this checkout'}), median of {args.runs} runs ({os.cpu_count()} cores, "
              f"load {os.getloadavg()[0]:.2f})")
        for name, (corpus, extra) in CASES.items():
            argv = [*_termqa(args.tree), "check", str(Path(tmp) / corpus), "--no-progress", "--fail-on", "never", *extra]
            _once(argv, tmp)  # warm-up: fills the cache, as the first run on a machine does
            runs = [_once(argv, tmp) for _ in range(args.runs)]
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            target = TARGETS.get(name)
            verdict = "" if target is None else "  (ok)" if wall <= target else f"  (over {target:.2f} s)"
            print(f"  {name:<18} wall {wall:.3f} s  cpu {cpu:.3f} s{verdict}")


if __name__ == "__main__":
    main()
