"""Imported by the fork server of `termqa check --jobs` (see Engine._run_pooled), never by
anything else: importing it loads the word segmenter (jieba-rs) with the cached jieba counts,
and the pinyin table.

The workers of a pooled run are forked from that server, so they start with these already in
memory (shared until written) instead of loading them each. Python jieba's own dictionary
(120 MB, 0.35 s) is not loaded: zhwords needs it only for a count its cache lacks.
Nothing here may import polars: a process forked from one that has started polars' thread
pool can deadlock.
"""

from __future__ import annotations

import gc

from termqa import pinyin, zhwords

zhwords._segmenter()
zhwords._memo().get("")  # (read from disk on first use)
pinyin._readings()
# Out of the collector's walks: a worker's collection would otherwise write to every table
# object's header, copying the pages it shares with this server into its own memory.
gc.freeze()
