"""Counts read as English: one of a thing is singular, and the CLI and review say so."""

from termqa.wording import counted


def test_one_is_singular_and_the_rest_plural():
    assert counted(1, "decision") == "1 decision"
    assert counted(0, "decision") == "0 decisions"
    assert counted(2, "file") == "2 files"
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(12000, "entry", "entries") == "12,000 entries"
