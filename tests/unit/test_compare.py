"""Comparing sessions (issue 29): mappings element by element, the same actor at two dates,
decks that differ, damaged and foreign files among them, theme days theme by theme; and the
document both renderers draw."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from cardgame.domain import keys
from cardgame.domain.compare import Compared, compare_days, compare_mappings
from cardgame.domain.decks import Deck
from cardgame.domain.influence import TODAY, WANTED, InfluenceMap
from cardgame.domain.session import default_groups, groups_from_names, new_meta
from cardgame.export.compare import (
    build_comparison,
    read_sessions,
    resolve_sessions,
    write_comparison,
)
from cardgame.export.html import render_html
from cardgame.export.markdown import render_markdown
from cardgame.export.writer import ExportError
from cardgame.storage.store import SessionStore
from cardgame.storage.workspace import DeckLibrary
from tests.helpers import fixture_library

MAP_DECKS = Path(__file__).resolve().parents[1] / "fixtures" / "mapdecks"


def map_deck() -> Deck:
    return DeckLibrary.load([MAP_DECKS]).decks["test-elements"]


def mapping(store: SessionStore, actor: str, day: date, today: list[int | None],
            wanted: list[int | None], deck: Deck | None = None) -> str:
    """A mapping of one actor: rings counted 1… from the edge, None for not placed."""
    deck = deck or map_deck()
    meta = new_meta(f"Kortlægning: {actor}", day, datetime(2026, 1, 1, tzinfo=timezone.utc),
                    groups_from_names([actor]), [deck], store.ids(), kind="influence-map",
                    actors=[actor])
    session = store.create(meta, [deck])
    circle = InfluenceMap(session.meta, deck, session)
    for dim, rings in ((TODAY, today), (WANTED, wanted)):
        if circle.dim != dim:
            circle.toggle_dim()
        for index, ring in enumerate(rings):
            circle.select(deck.cards[index].id)
            if ring is not None:
                circle.put(ring)
    session.close()
    return meta.id


def read_all(store: SessionStore, ids: list[str]) -> list[Compared]:
    sessions, notices = read_sessions(store, [store.resolve(i) for i in ids], {})
    assert notices == []
    return sessions


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


def test_three_directors_side_by_side(store: SessionStore) -> None:
    ids = [mapping(store, "Anne", date(2026, 11, 3), [1, 2, 3, 4], [2, 2, 4, 4]),
           mapping(store, "Bo", date(2026, 11, 3), [4, 2, 1, None], [4, 3, 2, None]),
           mapping(store, "Carl", date(2026, 11, 4), [2, 2, None, 4], [3, 2, None, 4])]
    found = compare_mappings(read_all(store, ids))
    assert found is not None
    assert [(c.letter, c.actor) for c in found.columns] == [("A", "Anne"), ("B", "Bo"),
                                                             ("C", "Carl")]
    rows = {row.card.id: row for row in found.rows}
    first, third = (map_deck().cards[i].id for i in (0, 2))
    assert rows[first].cells == ((0, 1), (3, 3), (1, 2))
    assert rows[first].spread == 3 and rows[third].spread == 2
    assert [r.card.id for r in found.disagree_most()][:2] == [first, third]
    assert rows[third].gaps == [1, 1] and rows[third].mean_gap == 1.0
    assert len(found.rows) == 12, "every element of the deck, placed or not"
    assert found.moves == (), "three actors, each once"


def test_the_same_director_a_year_apart_says_what_moved(store: SessionStore) -> None:
    ids = [mapping(store, "Anne Holm", date(2025, 11, 3), [1, 2, 3], [3, 3, 3]),
           mapping(store, "anne  holm", date(2026, 11, 3), [3, 2, 1], [3, 3, 3])]
    found = compare_mappings(read_all(store, ids))
    assert found is not None
    moves = [(m.row.number, m.before + 1, m.after + 1, m.inward) for m in found.moves]
    assert moves == [(1, 1, 3, True), (3, 3, 1, False)]
    text = render_markdown(build_comparison(read_all(store, ids)))
    assert "Flyttet for anne holm fra 3. november 2025 til 3. november 2026" in text
    assert "ind fra 1 Ingen til 3 Stor" in text and "ud fra 3 Stor til 1 Ingen" in text


def changed_deck(folder: Path, name: str, change: Callable[[str], str]) -> Deck:
    """The mapping deck with its file's text changed (a newer or an edited version)."""
    folder.mkdir(parents=True)
    text = (MAP_DECKS / "elements.toml").read_text(encoding="utf-8")
    (folder / f"{name}.toml").write_text(change(text), encoding="utf-8")
    return DeckLibrary.load([folder]).decks["test-elements"]


