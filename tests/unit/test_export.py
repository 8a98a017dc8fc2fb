"""The Markdown export: a golden file, safety against any typed text, and the writer's rules."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cardgame.domain.errors import CardgameError
from cardgame.domain.events import Event, SessionState, replay
from cardgame.domain.session import Group, SessionMeta, new_meta
from cardgame.export import markdown as markdown_module
from cardgame.export.markdown import render_session
from cardgame.export.marker import meta_digest
from cardgame.export.writer import export_path, needs_export, write_export
from tests.helpers import fixture_library, new_session

GOLDEN = Path(__file__).parent / "golden" / "theme_day.md"
START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
CET = timezone(timedelta(hours=1))
DECK_IDS = ("test-themes", "test-formats", "test-roles", "test-influence")
DIRECTOR = "Kommunaldirektøren"


# a stand-in for cardgame.domain.circle, so the golden file does not depend on its drawing ----

@dataclass(frozen=True)
class StubMarker:
    element: int
    ring: int
    kind: str


@dataclass(frozen=True)
class StubGeometry:
    width: int
    height: int
    rings: int
    fits: bool = True

    @classmethod
    def fit(cls, width: int, height: int, ring_count: int, element_count: int) -> StubGeometry:
        return cls(width, height, ring_count)


def stub_paint(geometry: StubGeometry, markers: list[StubMarker], selected: int | None = None,
               ring_labels: bool = True) -> SimpleNamespace:
    """Rings as nested frames, the outermost first; markers as element numbers in their band
    (today plain, wanted in parentheses)."""
    w, h, step_x, step_y = geometry.width, geometry.height, 7, 3
    grid = [[" "] * w for _ in range(h)]
    for ring in range(geometry.rings):
        left, top, right, bottom = ring * step_x, ring * step_y, w - 1 - ring * step_x, \
            h - 1 - ring * step_y
        for x in range(left, right + 1):
            grid[top][x] = grid[bottom][x] = "·"
        for y in range(top, bottom + 1):
            grid[y][left] = grid[y][right] = "·"
        if ring_labels:
            grid[top][left + 2] = str(ring + 1)
    for n, marker in enumerate(markers):
        text = str(marker.element + 1) if marker.kind == "today" else f"({marker.element + 1})"
        y, x = marker.ring * step_y + 1 + n % 2, marker.ring * step_x + 3 + 5 * n
        grid[y][x: x + len(text)] = list(text)
    return SimpleNamespace(text=lambda: "\n".join("".join(row).rstrip() for row in grid))


@pytest.fixture(autouse=True)
def stub_circle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_module, "circle", SimpleNamespace(
        Marker=StubMarker, CircleGeometry=StubGeometry, paint=stub_paint))


# the fixture session ------------------------------------------------------------------------

class Log:
    """Builds a session log with fixed times: each set 30 seconds after the previous one."""

    def __init__(self) -> None:
        self.events: list[Event] = [Event(1, "view", START, view=(("deck", DECK_IDS[0]),))]
        self.clock = START

    def at(self, minutes: int) -> None:
        self.clock = START + timedelta(minutes=minutes)

    def put(self, *key: str, value: str | int | bool | None) -> None:
        self.events.append(Event(len(self.events) + 1, "set", self.clock, key, value))
        self.clock += timedelta(seconds=30)


def theme_day(text: str | None = None, name: str | None = None) -> tuple[SessionMeta, Log]:
    """A theme day with every kind of answer; `text` replaces every typed text, `name` the
    title, municipality, facilitator, one group name and one actor."""
    decks = fixture_library().decks
    def say(default: str) -> str:
        return default if text is None else text
    groups = [Group(id="g1", name="Gruppe 1"), Group(id="g2", name=name or "Gruppe 2"),
              Group(id="g3", name="Gruppe 3")]
    politicians = name or "Politikerne (byrådet)"
    # Built directly, not through new_meta: the export must hold against any text a session
    # file can carry (an older cardgame, a hand edit), not only what the form lets through.
    meta = new_meta("Temadag i byrådet", date(2026, 11, 22), START, groups[:1],
                    [decks[d] for d in DECK_IDS], set()).model_copy(update={
                        "title": name or "Temadag i byrådet", "groups": groups,
                        "municipality": name or "Testrup", "facilitator": name or "Anne",
                        "actors": [DIRECTOR, politicians]})
    log = Log()
    put = log.put
    T, F, R, I = DECK_IDS  # noqa: E741 - the four decks, by initial
    log.at(5)
    for group, rating, note in (("g1", 4, "Pårørende vil gerne bidrage."),
                                ("g2", 5, "Stærke foreninger i lokalsamfundet."),
                                ("g3", 3, "Serviceloven sætter snævre rammer.")):
        put("answer", T, "aeldre", group, "rating", value=rating)
        put("answer", T, "aeldre", group, "note", value=say(note))
    log.at(20)
    put("answer", T, "skole", "g1", "rating", value=3)
    put("answer", T, "skole", "g2", "rating", value=2)
    put("answer", T, "skole", "g2", "note", value="Første udkast.")
    put("answer", T, "skole", "g2", "note", value=say("Folkeskoleloven styrer meget."))
    log.at(32)
    for group, rating in (("g1", 2), ("g2", 1), ("g3", 2)):
        put("answer", T, "beskaeftigelse", group, "rating", value=rating)
    put("answer", T, "beskaeftigelse", "g3", "note",
        value=say("Lovgivningen er detaljeret; lille spillerum."))
    log.at(50)
    put("answer", F, "borgerraad", "g1", "s1", "option", value=2)
    put("answer", F, "borgerraad", "g1", "s1", "reason",
        value=say("Rådet skal tages alvorligt, men byrådet har ansvaret."))
    put("answer", F, "borgerraad", "g2", "s1", "option", value=2)
    put("answer", F, "borgerraad", "g3", "s1", "other",
        value=say("Lover at svare skriftligt på hver anbefaling"))
    put("answer", F, "borgerraad", "g3", "s1", "option", value=0)
    put("answer", F, "borgerraad", "g3", "s1", "reason",
        value=say("Så kan borgerne se, hvad der skete med rådene."))
    log.at(62)
    for group in ("g1", "g2", "g3"):
        put("answer", F, "borgerraad", group, "s2", "option", value=2)
    put("answer", F, "borgerraad", "g2", "s2", "reason",
        value=say("En lukning kræver bred opbakning."))
    log.at(70)
    put("answer", F, "hoering", "g1", "s1", "option", value=1)
    put("answer", F, "hoering", "g1", "s1", "reason",
        value=say("Flere svar giver et bedre grundlag."))
    put("answer", F, "hoering", "g2", "s1", "option", value=2)
    log.at(85)
    put("answer", R, "ombud", "g1", "challenges",
        value=say("Dem, der råber højest, bliver hørt først."))
    put("answer", R, "ombud", "g1", "levers", value=say("Faste borgermøder i hvert lokalområde."))
    put("answer", R, "ombud", "g2", "challenges", value=say("Svært at sige nej til enkeltsager."))
    put("hand", R, "arbejdsgiver", value="g3")
    put("answer", R, "arbejdsgiver", "g3", "challenges",
        value=say("Medarbejderne skal både lytte og levere."))
    put("answer", R, "arbejdsgiver", "g3", "levers",
        value=say("Tydelige mandater til de fagprofessionelle."))
    log.at(110)
    put("place", I, "strategi", DIRECTOR, "g1", "today", value=1)
    put("place", I, "strategi", DIRECTOR, "g1", "wanted", value=3)
    put("how", I, "strategi", DIRECTOR, "g1", value="decisions")
    put("enote", I, "strategi", DIRECTOR, "g1",
        value=say("Strategien er fra 2019 og skal fornyes."))
    put("place", I, "forventninger", DIRECTOR, "g1", "today", value=2)
    put("how", I, "forventninger", DIRECTOR, "g1", value="culture")
    put("failure", I, "forventninger", DIRECTOR, "g1", value=True)
    put("place", I, "strategi", politicians, "g1", "today", value=2)
    put("place", I, "strategi", politicians, "g1", "wanted", value=3)
    put("how", I, "strategi", politicians, "g1", value="both")
    put("place", I, "forventninger", politicians, "g1", "today", value=0)
    put("place", I, "forventninger", politicians, "g1", "wanted", value=2)
    log.at(130)
    put("guide", I, "1", "g1", value=say("Ja: forventningsafstemning før hver proces."))
    put("guide", I, "2", "g1", value=say("Forventningsafstemning: i dag ingen, ønsket meget."))
    put("guide", I, "3", "g2",
        value=say("Strategien: vi bestemmer meget, men bruger det sjældent."))
    log.at(150)
    put("followup", "f1", "what", value=say("Indkald direktionen til at forny strategien"))
    put("followup", "f1", "who", value=say("Anne"))
    put("followup", "f1", "due", value=say("15. januar 2027"))
    put("followup", "f2", "what", value=say("Send notatet til byrådet"))
    put("followup", "f2", "who", value=say("Sekretariatet"))
    return meta, log


def render(meta: SessionMeta, log: Log, lang: str | None = None) -> str:
    return render_session(meta, replay(log.events), fixture_library().decks,
                          lang, events=log.events, tz=CET)


# golden -------------------------------------------------------------------------------------

def test_theme_day_matches_golden_file() -> None:
    meta, log = theme_day()
    text = render(meta, log)
    if os.environ.get("CARDGAME_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8", newline="\n")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_english_export_uses_english_labels_and_numbers() -> None:
    meta, log = theme_day()
    text = render(meta, log, lang="en")
    assert "## Welfare themes" in text and "## Summary" in text
    assert "- Date: 22 November 2026" in text
    assert "**Most suitable for citizen dialogue**: Ældreområdet (mean 4.0 of 5, 3 of 3 " \
        "tables)" in text


def test_without_the_log_the_timeline_uses_the_current_answers() -> None:
    meta, log = theme_day()
    text = render_session(meta, replay(log.events), fixture_library().decks, tz=CET)
    row = next(line for line in text.splitlines() if "| Folkeskolen " in line and
               line.startswith("| 10"))
    assert row.startswith("| 10.20 | 10.21 |")  # the replaced first note is not in the state
    assert "| 10.20 | 10.21 | Folkeskolen" in render(meta, log)


def test_rendering_reads_the_state_without_changing_it() -> None:
    meta, log = theme_day()
    state = replay(log.events)
    before = (dict(state.values), dict(state.cursor), state.last_seq)
    render_session(meta, state, fixture_library().decks, tz=CET)
    assert (dict(state.values), dict(state.cursor), state.last_seq) == before


def test_answers_on_a_deck_that_is_gone_are_still_exported() -> None:
    meta, log = theme_day()
    decks = {k: v for k, v in fixture_library().decks.items() if k != "test-roles"}
    text = render_session(meta, replay(log.events), decks, tz=CET)
    assert "Testroller (version 1.0, ikke tilgængeligt ved eksporten)" in text
    assert "## Politikerroller" not in text
    assert "**answer / test-roles / ombud / g1 / levers**: Faste borgermøder" in text


def test_empty_session_has_only_the_header() -> None:
    meta, _ = theme_day()
    text = render_session(meta, SessionState(), fixture_library().decks, tz=CET)
    headings = [t for t in parse(text) if t.type == "heading_open"]
    assert [h.tag for h in headings] == ["h1"]
    assert "Varighed" not in text and "##" not in text
    assert text.splitlines()[-1].startswith(
        "<!-- cardgame export: session 2026-11-22-temadag-i-byraadet; seq 0;")


def test_figure_from_the_real_circle(monkeypatch: pytest.MonkeyPatch) -> None:
    circle = pytest.importorskip("cardgame.domain.circle")
    monkeypatch.setattr(markdown_module, "circle", circle)
    meta, log = theme_day()
    text = render(meta, log)
    fences = [t for t in parse(text) if t.type == "fence"]
    assert len(fences) == 2 and all(f.info == "text" and f.content.strip() for f in fences)
    assert "● i dag · ○ ønsket · ◉ i dag og ønsket i samme ring." in text
    assert "| 1. Strategi               | 2 → 4 · B          | 3 → 4 · B+K           |" in text


def test_without_the_circle_the_table_remains(monkeypatch: pytest.MonkeyPatch) -> None:
    """A circle that cannot draw every marker clear is left out; the table holds it all."""

    @dataclass(frozen=True)
    class Crowded(StubGeometry):
        fits: bool = False

        @classmethod
        def fit(cls, width: int, height: int, ring_count: int, element_count: int) -> Crowded:
            return cls(width, height, ring_count)

    monkeypatch.setattr(markdown_module, "circle", SimpleNamespace(
        Marker=StubMarker, CircleGeometry=Crowded, paint=stub_paint))
    meta, log = theme_day()
    text = render(meta, log)
    assert "```" not in text and "Cirklen" not in text
    assert "| 1. Strategi               | 2 → 4 · B          | 3 → 4 · B+K           |" in text


# safety against any typed text --------------------------------------------------------------

def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


BLOCKS = {"heading_open", "table_open", "tr_open", "th_open", "td_open", "bullet_list_open",
          "ordered_list_open", "list_item_open", "blockquote_open", "fence", "code_block",
          "html_block", "hr"}
INLINE = ("html_inline", "link_open", "image")
"""What typed text must never become. Emphasis and code spans may: a reader sees the same words
(U22: no backslashes in a mailed list)."""


def structure(text: str) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """The document's block skeleton (paragraphs aside) and counts of inline constructs."""
    tokens = parse(text)
    blocks = [(t.type, t.tag, t.level) for t in tokens if t.type in BLOCKS]
    counts = dict.fromkeys(INLINE, 0)
    for token in tokens:
        for child in token.children or []:
            if child.type in counts:
                counts[child.type] += 1
    return blocks, counts


