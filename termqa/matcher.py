"""Provides glossary matching on both sides of a batch of segments in one multi-pattern pass.

Each side is searched with one Aho-Corasick automaton (ahocorasick-rs, the Rust aho-corasick
crate, leftmost-longest), never with one regex per term: that is what keeps a 100,000-entry
glossary usable on a million segments. The automaton is built once per run. Measured on this
machine with 300,000 patterns (tests/bench/bench_check.py): polars' `extract_many` rebuilds its
automaton on every call, 0.5 s per batch, which dominated the run; pyahocorasick scans a
100,000-segment batch in 0.34 s (English) and 0.42 s (Chinese), ahocorasick-rs in 0.26 s and
0.21 s, and releases the GIL so that both sides scan at once. What follows the scan (joining matches to
glossary entries, grouping by document) is vectorised in polars. Patterns are expanded
from the glossary up front (see normalize.py) so that the corpus text is searched as is and
every offset points into the original string.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import ahocorasick_rs
import polars as pl

from termqa.compiled import compile_glossary, entries_of
from termqa.model import EntityType, Glossary, GlossaryEntry, Status
from termqa.normalize import ACRONYM, fold_en, inflections


@dataclass(frozen=True, slots=True)
class Rendering:
    """One English form of one entry, as listed (or derived) in the glossary."""

    entry: int
    """Index of the entry in Matcher.entries."""
    text: str
    """The rendering as the glossary spells it."""
    status: Status


@dataclass(frozen=True, slots=True)
class Hit:
    """A glossary form found in a text: offsets are code points into the original string."""

    start: int
    end: int
    surface: str
    renderings: tuple[Rendering, ...] = ()
    """For a target hit: the renderings this span is, best status first, one per entry."""
    entries: tuple[int, ...] = ()
    """For a source hit: the entries whose Chinese form this is."""


class Matcher:
    """A glossary compiled into two pattern sets, Chinese and English (see compiled.py)."""

    def __init__(self, glossary: Glossary, cache_dir: Path | None = None) -> None:
        self.entries: tuple[GlossaryEntry, ...] = glossary.entries
        compiled = compile_glossary(self.entries, cache_dir)
        self._zh_patterns = compiled.zh_patterns
        self._zh_table = compiled.zh_table
        self._en_patterns = compiled.en_patterns
        self._en_table = compiled.en_table
        self._case_sensitive = compiled.case_sensitive
        # Renderings written in capitals match only in capitals (normalize.ACRONYM).
        self._acronyms = frozenset(
            self._en_table.filter(pl.col("rendering").str.contains(ACRONYM)).get_column("rendering").unique().to_list()
        ) if self._en_table.height else frozenset()
        self._known_keys = compiled.known_keys
        self._allowed_keys = compiled.allowed_keys

    def __bool__(self) -> bool:
        return bool(self.entries)

    def known(self, key: str) -> frozenset[int]:
        """The entries that list or derive a rendering with this rendering key, any status."""
        return entries_of(self._known_keys, key)

    def allowed(self, key: str) -> frozenset[int]:
        """The entries whose approved or admitted rendering has this rendering key."""
        return entries_of(self._allowed_keys, key)

    @cached_property
    def _zh(self) -> dict[str, tuple[int, ...]]:
        """Chinese pattern -> its entries (for the occasional lookup outside a batch scan)."""
        out: dict[str, list[int]] = {}
        for m, entry in self._zh_table.select("m", "entry").iter_rows():
            out.setdefault(m, []).append(entry)
        return {m: tuple(v) for m, v in out.items()}

    @cached_property
    def _automata(self) -> tuple[ahocorasick_rs.BytesAhoCorasick | None, ahocorasick_rs.AhoCorasick | None]:
        """One Aho-Corasick automaton per side (leftmost-longest), built once and reused by every batch."""
        leftmost_longest = ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST
        # The English copy that is searched is pure ASCII (see match), so byte offsets are code-point
        # offsets and the bytes automaton can skip the UTF-8 bookkeeping: 40% faster on the scan.
        en = ahocorasick_rs.BytesAhoCorasick([p.encode("ascii") for p in self._en_patterns], matchkind=leftmost_longest) \
            if self._en_patterns else None
        zh = ahocorasick_rs.AhoCorasick(self._zh_patterns, matchkind=leftmost_longest) if self._zh_patterns else None
        return en, zh

    def match(self, sources: Sequence[str | None], targets: Sequence[str],
              target_side: bool = True) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Match both sides of a batch: one automaton pass per text, then vectorised joins.
        Without `target_side` the targets are not scanned and the target table is empty: a run
        whose rules read only the source table (term-variant alone) spent 0.3 of its 0.56 s of
        matching per 60,000 segments on the targets.

        Returns:
            The target table (row, start, end, entry, status, rendering, rank, short, rkey, held): one
            row per (span, entry it is a form of), offsets in code points of the original text, spans
            word-bounded and non-overlapping (leftmost-longest); `held` is true when the segment has
            no source or its source holds one of the entry's Chinese forms (see _held). And the
            source table (row, nstart, m, entry): offsets into the NFKC form of the source, mapped
            back by source_span.
        """
        empty_t = pl.DataFrame(schema={"row": pl.UInt32, "start": pl.Int64, "end": pl.Int64, "entry": pl.Int32,
                                       "status": pl.String, "rendering": pl.String, "rank": pl.Int32,
                                       "short": pl.Boolean, "rkey": pl.String, "held": pl.Boolean})
        empty_s = pl.DataFrame(schema={"row": pl.UInt32, "nstart": pl.Int64, "m": pl.String, "entry": pl.Int32})
        if not self.entries or not targets:
            return empty_t, empty_s
        en, zh = self._automata
        frame = scan_texts(sources, targets)
        # The two scans release the GIL, so they run side by side: the English one on a pool thread,
        # the Chinese one on this thread.
        en_future = _scan_pool().submit(_scan, en, frame["t"], True) if en is not None and target_side else None
        zh_found = _scan(zh, frame["s"]) if zh is not None else None
        en_found = en_future.result() if en_future is not None else None
        target = empty_t
        if en_found is not None:
            target = (
                en_found.join(self._en_table, on="pid", how="inner")
                .select("row", "start", "end", "entry", "status", "rendering", "rank", "short", "rkey")
                .sort("row", "start", "rank")
            )
            if (self._case_sensitive or self._acronyms) and target.height:
                target = self._filter_case(target, targets)
            target = self._held(target, frame["s"], pl.Series(sources, dtype=pl.String).is_not_null())
        source = empty_s
        if zh_found is not None:
            source = (
                zh_found.rename({"start": "nstart"})
                .join(self._zh_table, on="pid", how="inner")
                .select("row", "nstart", "m", "entry")
                .sort("row", "nstart", "entry")
            )
        return target, source

    def _held(self, table: pl.DataFrame, sources: pl.Series, bilingual: pl.Series) -> pl.DataFrame:
        """Add `held`: whether the segment's source holds the entry's concept, any of its Chinese
        forms anywhere in the NFKC source (traditional and simplified alike, as zh_table lists
        them), or the segment has no source to ask.

        A containment test, not the leftmost-longest source match: 香港 is held by 香港特别行政区
        although the source scan gives that span to the longer entry. Vectorised: one literal
        `contains` per (row, entry, Chinese form) of the table, never a pattern per term.
        """
        if not table.height:
            return table.with_columns(held=pl.lit(True))
        row_bilingual = bilingual.gather(table["row"])
        pairs = table.select("row", "entry").filter(row_bilingual).unique()
        holds = (
            pairs.join(self._zh_forms, on="entry")
            .join(pl.DataFrame({"s": sources}).with_row_index("row"), on="row")
            .filter(pl.col("s").str.contains(pl.col("m"), literal=True))
            .select("row", "entry").unique().with_columns(found=pl.lit(True))
        )
        return (
            table.with_columns(bilingual=row_bilingual)
            .join(holds, on=["row", "entry"], how="left", maintain_order="left")
            .with_columns(held=~pl.col("bilingual") | pl.col("found").fill_null(False))
            .drop("bilingual", "found")
        )

    @cached_property
    def _zh_forms(self) -> pl.DataFrame:
        """(entry, m): every Chinese form of every entry, as the source automaton matches it."""
        return self._zh_table.select("entry", "m").unique()

    def _filter_case(self, table: pl.DataFrame, targets: Sequence[str]) -> pl.DataFrame:
        """Drop the matches whose case is wrong: of an entry matched only with the case given, or
        of a rendering written in capitals (which may add a plural or possessive: "NGOs",
        "CCTV's"). Only those rows are read in Python."""
        marked = table.with_row_index("i").filter(
            pl.col("entry").is_in(list(self._case_sensitive)) | pl.col("rendering").is_in(list(self._acronyms))
        )
        drop = []
        for i, row, start, end, entry, rendering in marked.select(
                "i", "row", "start", "end", "entry", "rendering").iter_rows():
            span = targets[row][start:end]
            wrong_case = entry in self._case_sensitive and fold_en(span) not in inflections(
                fold_en(rendering), plural=self.entries[entry].type is EntityType.TERM)
            if wrong_case or (rendering in self._acronyms and not span.startswith(rendering)):
                drop.append(i)
        if not drop:
            return table
        return table.with_row_index("i").filter(~pl.col("i").is_in(drop)).drop("i")

    def key_of_target(self, entry: int) -> str:
        """The comparison key of an entry's approved rendering."""
        from termqa.normalize import rendering_key

        return rendering_key(self.entries[entry].target)

    def zh_entries(self, text: str) -> tuple[int, ...]:
        """The entries whose Chinese form is exactly `text` (after NFKC)."""
        import unicodedata

        return self._zh.get(unicodedata.normalize("NFKC", text), ())


