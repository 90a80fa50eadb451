"""Writing many rows: the one bulk writer, for one row or a hundred thousand.

``insert_columns`` takes values a column at a time and binds each column as
SQLAlchemy binds it: by the bind processor of the column's own type for the dialect
(a date becomes SQLite's ISO text, a zoned time UTC …), run once per distinct value.
The rows then go to the driver in bulk, on the statement SQLAlchemy compiles for the
table: SQLite takes ``insert(table)`` by ``executemany`` (under a page cache big
enough to hold the whole write until it commits), PostgreSQL one ``COPY … FROM
STDIN`` stream per call, its table and column names quoted by SQLAlchemy's dialect.

Why not ``connection.execute(insert(table), rows)``: it binds every value of every row
through its own machinery; on a 100k-row ``import items`` that made the write about
twice as slow on both engines (benchmarks/RESULTS.md, "import items"), and PostgreSQL's
COPY sends the same rows without a statement per row. This is the only path that
writes rows in bulk: ``store.items.insert_items`` (items and their events) uses it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Column, Connection, Table, insert, text
from sqlalchemy.exc import DBAPIError


def insert_columns(
    connection: Connection,
    table: Table,
    columns: Mapping[str, Sequence[Any]],
    *,
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert rows given as ``columns`` (``{column name: one value per row}``, all of
    one length) into ``table``; ``same`` holds the values every row shares.

    A driver error is raised as SQLAlchemy raises it (an ``IntegrityError`` for a
    duplicate key), whichever way the rows went.
    """
    count = len(next(iter(columns.values())))
    if not count:
        return
    dialect = connection.dialect
    bound: dict[str, Any] = {
        name: bound_values(table.c[name], values, dialect) for name, values in columns.items()
    }
    for name, value in (same or {}).items():
        [shared] = bound_values(table.c[name], [value], dialect)
        bound[name] = itertools.repeat(shared, count)
    if dialect.name == "postgresql":
        _copy(connection, table, bound)
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=list(bound))
    order = compiled.positiontup
    if order is None or set(order) != set(bound):
        raise ValueError(f"{table.name}: cannot send {sorted(bound)} in bulk")
    rows = list(zip(*(bound[name] for name in order), strict=True))
    connection.exec_driver_sql(str(compiled), rows)


def bound_values(column: Column, values: Sequence[Any], dialect: Any) -> Sequence[Any]:
    """``values`` as SQLAlchemy hands them to the driver for ``column``: its type's bind
    processor for the dialect, called once per distinct value (None stays None)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return values
    done: dict[Any, Any] = {None: None}
    return [done[v] if v in done else done.setdefault(v, process(v)) for v in values]


def _copy(connection: Connection, table: Table, bound: Mapping[str, Any]) -> None:
    """PostgreSQL: the rows through one ``COPY … FROM STDIN``."""
    quote = connection.dialect.identifier_preparer
    names = ", ".join(quote.format_column(table.c[name]) for name in bound)
    statement = f"COPY {quote.format_table(table)} ({names}) FROM STDIN"
    dbapi = connection.dialect.loaded_dbapi
    cursor = connection.connection.driver_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in zip(*bound.values(), strict=True):
                copy.write_row(row)
    except dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, dbapi.Error) from None
    finally:
        cursor.close()


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
    # A pragma takes no parameters: the sizes are whole numbers made here.
    previous = int(connection.execute(text("PRAGMA cache_size")).scalar())
    connection.execute(text(f"PRAGMA cache_size = -{int(wanted)}"))
    try:
        yield
    finally:
        connection.execute(text(f"PRAGMA cache_size = {int(previous)}"))
