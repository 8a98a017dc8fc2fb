"""Browse the decks: every card, in full, to read before a theme day.

Every scenario of a dialogue card is shown, one under the other, and `/` (or simply typing)
filters the list by title, text and keywords.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from cardgame.domain.decks import Card
from cardgame.i18n import language, t
from cardgame.screens import cardgame_app
from cardgame.widgets.card_view import CardView
from cardgame.widgets.localize import localize_bindings


def card_text(card: Card) -> str:
    """Everything a card says, for the filter."""
    parts = [card.title, card.summary, card.body, *card.tags, *card.questions]
    for name in ("opportunities", "dilemmas", "challenges", "levers", "use_when"):
        parts += getattr(card, name, [])
    for scenario in getattr(card, "scenarios", []):
        parts += [scenario.title, scenario.situation, scenario.dilemma]
    return " ".join(parts).lower()


class BrowseScreen(Screen[None]):
    """A list of every card by deck, and the highlighted card in full."""

    app = cardgame_app()
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Every key"),
        Binding("q", "app.quit", "Quit", id="browse.quit", tooltip="Quit cardgame"),
        Binding("slash", "search", "Find card", id="browse.search",
                tooltip="Filter the cards by title, text and keywords"),
        Binding("escape", "back", "Back", id="browse.back", tooltip="Back to the start screen"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Horizontal(id="browse"):
            with Vertical(id="browse-side"):
                yield Input(placeholder=t("dialog.search"), id="browse-filter", compact=True,
                            select_on_focus=False)
                yield OptionList(*self._options(""), id="browse-list")
                yield Static(t("dialog.no_hits"), id="browse-no-hits")
            yield CardView(id="browse-card")
        yield Footer()

    def _options(self, query: str) -> list[Option | None]:
        """The cards that have every word, by deck; cards with a word in their title first,
        and their decks first (N20)."""
        words = query.lower().split()

        def in_title(card: Card) -> bool:
            return bool(words) and any(w in card.title.lower() for w in words)

        found = []
        interface = language()
        decks = sorted(self.app.library.decks.values(),  # the interface's language first
                       key=lambda d: d.info.language != interface)
        for deck in decks:
            cards = [c for c in deck.cards if all(w in card_text(c) for w in words)]
            if cards:
                found.append((deck, sorted(cards, key=lambda c: not in_title(c))))
        found.sort(key=lambda hit: not in_title(hit[1][0]))
        options: list[Option | None] = []
        for deck, cards in found:
            if options:
                options.append(None)
            options.append(Option(Content(f"{deck.info.title} · {t('kind.' + deck.kind)}"),
                                  id=f"deck:{deck.id}", disabled=True))
            options += [Option(Content(f"  {card.title}"), id=f"{deck.id}/{card.id}")
                        for card in cards]
        return options

    def on_mount(self) -> None:
        view = self.query_one(CardView)
        view.details = True
        view.all_scenarios = True
        listing = self.query_one(OptionList)
        listing.focus()
        if listing.option_count > 1:
            listing.highlighted = 1
        else:
            view.show(None, empty=t("browse.no_decks"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        deck_id, _, card_id = (event.option.id or "").partition("/")
        deck = self.app.library.decks.get(deck_id)
        if deck is not None and card_id:
            self.query_one(CardView).show(deck.card(card_id), lang=deck.info.language)
            self.query_one(CardView).scroll_home(animate=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(self._options(event.value))
        first = next((i for i in range(listing.option_count)
                      if not listing.get_option_at_index(i).disabled), None)
        listing.highlighted = first
        self.query_one("#browse-no-hits").set_class(first is None, "-shown")

    def on_input_submitted(self) -> None:
        self.query_one(OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#browse-filter", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing a word in the list searches for it, as `/` and the word would."""
        search = self.query_one("#browse-filter", Input)
        if search.has_focus or not event.is_printable or event.character is None \
                or event.key in self.active_bindings or event.character == " ":
            return
        event.stop()
        event.prevent_default()
        search.focus()
        search.insert_text_at_cursor(event.character)

    def action_back(self) -> None:
        search = self.query_one("#browse-filter", Input)
        if search.has_focus and search.value:
            search.value = ""
            self.query_one(OptionList).focus()
            return
        self.app.pop_screen()
