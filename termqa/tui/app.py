"""Provides ReviewApp: walk the flagged spans and accept, fix or ignore each one.

The app owns no files. It shows a ReviewSession, hands every decision to the session (whose
sink, set by the CLI, appends it to the decisions log at once), and calls `on_save` when the
reviewer saves; the CLI writes the corrected corpora and the glossary there.

What the screen shows is what ctrl+s will write: the segment panel draws each segment as the
session now holds it, its changes marked, and `d` lists every change of every document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable, Footer, Static
from textual.widgets._footer import FooterKey

from termqa.decisions import Action
from termqa.errors import TermqaError
from termqa.fileio.writeback import diff_edits
from termqa.model import Finding, GlossaryEntry, Segment, Side
from termqa.review import OPEN, ReviewSession, key_of
from termqa.safety import terminal, terminal_mapped
from termqa.tui.dialogs import (
    ConfirmDialog,
    DiffScreen,
    EditDialog,
    FilterDialog,
    GlossaryDialog,
    HelpScreen,
    SegmentDialog,
)
from termqa.tui.keys import BY_ID, KEYS
from termqa.wording import counted

SegmentKey = tuple[str, int, str | None]
RELATED_SHOWN = 5
"""Places of the reference rendering listed under a finding; the rest are counted."""
NAME_RULES = ("name-variant", "name-reading")
"""Rules about people's names: a glossary entry made from their findings is a person."""
INSERTED = "bold green underline"
DELETED = "red strike"


def plain(text: str) -> Text:
    """Corpus, glossary or path text for the screen: never markup, control characters visible."""
    return Text(terminal(text), no_wrap=False)


def marked(old: str, new: str, style: str, side: str = "new") -> tuple[Text, list[int]]:
    """`new` (or `old`, with side "old") as screen text with the words that differ styled, and
    the map from offsets in that text to the screen text (see safety.terminal_mapped)."""
    text = new if side == "new" else old
    shown, at = terminal_mapped(text)
    out = Text(shown)
    shift = 0
    for e in diff_edits(0, None, old, new):
        if side == "new":
            start, end = e.start + shift, e.start + shift + len(e.new)
            shift += len(e.new) - (e.end - e.start)
        else:
            start, end = e.start, e.end
        if end > start:
            out.stylize(style, at[start], at[end])
    return out, at


