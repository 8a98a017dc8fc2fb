"""Where the event blocks of a session file are, and whether their checksums hold.

A block runs from its `[[events]]` line to its `crc = "…"` line, a CRC-32 of the bytes above
it in the block. Finding the blocks needs no TOML parsing: it is cheap enough for listing every
session, and it is how a torn last block (a crash mid-append) is told from a damaged one in the
middle.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

BLOCK_START = re.compile(rb"^\[\[events\]\]\n", re.MULTILINE)
CRC_LINE = re.compile(rb'^crc = "([0-9a-f]{8})"\n', re.MULTILINE)
CRC_LINE_BYTES = len(b'crc = "00000000"\n')
"""A checksum line's length: it is always the last line of its block."""


@dataclass
class Scan:
    """Where the event blocks are and whether their checksums hold (no TOML parsing)."""

    good: list[tuple[int, int, int]] = field(default_factory=list)
    """(record number, start, end of its crc line) of each intact block."""
    damaged: list[tuple[int, int, int]] = field(default_factory=list)
    """(record number, start, end) of each damaged block in the middle (0: stray text)."""
    torn: bool = False
    total: int = 0
    sets: int = 0
    """Intact `set` events net of undo and redo: how many things were recorded."""


_TYPE_LINE = re.compile(rb'^type = "(set|undo|redo)"$', re.MULTILINE)


def scan_blocks(data: bytes, header_end: int) -> Scan:
    """Check every block's checksum on its own: the damaged ones and a torn last one are
    found and named. Cheap enough for listing every session (no TOML parsing)."""
    scan = Scan()
    starts = [m.start() for m in BLOCK_START.finditer(data, header_end)]
    scan.total = len(starts)
    gap = data[header_end: starts[0] if starts else len(data)]
    if gap.strip():
        if not starts:
            scan.torn = True
        else:
            scan.damaged.append((0, header_end, starts[0]))
    counts = {b"set": 0, b"undo": 0, b"redo": 0}
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        block = data[start:end]
        crc = CRC_LINE.search(block)
        last = i + 1 == len(starts)
        ok = crc is not None and zlib.crc32(block[: crc.start()]) == int(crc.group(1), 16)
        if ok and crc is not None and block[crc.end():].strip() and not last:
            ok = False
        if not ok or crc is None:
            if last:
                scan.torn = True
                break
            scan.damaged.append((i + 1, start, end))
            continue
        scan.good.append((i + 1, start, start + crc.end()))
        kind = _TYPE_LINE.search(block)
        if kind:
            counts[kind.group(1)] += 1
        if last and block[crc.end():].strip():
            scan.torn = True
    scan.sets = max(0, counts[b"set"] - counts[b"undo"] + counts[b"redo"])
    return scan
