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
    from cardgame.storage.collector import keep_frozen, let_frozen_go

    keep_frozen()
    try:
        before = gc.get_freeze_count()
        with collections_held():
            made = _made()
        assert gc.get_freeze_count() >= before + len(made)
    finally:
        let_frozen_go()
    assert gc.get_freeze_count() == 0
    with collections_held():
        _made()
    assert gc.get_freeze_count() == 0, "let go: nothing kept frozen any more"


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


def test_start_up_is_held_until_the_first_frame_and_what_it_made_is_frozen() -> None:
    from cardgame.storage.collector import held_until_shown, let_frozen_go, shown

    gc.collect()
    assert gc.get_freeze_count() == 0
    try:
        with held_until_shown():
            assert not gc.isenabled(), "no pass while the app imports and composes"
            made = _made()
            shown()
            assert gc.isenabled(), "on again once the first frame is drawn"
            assert gc.get_freeze_count() >= len(made), "kept out of later passes"
            made = _made()
        assert gc.isenabled()
    finally:
        let_frozen_go()


def test_an_app_that_ends_before_its_first_frame_gives_the_collector_back_unfrozen() -> None:
    from cardgame.storage.collector import held_until_shown, shown

    with held_until_shown():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    shown()  # a first frame after the block (or in a test's app): nothing to let go
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_switched_off_stays_off_through_start_up() -> None:
    from cardgame.storage.collector import held_until_shown, shown

    gc.disable()
    try:
        with held_until_shown():
            shown()
            assert not gc.isenabled() and gc.get_freeze_count() == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_the_app_lets_the_collector_go_at_its_first_frame(make_app) -> None:  # noqa: ANN001
    from cardgame.storage.collector import held_until_shown, let_frozen_go

    try:
        with held_until_shown():
            app = make_app()
            async with app.run_test() as pilot:
                await pilot.pause()
                assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        let_frozen_go()


def test_the_command_holds_the_collector_while_the_app_starts(monkeypatch) -> None:  # noqa: ANN001
    from cardgame.__main__ import main
    from cardgame.app import CardgameApp

    seen: list[bool] = []
    monkeypatch.setattr("cardgame.__main__._has_terminal", lambda: True)
    monkeypatch.setattr(CardgameApp, "run", lambda self: seen.append(gc.isenabled()))
    assert main(["--lang", "da"]) == 0
    assert seen == [False], "held from before the app is made"
    assert gc.isenabled() and gc.get_freeze_count() == 0, "given back when the app ended"
