"""While a session is read the collector waits; what was made goes to the long-lived objects
without a pass over it, and what the app keeps frozen stays frozen."""

from __future__ import annotations

import gc

from cardgame.storage.collector import collections_held


def _made() -> list[list[int]]:
    return [[n] for n in range(5000)]


def test_the_collector_waits_and_then_takes_no_pass_over_what_was_made() -> None:
    gc.collect()
    assert gc.get_freeze_count() == 0
    with collections_held():
        assert not gc.isenabled()
        made = _made()
        assert gc.get_count()[0] > 1000, "nothing collected while reading"
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0, "nothing left frozen"
    assert gc.get_count()[0] < 100, "put with the long-lived objects, not young"
    assert any(obj is made[0] for obj in gc.get_objects(generation=2))


def test_objects_kept_frozen_stay_frozen_with_what_was_made() -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with collections_held():
            made = _made()
        assert gc.get_freeze_count() >= before + len(made)
    finally:
        gc.unfreeze()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with collections_held():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_export_is_rendered_without_collector_passes(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from cardgame.export import markdown
    from tests.helpers import new_session

    session, _ = new_session(tmp_path / "sessions")
    seen: list[bool] = []
    summary = markdown.summary

    def spied(ctx):  # noqa: ANN001, ANN202
        seen.append(gc.isenabled())
        return summary(ctx)

    monkeypatch.setattr(markdown, "summary", spied)
    text = markdown.render_session(session.meta, session.state, session.decks)
    session.close()
    assert seen == [False], "no collection while the sections are rendered"
    assert gc.isenabled() and session.meta.title in text


def test_the_full_pass_is_done_when_it_is_halfway_due_and_not_before() -> None:
    from cardgame.storage.collector import collect_if_due

    gc.collect()
    assert gc.get_count()[2] == 0
    assert not collect_if_due(), "not due right after a full pass"
    for _ in range(gc.get_threshold()[2] // 2):
        gc.collect(1)  # each pass over the two young generations counts towards a full one
    assert collect_if_due()
    assert gc.get_count()[2] == 0, "done: the count starts again"
    gc.disable()
    try:
        for _ in range(gc.get_threshold()[2]):
            gc.collect(1)
        assert not collect_if_due(), "a collector switched off is left alone"
    finally:
        gc.enable()
