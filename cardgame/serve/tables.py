"""The tables' own pages: each table answers the card in play from a phone.

A table's address carries a key that answers for that table of that session only: an HMAC of
the session and the table under a secret the server drew when it started, so a key cannot be
guessed, one table's key does not open another's page, the wall's key opens no table, and a
key of yesterday's session opens nothing today.

A table's page shows the card the table answers now (`phones.in_play`, read from the session as
the wall follows it) with the form that card asks for, and what the table has answered so far
(its own answers, never another table's reasons). What it sends is checked here as the app
would check it (`phones.check`), with every refusal said on the phone in the session's
language and everything typed kept; a good answer is appended to the session's inbox
(`storage.inbox`), where the facilitator's app, the one writer of the session, finds it. The
form carries an id drawn when the page was drawn, so a form sent twice (a lost connection, a
second tap, a reload) counts once.

A table may send at most `RATE` answers in `RATE_WINDOW` seconds; a request body is at most
`BODY_MAX` bytes.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import secrets
import time
import zlib
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import segno

from cardgame.domain import answers
from cardgame.domain.answers import OTHER_OPTION, RATING_MAX, RATING_MIN
from cardgame.domain.decks import DialogueFormatCard, PoliticianRoleCard, WelfareThemeCard
from cardgame.domain.errors import CardgameError, FieldError, os_problem
from cardgame.domain.phones import InPlay, Submission, check, in_play
from cardgame.domain.recording import ReadOnlyRecorder
from cardgame.domain.themeday import ThemeDay
from cardgame.i18n import speaking, t, t_in
from cardgame.storage.follow import SessionFollower, WorkspaceFollower
from cardgame.storage.inbox import Inbox, inbox_path

RATE, RATE_WINDOW = 20, 60.0
"""A table sends at most RATE answers in RATE_WINDOW seconds (a hand of cards, corrections)."""
BODY_MAX = 32 * 1024
"""The largest answer a phone may send, in bytes: four fields of `answers.TEXT_MAX` characters
fit, a pasted document does not."""


def table_key(secret: bytes, session: str, group: str) -> str:
    """The key of one table of one session."""
    digest = hmac.new(secret, f"{session}\0{group}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


@dataclass
class Outcome:
    """What the server answers a table's page."""

    status: int
    """200 sent (or sent again), 400 a field to put right, 403 a wrong key, 409 the card
    moved on, 413 too large, 429 too many, 503 the inbox cannot be written."""
    message: str = ""
    field: str = ""
    """The field to put right, for the page to mark."""
    sent: bool = False


