"""Items in the database: the one write path, lookups, edits and the column reads.

Every function takes the session (or its connection) and leaves committing to the
caller, so a command's writes and their event-log lines are one transaction.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Float, exists, or_
from sqlmodel import Session, col, select

from liquidator.errors import InvalidInput, LiquidatorError
from liquidator.events import current_actor, event_json, record_event
from liquidator.fields import ITEM_ATTRIBUTES, SEARCHABLE, TEXT_MAX, search_key, search_text
from liquidator.i18n import _
from liquidator.models import (
    HELD_STATUSES,
    ITEM_STATUSES,
    Disposal,
    Event,
    Item,
    JournalReversal,
    utcnow,
)
from liquidator.parsing import check_choice, clean_text
from liquidator.store.columns import Selected, date_range, read_columns, table_columns
from liquidator.store.writes import binder, driver_value, page_cache_for, write_rows

if TYPE_CHECKING:
    import numpy as np

# Rows per INSERT batch and per IN (…) list: well under both engines' parameter limits.
CHUNK = 5_000
# Ids beyond a 64-bit integer cannot exist, and SQLite refuses even to compare with them.
ID_RANGE = range(-(2**63), 2**63)
_INSERTED = (*ITEM_ATTRIBUTES, "import_key", "search_text", "status", "recorded_on", "created_at",
             "updated_at")  # fmt: skip
_EVENT_COLUMNS = ("item_id", "at", "actor", "kind", "data")


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
    are reserved first (the dialect's one difference), then items and events go in as
    plain tuples in bulk (``store.writes.write_rows``), bound exactly as SQLAlchemy binds
    them, so they read back the same whichever way they came.
    """
    if not rows:
        return []
    connection = session.connection()
    now = utcnow()
    who = actor or current_actor()
    items, events = Item.__table__, Event.__table__
    dialect = connection.dialect
    names = ("id", *ITEM_ATTRIBUTES)
    # A float column's processor returns a float as it is: only the others need a call.
    needs_binding = [
        (position, bind)
        for position, name in enumerate(names)
        if (bind := binder(items.c[name], dialect)) is not None
        and not isinstance(items.c[name].type, Float)
    ]
    # Values every row shares are bound once, not once a row.
    shared_item = tuple(
        driver_value(items.c[name], value, dialect)
        for name, value in zip(("status", "recorded_on", "created_at", "updated_at"),
                               ("in_stock", as_of, now, now), strict=True)
    )  # fmt: skip
    event_stamp = driver_value(events.c["at"], now, dialect)
    ids = _reserve_ids(connection, len(rows))
    attributes_of = operator.itemgetter(*ITEM_ATTRIBUTES)
    done = 0
    with page_cache_for(connection, rows=len(rows)):
        for start in range(0, len(rows), CHUNK):
            part = rows[start : start + CHUNK]
            item_values, event_values = [], []
            for item_id, row in zip(ids[start : start + CHUNK], part, strict=True):
                values = attributes_of(row)
                bound = [item_id, *values]
                for position, bind in needs_binding:
                    if bound[position] is not None:
                        bound[position] = bind(bound[position])
                item_values.append((*bound, row.get("import_key"), search_text(row), *shared_item))
                data = {k: v for k, v in zip(ITEM_ATTRIBUTES, values, strict=True) if v is not None}
                event_values.append((item_id, event_stamp, who, "created", event_json(data)))
            write_rows(connection, "items", ("id", *_INSERTED), item_values)
            write_rows(connection, "events", _EVENT_COLUMNS, event_values)
            done += len(part)
            if progress is not None:
                progress(done)
    return ids


