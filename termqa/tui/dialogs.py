"""Provides the review UI's dialogs: edit a replacement or a segment, confirm, filter, help, diff."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from termqa.safety import terminal
from termqa.wording import counted


class EditDialog(ModalScreen[str | None]):
    """Ask for the replacement text, prefilled with the best suggestion."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-edit")]

    def __init__(self, title: str, value: str) -> None:
        super().__init__()
        self._title = title
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(terminal(self._title)))  # it quotes corpus text: never markup
            yield Input(value=self._value, id="replacement")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value if event.value.strip() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterDialog(ModalScreen[str | None]):
    """Ask for a filter: text, rule id or status (open, fixed, accepted, ignored); empty clears it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-filter")]

    def __init__(self, value: str) -> None:
        super().__init__()
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Filter by text, rule or status (empty: show all)")
            yield Input(value=self._value, id="filter")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y or enter for yes, n or escape for no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            with VerticalScroll(id="question"):
                # Corpus text: never markup; a line of the question per line (a preview lists changes).
                yield Static(Text("\n".join(terminal(line) for line in self._question.split("\n"))))
            yield Label("[b]y[/b] yes   [b]n[/b] no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class HelpScreen(ModalScreen[None]):
    """The key table."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="close-help")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self._rows)
        text = Text()
        for n, (k, d) in enumerate(self._rows):
            text.append(("\n" if n else "") + k.ljust(width), style="bold")  # keys as remapped: plain text
            text.append(f"  {d}")
        with Vertical(id="dialog"):
            yield Label("[b]termqa review[/b]: keys")
            with VerticalScroll(id="keys"):
                yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)


class GlossaryDialog(ModalScreen[tuple[str, str, str, str] | None]):
    """Add or change a glossary entry from the selected span: Chinese, approved, forbidden, type."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-glossary")]

    def __init__(self, chinese: str, approved: str, forbidden: str, kind: str = "term") -> None:
        super().__init__()
        self._values = (chinese, approved, forbidden, kind)

    def compose(self) -> ComposeResult:
        chinese, approved, forbidden, kind = self._values
        with Vertical(id="dialog"):
            yield Label("Glossary entry (enter in the last field saves; an existing Chinese term is updated)")
            yield Label("Chinese term")
            yield Input(value=chinese, id="chinese")
            yield Label("Approved rendering")
            yield Input(value=approved, id="approved")
            yield Label("Type: person, organization, place or term")
            yield Input(value=kind, id="type")
            yield Label("Forbidden variant (optional)")
            yield Input(value=forbidden, id="forbidden")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "forbidden":
            self.focus_next()
            return
        chinese = self.query_one("#chinese", Input).value.strip()
        approved = self.query_one("#approved", Input).value.strip()
        kind = self.query_one("#type", Input).value.strip().lower() or "term"
        if not chinese or not approved:
            self.notify("a Chinese term and an approved rendering are needed", severity="warning")
            return
        if kind not in ("person", "organization", "place", "term"):
            self.notify("type is person, organization, place or term", severity="warning")
            return
        self.dismiss((chinese, approved, self.query_one("#forbidden", Input).value.strip(), kind))

    def action_cancel(self) -> None:
        self.dismiss(None)


class SegmentDialog(ModalScreen[str | None]):
    """Edit the whole target segment, the source shown above it (`E`, or `f` on a term that
    has no span to replace): enter keeps the text, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-segment")]

    def __init__(self, hint: str, source: str, target: str, cursor: int) -> None:
        super().__init__()
        self._hint, self._source, self._target, self._cursor = hint, source, target, cursor

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(terminal(self._hint)))
            if self._source:
                yield Static(Text(terminal(self._source), style="dim"), id="segment-source")
            yield Input(value=self._target, id="segment-target")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_position = self._cursor

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value if event.value.strip() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DiffScreen(ModalScreen[None]):
    """Every change ctrl+s will write: per segment, the words removed and the words written."""

    BINDINGS = [Binding("escape,d,q", "close", "Close", id="close-diff")]

    def __init__(self, entries: list[tuple[str, Text, Text]], where: str) -> None:
        super().__init__()
        self._entries = entries
        self._where = where

    def compose(self) -> ComposeResult:
        body = Text()
        for n, (place, old, new) in enumerate(self._entries):
            body.append(("\n" if n else "") + terminal(place) + "\n", style="bold")
            body.append("- ", style="red")
            body.append_text(old)
            body.append("\n+ ", style="green")
            body.append_text(new)
        if not self._entries:
            body.append("no changes yet")
        with Vertical(id="dialog"):
            yield Label(Text(f"ctrl+s writes {terminal(self._where)}: {counted(len(self._entries), 'segment')} changed"))
            with VerticalScroll(id="diff"):
                yield Static(body)

    def action_close(self) -> None:
        self.dismiss(None)
