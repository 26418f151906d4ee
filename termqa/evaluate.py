"""Provides `termqa eval`: the checks scored against MQM error annotations.

Reads an MQM annotation file (the spans JSON Lines of ../shared/data, or the raw TSV with
`<v>…</v>` marks), runs the checks on every (system, document) with the clean MT text, and
scores the findings against the human error spans at three levels:

- segment: a (system, segment) is gold-positive when any rater marked a positive category there,
  predicted-positive when termqa reports anything there;
- span: gold spans of positive rows, overlapping spans of different raters merged into one item;
  a finding's span matches one gold item one-to-one on any overlap (lenient) or IoU >= 0.5
  (strict); "lenient precision" also counts a finding that overlaps any labelled error;
- group: the findings about one term or name in one (system, document) form a group, a hit when
  any member overlaps a gold span (raters mark one occurrence of an inconsistent pair).

Positives are `core` (Terminology/Inconsistent use of terminology, Fluency/Inconsistency) or
`extended` (core, Terminology/Inappropriate for context, Locale convention/Name format); Major
and Minor severities only. Aggregation is done with polars.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl
import regex

from termqa.engine import Engine, Options
from termqa.errors import InputError
from termqa.model import Finding, Glossary, Segment, Side

CORE = ("Terminology/Inconsistent use of terminology", "Fluency/Inconsistency")
EXTENDED = (*CORE, "Terminology/Inappropriate for context", "Locale convention/Name format")
GOOD_SPANS = ("exact", "dup_fixed", "aligned", "unique_match")
_MARK = regex.compile(r"</?v>")


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


def read_annotations(path: str) -> list[Row]:
    """Read MQM annotations from the spans JSON Lines or the raw TSV (either may be gzipped).

    Raises:
        InputError: An unreadable file or a missing column.
    """
    opener = gzip.open if path.endswith(".gz") else open
    name = path.removesuffix(".gz")
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            if name.endswith(".jsonl"):
                return [_from_json(json.loads(line), path, n) for n, line in enumerate(fh, 1) if line.strip()]
            return list(_from_tsv(fh, path))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"cannot read annotations: {exc}") from None


def _from_json(obj: dict, path: str, line: int) -> Row:
    try:
        good = obj.get("mt_span_status") in GOOD_SPANS
        spans = tuple((int(a), int(b)) for a, b in obj.get("mt_spans") or []) if good else ()
        return Row(obj["system"], obj["doc"], int(obj["seg_id"]), obj["rater"], obj["category"], obj["severity"],
                   obj["source"], obj["mt"], spans)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(path, f"annotation row lacks {exc}", line) from None


def _from_tsv(lines: Iterator[str], path: str) -> Iterator[Row]:
    header = next(lines, "").rstrip("\n").split("\t")
    need = ("system", "doc", "seg_id", "rater", "source", "target", "category", "severity")
    if any(c not in header for c in need):
        raise InputError(path, f"annotation header needs {', '.join(need)}", 1)
    col = {c: header.index(c) for c in need}
    for n, line in enumerate(lines, 2):
        cells = line.rstrip("\n").split("\t")
        if len(cells) < len(header):
            raise InputError(path, f"row has {len(cells)} fields but the header has {len(header)}", n)
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
        yield Row(cells[col["system"]], cells[col["doc"]], int(cells[col["seg_id"]]), cells[col["rater"]],
                  cells[col["category"]], cells[col["severity"]], _MARK.sub("", cells[col["source"]]),
                  "".join(clean), tuple(spans))


def run_checks(rows: list[Row], glossary: Glossary, path: str, select: list[str] | None = None,
               ignore: list[str] | None = None) -> list[Finding]:
    """The findings on every (system, document), segments in seg_id order, the MT text as target.

    Every rule runs (opt-in ones too) unless `select` names others."""
    segments: dict[tuple[str, int], Segment] = {}
    for r in rows:
        key = (r.system, r.seg)
        if key not in segments:
            segments[key] = Segment(path, r.seg, f"{r.system}|{r.seg}", f"{r.system}|{r.doc}", r.source, r.mt)
    # Documents must be contiguous runs for the engine: sort by system, document, segment.
    ordered = sorted(segments.values(), key=lambda s: (s.doc, s.line))
    return list(Engine(glossary, Options(select=select or ["all"], ignore=ignore)).run(ordered))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _prf(tp: int, pred: int, gold: int) -> dict:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "predicted": pred,
            "gold": gold}


def score(rows: list[Row], findings: list[Finding], positives: tuple[str, ...]) -> dict:
    """Segment, span and group scores, the flag-everything baseline, and rater agreement."""
    keep = [r for r in rows if r.severity in ("Major", "Minor")]
    units = {(r.system, r.seg) for r in rows}
    gold_rows = [r for r in keep if r.category in positives]
    gold_units = {(r.system, r.seg) for r in gold_rows}
    def unit(f: Finding) -> tuple[str, int]:
        return (f.segment.split("|", 1)[0] if f.segment else "", f.line)

    pred_units = {unit(f) for f in findings}
    out: dict = {"segments": len(units)}
    out["segment"] = _prf(len(pred_units & gold_units), len(pred_units), len(gold_units))
    out["segment_baseline"] = _prf(len(gold_units), len(units), len(gold_units))
    # Span level.
    gold_items: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for r in gold_rows:
        if r.spans:
            gold_items.setdefault((r.system, r.seg), []).extend(r.spans)
    gold_items = {k: _merge(v) for k, v in gold_items.items()}
    any_error: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for r in keep:
        any_error.setdefault((r.system, r.seg), []).extend(r.spans)
    predicted = [(unit(f), (f.start, f.end)) for f in findings
                 if f.side is Side.TARGET and f.start is not None and f.end is not None]
    total_gold = sum(len(v) for v in gold_items.values())
    for name, test in (("span_lenient", lambda a, b: _overlap(a, b) > 0),
                       ("span_strict", lambda a, b: _overlap(a, b) / max(1, max(a[1], b[1]) - min(a[0], b[0])) >= 0.5)):
        used: set[tuple] = set()
        tp = 0
        for key, span in predicted:
            for item in gold_items.get(key, []):
                if (key, item) not in used and test(span, item):
                    used.add((key, item))
                    tp += 1
                    break
        out[name] = _prf(tp, len(predicted), total_gold)
    lenient_ok = sum(1 for key, span in predicted if any(_overlap(span, e) > 0 for e in any_error.get(key, [])))
    out["span_lenient_precision_any_error"] = round(lenient_ok / len(predicted), 4) if predicted else 0.0
    # Group level.
    groups: dict[tuple, list[tuple]] = {}
    for f in findings:
        if f.side is Side.TARGET and f.start is not None:
            key = (f.doc, f.term or f"{f.rule}:{(f.suggestions[0] if f.suggestions else f.text).casefold()}")
            groups.setdefault(key, []).append((unit(f), (f.start, f.end)))
    hits = sum(1 for members in groups.values()
               if any(_overlap(span, g) > 0 for key, span in members for g in gold_items.get(key, [])))
    covered = {(key, g) for members in groups.values() for key, span in members
               for g in gold_items.get(key, []) if _overlap(span, g) > 0}
    group = _prf(hits, len(groups), total_gold)
    group["recall"] = round(len(covered) / total_gold, 4) if total_gold else 0.0
    p, r = group["precision"], group["recall"]
    group["f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    out["group"] = group
    out["rater_agreement_segment_f1"] = _raters(rows, gold_rows)
    return out


def _raters(rows: list[Row], gold_rows: list[Row]) -> float | None:
    """Mean segment-level F1 of each rater against the other raters, on the segments that rater rated."""
    rated: dict[str, set] = {}
    for r in rows:
        rated.setdefault(r.rater, set()).add((r.system, r.seg))
    marks: dict[str, set] = {}
    for r in gold_rows:
        marks.setdefault(r.rater, set()).add((r.system, r.seg))
    if len(rated) < 2:
        return None
    scores = []
    for rater, units in rated.items():
        mine = marks.get(rater, set())
        others = {u for k, m in marks.items() if k != rater for u in m if u in units}
        if mine or others:
            scores.append(_prf(len(mine & others), len(mine), len(others))["f1"])
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
             select: list[str] | None = None, ignore: list[str] | None = None) -> list[dict]:
    """Run and score; one result per positives set and scope.

    Scopes: `all`, then with `by` one per system, per document (over all systems), per rule,
    or per MQM category of the positives set (that category alone as gold, every finding as
    prediction: its recall says how much of that category the checks reach).
    """
    rows = read_annotations(path)
    if not rows:
        raise InputError(path, "no annotation rows")
    findings = run_checks(rows, glossary, path, select, ignore)
    results = []
    for name in positives:
        cats = CORE if name == "core" else EXTENDED
        scopes: list[tuple[str, list[Row], list[Finding], tuple[str, ...]]] = [("all", rows, findings, cats)]
        if by == "system":
            for system in sorted({r.system for r in rows}):
                scopes.append((system, [r for r in rows if r.system == system],
                               [f for f in findings if (f.segment or "").startswith(system + "|")], cats))
        elif by == "doc":
            for doc in sorted({r.doc for r in rows}):
                scopes.append((doc, [r for r in rows if r.doc == doc],
                               [f for f in findings if f.doc.split("|", 1)[-1] == doc], cats))
        elif by == "rule":
            for rule in sorted({f.rule for f in findings}):
                scopes.append((rule, rows, [f for f in findings if f.rule == rule], cats))
        elif by == "category":
            for category in cats:
                scopes.append((category, rows, findings, (category,)))
        for scope, scope_rows, scope_findings, scope_cats in scopes:
            res = score(scope_rows, scope_findings, scope_cats)
            res.update(scope=scope, positives=name)
            results.append(res)
    return results


