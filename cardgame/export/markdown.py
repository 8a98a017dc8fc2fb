"""A session as a Markdown document: what survives the day, for mail and the council's papers.

`render_session` is a pure function of the session's metadata, its state and the decks (and,
optionally, its log and a time zone); it reads and never writes. The document is CommonMark
with pipe tables, no raw HTML except the one-line marker comment at the top, and it reads as
plain text. Sections with nothing recorded are left out.

Order: header, summary, the programme round by round (when the day had one), welfare
themes, dialogue formats, politician roles, influence mapping,
follow-up, appendix (cards, timeline).
"""

from __future__ import annotations

from datetime import tzinfo

from cardgame.domain.decks import Deck
from cardgame.domain.events import Event, SessionState
from cardgame.domain.session import SessionMeta
from cardgame.export import text as md
from cardgame.export.appendix import appendix
from cardgame.export.context import Context
from cardgame.export.labels import Labels
from cardgame.export.mapping import influence
from cardgame.export.marker import marker_line
from cardgame.export.programme import programme
from cardgame.export.sections import follow_up, formats, roles, summary, themes


def render_session(meta: SessionMeta, state: SessionState, decks: dict[str, Deck],
                   lang: str | None = None, *, events: list[Event] | None = None,
                   tz: tzinfo | None = None) -> str:
    """The Markdown export of a session.

    `lang` picks the headings and labels (da or en); by default the session's own language.
    `events` (the session's log) gives the timeline every recorded answer rather than only the
    current ones. `tz` is the time zone for times of day; by default the computer's own, which
    is the room's. The first line is the marker comment that `write_export` checks.
    """
    ctx = Context(meta, state, decks, Labels(lang or meta.language), tz, events)
    parts = [header(ctx)]
    for section in (summary, programme, themes, formats, roles, influence, follow_up,
                    appendix):
        lines = section(ctx)
        if lines:
            parts.append(_tidy(lines))
    body = "\n\n".join("\n".join(part) for part in parts)
    return f"{marker_line(meta, state.last_seq)}\n\n{body}\n"


def _tidy(lines: list[str]) -> list[str]:
    """Lines without leading, trailing or doubled blank lines (code blocks kept as they are)."""
    result: list[str] = []
    append = result.append  # ~50,000 lines in a large session's export
    fence = ""
    blank = True  # the last line kept is blank (or none is kept yet)
    for line in lines:
        if fence:
            fence = "" if line == fence else fence
            append(line)
            blank = False
        elif not line or line.isspace():
            if not blank:
                append("")
                blank = True
        else:
            if line.startswith("```"):
                fence = line[: len(line) - len(line.lstrip("`"))]
            append(line)
            blank = False
    while result and not result[-1]:
        result.pop()
    return result


def header(ctx: Context) -> list[str]:
    """Title, date, municipality, facilitator, groups, decks and how long the session ran."""
    t, meta = ctx.labels, ctx.meta
    lines = [f"# {md.heading(meta.title)}", "", f"- {t('date')}: {t.date(meta.date)}"]
    if meta.municipality.strip():
        lines.append(f"- {t('municipality')}: {md.label(meta.municipality)}")
    if meta.facilitator.strip():
        lines.append(f"- {t('facilitator')}: {md.label(meta.facilitator)}")
    groups = ", ".join(md.label(g.name) for g in meta.groups)
    lines.append(f"- {t('groups')}: {groups}")
    if meta.decks:
        decks = []
        for ref in meta.decks:
            key = "deck_version" if ref.id in ctx.decks else "deck_missing"
            decks.append(t(key, title=md.label(ref.title), version=md.label(ref.version)))
        lines.append(f"- {t('decks')}: {'; '.join(decks)}")
    first, last = ctx.state.first_at, ctx.state.last_at
    if first is not None and last is not None and last > first:
        start, end = ctx.local(first), ctx.local(last)
        if start.date() == end.date():
            value = t("duration_value", span=t.span(last - first), start=t.clock(start),
                      end=t.clock(end))
        else:
            value = t("duration_days", span=t.span(last - first), start=t.moment(start),
                      end=t.moment(end))
        lines.append(f"- {t('duration')}: {value}")
    return lines
