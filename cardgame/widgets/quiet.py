"""Redrawing only what changed: a Static updated only when what it shows changes (every
update repaints, and with `layout` lays the screen out again), a footer recomposed only when
its keys change. A key should cost only what it changed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.visual import VisualType
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey  # the footer's key (Textual exports it not)


def same(shown: VisualType, new: VisualType) -> bool:
    """Whether two contents look the same (Content's `==` ignores styles; `is_same` does not)."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.is_same(new)
    return type(shown) is type(new) and isinstance(new, str) and shown == new


def update(widget: Static, content: VisualType, *, layout: bool = True) -> None:
    """`widget.update(content)`, unless it shows exactly that already."""
    if not same(widget.content, content):
        widget.update(content, layout=layout)


class QuietFooter(Footer):
    """Textual's footer, rebuilt once per change of the keys it shows.

    The stock footer rebuilds all its keys (each a widget, styled anew) every time the screen
    says its bindings may have changed: a dozen times while a screen opens, and after keys
    that change nothing in the footer. Here the requests made before the next refresh are
    folded into one; when only a key's state changed (greyed or freed), that key is updated
    in place; the footer is rebuilt only when the keys themselves change."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting = False
        self._shown: tuple[tuple[str, str, str, str], ...] | None = None
        self._enabled: dict[str, bool] = {}
        # The keys are there in the screen's first frame (the stock footer waits for the
        # screen to say its bindings are ready, and then lays the whole screen out again).
        self.set_reactive(Footer._bindings_ready, True)

    def compose(self) -> ComposeResult:
        self._shown, self._enabled = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A key is made compact, then bound to the footer's `compact` (the palette's
                # key is not: it stays compact): as it is mounted it would take the class and
                # lose it again, styled anew each time. It gets its final look before.
                bound = "compact" in (widget._reactive_connect or {})
                compact = self.compact if bound else True
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def _keys(self) -> tuple[tuple[tuple[str, str, str, str], ...], dict[str, bool]]:
        """The keys the footer shows (action, key, label, tooltip) and which can act: one per
        action, its first key, as the footer draws them (a second key of an action, such as
        → beside n, may come and go with the focus without changing what is drawn)."""
        shown: list[tuple[str, str, str, str]] = []
        enabled: dict[str, bool] = {}
        for _, binding, active, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in enabled:
                shown.append((binding.action, binding.key, binding.description, tooltip))
                enabled[binding.action] = active
        return tuple(shown), enabled

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._waiting:
            return
        if self.is_attached and screen is self.screen:
            self._waiting = True
            self.call_after_refresh(self._refresh_keys)

    async def _refresh_keys(self) -> None:
        self._waiting = False
        if not self.is_attached:
            return
        shown, enabled = self._keys()
        if shown != self._shown:
            await self.recompose()
        elif enabled != self._enabled:
            self._enabled = enabled
            for key in self.query(FooterKey):
                action = key.action
                if action in enabled:
                    # As the footer builds a greyed key: the class draws it greyed, the flag
                    # makes a click on it ring the bell instead of pressing the key.
                    key.set_class(not enabled[action], "-disabled")
                    key._disabled = not enabled[action]
