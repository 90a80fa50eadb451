"""Price observations in the database: the one write path, and the listings.

Append-only: rows are added, never changed. The same observation (same item, ASIN,
JAN, channel, kind, day, source and price) is stored once, so fetching or importing
the same prices again adds nothing. Every function takes the session and leaves
committing to the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from liquidator.models import Item, PriceObservation, utcnow
from liquidator.vocab import HELD_STATUSES

if TYPE_CHECKING:
    from sqlmodel import Session

# What makes two observations the same one.
KEY = ("item_id", "asin", "jan", "channel", "kind", "observed_on", "source", "price")
# Ids per IN (…) list: well under both engines' parameter limits.
CHUNK = 5_000


def _key(row: dict[str, Any]) -> tuple:
    return tuple(row.get(name) for name in KEY)


def add_observations(*, session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Store the observations (dicts with the KEY fields) not stored yet; returns how
    many were added. Repeats within ``rows`` are added once."""
    from sqlmodel import col, select

    fresh: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        fresh.setdefault(_key(row), row)
    item_ids = sorted({row["item_id"] for row in fresh.values() if row.get("item_id") is not None})
    for start in range(0, len(item_ids), CHUNK):
        part = item_ids[start : start + CHUNK]
        stored = session.exec(
            select(*(getattr(PriceObservation, name) for name in KEY)).where(
                col(PriceObservation.item_id).in_(part)
            )
        )
        for values in stored:
            fresh.pop(tuple(values), None)
    if not fresh:
        return 0
    now = utcnow()
    table = PriceObservation.__table__
    values = [{**{name: row.get(name) for name in KEY}, "created_at": now}
              for row in fresh.values()]  # fmt: skip
    session.connection().execute(table.insert(), values)
    return len(values)


def item_observations(
    *, session: Session, item_ids: Sequence[int], limit: int | None = None
) -> list[dict[str, Any]]:
    """The items' observations, newest first (by day, then as recorded), as plain dicts
    (``id, item_id, asin, jan, channel, price, kind, observed_on, source``)."""
    from sqlmodel import col, select

    found: list[dict[str, Any]] = []
    names = ("id", "item_id", "asin", "jan", "channel", "price", "kind", "observed_on", "source")
    for start in range(0, len(item_ids), CHUNK):
        part = list(item_ids[start : start + CHUNK])
        query = (
            select(*(getattr(PriceObservation, name) for name in names))
            .where(col(PriceObservation.item_id).in_(part))
            .order_by(col(PriceObservation.observed_on).desc(), col(PriceObservation.id).desc())
        )
        if limit is not None:
            query = query.limit(limit)
        found.extend(dict(zip(names, row, strict=True)) for row in session.exec(query))
    found.sort(key=lambda row: (row["observed_on"], row["id"]), reverse=True)
    return found[:limit] if limit is not None else found


def held_codes(*, session: Session, ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Items still held (in stock or listed) as ``{id, title, asin, jan}``, by id;
    ``ids`` limits them to those items (held or not: the caller tells which)."""
    from sqlmodel import col, select

    query = select(Item.id, Item.title, Item.asin, Item.jan, Item.status).order_by(col(Item.id))
    if ids is None:
        query = query.where(col(Item.status).in_(HELD_STATUSES))
    rows: list[dict[str, Any]] = []
    parts = [None] if ids is None else [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    for part in parts:
        chosen = query if part is None else query.where(col(Item.id).in_(list(part)))
        rows.extend(
            {"id": i, "title": t, "asin": a, "jan": j, "held": s in HELD_STATUSES}
            for i, t, a, j, s in session.exec(chosen)
        )
    return rows


def held_observations(*, session: Session, ids: Sequence[int] | None = None) -> list[dict]:
    """``prices list``: the observations of the held items with these ids (else of every
    held item), newest first; NotFound names the ids that are no held item's."""
    from liquidator.errors import items_not_found

    items = held_codes(session=session, ids=sorted(set(ids)) if ids else None)
    missing = sorted(set(ids or []) - {item["id"] for item in items})
    if missing:
        raise items_not_found(missing)
    return item_observations(session=session, item_ids=[item["id"] for item in items])


def observation(
    *,
    item_id: int | None,
    asin: str | None,
    jan: str | None,
    channel: str,
    price: int,
    kind: str,
    observed_on: dt.date,
    source: str,
) -> dict[str, Any]:
    """One observation as ``add_observations`` takes it."""
    return {"item_id": item_id, "asin": asin, "jan": jan, "channel": channel, "price": price,
            "kind": kind, "observed_on": observed_on, "source": source}  # fmt: skip
