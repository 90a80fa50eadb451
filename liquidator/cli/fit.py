"""Tables that never cut a figure: columns are dropped, then rows stacked, to fit.

Rich shrinks every column, numbers included, when a table is wider than the terminal
(``¥38,0…``). Here a figure or a key is never shortened: text columns (titles, reasons)
fold at character boundaries, East Asian width counted; when the figures alone do not
fit, the least useful columns go first (each column says how dispensable it is), and
when even the essential ones do not fit, each row is printed as a block of
``header value`` pairs instead of a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

TEXT_MIN = 10  # a folding text column gets at least this many cells


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` "num" (right-aligned, never cut), "key" (left, never cut) or
    "text" (folds); ``drop``: 0 = always shown, higher = dropped earlier to fit."""

    header: str
    kind: str = "key"
    drop: int = 0


def _plain(value: Any) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def fitted(
    title: str | None,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    width: int,
    row_styles: Sequence[str | None] | None = None,
) -> RenderableType:
    """The rows as a table that fits ``width`` cells without cutting a figure."""
    keep = list(range(len(columns)))

    def needed(positions: list[int]) -> int:
        total = 0
        for p in positions:
            column = columns[p]
            natural = max([cell_len(column.header), *(cell_len(_plain(r[p])) for r in rows)])
            total += min(natural, TEXT_MIN) if column.kind == "text" else natural
        return total + len(positions) - 1

    while needed(keep) > width:
        droppable = [p for p in keep if columns[p].drop > 0]
        if not droppable:
            return _stacked(title, columns, rows, keep, row_styles, width)
        keep.remove(max(droppable, key=lambda p: (columns[p].drop, p)))
    table = Table(
        title=Text(title, style="italic") if title else None, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
        pad_edge=False, padding=(0, 0, 0, 0), expand=False,
    )  # fmt: skip
    for p in keep:
        column = columns[p]
        natural = max([cell_len(column.header), *(cell_len(_plain(r[p])) for r in rows)])
        if column.kind == "text":
            table.add_column(column.header, overflow="fold")
        else:
            table.add_column(
                column.header, justify="right" if column.kind == "num" else "left",
                no_wrap=True, width=natural,
            )  # fmt: skip
    for number, row in enumerate(rows):
        style = row_styles[number] if row_styles else None
        table.add_row(*(_cell(row[p]) for p in keep), style=style)
    return table


def _cell(value: Any) -> Text:
    return value if isinstance(value, Text) else Text(str(value))


def _stacked(
    title: str | None,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    keep: list[int],
    row_styles: Sequence[str | None] | None,
    width: int,
) -> RenderableType:
    """Each row as lines of ``header value`` pairs, packed greedily, a pair never split;
    text columns get lines of their own (and fold)."""
    parts: list[RenderableType] = [Text(title, style="bold")] if title else []
    for number, row in enumerate(rows):
        style = (row_styles[number] if row_styles else None) or ""
        lines: list[Text] = []
        line = Text(style=style)
        texts = []
        for p in keep:
            pair = Text(f"{columns[p].header} ", style="dim")
            pair.append(_cell(row[p]))
            if columns[p].kind == "text":
                texts.append(pair)
                continue
            room = width - (2 if lines else 0)  # lines after the first are indented
            if line and cell_len(line.plain) + 2 + cell_len(pair.plain) > room:
                lines.append(line)
                line = Text(style=style)
            if line:
                line.append("  ")
            line.append(pair)
        if line:
            lines.append(line)
        for index, text in enumerate([*lines, *texts]):
            text.overflow = "fold"
            parts.append(Text("  ").append(text) if index else text)
    return Group(*parts)


def console_width(console: Console) -> int:
    """The width to fit: the terminal's, or COLUMNS, or 80 when piped."""
    return console.width
