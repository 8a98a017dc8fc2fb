"""The theme-day screen: the card on the wall, the groups' answers, the timer.

The card comes first. On a wide terminal it gets room and air; below a width where card and
panel both fit, the groups fold into a strip under the card, so a big projector font never
squeezes the card to nothing. The dialogs of the screen (answers, follow-ups, decks, hands,
renaming) are its own methods, in `themeday_dialogs`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import Footer, Static

from cardgame.domain import phones
from cardgame.domain.decks import DialogueFormatCard
from cardgame.domain.errors import CardgameError, RuleError, os_problem
from cardgame.domain.events import MISSING, Change
from cardgame.domain.programme import round_title
from cardgame.domain.themeday import DAY, HAND, MAP, PLENARY, ThemeDay
from cardgame.i18n import possessive, t
from cardgame.screens import day_text
from cardgame.screens.dialogs import ChoiceDialog
from cardgame.screens.themeday_dialogs import ThemeDayDialogs
from cardgame.storage.inbox import Inbox, inbox_path
from cardgame.storage.opened import OpenSession
from cardgame.widgets.answer_panel import AnswerPanel
from cardgame.widgets.card_view import CardView
from cardgame.widgets.fitted import FittedLine
from cardgame.widgets.localize import localize_bindings
from cardgame.widgets.timer import RoundTimer

NUMBER_KEYS = [Binding(str(n), f"number({n})", f"Record {n}", id=f"td.number{n}", show=False)
               for n in range(1, 10)]
WIDE, NARROW = 120, 72
"""Terminal widths: from WIDE the card gets room and air; below NARROW the groups fold into a
strip under the card."""
PHONES_POLL = 0.25
"""Seconds between looks at the tables' inbox: an answer sent from a phone is on the laptop
and the wall well within a second."""


class ThemeDayScreen(ThemeDayDialogs):
    """Deal cards and record every group's answers; every change is saved at once."""

    CSS_PATH = ["status.tcss", "themeday.tcss"]
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Every key"),
        Binding("q", "quit_app", "Quit", id="td.quit", tooltip="Quit (everything is saved)"),
        Binding("n,right", "step_card(1)", "Next card", id="td.next",
                tooltip="Show the next card"),
        Binding("p,left", "step_card(-1)", "Previous", id="td.prev", show=False,
                tooltip="Show the previous card"),
        Binding("enter", "write", "Answer", id="td.write",
                tooltip="Write the active group's whole answer"),
        Binding("tab", "step_group(1)", "Next group", id="td.next_group",
                show=False, tooltip="Make the next group active"),
        Binding("shift+tab", "step_group(-1)", "Previous group", id="td.prev_group",
                show=False, tooltip="Make the previous group active"),
        *NUMBER_KEYS,
        Binding("0", "other", "Another answer", id="td.other", show=False,
                tooltip="Record another answer than the options, with its text"),
        Binding("e", "export", "Export", id="td.export",
                tooltip="Write the session's notes as Markdown in exports/"),
        Binding("f", "projection", "Projection", id="td.projection",
                tooltip="Show only the card, the answers and the timer"),
        Binding("v", "wall", "Wall", id="td.wall",
                tooltip="Show the card and the answers on the projector, in a second window"),
        Binding("t", "timer", "Timer", id="td.timer", tooltip="Start or pause the round timer"),
        Binding("ctrl+z", "undo", "Undo", id="td.undo", tooltip="Undo the last recorded action"),
        Binding("d", "choose_deck", "Deck", id="td.deck", tooltip="Deal from another deck"),
        Binding("s", "step_scenario", "Scenario", id="td.scenario", show=False,
                tooltip="Show the card's next scenario"),
        Binding("slash", "search", "Find card", id="td.search", show=False,
                tooltip="Pick a card from a searchable list"),
        Binding("m", "toggle_mode", "Plenary/tables", id="td.mode", show=False,
                tooltip="Switch between one card for all and a hand per table"),
        Binding("h", "deal_hands", "Deal hands", id="td.hands", show=False,
                tooltip="Deal each group its own card(s)"),
        Binding("T", "set_timer", "Minutes", id="td.set_timer", show=False,
                tooltip="Set the length of a round"),
        Binding("ctrl+y", "redo", "Redo", id="td.redo", show=False,
                tooltip="Redo what was undone"),
        Binding("i", "details", "Details", id="td.details", show=False,
                tooltip="Show the card's body, sources and more"),
        Binding("k", "mapping", "Influence circle", id="td.mapping", show=False,
                tooltip="Place the influence elements on the circle, group by group"),
        Binding("o", "follow_up", "Follow-up", id="td.followup", show=False,
                tooltip="Record something to follow up: what, who, by when"),
        Binding("r", "rename_group", "Rename group", id="td.rename", show=False,
                tooltip="Give the active group a new name"),
        Binding("N", "next_round", "Next round", id="td.next_round", show=False,
                tooltip="Go on to the programme's next round"),
        Binding("R", "return_to_programme", "Back to the programme", id="td.programme",
                show=False, tooltip="Return to the round of the programme you left"),
        Binding("escape", "leave", "Start screen", id="td.leave", show=False,
                tooltip="Close the session and go to the start screen"),
        Binding("a", "phone_answers", "Phone answers", id="td.phones", show=False,
                tooltip="See the answers from the tables' phones that wait for your accept"),
        Binding("A", "toggle_phone_hold", "Phone answers: accept/at once",
                id="td.phones_hold", show=False,
                tooltip="Switch between recording the tables' phone answers at once and "
                        "holding them for your accept"),
    ]
    DRAFT_KINDS = frozenset({"answer", "followup", "rename"})

    def __init__(self, session: OpenSession) -> None:
        super().__init__(session)
        localize_bindings(self)
        self.day = ThemeDay(session.meta, session.decks, session)
        self._round_seen: tuple[int, bool, object] = (0, False, None)
        """The round, whether away, and the recorded timer, as last drawn."""
        self.inbox = Inbox(inbox_path(session.path))
        """The answers the tables sent from their phones (`cardgame serve` writes it)."""
        self._inbox_problem = ""
        self._phones_held: list[phones.Submission] = []
        """Answers from phones waiting for the facilitator's accept (when so set)."""
        self._told_lost = False
        self._look_again = True
        """Look at the inbox's answers at the next tick even if nothing new came."""

    def compose(self) -> ComposeResult:
        with Container(id="topbar"):
            yield FittedLine(id="where")
            yield RoundTimer(id="timer")
        with Container(id="main"):
            with Container(id="card-column"):
                yield CardView(id="card")
            yield AnswerPanel(id="answers")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        if self.day.missing:
            self.notify(t("notice.missing_decks", decks=", ".join(self.day.missing)),
                        severity="warning", timeout=12)
        if "deck" not in self.session.state.cursor:
            self.day.begin()
        self.day.show_screen(DAY)
        self._round_seen = self._round_now()
        clock = self.day.clock(time.time())
        self.query_one(RoundTimer).restore(clock.minutes, clock.remaining, clock.running)
        self._layout(self.app.size.width)
        self.redraw()
        self.take_phone_answers()
        self.set_interval(PHONES_POLL, self.take_phone_answers)

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)
        self.redraw()

    def _layout(self, width: int) -> None:
        self.set_class(width >= WIDE, "-wide")
        self.set_class(width < NARROW, "-narrow")
        self.query_one(AnswerPanel).set_class(width < NARROW, "-strip")

    def decks_changed(self) -> None:
        """The session now plays with another version of a deck: read it again."""
        self.day = ThemeDay(self.session.meta, self.session.decks, self.session)
        self.redraw()

    # drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the card, the panel and the status line from the session's state."""
        day = self.day
        card = day.card
        self._follow_round()
        self.query_one("#where", FittedLine).show(day_text.where_line(day))
        choices: dict[int, list[str]] = {}
        if isinstance(card, DialogueFormatCard):
            for group in self.session.meta.groups:
                option = day.answer(group.id, card).option
                if option is not None:
                    choices.setdefault(option, []).append(group.name)
        empty = t("card.no_hand") if day.mode == HAND else t("card.no_decks")
        self.query_one(CardView).show(card, scenario=day.scenario_index, choices=choices,
                                      position=self._position_label(), empty=empty,
                                      coming=day.next_card(),
                                      lang=day.deck.info.language if day.deck else "")
        for_room = self.has_class("projection")
        self.query_one(AnswerPanel).show(*day_text.panel(
            day, "" if for_room else day_text.coming(day), for_room=for_room))
        self._draw_status()
        self.refresh_keys()

    def _position_label(self) -> str:
        day = self.day
        if day.mode == HAND:
            return t("card.hand_of", group=possessive(self.session.meta.group_name(day.group)))
        return ""

    def _round_now(self) -> tuple[int, bool, object]:
        day = self.day
        return (day.round_number, day.away, day.state.cursor.get("timer"))

    def _follow_round(self) -> None:
        """A round that started (by n, N, R or an undo) sets the timer to its minutes and
        says so once; leaving the programme says how to come back."""
        now = self._round_now()
        seen, self._round_seen = self._round_seen, now
        if now == seen:
            return
        day = self.day
        one = day.current_round()
        if now[0] != seen[0] and now[2] != seen[2]:  # a round started and set the timer
            clock = day.clock(time.time())
            self.query_one(RoundTimer).restore(clock.minutes, clock.remaining, clock.running)
        if one is not None and now[0] != seen[0]:
            self.notify(t("notice.round_started", n=day.round_number, total=day.rounds_total,
                          title=round_title(one, {d.id: d for d in day.decks}),
                          minutes=one.minutes), timeout=8)
        elif now[1] and not seen[1]:
            self.notify(t("notice.left_programme", n=day.round_number), timeout=8)

    def status_text(self) -> str:
        """Saved or not; then how many answers from phones wait for the facilitator."""
        said = super().status_text()
        if self._phones_held:
            said += f" · {t('phones.waiting', n=len(self._phones_held))}"
        return said

    def _draw_status(self) -> None:
        line = self.query_one("#status", Static)
        line.update(self.status_line())
        line.set_class(not self.session.status.ok, "-error")

    # refusals -------------------------------------------------------------------------------

    def rules(self) -> dict[str, Callable[..., RuleError | None]]:
        day = self.day
        return {"step_card": day.why_not_step_card, "number": day.why_not_number,
                "other": day.why_not_other, "write": day.why_not_card,
                "step_scenario": day.why_not_step_scenario, "search": day.why_not_search,
                "deal_hands": day.why_not_deal_hands, "undo": day.why_not_undo,
                "redo": day.why_not_redo, "step_group": lambda _delta=1: day.why_not_step_group(),
                "next_round": day.why_not_next_round,
                "return_to_programme": day.why_not_return_to_programme,
                "mapping": self.why_not_mapping, "phone_answers": self.why_not_phone_answers}

    def why_not_phone_answers(self) -> RuleError | None:
        return None if self._phones_held else RuleError("phones.none_waiting")

    def why_not_mapping(self) -> RuleError | None:
        if self.app.influence_deck(self.session.meta, self.session.decks) is None:
            return RuleError("error.no_influence_deck_in_session")
        return None

    # actions --------------------------------------------------------------------------------

    def action_step_card(self, delta: int) -> None:
        self.run_step(lambda: self.day.step_card(delta))
        self.query_one(CardView).scroll_home(animate=False)

    def action_step_group(self, delta: int) -> None:
        self.run_step(lambda: self.day.step_group(delta))

    def action_step_scenario(self) -> None:
        self.run_step(self.day.step_scenario)

    def action_number(self, number: int) -> None:
        group = self.day.group
        change = self.run_step(lambda: self.day.record_number(number))
        if isinstance(change, Change) and change.old is not MISSING:
            name = self.session.meta.group_name(group)
            self.notify(t("notice.answer_changed", group=possessive(name), old=change.old,
                          new=change.new), timeout=6)

    def action_other(self) -> None:
        self.write_answer(other=True)

    def action_write(self) -> None:
        self.write_answer()

    def action_choose_deck(self) -> None:
        self.choose_deck()

    def action_search(self) -> None:
        self.search()

    def action_next_round(self) -> None:
        self.run_step(self.day.next_round)
        self.query_one(CardView).scroll_home(animate=False)

    def action_return_to_programme(self) -> None:
        self.run_step(self.day.return_to_programme)
        self.query_one(CardView).scroll_home(animate=False)

    def action_toggle_mode(self) -> None:
        mode = PLENARY if self.day.mode == HAND else HAND
        self.run_step(lambda: self.day.set_mode(mode))

    def action_deal_hands(self) -> None:
        self.deal_hands()

    def action_timer(self) -> None:
        timer = self.query_one(RoundTimer)
        if timer.remaining <= 0:
            self.app.clear_notifications()  # the "time is up" of the last round goes
        timer.toggle()
        self.record_timer()

    def record_timer(self) -> None:
        """Record the timer's state, so that the wall and a reopened session count alike."""
        timer = self.query_one(RoundTimer)
        self.run_step(lambda: self.day.record_timer(timer.running, timer.remaining,
                                                    time.time()))

    def action_set_timer(self) -> None:
        self.ask_minutes()

    def on_round_timer_finished(self, message: RoundTimer.Finished) -> None:
        self.record_timer()
        self.notify(t("timer.done_notice"), title=t("timer.done"), timeout=30)

    def action_undo(self) -> None:
        self.undo_step(self.day.undo, "notice.undone")

    def action_redo(self) -> None:
        self.undo_step(self.day.redo, "notice.redone")

    def action_details(self) -> None:
        view = self.query_one(CardView)
        view.details = not view.details
        self.redraw()

    def action_mapping(self) -> None:
        from cardgame.screens.influence import InfluenceScreen

        deck = self.app.influence_deck(self.session.meta, self.session.decks)
        if deck is None:
            self.notify(t("error.no_influence_deck_in_session"), severity="warning")
            return
        self.run_step(lambda: self.day.show_screen(MAP))
        self.app.push_screen(InfluenceScreen(self.session, deck, owns_session=False))

    def on_screen_resume(self) -> None:
        self.day.show_screen(DAY)  # back from the circle: the wall shows the card again
        self.redraw()

    def action_follow_up(self) -> None:
        self.follow_up()

    def action_rename_group(self) -> None:
        self.rename_group()

    # answers from the tables' phones -----------------------------------------------------------

    def take_phone_answers(self) -> None:
        """Record what the tables sent from their phones since the last look, each as that
        table's answer with a toast ("Bord 3 svarede 4"), or hold them for the facilitator's
        accept when so set. Sent while the app was closed, they are taken on opening."""
        try:
            changed = self.inbox.poll()  # one stat when nothing came
        except OSError as error:
            problem = t("phones.cannot_read", error=os_problem(error))
            if problem != self._inbox_problem:
                self._inbox_problem = problem
                self.notify(problem, severity="warning", timeout=12)
            return
        self._inbox_problem = ""
        if not (changed or self._look_again):
            return
        if self.app.screen is not self:
            self._look_again = True  # a dialog is open (the facilitator may be typing this
            return                   # very answer): after it closes
        self._look_again = False
        waiting = phones.waiting(self.day, self.inbox.submissions)
        lost = phones.lost_track(self.day, self.inbox.submissions)
        if lost and waiting and not self._told_lost:
            self._told_lost = True
            self.notify(t("phones.lost_track"), severity="warning", timeout=20)
        if self.app.settings.phones_hold or lost:
            if [s.id for s in waiting] != [s.id for s in self._phones_held]:
                self._phones_held = waiting
                self._draw_status()
                self.refresh_keys()
            return
        for sub in waiting:
            self.record_phone_answer(sub)

    def record_phone_answer(self, sub: phones.Submission) -> None:
        """Record one answer from a phone as if typed: one undo step, shown at once."""
        name = self.session.meta.group_name(sub.group)
        try:
            phones.record(self.day, sub)
        except CardgameError as wrong:
            phones.decline(self.day, sub)  # said once, and not in the way of the next
            self.notify(t("phones.not_recorded", group=name, error=str(wrong)),
                        severity="warning", timeout=12)
        else:
            key, values = phones.said(sub, self.day)
            self.notify(t(key, **values), title=t("phones.from_phone"), timeout=6)
        self.redraw()
        self.report_saving()

    def action_phone_answers(self) -> None:
        self.accept_phone_answers()

    @work(exclusive=True, group="phones")
    async def accept_phone_answers(self) -> None:
        """Ask about each held answer in turn: record it, decline it, or leave it waiting."""
        while self._phones_held:
            sub = self._phones_held[0]
            key, values = phones.said(sub, self.day)
            typed = "\n".join(f"{t(f'phones.field_{name}')}: {text}"
                               for name, text in phones.in_order(sub, self.day) if text.strip())
            name = self.session.meta.group_name(sub.group)
            chosen = await self.app.push_screen_wait(ChoiceDialog(
                t("phones.accept_title", group=possessive(name)),
                [("accept", t("phones.accept"), ""), ("decline", t("phones.decline"), "")],
                hint=t("phones.accept_question", said=t(key, **values), fields=typed)))
            if chosen is None:
                return
            self._phones_held = self._phones_held[1:]
            if chosen == "accept":
                self.record_phone_answer(sub)
            else:
                phones.decline(self.day, sub)
                self.notify(t("phones.declined", group=possessive(name)), timeout=6)
                self.redraw()
                self.report_saving()
        self.refresh_keys()

    def action_toggle_phone_hold(self) -> None:
        settings = self.app.settings
        settings.phones_hold = not settings.phones_hold
        self.app.save_settings()
        self.notify(t("phones.hold_on" if settings.phones_hold else "phones.hold_off"),
                    timeout=8)
        self._phones_held = []
        self._look_again = True
        self.take_phone_answers()
        self._draw_status()

