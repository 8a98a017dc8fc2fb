"""A comparison of sessions as a document: the same tree as the notes (`notes.py`), so the
Markdown and the HTML renderers draw it, and the app shows the Markdown.

For mappings: a legend of the circles (A, B, … each an actor of one session), a table of every
shared element with each circle's today → wanted, the elements the circles disagree most on,
those whose wanted lies furthest from today, what moved for an actor mapped at two dates, and
an overlay circle with every circle's letter. For theme days: each theme's mean rating per
session, and each dilemma's choices per session. What is not compared is named.
"""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path

from cardgame.domain.compare import (
    Column,
    Compared,
    DayComparison,
    ElementRow,
    LeftOut,
    MappingComparison,
    compare_days,
    compare_mappings,
)
from cardgame.domain.decks import Deck
from cardgame.domain.errors import CardgameError, Said, SessionError, Words
from cardgame.domain.session import slugify
from cardgame.export.context import one_line
from cardgame.export.labels import Labels
from cardgame.export.notes import Block, Bullets, Item, Notes, Overlay, Paragraph, Section, Table
from cardgame.export.writer import SUFFIXES, free_path, write_export
from cardgame.storage.store import DAMAGED, OK, RESCUE, SUFFIX, SessionStore


def build_comparison(sessions: list[Compared], lang: str | None = None) -> Notes:
    """The comparison of `sessions` (in the first session's language unless `lang`)."""
    t = Labels(lang or (sessions[0].meta.language if sessions else "da"))
    mappings = compare_mappings(sessions)
    days = compare_days(sessions)
    sections: list[Section] = []
    if mappings is not None:
        sections += _mapping_sections(t, mappings)
    if days is not None:
        sections += _day_sections(t, days)
    if not sections:
        sections.append(Section(t("compare_nothing"), (Paragraph(t("compare_nothing_text")),)))
    dates = sorted({s.meta.date for s in sessions})
    facts = [(t("compare_sessions"), str(len(sessions)))]
    if dates:
        span = t.date(dates[0]) if len(dates) == 1 else \
            f"{t.date(dates[0])} – {t.date(dates[-1])}"
        facts.append((t("compare_dates"), span))
    return Notes(t("compare_title", n=len(sessions)), tuple(facts), tuple(sections), "",
                 t.lang, t)


# mappings -----------------------------------------------------------------------------------

def column_name(t: Labels, column: Column) -> str:
    """Who and when: "Anne Holm, 3. november 2026 (Bord 1)"."""
    name = t("compare_column", actor=one_line(column.actor), date=t.date(column.date))
    return f"{name} ({one_line(column.group)})" if column.group else name


def _column_line(t: Labels, column: Column) -> str:
    """Who and when, and the session's title where it says more than the actor's name."""
    name = column_name(t, column)
    title = one_line(column.title)
    if " ".join(column.actor.split()).casefold() in title.casefold():
        return name
    return f"{name} · {title}"


def _ring(t: Labels, rings: tuple[str, ...], ring: int | None) -> str:
    return "–" if ring is None else t("compare_ring", n=ring + 1, name=rings[ring])


NBSP = "\u00a0"
"""Between a cell's rings, so that "2 → 4" never breaks over two lines on a narrow screen."""


def _cell(today: int | None, wanted: int | None) -> str:
    """"2 → 4": ring today → wanted ring, counted from the edge in."""
    if today is None and wanted is None:
        return "–"
    left = "–" if today is None else str(today + 1)
    return left if wanted is None else f"{left}{NBSP}→{NBSP}{wanted + 1}"


def _mapping_sections(t: Labels, c: MappingComparison) -> list[Section]:
    sections: list[Section] = []
    if c.columns:
        legend = Bullets(tuple(Item(_column_line(t, col), col.letter) for col in c.columns),
                         t("compare_circles"))
        rings = ", ".join(f"{n} {name}" for n, name in enumerate(c.rings, 1))
        table = Table((t("element"), *(col.letter for col in c.columns), t("compare_spread")),
                      tuple((f"{row.number}. {row.card.title}",
                             *(_cell(*cell) for cell in row.cells),
                             str(row.spread) if len(row.placed()) > 1 else "–")
                            for row in c.rows), frozenset({len(c.columns) + 1}))
        blocks: list[Block] = [legend, Paragraph(t("rings_legend", rings=rings)),
                               Paragraph(t("compare_cells_legend")), table]
        sections.append(Section(t("compare_mappings", deck=c.deck.info.title), tuple(blocks)))
        findings = _findings(t, c)
        if findings:
            sections.append(Section(t("compare_findings"), tuple(findings)))
        sections.append(Section(t("compare_overlay"), (_overlay(t, c),)))
    apart = _apart(t, c.left_out, c.only_some)
    if apart is not None:
        sections.append(apart)
    return sections


