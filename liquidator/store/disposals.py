"""Disposals in the database: record one, undo one, mark an item listed, and the reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, union_all
from sqlmodel import Session, col, select

from liquidator.disposal_facts import BOOKED, RECORDED, outcome_of
from liquidator.errors import InvalidInput
from liquidator.events import record_event
from liquidator.i18n import _
from liquidator.models import Disposal, Item, JournalReversal, utcnow
from liquidator.store.columns import read_columns
from liquidator.store.items import ID_RANGE
from liquidator.vocab import GONE_STATUSES, HELD_STATUSES, ItemStatus

if TYPE_CHECKING:
    import numpy as np

DISPOSAL_COLUMNS = ("id", "item_id", "channel", "qty", "price", "fees", "shipping", "net_cash",
                    "cost_basis", "profit", "reference_price", "sold_on", "note",
                    *RECORDED, *BOOKED)  # fmt: skip


def insert_disposal(*, session: Session, item: Item, values: dict[str, Any]) -> Disposal:
    """Record a disposal (``values`` holds every Disposal column but ids, its channel's
    facts included) and take its units out of the item; once none are left the item's
    status is what the disposal's kind makes it. Logs a "disposed" event. Caller commits."""
    values = {"booked_on": values["sold_on"], **values}
    disposal = Disposal(item_id=item.id, **values)
    session.add(disposal)
    session.flush()
    item.qty -= disposal.qty
    item.status = status_for(session=session, item=item, qty=item.qty)
    item.updated_at = utcnow()
    session.add(item)
    record_event(
        session=session,
        kind="disposed",
        item_id=item.id,
        data=_event_data(disposal, item, "price", "fees", "shipping", "net_cash", "sold_on"),
    )
    return disposal


def set_listing(
    *,
    session: Session,
    item: Item,
    channel: str,
    price: int,
    listed_on: dt.date,
    listing_id: str | None = None,
) -> None:
    """Mark an item as on sale at a channel, with its "listed" event. Caller commits.

    ``listing_id`` (the site's number for the listing) replaces the recorded one; None
    keeps it for the same channel and clears it for another."""
    if listing_id is not None or channel != item.listed_channel:
        item.listing_id = listing_id
    item.status = ItemStatus.LISTED
    item.listed_channel, item.listed_price, item.listed_on = channel, price, listed_on
    item.updated_at = utcnow()
    session.add(item)
    record_event(
        session=session,
        kind="listed",
        item_id=item.id,
        data={"channel": channel, "price": price, "listed_on": listed_on}
        | ({"listing_id": listing_id} if listing_id else {}),
    )


def get_disposal(*, session: Session, disposal_id: int) -> Disposal | None:
    """The disposal with this id, or None."""
    if disposal_id not in ID_RANGE:
        return None
    return session.get(Disposal, disposal_id)


def delete_disposal(*, session: Session, disposal: Disposal) -> Item:
    """Reverse a disposal: its units go back into stock, with an event. Caller commits."""
    item = session.get(Item, disposal.item_id)
    item.qty += disposal.qty
    item.status = status_for(session=session, item=item, qty=item.qty)
    item.updated_at = utcnow()
    session.add(item)
    record_event(
        session=session,
        kind="disposal_undone",
        item_id=item.id,
        data=_event_data(disposal, item, "net_cash"),
    )
    session.delete(disposal)
    return item


def status_for(*, session: Session, item: Item, qty: int) -> str:
    """The status ``item`` has with ``qty`` units held: on sale or in stock while any
    are left (``listed`` once it was listed), else what its latest disposal (by date,
    then by id) made of it, from the kind that disposal recorded. The one rule every
    write that changes units follows (sell, undo, edit)."""
    if qty > 0:
        if item.status in HELD_STATUSES:
            return item.status
        return ItemStatus.LISTED if item.listed_channel else ItemStatus.IN_STOCK
    latest = session.exec(
        select(Disposal.kind)
        .where(Disposal.item_id == item.id)
        .order_by(col(Disposal.sold_on).desc(), col(Disposal.id).desc())
        .limit(1)
    ).first()
    return item.status if latest is None else outcome_of(latest)


def disposal_bounds(*, session: Session, item_id: int) -> tuple[int, dt.date | None]:
    """The units disposed of from an item (undone disposals are gone) and the first day
    any left it (or first went on sale on a disposal's channel); None: none yet."""
    units, first_sold, first_listed = session.exec(
        select(
            func.coalesce(func.sum(Disposal.qty), 0),
            func.min(Disposal.sold_on),
            func.min(Disposal.listed_on),
        ).where(Disposal.item_id == item_id)
    ).one()
    days = [day for day in (first_sold, first_listed) if day is not None]
    return int(units), min(days, default=None)


