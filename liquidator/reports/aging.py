"""The weekly aging report: how much cash is stuck, how old it is, what to move now.

Pure: DataFrames in (CONTRACTS.md item, scoring and disposal columns), an
``AgingReport`` out. No I/O, no rendering.

Rules (the why behind each figure):

- **As of a date D.** Units in stock at D = ``qty`` now + the units of that item's
  disposals dated after D. An item counts when that is > 0 and it was purchased on or
  before D (``purchased_on``; ``created_on`` only when the purchase date is missing —
  a record typed in later still describes stock the seller held). Disposals after D
  are ignored everywhere.
- **Expected cash** = Σ each item's best-channel ``net_cash``, never below 0 per item
  (stock worth less than its shipping is written off, not paid for). ``best`` must be
  scored for the lot in stock at D: score ``items_as_of(...)`` (its ``qty`` is the
  as-of units), which for D = today is just the current items.
- **Holding cost to date** = Σ ``holding_per_day`` × days held, rounded to whole yen.
- **Average age** is the plain mean over items in stock (one decimal); 0 when empty.
- **Actions** — items to move now, in this order:
  1. supplier return is the best channel and its window closes within 7 days
     (soonest first): missing it loses the cheapest exit;
  2. held longer than ``target_days``, by days over target × cost tied up;
  3. listed longer than the channel usually takes to sell (``cut_price``), by days
     over that × cost tied up. "Usually" is ``best.days_to_cash`` when the item is
     listed on its best channel, else ``channel_days[channel]``, else 14 days.
- **Disposals in the period**: the ``period_days`` days ending on D (inclusive).
  ``loss`` = cost basis − cash recovered, so a negative loss is a gain.
  ``recovery_rate`` = cash / cost basis (4 places; 0 when there is no cost).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from liquidator.errors import InvalidInput

RETURN_WINDOW_ALERT_DAYS = 7
DEFAULT_USUAL_DAYS = 14
ON_SALE_STATUS = "listed"

_ITEM_COLUMNS = (
    "item_id",
    "title",
    "qty",
    "unit_cost",
    "purchased_on",
    "status",
    "listed_channel",
    "listed_price",
    "listed_on",
    "created_on",
)
_BEST_COLUMNS = (
    "item_id",
    "channel",
    "net_cash",
    "days_to_cash",
    "holding_cost",
    "holding_per_day",
    "score",
    "reason",
)
_DISPOSAL_COLUMNS = (
    "id",
    "item_id",
    "channel",
    "qty",
    "price",
    "fees",
    "shipping",
    "net_cash",
    "cost_basis",
    "profit",
    "sold_on",
)


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


class Action(TypedDict):
    """One line of the action list (a plain dict: there can be many)."""

    item_id: int
    title: str
    days_held: int
    best_channel: str | None
    net_cash: int | None
    reason: str
    status: str
    listed_channel: str | None
    listed_days: int | None
    cut_price: bool


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
        }


def validate_buckets(edges: Sequence[int]) -> list[int]:
    """Bucket edges: at least one, whole numbers, positive, strictly increasing."""
    edges = list(edges)
    if not edges:
        raise InvalidInput("--buckets", "give at least one edge in days, e.g. 30,60,90")
    for edge in edges:
        if isinstance(edge, bool) or not isinstance(edge, int | np.integer):
            raise InvalidInput("--buckets", f"{edge!r} is not a whole number of days")
        if edge <= 0:
            raise InvalidInput("--buckets", f"edges must be positive, got {edge}")
    for low, high in zip(edges, edges[1:], strict=False):
        if high <= low:
            raise InvalidInput("--buckets", f"edges must increase: {high} after {low}")
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


def items_as_of(items: pd.DataFrame, disposals: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The items in stock at ``as_of``, one row each, ready for scoring.

    Keeps every column of ``items`` and sets: ``qty`` = units in stock at ``as_of``,
    ``qty_now`` = units in stock today, ``days_held``, ``status_as_of`` (``listed`` or
    ``in_stock``), ``listed_days`` (NaN unless listed), and ``return_days_left`` when
    ``items`` has a ``return_by`` column. ``items`` itself is left as it was.
    """
    as_of = _as_date(as_of)
    day = pd.Timestamp(as_of)
    items = _with_columns(items, _ITEM_COLUMNS)
    disposals = _with_columns(disposals, _DISPOSAL_COLUMNS)

    sold_on = _dates(disposals["sold_on"])
    later = disposals.loc[sold_on > day]
    units_sold_later = (
        pd.to_numeric(later["qty"], errors="coerce").fillna(0).groupby(later["item_id"]).sum()
    )

    item_id = pd.to_numeric(items["item_id"], errors="coerce").astype("int64")
    qty_now = pd.to_numeric(items["qty"], errors="coerce").fillna(0).astype("int64")
    qty = qty_now + item_id.map(units_sold_later).fillna(0).astype("int64")
    purchased = _dates(items["purchased_on"]).fillna(_dates(items["created_on"]))
    keep = ((qty > 0) & purchased.le(day)).to_numpy()
    # One copy of the kept rows (none when all are kept: columns are replaced, never
    # written into, so the caller's frame does not change).
    frame = items.copy(deep=False) if keep.all() else items.loc[keep]
    frame["item_id"] = item_id[keep].to_numpy()
    frame["qty_now"] = qty_now[keep].to_numpy()
    frame["qty"] = qty[keep].to_numpy()
    purchased = purchased[keep]
    frame["days_held"] = (day - purchased).dt.days.astype("int64").to_numpy()

    listed_on = _dates(frame["listed_on"])
    has_channel = _text_series(frame["listed_channel"]).ne("")
    # An item on sale now or sold since was on sale at D if it was listed by then;
    # an item back to in_stock today was taken off sale at a date we do not know.
    listed = has_channel & listed_on.le(day) & frame["status"].ne("in_stock")
    frame["status_as_of"] = np.where(listed, ON_SALE_STATUS, "in_stock")
    frame["listed_days"] = (day - listed_on).dt.days.where(listed)
    if "return_by" in frame.columns:
        frame["return_days_left"] = (_dates(frame["return_by"]) - day).dt.days
    return frame


