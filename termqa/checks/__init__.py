"""Provides the rule registry: every check, in precedence order, and selection by id or prefix.

The order matters: on one span, the first rendering rule listed wins (a forbidden variant is
not also reported as an inconsistency or a name variant).
"""

from __future__ import annotations

from collections.abc import Iterable

from termqa.checks.base import Batch, Check
from termqa.checks.formats import FormatVariant
from termqa.checks.names import NameVariant
from termqa.checks.numbers import NumberMismatch
from termqa.checks.reading import NameReading
from termqa.checks.terms import TermForbidden, TermInconsistent, TermMissing
from termqa.checks.text import RepeatedWord, Untranslated
from termqa.checks.unsupported import TermUnsupported
from termqa.checks.variants import TermVariant
from termqa.errors import UsageError

ALL_CHECKS: tuple[type[Check], ...] = (
    TermForbidden,
    TermMissing,
    NameReading,
    TermUnsupported,
    TermInconsistent,
    NameVariant,
    TermVariant,
    Untranslated,
    NumberMismatch,
    RepeatedWord,
    FormatVariant,
)
BY_ID = {c.id: c for c in ALL_CHECKS}

__all__ = ["ALL_CHECKS", "BY_ID", "Batch", "Check", "select"]


def _expand(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name == "all":
            out.update(BY_ID)
            continue
        if name == "default":
            out.update(cid for cid, check in BY_ID.items() if check.default)
            continue
        matched = {cid for cid in BY_ID if cid == name or cid.startswith(name.rstrip("*-") + "-")}
        if not matched:
            raise UsageError(f"unknown rule {name!r} (rules: {', '.join(BY_ID)}; or default, all)")
        out |= matched
    return out


def select(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[type[Check]]:
    """The checks to run: `select` minus `ignore`.

    `select` holds rule ids, prefixes (`term` selects every term-* rule, opt-in ones too),
    `default` (the rules that run when nothing is selected) or `all`; None means `default`.

    Raises:
        UsageError: An unknown rule id or prefix.
    """
    chosen = _expand(select or ["default"])
    chosen -= _expand(ignore or ())
    return [c for c in ALL_CHECKS if c.id in chosen]
