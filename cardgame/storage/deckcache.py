"""Decks already validated, found again by the SHA-256 of their bytes.

Reading a deck file means parsing its TOML (pure Python: about 0.17 s for a 1,000-card deck)
and checking every card. The same bytes give the same deck, so a deck is read once per
version of cardgame: kept in memory for the process, and on disk in the user's cache folder as
JSON of the checked deck. A deck taken from the disk cache is checked again by pydantic (a few
milliseconds, from JSON), never unpickled, so a cache file can at worst be refused, never run.

Only valid decks are cached; a deck with problems is read and reported in full every time.
The cache is a convenience: a folder that cannot be written, a file that cannot be read or a
cache from another version are simply passed by.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from cardgame import __version__
from cardgame.domain.decks import Deck
from cardgame.storage.cachefolder import cache_root

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from cardgame.domain.decks import Card, DeckInfo

CACHE_FORMAT = 1
"""Raised when what is written to a cache file changes."""

_memory: dict[str, Deck] = {}
_adapters: dict[str, TypeAdapter[tuple[DeckInfo, tuple[Card, ...]]]] = {}


def cache_dir() -> Path | None:
    """The user's cache folder for decks (None: no cache on disk)."""
    root = cache_root()
    return root / "decks" if root is not None else None


def _key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file(key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{key}-{CACHE_FORMAT}-{__version__}.json" if folder else None


def cached(path: Path, data: bytes) -> Deck | None:
    """The deck these bytes make, if it was read before; None when it must be read now."""
    key = _key(data)
    deck = _memory.get(key)
    if deck is None:
        deck = _from_disk(key, data)
        if deck is None:
            return None
        _memory[key] = deck
    return deck if deck.source == str(path) else deck.model_copy(update={"source": str(path)})


def remember(deck: Deck) -> None:
    """Keep a deck that was just read and found valid, in memory and on disk."""
    key = _key(deck.raw)
    _memory[key] = deck
    target = _file(key)
    if target is None or target.exists():
        return
    record = deck.kind.encode() + b"\n" + _adapter(deck.kind).dump_json((deck.info, deck.cards))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _prune(target.parent)
        fd, temporary = tempfile.mkstemp(prefix=".deck-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(record)
        os.replace(temporary, target)  # no fsync: a cache file cut short is refused, not used
    except OSError:
        pass  # no cache this time: the deck is read from its file again next time


def _adapter(kind: str) -> TypeAdapter[tuple[DeckInfo, tuple[Card, ...]]]:
    """Reads and writes (info, cards) of one kind of deck as JSON, checking every field."""
    from pydantic import TypeAdapter

    from cardgame.domain.decks import CARD_MODELS, DeckInfo

    adapter = _adapters.get(kind)
    if adapter is None:
        card = CARD_MODELS[kind]
        adapter = _adapters[kind] = TypeAdapter(tuple[DeckInfo, tuple[card, ...]])  # type: ignore[valid-type]
    return adapter


def _prune(folder: Path) -> None:
    """Remove what older versions of cardgame left: their decks are not read any more."""
    ours = f"-{CACHE_FORMAT}-{__version__}.json"
    for old in folder.glob("*.json"):
        if not old.name.endswith(ours):
            try:
                old.unlink()
            except OSError:
                pass


def _from_disk(key: str, data: bytes) -> Deck | None:
    from pydantic import ValidationError

    from cardgame.domain.decks import CARD_MODELS
    from cardgame.storage.sessionfile import content_hash

    source = _file(key)
    if source is None:
        return None
    try:
        kind, _, body = source.read_bytes().partition(b"\n")
        if kind.decode() not in CARD_MODELS:
            return None
        info, cards = _adapter(kind.decode()).validate_json(body)
    except (OSError, ValueError, ValidationError):
        return None
    if info.kind != kind.decode():
        return None
    # `key` is the whole SHA-256 of the bytes; a deck's content hash is its first 16 digits.
    return Deck(info=info, cards=cards, content_hash=key[:len(content_hash(b""))], raw=data)


def forget() -> None:
    """Empty the memory (tests)."""
    _memory.clear()
