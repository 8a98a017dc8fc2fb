"""Where cardgame reads decks and writes sessions and exports.

Paths come in explicitly (CLI flags, environment, or a test's tmp_path); nothing is read or
created at import time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from cardgame.domain.errors import CardgameError

if TYPE_CHECKING:
    from cardgame.domain.decks import Deck
    from cardgame.domain.errors import Problem

HOME_VARIABLE = "CARDGAME_HOME"
CONFIG_VARIABLE = "CARDGAME_CONFIG"


APP_NAME = "cardgame"
_PACKAGE = Path(__file__).resolve().parent.parent


def installed() -> bool:
    """Whether this cardgame was installed (from a wheel, by pipx or uv), not run from its
    source checkout: an installed package carries its bundled decks inside it."""
    return (_PACKAGE / "_bundled_decks").is_dir()


def bundled_decks_dir() -> Path:
    """The decks that ship with cardgame, in a wheel or in a source checkout."""
    return _PACKAGE / "_bundled_decks" if installed() else _PACKAGE.parent / "decks"


def default_config_file() -> Path:
    """The user's settings file (language, theme), outside any workspace: in the platform's
    folder for settings (`%APPDATA%\\cardgame` on Windows, `~/Library/Application Support/
    cardgame` on macOS, `~/.config/cardgame` on Linux), or where `CARDGAME_CONFIG` says."""
    explicit = os.environ.get(CONFIG_VARIABLE)
    if explicit:
        return Path(explicit)
    return platformdirs.user_config_path(APP_NAME, appauthor=False, roaming=True) \
        / "settings.toml"


def default_workspace() -> Path:
    """Where sessions and exports go when nothing else is said: the current folder when run
    from the source checkout (the repository's own folders), else a `cardgame` folder in the
    user's documents, where a municipal laptop's backup and sync already look."""
    if not installed():
        return Path.cwd()
    return platformdirs.user_documents_path() / APP_NAME


@dataclass(frozen=True)
class Workspace:
    """A folder with `decks/`, `sessions/` and `exports/`."""

    root: Path
    extra_deck_dirs: tuple[Path, ...] = ()
    include_bundled: bool = True

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None,
                deck_dirs: list[Path] | None = None) -> Workspace:
        """The workspace named by --workspace, else CARDGAME_HOME, else the default one."""
        chosen = explicit or os.environ.get(HOME_VARIABLE) or default_workspace()
        return cls(Path(chosen).expanduser().resolve(), tuple(deck_dirs or ()))

    def check(self) -> None:
        """CardgameError for a workspace that is a file, or a deck folder that is not there.

        Folders that do not exist yet are made when something is saved in them.
        """
        if self.root.exists() and not self.root.is_dir():
            raise CardgameError("workspace.not_folder", path=self.root)
        for folder in self.extra_deck_dirs:
            if not folder.exists():
                raise CardgameError("workspace.no_decks_dir", path=folder)
            if not folder.is_dir() and folder.suffix != ".toml":
                raise CardgameError("workspace.decks_dir_not_folder", path=folder)

    @property
    def sessions(self) -> Path:
        return self.root / "sessions"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def decks(self) -> Path:
        return self.root / "decks"

    @property
    def programmes(self) -> Path:
        return self.root / "programmes"

    def deck_sources(self) -> list[Path]:
        """Folders to read decks from, bundled first so that user decks can replace them."""
        sources: list[Path] = []
        if self.include_bundled:
            sources.append(bundled_decks_dir())
        for folder in (self.decks, *self.extra_deck_dirs):
            if folder.is_dir() and all(not _same(folder, s) for s in sources):
                sources.append(folder)
            elif not folder.exists() and folder != self.decks:
                sources.append(folder)  # reported as missing by the loader
        return sources


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


class LazyDecks(Mapping[str, "Deck"]):
    """The workspace's decks, read only when first asked for (a session keeps its own)."""

    def __init__(self, load: Callable[[], Mapping[str, Deck]]) -> None:
        self._load = load
        self._decks: Mapping[str, Deck] | None = None

    @property
    def decks(self) -> Mapping[str, Deck]:
        if self._decks is None:
            self._decks = self._load()
        return self._decks

    def __getitem__(self, deck_id: str) -> Deck:
        return self.decks[deck_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.decks)

    def __len__(self) -> int:
        return len(self.decks)


@dataclass
class DeckLibrary:
    """Every deck available in a workspace, by id, with the problems met loading them."""

    decks: dict[str, Deck] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    replaced: list[tuple[str, str, str]] = field(default_factory=list)
    """(deck id, the file that won, the file it replaced) for decks found twice."""

    @classmethod
    def load(cls, sources: list[Path]) -> DeckLibrary:
        from cardgame.storage.deckfile import validate_paths  # pydantic: not at start-up

        decks, problems = validate_paths(sources)
        library = cls(problems=problems)
        for deck in decks:
            earlier = library.decks.get(deck.id)
            if earlier is not None and earlier.content_hash != deck.content_hash:
                library.replaced.append((deck.id, deck.source, earlier.source))
            if earlier is None or earlier.content_hash != deck.content_hash:
                library.decks[deck.id] = deck
        return library

    def of_kind(self, kind: str, lang: str = "") -> list[Deck]:
        """The decks of a kind; with `lang`, those in that language first (a Norwegian
        facilitator gets the Norwegian deck where a Danish one is bundled beside it)."""
        found = [d for d in self.decks.values() if d.kind == kind]
        return sorted(found, key=lambda d: d.info.language != lang) if lang else found

    def get(self, deck_id: str) -> Deck | None:
        return self.decks.get(deck_id)
