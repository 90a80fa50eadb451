"""The one way the store reads many rows: straight into columns (numpy arrays).

Reads go through the driver's own cursor in chunks, on both engines, and each chunk's
Python objects are dropped as soon as it is in numpy: SQLAlchemy's Row objects and its
per-value type processing (a date parsed per row) cost more than the read itself on a
large workspace. Dates are selected as whole days since 1970-01-01, computed by the
database (the one dialect-specific expression here), so no date is parsed in Python
and any stored date, however odd, reads back without overflow.

A column's kind comes from the table's own column type, so adding a field to the
model is all it takes to read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Connection, Date, Float, Integer, Table
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    import numpy as np

INT, FLOAT, BOOL, DATE, TEXT, LABEL = "int", "float", "bool", "date", "text", "label"
# Columns whose few distinct values repeat: each distinct value is held once.
LABELS = frozenset({"status", "channel", "listed_channel", "category", "kind", "sales_tax",
                    "channel_label", "channel_label_ja"})  # fmt: skip
CHUNK_ROWS = 50_000
FETCH_ROWS = 500
DATE_DTYPE = "datetime64[D]"


@dataclass(frozen=True)
class Selected:
    """One output column: its name, the SQL that computes it, and its kind."""

    name: str
    sql: str
    kind: str


def table_columns(
    table: Table, names: Iterable[str], *, alias: str = "", rename: dict[str, str] | None = None
) -> list[Selected]:
    """Columns of ``table`` by name, each typed by its SQL type (``id AS item_id`` via rename)."""
    prefix = f"{alias}." if alias else ""
    selected = []
    for name in names:
        column = table.c[name]
        selected.append(
            Selected((rename or {}).get(name, name), f"{prefix}{name}", column_kind(column))
        )
    return selected


def column_kind(column: Any) -> str:
    """How a table column reads into numpy."""
    kind = column.type
    if isinstance(kind, Boolean):
        return BOOL
    if isinstance(kind, Date):
        return DATE
    if isinstance(kind, Float):
        return FLOAT
    if isinstance(kind, Integer):
        return INT
    return LABEL if column.name in LABELS else TEXT


def day_number(connection: Connection, expression: str) -> str:
    """SQL for the whole days from 1970-01-01 to the date ``expression`` (NULL stays NULL)."""
    if connection.dialect.name == "sqlite":
        # julianday of a plain date is always x.5, so the difference is a whole number.
        return f"CAST(julianday({expression}) - 2440587.5 AS INTEGER)"
    return f"({expression} - DATE '1970-01-01')"


def date_range(expression: str, start: Any | None, end: Any | None) -> tuple[list[str], list[Any]]:
    """WHERE clauses and parameters for ``start <= expression <= end`` (either open)."""
    clauses, params = [], []
    for bound, operator in ((start, ">="), (end, "<=")):
        if bound is not None:
            clauses.append(f"{expression} {operator} ?")
            params.append(bound)
    return clauses, params


def read_columns(
    connection: Connection,
    selected: Sequence[Selected],
    rest: str,
    params: Sequence[Any] = (),
) -> dict[str, np.ndarray]:
    """``SELECT <selected> <rest>`` as ``{name: numpy array}``.

    ``rest`` is the FROM … WHERE … ORDER BY part with ``?`` for each of ``params``.
    INT columns are int64 (float64 with NaN when a value is NULL), FLOAT float64, BOOL
    bool (NULL is False), DATE ``datetime64[D]`` (NaT for NULL), TEXT and LABEL object.
    """
    expressions = [
        f"{day_number(connection, c.sql) if c.kind == DATE else c.sql} AS {c.name}"
        for c in selected
    ]
    sql = f"SELECT {', '.join(expressions)} {rest}"
    if connection.dialect.paramstyle != "qmark":
        sql = sql.replace("%", "%%").replace("?", "%s")
    chunks: list[list[np.ndarray]] = [[] for _ in selected]
    labels: dict[str, str] = {}
    pending: list[list[Any]] = [[] for _ in selected]
    with driver_cursor(connection, sql, params) as cursor:
        cursor.execute(sql, tuple(params))
        # Fetched and turned into columns a few rows at a time, while they are still in
        # the CPU's cache (a million rows read 1.5 times as fast as in 50k-row fetches),
        # then into numpy a chunk at a time, so no more than a chunk of Python values
        # is ever held.
        while rows := cursor.fetchmany(FETCH_ROWS):
            for values, transposed in zip(pending, zip(*rows, strict=True), strict=True):
                values.extend(transposed)
            if len(pending[0]) >= CHUNK_ROWS:
                _flush(pending, chunks, selected, labels)
        if pending[0]:
            _flush(pending, chunks, selected, labels)
    return {
        column.name: _finish(parts, column.kind)
        for column, parts in zip(selected, chunks, strict=True)
    }


@contextmanager
def driver_cursor(connection: Connection, statement: str, params: Any = None) -> Iterator[Any]:
    """The driver's own cursor on the connection, closed after use.

    A driver error comes out as the error SQLAlchemy would raise for ``statement`` (an
    ``IntegrityError`` for a clash), so the caller's one error edge sees it.
    """
    dbapi = connection.dialect.loaded_dbapi
    cursor = connection.connection.driver_connection.cursor()
    try:
        yield cursor
    except dbapi.Error as exc:
        raise DBAPIError.instance(statement, params, exc, dbapi.Error) from None
    finally:
        cursor.close()


def _flush(
    pending: list[list[Any]],
    chunks: list[list[np.ndarray]],
    selected: Sequence[Selected],
    labels: dict[str, str],
) -> None:
    """Move the pending values of each column into numpy, emptying them."""
    for position, values in enumerate(pending):
        chunks[position].append(_chunk(values, selected[position].kind, labels))
        values.clear()


def _chunk(values: Sequence[Any], kind: str, labels: dict[str, str]) -> np.ndarray:
    import numpy as np

    if kind in (INT, DATE):
        array = np.array(values)  # int64, or float64 / object when NULLs are mixed in
        if array.dtype.kind in "iu":
            return array.astype(np.int64, copy=False)
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if kind in (FLOAT, BOOL):
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if kind == LABEL:
        values = [v if v is None else labels.setdefault(v, v) for v in values]
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _finish(parts: list[np.ndarray], kind: str) -> np.ndarray:
    import numpy as np

    if not parts:
        empty = {INT: np.int64, FLOAT: np.float64, BOOL: bool, DATE: DATE_DTYPE}
        return np.empty(0, dtype=empty.get(kind, object))
    array = np.concatenate(parts) if len(parts) > 1 else parts[0]
    if kind == DATE:
        if array.dtype.kind == "f":
            missing = np.isnan(array)
            days = np.where(missing, 0, array).astype(np.int64).astype(DATE_DTYPE)
            days[missing] = np.datetime64("NaT")
            return days
        return array.astype(DATE_DTYPE)
    if kind == BOOL:
        return np.nan_to_num(array, nan=0.0).astype(bool)
    return array
