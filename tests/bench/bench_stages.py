"""CPU seconds of each stage of `termqa check`, run one after another (run by hand, not by pytest).

bench_real.py times whole runs, where the glossary scan, the reader and two rules at a time
overlap on threads; this runs the same stages in one thread, so that each rule's own cost shows
(process CPU time, which other load on the machine moves less than wall time):

  read          the corpus read into segments
  match         the glossary scan of both sides and the joins to entries, all batches
  <rule id>     each selected rule over all batches

Usage: python tests/bench/bench_stages.py CORPUS GLOSSARY [--select default] [--segments N]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import Counter


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("glossary")
    ap.add_argument("--select", default="default", help="rule ids or prefixes, comma-separated (default: the default rules)")
    ap.add_argument("--segments", type=int, default=0, help="only the first N segments (0: all)")
    args = ap.parse_args()
    from termqa.checks import Batch
    from termqa.engine import Engine, Options, collect_less
    from termqa.fileio.corpus import read_corpus
    from termqa.fileio.glossary import load_glossary

    collect_less()  # as the command does: the default thresholds put 1.2 s of 15 s of CPU in collections
    spent: Counter[str] = Counter()
    t = time.process_time()
    engine = Engine(load_glossary([args.glossary], None), Options(select=args.select.split(",")))
    spent["glossary (load, compile)"] += time.process_time() - t
    t = time.process_time()
    segments = list(read_corpus(args.corpus, None, None))
    if args.segments:
        segments = segments[: args.segments]
    spent["read"] += time.process_time() - t
    gc.freeze()  # the corpus is held whole here, as the engine never does: keep it out of the collector's walks
    findings = 0
    for part, docs in engine._batches(segments):
        # As the engine does: the targets matched only where a rule reads them.
        batch = Batch(part, docs, engine.matcher, engine.severities, target_matches=engine.target_matches)
        if engine.matcher and any(c.uses_matches for c in engine.checks):
            t = time.process_time()
            batch.source_table  # noqa: B018 - computes the matches
            spent["match"] += time.process_time() - t
        for check in engine.checks:
            t = time.process_time()
            findings += sum(1 for _ in check.run(batch))
            spent[check.id] += time.process_time() - t
    print(f"{len(segments):,} segments, {findings:,} findings, {sum(spent.values()):.2f} s CPU")
    for stage, seconds in spent.most_common():
        print(f"{seconds:8.2f} s  {stage}")


if __name__ == "__main__":
    main()
