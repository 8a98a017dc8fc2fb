"""The command palette: every action of the current screen, by its localized name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cardgame.widgets.localize import localized


class CardgameCommands(Provider):
    """Offers the actions of the screen under the palette, as the footer names them."""

    def _commands(self) -> list[tuple[str, str, str]]:
        screen = self.screen
        found: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for bindings in screen._bindings.key_to_bindings.values():
            for binding in bindings:
                binding = localized(binding)
                if not binding.description or binding.action.startswith("number("):
                    continue
                if binding.action in seen:
                    continue
                name = binding.action.split("(")[0]
                if screen.check_action(name, ()) is False:
                    continue
                seen.add(binding.action)
                found.append((binding.description, binding.tooltip, binding.action))
        return found

    async def discover(self) -> Hits:
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(f"{name} {help_text}")
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action),
                          help=help_text)

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)
