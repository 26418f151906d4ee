"""`termqa eval` scoring on small hand-made annotation files: a known TP, FP and FN at each level."""

from __future__ import annotations

import json

from termqa.cli import main
from termqa.evaluate import CORE, read_annotations, run_checks, score
from termqa.model import Glossary

# Two segments of one document by one system. The MT renders one name two ways; a rater marked
# the deviating occurrence ("Zheng Yi", segment 2) as inconsistent terminology. Segment 1 also
# has "major major", which termqa reports but no rater marked as a core error (a false positive
# at every level), and segment 3 has a core error termqa cannot see (a false negative).
MT = [
    "Foreign Minister Zheng Yirong met Motegi in a major major city.",
    "Zheng Yirong and Zheng Yi dissolved held talks.",
    "The two sides used different names for the court.",
]


def _write(tmp_path, rows: list[dict]) -> str:
    path = tmp_path / "ann.spans.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def _row(seg: int, category: str, spans: list, rater: str = "r1", severity: str = "Minor") -> dict:
    return {"system": "S", "doc": "d1", "doc_id": "1", "seg_id": str(seg), "rater": rater, "category": category,
            "severity": severity, "source": "源", "mt": MT[seg - 1], "mt_span_status": "exact" if spans else "no_span",
            "mt_spans": spans, "mt_span_text": [], "src_span_status": "no_span", "src_spans": [], "src_span_text": []}


def test_one_true_positive_one_false_positive_one_false_negative(tmp_path):
    zheng_yi = MT[1].index("Zheng Yi dissolved")
    court = MT[2].index("names")
    path = _write(tmp_path, [
        _row(1, "no-error", [], severity="no-error"),
        _row(2, "Terminology/Inconsistent use of terminology", [[zheng_yi, zheng_yi + 8]]),
        _row(3, "Fluency/Inconsistency", [[court, court + 5]]),
    ])
    rows = read_annotations(path)
    findings = run_checks(rows, Glossary(), path)
    assert sorted((f.line, f.rule, f.text) for f in findings) == [
        (1, "repeated-word", "major major"), (2, "name-variant", "Zheng Yi")]
    result = score(rows, findings, CORE)
    assert (result["segment"]["tp"], result["segment"]["predicted"], result["segment"]["gold"]) == (1, 2, 2)
    assert result["segment"]["precision"] == 0.5 and result["segment"]["recall"] == 0.5
    assert result["segment_baseline"]["precision"] == round(2 / 3, 4)
    assert (result["span_lenient"]["tp"], result["span_lenient"]["predicted"], result["span_lenient"]["gold"]) == (1, 2, 2)
    assert result["span_strict"]["tp"] == 1  # "Zheng Yi" covers the whole marked span
    assert (result["group"]["tp"], result["group"]["predicted"]) == (1, 2)
    assert result["group"]["recall"] == 0.5


def test_strict_needs_half_the_union_and_raters_merge(tmp_path):
    start = MT[1].index("Zheng Yi dissolved")
    path = _write(tmp_path, [
        # Two raters mark overlapping spans: one gold item. Its union is much longer than the finding.
        _row(2, "Fluency/Inconsistency", [[0, start + 8]], rater="r1"),
        _row(2, "Fluency/Inconsistency", [[start, len(MT[1])]], rater="r2"),
    ])
    rows = read_annotations(path)
    result = score(rows, run_checks(rows, Glossary(), path), CORE)
    assert result["span_lenient"]["gold"] == 1 and result["span_lenient"]["tp"] == 1
    assert result["span_strict"]["tp"] == 0
    assert result["rater_agreement_segment_f1"] == 1.0


def test_the_raw_tsv_with_v_marks_reads_the_same(tmp_path):
    mt = MT[1]
    i = mt.index("Zheng Yi dissolved")
    marked = mt[:i] + "<v>" + mt[i:i + 8] + "</v>" + mt[i + 8:]
    tsv = tmp_path / "ann.tsv"
    tsv.write_text("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
                   f"S\td1\t1\t2\tr1\t源\t{marked}\tFluency/Inconsistency\tMajor\n", encoding="utf-8")
    (row,) = read_annotations(str(tsv))
    assert row.mt == mt and row.spans == ((i, i + 8),)


