"""Broken deck files get one readable line per problem: file, line, card, field, expectation."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgame.__main__ import main
from cardgame.domain.errors import DeckError
from cardgame.storage.deckfile import MAX_DECK_BYTES, load_deck

BAD = Path(__file__).parent / "bad_decks"


def problems_of(name: str) -> list[str]:
    with pytest.raises(DeckError) as caught:
        load_deck(BAD / name)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("syntax.toml", "syntax.toml:6:16: TOML syntax error: Illegal character"),
        ("no_deck.toml", "no_deck.toml:1: field 'deck': missing the [deck] table"),
        ("unknown_kind.toml",
         "unknown_kind.toml:5: field 'kind': expected one of: welfare-theme, dialogue-format, "
         "politician-role, influence-element; got 'politician-rolle'; did you mean "
         "'politician-role'?"),
        ("duplicate_ids.toml",
         "duplicate_ids.toml:16: card 'skole': field 'id': duplicate card id; first used on "
         "line 11"),
        ("missing_field.toml",
         "missing_field.toml:10: card 'aeldre': field 'summary': required field is missing"),
        ("wrong_type.toml",
         "wrong_type.toml:14: card 'aeldre': field 'dilemmas': expected a list like"),
        ("few_options.toml",
         "few_options.toml:19: card 'borgerraad': field 'scenarios[1].options': expected at "
         "least 2 items, got 1"),
        ("empty.toml", "empty.toml: is empty"),
        ("latin1.toml", "latin1.toml:6: is not UTF-8 text"),
        ("future_schema.toml",
         "future_schema.toml:1: field 'schema': schema 2 is not supported; this cardgame reads "
         "schema 1"),
        ("misspelt.toml",
         "misspelt.toml:14: card 'aeldre': field 'dilemas': unknown field; did you mean "
         "'dilemmas'?"),
        ("no_cards.toml", "field 'cards': a deck needs at least one [[cards]] table"),
    ],
)
def test_each_broken_file_names_file_line_card_field(name: str, expected: str) -> None:
    found = problems_of(name)
    assert any(expected in p for p in found), found
    assert all(p.startswith(str(BAD / name)) for p in found)


def test_bad_id_and_language_are_both_reported() -> None:
    found = problems_of("bad_id.toml")
    assert len(found) == 2
    assert "field 'id': expected lowercase letters, digits and '-'" in found[0]
    assert "got 'Mine Temaer'" in found[0]
    assert "field 'language': expected a language code" in found[1]


def test_field_of_another_kind_says_whose_it_is(tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(
        'schema = 1\n[deck]\nid = "t"\nkind = "welfare-theme"\ntitle = "T"\nlanguage = "da"\n'
        'version = "1"\n\n[[cards]]\nid = "a"\ntitle = "A"\nsummary = "S"\nlevers = ["x"]\n',
        encoding="utf-8")
    found = problems_of_path(deck)
    assert found == [f"{deck}:13: card 'a': field 'levers': unknown field here: 'levers' "
                     "belongs to politician-role cards, this is a welfare-theme deck"]


def problems_of_path(path: Path) -> list[str]:
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    return [str(p) for p in caught.value.problems]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    deck = tmp_path / "huge.toml"
    deck.write_bytes(b"# " + b"x" * (MAX_DECK_BYTES + 1))
    found = problems_of_path(deck)
    assert len(found) == 1 and "a deck may be at most 5 MB" in found[0]


def test_circle_only_in_influence_decks(tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(
        'schema = 1\n[deck]\nid = "t"\nkind = "welfare-theme"\ntitle = "T"\nlanguage = "da"\n'
        'version = "1"\n[deck.circle]\nrings = ["a", "b"]\n\n[[cards]]\nid = "a"\ntitle = "A"\n'
        'summary = "S"\n', encoding="utf-8")
    assert problems_of_path(deck) == [
        f"{deck}:8: field 'circle': [deck.circle] is only for influence-element decks"]


def test_circle_with_one_ring_is_refused(tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(
        'schema = 1\n[deck]\nid = "t"\nkind = "influence-element"\ntitle = "T"\n'
        'language = "da"\nversion = "1"\n[deck.circle]\nrings = ["Alt"]\n\n[[cards]]\n'
        'id = "a"\ntitle = "A"\nsummary = "S"\n', encoding="utf-8")
    assert problems_of_path(deck) == [
        f"{deck}:9: field 'circle.rings': expected at least 2 items, got 1"]


def test_validate_cli_exit_codes_and_messages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decks", "validate", str(BAD / "misspelt.toml")]) == 1
    out = capsys.readouterr()
    assert "field 'dilemas': unknown field; did you mean 'dilemmas'?" in out.out
    assert "1 problem(s) found" in out.err
    assert "Traceback" not in out.out + out.err


def test_validate_cli_on_whole_bad_folder_never_tracebacks(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decks", "validate", str(BAD)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert len(out.out.strip().splitlines()) >= 14


def test_missing_path_is_a_problem_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decks", "validate", "nowhere.toml"]) == 1
    assert "nowhere.toml: no such file or folder" in capsys.readouterr().out