def scan_texts(sources: Sequence[str | None] | pl.Series, targets: Sequence[str] | pl.Series) -> pl.DataFrame:
    """A batch's texts as the automata search them: `t` the targets, `s` the sources.

    Every non-ASCII character of a target becomes one ASCII byte and the text is lower-cased, so
    offsets in the copy are offsets in the original; curly apostrophes become straight, hyphens
    spaces. Sources are NFKC-normalised (offsets mapped back by source_span).
    """
    return pl.DataFrame({
        "t": pl.Series(targets, dtype=pl.String),
        "s": pl.Series(sources, dtype=pl.String).fill_null(""),
    }).select(
        t=pl.col("t").str.replace_all("[\u2018\u2019\u201b\u02bc]", "'")
        .str.replace_all(r"[^\x00-\x7F]", "\x01").str.replace_all("-", " ", literal=True).str.to_lowercase(),
        s=pl.col("s").str.normalize("NFKC"),
    )


@functools.lru_cache(maxsize=1)
def _scan_pool() -> ThreadPoolExecutor:
    """One long-lived scan thread: a pool per batch started new threads each time, and glibc gave
    each a fresh malloc arena, which left the process 250 MB larger after a million segments."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="termqa-scan")


_SCAN_CHUNK = 4_000
"""Texts per automaton call. The call returns its matches as Python tuples, 26 MB for the
180,000 raw English matches of 25,000 news segments: held for a few thousand texts at a time,
the peak is a fraction of that, for the same matches."""


def _scan(
    automaton: ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick, texts: pl.Series, bounded: bool = False,
) -> pl.DataFrame | None:
    """All leftmost-longest matches in a batch of texts (see _scan_chunk), a chunk at a time."""
    parts = []
    for first in range(0, len(texts), _SCAN_CHUNK):
        found = _scan_chunk(automaton, texts.slice(first, _SCAN_CHUNK), bounded)
        if found is not None:
            parts.append(found.with_columns(pl.col("row") + first) if first else found)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else pl.concat(parts)


def _scan_chunk(
    automaton: ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick, texts: pl.Series, bounded: bool = False,
) -> pl.DataFrame | None:
    """All leftmost-longest matches in a batch of texts: (row, start, end, pid), offsets per text
    in code points. `bounded`: only the matches at word boundaries (no letter or digit just before
    or after), which the automaton does not know; for a bytes automaton over an ASCII text, as
    scan_texts' English copy is, where a byte is a code point.

    The batch is joined into one string with newline separators (no pattern contains a
    newline, so no match crosses one) and scanned in a single call: a call per text cost
    more than the scan itself.
    """
    if not len(texts):
        return None
    joined = texts.str.join("\n")  # joined in polars: no Python string per text
    as_bytes = isinstance(automaton, ahocorasick_rs.BytesAhoCorasick)
    # Handed over as bytes straight from polars' buffer: a Python str of the batch, then its
    # encoding, cost a quarter of the English scan's own time.
    big = joined.cast(pl.Binary).item() if as_bytes else joined.item()
    hits = automaton.find_matches_as_indexes(big)
    if not hits:
        return None
    # Flattened, then split in polars: a frame built from the tuples took a third of the scan's time.
    flat = pl.Series(list(itertools.chain.from_iterable(hits)), dtype=pl.Int64)
    pid, gstart, gend = flat.gather_every(3, 0), flat.gather_every(3, 1), flat.gather_every(3, 2)
    if bounded:
        # The separators are no letters, so a text's own edges pass as they did checked per text;
        # filtered before the joins, which four in five raw English matches ("ed" in "said") never reach.
        codes = pl.Series([big], dtype=pl.Binary).cast(pl.List(pl.UInt8)).explode()
        last = len(big) - 1
        before = codes.gather((gstart - 1).clip(lower_bound=0))
        after = codes.gather(gend.clip(upper_bound=last))
        keep = ((gstart == 0) | ~_is_word_byte(before)) & ((gend > last) | ~_is_word_byte(after))
        pid, gstart, gend = pid.filter(keep), gstart.filter(keep), gend.filter(keep)
    sizes = texts.str.len_chars().cast(pl.Int64) + 1
    offsets = sizes.cum_sum() - sizes
    row = offsets.search_sorted(gstart, side="right") - 1
    base = offsets.gather(row)
    return pl.DataFrame({
        "row": row.cast(pl.UInt32), "start": gstart - base, "end": gend - base, "pid": pid.cast(pl.Int32),
    })


def _is_word_byte(codes: pl.Series) -> pl.Series:
    """[a-z0-9], on the bytes of scan_texts' lower-case ASCII copy."""
    return codes.is_between(ord("a"), ord("z")) | codes.is_between(ord("0"), ord("9"))


