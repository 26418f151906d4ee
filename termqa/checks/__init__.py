"""Provides the rule registry: every check, in precedence order, and selection by id or prefix.

The order matters: on one span, the first rendering rule listed wins (a forbidden variant is
not also reported as an inconsistency or a name variant).

The registry is a table of names, not of classes: a rule's module is imported only when the
rule is selected (and, for a rule that needs a glossary, only when there is one). name-reading
and term-variant alone bring in CC-CEDICT readers, an aligner and 100 ms of imports that a
pre-commit run of the default rules never uses. `ALL_CHECKS` and `BY_ID` still give the
classes, importing every rule on first use. tests/test_startup.py checks that this table agrees
with the classes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from termqa.errors import UsageError

if TYPE_CHECKING:
    from termqa.checks.base import Batch, Check


@dataclass(frozen=True, slots=True)
class Rule:
    """Where a rule lives and what selection needs to know of it without importing it.

    Attributes:
        id: The rule id (the class's `id`).
        module: The module under termqa.checks that defines it.
        name: The class name.
        default: The class's `default`: it runs when no selection names it.
        needs_glossary: The class's `needs_glossary`: it finds nothing without a glossary.
    """

    id: str
    module: str
    name: str
    default: bool = True
    needs_glossary: bool = False

    def load(self) -> type[Check]:
        """The rule's class (importing its module)."""
        return getattr(importlib.import_module(f"termqa.checks.{self.module}"), self.name)


RULES: tuple[Rule, ...] = (
    Rule("term-forbidden", "terms", "TermForbidden", needs_glossary=True),
    Rule("term-missing", "terms", "TermMissing", needs_glossary=True),
    Rule("name-reading", "reading", "NameReading", default=False),
    Rule("term-unsupported", "unsupported", "TermUnsupported", needs_glossary=True),
    Rule("term-inconsistent", "terms", "TermInconsistent", needs_glossary=True),
    Rule("name-variant", "names", "NameVariant"),
    Rule("term-variant", "variants", "TermVariant", default=False),
    Rule("untranslated", "text", "Untranslated"),
    Rule("number-mismatch", "numbers", "NumberMismatch"),
    Rule("repeated-word", "text", "RepeatedWord"),
    Rule("format-variant", "formats", "FormatVariant"),
)
RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
"""Every rule id, in precedence order, without importing any rule."""

__all__ = ["ALL_CHECKS", "BY_ID", "RULES", "RULE_IDS", "Batch", "Check", "Rule", "select", "select_rules"]


def __getattr__(name: str) -> object:
    # The class tables and the base classes import polars and every rule: on first use only.
    if name == "ALL_CHECKS":
        value: object = tuple(r.load() for r in RULES)
    elif name == "BY_ID":
        value = {r.id: r.load() for r in RULES}
    elif name in ("Batch", "Check"):
        value = getattr(importlib.import_module("termqa.checks.base"), name)
    else:
        raise AttributeError(f"module 'termqa.checks' has no attribute {name!r}")
    globals()[name] = value
    return value


def _expand(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name == "all":
            out.update(RULE_IDS)
            continue
        if name == "default":
            out.update(r.id for r in RULES if r.default)
            continue
        matched = {cid for cid in RULE_IDS if cid == name or cid.startswith(name.rstrip("*-") + "-")}
        if not matched:
            raise UsageError(f"unknown rule {name!r} (rules: {', '.join(RULE_IDS)}; or default, all)")
        out |= matched
    return out


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """The registry rows `select` minus `ignore` names (see `select`), importing nothing."""
    chosen = _expand(select or ["default"])
    chosen -= _expand(ignore or ())
    return [r for r in RULES if r.id in chosen]


def select(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[type[Check]]:
    """The checks to run: `select` minus `ignore`.

    `select` holds rule ids, prefixes (`term` selects every term-* rule, opt-in ones too),
    `default` (the rules that run when nothing is selected) or `all`; None means `default`.

    Raises:
        UsageError: An unknown rule id or prefix.
    """
    return [r.load() for r in select_rules(select, ignore)]
