"""Broken deck files get one readable line per problem: file, line, card, field, expectation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cardgame.__main__ import main
from cardgame.domain.errors import DeckError
from cardgame.i18n import set_language
from cardgame.storage.deckfile import MAX_DECK_BYTES, load_deck

BAD = Path(__file__).parent / "bad_decks"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Most messages are asserted in English; the Danish ones at the end."""
    set_language("en")
    yield
    set_language("da")


def problems_of(name: str) -> list[str]:
    with pytest.raises(DeckError) as caught:
        load_deck(BAD / name)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("syntax.toml", "syntax.toml:6:16: TOML syntax error: a text in quotes is not closed"),
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
    assert main(["--lang", "en", "decks", "validate", str(BAD / "misspelt.toml")]) == 1
    out = capsys.readouterr()
    assert "field 'dilemas': unknown field; did you mean 'dilemmas'?" in out.out
    assert "1 problem found" in out.err
    assert "Traceback" not in out.out + out.err


def test_validate_cli_on_whole_bad_folder_never_tracebacks(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decks", "validate", str(BAD)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert len(out.out.strip().splitlines()) >= 14


def test_missing_path_is_a_problem_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "decks", "validate", "nowhere.toml"]) == 1
    assert "nowhere.toml: no such file or folder" in capsys.readouterr().out


DANISH = [
    ("syntax.toml", "syntax.toml:6:16: TOML-fejl: en tekst i anførselstegn er ikke lukket"),
    ("no_deck.toml", "no_deck.toml:1: felt «deck»: tabellen [deck] mangler"),
    ("unknown_kind.toml", "felt «kind»: forventede en af: welfare-theme, dialogue-format, "
     "politician-role, influence-element; fandt «politician-rolle»; mente du "
     "«politician-role»?"),
    ("duplicate_ids.toml", "kort «skole»: felt «id»: kort-id'et er brugt før, første gang i "
     "linje 11"),
    ("missing_field.toml", "kort «aeldre»: felt «summary»: feltet mangler, men skal være der"),
    ("wrong_type.toml", "felt «dilemmas»: forventede en liste som"),
    ("few_options.toml", "felt «scenarios[1].options»: forventede mindst 2, men fandt 1"),
    ("empty.toml", "empty.toml: er tom"),
    ("latin1.toml", "latin1.toml:6: er ikke UTF-8-tekst"),
    ("future_schema.toml", "kortformat 2 kendes ikke; denne cardgame læser format 1"),
    ("misspelt.toml", "felt «dilemas»: ukendt felt; mente du «dilemmas»?"),
    ("no_cards.toml", "felt «cards»: et kortsæt skal have mindst én [[cards]]-tabel"),
]


@pytest.mark.parametrize(("name", "expected"), DANISH)
def test_deck_problems_in_danish(name: str, expected: str) -> None:
    """U19: the validation speaks the interface language, Danish by default."""
    set_language("da")
    found = problems_of(name)
    assert any(expected in p for p in found), found


def test_validate_cli_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "da", "decks", "validate", str(BAD / "misspelt.toml")]) == 1
    out = capsys.readouterr()
    assert "felt «dilemas»: ukendt felt; mente du «dilemmas»?" in out.out
    assert "1 problem fundet; 0 kortsæt i orden." in out.err
    assert main(["--lang", "da", "decks", "validate", str(BAD.parent.parent / "fixtures" /
                                                          "decks")]) == 0
    assert "kortsæt i orden" in capsys.readouterr().out


def test_consequences_must_match_the_options(tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(
        'schema = 1\n[deck]\nid = "t"\nkind = "dialogue-format"\ntitle = "T"\n'
        'language = "da"\nversion = "1"\n\n[[cards]]\nid = "a"\ntitle = "A"\nsummary = "S"\n'
        '[[cards.scenarios]]\nid = "s1"\nsituation = "S"\ndilemma = "D"\n'
        'options = ["x", "y", "z"]\nconsequences = ["kx", "ky"]\n', encoding="utf-8")
    found = problems_of_path(deck)
    assert found == [f"{deck}:13: card 'a': field 'scenarios[1]': expected one consequence per "
                     "option: 3 options, 2 consequences"]
