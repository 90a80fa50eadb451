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
line ends. That is the machine form (English mode, or ``ids``). In Japanese mode the
file is for a person opening it in Excel (``exports.human``): a byte-order mark, and
section names, headers, keys and the ids among the values (channels, statuses,
true/false) in Japanese words; the layout is the same.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from liquidator.exports.cells import neutralise
from liquidator.i18n import N_, _
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


# The names this file uses beyond the exports' columns (``exports.human.COLUMN_NAMES``),
# marked for the catalogue: a person's file shows each one's translation. A dotted key
# (``disposals.loss``) is translated part by part.
REPORT_NAMES = (
    N_("summary"), N_("buckets"), N_("actions"), N_("to_check"), N_("as_of"),
    N_("cost_tied_up"), N_("expected_cash"), N_("holding_cost_to_date"), N_("past_target"),
    N_("average_age"), N_("oldest_age"), N_("period_start"), N_("period_end"),
    N_("cancel_rate"), N_("window_days"), N_("start"), N_("end"), N_("orders"),
    N_("seller_cancelled"), N_("buyer_cancelled"), N_("rate"), N_("status"), N_("count"),
    N_("missing"), N_("stale"), N_("max_age_days"),
)  # fmt: skip
# A person's file starts with it, so Excel reads the file as UTF-8.
BOM = "\ufeff"


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


def _name(name: str) -> str:
    return "：".join(_(part) for part in name.split("."))


def render(report: dict[str, Any], *, ids: bool = False) -> str:
    """The report as sectioned CSV text: for a person in Japanese mode, unless ``ids``."""
    from liquidator.exports.human import flag_words, value_words, wants_words

    words_for_people = wants_words(ids=ids)
    buffer = io.StringIO()
    buffer.write(BOM if words_for_people else "")
    writer = csv.writer(buffer, lineterminator="\r\n")
    labels = report.get("channel_labels") or {}
    words = value_words(None) | {"best_channel": labels, "listed_channel": labels,
                                 "channel": labels, "cut_price": flag_words()}  # fmt: skip
    words["value"] = words["status"]

    def section(name: str, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
        cells = [[neutralise(cell) for cell in row] for row in rows]
        if words_for_people:
            keyed = [words.get(column) for column in columns]
            cells = [[keyed[i].get(c, c) if keyed[i] else c for i, c in enumerate(row)]
                     for row in cells]  # fmt: skip
            if name == "summary":
                cells = [[_name(row[0]), *row[1:]] for row in cells]
            name, columns = _(name), tuple(_(column) for column in columns)
        writer.writerow([_("section") if words_for_people else "section", *columns])
        for row in cells:
            writer.writerow([name, *row])

    section("summary", ("key", "value"), [list(pair) for pair in summary_pairs(report)])
    writer.writerow([])
    section("buckets", BUCKET_COLUMNS, [[b[c] for c in BUCKET_COLUMNS] for b in report["buckets"]])
    writer.writerow([])
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