@dataclass
class TableDesk:
    """The tables' pages of the workspace's open session: keys, checks, the inbox."""

    following: WorkspaceFollower | None
    lang: str = "da"
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    clock: Callable[[], float] = time.monotonic
    _sent: dict[str, deque[float]] = field(default_factory=dict)
    _inboxes: dict[Path, Inbox] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    # the session and its tables -----------------------------------------------------------

    def follower(self) -> SessionFollower | None:
        current = self.following.current if self.following is not None else None
        return current if current is not None and current.meta is not None else None

    def language(self) -> str:
        follower = self.follower()
        return follower.meta.language if follower is not None and follower.meta else self.lang

    def day(self) -> ThemeDay | None:
        follower = self.follower()
        if follower is None or follower.meta is None or follower.meta.kind != "theme-day":
            return None
        return ThemeDay(follower.meta, follower.decks, ReadOnlyRecorder(follower.state))

    def key(self, group: str) -> str:
        follower = self.follower()
        assert follower is not None and follower.meta is not None
        return table_key(self.secret, follower.meta.id, group)

    def admits(self, group: str, offered: str) -> bool:
        """Whether `offered` is this table's key in the open session."""
        day = self.day()
        if day is None or day.meta.group(group) is None:
            return False
        return hmac.compare_digest(offered.encode(), self.key(group).encode())

    def addresses(self, base: str) -> list[tuple[str, str]]:
        """(table name, address) of every table of the open theme day."""
        day = self.day()
        if day is None:
            return []
        base = base.rstrip("/")
        return [(g.name, f"{base}/table/{g.id}?key={self.key(g.id)}") for g in day.meta.groups]

    def signature(self) -> str:
        """Changes when the tables' addresses do (another session open)."""
        day = self.day()
        return "" if day is None else f"{day.meta.id}:{len(day.meta.groups)}"

    # a table's page -------------------------------------------------------------------------

    def version(self, group: str) -> str:
        """Changes when the table's page would show something else: the card in play, the
        table's answers."""
        day = self.day()
        if day is None:
            return _version(None, None, [])
        return _version(day, in_play(day, group), self._answers_of(day, group))

    def page(self, group: str, typed: Mapping[str, str] | None = None,
             outcome: Outcome | None = None) -> dict[str, Any]:
        """Everything `table.html` shows, in the session's language."""
        lang = self.language()
        with speaking(lang):
            day = self.day()
            context: dict[str, Any] = {"lang": lang, "group": group, "key": self.key(group)
                                       if day is not None and day.meta.group(group) else "",
                                       "outcome": outcome, "id": secrets.token_hex(16),
                                       "version": _version(None, None, []), "card": None,
                                       "text": _page_text(),
                                       "typed": bool(typed) and not (outcome and outcome.sent)}
            if day is None:
                context.update(title="cardgame", waiting=t("serve.table_no_session"))
                return context
            name = day.meta.group_name(group)
            playing, said = in_play(day, group), self._answers_of(day, group)
            context.update(title=t("serve.table_of", group=name, session=day.meta.title),
                           name=name, answers=said, version=_version(day, playing, said))
            if playing is None:
                context["waiting"] = t("serve.table_nothing")
                return context
            context["card"] = _card(playing)
            now = day.answer(group, playing.card, playing.scenario, playing.deck)
            values = {name: now.field(name) for name in answers.FIELDS[playing.deck.kind]}
            context["filled"] = {**values, **(dict(typed) if typed else {})}
            return context

    def _answers_of(self, day: ThemeDay, group: str) -> list[tuple[str, str]]:
        """(card, what the table answered) for every card this table has answered."""
        found = []
        for deck in day.decks:
            for card in deck.cards:
                if isinstance(card, DialogueFormatCard):
                    for number, scenario in enumerate(card.scenarios, start=1):
                        answer = day.answer(group, card, scenario.id, deck)
                        if not answer.empty:
                            title = card.title if len(card.scenarios) == 1 else \
                                f"{card.title} ({number})"
                            found.append((title, _said(answer)))
                else:
                    answer = day.answer(group, card, None, deck)
                    if not answer.empty:
                        found.append((card.title, _said(answer)))
        return found

    # sending --------------------------------------------------------------------------------

    async def submit(self, group: str, form: Mapping[str, str]) -> Outcome:
        """Check a table's answer and put it in the inbox; the outcome says what to tell the
        phone. Nothing is written unless everything checks out.

        The session's language is spoken only between awaits (`speaking` sets it for the
        whole server, and another table's answer may be handled at an await)."""
        lang = self.language()
        if not self.admits(group, form.get("key", "")):
            return Outcome(403, t_in(lang, "serve.table_bad_key"))
        if not self._within_rate(group):
            return Outcome(429, t_in(lang, "serve.table_too_many"))
        day, follower = self.day(), self.follower()
        assert day is not None and follower is not None
        fields = {name: form[name] for name in answers.FIELDS.get(
            _kind(day, form.get("deck", "")), ()) if name in form}
        sub = Submission(form.get("id", ""), group, form.get("deck", ""),
                         form.get("card", ""), form.get("scenario", ""), fields,
                         datetime.now(timezone.utc).replace(microsecond=0))
        inbox = self._inbox(follower.path)
        async with self._lock:
            try:
                await asyncio.to_thread(inbox.poll)
            except OSError as error:
                return self._problem(lang, error)
            if sub.id in inbox.ids:
                return Outcome(200, t_in(lang, "serve.table_again"), sent=True)
            with speaking(lang):
                try:
                    check(day, sub, now=True)
                except FieldError as wrong:
                    return Outcome(400, str(wrong), wrong.field)
                except CardgameError as wrong:
                    if wrong.key == "phones.not_your_card":
                        return Outcome(409, t("serve.table_card_moved"))
                    return Outcome(400, str(wrong))
            try:
                await asyncio.to_thread(inbox.append, sub)
            except OSError as error:
                return self._problem(lang, error)
        return Outcome(200, t_in(lang, "serve.table_sent"), sent=True)

    def _problem(self, lang: str, error: OSError) -> Outcome:
        with speaking(lang):
            return Outcome(503, t("serve.table_problem", error=str(os_problem(error))))

    def _within_rate(self, group: str) -> bool:
        """Whether the table may send now; every answer sent counts, taken or refused, and
        counts at once (answers sent together cannot all slip under the limit)."""
        sent = self._sent.setdefault(group, deque())
        now = self.clock()
        while sent and now - sent[0] > RATE_WINDOW:
            sent.popleft()
        if len(sent) >= RATE:
            return False
        sent.append(now)
        return True

    def _inbox(self, session: Path) -> Inbox:
        path = inbox_path(session)
        if path not in self._inboxes:
            self._inboxes = {path: Inbox(path)}  # one session open at a time
        return self._inboxes[path]

    # the codes --------------------------------------------------------------------------------

    def codes(self, base: str) -> list[dict[str, str]]:
        """Every table's name, address and QR code (inline SVG), for the facilitator's page."""
        return [{"name": name, "url": url,
                 "svg": segno.make(url, error="m").svg_inline(scale=5, dark="#000",
                                                               light="#fff")}
                for name, url in self.addresses(base)]

    def printed(self, base: str, loopback: bool) -> str:
        """What `serve` prints when a theme day opens: each table's QR code, then the list of
        addresses (last, so that a terminal shows it without scrolling back)."""
        day = self.day()
        with speaking(self.language()):
            if day is None:
                return t("serve.tables_none")
            codes, lines = [], [t("serve.tables_for", session=day.meta.title)]
            for name, url in self.addresses(base):
                out = io.StringIO()
                segno.make(url, error="m").terminal(out=out, compact=True)
                codes.append(f"{name}\n{out.getvalue()}")
                lines.append(t("serve.table_at", group=name, url=url))
            if loopback:
                lines.append(t("serve.tables_loopback", host=base))
            return "\n".join(codes + lines)


