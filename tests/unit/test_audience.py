"""What the wall shows, derived from a session: the card, the room's answers, the timer, the
circle; and how it is fitted to a screen, from 80×24 to 240×67."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from textual.content import Content

from cardgame.domain.answers import OTHER_OPTION
from cardgame.domain.audience import CARD, EMPTY, Wall, wall
from cardgame.domain.events import Event, now
from cardgame.domain.influence import TODAY, WANTED, InfluenceMap
from cardgame.domain.roundclock import Clock, clock, state_clock, timer_value
from cardgame.domain.themeday import DAY, HAND, MAP, ThemeDay
from cardgame.i18n import t
from cardgame.storage.opened import OpenSession
from cardgame.storage.sessionfile import render_event
from cardgame.storage.store import SessionStore
from cardgame.widgets import big_text
from cardgame.widgets.wall_view import (
    BESIDE,
    INLINE,
    LEVELS,
    UNDER,
    answer_lines,
    fit_card,
    measure,
    rating_bar,
)
from tests.helpers import new_session

ALL = ["test-themes", "test-formats", "test-roles", "test-influence"]


def played(workspace: Path) -> tuple[OpenSession, ThemeDay]:
    session, _ = new_session(workspace / "sessions", groups=3, deck_ids=ALL)
    return session, ThemeDay(session.meta, session.decks, session)


def shown(session: OpenSession) -> Wall:
    return wall(session.meta, session.decks, session.state, 1000.0)


# the wall ----------------------------------------------------------------------------------

def test_a_welfare_card_shows_each_tables_rating(workspace: Path) -> None:
    session, day = played(workspace)
    day.choose_deck("test-themes")
    day.record_number(4)
    day.record_number(2)
    seen = shown(session)
    assert seen.kind == CARD and seen.card is not None and seen.card.id == "aeldre"
    assert [(r.group, r.rating) for r in seen.ratings] == [
        ("Gruppe 1", 4), ("Gruppe 2", 2), ("Gruppe 3", None)]
    assert seen.position == (1, 3) and seen.clock is None  # the timer shows once it is used
    session.close()


def test_a_dialogue_card_counts_the_choices_and_names_who(workspace: Path) -> None:
    session, day = played(workspace)
    day.choose_deck("test-formats")
    day.record_number(2)
    day.record_number(2)
    day.record_other("Vi spørger borgerne først")
    seen = shown(session)
    assert [(x.number, x.groups) for x in seen.tallies] == [
        (1, []), (2, ["Gruppe 1", "Gruppe 2"]), (3, []), (OTHER_OPTION, ["Gruppe 3"])]
    assert seen.tallies[1].text == "Ja, med forbehold"
    day.step_scenario()
    assert shown(session).scenario == 1
    assert all(not x.groups for x in shown(session).tallies)  # the second scenario: no answers
    session.close()


def test_a_role_card_lists_what_the_tables_named(workspace: Path) -> None:
    session, day = played(workspace)
    day.choose_deck("test-roles")
    day.record_answer({"challenges": "Mange vil høres  på\nén gang", "levers": ""})
    seen = shown(session)
    assert [(x.group, x.challenges, x.levers) for x in seen.tensions] == [
        ("Gruppe 1", "Mange vil høres  på\nén gang", "")]
    lines = [line.plain for line in answer_lines(seen, 60)]
    assert lines[0] == t("audience.tensions")
    assert "Mange vil høres på én gang" in "\n".join(lines)  # said on one line
    session.close()


def test_the_circle_shows_when_the_facilitator_opens_it(workspace: Path) -> None:
    session, day = played(workspace)
    day.record_number(3)
    deck = session.decks["test-influence"]
    mapping = InfluenceMap(session.meta, deck, session)
    mapping.put(2)
    mapping.toggle_dim()
    mapping.put(3)
    day.show_screen("map")
    seen = shown(session)
    assert seen.kind == MAP and seen.circle is not None
    assert seen.circle.rings == ["Ingen", "Lidt", "Meget", "Afgørende"]
    assert seen.circle.placements == [(0, 1, TODAY), (0, 2, WANTED)]
    assert seen.circle.dim == WANTED and seen.circle.selected == 0
    assert seen.circle.group == "Gruppe 2" and seen.circle.actor  # the group now active
    day.show_screen(DAY)
    assert shown(session).kind == CARD
    session.close()


def test_a_session_without_cards_shows_its_title(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions", deck_ids=["test-influence"])
    seen = shown(session)
    assert seen.kind == EMPTY and seen.title == "Temadag i byrådet"
    session.close()


def test_in_hand_mode_the_wall_says_whose_card_it_is(workspace: Path) -> None:
    session, day = played(workspace)
    day.choose_deck("test-themes")
    day.deal_hands(1)
    assert day.mode == HAND
    seen = shown(session)
    assert seen.hand_of == "Gruppe 1"
    session.close()


# the timer ---------------------------------------------------------------------------------

def test_the_timer_runs_from_a_deadline_and_waits_from_what_was_left() -> None:
    running = timer_value(True, 90, 1000.0)
    assert running == "run:1090.0"
    assert clock(running, 5, 1000.0) == Clock(5, 90, True)
    assert clock(running, 5, 1060.2) == Clock(5, 30, True)  # whole seconds, rounded up
    assert clock(running, 5, 2000.0) == Clock(5, 0, False)  # ran out: stopped at zero
    assert timer_value(False, 42, 1000.0) == "stop:42"
    assert clock("stop:42", 5, 0) == Clock(5, 42, False)
    assert timer_value(True, 0, 1000.0) == "stop:0"  # nothing left: nothing runs


@pytest.mark.parametrize("value", [None, "", "run:soon", "stop:-3", "pause:12", 17, True])
def test_a_timer_that_cannot_be_read_is_a_full_round_waiting(value: object) -> None:
    assert clock(value, 5, 1000.0) == Clock(5, 300, False)  # type: ignore[arg-type]


def test_a_timer_longer_than_the_round_is_held_to_the_round() -> None:
    assert clock("stop:9999", 5, 0) == Clock(5, 300, False)
    assert clock("run:99999", 5, 0) == Clock(5, 300, True)
    assert Clock(5, 65, True).text == "01:05"


def test_the_theme_day_records_the_timer_for_the_wall_and_a_reopen(workspace: Path) -> None:
    session, day = played(workspace)
    day.set_timer(8)
    assert day.clock(0) == Clock(8, 480, False)
    day.record_timer(True, 300, 5000.0)
    assert state_clock(session.state, 8, 5100.0) == Clock(8, 200, True)
    day.record_timer(False, 200, 5100.0)
    session.close()
    again = SessionStore(workspace / "sessions").open(session.path.stem, session.decks)
    assert ThemeDay(again.meta, again.decks, again).clock(99999.0) == Clock(8, 200, False)
    again.close()


def test_a_view_field_from_a_newer_cardgame_is_left_out_not_damage(workspace: Path) -> None:
    session, _ = new_session(workspace / "sessions")
    session.close()
    block = render_event(Event(1, "view", now(), view=(("card", "aeldre"),)))
    body = block[block.index(b"[[events]]"):block.index(b"crc = ")].replace(
        b'card = "aeldre"\n', b'card = "aeldre"\nspotlight = "g2"\n')
    newer = b"\n" + body + f'crc = "{zlib.crc32(body):08x}"\n'.encode()
    with open(session.path, "ab") as handle:
        handle.write(newer)
    read = SessionStore(workspace / "sessions").read(session.path.stem)
    assert read.state.cursor.get("card") == "aeldre"
    assert read.notices == []


def test_the_next_card_is_what_the_facilitator_sees_coming(workspace: Path) -> None:
    session, day = played(workspace)
    day.choose_deck("test-themes")
    coming = day.next_card()
    assert coming is not None and coming.id == "skole"
    day.step_card(2)
    assert day.next_card() is None
    session.close()


# fitting the wall to a screen ----------------------------------------------------------------

@pytest.fixture
def format_wall(workspace: Path) -> Wall:
    session, day = played(workspace)
    day.choose_deck("test-formats")
    day.record_number(1)
    seen = shown(session)
    session.close()
    return seen


@pytest.mark.parametrize(("size", "place"), [((80, 24), INLINE), ((200, 55), BESIDE),
                                             ((240, 67), BESIDE), ((149, 40), INLINE)])
def test_a_dialogue_card_keeps_its_choices_in_view(format_wall: Wall, size: tuple[int, int],
                                                   place: str) -> None:
    fitted = fit_card(format_wall, *size)
    assert fitted.place == place
    assert fitted.column <= 100  # a readable measure, however wide the wall
    text = fitted.card.plain + fitted.answers.plain
    assert "Gruppe 1" in text and "Skal byrådet love" in text


def test_a_big_wall_sets_the_title_in_block_letters_and_a_small_one_in_capitals(
        format_wall: Wall) -> None:
    big = fit_card(format_wall, 200, 55)
    assert big.level == 0
    assert "█" in big.title.plain or "▀" in big.title.plain
    small = fit_card(format_wall, 80, 14)
    assert small.title.plain == "BORGERRÅD"


def test_a_welfare_card_on_a_small_wall_keeps_the_ratings_under_it(workspace: Path) -> None:
    session, day = played(workspace)
    day.choose_deck("test-themes")
    day.record_number(5)
    fitted = fit_card(shown(session), 80, 24)
    session.close()
    assert fitted.place == UNDER
    assert t("audience.ratings", high=5) in fitted.answers.plain
    assert "Gruppe 1" in fitted.answers.plain


def test_what_a_small_wall_cannot_hold_is_given_up_in_order(workspace: Path) -> None:
    session, day = played(workspace)
    day.choose_deck("test-themes")
    seen = shown(session)
    session.close()
    levels = [fit_card(seen, 80, height).level for height in (60, 14, 12, 10, 8, 4)]
    assert levels == sorted(levels)  # less room never gets a more generous layout
    assert levels[0] == 0 and levels[-1] == len(LEVELS) - 1
    cut = fit_card(seen, 80, 4)
    assert cut.card.plain.rstrip().endswith("…")  # cut visibly, not silently
    assert measure(cut.card, cut.column) <= 4


def test_nothing_is_shown_before_a_table_has_answered(workspace: Path) -> None:
    session, day = played(workspace)
    day.choose_deck("test-themes")
    assert answer_lines(shown(session), 60) == []
    day.choose_deck("test-formats")
    assert answer_lines(shown(session), 60) == []
    session.close()


def test_a_rating_bar_is_in_proportion() -> None:
    assert rating_bar(5, 5).plain.startswith("█" * 20)
    assert rating_bar(1, 5).plain.startswith("████░")
    assert rating_bar(None, 5).plain.endswith("–")


# block letters -------------------------------------------------------------------------------

def test_block_letters_have_the_danish_letters_and_centre_as_one() -> None:
    rows = big_text.lines("Æ Ø Å", 80)
    assert rows is not None and len(rows) == big_text.HEIGHT
    assert len({len(row) for row in rows}) == 1  # equal widths: centred, the letters align
    assert big_text.glyph_rows("æ") == big_text.glyph_rows("Æ")
    assert big_text.glyph_rows("Ø") != big_text.glyph_rows("O")


def test_block_letters_break_between_words_or_give_way() -> None:
    two = big_text.lines("Borgermødet i gymnastiksalen", 100, max_lines=2)
    assert two is not None and len(two) == 2 * big_text.HEIGHT + 1
    assert big_text.lines("Borgermødet i gymnastiksalen", 60, max_lines=2) is None
    assert big_text.lines("Uoverskueligt", 30) is None  # one word wider than the line
    assert big_text.lines("A", 3) is None
    assert big_text.lines("", 80) is None
    assert big_text.glyph_rows("€") == big_text.glyph_rows("\x00")  # unknown: a box


def test_measure_counts_rows() -> None:
    assert measure(Content(""), 10) == 0
    assert measure(Content("a b c d e f"), 3) == 3
    assert measure(Content("abc\nde"), 80) == 2
