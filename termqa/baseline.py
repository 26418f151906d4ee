"""Provides finding fingerprints and baselines of accepted findings.

A fingerprint must survive edits elsewhere in the file: lines move, segments are inserted,
ids are renumbered. It is therefore built from what the finding is about, not where it is:
the rule, the document, the side, the flagged text and the few words around it. A baseline is
a JSON Lines file with one object per accepted finding carrying a `fingerprint`; the review
UI's decisions log has the same shape, so either can be passed to `--baseline`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator

from termqa.errors import InputError
from termqa.fileio.atomic import atomic_write
from termqa.fileio.textfile import iter_json_objects
from termqa.model import Finding


def fingerprint(f: Finding) -> str:
    """A stable 16-hex-digit id for a finding, independent of its file, line and offsets.

    The file's name is left out as well: a decision made on a.txt must hold for a.reviewed.txt,
    for the same text copied into another file, and for a text file whose document id is its
    name. What the finding is about (rule, side, text, the words around it) identifies it.
    """
    basis = "\x1f".join((f.rule, f.side.value, f.text.casefold(), f.context.casefold(), f.message if not f.text else ""))
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def loose_key(rule: str, side: str, text: str) -> str:
    """What a finding says without the words around it: the fallback match of a baseline entry
    whose neighbourhood changed (a fix two words away rewrote its context)."""
    return hashlib.sha1("\x1f".join((rule, side, text.casefold())).encode("utf-8")).hexdigest()[:16]


_EXCUSING = ("ignore", "accept", "accept-add", "baseline")
_KNOWN_ACTIONS = (*_EXCUSING, "fix", "undo")
"""A baseline's own records say `baseline`; a decisions log passed as a baseline has the rest."""


class Baseline:
    """A multiset of accepted findings: each entry excuses one occurrence.

    An entry is matched by fingerprint first; an entry left over is then matched, within the
    same file's findings, by rule, side and text alone (its context was changed by a fix
    nearby), preferring the finding whose context shares most words with the entry's.
    """

    def __init__(self, fingerprints: Iterable[str] = (), loose: Iterable[tuple[str, str, str]] = ()) -> None:
        self._left = Counter(fingerprints)
        self._loose: dict[str, list[tuple[str, str]]] = {}
        """loose key -> [(fingerprint, context)] of every entry that has one."""
        for fp, key, context in loose:
            self._loose.setdefault(key, []).append((fp, context))
        self.used = 0
        """How many findings the baseline has excused so far."""

    def __len__(self) -> int:
        return sum(self._left.values())

    @classmethod
    def load(cls, path: str) -> Baseline:
        """Read a baseline or decisions log.

        A decisions log counts what is in force at its end: a decision withdrawn by `undo`
        excuses nothing, a later decision replaces an earlier one about the same finding.

        Raises:
            InputError: A line that is not a JSON object with a string `fingerprint`.
        """
        if os.path.isfile(path) and os.path.getsize(path) == 0:
            return cls()  # a clean run's baseline: it accepts nothing
        plain: list[tuple[str, dict]] = []
        decided: dict[str, list[dict]] = {}
        for lineno, obj in iter_json_objects(path, "baseline"):
            fp = obj.get("fingerprint")
            if not isinstance(fp, str):
                raise InputError(path, "baseline line has no string 'fingerprint'", lineno)
            if len(fp) > 64:
                raise InputError(path, "'fingerprint' is longer than 64 characters", lineno)
            action = obj.get("action", "ignore")
            if action not in _KNOWN_ACTIONS:
                raise InputError(path, f"unknown 'action' (one of {', '.join(_KNOWN_ACTIONS)})", lineno)
            if action == "baseline":
                plain.append((fp, obj))
                continue
            stack = decided.setdefault(fp, [])
            if action == "undo":
                if stack:
                    stack.pop()
            else:
                stack.append(obj)
        kept = plain + [(fp, stack[-1]) for fp, stack in decided.items() if stack and stack[-1].get("action", "ignore") in _EXCUSING]
        loose = []
        for fp, obj in kept:
            rule, side, text = obj.get("rule"), obj.get("side", "target"), obj.get("old", obj.get("text"))
            context = obj.get("context") if isinstance(obj.get("context"), str) else ""
            if isinstance(rule, str) and isinstance(side, str) and isinstance(text, str) and text:
                loose.append((fp, loose_key(rule, side, text), context))
        return cls([fp for fp, _ in kept], loose)

    def filter(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        """Yield the findings the baseline does not excuse (a file's findings at a time, in order)."""
        pending: list[Finding] = []
        for f in findings:
            if pending and f.path != pending[-1].path:
                yield from self._settle(pending)
                pending = []
            pending.append(f)
        yield from self._settle(pending)

    def _take(self, fp: str) -> None:
        self._left[fp] -= 1
        self.used += 1

    def _settle(self, findings: list[Finding]) -> list[Finding]:
        excused = [False] * len(findings)
        for n, f in enumerate(findings):
            if self._left[fingerprint(f)] > 0:
                self._take(fingerprint(f))
                excused[n] = True
        for n, f in enumerate(findings):
            if excused[n]:
                continue
            entries = [(fp, ctx) for fp, ctx in self._loose.get(loose_key(f.rule, f.side.value, f.text), ())
                       if self._left[fp] > 0]
            if not entries:
                continue
            # Several entries for one text: the one whose words around it are most alike.
            words = set(f.context.casefold().split())
            fp, _ = max(entries, key=lambda e: len(words & set(e[1].casefold().split())))
            self._take(fp)
            excused[n] = True
        return [f for n, f in enumerate(findings) if not excused[n]]


def write_baseline(findings: Iterable[Finding], path: str, *, backup: bool = False) -> int:
    """Write every finding as accepted (atomically; the old file kept as PATH~ with `backup`);
    returns how many were written."""
    lines = []
    for f in findings:
        lines.append(json.dumps(
            {"fingerprint": fingerprint(f), "action": "baseline", "rule": f.rule, "path": f.path,
             "doc": f.doc, "side": f.side.value, "text": f.text, "context": f.context, "message": f.message},
            ensure_ascii=False,
        ))
    atomic_write(path, "".join(line + "\n" for line in lines), backup=backup)
    return len(lines)
