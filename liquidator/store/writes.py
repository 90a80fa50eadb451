"""Writing many rows: values bound as SQLAlchemy binds them, sent in bulk.

The store's write path (``store.items.insert_items``) builds plain tuples of driver
values and hands them here. SQLite takes them through ``executemany`` under a page
cache big enough to hold the whole write until it commits; PostgreSQL through one
``COPY … FROM STDIN`` stream per batch, which sends the same values without a
statement round trip per row (executemany was about 40% of a 100k-row import there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

from liquidator.store.columns import driver_cursor


def write_rows(
    connection: Connection, table: str, names: Sequence[str], rows: Sequence[tuple]
) -> None:
    """Insert ``rows`` (tuples of driver values, in the order of ``names``) into ``table``.

    A driver error is raised as SQLAlchemy raises it (an ``IntegrityError`` for a
    duplicate key), whichever way the rows went.
    """
    if not rows:
        return
    columns = ", ".join(names)
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" * len(names))
        connection.exec_driver_sql(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with driver_cursor(connection, statement) as cursor, cursor.copy(statement) as copy:
        for row in _as_copy_stores_them(rows, len(names)):
            copy.write_row(row)


def _as_copy_stores_them(rows: Sequence[tuple], width: int) -> Sequence[tuple]:
    """The rows with each zoned time as naive UTC.

    COPY keeps a time's text and drops its offset where a parameter would be converted
    (into the session's zone, UTC): 18:00+09:00 would be stored as 18:00, not 09:00.
    A column's values are all of one type, so its first known value tells.
    """
    zoned = []
    for position in range(width):
        first = next((row[position] for row in rows if row[position] is not None), None)
        if isinstance(first, dt.datetime) and first.tzinfo is not None:
            zoned.append(position)
    if not zoned:
        return rows

    def utc(value: Any) -> Any:
        return value if value is None else value.astimezone(dt.UTC).replace(tzinfo=None)

    converted = []
    for row in rows:
        row = list(row)
        for position in zoned:
            row[position] = utc(row[position])
        converted.append(tuple(row))
    return converted


# The page cache a big SQLite import may use (KiB per row, and at most).
_CACHE_KIB_PER_ROW = 2
_CACHE_MAX_KIB = 256 * 1024


@contextmanager
def page_cache_for(connection: Connection, *, rows: int) -> Iterator[None]:
    """A SQLite page cache that holds a big insert's pages until it commits.

    With the default (2 MB) a large import keeps spilling pages into the WAL file as it
    goes. The connection's own size is put back after. PostgreSQL: nothing to do.
    """
    wanted = min(rows * _CACHE_KIB_PER_ROW, _CACHE_MAX_KIB)
    if connection.dialect.name != "sqlite" or wanted <= 2048:
        yield
        return
    previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{wanted}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {previous}")


def binder(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """What SQLAlchemy does to a non-None value before the driver sees it (None: nothing)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    sample = dt.date(987, 6, 5)
    if type(column.type).__name__ == "Date" and process(sample) == sample.isoformat():
        # SQLite stores a DATE as ISO text: what isoformat gives, in C.
        return lambda value: value.isoformat() if type(value) is dt.date else process(value)
    return process


def driver_value(column: Any, value: Any, dialect: Any) -> Any:
    """``value`` as SQLAlchemy would hand it to the driver for ``column``."""
    bind = binder(column, dialect)
    return value if bind is None or value is None else bind(value)
