"""Imported by the fork server of `termqa check --jobs` when term-variant is selected (see
Check.preload), never by anything else: importing it loads the aligner's tables, jieba's
part-of-speech tagger (with its own copy of jieba's dictionary) and CC-CEDICT's glosses.

Loaded here, they are shared by every worker (until written) instead of loaded by each: about
1.2 s of CPU per worker, and 80-100 MB of its memory (100,000 segments, --jobs 3). Like
termqa.prewarm, nothing here may import polars.
"""

from __future__ import annotations

import gc

from termqa import lexicon, postag

postag.load()
lexicon._table()
gc.freeze()  # (as in termqa.prewarm: a worker's collections would copy the shared pages)