def _version(day: ThemeDay | None, playing: InPlay | None,
             said: list[tuple[str, str]]) -> str:
    """What a table's page shows, in a word: the session, the card in play, then (after "|")
    the table's answers."""
    if day is None:
        return "none"
    where = (playing.deck.id, playing.card.id, playing.scenario) if playing else ()
    text = "\n".join(f"{card}\t{answer}" for card, answer in said)
    return f"{day.meta.id}:{where}|{zlib.crc32(text.encode()):08x}"


def _kind(day: ThemeDay, deck_id: str) -> str:
    deck = day.deck_of(deck_id)
    return deck.kind if deck is not None else ""


def _said(answer: answers.GroupAnswer) -> str:
    """A table's own answer in a line: the rating or choice, then its words."""
    parts = []
    if answer.rating is not None:
        parts.append(f"{answer.rating}/{RATING_MAX}")
    if answer.option is not None:
        parts.append(answer.other if answer.option == OTHER_OPTION else f"{answer.option}")
    parts += [text for text in (answer.note, answer.reason, answer.challenges, answer.levers)
              if text]
    return " · ".join(parts)


def _card(playing: InPlay) -> dict[str, Any]:
    """The card a table answers, as its page shows it."""
    card, deck = playing.card, playing.deck
    shown: dict[str, Any] = {"deck": deck.id, "id": card.id, "title": card.title,
                             "summary": card.summary, "kind": deck.kind,
                             "scenario": playing.scenario or "", "lang": deck.info.language}
    if isinstance(card, WelfareThemeCard):
        shown["ratings"] = list(range(RATING_MIN, RATING_MAX + 1))
    if isinstance(card, DialogueFormatCard):
        scenario = next(s for s in card.scenarios if s.id == playing.scenario)
        shown.update(situation=scenario.situation, dilemma=scenario.dilemma,
                     options=list(enumerate(scenario.options, start=1)))
    if isinstance(card, PoliticianRoleCard):
        shown["challenges"] = list(card.challenges)
    return shown


def _page_text() -> dict[str, str]:
    names = ("question_rating", "rating_low", "rating_high", "note", "option", "other",
             "other_text", "reason", "challenges", "levers", "send", "recorded",
             "your_answer", "card_moved")
    return {name: t(f"serve.table_{name}") for name in names}
