"""Development potential: where influence is wanted, where it fails, and the guiding questions.

The answers to the three questions are notes of several lines. Focus starts in the first one;
what is typed is recorded when the field is left, when the screen is left, and when the app
quits, and is kept as a draft while it is typed, so nothing typed is lost.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Label, Static, TextArea

from cardgame.domain.influence import InfluenceMap
from cardgame.i18n import t
from cardgame.screens.dialogs import DRAFT_DELAY
from cardgame.screens.frame import SessionScreen
from cardgame.storage.opened import OpenSession
from cardgame.widgets.localize import localize_bindings


class PotentialScreen(SessionScreen):
    """The lists that point to development, beside a note field for each guiding question."""

    CSS_PATH = ["status.tcss", "potential.tcss"]
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Every key"),
        Binding("escape", "back", "Back to the circle", id="potential.back",
                tooltip="Back to the circle (answers are saved)"),
    ]

    def __init__(self, session: OpenSession, mapping: InfluenceMap) -> None:
        super().__init__(session, owns_session=False)
        localize_bindings(self)
        self.map = mapping
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="potential"):
            with VerticalScroll(id="potential-lists", can_focus=False):
                yield Static(self._lists(), id="potential-text")
            with VerticalScroll(id="potential-questions", can_focus=False):
                yield Static(t("potential.questions"), classes="heading")
                for number, question in enumerate(self.map.questions, start=1):
                    yield Label(Content(f"{number}. {question}"), classes="question")
                    yield TextArea(self.map.guide_answer(number), id=f"question-{number}",
                                   soft_wrap=True, tab_behavior="focus", compact=True,
                                   placeholder=t("potential.answer_here"))
                yield Static(t("potential.saved_hint"), classes="hint")
        yield Static(id="potential-status")
        yield Footer()

    def on_mount(self) -> None:
        first = self.query_one("#question-1", TextArea)
        first.focus()
        first.move_cursor(first.document.end)
        self.redraw()

    def redraw(self) -> None:
        status = self.query_one("#potential-status", Static)
        status.update(self.status_line(), layout=False)
        status.set_class(not self.session.status.ok, "-error")

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

    # keeping what is typed --------------------------------------------------------------

    def typed(self) -> dict[int, str]:
        """The text in every question's field now, by question number."""
        return {int((area.id or "question-0").split("-")[1]): area.text
                for area in self.query(TextArea)}

    def commit_typing(self) -> None:
        """Record every answer that differs from what is recorded, as one undo step."""
        changed = {n: text for n, text in self.typed().items()
                   if text.strip() != self.map.guide_answer(n)}
        if changed:
            self.run_step(lambda: self.map.write_guide_answers(changed))
        self.drafts.clear()

    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _keep_draft(self) -> None:
        self.drafts.save("guide", {"group": self.map.group}, t("potential.questions"),
                         {str(n): text for n, text in self.typed().items()})

    def on_descendant_blur(self) -> None:
        self.commit_typing()

    def action_back(self) -> None:
        self.commit_typing()
        self.app.pop_screen()
