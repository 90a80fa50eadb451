"""Disposals: record what a sale, return, buy-back or write-off brought back, and undo it.

What a channel does to an item (its status once sold out, whether it can be listed) is
data on the channel's settings, never its name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from liquidator.bookkeeping.evidence import ExportEvidence, booked_parts
from liquidator.disposal_facts import BOOKED, RECORDED, facts_of
from liquidator.errors import InvalidInput, LiquidatorError, NotFound, items_not_found
from liquidator.i18n import _
from liquidator.parsing import MAX_INT, check_choice

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.db import Database
    from liquidator.models import Item
    from liquidator.settings import Settings


@dataclass(frozen=True)
class SaleIn:
    """A disposal as the seller states it; fees/shipping None mean "estimate them"."""

    channel: str
    unit_price: int
    qty: int | None
    sold_on: dt.date
    fees: int | None = None
    shipping: int | None = None
    note: str | None = None
    # The whole lot's price (a set sold at one price); replaces unit_price × qty.
    total: int | None = None
    # The part of ``fees`` that is the payout's currency conversion (None: estimated
    # from the channel's payout_rate).
    payout_fee: int | None = None
    # The evidence of an export (``ExportEvidence``), None for a domestic sale.
    evidence: ExportEvidence | None = None
    # The day it is recorded (None: its sale day): a sale dated in a closed period is
    # booked on this day.
    made_on: dt.date | None = None


def check_channel(settings: Settings, channel: str, *, listing: bool = False) -> None:
    """A channel the seller can use now (enabled; for a listing, one that sells)."""
    from liquidator.settings.channels import check_switched_on

    check_switched_on(settings.channels, channel, "channel")
    allowed = [
        name
        for name, c in settings.channels.items()
        if c.enabled and (not listing or (c.scored and not c.last_resort))
    ]
    check_choice(channel, allowed, "channel")


def _item(session: Session, item_id: int) -> Item:
    from liquidator.store.items import get_item

    item = get_item(session=session, item_id=item_id)
    if item is None:
        raise items_not_found([item_id])
    return item


def estimate_sale_costs(
    item: Item, sale: SaleIn, qty: int, *, settings: Settings
) -> tuple[int, int]:
    """The channel model's fees and shipping for this sale (totals for its units)."""
    from liquidator.item_output import SCORED_STORED
    from liquidator.scoring import estimate_fees, estimate_shipping

    price = sale.unit_price * qty if sale.total is None else sale.total
    fees = estimate_fees(settings, sale.channel, price, item.category or "", qty=qty)
    # The lot as scoring sees it (``item_output``: what it reads of an item), these units.
    lot = {name: getattr(item, name) for name in SCORED_STORED} | {"qty": qty}
    shipping = estimate_shipping(settings, sale.channel, lot, price=price)
    return fees, shipping


def record_sale(
    *, session: Session, item_id: int, sale: SaleIn, settings: Settings
) -> dict[str, Any]:
    """Record a disposal of ``sale.qty`` units (all in stock when None). Caller commits.

    Fees and shipping not given are the channel model's estimate, and the result's
    ``estimated`` says which. Returns the disposal as JSON-ready data with the item's
    new ``status`` and ``qty_left``.
    """
    from liquidator.bookkeeping.periods import booking_day
    from liquidator.store.disposals import check_not_disposed, insert_disposal, lot_cost_taken

    check_channel(settings, sale.channel)
    item = _item(session, item_id)
    check_not_disposed(item)
    qty = item.qty if sale.qty is None else sale.qty
    if qty < 1:
        raise InvalidInput("qty", _("must be at least 1, got {qty}").format(qty=qty))
    if qty > item.qty:
        raise InvalidInput(
            "qty",
            _("item {id} has {stock} in stock, cannot dispose of {qty}").format(
                id=item.id, stock=item.qty, qty=qty
            ),
        )
    if sale.sold_on < item.purchased_on:
        raise InvalidInput(
            "date",
            _("{day} is before the item was bought ({bought})").format(
                day=sale.sold_on, bought=item.purchased_on
            ),
        )
    channel = settings.channels[sale.channel]
    estimated_fees, estimated_shipping = estimate_sale_costs(item, sale, qty, settings=settings)
    fees = estimated_fees if sale.fees is None else sale.fees
    shipping = estimated_shipping if sale.shipping is None else sale.shipping
    for field, amount in (("price", sale.unit_price), ("fees", fees), ("shipping", shipping)):
        if amount < 0:
            raise InvalidInput(field, _("must not be negative, got {value}").format(value=amount))
    price = sale.unit_price * qty if sale.total is None else sale.total
    books = booked_parts(channel, sale, price, fees, shipping)
    net_cash = price - fees - shipping
    cost_basis = lot_cost_taken(session=session, item=item, qty=qty)
    # Every stored total must fit the databases' INTEGER columns (PostgreSQL's are 32-bit).
    if any(abs(total) > MAX_INT for total in (price, net_cash, cost_basis, net_cash - cost_basis)):
        raise InvalidInput(
            "price",
            _(
                "{qty:,} × ¥{price:,} (cost ¥{cost:,}) is too large to record; "
                "totals are limited to ¥{maximum:,}"
            ).format(qty=qty, price=sale.unit_price, cost=cost_basis, maximum=MAX_INT),
        )
    values = {
        "channel": sale.channel,
        "qty": qty,
        "price": price,
        "fees": fees,
        "shipping": shipping,
        "net_cash": net_cash,
        "cost_basis": cost_basis,
        "profit": net_cash - cost_basis,
        # A refund is measured against cost; a sale against the market price.
        "reference_price": item.unit_cost
        if channel.price_basis == "cost"
        else item.market_price or item.unit_cost,
        "sold_on": sale.sold_on,
        "listed_on": item.listed_on if item.listed_channel == sale.channel else None,
        "note": sale.note,
        # What it is, as the channel's settings say today: kept with it for good.
        **facts_of(channel),
        **books,
        "booked_on": booking_day(session, sale.sold_on, sale.made_on or sale.sold_on),
    }
    disposal = insert_disposal(session=session, item=item, values=values)
    estimated = [
        name for name, given in (("fees", sale.fees), ("shipping", sale.shipping)) if given is None
    ]
    return disposal_public(disposal.model_dump() | {"title": item.title}) | {
        "status": item.status,
        "qty_left": item.qty,
        "estimated": estimated,
    }