def _spread_item(t: Labels, c: MappingComparison, row: ElementRow) -> Item:
    today = [cell[0] for cell in row.cells]
    where = ", ".join(f"{col.letter} {ring + 1}" for col, ring in zip(c.columns, today, strict=True)
                      if ring is not None)
    return Item(t("compare_spread_line", outer=_ring(t, c.rings, min(row.placed())),
                  inner=_ring(t, c.rings, max(row.placed())), where=where), row.card.title)


def _findings(t: Labels, c: MappingComparison) -> list[Block]:
    blocks: list[Block] = []
    disagree = c.disagree_most()
    if disagree:
        blocks.append(Bullets(tuple(_spread_item(t, c, row) for row in disagree),
                              t("compare_disagree")))
    differ = c.differ_most()
    if differ:
        blocks.append(Bullets(tuple(
            Item(t("compare_inward" if (row.mean_gap or 0) > 0 else "compare_outward",
                   rings=t.number(abs(row.mean_gap or 0.0)), n=len(row.gaps)), row.card.title)
            for row in differ), t("compare_differ")))
    if c.moves:
        by_actor: dict[str, list[Item]] = {}
        for move in c.moves:
            key = t("compare_moved_between", actor=one_line(move.actor),
                    earlier=t.date(move.earlier.date), later=t.date(move.later.date))
            by_actor.setdefault(key, []).append(Item(
                t("compare_moved_in" if move.inward else "compare_moved_out",
                  before=_ring(t, c.rings, move.before), after=_ring(t, c.rings, move.after)),
                move.row.card.title))
        for title, items in by_actor.items():
            blocks.append(Bullets(tuple(items), title))
    elif len({col.date for col in c.columns}) > 1 and _same_actor_twice(c):
        blocks.append(Paragraph(t("compare_nothing_moved")))
    return blocks


def _same_actor_twice(c: MappingComparison) -> bool:
    names = [" ".join(col.actor.split()).casefold() for col in c.columns]
    return len(set(names)) < len(names)


def _overlay(t: Labels, c: MappingComparison) -> Overlay:
    marks = tuple((c.deck.position(row.card.id), cell[0], col.letter)
                  for row in c.rows for col, cell in zip(c.columns, row.cells, strict=True)
                  if cell[0] is not None)
    return Overlay(t("compare_overlay_title"), c.rings,
                   tuple(card.title for card in c.deck.cards), marks,
                   t("compare_overlay_legend", rings=len(c.rings)),
                   t("compare_overlay_text_legend"), tuple(col.letter for col in c.columns))


MOST_NAMED = 8
"""Cards named one by one among those only some sessions hold; the rest are counted."""


def _apart(t: Labels, left_out: tuple[LeftOut, ...],
           only_some: tuple[tuple[str, tuple[str, ...]], ...]) -> Section | None:
    """What is not compared: sessions left out and why, cards only some sessions hold."""
    blocks: list[Block] = []
    if left_out:
        blocks.append(Bullets(tuple(Item(t(f"compare_{lo.why}", **lo.values), one_line(lo.title))
                                    for lo in left_out), t("compare_left_out")))
    if only_some:
        items = [Item(t("compare_only_in", sessions=t.join([one_line(s) for s in have])), title)
                 for title, have in only_some[:MOST_NAMED]]
        if len(only_some) > MOST_NAMED:
            items.append(Item(t("compare_and_more", n=len(only_some) - MOST_NAMED)))
        blocks.append(Bullets(tuple(items), t("compare_only_some")))
    return Section(t("compare_apart"), tuple(blocks)) if blocks else None


# theme days ---------------------------------------------------------------------------------

