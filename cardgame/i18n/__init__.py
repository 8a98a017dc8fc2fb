"""Interface strings, one catalogue per language; `t(key, **values)` looks one up.

Card texts come from the decks in their own language; everything else the interface says is
here: the screens, the CLI, deck validation, storage and save errors. A test checks that every
catalogue has every key, and that no English reaches the Danish interface.

Plurals: a key with the variants `key.one` and `key.other` is looked up by its `n` value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cardgame.i18n import da, en, nb

CATALOGUES: dict[str, dict[str, str]] = {"da": da.STRINGS, "nb": nb.STRINGS, "en": en.STRINGS}
LANGUAGES: tuple[str, ...] = tuple(CATALOGUES)
"""The languages cardgame speaks: Danish (the default), bokmål, English."""
LANGUAGE_NAMES = {"da": "Dansk", "nb": "Norsk bokmål", "en": "English"}
"""Each language by its own name, as a speaker looks for it in a list."""
_current = "da"


def speak(lang: str | None) -> None:
    """Speak lang, or Danish when cardgame has no catalogue for it (a settings file written
    by hand, or by a newer cardgame)."""
    set_language(lang if lang in CATALOGUES else "da")


def set_language(lang: str) -> None:
    """Switch the interface language (one of LANGUAGES)."""
    global _current
    if lang not in CATALOGUES:
        raise ValueError(f"unknown interface language {lang!r}")
    _current = lang


def language() -> str:
    return _current


def has(key: str) -> bool:
    """Whether the catalogue of the current language has key (or its plural variants)."""
    catalogue = CATALOGUES[_current]
    return key in catalogue or f"{key}.one" in catalogue


def t(key: str, **values: object) -> str:
    """The string for key in the current language, formatted with values."""
    catalogue = CATALOGUES[_current]
    count = values.get("n")
    if f"{key}.one" in catalogue and isinstance(count, int):
        key = f"{key}.one" if count == 1 else f"{key}.other"
    text = catalogue.get(key) or CATALOGUES["da"].get(key) or key
    return text.format(**values) if values else text


def t_in(lang: str, key: str, **values: object) -> str:
    """The string for key in `lang` (a deck's language: a card's headings speak it, N4); the
    interface language where there is no catalogue for it."""
    global _current
    chosen = lang if lang in CATALOGUES else _current
    if chosen == _current:
        return t(key, **values)
    interface, _current = _current, chosen
    try:
        return t(key, **values)
    finally:
        _current = interface


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak `lang` for a while (the interface's where cardgame has no catalogue for it): the
    web wall is written in its session's language, whatever the server speaks."""
    global _current
    interface = _current
    _current = lang if lang in CATALOGUES else interface
    try:
        yield
    finally:
        _current = interface


def in_other_language(lang: str) -> str:
    """" · dansk" after a deck's name where the deck speaks another language than the
    interface, "" where it speaks the interface's (N4)."""
    if lang == _current:
        return ""
    return " · " + (t(f"lang_name.{lang}") if has(f"lang_name.{lang}") else lang)


def join_names(items: list[str], lang: str | None = None) -> str:
    """Names as a list in a sentence: "Bord 4, Bord 5 og Bord 6" (Babel's rules per
    language, read when first needed)."""
    from babel.lists import format_list

    return format_list(items, locale=lang or _current) if items else ""


def possessive(name: str) -> str:
    """A name in the genitive: Danish "Bord 1's", "Klaus'", "Annes"; English "Klaus's";
    bokmål "Bord 1s", "NAVs", "Klaus'" (an apostrophe only after s, x and z)."""
    name = name.strip()
    if not name:
        return name
    if _current == "en":
        return name + "'s"
    last = name[-1]
    if _current == "nb":
        return name + ("'" if last.lower() in "sxz" else "s")
    if last.lower() in "sxz":
        return name + "'"
    if not last.isalpha() or (len(name) > 1 and name.isupper()):
        return name + "'s"
    return name + "s"