def build_aging_report(
    *,
    items: pd.DataFrame | None,
    best: pd.DataFrame,
    disposals: pd.DataFrame,
    as_of: dt.date,
    buckets: list[int],
    period_days: int,
    target_days: int,
    cancel_rate: dict | None,
    channel_days: Mapping[str, int] | None = None,
    stock: pd.DataFrame | None = None,
) -> AgingReport:
    """Build the aging report as of ``as_of`` (see the module docstring for the rules).

    ``items``: all items (sold ones too); ``best``: the scoring winner per item for the
    as-of lot (score ``items_as_of(...)``); ``disposals``: all disposals;
    ``channel_days``: a channel's usual days to sell, for listings on a channel that is
    not the item's best (default 14); ``stock``: ``items_as_of(items, disposals,
    as_of)`` when the caller has it already (then ``items`` is not read again).
    """
    as_of = _as_date(as_of)
    edges = validate_buckets(buckets)
    if isinstance(period_days, bool) or not isinstance(period_days, int) or period_days < 1:
        raise InvalidInput("--period", f"{period_days!r} is not a number of days (1 or more)")
    if isinstance(target_days, bool) or not isinstance(target_days, int) or target_days < 0:
        raise InvalidInput("target_days", f"{target_days!r} is not a number of days")

    if stock is None:
        stock = items_as_of(items, disposals, as_of)
    stock = _with_best(stock, best)

    bucket_rows = _buckets(stock, edges)
    total_cost = int(stock["cost"].sum())
    net = pd.to_numeric(stock["net_cash"], errors="coerce")
    has_channel = _text_series(stock["best_channel"]).ne("")
    expected_cash = int(net.where(has_channel).clip(lower=0).fillna(0).round().sum())
    per_day = pd.to_numeric(stock["holding_per_day"], errors="coerce").fillna(0.0)
    holding = float((per_day * stock["days_held"]).sum())
    totals = Totals(
        items=len(stock),
        units=int(stock["qty"].sum()),
        cost_tied_up=total_cost,
        expected_cash=expected_cash,
        holding_cost_to_date=int(round(holding)),
        past_target=int((stock["days_held"] > target_days).sum()),
    )
    return AgingReport(
        as_of=as_of,
        totals=totals,
        buckets=bucket_rows,
        average_age=round(float(stock["days_held"].mean()), 1) if len(stock) else 0.0,
        oldest_age=int(stock["days_held"].max()) if len(stock) else 0,
        actions=_actions(stock, target_days, channel_days or {}),
        disposals=_disposal_summary(disposals, as_of, period_days),
        cancel_rate=_plain(cancel_rate) if cancel_rate is not None else None,
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
        picked = _text_series(values).to_numpy(dtype=object)
        picked = picked[position] if len(picked) else np.full(len(position), "", dtype=object)
        return np.where(found, picked, "")

    unit_cost = pd.to_numeric(stock["unit_cost"], errors="coerce").fillna(0)
    columns = {
        "item_id": stock["item_id"].to_numpy(),
        "title": stock["title"].to_numpy(),
        "qty": stock["qty"].to_numpy(),
        "cost": (stock["qty"] * unit_cost).round().astype("int64").to_numpy(),
        "days_held": stock["days_held"].to_numpy(),
        "status_as_of": stock["status_as_of"].to_numpy(),
        "listed_channel": stock["listed_channel"].to_numpy(),
        "listed_days": stock["listed_days"].to_numpy(),
        "best_channel": winner("channel", numeric=False),
        "net_cash": winner("net_cash"),
        "days_to_cash": winner("days_to_cash"),
        "holding_per_day": winner("holding_per_day"),
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


def _actions(
    stock: pd.DataFrame, target_days: int, channel_days: Mapping[str, int]
) -> list[Action]:
    if stock.empty:
        return []
    days = stock["days_held"].to_numpy(dtype=np.int64)
    best_channel = _text_series(stock["best_channel"])
    listed = stock["status_as_of"].eq(ON_SALE_STATUS).to_numpy()
    listed_channel = _text_series(stock["listed_channel"])
    listed_days = pd.to_numeric(stock["listed_days"], errors="coerce").to_numpy(float)

    fallback = listed_channel.map(dict(channel_days)).fillna(DEFAULT_USUAL_DAYS)
    best_days = pd.to_numeric(stock["days_to_cash"], errors="coerce")
    usual = best_days.where(listed_channel.eq(best_channel) & best_days.notna(), fallback)
    usual = usual.to_numpy(float)
    with np.errstate(invalid="ignore"):
        cut_price = listed & (listed_days > usual)

    past = days > target_days
    if "return_days_left" in stock.columns:
        left = pd.to_numeric(stock["return_days_left"], errors="coerce").to_numpy(float)
        with np.errstate(invalid="ignore"):
            window = (
                best_channel.eq("supplier_return").to_numpy()
                & (left >= 0)
                & (left <= RETURN_WINDOW_ALERT_DAYS)
            )
    else:
        left = np.full(len(stock), np.nan)
        window = np.zeros(len(stock), dtype=bool)

    chosen = np.flatnonzero(past | window | cut_price)
    if not len(chosen):
        return []
    # Order: closing return windows (soonest first), then past target (days over ×
    # cost, largest first), then stale listings (days over usual × cost); then by
    # cost tied up, largest first, then item id.
    item_id = stock["item_id"].to_numpy()[chosen]
    cost = stock["cost"].to_numpy(dtype=np.int64)[chosen]
    days, past, window = days[chosen], past[chosen], window[chosen]
    left, usual, listed_days = left[chosen], usual[chosen], listed_days[chosen]
    tier = np.select([window, past], [0, 1], default=2)
    overdue = np.clip(days - target_days, 0, None) * cost
    stale = np.nan_to_num(np.clip(listed_days - usual, 0, None) * cost)
    first_key = np.select([tier == 0, tier == 1], [left, -overdue], default=-stale)
    order = np.lexsort((item_id, -cost, first_key, tier))
    chosen, item_id, cost = chosen[order], item_id[order], cost[order]
    days, past, window = days[order], past[order], window[order]
    left, usual, listed_days = left[order], usual[order], listed_days[order]
    selling, cut = listed[chosen], cut_price[chosen]
    best = best_channel.to_numpy(dtype=object)[chosen]
    where = listed_channel.to_numpy(dtype=object)[chosen]
    has_best = best != ""

    reasons = _reasons(
        days=days,
        window=window,
        left=left,
        past=past,
        selling=selling,
        where=where,
        listed_days=listed_days,
        cut=cut,
        usual=usual,
        has_best=has_best,
        cost=cost,
        target_days=target_days,
    )
    net = np.round(pd.to_numeric(stock["net_cash"], errors="coerce").to_numpy(float)[chosen])
    has_net = has_best & ~np.isnan(net)
    net_cash = _objects(len(chosen))
    net_cash[has_net] = net[has_net].astype(np.int64).tolist()
    best_or_none = np.where(has_best, best, None)
    status = np.array(["in_stock", ON_SALE_STATUS], dtype=object)[selling.astype(np.int64)]
    listed_where = np.where(selling & (where != ""), where, None)
    on_sale_days = _objects(len(chosen))
    on_sale_days[selling] = np.nan_to_num(listed_days[selling], nan=-1).astype(np.int64).tolist()
    titles = _text_series(stock["title"].iloc[chosen]).to_numpy(dtype=object)
    # plain Python lists zipped into dict literals: the dicts are the output
    rows = zip(
        item_id.tolist(),
        titles.tolist(),
        days.tolist(),
        best_or_none.tolist(),
        net_cash.tolist(),
        reasons.tolist(),
        status.tolist(),
        listed_where.tolist(),
        on_sale_days.tolist(),
        cut.tolist(),
        strict=True,
    )
    return [
        {
            "item_id": item,
            "title": title,
            "days_held": held,
            "best_channel": channel,
            "net_cash": cash,
            "reason": reason,
            "status": state,
            "listed_channel": on,
            "listed_days": for_days,
            "cut_price": cut_it,
        }
        for item, title, held, channel, cash, reason, state, on, for_days, cut_it in rows
    ]


def _reasons(
    *,
    days: np.ndarray,
    window: np.ndarray,
    left: np.ndarray,
    past: np.ndarray,
    selling: np.ndarray,
    where: np.ndarray,
    listed_days: np.ndarray,
    cut: np.ndarray,
    usual: np.ndarray,
    has_best: np.ndarray,
    cost: np.ndarray,
    target_days: int,
) -> np.ndarray:
    """One short line per action, e.g. "held 95 days, 65 past target; ¥24,000 tied up".

    Actions are grouped by which clauses their line has; each group is formatted
    with one template (``map`` over its columns), never a Python branch per action.
    """
    whole_left = np.nan_to_num(left, nan=-1).astype(np.int64)
    closes = np.select([window & (whole_left == 0), window], [1, 2], default=0)
    listing = np.select([selling & cut, selling], [1, 2], default=0)
    shape = closes + 3 * past + 6 * listing + 18 * ~has_best
    arguments = (
        whole_left,
        np.where(whole_left == 1, "", "s").astype(object),
        days,
        days - target_days,
        where,
        np.nan_to_num(listed_days, nan=-1).astype(np.int64),
        np.nan_to_num(usual, nan=-1).astype(np.int64),
        cost,
    )
    lines = np.empty(len(days), dtype=object)
    for code in np.unique(shape).tolist():
        rows = np.flatnonzero(shape == code)
        template = _REASON_TEMPLATES[code]
        lines[rows] = list(map(template.format, *(a[rows].tolist() for a in arguments)))
    return lines


# The clauses of an action's line; the fields are _reasons' arguments, in order.
_CLOSES = (
    "",
    "supplier return window closes today; ",
    "supplier return window closes in {0} day{1}; ",
)
_LISTING = (
    "",
    "on {4} for {5} days, usually sells in {6}: cut the price; ",
    "on {4} for {5} days; ",
)


def _reason_template(closes: int, past: bool, listing: int, no_channel: bool) -> str:
    """The line for one combination of clauses (see the module docstring's rules)."""
    if past:
        held = "held {2} days, {3} past target; "
    elif closes:
        held = ""
    else:
        held = "held {2} days; "
    write_off = "no channel fits: consider a write-off; " if no_channel else ""
    return _CLOSES[closes] + held + _LISTING[listing] + write_off + "¥{7:,} tied up"


_REASON_TEMPLATES = {
    closes + 3 * past + 6 * listing + 18 * no_channel: _reason_template(
        closes, bool(past), listing, bool(no_channel)
    )
    for closes in range(3)
    for past in range(2)
    for listing in range(3)
    for no_channel in range(2)
}


def _objects(count: int) -> np.ndarray:
    """An object array of ``count`` Nones."""
    return np.full(count, None, dtype=object)


def _disposal_summary(disposals: pd.DataFrame, as_of: dt.date, period_days: int) -> DisposalSummary:
    start = as_of - dt.timedelta(days=period_days - 1)
    frame = _with_columns(disposals, _DISPOSAL_COLUMNS)
    sold_on = _dates(frame["sold_on"])
    frame = frame.loc[sold_on.between(pd.Timestamp(start), pd.Timestamp(as_of))].copy()
    for column in ("qty", "net_cash", "cost_basis"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(0)
    frame["channel"] = _text_series(frame["channel"])

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
    return converted.dt.normalize().astype("datetime64[ns]")


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("--as-of", f"{value!r} is not a date (use YYYY-MM-DD)") from None


def _text_series(series: pd.Series) -> pd.Series:
    """Text with missing values as ``""`` (vectorised ``_text``)."""
    return series.astype(object).where(series.notna(), "").astype(str)


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
