"""The report's columns: equal-length numpy arrays, read by name from any mapping of them.

The report takes what the store reads and what scoring gives (dicts of numpy arrays),
or a DataFrame (the tests build some): a column is read with ``np.asarray`` and then
as numbers, text or days, so a missing value is NaN, ``""`` or NaT whatever it came
as (None, NaN, NaT, pandas' NA). Numpy only: the report path never imports pandas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np

from liquidator.scoring.inputs import missing

_DAY = "datetime64[D]"


def get(columns: Mapping[str, Any] | None, name: str) -> np.ndarray | None:
    """One column as a numpy array; None when there are no columns or no such column."""
    if columns is None or name not in columns:
        return None
    return np.atleast_1d(np.asarray(columns[name]))


def numbers(values: np.ndarray | None, count: int) -> np.ndarray:
    """A column as float64, NaN where a value is missing or not a number (all NaN: None)."""
    if values is None:
        return np.full(count, np.nan)
    if values.dtype.kind in "biuf":
        return values.astype(np.float64)
    return np.array([_number(value) for value in values.tolist()], dtype=np.float64)


def days(values: np.ndarray | None, count: int) -> np.ndarray:
    """A column of dates (``date``, ``datetime``, ISO text or datetime64) as whole days,
    NaT where a value is missing or not a date; a datetime counts as its own day."""
    if values is None:
        return np.full(count, np.datetime64("NaT", "D"))
    if values.dtype.kind == "M":
        return values.astype(_DAY)
    return np.array([_day(value) for value in values.tolist()], dtype=_DAY)


def amounts(values: np.ndarray | None, count: int) -> np.ndarray:
    """A column of amounts: whole numbers as they are, else float64 with unknown as 0."""
    if values is not None and values.dtype.kind in "iu":
        return values
    figures = numbers(values, count)
    return np.where(np.isnan(figures), 0.0, figures)


def objects(values: np.ndarray | None, count: int) -> np.ndarray:
    """A column as an object array (all None when missing)."""
    return np.full(count, None, dtype=object) if values is None else values.astype(object)


def first_rows(item_id: np.ndarray, best_ids: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """For each item, the first row of ``best`` with its id, and whether there is one."""
    count = len(item_id)
    if best_ids is not None and len(best_ids) == count and np.array_equal(best_ids, item_id):
        return np.arange(count), np.ones(count, dtype=bool)  # scoring keeps the stock's order
    if best_ids is not None and best_ids.dtype.kind in "iu":
        rows, keys = np.arange(len(best_ids)), best_ids.astype(np.int64)
    else:
        ids = numbers(best_ids, 0)
        rows = np.flatnonzero(~np.isnan(ids))
        keys = ids[rows].astype(np.int64)
    if not len(rows) or not count:
        return np.zeros(count, dtype=np.intp), np.zeros(count, dtype=bool)
    order = np.argsort(keys, kind="stable")  # stable: of equal ids, the first row first
    ordered = keys[order]
    at = np.minimum(np.searchsorted(ordered, item_id, side="left"), len(ordered) - 1)
    found = ordered[at] == item_id
    return np.where(found, rows[order[at]], 0), found


def sums(codes: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """``values`` summed by group (``codes`` 0 … groups − 1); whole numbers stay exact."""
    kind = np.int64 if values.dtype.kind in "biu" else np.float64
    totals = np.zeros(groups, dtype=kind)
    np.add.at(totals, codes, values.astype(kind, copy=False))
    return totals


def _number(value: Any) -> float:
    if missing(value):
        return np.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return np.nan


def _day(value: Any) -> Any:
    if missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | np.datetime64):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None
    return None