def test_decks_that_differ_are_compared_on_what_they_share(store: SessionStore,
                                                           tmp_path: Path) -> None:
    deck = map_deck()
    smaller = changed_deck(tmp_path / "smaller", "ten",
                           lambda text: "[[cards]]".join(text.split("[[cards]]")[:11]))
    fewer_rings = changed_deck(tmp_path / "rings", "three",
                               lambda text: text.replace('    "Afgørende",\n', ""))
    assert len(smaller.cards) == 10 and len(fewer_rings.circle.rings) == 3
    ids = [mapping(store, "Anne", date(2026, 11, 3), [1, 2], [2, 2]),
           mapping(store, "Bo", date(2026, 11, 3), [2, 2], [2, 3], deck=smaller),
           mapping(store, "Carl", date(2026, 11, 3), [3], [3], deck=fewer_rings)]
    found = compare_mappings(read_all(store, ids))
    assert found is not None
    assert [c.actor for c in found.columns] == ["Anne", "Bo"]
    assert len(found.rows) == 10
    assert [(title, sessions) for title, sessions in found.only_some] == [
        (deck.cards[10].title, ("Kortlægning: Anne",)),
        (deck.cards[11].title, ("Kortlægning: Anne",))]
    [left] = found.left_out
    assert left.title == "Kortlægning: Carl" and left.why == "other_rings"
    text = render_markdown(build_comparison(read_all(store, ids)))
    assert "**Kortlægning: Carl**: har 3 ringe, de andre 4" in text
    assert f"**{deck.cards[10].title}**: kun i Kortlægning: Anne" in text


def test_a_damaged_a_newer_and_a_foreign_file_are_named_and_the_rest_compared(
        store: SessionStore) -> None:
    ids = [mapping(store, name, date(2026, 11, 3), [1, 2], [2, 2]) for name in ("A", "B", "C")]
    damaged = store.resolve(ids[1])
    text = damaged.read_text(encoding="utf-8")  # a record in the middle no longer adds up
    damaged.write_text(re.sub(r'(seq = 3\n(?:.*\n)*?crc = ")[0-9a-f]+', r"\g<1>00000000", text,
                              count=1), encoding="utf-8")
    newer = store.resolve(ids[2])
    newer.write_text(re.sub(r"^schema = \d+", "schema = 99", newer.read_text(encoding="utf-8"),
                            count=1, flags=re.M), encoding="utf-8")
    foreign = store.folder / "indkoebsliste.toml"
    foreign.write_text("mælk = 2\n", encoding="utf-8")
    paths = resolve_sessions(store, ["*"])
    assert len(paths) == 4
    sessions, notices = read_sessions(store, paths, {})
    assert sorted(s.meta.id for s in sessions) == sorted(ids[:2])
    said = [str(n) for n in notices]
    assert any(newer.name in n for n in said) and any(foreign.name in n for n in said)
    assert any(damaged.name in n for n in said), "the damaged file says what it left out"
    found = compare_mappings(sessions)
    assert found is not None and len(found.columns) == 2


def test_resolve_takes_ids_paths_and_globs_and_names_what_matches_nothing(
        store: SessionStore) -> None:
    from cardgame.domain.errors import SessionError

    ids = [mapping(store, name, date(2026, 11, 3), [1], [1]) for name in ("Anne", "Bo")]
    assert resolve_sessions(store, [ids[0], str(store.resolve(ids[1]))]) == \
        [store.resolve(i).resolve() for i in ids]
    assert len(resolve_sessions(store, ["*kortlaegning*", ids[0]])) == 2, "each file once"
    assert len(resolve_sessions(store, [str(store.folder / "*.toml")])) == 2
    with pytest.raises(SessionError, match="zz"):
        resolve_sessions(store, ["zz*"])