def test_the_cli_prints_every_level(tmp_path, capsys):
    path = _write(tmp_path, [_row(2, "Fluency/Inconsistency", [[0, 5]])])
    assert main(["eval", path, "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "scope,positives,level,precision,recall,f1,tp,predicted,gold"
    assert len(out) == 1 + 2 * 5


def test_by_category_doc_and_a_rule_selection(tmp_path, capsys):
    zheng_yi = MT[1].index("Zheng Yi dissolved")
    court = MT[2].index("names")
    rows = [
        _row(2, "Terminology/Inconsistent use of terminology", [[zheng_yi, zheng_yi + 8]]),
        _row(3, "Fluency/Inconsistency", [[court, court + 5]]),
    ]
    other = [dict(r, doc="d2", system="S") for r in (_row(1, "Fluency/Inconsistency", [[0, 7]]),)]
    path = _write(tmp_path, rows + other)
    assert main(["eval", path, "--format", "json", "--positives", "core", "--by", "category"]) == 0
    by_scope = {r["scope"]: r for r in json.loads(capsys.readouterr().out)}
    # The name variant hits the terminology row; nothing reaches either Fluency/Inconsistency row.
    assert by_scope["Terminology/Inconsistent use of terminology"]["span_lenient"]["recall"] == 1.0
    assert by_scope["Fluency/Inconsistency"]["span_lenient"]["recall"] == 0.0
    assert by_scope["Fluency/Inconsistency"]["span_lenient"]["gold"] == 2

    assert main(["eval", path, "--format", "json", "--positives", "core", "--by", "doc"]) == 0
    by_scope = {r["scope"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_scope["d1"]["segment"]["gold"] == 2 and by_scope["d1"]["segment"]["tp"] == 1
    # In d2 the repeated word sits in the marked segment but not on the marked span.
    assert by_scope["d2"]["segment"]["tp"] == 1 and by_scope["d2"]["span_lenient"]["tp"] == 0

    # Scoring the name rule alone drops repeated-word's false positive from the predictions.
    assert main(["eval", path, "--format", "json", "--positives", "core", "--select", "name-variant"]) == 0
    (alone,) = json.loads(capsys.readouterr().out)
    assert (alone["segment"]["tp"], alone["segment"]["predicted"]) == (1, 1)


def test_a_group_hits_when_the_rater_marked_the_reference_rendering(tmp_path):
    # The rater marked the first "Zheng Yirong" (segment 1) as the inconsistent one; termqa flags
    # "Zheng Yi" in segment 2 and names the "Zheng Yirong" places as its group's other renderings.
    start = MT[0].index("Zheng Yirong")
    path = _write(tmp_path, [_row(1, "Fluency/Inconsistency", [[start, start + 12]]),
                             _row(2, "no-error", [], severity="no-error")])
    rows = read_annotations(path)
    findings = [f for f in run_checks(rows, Glossary(), path) if f.rule == "name-variant"]
    assert [(f.line, f.text, [(r.line, r.text) for r in f.related]) for f in findings] == [
        (2, "Zheng Yi", [(1, "Zheng Yirong"), (2, "Zheng Yirong")])]
    result = score(rows, findings, CORE)
    assert result["span_lenient"]["tp"] == 0  # the flagged span is elsewhere
    assert (result["group"]["tp"], result["group"]["predicted"], result["group"]["recall"]) == (1, 1, 1.0)


def test_the_group_is_every_place_of_the_reference_rendering_not_the_first_five(tmp_path):
    # Six sentences write "Zheng Yirong", the seventh "Zheng Yi"; the rater marked the sixth
    # "Zheng Yirong". The finding's group holds all six places, so the group is a hit.
    mts = [f"Zheng Yirong spoke on day {n}." for n in range(1, 7)] + ["Zheng Yi left on day 7."]
    rows = [dict(_row(1, "no-error", [], severity="no-error"), seg_id=str(n), mt=mt) for n, mt in enumerate(mts, 1)]
    rows[5] = dict(_row(1, "Fluency/Inconsistency", [[0, 12]]), seg_id="6", mt=mts[5])
    path = _write(tmp_path, rows)
    annotations = read_annotations(path)
    findings = [f for f in run_checks(annotations, Glossary(), path) if f.rule == "name-variant"]
    assert [(f.line, f.text) for f in findings] == [(7, "Zheng Yi")]
    assert [r.line for r in findings[0].related] == [1, 2, 3, 4, 5, 6]
    assert score(annotations, findings, CORE)["group"]["recall"] == 1.0


# The other MQM releases, written as ../shared/data/wmt-mqm-zhen/README.md describes them.
def _marked(text: str, start: int, end: int) -> str:
    return text[:start] + "<v>" + text[start:end] + "</v>" + text[end:]


def _2021_tsv(tmp_path) -> str:
    """newstest2021 (QE-task copy): seg_id, `hyp.` system names, short category spellings."""
    z = MT[1].index("Zheng Yi dissolved")
    c = MT[2].index("names")
    rows = [
        ("hyp.S", "d1", "1", "1", "rater1", "源", MT[0], "No-error", "No-error"),
        ("hyp.S", "d1", "1", "2", "rater1", "源", _marked(MT[1], z, z + 8), "Terminology/Inconsistent", "Minor"),
        ("hyp.S", "d1", "1", "3", "rater1", "源", _marked(MT[2], c, c + 5), "Fluency/Inconsistency", "Major"),
        ("hyp.S", "d1", "1", "3", "rater1", "源", _marked(MT[2], 0, 3), "Locale_convention/Name", "Minor"),
    ]
    path = tmp_path / "mqm-newstest2021_zhen.tsv"
    header = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
    path.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _2023_sxs(tmp_path, archive: bool = False) -> str:
    """generalMT2023 side by side: docSegId/globalSegId, metadata, a header-only 11th column,
    HOTW-test attention checks."""
    import tarfile

    z = MT[1].index("Zheng Yi dissolved")
    c = MT[2].index("names")
    doc = "news_chinanews.com.280744:zh-en"
    meta = json.dumps({"source_spans": [], "timing": 12})
    rows = [
        ("S", doc, "1", "101", "rater1", "源", MT[0], "No-error", "No-error", meta),
        ("S", doc, "2", "102", "rater1", "源", _marked(MT[1], z, z + 8), "Terminology/Inconsistent", "Minor", meta),
        ("S", doc, "3", "103", "rater1", "源", _marked(MT[2], c, c + 5), "Fluency/Inconsistency", "Major", meta),
        ("S", doc, "3", "103", "rater1", "源", _marked(MT[2], 0, 3), "Missed", "HOTW-test", meta),
        ("S", doc, "1", "101", "rater1", "源", _marked(MT[0], 0, 7), "Accuracy/Omission (Translation 2)", "Minor", meta),
    ]
    header = "system\tdoc\tdocSegId\tglobalSegId\trater\tsource\ttarget\tcategory\tseverity\tmetadata\thttps://example.org/doc\n"
    path = tmp_path / "sxs_mqm_generalMT2023_zhen.tsv"
    path.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    if not archive:
        return str(path)
    packed = tmp_path / "sxs_mqm_generalMT2023_zhen.3ratingsPerSegment.tsv.tar.gz"
    with tarfile.open(packed, "w:gz") as tar:
        tar.add(path, arcname="sxs_mqm_generalMT2023_zhen.3ratingsPerSegment.tsv")
    return str(packed)


def _core(path: str, warnings: list | None = None) -> dict:
    from termqa.evaluate import evaluate

    (result,) = evaluate(path, Glossary(), ["core"], None, warnings=warnings)
    return {k: result[k] for k in ("segment", "span_lenient", "group")}


def _core_2020(tmp_path) -> dict:
    z = MT[1].index("Zheng Yi dissolved")
    c = MT[2].index("names")
    path = _write(tmp_path, [
        _row(1, "no-error", [], severity="no-error"),
        _row(2, "Terminology/Inconsistent use of terminology", [[z, z + 8]]),
        _row(3, "Fluency/Inconsistency", [[c, c + 5]], severity="Major"),
    ])
    return _core(path)


def test_a_2021_file_scores_the_same_gold_as_2020(tmp_path):
    warnings: list = []
    scores = _core(_2021_tsv(tmp_path), warnings)
    assert scores == _core_2020(tmp_path)
    assert scores["segment"]["gold"] == 2  # Terminology/Inconsistent counts as core
    assert warnings == []  # every column and category is known


def test_a_2023_side_by_side_file_scores_the_same_gold(tmp_path):
    warnings: list = []
    scores = _core(_2023_sxs(tmp_path), warnings)
    assert scores == _core_2020(tmp_path)
    assert any("columns not used: https://example.org/doc" in w for w in warnings)
    assert any("1 attention-check row (HOTW-test) left out" in w for w in warnings)
    assert any("Accuracy/Omission (Translation 2)" in w for w in warnings)


def test_the_2023_archive_is_read_as_published(tmp_path):
    assert _core(_2023_sxs(tmp_path, archive=True)) == _core_2020(tmp_path)


def test_core_takes_other_categories_in_any_spelling(tmp_path, capsys):
    path = _2021_tsv(tmp_path)
    assert main(["eval", path, "--level", "segment", "--positives", "core", "--core", "locale convention/name",
                 "--format", "json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["segment"]["gold"] == 1  # only segment 3 has a Name error


def test_canonical_category_spellings():
    from termqa.evaluate import canonical

    assert canonical("Terminology/Inconsistent") == "Terminology/Inconsistent use of terminology"
    assert canonical("Terminology/Inappropriate") == "Terminology/Inappropriate for context"
    assert canonical("Locale_convention/Name") == "Locale convention/Name format"
    assert canonical("Non_translation") == "Non-translation!"
    assert canonical("no-error") == "No-error"
    assert canonical("Locale convention/") is None
    assert canonical("Accuracy/Omission (Translation 2)") is None
