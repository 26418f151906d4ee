"""Provides compile_glossary: a glossary turned into pattern sets and lookup tables, cached on disk.

Compiling expands every entry into the forms the corpus may contain (traditional and
simplified Chinese, English inflections, the pinyin reading of foreign names) and builds the
tables the matcher joins against. For a 100,000-entry glossary that is about four seconds of
pure Python, paid again by every CI run although the glossary rarely changes; loading the
compiled tables back takes under one. So a glossary of CACHE_MIN_ENTRIES or more is cached
under the user's cache directory, keyed by its entries and by the code that compiles it: an
edited glossary or a new termqa version compiles afresh, and a stale file is never read.
The Aho-Corasick automata themselves are not cached: the library cannot serialise them.

The cache is an optimisation only: a missing, unreadable or unwritable cache is silently
bypassed. `TERMQA_CACHE_DIR` moves it; `TERMQA_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from termqa.cache import private_dir, prune, read_sealed, write_sealed
from termqa.model import EntityType, GlossaryEntry, Status

CACHE_MIN_ENTRIES = 5_000
"""Below this a glossary compiles faster than a cache file could be checked and read."""

CACHE_KEEP = 8
"""Compiled glossaries kept; the least recently used beyond this are removed."""

_FORMAT = 2
"""Bumped when the pickled layout changes."""

_STATUS_RANK = {Status.APPROVED: 0, Status.ALTERNATE: 1, Status.FORBIDDEN: 2, Status.ROMANIZED: 3}

_EN_SCHEMA = {"pid": pl.Int32, "entry": pl.Int32, "status": pl.String, "rendering": pl.String,
              "rank": pl.Int32, "short": pl.Boolean, "rkey": pl.String}


@dataclass(frozen=True)
class CompiledGlossary:
    """What the matcher and the rules need of a glossary, independent of any corpus.

    Attributes:
        zh_patterns: Chinese patterns (NFKC, simplified and traditional forms); a match's
            pattern id indexes this list and zh_table.
        zh_table: (pid, m, entry): one row per pattern and entry it is a form of.
        en_patterns: English patterns as ascii_key gives them (lower-case, inflected).
        en_table: (pid, entry, status, rendering, rank, short, rkey): one row per pattern
            and entry, best status first (rank); `short` marks an admitted short form.
        known_keys: Rendering key of every listed or derived rendering, any status -> its entry,
            or a tuple of entries when several share it (an int for the usual one: loading
            300,000 sets back from the cache took a third of a second).
        allowed_keys: Rendering key of every approved or admitted rendering -> entry or entries.
        case_sensitive: Indexes of the entries matched only with the case given.
    """

    zh_patterns: list[str]
    zh_table: pl.DataFrame
    en_patterns: list[str]
    en_table: pl.DataFrame
    known_keys: dict[str, int | tuple[int, ...]]
    allowed_keys: dict[str, int | tuple[int, ...]]
    case_sensitive: frozenset[int]


def compile_glossary(entries: tuple[GlossaryEntry, ...], cache_dir: Path | None = None) -> CompiledGlossary:
    """Compile `entries`, from the cache when it holds them (see the module docstring)."""
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    if directory is None or len(entries) < CACHE_MIN_ENTRIES:
        return _compile(entries)
    path = directory / f"glossary-{_key(entries)}.pickle"
    # Sealed with this user's key (termqa.cache): a file planted in the cache directory is
    # removed, never unpickled.
    payload = read_sealed(path)
    if payload is not None:
        try:
            compiled = pickle.loads(payload)
            if isinstance(compiled, CompiledGlossary):
                os.utime(path)  # recency for the pruning below
                return compiled
        except Exception:  # a sealed file of another layout is rebuilt
            pass
    compiled = _compile(entries)
    _store(directory, path, compiled)
    return compiled


def default_cache_dir() -> Path | None:
    """The private `glossary` folder of termqa's cache (termqa.cache: `TERMQA_CACHE_DIR`, else
    `$XDG_CACHE_HOME/termqa`, else `~/.cache/termqa`, mode 0700, ours only); None when off."""
    return private_dir("glossary")


def _key(entries: tuple[GlossaryEntry, ...]) -> str:
    """A digest of the entries (every field that compiling reads) and of the compiling code."""
    from termqa import __version__

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{_FORMAT}\x00{__version__}\x00".encode())
    here = Path(__file__).parent
    # In a development checkout the version does not change with the code; the source does.
    for module in ("compiled.py", "normalize.py", "pinyin.py", "model.py"):
        with contextlib.suppress(OSError):
            digest.update((here / module).read_bytes())
    digest.update("\x1e".join(
        "\x1f".join((e.id, "\x1d".join(e.sources), e.target, "\x1d".join(e.alternates),
                     "\x1d".join(e.forbidden), e.type.value, "1" if e.case_sensitive else ""))
        for e in entries
    ).encode())
    return digest.hexdigest()


def _store(directory: Path, path: Path, compiled: CompiledGlossary) -> None:
    """Write the sealed cache file atomically and prune old ones; any failure leaves no trace."""
    with contextlib.suppress(OSError):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if write_sealed(path, pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)):
        prune(path, "glossary-*.pickle", CACHE_KEEP)


def _compile(entries: tuple[GlossaryEntry, ...]) -> CompiledGlossary:
    from termqa.normalize import ascii_key, fold_en, inflections, rendering_key, zh_forms_many
    from termqa.pinyin import romanizations

    zh: dict[str, set[int]] = {}
    en: dict[str, dict[int, tuple[int, str, Status]]] = {}  # pattern -> entry -> (entry, text, status)
    flat = [(index, source) for index, entry in enumerate(entries) for source in entry.sources]
    for (index, _), forms in zip(flat, zh_forms_many([s for _, s in flat]), strict=True):
        for form in forms:
            zh.setdefault(form, set()).add(index)
    rank = _STATUS_RANK
    for index, entry in enumerate(entries):
        derived = sorted(romanizations(entry)) if entry.type is EntityType.PERSON else ()
        forms = [*entry.renderings(), *((r, Status.ROMANIZED) for r in derived)]
        plural = entry.type is EntityType.TERM
        for text, status in forms:
            rendering = (index, text, status)
            for variant in inflections(fold_en(text), plural=plural):
                slot = en.setdefault(ascii_key(variant), {})
                old = slot.get(index)
                if old is None or rank[status] < rank[old[2]]:
                    slot[index] = rendering
    # A derived reading never overrides a listed form of another entry.
    for slot in en.values():
        if len(slot) > 1 and any(r[2] is not Status.ROMANIZED for r in slot.values()):
            for idx in [i for i, r in slot.items() if r[2] is Status.ROMANIZED]:
                del slot[idx]

    zh_patterns = list(zh)
    zh_rows = [(pid, p, e) for pid, p in enumerate(zh_patterns) for e in sorted(zh[p])]
    zh_table = pl.DataFrame(zh_rows, schema={"pid": pl.Int32, "m": pl.String, "entry": pl.Int32}, orient="row")

    en_patterns = list(en)
    keys: dict[str, str] = {}
    short: dict[tuple[int, str], bool] = {}
    cols: dict[str, list] = {k: [] for k in _EN_SCHEMA}
    by_text: dict[str, set[int]] = {}
    for pid, p in enumerate(en_patterns):
        ranked = sorted(en[p].values(), key=lambda r: (rank[r[2]], r[0]))
        for position, (entry, text, status) in enumerate(ranked):
            key = keys.get(text)
            if key is None:
                key = keys[text] = rendering_key(text)
            by_text.setdefault(text, set()).add(entry)
            abbreviated = False
            if status is Status.ALTERNATE:
                abbreviated = short.get((entry, text))
                if abbreviated is None:
                    e = entries[entry]
                    abbreviated = short[(entry, text)] = is_short(
                        key, rendering_key(e.target), [rendering_key(a) for a in e.alternates])
            cols["pid"].append(pid)
            cols["entry"].append(entry)
            cols["status"].append(status.value)
            cols["rendering"].append(text)
            cols["rank"].append(position)
            cols["short"].append(abbreviated)
            cols["rkey"].append(key)
    en_table = pl.DataFrame({k: pl.Series(k, v, dtype=_EN_SCHEMA[k]) for k, v in cols.items()})

    # Inflected variants share their Rendering: each distinct text is keyed once.
    known: dict[str, set[int]] = {}
    for text, owners in by_text.items():
        known.setdefault(keys[text], set()).update(owners)
    allowed: dict[str, set[int]] = {}
    for index, e in enumerate(entries):
        for text in (e.target, *e.alternates):
            allowed.setdefault(rendering_key(text), set()).add(index)
    return CompiledGlossary(
        zh_patterns=zh_patterns, zh_table=zh_table, en_patterns=en_patterns, en_table=en_table,
        known_keys=_packed(known), allowed_keys=_packed(allowed),
        case_sensitive=frozenset(i for i, e in enumerate(entries) if e.case_sensitive),
    )


def _packed(table: dict[str, set[int]]) -> dict[str, int | tuple[int, ...]]:
    return {k: next(iter(v)) if len(v) == 1 else tuple(sorted(v)) for k, v in table.items()}


def entries_of(table: dict[str, int | tuple[int, ...]], key: str) -> frozenset[int]:
    """The entries a packed key table (known_keys, allowed_keys) gives for `key`."""
    value = table.get(key)
    if value is None:
        return frozenset()
    return frozenset((value,)) if isinstance(value, int) else frozenset(value)


def is_short(key: str, approved_key: str, alternate_keys: list[str] | tuple[str, ...] = ()) -> bool:
    """An admitted rendering (key) that is a news-style short form: shorter than the approved
    rendering and sharing its first or last word (Chung for Chung Eui-yong, Yonhap for Yonhap
    News Agency), or the leading or trailing words of a longer admitted rendering (Macau in
    Macau Special Administrative Region, where the approved form spells Macao). The approved
    rendering itself is never short."""
    f = key.split()
    if key == approved_key:
        return False
    g = approved_key.split()
    if len(key) < len(approved_key) and (f[0] == g[0] or f[-1] == g[-1]):
        return True
    n = len(f)
    return any(len(a) > n and (a[:n] == f or a[-n:] == f) for a in (k.split() for k in alternate_keys))
