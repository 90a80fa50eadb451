"""Tables that never cut a figure: columns are dropped, then rows stacked, to fit.

Rich shrinks every column, numbers included, when a table is wider than the terminal
(``¥38,0…``). Here a figure or a key is never shortened: text columns (titles, reasons)
fold at character boundaries, East Asian width counted; when the figures alone do not
fit, the least useful columns go first (each column says how dispensable it is), and
when even the essential ones do not fit, each row is printed as a block of
``header value`` pairs instead of a table.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from liquidator.i18n import _
from liquidator.render import printable
from liquidator.render.fold import fold_offsets

TEXT_MIN = 10  # a folding text column gets at least this many cells


def rule(cells: int) -> str:
    """The rule under a table's header, ``cells`` wide: ─, or in Japanese ASCII -.

    Japanese terminals often draw East Asian ambiguous-width characters, box drawing
    among them, two cells wide: an 80-cell rule of ─ would take 160 there.
    """
    return _("─") * cells


@functools.cache
def _rule_box(character: str) -> box.Box:
    return box.Box(f"    \n    \n {character}{character} \n" + "    \n" * 5)


def rule_box() -> box.Box:
    """rich's SIMPLE_HEAD (a rule under the header, no frame) drawn with ``rule``'s
    character."""
    return _rule_box(rule(1))


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` "num" (right-aligned, never cut), "key" (left, never cut) or
    "text" (folds); ``drop``: 0 = always shown, higher = dropped earlier to fit."""

    header: str
    kind: str = "key"
    drop: int = 0
    # A text column: the cells it keeps before other columns are dropped (a title
    # squeezed to a few characters is not readable).
    wants: int = TEXT_MIN


def _plain(value: Any) -> str:
    return value.plain if isinstance(value, Text) else printable(str(value))


def _width(text: str) -> int:
    """Cells ``text`` takes on a terminal, East Asian width counted."""
    return len(text) if text.isascii() else cell_len(text)


def _natural(
    columns: Sequence[Column], rows: Sequence[Sequence[Any]], widths: Sequence[Sequence[int]] = ()
) -> list[int]:
    """Each column's natural width: its widest cell or header, East Asian width counted
    (``widths``: each cell's, when already measured)."""
    measured = widths or [[_width(_plain(cell)) for cell in row] for row in rows]
    return [
        max([_width(column.header), *(row[p] for row in measured)])
        for p, column in enumerate(columns)
    ]


def _fit(columns: Sequence[Column], natural: list[int], width: int) -> tuple[list[int], bool]:
    """The columns kept to fit ``width`` (the most dispensable dropped first), and whether
    they fit as a table (False: even the essential ones need more, so rows are stacked)."""
    keep = list(range(len(columns)))

    def needed() -> int:
        cells = (min(natural[p], columns[p].wants) if columns[p].kind == "text" else natural[p]
                 for p in keep)  # fmt: skip
        return sum(cells) + len(keep) - 1

    while needed() > width:
        droppable = [p for p in keep if columns[p].drop > 0]
        if not droppable:
            return keep, False
        keep.remove(max(droppable, key=lambda p: (columns[p].drop, p)))
    return keep, True


def fitted(
    title: str | None,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    width: int,
    row_styles: Sequence[str | None] | None = None,
) -> RenderableType:
    """The rows as a table that fits ``width`` cells without cutting a figure."""
    natural = _natural(columns, rows)
    keep, fits = _fit(columns, natural, width)
    if not fits:
        return _stacked(title, columns, rows, keep, row_styles, width)
    table = Table(
        title=Text(printable(title), style="italic") if title else None, title_justify="left",
        box=rule_box(), show_edge=False, pad_edge=False, padding=(0, 0, 0, 0),
        expand=False,
    )  # fmt: skip
    sizes = _text_sizes(columns, natural, keep, width)
    for p in keep:
        column = columns[p]
        if column.kind == "text":
            table.add_column(column.header, width=sizes[p], no_wrap=True)
        else:
            table.add_column(
                column.header, justify="right" if column.kind == "num" else "left",
                no_wrap=True, width=natural[p],
            )  # fmt: skip
    for number, row in enumerate(rows):
        style = row_styles[number] if row_styles else None
        table.add_row(
            *(_folded(row[p], sizes[p]) if p in sizes else _cell(row[p]) for p in keep), style=style
        )
    return table


