"""Provides glossary learning: review decisions turned into glossary changes, with provenance.

A fix of a glossary term's span teaches a forbidden variant (the text that was replaced); an
accept-and-add teaches an admitted alternate. Decisions about spans with no glossary term (a
name variant, untranslated Chinese) teach nothing here: they have no Chinese form to file
them under, and are counted so that the user knows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from termqa.decisions import Action, Decision
from termqa.model import Glossary, GlossaryEntry
from termqa.normalize import rendering_key


@dataclass(frozen=True, slots=True)
class Learned:
    """What applying decisions to a glossary did."""

    glossary: Glossary
    forbidden: int
    alternates: int
    skipped: int


def learn(glossary: Glossary, decisions: list[Decision]) -> Learned:
    """Apply fix and accept-add decisions to the entries they are about."""
    entries = {e.id: e for e in glossary.entries}
    forbidden = alternates = skipped = 0
    for d in decisions:
        action = Action(d.action)
        if action not in (Action.FIX, Action.ACCEPT_ADD):
            continue
        entry = entries.get(d.term or "")
        if entry is None:
            skipped += 1
            continue
        known = {rendering_key(r) for r in (entry.target, *entry.alternates, *entry.forbidden)}
        if rendering_key(d.old) in known and action is Action.FIX:
            continue
        if action is Action.FIX and (d.context.strip() == "|" or any(
                rendering_key(d.old).startswith(k + " ") for k in known)):
            # A whole segment rewritten (E), or a known wrong form run on over the literal
            # translation of the rest of the name ("Zheng Yi dissolved"): no rendering to learn.
            continue
        day = d.time[:10]
        if action is Action.FIX:
            if rendering_key(d.old) in {rendering_key(r) for r in (entry.target, *entry.alternates)}:
                continue  # never forbid what the glossary allows
            entry = replace(entry, forbidden=(*entry.forbidden, d.old),
                            note=_note(entry.note, f"forbidden {d.old!r} learned in review {day}"))
            forbidden += 1
        else:
            if rendering_key(d.old) in known:
                entry = replace(entry, forbidden=tuple(f for f in entry.forbidden if rendering_key(f) != rendering_key(d.old)))
            if rendering_key(d.old) in {rendering_key(r) for r in (entry.target, *entry.alternates)}:
                continue
            entry = replace(entry, alternates=(*entry.alternates, d.old),
                            note=_note(entry.note, f"alternate {d.old!r} admitted in review {day}"))
            alternates += 1
        entries[entry.id] = entry
    return Learned(Glossary(tuple(entries[e.id] for e in glossary.entries)), forbidden, alternates, skipped)


def _note(note: str, addition: str) -> str:
    return f"{note}; {addition}" if note else addition


def with_entry(
    glossary: Glossary, chinese: str, approved: str, forbidden: str = "", kind: str = "term"
) -> tuple[Glossary, GlossaryEntry]:
    """Add an entry for `chinese`, or update the entry that has it (approved rendering, forbidden variant).

    Returns the new glossary and the entry as it now stands.
    """
    from termqa.fileio.glossary import slug
    from termqa.model import EntityType, GlossaryEntry

    day = datetime.now(UTC).strftime("%Y-%m-%d")
    entries = list(glossary.entries)
    index = next((i for i, e in enumerate(entries) if chinese in e.sources), None)
    extra = (forbidden,) if forbidden and rendering_key(forbidden) != rendering_key(approved) else ()
    if index is None:
        ids = {e.id for e in entries}
        new_id, n = slug(approved), 2
        while new_id in ids:
            new_id, n = f"{slug(approved)}-{n}", n + 1
        entry = GlossaryEntry(new_id, (chinese,), approved, forbidden=extra, type=EntityType(kind),
                              note=f"added in review {day}")
        entries.append(entry)
    else:
        old = entries[index]
        alternates = old.alternates
        if rendering_key(approved) != rendering_key(old.target) and old.target not in alternates:
            alternates = (*alternates, old.target)  # the former approved form stays admitted
        entry = replace(
            old, target=approved, alternates=tuple(a for a in alternates if rendering_key(a) != rendering_key(approved)),
            forbidden=(*old.forbidden, *(f for f in extra if f not in old.forbidden)),
            note=_note(old.note, f"changed in review {day}"),
        )
        entries[index] = entry
    return Glossary(tuple(entries)), entry
