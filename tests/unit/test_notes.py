"""The notes a council reads (issue 28): a realistic theme day (three rounds, five tables) and a
director's mapping, as Markdown and as a page to print, each against its golden file and its
line goal; N8 (on how many tables a figure rests, who did not answer), N9 (each answer once,
sources as a reader knows them, no backslashes in a list), U22, U30; and no typed text changes
the HTML's structure either."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cardgame.domain.decks import Deck
from cardgame.domain.events import Event, replay
from cardgame.domain.programme import Programme, ProgrammeInfo, Round
from cardgame.domain.session import Group, SessionMeta, new_meta
from cardgame.export.html import render_html
from cardgame.export.markdown import render_markdown
from cardgame.export.notes import Notes, build_notes, source_name
from cardgame.storage.workspace import DeckLibrary
from tests.helpers import FIXTURE_DECKS

GOLDEN = Path(__file__).parent / "golden"
START = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
CET = timezone(timedelta(hours=1))
MAP_DECKS = Path(__file__).resolve().parents[1] / "fixtures" / "mapdecks"
TABLES = ["Bord 1", "Bord 2", "Bord 3", "Bord 4", "Bord 5"]
DIRECTOR = "Kommunaldirektøren"


class Log:
    """A session log with fixed times: each set 40 seconds after the one before."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.clock = START

    def at(self, minutes: int) -> None:
        self.clock = START + timedelta(minutes=minutes)

    def put(self, *key: str, value: str | int | bool | None) -> None:
        self.events.append(Event(len(self.events) + 1, "set", self.clock, key, value))
        self.clock += timedelta(seconds=40)


def _decks() -> dict[str, Deck]:
    return dict(DeckLibrary.load([FIXTURE_DECKS, MAP_DECKS]).decks)


def theme_day(text: str | None = None) -> tuple[SessionMeta, Log]:
    """Three rounds (themes, formats, roles) at five tables, as a 2½-hour theme day runs;
    `text` replaces everything typed."""
    decks = _decks()
    def say(default: str) -> str:
        return default if text is None else text
    programme = Programme(info=ProgrammeInfo(title="Temadag om borgerdialog"), rounds=(
        Round(title="Velfærdstemaer i plenum", deck="test-themes",
              cards=("aeldre", "skole", "beskaeftigelse"), minutes=40),
        Round(title="Dilemmaer ved bordene", deck="test-formats",
              cards=("borgerraad", "hoering"), minutes=45),
        Round(title="Politikerroller", deck="test-roles", cards=("ombud", "arbejdsgiver"),
              minutes=30, note="Slut af med, hvem der tager hvilken rolle i foråret.")))
    used = [decks[d] for d in ("test-themes", "test-formats", "test-roles")]
    meta = new_meta("Temadag i byrådet", date(2026, 11, 24), START,
                    [Group(id=f"g{i + 1}", name=name) for i, name in enumerate(TABLES)],
                    used, set(), municipality="Testrup", facilitator="Anne",
                    programme=programme)
    log = Log()
    put = log.put
    ratings: dict[str, list[int | None]] = {"aeldre": [4, 5, 3, 4, None],
                                           "skole": [3, 2, 2, 3, 2],
               "beskaeftigelse": [2, 1, 2, 3, 1]}
    notes = {("aeldre", "g1"): "Pårørende og frivillige vil gerne være med.",
             ("aeldre", "g2"): "Stærke foreninger i lokalsamfundet.",
             ("aeldre", "g3"): "Serviceloven og ældreloven sætter rammerne.",
             ("skole", "g2"): "Folkeskoleloven styrer det meste.",
             ("beskaeftigelse", "g4"): "Virksomhederne vil gerne, men reglerne er tunge."}
    for minute, (card, values) in zip((5, 15, 25), ratings.items(), strict=True):
        log.at(minute)
        for index, rating in enumerate(values):
            group = f"g{index + 1}"
            if rating is not None:
                put("answer", "test-themes", card, group, "rating", value=rating)
            if (card, group) in notes:
                put("answer", "test-themes", card, group, "note",
                    value=say(notes[card, group]))
    log.at(45)
    for group, option in (("g1", 2), ("g2", 2), ("g3", 1), ("g4", 2), ("g5", 3)):
        put("answer", "test-formats", "borgerraad", group, "s1", "option", value=option)
    put("answer", "test-formats", "borgerraad", "g3", "s1", "reason",
        value=say("Et løfte skal holdes, ellers mister rådet sin tillid."))
    put("answer", "test-formats", "borgerraad", "g5", "s1", "reason",
        value=say("Byrådet har ansvaret og kan ikke give det fra sig."))
    log.at(65)
    for group in ("g1", "g2", "g3", "g4", "g5"):
        put("answer", "test-formats", "borgerraad", group, "s2", "option", value=2)
    log.at(80)
    for group, option in (("g1", 1), ("g2", 1), ("g3", 2), ("g4", 1)):
        put("answer", "test-formats", "hoering", group, "s1", "option", value=option)
    put("answer", "test-formats", "hoering", "g5", "s1", "other",
        value=say("Forlænger kun for de ældre, der ikke er på nettet"))
    put("answer", "test-formats", "hoering", "g5", "s1", "option", value=0)
    log.at(110)
    roles = {"ombud": ("Dem, der råber højest, bliver hørt først.",
                       "Faste borgermøder i hvert lokalområde."),
             "arbejdsgiver": ("Medarbejderne skal både lytte og levere.",
                              "Tydelige mandater til de fagprofessionelle.")}
    for card, (challenge, lever) in roles.items():
        for group in ("g1", "g2", "g3", "g4", "g5"):
            put("answer", "test-roles", card, group, "challenges", value=say(challenge))
            if group in ("g1", "g3"):
                put("answer", "test-roles", card, group, "levers", value=say(lever))
    log.at(150)
    put("followup", "f1", "what", value=say("Indkald ældrerådet til et møde om plejehjemmene"))
    put("followup", "f1", "who", value="Anne")
    put("followup", "f1", "due", value="15. januar 2027")
    put("followup", "f2", "what", value=say("Send noterne til byrådet"))
    put("followup", "f2", "who", value="Sekretariatet")
    return meta, log


