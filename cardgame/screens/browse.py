"""Browse the decks: every card, in full, to read before a theme day."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from cardgame.i18n import t
from cardgame.widgets.card_view import CardView
from cardgame.widgets.localize import localize_bindings


class BrowseScreen(Screen[None]):
    """A list of every card by deck, and the highlighted card in full."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="browse.back",
                tooltip="Back to the start screen"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for deck in self.app.library.decks.values():
            if options:
                options.append(None)
            options.append(Option(f"{deck.info.title} · {t('kind.' + deck.kind)}",
                                  id=f"deck:{deck.id}", disabled=True))
            options += [Option(f"  {card.title}", id=f"{deck.id}/{card.id}")
                        for card in deck.cards]
        with Horizontal(id="browse"):
            yield OptionList(*options, id="browse-list")
            with VerticalScroll(id="browse-card"):
                yield CardView(id="browse-view")
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(CardView)
        view.details = True
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
            self.query_one(CardView).show(deck.card(card_id))
            self.query_one("#browse-card").scroll_home(animate=False)
