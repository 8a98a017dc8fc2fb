"""Development potential: where influence is wanted, where it fails, and the guiding questions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from cardgame.domain.influence import InfluenceMap
from cardgame.i18n import t
from cardgame.storage.store import OpenSession
from cardgame.widgets.localize import localize_bindings


class PotentialScreen(Screen[None]):
    """The lists that point to development, beside a note field for each guiding question."""

    BINDINGS = [
        Binding("escape", "back", "Back to the circle", id="potential.back",
                tooltip="Back to the circle (answers are saved)"),
    ]

    def __init__(self, session: OpenSession, mapping: InfluenceMap) -> None:
        super().__init__()
        localize_bindings(self)
        self.session = session
        self.map = mapping

    def compose(self) -> ComposeResult:
        with Horizontal(id="potential"):
            with VerticalScroll(id="potential-lists"):
                yield Static(self._lists(), id="potential-text")
            with VerticalScroll(id="potential-questions"):
                yield Static(t("potential.questions"), classes="heading")
                for number, question in enumerate(self.map.questions, start=1):
                    yield Label(f"{number}. {question}")
                    yield Input(self.map.guide_answer(number), id=f"question-{number}",
                                compact=True, placeholder=t("potential.answer_here"))
                yield Static(t("potential.saved_hint"), classes="hint")
        yield Footer()

    def _element_name(self, element: str) -> str:
        card = self.map.deck.card(element)
        return f"{self.map.deck.position(element) + 1}. {card.title}"

    def _ring_label(self, ring: int | None) -> str:
        return "–" if ring is None else self.map.rings[ring]

    def _lists(self) -> Content:
        mapping, meta = self.map, self.session.meta
        several = len(meta.groups) > 1
        lines: list[Content] = []

        def who(actor: str, group: str) -> str:
            return f"{actor}, {meta.group_name(group)}" if several else actor

        lines.append(Content.styled(t("potential.gaps"), "bold $accent"))
        gaps = mapping.gaps()
        for p in gaps:
            lines.append(Content(f"• {self._element_name(p.element)} ({who(p.actor, p.group)}): "
                                 f"{self._ring_label(p.today)} → {self._ring_label(p.wanted)}  "
                                 f"(+{p.gap})"))
        if not gaps:
            lines.append(Content.styled(t("potential.none"), "$text-muted"))
        lines += [Content(""), Content.styled(t("potential.failures"), "bold $accent")]
        failures = mapping.high_influence_failures()
        for p in failures:
            lines.append(Content(f"• {self._element_name(p.element)} ({who(p.actor, p.group)}): "
                                 f"{self._ring_label(p.today)}"))
        if not failures:
            lines.append(Content.styled(t("potential.none"), "$text-muted"))
        lines += [Content(""), Content.styled(t("potential.unplaced"), "bold $accent")]
        unplaced = mapping.unplaced()
        for card in unplaced:
            lines.append(Content(f"• {self._element_name(card.id)}"))
        if not unplaced:
            lines.append(Content.styled(t("potential.all_placed"), "$text-muted"))
        spreads = mapping.spreads()
        if spreads:
            lines += [Content(""), Content.styled(t("potential.spread"), "bold $accent"),
                      Content.styled(t("potential.spread_legend"), "$text-muted")]
            for spread in spreads:
                lines.append(Content(
                    f"• {self._element_name(spread.element)}: {spread.outermost + 1} · "
                    f"{spread.median + 1:g} · {spread.innermost + 1}"
                    f"  ({t('potential.placements', n=len(spread.rings))})"))
        return Content("\n").join(lines)

    def _save(self, field: Input) -> None:
        number = int((field.id or "question-0").split("-")[1])
        if field.value.strip() == self.map.guide_answer(number):
            return
        self.map.write_guide_answers({number: field.value})
        if not self.session.status.ok:
            self.notify(t("status.save_failed", error=self.session.status.error,
                          n=self.session.status.pending), severity="error", timeout=20)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save(event.input)
        self.focus_next()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self._save(event.input)

    def action_back(self) -> None:
        for field in self.query(Input):
            self._save(field)
        self.app.pop_screen()
