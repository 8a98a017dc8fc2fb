"""The Danish catalogue (the default)."""

from cardgame.i18n.da import files, keys, screens

STRINGS: dict[str, str] = {**screens.STRINGS, **files.STRINGS, **keys.STRINGS}
