"""The theme day's dialog flows, as methods of its screen, each reading top to bottom.

Each flow is a worker of the screen: it asks (`push_screen_wait`), and turns the answer into
one domain step through `run_step`. The answer dialog checks the whole answer with the domain
before it closes, so a wrong rating is marked and the reason typed below it stays.
`ThemeDayScreen` is made of these flows and of what it draws (`themeday`).
"""

from __future__ import annotations

from textual import work

from cardgame.domain.answers import MULTILINE
from cardgame.domain.decks import DialogueFormatCard
from cardgame.domain.errors import CardgameError
from cardgame.domain.followups import add_follow_up, check_follow_up
from cardgame.domain.session import GROUP_NAME_MAX
from cardgame.domain.session import rename_group as renamed
from cardgame.domain.themeday import TIMER_MAX, ThemeDay
from cardgame.i18n import join_names, t
from cardgame.screens.dialogs import ChoiceDialog, Field, NumberDialog, TextDialog
from cardgame.screens.frame import TOAST_SECONDS, SessionScreen
from cardgame.storage.drafts import Draft
from cardgame.widgets.timer import RoundTimer


class ThemeDayDialogs(SessionScreen):
    """The dialogs of the theme-day screen: answers, decks, cards, hands, the timer,
    follow-ups, renaming, and a crash's draft brought back."""

    day: ThemeDay

    def dialog_title(self, what: str) -> str:
        card = self.day.card
        group = self.session.meta.group_name(self.day.group)
        return f"{what} · {group}" + (f" · {card.title}" if card else "")

    # answers ------------------------------------------------------------------------------

    def answer_fields(self, values: dict[str, str] | None = None,
                      other: bool = False) -> list[Field]:
        """The fields of the active group's whole answer, filled with what it has (or
        `values`)."""
        day = self.day
        card = day.card
        answer = day.answer(day.group)
        labels = {"rating": t("dialog.rating_label"), "note": t("panel.note"),
                  "other": t("dialog.other_label"), "reason": t("panel.reason"),
                  "challenges": t("panel.challenges"), "levers": t("panel.levers")}
        if isinstance(card, DialogueFormatCard):  # the options under their number (N18)
            options = card.scenarios[day.scenario_index].options
            labels["option"] = "\n".join([t("dialog.option_label", high=len(options)),
                                          *(f"  {n}  {text}" for n, text in
                                            enumerate(options, start=1))])
        names = list(day.answer_fields())
        current = {name: answer.field(name) for name in names}
        if other:
            current["option"] = "0"
            names = ["other", "option", "reason"]
        recorded = dict(current)
        current.update(values or {})
        return [Field(name, labels[name], current.get(name, ""), multiline=name in MULTILINE,
                      saved=recorded.get(name, "")) for name in names]

    def write_answer(self, values: dict[str, str] | None = None, other: bool = False) -> None:
        """The active group's whole answer: rating or choice, reason …, as one undo step."""
        refused = self.day.why_not_other() if other else self.day.why_not_card()
        if refused is not None:
            self.notify(str(refused), severity="warning")
            return
        self.ask_answer(values, other)

    @work(group="dialog", exclusive=True)
    async def ask_answer(self, values: dict[str, str] | None, other: bool) -> None:
        day = self.day
        card = day.card
        assert card is not None
        target = {"deck": day.deck.id if day.deck else "", "card": card.id, "group": day.group,
                  "scenario": day.scenario or ""}
        title = self.dialog_title(t("dialog.other_title" if other else "dialog.write_title"))
        typed = await self.app.push_screen_wait(TextDialog(
            title, self.answer_fields(values, other), check=day.check_answer,
            on_draft=self.keep_draft("answer", target, title)))
        self.drafts.clear()
        if typed is not None:
            self.run_step(lambda: day.record_answer(typed))

    # decks and cards ----------------------------------------------------------------------

    @work(group="dialog", exclusive=True)
    async def choose_deck(self) -> None:
        day = self.day
        if not day.decks:
            self.notify(t("error.no_decks"), severity="warning")
            return
        choices = [(d.id, t("dialog.deck_line", title=d.info.title, done=day.done_count(d),
                             total=len(d.cards)), d.kind) for d in day.decks]
        deck_id = await self.app.push_screen_wait(ChoiceDialog(
            t("dialog.deck_title"), choices, current=day.deck.id if day.deck else None))
        if deck_id is None:
            return
        deck = next(d for d in day.decks if d.id == deck_id)
        orders = [("order", t("dialog.order_deck"), ""),
                  ("shuffle", t("dialog.order_shuffle"), "")]
        if day.state.seeds.get(deck_id):
            orders.insert(0, ("keep", t("dialog.order_keep"), ""))
        order = await self.app.push_screen_wait(ChoiceDialog(
            t("dialog.order_title", deck=deck.info.title), orders))
        if order is None:
            return
        shuffle = None if order == "keep" else order == "shuffle"
        self.run_step(lambda: day.choose_deck(deck_id, shuffle))

    @work(group="dialog", exclusive=True)
    async def search(self) -> None:
        day, deck = self.day, self.day.deck
        if deck is None:
            return
        choices = []
        for number, listed in enumerate(day.order(), start=1):
            card = deck.card(listed)
            mark = "✓" if day.card_done(listed) else " "
            holder = day.holder(listed)
            owner = f"  ({self.session.meta.group_name(holder)})" if holder else ""
            choices.append((listed, f"{mark} {number:>3}. {card.title}{owner}",
                            " ".join([card.summary, *card.tags])))
        card_id: str | None = await self.app.push_screen_wait(ChoiceDialog(
            t("dialog.search_title", deck=deck.info.title), choices, searchable=True,
            current=day.card.id if day.card else None))
        if card_id:
            self.run_step(lambda: day.goto_card(card_id))

    @work(group="dialog", exclusive=True)
    async def deal_hands(self) -> None:
        """A card each for the tables a round left without one (staying in the round, N2);
        else as many more cards per table as the facilitator says."""
        if self.day.cardless_tables():
            dealt = self.run_step(self.day.deal_to_cardless)
            if isinstance(dealt, list) and dealt:
                names = [self.session.meta.group_name(group) for group in dealt]
                self.notify(t("notice.dealt_cardless", n=len(names), names=join_names(names)),
                            timeout=TOAST_SECONDS)
            return
        count = await self.app.push_screen_wait(NumberDialog(
            t("dialog.hands_title"), t("dialog.hands_label"), 1, 1, 9))
        if count is None:
            return
        dealt = self.run_step(lambda: self.day.deal_hands(count))
        wanted = count * len(self.session.meta.groups)
        if isinstance(dealt, int) and dealt < wanted:
            self.notify(t("notice.deck_ran_out", n=dealt, wanted=wanted), severity="warning")

    @work(group="dialog", exclusive=True)
    async def ask_minutes(self) -> None:
        timer = self.query_one(RoundTimer)
        minutes = await self.app.push_screen_wait(NumberDialog(
            t("dialog.timer_title"), t("dialog.timer_label"), timer.minutes, 1, TIMER_MAX))
        if minutes is not None:
            self.run_step(lambda: self.day.set_timer(minutes))
            timer.set_minutes(self.day.timer_minutes)

    # follow-ups and groups ----------------------------------------------------------------

    @work(group="dialog", exclusive=True)
    async def follow_up(self, values: dict[str, str] | None = None) -> None:
        values = values or {}
        title = t("dialog.followup_title")
        fields = [Field("what", t("dialog.followup_what"), values.get("what", ""),
                        multiline=True, saved=""),
                  Field("who", t("dialog.followup_who"), values.get("who", ""), max_length=120,
                        saved=""),
                  Field("due", t("dialog.followup_due"), values.get("due", ""), max_length=40,
                        saved="")]
        typed = await self.app.push_screen_wait(TextDialog(
            title, fields, check=check_follow_up,
            on_draft=self.keep_draft("followup", {}, title)))
        self.drafts.clear()
        if typed is None:
            return
        if self.run_step(lambda: add_follow_up(self.session, typed["what"], typed["who"],
                                               typed["due"])) is not None:
            self.notify(t("notice.followup_saved", what=" ".join(typed["what"].split())))

    @work(group="dialog", exclusive=True)
    async def rename_group(self, values: dict[str, str] | None = None) -> None:
        meta = self.session.meta
        group = meta.group(self.day.group)
        if group is None:
            return

        def check(typed: dict[str, str]) -> None:
            renamed(self.session.meta, group.id, typed["name"])

        title = t("dialog.rename_title", group=group.name)
        typed = await self.app.push_screen_wait(TextDialog(
            title, [Field("name", t("dialog.rename_label", high=GROUP_NAME_MAX),
                          (values or {}).get("name", group.name), max_length=GROUP_NAME_MAX,
                          saved=group.name)],
            check=check, on_draft=self.keep_draft("rename", {"group": group.id}, title)))
        self.drafts.clear()
        if typed is None:
            return

        def step() -> None:
            fresh = renamed(self.session.meta, group.id, typed["name"])
            if fresh is not None:
                self.session.update_meta(fresh)
                self.day.meta = self.session.meta

        self.run_step(step)

    # drafts -------------------------------------------------------------------------------

    def restore_draft(self, draft: Draft) -> None:
        """Open the dialog a crash interrupted again, where it was, with what was typed."""
        day = self.day
        if draft.kind == "answer":
            target = draft.target
            try:
                if target.get("deck") and day.deck and target["deck"] != day.deck.id:
                    day.choose_deck(target["deck"])
                if target.get("card"):
                    day.goto_card(target["card"])
                fields = {"group": target.get("group", ""),
                          "scenario": target.get("scenario", "")}
                self.session.view(**{k: v for k, v in fields.items() if v})
            except CardgameError as error:
                self.notify(str(error), severity="warning")
            self.redraw()
            self.write_answer(draft.values)
        elif draft.kind == "followup":
            self.follow_up(draft.values)
        elif draft.kind == "rename":
            if draft.target.get("group"):
                self.session.view(group=draft.target["group"])
            self.rename_group(draft.values)
