"""Each item's market price and falling-price signal, from its price observations.

One query per command: the observations of the items (or of every item) from a little
before the fall window up to the day, read as columns and reduced with numpy (only the
few prices seen on channels other than the market channel are gathered one by one).

- **Market price**: the freshest observation within ``max_age_days`` of the day (on
  one day, a buy box beats a sale seen, a lowest new offer, a listing and a quote;
  then the latest recorded); else the typed ``market_price``; else unknown (NaN: the
  engine falls back to the cost).
  These come from the market channel (``[market] channel``, Amazon.co.jp): every
  channel's expected price is its ratio × this market price.
- **A price seen on another channel** (ヤフオク!'s closing prices, a buy-back shop's
  price list): its freshest observation within ``max_age_days`` is what the item
  fetches on that channel, replacing market price × ratio there (``channel_prices``,
  written as ``yahoo=7000,ebay=21000`` like a quote, so scoring reads it the same way).
- **Fall**: the freshest observation against the latest one at least ``fall_days``
  before it: ``price_fall`` = 1 − now / then (a share; negative when the
  price rose), over ``price_fall_days`` days. Unknown without such an earlier price.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from liquidator.models import PRICE_KINDS

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from liquidator.settings.sections import MarketSettings

# On one day, the observation that speaks for the market (higher wins).
KIND_RANK = {"quote": 0, "listed": 1, "lowest_new": 2, "sold": 3, "buy_box": 4}
assert set(KIND_RANK) == set(PRICE_KINDS)
# A fall needs an earlier price this far before the freshest at most beyond fall_days.
_LOOKBACK_FACTOR = 2
_DAY_KEY = 1_000_000  # item position × this + day number: sorts by item, then day
# The columns market_columns gives, for callers that pass them on.
MARKET_COLUMNS = ("market_price", "market_observed", "market_kind", "market_source",
                  "market_observed_on", "price_fall", "price_fall_days", "channel_prices",
                  "channel_seen")  # fmt: skip


def read_observations(
    connection: Connection,
    *,
    start: dt.date,
    end: dt.date,
    ids: Sequence[int] | None = None,
) -> dict[str, np.ndarray]:
    """Observations of items on every channel from ``start`` to ``end`` as columns,
    sorted by item, day, kind rank, then id (the freshest of an item is its last)."""
    from sqlalchemy import case, false, select

    from liquidator.models import PriceObservation
    from liquidator.store.columns import LABELS, read_columns

    seen = PriceObservation.__table__.c
    rank = case(KIND_RANK, value=seen.kind, else_=-1)
    query = (
        select(seen.item_id, seen.channel, seen.observed_on, seen.price, seen.kind, seen.source)
        .where(seen.item_id.is_not(None), seen.observed_on >= start, seen.observed_on <= end)
        .order_by(seen.item_id, seen.observed_on, rank, seen.id)
    )
    if ids is not None:
        query = query.where(seen.item_id.in_(ids) if ids else false())
    return read_columns(connection, query, labels=LABELS | {"source"})


def market_columns(
    connection: Connection,
    *,
    item_id: np.ndarray,
    typed: np.ndarray,
    as_of: dt.date,
    market: MarketSettings,
    ids: Sequence[int] | None = None,
) -> dict[str, np.ndarray]:
    """The MARKET_COLUMNS for items ``item_id`` (``typed``: their typed market price,
    NaN when none) as of ``as_of``; ``ids`` limits the query to those items."""
    start = as_of - dt.timedelta(days=market.max_age_days + _LOOKBACK_FACTOR * market.fall_days)
    rows = read_observations(connection, start=start, end=as_of, ids=ids)
    on_market = rows["channel"] == market.channel
    columns = reduce_observations(
        {name: values[on_market] for name, values in rows.items()},
        item_id=item_id, typed=typed, as_of=as_of, market=market,
    )  # fmt: skip
    columns.update(
        channel_columns(
            {name: values[~on_market] for name, values in rows.items()},
            item_id=item_id,
            as_of=as_of,
            max_age_days=market.max_age_days,
        )  # fmt: skip
    )
    return columns


def channel_columns(
    rows: dict[str, np.ndarray], *, item_id: np.ndarray, as_of: dt.date, max_age_days: int
) -> dict[str, np.ndarray]:
    """Per item, the freshest observation within ``max_age_days`` on each channel other
    than the market channel: ``channel_prices`` as quote-like text (``yahoo=7000``, ""
    for none) for scoring, and ``channel_seen`` as ``{channel: {price, kind,
    observed_on}}`` (None for none) for the reader."""
    count = len(item_id)
    prices = np.full(count, "", dtype=object)
    seen = np.full(count, None, dtype=object)
    today = np.datetime64(as_of, "D").astype(np.int64)
    fresh = rows["observed_on"].astype(np.int64) >= today - max_age_days
    rows = {name: values[fresh] for name, values in rows.items()}
    if not len(rows["item_id"]) or not count:
        return {"channel_prices": prices, "channel_seen": seen}
    # Sorted by item, day, kind rank, id: a stable sort by (item, channel) keeps that
    # order within each pair, so the pair's freshest observation is the last of its run.
    pair = np.lexsort((rows["channel"].astype(str), rows["item_id"]))
    rows = {name: values[pair] for name, values in rows.items()}
    ends = np.append(
        (rows["item_id"][1:] != rows["item_id"][:-1])
        | (rows["channel"][1:] != rows["channel"][:-1]),
        True,
    )
    position = {int(item): row for row, item in enumerate(np.asarray(item_id).tolist())}
    for item, channel, price, kind, day in zip(
        *(rows[name][ends].tolist() for name in ("item_id", "channel", "price", "kind")),
        rows["observed_on"][ends].astype(object).tolist(),
        strict=True,
    ):
        row = position.get(int(item))
        if row is None:
            continue
        prices[row] = f"{prices[row]},{channel}={price}" if prices[row] else f"{channel}={price}"
        seen[row] = (seen[row] or {}) | {
            channel: {"price": int(price), "kind": kind, "observed_on": day.isoformat()}
        }
    return {"channel_prices": prices, "channel_seen": seen}


def reduce_observations(
    rows: dict[str, np.ndarray],
    *,
    item_id: np.ndarray,
    typed: np.ndarray,
    as_of: dt.date,
    market: MarketSettings,
) -> dict[str, np.ndarray]:
    """MARKET_COLUMNS from observation rows sorted as ``read_observations`` sorts them."""
    count = len(item_id)
    typed = np.asarray(typed, dtype=float)
    columns = {
        "market_price": typed.copy(),
        "market_observed": np.zeros(count, dtype=bool),
        "market_kind": np.full(count, "", dtype=object),
        "market_source": np.full(count, "", dtype=object),
        "market_observed_on": np.full(count, np.datetime64("NaT"), dtype="datetime64[D]"),
        "price_fall": np.full(count, np.nan),
        "price_fall_days": np.full(count, np.nan),
    }
    ids = np.asarray(item_id, dtype=np.int64)
    if not len(rows["item_id"]) or not count:
        return columns
    order = np.argsort(ids, kind="stable")
    at = np.minimum(np.searchsorted(ids[order], rows["item_id"]), count - 1)
    known = ids[order][at] == rows["item_id"]
    position = np.where(known, order[at], -1)  # each row's item, as a row of ``item_id``
    rows = {name: values[known] for name, values in rows.items()}
    position = position[known]
    if not len(position):
        return columns
    # Rows are sorted by item id, so an item's freshest row is the last of its run.
    last = np.flatnonzero(np.append(position[1:] != position[:-1], True))
    items = position[last]
    day = rows["observed_on"].astype(np.int64)
    today = np.datetime64(as_of, "D").astype(np.int64)
    fresh = day[last] >= today - market.max_age_days
    columns["market_observed_on"][items] = rows["observed_on"][last]
    columns["market_kind"][items] = rows["kind"][last]
    columns["market_source"][items] = rows["source"][last]
    columns["market_observed"][items] = fresh
    columns["market_price"][items[fresh]] = rows["price"][last][fresh]
    _falls(columns, rows, position, last, day, market.fall_days)
    return columns


def _falls(
    columns: dict[str, np.ndarray],
    rows: dict[str, np.ndarray],
    position: np.ndarray,
    last: np.ndarray,
    day: np.ndarray,
    fall_days: int,
) -> None:
    """Fill price_fall(_days): the freshest row against the item's latest row at least
    ``fall_days`` older (of any kind: a buy box today against last month's lowest new
    offer is still the market then and now)."""
    # Each row's run (one run of rows per item, in the rows' order): keys sort like rows.
    run = np.cumsum(np.append(True, position[1:] != position[:-1])) - 1
    key = run * _DAY_KEY + day
    items = position[last]
    target = run[last] * _DAY_KEY + day[last] - fall_days
    found = np.searchsorted(key, target, side="right") - 1
    has = found >= 0
    found = np.where(has, found, 0)
    has &= run[found] == run[last]
    then_price = rows["price"][found].astype(float)
    now_price = rows["price"][last].astype(float)
    has &= then_price > 0
    fall = 1.0 - now_price / np.where(has, then_price, 1.0)
    columns["price_fall"][items[has]] = fall[has]
    columns["price_fall_days"][items[has]] = (day[last] - day[found])[has]


def price_sources(columns: dict[str, np.ndarray]) -> np.ndarray:
    """Per item, where its market price came from, as scoring passes it on::

        {"basis": "observed", "price": 12800, "kind": "buy_box", "source": "keepa",
         "observed_on": "2026-12-05", "fall": 0.18, "fall_days": 30}

    ``basis`` is ``observed`` (a fresh observation), ``typed`` (``--market-price``) or
    ``cost`` (no market data: estimated from the cost). A stale observation is named
    under ``last_seen`` so the reader knows why it was not used; prices seen on other
    channels, under ``channels``.
    """
    count = len(columns["item_id"])
    out = np.empty(count, dtype=object)
    observed = columns["market_observed"].tolist()
    prices = columns["market_price"].tolist()
    kinds = columns["market_kind"].tolist()
    sources = columns["market_source"].tolist()
    days = columns["market_observed_on"].astype(object).tolist()
    falls = columns["price_fall"].tolist()
    spans = columns["price_fall_days"].tolist()
    channels = columns.get("channel_seen", np.full(count, None, dtype=object)).tolist()
    for row in range(count):
        price = prices[row]
        if observed[row]:
            entry = {"basis": "observed", "price": int(price), "kind": kinds[row],
                     "source": sources[row], "observed_on": days[row].isoformat()}  # fmt: skip
            if falls[row] == falls[row]:  # not NaN
                entry["fall"] = round(falls[row], 4)
                entry["fall_days"] = int(spans[row])
        elif price == price:
            entry = {"basis": "typed", "price": int(price)}
        else:
            entry = {"basis": "cost", "price": None}
        if not observed[row] and days[row] is not None:
            entry["last_seen"] = days[row].isoformat()
        if channels[row]:
            entry["channels"] = channels[row]
        out[row] = entry
    return out
