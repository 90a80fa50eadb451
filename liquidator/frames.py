"""Items and disposals as DataFrames, read with one set-based query each.

This is where the database meets pandas: commands that score or report many items
read them here, never one row at a time.

The weekly report's reads (``read_items_held_on``, ``read_disposals``) take a faster
path on SQLite: the raw sqlite3 cursor in chunks, straight into numpy columns, dates
as ``julianday`` numbers and repeated labels (status, channel, category) sharing one
string object each. SQLAlchemy's per-value type processing (a date parsed per row) and
its Row objects cost more than the read itself on a large workspace. Both paths give
the same frame; PostgreSQL goes through SQLAlchemy.
"""

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, text

ITEM_COLUMNS = (
    "id AS item_id, title, qty, unit_cost, market_price, size_class, length_cm, width_cm, "
    "height_cm, weight_g, hazmat, category, return_by, purchased_on, recorded_on, status, "
    "listed_channel, listed_price, listed_on"
)
EXPORT_COLUMNS = ITEM_COLUMNS + ", sku, asin, jan, source, order_id, note"
# What the weekly report reads of each held item (scoring inputs, title, listing).
HELD_COLUMNS = (
    "id AS item_id, title, qty, unit_cost, market_price, size_class, length_cm, width_cm, "
    "height_cm, weight_g, hazmat, category, return_by, purchased_on, status, "
    "listed_channel, listed_on"
)
DISPOSAL_COLUMNS = (
    "id, item_id, channel, qty, price, fees, shipping, net_cash, cost_basis, profit, "
    "reference_price, sold_on, note"
)
DATE_COLUMNS = ("purchased_on", "recorded_on", "return_by", "listed_on")
# The unit pandas gives dates read as Python dates (datetime64[us] from pandas 3 on);
# every frame here uses it, so both read paths and an all-empty column agree.
DATE_DTYPE = "datetime64[us]"
# How each column of the fast SQLite read becomes a numpy array, by output name.
INT, FLOAT, BOOL, DATE, TEXT, LABEL = "int", "float", "bool", "date", "text", "label"
KINDS = {
    "item_id": INT,
    "title": TEXT,
    "qty": INT,
    "unit_cost": INT,
    "market_price": FLOAT,
    "size_class": INT,
    "length_cm": FLOAT,
    "width_cm": FLOAT,
    "height_cm": FLOAT,
    "weight_g": FLOAT,
    "hazmat": BOOL,
    "category": LABEL,
    "return_by": DATE,
    "purchased_on": DATE,
    "recorded_on": DATE,
    "status": LABEL,
    "listed_channel": LABEL,
    "listed_price": FLOAT,
    "listed_on": DATE,
    "id": INT,
    "channel": LABEL,
    "price": INT,
    "fees": INT,
    "shipping": INT,
    "net_cash": INT,
    "cost_basis": INT,
    "profit": INT,
    "reference_price": INT,
    "sold_on": DATE,
    "note": TEXT,
    "sku": TEXT,
    "asin": TEXT,
    "jan": TEXT,
    "source": TEXT,
    "order_id": TEXT,
}
SQLITE_CHUNK_ROWS = 50_000
_UNIX_EPOCH_JULIAN_DAY = 2440587.5


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce").dt.normalize().astype(DATE_DTYPE)


def add_derived(frame: pd.DataFrame, *, as_of: dt.date) -> pd.DataFrame:
    """Add the scoring inputs that depend on the day: days_held and return_days_left."""
    today = pd.Timestamp(as_of)
    for column in DATE_COLUMNS:
        if column in frame:
            frame[column] = _dates(frame[column])
    frame["days_held"] = (today - frame["purchased_on"]).dt.days.astype("int64")
    frame["return_days_left"] = (frame["return_by"] - today).dt.days.astype("float64")
    frame["category"] = frame["category"].fillna("").astype(str)
    frame["hazmat"] = frame["hazmat"].fillna(False).astype(bool)
    for column in ("market_price", "length_cm", "width_cm", "height_cm", "weight_g"):
        frame[column] = frame[column].astype("float64")
    if "listed_price" in frame:
        frame["listed_price"] = frame["listed_price"].astype("float64")
    return frame


def read_items(
    connection: Connection,
    *,
    as_of: dt.date,
    statuses: tuple[str, ...] | None = ("in_stock", "listed"),
    ids: list[int] | None = None,
    purchased_from: dt.date | None = None,
    purchased_to: dt.date | None = None,
    columns: str = ITEM_COLUMNS,
) -> pd.DataFrame:
    """Items (by default the ones still held) with the columns the engine expects."""
    clauses: list[str] = []
    params: list[Any] = []
    if purchased_from is not None:
        clauses.append("purchased_on >= ?")
        params.append(purchased_from)
    if purchased_to is not None:
        clauses.append("purchased_on <= ?")
        params.append(purchased_to)
    if statuses:
        clauses.append(f"status IN ({', '.join('?' * len(statuses))})")
        params.extend(statuses)
    if ids is not None:
        clauses.append(f"id IN ({', '.join('?' * len(ids))})" if ids else "1 = 0")
        params.extend(ids)
    rest = "FROM items" + (f" WHERE {' AND '.join(clauses)}" if clauses else "")
    rest += " ORDER BY purchased_on, id"
    if _is_sqlite(connection):
        values = tuple(v.isoformat() if isinstance(v, dt.date) else v for v in params)
        frame = _read_sqlite(connection, columns, rest, values)
    else:
        names = [f"p{i}" for i in range(len(params))]
        for name in names:
            rest = rest.replace("?", f":{name}", 1)
        query = text(f"SELECT {columns} {rest}")
        frame = pd.read_sql_query(query, connection, params=dict(zip(names, params, strict=True)))
    return add_derived(frame, as_of=as_of)


