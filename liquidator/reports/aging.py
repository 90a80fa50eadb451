"""The weekly aging report: how much cash is stuck, how old it is, what to move now.

Pure: columns in (mappings of equal-length numpy arrays: the stock as of the day, as
``store.items.read_stock`` gives it; its winners as ``scoring.best_columns`` scores
them; the period's disposals as ``store.disposals.read_disposals`` reads them; a
DataFrame does as well), an ``AgingReport`` out. No I/O, no rendering, no pandas.

Rules (the why behind each figure):

- **As of a date D.** The stock is what was held at the end of D (the store's one
  definition: today's units plus those disposed of after D, bought on or before D).
- **Expected cash** = Σ each item's best-channel ``net_cash``, never below 0 per item
  (stock worth less than its shipping is written off, not paid for).
- **Holding cost to date** = Σ ``holding_per_day`` × days held, rounded to whole yen.
- **Average age** is the plain mean over items in stock (one decimal); 0 when empty.
- **Actions**: the items to move now, in the order ``reports.actions`` gives.
- **Disposals in the period**: the ``period_days`` days ending on D (inclusive).
  ``loss`` = cost basis − cash recovered, so a negative loss is a gain.
  ``recovery_rate`` = cash / cost basis (4 places; 0 when there is no cost).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.reports.actions import Actions, move_now
from liquidator.reports.columns import (
    amounts,
    first_rows,
    get,
    numbers,
    objects,
    sums,
)
from liquidator.reports.recovery import DisposalSummary, disposal_summary
from liquidator.scoring.inputs import texts

# What the report reads of the winners, as numbers.
_BEST_NUMBERS = ("net_cash", "days_to_cash", "holding_per_day", "suggested_price",
                 "target_days")  # fmt: skip
# Every column the report reads of the stock and of the winners: a caller done with
# the others can let them go before the report is built.
STOCK_COLUMNS = ("item_id", "title", "qty", "unit_cost", "days_held", "status",
                 "listed_channel", "listed_days", "return_days_left", "plan")  # fmt: skip
BEST_COLUMNS = ("item_id", "channel", "price_kind", "least_loss", *_BEST_NUMBERS)


@dataclass
class Bucket:
    label: str
    min_days: int
    max_days: int | None
    items: int = 0
    units: int = 0
    cost: int = 0
    share: float = 0.0


@dataclass
class Totals:
    items: int
    units: int
    cost_tied_up: int
    expected_cash: int
    holding_cost_to_date: int
    past_target: int


@dataclass
class AgingReport:
    """The report as data. ``to_dict()`` is the JSON shape (ISO dates, int yen)."""

    as_of: dt.date
    totals: Totals
    buckets: list[Bucket]
    average_age: float
    oldest_age: int
    actions: Actions
    disposals: DisposalSummary
    cancel_rate: dict[str, Any] | None = None
    # Each channel's display name in the report's language (ids stay in the data).
    channel_labels: dict[str, str] = field(default_factory=dict)
    # The open work list (see liquidator.todo), shown first.
    todo: dict[str, list] = field(default_factory=dict)
    # Held items whose market price is missing or too old (see reports.to_check).
    to_check: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: only str/int/float/bool/None/list/dict, dates as ISO strings,
        but for ``actions``: the report's ``Actions``, a sequence of such dicts made as
        they are read (the JSON writer and the renderers take it like a list)."""
        return {
            "as_of": self.as_of.isoformat(),
            "totals": dict(vars(self.totals)),
            "buckets": [dict(vars(b)) for b in self.buckets],
            "average_age": self.average_age,
            "oldest_age": self.oldest_age,
            "actions": self.actions,
            "disposals": {
                "period_start": self.disposals.period_start.isoformat(),
                "period_end": self.disposals.period_end.isoformat(),
                "cash_recovered": self.disposals.cash_recovered,
                "cost_basis": self.disposals.cost_basis,
                "loss": self.disposals.loss,
                "recovery_rate": self.disposals.recovery_rate,
                "by_channel": [dict(vars(c)) for c in self.disposals.by_channel],
            },
            "cancel_rate": _plain(self.cancel_rate),
            "channel_labels": dict(self.channel_labels),
            "todo": dict(self.todo),
            "to_check": dict(self.to_check),
        }


