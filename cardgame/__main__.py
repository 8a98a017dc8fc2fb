"""The `cardgame` command: open the app, or work with decks, sessions and exports.

Every message is in the interface language (`--lang`, else the remembered one); a mistake the
user can make gets a sentence and exit code 1 or 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from cardgame import __version__
from cardgame.domain.errors import CardgameError
from cardgame.i18n import LANGUAGES, language, speak, t

if TYPE_CHECKING:
    from cardgame.storage.workspace import Workspace

_ARGPARSE = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "show program's version number and exit": "cli.argparse.version",
    "the following arguments are required: %s": "cli.argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.choice",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "expected one argument": "cli.argparse.one_argument",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
}


def _argparse_text(message: str) -> str:
    """argparse's own words (usage, errors) from our catalogue."""
    key = _ARGPARSE.get(message)
    return t(key) if key else message


class Parser(argparse.ArgumentParser):
    """argparse that speaks the interface language and exits 2 with one clear line."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error", message=message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _argparse_text  # type: ignore[attr-defined]  # the one seam to argparse's words
    parser = Parser(prog="cardgame", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"cardgame {__version__}",
                        help=t("cli.argparse.version"))
    parser.add_argument("--workspace", metavar="DIR", help=t("cli.workspace"))
    parser.add_argument("--decks-dir", metavar="DIR", action="append", default=[],
                        help=t("cli.decks_dir"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.lang"))
    commands = parser.add_subparsers(dest="command", metavar=t("cli.command_metavar"),
                                     parser_class=Parser)

    decks = commands.add_parser("decks", help=t("cli.decks"))
    deck_commands = decks.add_subparsers(dest="deck_command", metavar=t("cli.action_metavar"),
                                         required=True, parser_class=Parser)
    listing = deck_commands.add_parser("list", help=t("cli.decks_list"))
    listing.add_argument("--dir", metavar="DIR", action="append", default=[],
                         help=t("cli.decks_list_dir"))
    validate = deck_commands.add_parser("validate", help=t("cli.decks_validate"))
    validate.add_argument("paths", nargs="+", metavar="PATH", help=t("cli.decks_paths"))

    sessions = commands.add_parser("sessions", help=t("cli.sessions"))
    session_commands = sessions.add_subparsers(dest="session_command",
                                               metavar=t("cli.action_metavar"), required=True,
                                               parser_class=Parser)
    session_commands.add_parser("list", help=t("cli.sessions_list"))

    new = commands.add_parser("new", help=t("cli.new"))
    new.add_argument("title", help=t("cli.new_title"))
    new.add_argument("--groups", default="", help=t("cli.new_groups"))
    new.add_argument("--decks", default="", help=t("cli.new_decks"))
    new.add_argument("--municipality", default="", help=t("cli.new_municipality"))
    new.add_argument("--facilitator", default="", help=t("cli.new_facilitator"))
    new.add_argument("--date", default="", help=t("cli.new_date"))
    new.add_argument("--programme", metavar="FILE", default=None, help=t("cli.new_programme"))

    programmes = commands.add_parser("programmes", help=t("cli.programmes"))
    programme_commands = programmes.add_subparsers(dest="programme_command",
                                                   metavar=t("cli.action_metavar"),
                                                   required=True, parser_class=Parser)
    programme_commands.add_parser("list", help=t("cli.programmes_list"))
    check = programme_commands.add_parser("validate", help=t("cli.programmes_validate"))
    check.add_argument("paths", nargs="+", metavar="FILE", help=t("cli.programmes_paths"))

    opener = commands.add_parser("open", help=t("cli.open"))
    opener.add_argument("session", help=t("cli.session_arg"))

    exporter = commands.add_parser("export", help=t("cli.export"))
    exporter.add_argument("session", nargs="?", help=t("cli.session_arg"))
    exporter.add_argument("-o", "--output", metavar="FILE", help=t("cli.export_output"))
    exporter.add_argument("--force", action="store_true", help=t("cli.export_force"))
    exporter.add_argument("--all", action="store_true", help=t("cli.export_all"))
    exporter.add_argument("--language", choices=LANGUAGES, help=t("cli.export_language"))
    exporter.add_argument("--format", choices=("markdown", "html"), default="markdown",
                          help=t("cli.export_format"))
    exporter.add_argument("--cards", action="store_true", help=t("cli.export_cards"))

    comparer = commands.add_parser("compare", help=t("cli.compare"))
    comparer.add_argument("sessions", nargs="+", metavar="SESSION",
                          help=t("cli.compare_sessions"))
    comparer.add_argument("-o", "--output", metavar="FILE", help=t("cli.compare_output"))
    comparer.add_argument("--format", choices=("markdown", "html"), default="markdown",
                          help=t("cli.export_format"))
    comparer.add_argument("--language", choices=LANGUAGES, help=t("cli.export_language"))
    comparer.add_argument("--force", action="store_true", help=t("cli.compare_force"))

    data = commands.add_parser("data", help=t("cli.data"))
    data.add_argument("sessions", nargs="+", metavar="SESSION", help=t("cli.compare_sessions"))
    data.add_argument("--out", metavar="DIR", required=True, help=t("cli.data_out"))

    audience = commands.add_parser("audience", help=t("cli.audience"))
    audience.add_argument("session", nargs="?", help=t("cli.audience_session"))

    server = commands.add_parser("serve", help=t("cli.serve"))
    server.add_argument("--host", default="127.0.0.1", help=t("cli.serve_host"))
    server.add_argument("--port", type=int, default=8000, help=t("cli.serve_port"))
    server.add_argument("--remote-facilitator", action="store_true",
                        help=t("cli.serve_remote_facilitator"))

    mapper = commands.add_parser("map", help=t("cli.map"))
    mapper.add_argument("--actor", default="", help=t("cli.map_actor"))
    mapper.add_argument("--deck", default=None, help=t("cli.map_deck"))
    return parser


def _early_language(argv: list[str]) -> None:
    """The interface language before the parser is built, so that its help is translated."""
    from cardgame.storage.settings import load_settings
    from cardgame.storage.workspace import default_config_file

    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    speak(lang if lang in LANGUAGES else load_settings(default_config_file()).lang)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _early_language(argv)
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except CardgameError as error:
        print(t("cli.error", message=error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    from cardgame.storage.workspace import Workspace

    workspace = Workspace.resolve(args.workspace, [Path(d) for d in args.decks_dir])
    workspace.check()
    if args.command == "decks":
        return _decks(args, workspace)
    if args.command == "sessions":
        return _sessions_list(workspace)
    if args.command == "new":
        return _new(args, workspace)
    if args.command == "programmes":
        return _programmes(args, workspace)
    if args.command == "export":
        return _export(args, workspace)
    if args.command == "compare":
        return _compare(args, workspace)
    if args.command == "data":
        return _data(args, workspace)
    if args.command == "audience":
        return _audience(args, workspace)
    if args.command == "serve":
        from cardgame.serve import run_server

        return run_server(workspace.root, args.host, args.port, args.lang,
                          list(workspace.extra_deck_dirs), args.remote_facilitator)
    return _app(args, workspace)


def _warn(message: object) -> None:
    print(t("cli.warning", message=message), file=sys.stderr)


def _export(args: argparse.Namespace, workspace: Workspace) -> int:
    from cardgame.export.render import render_notes
    from cardgame.export.writer import ExportError, needs_export, target_for, write_export
    from cardgame.storage.store import DAMAGED, NEWER, OK, SessionStore
    from cardgame.storage.workspace import DeckLibrary

    if bool(args.session) == bool(args.all):
        raise CardgameError("cli.export_one_or_all")
    if args.all and args.output:
        raise CardgameError("cli.export_output_all")
    store = SessionStore(workspace.sessions)
    decks = DeckLibrary.load(workspace.deck_sources()).decks
    if args.session:
        read = store.read(args.session, decks)
        for notice in read.notices:
            _warn(notice)
        lang = args.language or read.meta.language
        target = Path(args.output) if args.output else \
            target_for(workspace.exports, read.meta, lang, args.format)
        text = render_notes(read.meta, read.state, read.decks, lang, form=args.format,
                            events=read.events, cards=args.cards)
        try:
            print(write_export(text, target, read.meta.id, force_path=args.force))
        except ExportError as error:
            if error.in_the_way:
                raise CardgameError("cli.export_refused", reason=str(error),
                                    hint=t("cli.export_force_hint")) from None
            raise
        return 0
    failures = written = 0
    for summary in store.summaries():
        if summary.condition not in (OK, DAMAGED):
            _warn(f"{summary.id}: {summary.problem}")
            failures += summary.condition == NEWER
            continue
        try:
            read = store.read(summary.id, decks)
            lang = args.language or read.meta.language
            target = target_for(workspace.exports, read.meta, lang, args.format)
            if not needs_export(summary.path, target):
                continue
            for notice in read.notices:
                _warn(f"{summary.id}: {notice}")
            print(write_export(render_notes(read.meta, read.state, read.decks, lang,
                                            form=args.format, events=read.events,
                                            cards=args.cards),
                               target, read.meta.id))
            written += 1
        except CardgameError as error:
            print(t("cli.error", message=f"{summary.id}: {error}"), file=sys.stderr)
            failures += 1
    if not written and not failures:
        print(t("cli.exports_up_to_date"))
    return 1 if failures else 0


def _compare(args: argparse.Namespace, workspace: Workspace) -> int:
    from cardgame.export.compare import compare_paths, resolve_sessions, write_comparison
    from cardgame.export.writer import ExportError
    from cardgame.storage.store import SessionStore
    from cardgame.storage.workspace import DeckLibrary

    store = SessionStore(workspace.sessions)
    decks = DeckLibrary.load(workspace.deck_sources()).decks
    document, notices = compare_paths(store, resolve_sessions(store, args.sessions), decks,
                                      args.language)
    for notice in notices:
        _warn(notice)
    try:
        print(write_comparison(document, args.format, workspace.exports,
                               Path(args.output) if args.output else None, force=args.force))
    except ExportError as error:
        if error.in_the_way:
            raise CardgameError("cli.export_refused", reason=str(error),
                                hint=t("cli.export_force_hint")) from None
        raise
    return 0


def _data(args: argparse.Namespace, workspace: Workspace) -> int:
    from cardgame.export.compare import resolve_sessions
    from cardgame.export.data import duckdb_parquet, write_data
    from cardgame.storage.store import SessionStore
    from cardgame.storage.workspace import DeckLibrary

    store = SessionStore(workspace.sessions)
    paths = resolve_sessions(store, args.sessions)
    out = Path(args.out)
    report = write_data(store, paths, out, DeckLibrary.load(workspace.deck_sources()).decks,
                        duckdb_parquet())
    for problem in report.problems:
        _warn(problem)
    print(t("cli.data_written", n=report.sessions, folder=out))
    return 0


def _decks(args: argparse.Namespace, workspace: Workspace) -> int:
    from cardgame.storage.deckfile import validate_paths
    from cardgame.storage.workspace import DeckLibrary

    if args.deck_command == "validate":
        decks, problems = validate_paths([Path(p) for p in args.paths])
        for problem in problems:
            print(problem)
        if problems:
            print(t("cli.validate_problems", n=len(problems), valid=len(decks)),
                  file=sys.stderr)
            return 1
        if not decks:
            print(t("cli.validate_none"), file=sys.stderr)
            return 1
        cards = sum(len(d.cards) for d in decks)
        print(t("cli.validate_ok", n=len(decks), cards=cards))
        return 0
    sources = [Path(d) for d in args.dir] if args.dir else workspace.deck_sources()
    library = DeckLibrary.load(sources)
    from rich.console import Console
    from rich.table import Table

    table = Table(t("cli.col_id"), t("cli.col_kind"), t("cli.col_language"),
                  t("cli.col_cards"), t("cli.col_version"), t("cli.col_file"), box=None)
    table.columns[0].no_wrap = True
    for deck in library.decks.values():
        table.add_row(deck.id, t("kind." + deck.kind), deck.info.language, str(len(deck.cards)),
                      deck.info.version, deck.source)
    Console().print(table)
    for problem in library.problems:
        print(problem, file=sys.stderr)
    return 1 if library.problems else 0


def _sessions_list(workspace: Workspace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from cardgame.storage.store import OK, SessionStore

    summaries = SessionStore(workspace.sessions).summaries()
    if not summaries:
        print(t("cli.no_sessions", folder=workspace.sessions))
        return 0
    console = Console()
    rows = []
    for s in summaries:
        changed = datetime.fromtimestamp(s.modified).strftime("%Y-%m-%d %H:%M")
        title = s.title if s.condition == OK else f"{s.title} ({s.problem})"
        rows.append((s.id, title, s.date, str(len(s.groups)), str(s.recorded), changed))
    widest_id = max(len(row[0]) for row in rows)
    if console.width - widest_id < 60:  # R15: too narrow for a title beside the id
        for id_, title, *facts in rows:
            labels = ("cli.col_date", "cli.col_groups", "cli.col_recorded", "cli.col_changed")
            console.print(id_, markup=False, highlight=False, soft_wrap=True)
            console.print(f"    {title}", markup=False, highlight=False)
            console.print("    " + " · ".join(f"{t(label)} {fact}"
                                             for label, fact in zip(labels, facts, strict=True)),
                          markup=False, highlight=False)
        return 0
    table = Table(t("cli.col_id"), t("cli.col_title"), t("cli.col_date"), t("cli.col_groups"),
                  t("cli.col_recorded"), t("cli.col_changed"), box=None)
    table.columns[0].no_wrap = True  # the id is what `cardgame open` takes: never cut it
    table.columns[1].overflow = "fold"
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
    return 0


def _new(args: argparse.Namespace, workspace: Workspace) -> int:
    from cardgame.storage.starting import SessionPlan, start_session
    from cardgame.storage.workspace import DeckLibrary

    library = DeckLibrary.load(workspace.deck_sources())
    for problem in library.problems:
        _warn(problem)
    wanted = [d.strip() for d in args.decks.split(",") if d.strip()] if args.decks else None
    programme = None
    if args.programme:
        from cardgame.storage.programmefile import load_programme, locate_programme

        programme = load_programme(locate_programme(args.programme, workspace.programmes),
                                   dict(library.decks))
    plan = SessionPlan(title=args.title, day=args.date or date.today().isoformat(),
                       language=language(),
                       names=args.groups.split(",") if args.groups else None,
                       deck_ids=wanted, municipality=args.municipality,
                       facilitator=args.facilitator, programme=programme)
    session = start_session(workspace, library, plan, option_names=_OPTION_NAMES)
    session.close()
    if session.meta.programme is not None:
        from cardgame.domain.programme import short_hand_rounds

        for warning in short_hand_rounds(session.meta.programme, len(session.meta.groups)):
            _warn(warning)
    print(session.path)  # the one line a script reads
    if sys.stdout.isatty():  # N22: a person is told it is made, not opened
        print(t("cli.new_open_with", id=session.meta.id), file=sys.stderr)
    return 0


_OPTION_NAMES = {"title": "TITLE", "date": "--date", "names": "--groups", "decks": "--decks",
                 "municipality": "--municipality", "facilitator": "--facilitator",
                 "programme": "--programme"}
"""The CLI's names of the fields a FieldError names, so that its message points at the flag."""


