"""The user's remembered settings: interface language, theme, and whether answers from the
tables' phones wait for the facilitator's accept."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import tomli_w

from cardgame.domain.errors import Said, os_problem
from cardgame.domain.languages import LANGUAGES

THEMES = ("cardgame-dark", "cardgame-light")


@dataclass
class Settings:
    """What cardgame remembers between runs."""

    lang: str = "da"
    """Interface language."""
    theme: str = "cardgame-dark"
    """High-contrast dark or light theme."""
    phones_hold: bool = False
    """Answers from the tables' phones wait for the facilitator's accept (else: recorded at
    once)."""


def load_settings(path: Path) -> Settings:
    """The settings in path; defaults for anything missing or unreadable (never an error)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    settings = Settings()
    if raw.get("lang") in LANGUAGES:
        settings.lang = raw["lang"]
    if raw.get("theme") in THEMES:
        settings.theme = raw["theme"]
    if isinstance(raw.get("phones_hold"), bool):
        settings.phones_hold = raw["phones_hold"]
    return settings


def save_settings(path: Path, settings: Settings) -> str | None:
    """Write the settings; return an error message instead of raising."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(tomli_w.dumps({"schema": 1, **asdict(settings)}), encoding="utf-8")
        tmp.replace(path)
    except (FileExistsError, NotADirectoryError):
        return f"{path}: {Said('oserror.not_folder')}"
    except OSError as exc:
        return f"{path}: {os_problem(exc)}"
    return None
