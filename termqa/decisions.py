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
        context: For a fix, the words around the replaced span (as in a fingerprint): where
            the same text stands in another file, `termqa fix` finds it by them, without the
            glossary or the rules that flagged it.

    For a fix, `side`, `start`, `end` and `old` are the replaced span of the target as it stood
    when the fix was made (a term missing from the target is fixed where the engine located its
    wrong rendering; a whole-segment edit spans the segment); `fingerprint` stays the finding's.
    Fixes of one segment are applied in log order, each to the text the previous ones left.
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
    context: str = ""

    @classmethod
    def of(cls, finding: Finding, action: Action, new: str | None = None, when: datetime | None = None,
           *, at: tuple[int, int, str, str] | None = None) -> Decision:
        """The decision `action` about `finding`; `at` (start, end, old, context) is the target span
        a fix replaces when it is not the finding's own (a located missing term, a segment edit)."""
        stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if at is not None:
            side, (start, end, old, context) = "target", at
        else:
            side, start, end, old, context = finding.side.value, finding.start, finding.end, finding.text, finding.context
        return cls(
            fingerprint(finding), action.value, finding.rule, finding.path, finding.line, finding.segment,
            finding.doc, side, start, end, old, new, finding.term, stamp,
            context if action is Action.FIX else "",
        )


MAX_INT = 1 << 31
"""Lines and offsets above this are not positions in a corpus but a corrupted or forged log."""

_OPTIONAL_STR = ("segment", "new", "term", "context")
_REQUIRED_STR = ("fingerprint", "rule", "path", "doc", "old")


def _int_field(obj: dict, key: str, optional: bool, low: int) -> str | None:
    value = obj.get(key)
    if value is None and optional:
        return None
    # bool is an int to Python, not to a log.
    if type(value) is not int or not low <= value < MAX_INT:
        return f"{key!r} must be an integer from {low} to {MAX_INT - 1:,}" + (" or null" if optional else "")
    return None


def validate_decision(obj: dict) -> str | None:
    """What is wrong with one decisions-log record (types, ranges, known actions), or None.

    The log is untrusted input: it may have been edited by hand, truncated by a kill, or come
    from someone else. A record passes only if every field has the type Decision declares.
    """
    actions = {a.value for a in Action}
    if obj.get("action") not in actions:
        return "not a decision (needs an 'action' of fix, accept, accept-add, ignore, undo)"
    for key in _REQUIRED_STR:
        if not isinstance(obj.get(key), str):
            return f"decision needs a string {key!r}"
    if len(obj["fingerprint"]) > 64:
        return "'fingerprint' is longer than 64 characters"
    for key in _OPTIONAL_STR:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return f"{key!r} must be a string or null"
    if obj.get("time") is not None and not isinstance(obj["time"], str):
        return "'time' must be a string"
    if obj.get("side") not in ("source", "target"):
        return "'side' must be 'source' or 'target'"
    problem = (_int_field(obj, "line", False, 1) or _int_field(obj, "start", True, 0)
               or _int_field(obj, "end", True, 0))
    if problem:
        return problem
    if (obj.get("start") is None) != (obj.get("end") is None):
        return "'start' and 'end' are both set or both null"
    if obj.get("start") is not None and obj["start"] > obj["end"]:
        return "'start' is after 'end'"
    if obj["action"] == Action.FIX.value and not obj.get("new"):
        return "a fix needs a non-empty 'new'"
    if obj["action"] == Action.FIX.value and (obj.get("side") != "target" or obj.get("start") is None):
        return "a fix needs the target span it replaces ('side' target, 'start', 'end')"
    for key in (*_REQUIRED_STR, *_OPTIONAL_STR, "time"):
        value = obj.get(key)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"{key!r} holds a lone surrogate"
    return None


def _decision(obj: dict) -> Decision:
    """A validated record as a Decision (unknown keys, from newer versions, are left out)."""
    return Decision(
        obj["fingerprint"], obj["action"], obj["rule"], obj["path"], obj["line"], obj.get("segment"), obj["doc"],
        obj["side"], obj.get("start"), obj.get("end"), obj["old"], obj.get("new"), obj.get("term"), obj.get("time") or "",
        obj.get("context") or "",
    )


@dataclass(frozen=True, slots=True)
class LogProblem:
    """The first bad record of a decisions log: everything before it is valid."""

    path: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}"


