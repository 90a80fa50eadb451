"""Items in the database: the one write path, lookups, edits and the column reads.

Every function takes the session (or its connection) and leaves committing to the
caller, so a command's writes and their event-log lines are one transaction.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, case, exists, false, func, or_, table
from sqlalchemy import column as sql_column
from sqlmodel import Session, col, select

from liquidator.errors import InvalidInput, LiquidatorError
from liquidator.events import current_actor, event_json, record_event
from liquidator.fields import ITEM_ATTRIBUTES, SEARCHABLE, TEXT_MAX, search_key, search_text
from liquidator.i18n import _
from liquidator.models import Disposal, Event, Item, JournalReversal, utcnow
from liquidator.parsing import check_choice, clean_text
from liquidator.store.columns import read_columns
from liquidator.store.writes import insert_columns, page_cache_for
from liquidator.vocab import HELD_STATUSES, ItemStatus

if TYPE_CHECKING:
    import numpy as np

# Rows per INSERT batch and per IN (…) list: well under both engines' parameter limits.
CHUNK = 5_000
# Ids beyond a 64-bit integer cannot exist, and SQLite refuses even to compare with them.
ID_RANGE = range(-(2**63), 2**63)
# Where SQLite keeps the highest id an AUTOINCREMENT table ever used.
_SQLITE_SEQUENCE = table("sqlite_sequence", sql_column("name"), sql_column("seq"))


def chunks(values: Sequence, size: int = CHUNK):
    """``values`` in slices of ``size``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def insert_items(
    *,
    session: Session,
    rows: Sequence[dict[str, Any]],
    as_of: dt.date,
    actor: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Insert items (dicts of every attribute, as ``field_values.parse_fields`` gives
    them, maybe with an ``import_key``), each with its "created" event; returns their
    ids in order. Caller commits.

    One path for one row (``add``) and for a hundred thousand (``import items``): ids
    are reserved first (the dialect's one difference), then items and events go in by
    the one bulk writer (``store.writes.insert_columns``), a column at a time, bound by
    SQLAlchemy's own processors for the columns' types. The rows were checked by the
    parser that made them; no model object is built for them.
    """
    if not rows:
        return []
    connection = session.connection()
    now = utcnow()
    items, events = Item.__table__, Event.__table__
    new_item = {"status": ItemStatus.IN_STOCK, "recorded_on": as_of, "created_at": now,
                "updated_at": now}  # fmt: skip
    created = {"at": now, "actor": actor or current_actor(), "kind": "created"}
    ids = _reserve_ids(connection, len(rows))
    attributes_of = operator.itemgetter(*ITEM_ATTRIBUTES)
    done = 0
    with page_cache_for(connection, rows=len(rows)):
        for start in range(0, len(rows), CHUNK):
            part, part_ids = rows[start : start + CHUNK], ids[start : start + CHUNK]
            values = [attributes_of(row) for row in part]
            columns = dict(zip(ITEM_ATTRIBUTES, zip(*values, strict=True), strict=True))
            columns["id"] = part_ids
            columns["import_key"] = [row.get("import_key") for row in part]
            columns["search_text"] = [search_text(row) for row in part]
            insert_columns(connection, items, columns, same=new_item)
            data = [
                event_json(
                    {k: v for k, v in zip(ITEM_ATTRIBUTES, row, strict=True) if v is not None}
                )
                for row in values
            ]
            insert_columns(connection, events, {"item_id": part_ids, "data": data}, same=created)
            done += len(part)
            if progress is not None:
                progress(done)
    return ids


def _reserve_ids(connection: Connection, count: int) -> list[int]:
    """``count`` new item ids, never used before (the caller's transaction holds them)."""
    items = Item.__table__
    if connection.dialect.name == "sqlite":
        # AUTOINCREMENT never reuses a deleted item's id: it remembers the highest id
        # ever used in sqlite_sequence, which may be above today's max(id). Writes run
        # under BEGIN IMMEDIATE, so no other writer can take these ids meanwhile.
        used = _SQLITE_SEQUENCE.c.seq
        highest = select(
            func.max(
                func.coalesce(select(func.max(items.c.id)).scalar_subquery(), 0),
                func.coalesce(
                    select(used).where(_SQLITE_SEQUENCE.c.name == items.name).scalar_subquery(), 0
                ),
            )
        )
        newest = connection.execute(highest).scalar()
        if newest + count > 2**63 - 1:
            raise LiquidatorError(_("the items table has run out of ids"))
        return list(range(newest + 1, newest + count + 1))
    sequence = func.pg_get_serial_sequence(items.name, items.c.id.name)
    taken = select(func.nextval(sequence)).select_from(func.generate_series(1, count))
    return sorted(connection.execute(taken).scalars())


def existing_import_keys(*, session: Session, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` are already stored (a re-imported file adds nothing)."""
    found: set[str] = set()
    any_key = select(Item.id).where(col(Item.import_key).is_not(None)).limit(1)
    if session.exec(any_key).first() is None:  # nothing imported yet: no lookups
        return found
    for part in chunks(list(keys)):
        found.update(session.exec(select(Item.import_key).where(col(Item.import_key).in_(part))))
    return found


def get_item(*, session: Session, item_id: int) -> Item | None:
    """The item with this id, or None."""
    if item_id not in ID_RANGE:
        return None
    return session.get(Item, item_id)


def find_items(
    *,
    session: Session,
    as_of: dt.date,
    status: str | None = None,
    older_than: int | None = None,
    search: str | None = None,
    held_only: bool = False,
) -> list[dict[str, Any]]:
    """Items as plain rows (every column but ``search_text``, valued as on the model),
    oldest purchase first; filters combine (``held_only``: in stock or listed;
    ``search``: text in any searchable field, compared by ``fields.search_key`` on
    both engines).

    Rows, not model objects: a list of 100k items spent most of its time building
    ORM objects it only reads.
    """
    query = select(*(c for c in Item.__table__.columns if c.name != "search_text"))
    if status is not None:
        query = query.where(Item.status == checked_status(status))
    if held_only:
        query = query.where(col(Item.status).in_(HELD_STATUSES))
    if older_than is not None:
        try:
            cutoff = as_of - dt.timedelta(days=older_than)
        except OverflowError:
            raise InvalidInput(
                "older_than", _("{days} days is out of range").format(days=older_than)
            ) from None
        query = query.where(col(Item.purchased_on) < cutoff)
    if search:
        # PostgreSQL refuses NUL in any text, even a search pattern: same rule as input.
        search = clean_text(search, "search", max_length=TEXT_MAX)
    if search:
        # One stored column, folded when written: no per-row function on either engine.
        query = query.where(col(Item.search_text).contains(search_key(search), autoescape=True))
    result = session.connection().execute(query.order_by(col(Item.purchased_on), col(Item.id)))
    names = tuple(result.keys())
    return [dict(zip(names, row, strict=True)) for row in result]


def checked_status(status: str) -> ItemStatus:
    """``status`` if it is an item status, else InvalidInput naming the choices."""
    return ItemStatus(check_choice(status, tuple(ItemStatus), "status"))


def update_item(
    *, session: Session, item: Item, values: dict[str, Any], actor: str | None = None
) -> dict[str, list[Any]]:
    """Set the attributes in ``values``; returns ``{name: [old, new]}`` for those that
    changed and logs them as one "edited" event. Caller commits."""
    changes = {
        name: [getattr(item, name), new]
        for name, new in values.items()
        if getattr(item, name) != new
    }
    if not changes:
        return {}
    for name, (_old, new) in changes.items():
        setattr(item, name, new)
    if any(name in SEARCHABLE for name in changes):
        item.search_text = search_text({name: getattr(item, name) for name in SEARCHABLE})
    item.updated_at = utcnow()
    session.add(item)
    record_event(session=session, kind="edited", item_id=item.id, data=changes, actor=actor)
    return changes


def delete_item(*, session: Session, item: Item, actor: str | None = None) -> None:
    """Delete an item; the event log keeps a snapshot of it. Caller commits.

    An item with recorded disposals is refused: the books would lose their cost basis.
    """
    if session.exec(select(Disposal.id).where(Disposal.item_id == item.id).limit(1)).first():
        raise InvalidInput(
            "ID",
            _("item {id} has recorded disposals; undo them first (liquidator sales undo)").format(
                id=item.id
            ),
        )
    snapshot = item.model_dump(exclude={"created_at", "updated_at", "search_text"})
    record_event(session=session, kind="deleted", item_id=item.id, data=snapshot, actor=actor)
    session.delete(item)


# --- column reads ----------------------------------------------------------------------

# Everything an item row holds but its bookkeeping timestamps and import key.
ITEM_COLUMNS = ("id", *ITEM_ATTRIBUTES, "status", "listed_channel", "listed_price", "listed_on", "listing_id",
                "recorded_on")  # fmt: skip


def _selected(items: Any, names: Sequence[str]) -> list[Any]:
    """The named columns of ``items`` (the table or an alias of it), ``id`` as ``item_id``."""
    return [items.c.id.label("item_id") if name == "id" else items.c[name] for name in names]


def read_items(
    connection: Connection,
    *,
    as_of: dt.date,
    statuses: Sequence[str] | None = HELD_STATUSES,
    ids: Sequence[int] | None = None,
    purchased_from: dt.date | None = None,
    purchased_to: dt.date | None = None,
    names: Sequence[str] = ITEM_COLUMNS,
) -> dict[str, np.ndarray]:
    """Items (by default the ones still held) as columns, oldest purchase first, with
    ``days_held`` and ``return_days_left`` as of ``as_of`` (what scoring needs)."""
    items = Item.__table__
    query = select(*_selected(items, names)).order_by(items.c.purchased_on, items.c.id)
    if purchased_from is not None:
        query = query.where(items.c.purchased_on >= purchased_from)
    if purchased_to is not None:
        query = query.where(items.c.purchased_on <= purchased_to)
    if statuses:
        query = query.where(items.c.status.in_(statuses))
    if ids is not None:
        query = query.where(items.c.id.in_(ids) if ids else false())
    return with_ages(read_columns(connection, query), as_of=as_of)


def read_stock(
    connection: Connection,
    *,
    as_of: dt.date,
    names: Sequence[str] = ITEM_COLUMNS,
    include_gone: bool = False,
    purchased_from: dt.date | None = None,
) -> dict[str, np.ndarray]:
    """The stock as it stood at the end of ``as_of``: one row per item that had units.

    ``qty`` is the units held that day (today's units plus those disposed of after
    it); items bought later or gone by then are left out, in SQL, so a large
    workspace's sold history is never loaded. ``status`` is as of that day
    (``listed`` when it was on sale by then, else ``in_stock``) and ``listed_days``
    how long it had been on sale (NaN when not listed). This is the one definition of
    "held on day D": the report, ``list --as-of`` and the exports use it.
    ``names`` are the item columns to read (a report reads only what it uses).
    ``include_gone`` keeps the items already gone by then (0 units, their final
    status): every item bought by that day, as it stood. ``purchased_from`` leaves
    out items bought before it.
    """
    items, disposals = Item.__table__, Disposal.__table__
    later = (
        select(disposals.c.item_id, func.sum(disposals.c.qty).label("units"))
        .where(disposals.c.sold_on > as_of)
        .group_by(disposals.c.item_id)
        .subquery("later")
    )
    reversals = JournalReversal.__table__
    undone = (
        select(reversals.c.item_id, func.sum(reversals.c.qty).label("units"))
        .where(reversals.c.sold_on <= as_of, reversals.c.reversed_on > as_of)
        .group_by(reversals.c.item_id)
        .subquery("undone")
    )
    # Units held then: today's, those disposed of after the day, less those of a disposal
    # undone after its journal period closed that were out of stock that day.
    units = items.c.qty + func.coalesce(later.c.units, 0) - func.coalesce(undone.c.units, 0)
    on_sale = and_(
        items.c.listed_channel.is_not(None),
        items.c.listed_on <= as_of,
        items.c.status != ItemStatus.IN_STOCK,
    )
    status = case(
        (units == 0, items.c.status),
        (on_sale, ItemStatus.LISTED),
        else_=ItemStatus.IN_STOCK,
    )
    wanted = {"id", "purchased_on", "return_by", "listed_on", *names}
    shown = [n for n in ITEM_COLUMNS if n in wanted and n not in ("qty", "status")]
    query = (
        select(
            *_selected(items, shown),
            units.label("qty"),
            items.c.qty.label("qty_now"),
            status.label("status"),
        )
        .select_from(
            items.outerjoin(later, later.c.item_id == items.c.id).outerjoin(
                undone, undone.c.item_id == items.c.id
            )
        )
        .where(items.c.purchased_on <= as_of)
        .order_by(items.c.id)
    )
    if not include_gone:
        query = query.where(units > 0)
    if purchased_from is not None:
        query = query.where(items.c.purchased_on >= purchased_from)
    return with_ages(read_columns(connection, query), as_of=as_of)


def changed_after(connection: Connection, day: dt.date) -> bool:
    """Whether the stock moved after the end of ``day``: an item bought or listed, or
    a disposal, dated later. When it did not, the stock as it stood that day
    (``read_stock``) is the stock as it is now, and a view of that day may read it
    as it is, whatever the calendar says."""
    items, disposals = Item.__table__.c, Disposal.__table__.c
    moved = select(
        or_(
            exists().where(or_(items.purchased_on > day, items.listed_on > day)),
            exists().where(disposals.sold_on > day),
            exists().where(JournalReversal.__table__.c.reversed_on > day),
        )
    )
    return bool(connection.execute(moved).scalar())


def with_ages(columns: dict[str, np.ndarray], *, as_of: dt.date) -> dict[str, np.ndarray]:
    """Add ``days_held``, ``return_days_left`` (NaN when no return date) and
    ``listed_days`` (how long it has been on sale; NaN when not listed) as of a day."""
    import numpy as np

    today = np.datetime64(as_of, "D")
    if "listed_on" in columns and "status" in columns:
        on_sale = (columns["status"] == ItemStatus.LISTED) & ~np.isnat(columns["listed_on"])
        listed_days = (today - columns["listed_on"]).astype("float64")
        columns["listed_days"] = np.where(on_sale, listed_days, np.nan)
    if "purchased_on" in columns:
        columns["days_held"] = (today - columns["purchased_on"]).astype(np.int64)
    if "return_by" in columns:
        columns["return_days_left"] = (columns["return_by"] - today).astype("float64")
        columns["return_days_left"][np.isnat(columns["return_by"])] = np.nan
    return columns


def as_frame(columns: dict[str, np.ndarray]):
    """Columns as a DataFrame (pandas imported here), dates at pandas' microsecond unit."""
    import pandas as pd

    return pd.DataFrame(
        {
            name: values.astype("datetime64[us]") if values.dtype.kind == "M" else values
            for name, values in columns.items()
        }
    )
