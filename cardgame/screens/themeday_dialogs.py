"""The dialogs of the theme day, each a flow that reads top to bottom.

Each flow runs in a worker of the screen: it asks (`push_screen_wait`), and turns the answer
into one domain step through `run_step`. The answer dialog checks the whole answer with the
domain before it closes, so a wrong rating is marked and the reason typed below it stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Coroutine

from cardgame.domain.answers import MULTILINE
from cardgame.domain.decks import DialogueFormatCard
from cardgame.domain.errors import CardgameError
from cardgame.domain.followups import add_follow_up, check_follow_up
from cardgame.domain.session import GROUP_NAME_MAX
from cardgame.domain.session import rename_group as renamed
from cardgame.domain.themeday import TIMER_MAX
from cardgame.i18n import t
from cardgame.screens.dialogs import ChoiceDialog, Field, NumberDialog, TextDialog
from cardgame.storage.drafts import Draft
from cardgame.widgets.timer import RoundTimer

if TYPE_CHECKING:
    from cardgame.screens.themeday import ThemeDayScreen


def _run(screen: ThemeDayScreen, flow: Coroutine[Any, Any, None]) -> None:
    screen.run_worker(flow, group="dialog", exclusive=True)


def _title(screen: ThemeDayScreen, what: str) -> str:
    card = screen.day.card
    group = screen.session.meta.group_name(screen.day.group)
    return f"{what} · {group}" + (f" · {card.title}" if card else "")


# answers ------------------------------------------------------------------------------------

def answer_fields(screen: ThemeDayScreen, values: dict[str, str] | None = None,
                  other: bool = False) -> list[Field]:
    """The fields of the active group's whole answer, filled with what it has (or `values`)."""
    day = screen.day
    card = day.card
    answer = day.answer(day.group)
    labels = {"rating": t("dialog.rating_label"), "note": t("panel.note"),
              "other": t("dialog.other_label"), "reason": t("panel.reason"),
              "challenges": t("panel.challenges"), "levers": t("panel.levers")}
    if isinstance(card, DialogueFormatCard):
        labels["option"] = t("dialog.option_label",
                             high=len(card.scenarios[day.scenario_index].options))
    names = list(day.answer_fields())
    current = {name: answer.field(name) for name in names}
    if other:
        current["option"] = "0"
        names = ["other", "option", "reason"]
    recorded = dict(current)
    current.update(values or {})
    return [Field(name, labels[name], current.get(name, ""), multiline=name in MULTILINE,
                  saved=recorded.get(name, "")) for name in names]


def write_answer(screen: ThemeDayScreen, values: dict[str, str] | None = None,
                 other: bool = False) -> None:
    """The active group's whole answer: rating or choice, reason …, as one undo step."""
    refused = screen.day.refusal("other" if other else "write")
    if refused is not None:
        screen.notify(str(refused), severity="warning")
        return
    _run(screen, _write_answer(screen, values, other))


async def _write_answer(screen: ThemeDayScreen, values: dict[str, str] | None,
                        other: bool) -> None:
    day = screen.day
    card = day.card
    assert card is not None
    target = {"deck": day.deck.id if day.deck else "", "card": card.id, "group": day.group,
              "scenario": day.scenario or ""}
    title = _title(screen, t("dialog.other_title" if other else "dialog.write_title"))
    typed = await screen.app.push_screen_wait(TextDialog(
        title, answer_fields(screen, values, other), check=day.check_answer,
        on_draft=screen.keep_draft("answer", target, title)))
    screen.drafts.clear()
    if typed is not None:
        screen.run_step(lambda: day.record_answer(typed))


# decks and cards ----------------------------------------------------------------------------

def choose_deck(screen: ThemeDayScreen) -> None:
    _run(screen, _choose_deck(screen))


async def _choose_deck(screen: ThemeDayScreen) -> None:
    day = screen.day
    if not day.decks:
        screen.notify(t("error.no_decks"), severity="warning")
        return
    choices = [(d.id, t("dialog.deck_line", title=d.info.title, done=day.done_count(d),
                         total=len(d.cards)), d.kind) for d in day.decks]
    deck_id = await screen.app.push_screen_wait(ChoiceDialog(
        t("dialog.deck_title"), choices, current=day.deck.id if day.deck else None))
    if deck_id is None:
        return
    deck = next(d for d in day.decks if d.id == deck_id)
    orders = [("order", t("dialog.order_deck"), ""), ("shuffle", t("dialog.order_shuffle"), "")]
    if day.state.seeds.get(deck_id):
        orders.insert(0, ("keep", t("dialog.order_keep"), ""))
    order = await screen.app.push_screen_wait(ChoiceDialog(
        t("dialog.order_title", deck=deck.info.title), orders))
    if order is None:
        return
    shuffle = None if order == "keep" else order == "shuffle"
    screen.run_step(lambda: day.choose_deck(deck_id, shuffle))


def search(screen: ThemeDayScreen) -> None:
    _run(screen, _search(screen))


