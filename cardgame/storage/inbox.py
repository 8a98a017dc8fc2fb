"""The inbox beside a session: the answers tables sent from their phones, waiting to be recorded.

`sessions/<id>.inbox` is written by `cardgame serve` only, and only ever appended to: one line
per submission, its JSON and a CRC-32 of it, fsynced before the phone is told it arrived. The
facilitator's app reads it (never writes it) and records each submission in the session, the
one file it writes. A line that does not check out (cut short by a crash or a full disk,
damaged by a sync tool) is left out, as a damaged event of the session is; a write that fails
is cut away again, so the next line starts clean.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from cardgame.domain.phones import ID_MAX, Submission

SUFFIX = ".inbox"


def inbox_path(session_path: Path) -> Path:
    """The inbox of the session file at `session_path`."""
    return session_path.with_suffix(SUFFIX)


def encode(sub: Submission) -> bytes:
    """One submission as a self-checking line."""
    record = {"id": sub.id, "group": sub.group, "deck": sub.deck, "card": sub.card,
              "scenario": sub.scenario, "fields": sub.fields,
              "at": (sub.at or datetime.now(timezone.utc)).isoformat(timespec="seconds")}
    body = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"{body}\t{zlib.crc32(body.encode('utf-8')):08x}\n".encode("utf-8")


def decode(line: bytes) -> Submission | None:
    """A line read back; None when it does not check out."""
    body, tab, crc = line.rstrip(b"\n").rpartition(b"\t")
    if not tab or len(crc) != 8:
        return None
    try:
        if zlib.crc32(body) != int(crc, 16):
            return None
        raw = json.loads(body)
        fields = raw["fields"]
        if not isinstance(fields, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
            return None
        texts = [raw[name] for name in ("id", "group", "deck", "card", "scenario")]
        if not all(isinstance(text, str) for text in texts) or len(texts[0]) > ID_MAX:
            return None
        sub_id, group, deck, card, scenario = texts
        return Submission(sub_id, group, deck, card, scenario, fields,
                          datetime.fromisoformat(raw["at"]))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass
class Inbox:
    """A session's inbox, read as it grows (`poll`) and appended to (`append`)."""

    path: Path
    submissions: list[Submission] = field(default_factory=list)
    """Every submission that checks out, in the order they came."""
    ids: set[str] = field(default_factory=set)
    _offset: int = 0
    _file: tuple[int, int] | None = None

    def poll(self) -> bool:
        """Read what was appended since; True when there is something new. A file replaced
        or cut shorter is read again from the start. OSError when it cannot be read."""
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            if self._file is None:
                return False
            self._restart(None)
            return True
        now = (found.st_dev, found.st_ino)
        restarted = now != self._file or found.st_size < self._offset
        if restarted:
            self._restart(now)
        if found.st_size == self._offset:
            return restarted
        with open(self.path, "rb") as handle:
            handle.seek(self._offset)
            data = handle.read(found.st_size - self._offset)
        end = data.rfind(b"\n") + 1  # a line still being written waits for the next poll
        before = len(self.submissions)
        for line in data[:end].splitlines(keepends=True):
            sub = decode(line)
            if sub is not None and sub.id not in self.ids:
                self.submissions.append(sub)
                self.ids.add(sub.id)
        self._offset += end
        return restarted or len(self.submissions) > before

    def _restart(self, file: tuple[int, int] | None) -> None:
        self.submissions, self.ids, self._offset, self._file = [], set(), 0, file

    def append(self, sub: Submission) -> bool:
        """Add a submission, fsynced; False when it is already in (sent again). OSError
        leaves the file as it was, and is raised too when the line cannot be read back (the
        phone is told it arrived only when it did)."""
        self.poll()
        if sub.id in self.ids:
            return False
        data = encode(sub)
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        fd = os.open(self.path, flags, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and os.lseek(fd, size - 1, os.SEEK_SET) >= 0 and os.read(fd, 1) != b"\n":
                data = b"\n" + data  # a line cut short by a crash stays a line of its own
            try:
                if os.write(fd, data) != len(data):
                    raise OSError(28, "short write")
                os.fsync(fd)
            except OSError:
                _cut_back(fd, size)
                raise
        finally:
            os.close(fd)
        self.poll()
        if sub.id not in self.ids:
            raise OSError(5, "the answer could not be read back from the inbox")
        return True


def _cut_back(fd: int, size: int) -> None:
    """Remove a line cut short, so that the next one starts on a line of its own."""
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    except OSError:
        pass
