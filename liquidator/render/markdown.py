"""Markdown: a headline list and GitHub tables (buckets, actions, disposals)."""

from __future__ import annotations

from typing import Any

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

# What a Markdown viewer would otherwise read as HTML, a link or a table border.
_MARKDOWN_ESCAPES = str.maketrans({
    "\\": "\\\\", "|": "\\|", "[": "\\[", "]": "\\]", "`": "\\`",
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": " ", "\n": " ",
})  # fmt: skip


def _cell(value: Any) -> str:
    text = "—" if value is None else printable(str(value))
    return text.translate(_MARKDOWN_ESCAPES)


def table(header: list[str], rows: list[list[Any]], align: str) -> list[str]:
    """A GitHub table; ``align`` has one ``l`` or ``r`` per column."""
    marks = {"l": ":---", "r": "---:"}
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "| " + " | ".join(marks[a] for a in align) + " |",
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def render(report: dict[str, Any], *, max_actions: int = MAX_ACTIONS) -> str:
    """The report as a Markdown document (the first ``max_actions`` actions)."""
    totals = report["totals"]
    out = [_("# Stranded stock as of {day}").format(day=report["as_of"]), ""]
    out += [
        "- **{}** {}".format(_("In stock:"), items_and_units(totals["items"], totals["units"])),
        "- **{}** {}".format(_("Cash tied up:"), yen(totals["cost_tied_up"])),
        "- **{}** {}".format(_("Expected back:"), yen(totals["expected_cash"])),
        "- **{}** {}".format(_("Holding cost so far:"), yen(totals["holding_cost_to_date"])),
        "- **{}** {}".format(_("Past target:"), count_items(totals["past_target"])),
        "- **{}** {}".format(
            _("Age:"),
            _("average {average} days, oldest {oldest} days").format(
                average=report["average_age"], oldest=report["oldest_age"]
            ),
        ),
    ]
    line = cancel_rate_line(report.get("cancel_rate"))
    if line:
        out.append(f"- **{line}**")

    todo = todo_lines(report)
    if todo:
        out += ["", "## " + _("To do"), ""]
        out += [f"- {_cell(line)}" for line in todo[:max_actions]]
    out += ["", "## " + _("Capital by age"), ""]
    out += table(
        [_("Days held"), _("Items"), _("Units"), _("Cost"), _("Share")],
        [
            [b["label"], b["items"], b["units"], yen(b["cost"]), percent(b["share"])]
            for b in report["buckets"]
        ],
        "lrrrr",
    )

    out += ["", "## " + _("Move now"), ""]
    actions = report["actions"]
    if actions:
        out += table(
            [
                "#",
                _("Item"),
                _("Title"),
                _("Days"),
                _("Best channel"),
                _("Net cash"),
                _("Ask"),
                _("Why"),
            ],  # fmt: skip
            [
                [
                    n,
                    a["item_id"],
                    a["title"],
                    a["days_held"],
                    label(report, a["best_channel"]),
                    yen(a["net_cash"]),
                    asking(a.get("price_kind"), a.get("suggested_price")),
                    why(report, a),
                ]
                for n, a in enumerate(actions[:max_actions], start=1)
            ],
            "rrlrlrrl",
        )
        more = len(actions) - max_actions
        if more > 0:
            out += ["", _("and {count:,} more — see --json").format(count=more)]
    else:
        out.append(_("Nothing to move now."))

    check = to_check_lines(report, max_actions)
    if check:
        out += ["", "## " + to_check_title(report), ""]
        out += [f"- {_cell(line)}" for line in check]

    disposals = report["disposals"]
    period = f"{disposals['period_start']} – {disposals['period_end']}"
    out += ["", "## " + _("Disposals {period}").format(period=period), ""]
    if disposals["by_channel"]:
        rows = [
            [
                disposals_label(report, c),
                c["disposals"],
                c["units"],
                yen(c["cash_recovered"]),
                yen(c["cost_basis"]),
                yen(c["loss"]),
                percent(c["recovery_rate"]),
            ]
            for c in disposals["by_channel"]
        ]
        rows.append(
            [
                "**{}**".format(_("total")),
                sum(c["disposals"] for c in disposals["by_channel"]),
                sum(c["units"] for c in disposals["by_channel"]),
                yen(disposals["cash_recovered"]),
                yen(disposals["cost_basis"]),
                yen(disposals["loss"]),
                percent(disposals["recovery_rate"]),
            ]
        )
        out += table(
            [
                _("Channel"),
                _("Disposals"),
                _("Units"),
                _("Cash"),
                _("Cost basis"),
                _("Loss"),
                _("Recovery"),
            ],  # fmt: skip
            rows,
            "lrrrrrr",
        )
    else:
        out.append(_("No disposals in this period."))
    return "\n".join(out) + "\n"