def shown_text(text: str) -> str:
    """What a reader sees of the inline text, soft breaks as line breaks."""
    parts = []
    for token in parse(text):
        if token.type == "inline":
            parts.append("".join("\n" if c.type in ("softbreak", "hardbreak") else c.content
                                 for c in token.children or []))
    return "\n".join(parts)


def check_tables(text: str) -> None:
    tokens = parse(text)
    cells: list[int] = []
    for token in tokens:
        if token.type == "table_open":
            cells = []
        elif token.type == "tr_open":
            cells.append(0)
        elif token.type in ("th_open", "td_open"):
            cells[-1] += 1
        elif token.type == "table_close":
            assert len(set(cells)) == 1, cells


NASTY = {
    "pipe": "ja | nej | måske",
    "hash": "# Ikke en overskrift",
    "hashes": "### heller ikke #",
    "star": "*fed* og **meget fed** og * løs",
    "script": "<script>alert(1)</script>",
    "html comment": "<!-- skjult --> og &lt;tag&gt; og &amp;",
    "backtick": "brug `kode` her",
    "fence": "```\nkode\n```",
    "tilde fence": "~~~python\nprint(1)\n~~~",
    "breaks": "første linje\nanden linje\r\ntredje\r\n\r\nnyt afsnit",
    "emoji": "👍🏽 godt 👨‍👩‍👧 🇩🇰",
    "long": ("Meget lang note " * 320)[:5000],
    "link": "[link](x) og ![billede](y) og <https://example.org>",
    "rule": "---",
    "setext": "Overskrift?\n===",
    "quote": "> citat",
    "dash": "- punkt\n+ plus\n1. nummer\n2) parentes",
    "indent": "    indrykket kode",
    "backslash": "slut med \\",
    "underscore": "__fed__ og _kursiv_ og snake_case",
    "task": "[ ] ikke en opgave\n[x] heller ikke",
    "table": "a | b\n--- | ---\nc | d",
    "control": "bidi \u202eevil\u202c og \x07klokke og \u2028ny linje",
}


