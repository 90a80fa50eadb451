"""Everyday commands at a seller's size: 2k items and two months of Amazon orders.

Each command beside ``python -c "import typer, sqlmodel"`` (what any command that
opens the database must load); the commands and the floor take turns in one run.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable

from benchmarks import workspaces
from benchmarks.measure import liquidator_command, python, timed
from benchmarks.rows import RUNS_FAST, Row, heavy_row, scratch, versus
from benchmarks.workspaces import Workspace, size_label

ITEMS = 2_000
ORDER_DAYS, ORDERS_PER_DAY = 60, 30
FLOOR = "import typer, sqlmodel"
FORBIDDEN = ("pandas", "numpy", "matplotlib")
# These print a recommendation, and scoring is numpy arrays over items × channels: one
# engine for one item and for a million, so numpy is what they need (pandas is not).
SCORING = ("add", "show", "recommend")
# The target of each figure (× the floor); the first six are also checked for imports.
TARGETS = {
    "add": 1.3,
    "list": 1.3,
    "show": 1.3,
    "recommend": 1.3,
    "cancel-rate": 1.3,
    "cancel": 1.3,
    "report": 1.6,
    "report -O html": 2.0,
    # every held item, one line each (issue 31: a table per item took 16-21 s)
    "recommend --all": 2.0,
}
IMPORT_CHECKED = ("add", "list", "show", "recommend", "cancel-rate", "cancel")
ADD_ARGS = ("add", "--title", "ベンチ ドリッパー 02", "--cost", "4980", "--size", "80", "--days-held", "12")  # fmt: skip
# not-bought: the cheapest stage that still records a case (no item is added).
CANCEL_ARGS = ("--stage", "not-bought", "--via", "request", "--reason", "mistake")


def _forbidden(name: str) -> tuple[str, ...]:
    """The heavy modules a command's path must not import."""
    return tuple(m for m in FORBIDDEN if not (m == "numpy" and name in SCORING))


def _pick(ws: Workspace) -> tuple[int, str]:
    """An item still held (the lowest id) and an unshipped order, from the workspace."""
    connection = sqlite3.connect(f"file:{ws.db}?mode=ro", uri=True)
    try:
        (item,) = connection.execute(
            "SELECT min(id) FROM items WHERE status IN ('in_stock', 'listed') AND qty > 0"
        ).fetchone()
        (order,) = connection.execute(
            "SELECT amazon_order_id FROM orders WHERE status = 'Unshipped' "
            "ORDER BY purchase_date DESC, amazon_order_id LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    return item, order


def _commands(ws: Workspace, scratch_home, item: int, order: str) -> dict[str, list[str]]:
    """Each figure's command; ``add`` and ``cancel`` write, so they get the copy."""
    as_of = ["--as-of", ws.anchor.isoformat()]
    cli = [*liquidator_command(), "--home", str(ws.home)]
    copy = [*liquidator_command(), "--home", str(scratch_home)]
    return {
        "add": [*copy, *ADD_ARGS, *as_of],
        "list": [*cli, "list", *as_of],
        "show": [*cli, "show", str(item), *as_of],
        "recommend": [*cli, "recommend", str(item), *as_of],
        "cancel-rate": [*cli, "cancel-rate", *as_of],
        "cancel": [*copy, "cancel", order, *CANCEL_ARGS, *as_of],
        "report": [*cli, "report", *as_of],
        "report -O html": [*cli, "report", "-O", "html", *as_of],
        "recommend --all": [*cli, "recommend", "--all", *as_of],
    }


def _figure(name: str, label: str, item: int) -> str:
    shown = {
        "show": f"show {item}",
        "recommend": f"recommend {item}",
        "cancel": "cancel ORDER --stage not-bought",
    }
    return f"{shown.get(name, name)} ({label} everyday)"


def everyday(log: Callable[[str], None]) -> tuple[list[Row], list[str]]:
    """The everyday commands on the 2k workspace beside ``import typer, sqlmodel``."""
    base = workspaces.workspace(ITEMS, log=log)
    ws = workspaces.with_orders(base, days=ORDER_DAYS, per_day=ORDERS_PER_DAY, log=log)
    label = size_label(ws.items)
    item, order = _pick(ws)
    home = workspaces.copy_of(ws.home, scratch(f"everyday-{label}"))
    out = scratch(f"everyday-{label}.out")
    commands = _commands(ws, home, item, order)
    log(f"{label} everyday: {', '.join(commands)} and their floor")
    floor, *timings = timed([python(), "-c", FLOOR], *commands.values(), runs=RUNS_FAST, stdout=out)
    log(f"{label} everyday: imported modules")
    rows, notes = [], []
    for (name, command), timing in zip(commands.items(), timings, strict=True):
        figure = _figure(name, label, item)
        rows.append(versus(figure, timing, floor, "typer+sqlmodel", TARGETS[name]))
        if name in IMPORT_CHECKED:
            forbidden = _forbidden(name)
            row, notable = heavy_row(f"{figure}: imports {'/'.join(forbidden)}", command, forbidden)
            rows.append(row)
            notes.append(f"everyday `{name}` imports: {notable}")
    notes.append(f"everyday: show/recommend item #{item} (the first held), cancel ORDER {order}")
    shutil.rmtree(home, ignore_errors=True)
    out.unlink(missing_ok=True)
    return rows, notes
