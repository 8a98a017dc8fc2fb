"""The room's wall as a web page: one follower of the session, one rendering per change, sent
to every open wall page.

`cardgame audience` draws the wall value (`domain.audience.wall`) in a terminal; this draws the
same value as HTML. The server keeps one `WallFeed`: it follows the session open in the
workspace (`WorkspaceFollower`, as `cardgame audience` does), and when anything the room sees
changes it derives the wall once and renders it once, in the session's language, to a
fragment of HTML. Every open wall page gets that fragment through its server-sent-event
stream, so a hundred viewers cost a hundred sockets, not a hundred processes.

The round timer is sent as its deadline (or the seconds left while it stands still), and the
page counts down by itself between changes, against the server's clock.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from cardgame.domain.answers import OTHER_OPTION
from cardgame.domain.audience import CARD, CircleView, Wall, wall
from cardgame.domain.circle import Marker
from cardgame.domain.decks import (
    Card,
    DialogueFormatCard,
    InfluenceElementCard,
    PoliticianRoleCard,
    WelfareThemeCard,
)
from cardgame.domain.influence import TODAY
from cardgame.domain.themeday import MAP
from cardgame.export.html import svg_circle
from cardgame.export.notes import Circle
from cardgame.i18n import possessive, speaking, t
from cardgame.storage.follow import CLOSED, STOPPED, WorkspaceFollower

TEMPLATES = Path(__file__).parent / "templates"
EXPORT_TEMPLATES = Path(__file__).parent.parent / "export"
"""Where the notes' circle drawing is, shared with the wall."""

POLL = 0.05
"""Seconds between looks at the session file: a change is on every wall within a tenth of a
second, plus the time to send it."""

QUESTIONS, CONSEQUENCES, SUMMARY, SITUATION = 1, 2, 3, 4
"""What a page too small for the whole card leaves out first, second, …: the same order as the
terminal wall's (`wall_view.LEVELS`). The card's title, the dilemma, the options and the
tables' answers always stay."""


# the wall as the page's template sees it --------------------------------------------------

def wall_context(shown: Wall | None, *, note: str = "", now: float | None = None,
                 session_title: str = "") -> dict[str, Any]:
    """Everything `wall_body.html` shows, in words of the language spoken now; the card's own
    headings in its deck's language."""
    now = time.time() if now is None else now
    if shown is None:
        return {"kind": "none", "title": "cardgame", "where": [], "clock": None,
                "note": note, "waiting": t("audience.no_session")}
    context: dict[str, Any] = {"kind": shown.kind, "title": shown.title, "where": [],
                               "clock": _clock(shown, now), "note": note,
                               "waiting": t("audience.waiting")}
    if shown.kind == MAP and shown.circle is not None:
        context.update(_map(shown.circle))
    elif shown.kind == CARD and shown.card is not None and shown.deck is not None:
        position, total = shown.position
        where = [shown.round] if shown.round else []
        where.append(shown.deck.info.title)
        if total:
            where.append(t("where.card", n=position, total=total))
        if shown.hand_of:
            where.append(t("card.hand_of", group=possessive(shown.hand_of)))
        context["where"] = where
        context["title"] = shown.card.title
        with speaking(shown.deck.info.language):
            context["card"] = _card(shown.card, shown)
            context["answers"] = _answers(shown)
    return context


def _clock(shown: Wall, now: float) -> dict[str, Any] | None:
    clock = shown.clock
    if clock is None:
        return None
    return {"text": clock.text, "running": clock.running, "remaining": clock.remaining,
            "deadline": round(now + clock.remaining, 1) if clock.running else None,
            "done": clock.remaining == 0}


