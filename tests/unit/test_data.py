"""`cardgame data` (issue 29): sessions as tidy CSV tables (and Parquet through DuckDB), the
queries of `docs/data.md` run as written, and files that cannot be read named in their row."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from cardgame.__main__ import main
from cardgame.domain import keys
from cardgame.domain.session import default_groups, new_meta
from cardgame.export.data import TABLES
from cardgame.storage.store import SessionStore
from tests.helpers import FIXTURE_DECKS, fixture_library
from tests.unit.test_compare import MAP_DECKS, mapping

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data.md"


def theme_day(store: SessionStore, municipality: str, ratings: dict[str, list[int]]) -> str:
    library = fixture_library()
    decks = [library.decks[i] for i in ("test-themes", "test-formats")]
    meta = new_meta("Temadag", date(2026, 11, 3), datetime(2026, 1, 1, tzinfo=timezone.utc),
                    default_groups(3), decks, store.ids(), municipality=municipality)
    session = store.create(meta, decks)
    for card, per_table in ratings.items():
        for group, rating in zip(("g1", "g2", "g3"), per_table, strict=False):
            session.set(keys.answer("test-themes", card, group, "rating"), rating)
    session.set(keys.answer("test-themes", "aeldre", "g1", "note"), 'Stærke "foreninger", 2')
    session.close()
    return meta.id


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def sessions(workspace: Path) -> SessionStore:
    store = SessionStore(workspace / "sessions")
    theme_day(store, "Testrup", {"aeldre": [4, 5, 3], "skole": [2, 2]})
    theme_day(store, "Vestby", {"aeldre": [2, 1, 3], "skole": [5, 4, 5]})
    # Three directors: element 1 wanted 3 rings further in by all, element 2 by one ring,
    # element 3 one ring further out.
    for name in ("Anne", "Bo", "Carl"):
        mapping(store, name, date(2026, 11, 3), [1, 2, 3], [4, 3, 2])
    return store


def run_data(workspace: Path, *names: str, out: Path) -> int:
    return main(["--workspace", str(workspace), "--decks-dir", str(FIXTURE_DECKS),
                 "--decks-dir", str(MAP_DECKS), "data", *names, "--out", str(out)])


def test_every_table_with_its_header_and_a_row_per_observation(
        workspace: Path, sessions: SessionStore, tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert run_data(workspace, "*", out=out) == 0
    for name, columns in TABLES.items():
        with (out / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == list(columns), name
    found = rows(out / "sessions.csv")
    assert sorted(r["kind"] for r in found) == ["influence-map"] * 3 + ["theme-day"] * 2
    assert {r["condition"] for r in found} == {"ok"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", r["date"]) for r in found)
    ratings = [r for r in rows(out / "answers.csv") if r["field"] == "rating"]
    assert len(ratings) == 11
    notes = [r["value"] for r in rows(out / "answers.csv") if r["field"] == "note"]
    assert notes == ['Stærke "foreninger", 2'] * 2, "quotes and commas survive the CSV"
    placements = rows(out / "placements.csv")
    assert len(placements) == 9
    first = next(p for p in placements if p["element_id"] == "strategi")
    assert (first["today_ring"], first["wanted_ring"], first["today_name"],
            first["wanted_name"], first["rings"]) == ("1", "4", "Ingen", "Afgørende", "4")
    cards = rows(out / "cards.csv")
    assert len([c for c in cards if c["deck_id"] == "test-elements"]) == 12, "each deck once"


def test_the_documented_queries_answer_as_written(workspace: Path, sessions: SessionStore,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert run_data(workspace, "*", out=out) == 0
    views, inward, per_municipality = queries()
    connection = duckdb.connect()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        connection.execute(views)
        most = connection.execute(inward).fetchall()
        themes = connection.execute(per_municipality).fetchall()
    assert most == [("Strategi", 3, 3.0), ("Valg af format", 3, 1.0),
                    ("Forventningsafstemning", 3, -1.0)]
    assert themes == [("Testrup", "Ældreområdet", 4.0, 3), ("Testrup", "Folkeskolen", 2.0, 2),
                      ("Vestby", "Folkeskolen", 4.67, 3), ("Vestby", "Ældreområdet", 2.0, 3)]


def test_parquet_beside_each_csv_with_the_same_rows(workspace: Path, sessions: SessionStore,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert run_data(workspace, "*", out=out) == 0
    connection = duckdb.connect()
    for name in TABLES:
        parquet, table = out / f"{name}.parquet", out / f"{name}.csv"
        count = connection.execute(f"SELECT count(*) FROM '{parquet}'").fetchone()
        assert count is not None and count[0] == len(rows(table)), name
    typed = connection.execute(f"SELECT today_ring, failure FROM '{out / 'placements.parquet'}'"
                               " LIMIT 1").fetchone()
    assert typed is not None and isinstance(typed[0], int) and isinstance(typed[1], bool)


def test_files_that_cannot_be_read_are_named_and_the_rest_written(
        workspace: Path, sessions: SessionStore, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    newer = sorted(sessions.folder.glob("*.toml"))[0]
    newer.write_text(re.sub(r"^schema = \d+", "schema = 99", newer.read_text(encoding="utf-8"),
                            count=1, flags=re.M), encoding="utf-8")
    (sessions.folder / "indkoeb.toml").write_text("mælk = 2\n", encoding="utf-8")
    out = tmp_path / "data"
    assert run_data(workspace, "*", out=out) == 0
    said = capsys.readouterr().err
    assert newer.name in said and "indkoeb.toml" in said
    found = {r["file"]: r for r in rows(out / "sessions.csv")}
    assert found[newer.name]["condition"] == "newer" and found[newer.name]["problem"]
    assert found["indkoeb.toml"]["condition"] == "unreadable"
    assert len(found) == 6


@pytest.mark.parametrize(("names", "said"), [(["zz*"], "zz"), (["findes-ikke"], "findes-ikke")])
def test_sessions_that_match_nothing_are_named(workspace: Path, sessions: SessionStore,
                                               tmp_path: Path, names: list[str], said: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run_data(workspace, *names, out=tmp_path / "data") == 1
    assert said in capsys.readouterr().err
    assert not (tmp_path / "data").exists(), "nothing written"


def test_an_out_that_is_a_file_is_refused(workspace: Path, sessions: SessionStore,
                                          tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "data"
    out.write_text("mine", encoding="utf-8")
    assert run_data(workspace, "*", out=out) == 1
    assert str(out) in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
