"""The Norwegian (bokmål) catalogue."""

from cardgame.i18n.nb import files, keys, screens

STRINGS: dict[str, str] = {**screens.STRINGS, **files.STRINGS, **keys.STRINGS}
