"""Provides `termqa eval`: the checks scored against MQM error annotations.

Reads an MQM annotation file (the spans JSON Lines of ../shared/data, or the raw TSV with
`<v>…</v>` marks), runs the checks on every (system, document) with the clean MT text, and
scores the findings against the human error spans at three levels:

- segment: a (system, segment) is gold-positive when any rater marked a positive category there,
  predicted-positive when termqa reports anything there;
- span: gold spans of positive rows, overlapping spans of different raters merged into one item;
  a finding's span matches one gold item one-to-one on any overlap (lenient) or IoU >= 0.5
  (strict); "lenient precision" also counts a finding that overlaps any labelled error;
- group: the findings about one term or name in one (system, document) form a group with the
  places of the rendering they depart from (Finding.related), a hit when any of its spans
  overlaps a gold span (raters mark one occurrence of an inconsistent pair, not always the
  deviating one).

Positives are `core` (Terminology/Inconsistent use of terminology, Fluency/Inconsistency) or
`extended` (core, Terminology/Inappropriate for context, Locale convention/Name format); Major
and Minor severities only. Aggregation is done with polars.

Every MQM release spells its categories its own way (2021: `Terminology/Inconsistent`,
`Locale_convention/Name`; 2023 side-by-side: `Terminology/Inconsistent`), so categories are
compared by a normalised name: case, spaces, `_` and punctuation folded, and a subcategory that
is the start of a known one (`Inappropriate` of `Inappropriate for context`) taken as that one.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import json
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import polars as pl
import regex

from termqa.engine import INTERNAL_ERROR, Crash, Engine, Options
from termqa.errors import InputError
from termqa.model import Finding, Glossary, Segment, Side
from termqa.wording import counted

CORE = ("Terminology/Inconsistent use of terminology", "Fluency/Inconsistency")
EXTENDED = (*CORE, "Terminology/Inappropriate for context", "Locale convention/Name format")
GOOD_SPANS = ("exact", "dup_fixed", "aligned", "unique_match")
_MARK = regex.compile(r"</?v>")

KNOWN = (
    "Accuracy/Mistranslation", "Accuracy/Omission", "Accuracy/Addition", "Accuracy/Untranslated text",
    "Fluency/Grammar", "Fluency/Punctuation", "Fluency/Spelling", "Fluency/Inconsistency", "Fluency/Register",
    "Fluency/Character encoding", "Style/Awkward", "Terminology/Inappropriate for context",
    "Terminology/Inconsistent use of terminology", "Locale convention/Name format",
    "Locale convention/Currency format", "Locale convention/Address format", "Locale convention/Date format",
    "Locale convention/Time format", "Locale convention/Telephone format", "Non-translation!", "Other",
    "No-error", "Source error",
)
"""The newstest2020 categories: the names other releases' spellings are folded onto."""
_DROPPED_SEVERITIES = ("hotw-test",)
"""Attention checks with injected errors (SxS 2023), not annotations of the MT."""


def _fold(name: str) -> str:
    return regex.sub(r"[^\p{L}\p{N}/]+", "", name.replace("_", " ").casefold())


_KNOWN_FOLDED = {_fold(k): k for k in KNOWN}


@functools.lru_cache(maxsize=1024)
def canonical(category: str) -> str | None:
    """The newstest2020 spelling of an MQM category of any release, or None when none fits.

    `Terminology/Inconsistent` -> `Terminology/Inconsistent use of terminology`,
    `Locale_convention/Name` -> `Locale convention/Name format`, `no-error` -> `No-error`.
    """
    folded = _fold(category)
    if folded in _KNOWN_FOLDED:
        return _KNOWN_FOLDED[folded]
    top, _, sub = folded.partition("/")
    if sub:
        fits = [k for f, k in _KNOWN_FOLDED.items() if f.partition("/")[0] == top and f.partition("/")[2].startswith(sub)]
        if len(fits) == 1:
            return fits[0]
    return None


def categories(names: Iterable[str]) -> tuple[str, ...]:
    """Positive categories as a user gives them (any release's spelling), canonical where known."""
    return tuple(canonical(n) or n for n in names)