@pytest.fixture
def baseline(stub_circle: None) -> str:
    meta, log = theme_day("Almindelig tekst", "Almindeligt navn")
    return render(meta, log)


@pytest.mark.parametrize("wrapped", [False, True], ids=["alone", "inside"])
@pytest.mark.parametrize("case", list(NASTY))
def test_typed_text_cannot_change_the_structure(case: str, wrapped: bool, baseline: str) -> None:
    payload = NASTY[case]
    typed = f"Før\n{payload}\nEfter" if wrapped else payload
    meta, log = theme_day(typed, f"Navn {payload}")
    text = render(meta, log)
    assert structure(text) == structure(baseline)
    blocks, counts = structure(text)
    assert counts["html_inline"] == counts["link_open"] == counts["image"] == 0
    html = [t for t in parse(text) if t.type == "html_block"]
    last = len(text.splitlines())
    assert len(html) == 1 and html[0].map == [last - 1, last], "the marker, on the last line"
    assert all(t.info == "text" for t in parse(text) if t.type == "fence")
    check_tables(text)
    assert not re.search(r"(?<!\\)<(script|!--|https)", text.rsplit("\n", 2)[0])
    seen = shown_text(text)
    for line in payload.replace("\u202e", "").replace("\u202c", "").replace("\x07", "") \
            .splitlines():
        assert line.strip() in seen, line


