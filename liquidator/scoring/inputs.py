"""The items scoring reads: named columns, from a dict of arrays or a DataFrame.

``ITEM_COLUMNS`` is the engine's input contract: the item's ``scored`` values of
``item_output.SHOWN`` (what a field marked ``scored`` stores, the listing, the age),
then what the store works out for the day and the market lookup adds. The store reads
them (plus what a command shows); each column is read as its kind says (a flag, a
text, a number).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from liquidator.fields import FLAG, QUOTES, TEXT
from liquidator.item_output import SCORED, SHOWN_BY_NAME

# Worked out for the day by the store (``store.items.with_ages``) and added by the
# market lookup (``market.lookup``): the rest of what scoring reads of an item.
FOR_THE_DAY = ("return_days_left", "listed_days")
FROM_THE_MARKET = ("channel_prices", "price_fall", "price_fall_days", "price_source")
ITEM_COLUMNS = ("item_id", *SCORED, *FOR_THE_DAY, *FROM_THE_MARKET)
_FLAGS = tuple(name for name in SCORED if SHOWN_BY_NAME[name].kind == FLAG)
# Carried through scoring as they are (None when missing): where the market price came from.
_PASSED = ("price_source",)
_TEXTS = (*(n for n in SCORED if SHOWN_BY_NAME[n].kind in (TEXT, QUOTES)), "channel_prices")
REQUIRED_COLUMNS = ("qty", "unit_cost", "size_class", "days_held")


def column(items: Mapping[str, Any], name: str) -> np.ndarray:
    """One column of ``items`` as a numpy array."""
    values = items[name]
    return values.to_numpy() if hasattr(values, "to_numpy") else np.atleast_1d(np.asarray(values))


def item_arrays(items: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Every ITEM_COLUMNS column as a numpy array (missing optional ones: unknown)."""
    missing = [name for name in REQUIRED_COLUMNS if name not in items]
    if missing:
        raise ValueError(f"items lack required columns: {', '.join(missing)}")
    n = len(np.atleast_1d(np.asarray(items["qty"])))
    arrays: dict[str, np.ndarray] = {}
    for name in ITEM_COLUMNS:
        values = items.get(name)
        if hasattr(values, "to_numpy"):  # a pandas column: NA becomes NaN, "" or False
            values = _from_pandas(values, name)
        if name == "item_id":
            arrays[name] = np.arange(n) if values is None else np.atleast_1d(np.asarray(values))
        elif name in _FLAGS:
            arrays[name] = _booleans(values, n)
        elif name in _TEXTS:
            arrays[name] = texts(values, n)
        elif name in _PASSED:
            arrays[name] = _objects(values, n)
        elif values is None:
            arrays[name] = np.full(n, np.nan)
        else:
            arrays[name] = np.atleast_1d(np.asarray(values, dtype=float))
    return arrays


def _from_pandas(series: Any, name: str) -> np.ndarray:
    if name == "item_id":
        return series.to_numpy()
    if name in _FLAGS:
        return series.to_numpy(dtype=bool, na_value=False)
    if name in _TEXTS:
        return series.fillna("").astype(str).to_numpy(dtype=object)
    if name in _PASSED:
        return series.to_numpy(dtype=object)
    return series.to_numpy(dtype=float, na_value=np.nan)


def _objects(values: Any, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, None, dtype=object)
    array = np.empty(n, dtype=object)
    array[:] = list(values)
    return array


def _booleans(values: Any, n: int) -> np.ndarray:
    if values is None:
        return np.zeros(n, dtype=bool)
    array = np.atleast_1d(np.asarray(values))
    if array.dtype == bool:
        return array
    objects = array.astype(object)
    unknown = (objects != objects) | (objects == None)  # noqa: E711 (elementwise)
    return np.where(unknown, False, objects).astype(bool)


def texts(values: Any, count: int) -> np.ndarray:
    """A column as an object array of str, ``""`` where a value is missing (None, NaN,
    NaT, pandas' NA; every one when there is no column).

    Text the store read stays the very objects it read, so ``distinct`` (once per
    channel and column) hashes nothing anew.
    """
    if values is None:
        return np.full(count, "", dtype=object)
    array = np.atleast_1d(np.asarray(values))
    if array.dtype.kind == "U":
        return array.astype(object)
    objects = array.astype(object, copy=False)
    if set(map(type, objects.tolist())) <= {str, type(None)}:  # what the store reads
        return np.where(np.equal(objects, None), "", objects)
    text = np.empty(len(objects), dtype=object)
    text[:] = [v if type(v) is str else "" if missing(v) else str(v) for v in objects.tolist()]
    return text


def missing(value: Any) -> bool:
    """None, NaN, NaT or pandas' NA (without importing pandas)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):
        return True  # pandas' NA: its truth is ambiguous


def distinct(values: np.ndarray) -> tuple[list[Any], np.ndarray]:
    """The distinct values of an array, as first seen, and each value's index into them.

    For text (object) columns, where np.unique sorts Python objects: several times
    faster on a large stock, and numpy.ma (which np.unique loads) stays unimported.
    """
    items = values.tolist()
    # Both passes run in C (dict.fromkeys, map): no Python call per value.
    index: dict[Any, int] = dict.fromkeys(items)
    for code, value in enumerate(index):
        index[value] = code
    codes = np.fromiter(map(index.__getitem__, items), dtype=np.intp, count=len(items))
    return list(index), codes
