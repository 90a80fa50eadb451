"""``prices import``: a price file's observations matched to the held items, all or none.

A row names an item by id, ASIN or JAN; it becomes one observation per held item
(in stock or listed) it names: an item id names that item, an ASIN or JAN every held
item recorded with it (two lots of one product both learn its price). A row that names
no held item is counted and reported, not fatal. A malformed row stops the file
before anything is written (``files.parse_price_file``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liquidator.db import Database
    from liquidator.settings import Settings

# Unmatched rows named in the summary (the rest are counted).
SHOWN_UNMATCHED = 5


def import_prices(
    *,
    database: Database,
    settings: Settings,
    data: bytes,
    source: str,
    day: dt.date,
    today: dt.date,
) -> dict[str, Any]:
    """Import a price file: ``rows`` (observations read), ``matched`` (of them, those
    naming a held item), ``added`` (new observations stored), ``already`` (stored
    before), ``unmatched`` (rows naming no held item) and ``unmatched_rows`` (the first
    few, each ``{line, item, asin, jan}``)."""
    from liquidator.events import record_event
    from liquidator.market.files import parse_price_file
    from liquidator.market.observations import add_observations, held_codes, observation

    rows = parse_price_file(data, source=source, day=day, today=today,
                            channels=list(settings.channels))  # fmt: skip
    with database.transaction() as session:
        held = held_codes(session=session)
        by_id = {item["id"]: [item["id"]] for item in held}
        by_asin: dict[str, list[int]] = {}
        by_jan: dict[str, list[int]] = {}
        for item in held:
            if item["asin"]:
                by_asin.setdefault(item["asin"].upper(), []).append(item["id"])
            if item["jan"]:
                by_jan.setdefault(item["jan"], []).append(item["id"])
        observations, unmatched = [], []
        for row in rows:
            targets = _targets(row, by_id, by_asin, by_jan)
            if not targets:
                unmatched.append(row)
            observations.extend(
                observation(item_id=item_id, asin=row["asin"], jan=row["jan"],
                            channel=row["channel"], price=row["price"], kind=row["kind"],
                            observed_on=row["observed_on"], source=row["source"])
                for item_id in targets
            )  # fmt: skip
        added = add_observations(session=session, rows=observations)
        summary = {
            "rows": len(rows),
            "matched": len(rows) - len(unmatched),
            "added": added,
            "already": len({_same(o) for o in observations}) - added,
            "unmatched": len(unmatched),
            "unmatched_rows": [
                {key: row[key] for key in ("line", "item", "asin", "jan")}
                for row in unmatched[:SHOWN_UNMATCHED]
            ],
        }
        if added:
            record_event(session=session, kind="prices_imported", item_id=None,
                         data={"file": source, "rows": len(rows), "added": added})  # fmt: skip
    return summary


def _same(row: dict[str, Any]) -> tuple:
    from liquidator.market.observations import KEY

    return tuple(row[name] for name in KEY)


def _targets(
    row: dict[str, Any],
    by_id: dict[int, list[int]],
    by_asin: dict[str, list[int]],
    by_jan: dict[str, list[int]],
) -> list[int]:
    """The held items a row names: its item id if given, else its ASIN's, else its JAN's."""
    if row["item"] is not None:
        return by_id.get(row["item"], [])
    if row["asin"] and row["asin"].upper() in by_asin:
        return by_asin[row["asin"].upper()]
    if row["jan"]:
        return by_jan.get(row["jan"], [])
    return []
