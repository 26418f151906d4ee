"""The engine stays headless, and every rule is registered, documented and tested."""

from __future__ import annotations

import subprocess
import sys

import pytest

from termqa.checks import ALL_CHECKS, select
from termqa.errors import UsageError

from .conftest import ROOT

HEADLESS = [
    "termqa", "termqa.engine", "termqa.matcher", "termqa.checks", "termqa.report", "termqa.cli",
    "termqa.fileio.corpus", "termqa.fileio.glossary", "termqa.fileio.tbx", "termqa.lint", "termqa.baseline",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_a_headless_module_does_not_import_textual(module):
    code = f"import sys, {module}; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_rule_ids_are_unique_kebab_case_and_documented():
    ids = [c.id for c in ALL_CHECKS]
    assert len(ids) == len(set(ids))
    for check in ALL_CHECKS:
        assert check.id.replace("-", "").isalpha() and check.id.islower()
        doc = check.__doc__ or ""
        assert check.summary()
        for section in ("What it does", "Why it matters", "Example"):
            assert section in doc, f"{check.id} docstring lacks {section!r}"


def test_every_rule_has_a_case_file_with_passing_and_failing_cases():
    import tomllib

    for check in ALL_CHECKS:
        path = ROOT / "tests" / "checks" / "cases" / f"{check.id}.toml"
        cases = tomllib.loads(path.read_text(encoding="utf-8"))["case"]
        assert any(c.get("expect") for c in cases), f"{check.id} has no failing case"
        assert any(not c.get("expect") for c in cases), f"{check.id} has no passing case"


def test_rules_are_selected_by_id_prefix_and_ignore():
    assert [c.id for c in select(["term"])] == [
        "term-forbidden", "term-missing", "term-unsupported", "term-inconsistent", "term-variant"]
    assert [c.id for c in select(None, ["name-variant", "repeated-word"])] == [
        "term-forbidden", "term-missing", "term-unsupported", "term-inconsistent", "untranslated",
        "number-mismatch", "format-variant"]
    assert "term-variant" not in [c.id for c in select()]
    assert "name-reading" not in [c.id for c in select()]
    assert [c.id for c in select(["default", "term-variant", "name-reading"])] == [c.id for c in select(["all"])]
    with pytest.raises(UsageError):
        select(["no-such-rule"])


def test_every_rule_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for check in ALL_CHECKS:
        assert f"`{check.id}`" in readme