def mark_listed(
    *,
    session: Session,
    item_id: int,
    channel: str,
    price: int,
    listed_on: dt.date,
    settings: Settings,
    listing_id: str | None = None,
) -> Item:
    """Mark an item as on sale at a channel. Caller commits.

    ``listing_id``: the site's number for the listing (an eBay ItemID, which a price
    revision names); None keeps the one recorded for a listing on the same channel."""
    from liquidator.store.disposals import check_not_disposed, set_listing

    check_channel(settings, channel, listing=True)
    item = _item(session, item_id)
    check_not_disposed(item)
    if listed_on < item.purchased_on:
        raise InvalidInput(
            "date",
            _("{day} is before the item was bought ({bought})").format(
                day=listed_on, bought=item.purchased_on
            ),
        )
    if price < 0:
        raise InvalidInput("price", _("must not be negative, got {value}").format(value=price))
    if listing_id is not None:
        from liquidator.fields import TEXT_MAX
        from liquidator.parsing import clean_text

        listing_id = clean_text(listing_id, "listing_id", max_length=TEXT_MAX) or None
    set_listing(session=session, item=item, channel=channel, price=price, listed_on=listed_on,
                listing_id=listing_id)  # fmt: skip
    return item


def undo_sale(*, session: Session, disposal_id: int, made_on: dt.date | None = None) -> Item:
    """Reverse a disposal: its units go back into stock. Caller commits.

    When its journal entry is in a period already closed (``bookkeeping.periods``), the
    entry stays in the books and a reversing entry (赤伝) is booked on ``made_on`` (the
    day it is undone; default: its sale day)."""
    from liquidator.bookkeeping.periods import keep_reversal
    from liquidator.store.disposals import delete_disposal, get_disposal

    disposal = get_disposal(session=session, disposal_id=disposal_id)
    if disposal is None:
        undone = _undone_on(session=session, disposal_id=disposal_id)
        if undone is not None:
            raise LiquidatorError(
                _("disposal {id} was already undone on {day}").format(id=disposal_id, day=undone)
            )
        raise NotFound(_("disposal {id} not found").format(id=disposal_id))
    title = _item(session, disposal.item_id).title
    keep_reversal(session, disposal, title, made_on or disposal.sold_on)
    return delete_disposal(session=session, disposal=disposal)


def _undone_on(*, session: Session, disposal_id: int) -> dt.date | None:
    """The day disposal ``disposal_id`` was undone (its record is gone; the item's
    history keeps the undoing), or None when it never was."""
    import json

    from sqlmodel import select

    from liquidator.models import Event

    undoings = session.exec(select(Event).where(Event.kind == "disposal_undone")).all()
    for event in undoings:
        if json.loads(event.data).get("disposal_id") == disposal_id:
            return event.at.date()
    return None


# A disposal as commands print it in JSON, in this order: what it brought, then what it
# was as recorded (disposal_facts.RECORDED).
PUBLIC_DISPOSAL = ("id", "item_id", "title", "channel", "qty", "price", "fees", "shipping",
                   "net_cash", "cost_basis", "profit", "reference_price", "sold_on", "note",
                   *RECORDED, *BOOKED)  # fmt: skip


def disposal_public(values: Mapping[str, Any]) -> dict[str, Any]:
    """A disposal (its columns and its item's ``title``) as commands print it in JSON."""
    data = {name: values.get(name) for name in PUBLIC_DISPOSAL}
    for day in ("sold_on", "booked_on", "rate_date"):
        if data[day] is not None and hasattr(data[day], "isoformat"):
            data[day] = data[day].isoformat()
    return data


