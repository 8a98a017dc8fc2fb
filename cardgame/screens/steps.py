"""Running one domain step from a screen: explain a refusal, never crash, then redraw."""

from __future__ import annotations

from typing import Callable

from textual.screen import Screen

from cardgame.domain.errors import CardgameError
from cardgame.domain.themeday import RuleError
from cardgame.i18n import t


def run_step(screen: Screen, step: Callable[[], object], redraw: Callable[[], None]) -> None:
    """Do step; show a rule's refusal as a warning and any other user error as an error."""
    try:
        step()
    except RuleError as refused:
        screen.notify(t(refused.key, **refused.values), severity="warning")
    except CardgameError as error:
        screen.notify(str(error), severity="error", timeout=15)
    redraw()
