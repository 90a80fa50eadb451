"""Items and disposals as DataFrames, read with one set-based query each.

This is where the database meets pandas: commands that score or report many items
read them here, never one row at a time.
"""

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, text

ITEM_COLUMNS = (
    "id AS item_id, title, qty, unit_cost, market_price, size_class, length_cm, width_cm, "
    "height_cm, weight_g, hazmat, category, return_by, purchased_on, recorded_on, status, "
    "listed_channel, listed_price, listed_on"
)
EXPORT_COLUMNS = ITEM_COLUMNS + ", sku, asin, jan, source, order_id, note"
DISPOSAL_COLUMNS = (
    "id, item_id, channel, qty, price, fees, shipping, net_cash, cost_basis, profit, "
    "reference_price, sold_on, note"
)


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce").dt.normalize()


def add_derived(frame: pd.DataFrame, *, as_of: dt.date) -> pd.DataFrame:
    """Add the scoring inputs that depend on the day: days_held and return_days_left."""
    today = pd.Timestamp(as_of)
    for column in ("purchased_on", "recorded_on", "return_by", "listed_on"):
        if column in frame:
            frame[column] = _dates(frame[column])
    frame["days_held"] = (today - frame["purchased_on"]).dt.days.astype("int64")
    frame["return_days_left"] = (frame["return_by"] - today).dt.days.astype("float64")
    frame["category"] = frame["category"].fillna("").astype(str)
    frame["hazmat"] = frame["hazmat"].fillna(False).astype(bool)
    for column in ("market_price", "length_cm", "width_cm", "height_cm", "weight_g"):
        frame[column] = frame[column].astype("float64")
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
    clauses, params = [], {}
    if purchased_from is not None:
        clauses.append("purchased_on >= :purchased_from")
        params["purchased_from"] = purchased_from
    if purchased_to is not None:
        clauses.append("purchased_on <= :purchased_to")
        params["purchased_to"] = purchased_to
    if statuses:
        names = [f"s{i}" for i in range(len(statuses))]
        clauses.append(f"status IN ({', '.join(':' + n for n in names)})")
        params.update(zip(names, statuses, strict=True))
    if ids is not None:
        names = [f"i{i}" for i in range(len(ids))]
        clauses.append(f"id IN ({', '.join(':' + n for n in names)})" if ids else "1 = 0")
        params.update(zip(names, ids, strict=True))
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    query = text(f"SELECT {columns} FROM items{where} ORDER BY purchased_on, id")
    frame = pd.read_sql_query(query, connection, params=params)
    return add_derived(frame, as_of=as_of)


def read_disposals(connection: Connection) -> pd.DataFrame:
    """Every disposal, with sold_on as a date."""
    frame = pd.read_sql_query(
        text(f"SELECT {DISPOSAL_COLUMNS} FROM disposals ORDER BY sold_on, id"), connection
    )
    frame["sold_on"] = _dates(frame["sold_on"])
    return frame


def read_items_held_on(connection: Connection, *, as_of: dt.date) -> pd.DataFrame:
    """Items that were (at least partly) in stock on ``as_of``.

    Items bought later, and items whose last unit went before ``as_of``, are left out
    in SQL so a large workspace's sold history is never loaded.
    """
    query = text(
        f"SELECT {ITEM_COLUMNS} FROM items WHERE purchased_on <= :as_of AND (qty > 0 OR id IN "
        "(SELECT item_id FROM disposals WHERE sold_on > :as_of)) ORDER BY purchased_on, id"
    )
    frame = pd.read_sql_query(query, connection, params={"as_of": as_of})
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