@dataclass(frozen=True, slots=True)
class Row:
    """One annotation row, reduced to what scoring needs."""

    system: str
    doc: str
    seg: int
    rater: str
    category: str
    severity: str
    source: str
    mt: str
    spans: tuple[tuple[int, int], ...]


def read_annotations(path: str, warnings: list[str] | None = None) -> list[Row]:
    """Read MQM annotations of any release: the spans JSON Lines, or the raw TSV of 2020/2021
    (`seg_id`) or of the 2023 side-by-side study (`docSegId`, `globalSegId`; also as the
    .tar.gz it is published in). Gzipped files are read as they are.

    Categories are folded onto the newstest2020 spellings (see `canonical`); attention-check
    rows (severity HOTW-test) are dropped. Columns and categories that are not used or not
    known are named in `warnings`, never dropped without a word.

    Raises:
        InputError: An unreadable file or a missing column.
    """
    name = path.removesuffix(".gz")
    unknown: dict[str, None] = {}
    try:
        with _open_text(path) as fh:
            if name.endswith(".jsonl"):
                rows = [_from_json(json.loads(line), path, n) for n, line in enumerate(fh, 1) if line.strip()]
            else:
                rows = list(_from_tsv(fh, path, unknown))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError, tarfile.TarError) as exc:
        raise InputError(path, f"cannot read annotations: {exc}") from None
    kept = [r for r in rows if r.severity.casefold() not in _DROPPED_SEVERITIES]
    strange = sorted({r.category for r in kept if canonical(r.category) is None})
    if warnings is not None:
        if unknown:
            warnings.append(f"{path}: columns not used: {', '.join(unknown)}")
        if len(kept) < len(rows):
            warnings.append(f"{path}: {counted(len(rows) - len(kept), 'attention-check row')} (HOTW-test) left out")
        if strange:
            warnings.append(f"{path}: categories of no known MQM spelling, scored only if named: {', '.join(strange)}")
    return [_canonical_row(r) for r in kept]


def _canonical_row(r: Row) -> Row:
    category = canonical(r.category) or r.category
    severity = r.severity.strip().capitalize()  # major / Major / MAJOR
    if (category, severity) == (r.category, r.severity):
        return r
    return Row(r.system, r.doc, r.seg, r.rater, category, severity, r.source, r.mt, r.spans)


@contextlib.contextmanager
def _open_text(path: str) -> Iterator[io.TextIOBase]:
    """The file as text; a .tar.gz yields its first .tsv member (the SxS 2023 release)."""
    if path.endswith((".tar.gz", ".tgz")):
        with tarfile.open(path, "r:gz") as archive:
            member = next((m for m in archive if m.isfile() and m.name.endswith(".tsv")), None)
            raw = archive.extractfile(member) if member is not None else None
            if raw is None:
                raise InputError(path, "the archive holds no .tsv file")
            with io.TextIOWrapper(raw, encoding="utf-8") as fh:
                yield fh
    elif path.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            yield fh
    else:
        with open(path, encoding="utf-8") as fh:
            yield fh


def _from_json(obj: dict, path: str, line: int) -> Row:
    try:
        good = obj.get("mt_span_status") in GOOD_SPANS
        spans = tuple((int(a), int(b)) for a, b in obj.get("mt_spans") or []) if good else ()
        seg = obj["seg_id"] if "seg_id" in obj else obj["globalSegId"]
        return Row(obj["system"], obj["doc"], int(seg), obj["rater"], obj["category"], obj["severity"],
                   obj["source"], obj["mt"], spans)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(path, f"annotation row lacks {exc}", line) from None


_USED = ("system", "doc", "rater", "source", "target", "category", "severity")
_KNOWN_COLUMNS = {*_USED, "seg_id", "doc_id", "docSegId", "globalSegId", "metadata"}