def _reserve_ids(connection: Connection, count: int) -> list[int]:
    """``count`` new item ids, never used before (the caller's transaction holds them)."""
    if connection.dialect.name == "sqlite":
        # AUTOINCREMENT never reuses a deleted item's id: it remembers the highest id
        # ever used in sqlite_sequence, which may be above today's max(id). Writes run
        # under BEGIN IMMEDIATE, so no other writer can take these ids meanwhile.
        newest = connection.exec_driver_sql(
            "SELECT max(coalesce((SELECT max(id) FROM items), 0), "
            "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'items'), 0))"
        ).scalar()
        if newest + count > 2**63 - 1:
            raise LiquidatorError(_("the items table has run out of ids"))
        return list(range(newest + 1, newest + count + 1))
    result = connection.exec_driver_sql(
        "SELECT nextval(pg_get_serial_sequence('items', 'id')) "
        f"FROM generate_series(1, {int(count)})"
    )
    return sorted(row[0] for row in result)


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


def checked_status(status: str) -> str:
    """``status`` if it is an item status, else InvalidInput naming the choices."""
    return check_choice(status, ITEM_STATUSES, "status")


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
ITEM_COLUMNS = ("id", *ITEM_ATTRIBUTES, "status", "listed_channel", "listed_price", "listed_on",
                "recorded_on")  # fmt: skip


def item_columns(names: Sequence[str] = ITEM_COLUMNS, *, alias: str = "") -> list[Selected]:
    """The selected item columns, ``id`` read as ``item_id``."""
    return table_columns(Item.__table__, names, alias=alias, rename={"id": "item_id"})


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
    clauses, params = date_range("purchased_on", purchased_from, purchased_to)
    if statuses:
        clauses.append(f"status IN ({', '.join('?' * len(statuses))})")
        params.extend(statuses)
    if ids is not None:
        clauses.append(f"id IN ({', '.join('?' * len(ids))})" if ids else "1 = 0")
        params.extend(ids)
    rest = "FROM items" + (f" WHERE {' AND '.join(clauses)}" if clauses else "")
    rest += " ORDER BY purchased_on, id"
    columns = read_columns(connection, item_columns(names), rest, params)
    return with_ages(columns, as_of=as_of)


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
    wanted = {"id", "purchased_on", "return_by", "listed_on", *names}
    selected = item_columns(
        [n for n in ITEM_COLUMNS if n in wanted and n not in ("qty", "status")], alias="i"
    )
    # Units held then: today's, those disposed of after the day, less those of a disposal
    # undone after its journal period closed that were out of stock that day.
    units = "i.qty + COALESCE(later.units, 0) - COALESCE(undone.units, 0)"
    listed = "i.listed_channel IS NOT NULL AND i.listed_on <= ? AND i.status <> 'in_stock'"
    selected += [
        Selected("qty", units, "int"),
        Selected("qty_now", "i.qty", "int"),
        Selected(
            "status",
            f"CASE WHEN {units} = 0 THEN i.status WHEN {listed} THEN 'listed' ELSE 'in_stock' END",
            "label",
        ),
    ]
    clauses = ["i.purchased_on <= ?"] + ([] if include_gone else [f"{units} > 0"])
    params: list[Any] = [as_of, as_of, as_of, as_of, as_of]
    if purchased_from is not None:
        clauses.append("i.purchased_on >= ?")
        params.append(purchased_from)
    rest = (
        "FROM items i LEFT JOIN (SELECT item_id, SUM(qty) AS units FROM disposals "
        "WHERE sold_on > ? GROUP BY item_id) later ON later.item_id = i.id "
        "LEFT JOIN (SELECT item_id, SUM(qty) AS units FROM journal_reversals "
        "WHERE sold_on <= ? AND reversed_on > ? GROUP BY item_id) undone "
        "ON undone.item_id = i.id "
        f"WHERE {' AND '.join(clauses)} ORDER BY i.id"
    )
    # Parameters in SQL order: the listed CASE, the later-disposals join, the undone join
    # (two), the WHERE.
    columns = read_columns(connection, selected, rest, params)
    return with_ages(columns, as_of=as_of)


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
        on_sale = (columns["status"] == "listed") & ~np.isnat(columns["listed_on"])
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
