"""The fast paths of name-variant and repeated-word give what the slower code they replaced gave.

Each test keeps the replaced code (a regex compiled for every form of a document, SequenceMatcher
run both ways on every pair, the spelling looked up for every form, every capitalised run split
at its stops, every non-letter run replaced) as the reference and compares on real sentences:
newstest2020's system outputs (../shared, skipped where absent), with perturbations that stress
the new path (curly apostrophes, possessives, doubled words behind odd separators).
"""

from __future__ import annotations

import functools
import random
from difflib import SequenceMatcher

import polars as pl
import regex

from termqa.checks import names
from termqa.checks.names import (
    _ABBREVIATION_STOP,
    _DATELINE,
    _MONTH_DAY,
    _POLARS_RUN,
    _POSSESSIVE,
    _STRIP_TITLES,
    _close_spellings,
    _form_pattern,
    _form_spans,
    _letters_only,
    document_names,
    misspelt,
    preferred_form,
)
from termqa.checks.text import _rows_with_repeats

from .realpairs import mqm_rows


@functools.cache
def _documents(limit: int = 800) -> list[list[str]]:
    """Up to `limit` documents of newstest2020 as one system translated them: distinct MT
    sentences in file order."""
    docs: dict[tuple[str, str], dict[str, None]] = {}
    for r in mqm_rows():
        key = (r["doc"], r["system"])
        if key not in docs and len(docs) >= limit:
            break
        docs.setdefault(key, {})[r["mt"]] = None
    return [list(d) for d in docs.values()]


def _curly(sentence: str) -> str:
    return sentence.replace("'", "’")


def test_form_spans_are_the_compiled_pattern_s_matches():
    rng = random.Random(7)
    compared = found = 0
    for doc in _documents()[:150]:
        texts = doc + [_curly(t) for t in doc if "'" in t]
        forms = set(document_names(texts, pl.Series([0] * len(texts), dtype=pl.UInt32))["surface"].to_list())
        # A form's stem and a form glued to a letter, a digit or an apostrophe: the edge tests.
        forms |= {f[: rng.randrange(1, len(f))] for f in list(forms) if len(f) > 1}
        texts += [f"{f}s {f}'s {f}’an 2{f}2 ({f}) {f}{f}" for f in sorted(forms)[:5]]
        for form in sorted(forms):
            for t in texts:
                old = [(m.start(), m.end()) for m in _form_pattern(form).finditer(t)]
                assert list(_form_spans(form, t, t.replace("’", "'"))) == old, (form, t)
                compared += 1
                found += bool(old)
    assert compared > 100_000 and found > 5_000


def _old_close_spellings(a: str, b: str) -> bool:
    return min(SequenceMatcher(None, a, b).ratio(), SequenceMatcher(None, b, a).ratio()) >= 0.8


def test_close_spellings_are_the_lower_of_both_ratios():
    words = sorted({w for doc in _documents()[:600] for t in doc for w in regex.findall(r"\p{Lu}\p{L}{3,}", t)})
    # 0.82 one way, 0.71 the other (real: "Global Analytics Group" / "Global Analysis Group").
    words += ["Analytics", "Analysis"]
    by_initial: dict[str, list[str]] = {}
    for w in words:
        by_initial.setdefault(w[0], []).append(w)
    rng = random.Random(11)
    close = 0
    for group in by_initial.values():
        for a in group:
            # Neighbours in sorted order share a stem; random ones mostly do not.
            for b in group[group.index(a) + 1: group.index(a) + 4] + rng.sample(group, min(3, len(group))):
                assert _close_spellings(a, b) == _old_close_spellings(a, b), (a, b)
                assert _close_spellings(b, a) == _old_close_spellings(a, b), (b, a)
                close += _old_close_spellings(a, b)
    assert close > 300


def _old_preferred_form(forms, count) -> str:
    ordered = list(forms)
    return min(ordered, key=lambda f: (-count(f), misspelt(f), ordered.index(f)))


def test_preferred_form_reads_spelling_only_for_a_tie_and_picks_the_same():
    rng = random.Random(3)
    forms = sorted({f for doc in _documents()[:300] for f in
                    document_names(doc, pl.Series([0] * len(doc), dtype=pl.UInt32))["surface"].to_list()})
    forms += ["Huston", "Houston", "Sun Ruizge", "Sun Ruizhe", "Bejing", "Beijing"]
    for _ in range(3000):
        group = rng.sample(forms, rng.randrange(1, 5))
        counts = {f: rng.randrange(1, 3) for f in group}
        assert preferred_form(group, counts.__getitem__) == _old_preferred_form(group, counts.__getitem__), group