def _from_tsv(lines: Iterator[str], path: str, unknown: dict[str, None]) -> Iterator[Row]:
    header = next(lines, "").rstrip("\r\n").split("\t")
    # 2020/2021 number segments by seg_id; the 2023 side-by-side file by globalSegId (docSegId
    # restarts in every document).
    seg_col = "seg_id" if "seg_id" in header else "globalSegId"
    need = (*_USED, seg_col)
    if any(c not in header for c in need):
        raise InputError(path, f"annotation header needs {', '.join(need)} (or globalSegId for seg_id)", 1)
    unknown.update(dict.fromkeys(c for c in header if c and c not in _KNOWN_COLUMNS))
    col = {c: header.index(c) for c in need}
    col["seg_id"] = col[seg_col]
    width = max(col.values()) + 1
    for n, line in enumerate(lines, 2):
        cells = line.rstrip("\r\n").split("\t")
        # The 2023 header names an 11th column that no row fills: only the columns read count.
        if len(cells) < width:
            raise InputError(path, f"row has {len(cells)} fields but needs {width}", n)
        marked = cells[col["target"]]
        spans, clean, pos = [], [], 0
        start = None
        for m in _MARK.finditer(marked):
            clean.append(marked[pos:m.start()])
            offset = sum(len(c) for c in clean)
            if m.group(0) == "<v>":
                start = offset
            elif start is not None:
                spans.append((start, offset))
                start = None
            pos = m.end()
        clean.append(marked[pos:])
        try:
            seg = int(cells[col["seg_id"]])
        except ValueError:
            raise InputError(path, f"segment number {cells[col['seg_id']][:40]!r} is not a whole number", n) from None
        yield Row(cells[col["system"]], cells[col["doc"]], seg, cells[col["rater"]],
                  cells[col["category"]], cells[col["severity"]], _MARK.sub("", cells[col["source"]]),
                  "".join(clean), tuple(spans))


def run_checks(rows: list[Row], glossary: Glossary, path: str, select: list[str] | None = None,
               ignore: list[str] | None = None, crashes: list[Crash] | None = None) -> list[Finding]:
    """The findings on every (system, document), segments in seg_id order, the MT text as target.

    Every rule runs (opt-in ones too) unless `select` names others. A check that crashed on a
    document is added to `crashes`, and its internal-error finding is no prediction."""
    segments: dict[tuple[str, int], Segment] = {}
    for r in rows:
        key = (r.system, r.seg)
        if key not in segments:
            segments[key] = Segment(path, r.seg, f"{r.system}|{r.seg}", f"{r.system}|{r.doc}", r.source, r.mt)
    # Documents must be contiguous runs for the engine: sort by system, document, segment.
    ordered = sorted(segments.values(), key=lambda s: (s.doc, s.line))
    engine = Engine(glossary, Options(select=select or ["all"], ignore=ignore))
    found = [f for f in engine.run(ordered) if f.rule != INTERNAL_ERROR]
    if crashes is not None:
        crashes.extend(engine.stats.crashes)
    return found


def _prf(tp: int, pred: int, gold: int) -> dict:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "predicted": pred,
            "gold": gold}


_KEY = ["system", "seg"]
_SPANS = {"system": pl.String, "seg": pl.Int64, "s": pl.Int64, "e": pl.Int64}


def _rows_frame(rows: list[Row]) -> pl.DataFrame:
    return pl.DataFrame(
        {"system": [r.system for r in rows], "doc": [r.doc for r in rows], "seg": [r.seg for r in rows],
         "rater": [r.rater for r in rows],
         "category": [r.category for r in rows], "severity": [r.severity for r in rows],
         "spans": [[list(x) for x in r.spans] for r in rows]},
        schema={"system": pl.String, "doc": pl.String, "seg": pl.Int64, "rater": pl.String, "category": pl.String,
                "severity": pl.String, "spans": pl.List(pl.List(pl.Int64))},
    )


def _findings_frame(findings: list[Finding]) -> pl.DataFrame:
    """One row per finding, in report order (`order`), keyed like the annotation rows; then one
    row per related place (`member`): the other renderings of the finding's group."""
    rows: list[tuple] = []
    for order, f in enumerate(findings):
        system = f.segment.split("|", 1)[0] if f.segment else ""
        group = f.term or f"{f.rule}:{(f.suggestions[0] if f.suggestions else f.text).casefold()}"
        target = f.side is Side.TARGET and f.start is not None and f.end is not None
        rows.append((order, system, f.line, f.doc, f.rule, target, f.start, f.end, group, False))
        for r in f.related if target else ():
            rows.append((order, system, r.line, f.doc, f.rule, True, r.start, r.end, group, True))
    return pl.DataFrame(rows, orient="row", schema={
        "order": pl.Int64, "system": pl.String, "seg": pl.Int64, "doc": pl.String, "rule": pl.String,
        "target": pl.Boolean, "s": pl.Int64, "e": pl.Int64, "group": pl.String, "member": pl.Boolean})


