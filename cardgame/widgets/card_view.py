"""The card on the wall: title, summary and the rest, laid out for reading at a distance."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from cardgame.domain.decks import (
    Card,
    DialogueFormatCard,
    InfluenceElementCard,
    PoliticianRoleCard,
    WelfareThemeCard,
)
from cardgame.i18n import t

BLANK = Content("")


def _heading(label: str) -> Content:
    return Content.styled(label.upper(), "bold $accent")


def _bullet(marker: str, item: str) -> Content:
    return Content.assemble((f"{marker} ", "bold $secondary"), item)


def _section(label: str, items: list[str], marker: str = "•") -> list[Content]:
    if not items:
        return []
    return [BLANK, _heading(label), *(_bullet(marker, item) for item in items)]


def card_lines(card: Card, *, scenario: int = 0, choices: dict[int, list[str]] | None = None,
               position: str = "") -> list[Content]:
    """A card as lines of styled text; `choices` maps an option number to the groups' names."""
    parts: list[Content] = []
    if position:
        parts.append(Content.styled(position, "$text-muted"))
    parts += [Content.styled(card.title, "bold $primary"), BLANK,
              Content.styled(card.summary, "bold")]
    if isinstance(card, WelfareThemeCard):
        parts += _section(t("card.opportunities"), card.opportunities, "+")
        parts += _section(t("card.dilemmas"), card.dilemmas, "±")
    elif isinstance(card, PoliticianRoleCard):
        parts += _section(t("card.challenges"), card.challenges, "!")
        parts += _section(t("card.levers"), card.levers, "→")
    elif isinstance(card, DialogueFormatCard):
        parts += _scenario(card, scenario, choices or {})
    elif isinstance(card, InfluenceElementCard) and card.why:
        parts += [BLANK, _heading(t("card.why")), Content(card.why)]
    parts += _section(t("card.questions"), card.questions, "?")
    return parts


def _scenario(card: DialogueFormatCard, index: int, choices: dict[int, list[str]]
              ) -> list[Content]:
    scenario = card.scenarios[min(index, len(card.scenarios) - 1)]
    label = t("card.scenario", n=index + 1, total=len(card.scenarios))
    if scenario.title:
        label += f": {scenario.title}"
    parts = [BLANK, _heading(label), Content(scenario.situation), BLANK,
             Content.assemble((t("card.dilemma") + " ", "bold $accent"),
                              (scenario.dilemma, "bold")), BLANK]
    for number, option in enumerate(scenario.options, start=1):
        parts.append(_option(f" {number} ", option, choices.get(number)))
    if choices.get(0):
        parts.append(_option(f" {t('card.other_key')} ", t("card.other"), choices[0]))
    return parts


def _option(key: str, text: str, groups: list[str] | None) -> Content:
    pieces: list[tuple[str, str] | str] = [(key, "bold reverse $primary"), "  ", text]
    if groups:
        pieces.append((f"   ◀ {', '.join(groups)}", "bold $secondary"))
    return Content.assemble(*pieces)


def detail_lines(card: Card) -> list[Content]:
    """The rest of a card for reading: body, a format's fit and pitfalls, sources."""
    parts: list[Content] = []
    if card.body:
        parts += [BLANK, Content(card.body)]
    if isinstance(card, DialogueFormatCard):
        if card.step:
            parts += [BLANK, Content.assemble((t("card.step") + ": ", "bold $accent"),
                                              t(f"step.{card.step}"))]
        parts += _section(t("card.use_when"), card.use_when)
        parts += _section(t("card.strengths"), card.strengths, "+")
        parts += _section(t("card.pitfalls"), card.pitfalls, "!")
    if isinstance(card, InfluenceElementCard):
        if card.through_decisions:
            parts += [BLANK, _heading(t("card.through_decisions")),
                      Content(card.through_decisions)]
        if card.through_culture:
            parts += [BLANK, _heading(t("card.through_culture")), Content(card.through_culture)]
    if card.sources:
        parts += [BLANK, Content.styled(t("card.sources") + ": " + "; ".join(card.sources),
                                        "$text-muted")]
    return parts


class CardView(Static):
    """Shows one card; the screen calls `show` and the view redraws."""

    details: reactive[bool] = reactive(False, init=False)
    """Whether the body, a format's fit and pitfalls, and the sources show under the card."""

    def show(self, card: Card | None, *, scenario: int = 0,
             choices: dict[int, list[str]] | None = None, position: str = "",
             empty: str = "") -> None:
        """Draw a card, or the `empty` text when there is none."""
        if card is None:
            self.update(Content.styled(empty or t("card.none"), "$text-muted"))
            return
        lines = card_lines(card, scenario=scenario, choices=choices, position=position)
        if self.details:
            lines += detail_lines(card)
        self.update(Content("\n").join(lines))
