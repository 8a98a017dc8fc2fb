"""The theme-day screen: the card on the wall, the groups' answers, the timer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from cardgame.domain.decks import Card, Deck, DialogueFormatCard
from cardgame.domain.errors import CardgameError
from cardgame.domain.followups import add_follow_up
from cardgame.domain.themeday import HAND, OTHER_OPTION, PLENARY, ThemeDay
from cardgame.i18n import t
from cardgame.screens.dialogs import ChoiceDialog, NumberDialog, TextDialog
from cardgame.screens.steps import run_step
from cardgame.storage.store import OpenSession
from cardgame.widgets.answer_panel import AnswerPanel, GroupRow
from cardgame.widgets.card_view import CardView
from cardgame.widgets.localize import localize_bindings
from cardgame.widgets.timer import RoundTimer

NUMBER_KEYS = [Binding(str(n), f"number({n})", f"Record {n}", id=f"td.number{n}", show=False)
               for n in range(1, 10)]


class ThemeDayScreen(Screen[None]):
    """Deal cards and record every group's answers; every change is saved at once."""

    BINDINGS = [
        Binding("n,right", "step_card(1)", "Next card", id="td.next",
                tooltip="Show the next card"),
        Binding("p,left", "step_card(-1)", "Previous", id="td.prev", show=False,
                tooltip="Show the previous card"),
        Binding("tab", "step_group(1)", "Next group", id="td.next_group", priority=True,
                tooltip="Make the next group active"),
        Binding("shift+tab", "step_group(-1)", "Previous group", id="td.prev_group",
                priority=True, show=False, tooltip="Make the previous group active"),
        *NUMBER_KEYS,
        Binding("0", "other", "Another answer", id="td.other", show=False,
                tooltip="Record another answer than the options, with its text"),
        Binding("enter", "write", "Answer", id="td.write",
                tooltip="Write the active group's whole answer"),
        Binding("s", "step_scenario", "Scenario", id="td.scenario",
                tooltip="Show the card's next scenario"),
        Binding("d", "choose_deck", "Deck", id="td.deck", tooltip="Deal from another deck"),
        Binding("slash", "search", "Find card", id="td.search", show=False,
                tooltip="Pick a card from a searchable list"),
        Binding("m", "toggle_mode", "Plenary/tables", id="td.mode", show=False,
                tooltip="Switch between one card for all and a hand per table"),
        Binding("h", "deal_hands", "Deal hands", id="td.hands", show=False,
                tooltip="Deal each group its own card(s)"),
        Binding("t", "timer", "Timer", id="td.timer", tooltip="Start or pause the round timer"),
        Binding("T", "set_timer", "Minutes", id="td.set_timer", show=False,
                tooltip="Set the length of a round"),
        Binding("ctrl+z", "undo", "Undo", id="td.undo", tooltip="Undo the last recorded action"),
        Binding("ctrl+y", "redo", "Redo", id="td.redo", show=False,
                tooltip="Redo what was undone"),
        Binding("e", "export", "Export", id="td.export",
                tooltip="Write the session's notes as Markdown in exports/"),
        Binding("f", "projection", "Projection", id="td.projection",
                tooltip="Show only the card and the answers"),
        Binding("i", "details", "Details", id="td.details", show=False,
                tooltip="Show the card's body, sources and more"),
        Binding("k", "mapping", "Influence circle", id="td.mapping", show=False,
                tooltip="Place the influence elements on the circle, group by group"),
        Binding("o", "follow_up", "Follow-up", id="td.followup", show=False,
                tooltip="Record something to follow up: what, who, by when"),
        Binding("r", "rename_group", "Rename group", id="td.rename", show=False,
                tooltip="Give the active group a new name"),
        Binding("escape", "leave", "Start screen", id="td.leave", show=False,
                tooltip="Close the session and go to the start screen"),
        Binding("q", "quit_app", "Quit", id="td.quit", tooltip="Save and quit"),
    ]

    def __init__(self, session: OpenSession, decks: dict[str, Deck]) -> None:
        super().__init__()
        localize_bindings(self)
        self.session = session
        self.day = ThemeDay(session.meta, decks, session)
        self._save_failed = False
        self._keys_signature: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(id="where")
            yield RoundTimer(id="timer")
        with Horizontal(id="main"):
            with VerticalScroll(id="card-scroll"):
                yield CardView(id="card")
            yield AnswerPanel(id="answers")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        if self.day.missing:
            self.notify(t("notice.missing_decks", decks=", ".join(self.day.missing)),
                        severity="warning", timeout=12)
        if self.day.deck is not None and "deck" not in self.session.state.cursor:
            self.day.choose_deck(self.day.deck.id)
        self.redraw()

    def on_resize(self, event) -> None:  # noqa: ANN001 - events.Resize
        self.set_class(event.size.width >= 120, "-wide")

    def on_unmount(self) -> None:
        self.session.close()

    # drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the card, the panel and the status line from the session's state."""
        day = self.day
        card, deck = day.card, day.deck
        position, total = day.position()
        where = [self.session.meta.title]
        if deck is not None:
            where.append(deck.info.title)
            if total:
                key = "where.hand" if day.mode == HAND else "where.card"
                where.append(t(key, n=position, total=total,
                               group=self.session.meta.group_name(day.group)))
            where.append(t("where.done", n=day.done_count(), total=len(deck.cards)))
            where.append(t("where.shuffled") if day.shuffled() else t("where.in_order"))
        self.query_one("#where", Static).update(" · ".join(where), layout=False)
        choices: dict[int, list[str]] = {}
        if isinstance(card, DialogueFormatCard):
            scenario = card.scenarios[day.scenario_index].id
            for group in self.session.meta.groups:
                option = day.answer(group.id, card, scenario).option
                if option is not None:
                    choices.setdefault(option, []).append(group.name)
        empty = t("card.no_hand") if day.mode == HAND else t("card.no_decks")
        self.query_one(CardView).show(card, scenario=day.scenario_index, choices=choices,
                                      position=self._position_label(), empty=empty)
        self._draw_panel()
        self._draw_status()
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Redraw the footer only when the keys it offers change: recomposing it on every key
        costs more than the rest of the redraw."""
        card = self.day.card
        signature = (type(card).__name__,
                     len(card.scenarios) if isinstance(card, DialogueFormatCard) else 0,
                     self.session.state.can_undo, self.session.state.can_redo,
                     self.day.deck is not None)
        if signature != self._keys_signature:
            self._keys_signature = signature
            self.refresh_bindings()

    def _position_label(self) -> str:
        day = self.day
        if day.mode == HAND:
            return t("card.hand_of", group=self.session.meta.group_name(day.group))
        return ""

    def _draw_panel(self) -> None:
        day, meta = self.day, self.session.meta
        card, deck = day.card, day.deck
        rows: list[GroupRow] = []
        detail: list[tuple[str, str]] = []
        if card is None or deck is None:
            self.query_one(AnswerPanel).show(t("panel.title"), rows, detail)
            return
        waiting = day.answering_groups(card.id)
        for group in meta.groups:
            if day.mode == HAND:
                hand = [deck.card(c) for c in day.hand(group.id)]
                done = bool(hand) and all(day.answered(group.id, c) for c in hand)
                if len(hand) == 1:
                    summary = f"{hand[0].title} {self._summary(group.id, hand[0])}".strip()
                else:
                    summary = t("panel.cards", n=len(hand))
                rows.append(GroupRow(group.name, group.id == day.group, done, summary,
                                     bool(hand)))
                continue
            if isinstance(card, DialogueFormatCard):
                scenario = card.scenarios[day.scenario_index].id
                done = day.answer(group.id, card, scenario).option is not None
            else:
                done = day.answered(group.id, card)
            rows.append(GroupRow(group.name, group.id == day.group, done,
                                 self._summary(group.id), group.id in waiting))
        answer = day.answer(day.group)
        if deck.kind == "welfare-theme":
            rating = f"{answer.rating} / 5  " + "★" * answer.rating + "☆" * (5 - answer.rating) \
                if answer.rating else ""
            detail = [(t("panel.rating"), rating), (t("panel.note"), answer.note)]
            hint = t("hint.welfare")
        elif isinstance(card, DialogueFormatCard):
            scenario = card.scenarios[day.scenario_index]
            chosen = ""
            if answer.option == OTHER_OPTION:
                chosen = f"{t('card.other')}: {answer.other}"
            elif answer.option:
                chosen = f"{answer.option}: {scenario.options[answer.option - 1]}"
            detail = [(t("panel.choice"), chosen), (t("panel.reason"), answer.reason)]
            hint = t("hint.format", high=len(scenario.options))
            if len(card.scenarios) > 1:
                hint += " · " + t("hint.scenario")
        else:
            detail = [(t("panel.challenges"), answer.challenges),
                      (t("panel.levers"), answer.levers)]
            hint = t("hint.role")
        title = t("panel.title_hand") if day.mode == HAND else t("panel.title")
        self.query_one(AnswerPanel).show(f"{title} · {meta.group_name(day.group)}", rows,
                                         detail, hint)

    def _summary(self, group: str, card: Card | None = None) -> str:
        """A few characters of a group's answer on a card (the card showing by default)."""
        day = self.day
        card, deck = card or day.card, day.deck
        if card is None or deck is None:
            return ""
        answer = day.answer(group, card)
        if deck.kind == "welfare-theme":
            text = f"{answer.rating}/5" if answer.rating else ""
            return text + (" ¶" if answer.note else "")
        if isinstance(card, DialogueFormatCard):
            if answer.option is None:
                return ""
            text = t("panel.other_short") if answer.option == OTHER_OPTION else str(answer.option)
            return text + (" ¶" if answer.reason else "")
        return "¶" if answer.challenges or answer.levers else ""

    def _draw_status(self) -> None:
        status = self.session.status
        line = self.query_one("#status", Static)
        if not status.ok:
            line.update(t("status.save_failed", error=status.error, n=status.pending),
                        layout=False)
            line.add_class("-error")
            if not self._save_failed:
                self.notify(t("status.save_failed", error=status.error, n=status.pending),
                            severity="error", timeout=20)
            self._save_failed = True
        else:
            if self._save_failed:
                self.notify(t("status.saved_again"), timeout=6)
            self._save_failed = False
            line.remove_class("-error")
            line.update(t("status.saved", path=self.session.path.name,
                          n=len(self.session.events)), layout=False)

    # actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card, deck = self.day.card, self.day.deck
        if action == "step_scenario":
            return isinstance(card, DialogueFormatCard) and len(card.scenarios) > 1
        if action == "other":
            return isinstance(card, DialogueFormatCard)
        if action == "number":
            return deck is not None and deck.kind != "politician-role"
        if action == "undo":
            return self.session.state.can_undo or None
        if action == "redo":
            return self.session.state.can_redo or None
        if action == "deal_hands":
            return deck is not None
        if action == "mapping":
            return any(ref.kind == "influence-element" for ref in self.session.meta.decks)
        return True

    def _run(self, step) -> None:  # noqa: ANN001 - a callable
        """Do one domain step, explain a refused one, then redraw."""
        run_step(self, step, self.redraw)

    def action_step_card(self, delta: int) -> None:
        self._run(lambda: self.day.step_card(delta))
        self.query_one("#card-scroll").scroll_home(animate=False)

    def action_step_group(self, delta: int) -> None:
        self._run(lambda: self.day.step_group(delta))

    def action_step_scenario(self) -> None:
        self._run(self.day.step_scenario)

    def action_number(self, number: int) -> None:
        self._run(lambda: self.day.record_number(number))

    def action_other(self) -> None:
        answer = self.day.answer(self.day.group)
        fields = [("other", t("dialog.other_label"), answer.other)]

        def save(values: dict[str, str] | None) -> None:
            if values is not None and values["other"].strip():
                self._run(lambda: self.day.record_other(values["other"]))

        self.app.push_screen(TextDialog(self._dialog_title(t("dialog.other_title")), fields),
                             save)

    def _dialog_title(self, what: str) -> str:
        card = self.day.card
        group = self.session.meta.group_name(self.day.group)
        return f"{what} · {group}" + (f" · {card.title}" if card else "")

    def action_write(self) -> None:
        """Open the active group's whole answer for writing; saving records it as one step."""
        day = self.day
        card = day.card
        if card is None:
            return
        answer = day.answer(day.group)
        labels = {"rating": t("dialog.rating_label"), "note": t("panel.note"),
                  "other": t("dialog.other_label"), "reason": t("panel.reason"),
                  "challenges": t("panel.challenges"), "levers": t("panel.levers")}
        if isinstance(card, DialogueFormatCard):
            labels["option"] = t("dialog.option_label",
                                 high=len(card.scenarios[day.scenario_index].options))
        values = {"rating": str(answer.rating or ""), "option": "" if answer.option is None
                  else str(answer.option), "note": answer.note, "other": answer.other,
                  "reason": answer.reason, "challenges": answer.challenges,
                  "levers": answer.levers}
        fields = [(name, labels[name], values[name]) for name in day.answer_fields()]

        def save(typed: dict[str, str] | None) -> None:
            if typed is not None:
                self._run(lambda: day.record_answer(typed))

        self.app.push_screen(TextDialog(self._dialog_title(t("dialog.write_title")), fields),
                             save)

    def action_choose_deck(self) -> None:
        day = self.day
        choices = [(d.id, t("dialog.deck_line", title=d.info.title, done=day.done_count(d),
                             total=len(d.cards)), d.kind) for d in day.decks]
        current = day.deck.id if day.deck else None

        def chosen(deck_id: str | None) -> None:
            if deck_id is None:
                return
            deck = next(d for d in day.decks if d.id == deck_id)
            orders = [("order", t("dialog.order_deck"), ""),
                      ("shuffle", t("dialog.order_shuffle"), "")]
            if day.state.seeds.get(deck_id):
                orders.insert(0, ("keep", t("dialog.order_keep"), ""))

            def ordered(order: str | None) -> None:
                if order is None:
                    return
                shuffle = None if order == "keep" else order == "shuffle"
                self._run(lambda: day.choose_deck(deck_id, shuffle))

            self.app.push_screen(ChoiceDialog(t("dialog.order_title", deck=deck.info.title),
                                              orders), ordered)

        self.app.push_screen(ChoiceDialog(t("dialog.deck_title"), choices, current=current),
                             chosen)

    def action_search(self) -> None:
        day, deck = self.day, self.day.deck
        if deck is None:
            return
        choices = []
        for number, card_id in enumerate(day.order(), start=1):
            card = deck.card(card_id)
            mark = "✓" if day.card_done(card_id) else " "
            holder = day.holder(card_id)
            owner = f"  ({self.session.meta.group_name(holder)})" if holder else ""
            choices.append((card_id, f"{mark} {number:>3}. {card.title}{owner}",
                            " ".join([card.summary, *card.tags])))
        current = day.card.id if day.card else None
        self.app.push_screen(
            ChoiceDialog(t("dialog.search_title", deck=deck.info.title), choices,
                         searchable=True, current=current),
            lambda card_id: card_id and self._run(lambda: day.goto_card(card_id)))

    def action_toggle_mode(self) -> None:
        mode = PLENARY if self.day.mode == HAND else HAND
        self._run(lambda: self.day.set_mode(mode))

    def action_deal_hands(self) -> None:
        def deal(count: int | None) -> None:
            if count is None:
                return

            def step() -> None:
                dealt = self.day.deal_hands(count)
                wanted = count * len(self.session.meta.groups)
                if dealt < wanted:
                    self.notify(t("notice.deck_ran_out", n=dealt, wanted=wanted),
                                severity="warning")

            self._run(step)

        self.app.push_screen(NumberDialog(t("dialog.hands_title"), t("dialog.hands_label"), 1,
                                          1, 9), deal)

    def action_timer(self) -> None:
        self.query_one(RoundTimer).toggle()

    def action_set_timer(self) -> None:
        timer = self.query_one(RoundTimer)

        def set_minutes(minutes: int | None) -> None:
            if minutes is not None:
                timer.set_minutes(minutes)

        self.app.push_screen(NumberDialog(t("dialog.timer_title"), t("dialog.timer_label"),
                                          timer.minutes, 1, 180), set_minutes)

    def on_round_timer_finished(self, message: RoundTimer.Finished) -> None:
        self.notify(t("timer.done_notice"), title=t("timer.done"), timeout=30)

    def action_undo(self) -> None:
        self._run(self.day.undo)

    def action_redo(self) -> None:
        self._run(self.day.redo)

    def action_export(self) -> None:
        self.app.export_session(self.session)

    def action_projection(self) -> None:
        self.toggle_class("projection")

    def action_details(self) -> None:
        view = self.query_one(CardView)
        view.details = not view.details
        self.redraw()

    def action_mapping(self) -> None:
        from cardgame.screens.influence import InfluenceScreen

        deck = self.app.influence_deck(self.session.meta)
        if deck is None:
            self.notify(t("error.no_influence_deck_in_session"), severity="warning")
            return
        self.app.push_screen(InfluenceScreen(self.session, deck, owns_session=False))

    def on_screen_resume(self) -> None:
        self.redraw()

    def action_follow_up(self) -> None:
        fields = [("what", t("dialog.followup_what"), ""), ("who", t("dialog.followup_who"), ""),
                  ("due", t("dialog.followup_due"), "")]

        def save(values: dict[str, str] | None) -> None:
            if values is None:
                return

            def record() -> None:
                add_follow_up(self.session, values["what"], values["who"], values["due"])
                self.notify(t("notice.followup_saved", what=values["what"].strip()))

            self._run(record)

        self.app.push_screen(TextDialog(t("dialog.followup_title"), fields), save)

    def action_rename_group(self) -> None:
        meta = self.session.meta
        group = meta.group(self.day.group)
        if group is None:
            return

        def rename(values: dict[str, str] | None) -> None:
            name = (values or {}).get("name", "").strip()
            if not name or name == group.name:
                return
            if any(g.name == name for g in meta.groups):
                self.notify(t("error.group_name_taken", name=name), severity="warning")
                return
            groups = [g.model_copy(update={"name": name}) if g.id == group.id else g
                      for g in meta.groups]
            try:
                self.session.update_meta(meta.model_copy(update={"groups": groups}))
            except CardgameError as error:
                self.notify(str(error), severity="error", timeout=15)
            self.day.meta = self.session.meta
            self.redraw()

        self.app.push_screen(TextDialog(t("dialog.rename_title", group=group.name),
                                        [("name", t("dialog.rename_label"), group.name)]),
                             rename)

    def action_leave(self) -> None:
        if self.has_class("projection"):
            self.remove_class("projection")
            return
        self.app.pop_screen()

    def action_quit_app(self) -> None:
        self.session.close()
        self.app.exit(0)