def test_two_theme_days_theme_by_theme_and_dilemma_by_dilemma(store: SessionStore) -> None:
    library = fixture_library()
    decks = [library.decks[i] for i in ("test-themes", "test-formats")]
    ids = []
    for day, ratings, option in ((date(2026, 3, 1), [4, 5, None], 1),
                                 (date(2026, 9, 1), [2, 2, 3], 2)):
        meta = new_meta("Temadag", day, datetime(2026, 1, 1, tzinfo=timezone.utc),
                        default_groups(3), decks, store.ids(), municipality="Testrup")
        session = store.create(meta, decks)
        for group, rating in zip(session.meta.groups, ratings, strict=True):
            if rating is not None:
                session.set(keys.answer("test-themes", "aeldre", group.id, "rating"), rating)
        session.set(keys.answer("test-formats", "borgerraad", "g1", "option", "s1"), option)
        session.close()
        ids.append(meta.id)
    found = compare_days(read_all(store, ids))
    assert found is not None
    first = found.themes[0]
    assert first.cells == ((4.5, 2, 3), (2 + 1 / 3, 3, 3))
    assert found.dilemmas[0].cells[0][:2] == (1, 0) and found.dilemmas[0].cells[1][:2] == (0, 1)
    text = render_markdown(build_comparison(read_all(store, ids)))
    assert "4,5 (2/3)" in text and "2,3 (3/3)" in text


def test_the_document_renders_in_both_forms_and_typed_text_stays_text(
        store: SessionStore) -> None:
    ids = [mapping(store, "<b>Anne</b> **fed**", date(2026, 11, 3), [1, 2, 3], [2, 3, 4]),
           mapping(store, "Bo", date(2026, 11, 3), [4, 2, 1], [4, 3, 2])]
    notes = build_comparison(read_all(store, ids))
    page = render_html(notes)
    assert "<b>Anne</b>" not in page and "&lt;b&gt;Anne&lt;/b&gt;" in page
    assert page.count("<svg") == 1, "the overlay circle"
    assert page.count('class="mark"') == 5, "one marker per element and ring placed today"
    assert page.count(">A</text>") == 2 and page.count(">B</text>") == 2, "one circle: its letter"
    assert page.count(">AB</text>") == 1, "element 2, where both placed it in ring 2"
    text = render_markdown(notes)
    assert "<!--" not in text, "no marker: a comparison is not a session's export"
    assert "\\<b\\>Anne\\</b\\>" in text or "<b>Anne</b>" not in text


def test_a_comparison_file_never_replaces_a_session_and_asks_before_another_file(
        store: SessionStore, tmp_path: Path) -> None:
    ids = [mapping(store, name, date(2026, 11, 3), [1], [2]) for name in ("Anne", "Bo")]
    notes = build_comparison(read_all(store, ids))
    first = write_comparison(notes, "markdown", tmp_path / "exports")
    second = write_comparison(notes, "markdown", tmp_path / "exports")
    assert first != second and second.name.endswith("-2.md"), "a new name, never over one"
    with pytest.raises(ExportError, match="kortlaegning"):
        write_comparison(notes, "markdown", target=store.resolve(ids[0]), force=True)
    with pytest.raises(ExportError):
        write_comparison(notes, "html", target=first)
    assert write_comparison(notes, "html", target=first, force=True) == first
    assert first.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_nothing_to_compare_says_so(store: SessionStore) -> None:
    notes = build_comparison([])
    assert "Intet at sammenligne" in render_markdown(notes)


def test_cardgame_compare_writes_the_document_and_says_what_it_left_out(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cardgame.__main__ import main

    store = SessionStore(workspace / "sessions")
    ids = [mapping(store, name, date(2026, 11, 3), [1, 2], [3, 3]) for name in ("Anne", "Bo")]
    (store.folder / "noter.toml").write_text("x = 1\n", encoding="utf-8")
    args = ["--workspace", str(workspace), "--decks-dir", str(MAP_DECKS), "compare"]
    assert main([*args, "*"]) == 0
    out, err = capsys.readouterr()
    written = Path(out.strip())
    assert written.parent == workspace / "exports" and written.suffix == ".md"
    assert "| 1. Strategi" in written.read_text(encoding="utf-8")
    assert "noter.toml" in err, "the file that is not a session is named"
    mine = workspace / "mine.html"
    mine.write_text("min egen side", encoding="utf-8")
    assert main([*args, *ids, "--format", "html", "-o", str(mine)]) == 1
    assert "--force" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "min egen side", "not touched"
    assert main([*args, *ids, "--format", "html", "-o", str(mine), "--force"]) == 0
    assert mine.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main([*args, "findes-ikke"]) == 1
    assert "findes-ikke" in capsys.readouterr().err