def _card(card: Card, shown: Wall) -> dict[str, Any]:
    tags: list[str] = []
    if isinstance(card, DialogueFormatCard):
        tags += [t(f"step.{card.step}")] if card.step else []
        tags += [t(f"cocreation.{card.cocreation}")] if card.cocreation else []
    if isinstance(card, InfluenceElementCard) and card.prioritised:
        tags.append("★ " + t("card.prioritised"))
    sections: list[dict[str, Any]] = []

    def section(key: str, items: list[str], marker: str, level: int = 0) -> None:
        if items:
            sections.append({"heading": t(key), "entries": items, "marker": marker,
                             "level": level})

    if isinstance(card, WelfareThemeCard):
        section("card.opportunities", card.opportunities, "+")
        section("card.dilemmas", card.dilemmas, "±")
    elif isinstance(card, PoliticianRoleCard):
        section("card.challenges", card.challenges, "!")
        section("card.levers", card.levers, "→")
    elif isinstance(card, InfluenceElementCard) and card.why:
        section("card.why", [card.why], "")
    after = []
    if card.questions:
        after.append({"heading": t("card.questions"), "entries": card.questions, "marker": "?",
                      "level": QUESTIONS})
    return {"lang": shown.deck.info.language if shown.deck else "", "tags": tags,
            "summary": card.summary, "sections": sections, "after": after,
            "scenario": _scenario(card, shown) if isinstance(card, DialogueFormatCard)
            else None}


def _scenario(card: DialogueFormatCard, shown: Wall) -> dict[str, Any]:
    index = min(shown.scenario, len(card.scenarios) - 1)
    scenario = card.scenarios[index]
    heading = t("card.scenario", n=index + 1, total=len(card.scenarios))
    if scenario.title:
        heading += f": {scenario.title}"
    chosen = {tally.number: tally.groups for tally in shown.tallies}
    most = max((len(groups) for groups in chosen.values()), default=0) or 1
    options = []
    for number, text in enumerate(scenario.options, start=1):
        groups = chosen.get(number, [])
        options.append({"key": str(number), "text": text, "groups": groups,
                        "share": round(len(groups) / most, 2),
                        "consequence": scenario.consequences[number - 1]
                        if scenario.consequences else ""})
    if chosen.get(OTHER_OPTION):
        groups = chosen[OTHER_OPTION]
        options.append({"key": t("card.other_key"), "text": t("card.other"), "groups": groups,
                        "share": round(len(groups) / most, 2), "consequence": ""})
    return {"heading": heading, "situation": scenario.situation,
            "dilemma_label": t("card.dilemma_personal" if scenario.personal
                               else "card.dilemma"),
            "dilemma": scenario.dilemma, "options": options,
            "chose": t("audience.choices") if any(chosen.values()) else ""}


def _answers(shown: Wall) -> dict[str, Any] | None:
    """The ratings as bars, or what the tables named; a dilemma's choices stand under its
    options. Nothing before a table has answered."""
    if shown.ratings and any(r.rating is not None for r in shown.ratings):
        high = shown.ratings[0].high
        return {"kind": "ratings", "heading": t("audience.ratings", high=high),
                "rows": [{"group": r.group, "rating": r.rating, "high": r.high,
                          "percent": 0 if r.rating is None else round(100 * r.rating / r.high)}
                         for r in shown.ratings]}
    if shown.tensions:
        return {"kind": "tensions", "heading": t("audience.tensions"),
                "rows": [{"group": x.group, "challenges": " ".join(x.challenges.split()),
                          "levers": " ".join(x.levers.split())} for x in shown.tensions]}
    return None


def _map(circle: CircleView) -> dict[str, Any]:
    dim = t("map.today") if circle.dim == TODAY else t("map.wanted")
    where = [t("map.actor", actor=circle.actor)]  # the deck's title is the wall's title
    if circle.group:
        where.append(circle.group)
    where.append(t("map.editing", dim=dim))
    markers = tuple(Marker(index, ring, kind) for index, ring, kind in circle.placements)
    drawing = svg_circle(Circle(circle.actor, tuple(circle.rings),
                                tuple(e.title for e in circle.elements), markers,
                                t("map.marker_legend")))
    elements = [{"number": e.number, "title": e.title,
                 "today": "–" if e.today is None else e.today + 1,
                 "wanted": "–" if e.wanted is None else e.wanted + 1,
                 "selected": index == circle.selected}
                for index, e in enumerate(circle.elements)]
    return {"where": where, "title": circle.deck.info.title,
            "circle": {**drawing, "id": "wall"}, "elements": elements,
            "rings": list(circle.rings), "rings_title": t("map.rings_title"),
            "legend_title": t("map.legend_title"), "marker_legend": t("map.marker_legend")}


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader([TEMPLATES, EXPORT_TEMPLATES]),
                       autoescape=select_autoescape(default=True))


