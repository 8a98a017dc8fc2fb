"""The card on the wall: title, summary and the rest, laid out for reading at a distance.

Lists and options are wrapped here, not by the terminal, so that a wrapped line hangs under
its text and not under its bullet or number.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

from textual.content import Content
from textual.reactive import reactive

from cardgame.domain.decks import (
    Card,
    DialogueFormatCard,
    InfluenceElementCard,
    PoliticianRoleCard,
    WelfareThemeCard,
)
from cardgame.i18n import t, t_in
from cardgame.widgets.lines import LineView

BLANK = Content("")


def crop(text: Content, width: int, rows: int) -> Content:
    """The text wrapped to `width`, cut to `rows` rows with "…" when it is longer."""
    lines = text.wrap(max(1, width))
    if len(lines) <= rows:
        return text
    kept = lines[:max(1, rows)]
    kept[-1] = kept[-1].rstrip()[: max(0, width - 2)] + Content(" …")
    return Content("\n").join(kept)


def _heading(label: str) -> Content:
    return Content.styled(label.upper(), "bold $accent")


class _Layout:
    """The width to wrap at, whether there is room for air between list items, and the
    language of the card's deck (its headings speak it, whatever the interface's, N4)."""

    width: int = 0
    spacious: bool = False
    lang: str = ""


def _say(key: str, **values: object) -> str:
    """A card's own words (headings, labels) in its deck's language."""
    return t_in(_Layout.lang, key, **values) if _Layout.lang else t(key, **values)


@lru_cache(maxsize=2048)
def _wrapped(text: str, width: int, indent: int) -> str:
    """text wrapped to width, its following lines indented (a card is drawn again at every
    key, and its texts are the same from key to key)."""
    return ("\n" + " " * indent).join(textwrap.wrap(text, width) or [""])


def _hanging(marker: Content, text: str, width: int, tail: Content | None = None) -> Content:
    """marker + text, wrapped to width with following lines indented under the text."""
    indent = marker.cell_length
    if width <= indent + 8:
        body = Content(text)
    else:
        body = Content(_wrapped(text, width - indent, indent))
    result = marker + body
    return result + tail if tail is not None else result


def _bullet(marker: str, item: str) -> Content:
    return _hanging(Content.styled(f"{marker} ", "bold $secondary"), item, _Layout.width)


def _section(label: str, items: list[str], marker: str = "•") -> list[Content]:
    if not items:
        return []
    lines = [BLANK, _heading(label)]
    for number, item in enumerate(items):
        if _Layout.spacious and number:
            lines.append(BLANK)
        lines.append(_bullet(marker, item))
    return lines


def _tags(card: Card) -> Content | None:
    """The card's labels under its title: a format's step and form of co-creation, an
    element the directors chose."""
    tags: list[str] = []
    if isinstance(card, DialogueFormatCard):
        if card.step:
            tags.append(_say(f"step.{card.step}"))
        if card.cocreation:
            tags.append(_say(f"cocreation.{card.cocreation}"))
    if isinstance(card, InfluenceElementCard) and card.prioritised:
        tags.append("★ " + _say("card.prioritised"))
    if not tags:
        return None
    return Content.styled("  ·  ".join(tags), "$secondary")


def card_lines(card: Card, *, scenario: int = 0, choices: dict[int, list[str]] | None = None,
               position: str = "", width: int = 0, spacious: bool = False,
               all_scenarios: bool = False, titled: bool = True,
               leave_out: frozenset[str] = frozenset(), situation_rows: int = 0,
               lang: str = "") -> list[Content]:
    """A card as lines of styled text; `choices` maps an option number to the groups' names.

    `width` is the number of cells to wrap lists at (0: let the terminal wrap); `spacious`
    puts a blank line between list items, for a large screen; `all_scenarios` shows every
    scenario of a dialogue card (for reading), not only the one being discussed; `titled`
    False leaves the title out (the wall sets it in block letters itself); `leave_out` names
    parts a small wall does without: "tags", "summary", "questions", "consequences" and a
    scenario's "situation"; `situation_rows` cuts the situation to that many rows, with "…";
    `lang` is the card's deck's language, that of its headings.
    """
    _Layout.width, _Layout.spacious, _Layout.lang = width, spacious, lang
    parts: list[Content] = []
    if position:
        parts.append(Content.styled(position, "$text-muted"))
    if titled:
        parts.append(Content.styled(card.title, "bold $primary"))
    if titled and spacious and width:
        parts.append(Content.styled("━" * min(width, max(8, len(card.title))), "$primary"))
    tags = None if "tags" in leave_out else _tags(card)
    if tags is not None:
        parts.append(tags)
    if "summary" not in leave_out:
        parts += [BLANK, Content.styled(card.summary, "bold")]
    if isinstance(card, WelfareThemeCard):
        parts += _section(_say("card.opportunities"), card.opportunities, "+")
        parts += _section(_say("card.dilemmas"), card.dilemmas, "±")
    elif isinstance(card, PoliticianRoleCard):
        parts += _section(_say("card.challenges"), card.challenges, "!")
        parts += _section(_say("card.levers"), card.levers, "→")
    elif isinstance(card, DialogueFormatCard):
        shown = range(len(card.scenarios)) if all_scenarios else [scenario]
        for index in shown:
            parts += _scenario(card, index, (choices or {}) if index == scenario else {},
                               leave_out, situation_rows)
    elif isinstance(card, InfluenceElementCard) and card.why:
        parts += [BLANK, _heading(_say("card.why")), Content(card.why)]
    if "questions" not in leave_out:
        parts += _section(_say("card.questions"), card.questions, "?")
    if parts and not parts[0].plain:
        parts = parts[1:]  # no blank line to open with
    return parts


def _scenario(card: DialogueFormatCard, index: int, choices: dict[int, list[str]],
              leave_out: frozenset[str] = frozenset(), situation_rows: int = 0
              ) -> list[Content]:
    scenario = card.scenarios[min(index, len(card.scenarios) - 1)]
    label = _say("card.scenario", n=index + 1, total=len(card.scenarios))
    if scenario.title:
        label += f": {scenario.title}"
    dilemma = _say("card.dilemma_personal") if scenario.personal else _say("card.dilemma")
    parts = [BLANK, _heading(label)]
    if "situation" not in leave_out:
        situation = Content(scenario.situation)
        if situation_rows and _Layout.width:
            situation = crop(situation, _Layout.width, situation_rows)
        parts += [situation, BLANK]
    parts += [Content.assemble((dilemma + " ", "bold $accent"), (scenario.dilemma, "bold")),
              BLANK]
    for number, option in enumerate(scenario.options, start=1):
        if _Layout.spacious and number > 1:
            parts.append(BLANK)
        consequence = scenario.consequences[number - 1] \
            if scenario.consequences and "consequences" not in leave_out else ""
        parts.append(_option(f" {number} ", option, choices.get(number), consequence))
    if choices.get(0):
        parts.append(_option(f" {_say('card.other_key')} ", _say("card.other"), choices[0]))
    return parts


def _option(key: str, text: str, groups: list[str] | None, consequence: str = "") -> Content:
    """A numbered option, what it costs, and the groups that chose it on a line of their own."""
    marker = Content.assemble((key, "bold reverse $primary"), "  ")
    line = _hanging(marker, text, _Layout.width)
    if consequence:
        costs = _hanging(Content(" " * marker.cell_length + "→ "), consequence, _Layout.width)
        line = line + Content("\n") + costs.stylize("$text-muted")
    if groups:
        chosen = _hanging(Content(" " * marker.cell_length + "◀ "), ", ".join(groups),
                          _Layout.width)
        line = line + Content("\n") + chosen.stylize("bold $secondary")
    return line


def detail_lines(card: Card, lang: str = "") -> list[Content]:
    """The rest of a card for reading: body, a format's fit and pitfalls, sources."""
    _Layout.lang = lang
    parts: list[Content] = []
    if card.body:
        parts += [BLANK, Content(card.body)]
    if isinstance(card, DialogueFormatCard):
        parts += _section(_say("card.use_when"), card.use_when)
        parts += _section(_say("card.strengths"), card.strengths, "+")
        parts += _section(_say("card.pitfalls"), card.pitfalls, "!")
    if isinstance(card, InfluenceElementCard):
        if card.through_decisions:
            parts += [BLANK, _heading(_say("card.through_decisions")),
                      Content(card.through_decisions)]
        if card.through_culture:
            parts += [BLANK, _heading(_say("card.through_culture")), Content(card.through_culture)]
    if card.sources:
        parts += [BLANK, Content.styled(_say("card.sources") + ": " + "; ".join(card.sources),
                                        "$text-muted")]
    return parts


