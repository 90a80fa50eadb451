"""Disposals: record what a sale, return, buy-back or write-off brought back, and undo it."""

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from liquidator.errors import InvalidInput
from liquidator.events import record_event
from liquidator.models import DISPOSAL_OUTCOME, Disposal, Item, utcnow
from liquidator.parsing import MAX_INT

WRITEOFF = "writeoff"
DISPOSED = ("sold", "returned", "written_off")


@dataclass(frozen=True)
class SaleIn:
    """A disposal as the seller states it; fees/shipping None mean "estimate them"."""

    channel: str
    unit_price: int
    qty: int
    sold_on: dt.date
    fees: int | None = None
    shipping: int | None = None
    note: str | None = None


def check_channel(channel: str, enabled: list[str], *, allow_writeoff: bool = True) -> None:
    """A channel the seller can use now (or ``writeoff``)."""
    allowed = [*enabled, WRITEOFF] if allow_writeoff else list(enabled)
    if channel not in allowed:
        raise InvalidInput("--channel", f"{channel!r} is not one of {', '.join(allowed)}")


def record_sale(
    *, session: Session, item: Item, sale: SaleIn, fees: int, shipping: int
) -> Disposal:
    """Record a disposal of ``sale.qty`` units and update the item. Caller commits.

    ``fees`` and ``shipping`` are the totals to book (given or estimated by the caller).
    """
    if item.status in DISPOSED or item.qty == 0:
        raise InvalidInput("ID", f"item {item.id} is already {item.status.replace('_', ' ')}")
    if sale.qty < 1:
        raise InvalidInput("--qty", f"must be at least 1, got {sale.qty}")
    if sale.qty > item.qty:
        raise InvalidInput(
            "--qty", f"item {item.id} has {item.qty} in stock, cannot dispose of {sale.qty}"
        )
    if sale.sold_on < item.purchased_on:
        raise InvalidInput(
            "--date", f"{sale.sold_on} is before the item was bought ({item.purchased_on})"
        )
    for field, amount in (("--price", sale.unit_price), ("--fees", fees), ("--shipping", shipping)):
        if amount < 0:
            raise InvalidInput(field, f"must not be negative, got {amount}")
    price = sale.unit_price * sale.qty
    net_cash = price - fees - shipping
    cost_basis = item.unit_cost * sale.qty
    # Every stored total must fit the databases' INTEGER columns (PostgreSQL's are 32-bit).
    if any(abs(total) > MAX_INT for total in (price, net_cash, cost_basis, net_cash - cost_basis)):
        raise InvalidInput(
            "--price",
            f"{sale.qty:,} × ¥{sale.unit_price:,} (cost ¥{cost_basis:,}) is too large to "
            f"record; totals are limited to ¥{MAX_INT:,}",
        )
    disposal = Disposal(
        item_id=item.id,
        channel=sale.channel,
        qty=sale.qty,
        price=price,
        fees=fees,
        shipping=shipping,
        net_cash=net_cash,
        cost_basis=cost_basis,
        profit=net_cash - cost_basis,
        reference_price=item.market_price or item.unit_cost,
        sold_on=sale.sold_on,
        note=sale.note,
    )
    session.add(disposal)
    item.qty -= sale.qty
    if item.qty == 0:
        item.status = DISPOSAL_OUTCOME.get(sale.channel, "sold")
    item.updated_at = utcnow()
    session.add(item)
    session.flush()
    record_event(
        session=session,
        kind="disposed",
        item_id=item.id,
        data={
            "disposal_id": disposal.id,
            "channel": disposal.channel,
            "qty": disposal.qty,
            "price": price,
            "fees": fees,
            "shipping": shipping,
            "net_cash": net_cash,
            "sold_on": disposal.sold_on,
            "status": item.status,
        },
    )
    return disposal


def mark_listed(
    *, session: Session, item: Item, channel: str, price: int, listed_on: dt.date
) -> None:
    """Mark an item as on sale at a channel. Caller commits."""
    if item.status in DISPOSED:
        raise InvalidInput("ID", f"item {item.id} is already {item.status.replace('_', ' ')}")
    if listed_on < item.purchased_on:
        raise InvalidInput(
            "--date", f"{listed_on} is before the item was bought ({item.purchased_on})"
        )
    if price < 0:
        raise InvalidInput("--price", f"must not be negative, got {price}")
    item.status = "listed"
    item.listed_channel, item.listed_price, item.listed_on = channel, price, listed_on
    item.updated_at = utcnow()
    session.add(item)
    record_event(
        session=session,
        kind="listed",
        item_id=item.id,
        data={"channel": channel, "price": price, "listed_on": listed_on},
    )


def get_disposal(*, session: Session, disposal_id: int) -> Disposal | None:
    """The disposal with this id, or None."""
    from liquidator.items import ID_RANGE

    if disposal_id not in ID_RANGE:
        return None
    return session.get(Disposal, disposal_id)


def list_disposals(
    *, session: Session, start: dt.date | None = None, end: dt.date | None = None
) -> list[tuple[Disposal, str]]:
    """Disposals with their item's title, oldest first, optionally within dates."""
    query = select(Disposal, Item.title).join(Item, col(Item.id) == col(Disposal.item_id))
    if start is not None:
        query = query.where(col(Disposal.sold_on) >= start)
    if end is not None:
        query = query.where(col(Disposal.sold_on) <= end)
    return list(session.exec(query.order_by(col(Disposal.sold_on), col(Disposal.id))).all())


def undo_disposal(*, session: Session, disposal: Disposal) -> Item:
    """Reverse a disposal: the units go back into stock. Caller commits."""
    item = session.get(Item, disposal.item_id)
    item.qty += disposal.qty
    item.status = "listed" if item.listed_channel else "in_stock"
    item.updated_at = utcnow()
    session.add(item)
    record_event(
        session=session,
        kind="disposal_undone",
        item_id=item.id,
        data={
            "disposal_id": disposal.id,
            "channel": disposal.channel,
            "qty": disposal.qty,
            "net_cash": disposal.net_cash,
            "status": item.status,
        },
    )
    session.delete(disposal)
    return item


def disposal_public(disposal: Disposal, title: str | None = None) -> dict:
    """A disposal as commands print it in JSON."""
    data = {"id": disposal.id, "item_id": disposal.item_id}
    if title is not None:
        data["title"] = title
    data |= disposal.model_dump(exclude={"id", "item_id", "created_at"})
    data["sold_on"] = disposal.sold_on.isoformat()
    return data
