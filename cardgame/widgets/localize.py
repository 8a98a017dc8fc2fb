"""Put binding descriptions and tooltips in the interface language.

Bindings are declared once, in English, with an `id`; when a screen is made, its bindings get
the description `bind.<id>` and tooltip `tip.<id>` from the catalogue of the current language,
so the footer and the help screen speak the user's language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from cardgame.i18n import CATALOGUES, language


def localized(binding: Binding) -> Binding:
    if not binding.id:
        return binding
    catalogue = CATALOGUES[language()]
    description = catalogue.get(f"bind.{binding.id}", binding.description)
    tooltip = catalogue.get(f"tip.{binding.id}", binding.tooltip)
    return replace(binding, description=description, tooltip=tooltip)


def localize_bindings(node: DOMNode) -> None:
    """Replace the node's bindings with localized copies."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [localized(b) for b in bindings]