def _text_sizes(
    columns: Sequence[Column], natural: list[int], keep: list[int], width: int
) -> dict[int, int]:
    """Each kept text column's width: the room the other columns leave, shared out, the
    narrowest first, so what one does not need goes to the others."""
    fixed = sum(natural[p] for p in keep if columns[p].kind != "text") + len(keep) - 1
    texts = sorted((p for p in keep if columns[p].kind == "text"), key=lambda p: natural[p])
    room = max(width - fixed, sum(min(natural[p], columns[p].wants) for p in texts))
    least = {p: min(natural[p], max(columns[p].wants, TEXT_MIN)) for p in texts}
    sizes = {}
    for index, p in enumerate(texts):
        # a share of the room, but never what the columns after it need at least
        rest = sum(least[q] for q in texts[index + 1 :])
        share = min(natural[p], room // (len(texts) - index), room - rest)
        sizes[p] = max(least[p], share)
        room -= sizes[p]
    return sizes


def _cell(value: Any) -> Text:
    return value if isinstance(value, Text) else Text(printable(str(value)))


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
    parts: list[RenderableType] = [Text(printable(title), style="bold")] if title else []
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
            indent = 2 if index else 0
            folded = _folded(text, max(width - indent, TEXT_MIN))
            parts.append(Text("  ").append(folded) if index else folded)
    return Group(*parts)


# From this many rows a table is written as plain lines, a block at a time: rich lays
# out a whole table in memory before it prints a line (benchmarks/README.md has what
# that cost a large `list`); plain lines stream.
STREAM_FROM = 300
BLOCK = 500


def print_fitted(
    console: Console,
    title: str | None,
    columns: Sequence[Column],
    rows: Any,
) -> None:
    """Print ``fitted`` rows on ``console``. From STREAM_FROM rows they are written as
    plain aligned lines, a block at a time, instead of one rich table laid out whole in
    memory. Same rules: no figure cut, text folds, columns dropped to fit."""
    rows = list(rows)  # every row is needed to know the columns' widths
    if len(rows) < STREAM_FROM:
        console.print(fitted(title, columns, rows, width=console.width))
        return
    rows = [[_plain(cell) for cell in row] for row in rows]  # measured once, not per pass
    widths = [[_width(cell) for cell in row] for row in rows]
    width = console.width
    natural = _natural(columns, rows, widths)
    keep, fits = _fit(columns, natural, width)
    if not fits:
        console.print(_stacked(title, columns, rows, keep, None, width))
        return
    texts = [p for p in keep if columns[p].kind == "text"]
    sizes = {p: natural[p] for p in keep} | _text_sizes(columns, natural, keep, width)
    out = console.file
    if title:
        out.write(printable(title) + "\n")
    out.write(_line([columns[p].header for p in keep], keep, columns, sizes) + "\n")
    out.write(rule(sum(sizes.values()) + len(keep) - 1) + "\n")
    for start in range(0, len(rows), BLOCK):
        lines = []
        for row, row_widths in zip(rows[start : start + BLOCK], widths[start : start + BLOCK],
                                   strict=True):  # fmt: skip
            folded = {p: _fold(row[p], sizes[p]) for p in texts if row_widths[p] > sizes[p]}
            if not folded:  # one line: every cell's width is known
                lines.append(_line([row[p] for p in keep], keep, columns, sizes,
                                   [row_widths[p] for p in keep]))  # fmt: skip
                continue
            height = max(len(f) for f in folded.values())
            for number in range(height):
                pieces = [
                    (folded[p][number] if number < len(folded[p]) else "") if p in folded
                    else (row[p] if number == 0 else "")
                    for p in keep
                ]  # fmt: skip
                lines.append(_line(pieces, keep, columns, sizes))
        out.write("\n".join(lines) + "\n")
    out.flush()


def _line(
    cells: list[str],
    keep: list[int],
    columns: Sequence[Column],
    sizes: dict,
    widths: Sequence[int] | None = None,
) -> str:
    parts = []
    for index, (text, p) in enumerate(zip(cells, keep, strict=True)):
        used = widths[index] if widths is not None else _width(text)
        pad = " " * max(sizes[p] - used, 0)
        parts.append(pad + text if columns[p].kind == "num" else text + pad)
    return " ".join(parts).rstrip()


def _fold(text: str, size: int) -> list[str]:
    """``text`` in lines of at most ``size`` cells (see ``fold_offsets``)."""
    if _width(text) <= size:
        return [text]
    bounds = [0, *fold_offsets(text, size), len(text)]
    return [text[a:b].rstrip() for a, b in zip(bounds, bounds[1:], strict=False)] or [""]


def _folded(value: Any, size: int) -> Text:
    """A text cell folded into lines of at most ``size`` cells, its styles kept."""
    text = _cell(value)
    lines = text.divide(fold_offsets(text.plain, size))
    for line in lines:
        line.rstrip()
    return Text("\n").join(lines)


def hanging(value: Any, width: int, indent: int = 4) -> Text:
    """An explanation folded to ``width`` cells (``fold_offsets``: never inside a word
    or a figure), its continuation lines indented by ``indent`` cells."""
    text = _cell(value)
    lines = text.divide(fold_offsets(text.plain, max(width - indent, TEXT_MIN)))
    for number, line in enumerate(lines):
        line.rstrip()
        if number:
            line.pad_left(indent)
    return Text("\n").join(lines)