def mapping(text: str | None = None) -> tuple[SessionMeta, Log]:
    """A director's own mapping: twelve elements today, four wanted further in, two notes,
    the three guiding questions answered."""
    decks = _decks()
    def say(default: str) -> str:
        return default if text is None else text
    deck = decks["test-elements"]
    meta = new_meta("Indflydelseskortlægning: Kommunaldirektøren", date(2026, 11, 25), START,
                    [Group(id="g1", name="Kommunaldirektøren")], [deck], set(),
                    kind="influence-map", actors=[DIRECTOR])
    log = Log()
    todays = [1, 2, 0, 3, 1, 2, 0, 1, 2, 3, 1, 0]
    for card, ring in zip(deck.cards, todays, strict=True):
        log.put("place", "test-elements", card.id, DIRECTOR, "g1", "today", value=ring)
    for element, ring in (("strategi", 3), ("borgere", 2), ("politikere", 2),
                          ("forventninger", 2)):
        log.put("place", "test-elements", element, DIRECTOR, "g1", "wanted", value=ring)
    log.put("how", "test-elements", "strategi", DIRECTOR, "g1", value="decisions")
    log.put("how", "test-elements", "kultur", DIRECTOR, "g1", value="culture")
    log.put("failure", "test-elements", "forventninger", DIRECTOR, "g1", value=True)
    log.put("enote", "test-elements", "strategi", DIRECTOR, "g1",
            value=say("Strategien er fra 2019 og skal fornyes med byrådet."))
    log.put("enote", "test-elements", "borgere", DIRECTOR, "g1",
            value=say("Vi når de samme 40 borgere hver gang."))
    for number, answer in ((1, "Strategien og hvem vi inviterer."),
                           (2, "Forventningsafstemningen med byrådet før hver proces."),
                           (3, "Vi styrer meget af processen, men bruger det sjældent.")):
        log.put("guide", "test-elements", str(number), "g1", value=say(answer))
    return meta, log


def notes(kind: str, text: str | None = None, cards: bool = False) -> Notes:
    meta, log = theme_day(text) if kind == "theme day" else mapping(text)
    return build_notes(meta, replay(log.events), _decks(), events=log.events, tz=CET,
                       cards=cards)


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CARDGAME_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


# the golden notes and their length ----------------------------------------------------------

@pytest.mark.parametrize(("kind", "name", "goal"), [("theme day", "realistic_day", 150),
                                                    ("mapping", "director_mapping", 80)])
def test_the_markdown_notes_match_their_golden_file_and_line_goal(kind: str, name: str,
                                                                  goal: int) -> None:
    text = render_markdown(notes(kind))
    _golden(f"{name}.md", text)
    assert len(text.splitlines()) <= goal, len(text.splitlines())
    assert text.splitlines()[-1].startswith("<!-- cardgame export: session "), "at the end"


