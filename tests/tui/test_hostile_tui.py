"""The review UI on a corpus, a glossary and a file name full of escape sequences, markup and
control characters; on a damaged decisions log; on logs and outputs that cannot be written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from termqa.cli import build_parser, main, make_review_app
from termqa.errors import TermqaError
from termqa.tui.dialogs import ConfirmDialog

GLOSSARY = (
    "id,source,target,alternates,forbidden,type,note\n"
    'cey,郑义溶,"Chung Eui-yong [/b]\x1b]0;pwned\x07",,Zheng Yirong,person,\n'
)
LINES = [
    "Zheng Yirong met \x1b[2J reporters [bold]here[/bold] \x1b[31m.",
    "Zheng Yirong said \x0b\x0c[/] and left.",
]
NAME = "talks [draft].txt"
CONTROL = "\x1b\x07\x0b\x0c"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / NAME).write_text("\n".join(LINES) + "\n", encoding="utf-8")
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _app(*extra: str):
    args = build_parser().parse_args(["review", NAME, "-g", "g.csv", "--decisions", "d.jsonl", *extra])
    return make_review_app(args)


def _screen_text(app) -> str:
    """Everything the screen shows, as characters (what reaches the terminal, minus styles)."""
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


async def test_escapes_markup_and_control_characters_are_shown_not_obeyed(desk: Path):
    app, session, _ = _app()
    assert len(session.items) == 2
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[1] == "Zheng Yirong"
        assert row[2] == "Chung Eui-yong [/b]\\x1b]0;pwned\\x07"  # markup kept as text, ESC made visible
        assert row[6] == f"{NAME}:1"  # `[draft]` is not swallowed as markup
        segment = str(app.query_one("#segment", Static).render())
        assert "\\x1b[2J" in segment and "[bold]here[/bold]" in segment
        detail = str(app.query_one("#detail", Static).render())
        assert "[/b]" in detail
        shown = _screen_text(app)
        assert not any(ch in shown for ch in CONTROL)
        assert "talks [draft].txt" in shown
        await pilot.press("n")
        segment = str(app.query_one("#segment", Static).render())
        assert "\\x0b\\x0c[/]" in segment
        await pilot.press("f")  # fix with the hostile suggestion: the log holds it verbatim
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not any(ch in _screen_text(app) for ch in CONTROL)
        await pilot.press("q")
    log = [json.loads(line) for line in (desk / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    assert log[-1]["new"] == "Chung Eui-yong [/b]\x1b]0;pwned\x07"
    reviewed = (desk / "talks [draft].reviewed.txt").read_text(encoding="utf-8")
    assert "Chung Eui-yong [/b]\x1b]0;pwned\x07 said" in reviewed


def _good_record(session) -> str:
    from dataclasses import asdict

    from termqa.decisions import Action, Decision

    return json.dumps(asdict(Decision.of(session.items[0].finding, Action.ACCEPT)))


@pytest.mark.parametrize("bad", ['{"fingerprint": ["a list"], "action": "accept"}',
                                 '{"fingerprint": "x", "action": "accept", "line": ' + "9" * 5000 + "}",
                                 '{"fingerprint": "x", "action": "acc'])  # a torn last write
async def test_a_damaged_log_offers_to_resume_from_its_valid_prefix(desk: Path, bad: str):
    _, session, _ = _app()
    good = _good_record(session)
    original = good + "\n" + bad + ("\n" if not bad.endswith("acc") else "")
    (desk / "d.jsonl").write_text(original, encoding="utf-8")
    app, session, _ = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "d.jsonl:2" in _screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert session.reviewed() == 1  # the valid prefix was resumed
        assert [n.message for n in app._notifications][-1].startswith("resumed 1 decision;")
        await pilot.press("n", "i")  # and the log takes new decisions
        await pilot.press("q", "y")
    assert (desk / "d.jsonl~").read_text(encoding="utf-8") == original
    lines = (desk / "d.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[0] == good and len(lines) == 2 and json.loads(lines[1])["action"] == "ignore"


async def test_declining_the_repair_quits_and_changes_nothing(desk: Path, capsys):
    (desk / "d.jsonl").write_text('{"fingerprint": ["x"], "action": "accept"}\n', encoding="utf-8")
    app, _, _ = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
    assert app.refused is not None and "d.jsonl:1" in app.refused
    assert (desk / "d.jsonl").read_text(encoding="utf-8") == '{"fingerprint": ["x"], "action": "accept"}\n'
    assert not (desk / "d.jsonl~").exists()


def test_a_decisions_log_that_cannot_be_created_is_one_line_before_the_ui(desk: Path, capsys):
    (desk / "file").write_text("x")
    code = main(["review", NAME, "-g", "g.csv", "--decisions", "file/d.jsonl"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == ["termqa: error: file/d.jsonl: cannot create the decisions log: file is not a directory"]


def test_an_output_that_cannot_be_written_is_refused_before_the_ui(desk: Path):
    (desk / "out.txt").write_text("precious")
    with pytest.raises(TermqaError, match=r"out\.txt exists; pass --force"):
        _app("-o", "out.txt")


async def test_a_save_that_fails_is_a_message_and_the_review_goes_on(desk: Path):
    app, _session, _ = _app("-o", "sub/out.txt")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        (desk / "sub").write_text("a file where the folder was to be")  # the output's folder is now a file
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running and app.unsaved
        assert any("cannot write" in n.message for n in app._notifications)
        os.remove(desk / "sub")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.unsaved
        await pilot.press("q")
    assert (desk / "sub" / "out.txt").is_file()


async def test_a_log_that_becomes_unwritable_refuses_the_decision_with_a_message(desk: Path):
    app, session, _ = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        assert session.reviewed() == 1
        os.remove(desk / "d.jsonl")
        os.mkdir(desk / "d.jsonl")  # the log is now a folder: the next append fails
        await pilot.press("a")
        await pilot.pause()
        assert session.reviewed() == 1  # not made, since not logged
        assert any("cannot write the decisions log" in n.message for n in app._notifications)
        await pilot.press("q", "y")
