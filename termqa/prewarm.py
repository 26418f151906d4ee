"""Imported by the fork server of `termqa check --jobs` (see Engine._run_pooled), never by
anything else: importing it loads jieba's dictionary and the pinyin table.

The workers of a pooled run are forked from that server, so they start with both already in
memory (shared until written) instead of loading them each (about 1 s of CPU per worker).
Nothing here may import polars: a process forked from one that has started polars' thread
pool can deadlock.
"""

from __future__ import annotations

import gc

from termqa import pinyin, zhwords

zhwords._tokenizer()
pinyin._readings()
# Out of the collector's walks: a worker's collection would otherwise write to every table
# object's header, copying the pages it shares with this server into its own memory.
gc.freeze()
