"""The form for a new theme day; the same checks and the same file as `cardgame new`.

Every mistake is said under its field, in the interface language; the field is marked and
gets the focus, and everything typed stays. The group names follow the number of groups (a
name typed once comes back when the number goes up again), and a mismatch is named.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static

from cardgame.domain.decks import Deck
from cardgame.domain.errors import CardgameError, FieldError
from cardgame.domain.programme import Programme
from cardgame.domain.session import GROUP_NAME_MAX, MAX_GROUPS, TITLE_MAX, default_names
from cardgame.domain.themeday import THEME_DAY_KINDS
from cardgame.i18n import in_other_language, language, t
from cardgame.screens import cardgame_app
from cardgame.screens.dialogs import ConfirmDialog
from cardgame.storage.programmefile import Found
from cardgame.storage.starting import (
    DEFAULT_GROUPS,
    SessionPlan,
    start_session,
    theme_day_decks,
)
from cardgame.widgets.localize import localize_bindings, localize_selects

KIND_ORDER = (*THEME_DAY_KINDS, "influence-element")
FIELDS = ("title", "municipality", "facilitator", "date", "count", "names", "decks",
          "programme")
"""The form's fields, by the names a FieldError uses."""


def split_names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",")]


class NewSessionScreen(Screen[None]):
    """Title, municipality, facilitator, date, groups and decks of a new session."""

    app = cardgame_app()
    CSS_PATH = "form.tcss"
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Every key"),
        Binding("ctrl+s", "create", "Create", id="new.create", tooltip="Create the session"),
        Binding("escape", "back", "Back", id="new.back",
                tooltip="Back to the start screen without creating anything"),
    ]

    def __init__(self, programme: Path | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.programme_path = programme
        """The programme to follow, chosen before the form opened ("Forbered temadag")."""
        self._programme_titles: dict[str, str] = {}
        self._programmes: dict[str, Found] = {}
        self._programme: Programme | None = None
        """The programme chosen, as read when it was chosen (for the note under it)."""
        self._names_memory: list[str] = default_names(DEFAULT_GROUPS)
        """The longest list of names typed so far, so that lowering and raising the number
        of groups gives the typed names back."""
        self._syncing = False

    def compose(self) -> ComposeResult:
        decks = self._decks()
        with VerticalScroll(id="new-form"):
            yield Static(t("new.heading"), classes="heading")
            yield Label(t("new.title"))
            yield Input(id="title", placeholder=t("new.title_placeholder"), compact=True,
                        max_length=TITLE_MAX)
            yield Static(id="problem-title", classes="problem")
            yield Label(t("new.municipality"))
            yield Input(id="municipality", compact=True, max_length=TITLE_MAX,
                        select_on_focus=False)
            yield Static(id="problem-municipality", classes="problem")
            yield Label(t("new.facilitator"))
            yield Input(id="facilitator", compact=True, max_length=TITLE_MAX,
                        select_on_focus=False)
            yield Static(id="problem-facilitator", classes="problem")
            yield Label(t("new.date"))
            yield Input(date.today().isoformat(), id="date", compact=True, max_length=10,
                        select_on_focus=False)
            yield Static(id="problem-date", classes="problem")
            yield Label(t("new.group_count", high=MAX_GROUPS))
            yield Input(str(DEFAULT_GROUPS), id="count", compact=True, max_length=3,
                        select_on_focus=False)
            yield Static(id="problem-count", classes="problem")
            yield Label(t("new.group_names", high=GROUP_NAME_MAX))
            yield Input(", ".join(self._names_memory), id="names", compact=True,
                        select_on_focus=False)
            yield Static(id="problem-names", classes="problem")
            yield Label(t("new.decks"))
            ticked = set(theme_day_decks(self.app.library, language()))
            yield SelectionList[str](
                *[(Content(self._deck_line(d)), d.id, d.id in ticked) for d in decks],
                id="decks")
            yield Static(id="chosen-decks", classes="hint")
            yield Static(id="problem-decks", classes="problem")
            yield Label(t("new.programme"))
            yield Select(self._programme_choices(), id="programme", allow_blank=False,
                         value=str(self.programme_path or ""), compact=True)
            yield Static(id="problem-programme", classes="problem")
            yield Static(id="programme-note", classes="hint")
            if self.app.library.problems:
                yield Static(t("new.deck_problems", n=len(self.app.library.problems)),
                             classes="hint")
            yield Static(id="problem-general", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("button.cancel"), id="cancel", compact=True)
                yield Button(t("new.create"), id="create", variant="primary", compact=True)
        yield Footer()

    def _decks(self) -> list[Deck]:
        """The decks a session can use: those in the interface language first, each language
        in play order (the theme-day kinds, then mapping)."""
        decks = [d for d in self.app.library.decks.values() if d.kind in KIND_ORDER]
        return sorted(decks, key=lambda d: (d.info.language != language(),
                                            KIND_ORDER.index(d.kind), d.info.title))

    @staticmethod
    def _deck_line(deck: Deck) -> str:
        """A deck as the form lists it: its title, the id `--decks` takes (N11), its size,
        and its language when that is not the interface's (N4)."""
        line = t("new.deck_line", title=deck.info.title, id=deck.id, n=len(deck.cards))
        return line + in_other_language(deck.info.language)

    def _programme_choices(self) -> list[tuple[Content, str]]:
        """No programme, then the workspace's programmes and the examples that can be used."""
        from cardgame.storage.programmefile import find_programmes

        choices = [(Content(t("new.no_programme")), "")]
        found = find_programmes(self.app.config.workspace.programmes,
                                dict(self.app.library.decks))
        self._programme_titles = {str(one.path): one.title for one in found}
        self._programmes = {str(one.path): one for one in found}
        for one in found:  # a broken one is listed with its problem, said when chosen (N12)
            label = t("new.programme_example", title=one.title) if one.example else one.title
            if one.problem:
                label = t("new.programme_broken", title=one.title)
            choices.append((Content(label), str(one.path)))
        if self.programme_path is not None and \
                str(self.programme_path) not in [value for _, value in choices]:
            choices.append((Content(self.programme_path.stem), str(self.programme_path)))
        return choices

    def on_mount(self) -> None:
        localize_selects(self)
        self.query_one("#title", Input).focus()
        self._show_chosen()
        self._title_from_programme()
        self._read_programme(str(self.programme_path or ""))
        self._as_opened = self._typed()

    def _typed(self) -> tuple[str, ...]:
        """What the form's text fields hold."""
        return tuple(field.value for field in self.query(Input))

    @work(exclusive=True, group="new-back")
    async def action_back(self) -> None:
        """Back to the start screen, asking first when something was typed (N10: a stray
        escape must not throw a typed title away)."""
        if self._typed() != self._as_opened:
            discard = await self.app.push_screen_wait(ConfirmDialog(
                t("new.discard_title"), t("new.discard_question"),
                yes=t("dialog.discard_yes"), no=t("dialog.discard_no")))
            if not discard:
                return
        self.app.pop_screen()

    def _title_from_programme(self) -> None:
        """A day started from a programme is called after it until a title is typed."""
        title = self._programme_titles.get(str(self.programme_path or ""), "")
        if title and not self.query_one("#title", Input).value:
            self.query_one("#title", Input).value = title

    def on_select_changed(self, event: Select.Changed) -> None:
        self._clear_problem("programme")
        chosen = event.value if isinstance(event.value, str) else ""
        title = self.query_one("#title", Input)
        if chosen and not title.value:
            title.value = self._programme_titles.get(chosen, "")
        self._read_programme(chosen)

    def _read_programme(self, chosen: str) -> None:
        """Read the programme chosen: its problem under the field at once, else a note on
        what it asks of the day."""
        self._programme = None
        found = self._programmes.get(chosen)
        if found is not None and found.problem:
            line = self.query_one("#problem-programme", Static)
            line.update(Content(t("start.programme_broken", problem=found.problem)))
            line.add_class("-shown")
        elif chosen:
            try:
                self._programme = self._chosen_programme()
            except FieldError as error:
                self.show_problem(error.field, str(error))
        self._show_programme_note()

    def _show_programme_note(self) -> None:
        """Warn, before the day, of hand rounds with fewer cards than tables (N2)."""
        from cardgame.domain.programme import short_hand_rounds

        tables = len([n for n in split_names(self.query_one("#names", Input).value) if n])
        lines = [] if self._programme is None else [
            str(said) for said in short_hand_rounds(self._programme, tables)]
        note = self.query_one("#programme-note", Static)
        note.update(Content("\n".join(lines)))
        note.set_class(bool(lines), "-warning")

    # keeping the form consistent ----------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._clear_problem(event.input.id or "")
        if self._syncing:
            return
        if event.input.id == "count":
            try:
                count = int(event.value)
            except ValueError:
                return
            if 1 <= count <= MAX_GROUPS:
                names = self._names_memory[:count]
                names += default_names(count)[len(names):]
                self._syncing = True
                self.query_one("#names", Input).value = ", ".join(names)
                self._syncing = False
                self._show_programme_note()
        elif event.input.id == "names":
            typed = [n for n in split_names(event.value) if n]
            merged = typed + self._names_memory[len(typed):]
            self._names_memory = merged
            self._show_programme_note()

    def on_selection_list_selected_changed(self) -> None:
        self._clear_problem("decks")
        self._show_chosen()

    def _chosen_ids(self) -> list[str]:
        """The ticked decks, in the order of the day (not the order they were ticked)."""
        chosen = set(self.query_one("#decks", SelectionList).selected)
        return [d.id for d in self._decks() if d.id in chosen]

    def _show_chosen(self) -> None:
        chosen = self.query_one("#decks", SelectionList).selected
        titles = [d.info.title for d in self._decks() if d.id in chosen]
        self.query_one("#chosen-decks", Static).update(
            Content(t("new.chosen", decks=", ".join(titles)) if titles else t("new.none_chosen")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.app.pop_screen()

    # problems -----------------------------------------------------------------------------

    def _clear_problem(self, field: str) -> None:
        if field not in FIELDS:
            return
        self.query_one(f"#problem-{field}", Static).remove_class("-shown")
        self.query_one(f"#{field}").remove_class("-refused")
        self.query_one("#problem-general", Static).remove_class("-shown")

    def show_problem(self, field: str, message: str) -> None:
        """Say what is wrong under the field, mark it and put the cursor there."""
        for name in FIELDS:
            self._clear_problem(name)
        line = self.query_one(f"#problem-{field if field in FIELDS else 'general'}", Static)
        line.update(Content(message))
        line.add_class("-shown")
        if field in FIELDS:
            widget = self.query_one(f"#{field}")
            widget.add_class("-refused")
            widget.focus()
        line.scroll_visible(animate=False)
        self.app.bell()

    # creating -----------------------------------------------------------------------------

    def _chosen_programme(self) -> Programme | None:
        """The programme picked, read and checked again now; FieldError if it cannot be
        used (the file changed or went away since the form opened)."""
        from cardgame.domain.errors import DeckError
        from cardgame.storage.programmefile import load_programme

        chosen = self.query_one("#programme", Select).value
        if not isinstance(chosen, str) or not chosen:
            return None
        try:
            return load_programme(Path(chosen), dict(self.app.library.decks))
        except DeckError as error:
            problem = error.problems[0] if error.problems else error
            raise FieldError("programme", "start.programme_broken", problem=problem) from None

    def action_create(self) -> None:
        value = {i.id: i.value for i in self.query(Input) if i.id}
        try:
            programme = self._chosen_programme()
        except FieldError as error:
            self.show_problem(error.field, str(error))
            return
        plan = SessionPlan(
            language=language(),
            title=value["title"], day=value["date"], names=split_names(value["names"]),
            count=value["count"], deck_ids=self._chosen_ids(),
            municipality=value["municipality"], facilitator=value["facilitator"],
            programme=programme)
        try:
            session = start_session(self.app.config.workspace, self.app.library, plan)
        except FieldError as error:
            self.show_problem(error.field, str(error))
            return
        except CardgameError as error:
            self.show_problem("general", str(error))
            return
        self.app.pop_screen()
        self.app.show_session(session)