class FittingFooter(Footer):
    """The footer, keeping the most needed hints when the terminal is narrow: hints are dropped
    from the lowest priority (keys.py) until the rest fit, so Help and Quit always show."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.app.size.width
        shown = []
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in {b.action for b, *_ in shown}:
                shown.append((binding, enabled, tooltip))
        rank = {k.id: k.footer if k.footer is not None else 99 for k in KEYS}

        def size(binding: Binding) -> int:
            return cell_len(self.app.get_key_display(binding)) + cell_len(binding.description) + 3

        while shown and sum(size(b) for b, *_ in shown) > width:
            shown.remove(max(shown, key=lambda s: rank.get(s[0].id or "", 99)))
        self.styles.grid_size_columns = len(shown)
        for binding, enabled, tooltip in shown:
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.recompose)


class ReviewApp(App[None]):
    """The review screen: a findings table, the segment as it will be written, the finding's detail.

    Everything shown that came from a corpus, a glossary or a file name is a rich Text built
    by `plain` (or `marked`): a `[/b]` is shown, not parsed; an ESC is shown as \\x1b.
    """

    CSS_PATH = "review.tcss"
    TITLE = "termqa review"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding(k.keys, k.action, k.label, id=k.id, show=k.footer is not None) for k in KEYS]

    def __init__(
        self,
        session: ReviewSession,
        segments: dict[SegmentKey, Segment],
        on_save: Callable[[], str] | None = None,
        keymap: dict[str, str] | None = None,
        on_glossary: Callable[[str, str, str, str], list[Finding]] | None = None,
        glossary_entries: Callable[[], Sequence[GlossaryEntry]] | None = None,
    ) -> None:
        super().__init__()
        self._glossary_entries = glossary_entries or (lambda: ())
        self._labels: dict[str, str] | None = None
        self.on_glossary = on_glossary
        """Adds or changes a glossary entry and returns the findings re-checked with it."""
        self.session = session
        self.segments = segments
        if not session.segments and segments:  # a session made from findings alone (tests, benches)
            session.segments = dict(segments)
            session.texts = {k: s.target for k, s in segments.items()}
            for item in session.items:
                item.span = session._span(item.finding)
        self.on_save = on_save
        self.unsaved = False
        self.filter_text = ""
        self._keymap = keymap or {}
        self._rows: list[int] = []
        self._shown: dict[int, tuple[Text, ...]] = {}
        self._wide: bool | None = None
        self._columns_for: bool | None = None
        self.destinations: dict[str, str] = {}
        """Where ctrl+s writes each corpus (shown before the first save)."""
        self.resumed = 0
        """Decisions taken over from an earlier session (shown on start)."""
        self.log_problem: tuple[str, int, Callable[[], int]] | None = None
        """A damaged decisions log: (first bad record, valid decisions before it, repair)."""
        self.refused: str | None = None
        """Why the app ended without reviewing (the reviewer declined to repair the log)."""

    def compose(self) -> ComposeResult:
        yield Static(id="progress")
        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Static(id="segment")
        yield Static(id="detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        if self._keymap:
            self.set_keymap(self._keymap)
        self._columns()
        self._fill()
        first = self.session.next_open(-1) if self.session.items else None
        if first is not None:
            self._go(first)
        self._refresh()
        if self.resumed:
            self.notify(f"resumed {counted(self.resumed, 'decision')}")
        if self.log_problem is not None:
            self._offer_repair(*self.log_problem)

    def on_resize(self, event: Resize) -> None:
        if self.is_mounted and ((event.size.width >= 110) != self._wide or self._columns_for != (event.size.width >= 140)):
            self._columns()
            self._fill()
            current = self._current()
            if current is not None:
                self._show(current)

    def _offer_repair(self, problem: str, valid: int, repair: Callable[[], int]) -> None:
        def done(yes: bool | None) -> None:
            if not yes:
                self.refused = f"{problem} (the decisions log was left as it is)"
                self.exit()
                return
            try:
                self.resumed = repair()
            except TermqaError as exc:
                self.refused = str(exc)
                self.exit()
                return
            self.log_problem = None
            self._labels = None
            self._fill()
            self._refresh()
            first = self.session.next_open(-1)
            if first is not None:
                self._go(first)
            self.notify(f"resumed {counted(self.resumed, 'decision')}; the damaged log is kept with a ~", markup=False)

        self.push_screen(ConfirmDialog(
            f"The decisions log is damaged: {problem}. Resume from the {counted(valid, 'valid decision')} before it? "
            "The log is cut there and the original kept as LOG~ (y resumes, n quits and changes nothing)"), done)

    # -- table ---------------------------------------------------------------------------------

    def _columns(self) -> None:
        """Lay the columns out for the width: status, flagged, suggestion and rule always
        readable; severity, concept and place only where they fit (the concept whole)."""
        width = self.size.width or 80
        self._wide = width >= 110
        self._columns_for = width >= 140
        table = self.query_one(DataTable)
        table.clear(columns=True)
        rule = max(len(f.rule) for f in (it.finding for it in self.session.items)) if self.session.items else 14
        fixed = {"status": 8, "rule": min(rule, 17)}
        extra: list[str] = []
        if self._wide:
            # The severity only where there is room to spare: the rule says most of it.
            if width >= 140:
                fixed["sev"] = 7
                extra.append("sev")
            fixed["concept"] = min(36, max((cell_len(self._concept(it.finding)) for it in self.session.items),
                                           default=7))
            fixed["where"] = min(18, max((cell_len(self._where(it.finding)) for it in self.session.items), default=5))
            extra += ["concept", "where"]
        names = ["status", "flagged", "suggestion", "rule", *extra]
        # Two cells of padding per column and two for the scroll bar.
        rest = max(20, width - 2 - 2 * len(names) - sum(fixed.values()))
        widths = {**fixed, "flagged": rest - rest * 9 // 20, "suggestion": rest * 9 // 20}
        for name in names:
            table.add_column(name, width=widths[name], key=name)

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        current = self._current() if table.row_count else None
        table.clear()
        needle = self.filter_text.casefold()
        self._rows = []
        self._shown = {}
        for i in self.session.visible():
            item = self.session.items[i]
            f = item.finding
            if needle and needle not in " ".join((f.text, f.rule, item.status, f.message)).casefold():
                continue
            self._rows.append(i)
            self._shown[i] = self._cells(i)
            table.add_row(*self._shown[i], key=str(i))
        if current in self._rows:
            table.move_cursor(row=self._rows.index(current), animate=False)

    def _where(self, f: Finding) -> str:
        return f"{f.path.rsplit('/', 1)[-1]}:{f.line}"

    def _cells(self, i: int) -> tuple[Text, ...]:
        item = self.session.items[i]
        f = item.finding
        suggestion = item.new if item.status == "fixed" else (f.suggestions[0] if f.suggestions else "")
        values = [item.status, f.text, suggestion or "", f.rule]
        if self._wide:
            table = self.query_one(DataTable)
            values += [f.severity.label] if "sev" in table.columns else []
            values += [self._concept(f), self._where(f)]
        # Text, not str: DataTable parses a str cell as markup ("Chung Eui-yong [/b]" crashed it).
        return tuple(Text(terminal(v), no_wrap=True, overflow="ellipsis") for v in values)

    def _entry(self, f: Finding) -> GlossaryEntry | None:
        return next((e for e in self._glossary_entries() if e.id == f.term), None) if f.term else None

    def _concept(self, f: Finding) -> str:
        """What a group is about: '郑义溶 Chung Eui-yong' for a glossary term."""
        if not f.term:
            return ""
        if self._labels is None:
            self._labels = {e.id: f"{e.sources[0]} {e.target}" for e in self._glossary_entries()}
        return self._labels.get(f.term, f.term)

    def _sync(self) -> None:
        """Bring the table in line with the session: rows added or resolved by a re-check are
        refilled, changed cells updated."""
        visible = [i for i in self.session.visible() if i in self._shown or not self.filter_text]
        if visible != self._rows:
            self._fill()
            return
        table = self.query_one(DataTable)
        for i in self._rows:
            cells = self._cells(i)
            if cells != self._shown.get(i):
                self._shown[i] = cells
                for column, value in zip(table.columns, cells, strict=True):
                    table.update_cell(str(i), column, value)

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if not self._rows or table.cursor_row is None or table.cursor_row >= len(self._rows):
            return None
        return self._rows[table.cursor_row]

    def _go(self, index: int) -> None:
        if index in self._rows:
            self.query_one(DataTable).move_cursor(row=self._rows.index(index), animate=False)
        self._show(index)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self._show(int(event.row_key.value))

    # -- panels --------------------------------------------------------------------------------

    def _refresh(self) -> None:
        s = self.session
        parts = [f"{s.reviewed()} of {s.total()} reviewed"]
        if self.filter_text:
            parts.append(f"showing {len(self._rows)}")
        changed = len(s.changed())
        if changed:
            parts.append(f"{changed} segment{'s' if changed != 1 else ''} changed")
        where = sorted(set(self.destinations.values()))
        if where:
            parts.append(f"ctrl+s writes {', '.join(where)}")
        mark = " (unsaved)" if self.unsaved else ""
        self.query_one("#progress", Static).update(Text(terminal(" · ".join(parts) + mark)))

    def _show(self, index: int) -> None:
        item = self.session.items[index]
        f = item.finding
        key = key_of(f)
        seg = self.segments.get(key)
        body = Text()
        if seg is not None:
            if seg.source:
                body.append_text(self._source(seg.source, f))
                body.append("\n")
            body.append_text(self._target(seg, index))
            now = self.session.text(key)
            # The text as read, its removed words struck, where the screen has the lines for it
            # (on a short one the new text's marks say what changed).
            if now != seg.target and self.size.height >= 30:
                was, _ = marked(seg.target, now, DELETED, side="old")
                body.append("\nwas: ", style="dim")
                body.append_text(was)
        self.query_one("#segment", Static).update(body)
        self.query_one("#detail", Static).update(self._detail(index))

    def _source(self, source: str, f: Finding) -> Text:
        shown, at = terminal_mapped(source)
        out = Text(shown, style="dim")
        if f.side is Side.SOURCE and f.start is not None and f.end is not None and f.end < len(at):
            out.stylize("reverse bold", at[f.start], at[f.end])
        return out

    def _target(self, seg: Segment, index: int) -> Text:
        """The target as ctrl+s will write it: changes marked, the finding's span reversed, the
        open findings of the same concept in the segment underlined."""
        key = (seg.path, seg.line, seg.id)
        out, at = marked(seg.target, self.session.text(key), INSERTED)
        group = self.session.group_key(index)
        for i in self.session.in_segment(index):
            it = self.session.items[i]
            if i != index and it.status == OPEN and it.span and self.session.group_key(i) == group \
                    and it.span[1] < len(at):
                out.stylize("underline", at[it.span[0]], at[it.span[1]])
        item = self.session.items[index]
        if item.status == OPEN and item.span is not None and item.span[1] < len(at):
            out.stylize("reverse bold", at[item.span[0]], at[item.span[1]])
        return out

    def _detail(self, index: int) -> Text:
        item = self.session.items[index]
        f = item.finding
        group = terminal(self.session.group_summary(index))
        detail = Text.assemble((f"{terminal(f.rule)} ", "bold"), terminal(f.message), "\n", (group, "italic"))
        if f.related:
            places = "; ".join(f'line {r.line} "{terminal(r.text)}"' for r in f.related[:RELATED_SHOWN])
            more = len(f.related) - RELATED_SHOWN
            detail.append(f"\nwritten so at: {places}{f' and {more} more' if more > 0 else ''}", style="dim")
        if item.status == OPEN and f.side is Side.SOURCE:
            if item.span is not None:
                text = self.session.text(key_of(f))[item.span[0]:item.span[1]]
                detail.append(f'\nin the English: "{terminal(text)}" (f replaces it)', style="dim")
            elif f.suggestions:
                detail.append(f'\nno English words render it: f opens the segment to insert "{terminal(f.suggestions[0])}"',
                              style="dim")
        options = "  ".join(f"[{k}] {terminal(s)}" for k, s in enumerate(f.suggestions[:9], 1))
        if options:
            detail.append("\n" + options)
        return detail

    # -- actions -------------------------------------------------------------------------------

    def _after_decision(self, touched: list[int], move_on: bool = True) -> None:
        self.unsaved = True
        current = self._current()
        self._sync()
        self._refresh()
        if move_on:
            nxt = self.session.next_open(current if current is not None else -1)
            if nxt is not None:
                self._go(nxt)
                return
        if touched and touched[0] in self._rows and not move_on:
            self._go(touched[0])
            return
        current = self._current()
        if current is not None:
            self._show(current)

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if self._rows:
            table.move_cursor(row=max(0, min(len(self._rows) - 1, table.cursor_row + step)))

    def action_group(self, step: int) -> None:
        current = self._current()
        if current is not None:
            target = self.session.next_open(current, step, new_group=True)
            if target is not None:
                self._go(target)

    def _error(self, exc: Exception) -> None:
        self.notify(terminal(str(exc)), severity="error", markup=False, timeout=10)

    def _decided(self, work: Callable[[], object], touched: list[int], move_on: bool = True) -> None:
        try:
            work()
        except TermqaError as exc:  # the decisions log cannot be written: the decision is not made
            self._error(exc)
        self._after_decision(touched, move_on)

    def action_fix(self, which: int) -> None:
        current = self._current()
        if current is None:
            return
        item = self.session.items[current]
        suggestions = item.finding.suggestions
        if item.status != OPEN:
            self.notify(f"already {item.status}; u undoes it", severity="warning", markup=False)
            return
        if which >= len(suggestions):
            self.notify("no such suggestion (e or E edits by hand)", severity="warning")
            return
        if item.span is None:
            self._open_segment(current, f'insert "{suggestions[which]}"')
            return
        self._decided(lambda: self.session.decide([current], Action.FIX, suggestions[which]), [current])

    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        item = self.session.items[current]
        if item.status != OPEN:
            self.notify(f"already {item.status}; u undoes it, E edits the segment", severity="warning", markup=False)
            return
        if item.span is None:
            self._open_segment(current, "no span to replace: edit the segment")
            return
        f = item.finding
        old = self.session.text(key_of(f))[item.span[0]:item.span[1]]

        def done(value: str | None) -> None:
            if value is not None:
                self._decided(lambda: self.session.decide([current], Action.FIX, value), [current])

        self.push_screen(EditDialog(f'Replace "{old}" with', f.suggestions[0] if f.suggestions else old), done)

    def action_edit_segment(self) -> None:
        current = self._current()
        if current is not None:
            self._open_segment(current, "edit the whole segment")

    def _open_segment(self, index: int, hint: str) -> None:
        f = self.session.items[index].finding
        key = key_of(f)
        seg = self.segments.get(key)
        if seg is None:
            return
        text = self.session.text(key)
        # A missing term is inserted at the cursor: it starts where the term's rendering would go.
        position = len(text)

        def done(value: str | None) -> None:
            if value is not None:
                self._decided(lambda: self.session.edit_segment(index, value), [index])

        self.push_screen(SegmentDialog(hint, seg.source or "", text, position), done)

    def action_fix_all(self) -> None:
        current = self._current()
        if current is None:
            return
        plans = self.session.plan_concept(current)
        if not plans:
            self.notify("nothing open to fix in this group", severity="warning")
            return

        def done(yes: bool | None) -> None:
            if yes:
                touched = [p.index for p in plans if p.index >= 0]
                self._decided(lambda: self.session.apply(plans), touched)

        lines = [f'{p.key[0].rsplit("/", 1)[-1]}:{p.key[1]}  "{p.old}" -> "{p.new}"' for p in plans]
        self.push_screen(ConfirmDialog(f"Make {len(plans)} change{'s' if len(plans) != 1 else ''}?\n" + "\n".join(lines)),
                         done)

    def action_accept(self) -> None:
        current = self._current()
        if current is not None:
            self._decided(lambda: self.session.decide([current], Action.ACCEPT), [current])

    def action_accept_add(self) -> None:
        current = self._current()
        if current is not None:
            self._decided(lambda: self.session.decide([current], Action.ACCEPT_ADD), [current])

    def action_ignore(self) -> None:
        current = self._current()
        if current is not None:
            self._decided(lambda: self.session.decide([current], Action.IGNORE), [current])

    def action_undo(self) -> None:
        touched: list[int] = []
        try:
            touched = self.session.undo()
        except TermqaError as exc:
            self._error(exc)
        if touched:
            self._after_decision(touched, move_on=False)

    def action_redo(self) -> None:
        touched: list[int] = []
        try:
            touched = self.session.redo()
        except TermqaError as exc:
            self._error(exc)
        if touched:
            self._after_decision(touched, move_on=False)

    def action_diff(self) -> None:
        entries = []
        for key in self.session.changed():
            seg = self.segments[key]
            now = self.session.text(key)
            old, _ = marked(seg.target, now, DELETED, side="old")
            new, _ = marked(seg.target, now, INSERTED)
            entries.append((f"{seg.path}:{seg.line}", old, new))
        where = ", ".join(sorted(set(self.destinations.values()))) or "the corrected corpus"
        self.push_screen(DiffScreen(entries, where))

    def action_filter(self) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                self.filter_text = value
                self._fill()
                self._refresh()
                if self._rows:
                    self._go(self._rows[0])

        self.push_screen(FilterDialog(self.filter_text), done)

    def action_glossary(self) -> None:
        current = self._current()
        if current is None or self.on_glossary is None:
            self.notify("no glossary to change", severity="warning")
            return
        f = self.session.items[current].finding
        entry = self._entry(f)
        # From the finding: the entry it is about, else the Chinese it flags, else nothing.
        chinese = entry.sources[0] if entry else (f.text if f.side is Side.SOURCE else "")
        approved = entry.target if entry else (f.suggestions[0] if f.suggestions else "")
        forbidden = f.text if f.side is Side.TARGET else ""
        if entry is not None:
            kind = entry.type.value
        else:
            kind = "person" if f.rule in NAME_RULES and len(f.text.split()) <= 3 else "term"

        def done(values: tuple[str, str, str, str] | None) -> None:
            if values is not None:
                self.query_one("#progress", Static).update("re-checking with the new glossary entry …")
                self.run_worker(lambda: self._recheck(values), thread=True, exclusive=True, name="recheck")

        self.push_screen(GlossaryDialog(chinese, approved, forbidden, kind), done)

    def _recheck(self, values: tuple[str, str, str, str]) -> None:
        # Runs in a worker thread: the engine may take a while on a large corpus.
        assert self.on_glossary is not None
        findings = self.on_glossary(*values)
        self.call_from_thread(self._reload, findings)

    def _reload(self, findings: list[Finding]) -> None:
        self._labels = None
        self.session.reload(findings)
        self._columns()
        self._fill()
        self.unsaved = True
        self._refresh()
        first = self.session.next_open(-1)
        if first is not None:
            self._go(first)
        self.notify(f"re-checked: {len(findings)} findings", markup=False)

    def action_save(self) -> None:
        try:
            message = self.on_save() if self.on_save else "nothing to save"
        except TermqaError as exc:  # an output that cannot be written: say so, keep reviewing
            self._error(exc)
            return
        self.unsaved = False
        self._refresh()
        self.notify(terminal(message), markup=False)

    def help_rows(self) -> list[tuple[str, str]]:
        """The help screen's lines: each binding's keys as remapped, and what it does."""
        rows = []
        for k in KEYS:
            if k.id.startswith("fix-") and k.id != "fix-1":
                continue
            keys = (self._keymap.get(k.id) or k.keys).split(",")
            shown = " / ".join(self.get_key_display(Binding(key.strip(), k.action)) for key in keys)
            if k.id == "fix-1":
                shown, text = "1..9", "fix with that suggestion"
                if any(f"fix-{n}" in self._keymap for n in range(1, 10)):
                    shown = " ".join(self.get_key_display(Binding((self._keymap.get(f"fix-{n}") or str(n)), "x"))
                                     for n in range(1, 10))
                rows.append((shown, text))
                continue
            rows.append((shown, BY_ID[k.id].help))
        return rows

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_rows()))

    def action_quit_review(self) -> None:
        if not self.unsaved:
            self.exit()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmDialog("Quit without saving? (decisions are in the log; y quits)"), done)