def _old_document_names(targets: list[str], row_doc: pl.Series) -> pl.DataFrame:
    return (
        pl.DataFrame({"t": pl.Series(targets, dtype=pl.String), "doc": row_doc})
        .with_row_index("row")
        .with_columns(t=pl.col("t").str.replace(_DATELINE, "${1}${2}"))
        .select("row", "doc", surface=pl.col("t").str.extract_all(_POLARS_RUN))
        .explode("surface")
        .drop_nulls("surface")
        .with_columns(surface=pl.col("surface").str.replace_all(_ABBREVIATION_STOP, "${1}\x01${2}")
                      .str.replace_all(r"(\p{L}{2})\.\s+", "${1}\n").str.replace_all("\x01", ".", literal=True)
                      .str.split("\n"))
        .explode("surface")
        .with_columns(
            surface=pl.col("surface").str.replace(_STRIP_TITLES, "").str.replace(_POSSESSIVE, "")
            .str.strip_chars_end(".").str.replace_all("’", "'", literal=True)
        )
        .filter(~pl.col("surface").str.contains(_MONTH_DAY))
        .with_columns(
            key=pl.col("surface").str.to_lowercase().str.replace_all("’", "'", literal=True)
            .str.replace_all(r"[\s\-]+", " ")
        )
        .filter(pl.col("key").str.contains(r"\p{L}"))
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1,
                      single=~pl.col("surface").str.contains(r"\s"))
    )


def test_document_names_splits_only_the_runs_with_a_stop_and_drops_only_unread_short_words():
    docs = _documents()[:800]
    targets = [t for doc in docs for t in doc]
    # Runs broken by a line, a stop after an abbreviation or an initial, short capitals.
    targets += ["Wang\nYi met Li Na. The U.S. Army and Dr. Sun. He said J. K. Rowling's UN", "AB CD. EF\nG. Hi"]
    targets += [t.replace(". ", ".\n", 1) for t in targets[:2000]]
    row_doc = pl.Series([i // 20 for i in range(len(targets))], dtype=pl.UInt32)
    old = _old_document_names(targets, row_doc)
    assert document_names(targets, row_doc).equals(old)
    # What name-variant reads: the names, and the single words of four letters or more.
    read = (pl.col("n") >= 2) & ~pl.col("single") | pl.col("single") & (_letters_only("key").str.len_chars() >= 4)
    fast = document_names(targets, row_doc, short_words=False)
    assert fast.filter(read).equals(old.filter(read))
    assert fast.height < old.height * 0.85


def _old_repeat_rows(targets: list[str]) -> list[int]:
    same = (pl.col("w") == pl.col("w").shift(1)) & (pl.col("row") == pl.col("row").shift(1)) & (pl.col("w") != "")
    return (
        pl.LazyFrame({"t": pl.Series(targets, dtype=pl.String)})
        .select(w=pl.col("t").str.to_lowercase().str.replace_all(r"[^\p{L}]+", " ").str.split(" "))
        .with_row_index("row")
        .explode("w")
        .filter(same)
        .select(pl.col("row").unique())
        .collect()
        .get_column("row").sort().to_list()
    )


def test_repeated_word_reads_the_rows_the_old_filter_read():
    rng = random.Random(5)
    targets = [t for doc in _documents()[:800] for t in doc]
    separators = [" ", "  ", ", ", " - ", "\t", "\u00a0", " 12 ", "\n", "", "’", " , "]
    doubled = []
    for t in targets[:6000]:
        words = t.split(" ")
        i = rng.randrange(len(words))
        w = regex.sub(r"\P{L}", "", words[i]) or "x"
        sep = rng.choice(separators)
        edge = rng.choice(["", " ", ". ", "-", "  "])
        words[i] = f"{edge}{w}{sep}{w.upper() if rng.random() < 0.2 else w}{edge}"
        doubled.append(" ".join(words))
    targets += [*doubled, "", " ", "a", "a a", " a a ", ".a a.", "a\u3000a", "Ä ä", "é É"]
    old = _old_repeat_rows(targets)
    assert _rows_with_repeats(targets) == old
    assert len(old) > 4000


def test_the_pinyin_syllables_come_back_from_the_cache_unchanged(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMQA_CACHE_DIR", str(tmp_path / "cache"))
    names._pinyin_syllables.cache_clear()
    built = names._pinyin_syllables()  # read from pypinyin's table and written to the cache
    assert list((tmp_path / "cache").glob("names/syllables-*.json"))
    names._pinyin_syllables.cache_clear()
    monkeypatch.setattr(names, "_build_pinyin_syllables", lambda: (_ for _ in ()).throw(AssertionError("rebuilt")))
    assert names._pinyin_syllables() == built  # read back, not rebuilt
    assert {"zhe", "rui", "lu", "nu"} <= built and "hm" not in built
    names._pinyin_syllables.cache_clear()

