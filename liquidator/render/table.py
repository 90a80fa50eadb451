"""Terminal tables with rich: headline, capital by age, move now, disposals, cancel rate.

rich measures East Asian wide characters as two cells, so Japanese titles line up.
``print_report`` draws on a live console (colour, the terminal's width);
``render`` returns the same thing as plain text for ``-o report.txt``.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from liquidator.i18n import _
from liquidator.render import (
    MAX_ACTIONS,
    asking,
    cancel_rate_line,
    count_items,
    disposals_label,
    items_and_units,
    label,
    percent,
    printable,
    to_check_lines,
    to_check_title,
    todo_lines,
    why,
    yen,
)
from liquidator.render.fit import Column, fitted

DEFAULT_WIDTH = 120
STATUS_STYLES = {"ok": "green", "warn": "yellow", "alarm": "bold red"}


def renderables(
    report: dict[str, Any], *, max_actions: int = MAX_ACTIONS, width: int = DEFAULT_WIDTH
) -> list[RenderableType]:
    """The report as rich renderables, top to bottom (the first ``max_actions`` actions),
    for a ``width``-cell screen."""
    return [
        _headline(report),
        *_todo(report, max_actions),
        _buckets(report, width),
        _actions(report, max_actions, width),
        *_to_check(report, max_actions),
        _disposals(report, width),
        *_cancel_rate(report),
    ]


def print_report(
    report: dict[str, Any], console: Console, *, max_actions: int = MAX_ACTIONS
) -> None:
    """Print the report on ``console`` (the live terminal)."""
    for part in renderables(report, max_actions=max_actions, width=console.width):
        console.print(part)
        console.print()


def render(
    report: dict[str, Any], *, width: int = DEFAULT_WIDTH, max_actions: int = MAX_ACTIONS
) -> str:
    """The report as plain text ``width`` cells wide (no colour codes)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=False, color_system=None, emoji=False
    )
    print_report(report, console, max_actions=max_actions)
    # No line carries the padding rich puts after a table's last cell.
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))


def _headline(report: dict[str, Any]) -> RenderableType:
    totals = report["totals"]
    # Two columns of three rows: at 80 columns no figure wraps inside ("19 / units"),
    # which three columns of two rows did.
    grid = Table.grid(padding=(0, 3))
    for _column in range(2):
        grid.add_column()
    grid.add_row(
        _figure(_("In stock"), items_and_units(totals["items"], totals["units"])),
        _figure(_("Cash tied up"), yen(totals["cost_tied_up"]), "bold"),
    )
    grid.add_row(
        _figure(_("Expected back"), yen(totals["expected_cash"]), "bold green"),
        _figure(_("Holding cost so far"), yen(totals["holding_cost_to_date"]), "yellow"),
    )
    grid.add_row(
        _figure(
            _("Past target"),
            count_items(totals["past_target"]),
            "bold red" if totals["past_target"] else "green",
        ),
        _figure(
            _("Age"),
            _("average {average} days, oldest {oldest} days").format(
                average=report["average_age"], oldest=report["oldest_age"]
            ),
        ),
    )
    title = Text(_("Stranded stock as of {day}").format(day=report["as_of"]), style="bold")
    return Group(title, grid)


def _todo(report: dict[str, Any], max_actions: int) -> list[RenderableType]:
    lines = todo_lines(report)
    if not lines:
        return []
    shown = [Text(_("To do"), style="bold")]
    shown += [Text(_("• ") + printable(line), style="yellow") for line in lines[:max_actions]]
    return [Group(*shown)]


def _to_check(report: dict[str, Any], max_actions: int) -> list[RenderableType]:
    lines = to_check_lines(report, max_actions)
    if not lines:
        return []
    shown = [Text(to_check_title(report), style="bold")]
    shown += [Text(_("• ") + printable(line)) for line in lines]
    return [Group(*shown)]


def _figure(label: str, value: str, style: str = "") -> Text:
    text = Text(f"{label}: ", style="dim")
    text.append(value, style=style)
    return text


