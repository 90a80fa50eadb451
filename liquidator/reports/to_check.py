"""The weekly report's "to check" list: held items with no fresh market price.

Pure: the stock's columns with the market lookup's (``market.lookup``) in, a dict
out. An item is listed when no observation on the market channel is fresher than
``max_age_days``: ``missing`` (none seen in the lookup's window) or ``stale`` (the
last one is older). Each carries the command that refreshes it (``liquidator prices
fetch ID``), or, with no ASIN or JAN to look up, the edit that gives it one. Most cash
tied up first; the list holds the first ``limit``, ``count`` says how many in all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np

from liquidator.reports.columns import amounts, get, numbers, objects
from liquidator.scoring.inputs import texts

LIMIT = 200
FETCH = "liquidator prices fetch"
# Ids the combined command names at most (a command line stays typeable).
COMMAND_IDS = 25


def prices_to_check(
    stock: Mapping[str, Any], *, as_of: dt.date, max_age_days: int, limit: int = LIMIT
) -> dict[str, Any]:
    """``{count, missing, stale, max_age_days, command, items}`` (see the module docstring)."""
    item_id = get(stock, "item_id")
    count = 0 if item_id is None else len(item_id)
    observed = get(stock, "market_observed")
    fresh = np.zeros(count, dtype=bool) if observed is None else observed.astype(bool)
    last = get(stock, "market_observed_on")
    if last is None:
        last = np.full(count, np.datetime64("NaT"), dtype="datetime64[D]")
    chosen = np.flatnonzero(~fresh)
    stale = ~np.isnat(last[chosen])
    cost = (amounts(get(stock, "qty"), count) * amounts(get(stock, "unit_cost"), count))[chosen]
    order = chosen[np.lexsort((item_id[chosen], -cost))][:limit]
    has_code = (texts(get(stock, "asin"), count) != "") | (texts(get(stock, "jan"), count) != "")
    titles = objects(get(stock, "title"), count)
    today = np.datetime64(as_of, "D")
    age = numbers((today - last[order]).astype("float64"), len(order))
    items = []
    for row, days_old in zip(order.tolist(), age.tolist(), strict=True):
        seen = None if np.isnat(last[row]) else last[row].astype(object).isoformat()
        items.append({
            "item_id": int(item_id[row]), "title": titles[row], "last_seen": seen,
            "days_old": None if seen is None else int(days_old),
            "command": f"{FETCH} {int(item_id[row])}" if has_code[row] else None,
        })  # fmt: skip
    fetchable = [str(item["item_id"]) for item in items if item["command"]][:COMMAND_IDS]
    return {
        "count": len(chosen),
        "missing": int((~stale).sum()),
        "stale": int(stale.sum()),
        "max_age_days": max_age_days,
        "command": f"{FETCH} {' '.join(fetchable)}" if fetchable else None,
        "items": items,
    }