def _event_data(disposal: Disposal, item: Item, *figures: str) -> dict[str, Any]:
    """What a disposal event records: which disposal, the named figures, the new status."""
    data = {"disposal_id": disposal.id, "channel": disposal.channel, "qty": disposal.qty}
    data.update({name: getattr(disposal, name) for name in figures})
    return {**data, "status": item.status}


def lot_cost_taken(*, session: Session, item: Item, qty: int) -> int:
    """The cost of the next ``qty`` units of ``item``: unit cost each, and one yen more
    for each of the lot's first units that still carry its ``cost_remainder`` (the
    units disposed of before took theirs)."""
    if not item.cost_remainder:
        return item.unit_cost * qty
    cost, units = session.exec(
        select(func.coalesce(func.sum(Disposal.cost_basis), 0),
               func.coalesce(func.sum(Disposal.qty), 0)).where(Disposal.item_id == item.id)
    ).one()  # fmt: skip
    left = max(item.cost_remainder - (int(cost) - item.unit_cost * int(units)), 0)
    return item.unit_cost * qty + min(qty, left)


def lot_remainders(connection: Connection, as_of: dt.date) -> dict[int, int]:
    """For each lot bought with a total cost: the yen of its remainder still held at the
    end of ``as_of`` (what its units disposed of by then did not take; a disposal undone
    after its period closed took its share until the day it was undone)."""
    disposals, items, reversals = Disposal.__table__, Item.__table__, JournalReversal.__table__
    out = union_all(
        select(disposals.c.item_id, disposals.c.cost_basis, disposals.c.qty)
        .where(disposals.c.sold_on <= as_of),
        select(reversals.c.item_id, reversals.c.cost_basis, reversals.c.qty)
        .where(reversals.c.sold_on <= as_of, reversals.c.reversed_on > as_of),
    ).subquery("out_of_stock")  # fmt: skip
    taken = func.coalesce(func.sum(out.c.cost_basis - out.c.qty * items.c.unit_cost), 0)
    query = (
        select(items.c.id, items.c.cost_remainder - taken)
        .join_from(items, out, out.c.item_id == items.c.id, isouter=True)
        .where(items.c.cost_remainder > 0)
        .group_by(items.c.id, items.c.cost_remainder, items.c.unit_cost)
    )
    rows = connection.execute(query)
    return {int(item_id): max(int(left), 0) for item_id, left in rows}


def has_disposals(*, session: Session, item_id: int) -> bool:
    """Whether any disposal is recorded for the item."""
    return (
        session.exec(select(Disposal.id).where(Disposal.item_id == item_id).limit(1)).first()
        is not None
    )


def read_disposals(
    connection: Connection,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    dated_by: str = "sold_on",
) -> dict[str, np.ndarray]:
    """Disposals (sold on ``start``…``end`` inclusive when given; ``dated_by=
    "booked_on"``: booked then) with their item's title and category, oldest first, as
    columns."""
    disposals, items = Disposal.__table__, Item.__table__
    day = disposals.c[{"sold_on": "sold_on", "booked_on": "booked_on"}[dated_by]]
    query = (
        select(*(disposals.c[name] for name in DISPOSAL_COLUMNS), items.c.title, items.c.category)
        .join_from(disposals, items, items.c.id == disposals.c.item_id)
        .order_by(day, disposals.c.id)
    )
    if start is not None:
        query = query.where(day >= start)
    if end is not None:
        query = query.where(day <= end)
    return read_columns(connection, query)


def recent_disposals(
    *, session: Session, channel: str, limit: int
) -> Sequence[tuple[int, int, int, dt.date, dt.date, str | None]]:
    """A channel's last ``limit`` disposals: (price, qty, reference price, sold on, the
    day it was listed on that channel or None, the item's category), newest first. Read
    by index, so it costs the same with a million disposals as with ten."""
    return session.exec(
        select(
            Disposal.price,
            Disposal.qty,
            Disposal.reference_price,
            Disposal.sold_on,
            Disposal.listed_on,
            Item.category,
        )
        .join(Item, col(Item.id) == Disposal.item_id)
        .where(Disposal.channel == channel)
        .order_by(col(Disposal.id).desc())
        .limit(limit)
    ).all()


def open_listings(*, session: Session, channel: str, limit: int) -> Sequence[dt.date]:
    """The listing days of items on sale on ``channel`` now (the newest ``limit``)."""
    return session.exec(
        select(Item.listed_on)
        .where(Item.status == ItemStatus.LISTED, Item.listed_channel == channel)
        .where(col(Item.listed_on).is_not(None))
        .order_by(col(Item.id).desc())
        .limit(limit)
    ).all()


def check_not_disposed(item: Item) -> None:
    """An item whose every unit is gone cannot be sold or listed again."""
    if item.status in GONE_STATUSES or item.qty == 0:
        from liquidator.render import status_word

        raise InvalidInput(
            "ID",
            _("item {id} is already {status}").format(id=item.id, status=status_word(item.status)),
        )
