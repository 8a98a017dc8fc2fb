"""The form for a new theme-day session; the same result as `cardgame new`."""

from __future__ import annotations

from datetime import date, datetime, timezone

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, SelectionList, Static

from cardgame.domain.errors import CardgameError
from cardgame.domain.session import MAX_GROUPS, groups_from_names, new_meta
from cardgame.i18n import t
from cardgame.widgets.localize import localize_bindings

KIND_ORDER = ("welfare-theme", "dialogue-format", "politician-role", "influence-element")


def default_names(count: int) -> str:
    return ", ".join(t("new.group_name", n=i) for i in range(1, count + 1))


class NewSessionScreen(Screen[None]):
    """Title, municipality, facilitator, date, groups and decks of a new session."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="new.back",
                tooltip="Back to the start screen without creating anything"),
        Binding("ctrl+s", "create", "Create", id="new.create", tooltip="Create the session"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
        self._names_edited = False

    def compose(self) -> ComposeResult:
        decks = self._decks()
        with VerticalScroll(id="new-form"):
            yield Static(t("new.heading"), classes="heading")
            yield Label(t("new.title"))
            yield Input(id="title", placeholder=t("new.title_placeholder"), compact=True)
            yield Label(t("new.municipality"))
            yield Input(id="municipality", compact=True)
            yield Label(t("new.facilitator"))
            yield Input(id="facilitator", compact=True)
            yield Label(t("new.date"))
            yield Input(date.today().isoformat(), id="date", compact=True)
            yield Label(t("new.group_count", high=MAX_GROUPS))
            yield Input("3", id="count", type="integer", compact=True)
            yield Label(t("new.group_names"))
            yield Input(default_names(3), id="names", compact=True)
            yield Label(t("new.decks"))
            yield SelectionList[str](
                *[(f"{d.info.title} ({t('kind.' + d.kind)}, {len(d.cards)})", d.id,
                   d.kind != "influence-element")
                  for d in decks], id="decks")
            yield Static("", id="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("button.cancel"), id="cancel", compact=True)
                yield Button(t("new.create"), id="create", variant="primary", compact=True)
        yield Footer()

    def _decks(self) -> list:  # noqa: ANN201 - list[Deck]
        """The decks a session can use: the theme-day kinds in play order, then mapping."""
        decks = [d for d in self.app.library.decks.values() if d.kind in KIND_ORDER]
        return sorted(decks, key=lambda d: (KIND_ORDER.index(d.kind), d.info.title))

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "count" and not self._names_edited:
            try:
                count = int(event.value)
            except ValueError:
                return
            if 1 <= count <= MAX_GROUPS:
                names = self.query_one("#names", Input)
                with names.prevent(Input.Changed):
                    names.value = default_names(count)
        elif event.input.id == "names":
            self._names_edited = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.app.pop_screen()

    def _problem(self, message: str) -> None:
        self.query_one("#problem", Static).update(message)
        self.bell()

    def action_create(self) -> None:
        value = {i.id: i.value.strip() for i in self.query(Input)}
        if not value["title"]:
            self._problem(t("new.need_title"))
            self.query_one("#title", Input).focus()
            return
        try:
            day = date.fromisoformat(value["date"])
        except ValueError:
            self._problem(t("new.bad_date", value=value["date"]))
            return
        groups = groups_from_names(value["names"].split(","))
        if not 1 <= len(groups) <= MAX_GROUPS:
            self._problem(t("new.bad_groups", high=MAX_GROUPS))
            return
        chosen = self.query_one("#decks", SelectionList).selected
        if not chosen:
            self._problem(t("new.need_deck"))
            return
        decks = [d for d in self._decks() if d.id in chosen]
        try:
            meta = new_meta(value["title"], day, datetime.now(timezone.utc), groups, decks,
                            self.app.store.ids(), municipality=value["municipality"],
                            facilitator=value["facilitator"])
            session = self.app.store.create(meta)
        except (ValueError, CardgameError) as error:
            self._problem(str(error))
            return
        self.app.pop_screen()
        self.app.show_session(session)
