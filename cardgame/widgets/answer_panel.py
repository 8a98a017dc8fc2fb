"""The groups and their answers to the card on the wall.

Beside the card it lists every group with its mark and the active group's answer in full;
under the card (a narrow terminal, a big projector font) it folds into a strip: the groups on
one wrapped line, then the active group's answer in a line or two.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from cardgame.widgets.lines import LineView


@dataclass(frozen=True)
class GroupRow:
    """One line of the panel."""

    name: str
    active: bool
    answered: bool
    summary: str
    """A few characters: the rating, the option, or a tick."""
    waiting: bool = True
    """False for a group that is not expected to answer this card (another table's card)."""

    def mark(self) -> tuple[str, str]:
        """The sign before the name and its style."""
        if not self.waiting:
            return "–", "$text-muted"
        if self.answered:
            return "✓", "bold $success"
        return "·", "$text-muted"


class AnswerPanel(LineView):
    """Every group, whether it has answered, and the active group's answer in full; a
    recorded answer repaints the lines it changed."""

    def show(self, title: str, rows: list[GroupRow], detail: list[tuple[str, str]],
             hint: str = "", coming: str = "") -> None:
        """Draw the panel: a title, the groups, then the active group's answer, and (for the
        facilitator's eyes) what comes next."""
        if self.has_class("-strip"):
            self._strip(rows, detail, hint)
            return
        lines: list[Content] = [Content.styled(title, "bold $accent"), Content("")]
        for row in rows:
            mark, style = row.mark()
            name_style = "bold reverse $primary" if row.active else ""
            lines.append(Content.assemble(
                ("▶ " if row.active else "  ", "bold $primary"), (mark + " ", style),
                (row.name, name_style), ("  " + row.summary if row.summary else "", "bold")))
        if detail:
            lines.append(Content(""))
            for label, value in detail:
                lines.append(Content.styled(label, "bold $accent"))
                lines.append(Content(value) if value else Content.styled("—", "$text-muted"))
        if hint:
            lines += [Content(""), Content.styled(hint, "$text-muted")]
        if coming:
            lines += [Content(""), Content.styled(coming, "italic $secondary")]
        self.set_parts(lines)

    def _strip(self, rows: list[GroupRow], detail: list[tuple[str, str]], hint: str) -> None:
        parts: list[Content] = []
        for row in rows:
            mark, style = row.mark()
            name = Content.styled(row.name, "bold reverse $primary" if row.active else "")
            summary = Content.styled(" " + row.summary, "bold") if row.summary else Content("")
            parts.append(Content.assemble((mark + " ", style), name, summary))
        lines = [Content("  ").join(parts)]
        shown = [(label, value) for label, value in detail if value]
        for label, value in shown[:2]:
            lines.append(Content.assemble((label + ": ", "bold $accent"),
                                          " ".join(value.split())))
        if not shown and hint:
            lines.append(Content.styled(hint, "$text-muted"))
        self.set_parts(lines)
