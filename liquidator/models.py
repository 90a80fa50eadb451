"""Database tables and their model families (the full-stack-fastapi-template shape).

``ItemBase`` holds the fields a seller gives, derived from ``liquidator.fields`` (the
one definition of an item's fields); ``Item`` is the table.
Money is integer yen everywhere. Fixed vocabularies (an item's status, a disposal's
kind, the desk's decision) are the enums of ``liquidator.vocab``, stored as their text.

Every table model checks its fields' limits when it is made (``Checked``): an
``Item(title="", unit_cost=-5)`` raises pydantic's ValidationError. Rows read from the
database are not checked again, and the bulk write path (``store.items.insert_items``)
takes rows the one parser has already checked, so it builds no model objects.
"""

import datetime as dt
import functools
import types
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import Index, String, Text, TypeDecorator
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import UTCDateTime

from liquidator.fields import NOTE_MAX, STORED_COLUMNS, TEXT_MAX
from liquidator.vocab import DeskDecision, DisposalKind, ItemStatus

# What a price observation is: the Amazon buy box, the lowest new offer, a sale seen
# (an auction's close), a listing's asking price, or a buyer's firm quote.
PRICE_KINDS = ("buy_box", "lowest_new", "sold", "listed", "quote")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCTime(UTCDateTime):
    """SQLModel's UTC time column (aware in, UTC out), each distinct stored value
    turned into a time once per process.

    Every row an import adds shares one stamp, and reading a 100k-item list spent 8%
    of its time turning the same few texts into times. The conversion depends on
    the stored value alone and its result is immutable, so it can be remembered.
    """

    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        process = super().result_processor(dialect, coltype)
        return None if process is None else functools.lru_cache(maxsize=4096)(process)


class Checked(SQLModel):
    """A table model whose limits (lengths, ranges, choices) are checked when a row
    object is made, as a plain pydantic model's are.

    SQLModel makes a table model without validating it (only ``model_validate``
    does); it does call ``model_post_init`` afterwards, and that is where the values
    are checked, by a plain pydantic model with the same fields and limits.
    """

    def model_post_init(self, context: Any) -> None:
        given = {name: getattr(self, name) for name in type(self).model_fields}
        checked = _limits_of(type(self)).validate_python(given)
        for name, value in given.items():
            if type(getattr(checked, name)) is not type(value):  # a vocabulary's text
                setattr(self, name, getattr(checked, name))


@functools.cache
def _limits_of(model: type[SQLModel]) -> Any:
    """A validator of ``model``'s fields (made once per table, when first needed)."""
    from pydantic import create_model

    fields = {name: (info.annotation, info) for name, info in model.model_fields.items()}
    return create_model(f"{model.__name__}Limits", **fields).__pydantic_validator__


class _VocabularyText(TypeDecorator):
    """A column of one of ``liquidator.vocab``'s enums, stored as the member's text
    and read back as the member (a text the enum does not know is handed back as is)."""

    impl = String
    cache_ok = True
    members: ClassVar[dict[str, StrEnum]] = {}

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return self.members.get(value, value)


def vocabulary_field(vocabulary: type[StrEnum], length: int, **options: Any) -> Any:
    """A column holding a member of ``vocabulary`` as text (at most ``length`` characters)."""
    members = {member.value: member for member in vocabulary}
    text = type(
        f"{vocabulary.__name__}Text", (_VocabularyText,), {"members": members, "cache_ok": True}
    )
    return Field(sa_type=text(length), **options)


def time_field(**options: Any) -> Any:
    """A time column (``UTCTime``); ``stamped=True``: set to now when the row is made."""
    if options.pop("stamped", False):
        options["default_factory"] = utcnow
    return Field(sa_type=UTCTime, **options)


def _item_base_namespace(namespace: dict) -> None:
    """The columns of ``ItemBase``, one per stored attribute of ``fields.ITEM_FIELDS``."""
    annotations = {}
    for column in STORED_COLUMNS:
        annotation = column.type | None if column.nullable else column.type
        annotations[column.name] = annotation
        default = False if column.type is bool else None
        if column.nullable or column.type is bool:
            namespace[column.name] = Field(default=default, **column.limits)
        else:
            namespace[column.name] = Field(**column.limits)
    namespace["__annotations__"] = annotations
    namespace["__doc__"] = "The fields a seller gives (derived from liquidator.fields)."


