"""Interface strings, one catalogue per language; `t(key, **values)` looks one up.

Card texts come from the decks in their own language; everything else the interface says is
here. A test checks that every catalogue has every key.
"""

from __future__ import annotations

from cardgame.i18n import da, en

CATALOGUES: dict[str, dict[str, str]] = {"da": da.STRINGS, "en": en.STRINGS}
_current = "da"


def set_language(lang: str) -> None:
    """Switch the interface language (da or en)."""
    global _current
    if lang not in CATALOGUES:
        raise ValueError(f"unknown interface language {lang!r}")
    _current = lang


def language() -> str:
    return _current


def t(key: str, **values: object) -> str:
    """The string for key in the current language, formatted with values."""
    text = CATALOGUES[_current].get(key) or CATALOGUES["da"].get(key) or key
    return text.format(**values) if values else text
