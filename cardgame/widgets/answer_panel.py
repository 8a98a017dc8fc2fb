"""The groups and their answers to the card on the wall."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static


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


class AnswerPanel(Static):
    """Every group, whether it has answered, and the active group's answer in full."""

    def show(self, title: str, rows: list[GroupRow], detail: list[tuple[str, str]],
             hint: str = "") -> None:
        """Draw the panel: a title, one row per group, then the active group's answer."""
        lines: list[Content] = [Content.styled(title, "bold $accent"), Content("")]
        for row in rows:
            pointer = "▶ " if row.active else "  "
            if not row.waiting:
                mark, style = "–", "$text-muted"
            elif row.answered:
                mark, style = "✓", "bold $success"
            else:
                mark, style = "·", "$text-muted"
            name_style = "bold reverse $primary" if row.active else ""
            lines.append(Content.assemble(
                (pointer, "bold $primary"), (mark + " ", style), (row.name, name_style),
                ("  " + row.summary if row.summary else "", "bold")))
        if detail:
            lines.append(Content(""))
            for label, value in detail:
                lines.append(Content.styled(label, "bold $accent"))
                lines.append(Content(value) if value else Content.styled("—", "$text-muted"))
        if hint:
            lines += [Content(""), Content.styled(hint, "$text-muted")]
        self.update(Content("\n").join(lines), layout=False)  # fixed size: repaint only
