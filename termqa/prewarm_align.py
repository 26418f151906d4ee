"""Imported by the fork server of `termqa check --jobs` when term-variant is selected (see
Check.preload), never by anything else: importing it loads the aligner's tables, jieba's
part-of-speech tagger (its own jieba-rs dictionary and posseg's HMM) and CC-CEDICT's glosses.

Loaded here, they are shared by every worker (until written) instead of loaded by each. Like
termqa.prewarm, nothing here may import polars.
"""

from __future__ import annotations

import gc

from termqa import lexicon, postag

postag.load()
lexicon._table()
lexicon._expansions()  # (0.07 s: read when two renderings are compared as acronym and words)
gc.freeze()  # (as in termqa.prewarm: a worker's collections would copy the shared pages)
