"""The README's flow in a real terminal (tmux): new session, answers, kill -9, reopen."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from cardgame.storage.store import SessionStore
from tests.helpers import FIXTURE_DECKS
from tests.tmux import Tmux


def test_new_session_answers_kill_and_reopen(tmux: Tmux, workspace: Path) -> None:
    tmux.start()
    tmux.wait_for("Ny temadag")
    tmux.keys("n")
    tmux.wait_for("Titel")
    tmux.type("Temadag i tmux")
    tmux.keys("C-s")
    tmux.wait_for("Kort 1 af 3")
    tmux.keys("4", "2")
    shown = tmux.wait_for("2/5")
    assert "4/5" in shown
    tmux.keys("Enter")
    tmux.wait_for("Begrundelse")
    tmux.keys("Tab")  # from the rating field to the note field
    tmux.type("Pårørende vil gerne")
    tmux.keys("C-s")  # enter is a new line in a reason; ctrl+s saves
    tmux.wait_for("¶")  # the note mark beside Gruppe 3

    # kill -9: no chance to clean up
    pid = tmux.app_pid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    tmux.kill_server()

    store = SessionStore(workspace / "sessions")
    [summary] = store.summaries()
    session = store.open(summary.id)
    ratings = [session.state.get("answer", "test-themes", "aeldre", g, "rating")
               for g in ("g1", "g2", "g3")]
    assert ratings == [4, 2, None]
    assert session.state.get("answer", "test-themes", "aeldre", "g3", "note") == \
        "Pårørende vil gerne"
    session.close()

    tmux.start("open", summary.id)
    tmux.wait_for("Ældreområdet")
    # Textual may write the card's lines a few milliseconds before the whole screen: wait for
    # the top bar, then read the screen.
    tmux.wait_for("Kort 1 af 3")
    shown = tmux.wait_for("2/5")
    assert "4/5" in shown and "Kort 1 af 3" in shown, shown
    tmux.keys("q")
    time.sleep(0.5)


def test_f5_typing_in_a_dialog_survives_kill_9(tmux: Tmux, workspace: Path) -> None:
    """F5 in a real terminal: a reason half typed when the process is killed comes back."""
    from cardgame.__main__ import main

    assert main(["--decks-dir", str(FIXTURE_DECKS), "new", "Kladde", "--decks",
                 "test-themes"]) == 0
    [summary] = SessionStore(workspace / "sessions").summaries()
    tmux.start("open", summary.id)
    tmux.wait_for("Ældreområdet")
    tmux.keys("Enter")
    tmux.wait_for("Begrundelse")
    tmux.keys("Tab")
    tmux.type("Halvt skrevet begrundelse")
    # a draft is kept about half a second after the last key: killed once it is on disk
    # (a loaded machine may take longer than that half second to write it)
    draft = workspace / "sessions" / f".{summary.id}.draft.toml"
    deadline = time.monotonic() + 10
    while "Halvt skrevet begrundelse" not in (draft.read_text(encoding="utf-8")
                                              if draft.exists() else ""):
        assert time.monotonic() < deadline, "the draft was not kept"
        time.sleep(0.05)
    os.kill(tmux.app_pid(), signal.SIGKILL)
    time.sleep(0.5)
    tmux.kill_server()

    tmux.start("open", summary.id)
    tmux.wait_for("Halvt skrevet begrundelse")  # offered back
    tmux.keys("y")
    shown = tmux.wait_for("Svar · Gruppe 1")
    assert "Halvt skrevet begrundelse" in shown
    tmux.keys("Escape")
    tmux.wait_for("Kassér det skrevne?")
    tmux.keys("n")  # keep writing
    tmux.keys("C-s")
    tmux.wait_for("¶")
    tmux.keys("q")
    time.sleep(0.5)
    read = SessionStore(workspace / "sessions").read(summary.id)
    assert read.state.get("answer", "test-themes", "aeldre", "g1", "note") == \
        "Halvt skrevet begrundelse"


ARTIFACTS = Path(__file__).parent / "__artifacts__"


def test_a_round_played_on_the_laptop_is_followed_on_the_wall(tmux: Tmux,
                                                              workspace: Path) -> None:
    """Two processes, two terminals at 200×55: deal, three tables answer, the timer, the next
    card; the facilitator quits and comes back. Every step shows on the wall."""
    size = (200, 55)
    tmux.start(size=size)
    tmux.wait_for("Ny temadag")
    tmux.keys("n")
    tmux.wait_for("Titel")
    tmux.type("Temadag på væggen")
    tmux.keys("C-s")
    tmux.wait_for("Kort 1 af 3")
    tmux.start("audience", target="wall", size=size)
    wall = tmux.wait_for("Pleje og omsorg for ældre borgere", target="wall")
    assert "Testtemaer · Kort 1 af 3" in wall

    tmux.keys("4", "2", "5")
    wall = tmux.wait_for("BORDENES VURDERING", target="wall")
    shown = tmux.wait_for("Gruppe 3", target="wall")
    ratings = [line for line in shown.splitlines() if "Gruppe " in line]
    assert any(line.rstrip().endswith("4") for line in ratings), ratings
    assert any(line.rstrip().endswith("5") for line in ratings), ratings

    tmux.keys("t")  # the round timer starts on the laptop: the wall counts down too
    tmux.wait_for("▶ 04:5")

    tmux.keys("n")  # the next card
    tmux.wait_for("Skolen er tæt på forældre og børn", target="wall")
    assert max(len(line) for line in tmux.screen().splitlines()) > 150  # really 200 wide
    (ARTIFACTS).mkdir(exist_ok=True)
    (ARTIFACTS / "tmux-laptop-200x55.txt").write_text(tmux.screen(), encoding="utf-8")
    (ARTIFACTS / "tmux-wall-200x55.txt").write_text(tmux.screen("wall"), encoding="utf-8")
    assert "Næste kort: Beskæftigelse" in tmux.screen()  # for the facilitator's eyes only
    assert "Næste kort" not in tmux.screen("wall")

    tmux.keys("q")  # the facilitator quits: the wall keeps the card and says so calmly
    tmux.wait_for("Sessionen er lukket på facilitatorens computer", target="wall")
    assert "Skolen er tæt på forældre og børn" in tmux.screen("wall")
    [session] = (workspace / "sessions").glob("*.toml")
    tmux.run("kill-session", "-t", "cg", check=False)  # gone already if cardgame has ended
    tmux.start("open", session.stem)
    tmux.wait_for("Kort 2 af 3")
    tmux.keys("n")
    tmux.wait_for("Ledige borgere tættere på job", target="wall")
    assert "Sessionen er lukket" not in tmux.screen("wall")
    tmux.keys("q", target="wall")
    tmux.keys("q")


def _pick(tmux: Tmux, downs: int, shown: str) -> None:
    """Open the focused Select, move down, choose, and wait until the choice shows."""
    tmux.keys("Enter")
    time.sleep(0.3)
    tmux.keys(*["Down"] * downs, "Enter")
    tmux.wait_for(shown)


def test_a_three_round_programme_made_in_the_app_is_played_and_exported(
        tmux: Tmux, workspace: Path) -> None:
    tmux.start()
    tmux.wait_for("Ny temadag")
    tmux.keys("f")
    tmux.wait_for("Nyt program")
    tmux.keys("Enter")
    tmux.wait_for("Programmets titel")
    tmux.type("Tre runder")
    # round 1: two welfare themes in plenary, 15 minutes
    tmux.keys("C-n")
    tmux.wait_for("Runde 1")
    tmux.keys("Tab")
    tmux.type("Temaer")
    tmux.keys("Tab", "C-u")
    tmux.type("15")
    tmux.keys("Tab", "Tab")
    tmux.type("skole")
    tmux.keys("Tab", "Space", "BTab", "C-u")
    tmux.type("aeldre")
    tmux.keys("Tab", "Space")
    tmux.wait_for("Valgt: 1. Folkeskolen  2. Ældreområdet")
    tmux.keys("C-s")
    tmux.wait_for("1. Temaer · Testtemaer · 2 kort · 15 min · plenum")
    # round 2: both formats, a card per table, 20 minutes; minutes "0" refused first
    tmux.keys("C-n")
    tmux.wait_for("Runde 2")
    _pick(tmux, 3, "Testformater")  # after Velfærdstemaer and Dialogformater (bundled)
    tmux.keys("Tab", "Tab", "C-u")
    tmux.type("0")
    tmux.keys("Tab")
    _pick(tmux, 1, "et kort til hvert bord")
    tmux.keys("Tab")
    tmux.type("borgerraad")
    tmux.keys("Tab", "Space", "BTab", "C-u")
    tmux.type("hoering")
    tmux.keys("Tab", "Space", "C-s")
    tmux.wait_for("Skriv minutterne som et helt tal fra 1 til 180.")
    tmux.keys("C-u")
    tmux.type("20")
    tmux.keys("C-s")
    tmux.wait_for("2. Testformater · Testformater · 2 kort · 20 min · et kort til hvert bord")
    # round 3: one role in plenary, 10 minutes
    tmux.keys("C-n")
    tmux.wait_for("Runde 3")
    _pick(tmux, 5, "Testroller")
    tmux.keys("Tab", "Tab", "C-u")
    tmux.type("10")
    tmux.keys("Tab", "Tab")
    tmux.type("ombud")
    tmux.keys("Tab", "Space", "C-s")
    tmux.wait_for("3 runder, 45 min i alt")
    tmux.keys("C-t")
    tmux.wait_for("Program")
    tmux.keys("C-s")
    tmux.wait_for("Runde 1 af 3 · Temaer · 15 min")
    tmux.keys("4", "3", "5", "n", "2", "2", "1", "n")
    shown = tmux.wait_for("Runde 2 af 3 · Testformater · 20 min")
    assert "20:00" in shown
    tmux.keys("1", "Tab", "2", "n")  # Gruppe 1 on its card, Gruppe 2 on its own
    tmux.wait_for("Runde 3 af 3 · Testroller · 10 min")
    tmux.keys("N")
    tmux.wait_for("Det er programmets sidste runde (3 af 3).")
    tmux.keys("e")
    tmux.wait_for("Noter til mail (Markdown) · På dansk")
    tmux.keys("Enter")
    tmux.wait_for("Noterne er skrevet")
    tmux.keys("q")
    exported = next((workspace / "exports").glob("*.md")).read_text(encoding="utf-8")
    assert "- Program: Tre runder" in exported
    part = exported[exported.index("## Runde 1: Temaer"):]
    assert part.index("## Runde 1: Temaer") < part.index("## Runde 2: Testformater") < \
        part.index("## Runde 3: Testroller")
    row = next(line for line in part.splitlines() if "| Folkeskolen " in line)
    assert row.split("|")[3].strip() == "4", row  # Gruppe 1's rating
    assert "(ved Gruppe 1)" in part and "(ved Gruppe 2)" in part
    assert "**Sprunget over (intet bord svarede):** Ombudsmanden." in part
    assert (workspace / "programmes" / "tre-runder.toml").is_file()
