"""The screens of cardgame, one file each; the modal dialogs beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import App
from textual.dom import DOMNode

if TYPE_CHECKING:
    from cardgame.app import CardgameApp


class cardgame_app:  # noqa: N801 - used like Textual's `getters.app`
    """The app a screen runs in, typed as `CardgameApp` so that mypy checks every call.

    Textual's `getters.app(CardgameApp)` needs the class when the screen's module is imported,
    and the app imports the screens: this getter finds the app among the screen's ancestors
    instead, and so needs `CardgameApp` for its type only.
    """

    def __get__(self, node: DOMNode, node_type: type[DOMNode]) -> CardgameApp:
        root = node.ancestors_with_self[-1]
        if not isinstance(root, App):
            raise RuntimeError(f"{node!r} is not shown in an app")
        return cast("CardgameApp", root)
