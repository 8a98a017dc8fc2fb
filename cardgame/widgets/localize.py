"""Put binding descriptions and tooltips in the interface language.

Bindings are declared once, in English, with an `id`; their description is `bind.<id>` and
their tooltip `tip.<id>` in the catalogue of the current language, so the footer, the help
screen and the command palette speak the user's language.

Textual has no public way to change a node's binding descriptions after it is made, so
`localize_bindings` is the one place that writes the node's binding table; a test checks it
against the installed Textual. Everything else reads the bindings we declared ourselves
(`declared_bindings`), never Textual's private table.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from cardgame.i18n import CATALOGUES, language


def localized(binding: Binding) -> Binding:
    """Ours by their id; the few of Textual's own a footer shows, by their action."""
    if not binding.id and not binding.show:
        return binding
    name = binding.id or f"textual.{binding.action}"
    catalogue = CATALOGUES[language()]
    description = catalogue.get(f"bind.{name}", binding.description)
    tooltip = catalogue.get(f"tip.{name}", binding.tooltip)
    return replace(binding, description=description, tooltip=tooltip)


def localize_bindings(node: DOMNode) -> None:
    """Replace the node's bindings with localized copies (the one seam to Textual)."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [localized(b) for b in bindings]


def localize_selects(screen: DOMNode) -> None:
    """The menus of the screen's Select widgets: their one key in the footer, "esc Dismiss
    menu", in the interface language (N16)."""
    for menu in screen.query("SelectOverlay"):
        localize_bindings(menu)


def declared_bindings(node: DOMNode) -> list[Binding]:
    """The bindings cardgame's own classes declare in BINDINGS, localized, most specific first
    (Textual's own, such as "Copy selected text", are not ours to offer)."""
    found: list[Binding] = []
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("cardgame."):
            continue
        for item in cls.__dict__.get("BINDINGS", []):
            if isinstance(item, Binding):
                found.append(localized(item))
    return found