def _spans(frame: pl.DataFrame) -> pl.DataFrame:
    """(system, seg, s, e): the marked spans of annotation rows, one per row."""
    return (
        frame.select(*_KEY, "spans").explode("spans").drop_nulls("spans")
        .select(*_KEY, s=pl.col("spans").list.get(0), e=pl.col("spans").list.get(1))
    )


def _merge(spans: pl.DataFrame) -> pl.DataFrame:
    """Overlapping spans of one segment (several raters marking one error) merged into one gold item."""
    if not spans.height:
        return pl.DataFrame(schema={**_SPANS, "item": pl.UInt32})
    return (
        spans.sort(*_KEY, "s", "e")
        .with_columns(reach=pl.col("e").cum_max().shift(1).over(_KEY))
        .with_columns(new=pl.col("reach").is_null() | (pl.col("s") >= pl.col("reach")))
        .with_columns(item=pl.col("new").cast(pl.UInt32).cum_sum().over(_KEY))
        .group_by(*_KEY, "item").agg(s=pl.col("s").min(), e=pl.col("e").max())
        .sort(*_KEY, "s")
    )


def _overlaps(pred: pl.DataFrame, gold: pl.DataFrame) -> pl.DataFrame:
    """Every (prediction, gold span) pair of one segment that overlaps, with the overlap and union."""
    return (
        pred.join(gold, on=_KEY, suffix="_g")
        .with_columns(overlap=pl.min_horizontal("e", "e_g") - pl.max_horizontal("s", "s_g"),
                      union=pl.max_horizontal("e", "e_g") - pl.min_horizontal("s", "s_g"))
        .filter(pl.col("overlap") > 0)
    )


def score(rows: list[Row], findings: list[Finding], positives: tuple[str, ...]) -> dict:
    """Segment, span and group scores, the flag-everything baseline, and rater agreement."""
    return _score(_rows_frame(rows), _findings_frame(findings), positives)


