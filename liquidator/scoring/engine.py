"""The scoring engine: price, cost and rank every item × channel (DESIGN §3).

Pure and vectorised: numpy arrays over items × channels, one loop over the channels,
none over items. ``score_columns`` needs numpy only (the ``add`` path must not import
pandas); ``score_items`` and ``best_channels`` wrap it for DataFrames; ``best_items``
keeps only each item's winner (a report over a million items), a chunk at a time.

Per lot (per-unit figure × qty), in integer yen:

    expected_price = (market_price, or unit_cost when unknown) × price_ratio × qty
                     (supplier_return: unit_cost × price_ratio × qty, a refund)
    fees           = (max(rate × price, fee_min) + fixed_fee + payout_rate × price) × qty
    shipping       = the channel's table for the parcel × qty
    packaging      = packaging × qty
    net_cash       = expected_price − fees − shipping − packaging
    holding_cost   = holding_per_day × days_to_cash × urgency
    score          = net_cash − holding_cost

Rounding: expected_price, net_cash and score are the exact figures floored to the yen
(cash is never overstated); fees and holding_cost are then whatever makes the two
identities hold exactly, so each is within one yen of its exact value. Ranking uses
the exact (unrounded) score, so the properties in docs/scoring.md hold; since the
integer score is the floored exact score, the winner's integer score is never below
another eligible channel's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from liquidator.errors import InvalidInput
from liquidator.scoring import reasons
from liquidator.scoring.fees import unit_fees
from liquidator.scoring.shipping import Parcels, ebay_shipping, parcels, unit_shipping
from liquidator.settings import Settings

if TYPE_CHECKING:
    import pandas as pd

ITEM_COLUMNS = (
    "item_id",
    "qty",
    "unit_cost",
    "market_price",
    "size_class",
    "length_cm",
    "width_cm",
    "height_cm",
    "weight_g",
    "hazmat",
    "category",
    "days_held",
    "return_days_left",
)
REQUIRED_COLUMNS = ("qty", "unit_cost", "size_class", "days_held")
SCORE_COLUMNS = (
    "item_id",
    "channel",
    "eligible",
    "expected_price",
    "fees",
    "shipping",
    "packaging",
    "net_cash",
    "days_to_cash",
    "holding_cost",
    "holding_per_day",
    "score",
    "reason",
    "weight_estimated",
    "rank",
)
MONEY_COLUMNS = (
    "expected_price",
    "fees",
    "shipping",
    "packaging",
    "net_cash",
    "holding_cost",
    "score",
)
# Disposals may name this instead of a channel; it has no fees or shipping.
WRITEOFF = "writeoff"
# best_items scores this many items at a time (about 6 MB of arrays per 10k items).
BEST_CHUNK_ITEMS = 65_536


def score_columns(items: Mapping[str, Any], settings: Settings) -> dict[str, np.ndarray]:
    """Score every item on every channel; one output row per item × channel.

    ``items`` maps the item columns of docs/CONTRACTS.md to equal-length array-likes
    (qty, unit_cost, size_class and days_held are required; missing optional columns
    mean unknown). Rows come item by item, channels in settings order. Returns the
    SCORE_COLUMNS as numpy arrays: money as int64 yen per lot, ``holding_per_day`` as
    float, ``rank`` 1 for the winner, 2… for the other eligible channels, 0 for
    ineligible ones.
    """
    item = _item_arrays(items)
    scored = _score(item, settings)
    names = list(settings.channels)
    n = len(item["qty"])
    reason_lines = reasons.build_reasons(
        settings,
        scored.ineligibility,
        scored.rank,
        scored.net_cash,
        scored.days_to_cash,
        scored.weight_estimated,
        scored.billable_g,
        item["return_days_left"],
        item["days_held"],
    )
    return {
        "item_id": np.repeat(item["item_id"], len(names)),
        "channel": np.tile(np.array(names, dtype=object), n),
        "eligible": scored.eligible.ravel(),
        "expected_price": scored.expected_price.ravel(),
        "fees": scored.fees.ravel(),
        "shipping": scored.shipping.ravel(),
        "packaging": scored.packaging.ravel(),
        "net_cash": scored.net_cash.ravel(),
        "days_to_cash": scored.days_to_cash.ravel(),
        "holding_cost": scored.holding_cost.ravel(),
        "holding_per_day": np.repeat(scored.holding_per_day, len(names)),
        "score": scored.score.ravel(),
        "reason": reason_lines.ravel(),
        "weight_estimated": scored.weight_estimated.ravel(),
        "rank": scored.rank.ravel(),
    }


def score_items(items: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """``score_columns`` for a DataFrame of items; returns a DataFrame of SCORE_COLUMNS.

    Accepts pandas nullable dtypes (NA means unknown, as NaN does).
    """
    import pandas as pd

    return pd.DataFrame(score_columns(_frame_columns(items), settings), columns=list(SCORE_COLUMNS))


def best_items(
    items: pd.DataFrame,
    settings: Settings,
    *,
    reasons: bool = True,
    chunk_size: int = BEST_CHUNK_ITEMS,
) -> pd.DataFrame:
    """Each item's winning channel: the same frame as ``best_channels(score_items(...))``.

    For reports, which need only the winners: items are scored ``chunk_size`` at a
    time and only the winners' rows (and reason lines) are kept, so memory stays
    proportional to the items, not items × channels. ``item_id`` must be unique.
    ``reasons=False`` leaves ``reason`` None, for callers that do not show it.
    """
    import pandas as pd

    columns = _frame_columns(items)
    n = len(items)
    columns.setdefault("item_id", np.arange(n))
    names = np.array(list(settings.channels), dtype=object)
    parts = []
    for start in range(0, n, max(int(chunk_size), 1)):
        chunk = {name: values[start : start + chunk_size] for name, values in columns.items()}
        parts.append(_best_of_chunk(_item_arrays(chunk), settings, names, reasons))
    if not parts:  # no items: still the right columns and dtypes
        parts.append(_best_of_chunk(_item_arrays(columns), settings, names, reasons))
    best = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    found = best.pop("found")
    money = {
        name: pd.arrays.IntegerArray(best[name], ~found)
        for name in (*MONEY_COLUMNS, "days_to_cash")
    }
    text = {name: pd.Series(best[name], dtype=object) for name in ("channel", "reason")}
    return pd.DataFrame({**best, **money, **text}, columns=list(SCORE_COLUMNS))


def _best_of_chunk(
    item: dict[str, np.ndarray], settings: Settings, names: np.ndarray, with_reasons: bool
) -> dict[str, np.ndarray]:
    """The winner's row of each item (see ``best_channels`` for items with none)."""
    scored = _score(item, settings)
    n = len(item["qty"])
    found = scored.eligible.any(axis=1)
    winner = np.argmax(scored.rank == 1, axis=1)
    rows = np.arange(n)

    def pick(values: np.ndarray) -> np.ndarray:
        return values[rows, winner]

    lines = np.full(n, reasons.NO_ELIGIBLE_CHANNEL if with_reasons else None, dtype=object)
    if with_reasons:
        lines[found] = reasons.winner_reasons(
            settings,
            scored.eligible[found],
            winner[found],
            scored.net_cash[found],
            scored.days_to_cash[found],
            pick(scored.weight_estimated)[found],
            item["days_held"][found],
        )
    channel = names[winner]
    channel[~found] = None
    return {
        "item_id": item["item_id"],
        "channel": channel,
        "eligible": found,
        "expected_price": pick(scored.expected_price),
        "fees": pick(scored.fees),
        "shipping": pick(scored.shipping),
        "packaging": pick(scored.packaging),
        "net_cash": pick(scored.net_cash),
        "days_to_cash": pick(scored.days_to_cash),
        "holding_cost": pick(scored.holding_cost),
        "holding_per_day": np.where(found, scored.holding_per_day, np.nan),
        "score": pick(scored.score),
        "reason": lines,
        "weight_estimated": pick(scored.weight_estimated) & found,
        "rank": found.astype(np.int64),
        "found": found,
    }


