"""CSV: one file, one table per section, each with its own header row.

Layout (parses back with the ``csv`` module; a blank line separates sections and the
first column of every row names its section)::

    section,key,value
    summary,as_of,2026-03-02
    summary,items,8                      … totals, ages, disposals.*, cancel_rate.*
    <blank>
    section,label,min_days,max_days,items,units,cost,share
    buckets,0–30,0,30,2,2,3000,0.0833
    <blank>
    section,item_id,title,days_held,best_channel,net_cash,status,listed_channel,…,plan
    actions,…
    <blank>
    section,item_id,title,last_seen,days_old,command
    to_check,…                           held items without a fresh market price
    <blank>
    section,channel,disposals,units,cash_recovered,cost_basis,loss,recovery_rate
    disposals,yahoo,…

Text cells are neutralised against formula injection like the exports; ``\\r\\n``
line ends.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from liquidator.exports.cells import neutralise
from liquidator.render import plan_text

BUCKET_COLUMNS = ("label", "min_days", "max_days", "items", "units", "cost", "share")
ACTION_COLUMNS = (
    "item_id",
    "title",
    "days_held",
    "best_channel",
    "net_cash",
    "status",
    "listed_channel",
    "listed_days",
    "cut_price",
    "reason",
    "plan",
)
TO_CHECK_COLUMNS = ("item_id", "title", "last_seen", "days_old", "command")
CHANNEL_COLUMNS = (
    "channel",
    "disposals",
    "units",
    "cash_recovered",
    "cost_basis",
    "loss",
    "recovery_rate",
)


def summary_pairs(report: dict[str, Any]) -> list[tuple[str, Any]]:
    """The report's single figures as (key, value), nested keys dotted."""
    pairs: list[tuple[str, Any]] = [("as_of", report["as_of"])]
    pairs += list(report["totals"].items())
    pairs += [("average_age", report["average_age"]), ("oldest_age", report["oldest_age"])]
    pairs += [
        (f"disposals.{key}", value)
        for key, value in report["disposals"].items()
        if key != "by_channel"
    ]
    pairs += [(f"cancel_rate.{key}", value) for key, value in (report["cancel_rate"] or {}).items()]
    pairs += [
        (f"to_check.{key}", value)
        for key, value in (report.get("to_check") or {}).items()
        if key != "items"
    ]
    return pairs


def render(report: dict[str, Any]) -> str:
    """The report as sectioned CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def section(name: str, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
        writer.writerow(["section", *columns])
        for row in rows:
            writer.writerow([name, *(neutralise(cell) for cell in row)])

    section("summary", ("key", "value"), [list(pair) for pair in summary_pairs(report)])
    writer.writerow([])
    section("buckets", BUCKET_COLUMNS, [[b[c] for c in BUCKET_COLUMNS] for b in report["buckets"]])
    writer.writerow([])
    labels = report.get("channel_labels") or {}
    section(
        "actions",
        ACTION_COLUMNS,
        [
            [plan_text(a.get("plan"), labels) if c == "plan" else a.get(c) for c in ACTION_COLUMNS]
            for a in report["actions"]
        ],
    )
    writer.writerow([])
    section(
        "to_check",
        TO_CHECK_COLUMNS,
        [
            [i.get(c) for c in TO_CHECK_COLUMNS]
            for i in (report.get("to_check") or {}).get("items", [])
        ],
    )
    writer.writerow([])
    section(
        "disposals",
        CHANNEL_COLUMNS,
        [[c[k] for k in CHANNEL_COLUMNS] for c in report["disposals"]["by_channel"]],
    )
    return buffer.getvalue()
