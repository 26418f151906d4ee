"""A reviewer's whole session, driven through Textual's pilot, checked byte for byte: the article
an editor signs off, the decisions log, its replay by `termqa fix` and its use as a baseline."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from termqa.cli import build_parser, main, make_review_app
from termqa.tui.dialogs import ConfirmDialog, SegmentDialog

from .conftest import ROOT, SEED

FIXED = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
ZHENG_YI_ONLY = "id,source,target,alternates,forbidden,type,note\nchung-eui-yong,郑义溶,Chung Eui-yong,,Zheng Yi,person,\n"
ZHENG_YIRONG_ONLY = "id,source,target,alternates,forbidden,type,note\nchung-eui-yong,郑义溶,Chung Eui-yong,,Zheng Yirong,person,\n"

# What the editor signs off, with the bundled glossary: every change spelled out.
BUNDLED_CHANGES = [
    ("Japanese Minister of Foreign Affairs Toshimitsu Motegi", "Japanese Foreign Minister Toshimitsu Motegi"),
    ("Foreign Minister Zheng Yirong were", "Foreign Minister Chung Eui-yong were"),
    ("Toshimitsu Motegi and Zheng Yi dissolved in the evening", "Toshimitsu Motegi and Chung Eui-yong in the evening"),
    ("the “requisition of labor” (", "the “forced labor” ("),
    ("methods; Zheng Yirong only", "methods; Chung Eui-yong only"),
    ("in a major major city", "in a major city"),
    ("Photo by China News Agency reporter", "Photo by China News Service reporter"),
    ("will enhance personnel exchanges.", "will enhance people-to-people exchanges."),
    ("cases of forced labor conscription were", "cases of forced labor were"),
]
# With a glossary that knows only 郑义溶 (forbidding "Zheng Yi"): the names, the repeat, and
# the agency's name written two ways (name-variant, which needs no glossary).
NAME_CHANGES = [
    ("Foreign Minister Zheng Yirong were", "Foreign Minister Chung Eui-yong were"),
    ("Toshimitsu Motegi and Zheng Yi dissolved in the evening", "Toshimitsu Motegi and Chung Eui-yong in the evening"),
    ("methods; Zheng Yirong only", "methods; Chung Eui-yong only"),
    ("in a major major city", "in a major city"),
    ("Photo by China News Agency reporter", "Photo by China News Service reporter"),
]


def edited(original: bytes, changes: list[tuple[str, str]]) -> bytes:
    text = original.decode("utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    shutil.copy(SEED, tmp_path / "seed.txt")
    shutil.copy(ROOT / "glossaries" / "news-zh-en.csv", tmp_path / "news.csv")
    (tmp_path / "zheng-yi.csv").write_text(ZHENG_YI_ONLY, encoding="utf-8")
    (tmp_path / "zheng-yirong.csv").write_text(ZHENG_YIRONG_ONLY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _app(corpus: str, glossary: str, log: str = "decisions.jsonl"):
    args = build_parser().parse_args(["review", corpus, "-g", glossary, "--decisions", log])
    app, session, _ = make_review_app(args)
    session.clock = lambda: FIXED
    return app, session


async def _fix_until_done(app, session, pilot) -> int:
    presses = 0
    while session.open():
        await pilot.press("f")
        presses += 1
        assert presses < 30, "f does not converge"
    return presses


def _log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("glossary", "changes"), [
    ("news.csv", BUNDLED_CHANGES), ("zheng-yi.csv", NAME_CHANGES), ("zheng-yirong.csv", NAME_CHANGES)])
async def test_f_until_nothing_is_open_writes_the_article_an_editor_signs_off(desk, glossary, changes, capsys):
    original = (desk / "seed.txt").read_bytes()
    app, session = _app("seed.txt", glossary)
    # No suggestion is a form the glossary forbids: without "Zheng Yi" in it, the glossary still
    # decides what "Zheng Yi dissolved" becomes (not name-variant's "Zheng Yirong").
    assert all(s not in ("Zheng Yirong", "Zheng Yi") for it in session.items for s in it.finding.suggestions)
    async with app.run_test(size=(120, 40)) as pilot:
        await _fix_until_done(app, session, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (desk / "seed.reviewed.txt").read_bytes() == edited(original, changes)
    assert (desk / "seed.txt").read_bytes() == original
    # Without a reviewer, the safe rules give the same article. name-variant is not a safe rule:
    # with a glossary of names only, "China News Agency" (and, where the glossary does not forbid
    # it, "Zheng Yi dissolved") waits for a reviewer.
    assert main(["fix", "seed.txt", "-g", glossary, "--suggestions", "-o", "suggested.txt"]) == 0
    safe = {"news.csv": changes, "zheng-yi.csv": changes[:4]}.get(glossary, [changes[0], *changes[2:4]])
    assert (desk / "suggested.txt").read_bytes() == edited(original, safe)
    # The log replays to the same article, with or without the glossary, on any copy of the text.
    for extra in ([], ["-g", glossary]):
        (desk / "seed.reviewed.txt").unlink()
        assert main(["fix", "seed.txt", "--decisions", "decisions.jsonl", *extra]) == 0
        assert (desk / "seed.reviewed.txt").read_bytes() == edited(original, changes)
    shutil.copy(desk / "seed.txt", desk / "copy.txt")
    assert main(["fix", "copy.txt", "--decisions", "decisions.jsonl"]) == 0
    assert (desk / "copy.reviewed.txt").read_bytes() == edited(original, changes)


async def test_the_segment_panel_shows_the_segment_as_it_will_be_written(desk):
    app, session = _app("seed.txt", "news.csv")
    async with app.run_test(size=(120, 40)) as pilot:
        assert session.items[0].finding.text == "Minister of Foreign Affairs"
        await pilot.press("f")  # line 1: "Foreign Minister"; the cursor goes to "Zheng Yirong" on line 1
        segment = str(app.query_one("#segment", Static).render())
        assert "Japanese Foreign Minister Toshimitsu Motegi and South Korean Foreign Minister Zheng Yirong" in segment
        assert "was: China News Service, September 24, reported that Japanese Minister of Foreign Affairs" in segment
        await pilot.press("f")  # "Zheng Yirong"; the cursor goes on to line 5
        assert "Motegi and Zheng Yi dissolved in the evening" in str(app.query_one("#segment", Static).render())
        await pilot.press("p")
        segment = str(app.query_one("#segment", Static).render())
        assert "Foreign Minister Toshimitsu Motegi and South Korean Foreign Minister Chung Eui-yong were" in segment
        assert "2 segments changed" not in str(app.query_one("#progress", Static).render())
        assert "1 segment changed · ctrl+s writes seed.reviewed.txt (unsaved)" in str(
            app.query_one("#progress", Static).render())
        await pilot.press("d")  # the whole document's diff before ctrl+s
        diff = app.screen.query_one("#diff").query_one(Static)
        shown = str(diff.render())
        assert shown == ("seed.txt:1\n- " + (desk / "seed.txt").read_text(encoding="utf-8").splitlines()[0] + "\n+ "
                         + session.text(("seed.txt", 1, None)))
        await pilot.press("escape")


async def test_missing_terms_a_segment_edit_and_a_concept_fixed_across_spellings_each_undone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    rows = [
        ("韩国外长康京和与茂木敏充举行会谈。", "South Korean Foreign Minister Kang Kyung-hwa held talks with Toshimitsu Motegi."),
        ("康京和说，双方讨论了强征劳工问题。", "She said the two sides discussed the issue of labor recruitment."),
        ("郑义溶当天抵达东京。", "Zheng Yirong arrived in Tokyo that day."),
        ("郑义溶与茂木敏充通电话。", "Zheng Yi-rong spoke with Motegi by phone."),
        ("茂木敏充与康京和通电话。", "Motegi spoke with her by phone."),
    ]
    corpus = "doc\tsource\ttarget\n" + "".join(f"d\t{s}\t{t}\n" for s, t in rows)
    (tmp_path / "talks.tsv").write_text(corpus, encoding="utf-8")
    shutil.copy(ROOT / "glossaries" / "news-zh-en.csv", tmp_path / "news.csv")
    monkeypatch.chdir(tmp_path)
    app, session = _app("talks.tsv", "news.csv")
    found = [(it.finding.rule, it.finding.side.value, it.finding.text) for it in session.items]
    assert found == [
        ("term-missing", "target", "Kang Kyung-hwa"), ("term-missing", "source", "康京和"),
        ("term-missing", "source", "康京和"), ("term-missing", "source", "强征劳工"),
        ("term-forbidden", "target", "Zheng Yirong"), ("term-forbidden", "target", "Zheng Yi-rong")]
    after = {
        2: "South Korean Foreign Minister Kang Kyung-wha held talks with Toshimitsu Motegi.",
        3: "Kang Kyung-wha said the two sides discussed the issue of forced labor.",
        4: "Chung Eui-yong arrived in Tokyo that day.",
        5: "Chung Eui-yong spoke with Motegi by phone.",
        6: "Motegi spoke with Kang Kyung-wha by phone.",
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")  # "Kang Kyung-hwa": a span the rule found
        assert session.text(("talks.tsv", 2, None)) == after[2]
        # 康京和 on line 3: the target has no words for it ("She"): f opens the segment to insert it.
        assert app._current() == 1
        await pilot.press("f")
        assert isinstance(app.screen, SegmentDialog)
        app.screen.query_one(Input).value = "Kang Kyung-wha said the two sides discussed the issue of labor recruitment."
        await pilot.press("enter")
        # 强征劳工 was then found in the words "labor recruitment" (the re-check moved its span).
        index = next(i for i, it in enumerate(session.items) if it.finding.text == "强征劳工")
        app._go(index)
        await pilot.press("f")
        assert session.text(("talks.tsv", 3, None)) == after[3]
        index = next(i for i, it in enumerate(session.items) if it.finding.text == "Zheng Yirong")
        app._go(index)
        await pilot.press("F")  # every wrong rendering of 郑义溶, two spellings, after a preview
        assert isinstance(app.screen, ConfirmDialog)
        preview = str(app.screen.query_one("#question").query_one(Static).render())
        assert preview == ('Make 2 changes?\ntalks.tsv:4  "Zheng Yirong" -> "Chung Eui-yong"\n'
                           'talks.tsv:5  "Zheng Yi-rong" -> "Chung Eui-yong"')
        await pilot.press("y")
        index = next(i for i, it in enumerate(session.items) if it.status == "open")
        app._go(index)  # 康京和 on line 6: E edits the whole segment
        await pilot.press("E")
        app.screen.query_one(Input).value = after[6]
        await pilot.press("enter")
        assert session.open() == 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        written = (tmp_path / "talks.reviewed.tsv").read_text(encoding="utf-8")
        assert written == "doc\tsource\ttarget\n" + "".join(
            f"d\t{s}\t{after[n]}\n" for n, (s, _) in enumerate(rows, 2))
        log = _log(tmp_path / "decisions.jsonl")
        assert [(d["action"], d["rule"], d["line"], d["old"], d["new"]) for d in log] == [
            ("fix", "term-missing", 2, "Kang Kyung-hwa", "Kang Kyung-wha"),
            ("fix", "term-missing", 3, rows[1][1], "Kang Kyung-wha said the two sides discussed the issue of labor recruitment."),
            ("fix", "term-missing", 3, "labor recruitment", "forced labor"),
            ("fix", "term-forbidden", 4, "Zheng Yirong", "Chung Eui-yong"),
            ("fix", "term-forbidden", 5, "Zheng Yi-rong", "Chung Eui-yong"),
            ("fix", "term-missing", 6, rows[4][1], after[6]),
        ]
        assert {d["term"] for d in log} == {"kang-kyung-wha", "forced-labor", "chung-eui-yong"}
        # Undo each step, last first: every text comes back, each undo names what it withdraws.
        for _ in range(5):
            await pilot.press("u")
        assert session.changed() == [] and session.open() == 6
        undone = _log(tmp_path / "decisions.jsonl")[len(log):]
        assert [d["action"] for d in undone] == ["undo"] * 6
        assert sorted(d["fingerprint"] for d in undone) == sorted(d["fingerprint"] for d in log)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (tmp_path / "talks.reviewed.tsv").read_text(encoding="utf-8") == corpus
    # The log, every step undone, fixes nothing.
    assert main(["fix", "talks.tsv", "--decisions", "decisions.jsonl", "-o", "replayed.tsv"]) == 0
    assert not (tmp_path / "replayed.tsv").exists()


async def test_the_log_is_a_baseline_for_the_reviewed_file_another_file_and_moved_lines(desk, capsys):
    app, session = _app("seed.txt", "news.csv")
    texts = [it.finding.text for it in session.items]
    async with app.run_test(size=(120, 40)) as pilot:
        app._go(texts.index("Minister of Foreign Affairs"))
        await pilot.press("a")
        app._go(texts.index("Zheng Yirong"))
        await pilot.press("i")  # line 1
        app._go(texts.index("Zheng Yi dissolved"))
        await pilot.press("f")
        app._go(texts.index("major major"))
        await pilot.press("A")  # accept-add: accepted, in a baseline too
        app._go(texts.index("China News Agency"))
        await pilot.press("a", "u")  # accepted, then undone: reported again
        await pilot.press("ctrl+s")
        await pilot.pause()
    capsys.readouterr()
    expected = {(7, "requisition of labor"), (7, "Zheng Yirong"), (13, "China News Agency"),
                (15, "personnel exchanges"), (21, "forced labor conscription")}
    shutil.copy(desk / "seed.txt", desk / "other.txt")
    moved = desk / "moved.txt"
    moved.write_text("A new first line.\n\n" + (desk / "seed.txt").read_text(encoding="utf-8"), encoding="utf-8")
    for name, shift in (("seed.reviewed.txt", 0), ("other.txt", 0), ("moved.txt", 2)):
        assert main(["check", name, "-g", "news.csv", "--baseline", "decisions.jsonl", "--format", "jsonl"]) == 1
        reported = {(f["line"] - shift, f["text"]) for f in map(json.loads, capsys.readouterr().out.splitlines())}
        if name == "seed.reviewed.txt":
            assert reported == expected
        else:  # the fix is not in these files: "Zheng Yi dissolved" is still there, and reported
            assert reported == expected | {(5, "Zheng Yi dissolved")}


def test_no_suggestion_is_a_form_the_glossary_forbids_and_case_follows_the_place():
    from termqa.fileio.glossary import load_glossary
    from termqa.model import Finding, Severity, Side
    from termqa.suggest import GlossaryForms, adapt_case, refine

    forms = GlossaryForms(load_glossary([str(ROOT / "glossaries" / "news-zh-en.csv")]))
    text = "Foreign Minister Zheng Yi dissolved in the evening."
    f = Finding("a.txt", 1, None, "a.txt", Side.TARGET, 17, 35, "Zheng Yi dissolved", "name-reading", Severity.WARNING,
                "m", ("Zheng Yirong", "Jeong Eui-yong", "Chung Eui-yong"))
    assert refine(f, text, forms).suggestions == ("Chung Eui-yong",)  # pinyin and RR spellings are forbidden
    title = "Japanese Minister of Foreign Affairs Toshimitsu Motegi met reporters after the Minister of Foreign Affairs spoke."
    second = title.rindex("Minister")
    assert adapt_case(title, 9, 36, "foreign minister") == "Foreign Minister"  # a title before a name
    assert adapt_case(title, second, second + 27, "foreign minister") == "foreign minister"  # no name after it
    assert adapt_case("Requisition of labor was discussed.", 0, 20, "forced labor") == "Forced labor"
    assert adapt_case("the the talks", 0, 7, "the") == "the"  # a lower-case fragment stays so
    head = "Minister Of Foreign Affairs Meets Counterpart In Seoul"
    assert adapt_case(head, 0, 27, "foreign minister") == "Foreign Minister"
    assert adapt_case(title, 9, 36, "Chung Eui-yong") == "Chung Eui-yong"  # a name as the glossary writes it


def test_f_capital_fixes_the_departing_places_a_term_inconsistent_finding_lists(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "story.txt").write_text(
        "Cheong Wa Dae said nothing.\n\nThe Blue House denied it.\n\nA Blue House aide spoke later.\n", encoding="utf-8")
    shutil.copy(ROOT / "glossaries" / "news-zh-en.csv", tmp_path / "news.csv")
    monkeypatch.chdir(tmp_path)
    _, session = _app("story.txt", "news.csv")
    (index,) = [i for i, it in enumerate(session.items) if it.finding.rule == "term-inconsistent"]
    assert session.items[index].finding.text == "Blue House"
    plans = session.plan_concept(index)
    assert [(p.key[1], p.old, p.new) for p in plans] == [(3, "Blue House", "Cheong Wa Dae"), (5, "Blue House", "Cheong Wa Dae")]
    session.apply(plans)
    assert [session.text(("story.txt", n, None)) for n in (1, 3, 5)] == [
        "Cheong Wa Dae said nothing.", "The Cheong Wa Dae denied it.", "A Cheong Wa Dae aide spoke later."]
    assert session.open() == 0
    log = _log(tmp_path / "decisions.jsonl")
    assert [(d["line"], d["old"], d["new"], d["rule"]) for d in log] == [
        (3, "Blue House", "Cheong Wa Dae", "term-inconsistent"), (5, "Blue House", "Cheong Wa Dae", "term-inconsistent")]
    session.undo()
    assert session.changed() == [] and session.open() == 1