def validate_buckets(edges: Sequence[int]) -> list[int]:
    """Bucket edges: at least one, whole numbers, positive, strictly increasing."""
    edges = list(edges)
    if not edges:
        raise InvalidInput("buckets", _("give at least one edge in days, e.g. 30,60,90"))
    for edge in edges:
        if isinstance(edge, bool) or not isinstance(edge, int | np.integer):
            raise InvalidInput(
                "buckets", _("{value!r} is not a whole number of days").format(value=edge)
            )
        if edge <= 0:
            raise InvalidInput("buckets", _("edges must be positive, got {edge}").format(edge=edge))
    for low, high in zip(edges, edges[1:], strict=False):
        if high <= low:
            raise InvalidInput(
                "buckets", _("edges must increase: {high} after {low}").format(high=high, low=low)
            )
    return [int(e) for e in edges]


def bucket_bounds(edges: Sequence[int]) -> list[tuple[str, int, int | None]]:
    """``[30, 60, 90]`` → ``[("0–30", 0, 30), ("31–60", 31, 60), …, ("91+", 91, None)]``."""
    bounds: list[tuple[str, int, int | None]] = []
    low = 0
    for edge in edges:
        bounds.append((f"{low}–{edge}", low, edge))
        low = edge + 1
    bounds.append((f"{low}+", low, None))
    return bounds


def build_aging_report(
    *,
    stock: Mapping[str, Any],
    best: Mapping[str, Any] | None,
    disposals: Mapping[str, Any] | None,
    as_of: dt.date,
    buckets: list[int],
    period_days: int,
    target_days: int,
    cancel_rate: dict | None,
    channel_days: Mapping[str, int] | None = None,
    return_window_channels: Sequence[str] = (),
    channel_labels: Mapping[str, str] | None = None,
    todo: dict[str, list] | None = None,
    to_check: dict[str, Any] | None = None,
) -> AgingReport:
    """Build the aging report as of ``as_of`` (see the module docstring for the rules).

    Each table is a mapping of equal-length columns (a dict of numpy arrays, or a
    DataFrame). ``stock``: the items held at the end of ``as_of`` (``item_id, title,
    qty, unit_cost, days_held, status`` as of that day, ``listed_channel,
    listed_days``, optionally ``return_days_left`` and ``plan``, each listing's plan);
    ``best``: each one's winning
    channel (an item without a row, or whose ``channel`` is missing, has none);
    ``disposals``: at least those of the period; ``channel_days``: a channel's usual
    days to sell, for listings on a channel that is not the item's best (default 14);
    ``return_window_channels``: channels that only take an item inside its return
    window (their closing windows come first in the action list); ``channel_labels``:
    display names; ``todo``: the open work list (``liquidator.todo``) and
    ``to_check``: the prices to refresh (``reports.to_check``), carried as they are.
    """
    as_of = _as_date(as_of)
    edges = validate_buckets(buckets)
    if isinstance(period_days, bool) or not isinstance(period_days, int) or period_days < 1:
        raise InvalidInput(
            "period", _("{value!r} is not a number of days (1 or more)").format(value=period_days)
        )
    if isinstance(target_days, bool) or not isinstance(target_days, int) or target_days < 0:
        raise InvalidInput(
            "target_days", _("{value!r} is not a number of days").format(value=target_days)
        )

    items = _with_best(stock, best)
    # Each item's target from its parcel class (the scoring's); the fallback without one.
    targets = items["target_days"]
    items["target_days"] = np.where(np.isnan(targets), target_days, targets).astype(np.int64)

    count = len(items["item_id"])
    held = items["days_held"]
    net = items["net_cash"]
    counted = (items["best_channel"] != "") & ~np.isnan(net)
    expected_cash = int(np.round(np.where(counted, np.maximum(net, 0), 0)).sum())
    per_day = items["holding_per_day"]
    holding = float((np.where(np.isnan(per_day), 0.0, per_day) * held).sum())
    totals = Totals(
        items=count,
        units=int(items["qty"].sum()),
        cost_tied_up=int(items["cost"].sum()),
        expected_cash=expected_cash,
        holding_cost_to_date=int(round(holding)),
        past_target=int((held > items["target_days"]).sum()),
    )
    return AgingReport(
        as_of=as_of,
        totals=totals,
        buckets=_buckets(items, edges),
        average_age=round(float(held.mean()), 1) if count else 0.0,
        oldest_age=int(held.max()) if count else 0,
        actions=move_now(items, channel_days or {}, return_window_channels, channel_labels or {}),
        disposals=disposal_summary(disposals, as_of, period_days),
        cancel_rate=_plain(cancel_rate) if cancel_rate is not None else None,
        channel_labels=dict(channel_labels or {}),
        todo=dict(todo or {}),
        to_check=dict(to_check or {}),
    )