def render_wall(context: dict[str, Any]) -> str:
    """The wall's fragment of HTML (what is inside the page's <main>)."""
    return str(_environment().get_template("wall_body.html").render(wall=context))


def render_page(context: dict[str, Any], page: dict[str, Any]) -> str:
    """The whole wall page: the fragment as it stands, the style, and the script that keeps it
    up to date."""
    return str(_environment().get_template("wall.html").render(wall=context, page=page))


# one follower for every wall page ---------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """One rendering of the wall, as every page gets it."""

    version: int
    lang: str
    title: str
    html: str

    def event(self, now: float) -> bytes:
        """The server-sent event: the server's clock (for the timer), then the wall."""
        data = json.dumps({"lang": self.lang, "title": self.title, "html": self.html},
                          ensure_ascii=False)
        return f"event: wall\nid: {self.version}\ndata: {now:.2f}\ndata: {data}\n\n".encode()


class WallFeed:
    """The wall of the workspace's open session, derived and rendered once per change."""

    def __init__(self, following: WorkspaceFollower | None, lang: str = "da") -> None:
        self.following = following
        self.lang = lang
        """The language of a wall without a session (the server's)."""
        self.frame = Frame(0, lang, "cardgame", "")
        self.closed = False
        self._changed = asyncio.Event()
        self._signature: tuple[object, ...] | None = None
        self.renders = 0
        """How many times the wall was rendered (for tests and the benchmark)."""
        self.refresh()

    def context(self, now: float | None = None) -> tuple[str, dict[str, Any]]:
        """The session's language and the wall as the template sees it, as it stands now."""
        follower = self.following.current if self.following is not None else None
        lang = follower.meta.language if follower is not None and follower.meta else self.lang
        with speaking(lang):
            if follower is None or follower.meta is None:
                problem = str(follower.problem) if follower is not None else ""
                note = t("audience.problem", problem=problem) if problem else ""
                return lang, wall_context(None, note=note)
            now = time.time() if now is None else now
            shown = wall(follower.meta, follower.decks, follower.state, now)
            return lang, wall_context(shown, note=self._note(), now=now)

    def _note(self) -> str:
        """A calm line when the facilitator's cardgame is not recording, or the file is
        gone (as on the terminal wall)."""
        assert self.following is not None and self.following.current is not None
        follower = self.following.current
        holder = self.following.facilitator()
        if follower.problem:
            return t("audience.problem", problem=follower.problem)
        if holder == CLOSED:
            return t("audience.closed" if follower.state.last_seq else "audience.not_started")
        if holder == STOPPED:
            return t("audience.stopped")
        return ""

    def refresh(self) -> bool:
        """Take in what changed; render and publish the wall when the room would see it
        differently. True when a new frame went out."""
        following = self.following
        if following is not None:
            changed = following.poll()
            holder = following.facilitator(every=0 if changed else 0.5)
            current = following.current
            signature: tuple[object, ...] = (
                current.path, current.state.last_seq, current.reloads, str(current.problem),
                holder) if current is not None else ()
        else:
            signature = ()
        if signature == self._signature:
            return False
        self._signature = signature
        lang, context = self.context()
        self.renders += 1
        self.frame = Frame(self.frame.version + 1, lang, context["title"], render_wall(context))
        self._changed.set()
        self._changed = asyncio.Event()
        return True

    async def run(self) -> None:
        """Follow the session until `close`."""
        while not self.closed:
            self.refresh()
            await asyncio.sleep(POLL)

    async def next(self, seen: int, timeout: float) -> Frame | None:
        """The first frame after version `seen`; None after `timeout` seconds without one,
        or when the feed closes."""
        changed = self._changed
        if self.frame.version != seen:
            return self.frame
        try:
            await asyncio.wait_for(changed.wait(), timeout)
        except TimeoutError:
            return None
        return None if self.closed else self.frame

    def close(self) -> None:
        """Stop following, and let every page's stream end."""
        self.closed = True
        self._changed.set()
