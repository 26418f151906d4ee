"""Provides the review decisions log: what a reviewer decided about each finding, and when.

The log is JSON Lines, appended and synced after every decision, so that a crash or a kill
loses at most the decision being made. Each line carries the finding's fingerprint (see
baseline.py), so the log is also a baseline: `termqa check --baseline LOG` leaves out what was
accepted or ignored. A later line for the same fingerprint supersedes an earlier one; `undo`
withdraws the previous decision.
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from termqa.baseline import fingerprint
from termqa.errors import InputError
from termqa.fileio.textfile import iter_json_objects
from termqa.model import Finding


class Action(enum.Enum):
    """What a reviewer did with a finding."""

    FIX = "fix"
    """Replace the span with `new`."""
    ACCEPT = "accept"
    """The span is right (a false positive, or an acceptable rendering)."""
    ACCEPT_ADD = "accept-add"
    """The span is right and becomes an admitted alternate in the glossary."""
    IGNORE = "ignore"
    """Leave it, and do not report it again."""
    UNDO = "undo"
    """Withdraw the previous decision about this finding."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision about one finding.

    Attributes:
        fingerprint: The finding's baseline fingerprint.
        action: What was decided (its `value` is what the log stores).
        rule: The finding's rule.
        path: The corpus file.
        line: The segment's line.
        segment: The segment id, or None.
        doc: The document.
        side: `source` or `target`.
        start: Span start in the segment text.
        end: Span end.
        old: The span's text.
        new: The replacement (for a fix), else None.
        term: The glossary entry the finding is about, or None.
        time: ISO 8601 UTC time of the decision.
    """

    fingerprint: str
    action: str
    rule: str
    path: str
    line: int
    segment: str | None
    doc: str
    side: str
    start: int | None
    end: int | None
    old: str
    new: str | None = None
    term: str | None = None
    time: str = ""

    @classmethod
    def of(cls, finding: Finding, action: Action, new: str | None = None, when: datetime | None = None) -> Decision:
        """The decision `action` about `finding`."""
        stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return cls(
            fingerprint(finding), action.value, finding.rule, finding.path, finding.line, finding.segment,
            finding.doc, finding.side.value, finding.start, finding.end, finding.text, new, finding.term, stamp,
        )


def load_decisions(path: str) -> list[Decision]:
    """Read a decisions log.

    Raises:
        InputError: A line that is not a decision.
    """
    out: list[Decision] = []
    fields = set(Decision.__dataclass_fields__)
    for lineno, obj in iter_json_objects(path, "decisions log"):
        if obj.get("action") not in {a.value for a in Action}:
            raise InputError(path, "not a decision (needs an 'action' of fix, accept, accept-add, ignore, undo)", lineno)
        try:
            out.append(Decision(**{k: v for k, v in obj.items() if k in fields}))
        except TypeError as exc:
            raise InputError(path, f"decision is missing a field: {exc}", lineno) from None
    return out


def current(decisions: Iterable[Decision]) -> dict[str, Decision]:
    """The decision in force per fingerprint: the last one, with undo popping the one before it."""
    stacks: dict[str, list[Decision]] = {}
    for d in decisions:
        stack = stacks.setdefault(d.fingerprint, [])
        if d.action == Action.UNDO.value:
            if stack:
                stack.pop()
        else:
            stack.append(d)
    return {fp: stack[-1] for fp, stack in stacks.items() if stack}


class DecisionLog:
    """An append-only decisions file, synced after every write."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.decisions: list[Decision] = load_decisions(path) if os.path.exists(path) and os.path.getsize(path) else []

    def append(self, decision: Decision) -> None:
        """Add a decision to the log and to the file, durably."""
        line = json.dumps(asdict(decision), ensure_ascii=False) + "\n"
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        self.decisions.append(decision)

    def current(self) -> dict[str, Decision]:
        """The decision in force per fingerprint."""
        return current(self.decisions)
