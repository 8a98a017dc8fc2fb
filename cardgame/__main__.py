"""The `cardgame` command: open the app, or work with decks, sessions and exports."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from cardgame import __version__
from cardgame.domain.errors import CardgameError

THEME_DAY_KINDS = ("welfare-theme", "dialogue-format", "politician-role")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cardgame",
        description="Dialogue cards for council theme days on citizen dialogue in welfare areas.",
    )
    parser.add_argument("--version", action="version", version=f"cardgame {__version__}")
    parser.add_argument("--workspace", metavar="DIR",
                        help="folder with decks/, sessions/ and exports/ (default: "
                             "$CARDGAME_HOME or the current folder)")
    parser.add_argument("--decks-dir", metavar="DIR", action="append", default=[],
                        help="read decks from this folder too (may be repeated)")
    parser.add_argument("--lang", choices=("da", "en"),
                        help="interface language, remembered for next time")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    decks = commands.add_parser("decks", help="list or validate decks")
    deck_commands = decks.add_subparsers(dest="deck_command", metavar="ACTION", required=True)
    listing = deck_commands.add_parser("list", help="a table of the available decks")
    listing.add_argument("--dir", metavar="DIR", action="append", default=[],
                         help="list only the decks in this folder")
    validate = deck_commands.add_parser("validate", help="check deck files; exit 1 on problems")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders")

    sessions = commands.add_parser("sessions", help="list sessions")
    session_commands = sessions.add_subparsers(dest="session_command", metavar="ACTION",
                                               required=True)
    session_commands.add_parser("list", help="the sessions, newest change first")

    new = commands.add_parser("new", help="create a theme-day session and print its path")
    new.add_argument("title")
    new.add_argument("--groups", default="Gruppe 1,Gruppe 2,Gruppe 3",
                     help='comma-separated group names (default: "Gruppe 1,Gruppe 2,Gruppe 3")')
    new.add_argument("--decks", default="",
                     help="comma-separated deck ids (default: every welfare-theme, "
                          "dialogue-format and politician-role deck)")
    new.add_argument("--municipality", default="")
    new.add_argument("--facilitator", default="")
    new.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")

    opener = commands.add_parser("open", help="open a session in the app")
    opener.add_argument("session", help="session id or path")

    exporter = commands.add_parser("export", help="write a session's notes as Markdown")
    exporter.add_argument("session", nargs="?", help="session id or path")
    exporter.add_argument("-o", "--output", metavar="FILE",
                          help="write here instead of exports/<date>-<session id>.md")
    exporter.add_argument("--all", action="store_true",
                          help="export every session that changed since its last export")

    server = commands.add_parser("serve", help="serve the app to a web browser")
    server.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this computer only)")
    server.add_argument("--port", type=int, default=8000, help="port (default: 8000)")

    mapper = commands.add_parser("map", help="map where influence sits, on your own")
    mapper.add_argument("--actor", default="", help="whose influence (default: "
                        "Kommunaldirektøren, or the deck's first actor)")
    mapper.add_argument("--deck", default=None, help="influence-element deck id")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except CardgameError as error:
        print(f"cardgame: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    from cardgame.i18n import set_language
    from cardgame.storage.settings import load_settings
    from cardgame.storage.workspace import Workspace, default_config_file

    set_language(args.lang or load_settings(default_config_file()).lang)

    workspace = Workspace.resolve(args.workspace, [Path(d) for d in args.decks_dir])
    if args.command == "decks":
        return _decks(args, workspace)
    if args.command == "sessions":
        return _sessions_list(workspace)
    if args.command == "new":
        return _new(args, workspace)
    if args.command == "export":
        return _export(args, workspace)
    if args.command == "serve":
        from cardgame.serve import run_server

        return run_server(workspace.root, args.host, args.port, args.lang,
                          list(workspace.extra_deck_dirs))
    return _app(args, workspace)


def _export(args: argparse.Namespace, workspace) -> int:
    from cardgame.export.markdown import render_session
    from cardgame.export.writer import export_path, needs_export, write_export
    from cardgame.storage.store import SessionStore
    from cardgame.storage.workspace import DeckLibrary

    if bool(args.session) == bool(args.all):
        raise CardgameError("Name one SESSION to export, or use --all.")
    if args.all and args.output:
        raise CardgameError("-o/--output names one file; it cannot be used with --all.")
    store = SessionStore(workspace.sessions)
    decks = DeckLibrary.load(workspace.deck_sources()).decks
    if args.session:
        meta, events, state = store.read(args.session)
        target = Path(args.output) if args.output else export_path(workspace.exports, meta)
        text = render_session(meta, state, decks, events=events)
        print(write_export(text, target, meta.id))
        return 0
    failures = 0
    written = 0
    for summary in store.list():
        if summary.problem:
            continue
        try:
            meta, events, state = store.read(summary.id)
            target = export_path(workspace.exports, meta)
            if not needs_export(summary.path, target):
                continue
            print(write_export(render_session(meta, state, decks, events=events), target,
                               meta.id))
            written += 1
        except CardgameError as error:
            print(f"cardgame: {summary.id}: {error}", file=sys.stderr)
            failures += 1
    if not written and not failures:
        print("Every export is up to date.")
    return 1 if failures else 0


def _decks(args: argparse.Namespace, workspace) -> int:
    from cardgame.storage.deckfile import validate_paths
    from cardgame.storage.workspace import DeckLibrary

    if args.deck_command == "validate":
        decks, problems = validate_paths([Path(p) for p in args.paths])
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s) found; {len(decks)} deck(s) valid.",
                  file=sys.stderr)
            return 1
        if not decks:
            print("No deck files (*.toml) found.", file=sys.stderr)
            return 1
        cards = sum(len(d.cards) for d in decks)
        print(f"{len(decks)} deck(s) valid, {cards} cards.")
        return 0
    sources = [Path(d) for d in args.dir] if args.dir else workspace.deck_sources()
    library = DeckLibrary.load(sources)
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "kind", "language", "cards", "version", "file", box=None)
    for deck in library.decks.values():
        table.add_row(deck.id, deck.kind, deck.info.language, str(len(deck.cards)),
                      deck.info.version, deck.source)
    console = Console()
    console.print(table)
    for problem in library.problems:
        print(problem, file=sys.stderr)
    return 1 if library.problems else 0


def _sessions_list(workspace) -> int:
    from rich.console import Console
    from rich.table import Table

    from cardgame.storage.store import SessionStore

    summaries = SessionStore(workspace.sessions).list()
    if not summaries:
        print(f"No sessions in {workspace.sessions}.")
        return 0
    table = Table("id", "title", "date", "groups", "recorded", "changed", box=None)
    for s in summaries:
        changed = datetime.fromtimestamp(s.modified).strftime("%Y-%m-%d %H:%M")
        title = s.title if not s.problem else f"{s.title} (cannot be read: {s.problem})"
        table.add_row(s.id, title, s.date, str(len(s.groups)), str(s.recorded), changed)
    Console().print(table)
    return 0


def _new(args: argparse.Namespace, workspace) -> int:
    from cardgame.domain.session import groups_from_names, new_meta
    from cardgame.storage.store import SessionStore
    from cardgame.storage.workspace import DeckLibrary

    library = DeckLibrary.load(workspace.deck_sources())
    if args.decks:
        wanted = [d.strip() for d in args.decks.split(",") if d.strip()]
        missing = [d for d in wanted if library.get(d) is None]
        if missing:
            known = ", ".join(sorted(library.decks)) or "none"
            raise CardgameError(f"No deck with id {', '.join(missing)}; known decks: {known}")
        decks = [library.decks[d] for d in wanted]
    else:
        decks = sorted((d for d in library.decks.values() if d.kind in THEME_DAY_KINDS),
                       key=lambda d: (THEME_DAY_KINDS.index(d.kind), d.info.title))
    try:
        day = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise CardgameError(f"--date: expected YYYY-MM-DD, got '{args.date}'") from None
    store = SessionStore(workspace.sessions)
    try:
        meta = new_meta(args.title, day, datetime.now(timezone.utc),
                        groups_from_names(args.groups.split(",")), decks, store.ids(),
                        municipality=args.municipality, facilitator=args.facilitator)
    except ValueError as exc:
        raise CardgameError(str(exc)) from None
    session = store.create(meta)
    session.close()
    print(session.path)
    return 0


def _app(args: argparse.Namespace, workspace) -> int:
    from cardgame.app import create_app

    map_actor = args.actor if args.command == "map" else None
    if args.command == "map":
        from cardgame.storage.workspace import DeckLibrary

        decks = DeckLibrary.load(workspace.deck_sources()).of_kind("influence-element")
        if args.deck and args.deck not in {d.id for d in decks}:
            known = ", ".join(d.id for d in decks) or "none"
            raise CardgameError(f"No influence-element deck '{args.deck}'; known: {known}")
        if not decks:
            raise CardgameError("No influence-element deck found.")
    app = create_app(workspace, lang=args.lang, open_session=getattr(args, "session", None),
                     map_actor=map_actor, map_deck=getattr(args, "deck", None)
                     if args.command == "map" else None)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
