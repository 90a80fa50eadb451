"""The weekly aging report: how much cash is stuck, how old it is, what to move now.

Pure: DataFrames in (the stock as of the day, as ``store.items.read_stock`` gives it;
its winners as ``scoring.best_items`` scores them; the period's disposals), an
``AgingReport`` out. No I/O, no rendering.

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
import pandas as pd

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.reports.actions import Action, move_now, text_series

# What the report reads of the winners and of the period's disposals.
_BEST_COLUMNS = ("item_id", "channel", "net_cash", "days_to_cash", "holding_per_day",
                 "suggested_price", "price_kind", "target_days")  # fmt: skip
_DISPOSAL_COLUMNS = ("item_id", "channel", "qty", "net_cash", "cost_basis", "sold_on")


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
class ChannelRecovery:
    channel: str
    disposals: int
    units: int
    cash_recovered: int
    cost_basis: int
    loss: int
    recovery_rate: float


@dataclass
class DisposalSummary:
    period_start: dt.date
    period_end: dt.date
    cash_recovered: int
    cost_basis: int
    loss: int
    recovery_rate: float
    by_channel: list[ChannelRecovery] = field(default_factory=list)


@dataclass
class AgingReport:
    """The report as data. ``to_dict()`` is the JSON shape (ISO dates, int yen)."""

    as_of: dt.date
    totals: Totals
    buckets: list[Bucket]
    average_age: float
    oldest_age: int
    actions: list[Action]
    disposals: DisposalSummary
    cancel_rate: dict[str, Any] | None = None
    # Each channel's display name in the report's language (ids stay in the data).
    channel_labels: dict[str, str] = field(default_factory=dict)
    # The open work list (see liquidator.todo), shown first.
    todo: dict[str, list] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: only str/int/float/bool/None/list/dict, dates as ISO strings.

        The action dicts are the report's own (not copies): a big report holds them once.
        """
        return {
            "as_of": self.as_of.isoformat(),
            "totals": dict(vars(self.totals)),
            "buckets": [dict(vars(b)) for b in self.buckets],
            "average_age": self.average_age,
            "oldest_age": self.oldest_age,
            "actions": list(self.actions),
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
        }


