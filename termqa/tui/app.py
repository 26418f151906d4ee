"""Provides ReviewApp: walk the flagged spans and accept, fix or ignore each one.

The app owns no files. It shows a ReviewSession, hands every decision to the session (whose
sink, set by the CLI, appends it to the decisions log at once), and calls `on_save` when the
reviewer saves; the CLI writes the corrected corpora and the glossary there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from termqa.decisions import Action
from termqa.errors import TermqaError
from termqa.model import Finding, GlossaryEntry, Segment, Side
from termqa.review import ReviewSession
from termqa.safety import terminal, terminal_mapped
from termqa.tui.dialogs import ConfirmDialog, EditDialog, FilterDialog, GlossaryDialog, HelpScreen

SegmentKey = tuple[str, int, str | None]
RELATED_SHOWN = 5
"""Places of the reference rendering listed under a finding; the rest are counted."""

HELP = [
    ("n / ↓", "next finding"), ("p / ↑", "previous finding"), ("N / P", "next / previous open group"),
    ("f", "fix with the first suggestion"), ("1..9", "fix with that suggestion"),
    ("e", "edit the replacement"), ("F", "fix every open occurrence of this rendering"),
    ("a", "accept the span as correct"), ("A", "accept and add it to the glossary as an alternate"),
    ("i", "ignore (it goes into the baseline)"), ("u / ctrl+r", "undo / redo"),
    ("g", "add or change a glossary entry from this span, then re-check"),
    ("/", "filter by text, rule or status"), ("ctrl+s", "save"), ("q", "quit"), ("?", "this help"),
]


def plain(text: str) -> Text:
    """Corpus, glossary or path text for the screen: never markup, control characters visible."""
    return Text(terminal(text), no_wrap=False)


class ReviewApp(App[None]):
    """The review screen: a findings table, the segment in context, the finding's detail.

    Everything shown that came from a corpus, a glossary or a file name is a rich Text built
    by `plain` (or `_highlight`): a `[/b]` is shown, not parsed; an ESC is shown as \\x1b.
    """

    CSS_PATH = "review.tcss"
    TITLE = "termqa review"
    BINDINGS = [
        Binding("n,down", "move(1)", "Next", id="next"),
        Binding("p,up", "move(-1)", "Prev", id="previous", show=False),
        Binding("N", "group(1)", "Next group", id="next-group", show=False),
        Binding("P", "group(-1)", "Prev group", id="previous-group", show=False),
        Binding("f", "fix(0)", "Fix", id="fix"),
        *[Binding(str(k), f"fix({k - 1})", f"Fix {k}", id=f"fix-{k}", show=False) for k in range(1, 10)],
        Binding("e", "edit", "Edit", id="edit"),
        Binding("F", "fix_all", "Fix all", id="fix-all"),
        Binding("a", "accept", "Accept", id="accept"),
        Binding("A", "accept_add", "Accept+add", id="accept-add", show=False),
        Binding("i", "ignore", "Ignore", id="ignore"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("ctrl+r", "redo", "Redo", id="redo", show=False),
        Binding("g", "glossary", "Glossary", id="glossary", show=False),
        Binding("slash", "filter", "Filter", id="filter", show=False),
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit_review", "Quit", id="quit"),
    ]

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
        self.on_save = on_save
        self.unsaved = False
        self.filter_text = ""
        self._keymap = keymap or {}
        self._rows: list[int] = []
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
        yield Footer()

    def on_mount(self) -> None:
        if self._keymap:
            self.set_keymap(self._keymap)
        table = self.query_one(DataTable)
        table.add_column("status", width=8)
        table.add_columns("flagged", "suggestion", "rule", "sev", "concept", "where")
        self._fill()
        first = self.session.next_open(-1) if self.session.items else None
        if first is not None:
            self._go(first)
        self._refresh()
        if self.resumed:
            self.notify(f"resumed {self.resumed} decisions")
        if self.log_problem is not None:
            self._offer_repair(*self.log_problem)

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
            self.notify(f"resumed {self.resumed} decisions; the damaged log is kept with a ~", markup=False)

        self.push_screen(ConfirmDialog(
            f"The decisions log is damaged: {problem}. Resume from the {valid} valid decisions before it? "
            "The log is cut there and the original kept as LOG~ (y resumes, n quits and changes nothing)"), done)

    # -- table ---------------------------------------------------------------------------------

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        needle = self.filter_text.casefold()
        self._rows = []
        for i, item in enumerate(self.session.items):
            f = item.finding
            if needle and needle not in " ".join((f.text, f.rule, item.status, f.message)).casefold():
                continue
            self._rows.append(i)
            table.add_row(*self._cells(i), key=str(i))

    def _cells(self, i: int) -> tuple[Text, ...]:
        item = self.session.items[i]
        f = item.finding
        suggestion = item.new if item.status == "fixed" else (f.suggestions[0] if f.suggestions else "")
        where = f"{f.path.rsplit('/', 1)[-1]}:{f.line}"
        # Text, not str: DataTable parses a str cell as markup ("Chung Eui-yong [/b]" crashed it).
        return tuple(plain(v) for v in (item.status, f.text, suggestion or "", f.rule, f.severity.label,
                                        self._concept(f), where))

    def _concept(self, f: Finding) -> str:
        """What a group is about: '郑义溶 Chung Eui-yong' for a glossary term."""
        if not f.term:
            return ""
        if self._labels is None:
            self._labels = {e.id: f"{e.sources[0]} {e.target}" for e in self._glossary_entries()}
        return self._labels.get(f.term, f.term)

    def _update_row(self, i: int) -> None:
        table = self.query_one(DataTable)
        if str(i) not in table.rows:
            return
        for column, value in zip(table.columns, self._cells(i), strict=True):
            table.update_cell(str(i), column, value)

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if not self._rows or table.cursor_row is None or table.cursor_row >= len(self._rows):
            return None
        return self._rows[table.cursor_row]

    def _go(self, index: int) -> None:
        if index in self._rows:
            self.query_one(DataTable).move_cursor(row=self._rows.index(index))
        self._show(index)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self._show(int(event.row_key.value))

    # -- panels --------------------------------------------------------------------------------

    def _refresh(self) -> None:
        total = len(self.session.items)
        mark = " (unsaved)" if self.unsaved else ""
        shown = f", showing {len(self._rows)}" if self.filter_text else ""
        self.query_one("#progress", Static).update(f"{self.session.reviewed()} of {total} reviewed{shown}{mark}")

    def _show(self, index: int) -> None:
        item = self.session.items[index]
        f = item.finding
        seg = self.segments.get((f.path, f.line, f.segment))
        body = Text()
        if seg is not None:
            if seg.source:
                body.append_text(self._highlight(seg.source, f if f.side is Side.SOURCE else None, index))
                body.append("\n")
            body.append_text(self._highlight(seg.target, f if f.side is Side.TARGET else None, index))
        self.query_one("#segment", Static).update(body)
        options = "  ".join(f"[{k}] {terminal(s)}" for k, s in enumerate(f.suggestions[:9], 1))
        group = terminal(self.session.group_summary(index))
        detail = Text.assemble((f"{terminal(f.rule)} ", "bold"), terminal(f.message), "\n", (group, "italic"))
        if f.related:
            places = "; ".join(f'line {r.line} "{terminal(r.text)}"' for r in f.related[:RELATED_SHOWN])
            more = len(f.related) - RELATED_SHOWN
            detail.append(f"\nwritten so at: {places}{f' and {more} more' if more > 0 else ''}", style="dim")
        if options:
            detail.append("\n" + options)
        self.query_one("#detail", Static).update(detail)

    def _highlight(self, text: str, finding: object, index: int) -> Text:
        # Offsets are the finding's, in the raw text; `at` maps them into the escaped text shown.
        shown, at = terminal_mapped(text)
        out = Text(shown)
        f = self.session.items[index].finding
        # Other occurrences of the same concept in this segment are underlined.
        group = self.session.group_key(index)
        for i in self.session.in_segment(index):
            g = self.session.items[i].finding
            if i != index and g.start is not None and g.end is not None and self.session.group_key(i) == group \
                    and g.end < len(at):
                out.stylize("underline", at[g.start], at[g.end])
        if finding is not None and f.start is not None and f.end is not None and f.end < len(at):
            out.stylize("reverse bold", at[f.start], at[f.end])
        return out

    # -- actions -------------------------------------------------------------------------------

    def _after_decision(self, touched: list[int], move_on: bool = True) -> None:
        for i in touched:
            self._update_row(i)
        self.unsaved = True
        self._refresh()
        current = self._current()
        if move_on and current is not None:
            nxt = self.session.next_open(current)
            if nxt is not None:
                self._go(nxt)
                return
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

    def action_fix(self, which: int) -> None:
        current = self._current()
        if current is None:
            return
        suggestions = self.session.items[current].finding.suggestions
        if which >= len(suggestions):
            self.notify("no such suggestion", severity="warning")
            return
        self._decide([current], Action.FIX, suggestions[which])

    def _error(self, exc: Exception) -> None:
        self.notify(terminal(str(exc)), severity="error", markup=False, timeout=10)

    def _decide(self, indices: list[int], action: Action, new: str | None = None) -> None:
        before = self.session.reviewed()
        try:
            self.session.decide(indices, action, new)
        except TermqaError as exc:  # the decisions log cannot be written: the decision is not made
            self._error(exc)
        if self.session.reviewed() == before and action is Action.FIX:
            self.notify("only spans of the English target can be fixed", severity="warning")
        self._after_decision(indices)

    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        f = self.session.items[current].finding
        if f.side is not Side.TARGET or f.start is None:
            self.notify("only spans of the English target can be edited", severity="warning")
            return

        def done(value: str | None) -> None:
            if value is not None:
                self._decide([current], Action.FIX, value)

        self.push_screen(EditDialog(f'Replace "{f.text}" with', f.suggestions[0] if f.suggestions else f.text), done)

    def action_fix_all(self) -> None:
        current = self._current()
        if current is None:
            return
        f = self.session.items[current].finding
        if not f.suggestions:
            self.notify("no suggestion to apply", severity="warning")
            return
        same = self.session.same_rendering(current)

        def done(yes: bool | None) -> None:
            if yes:
                self._decide(same, Action.FIX, f.suggestions[0])

        places = f"{len(same)} place{'s' if len(same) != 1 else ''}"
        self.push_screen(ConfirmDialog(f'Replace "{f.text}" with "{f.suggestions[0]}" in {places}?'), done)

    def action_accept(self) -> None:
        current = self._current()
        if current is not None:
            self._decide([current], Action.ACCEPT)

    def action_accept_add(self) -> None:
        current = self._current()
        if current is not None:
            self._decide([current], Action.ACCEPT_ADD)

    def action_ignore(self) -> None:
        current = self._current()
        if current is not None:
            self._decide([current], Action.IGNORE)

    def action_undo(self) -> None:
        try:
            touched = self.session.undo()
        except TermqaError as exc:
            self._error(exc)
            return
        if touched:
            self._after_decision(touched, move_on=False)
            self._go(touched[0])

    def action_redo(self) -> None:
        try:
            touched = self.session.redo()
        except TermqaError as exc:
            self._error(exc)
            return
        if touched:
            self._after_decision(touched, move_on=False)

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
        seg = self.segments.get((f.path, f.line, f.segment))
        chinese = f.text if f.side is Side.SOURCE else ""
        if not chinese and seg is not None and seg.source and f.term:
            chinese = next((e.sources[0] for e in self._glossary_entries() if e.id == f.term), "")
        approved = f.suggestions[0] if f.suggestions else ""
        forbidden = f.text if f.side is Side.TARGET else ""
        kind = "person" if f.rule == "name-variant" and len(f.text.split()) <= 3 else "term"

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

    def action_help(self) -> None:
        self.push_screen(HelpScreen(HELP))

    def action_quit_review(self) -> None:
        if not self.unsaved:
            self.exit()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmDialog("Quit without saving? (decisions are in the log; y quits)"), done)