def _with_best(stock: Mapping[str, Any], best: Mapping[str, Any] | None) -> dict[str, np.ndarray]:
    """The columns the report reads: the as-of stock's, ``cost``, and its winner's.

    Each item takes the first ``best`` row with its id (none: no channel, NaN figures);
    ``best_channel`` is text (``""`` for none), ``price_kind`` as given (None for none).
    """
    item_id = get(stock, "item_id")
    count = len(item_id)
    best_ids = get(best, "item_id")
    rows = 0 if best_ids is None else len(best_ids)
    position, found = first_rows(item_id, best_ids)

    def winner(values: np.ndarray, missing: Any) -> np.ndarray:
        if not found.any():
            return np.full(count, missing, dtype=values.dtype)
        return np.where(found, values[position], missing)

    qty = get(stock, "qty")
    unit_cost = amounts(get(stock, "unit_cost"), count)
    columns = {
        "item_id": item_id,
        "title": get(stock, "title"),
        "qty": qty,
        "cost": np.round(qty * unit_cost).astype(np.int64),
        "days_held": get(stock, "days_held").astype(np.int64),
        "status_as_of": get(stock, "status"),
        "listed_channel": get(stock, "listed_channel"),
        "listed_days": numbers(get(stock, "listed_days"), count),
        "best_channel": winner(texts(get(best, "channel"), rows), ""),
        "price_kind": winner(objects(get(best, "price_kind"), rows), None),
        # The best is only the least loss: every sale loses money.
        "least_loss": winner(_flags(get(best, "least_loss"), rows), False),
        **{name: winner(numbers(get(best, name), rows), np.nan) for name in _BEST_NUMBERS},
    }
    if "return_days_left" in stock:
        columns["return_days_left"] = numbers(get(stock, "return_days_left"), count)
    # Each listing's plan (scoring/plans.py), None where there is none.
    columns["plan"] = objects(get(stock, "plan"), count)
    return columns


def _flags(values: Any, count: int) -> np.ndarray:
    """A column of booleans (all False when there is none)."""
    if values is None:
        return np.zeros(count, dtype=bool)
    return np.asarray(values, dtype=bool)


def _buckets(items: Mapping[str, np.ndarray], edges: list[int]) -> list[Bucket]:
    bounds = bucket_bounds(edges)
    # Right-inclusive: 0–30, 31–60, …, 91+: an age's bucket is the number of edges below it.
    index = np.searchsorted(np.asarray(edges), items["days_held"], side="left")
    counts = np.bincount(index, minlength=len(bounds))
    units = sums(index, items["qty"], len(bounds))
    costs = sums(index, items["cost"], len(bounds))
    total_cost = int(items["cost"].sum())
    rows = []
    for position, (label, low, high) in enumerate(bounds):
        bucket = Bucket(label=label, min_days=low, max_days=high)
        bucket.items = int(counts[position])
        bucket.units = int(units[position])
        bucket.cost = int(costs[position])
        bucket.share = round(bucket.cost / total_cost, 4) if total_cost else 0.0
        rows.append(bucket)
    return rows


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            "as_of", _("{value!r} is not a date (use YYYY-MM-DD)").format(value=value)
        ) from None


def _plain(value: Any) -> Any:
    """Numpy/pandas scalars and dates → JSON-ready Python values, recursively."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return None if math.isnan(value) else float(value)
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
