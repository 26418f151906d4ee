"""Provides the review session: findings, the decision on each, the text as it will be written.

This is the review UI's state, kept free of Textual so that it can be tested directly and
replayed without a terminal (`termqa fix --suggestions` drives it too). Every decision is
handed to a sink as it is made (the CLI appends it to the decisions log at once), so a crash
loses at most the decision in progress.

A fix changes the segment's target at once: the session keeps every segment's text as it now
stands, and after each change the segment's document is checked again, so that the findings
of that segment point into the new text, disappear when the change resolved them, or appear
when it made a new error. Undo is a stack: undoing a step restores the texts it changed and
checks them again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from termqa.baseline import fingerprint
from termqa.decisions import Action, Decision, current
from termqa.fileio.writeback import Edit, diff_edits
from termqa.model import Finding, Related, Segment, Severity, Side
from termqa.normalize import inflections, rendering_key
from termqa.suggest import adapt_case

OPEN = "open"
RESOLVED = "resolved"
"""No longer found in the text as it now stands (another change repaired it); not shown."""
RELATED = "related"
"""A place a finding refers to, made an item only to be fixed with it (F); not shown until fixed."""
HIDDEN = frozenset({RESOLVED, RELATED})
STATUS_OF = {Action.FIX: "fixed", Action.ACCEPT: "accepted", Action.ACCEPT_ADD: "accepted", Action.IGNORE: "ignored"}
SEGMENT_EDIT = "segment-edit"
"""The rule of a whole-segment edit made with no open finding to file it under."""

SegmentKey = tuple[str, int, str | None]
Checker = Callable[[list[Segment]], list[Finding]]
"""Checks documents (as they now stand) and returns their findings, ready for review."""
Locator = Callable[[Finding, str], tuple[int, int] | None]
"""Where a fix of the finding applies in the target, when not (only) its own span: a missing
term's wrong words; a glossary name's reading run on over a word-for-word rest. None: its span."""


def _group_of(f: Finding) -> str:
    if f.term:
        return f"term:{f.term}"
    # A name or term variant groups with the rendering it departs from, so that F fixes them all.
    if f.rule in ("name-variant", "term-variant") and f.suggestions:
        return f"{f.rule}:{f.suggestions[0].casefold()}"
    return f"{f.rule}:{f.text.casefold()}"


def key_of(f: Finding) -> SegmentKey:
    """The segment a finding is in."""
    return (f.path, f.line, f.segment)


def context_of(text: str, start: int, end: int) -> str:
    """The words around a span, as a finding's context (see checks/base.py)."""
    from termqa.checks.base import _CONTEXT_WORDS

    before = _CONTEXT_WORDS.findall(text[max(0, start - 60): start])[-3:]
    after = _CONTEXT_WORDS.findall(text[end: end + 60])[:3]
    return " ".join(before) + " | " + " ".join(after)


@dataclass
class Item:
    """A finding under review and what has been decided about it.

    Attributes:
        span: Where a fix applies in the segment's target as it now stands: the finding's own
            span, or for a missing term the words located as its wrong rendering; None when
            a fix can only insert (the segment editor).
        decision: The logged decision in force, withdrawn as such by undo.
    """

    finding: Finding
    status: str = OPEN
    new: str | None = None
    action: Action | None = None
    span: tuple[int, int] | None = None
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One replacement made in a segment's target, in the text as it stood then."""

    key: SegmentKey
    start: int
    end: int
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Planned:
    """One change a decision would make (what F previews)."""

    index: int
    key: SegmentKey
    start: int
    end: int
    old: str
    new: str


@dataclass
class _Done:
    """One item's part of an undo step."""

    index: int
    status: str
    new: str | None
    action: Action | None
    previous: Decision | None
    logged: Decision
    change: Change | None


