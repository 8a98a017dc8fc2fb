"""Influence mapping rules: placing, moving, marks, gaps, failures, spread, undo."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgame.domain.errors import RuleError
from cardgame.domain.influence import TODAY, WANTED, InfluenceMap
from cardgame.domain.session import default_groups, new_meta
from cardgame.storage.store import SessionStore
from tests.helpers import fixture_library


@pytest.fixture
def mapping(tmp_path: Path) -> InfluenceMap:
    return _mapping(tmp_path)


def _mapping(folder: Path) -> InfluenceMap:
    deck = fixture_library().decks["test-influence"]
    meta = new_meta("Kortlægning", date(2026, 11, 22), datetime(2026, 11, 22, tzinfo=timezone.utc),
                    default_groups(3), [deck], set(), kind="influence-map")
    session = SessionStore(folder / "sessions").create(meta)
    return InfluenceMap(session.meta, deck, session)


def test_everything_starts_unplaced(mapping: InfluenceMap) -> None:
    assert mapping.ring("strategi") is None
    assert [c.id for c in mapping.unplaced()] == ["strategi", "forventninger"]


def test_put_counts_rings_from_the_outside(mapping: InfluenceMap) -> None:
    mapping.put(1)
    assert mapping.ring() == 0
    mapping.put(4)
    assert mapping.ring() == 3
    with pytest.raises(RuleError):
        mapping.put(5)
    mapping.remove()
    assert mapping.ring() is None


def test_move_inward_enters_at_the_edge_and_stops_at_the_centre(mapping: InfluenceMap) -> None:
    with pytest.raises(RuleError, match="ikke placeret"):
        mapping.move(-1)
    mapping.move(1)
    assert mapping.ring() == 0
    for _ in range(3):
        mapping.move(1)
    assert mapping.ring() == 3
    with pytest.raises(RuleError, match="inderste ring"):
        mapping.move(1)
    mapping.move(-1)
    assert mapping.ring() == 2


def test_today_and_wanted_are_separate(mapping: InfluenceMap) -> None:
    mapping.put(2)
    mapping.toggle_dim()
    assert mapping.dim == WANTED
    mapping.put(4)
    assert mapping.ring(dim=TODAY) == 1 and mapping.ring(dim=WANTED) == 3
    [gap] = mapping.gaps()
    assert gap.gap == 2 and gap.element == "strategi"


def test_how_cycles_and_failure_toggles(mapping: InfluenceMap) -> None:
    seen = []
    for _ in range(4):
        mapping.cycle_how()
        seen.append(mapping.how())
    assert seen == ["decisions", "culture", "both", None]
    mapping.toggle_failure()
    assert mapping.failure()
    mapping.toggle_failure()
    assert not mapping.failure()


def test_high_influence_failures_need_the_inner_half(mapping: InfluenceMap) -> None:
    mapping.put(1)
    mapping.toggle_failure()
    assert mapping.high_influence_failures() == []
    mapping.put(3)
    assert [p.element for p in mapping.high_influence_failures()] == ["strategi"]


def test_spread_across_groups_widest_first(mapping: InfluenceMap) -> None:
    for group, ring in (("g1", 1), ("g2", 4), ("g3", 2)):
        mapping.recorder.view(group=group)
        mapping.put(ring)
    mapping.select("forventninger")
    for group, ring in (("g1", 2), ("g2", 2)):
        mapping.recorder.view(group=group)
        mapping.put(ring)
    spreads = mapping.spreads()
    assert [s.element for s in spreads] == ["strategi", "forventninger"]
    assert (spreads[0].outermost, spreads[0].median, spreads[0].innermost) == (0, 1, 3)
    assert spreads[1].width == 0


def test_actors_are_mapped_separately(mapping: InfluenceMap) -> None:
    mapping.put(4)
    mapping.step_actor()
    assert mapping.actor == mapping.meta.actors[1]
    assert mapping.ring() is None
    mapping.put(1)
    placements = {(p.actor, p.today) for p in mapping.placements()}
    assert placements == {(mapping.meta.actors[0], 3), (mapping.meta.actors[1], 0)}


def test_undo_returns_to_the_element_actor_and_dimension(mapping: InfluenceMap) -> None:
    mapping.toggle_dim()
    mapping.put(3)
    mapping.toggle_dim()
    mapping.step_element(1)
    mapping.step_actor()
    mapping.undo()
    assert mapping.ring(dim=WANTED) is None
    assert (mapping.element.id, mapping.actor, mapping.dim) == \
        ("strategi", mapping.meta.actors[0], WANTED)


def test_guiding_answers_are_one_step_and_checked(mapping: InfluenceMap) -> None:
    mapping.write_guide_answers({1: "Strategien", 3: "Forventninger"})
    assert mapping.guide_answer(1) == "Strategien" and mapping.guide_answer(2) == ""
    with pytest.raises(RuleError):
        mapping.write_guide_answers({4: "x"})
    mapping.undo()
    assert mapping.guide_answer(1) == "" and mapping.guide_answer(3) == ""


def test_placed_are_the_rings_of_the_actor_group_and_dimension_mapped_now(
        mapping: InfluenceMap) -> None:
    mapping.put(2)  # strategi, today, Gruppe 1
    mapping.toggle_dim()
    mapping.put(4)  # strategi, wanted
    mapping.step_element(1)
    mapping.put(1)  # forventninger, wanted
    assert mapping.placed(TODAY) == {"strategi": 1}
    assert mapping.placed(WANTED) == {"strategi": 3, "forventninger": 0}
    assert mapping.placed() == mapping.placed(WANTED), "the dimension edited now"
    for card in mapping.elements:
        for dim in (TODAY, WANTED):
            assert mapping.placed(dim).get(card.id) == mapping.ring(card.id, dim)
    mapping.step_group(1)  # another group has placed nothing
    assert mapping.placed(TODAY) == {} and mapping.placed(WANTED) == {}


def test_placed_follows_placements_undo_redo_and_the_actor(mapping: InfluenceMap) -> None:
    """What is placed after each placement, undo and redo, and for another actor."""
    mapping.put(2)
    mapping.step_element(1)  # the selection moves: nothing placed changed
    assert mapping.placed(TODAY) == {"strategi": 1}
    mapping.put(3)
    assert mapping.placed(TODAY) == {"strategi": 1, "forventninger": 2}
    mapping.undo()
    assert mapping.placed(TODAY) == {"strategi": 1}
    mapping.redo()
    assert mapping.placed(TODAY) == {"strategi": 1, "forventninger": 2}
    mapping.remove()
    assert mapping.placed(TODAY) == {"strategi": 1}
    mapping.step_actor(1)  # another actor has placed nothing, and the first keeps its own
    assert mapping.placed(TODAY) == {}
    mapping.step_actor(-1)
    assert mapping.placed(TODAY) == {"strategi": 1}


OPERATIONS = st.lists(st.sampled_from(
    ["put1", "put2", "put3", "put4", "remove", "undo", "redo", "element+", "element-",
     "actor", "group", "dim"]), max_size=40)


@settings(max_examples=60, deadline=None)
@given(OPERATIONS)
def test_placed_is_every_elements_ring(operations: list[str]) -> None:
    """After any placements, removals, undos and redos, on any actor, group and dimension,
    the rings placed are the rings read element by element."""
    with tempfile.TemporaryDirectory() as folder:
        mapping = _mapping(Path(folder))
        for operation in operations:
            name, *params = _ACTIONS[operation]
            with contextlib.suppress(RuleError):  # a refused step changes nothing
                getattr(mapping, name)(*params)
            for dim in (TODAY, WANTED):
                rings = {card.id: mapping.ring(card.id, dim) for card in mapping.elements}
                assert mapping.placed(dim) == {k: v for k, v in rings.items() if v is not None}


_ACTIONS: dict[str, tuple[Any, ...]] = {
    "put1": ("put", 1), "put2": ("put", 2), "put3": ("put", 3), "put4": ("put", 4),
    "remove": ("remove",), "undo": ("undo",), "redo": ("redo",),
    "element+": ("step_element", 1), "element-": ("step_element", -1),
    "actor": ("step_actor", 1), "group": ("step_group", 1), "dim": ("toggle_dim",)}