# writing ------------------------------------------------------------------------------------

def test_export_path_names_the_file_by_date_and_session() -> None:
    meta, _ = theme_day()
    exports = Path("exports")
    assert export_path(exports, meta) == exports / "2026-11-22-temadag-i-byraadet.md"
    other = meta.model_copy(update={"id": "byraadet"})
    assert export_path(exports, other) == exports / "2026-11-22-byraadet.md"
    odd = meta.model_copy(update={"id": "../../etc/x y"})
    assert export_path(exports, odd).parent == exports


def test_exporting_twice_replaces_the_own_export(tmp_path: Path) -> None:
    meta, log = theme_day()
    path = export_path(tmp_path / "exports", meta)
    write_export(render(meta, log), path, meta.id, force_path=False)
    log.put("followup", "f3", "what", value="Ny opfølgning")
    second = render(meta, log)
    assert write_export(second, path, meta.id, force_path=False) == path
    assert path.read_text(encoding="utf-8") == second
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize("content", ["Mine egne noter\n",
                                     "<!-- cardgame export: session en-anden-session -->\n"])
def test_a_foreign_file_is_refused_and_left_untouched(tmp_path: Path, content: str) -> None:
    meta, log = theme_day()
    path = tmp_path / "noter.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CardgameError) as caught:
        write_export(render(meta, log), path, meta.id, force_path=False)
    assert str(path) in str(caught.value)
    assert path.read_text(encoding="utf-8") == content
    write_export(render(meta, log), path, meta.id, force_path=True)
    assert path.read_text(encoding="utf-8").splitlines()[-1].startswith(
        "<!-- cardgame export: session 2026")