async def _search(screen: ThemeDayScreen) -> None:
    day, deck = screen.day, screen.day.deck
    if deck is None:
        return
    choices = []
    for number, listed in enumerate(day.order(), start=1):
        card = deck.card(listed)
        mark = "✓" if day.card_done(listed) else " "
        holder = day.holder(listed)
        owner = f"  ({screen.session.meta.group_name(holder)})" if holder else ""
        choices.append((listed, f"{mark} {number:>3}. {card.title}{owner}",
                        " ".join([card.summary, *card.tags])))
    card_id: str | None = await screen.app.push_screen_wait(ChoiceDialog(
        t("dialog.search_title", deck=deck.info.title), choices, searchable=True,
        current=day.card.id if day.card else None))
    if card_id:
        screen.run_step(lambda: day.goto_card(card_id))


def deal_hands(screen: ThemeDayScreen) -> None:
    _run(screen, _deal_hands(screen))


async def _deal_hands(screen: ThemeDayScreen) -> None:
    count = await screen.app.push_screen_wait(NumberDialog(
        t("dialog.hands_title"), t("dialog.hands_label"), 1, 1, 9))
    if count is None:
        return
    dealt = screen.run_step(lambda: screen.day.deal_hands(count))
    wanted = count * len(screen.session.meta.groups)
    if isinstance(dealt, int) and dealt < wanted:
        screen.notify(t("notice.deck_ran_out", n=dealt, wanted=wanted), severity="warning")


def set_timer(screen: ThemeDayScreen) -> None:
    _run(screen, _set_timer(screen))


async def _set_timer(screen: ThemeDayScreen) -> None:
    timer = screen.query_one(RoundTimer)
    minutes = await screen.app.push_screen_wait(NumberDialog(
        t("dialog.timer_title"), t("dialog.timer_label"), timer.minutes, 1, TIMER_MAX))
    if minutes is not None:
        screen.run_step(lambda: screen.day.set_timer(minutes))
        timer.set_minutes(screen.day.timer_minutes)


# follow-ups and groups ----------------------------------------------------------------------

def follow_up(screen: ThemeDayScreen, values: dict[str, str] | None = None) -> None:
    _run(screen, _follow_up(screen, values or {}))


async def _follow_up(screen: ThemeDayScreen, values: dict[str, str]) -> None:
    title = t("dialog.followup_title")
    fields = [Field("what", t("dialog.followup_what"), values.get("what", ""), multiline=True,
                    saved=""),
              Field("who", t("dialog.followup_who"), values.get("who", ""), max_length=120,
                    saved=""),
              Field("due", t("dialog.followup_due"), values.get("due", ""), max_length=40,
                    saved="")]
    typed = await screen.app.push_screen_wait(TextDialog(
        title, fields, check=check_follow_up,
        on_draft=screen.keep_draft("followup", {}, title)))
    screen.drafts.clear()
    if typed is None:
        return
    if screen.run_step(lambda: add_follow_up(screen.session, typed["what"], typed["who"],
                                             typed["due"])) is not None:
        screen.notify(t("notice.followup_saved", what=" ".join(typed["what"].split())))


def rename_group(screen: ThemeDayScreen, values: dict[str, str] | None = None) -> None:
    _run(screen, _rename_group(screen, values))


async def _rename_group(screen: ThemeDayScreen, values: dict[str, str] | None) -> None:
    meta = screen.session.meta
    group = meta.group(screen.day.group)
    if group is None:
        return

    def check(typed: dict[str, str]) -> None:
        renamed(screen.session.meta, group.id, typed["name"])

    title = t("dialog.rename_title", group=group.name)
    typed = await screen.app.push_screen_wait(TextDialog(
        title, [Field("name", t("dialog.rename_label", high=GROUP_NAME_MAX),
                      (values or {}).get("name", group.name), max_length=GROUP_NAME_MAX,
                      saved=group.name)],
        check=check, on_draft=screen.keep_draft("rename", {"group": group.id}, title)))
    screen.drafts.clear()
    if typed is None:
        return

    def step() -> None:
        fresh = renamed(screen.session.meta, group.id, typed["name"])
        if fresh is not None:
            screen.session.update_meta(fresh)
            screen.day.meta = screen.session.meta

    screen.run_step(step)


# drafts -------------------------------------------------------------------------------------

def restore(screen: ThemeDayScreen, draft: Draft) -> None:
    """Open the dialog a crash interrupted again, where it was, with what was typed."""
    day = screen.day
    if draft.kind == "answer":
        target = draft.target
        try:
            if target.get("deck") and day.deck and target["deck"] != day.deck.id:
                day.choose_deck(target["deck"])
            if target.get("card"):
                day.goto_card(target["card"])
            fields = {"group": target.get("group", ""), "scenario": target.get("scenario", "")}
            screen.session.view(**{k: v for k, v in fields.items() if v})
        except CardgameError as error:
            screen.notify(str(error), severity="warning")
        screen.redraw()
        write_answer(screen, draft.values)
    elif draft.kind == "followup":
        follow_up(screen, draft.values)
    elif draft.kind == "rename":
        if draft.target.get("group"):
            screen.session.view(group=draft.target["group"])
        rename_group(screen, draft.values)