def _programmes(args: argparse.Namespace, workspace: Workspace) -> int:
    """`programmes list` and `programmes validate FILE…`: checked against the decks."""
    from cardgame.domain.errors import DeckError
    from cardgame.storage.programmefile import find_programmes, load_programme
    from cardgame.storage.workspace import DeckLibrary

    library = DeckLibrary.load(workspace.deck_sources())
    decks = dict(library.decks)
    if args.programme_command == "list":
        for found in find_programmes(workspace.programmes, decks):
            kind = t("cli.programme_example") if found.example else ""
            state = found.problem or t("cli.programme_rounds", n=found.rounds)
            print(f"{found.path}  {found.title}  {state} {kind}".rstrip())
        return 0
    problems = 0
    for name in args.paths:
        try:
            programme = load_programme(Path(name), decks)
        except DeckError as error:
            print(error)
            problems += len(error.problems)
            continue
        print(t("cli.programme_ok", path=name, title=programme.info.title,
                n=len(programme.rounds)))
    return 1 if problems else 0


def _app(args: argparse.Namespace, workspace: Workspace) -> int:
    if not _has_terminal():
        raise CardgameError("cli.no_terminal")
    map_actor = args.actor if args.command == "map" else None
    if args.command == "map":
        from cardgame.storage.workspace import DeckLibrary

        decks = DeckLibrary.load(workspace.deck_sources()).of_kind("influence-element")
        if not decks:
            raise CardgameError("error.no_influence_deck")
        if args.deck and args.deck not in {d.id for d in decks}:
            raise CardgameError("cli.no_influence_deck_id", deck=args.deck,
                                known=", ".join(d.id for d in decks))
    from cardgame.app import create_app

    app = create_app(workspace, lang=args.lang, open_session=getattr(args, "session", None),
                     map_actor=map_actor, map_deck=getattr(args, "deck", None)
                     if args.command == "map" else None)
    app.run()
    return app.return_code or 0


def _audience(args: argparse.Namespace, workspace: Workspace) -> int:
    """The wall: follow a session (or whichever is open) in this terminal, read-only."""
    from cardgame.audience_app import AudienceApp
    from cardgame.storage.settings import load_settings
    from cardgame.storage.store import SessionStore
    from cardgame.storage.workspace import DeckLibrary, default_config_file

    if not _has_terminal():
        raise CardgameError("cli.no_terminal")
    path = SessionStore(workspace.sessions).resolve(args.session) if args.session else None
    decks = DeckLibrary.load(workspace.deck_sources()).decks
    theme = load_settings(default_config_file()).theme
    AudienceApp(workspace.sessions, path, decks, theme).run()
    return 0


def _has_terminal() -> bool:
    """Whether the app can draw and read keys: a terminal, or textual-serve's web driver."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


if __name__ == "__main__":
    sys.exit(main())
