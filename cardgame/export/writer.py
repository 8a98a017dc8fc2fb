"""Where an export goes, writing it safely, and whether a session needs a new one.

An export replaces only that session's own earlier export: the marker comment on its last line
says whose it is. Any other file in the way is left untouched and the user is told, unless they
asked for that path to be overwritten (`force_path`). Writing is atomic, so a crash leaves the
old export or the new one, never half of one.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from cardgame.domain.errors import CardgameError, SessionCorrupt, os_problem
from cardgame.domain.session import SessionMeta
from cardgame.export.marker import meta_digest, read_marker, safe_id
from cardgame.storage.atomic import atomic_write
from cardgame.storage.sessionfile import HEADER_PREFIX, parse_session

SUFFIXES = {"markdown": ".md", "html": ".html"}
"""The notes as Markdown (for mail) or as a page to print (HTML)."""


class ExportError(CardgameError):
    """An export that could not be written; `in_the_way` when a file that is not this
    session's export holds the path (the user may export elsewhere or replace it)."""

    def __init__(self, key: str, /, in_the_way: bool = False, **values: object) -> None:
        self.in_the_way = in_the_way
        self.path = values.get("path")
        super().__init__(key, **values)
_MARKER_BYTES = 512
"""How much of a file is read to find its marker line."""


def export_path(workspace_exports: Path, meta: SessionMeta, form: str = "markdown") -> Path:
    """`exports/<date>-<session id>.md` (or `.html`), or `<session id>.md` when the id starts
    with the date."""
    name = safe_id(meta.id)
    day = meta.date.isoformat()
    stem = name if name.startswith(day) else f"{day}-{name}"
    return workspace_exports / f"{stem}{SUFFIXES[form]}"


def target_for(workspace_exports: Path, meta: SessionMeta, lang: str,
               form: str = "markdown") -> Path:
    """The export's path: the usual one in the session's language, `-en.md` and so on else."""
    path = export_path(workspace_exports, meta, form)
    if lang == meta.language:
        return path
    return path.with_name(f"{path.stem}-{lang}{path.suffix}")


def _ends(path: Path) -> tuple[bytes, bytes]:
    """The first and the last bytes of a file: where an export's marker is."""
    with open(path, "rb") as handle:
        head = handle.read(_MARKER_BYTES)
        size = handle.seek(0, 2)
        handle.seek(max(0, size - _MARKER_BYTES))
        return head, handle.read()


def write_export(text: str, path: Path, session_id: str, force_path: bool = False) -> Path:
    """Write an export atomically to path and return the path.

    An existing file is replaced only when it is this session's own export (its marker names
    the session), or when `force_path` is true because the user explicitly asked to overwrite
    that file. A session file, or a copy of one (its backup, a rescue copy), is never replaced,
    forced or not (R5). Otherwise ExportError names the file, which is left as it was.
    """
    if path.is_dir():
        raise ExportError("export.is_folder", path=path)
    if path.exists():
        try:
            head, tail = _ends(path)
        except OSError as exc:
            raise ExportError("export.cannot_read", path=path, error=os_problem(exc)) from None
        if head.startswith(HEADER_PREFIX.encode("utf-8")):  # a session, a backup, a rescue
            raise ExportError("export.is_session", path=path)
    if path.exists() and not force_path:
        marker = read_marker(head, tail)
        if marker is None:
            raise ExportError("export.foreign_file", path=path, in_the_way=True)
        if marker.session != safe_id(session_id):
            raise ExportError("export.other_session", path=path, session=marker.session,
                              in_the_way=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"), keep_backup=False)
    except OSError as exc:
        raise ExportError("export.cannot_write", path=path, error=os_problem(exc)) from None
    return path


def free_path(path: Path) -> Path:
    """The first of `name-2.md`, `name-3.md` … that does not exist, for an export that must
    not replace the file in its way."""
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def needs_export(session_path: Path, export_path: Path) -> bool:
    """Whether the session changed since its export at export_path (for `export --all`).

    Compared by the marker: the session's last event number and a digest of its metadata. An
    export without those falls back to the files' modification times. A missing export, a
    file that is not this session's export, or a session that cannot be read all say "yes":
    the export that follows then writes the file or reports the problem.
    """
    try:
        marker = read_marker(*_ends(export_path))
        parsed = parse_session(session_path.read_bytes(), session_path.name)
        meta = SessionMeta.model_validate(parsed.header)
    except (OSError, SessionCorrupt, ValidationError):
        return True
    if marker is None or marker.session != safe_id(meta.id):
        return True
    if marker.seq is None or marker.meta is None:
        try:
            return session_path.stat().st_mtime > export_path.stat().st_mtime
        except OSError:
            return True
    last_seq = parsed.events[-1].seq if parsed.events else 0
    return last_seq != marker.seq or meta_digest(meta) != marker.meta