def disposals_public(columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The columns ``store.disposals.read_disposals`` gives, one JSON-ready dict a row."""
    lists = [columns[name].tolist() for name in PUBLIC_DISPOSAL]
    return [
        disposal_public(dict(zip(PUBLIC_DISPOSAL, row, strict=True)))
        for row in zip(*lists, strict=True)
    ]


def sale_from_text(
    typed: Mapping[str, str | None], *, today: dt.date, made_on: dt.date | None = None
) -> SaleIn:
    """A disposal as typed: ``channel``, and as text ``price`` (per unit) or ``total``
    (the whole lot, one of the two; an export's ``usd`` at its ``rate`` stands for the
    total when neither is given), ``qty`` (all in stock when None), ``date`` (today when
    None, never later), ``fees`` and ``shipping`` (estimated when None), ``fx_fee`` (the
    part of the fees that is the payout's conversion), ``note``, and an export's
    evidence (``ship_to``, ``carrier``, ``tracking``, ``usd``, ``rate``, ``rate_date``).
    ``made_on``: the day it is recorded (its sale day when None), which books a sale
    into a period already closed on that day."""
    from liquidator.bookkeeping.evidence import parse_evidence, yen_of
    from liquidator.fields import MAX_QTY, NOTE_MAX
    from liquidator.parsing import clean_text, parse_date, parse_event_date, parse_int

    def amount(name: str, **limits: int) -> int | None:
        value = typed.get(name)
        return None if value is None else parse_int(value, name, **limits)

    sold_on = parse_event_date(typed.get("date"), "date", today)
    rate_date = typed.get("rate_date")
    evidence = parse_evidence(
        ship_to=typed.get("ship_to"), carrier=typed.get("carrier"),
        tracking=typed.get("tracking"), usd=typed.get("usd"), rate=typed.get("rate"),
        rate_date=None if rate_date is None else parse_date(rate_date, "rate_date"),
        sold_on=sold_on,
    )  # fmt: skip
    total = amount("total", minimum=0)
    if typed.get("price") is None and total is None:
        total = yen_of(evidence)
    if (typed.get("price") is None) == (total is None):
        raise InvalidInput("price", _("give --price (per unit) or --total (the whole lot)"))
    note = typed.get("note")
    return SaleIn(
        channel=typed["channel"],
        unit_price=amount("price", minimum=0) or 0,
        total=total,
        qty=amount("qty", minimum=1, maximum=MAX_QTY),
        sold_on=sold_on,
        fees=amount("fees", minimum=0),
        shipping=amount("shipping", minimum=0),
        note=None if note is None else clean_text(note, "note", max_length=NOTE_MAX),
        payout_fee=amount("fx_fee", minimum=0),
        evidence=evidence,
        made_on=made_on,
    )


def sell_item(
    *,
    database: Database,
    item_id: int,
    typed: Mapping[str, str | None],
    today: dt.date,
    settings: Settings,
    made_on: dt.date | None = None,
) -> dict[str, Any]:
    """``sell``: the disposal as typed (``sale_from_text``), checked before the database
    is opened, then recorded (``record_sale``) in one transaction."""
    sale = sale_from_text(typed, today=today, made_on=made_on)
    with database.transaction() as session:
        return record_sale(session=session, item_id=item_id, sale=sale, settings=settings)


def record_listing(
    *,
    database: Database,
    item_id: int,
    channel: str,
    price: str,
    date: str | None,
    today: dt.date,
    settings: Settings,
    listing_id: str | None = None,
) -> dict[str, Any]:
    """``listed``: the asking price per unit and the day (``today`` when None) as typed,
    checked, then the listing recorded (``mark_listed``, with the site's ``listing_id``
    when given); returns the item as JSON."""
    from liquidator.items import item_public
    from liquidator.parsing import parse_event_date, parse_int

    asking = parse_int(price, "price", minimum=0)
    listed_on = parse_event_date(date, "date", today)
    with database.transaction() as session:
        item = mark_listed(session=session, item_id=item_id, channel=channel, price=asking,
                           listed_on=listed_on, settings=settings,
                           listing_id=listing_id)  # fmt: skip
        return item_public(item, listed_on)


def disposals_between(
    *, database: Database, start: str | None = None, end: str | None = None
) -> list[dict[str, Any]]:
    """``sales``: the disposals dated ``start``…``end`` (as typed, either open) as JSON,
    oldest first; the dates are checked before the database is opened."""
    from liquidator.parsing import check_range, parse_date
    from liquidator.store.disposals import read_disposals

    first = None if start is None else parse_date(start, "start")
    last = None if end is None else parse_date(end, "end")
    check_range(first, last)
    with database.session() as session:
        return disposals_public(read_disposals(session.connection(), start=first, end=last))


def undo_disposal(*, database: Database, disposal_id: int, as_of: dt.date) -> dict[str, Any]:
    """``sales undo``: reverse the disposal on ``as_of`` (``undo_sale``: a reversing
    entry that day when its period is closed); returns ``{undone, item}`` with the item
    as JSON as of ``as_of``."""
    from liquidator.items import item_public

    with database.transaction() as session:
        item = undo_sale(session=session, disposal_id=disposal_id, made_on=as_of)
        return {"undone": disposal_id, "item": item_public(item, as_of)}