def _score(frame: pl.DataFrame, found: pl.DataFrame, positives: tuple[str, ...]) -> dict:
    keep = frame.filter(pl.col("severity").is_in(["Major", "Minor"]))
    gold_rows = keep.filter(pl.col("category").is_in(list(positives)))
    # Related places (the reference renderings a variant departs from) belong to its group only.
    members = found.filter("target")
    found = found.filter(~pl.col("member"))
    units = frame.select(_KEY).unique()
    gold_units = gold_rows.select(_KEY).unique()
    pred_units = found.select(_KEY).unique()
    out: dict = {"segments": units.height}
    out["segment"] = _prf(pred_units.join(gold_units, on=_KEY, how="semi").height, pred_units.height,
                          gold_units.height)
    out["segment_baseline"] = _prf(gold_units.height, units.height, gold_units.height)
    # Span level: each prediction takes the first free gold item of its segment that it matches.
    items = _merge(_spans(gold_rows))
    predicted = found.filter("target")
    total_gold = items.height
    spans = predicted.select("order", *_KEY, "s", "e")
    pairs = _overlaps(spans, items)
    for name, test in (("span_lenient", pl.lit(True)), ("span_strict", pl.col("overlap") / pl.col("union") >= 0.5)):
        used: set[tuple] = set()
        matched: set[int] = set()
        for order, system, seg, item in pairs.filter(test).sort("order", "s_g").select(
                "order", "system", "seg", "item").iter_rows():
            if order not in matched and (system, seg, item) not in used:
                used.add((system, seg, item))
                matched.add(order)
        out[name] = _prf(len(matched), predicted.height, total_gold)
    any_error = _overlaps(spans, _spans(keep))
    lenient_ok = any_error.get_column("order").n_unique()
    out["span_lenient_precision_any_error"] = round(lenient_ok / predicted.height, 4) if predicted.height else 0.0
    # Group level: the findings about one term or name in one (system, document).
    groups = predicted.select("doc", "group").unique().height
    hit_pairs = _overlaps(members.select("doc", "group", *_KEY, "s", "e"), items)
    hits = hit_pairs.select("doc", "group").unique().height
    covered = hit_pairs.select(*_KEY, "item").unique().height
    group = _prf(hits, groups, total_gold)
    group["recall"] = round(covered / total_gold, 4) if total_gold else 0.0
    p, r = group["precision"], group["recall"]
    group["f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    out["group"] = group
    out["rater_agreement_segment_f1"] = _raters(frame, gold_rows)
    return out


def _raters(frame: pl.DataFrame, gold_rows: pl.DataFrame) -> float | None:
    """Mean segment-level F1 of each rater against the other raters, on the segments that rater rated."""
    rated = frame.select("rater", *_KEY).unique()
    marks = gold_rows.select("rater", *_KEY).unique()
    raters = sorted(rated.get_column("rater").unique().to_list())
    if len(raters) < 2:
        return None
    scores = []
    for rater in raters:
        mine = marks.filter(pl.col("rater") == rater).select(_KEY)
        others = (marks.filter(pl.col("rater") != rater).select(_KEY).unique()
                  .join(rated.filter(pl.col("rater") == rater).select(_KEY), on=_KEY, how="semi"))
        if mine.height or others.height:
            tp = mine.join(others, on=_KEY, how="semi").height
            scores.append(_prf(tp, mine.height, others.height)["f1"])
    return round(sum(scores) / len(scores), 4) if scores else None


def table(results: list[dict]) -> pl.DataFrame:
    """Flatten result dicts into one polars table (one row per scope, level and measure)."""
    rows = []
    for res in results:
        for level in ("segment", "segment_baseline", "span_lenient", "span_strict", "group"):
            m = res[level]
            rows.append({"scope": res["scope"], "positives": res["positives"], "level": level,
                         "precision": m["precision"], "recall": m["recall"], "f1": m["f1"], "tp": m["tp"],
                         "predicted": m["predicted"], "gold": m["gold"]})
    return pl.DataFrame(rows)


def evaluate(path: str, glossary: Glossary, positives: list[str], by: str | None,
             select: list[str] | None = None, ignore: list[str] | None = None,
             sets: dict[str, tuple[str, ...]] | None = None, warnings: list[str] | None = None) -> list[dict]:
    """Run and score; one result per positives set and scope.

    Scopes: `all`, then with `by` one per system, per document (over all systems), per rule,
    or per MQM category of the positives set (that category alone as gold, every finding as
    prediction: its recall says how much of that category the checks reach).
    `sets` replaces the categories of `core` or `extended` (any release's spelling).
    """
    rows = read_annotations(path, warnings)
    if not rows:
        raise InputError(path, "no annotation rows")
    frame = _rows_frame(rows)
    crashes: list[Crash] = []
    found = _findings_frame(run_checks(rows, glossary, path, select, ignore, crashes))
    results = []
    for name in positives:
        cats = (sets or {}).get(name) or (CORE if name == "core" else EXTENDED)
        cats = categories(cats)
        scopes: list[tuple[str, pl.DataFrame, pl.DataFrame, tuple[str, ...]]] = [("all", frame, found, cats)]
        if by == "system":
            for system in sorted(frame.get_column("system").unique().to_list()):
                scopes.append((system, frame.filter(pl.col("system") == system),
                               found.filter(pl.col("system") == system), cats))
        elif by == "doc":
            # A finding's document is "system|doc" (documents are checked per system).
            doc_of = pl.col("doc").str.split_exact("|", 1).struct.field("field_1")
            for doc in sorted(frame.get_column("doc").unique().to_list()):
                scopes.append((doc, frame.filter(pl.col("doc") == doc), found.filter(doc_of == doc), cats))
        elif by == "rule":
            for rule in sorted(found.get_column("rule").unique().to_list()):
                scopes.append((rule, frame, found.filter(pl.col("rule") == rule), cats))
        elif by == "category":
            for category in cats:
                scopes.append((category, frame, found, (category,)))
        for scope, scope_rows, scope_found, scope_cats in scopes:
            res = _score(scope_rows, scope_found, scope_cats)
            res.update(scope=scope, positives=name)
            results.append(res)
    for res in results:
        res["internal_errors"] = [c.describe() for c in crashes]
    return results


