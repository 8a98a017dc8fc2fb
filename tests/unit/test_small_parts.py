"""Small parts with their own refusals: settings, the read-only recorder, undo words, the
theme toggle that remembers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cardgame.domain.describe import describe
from cardgame.domain.errors import os_problem
from cardgame.domain.events import MISSING, Change, SessionState
from cardgame.domain.recording import ReadOnlyRecorder
from cardgame.i18n import set_language
from cardgame.storage.settings import Settings, load_settings, save_settings
from tests.helpers import MakeApp, fixture_library, theme_day_meta


def test_settings_default_on_missing_or_bad_files(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()
    bad = tmp_path / "bad.toml"
    bad.write_text("lang = = 'x'", encoding="utf-8")
    assert load_settings(bad) == Settings()
    odd = tmp_path / "odd.toml"
    odd.write_text('lang = "fr"\ntheme = "dracula"\n', encoding="utf-8")
    assert load_settings(odd) == Settings(), "only our languages and high-contrast themes"


def test_settings_round_trip_and_a_refused_folder(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.toml"
    assert save_settings(path, Settings("en", "cardgame-light")) is None
    assert load_settings(path) == Settings("en", "cardgame-light")
    blocked = tmp_path / "file"
    blocked.write_text("x")
    set_language("da")
    problem = save_settings(blocked / "settings.toml", Settings())
    assert problem is not None and "en del af stien er en fil" in problem


def test_read_only_recorder_refuses_every_write() -> None:
    recorder = ReadOnlyRecorder(SessionState())
    calls: list[Callable[[], object]] = [
        lambda: recorder.set(("a",), 1), lambda: recorder.set_many([]), recorder.undo,
        recorder.redo, lambda: recorder.view(card="x")]
    for call in calls:
        with pytest.raises(RuntimeError):
            call()


def test_undo_words_for_every_kind_of_key() -> None:
    set_language("da")
    decks = fixture_library().decks
    meta = theme_day_meta([decks["test-themes"], decks["test-influence"]])

    def words(key: tuple[str, ...], value: object = 1) -> str:
        return describe(Change(key, MISSING, value, 1), meta, decks)

    assert words(("hand", "test-themes", "aeldre")) == "kortet «Ældreområdet» til et bord"
    assert words(("place", "test-influence", "strategi", "Direktionen", "g1", "today")) == \
        "placeringen af «Strategi» (Direktionen)"
    assert words(("failure", "test-influence", "strategi", "Direktionen", "g1")) == \
        "fejlkilde-mærket på «Strategi» (Direktionen)"
    assert words(("guide", "test-influence", "2", "g1")) == "svaret på spørgsmål 2"
    assert words(("answer", "test-themes", "aeldre", "g1", "levers")) == \
        "Gruppe 1's greb på «Ældreområdet»"
    assert words(("something", "else")) == "den seneste ændring"
    long = "x" * 80
    assert words(("followup", "f1", "what"), long).endswith("…»")


def test_os_errors_in_the_interface_language() -> None:
    import errno

    set_language("da")
    assert str(os_problem(OSError(errno.ENOSPC, "No space left on device"))) == "disken er fuld"
    assert str(os_problem(OSError(errno.EROFS, "Read-only file system"))) == \
        "drevet er skrivebeskyttet"
    assert str(os_problem(OSError(9999, "Something odd"))) == "Something odd"


async def test_the_light_theme_is_remembered(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert app.theme == "cardgame-light"
    assert load_settings(tmp_path / "config" / "settings.toml").theme == "cardgame-light"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cardgame-light"