class CardView(LineView, can_focus=True):
    """Shows one card; the screen calls `show`, and only the lines that changed are repainted
    (a group's choice adds or changes a line under its option). It takes the focus, so that
    the arrow, page and home/end keys scroll a card longer than the screen."""

    DEFAULT_CSS = """
    CardView {
        padding: 1 1 0 2;
        max-width: 96;
        scrollbar-size-vertical: 1;
    }
    """
    """The card scrolls itself: its scroll bar stands inside the right padding. There is no
    bottom padding: it would stay on the screen under the text. (Its look on the theme day's
    narrow, wide and projected screens is in `screens/themeday.tcss`.)"""

    details: reactive[bool] = reactive(False, init=False)
    """Whether the body, a format's fit and pitfalls, and the sources show under the card."""
    all_scenarios: reactive[bool] = reactive(False, init=False)
    """Whether every scenario of a dialogue card shows (browsing), not only the current."""

    def show(self, card: Card | None, *, scenario: int = 0,
             choices: dict[int, list[str]] | None = None, position: str = "",
             empty: str = "", coming: Card | None = None, lang: str = "") -> None:
        """Draw a card, or the `empty` text when there is none; `coming` is the card that
        may be shown next: it is painted once this one is on the screen. `lang` is the
        language of the card's deck."""
        width = self.text_width
        self._shown = (card, scenario, choices, position, empty, coming, lang)
        signature = (card, scenario, repr(choices), position, empty, self.details, width,
                     self.app.size.height if self.is_mounted else 0, self.all_scenarios, lang)
        if signature == getattr(self, "_signature", None):
            return  # unchanged: nothing to paint
        self._signature = signature
        if card is None:
            self.set_parts([Content.styled(empty or t("card.none"), "$text-muted")])
        else:
            self.set_parts(self._card_parts(card, scenario, choices, position, lang))
        if coming is not None and width > 0:
            self.call_after_refresh(self._prepare_coming)

    def _prepare_coming(self) -> None:
        """Paint the card that may come next (on its first scenario, nothing chosen yet),
        while the room talks about this one: showing it then wraps no word."""
        card, _, _, position, _, coming, lang = self._shown
        if coming is None or not self.is_mounted:
            return
        signature = (coming, position, self._signature)
        if signature != getattr(self, "_prepared", None):
            self._prepared = signature
            self.prepare(self._card_parts(coming, 0, None, position, lang))

    def _card_parts(self, card: Card, scenario: int, choices: dict[int, list[str]] | None,
                    position: str, lang: str) -> list[Content]:
        spacious = self.app.size.height >= 40 if self.is_mounted else False
        lines = card_lines(card, scenario=scenario, choices=choices, position=position,
                           width=self.text_width, spacious=spacious,
                           all_scenarios=self.all_scenarios, lang=lang)
        if self.details:
            lines += detail_lines(card, lang)
        return lines

    def on_resize(self) -> None:
        shown = getattr(self, "_shown", None)
        if shown is not None:
            card, scenario, choices, position, empty, coming, lang = shown
            self.show(card, scenario=scenario, choices=choices, position=position, empty=empty,
                      coming=coming, lang=lang)