def validate_buckets(edges: Sequence[int]) -> list[int]:
    """Bucket edges: at least one, whole numbers, positive, strictly increasing."""
    edges = list(edges)
    if not edges:
        raise InvalidInput("--buckets", _("give at least one edge in days, e.g. 30,60,90"))
    for edge in edges:
        if isinstance(edge, bool) or not isinstance(edge, int | np.integer):
            raise InvalidInput(
                "--buckets", _("{value!r} is not a whole number of days").format(value=edge)
            )
        if edge <= 0:
            raise InvalidInput(
                "--buckets", _("edges must be positive, got {edge}").format(edge=edge)
            )
    for low, high in zip(edges, edges[1:], strict=False):
        if high <= low:
            raise InvalidInput(
                "--buckets", _("edges must increase: {high} after {low}").format(high=high, low=low)
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
    stock: pd.DataFrame,
    best: pd.DataFrame | None,
    disposals: pd.DataFrame,
    as_of: dt.date,
    buckets: list[int],
    period_days: int,
    target_days: int,
    cancel_rate: dict | None,
    channel_days: Mapping[str, int] | None = None,
    return_window_channels: Sequence[str] = (),
    channel_labels: Mapping[str, str] | None = None,
    todo: dict[str, list] | None = None,
) -> AgingReport:
    """Build the aging report as of ``as_of`` (see the module docstring for the rules).

    ``stock``: the items held at the end of ``as_of`` (``item_id, title, qty,
    unit_cost, days_held, status`` as of that day, ``listed_channel, listed_days``,
    optionally ``return_days_left``); ``best``: each one's winning channel;
    ``disposals``: at least those of the period; ``channel_days``: a channel's usual
    days to sell, for listings on a channel that is not the item's best (default 14);
    ``return_window_channels``: channels that only take an item inside its return
    window (their closing windows come first in the action list); ``channel_labels``:
    display names; ``todo``: the open work list (``liquidator.todo``), carried as is.
    """
    as_of = _as_date(as_of)
    edges = validate_buckets(buckets)
    if isinstance(period_days, bool) or not isinstance(period_days, int) or period_days < 1:
        raise InvalidInput(
            "--period", _("{value!r} is not a number of days (1 or more)").format(value=period_days)
        )
    if isinstance(target_days, bool) or not isinstance(target_days, int) or target_days < 0:
        raise InvalidInput(
            "target_days", _("{value!r} is not a number of days").format(value=target_days)
        )

    stock = _with_best(stock, best)
    # Each item's target from its parcel class (the scoring's); the fallback without one.
    stock["target_days"] = stock["target_days"].fillna(target_days).astype("int64")

    bucket_rows = _buckets(stock, edges)
    total_cost = int(stock["cost"].sum())
    net = pd.to_numeric(stock["net_cash"], errors="coerce")
    has_channel = text_series(stock["best_channel"]).ne("")
    expected_cash = int(net.where(has_channel).clip(lower=0).fillna(0).round().sum())
    per_day = pd.to_numeric(stock["holding_per_day"], errors="coerce").fillna(0.0)
    holding = float((per_day * stock["days_held"]).sum())
    totals = Totals(
        items=len(stock),
        units=int(stock["qty"].sum()),
        cost_tied_up=total_cost,
        expected_cash=expected_cash,
        holding_cost_to_date=int(round(holding)),
        past_target=int((stock["days_held"] > stock["target_days"]).sum()),
    )
    return AgingReport(
        as_of=as_of,
        totals=totals,
        buckets=bucket_rows,
        average_age=round(float(stock["days_held"].mean()), 1) if len(stock) else 0.0,
        oldest_age=int(stock["days_held"].max()) if len(stock) else 0,
        actions=move_now(stock, channel_days or {}, return_window_channels, channel_labels or {}),
        disposals=_disposal_summary(disposals, as_of, period_days),
        cancel_rate=_plain(cancel_rate) if cancel_rate is not None else None,
        channel_labels=dict(channel_labels or {}),
        todo=dict(todo or {}),
    )


def _with_best(stock: pd.DataFrame, best: pd.DataFrame | None) -> pd.DataFrame:
    """The columns the report reads: the as-of stock's, ``cost``, and its winner's.

    Each item takes the first ``best`` row with its id (none: no channel, NaN figures).
    """
    best = _with_columns(best, _BEST_COLUMNS)
    best_ids = pd.to_numeric(best["item_id"], errors="coerce")
    first = (best_ids.notna() & ~best_ids.duplicated(keep="first")).to_numpy()
    best = best.loc[first]
    position = pd.Index(best_ids[first].astype("int64")).get_indexer(stock["item_id"])
    found = position >= 0
    position = np.where(found, position, 0)

    def winner(column: str, numeric: bool = True) -> np.ndarray:
        values = best[column]
        if numeric:
            picked = pd.to_numeric(values, errors="coerce").to_numpy(float, na_value=np.nan)
            picked = picked[position] if len(picked) else np.full(len(position), np.nan)
            return np.where(found, picked, np.nan)
        picked = text_series(values).to_numpy(dtype=object)
        picked = picked[position] if len(picked) else np.full(len(position), "", dtype=object)
        return np.where(found, picked, "")

    unit_cost = pd.to_numeric(stock["unit_cost"], errors="coerce").fillna(0)
    columns = {
        "item_id": stock["item_id"].to_numpy(),
        "title": stock["title"].to_numpy(),
        "qty": stock["qty"].to_numpy(),
        "cost": (stock["qty"] * unit_cost).round().astype("int64").to_numpy(),
        "days_held": stock["days_held"].to_numpy(),
        "status_as_of": stock["status"].to_numpy(),
        "listed_channel": stock["listed_channel"].to_numpy(),
        "listed_days": stock["listed_days"].to_numpy(),
        "best_channel": winner("channel", numeric=False),
        "net_cash": winner("net_cash"),
        "days_to_cash": winner("days_to_cash"),
        "holding_per_day": winner("holding_per_day"),
        "suggested_price": winner("suggested_price"),
        "price_kind": winner("price_kind", numeric=False),
        "target_days": winner("target_days"),
    }
    if "return_days_left" in stock.columns:
        columns["return_days_left"] = stock["return_days_left"].to_numpy()
    return pd.DataFrame(columns)