@dataclass(frozen=True)
class _Scored:
    """Items × channels arrays (money in int64 yen); ``holding_per_day`` per item."""

    eligible: np.ndarray
    ineligibility: np.ndarray
    expected_price: np.ndarray
    fees: np.ndarray
    shipping: np.ndarray
    packaging: np.ndarray
    net_cash: np.ndarray
    days_to_cash: np.ndarray
    holding_cost: np.ndarray
    holding_per_day: np.ndarray
    score: np.ndarray
    rank: np.ndarray
    weight_estimated: np.ndarray
    billable_g: np.ndarray


def _score(item: dict[str, np.ndarray], settings: Settings) -> _Scored:
    n = len(item["qty"])
    names = list(settings.channels)
    qty = item["qty"]
    box = parcels(
        item["size_class"],
        item["length_cm"],
        item["width_cm"],
        item["height_cm"],
        item["weight_g"],
        settings.shipping,
    )
    holding_per_day = _holding_per_day(item, box, settings)
    urgency = _urgency(item["days_held"], settings)
    market = np.where(np.isnan(item["market_price"]), item["unit_cost"], item["market_price"])
    ebay = ebay_shipping(box, settings.shipping)

    shape = (n, len(names))
    expected, fees, shipping, packaging = (np.zeros(shape) for _ in range(4))
    days = np.zeros(shape, dtype=np.int64)
    ineligibility = np.zeros(shape, dtype=np.int8)
    uses_weight = np.zeros(len(names), dtype=bool)
    for j, channel in enumerate(settings.channels.values()):
        unit_price = (market if channel.price_basis == "market" else item["unit_cost"]) * (
            channel.price_ratio
        )
        expected[:, j] = unit_price * qty
        fees[:, j] = unit_fees(channel, unit_price, item["category"]) * qty
        shipping[:, j] = unit_shipping(channel.shipping, box, settings.shipping) * qty
        packaging[:, j] = channel.packaging * qty
        days[:, j] = channel.days_to_cash
        uses_weight[j] = channel.shipping != "none"
        # Later checks overwrite earlier ones: the last applicable one is reported.
        if channel.shipping == "ebay":
            over = reasons.OVER_COURIER_LIMIT if ebay.by_courier else reasons.OVER_EPACKET_LIMIT
            ineligibility[~ebay.within_limits, j] = over
        if channel.needs_return_window:
            left = item["return_days_left"]
            ineligibility[left < 0, j] = reasons.RETURN_WINDOW_CLOSED
            ineligibility[np.isnan(left), j] = reasons.NO_RETURN_DATE
        if not channel.allows_hazmat:
            ineligibility[item["hazmat"], j] = reasons.HAZMAT
        if not channel.enabled:
            ineligibility[:, j] = reasons.SWITCHED_OFF
    ineligibility[qty <= 0, :] = reasons.NO_STOCK
    eligible = ineligibility == reasons.ELIGIBLE

    net_exact = expected - fees - shipping - packaging
    del fees
    score_exact = net_exact - holding_per_day[:, None] * days * urgency[:, None]
    expected_yen = _floor_yen(expected)
    del expected
    shipping_yen = shipping.astype(np.int64)
    packaging_yen = packaging.astype(np.int64)
    del shipping, packaging
    net_yen = _floor_yen(net_exact)
    del net_exact
    fees_yen = expected_yen - net_yen - shipping_yen - packaging_yen
    score_yen = _floor_yen(score_exact)
    holding_yen = net_yen - score_yen

    return _Scored(
        eligible=eligible,
        ineligibility=ineligibility,
        expected_price=expected_yen,
        fees=fees_yen,
        shipping=shipping_yen,
        packaging=packaging_yen,
        net_cash=net_yen,
        days_to_cash=days,
        holding_cost=holding_yen,
        holding_per_day=holding_per_day,
        score=score_yen,
        rank=_rank(score_exact, days, eligible),
        weight_estimated=(~box.weight_known)[:, None] & uses_weight[None, :],
        billable_g=ebay.billable_g,
    )


