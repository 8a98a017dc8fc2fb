"""The languages cardgame speaks, for the layers that may not read the catalogues themselves
(storage checks a settings file's language against them)."""

from cardgame.i18n import LANGUAGES

__all__ = ["LANGUAGES"]