def read_disposals(connection: Connection, *, since: dt.date | None = None) -> pd.DataFrame:
    """Every disposal (or those sold on or after ``since``), with sold_on as a date."""
    where = "" if since is None else "WHERE sold_on >= {since} "
    rest = f"FROM disposals {where}ORDER BY sold_on, id"
    if _is_sqlite(connection):
        params = () if since is None else (since.isoformat(),)
        frame = _read_sqlite(connection, DISPOSAL_COLUMNS, rest.format(since="?"), params)
    else:
        query = text(f"SELECT {DISPOSAL_COLUMNS} {rest.format(since=':since')}")
        frame = pd.read_sql_query(query, connection, params={"since": since})
    frame["sold_on"] = _dates(frame["sold_on"])
    return frame


def read_items_held_on(connection: Connection, *, as_of: dt.date) -> pd.DataFrame:
    """Items that were (at least partly) in stock on ``as_of``.

    Items bought later, and items whose last unit went before ``as_of``, are left out
    in SQL so a large workspace's sold history is never loaded.
    """
    where = (
        "WHERE purchased_on <= {as_of} AND (qty > 0 OR id IN "
        "(SELECT item_id FROM disposals WHERE sold_on > {as_of})) ORDER BY id"
    )
    if _is_sqlite(connection):
        rest = f"FROM items {where.format(as_of='?')}"
        frame = _read_sqlite(connection, HELD_COLUMNS, rest, (as_of.isoformat(),) * 2)
    else:
        query = f"SELECT {HELD_COLUMNS} FROM items {where.format(as_of=':as_of')}"
        frame = pd.read_sql_query(text(query), connection, params={"as_of": as_of})
    return add_derived(frame, as_of=as_of)


def read_disposals_titled(
    connection: Connection, *, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """Disposals with their item's title, optionally within dates (inclusive)."""
    clauses, params = [], {}
    if start is not None:
        clauses.append("d.sold_on >= :start")
        params["start"] = start
    if end is not None:
        clauses.append("d.sold_on <= :end")
        params["end"] = end
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    columns = ", ".join(f"d.{c.strip()}" for c in DISPOSAL_COLUMNS.split(","))
    frame = pd.read_sql_query(
        text(
            f"SELECT {columns}, i.title FROM disposals d JOIN items i ON i.id = d.item_id"
            f"{where} ORDER BY d.sold_on, d.id"
        ),
        connection,
        params=params,
    )
    frame["sold_on"] = _dates(frame["sold_on"])
    return frame


def _is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def _read_sqlite(
    connection: Connection, columns: str, rest: str, params: tuple[Any, ...]
) -> pd.DataFrame:
    """``SELECT {columns} {rest}`` as a DataFrame, through the raw sqlite3 connection.

    ``columns`` is a plain list (``id AS item_id, title, …``), each output name typed
    by ``KINDS``. DATE columns are selected as ``julianday(…)`` so no date is parsed
    in Python; rows are fetched in chunks and each chunk's Python objects are dropped
    as soon as it is in numpy.
    """
    names, expressions = [], []
    for part in columns.split(","):
        expression, _, alias = part.strip().partition(" AS ")
        name = alias or expression
        names.append(name)
        expressions.append(f"julianday({expression})" if KINDS[name] == DATE else expression)
    kinds = {name: KINDS[name] for name in names}
    selected = ", ".join(f"{e} AS {n}" for e, n in zip(expressions, names, strict=True))
    chunks: dict[str, list[np.ndarray]] = {name: [] for name in names}
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(f"SELECT {selected} {rest}", params)
        while rows := cursor.fetchmany(SQLITE_CHUNK_ROWS):
            for name, values in zip(names, zip(*rows, strict=True), strict=True):
                chunks[name].append(_column(values, kinds[name]))
            del rows, values
    finally:
        cursor.close()
    data = {}
    for name in names:
        parts = chunks.pop(name) or [_column((), kinds[name])]
        data[name] = _finish(np.concatenate(parts), kinds[name])
        del parts
    return pd.DataFrame(data, columns=names)


def _column(values: tuple[Any, ...], kind: str) -> np.ndarray:
    """One chunk of one column in numpy, typed as pandas would type it.

    Whole numbers stay int64 unless a NULL makes the column float (NaN); anything
    that is not a number where one belongs stays as objects. A label's repeated values
    share one string object each.
    """
    if kind in (INT, FLOAT, DATE, BOOL):
        if not values:
            return np.empty(0, dtype=np.int64 if kind == INT else np.float64)
        if kind == INT:
            array = np.array(values)  # int64, or float64 / object when not all whole
            if array.dtype.kind in "iuf":
                return array
        try:
            return np.array(values, dtype=np.float64)  # None → NaN
        except (TypeError, ValueError):
            return np.array(values, dtype=object)
    array = np.array(values, dtype=object)
    if kind == LABEL and len(array):
        codes, uniques = pd.factorize(array)
        array = np.append(np.asarray(uniques, dtype=object), None)[codes]
    return array


def _finish(array: np.ndarray, kind: str) -> np.ndarray:
    """A whole column as the dtype the SQLAlchemy path ends up with."""
    if kind == DATE:
        days = np.floor(array - _UNIX_EPOCH_JULIAN_DAY)
        missing = np.isnan(days)
        stamps = np.where(missing, 0, days).astype(np.int64).astype("datetime64[D]")
        stamps[missing] = np.datetime64("NaT")
        return stamps.astype(DATE_DTYPE)
    if kind == BOOL and array.dtype.kind == "f" and not np.isnan(array).any():
        return array.astype(bool)
    return array