def test_a_folder_in_the_way_is_refused(tmp_path: Path) -> None:
    meta, log = theme_day()
    with pytest.raises(CardgameError, match="folder"):
        write_export(render(meta, log), tmp_path, meta.id, force_path=True)


def test_needs_export_follows_the_session_file(tmp_path: Path) -> None:
    session, decks = new_session(tmp_path / "sessions")
    try:
        path = export_path(tmp_path / "exports", session.meta)
        assert needs_export(session.path, path)
        session.set(("answer", "test-themes", "aeldre", "g1", "rating"), 4)

        def export() -> None:
            text = render_session(session.meta, session.state, decks, events=session.events)
            write_export(text, path, session.meta.id, force_path=False)

        export()
        assert not needs_export(session.path, path)
        session.set(("answer", "test-themes", "aeldre", "g1", "note"), "Ny note")
        assert needs_export(session.path, path)
        export()
        assert not needs_export(session.path, path)
        renamed = session.meta.groups[:1] + [Group(id="g2", name="Bord 2")] + \
            session.meta.groups[2:]
        session.update_meta(session.meta.model_copy(update={"groups": renamed}))
        assert needs_export(session.path, path)
    finally:
        session.close()


def test_needs_export_without_a_stamp_compares_times(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path / "sessions")
    session.close()
    export = tmp_path / "s.md"
    export.write_text(f"<!-- cardgame export: session {session.meta.id} -->\n", encoding="utf-8")
    os.utime(session.path, (1_000, 1_000))
    os.utime(export, (2_000, 2_000))
    assert not needs_export(session.path, export)
    os.utime(session.path, (3_000, 3_000))
    assert needs_export(session.path, export)


@pytest.mark.parametrize("first_line", ["Mine egne noter",
                                        "<!-- cardgame export: session anden; seq 0; meta {} -->"])
def test_needs_export_for_a_file_that_is_not_the_own_export(tmp_path: Path,
                                                            first_line: str) -> None:
    session, _ = new_session(tmp_path / "sessions")
    session.close()
    export = tmp_path / "s.md"
    export.write_text(first_line.format(meta_digest(session.meta)) + "\n", encoding="utf-8")
    assert needs_export(session.path, export)


@pytest.mark.parametrize(("lang", "expected"), [
    ("da", ["22. november 2026 kl. 10.05", "2 timer og 5 minutter", "1 time", "1 minut",
            "4,3", "1 gruppe", "3 grupper", "Bord 1, Bord 2 og Bord 3"]),
    ("nb", ["22. november 2026 kl. 10:05", "2 timer og 5 minutter", "1 time", "1 minutt",
            "4,3", "1 gruppe", "3 grupper", "Bord 1, Bord 2 og Bord 3"]),
    ("en", ["22 November 2026 10:05", "2 hours 5 minutes", "1 hour", "1 minute", "4.3",
            "1 group", "3 groups", "Bord 1, Bord 2 and Bord 3"]),
])
def test_dates_numbers_plurals_and_lists_follow_the_language(lang: str,
                                                             expected: list[str]) -> None:
    from datetime import datetime, timedelta

    from cardgame.export.labels import Labels

    labels = Labels(lang)
    assert [labels.moment(datetime(2026, 11, 22, 10, 5)), labels.span(timedelta(minutes=125)),
            labels.span(timedelta(hours=1)), labels.span(timedelta(seconds=50)),
            labels.number(4.3), labels.groups(1), labels.groups(3),
            labels.join(["Bord 1", "Bord 2", "Bord 3"])] == expected


def test_every_language_of_the_notes_has_every_label() -> None:
    import string

    from cardgame.export.labels import DA, EN, NB

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert set(DA) == set(NB) == set(EN)
    for key, text in DA.items():
        assert fields(text) == fields(NB[key]) == fields(EN[key]), key
