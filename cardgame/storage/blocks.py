"""Where the event blocks of a session file are, and whether their checksums hold.

A block runs from its `[[events]]` line to its `crc = "…"` line, a CRC-32 of the bytes above
it in the block. Finding the blocks needs no TOML parsing: it is cheap enough for listing every
session, and it is how a torn last block (a crash mid-append) is told from a damaged one in the
middle. The usual file is checked in a few regex passes (`_scan_clean`); anything unusual is
looked at block by block (`_scan_each`), which names what is wrong.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

BLOCK_START = re.compile(rb"^\[\[events\]\]\n", re.MULTILINE)
CRC_LINE = re.compile(rb'^crc = "([0-9a-f]{8})"\n', re.MULTILINE)


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
_NL_BLOCK_START = re.compile(rb"\n\[\[events\]\]\n")
_NL_CRC_LINE = re.compile(rb'\ncrc = "([0-9a-f]{8})"\n')
_NL_TYPE_LINE = re.compile(rb'\ntype = "(set|undo|redo)"\n')


def scan_blocks(data: bytes, header_end: int) -> Scan:
    """Check every event block's checksum; cheap enough for listing every session."""
    clean = _scan_clean(data, header_end)
    return clean if clean is not None else _scan_each(data, header_end)


CRC_LINE_BYTES = len(b'crc = "00000000"\n')
"""A checksum line's length: it is always the last line of its block."""


def _scan_clean(data: bytes, header_end: int) -> Scan | None:
    """The usual file in a few regex passes: every block complete, intact and right after the
    one before, nothing after the last. None as soon as anything differs: `_scan_each` then
    looks at each block on its own and says what is damaged or torn."""
    # The marker before the first block ends with a newline, so every block head and
    # checksum line follows one: found without MULTILINE, which is several times slower.
    starts = [m.start() + 1 for m in _NL_BLOCK_START.finditer(data, header_end - 1)]
    crcs = list(_NL_CRC_LINE.finditer(data, header_end - 1))
    if not starts or len(crcs) != len(starts) or data[header_end:starts[0]].strip():
        return None
    scan = Scan(total=len(starts))
    crc32 = zlib.crc32
    following = starts[1:] + [len(data)]
    for number, (start, crc, after) in enumerate(zip(starts, crcs, following, strict=True),
                                                 start=1):
        end = crc.end()
        if not start < end <= after or \
                crc32(data[start:end - CRC_LINE_BYTES]) != int(crc.group(1), 16):
            return None
        if after - end > 1 and data[end:after].strip():
            return None
        scan.good.append((number, start, end))
    counts = Counter(_NL_TYPE_LINE.findall(data, header_end - 1))
    scan.sets = max(0, counts[b"set"] - counts[b"undo"] + counts[b"redo"])
    return scan


def _scan_each(data: bytes, header_end: int) -> Scan:
    """Every block on its own: the damaged ones and a torn last one found and named."""
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