def read_log(path: str) -> tuple[list[Decision], LogProblem | None, int]:
    """The valid prefix of a decisions log, the first bad record (or None), and the byte
    length of that prefix (where a repaired log is cut).

    A last line without its newline that does not parse is a decision torn by a kill.

    Raises:
        InputError: The file cannot be read at all (missing, a device, not text).
    """
    from termqa.fileio.textfile import iter_lines, parse_json_line

    out: list[Decision] = []
    size = 0
    try:
        for lineno, line in enumerate(iter_lines(path), 1):
            if line.strip():
                try:
                    obj = parse_json_line(path, line, lineno, "decisions log")
                except InputError as exc:
                    torn = not line.endswith("\n")
                    return out, LogProblem(path, lineno, "the last decision was cut off (torn write)" if torn
                                           else exc.problem), size
                problem = validate_decision(obj) if isinstance(obj, dict) else "each line of a decisions log must be a JSON object"
                if problem:
                    return out, LogProblem(path, lineno, problem), size
                out.append(_decision(obj))
            size += len(line.encode("utf-8"))
    except InputError as exc:
        if exc.line is None:
            raise
        return out, LogProblem(path, exc.line, exc.problem), size
    return out, None, size


def load_decisions(path: str) -> list[Decision]:
    """Read a decisions log, every record validated.

    Raises:
        InputError: A record that is not a valid decision, naming its line.
    """
    decisions, problem, _ = read_log(path)
    if problem is not None:
        raise InputError(path, problem.problem, problem.line)
    return decisions


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
    """An append-only decisions file, synced after every write.

    Opening does not fail on a bad record: `problem` names the first one and `decisions` holds
    the valid prefix; the caller decides whether to `repair` (cut the log there, keeping the
    original as LOG~) or to stop. Appending to a log with a problem is refused.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.decisions: list[Decision] = []
        self.problem: LogProblem | None = None
        self._valid_bytes = 0
        self._needs_newline = False
        if os.path.lexists(path):
            self.decisions, self.problem, self._valid_bytes = read_log(path)
            if self.problem is None and os.path.getsize(path):
                with open(path, "rb") as fh:
                    fh.seek(-1, os.SEEK_END)
                    self._needs_newline = fh.read(1) != b"\n"
        self._check_writable()

    def _check_writable(self) -> None:
        from termqa.errors import TermqaError

        if os.path.lexists(self.path):
            if not os.path.isfile(self.path) or os.path.islink(self.path):
                raise TermqaError(f"{self.path}: the decisions log must be a regular file (not a link, device or folder)")
            if not os.access(self.path, os.W_OK):
                raise TermqaError(f"{self.path}: cannot write the decisions log: permission denied")
            return
        folder = os.path.dirname(self.path) or "."
        if not os.path.isdir(folder):
            raise TermqaError(f"{self.path}: cannot create the decisions log: {folder} is not a directory")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise TermqaError(f"{self.path}: cannot create the decisions log: permission denied in {folder}")

    def repair(self) -> None:
        """Cut the log after its valid prefix; the original is kept as LOG~."""
        from termqa.fileio.atomic import atomic_write

        if self.problem is None:
            return
        with open(self.path, "rb") as fh:
            prefix = fh.read(self._valid_bytes)
        atomic_write(self.path, prefix, backup=True)
        self.problem = None
        self._needs_newline = bool(prefix) and not prefix.endswith(b"\n")

    def append(self, decision: Decision) -> None:
        """Add a decision to the log and to the file, durably.

        Raises:
            TermqaError: The log cannot be written (or has a bad record that was not repaired).
        """
        from termqa.errors import TermqaError

        if self.problem is not None:
            raise TermqaError(f"{self.problem}; not appending to a damaged decisions log")
        line = json.dumps(asdict(decision), ensure_ascii=False) + "\n"
        if self._needs_newline:
            line = "\n" + line
        # One write() of the whole record with O_APPEND: a kill leaves the log as it was, or
        # at worst a torn last line, which read_log reports as such.
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o666)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise TermqaError(f"{self.path}: cannot write the decisions log: {exc.strerror or exc}") from None
        self._needs_newline = False
        self.decisions.append(decision)

    def current(self) -> dict[str, Decision]:
        """The decision in force per fingerprint."""
        return current(self.decisions)
