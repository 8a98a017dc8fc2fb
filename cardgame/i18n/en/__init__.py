"""The English catalogue (`--lang en`)."""

from cardgame.i18n.en import files, keys, screens

STRINGS: dict[str, str] = {**screens.STRINGS, **files.STRINGS, **keys.STRINGS}