ItemBase = types.new_class("ItemBase", (SQLModel,), {}, _item_base_namespace)
ItemBase.__module__ = __name__


class Item(ItemBase, Checked, table=True):
    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_order_id", "order_id"),
        # By status, and open listings by channel newest first (calibration; 0006).
        Index("ix_items_listings", "status", "listed_channel", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    status: ItemStatus = vocabulary_field(ItemStatus, 20, default=ItemStatus.IN_STOCK)
    listed_channel: str | None = Field(default=None, max_length=40)
    listed_price: int | None = None
    listed_on: dt.date | None = None
    # The site's own number for the open listing (an eBay ItemID): what a revision names.
    listing_id: str | None = Field(default=None, max_length=TEXT_MAX)
    import_key: str | None = Field(default=None, unique=True)
    # What list --search matches: fields.search_text of the item, kept with each write.
    search_text: str | None = None
    recorded_on: dt.date  # the working date the record was made (--as-of aware)
    created_at: dt.datetime = time_field(stamped=True)
    updated_at: dt.datetime = time_field(stamped=True)


class Event(Checked, table=True):
    """One line of the append-only log: who changed what, when.

    ``item_id`` is a plain column, not a foreign key, so an item's history outlives it.
    """

    __tablename__ = "events"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int | None = Field(default=None, index=True)
    at: dt.datetime = time_field(stamped=True)
    actor: str
    kind: str
    data: str = Field(default="{}", sa_type=Text)


class Disposal(Checked, table=True):
    """What one sale, return, buy-back or write-off actually brought back.

    ``price``, ``fees`` and ``shipping`` are totals for the ``qty`` units; the
    reference price (market price, else unit cost, per unit) is kept as it was on
    the day so calibration does not move when an item is edited later, and so are
    the channel's facts (kind, tax, payout, names) so the books do not move when the
    settings do.
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
    # When the item went on sale on this disposal's channel (None: sold unlisted).
    listed_on: dt.date | None = None
    note: str | None = Field(default=None, max_length=NOTE_MAX)
    created_at: dt.datetime = time_field(stamped=True)
    # What the disposal was, copied from its channel's settings when it was recorded
    # (liquidator.disposal_facts.RECORDED): later readers never ask today's settings.
    kind: DisposalKind = vocabulary_field(DisposalKind, 20)
    sales_tax: str = Field(max_length=20)  # taxable_10, export
    paid_later: bool  # a receivable until the payout, or cash on the spot
    channel_label: str
    channel_label_ja: str
    # How its costs were settled and taxed, copied likewise (docs/bookkeeping.md).
    fees_settled: str = Field(max_length=20)  # deducted, paid_separately
    shipping_settled: str = Field(max_length=20)
    paid_from: str = Field(max_length=20)  # payable, petty_cash
    fee_tax: str = Field(max_length=20)  # taxable_10, outside
    fee_account: str = Field(max_length=20)  # fees, other_costs
    # The parts of its costs booked apart: the payout's currency conversion (part of
    # fees, outside the tax) and international transport (part of shipping, exempt).
    payout_fee: int = 0
    intl_shipping: int = 0
    # The evidence of an export: where it went, how, and the foreign amount with its
    # rate (decimal text, as typed) and the rate's day.
    ship_to: str | None = Field(default=None, max_length=2)
    carrier: str | None = Field(default=None, max_length=TEXT_MAX)
    tracking: str | None = Field(default=None, max_length=TEXT_MAX)
    foreign_amount: str | None = Field(default=None, max_length=40)
    currency: str | None = Field(default=None, max_length=3)
    fx_rate: str | None = Field(default=None, max_length=40)
    rate_date: dt.date | None = None
    # The day its journal entry is dated: sold_on, or the day it was recorded when
    # sold_on fell in a period the journal had already closed.
    booked_on: dt.date = Field(index=True)


class JournalExport(SQLModel, table=True):
    """A journal export that closed the books through ``end``: its entries (JSON: the
    source of each and a digest of its content) as they were handed over."""

    __tablename__ = "journal_exports"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    start: dt.date | None = None
    end: dt.date
    exported_on: dt.date
    entries: str = Field(sa_type=Text)
    created_at: dt.datetime = time_field(stamped=True)


class JournalReversal(SQLModel, table=True):
    """A disposal undone after its period was closed: a copy of it (JSON of its columns
    and its item's title), so its entry stays and a reversing entry is dated
    ``reversed_on``."""

    __tablename__ = "journal_reversals"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    disposal_id: int
    # The units it took out of stock from sold_on until reversed_on, and their cost (the
    # stock as it stood on a day in between still lacks them: store.items.read_stock,
    # store.disposals.lot_remainders).
    item_id: int = Field(index=True)
    qty: int
    cost_basis: int
    sold_on: dt.date
    reversed_on: dt.date
    disposal: str = Field(sa_type=Text)
    created_at: dt.datetime = time_field(stamped=True)


class Order(Checked, table=True):
    """One Amazon order as the latest imported "All Orders" report shows it.

    ``item_price`` stays a decimal string in the report's ``currency``: money in the
    books is integer yen, and a foreign amount becomes yen only with an explicit rate.
    """

    __tablename__ = "orders"

    id: int | None = Field(default=None, primary_key=True)
    amazon_order_id: str = Field(max_length=TEXT_MAX, unique=True)
    merchant_order_id: str | None = Field(default=None, max_length=TEXT_MAX)
    purchase_date: dt.datetime = time_field()
    purchased_on: dt.date = Field(index=True)  # purchase_date's UTC date: the rate window
    last_updated: dt.datetime = time_field()
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
    imported_at: dt.datetime = time_field(stamped=True)
    updated_at: dt.datetime = time_field(stamped=True)


class Cancellation(Checked, table=True):
    """One case handled at the cancellation desk: the facts, the decision, the reply.

    ``order_id`` is a plain column: a case may be recorded before the order report
    that lists the order is imported. ``item_id`` is the stranded item the case
    created; deleting that item keeps the case and clears the link.
    """

    __tablename__ = "cancellations"

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(max_length=TEXT_MAX, index=True)
    created_at: dt.datetime = time_field(stamped=True)
    recorded_on: dt.date  # the working date (--as-of aware); stands in for an unknown order date
    stage: str | None = Field(default=None, max_length=20)
    via: str | None = Field(default=None, max_length=20)
    reason: str = Field(max_length=40)
    in_hand: bool = False
    seller: bool = False
    decision: DeskDecision = vocabulary_field(DeskDecision, 40)
    template: str = Field(max_length=60)
    counts_against_rate: bool = False
    buyer_requested: bool = False
    cancels_order: bool = False
    buyer: str | None = Field(default=None, max_length=TEXT_MAX)
    item_id: int | None = Field(default=None, foreign_key="items.id", ondelete="SET NULL")
    message: str = Field(default="", sa_type=Text)  # unbounded: a template may be long


class PriceObservation(Checked, table=True):
    """One price seen for an item (or its ASIN or JAN) on a channel on a day.

    Append-only: history is never overwritten. ``source`` says who saw it: ``keepa``,
    ``sp-api``, ``file:NAME`` or ``typed``. Deleting the item keeps the observation
    and clears the link; the ASIN and JAN still say what it was for.
    """

    __tablename__ = "price_observations"
    __table_args__ = (
        # The freshest observation of each item on a channel (the market price lookup).
        Index("ix_price_observations_freshest", "item_id", "channel", "observed_on"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int | None = Field(default=None, foreign_key="items.id", ondelete="SET NULL")
    asin: str | None = Field(default=None, max_length=TEXT_MAX)
    jan: str | None = Field(default=None, max_length=TEXT_MAX)
    channel: str = Field(max_length=40)
    price: int
    kind: str = Field(max_length=20)
    observed_on: dt.date
    source: str = Field(max_length=TEXT_MAX)
    created_at: dt.datetime = time_field(stamped=True)
