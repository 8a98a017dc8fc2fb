"""Sessions side by side in the app: pick them from the start screen, read the comparison, and
write it as Markdown to mail or as a page to print (the same document `cardgame compare`
writes).

The screen draws the comparison document itself (`document_widgets`): headings and text as
Static, each table as a DataTable that keeps its columns whole and scrolls sideways on a narrow
screen, the overlay ring by ring."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, SelectionList, Static
from textual.widgets.selection_list import Selection

from cardgame.domain.errors import CardgameError
from cardgame.export.notes import Bullets, Item, Notes, Overlay, Paragraph, Section, Table
from cardgame.i18n import t
from cardgame.screens import cardgame_app
from cardgame.screens.dialogs import DIALOG_CSS
from cardgame.widgets.localize import localize_bindings

MINIMUM = 2
"""Sessions a comparison needs."""


class PickSessions(ModalScreen[list[Path] | None]):
    """Tick the sessions to compare (space), then compare (c or the button). The list is the
    start screen's, newest first; the comparison puts the oldest first."""

    DEFAULT_CSS = "PickSessions { align: center middle; }\n" + DIALOG_CSS + """
    PickSessions SelectionList { height: auto; max-height: 40vh; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                tooltip="Close without choosing"),
        Binding("c", "compare", "Compare", id="compare.go",
                tooltip="Compare the ticked sessions"),
    ]

    def __init__(self, sessions: list[tuple[Path, str, bool]]) -> None:
        """sessions: (path, label, can be read)."""
        super().__init__()
        localize_bindings(self)
        self.sessions = sessions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("compare.pick_title"), classes="title")
            yield Static(id="problem", classes="problem")  # above the list: seen on any screen
            yield SelectionList[int](*(Selection(Content(label), index, disabled=not usable)
                                       for index, (_, label, usable) in enumerate(self.sessions)),
                                     id="sessions")
            yield Static(t("compare.pick_hint"), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("bind.dialog.cancel"), id="cancel")
                yield Button(t("bind.compare.go"), id="compare", variant="primary")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "compare":
            self.action_compare()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_compare(self) -> None:
        chosen = sorted(self.query_one(SelectionList).selected, reverse=True)  # oldest first
        if len(chosen) < MINIMUM:
            problem = self.query_one("#problem", Static)
            problem.update(t("compare.pick_more", n=MINIMUM))
            problem.add_class("-shown")
            return
        self.dismiss([self.sessions[i][0] for i in chosen])


def _item(item: Item, indent: str = "") -> Content:
    lead = Content.assemble((item.lead, "bold")) if item.lead else Content("")
    if item.lead and item.text:
        lead = Content.assemble(lead, ": ")
    line = Content.assemble(indent, "• ", lead, item.text)
    children = [_item(child, indent + "  ") for child in item.children]
    return Content("\n").join([line, *children])


def _bullets(block: Bullets) -> Static:
    lines = [Content(f"{block.title}:")] if block.title else []
    lines += [_item(item) for item in block.items]
    if block.numbered:
        lines = [Content(f"{n}. {item.text}") for n, item in enumerate(block.items, start=1)]
    return Static(Content("\n").join(lines), classes="block")


def _table(block: Table) -> DataTable[str]:
    table: DataTable[str] = DataTable(show_cursor=False, zebra_stripes=True, classes="block")
    table.add_columns(*block.header)
    for row in block.rows:
        table.add_row(*(cell.replace("\u00a0", " ") for cell in row))
    return table


def _overlay(block: Overlay) -> Static:
    lines = [Content.assemble((block.title, "bold")), Content(block.text_legend)]
    lines += [Content.assemble("• ", (ring, "bold"), f": {found}")
              for ring, found in block.by_ring()]
    return Static(Content("\n").join(lines), classes="block")


def document_widgets(notes: Notes) -> list[Widget]:
    """The comparison document as widgets, top to bottom."""
    widgets: list[Widget] = [Static(Content(notes.title), classes="h1")]
    widgets.append(Static(Content("\n").join(Content.assemble((label, "bold"), f": {value}")
                                              for label, value in notes.facts), classes="block"))

    def section(part: Section, level: int) -> None:
        widgets.append(Static(Content(part.heading), classes=f"h{min(level, 3)}"))
        for block in part.blocks:
            if isinstance(block, Paragraph):
                widgets.append(Static(Content.assemble((block.lead, "bold"), " ", block.text)
                                      if block.lead else Content(block.text), classes="block"))
            elif isinstance(block, Bullets):
                widgets.append(_bullets(block))
            elif isinstance(block, Table):
                widgets.append(_table(block))
            elif isinstance(block, Overlay):
                widgets.append(_overlay(block))
        for sub in part.sections:
            section(sub, level + 1)

    for part in notes.sections:
        section(part, 2)
    return widgets


class CompareScreen(Screen[None]):
    """The comparison of a few sessions, with keys to write it as a file."""

    DEFAULT_CSS = """
    CompareScreen VerticalScroll { padding: 0 2; }
    CompareScreen #notices { color: $warning; padding: 0 2; height: auto; }
    CompareScreen .h1 { text-style: bold; color: $accent; margin: 1 0; }
    CompareScreen .h2 { text-style: bold; color: $accent; margin: 1 0 0 0;
                        border-bottom: solid $accent; }
    CompareScreen .h3 { text-style: bold; margin: 1 0 0 0; }
    CompareScreen .block { margin: 1 0 0 0; height: auto; }
    CompareScreen DataTable { height: auto; max-height: 30; width: auto; max-width: 100%; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="compare.back",
                tooltip="Back to the start screen"),
        Binding("m", "write('markdown')", "Markdown to mail", id="compare.markdown",
                tooltip="Write the comparison as Markdown in the exports folder"),
        Binding("h", "write('html')", "Page to print", id="compare.html",
                tooltip="Write the comparison as a page to print or attach (HTML)"),
    ]

    app = cardgame_app()

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        localize_bindings(self)
        self.paths = paths
        self.markdown = ""
        self.notices: list[str] = []

    def compose(self) -> ComposeResult:
        from cardgame.export.compare import compare_paths
        from cardgame.export.markdown import render_markdown

        self.document, notices = compare_paths(self.app.store, self.paths,
                                               dict(self.app.library.decks))
        self.markdown = render_markdown(self.document)
        self.notices = [str(n) for n in notices]
        if self.notices:
            yield Static(Content("\n".join(f"⚠ {n}" for n in self.notices)), id="notices")
        with VerticalScroll(id="comparison"):
            yield from document_widgets(self.document)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#comparison", VerticalScroll).focus()

    @work(exclusive=True, group="compare-write")
    async def action_write(self, form: str) -> None:
        from cardgame.export.compare import write_comparison

        try:
            written = write_comparison(self.document, form, self.app.config.workspace.exports)
        except CardgameError as error:
            self.notify(str(error), title=t("compare.cannot_write"), severity="error",
                        timeout=20)
            return
        self.notify(t("compare.written", path=written), title=t("compare.written_title"),
                    timeout=12)
