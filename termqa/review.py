"""Provides the review session: findings, the decision on each, undo and redo, progress.

This is the review UI's state, kept free of Textual so that it can be tested directly and
replayed without a terminal. Every decision is handed to a sink as it is made (the CLI appends
it to the decisions log at once), so a crash loses at most the decision in progress.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from termqa.baseline import fingerprint
from termqa.decisions import Action, Decision
from termqa.fileio.writeback import Edit
from termqa.model import Finding, Side

OPEN = "open"
STATUS_OF = {Action.FIX: "fixed", Action.ACCEPT: "accepted", Action.ACCEPT_ADD: "accepted", Action.IGNORE: "ignored"}


def _group_of(f: Finding) -> str:
    if f.term:
        return f"term:{f.term}"
    # A name or term variant groups with the rendering it departs from, so that F fixes them all.
    if f.rule in ("name-variant", "term-variant") and f.suggestions:
        return f"{f.rule}:{f.suggestions[0].casefold()}"
    return f"{f.rule}:{f.text.casefold()}"


@dataclass
class Item:
    """A finding under review and what has been decided about it."""

    finding: Finding
    status: str = OPEN
    new: str | None = None
    action: Action | None = None


@dataclass
class ReviewSession:
    """Findings under review, in reading order, with undo and redo of every decision.

    Attributes:
        items: One per finding.
        sink: Receives every decision (and every undo) as it is made.
    """

    items: list[Item]
    sink: Callable[[Decision], None] = lambda d: None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    """When decisions are made (tests fix it)."""
    _undo: list[list[tuple[int, str, str | None, Action | None]]] = field(default_factory=list)
    _redo: list[list[tuple[int, Action, str | None]]] = field(default_factory=list)

    @classmethod
    def of(cls, findings: list[Finding], sink: Callable[[Decision], None] | None = None) -> ReviewSession:
        """A session over findings grouped by concept, groups in order of first appearance.

        A reviewer clears one name or term at a time ("Chung Eui-yong: Zheng Yirong x2,
        Zheng Yi x1"), then moves on; within a group, findings are in reading order.
        """
        ordered = sorted(findings, key=lambda f: (f.path, f.line, f.segment or "", f.side.value, f.start or 0))
        first: dict[str, int] = {}
        for n, f in enumerate(ordered):
            first.setdefault(_group_of(f), n)
        ordered = sorted(ordered, key=lambda f: first[_group_of(f)])
        return cls([Item(f) for f in ordered], sink or (lambda d: None))

    def resume(self, decided: dict[str, Decision]) -> int:
        """Apply decisions saved earlier (by fingerprint); returns how many matched."""
        matched = 0
        for item in self.items:
            d = decided.get(fingerprint(item.finding))
            if d is None:
                continue
            action = Action(d.action)
            item.status, item.new, item.action = STATUS_OF[action], d.new, action
            matched += 1
        return matched

    def reload(self, findings: list[Finding]) -> None:
        """Replace the findings (after a glossary change), keeping the decision on each unchanged one.

        Undo history refers to the old list and is cleared.
        """
        kept = {fingerprint(it.finding): it for it in self.items if it.status != OPEN}
        fresh = ReviewSession.of(findings).items
        for item in fresh:
            old = kept.get(fingerprint(item.finding))
            if old is not None:
                item.status, item.new, item.action = old.status, old.new, old.action
        self.items = fresh
        self._undo.clear()
        self._redo.clear()

    def reviewed(self) -> int:
        """How many findings have a decision."""
        return sum(item.status != OPEN for item in self.items)

    def group_key(self, index: int) -> str:
        """Findings about one concept or name form a group: the glossary term, else rule and text."""
        return _group_of(self.items[index].finding)

    def _index(self) -> tuple[dict[str, list[int]], dict[tuple[str, int, str], list[int]]]:
        # Groups and per-segment lists, rebuilt when the items change (moving the cursor over
        # 10,000 findings must not scan them all each time).
        if getattr(self, "_built_for", None) is not self.items:
            groups: dict[str, list[int]] = {}
            places: dict[tuple[str, int, str], list[int]] = {}
            for i, it in enumerate(self.items):
                groups.setdefault(self.group_key(i), []).append(i)
                places.setdefault((it.finding.path, it.finding.line, it.finding.side.value), []).append(i)
            self._groups, self._places, self._built_for = groups, places, self.items
        return self._groups, self._places

    def group_members(self, index: int) -> list[int]:
        """The items in the same group as `index`."""
        return self._index()[0][self.group_key(index)]

    def in_segment(self, index: int) -> list[int]:
        """The items on the same segment side as `index`."""
        f = self.items[index].finding
        return self._index()[1][(f.path, f.line, f.side.value)]

    def group_summary(self, index: int) -> str:
        """'Chung Eui-yong: Zheng Yirong x2, Zheng Yi x1' for the group of an item."""
        members = [self.items[i].finding for i in self.group_members(index)]
        counts = Counter(f.text for f in members)
        head = members[0].suggestions[0] if members[0].suggestions else members[0].rule
        return f"{head}: " + ", ".join(f"{text} x{n}" for text, n in counts.most_common())

    def next_open(self, after: int, step: int = 1, *, new_group: bool = False) -> int | None:
        """The next open item after `after` (backwards with step -1); optionally in another group."""
        n = len(self.items)
        if not n:
            return None
        group = self.group_key(after) if 0 <= after < n else None
        i = after
        for _ in range(n):
            i = (i + step) % n
            if self.items[i].status != OPEN:
                continue
            if new_group and self.group_key(i) == group:
                continue
            return i
        return None

    def same_rendering(self, index: int) -> list[int]:
        """Open items with the same rule and flagged text as `index` (what `F` fixes at once)."""
        f = self.items[index].finding
        # Same rule and text means same term (or none), so the group holds them all.
        return [
            i for i in self.group_members(index)
            if (it := self.items[i]).status == OPEN and it.finding.rule == f.rule and it.finding.text == f.text
            and it.finding.side is Side.TARGET and it.finding.start is not None
        ]

    def decide(self, indices: list[int], action: Action, new: str | None = None) -> None:
        """Record one decision for one or several items (one undo step)."""
        if action is Action.FIX and not new:
            raise ValueError("a fix needs replacement text")
        step = []
        try:
            for i in indices:
                item = self.items[i]
                if action is Action.FIX and (item.finding.side is not Side.TARGET or item.finding.start is None):
                    continue  # only target spans can be replaced
                # Logged first: a decision the log could not take is not made (the sink raises).
                self.sink(Decision.of(item.finding, action, new, self.clock()))
                step.append((i, item.status, item.new, item.action))
                item.status, item.new, item.action = STATUS_OF[action], new, action
        finally:
            if step:
                self._undo.append(step)
                self._redo.clear()

    def undo(self) -> list[int]:
        """Withdraw the last decision step; returns the items it touched."""
        if not self._undo:
            return []
        step = list(self._undo.pop())
        touched = [i for i, *_ in step]
        redo: list[tuple[int, Action, str | None]] = []
        try:
            while step:
                i, status, new, action = step[-1]
                item = self.items[i]
                self.sink(Decision.of(item.finding, Action.UNDO, None, self.clock()))
                step.pop()
                redo.append((i, item.action, item.new))
                item.status, item.new, item.action = status, new, action
        finally:
            if step:  # the log refused part of the undo: what is left stays undoable
                self._undo.append(step)
            if redo:
                self._redo.append(redo)
        return touched

    def redo(self) -> list[int]:
        """Re-apply the last undone step; returns the items it touched."""
        if not self._redo:
            return []
        step = self._redo.pop()
        touched = []
        undo = []
        try:
            for i, action, new in reversed(step):
                item = self.items[i]
                self.sink(Decision.of(item.finding, action, new, self.clock()))
                undo.append((i, item.status, item.new, item.action))
                item.status, item.new, item.action = STATUS_OF[action], new, action
                touched.append(i)
        finally:
            if undo:
                self._undo.append(undo)
        return touched

    def edits(self) -> dict[str, list[Edit]]:
        """The replacements to write, per corpus file."""
        out: dict[str, list[Edit]] = {}
        for item in self.items:
            f = item.finding
            if item.status == "fixed" and item.new is not None and f.start is not None and f.end is not None:
                out.setdefault(f.path, []).append(Edit(f.line, f.segment, f.start, f.end, f.text, item.new))
        return out
