"""Snapshots that pin the review layout at 80x24 and 120x40 (update with --snapshot-update, after looking)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from termqa.cli import build_parser, make_review_app

from ..conftest import ROOT


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copy(ROOT / "corpora" / "kishida-yoon-summit.en.txt", tmp_path / "summit.txt")
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["review", "summit.txt", "-g", str(ROOT / "glossaries"), "--decisions", "d.jsonl"])
    return make_review_app(args)[0]


class TestReviewLayout:
    def test_small_terminal(self, app, snap_compare):
        assert snap_compare(app, terminal_size=(80, 24))

    def test_wide_terminal_after_a_fix(self, app, snap_compare):
        assert snap_compare(app, press=["f"], terminal_size=(120, 40))

    def test_light_theme(self, app, snap_compare):
        async def light(pilot) -> None:
            pilot.app.theme = "textual-light"

        assert snap_compare(app, run_before=light, terminal_size=(100, 30))

    def test_a_fixed_segment_shows_as_it_will_be_written(self, app, snap_compare):
        assert snap_compare(app, press=["f", "p"], terminal_size=(100, 30))

    def test_the_diff_before_saving(self, app, snap_compare):
        assert snap_compare(app, press=["f", "f", "d"], terminal_size=(100, 30))

    def test_the_preview_of_a_concept_fix(self, app, snap_compare):
        assert snap_compare(app, press=["F"], terminal_size=(100, 30))
