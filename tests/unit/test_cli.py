"""The command line: every mistake gets a sentence in the interface language and an exit code,
never a traceback (U15, U19, U25, U29, F7, F8, F9, F12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cardgame.__main__ import main
from cardgame.storage.store import SessionStore
from tests.helpers import FIXTURE_DECKS

DECKS = ["--decks-dir", str(FIXTURE_DECKS)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*DECKS, *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


def test_new_creates_a_session_with_default_groups(capsys: pytest.CaptureFixture[str],
                                                   workspace: Path) -> None:
    code, out, _ = run(capsys, "new", "Temadag", "--decks", "test-themes,test-formats",
                       "--date", "2026-11-22")
    assert code == 0 and out.strip().endswith("2026-11-22-temadag.toml")
    read = SessionStore(workspace / "sessions").read("2026-11-22-temadag")
    assert [g.name for g in read.meta.groups] == ["Gruppe 1", "Gruppe 2", "Gruppe 3"]
    assert set(read.decks) == {"test-themes", "test-formats"}


@pytest.mark.parametrize(("args", "message"), [
    (["new", " ", "--decks", "test-themes"], "TITLE: Skriv en titel på sessionen."),
    (["new", "T", "--date", "2026-02-30"], "--date: Datoen 2026-02-30 findes ikke"),
    (["new", "T", "--date", "i morgen"], "--date: Skriv datoen som ÅÅÅÅ-MM-DD"),
    (["new", "T", "--groups", "A,A"], "--groups: To grupper hedder «A»."),
    (["new", "T", "--decks", "test-themes,test-themes"],
     "--decks: Kortsættet «test-themes» er nævnt to gange."),
    (["new", "T", "--decks", "nope"], "--decks: Der er intet kortsæt med id «nope»."),
    (["export"], "Nævn én SESSION, der skal eksporteres, eller brug --all."),
    (["export", "x", "--all"], "Nævn én SESSION"),
    (["export", "--all", "-o", "f.md"], "-o/--output navngiver én fil"),
    (["map", "--deck", "nope"], "Der er intet kortsæt med indflydelseselementer med id «nope»"),
])
def test_u19_f9_mistakes_are_said_in_danish(capsys: pytest.CaptureFixture[str], args: list[str],
                                            message: str, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setattr("cardgame.__main__._has_terminal", lambda: True)
    code, _, err = run(capsys, "--lang", "da", *args)
    assert code == 1
    assert message in err, err
    assert err.startswith("cardgame: ")


def test_u19_argparse_speaks_danish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "da", "new"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "brug: cardgame new" in err and "disse argumenter mangler: title" in err
    with pytest.raises(SystemExit):
        main(["--lang", "da", "--help"])
    out = capsys.readouterr().out
    assert "tilvalg" in out and "vis denne hjælp og afslut" in out


def test_u19_english_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "en", "new", "T", "--date", "2026-02-30")
    assert code == 1 and "--date: The date 2026-02-30 does not exist." in err


def test_f7_a_workspace_that_is_a_file(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    file = tmp_path / "not-a-folder"
    file.write_text("x")
    for command in (["new", "T"], ["map"], ["sessions", "list"]):
        code, _, err = run(capsys, "--workspace", str(file), *command)
        assert code == 1 and f"Arbejdsmappen {file} er en fil, ikke en mappe." in err


def test_f8_a_sessions_folder_that_cannot_be_made(capsys: pytest.CaptureFixture[str],
                                                  workspace: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_mkdir = Path.mkdir

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        if self.name == "sessions":
            raise PermissionError(13, "Permission denied")
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", refuse)
    code, _, err = run(capsys, "new", "T")
    assert code == 1
    assert "kan ikke oprettes: ingen tilladelse til at skrive her" in err


def test_u29_a_deck_folder_that_does_not_exist(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    code, _, err = run(capsys, "--decks-dir", str(missing), "decks", "list")
    assert code == 1 and f"Mappen med kortsæt findes ikke: {missing}" in err
    a_file = tmp_path / "x.txt"
    a_file.write_text("x")
    code, _, err = run(capsys, "--decks-dir", str(a_file), "decks", "list")
    assert code == 1 and "hverken en mappe eller en kortfil" in err


def test_u15_session_ids_are_never_cut(capsys: pytest.CaptureFixture[str], workspace: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for _ in range(2):
        run(capsys, "new", "Temadag om borgerdialog på velfærdsområderne i byrådet",
            "--date", "2026-11-22")
    code, out, _ = run(capsys, "sessions", "list")
    assert code == 0
    ids = sorted(SessionStore(workspace / "sessions").ids())
    lines = out.splitlines()
    for sid in ids:
        assert sid in lines, out  # on a line of its own, whole
    # R15: at 80 columns each session takes three lines, its title whole on one of them
    assert len(lines) == 3 * len(ids), out
    assert lines.count("    Temadag om borgerdialog på velfærdsområderne i byrådet") == 2, out
    assert max(len(line) for line in lines) <= 80


def test_r15_a_wide_terminal_lists_sessions_as_a_table(
        capsys: pytest.CaptureFixture[str], workspace: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    run(capsys, "new", "Temadag om borgerdialog på velfærdsområderne", "--date", "2026-11-22")
    run(capsys, "new", "[bold]Fed[/] titel", "--date", "2026-11-22")
    code, out, _ = run(capsys, "sessions", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "titel", "dato", "grupper", "registreret", "ændret"]
    assert len(lines) == 3, out
    assert "[bold]Fed[/] titel" in out, "a title as typed, never read as markup"


def test_f12_list_says_which_sessions_cannot_be_opened_as_they_are(
        capsys: pytest.CaptureFixture[str], workspace: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    run(capsys, "new", "Sund", "--date", "2026-11-22")
    run(capsys, "new", "Ny", "--date", "2026-11-22")
    newer = workspace / "sessions" / "2026-11-22-ny.toml"
    newer.write_bytes(newer.read_bytes().replace(b"schema = 2", b"schema = 7", 1))
    code, out, _ = run(capsys, "sessions", "list")
    assert code == 0
    assert "skrevet af en nyere cardgame (format 7, denne læser 2)" in out
    code, _, err = run(capsys, "export", "2026-11-22-ny")
    assert code == 1 and "er skrevet af en nyere cardgame" in err


def test_decks_list_names_kinds_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "decks", "list", "--dir", str(FIXTURE_DECKS))
    assert code == 0 and "velfærdstemaer" in out and "test-themes" in out


def test_u25_open_without_a_terminal_says_so_and_exits(workspace: Path) -> None:
    """U25: with no terminal the app would wait forever holding the lock; it refuses at once."""
    env = {**os.environ, "CARDGAME_HOME": str(workspace)}
    env.pop("TEXTUAL_DRIVER", None)
    result = subprocess.run([sys.executable, "-m", "cardgame", *DECKS, "--lang", "da",
                             "open", "x"], stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=30, env=env)
    assert result.returncode == 1
    assert "cardgame skal køre i en terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_wall_without_a_terminal_says_so(workspace: Path) -> None:
    env = {**os.environ, "CARDGAME_HOME": str(workspace)}
    env.pop("TEXTUAL_DRIVER", None)
    result = subprocess.run([sys.executable, "-m", "cardgame", *DECKS, "--lang", "da",
                             "audience"], stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=30, env=env)
    assert result.returncode == 1
    assert "cardgame skal køre i en terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_wall_names_a_session_that_is_not_there(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     workspace: Path) -> None:
    monkeypatch.setenv("TEXTUAL_DRIVER", "headless")  # as if in a terminal
    code, _, err = run(capsys, "audience", "ingen-saadan")
    assert code == 1
    assert "Der er ingen session «ingen-saadan»" in err


def test_the_wall_runs_on_the_session_named(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch,
                                            workspace: Path) -> None:
    from cardgame import audience_app

    started: list[tuple[Path, Path | None]] = []

    def run_app(self: audience_app.AudienceApp) -> None:
        current = self.following.current
        started.append((self.following.folder, current.path if current else None))

    monkeypatch.setenv("TEXTUAL_DRIVER", "headless")
    monkeypatch.setattr(audience_app.AudienceApp, "run", run_app)
    assert run(capsys, "new", "Temadag", "--date", "2026-11-22")[0] == 0
    assert run(capsys, "audience", "temadag")[0] == 0
    assert started == [(workspace / "sessions",
                        workspace / "sessions" / "2026-11-22-temadag.toml")]
    assert run(capsys, "audience")[0] == 0  # no session named: the one open, else the latest
    assert started[1][1] == workspace / "sessions" / "2026-11-22-temadag.toml"


def test_help_offers_the_wall(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "da", "--help"])
    assert "audience" in capsys.readouterr().out


PROGRAMME = """schema = 1
[programme]
title = "Prøvedag"
[[rounds]]
deck = "test-themes"
cards = ["skole", "aeldre"]
minutes = 15
[[rounds]]
deck = "test-roles"
deal = 1
mode = "hand"
"""


def test_new_with_a_programme_keeps_it_as_played(capsys: pytest.CaptureFixture[str],
                                                 workspace: Path) -> None:
    (workspace / "programmes").mkdir()
    (workspace / "programmes" / "proeve.toml").write_text(PROGRAMME, encoding="utf-8")
    code, out, _ = run(capsys, "new", "Dag", "--groups", "A,B", "--decks", "test-themes",
                       "--programme", "proeve")
    assert code == 0
    session = Path(out.strip()).read_text(encoding="utf-8")
    assert 'title = "Prøvedag"' in session and 'deck = "test-roles"' in session
    assert "deal = 1" in session and session.count("[[programme.rounds]]") == 2


@pytest.mark.parametrize(("text", "said"), [
    (PROGRAMME.replace('"aeldre"', '"aeldr"'),
     "runde 1: felt «cards»: kortsættet «test-themes» har intet kort «aeldr»; mente du «aeldre»?"),
    (PROGRAMME.replace("deal = 1", "deal = 3"),
     "Runde 2 skal trække 6 kort fra «Testroller», men kun 2 er ikke brugt i programmet."),
    (PROGRAMME.replace("minutes = 15", "minutes = 500"),
     "runde 1: felt «minutes»: forventede et tal på højst 180, men fandt 500"),
])
def test_new_with_a_broken_programme_names_it(capsys: pytest.CaptureFixture[str],
                                              workspace: Path, text: str, said: str) -> None:
    path = workspace / "dag.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "new", "Dag", "--groups", "A,B", "--programme", str(path))
    assert code == 1 and said in err, err
    assert not (workspace / "sessions").exists() or not list(
        (workspace / "sessions").glob("*.toml"))


def test_new_with_a_programme_that_is_not_there(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", "Dag", "--programme", "findes-ikke")
    assert code == 1 and "findes-ikke: Programfilen kan ikke læses" in err


def test_programmes_list_and_validate(capsys: pytest.CaptureFixture[str],
                                      workspace: Path) -> None:
    folder = workspace / "programmes"
    folder.mkdir()
    (folder / "god.toml").write_text(PROGRAMME, encoding="utf-8")
    (folder / "brudt.toml").write_text(PROGRAMME.replace("test-roles", "test-rolle"),
                                       encoding="utf-8")
    code, out, _ = run(capsys, "programmes", "list")
    assert code == 0
    assert "Prøvedag  2 runder" in out and "(eksempel)" in out
    assert "brudt" in out and "mente du «test-roles»?" in out
    code, out, _ = run(capsys, "programmes", "validate", str(folder / "god.toml"))
    assert code == 0 and "«Prøvedag», 2 runder, i orden" in out
    code, out, _ = run(capsys, "programmes", "validate", str(folder / "brudt.toml"),
                       str(folder / "god.toml"))
    assert code == 1 and "brudt.toml:9: runde 2: felt «deck»" in out


def test_n22_new_says_it_made_the_session_without_opening_it(
        capsys: pytest.CaptureFixture[str], workspace: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(capsys, "new", "Temadag", "--date", "2026-12-07")
    assert code == 0 and out.strip().endswith("2026-12-07-temadag.toml") and err == "", \
        "a script reads one line, the path"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, "new", "Temadag", "--date", "2026-12-07")
    assert code == 0
    assert "Sessionen er oprettet, men ikke åbnet. Åbn den med: cardgame open " \
        "2026-12-07-temadag-2" in err
