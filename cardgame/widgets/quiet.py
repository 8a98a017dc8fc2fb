"""Updating a Static only when what it shows changes: every update repaints (and with
`layout`, lays the screen out again), and a key should cost only what it changed."""

from __future__ import annotations

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static


def same(shown: VisualType, new: VisualType) -> bool:
    """Whether two contents look the same (Content's `==` ignores styles; `is_same` does not)."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.is_same(new)
    return type(shown) is type(new) and isinstance(new, str) and shown == new


def update(widget: Static, content: VisualType, *, layout: bool = True) -> None:
    """`widget.update(content)`, unless it shows exactly that already."""
    if not same(widget.content, content):
        widget.update(content, layout=layout)