@pytest.mark.parametrize(("kind", "name"), [("theme day", "realistic_day"),
                                            ("mapping", "director_mapping")])
def test_the_html_notes_match_their_golden_file(kind: str, name: str) -> None:
    _golden(f"{name}.html", render_html(notes(kind)))


def test_n9_each_answer_appears_once() -> None:
    text = render_markdown(notes("theme day"))
    for answer in ("Pårørende og frivillige vil gerne være med.",
                   "Et løfte skal holdes, ellers mister rådet sin tillid.",
                   "Forlænger kun for de ældre, der ikke er på nettet",
                   "Tydelige mandater til de fagprofessionelle."):
        count = text.count(answer)
        assert count == (2 if answer.startswith("Tydelige") else 1), (answer, count)
    assert "## Runde 1: Velfærdstemaer i plenum" in text
    assert "## Velfærdstemaer\n" not in text, "told round by round, not again by deck"


def test_n8_the_summary_says_on_how_many_tables_a_figure_rests_and_who_did_not_answer(
        ) -> None:
    text = render_markdown(notes("theme day"))
    assert "**Mest egnet til borgerdialog**: Ældreområdet (gennemsnit 4,0 af 5, 4 af 5 " \
        "borde)" in text
    assert "  - **Ældreområdet**: mangler fra Bord 5" in text
    table = next(line for line in text.splitlines() if line.startswith("|   1 | Ældre"))
    assert table.count("–") == 1, "Bord 5's column says it did not rate"


def test_n9_sources_are_named_as_a_reader_knows_them() -> None:
    assert source_name("004: indsigt #4") == "Lokaldemokrati i nybrud, indsigt 4"
    assert source_name("002: deltakelsestrappa") == "KS: Politisk lederskap, deltakelsestrappa"
    assert source_name("egen kilde") == "egen kilde"
    with_cards = render_markdown(notes("theme day", cards=True))
    assert "## Kortene" in with_cards and "Pleje og omsorg for ældre borgere." in with_cards
    assert "## Kortene" not in render_markdown(notes("theme day")), "only on request"
    from cardgame.storage.workspace import bundled_decks_dir

    bundled = DeckLibrary.load([bundled_decks_dir()]).decks["velfaerdstemaer"]
    meta = new_meta("Dag", date(2026, 11, 24), START, [Group(id="g1", name="Bord 1")],
                    [bundled], set())
    log = Log()
    log.put("answer", "velfaerdstemaer", bundled.cards[0].id, "g1", "rating", value=4)
    text = render_markdown(build_notes(meta, replay(log.events), {bundled.id: bundled},
                                       cards=True))
    assert "Lokaldemokrati i nybrud, " in text and "004: " not in text


def test_u22_typed_markup_in_a_list_keeps_its_characters() -> None:
    text = render_markdown(notes("theme day", "**fed** og <b>html</b> og a | b og c \\ d"))
    line = next(line for line in text.splitlines() if "**fed** og" in line)
    assert "**fed** og \\<b>html\\</b> og a | b og c \\ d" in line, line


def test_u30_the_circle_has_its_legend_and_the_table_every_placement() -> None:
    text = render_markdown(notes("mapping"))
    assert "```text" in text
    assert "● i dag · ○ ønsket · ◉ i dag og ønsket i samme ring." in text
    rows = [line for line in text.splitlines() if re.match(r"\| \d+\. ", line)]
    assert len(rows) == 12


# the page to print --------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]


def _tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "</td></tr></table><h1>x",
                                   "<img src=http://example.org/x.png>", "{{ 7*7 }} {% raw %}",
                                   "&lt;b&gt; & <!-- c -->", "line\nbreak\x07\u202e"])
@pytest.mark.parametrize("kind", ["theme day", "mapping"])
def test_typed_text_cannot_change_the_page(kind: str, typed: str) -> None:
    plain = _tags(render_html(notes(kind, "Almindelig tekst")))
    html = render_html(notes(kind, typed))
    found = _tags(html)
    assert found.tags == plain.tags
    assert found.urls == []
    assert "<script" not in html
    if "{{" in typed:
        assert "{{ 7*7 }}" in html, "a typed template is text, never run"


def test_the_page_asks_for_nothing_from_outside() -> None:
    html = render_html(notes("theme day"))
    assert "default-src 'none'" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@import" not in html and "url(" not in html