def hits_by_row(table: pl.DataFrame, texts: Sequence[str], n: int, rows: set[int] | None = None) -> list[list[Hit]]:
    """Group a target table into Hit lists per row (only `rows` when given)."""
    out: list[list[Hit]] = [[] for _ in range(n)]
    if rows is not None:
        table = table.filter(pl.col("row").is_in(list(rows)))
    for row, start, end, entry, status, rendering in table.select(
        "row", "start", "end", "entry", "status", "rendering"
    ).iter_rows():
        r = Rendering(entry, rendering, Status(status))
        hits = out[row]
        if hits and hits[-1].start == start:
            hits[-1] = Hit(start, end, hits[-1].surface, renderings=(*hits[-1].renderings, r))
        else:
            hits.append(Hit(start, end, texts[row][start:end], renderings=(r,)))
    return out


def source_span(text: str, nstart: int, matched: str) -> tuple[int, int]:
    """Code-point offsets in the original source of a match at `nstart` of its NFKC form."""
    import unicodedata

    start, end = nstart, nstart + len(matched)
    # The quick check first: most sources are NFKC already, and normalising a copy per match cost
    # more than the rest of term-missing's test of a match.
    if unicodedata.is_normalized("NFKC", text):
        return start, end
    norm = unicodedata.normalize("NFKC", text)
    if len(norm) != len(text):
        index_map = _nfkc_index_map(text)
        start, end = index_map[start], index_map[end - 1] + 1
    return start, end


def _nfkc_index_map(text: str) -> list[int]:
    """For each code point of NFKC(text), the index of the original code point it came from."""
    import unicodedata

    mapping: list[int] = []
    for i, ch in enumerate(text):
        mapping.extend([i] * len(unicodedata.normalize("NFKC", ch)))
    return mapping
