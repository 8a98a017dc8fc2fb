"""The state is a pure fold of the log; undo and redo step through recorded actions only."""

from __future__ import annotations

from datetime import datetime, timezone

from cardgame.domain.events import MISSING, Event, Value, replay

AT = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def ev(seq: int, kind: str, key: tuple[str, ...] = (), value: Value | None = None,
       **view: Value) -> Event:
    return Event(seq, kind, AT, key, value, tuple(view.items()))


def test_set_undo_redo_and_new_set_clears_redo() -> None:
    k1, k2 = ("answer", "d", "c", "g1", "rating"), ("answer", "d", "c", "g2", "rating")
    log = [ev(1, "set", k1, 3), ev(2, "set", k2, 5), ev(3, "set", k1, 4), ev(4, "undo"),
           ev(5, "undo")]
    state = replay(log)
    assert state.values == {k1: 3}
    assert len(state.redo_stack) == 2
    state.apply(ev(6, "redo"))
    assert state.values == {k1: 3, k2: 5}
    state.apply(ev(7, "set", k2, 1))
    assert state.redo_stack == []
    state.apply(ev(8, "redo"))  # nothing to redo: no change
    assert state.values == {k1: 3, k2: 1}


def test_undo_restores_cleared_value_and_clear_removes_key() -> None:
    k = ("note", "x")
    state = replay([ev(1, "set", k, "hello"), ev(2, "set", k, None)])
    assert k not in state.values
    change = state.apply(ev(3, "undo"))
    assert change is not None and change.old is MISSING and change.new == "hello"
    assert state.values[k] == "hello"


def test_view_events_move_the_cursor_but_are_not_undone() -> None:
    k = ("answer", "d", "c", "g1", "rating")
    state = replay([ev(1, "set", k, 2), ev(2, "view", deck="d", card="c", group="g2"),
                    ev(3, "view", deck="d", seed=42), ev(4, "undo")])
    assert state.values == {}
    assert state.cursor == {"deck": "d", "card": "c", "group": "g2"}
    assert state.seeds == {"d": 42}


def test_replay_leaves_the_log_as_it_was_and_gives_the_same_state_again() -> None:
    log = [ev(1, "set", ("a",), 1), ev(2, "set", ("b",), "x"), ev(3, "undo"), ev(4, "redo")]
    before = list(log)
    first = replay(log)
    assert log == before, "the log is not changed by reading it"
    assert first.values == {("a",): 1, ("b",): "x"}
    second = replay(log)
    assert second is not first and second.values == first.values
    assert second.undo_stack == first.undo_stack and second.cursor == first.cursor


def test_undo_any_number_of_steps() -> None:
    log = [ev(i, "set", ("k", str(i)), i) for i in range(1, 101)]
    state = replay(log)
    for n in range(100):
        state.apply(ev(101 + n, "undo"))
    assert state.values == {}
    assert len(state.redo_stack) == 100
