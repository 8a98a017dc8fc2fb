"""Making any text safe for CommonMark without making it unreadable as plain text.

Whatever a facilitator types goes through one of these functions before it reaches the export.
The rule is: only characters that could start or end Markdown syntax are escaped, and only
where they could; ordinary punctuation is left alone so that the plain text still reads well in
a mail client. No raw HTML is ever produced: ``<`` is escaped, line breaks inside a table cell
become " / ", and control and bidirectional-override characters are dropped.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

EMPTY_CELL = "–"
"""Shown in a table cell that has nothing recorded."""

_ALWAYS = re.compile(r"([`*\[\]<~])")
"""Characters that can open inline syntax anywhere: code, emphasis, links, HTML,
strikethrough (a forge extension)."""
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
"""A backslash that would escape the character after it, or break the line at its end; any
other backslash is plain text in CommonMark and stays as typed."""
_PIPE = re.compile(r"\|")
"""Ends a table cell: escaped in tables only, so a bar in a mailed list reads as typed."""
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
"""An underscore that can open or close emphasis: one not inside a word."""
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s|$))")
"""What starts a block at the beginning of a line: a heading, a quote, a list item."""
_RULE = re.compile(r"^(?:[-=]+|[-*_= ]{3,}|\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?)$")
"""A line that would be a thematic break, underline the line before as a heading, or make it
a table's header (a delimiter row)."""
_FENCE = re.compile(r"^(`{3,}|~{3,})")
"""A code fence at the beginning of a line."""
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
"""A ``<`` that could open raw HTML or an autolink."""
_LINK = re.compile(r"\[(?=[^\]]*\]\s*[(\[:])")
"""A ``[`` that opens a link or a reference: ``[text](…)``, ``[text][…]``, ``[text]:``."""
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
"""The control characters (Unicode category Cc)."""
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
def clean(text: str, *, strip: bool = True) -> str:
    """Text with CommonMark-neutral whitespace: tabs as spaces, no control or bidi characters.

    Line breaks of any kind (\\r\\n, \\r, U+2028 …) become \\n; other control characters are
    dropped, and so are bidirectional overrides, which could make the mail show text in another
    order than it was typed. `strip` removes blank space around the whole text (not for
    figures, whose first line may start with spaces).
    """
    lines = str(text).translate(_BIDI).replace("\t", " ").splitlines()
    joined = "\n".join(_CONTROL.sub("", line) for line in lines)
    return joined.strip() if strip else joined


def inline(text: str, *, line_start: bool = False, table: bool = False) -> str:
    """One line of text escaped for use inside a paragraph, list item, cell or heading.

    Outside tables only what Markdown would turn into something else than the text is
    escaped (U22): raw HTML, links, entities, a backslash before punctuation; emphasis stays
    as typed, since a reader sees the same words, and a mailed list shows no backslashes. In
    a table (`table`) every character of inline syntax is escaped, ``|`` too. `line_start`
    also escapes what would start a block (``#``, ``>``, ``-``, ``+``, ``*``, ``=``, ``1.``, a
    fence) because the text begins an output line; leading spaces are dropped there, so that
    user text can never become an indented code block.
    """
    text = _BACKSLASH.sub(r"\\\\", text.rstrip())
    if table:
        text = _ALWAYS.sub(r"\\\1", text)
        text = _PIPE.sub(r"\\|", text)
        text = _UNDERSCORE.sub(r"\\_", text)
    else:
        text = _TAG.sub(r"\\<", text)
        text = _LINK.sub(r"\\[", text)
    text = _ENTITY.sub(r"\\&", text)
    text = text.rstrip()
    if line_start:
        text = text.lstrip()
        text = _FENCE.sub(lambda m: "\\" + m.group(1), text)
        text = _LINE_START.sub(r"\\\1", text)
        text = _ORDERED.sub(r"\1\\\2", text)
        if _RULE.match(text):
            text = "\\" + text
    return text


def one_line(text: str) -> str:
    """Text on a single line: its lines joined with " / " (for cells, headings, labels)."""
    return " / ".join(part.strip() for part in clean(text).split("\n") if part.strip())


def cell(text: object) -> str:
    """A table cell: one line, escaped (``|`` included), or a dash when empty."""
    flat = one_line(str(text))
    return inline(flat, table=True) if flat else EMPTY_CELL


def heading(text: str) -> str:
    """Heading text: one line, escaped, with every ``#`` escaped so none closes the heading."""
    return inline(one_line(text)).replace("#", "\\#") or EMPTY_CELL


def label(text: str, *, line_start: bool = False) -> str:
    """Short user text inside a sentence (a group or actor name): one line, escaped.

    `line_start` when the text opens a line or a list item's content.
    """
    return inline(one_line(text), line_start=line_start)


def paragraphs(text: str) -> list[list[str]]:
    """Free text as paragraphs of escaped lines; each line is safe at the start of a line.

    Blank lines in the text separate paragraphs; single line breaks are kept as line breaks in
    the plain text (a soft break when rendered).
    """
    result: list[list[str]] = []
    current: list[str] = []
    for line in clean(text).split("\n"):
        escaped = inline(line, line_start=True)
        if escaped:
            current.append(escaped)
        elif current:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


_MARKER = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")
"""A list marker at the start of an item's prefix, with the space after it."""


def item(prefix: str, text: str, indent: int | None = None) -> list[str]:
    """A list item (or labelled paragraph) whose first line is `prefix` followed by `text`.

    Continuation lines are indented to the item's content column (`indent`, by default the
    width of the list marker in `prefix`), so that the whole text stays in the item.
    """
    paras = paragraphs(text)
    if not paras:
        return [prefix.rstrip()]
    first, *rest = paras
    if indent is None:
        marker = _MARKER.match(prefix)
        indent = marker.end() if marker else 0
    pad = " " * indent
    lines = [prefix + first[0]]
    lines += [pad + line for line in first[1:]]
    for para in rest:
        lines.append("")
        lines += [pad + line for line in para]
    return lines


def block(text: str) -> list[str]:
    """Free text as top-level paragraphs separated by blank lines."""
    lines: list[str] = []
    for para in paragraphs(text):
        if lines:
            lines.append("")
        lines += para
    return lines


MAX_PADDED = 40
"""Columns wider than this are not padded: one long cell should not widen every row."""


def table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    """A pipe table of already escaped cells, aligned for reading as plain text.

    Every row gets exactly as many cells as the header. Columns in `right` (numbers) are
    right-aligned.
    """
    right = right or set()
    count = len(header)
    body = [(row + [EMPTY_CELL] * count)[:count] for row in rows]
    sizes = [[cell_len(text) for text in cells] for cells in (header, *body)]
    widths = []
    for index in range(count):
        widest = max(size[index] for size in sizes)
        widths.append(max(3, widest) if widest <= MAX_PADDED else 0)

    def line(cells: list[str], size: list[int]) -> str:
        parts = []
        for index, text in enumerate(cells):
            gap = " " * max(0, widths[index] - size[index])
            parts.append(gap + text if index in right else text + gap)
        return "| " + " | ".join(parts) + " |"

    rule = []
    for index in range(count):
        dashes = "-" * max(3, widths[index])
        rule.append(dashes[:-1] + ":" if index in right else dashes)
    head, *rest = map(line, (header, *body), sizes)
    return [head, "| " + " | ".join(rule) + " |", *rest]


def fenced(text: str, info: str = "text") -> list[str]:
    """Text in a code fence longer than any backtick run inside it, so nothing can close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = [line.rstrip() for line in text.split("\n")]
    while body and not body[-1]:
        body.pop()
    return [fence + info, *body, fence]
