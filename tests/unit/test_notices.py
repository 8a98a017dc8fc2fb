"""Which notices stay up: at most three, the same text once, warnings and errors before
information, each until its time is up."""

from __future__ import annotations

from cardgame.widgets.notices import MOST, Notice, Notices, notice_lines


def _notice(message: str, severity: str = "information", until: float = 10.0) -> Notice:
    return Notice(message, severity=severity, until=until)  # type: ignore[arg-type]


def test_the_same_text_again_replaces_the_old_notice_and_its_time() -> None:
    notices = Notices()
    notices.add(_notice("Fortrudt", until=5))
    notices.add(_notice("Gemt"))
    notices.add(_notice("Fortrudt", until=9))
    assert [(n.message, n.until) for n in notices.up] == [("Gemt", 10), ("Fortrudt", 9)]


def test_a_fourth_notice_takes_the_oldest_information_down_not_a_warning() -> None:
    notices = Notices()
    notices.add(_notice("Filen kan ikke skrives", "error"))
    for n in range(1, 6):
        notices.add(_notice(f"Fortrudt {n}"))
    assert len(notices.up) == MOST == 3
    assert [n.message for n in notices.up] == ["Filen kan ikke skrives", "Fortrudt 4",
                                               "Fortrudt 5"]


def test_with_only_warnings_up_the_oldest_goes() -> None:
    notices = Notices()
    for n in range(1, 5):
        notices.add(_notice(f"Advarsel {n}", "warning"))
    assert [n.message for n in notices.up] == ["Advarsel 2", "Advarsel 3", "Advarsel 4"]


def test_notices_go_when_their_time_is_up() -> None:
    notices = Notices()
    notices.add(_notice("kort", until=2))
    notices.add(_notice("lang", until=8))
    assert notices.next_end() == 2
    assert not notices.expire(1.9)
    assert notices.expire(2.0)
    assert [n.message for n in notices.up] == ["lang"] and notices.next_end() == 8
    notices.clear()
    assert notices.up == [] and notices.next_end() is None


def test_each_notice_is_wrapped_behind_its_bar_with_its_title_first() -> None:
    lines = notice_lines([Notice("Gruppe 1's vurdering af «Nærhed i velfærden» er ændret",
                                 title="Ændret"),
                          Notice("[b]ikke markup[/b]", severity="error")], 24)
    texts = [line.plain for line in lines]
    assert texts[0] == "▌ Ændret"
    assert all(t.startswith("▌ ") for t in texts if t)
    assert all(len(t) <= 24 for t in texts)
    assert "" in texts, "a blank line between two notices"
    assert texts[-1] == "▌ [b]ikke markup[/b]", "text that is not markup stays as written"
    assert " ".join(t[2:] for t in texts[1:texts.index("")]) == \
        "Gruppe 1's vurdering af «Nærhed i velfærden» er ændret"


def test_a_message_is_shown_as_typed_brackets_and_all() -> None:
    typed = notice_lines([Notice("Bord [A]'s valg er ændret [/] [b]udkast[/b]")], 60)
    assert typed[0].plain == "▌ Bord [A]'s valg er ændret [/] [b]udkast[/b]"