def _frame_columns(items: pd.DataFrame) -> dict[str, np.ndarray]:
    """The item columns of a DataFrame as numpy arrays (NA → NaN, "" or False)."""
    columns: dict[str, np.ndarray] = {}
    for name in ITEM_COLUMNS:
        if name not in items.columns:
            continue
        series = items[name]
        if name == "item_id":
            columns[name] = series.to_numpy()
        elif name == "hazmat":
            columns[name] = series.to_numpy(dtype=bool, na_value=False)
        elif name == "category":
            columns[name] = series.fillna("").astype(str).to_numpy(dtype=object)
        else:
            columns[name] = series.to_numpy(dtype=float, na_value=np.nan)
    return columns


def best_channels(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per item (first-seen order): its winning channel's row of ``scored``.

    Items with no eligible channel get ``channel`` None, ``eligible`` False, rank 0,
    money figures <NA> (the money columns are pandas nullable Int64 so they stay
    integers), ``holding_per_day`` NaN and the reason "no eligible channel; …".
    """
    import pandas as pd

    item_ids = pd.DataFrame({"item_id": pd.unique(scored["item_id"])})
    winners = scored.loc[scored["rank"] == 1]
    best = item_ids.merge(winners, on="item_id", how="left", sort=False)
    missing = best["channel"].isna().to_numpy()
    best["channel"] = best["channel"].astype(object).where(~missing, None)
    best["eligible"] = ~missing
    best["weight_estimated"] = best["weight_estimated"].fillna(False).astype(bool)
    best["rank"] = best["rank"].fillna(0).astype(np.int64)
    best["reason"] = best["reason"].astype(object).where(~missing, reasons.NO_ELIGIBLE_CHANNEL)
    for name in (*MONEY_COLUMNS, "days_to_cash"):
        best[name] = best[name].astype("Int64")
    return best[list(SCORE_COLUMNS)]


def estimate_fees(
    settings: Settings, channel: str, price: int, category: str = "", *, qty: int = 1
) -> int:
    """Fees for selling ``qty`` units on ``channel`` for ``price`` yen in total.

    Same formula and rounding as the breakdown (price − fees is floored, so fees
    absorb the sub-yen remainder). ``writeoff`` has no fees.
    """
    if channel == WRITEOFF:
        return 0
    settings_for = _channel(settings, channel)
    units = max(int(qty), 1)
    unit_price = np.array([price / units], dtype=float)
    fees = unit_fees(settings_for, unit_price, np.array([category or ""], dtype=str))[0] * units
    return int(price) - int(_floor_yen(np.array([price - fees]))[0])


def estimate_shipping(settings: Settings, channel: str, item: Mapping[str, Any]) -> int:
    """Shipping for one item's lot on ``channel`` (yen): the channel's table × qty.

    ``item`` holds scalars for size_class and optionally length_cm, width_cm,
    height_cm, weight_g (None/NaN when unknown) and qty (default 1). Over eBay's
    limits this still returns the top bracket's rate. ``writeoff`` ships nothing.
    """
    if channel == WRITEOFF:
        return 0
    table = _channel(settings, channel).shipping

    def one(name: str) -> np.ndarray:
        value = item.get(name)
        return np.array([np.nan if value is None else value], dtype=float)

    box = parcels(
        one("size_class"),
        one("length_cm"),
        one("width_cm"),
        one("height_cm"),
        one("weight_g"),
        settings.shipping,
    )
    qty = item.get("qty")
    units = 1 if qty is None else int(qty)
    return int(unit_shipping(table, box, settings.shipping)[0]) * units


def _channel(settings: Settings, channel: str):
    if channel not in settings.channels:
        known = ", ".join([*settings.channels, WRITEOFF])
        raise InvalidInput("channel", f"{channel!r} is not a channel (one of {known})")
    return settings.channels[channel]


def _item_arrays(items: Mapping[str, Any]) -> dict[str, np.ndarray]:
    missing = [name for name in REQUIRED_COLUMNS if name not in items]
    if missing:
        raise ValueError(f"items lack required columns: {', '.join(missing)}")
    n = len(np.atleast_1d(np.asarray(items["qty"])))
    arrays: dict[str, np.ndarray] = {}
    for name in ITEM_COLUMNS:
        values = items.get(name)
        if name == "item_id":
            arrays[name] = np.arange(n) if values is None else np.atleast_1d(np.asarray(values))
        elif name == "hazmat":
            arrays[name] = _booleans(values, n)
        elif name == "category":
            arrays[name] = _texts(values, n)
        elif values is None:
            arrays[name] = np.full(n, np.nan)
        else:
            arrays[name] = np.atleast_1d(np.asarray(values, dtype=float))
    return arrays


def _booleans(values: Any, n: int) -> np.ndarray:
    if values is None:
        return np.zeros(n, dtype=bool)
    array = np.atleast_1d(np.asarray(values))
    if array.dtype == bool:
        return array
    objects = array.astype(object)
    unknown = (objects != objects) | (objects == None)  # noqa: E711 (elementwise)
    return np.where(unknown, False, objects).astype(bool)


def _texts(values: Any, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, "", dtype=str)
    array = np.atleast_1d(np.asarray(values))
    if array.dtype.kind == "U":
        return array
    objects = array.astype(object)
    unknown = (objects != objects) | (objects == None)  # noqa: E711 (elementwise)
    return np.where(unknown, "", objects).astype(str)


def _holding_per_day(item: dict[str, np.ndarray], box: Parcels, settings: Settings) -> np.ndarray:
    holding = settings.holding
    capital = item["unit_cost"] * holding.annual_rate / 365
    storage = holding.storage_yen_per_litre_day * box.volume_litres
    return item["qty"] * (capital + storage)


def _urgency(days_held: np.ndarray, settings: Settings) -> np.ndarray:
    """1 up to the target holding period, then +urgency_growth per target period."""
    target = settings.holding.target_days
    past_target = np.maximum(days_held - target, 0) / target
    return 1.0 + settings.holding.urgency_growth * past_target


def _floor_yen(values: np.ndarray) -> np.ndarray:
    # The nudge absorbs binary error (4980 × 0.8 = 3983.9999…); it is increasing in x,
    # so flooring stays monotonic.
    return np.floor(values + 1e-6 + np.abs(values) * 1e-12).astype(np.int64)


def _rank(score: np.ndarray, days: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """1, 2, … by exact score (higher first), then fewer days_to_cash, then channel order."""
    key = np.where(eligible, -score, np.inf)
    channel_index = np.broadcast_to(np.arange(score.shape[1]), score.shape)
    order = np.lexsort((channel_index, days, key), axis=1)
    rank = np.empty(score.shape, dtype=np.int64)
    np.put_along_axis(rank, order, np.arange(1, score.shape[1] + 1)[None, :], axis=1)
    return np.where(eligible, rank, 0)
