"""Database tables and their model families (the full-stack-fastapi-template shape).

``ItemBase`` holds the fields a seller gives; ``ItemCreate``/``ItemUpdate`` are what the
core accepts; ``Item`` is the table; ``ItemPublic`` is what commands print.
Money is integer yen everywhere.
"""

import datetime as dt

from sqlmodel import Field, SQLModel

ITEM_STATUSES = ("in_stock", "listed", "sold", "returned", "written_off")
TITLE_MAX = 500
NOTE_MAX = 10_000
TEXT_MAX = 200


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ItemBase(SQLModel):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    qty: int = Field(ge=0)
    unit_cost: int = Field(gt=0)
    purchased_on: dt.date
    size_class: int
    length_cm: float | None = None
    width_cm: float | None = None
    height_cm: float | None = None
    weight_g: int | None = Field(default=None, gt=0)
    sku: str | None = Field(default=None, max_length=TEXT_MAX)
    asin: str | None = Field(default=None, max_length=TEXT_MAX)
    jan: str | None = Field(default=None, max_length=TEXT_MAX)
    category: str | None = Field(default=None, max_length=TEXT_MAX)
    source: str | None = Field(default=None, max_length=TEXT_MAX)
    order_id: str | None = Field(default=None, max_length=TEXT_MAX, index=True)
    market_price: int | None = Field(default=None, gt=0)
    return_by: dt.date | None = None
    hazmat: bool = False
    note: str | None = Field(default=None, max_length=NOTE_MAX)


class ItemCreate(ItemBase):
    qty: int = Field(default=1, ge=1)
    import_key: str | None = None


class ItemUpdate(SQLModel):
    """Fields an edit may change; None means "leave as it is"."""

    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    qty: int | None = Field(default=None, ge=1)
    unit_cost: int | None = Field(default=None, gt=0)
    purchased_on: dt.date | None = None
    size_class: int | None = None
    length_cm: float | None = None
    width_cm: float | None = None
    height_cm: float | None = None
    weight_g: int | None = Field(default=None, gt=0)
    sku: str | None = None
    asin: str | None = None
    jan: str | None = None
    category: str | None = None
    source: str | None = None
    order_id: str | None = None
    market_price: int | None = Field(default=None, gt=0)
    return_by: dt.date | None = None
    hazmat: bool | None = None
    note: str | None = Field(default=None, max_length=NOTE_MAX)


class Item(ItemBase, table=True):
    __tablename__ = "items"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default="in_stock", index=True)
    listed_channel: str | None = None
    listed_price: int | None = None
    listed_on: dt.date | None = None
    import_key: str | None = Field(default=None, unique=True)
    recorded_on: dt.date  # the working date the record was made (--as-of aware)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class ItemPublic(ItemBase):
    id: int
    status: str
    days_held: int
    dims: str | None
    listed_channel: str | None = None
    listed_price: int | None = None
    listed_on: dt.date | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class Event(SQLModel, table=True):
    """One line of the append-only log: who changed what, when.

    ``item_id`` is a plain column, not a foreign key, so an item's history outlives it.
    """

    __tablename__ = "events"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int | None = Field(default=None, index=True)
    at: dt.datetime = Field(default_factory=utcnow)
    actor: str
    kind: str
    data: str = "{}"


DISPOSAL_OUTCOME = {"supplier_return": "returned", "writeoff": "written_off"}  # else "sold"


class Disposal(SQLModel, table=True):
    """What one sale, return, buy-back or write-off actually brought back.

    ``price``, ``fees`` and ``shipping`` are totals for the ``qty`` units; the
    reference price (market price, else unit cost, per unit) is kept as it was on
    the day so calibration does not move when an item is edited later.
    """

    __tablename__ = "disposals"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="items.id", index=True)
    channel: str = Field(index=True)
    qty: int
    price: int
    fees: int
    shipping: int
    net_cash: int
    cost_basis: int
    profit: int
    reference_price: int
    sold_on: dt.date = Field(index=True)
    note: str | None = Field(default=None, max_length=NOTE_MAX)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Order(SQLModel, table=True):
    """One Amazon order as the latest imported "All Orders" report shows it.

    ``item_price`` stays a decimal string in the report's ``currency``: money in the
    books is integer yen, and a foreign amount becomes yen only with an explicit rate.
    """

    __tablename__ = "orders"

    id: int | None = Field(default=None, primary_key=True)
    amazon_order_id: str = Field(max_length=TEXT_MAX, unique=True)
    merchant_order_id: str | None = Field(default=None, max_length=TEXT_MAX)
    purchase_date: dt.datetime
    purchased_on: dt.date = Field(index=True)  # purchase_date's UTC date: the rate window
    last_updated: dt.datetime
    status: str = Field(max_length=TEXT_MAX)
    fulfillment_channel: str | None = Field(default=None, max_length=TEXT_MAX)
    sales_channel: str | None = Field(default=None, max_length=TEXT_MAX)
    product_name: str | None = Field(default=None, max_length=2000)
    sku: str | None = Field(default=None, max_length=1000)
    asin: str | None = Field(default=None, max_length=1000)
    quantity: int | None = None
    currency: str | None = Field(default=None, max_length=10)
    item_price: str | None = Field(default=None, max_length=40)
    buyer_requested: bool | None = None
    lines: int = 1
    imported_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Cancellation(SQLModel, table=True):
    """One case handled at the cancellation desk: the facts, the decision, the reply.

    ``order_id`` is a plain column: a case may be recorded before the order report
    that lists the order is imported. ``item_id`` is the stranded item the case
    created; deleting that item keeps the case and clears the link.
    """

    __tablename__ = "cancellations"

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(max_length=TEXT_MAX, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    recorded_on: dt.date  # the working date (--as-of aware); stands in for an unknown order date
    stage: str | None = Field(default=None, max_length=20)
    via: str | None = Field(default=None, max_length=20)
    reason: str = Field(max_length=40)
    in_hand: bool = False
    seller: bool = False
    decision: str = Field(max_length=40)
    template: str = Field(max_length=60)
    counts_against_rate: bool = False
    buyer_requested: bool = False
    cancels_order: bool = False
    buyer: str | None = Field(default=None, max_length=TEXT_MAX)
    item_id: int | None = Field(default=None, foreign_key="items.id", ondelete="SET NULL")
    message: str = ""  # unbounded: a workspace template may be long
