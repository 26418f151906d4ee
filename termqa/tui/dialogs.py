"""Provides the review UI's dialogs: edit a replacement, confirm, filter, help."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from termqa.safety import terminal


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
            yield Label(Text(terminal(self._question)))  # it quotes corpus text: never markup
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
        text = "\n".join(f"[b]{k.ljust(width)}[/b]  {d}" for k, d in self._rows)
        with Vertical(id="dialog"):
            yield Label("[b]termqa review[/b]: keys")
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
