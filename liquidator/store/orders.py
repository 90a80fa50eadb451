"""Orders and cancellations in the database: report imports, desk cases, the cancel rate.

The parsing and the deciding are pure and live elsewhere (``amazon_orders``,
``cancel_desk``, ``cancel_rate``); this module saves their results and reads them back.
Every function takes the session and leaves committing to the caller, so an import is
one transaction: all rows or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from liquidator.cancel_rate import compute_cancel_rate
from liquidator.errors import LiquidatorError
from liquidator.events import record_event
from liquidator.i18n import _
from liquidator.models import Cancellation, Item, Order, utcnow
from liquidator.store.items import chunks
from liquidator.vocab import DeskDecision

if TYPE_CHECKING:
    from liquidator.amazon_orders import OrdersReport
    from liquidator.cancel_desk import Decision
    from liquidator.settings import Settings

# Report fields copied onto the order row; a newer report line replaces them all.
_ORDER_FIELDS = (
    "merchant_order_id",
    "purchase_date",
    "purchased_on",
    "last_updated",
    "status",
    "fulfillment_channel",
    "sales_channel",
    "product_name",
    "sku",
    "asin",
    "quantity",
    "currency",
    "item_price",
    "buyer_requested",
    "lines",
)
_OPTIONAL_TEXT = (
    "merchant_order_id",
    "fulfillment_channel",
    "sales_channel",
    "product_name",
    "sku",
    "asin",
    "currency",
)


def _order_values(order: dict) -> dict[str, Any]:
    values = {name: order.get(name) for name in _ORDER_FIELDS}
    for name in _OPTIONAL_TEXT:
        values[name] = values[name] or None  # the parser gives "" for an absent column
    values["lines"] = values["lines"] or 1
    return values


def _as_utc(stamp: dt.datetime) -> dt.datetime:
    # SQLite hands back what it stored without an offset; it was stored as UTC.
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp


def save_orders(
    *, session: Session, report: OrdersReport, source: str | None = None, actor: str | None = None
) -> dict[str, int]:
    """Save a parsed order report, keyed by ``amazon_order_id``. Caller commits.

    A new order is inserted; a known one is updated only when the report's
    ``last_updated`` is newer than the stored one, so re-importing a file (or an older
    one) changes nothing. Returns ``rows`` and ``orders`` (read from the report),
    ``cancelled`` (cancelled orders in the report), ``new`` and ``updated``. One event
    records the import when it changed anything.
    """
    orders = report.orders
    ids = [order["amazon_order_id"] for order in orders]
    existing: dict[str, Order] = {}
    for chunk in chunks(ids):
        for stored in session.exec(select(Order).where(col(Order.amazon_order_id).in_(chunk))):
            existing[stored.amazon_order_id] = stored

    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    updated = 0
    for order in orders:
        values = _order_values(order)
        stored = existing.get(order["amazon_order_id"])
        if stored is None:
            new_rows.append(
                values
                | {
                    "amazon_order_id": order["amazon_order_id"],
                    "imported_at": now,
                    "updated_at": now,
                }
            )
        elif values["last_updated"] > _as_utc(stored.last_updated):
            for name, value in values.items():
                setattr(stored, name, value)
            stored.updated_at = now
            session.add(stored)
            updated += 1
    with unless_collided("order import"):
        if new_rows:
            session.execute(insert(Order.__table__), new_rows)
        session.flush()
    summary = {
        "rows": report.rows,
        "orders": len(orders),
        "cancelled": report.cancelled,
        "new": len(new_rows),
        "updated": updated,
    }
    if new_rows or updated:
        record_event(
            session=session,
            kind="orders_imported",
            item_id=None,
            data=({"file": source} if source else {}) | summary,
            actor=actor,
        )
    return summary


@contextmanager
def unless_collided(what: str) -> Iterator[None]:
    """Turn a unique-key clash into one clear error (the caller's transaction rolls back)."""
    try:
        yield
    except IntegrityError:
        # Keys were checked first; only another process importing the same rows at the
        # same moment gets here (PostgreSQL; SQLite queues writers).
        raise LiquidatorError(
            _(
                "{what}: another process saved some of the same rows at the same time; "
                "nothing was imported, run it again"
            ).format(what=what)
        ) from None


def get_order(*, session: Session, amazon_order_id: str) -> Order | None:
    """The imported order with this id, or None."""
    return session.exec(select(Order).where(Order.amazon_order_id == amazon_order_id)).first()


def item_ids_for_order(*, session: Session, order_id: str) -> list[int]:
    """Ids of the items already recorded for this order, oldest first."""
    query = select(Item.id).where(Item.order_id == order_id).order_by(col(Item.id))
    return list(session.exec(query).all())


def record_cancellation(
    *,
    session: Session,
    order_id: str,
    decision: Decision,
    reason: str,
    as_of: dt.date,
    message: str,
    stage: str | None = None,
    via: str | None = None,
    in_hand: bool = False,
    seller: bool = False,
    buyer: str | None = None,
    item_id: int | None = None,
    actor: str | None = None,
) -> Cancellation:
    """Record one desk case and its event (linked to ``item_id`` when it made one).

    Caller commits; ``decision`` is what :func:`liquidator.cancel_desk.decide` returned
    for the same ``stage``, ``via``, ``reason``, ``in_hand`` and ``seller``.
    """
    case = Cancellation(
        order_id=order_id,
        recorded_on=as_of,
        stage=stage,
        via=None if seller else via,
        reason=reason,
        in_hand=in_hand,
        seller=seller,
        decision=decision.decision,
        template=decision.template,
        counts_against_rate=decision.counts_against_rate,
        buyer_requested=decision.buyer_requested,
        cancels_order=decision.cancels_order,
        buyer=buyer,
        item_id=item_id,
        message=message,
    )
    session.add(case)
    session.flush()
    record_event(
        session=session,
        kind="cancellation",
        item_id=item_id,
        data={
            "cancellation_id": case.id,
            "order_id": case.order_id,
            "decision": case.decision,
            "stage": stage,
            "via": case.via,
            "reason": reason,
            "in_hand": in_hand,
            "counts_against_rate": case.counts_against_rate,
        },
        actor=actor,
    )
    return case


def offered_to_ship(*, session: Session, order_id: str) -> bool:
    """Whether the desk already offered to ship this order (a second case is the buyer
    insisting)."""
    return (
        session.exec(
            select(Cancellation.id)
            .where(
                Cancellation.order_id == order_id,
                Cancellation.decision == DeskDecision.OFFER_TO_SHIP,
            )
            .limit(1)
        ).first()
        is not None
    )


def has_order_data(*, session: Session) -> bool:
    """Whether any Amazon order report has been imported."""
    return session.exec(select(Order.id).limit(1)).first() is not None


def _desk_flags(session: Session) -> dict[str, tuple[bool, dt.date]]:
    """Per order id: (seller cancelled?, day recorded) from its latest cancelling case.

    Only cases that cancel the order decide who cancelled it; a later reply (decline,
    ask-formal-request) does not undo a cancellation.
    """
    flags: dict[str, tuple[bool, dt.date]] = {}
    cases = session.exec(
        select(Cancellation.order_id, Cancellation.counts_against_rate, Cancellation.recorded_on)
        .where(col(Cancellation.cancels_order).is_(True))
        .order_by(col(Cancellation.created_at), col(Cancellation.id))
    )
    for order_id, counts, recorded_on in cases:
        flags[order_id] = (bool(counts), recorded_on)
    return flags


def cancel_rate(
    *, session: Session, as_of: dt.date, window_days: int, settings: Settings
) -> dict[str, Any]:
    """The cancel rate over ``window_days`` ending at ``as_of`` (see ``cancel_rate``).

    Orders come from imported reports; the desk's latest cancelling case for an order
    says who cancelled it. A desk case for an order no report lists yet counts as an
    order placed on the day the case was recorded, so a seller cancellation is never
    missed because the report is older than the case.
    """
    limits = {
        "private_limit": settings.cancel_rate.private_limit,
        "amazon_limit": settings.cancel_rate.amazon_limit,
    }
    # An empty run validates the window and gives its first and last day.
    bounds = compute_cancel_rate([], as_of=as_of, window_days=window_days, **limits)
    start, end = dt.date.fromisoformat(bounds["start"]), dt.date.fromisoformat(bounds["end"])

    desk = _desk_flags(session)
    rows = session.exec(
        select(
            Order.amazon_order_id,
            Order.purchased_on,
            Order.status,
            Order.buyer_requested,
            Order.fulfillment_channel,
        ).where(col(Order.purchased_on) >= start, col(Order.purchased_on) <= end)
    ).all()
    orders: list[dict[str, Any]] = []
    for order_id, purchased_on, status, buyer_requested, channel in rows:
        flag = desk.get(order_id)
        orders.append(
            {
                "purchase_date": purchased_on,
                "status": status,
                "buyer_requested": buyer_requested,
                "fulfillment_channel": channel,
                "seller_cancelled_flag": None if flag is None else flag[0],
            }
        )
    in_window = {row[0] for row in rows}
    unlisted = [
        (order_id, flag)
        for order_id, flag in desk.items()
        if start <= flag[1] <= end and order_id not in in_window
    ]
    if unlisted:
        known = _known_order_ids(session, [order_id for order_id, _row in unlisted])
        orders.extend(
            {"purchase_date": recorded_on, "status": "", "seller_cancelled_flag": seller}
            for order_id, (seller, recorded_on) in unlisted
            if order_id not in known
        )
    return compute_cancel_rate(orders, as_of=as_of, window_days=window_days, **limits)


def _known_order_ids(session: Session, order_ids: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in chunks(order_ids):
        known.update(
            session.exec(select(Order.amazon_order_id).where(col(Order.amazon_order_id).in_(chunk)))
        )
    return known