def _day_sections(t: Labels, c: DayComparison) -> list[Section]:
    letters = [chr(ord("A") + i) if i < 26 else str(i + 1) for i in range(len(c.sessions))]
    legend = Bullets(tuple(Item(f"{one_line(s.meta.title)}, {t.date(s.meta.date)}"
                                + (f" · {one_line(s.meta.municipality)}"
                                   if s.meta.municipality.strip() else ""), letter)
                           for letter, s in zip(letters, c.sessions, strict=True)),
                     t("compare_days_legend"))
    sections = [Section(t("compare_days"), (legend,))]
    if c.themes:
        rows = tuple((row.card.title, *(
            "–" if mean is None else t("compare_mean_cell", mean=t.number(mean), n=n, total=total)
            for mean, n, total in row.cells)) for row in c.themes)
        sections.append(Section(t("themes"), (
            Paragraph(t("compare_themes_intro")),
            Table((t("theme"), *letters), rows, frozenset(range(1, len(letters) + 1))))))
    if c.dilemmas:
        subs = []
        for d in c.dilemmas:
            options = tuple((str(n), *(str(cell[n - 1]) for cell in d.cells))
                            for n in range(1, len(d.options) + 1))
            if any(cell[-1] for cell in d.cells):
                options += ((t("other"), *(str(cell[-1]) for cell in d.cells)),)
            heading = d.card.title if len(d.card.scenarios) == 1 else \
                f"{d.card.title} · {t('scenario', n=d.number)}"
            subs.append(Section(heading, (
                Paragraph(d.dilemma, t("dilemma")),
                Bullets(tuple(Item(o) for o in d.options), numbered=True),
                Table((t("option"), *letters), options,
                      frozenset(range(1, len(letters) + 1))))))
        sections.append(Section(t("compare_dilemmas"), (), tuple(subs)))
    apart = _apart(t, (), c.only_some)
    if apart is not None:
        sections.append(apart)
    return sections


# reading and writing ------------------------------------------------------------------------

GLOB = set("*?[")


def resolve_sessions(store: SessionStore, names: list[str]) -> list[Path]:
    """The session files `names` give: ids (or a part of one), paths, or glob patterns (in the
    sessions folder, or as a path). Each file once, in the order given; SessionError names the
    first that matches nothing."""
    found: dict[Path, None] = {}
    for name in names:
        if GLOB & set(name):
            pattern = name if name.endswith(SUFFIX) else name + SUFFIX
            base = Path(pattern).expanduser()
            hits = sorted(Path(base.anchor or ".").glob(str(base.relative_to(base.anchor)))
                          if base.is_absolute() or "/" in pattern or "\\" in pattern
                          else store.folder.glob(pattern))
            hits = [p for p in hits if not p.name.startswith(".") and RESCUE not in p.name]
            if not hits:
                raise SessionError("store.no_session", name=name, folder=store.folder)
            found.update(dict.fromkeys(p.resolve() for p in hits))
        else:
            found[store.resolve(name).resolve()] = None
    return list(found)


def read_sessions(store: SessionStore, paths: list[Path], decks: dict[str, Deck]
                  ) -> tuple[list[Compared], list[Words]]:
    """The sessions that can be read, and a notice for each that cannot or lost records: a
    damaged, newer or foreign file is named, the rest compared (as `sessions list` does)."""
    sessions: list[Compared] = []
    notices: list[Words] = []
    for path in paths:
        summary = store.summary(path)
        if summary.condition not in (OK, DAMAGED):
            notices.append(Said("compare.file_left_out", file=path.name, problem=summary.problem))
            continue
        try:
            read = store.read(str(path), decks)
        except CardgameError as error:
            notices.append(Said("compare.file_left_out", file=path.name, problem=error))
            continue
        notices += [Said("compare.file_notice", file=path.name, notice=n) for n in read.notices]
        sessions.append(Compared(read.meta, read.state, read.decks))
    return sessions, notices


def compare_paths(store: SessionStore, paths: list[Path], decks: dict[str, Deck],
                  lang: str | None = None) -> tuple[Notes, list[Words]]:
    """The comparison document of the sessions at `paths`, and what could not be read."""
    sessions, notices = read_sessions(store, paths, decks)
    return build_comparison(sessions, lang), notices


def render_comparison(notes: Notes, form: str) -> str:
    if form == "html":
        from cardgame.export.html import render_html

        return render_html(notes)
    from cardgame.export.markdown import render_markdown

    return render_markdown(notes)


def comparison_path(folder: Path, notes: Notes, form: str) -> Path:
    """A new file in `folder` for the comparison: "sammenligning-2026-12-07.md", or "-2" … when
    that name is taken (a comparison never replaces another file)."""
    name = f"{slugify(notes.title, 40)}-{Date.today().isoformat()}{SUFFIXES[form]}"
    path = folder / name
    return free_path(path) if path.exists() else path


def write_comparison(notes: Notes, form: str, folder: Path | None = None,
                     target: Path | None = None, force: bool = False) -> Path:
    """Write the comparison as `form`, to `target` or to a new file in `folder`. A file at
    `target` is replaced only with `force`, and a session file never (`write_export`)."""
    path = target if target is not None else comparison_path(folder or Path("."), notes, form)
    return write_export(render_comparison(notes, form), path, "", force_path=force)
