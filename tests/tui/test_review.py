"""The review UI, driven through Textual's pilot on the seed article and the news glossary."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from termqa.cli import build_parser, make_review_app
from termqa.tui.dialogs import ConfirmDialog, EditDialog

from ..conftest import ROOT, SEED

FIXED = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    shutil.copy(SEED, tmp_path / "seed.txt")
    shutil.copy(ROOT / "glossaries" / "news-zh-en.csv", tmp_path / "news.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _app(*extra: str):
    args = build_parser().parse_args(
        ["review", "seed.txt", "-g", "news.csv", "--decisions", "decisions.jsonl", "--glossary-out", "learned.csv", *extra]
    )
    app, session, _ = make_review_app(args)
    session.clock = lambda: FIXED
    return app, session


def _progress(app) -> str:
    return str(app.query_one("#progress", Static).render())


async def test_a_reviewer_clears_the_seed_article_and_everything_is_saved(desk: Path):
    app, session = _app()
    texts = [it.finding.text for it in session.items]
    # Grouped by concept, groups in order of first appearance: all of 郑义溶 together; the reading
    # of 郑义 runs on over "dissolved", the literal translation of 溶.
    assert texts == ["Minister of Foreign Affairs", "Zheng Yirong", "Zheng Yi dissolved", "Zheng Yirong",
                     "requisition of labor", "forced labor conscription", "major major", "China News Agency",
                     "personnel exchanges"]
    async with app.run_test(size=(120, 40)) as pilot:
        assert "0 of 9 reviewed" in _progress(app)
        await pilot.press("n")  # past the "Minister of Foreign Affairs" inconsistency, to "Zheng Yirong"
        await pilot.press("F")  # every wrong rendering of 郑义溶, after a preview
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        assert [it.status for it in session.items][:4] == ["open", "fixed", "fixed", "fixed"]
        await pilot.press("A")  # "requisition of labor": accept, and admit it in the glossary
        await pilot.press("n")  # leave "forced labor conscription" for later
        await pilot.press("i")  # "major major": ignore ...
        await pilot.press("u")  # ... no: undo
        assert session.items[6].status == "open"
        await pilot.press("e")  # edit the replacement: the dialog offers the suggestion "major"
        assert isinstance(app.screen, EditDialog)
        assert app.screen.query_one(Input).value == "major"
        await pilot.press("enter")
        await pilot.press("a")  # "China News Agency": accept
        assert "6 of 9 reviewed" in _progress(app)
        await pilot.press("ctrl+s")
        await pilot.press("q")
    original = (desk / "seed.txt").read_text(encoding="utf-8")
    expected = (original.replace("Zheng Yirong", "Chung Eui-yong").replace("Zheng Yi dissolved", "Chung Eui-yong")
                .replace("major major", "major"))
    assert "Toshimitsu Motegi and Chung Eui-yong in the evening" in expected
    assert (desk / "seed.reviewed.txt").read_text(encoding="utf-8") == expected
    assert (desk / "seed.txt").read_text(encoding="utf-8") == original

    log = [json.loads(line) for line in (desk / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(d["action"], d["old"], d["new"]) for d in log] == [
        ("fix", "Zheng Yirong", "Chung Eui-yong"),
        ("fix", "Zheng Yi dissolved", "Chung Eui-yong"),
        ("fix", "Zheng Yirong", "Chung Eui-yong"),
        ("accept-add", "requisition of labor", None),
        ("ignore", "major major", None),
        ("undo", "major major", None),
        ("fix", "major major", "major"),
        ("accept", "China News Agency", None),
    ]
    assert {d["time"] for d in log} == {"2026-11-26T09:30:00Z"}
    assert [d["line"] for d in log] == [1, 5, 7, 7, 9, 9, 9, 13]
    lines = original.splitlines()
    for d in log:
        assert d["side"] == "target" and lines[d["line"] - 1][d["start"]:d["end"]] == d["old"]
        assert len(d["fingerprint"]) == 16
    assert {d["term"] for d in log} == {"chung-eui-yong", "forced-labor", None, "china-news-service"}

    with open(desk / "learned.csv", encoding="utf-8") as fh:
        learned = {row["id"]: row for row in csv.DictReader(fh)}
    with open(desk / "news.csv", encoding="utf-8") as fh:
        before = {row["id"]: row for row in csv.DictReader(fh)}
    assert learned["forced-labor"]["alternates"] == before["forced-labor"]["alternates"] + "|requisition of labor"
    assert "requisition of labor" not in learned["forced-labor"]["forbidden"].split("|")
    assert "alternate 'requisition of labor' admitted in review 2026-11-26" in learned["forced-labor"]["note"]
    changed = {k for k in before if before[k] != learned[k]}
    assert changed == {"forced-labor"}


async def test_a_second_session_resumes_where_the_reviewer_stopped(desk: Path):
    app, _ = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "f")  # two fixes with the first suggestion
        assert "2 of 9 reviewed" in _progress(app)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmDialog)  # unsaved decisions: ask
        await pilot.press("y")
    app2, session2 = _app()
    async with app2.run_test(size=(80, 24)):
        assert "2 of 9 reviewed" in _progress(app2)
        assert [it.status for it in session2.items].count("fixed") == 2
        table = app2.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "fixed"


async def test_the_filter_and_the_help_screen(desk: Path):
    app, _session = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        app.screen.query_one(Input).value = "repeated"
        await pilot.press("enter")
        assert app.query_one(DataTable).row_count == 1
        assert "showing 1" in _progress(app)
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]


async def test_bindings_can_be_remapped_by_id(desk: Path):
    (desk / "termqa.toml").write_text('[keymap]\nignore = "x"\n', encoding="utf-8")
    app, session = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert session.items[0].status == "ignored"


async def test_the_log_is_a_baseline_and_export_learns_from_it(desk: Path, capsys):
    from termqa.cli import main

    app, _session = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")  # accept "Minister of Foreign Affairs"
        await pilot.press("i")  # ignore "Zheng Yirong" on line 1
        await pilot.press("ctrl+s", "q")
    capsys.readouterr()
    assert main(["check", "seed.txt", "-g", "news.csv", "--baseline", "decisions.jsonl", "--format", "jsonl"]) == 1
    reported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    texts = [(f["line"], f["text"]) for f in reported]
    assert (1, "Minister of Foreign Affairs") not in texts and (1, "Zheng Yirong") not in texts
    assert (7, "Zheng Yirong") in texts and len(reported) == 7
    # A new error in the same file is still reported.
    with open("seed.txt", "a", encoding="utf-8") as fh:
        fh.write("\nLater, Park Zhen met Zheng Yirong.\n")
    main(["check", "seed.txt", "-g", "news.csv", "--baseline", "decisions.jsonl", "--format", "jsonl"])
    new = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert new.count("Zheng Yirong") == 2 and "Park Zhen" in new
    assert main(["glossary", "export", "news.csv", "--decisions", "decisions.jsonl", "-o", "out.tbx"]) == 0
    assert "0 forbidden variants and 0 alternates learned" in capsys.readouterr().err


def test_undo_and_redo_walk_whole_steps():
    from termqa.decisions import Action
    from termqa.model import Finding, Segment, Severity, Side
    from termqa.review import ReviewSession

    def finding(line: int) -> Finding:
        return Finding("a.txt", line, None, "d", Side.TARGET, 0, 5, "Zheng", "name-variant", Severity.WARNING, "m",
                       ("Chung",))

    seen = []
    segments = [Segment("a.txt", n, None, "d", None, "Zheng said.") for n in (1, 2, 3)]
    session = ReviewSession.of([finding(1), finding(2), finding(3)], seen.append, segments=segments)
    session.apply(session.plan_concept(0))
    session.decide([0], Action.IGNORE)  # a fix is withdrawn by undo, not overruled
    assert [it.status for it in session.items] == ["fixed", "fixed", "fixed"]
    assert sorted(session.undo()) == [0, 1, 2]
    assert session.reviewed() == 0 and session.changed() == []
    session.redo()
    assert session.reviewed() == 3 and session.items[0].new == "Chung"
    assert [d.action for d in seen] == ["fix"] * 3 + ["undo"] * 3 + ["fix"] * 3
    assert {e.new for es in session.edits().values() for e in es} == {"Chung"}
    assert [session.text(("a.txt", n, None)) for n in (1, 2, 3)] == ["Chung said."] * 3


async def test_a_glossary_entry_made_from_a_span_takes_effect_at_once(desk: Path):
    from termqa.tui.dialogs import GlossaryDialog

    args = build_parser().parse_args(["review", "seed.txt", "--decisions", "d.jsonl", "--glossary-out", "new.csv"])
    app, session, _ = make_review_app(args)
    assert [(it.finding.rule, it.finding.text) for it in session.items] == [
        ("name-variant", "Zheng Yi"), ("repeated-word", "major major"), ("name-variant", "China News Agency")]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")  # on "Zheng Yi"
        dialog = app.screen
        assert isinstance(dialog, GlossaryDialog)
        assert dialog.query_one("#forbidden", Input).value == "Zheng Yi"
        assert dialog.query_one("#type", Input).value == "person"
        dialog.query_one("#chinese", Input).value = "郑义溶"
        dialog.query_one("#approved", Input).value = "Chung Eui-yong"
        dialog.query_one("#forbidden", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        found = [(it.finding.rule, it.finding.text) for it in session.items]
        # The pinyin reading is derived from the new entry: both renderings are now forbidden, and
        # "Zheng Yi" runs on over "dissolved", the literal translation of 溶.
        assert ("term-forbidden", "Zheng Yi dissolved") in found
        assert found.count(("term-forbidden", "Zheng Yirong")) == 2
        assert ("name-variant", "Zheng Yi") not in found
        await pilot.press("ctrl+s", "q")
    rows = (desk / "new.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "id,source,target,alternates,forbidden,type,note"
    assert rows[1].startswith("chung-eui-yong,郑义溶,Chung Eui-yong,,Zheng Yi,person,added in review ")


VOLUNTEERS = [
    ("首都交通志愿者上岗。", "Capital Transportation Volunteers went on duty."),
    ("交通志愿者在路口服务。", "Transportation Volunteers served at the crossings."),
    ("首都交通志愿者分指挥部表示。", "The Capital Traffic Volunteers headquarters said."),
]


async def test_review_takes_the_rule_selection_and_fixes_a_term_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    corpus = tmp_path / "volunteers.tsv"
    corpus.write_text("doc\tsource\ttarget\n" + "".join(f"m\t{s}\t{t}\n" for s, t in VOLUNTEERS), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, default, _ = make_review_app(build_parser().parse_args(["review", "volunteers.tsv", "--decisions", "c.jsonl"]))
    assert "term-variant" not in {it.finding.rule for it in default.items}  # opt-in, as for check
    args = build_parser().parse_args(["review", "volunteers.tsv", "--select", "term-variant", "--decisions", "d.jsonl"])
    app, session, _ = make_review_app(args)
    assert [(it.finding.rule, it.finding.text, it.finding.suggestions) for it in session.items] == [
        ("term-variant", "Traffic Volunteers", ("Transportation Volunteers",))]
    async with app.run_test(size=(120, 40)) as pilot:
        # The detail names where the document wrote the rendering the variant departs from.
        assert 'written so at: line 2 "Transportation Volunteers"; line 3 "Transportation Volunteers"' in str(
            app.query_one("#detail", Static).render())
        await pilot.press("f")
        await pilot.press("ctrl+s")
    out = (tmp_path / "volunteers.reviewed.tsv").read_text(encoding="utf-8").splitlines()
    assert out[3].endswith("The Capital Transportation Volunteers headquarters said.")
    assert out[1:3] == corpus.read_text(encoding="utf-8").splitlines()[1:3]
    # The same selection from termqa.toml.
    (tmp_path / "termqa.toml").write_text('select = ["default", "term-variant"]\n', encoding="utf-8")
    _, configured, _ = make_review_app(build_parser().parse_args(["review", "volunteers.tsv", "--decisions", "e.jsonl"]))
    assert [it.finding.rule for it in configured.items] == ["term-variant"]


def test_term_variants_of_one_rendering_form_one_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    rows = [*VOLUNTEERS[:2], ("交通志愿者在车站服务。", "Transportation Volunteers served at the stations."), VOLUNTEERS[2],
            ("首都交通志愿者分指挥部宣布。", "The Capital Traffic Volunteers headquarters announced it.")]
    (tmp_path / "volunteers.tsv").write_text("doc\tsource\ttarget\n" + "".join(f"m\t{s}\t{t}\n" for s, t in rows),
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["review", "volunteers.tsv", "--select", "term-variant", "--decisions", "d.jsonl"])
    _, session, _ = make_review_app(args)
    assert [it.finding.text for it in session.items] == ["Traffic Volunteers", "Traffic Volunteers"]
    assert session.group_members(0) == [0, 1]  # one decision (F) fixes both
    assert [(p.key[1], p.old, p.new) for p in session.plan_concept(0)] == [
        (5, "Traffic Volunteers", "Transportation Volunteers"), (6, "Traffic Volunteers", "Transportation Volunteers")]


async def test_the_detail_lists_five_places_of_the_reference_rendering_and_counts_the_rest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    story = tmp_path / "story.en.txt"
    story.write_text("".join(f"Zheng Yirong spoke on day {n}.\n" for n in range(1, 8)) + "Zheng Yi left on day 8.\n",
                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app, session, _ = make_review_app(build_parser().parse_args(["review", "story.en.txt", "--decisions", "d.jsonl"]))
    assert [(it.finding.rule, it.finding.text, len(it.finding.related)) for it in session.items] == [
        ("name-variant", "Zheng Yi", 7)]
    async with app.run_test(size=(120, 40)) as pilot:
        detail = str(app.query_one("#detail", Static).render())
        assert 'written so at: line 1 "Zheng Yirong"; line 2' in detail
        assert 'line 5 "Zheng Yirong" and 2 more' in detail and "line 6" not in detail
        await pilot.press("q")


def _screen_lines(app) -> list[str]:
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


async def test_at_80x24_the_footer_keeps_help_and_quit_and_the_table_its_main_columns(desk: Path):
    app, _session = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = _screen_lines(app)
        footer = lines[-1]
        assert "Help" in footer and "Quit" in footer and "Fix" in footer
        header = next(line for line in lines if "status" in line)
        assert header.split() == ["status", "flagged", "suggestion", "rule"]
        row = next(line for line in lines if "Minister of Foreign Affa" in line)  # shortened with …
        assert row.split()[-3:] == ["Foreign", "Minister", "term-inconsistent"]
    app, _session = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = _screen_lines(app)
        rows = [line for line in lines if "seed.txt:" in line]
        assert "外交部长 foreign minister" in rows[0] and "term-inconsistent" in rows[0]
        assert "人员往来 people-to-people exchanges" in rows[-1]
        assert "Zheng Yi dissolved" in rows[2] and "郑义溶 Chung Eui-yong" in rows[2]


async def test_help_and_footer_show_the_keys_as_remapped(desk: Path):
    (desk / "termqa.toml").write_text('[keymap]\nignore = "x"\nhelp = "h"\n', encoding="utf-8")
    app, session = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "x Ignore" in _screen_lines(app)[-1]
        await pilot.press("h")
        assert type(app.screen).__name__ == "HelpScreen"
        rows = dict(app.help_rows())
        assert "x" in rows and rows["x"].startswith("ignore") and "h" in rows and "i" not in rows
        await pilot.press("escape")
        await pilot.press("x")
        assert session.items[0].status == "ignored"


async def test_g_is_prefilled_from_the_finding(desk: Path):
    from termqa.tui.dialogs import GlossaryDialog

    app, _session = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        app._go(2)  # "Zheng Yi dissolved", about 郑义溶 (the seed has no source)
        await pilot.press("g")
        dialog = app.screen
        assert isinstance(dialog, GlossaryDialog)
        values = [dialog.query_one(f"#{name}", Input).value for name in ("chinese", "approved", "type", "forbidden")]
        assert values == ["郑义溶", "Chung Eui-yong", "person", "Zheng Yi dissolved"]


async def test_notifications_never_cover_the_segment_or_the_detail(desk: Path):
    app, _session = _app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify("a long notification " * 6, timeout=30)
        await pilot.pause()
        await pilot.pause(0.3)
        toasts = list(app.screen.query("Toast"))
        assert toasts
        for name in ("#segment", "#detail"):
            panel = app.query_one(name).region
            assert all(not t.region.overlaps(panel) for t in toasts), name