def _buckets(report: dict[str, Any], width: int) -> RenderableType:
    columns = [Column(_("Days held"), "key"), Column(_("Items"), "num"),
               Column(_("Units"), "num", drop=2), Column(_("Cost"), "num"),
               Column(_("Share"), "num", drop=1)]  # fmt: skip
    rows = [
        [bucket["label"], f"{bucket['items']:,}", f"{bucket['units']:,}", yen(bucket["cost"]),
         percent(bucket["share"])]
        for bucket in report["buckets"]
    ]  # fmt: skip
    totals = report["totals"]
    rows.append([_("total"), f"{totals['items']:,}", f"{totals['units']:,}",
                 yen(totals["cost_tied_up"]), percent(1.0 if totals["cost_tied_up"] else 0.0)])  # fmt: skip
    styles = [None] * (len(rows) - 1) + ["bold"]
    return fitted(_("Capital by age"), columns, rows, width=width, row_styles=styles)


def _actions(report: dict[str, Any], max_actions: int, width: int) -> RenderableType:
    actions = report["actions"]
    if not actions:
        return Text(_("Move now: nothing — every item is inside its target."), style="green")
    # Never a figure cut: on a narrow screen the rank, then the ask, go first (fit.fitted).
    columns = [
        Column("#", "num", drop=3), Column(_("Item"), "num"), Column(_("Title"), "text", wants=16),
        Column(_("Days"), "num"), Column(_("Best channel"), "key"),
        Column(_("Net cash"), "num"), Column(_("Ask"), "num", drop=2),
        Column(_("Why"), "text", drop=1),
    ]  # fmt: skip
    rows = [
        [str(number), str(action["item_id"]), printable(action["title"]),
         str(action["days_held"]), label(report, action["best_channel"]),
         yen(action["net_cash"]), asking(action.get("price_kind"), action.get("suggested_price")),
         Text(why(report, action), style="yellow" if action.get("cut_price") else "")]
        for number, action in enumerate(actions[:max_actions], start=1)
    ]  # fmt: skip
    table = fitted(_("Move now"), columns, rows, width=width)
    more = len(actions) - max_actions
    if more > 0:
        return Group(table, Text(_("and {count:,} more — see --json").format(count=more),
                                 style="dim"))  # fmt: skip
    return table


def _disposals(report: dict[str, Any], width: int) -> RenderableType:
    disposals = report["disposals"]
    title = _("Disposals {period}").format(
        period=f"{disposals['period_start']} – {disposals['period_end']}"
    )
    if not disposals["by_channel"]:
        return Text(_("{title}: none.").format(title=title), style="dim")
    columns = [Column(_("Channel"), "key"), Column(_("Disposals"), "num", drop=3),
               Column(_("Units"), "num", drop=4), Column(_("Cash"), "num"),
               Column(_("Cost basis"), "num", drop=2), Column(_("Loss"), "num"),
               Column(_("Recovery"), "num", drop=1)]  # fmt: skip
    by_channel = disposals["by_channel"]
    rows = [
        [disposals_label(report, c), f"{c['disposals']:,}", f"{c['units']:,}",
         yen(c["cash_recovered"]), yen(c["cost_basis"]), yen(c["loss"]),
         percent(c["recovery_rate"])]
        for c in by_channel
    ]  # fmt: skip
    rows.append([_("total"), f"{sum(c['disposals'] for c in by_channel):,}",
                 f"{sum(c['units'] for c in by_channel):,}", yen(disposals["cash_recovered"]),
                 yen(disposals["cost_basis"]), yen(disposals["loss"]),
                 percent(disposals["recovery_rate"])])  # fmt: skip
    styles = [None] * (len(rows) - 1) + ["bold"]
    return fitted(title, columns, rows, width=width, row_styles=styles)


def _cancel_rate(report: dict[str, Any]) -> list[RenderableType]:
    cancel = report.get("cancel_rate")
    line = cancel_rate_line(cancel)
    if line is None:
        return []
    return [Text(line, style=STATUS_STYLES.get(str(cancel.get("status")), ""))]
