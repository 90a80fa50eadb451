"""The one way the store reads many rows: a SQLAlchemy ``select()`` into columns (numpy).

The statement is built, compiled, bound and executed by SQLAlchemy like any other; only
the rows come straight from the driver's cursor, in chunks, on both engines, and each
chunk's Python objects are dropped as soon as it is in numpy. SQLAlchemy's Row objects
cost more than the rest of the read on a large workspace (``benchmarks/RESULTS.md``,
"read items": the same select through Rows), so this is the one path for reading many
rows, and nothing else reads rows this way.

A column's kind comes from its SQL type, so a column added to a table reads as its
type says. Dates are selected as whole days since 1970-01-01, computed by the database
(``epoch_days``: the one dialect-specific expression here), so no date is parsed in
Python and any stored date, however odd, reads back without overflow.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Connection, Date, Float, Integer, Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

if TYPE_CHECKING:
    import numpy as np

INT, FLOAT, BOOL, DATE, TEXT, LABEL = "int", "float", "bool", "date", "text", "label"
# Columns whose few distinct values repeat: each distinct value is held once.
LABELS = frozenset({"status", "channel", "listed_channel", "category", "kind", "sales_tax",
                    "channel_label", "channel_label_ja"})  # fmt: skip
CHUNK_ROWS = 50_000
FETCH_ROWS = 500
DATE_DTYPE = "datetime64[D]"


class epoch_days(FunctionElement):  # noqa: N801  (named like the SQL functions it stands for)
    """Whole days from 1970-01-01 to a date (NULL stays NULL), computed by the database."""

    type = Integer()
    inherit_cache = True
    name = "epoch_days"


@compiles(epoch_days, "sqlite")
def _sqlite_epoch_days(element: epoch_days, compiler: Any, **options: Any) -> str:
    # julianday of a plain date is always x.5, so the difference is a whole number.
    day = compiler.process(element.clauses, **options)
    return f"CAST(julianday({day}) - 2440587.5 AS INTEGER)"


@compiles(epoch_days, "postgresql")
def _postgresql_epoch_days(element: epoch_days, compiler: Any, **options: Any) -> str:
    return f"({compiler.process(element.clauses, **options)} - DATE '1970-01-01')"


@dataclass(frozen=True)
class _Column:
    """One selected column as read: its name, what is selected for it, and its kind."""

    name: str
    selected: Any
    kind: str


def read_columns(
    connection: Connection, statement: Select, *, labels: Collection[str] = LABELS
) -> dict[str, np.ndarray]:
    """The rows of ``statement`` as ``{column name: numpy array}``.

    Each selected column's kind is its SQL type's: Integer columns are int64 (float64
    with NaN when a value is NULL), Float float64, Boolean bool (NULL is False), Date
    ``datetime64[D]`` (NaT for NULL), any other text (object); a text column named in
    ``labels`` holds each distinct value once.
    """
    columns = [_column(selected, labels) for selected in statement.selected_columns]
    statement = statement.with_only_columns(
        *(column.selected for column in columns), maintain_column_froms=True
    )
    chunks: list[list[np.ndarray]] = [[] for _ in columns]
    seen: dict[str, str] = {}
    pending: list[list[Any]] = [[] for _ in columns]
    with _driver_rows(connection, statement) as fetch:
        # Fetched and turned into columns a few rows at a time, while they are still in
        # the CPU's cache (a million rows read 1.5 times as fast as in 50k-row fetches),
        # then into numpy a chunk at a time, so no more than a chunk of Python values
        # is ever held.
        while rows := fetch(FETCH_ROWS):
            for values, transposed in zip(pending, zip(*rows, strict=True), strict=True):
                values.extend(transposed)
            if len(pending[0]) >= CHUNK_ROWS:
                _flush(pending, chunks, columns, seen)
        if pending[0]:
            _flush(pending, chunks, columns, seen)
    return {
        column.name: _finish(parts, column.kind)
        for column, parts in zip(columns, chunks, strict=True)
    }


def _column(selected: Any, labels: Collection[str]) -> _Column:
    """How one selected column is read (a date as its day number)."""
    name, kind = selected.key, selected.type
    if isinstance(kind, Date):
        return _Column(name, epoch_days(selected).label(name), DATE)
    if isinstance(kind, Boolean):
        return _Column(name, selected, BOOL)
    if isinstance(kind, Float):
        return _Column(name, selected, FLOAT)
    if isinstance(kind, Integer):
        return _Column(name, selected, INT)
    return _Column(name, selected, LABEL if name in labels else TEXT)


@contextmanager
def _driver_rows(connection: Connection, statement: Select) -> Iterator[Any]:
    """``fetchmany`` of the driver's cursor on which SQLAlchemy executed ``statement``.

    A driver error while fetching comes out as the error SQLAlchemy would raise, so
    the caller's one error edge sees it (a damaged SQLite page is found here).
    """
    result = connection.execute(statement)
    dbapi = connection.dialect.loaded_dbapi
    try:
        yield result.cursor.fetchmany
    except dbapi.Error as exc:
        raise DBAPIError.instance(str(statement), None, exc, dbapi.Error) from None
    finally:
        result.close()


def _flush(
    pending: list[list[Any]],
    chunks: list[list[np.ndarray]],
    columns: Sequence[_Column],
    seen: dict[str, str],
) -> None:
    """Move the pending values of each column into numpy, emptying them."""
    for position, values in enumerate(pending):
        chunks[position].append(_chunk(values, columns[position].kind, seen))
        values.clear()


def _chunk(values: Sequence[Any], kind: str, seen: dict[str, str]) -> np.ndarray:
    import numpy as np

    if kind in (INT, DATE):
        array = np.array(values)  # int64, or float64 / object when NULLs are mixed in
        if array.dtype.kind in "iu":
            return array.astype(np.int64, copy=False)
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if kind in (FLOAT, BOOL):
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if kind == LABEL:
        values = [v if v is None else seen.setdefault(v, v) for v in values]
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
