"""Every option of every subcommand explains itself; check and review --help carry their tables."""

from __future__ import annotations

import argparse

import pytest

from termqa.checks import ALL_CHECKS
from termqa.cli import ExitCode, build_parser, main
from termqa.tui.keys import KEYS


def _parsers(parser: argparse.ArgumentParser, name: str = "termqa"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_option_and_argument_of_every_subcommand_has_help():
    parsers = dict(_parsers(build_parser()))
    assert {"termqa check", "termqa fix", "termqa review", "termqa score", "termqa eval", "termqa glossary list",
            "termqa glossary validate", "termqa glossary merge"} <= set(parsers)
    missing = [
        f"{name} {action.option_strings[0] if action.option_strings else action.dest}"
        for name, parser in parsers.items()
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction)
        and action.help != argparse.SUPPRESS
        and not (action.help or "").strip()
    ]
    assert missing == []


def _help(capsys, *command: str) -> str:
    assert main([*command, "--help"]) == 0
    return capsys.readouterr().out


def test_check_help_lists_every_rule_with_its_summary_and_the_exit_codes(capsys):
    text = _help(capsys, "check")
    epilog = text.split("\nrules:\n", 1)[1]
    for check in ALL_CHECKS:
        assert any(line.split() and line.split()[0] == check.id and check.summary() in line
                   for line in epilog.splitlines()), check.id
    codes = epilog.split("\nexit codes:\n", 1)[1].splitlines()
    assert [int(line.split()[0]) for line in codes if line.strip()] == [0, 1, 2, 3, 130] == [int(c) for c in ExitCode]
    assert "term-variant" in epilog and "(opt-in)" in epilog


def test_review_help_lists_the_keys(capsys):
    text = _help(capsys, "review")
    keys = text.split("\nkeys ", 1)[1]
    for key in KEYS:
        if key.id.startswith("fix-"):
            continue
        assert f"[{key.id}]" in keys and key.help in keys, key.id
    assert "1-9" in keys


@pytest.mark.parametrize("command", [("fix",), ("eval",), ("score",), ("glossary", "export")])
def test_help_of_the_other_commands_describes_their_options(capsys, command):
    text = _help(capsys, *command)
    assert "builtin:news" in text or command == ("glossary", "export")
