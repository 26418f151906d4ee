"""Provides the review UI's key table: every binding's id, default keys, action, help line and
footer priority. Plain data, so that the configuration can check a `[keymap]` without Textual.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    """One binding of the review screen.

    Attributes:
        id: The binding id a `[keymap]` names.
        keys: Default keys, comma-separated (Textual key names).
        action: The Textual action.
        label: The footer's word for it.
        help: The help screen's line.
        footer: Footer priority, 0 first: on a narrow terminal the hints with the highest
            numbers go first, Help and Quit last; None: never in the footer.
    """

    id: str
    keys: str
    action: str
    label: str
    help: str
    footer: int | None = None


KEYS: tuple[Key, ...] = (
    Key("next", "n,down", "move(1)", "Next", "next finding", 6),
    Key("previous", "p,up", "move(-1)", "Prev", "previous finding"),
    Key("next-group", "N", "group(1)", "Next group", "next open group"),
    Key("previous-group", "P", "group(-1)", "Prev group", "previous open group"),
    Key("fix", "f", "fix(0)", "Fix", "fix with the first suggestion (a missing term: insert it in the editor)", 1),
    *(Key(f"fix-{k}", str(k), f"fix({k - 1})", f"Fix {k}", f"fix with suggestion {k}") for k in range(1, 10)),
    Key("edit", "e", "edit", "Edit", "edit the replacement of the flagged span", 7),
    Key("edit-segment", "E", "edit_segment", "Edit seg", "edit the whole target segment (source shown above it)", 9),
    Key("fix-all", "F", "fix_all", "Fix all", "fix every open finding of this concept, after a preview", 8),
    Key("accept", "a", "accept", "Accept", "accept the span as correct", 2),
    Key("accept-add", "A", "accept_add", "Accept+add", "accept and add it to the glossary as an alternate"),
    Key("ignore", "i", "ignore", "Ignore", "ignore (it goes into the baseline)", 3),
    Key("undo", "u", "undo", "Undo", "undo the last decision", 4),
    Key("redo", "ctrl+r", "redo", "Redo", "redo"),
    Key("diff", "d", "diff", "Diff", "the changes ctrl+s will write, document by document", 10),
    Key("glossary", "g", "glossary", "Glossary", "add or change a glossary entry from this finding, then re-check"),
    Key("filter", "slash", "filter", "Filter", "filter by text, rule or status"),
    Key("save", "ctrl+s", "save", "Save", "save the corrected corpus (and the glossary with --glossary-out)", 5),
    Key("help", "question_mark", "help", "Help", "this help", 0),
    Key("quit", "q", "quit_review", "Quit", "quit", 0),
)
BY_ID = {k.id: k for k in KEYS}


def keymap_problem(keymap: dict[str, str]) -> str | None:
    """What is wrong with a `[keymap]` table (binding id = keys), or None.

    An unknown binding id, or a key that would then run two different bindings (the remapped
    one and another that keeps it: `ignore = "f"` would take `f` from Fix), is an error: a
    keymap that silently drops an action is worse than none.
    """
    for binding, keys in keymap.items():
        if binding not in BY_ID:
            return f"unknown key binding {binding!r} in [keymap] (known: {', '.join(BY_ID)})"
        if not isinstance(keys, str) or not [k for k in keys.split(",") if k.strip()]:
            return f"[keymap] {binding} must name one or more keys, comma-separated"
    owner: dict[str, str] = {}
    for key in KEYS:
        for k in (keymap.get(key.id) or key.keys).split(","):
            k = k.strip()
            if k in owner and owner[k] != key.id:
                return f"[keymap] binds {k!r} to both {owner[k]!r} and {key.id!r}"
            owner[k] = key.id
    return None
