"""Markdown: a headline list and GitHub tables (buckets, actions, disposals)."""

from __future__ import annotations

from typing import Any

from liquidator.render import MAX_ACTIONS, cancel_rate_line, percent, yen

# What a Markdown viewer would otherwise read as HTML, a link or a table border.
_MARKDOWN_ESCAPES = str.maketrans({
    "\\": "\\\\", "|": "\\|", "[": "\\[", "]": "\\]", "`": "\\`",
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": " ", "\n": " ",
})  # fmt: skip


def _cell(value: Any) -> str:
    text = "—" if value is None else str(value)
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
    out = [f"# Stranded stock as of {report['as_of']}", ""]
    out += [
        f"- **In stock:** {totals['items']:,} items, {totals['units']:,} units",
        f"- **Cash tied up:** {yen(totals['cost_tied_up'])}",
        f"- **Expected back:** {yen(totals['expected_cash'])}",
        f"- **Holding cost so far:** {yen(totals['holding_cost_to_date'])}",
        f"- **Past target:** {totals['past_target']:,} items",
        f"- **Age:** average {report['average_age']} days, oldest {report['oldest_age']} days",
    ]
    line = cancel_rate_line(report.get("cancel_rate"))
    if line:
        out.append(f"- **{line}**")

    out += ["", "## Capital by age", ""]
    out += table(
        ["Days held", "Items", "Units", "Cost", "Share"],
        [
            [b["label"], b["items"], b["units"], yen(b["cost"]), percent(b["share"])]
            for b in report["buckets"]
        ],
        "lrrrr",
    )

    out += ["", "## Move now", ""]
    actions = report["actions"]
    if actions:
        out += table(
            ["#", "Item", "Title", "Days", "Best channel", "Net cash", "Ask", "Why"],
            [
                [
                    n,
                    a["item_id"],
                    a["title"],
                    a["days_held"],
                    a["best_channel"],
                    yen(a["net_cash"]),
                    yen(a.get("suggested_price")),
                    a["reason"],
                ]
                for n, a in enumerate(actions[:max_actions], start=1)
            ],
            "rrlrlrrl",
        )
        more = len(actions) - max_actions
        if more > 0:
            out += ["", f"and {more:,} more — see --json"]
    else:
        out.append("Nothing to move now.")

    disposals = report["disposals"]
    out += ["", f"## Disposals {disposals['period_start']} – {disposals['period_end']}", ""]
    if disposals["by_channel"]:
        rows = [
            [
                c["channel"],
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
                "**total**",
                sum(c["disposals"] for c in disposals["by_channel"]),
                sum(c["units"] for c in disposals["by_channel"]),
                yen(disposals["cash_recovered"]),
                yen(disposals["cost_basis"]),
                yen(disposals["loss"]),
                percent(disposals["recovery_rate"]),
            ]
        )
        out += table(
            ["Channel", "Disposals", "Units", "Cash", "Cost basis", "Loss", "Recovery"],
            rows,
            "lrrrrrr",
        )
    else:
        out.append("No disposals in this period.")
    return "\n".join(out) + "\n"