def _buckets(stock: pd.DataFrame, edges: list[int]) -> list[Bucket]:
    bounds = bucket_bounds(edges)
    # bins are right-inclusive: (-1, 30] (30, 60] … (90, inf) → 0–30, 31–60, …, 91+
    index = pd.cut(
        stock["days_held"], bins=[-1, *edges, math.inf], labels=False, right=True
    ).astype("int64")
    grouped = stock.groupby(index).agg(
        items=("item_id", "size"), units=("qty", "sum"), cost=("cost", "sum")
    )
    total_cost = int(stock["cost"].sum())
    rows = []
    for position, (label, low, high) in enumerate(bounds):
        bucket = Bucket(label=label, min_days=low, max_days=high)
        if position in grouped.index:
            row = grouped.loc[position]
            bucket.items = int(row["items"])
            bucket.units = int(row["units"])
            bucket.cost = int(row["cost"])
        bucket.share = round(bucket.cost / total_cost, 4) if total_cost else 0.0
        rows.append(bucket)
    return rows


def _disposal_summary(disposals: pd.DataFrame, as_of: dt.date, period_days: int) -> DisposalSummary:
    start = as_of - dt.timedelta(days=period_days - 1)
    frame = _with_columns(disposals, _DISPOSAL_COLUMNS)
    sold_on = _dates(frame["sold_on"])
    frame = frame.loc[sold_on.between(pd.Timestamp(start), pd.Timestamp(as_of))].copy()
    for column in ("qty", "net_cash", "cost_basis"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(0)
    frame["channel"] = text_series(frame["channel"])

    by_channel = []
    if not frame.empty:
        grouped = frame.groupby("channel").agg(
            disposals=("item_id", "size"),
            units=("qty", "sum"),
            cash_recovered=("net_cash", "sum"),
            cost_basis=("cost_basis", "sum"),
        )
        for channel, row in grouped.iterrows():
            cash, cost = int(round(row["cash_recovered"])), int(round(row["cost_basis"]))
            by_channel.append(
                ChannelRecovery(
                    channel=str(channel),
                    disposals=int(row["disposals"]),
                    units=int(row["units"]),
                    cash_recovered=cash,
                    cost_basis=cost,
                    loss=cost - cash,
                    recovery_rate=_rate(cash, cost),
                )
            )
        by_channel.sort(key=lambda c: (-c.cash_recovered, c.channel))
    cash = sum(c.cash_recovered for c in by_channel)
    cost = sum(c.cost_basis for c in by_channel)
    return DisposalSummary(
        period_start=start,
        period_end=as_of,
        cash_recovered=cash,
        cost_basis=cost,
        loss=cost - cash,
        recovery_rate=_rate(cash, cost),
        by_channel=by_channel,
    )


def _rate(cash: int, cost: int) -> float:
    return round(cash / cost, 4) if cost else 0.0


def _with_columns(frame: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame:
    """The frame with every contract column present (missing ones as NaN/None)."""
    frame = pd.DataFrame(columns=list(columns)) if frame is None else frame
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        frame = frame.assign(**{c: None for c in missing})
    return frame


def _dates(series: pd.Series) -> pd.Series:
    """Dates (``date``, ``datetime``, ISO text or datetime64) as midnight Timestamps."""
    converted = pd.to_datetime(series, errors="coerce")
    if getattr(converted.dt, "tz", None) is not None:
        converted = converted.dt.tz_localize(None)
    return converted.dt.normalize().astype("datetime64[us]")


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            "--as-of", _("{value!r} is not a date (use YYYY-MM-DD)").format(value=value)
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
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
