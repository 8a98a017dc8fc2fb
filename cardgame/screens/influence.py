"""Influence mapping: place each element on the circle per actor and group, today and wanted."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from cardgame.domain.circle import Marker
from cardgame.domain.decks import Card, Deck, InfluenceElementCard
from cardgame.domain.errors import RuleError
from cardgame.domain.influence import TODAY, WANTED, InfluenceMap
from cardgame.i18n import t, t_in
from cardgame.screens.dialogs import Field, TextDialog
from cardgame.screens.frame import SessionScreen
from cardgame.storage.drafts import Draft
from cardgame.storage.opened import OpenSession
from cardgame.widgets.circle_view import CircleView
from cardgame.widgets.lines import LineView
from cardgame.widgets.localize import localize_bindings

LEGEND_WINDOW = 60
"""Above this many elements the legend shows a window of them, with the selected one."""
LEGEND_FRAME = 3
"""The legend's lines that are not elements when it shows a window: its title, and how many
elements come before and after the window."""
TALL = 30
"""From this many rows the selected element's box keeps one height: moving through the
elements then neither moves the legend nor lays the screen out again."""
RING_KEYS = [Binding(str(n), f"put({n})", f"Ring {n}", id=f"map.ring{n}", show=False)
             for n in range(1, 10)]


class InfluenceScreen(SessionScreen):
    """The circle on the left, the elements and their rings on the right."""

    CSS_PATH = ["status.tcss", "influence.tcss"]
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Every key"),
        Binding("q", "quit_app", "Quit", id="map.quit", tooltip="Quit (everything is saved)"),
        Binding("up", "step_element(-1)", "Previous element", id="map.up", show=False,
                tooltip="Select the previous element"),
        Binding("down", "step_element(1)", "Next element", id="map.down", show=False,
                tooltip="Select the next element"),
        Binding("right,plus", "move(1)", "Inward", id="map.inward",
                tooltip="Move the element one ring inward: more influence"),
        Binding("left,minus", "move(-1)", "Outward", id="map.outward",
                tooltip="Move the element one ring outward: less influence"),
        *RING_KEYS,
        Binding("0", "remove", "Off the circle", id="map.remove", show=False,
                tooltip="Take the element off the circle"),
        Binding("w", "toggle_dim", "Today/wanted", id="map.dim",
                tooltip="Switch between placing today's and the wanted influence"),
        Binding("c", "cycle_how", "Decisions/culture", id="map.how",
                tooltip="Cycle how the influence works: decisions, culture, both"),
        Binding("x", "toggle_failure", "Failure mark", id="map.failure",
                tooltip="Mark as often a cause of failed dialogues"),
        Binding("enter", "note", "Note", id="map.note", tooltip="Write a note on the element"),
        Binding("a", "step_actor", "Next actor", id="map.actor",
                tooltip="Map the influence of the next actor"),
        Binding("tab", "step_group", "Next group", id="map.group", show=False,
                tooltip="Record the next group's placements"),
        Binding("u", "potential", "Potential", id="map.potential",
                tooltip="Development potential and the guiding questions"),
        Binding("ctrl+z", "undo", "Undo", id="map.undo", tooltip="Undo the last change"),
        Binding("ctrl+y", "redo", "Redo", id="map.redo", show=False,
                tooltip="Redo what was undone"),
        Binding("e", "export", "Export", id="map.export", show=False,
                tooltip="Write the session's notes as Markdown in exports/"),
        Binding("v", "wall", "Wall", id="map.wall", show=False,
                tooltip="Show the circle on the projector, in a second window"),
        Binding("f", "projection", "Projection", id="map.projection", show=False,
                tooltip="Show only the circle and the elements"),
        Binding("escape", "leave", "Back", id="map.leave", show=False,
                tooltip="Leave the mapping"),
    ]
    DRAFT_KINDS = frozenset({"note", "guide"})

    def __init__(self, session: OpenSession, deck: Deck, *, owns_session: bool = True) -> None:
        super().__init__(session, owns_session=owns_session)
        localize_bindings(self)
        self.map = InfluenceMap(session.meta, deck, session)
        self._legend_first = 0
        """The first element in the legend's window (a deck of more than LEGEND_WINDOW)."""

    def compose(self) -> ComposeResult:
        yield Static(id="map-where")
        with Horizontal(id="map-main"):
            yield CircleView(id="circle")
            with Vertical(id="legend-side"):
                yield Static(id="rings")
                yield LineView(id="legend")
                yield LineView(id="element-info")
        yield Static(id="map-status")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.app.size.height >= TALL, "-tall")
        self.redraw()
        beyond = self.map.beyond_rings()
        if beyond:
            self.notify(t("map.beyond_rings", rings=len(self.map.rings),
                          elements=", ".join(f"«{title}»" for title in beyond)),
                        severity="warning", timeout=20)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height >= TALL, "-tall")
        self.call_after_refresh(self.redraw)  # the legend's window follows its new height

    def on_screen_resume(self) -> None:
        self.redraw()

    def rules(self) -> dict[str, Callable[..., RuleError | None]]:
        mapping = self.map
        return {"step_element": mapping.why_not_step_element, "move": mapping.why_not_move,
                "put": mapping.why_not_put, "remove": mapping.why_not_remove,
                "step_actor": mapping.why_not_step_actor,
                "step_group": mapping.why_not_step_group, "undo": mapping.why_not_undo,
                "redo": mapping.why_not_redo}

    # drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        mapping, meta = self.map, self.session.meta
        dim_label = t("map.today") if mapping.dim == TODAY else t("map.wanted")
        where = [t("map.editing", dim=dim_label), t("map.actor", actor=mapping.actor)]
        if len(meta.groups) > 1:
            where.append(meta.group_name(mapping.group))
        where.append(mapping.deck.info.title)
        self.query_one("#map-where", Static).update(Content(" · ".join(where)))
        status = self.query_one("#map-status", Static)
        status.update(self.status_line())
        status.set_class(not self.session.status.ok, "-error")
        self.query_one("#rings", Static).update(self._rings())
        elements = mapping.elements
        selected = mapping.deck.position(mapping.element.id)
        placed = {TODAY: mapping.placed(TODAY), WANTED: mapping.placed(WANTED)}
        markers: list[Marker] = []
        for index, card in enumerate(elements):  # every placement, today and wanted (N5)
            for dim in (TODAY, WANTED):
                ring = placed[dim].get(card.id)
                if ring is not None:
                    markers.append(Marker(index, ring, dim))
        self.query_one(CircleView).show(list(mapping.rings), len(elements), markers, selected)
        legend = self.query_one("#legend", LineView)
        lines, selected_line = self._legend(selected, placed)
        legend.set_parts(lines)
        legend.scroll_to_part(selected_line)  # the selected element in view, on any deck
        self.query_one("#element-info", LineView).set_parts(self._info())
        self.refresh_keys()

    def on_circle_view_crowded(self, message: CircleView.Crowded) -> None:
        self.notify(t("map.crowded"), severity="warning", timeout=10)

    def _ring_name(self, ring: int | None) -> str:
        return "–" if ring is None else f"{ring + 1}"

    def _legend(self, selected: int, placed: dict[str, dict[str, int]]
                ) -> tuple[list[Content], int]:
        """The elements with their rings (`placed`: each dimension's rings by element), and
        which of the lines is the selected element's."""
        mapping = self.map
        lines = [Content.styled(t("map.legend_title"), "bold $accent")]
        unplaced: list[Content] = []
        chosen: list[Content] = []  # the selected element's line, once made

        def line_of(index: int, card: Card) -> Content:
            line = self._legend_line(index, card, selected, placed)
            if index == selected:
                chosen.append(line)
            return line

        elements = list(enumerate(mapping.elements))
        if len(elements) > LEGEND_WINDOW:
            # A long deck: a window of the elements, in deck order, with the selected one.
            first, rows = self._legend_window(selected, len(elements))
            shown = elements[first:first + rows]
            if first:
                lines.append(Content.styled(t("map.more_above", n=first), "$text-muted"))
            lines += [line_of(i, card) for i, card in shown]
            rest = len(elements) - first - len(shown)
            if rest:
                lines.append(Content.styled(t("map.more_below", n=rest), "$text-muted"))
        else:
            for index, card in elements:
                line = line_of(index, card)
                placed_now = card.id in placed[TODAY] or card.id in placed[WANTED]
                (lines if placed_now else unplaced).append(line)
            if unplaced:
                lines += [Content(""), Content.styled(t("map.unplaced"), "bold $accent"),
                          *unplaced]
        at = next((at for at, line in enumerate(lines) if chosen and line is chosen[0]), 0)
        return lines, at

    def _legend_window(self, selected: int, count: int) -> tuple[int, int]:
        """The first element the legend shows on a long deck, and how many: as many as its
        height holds, the selected one among them. The window stays where it is while the
        selection moves inside it (a step repaints two lines, not the legend) and moves by
        half its height when the selection would leave it, as a list scrolls."""
        height = self.query_one("#legend", LineView).scrollable_content_region.height
        rows = max(1, height - LEGEND_FRAME) if height else LEGEND_WINDOW
        first = self._legend_first
        if not first <= selected < first + rows:
            first = selected - rows // 2
        first = max(0, min(first, count - rows))
        self._legend_first = first
        return first, rows

    def _rings(self) -> Content:
        """The ring names, one per line, never cut: 1 is the outermost."""
        lines = [Content.styled(t("map.rings_title"), "bold $accent")]
        for number, name in enumerate(self.map.rings, start=1):
            lines.append(Content.assemble((f"{number} ", "bold"), name))
        lines.append(Content.styled(t("map.marker_legend"), "$text-muted"))
        return Content("\n").join(lines)

    def _legend_line(self, index: int, card: Card, selected: int,
                     placed: dict[str, dict[str, int]]) -> Content:
        """One element: number, today's and the wanted ring, title, marks."""
        mapping = self.map
        today, wanted = placed[TODAY].get(card.id), placed[WANTED].get(card.id)
        marks = []
        how = mapping.how(card.id)
        if how:
            marks.append(t(f"map.how_short.{how}"))
        if mapping.failure(card.id):
            marks.append("×")
        if mapping.note(card.id):
            marks.append("¶")
        if isinstance(card, InfluenceElementCard) and card.prioritised:
            marks.append("★")
        rings = f"{index + 1:>2} ●{self._ring_name(today)} ○{self._ring_name(wanted)} "
        line = Content.assemble((rings, "bold"), card.title,
                                ("  " + " ".join(marks) if marks else "", "$secondary"))
        return line.stylize("reverse bold $primary") if index == selected else line

    def _info(self) -> list[Content]:
        """The selected element: title, summary, note."""
        mapping = self.map
        card = mapping.element
        lines = [Content.styled(card.title, "bold $primary"), Content(card.summary)]
        if isinstance(card, InfluenceElementCard) and card.prioritised:
            lines.append(Content.styled(
                "★ " + t_in(mapping.deck.info.language, "card.prioritised"), "$secondary"))
        note = mapping.note(card.id)
        if note:
            lines += [Content.assemble((t("map.note") + ": ", "bold $accent"), note)]
        return lines

    # actions --------------------------------------------------------------------------------

    def action_step_element(self, delta: int) -> None:
        self.run_step(lambda: self.map.step_element(delta))

    def action_move(self, delta: int) -> None:
        self.run_step(lambda: self.map.move(delta))

    def action_put(self, ring: int) -> None:
        self.run_step(lambda: self.map.put(ring))

    def action_remove(self) -> None:
        self.run_step(self.map.remove)

    def action_toggle_dim(self) -> None:
        self.run_step(self.map.toggle_dim)

    def action_cycle_how(self) -> None:
        self.run_step(self.map.cycle_how)

    def action_toggle_failure(self) -> None:
        self.run_step(self.map.toggle_failure)

    def action_step_actor(self) -> None:
        self.run_step(self.map.step_actor)

    def action_step_group(self) -> None:
        self.run_step(self.map.step_group)

    def action_undo(self) -> None:
        self.undo_step(self.map.undo, "notice.undone")

    def action_redo(self) -> None:
        self.undo_step(self.map.redo, "notice.redone")

    def action_note(self, values: dict[str, str] | None = None) -> None:
        self.write_note(values)

    @work(exclusive=True, group="dialog")
    async def write_note(self, values: dict[str, str] | None = None) -> None:
        card = self.map.element
        title = t("map.note_title", element=card.title, actor=self.map.actor)
        target = {"element": card.id, "actor": self.map.actor, "group": self.map.group}
        typed = await self.app.push_screen_wait(TextDialog(
            title, [Field("note", t("map.note"), (values or {}).get("note", self.map.note()),
                          multiline=True, saved=self.map.note())],
            on_draft=self.keep_draft("note", target, title)))
        self.drafts.clear()
        if typed is not None:
            self.run_step(lambda: self.map.write_note(typed["note"]))

    def restore_draft(self, draft: Draft) -> None:
        target = draft.target
        if draft.kind == "note":
            fields = {"element": target.get("element", ""), "actor": target.get("actor", ""),
                      "group": target.get("group", "")}
            self.session.view(**{k: v for k, v in fields.items() if v})
            self.redraw()
            self.write_note(draft.values)
        elif draft.kind == "guide":
            self.action_potential()

    def action_potential(self) -> None:
        from cardgame.screens.potential import PotentialScreen

        self.app.push_screen(PotentialScreen(self.session, self.map))