@dataclass
class ReviewSession:
    """Findings under review, grouped by concept, with undo and redo of every decision.

    Attributes:
        items: One per finding (and per related place fixed with one), in review order.
        sink: Receives every decision (and every undo) as it is made.
        segments: The segments as read, by key (the session keeps what they will become).
        checker: Checks documents again after a change; without it nothing is re-checked.
        locator: Finds the target span of a finding that has none (a missing term).
    """

    items: list[Item]
    sink: Callable[[Decision], None] = lambda d: None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    """When decisions are made (tests fix it)."""
    segments: dict[SegmentKey, Segment] = field(default_factory=dict)
    checker: Checker | None = None
    locator: Locator | None = None
    texts: dict[SegmentKey, str] = field(default_factory=dict)
    """Each segment's target as it will be written."""
    history: dict[SegmentKey, list[Change]] = field(default_factory=dict)
    _undo: list[list[_Done]] = field(default_factory=list)
    _redo: list[list[tuple[int, Action, str | None, Change | None]]] = field(default_factory=list)
    _order: dict[str, int] = field(default_factory=dict)
    _overlapped: set[int] = field(default_factory=set)
    """Items whose words a change since the last re-check rewrote."""

    @classmethod
    def of(cls, findings: list[Finding], sink: Callable[[Decision], None] | None = None, *,
           segments: Iterable[Segment] = (), checker: Checker | None = None,
           locator: Locator | None = None) -> ReviewSession:
        """A session over findings grouped by concept, groups in order of first appearance.

        A reviewer clears one name or term at a time ("Chung Eui-yong: Zheng Yirong x2,
        Zheng Yi dissolved x1"), then moves on; within a group, findings are in reading order.
        """
        segs = {(s.path, s.line, s.id): s for s in segments}
        session = cls([], sink or (lambda d: None), segments=segs, checker=checker, locator=locator,
                      texts={k: s.target for k, s in segs.items()})
        session.items = [session._item(f) for f in session._ordered(findings)]
        return session

    def _ordered(self, findings: list[Finding]) -> list[Finding]:
        ordered = sorted(findings, key=lambda f: (f.path, f.line, f.segment or "", f.side.value, f.start or 0))
        for f in ordered:
            self._order.setdefault(_group_of(f), len(self._order))
        return sorted(ordered, key=lambda f: self._order[_group_of(f)])

    def _item(self, f: Finding, status: str = OPEN) -> Item:
        return Item(f, status, span=self._span(f))

    def _span(self, f: Finding) -> tuple[int, int] | None:
        text = self.texts.get(key_of(f))
        # The locator knows the glossary: a missing term's wrong words, or a name variant's span
        # run on over the literal translation of the name's last character.
        located = self.locator(f, text) if self.locator is not None and text is not None else None
        if located is not None:
            return located
        if f.side is Side.TARGET and f.start is not None and f.end is not None:
            return f.start, f.end
        return None

    # -- reading the state ---------------------------------------------------------------------

    def text(self, key: SegmentKey) -> str:
        """The segment's target as it will be written."""
        return self.texts[key]

    def changed(self) -> list[SegmentKey]:
        """The segments whose target differs from what was read, in file order."""
        return [k for k, s in self.segments.items() if self.texts[k] != s.target]

    def visible(self) -> list[int]:
        """The items to list: every finding but those resolved by another change."""
        return [i for i, it in enumerate(self.items) if it.status not in HIDDEN]

    def reviewed(self) -> int:
        """How many findings have a decision."""
        return sum(it.status not in HIDDEN and it.status != OPEN for it in self.items)

    def total(self) -> int:
        """How many findings are listed."""
        return sum(it.status not in HIDDEN for it in self.items)

    def open(self) -> int:
        """How many findings wait for a decision."""
        return sum(it.status == OPEN for it in self.items)

    def group_key(self, index: int) -> str:
        """Findings about one concept or name form a group: the glossary term, else rule and text."""
        return _group_of(self.items[index].finding)

    def group_members(self, index: int) -> list[int]:
        """The listed items in the same group as `index`."""
        key = self.group_key(index)
        return [i for i in self.visible() if self.group_key(i) == key]

    def in_segment(self, index: int) -> list[int]:
        """The listed items of the same segment as `index`."""
        key = key_of(self.items[index].finding)
        return [i for i in self.visible() if key_of(self.items[i].finding) == key]

    def group_summary(self, index: int) -> str:
        """'Chung Eui-yong: Zheng Yirong x2, Zheng Yi dissolved x1' for the group of an item."""
        members = [self.items[i].finding for i in self.group_members(index)] or [self.items[index].finding]
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

    # -- planning changes ----------------------------------------------------------------------

    def fixable(self, index: int) -> bool:
        """Whether a span fix can repair the item (it is open and has a place to replace)."""
        item = self.items[index]
        return item.status == OPEN and item.span is not None

    def plan_fix(self, index: int, new: str) -> Planned | None:
        """The change fixing one item with `new`, or None when it has no span."""
        item = self.items[index]
        if item.span is None:
            return None
        key = key_of(item.finding)
        start, end = item.span
        return Planned(index, key, start, end, self.texts[key][start:end], new)

    def plan_concept(self, index: int) -> list[Planned]:
        """What `F` does from `index`: every open finding of the same concept fixed with its own
        (or this item's) suggestion, and each departing place a term-inconsistent finding of the
        group lists (a related place whose text is no form of the suggestion)."""
        base = self.items[index].finding
        if not base.suggestions:
            return []
        chosen = base.suggestions[0]
        plans: list[Planned] = []
        seen: set[tuple[SegmentKey, int]] = set()
        for i in self.group_members(index):
            item = self.items[i]
            if not self.fixable(i):
                continue
            own = item.finding.suggestions[0] if item.finding.suggestions else ""
            new = own if rendering_key(own) == rendering_key(chosen) else chosen
            plan = self.plan_fix(i, new)
            if plan is not None and (plan.key, plan.start) not in seen:
                seen.add((plan.key, plan.start))
                plans.append(plan)
            for r in item.finding.related if item.finding.rule == "term-inconsistent" else ():
                plan = self._plan_related(item.finding, r, new)
                if plan is not None and (plan.key, plan.start) not in seen:
                    seen.add((plan.key, plan.start))
                    plans.append(plan)
        return plans

    def _plan_related(self, f: Finding, r: Related, new: str) -> Planned | None:
        key = (f.path, r.line, r.segment)
        text = self.texts.get(key)
        if text is None or text[r.start:r.end] != r.text:
            return None  # that segment was changed since: the re-check has its own findings
        if rendering_key(r.text) in {rendering_key(x) for x in inflections(new)}:
            return None  # already the suggested rendering
        return Planned(-1, key, r.start, r.end, r.text, adapt_case(text, r.start, r.end, new))

    # -- deciding ------------------------------------------------------------------------------

    def decide(self, indices: list[int], action: Action, new: str | None = None) -> None:
        """Record one decision for one or several items (one undo step); a fix replaces each
        item's span with `new` (items without a span are left: see `edit_segment`)."""
        if action is Action.FIX:
            if not new:
                raise ValueError("a fix needs replacement text")
            self.apply([p for i in indices if self.fixable(i) and (p := self.plan_fix(i, new)) is not None])
            return
        step: list[_Done] = []
        try:
            for i in indices:
                item = self.items[i]
                if item.status in HIDDEN or item.status == "fixed":
                    continue  # a fix is withdrawn by undo, not overruled: its text is already changed
                decision = Decision.of(item.finding, action, None, self.clock())
                self.sink(decision)  # logged first: a decision the log could not take is not made
                step.append(_Done(i, item.status, item.new, item.action, item.decision, decision, None))
                item.status, item.new, item.action, item.decision = STATUS_OF[action], None, action, decision
        finally:
            if step:
                self._undo.append(step)
                self._redo.clear()

    def apply(self, plans: list[Planned]) -> None:
        """Make the planned changes as one undo step, log each as a fix, then check again."""
        step: list[_Done] = []
        touched: set[SegmentKey] = set()
        # Back to front within a segment: every planned offset is in the text as it stands now.
        try:
            for p in sorted(plans, key=lambda p: (p.key, -p.start)):
                step.append(self._fix(p))
                touched.add(p.key)
        finally:
            if step:
                self._undo.append(step)
                self._redo.clear()
            self._recheck(touched)

    def _fix(self, p: Planned) -> _Done:
        text = self.texts[p.key]
        if text[p.start:p.end] != p.old:
            raise ValueError(f"stale change: {p.old!r} is not at {p.start}:{p.end}")
        index = p.index if p.index >= 0 else self._related_item(p)
        item = self.items[index]
        at = (p.start, p.end, p.old, context_of(text, p.start, p.end))
        decision = Decision.of(item.finding, Action.FIX, p.new, self.clock(), at=at)
        self.sink(decision)
        change = Change(p.key, p.start, p.end, p.old, p.new)
        self._change(change)
        done = _Done(index, item.status, item.new, item.action, item.decision, decision, change)
        item.status, item.new, item.action, item.decision = "fixed", p.new, Action.FIX, decision
        return done

    def _related_item(self, p: Planned) -> int:
        """An item for a related place fixed with its finding: a decision needs a finding."""
        seg = self.segments[p.key]
        text = self.texts[p.key]
        f = Finding(seg.path, seg.line, seg.id, seg.doc, Side.TARGET, p.start, p.end, p.old, "term-inconsistent",
                    Severity.WARNING, f'"{p.old}" departs from the document\'s rendering; use "{p.new}"', (p.new,),
                    context=context_of(text, p.start, p.end))
        self.items.append(Item(f, RELATED, span=(p.start, p.end)))
        return len(self.items) - 1

    def edit_segment(self, index: int, new_text: str) -> None:
        """Replace the whole target of the item's segment (`E`): a fix of the item when it is
        open (a term the target left out, inserted by hand), else an edit of its own."""
        item = self.items[index]
        key = key_of(item.finding)
        old = self.texts[key]
        if new_text == old:
            return
        if item.status != OPEN:
            seg = self.segments[key]
            f = Finding(seg.path, seg.line, seg.id, seg.doc, Side.TARGET, 0, len(old), old, SEGMENT_EDIT,
                        Severity.INFO, "the segment was edited in review", context=" | ")
            self.items.append(Item(f, RELATED, span=(0, len(old))))
            index = len(self.items) - 1
        self.apply([Planned(index, key, 0, len(old), old, new_text)])

    def _change(self, change: Change) -> None:
        text = self.texts[change.key]
        self.texts[change.key] = text[: change.start] + change.new + text[change.end:]
        self.history.setdefault(change.key, []).append(change)
        self._move(change.key, change.start, change.end, len(change.new))

    def _unchange(self, change: Change) -> None:
        history = self.history[change.key]
        # Undo is a stack, so the change undone is the last one made in its segment.
        assert history and history[-1] == change, "changes are undone in the reverse order"
        history.pop()
        text = self.texts[change.key]
        self.texts[change.key] = text[: change.start] + change.old + text[change.start + len(change.new):]
        self._move(change.key, change.start, change.start + len(change.new), len(change.old))

    def _move(self, key: SegmentKey, start: int, end: int, length: int) -> None:
        """Keep the target spans of the segment's other items pointing at the same words after
        target[start:end] became `length` characters; an item whose words were changed is
        marked, for the re-check to resolve unless it finds it again."""
        delta = length - (end - start)

        def moved(span: tuple[int, int]) -> tuple[int, int] | None:
            a, b = span
            if b <= start and not (a == b == start):
                return span
            if a >= end:
                return a + delta, b + delta
            return None

        for i, item in enumerate(self.items):
            f = item.finding
            if key_of(f) != key or item.status in ("fixed", RELATED):
                continue
            if item.span is not None:
                span = moved(item.span)
                if span is None:
                    self._overlapped.add(i)
                item.span = span
            if f.side is Side.TARGET and f.start is not None and f.end is not None:
                span = moved((f.start, f.end))
                if span is None:
                    self._overlapped.add(i)
                elif span != (f.start, f.end):
                    item.finding = replace(f, start=span[0], end=span[1])

    def undo(self) -> list[int]:
        """Withdraw the last decision step; returns the items it touched."""
        if not self._undo:
            return []
        step = self._undo.pop()
        touched = [d.index for d in step]
        redo: list[tuple[int, Action, str | None, Change | None]] = []
        keys: set[SegmentKey] = set()
        try:
            while step:
                d = step[-1]
                item = self.items[d.index]
                # The undo carries the fingerprint of what it withdraws, whatever the finding is now.
                self.sink(replace(d.logged, action=Action.UNDO.value, new=None,
                                  time=self.clock().strftime("%Y-%m-%dT%H:%M:%SZ")))
                step.pop()
                redo.append((d.index, d.logged and Action(d.logged.action), d.logged.new, d.change))
                if d.change is not None:
                    self._unchange(d.change)
                    keys.add(d.change.key)
                item.status, item.new, item.action, item.decision = d.status, d.new, d.action, d.previous
        finally:
            if step:  # the log refused part of the undo: what is left stays undoable
                self._undo.append(step)
            if redo:
                self._redo.append(redo)
            self._recheck(keys)
        return touched

    def redo(self) -> list[int]:
        """Re-apply the last undone step; returns the items it touched."""
        if not self._redo:
            return []
        step = self._redo.pop()
        plans = [Planned(i, c.key, c.start, c.end, c.old, c.new) for i, _, _, c in reversed(step) if c is not None]
        others = [(i, a) for i, a, _, c in reversed(step) if c is None]
        redo_stack = self._redo
        self._redo = []  # apply/decide clear the redo stack; the rest of it stays redoable
        try:
            if plans:
                self.apply(plans)
            for i, action in others:
                self.decide([i], action)
            if plans and others:  # one step, as it was made
                tail = self._undo.pop()
                self._undo[-1].extend(tail)
        finally:
            self._redo = redo_stack
        return [i for i, *_ in step]

    # -- checking again ------------------------------------------------------------------------

    def _recheck(self, keys: set[SegmentKey]) -> None:
        """Check the documents of the changed segments again and reconcile the items: a finding
        found again is moved to where it now is (and reopened if a change had resolved it), an
        open one no longer found is resolved if a change rewrote its words, a new one is added."""
        overlapped, self._overlapped = self._overlapped, set()
        if self.checker is None or not keys:
            return
        docs = {(self.segments[k].path, self.segments[k].doc) for k in keys}
        segments = [replace(s, target=self.texts[k]) for k, s in self.segments.items() if (s.path, s.doc) in docs]
        fresh = self.checker(segments)

        def match_key(f: Finding) -> tuple:
            return (f.path, f.line, f.segment, f.side.value, f.rule, f.text.casefold())

        pool: dict[tuple, list[Finding]] = {}
        for f in sorted(fresh, key=lambda f: f.start or 0):
            pool.setdefault(match_key(f), []).append(f)
        # A fixed item's text is gone: what is found there now is another finding.
        mine = [i for i, it in enumerate(self.items)
                if (it.finding.path, it.finding.doc) in docs and it.status not in (RELATED, "fixed")]
        # Decided items first: an accepted finding that is still there stays accepted.
        mine.sort(key=lambda i: (self.items[i].status in (OPEN, RESOLVED), self.items[i].finding.start or 0))
        for i in mine:
            item = self.items[i]
            candidates = pool.get(match_key(item.finding))
            if candidates:
                # Of two alike in one segment, the one nearest where this one was.
                f = min(candidates, key=lambda c: abs((c.start or 0) - (item.finding.start or 0)))
                candidates.remove(f)
                item.finding = f
                item.span = self._span(f) if item.status in (OPEN, RESOLVED) else item.span
                if item.status == RESOLVED:
                    item.status = OPEN
            elif item.status == OPEN and (i in overlapped or item.finding.side is Side.SOURCE):
                # Its words were rewritten, or the term it missed is now rendered. An untouched
                # span stays open: fixing the rendering a variant departs from ("Zheng Yirong")
                # does not make the variant ("Zheng Yi dissolved") right.
                item.status = RESOLVED
        new = [f for fs in pool.values() for f in fs]
        for f in self._ordered(new):
            self.items.append(self._item(f))

    # -- sessions, logs and output ---------------------------------------------------------------

    def resume(self, decisions: list[Decision]) -> int:
        """Apply the decisions of a log (in force at its end, in the order made); returns how many
        took effect. A fix applies only where its segment still reads what it replaced."""
        in_force = {id(d) for d in current(decisions).values()}
        matched = 0
        for d in decisions:
            if id(d) not in in_force:
                continue
            index = next((i for i, it in enumerate(self.items)
                          if it.status == OPEN and fingerprint(it.finding) == d.fingerprint), None)
            action = Action(d.action)
            if action is not Action.FIX:
                if index is not None:
                    item = self.items[index]
                    item.status, item.new, item.action, item.decision = STATUS_OF[action], None, action, d
                    matched += 1
                continue
            key = (d.path, d.line, d.segment)
            text = self.texts.get(key)
            if text is None or d.start is None or d.end is None or text[d.start:d.end] != d.old or not d.new:
                continue
            if index is None or key_of(self.items[index].finding) != key:
                seg = self.segments[key]
                f = Finding(seg.path, seg.line, seg.id, seg.doc, Side.TARGET, d.start, d.end, d.old, d.rule,
                            Severity.INFO, "a change made in an earlier review", (d.new,), d.term,
                            context=d.context)
                self.items.append(Item(f, RELATED, span=(d.start, d.end)))
                index = len(self.items) - 1
            item = self.items[index]
            self._change(Change(key, d.start, d.end, d.old, d.new))
            item.status, item.new, item.action, item.decision = "fixed", d.new, Action.FIX, d
            matched += 1
            self._recheck({key})
        return matched

    def reload(self, findings: list[Finding]) -> None:
        """Replace the findings (after a glossary change, checked on the texts as they now stand),
        keeping the decision on each unchanged one. Undo history refers to the old list and is cleared."""
        kept = {fingerprint(it.finding): it for it in self.items if it.status not in HIDDEN and it.status != OPEN}
        self._order.clear()
        fresh = [self._item(f) for f in self._ordered(findings)]
        for item in fresh:
            old = kept.pop(fingerprint(item.finding), None)
            if old is not None:
                item.status, item.new, item.action, item.decision = old.status, old.new, old.action, old.decision
        # Fixed items are gone from the findings (their text changed): they stay, as decisions.
        fresh += [it for it in kept.values() if it.status == "fixed"]
        self.items = fresh
        self._undo.clear()
        self._redo.clear()

    def current_segments(self) -> list[Segment]:
        """Every segment with its target as it will be written."""
        return [replace(s, target=self.texts[k]) for k, s in self.segments.items()]

    def edits(self) -> dict[str, list[Edit]]:
        """The replacements to write, per corpus file: the words that differ between each
        segment as read and as it now stands."""
        out: dict[str, list[Edit]] = {}
        for key in self.changed():
            seg = self.segments[key]
            out.setdefault(seg.path, []).extend(diff_edits(seg.line, seg.id, seg.target, self.texts[key]))
        return out
