"""Orders and cancellations in the database: report imports, desk cases, the cancel rate.

The parsing and the deciding are pure and live elsewhere (``amazon_orders``,
``items_csv``, ``cancel_desk``, ``cancel_rate``); this module saves their results and
reads them back. Every function takes the session and leaves committing to the caller,
so an import is one transaction: all rows or none.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from json.encoder import encode_basestring
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from liquidator.cancel_rate import compute_cancel_rate
from liquidator.errors import InvalidInput, LiquidatorError
from liquidator.events import current_actor, record_event
from liquidator.models import TEXT_MAX, Cancellation, Event, Item, ItemCreate, Order, utcnow
from liquidator.parsing import clean_text

if TYPE_CHECKING:
    from liquidator.amazon_orders import OrdersReport
    from liquidator.cancel_desk import Decision
    from liquidator.settings import Settings

# Well under SQLite's and PostgreSQL's bound-parameter limits.
_CHUNK = 5_000
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
_ITEM_FIELDS = tuple(ItemCreate.model_fields)


def _chunks(values: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _order_values(order: dict) -> dict[str, Any]:
    values = {name: order.get(name) for name in _ORDER_FIELDS}
    for name in _OPTIONAL_TEXT:
        values[name] = values[name] or None  # the parser gives "" for an absent column
    values["lines"] = values["lines"] or 1
    return values


def _as_utc(stamp: dt.datetime) -> dt.datetime:
    # SQLite hands back what it stored without an offset; it was stored as UTC.
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp


def import_orders(
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
    for chunk in _chunks(ids):
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
    with _unless_collided("order import"):
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
def _unless_collided(what: str) -> Iterator[None]:
    """Turn a unique-key clash into one clear error (the caller's transaction rolls back)."""
    try:
        yield
    except IntegrityError:
        # Keys were checked first; only another process importing the same rows at the
        # same moment gets here (PostgreSQL; SQLite queues writers).
        raise LiquidatorError(
            f"{what}: another process saved some of the same rows at the same time; "
            "nothing was imported, run it again"
        ) from None


def get_order(*, session: Session, amazon_order_id: str) -> Order | None:
    """The imported order with this id, or None."""
    return session.exec(select(Order).where(Order.amazon_order_id == amazon_order_id)).first()


def item_ids_for_order(*, session: Session, order_id: str) -> list[int]:
    """Ids of the items already recorded for this order, oldest first."""
    query = select(Item.id).where(Item.order_id == order_id).order_by(col(Item.id))
    return list(session.exec(query).all())


def clean_order_id(order_id: str) -> str:
    """An order id as typed, trimmed; InvalidInput naming ``ORDER_ID`` when empty or odd."""
    text = clean_text(order_id, "ORDER_ID", max_length=200)
    if not text or "\n" in text or "\t" in text:
        raise InvalidInput("ORDER_ID", "must be an order id like 114-1234567-1234567")
    return text


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
        order_id=clean_order_id(order_id),
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
        buyer=clean_text(buyer or "", "--buyer", max_length=TEXT_MAX) or None,
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
        known = _known_order_ids(session, [order_id for order_id, _ in unlisted])
        orders.extend(
            {"purchase_date": recorded_on, "status": "", "seller_cancelled_flag": seller}
            for order_id, (seller, recorded_on) in unlisted
            if order_id not in known
        )
    return compute_cancel_rate(orders, as_of=as_of, window_days=window_days, **limits)


def _known_order_ids(session: Session, order_ids: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in _chunks(order_ids):
        known.update(
            session.exec(select(Order.amazon_order_id).where(col(Order.amazon_order_id).in_(chunk)))
        )
    return known


def _existing_import_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    any_key = select(Item.id).where(col(Item.import_key).is_not(None)).limit(1)
    if session.exec(any_key).first() is None:  # nothing imported yet: no lookups
        return found
    for chunk in _chunks(keys):
        found.update(session.exec(select(Item.import_key).where(col(Item.import_key).in_(chunk))))
    return found


def _ids_by_import_key(session: Session, keys: list[str]) -> dict[str, int]:
    query = select(Item.import_key, Item.id).where(col(Item.import_key).in_(keys))
    return dict(session.exec(query).all())


# "created" event data, as create_item logs it: json.dumps(fields, ensure_ascii=False),
# None left out, dates as YYYY-MM-DD. Built from each value's JSON text directly: the
# same bytes (tests compare them), faster than building a dict and encoding it.
_EVENT_JSON = json.JSONEncoder(ensure_ascii=False)
_EVENT_KEYS = tuple((name, f'"{name}": ') for name in _ITEM_FIELDS if name != "import_key")


def _json_other(value: Any) -> str:
    return _EVENT_JSON.encode(value.isoformat() if isinstance(value, dt.date) else value)


def _json_float(value: float) -> str:
    return repr(value) if math.isfinite(value) else _EVENT_JSON.encode(value)


_JSON_VALUE: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,  # what ensure_ascii=False escapes strings with
    int: int.__repr__,
    float: _json_float,
    bool: lambda value: "true" if value else "false",
    dt.date: lambda value: f'"{value.isoformat()}"',
}


def _event_data(row: dict[str, Any]) -> str:
    # The same shape create_item logs, so an imported item's history reads the same.
    text = _JSON_VALUE.get
    parts = [
        key + text(type(value), _json_other)(value)
        for name, key in _EVENT_KEYS
        if (value := row.get(name)) is not None
    ]
    return "{" + ", ".join(parts) + "}"


def import_items(
    *,
    session: Session,
    rows: list[dict[str, Any]],
    as_of: dt.date,
    source: str | None = None,
    actor: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Save rows from :func:`liquidator.items_csv.parse_items_csv` as items. Caller commits.

    Rows whose ``import_key`` is already stored are skipped, so re-importing a file
    adds nothing. Each new item gets its "created" event, like ``add``; one more
    event records the import. Inserts are set-based (thousands of rows per
    statement; on SQLite straight through the driver, see ``_SqliteItemWriter``).
    ``progress`` is called with the number of rows handled so far. Returns ``rows``,
    ``new`` and ``skipped``.
    """
    _check_rows(rows, as_of)
    keys = [row["import_key"] for row in rows]
    existing = _existing_import_keys(session, keys)
    fresh = [row for row in rows if row["import_key"] not in existing] if existing else rows
    skipped = len(rows) - len(fresh)
    if progress is not None:
        progress(skipped)

    who = actor or current_actor()
    now = utcnow()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        save = _SqliteItemWriter(connection, as_of=as_of, now=now, actor=who)
        cache = _page_cache_for(connection, rows=len(fresh))
    else:
        save = _ItemWriter(session, as_of=as_of, now=now, actor=who)
        cache = nullcontext()
    done = skipped
    with cache, _unless_collided("item import"):
        for chunk in _chunks(fresh):
            save(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done)

    summary = {"rows": len(rows), "new": len(fresh), "skipped": skipped}
    if fresh:
        record_event(
            session=session,
            kind="items_imported",
            item_id=None,
            data=({"file": source} if source else {}) | summary,
            actor=who,
        )
    return summary


class _ItemWriter:
    """Saves a chunk of new rows with their "created" events through SQLAlchemy Core.

    Plain executemany inserts, then the ids by their unique import keys: with RETURNING,
    SQLAlchemy sends huge multi-row statements instead, slower on both engines.
    """

    def __init__(self, session: Session, *, as_of: dt.date, now: dt.datetime, actor: str):
        self.session = session
        self.fixed = {
            "status": "in_stock",
            "recorded_on": as_of,
            "created_at": now,
            "updated_at": now,
        }
        self.event = {"at": now, "actor": actor, "kind": "created"}

    def __call__(self, chunk: list[dict[str, Any]]) -> None:
        session = self.session
        session.execute(
            insert(Item.__table__),
            [{name: row.get(name) for name in _ITEM_FIELDS} | self.fixed for row in chunk],
        )
        ids = _ids_by_import_key(session, [row["import_key"] for row in chunk])
        session.execute(
            insert(Event.__table__),
            [
                {"item_id": ids[row["import_key"]], "data": _event_data(row)} | self.event
                for row in chunk
            ],
        )


class _SqliteItemWriter:
    """The same rows written with the driver's executemany over plain tuples (SQLite).

    SQLAlchemy's per-row parameter handling cost more than SQLite's own work. The values
    are bound exactly as SQLAlchemy would bind them (its own bind processors, with a
    checked shortcut for dates), so the rows read back the same as ones ``add`` made.
    Statements go through the session's connection: the same transaction, and errors
    wrapped as usual.

    Ids are given, not read back: the ones SQLite itself would give (one above the
    highest, in order), as this transaction is the only writer. Should another writer
    slip in (a session that did not begin IMMEDIATE), its id clashes and nothing is
    imported.
    """

    def __init__(self, connection, *, as_of: dt.date, now: dt.datetime, actor: str):
        self.connection = connection
        dialect = connection.dialect
        items, events = Item.__table__, Event.__table__
        fixed = {"status": "in_stock", "recorded_on": as_of, "created_at": now, "updated_at": now}
        self.fixed = tuple(_bound(items.c[name], value, dialect) for name, value in fixed.items())
        self.pick = _picker(_ITEM_FIELDS)
        self.convert = [
            (i, convert)
            for i, name in enumerate(_ITEM_FIELDS)
            if (convert := _converter(items.c[name], dialect)) is not None
        ]
        names = ", ".join(("id", *_ITEM_FIELDS, *fixed))
        marks = ", ".join("?" * (1 + len(_ITEM_FIELDS) + len(fixed)))
        self.insert_items = f"INSERT INTO items ({names}) VALUES ({marks})"
        self.insert_events = (
            "INSERT INTO events (item_id, at, actor, kind, data) VALUES (?, ?, ?, ?, ?)"
        )
        self.event = (_bound(events.c.at, now, dialect), actor, "created")
        self.next_id: int | None = None

    def __call__(self, chunk: list[dict[str, Any]]) -> None:
        connection = self.connection
        if self.next_id is None:
            # AUTOINCREMENT never reuses a deleted item's id: it remembers the highest
            # id ever used in sqlite_sequence, which may be above today's max(id).
            newest = connection.exec_driver_sql(
                "SELECT max(coalesce((SELECT max(id) FROM items), 0), "
                "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'items'), 0))"
            ).scalar()
            self.next_id = newest + 1
        item_id = self.next_id
        if item_id + len(chunk) - 1 > _MAX_ID:
            raise LiquidatorError("item import: the items table has run out of ids")
        pick, convert, fixed, event = self.pick, self.convert, self.fixed, self.event
        items, events = [], []
        for row in chunk:
            values = pick(row)
            for i, to_db in convert:
                if values[i] is not None:
                    values[i] = to_db(values[i])
            items.append((item_id, *values, *fixed))
            events.append((item_id, *event, _event_data(row)))
            item_id += 1
        connection.exec_driver_sql(self.insert_items, items)
        connection.exec_driver_sql(self.insert_events, events)
        self.next_id = item_id


_MAX_ID = 2**63 - 1  # SQLite's largest rowid
# Pages an imported row takes (item, event, their indexes), with room to spare.
_CACHE_KIB_PER_ROW = 1
_CACHE_MAX_KIB = 256 * 1024


@contextmanager
def _page_cache_for(connection, *, rows: int) -> Iterator[None]:
    """A SQLite page cache that holds a big import's pages until it commits.

    With the default (2 MB) a large import keeps spilling pages into the WAL file as it
    goes: about a fifth of the insert time. The connection's own size is put back after.
    """
    wanted = min(rows * _CACHE_KIB_PER_ROW, _CACHE_MAX_KIB)
    previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar())
    # A negative size is in KiB, a positive one in pages.
    if previous > 0:
        page_size = connection.exec_driver_sql("PRAGMA page_size").scalar()
        has = previous * page_size // 1024
    else:
        has = -previous
    if has >= wanted:
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size = -{wanted}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {previous}")


def _picker(names: tuple[str, ...]) -> Callable[[dict[str, Any]], list[Any]]:
    get_all = itemgetter(*names)

    def pick(row: dict[str, Any]) -> list[Any]:
        try:
            return list(get_all(row))
        except KeyError:  # an optional field left out: None, as row.get gives
            return [row.get(name) for name in names]

    return pick


def _bound(column, value: Any, dialect) -> Any:
    """``value`` as SQLAlchemy hands it to the driver for this column."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return value if process is None else process(value)


def _converter(column, dialect) -> Callable[[Any], Any] | None:
    """What turns a non-None value into the one SQLAlchemy binds (None: nothing to do)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    sample = dt.date(987, 6, 5)
    if isinstance(column.type, Date) and process(sample) == sample.isoformat():
        # SQLite's DATE is stored as ISO text: the same as isoformat, which is in C.
        def iso(value: Any) -> Any:
            return value.isoformat() if type(value) is dt.date else process(value)

        return iso
    return process


def _check_rows(rows: Iterable[dict[str, Any]], as_of: dt.date) -> None:
    """The checks ``create_item`` makes, for rows that skip it."""
    from liquidator.sizes import SIZE_CLASSES

    try:
        from liquidator.items import MAX_QTY
    except ImportError:  # the lot-size limit is landing in parallel
        MAX_QTY = None  # noqa: N806
    for number, row in enumerate(rows, start=1):
        where = f"row {number}"
        if not row.get("import_key"):
            raise InvalidInput(where, "has no import_key (rows come from parse_items_csv)")
        qty = row.get("qty")
        if not isinstance(qty, int) or qty < 1 or (MAX_QTY is not None and qty > MAX_QTY):
            raise InvalidInput(where, f"qty {qty!r} is not a lot size from 1 up")
        if not row.get("title") or not row.get("unit_cost") or row["unit_cost"] <= 0:
            raise InvalidInput(where, "needs a title and a cost above 0")
        if row.get("size_class") not in SIZE_CLASSES:
            raise InvalidInput(where, f"{row.get('size_class')!r} is not a parcel class")
        purchased = row.get("purchased_on")
        if not isinstance(purchased, dt.date) or purchased > as_of:
            raise InvalidInput(where, f"purchased {purchased} is missing or after {as_of}")
