"""Programmes: the file format and its every refusal, the rounds followed on the day."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cardgame.domain.errors import DeckError, FieldError, RuleError
from cardgame.domain.programme import Programme, ProgrammeInfo, Round, resolve
from cardgame.domain.session import SessionMeta
from cardgame.domain.themeday import HAND, PLENARY, ThemeDay
from cardgame.storage.opened import OpenSession
from cardgame.storage.programmefile import (
    bundled_programmes_dir,
    find_programmes,
    load_programme,
    locate_programme,
    parse_programme,
    render_programme,
    save_programme,
)
from cardgame.storage.starting import SessionPlan, start_session
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import DeckLibrary, Workspace, bundled_decks_dir
from tests.helpers import FIXTURE_DECKS, fixture_library, reason_key, theme_day_meta

GOOD = """schema = 1

[programme]
title = "Prøvedag"

[[rounds]]
title = "Temaer"
deck = "test-themes"
cards = ["skole", "aeldre"]
minutes = 15

[[rounds]]
deck = "test-formats"
cards = ["borgerraad", "hoering"]
minutes = 20
mode = "hand"
note = "Ét format per bord"

[[rounds]]
deck = "test-roles"
deal = 1
minutes = 10
"""


def problems(text: str) -> list[str]:
    with pytest.raises(DeckError) as caught:
        parse_programme(Path("dag.toml"), text.encode(), dict(fixture_library().decks))
    return [str(p) for p in caught.value.problems]


def test_good_programme_reads_and_writes_back_the_same() -> None:
    programme = parse_programme(Path("dag.toml"), GOOD.encode(), dict(fixture_library().decks))
    assert [r.deck for r in programme.rounds] == ["test-themes", "test-formats", "test-roles"]
    assert programme.rounds[1].mode == HAND and programme.rounds[2].deal == 1
    again = parse_programme(Path("igen.toml"), render_programme(programme))
    assert again == programme


@pytest.mark.parametrize(("change", "expected"), [
    (('cards = ["skole", "aeldre"]', 'cards = ["skole", "aeldr"]'),
     "dag.toml:9: runde 1: felt «cards»: kortsættet «test-themes» har intet kort «aeldr»; "
     "mente du «aeldre»?"),
    (('deck = "test-formats"', 'deck = "test-format"'),
     "dag.toml:13: runde 2: felt «deck»: kortsættet «test-format» findes ikke; "
     "mente du «test-formats»?"),
    (('deck = "test-formats"', 'deck = "forhandling"'),
     "dag.toml:13: runde 2: felt «deck»: kortsættet «forhandling» findes ikke; de kendte "
     "kortsæt er: test-formats, test-influence, test-roles, test-themes"),
    (("minutes = 15", "minutes = 0"),
     "dag.toml:10: runde 1: felt «minutes»: forventede et tal på mindst 1, men fandt 0"),
    (("minutes = 15", "minutes = 240"),
     "dag.toml:10: runde 1: felt «minutes»: forventede et tal på højst 180, men fandt 240"),
    (("minutes = 15", 'minutes = "15"'),
     "dag.toml:10: runde 1: felt «minutes»: forventede et helt tal, men fandt tekst"),
    (('mode = "hand"', 'mode = "plenum"'),
     "dag.toml:16: runde 2: felt «mode»: forventede en af: plenary, hand; fandt «plenum»; "
     "mente du «plenary»?"),
    (("deal = 1", 'deal = 1\ncards = ["ombud"]'),
     "runde 3: felt «cards»: angiv enten «cards»"),
    (('cards = ["skole", "aeldre"]', 'cards = ["skole", "skole"]'),
     "runde 1: felt «cards»: kortet «skole» står to gange i runden"),
    (('deck = "test-roles"', 'deck = "test-influence"'),
     "runde 3: felt «deck»: «test-influence» er et kortsæt til indflydelsescirklen"),
    (("deal = 1", "deal = 3\nmode = \"plenary\""),
     "runde 3: felt «deal»: kan ikke trække 3 kort: «test-roles» har kun 2"),
    (('note = "Ét format per bord"', 'noter = "Ét format per bord"'),
     "dag.toml:17: runde 2: felt «noter»: ukendt felt; mente du «note»?"),
    (("schema = 1", "schema = 2"),
     "dag.toml:1: felt «schema»: programfilen har schema 2; denne udgave af cardgame læser "
     "schema 1"),
    (('title = "Prøvedag"', 'title = ""'), "felt «title»: må ikke være tom"),
    (('[programme]\ntitle = "Prøvedag"', ""), "tabellen [programme] med programmets titel mangler"),
    (('cards = ["skole", "aeldre"]', 'cards = ["skole", "aeldre"'), "dag.toml:10:1: TOML-fejl"),
])
def test_every_mistake_named_with_line_round_and_field(change: tuple[str, str],
                                                        expected: str) -> None:
    old, new = change
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(expected in line for line in found), found


def test_no_rounds_empty_file_and_not_utf8() -> None:
    assert any("ingen runder" in p for p in problems('schema = 1\n[programme]\ntitle = "x"\n'))
    assert problems("  \n") == ["dag.toml: Programfilen er tom."]
    with pytest.raises(DeckError):
        parse_programme(Path("dag.toml"), b"schema = 1\n\xff\n")


def test_unreadable_file_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(DeckError) as caught:
        load_programme(tmp_path / "findes-ikke.toml")
    assert "Programfilen kan ikke læses" in str(caught.value)


def test_example_programme_fits_the_bundled_decks() -> None:
    decks = dict(DeckLibrary.load([bundled_decks_dir()]).decks)
    examples = sorted(bundled_programmes_dir().glob("*.toml"))
    assert examples
    for path in examples:
        programme = load_programme(path, decks)
        assert len(programme.rounds) >= 3
        assert {r.mode for r in programme.rounds} == {PLENARY, HAND}


def test_saved_programme_is_found_and_located(tmp_path: Path) -> None:
    programme = parse_programme(Path("dag.toml"), GOOD.encode())
    folder = tmp_path / "programmes"
    path = save_programme(folder, programme)
    assert path.name == "proevedag.toml"
    found = find_programmes(folder, dict(fixture_library().decks))
    assert [(f.title, f.rounds, f.example) for f in found if not f.example] == [
        ("Prøvedag", 3, False)]
    assert locate_programme("proevedag", folder) == path
    (folder / "broken.toml").write_text("schema = 1\n")
    broken = [f for f in find_programmes(folder, {}) if f.path.name == "broken.toml"]
    assert broken and broken[0].problem


def test_deals_are_drawn_once_from_cards_no_round_names() -> None:
    decks = dict(fixture_library().decks)
    programme = Programme(info=ProgrammeInfo(title="x"), rounds=(
        Round(deck="test-themes", cards=("skole",)),
        Round(deck="test-themes", deal=1, mode=HAND),
    ))
    played = resolve(programme, decks, groups=2, rng=random.Random(7))
    assert len(played.rounds[1].cards) == 2  # one per table
    assert "skole" not in played.rounds[1].cards
    with pytest.raises(RuleError):
        resolve(Programme(info=ProgrammeInfo(title="x"), rounds=(
            Round(deck="test-roles", cards=("ombud", "arbejdsgiver")),
            Round(deck="test-roles", deal=1))), decks, groups=2)


def start(workspace: Path, text: str = GOOD, groups: int = 3) -> ThemeDay:
    library = DeckLibrary.load([FIXTURE_DECKS])
    ws = Workspace(workspace, (FIXTURE_DECKS,), include_bundled=False)
    programme = parse_programme(Path("dag.toml"), text.encode(), dict(library.decks))
    session = start_session(ws, library, SessionPlan(
        "Dag", "2026-11-23", names=[f"Bord {n}" for n in range(1, groups + 1)],
        deck_ids=["test-themes"], programme=programme))
    day = ThemeDay(session.meta, session.decks, session)
    day.begin()
    return day


def test_a_day_follows_the_rounds(workspace: Path) -> None:
    day = start(workspace)
    assert day.meta.deck_ref("test-roles") is not None, "the programme's decks come along"
    assert (day.round_number, day.deck_id, day.card_id) == (1, "test-themes", "skole")
    assert day.position() == (1, 2) and day.timer_minutes == 15
    day.step_card(1)
    assert day.card_id == "aeldre"
    day.step_card(1)  # the last card of round 1: on to round 2, dealt to the tables
    assert (day.round_number, day.mode, day.timer_minutes) == (2, HAND, 20)
    assert (day.group, day.card_id) == ("g1", "borgerraad")
    assert day.hand("g2") == ["hoering"] and day.hand("g3") == []
    day.step_card(-1)  # back: round 1 at its last card, the timer left alone
    assert (day.round_number, day.card_id, day.mode, day.timer_minutes) == (
        1, "aeldre", PLENARY, 20)
    day.next_round()
    day.next_round()
    current = day.current_round()
    assert day.round_number == 3 and current is not None and len(current.cards) == 1
    assert reason_key(day.why_not_next_round()) == "programme.last_round"
    assert reason_key(day.why_not_step_card(1)) == "programme.last_card"
    assert day.skipped(1) == ["skole", "aeldre"]


def test_leaving_and_returning(workspace: Path) -> None:
    day = start(workspace)
    assert reason_key(day.why_not_return_to_programme()) == "programme.not_away"
    day.record_number(4)
    day.choose_deck("test-formats")
    assert day.away and day.current_round() is None
    assert day.position() == (1, 2), "away, the whole deck"
    day.goto_card("hoering")
    day.return_to_programme()
    assert (day.round_number, day.away, day.deck_id) == (1, False, "test-themes")
    assert day.card_id == "skole", "the first card not yet done"
    day.goto_card("beskaeftigelse")  # a card outside the round leaves the programme
    assert day.away
    day.return_to_programme()
    day.goto_card("aeldre")  # a card of the round does not
    assert not day.away
    day.set_mode(HAND)
    assert day.away


def test_the_session_keeps_the_programme_as_played(workspace: Path) -> None:
    day = start(workspace)
    programme = day.meta.programme
    assert programme is not None
    drawn = programme.rounds[2].cards
    assert len(drawn) == 1 and programme.rounds[2].deal == 1
    day.step_card(1)
    assert isinstance(day.recorder, OpenSession)
    day.recorder.close()
    reopened = SessionStore(workspace / "sessions").open(day.meta.id)
    again = ThemeDay(reopened.meta, reopened.decks, reopened)
    assert again.meta.programme == day.meta.programme
    assert (again.round_number, again.card_id) == (1, "aeldre")
    reopened.close()


def test_a_session_without_programme_refuses_the_programme_keys(workspace: Path) -> None:
    meta = theme_day_meta(list(fixture_library().decks.values())[:1])
    assert isinstance(meta, SessionMeta) and meta.programme is None
    assert "programme" not in meta.to_record()
    library = fixture_library()
    session = SessionStore(workspace / "s").create(meta, [library.decks["test-themes"]])
    day = ThemeDay(session.meta, session.decks, session)
    assert reason_key(day.why_not_next_round()) == "programme.none"
    assert reason_key(day.why_not_return_to_programme()) == "programme.none"
    session.close()


def test_a_programme_that_no_longer_fits_is_named_when_starting(workspace: Path) -> None:
    library = DeckLibrary.load([FIXTURE_DECKS])
    ws = Workspace(workspace, (FIXTURE_DECKS,), include_bundled=False)
    programme = Programme(info=ProgrammeInfo(title="x"),
                          rounds=(Round(deck="test-themes", cards=("forsvundet",)),))
    with pytest.raises(FieldError) as caught:
        start_session(ws, library, SessionPlan("Dag", "2026-11-23", programme=programme))
    assert caught.value.field == "programme"
    assert "runde 1" in str(caught.value) and "forsvundet" in str(caught.value)


def test_the_export_follows_the_rounds(workspace: Path) -> None:
    from cardgame.export.markdown import render_session

    day = start(workspace)
    day.record_number(4)  # Bord 1 rates "skole"
    day.step_card(1)
    day.step_card(1)  # round 2: borgerraad at Bord 1, hoering at Bord 2
    day.record_number(2)
    day.record_answer({"option": "1", "reason": "Vi kender borgerne"})
    day.choose_deck("test-themes")  # away: a card no round names
    day.goto_card("beskaeftigelse")
    day.record_number(5)
    text = render_session(day.meta, day.state, {d.id: d for d in day.decks})
    assert "- Program: Prøvedag" in text
    assert "\n## Velfærdstemaer" not in text, "each answer once: round by round, not again"
    part = text[text.index("## Runde 1: Temaer"):]
    assert part.index("## Runde 1: Temaer") < part.index("## Runde 2: Testformater") < \
        part.index("## Runde 3: Testroller")
    assert "Testtemaer · 15 min · i plenum" in part
    row = next(line for line in part.splitlines() if line.startswith("|   1 | Folkeskolen"))
    assert row.split("|")[3].strip() == "4", row  # Bord 1's column
    assert "**Sprunget over (intet bord svarede):** Ældreområdet." in part
    assert "(ved Bord 1)" in part and "Begrundelse: Vi kender borgerne" in part
    assert "**Note til runden:** Ét format per bord" in part
    assert "kortene blev trukket, da temadagen begyndte" in part
    assert "**Sprunget over (intet bord svarede):** Ombudsmanden" in part or \
        "**Sprunget over (intet bord svarede):** Arbejdsgiveren" in part  # round 3, drawn
    assert "## Uden for programmet" in part and "Beskæftigelse" in part.split(
        "## Uden for programmet")[1]


def test_the_wall_names_the_round_and_never_the_note(workspace: Path) -> None:
    import time

    from cardgame.domain.audience import wall

    day = start(workspace)
    shown = wall(day.meta, {d.id: d for d in day.decks}, day.state, time.time())
    assert shown.round == "Runde 1 af 3 · Temaer"
    day.next_round()
    shown = wall(day.meta, {d.id: d for d in day.decks}, day.state, time.time())
    assert shown.round == "Runde 2 af 3 · Testformater"
    assert "Ét format per bord" not in repr(shown)
    day.choose_deck("test-themes")
    assert wall(day.meta, {d.id: d for d in day.decks}, day.state, time.time()).round == ""
