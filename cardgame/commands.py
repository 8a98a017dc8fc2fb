"""The command palette: the actions of the current screen and the app, by localized name.

Only our own commands, in the interface language, and only those that can act now: no
screenshot, no theme picker with low-contrast themes, nothing that fails.
"""

from __future__ import annotations

from functools import partial

from textual.actions import ActionError, parse
from textual.command import DiscoveryHit, Hit, Hits, Provider

from cardgame.widgets.localize import declared_bindings

HIDDEN = ("number(", "put(", "command_palette")
"""Actions that make no sense by name (a digit's meaning depends on the card)."""


class CardgameCommands(Provider):
    """Offers the actions of the screen under the palette and of the app."""

    def _commands(self) -> list[tuple[str, str, str, object]]:
        screen = self.screen
        found: list[tuple[str, str, str, object]] = []
        seen: set[str] = set()
        for node in (screen, self.app):
            for binding in declared_bindings(node):
                if not binding.description or binding.action.startswith(HIDDEN):
                    continue
                if binding.action in seen:
                    continue
                try:
                    _, name, params = parse(binding.action)
                except ActionError:
                    continue
                if not node.check_action(name, params):
                    continue
                seen.add(binding.action)
                found.append((binding.description, binding.tooltip, binding.action, node))
        return found

    async def discover(self) -> Hits:
        for name, help_text, action, node in self._commands():
            yield DiscoveryHit(name, partial(self._run, action, node), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action, node in self._commands():
            score = matcher.match(f"{name} {help_text}")
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action, node),
                          help=help_text)

    async def _run(self, action: str, node: object) -> None:
        await self.app.run_action(action, node)  # type: ignore[arg-type]
