"""The scoring engine: price, cost and rank every item × scored channel.

Pure and vectorised: numpy arrays over items × channels, one loop over the channels,
none over items. ``score_columns`` gives every item × channel row, ``best_columns``
only each item's winner (a report over a million items, a chunk at a time); both need
numpy only (the ``add`` path must not import pandas). ``score_items`` and
``best_items`` are the same as DataFrames. Items come as a mapping of equal-length
columns (a dict of arrays, or a DataFrame) named as in ``ITEM_COLUMNS``.

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

from liquidator.i18n import _
from liquidator.scoring import prices, reasons, waiting
from liquidator.scoring.fees import unit_fees
from liquidator.scoring.inputs import ITEM_COLUMNS, column, item_arrays
from liquidator.scoring.shipping import lot_rate, parcels, table_shipping
from liquidator.settings.sections import Settings

if TYPE_CHECKING:
    import pandas as pd

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
    "suggested_price",
    "price_kind",
    "reason",
    "weight_estimated",
    "rank",
    "price_source",
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
# best_items scores this many items at a time (about 6 MB of arrays per 10k items).
BEST_CHUNK_ITEMS = 65_536


def score_columns(items: Mapping[str, Any], settings: Settings) -> dict[str, np.ndarray]:
    """Score every item on every channel; one output row per item × channel.

    ``items`` maps the ``ITEM_COLUMNS`` to equal-length array-likes
    (qty, unit_cost, size_class and days_held are required; missing optional columns
    mean unknown). Rows come item by item, channels in settings order. Returns the
    SCORE_COLUMNS as numpy arrays: money as int64 yen per lot, ``holding_per_day`` as
    float, ``rank`` 1 for the winner, 2… for the other eligible channels, 0 for
    ineligible ones.
    """
    item = item_arrays(items)
    scored = _score(item, settings)
    names = list(settings.scored_channels)
    n = len(item["qty"])
    reason_lines = reasons.build_reasons(settings, scored, item)
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
        "suggested_price": scored.suggested_price.ravel(),
        "price_kind": scored.price_kind.ravel(),
        "reason": reason_lines.ravel(),
        "weight_estimated": scored.weight_estimated.ravel(),
        "rank": scored.rank.ravel(),
        "price_source": np.repeat(item["price_source"], len(names)),
    }


def score_items(items: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """``score_columns`` as a DataFrame of SCORE_COLUMNS."""
    import pandas as pd

    return pd.DataFrame(score_columns(items, settings), columns=list(SCORE_COLUMNS))


def best_columns(
    items: Mapping[str, Any],
    settings: Settings,
    *,
    reasons: bool = True,
    chunk_size: int = BEST_CHUNK_ITEMS,
) -> dict[str, np.ndarray]:
    """Each item's winning channel: its row of ``score_columns``, one row per item.

    Items are scored ``chunk_size`` at a time and only the winners' rows (and reason
    lines) are kept, so memory stays proportional to the items, not items × channels.
    An item with no eligible channel gets ``channel`` None, ``eligible`` False, rank 0,
    the reason "no eligible channel; …" and ``found`` False (its money figures are 0
    and meaningless). ``reasons=False`` leaves ``reason`` None, for callers that do
    not show it.
    """
    n = len(np.atleast_1d(np.asarray(items["qty"])))
    names = np.array(list(settings.scored_channels), dtype=object)
    parts = []
    step = max(int(chunk_size), 1)
    for start in range(0, max(n, 1), step):
        chunk = {
            name: (None if items.get(name) is None else column(items, name)[start : start + step])
            for name in ITEM_COLUMNS
        }
        if chunk["item_id"] is None:
            chunk["item_id"] = np.arange(start, min(start + step, n))
        parts.append(_best_of_chunk(item_arrays(chunk), settings, names, reasons))
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def best_items(items: Mapping[str, Any], settings: Settings, **options: Any) -> pd.DataFrame:
    """``best_columns`` as a DataFrame: money as nullable Int64 (<NA> with no winner)."""
    import pandas as pd

    best = best_columns(items, settings, **options)
    found = best.pop("found")
    money = {
        name: pd.arrays.IntegerArray(best[name], ~found)
        for name in (*MONEY_COLUMNS, "days_to_cash", "suggested_price")
    }
    text = {
        name: pd.Series(best[name], dtype=object) for name in ("channel", "reason", "price_kind")
    }
    return pd.DataFrame({**best, **money, **text}, columns=[*SCORE_COLUMNS, "target_days"])


def _best_of_chunk(
    item: dict[str, np.ndarray], settings: Settings, names: np.ndarray, with_reasons: bool
) -> dict[str, np.ndarray]:
    """The winner's row of each item (see ``best_columns`` for items with none)."""
    scored = _score(item, settings)
    n = len(item["qty"])
    found = scored.eligible.any(axis=1)
    winner = np.argmax(scored.rank == 1, axis=1)
    rows = np.arange(n)

    def pick(values: np.ndarray) -> np.ndarray:
        return values[rows, winner]

    lines = np.full(n, _(reasons.NO_ELIGIBLE_CHANNEL) if with_reasons else None, dtype=object)
    if with_reasons:
        found_rows = np.flatnonzero(found)
        lines[found] = reasons.winner_reasons(
            settings, scored, item, found_rows, winner[found_rows]
        )
    channel = names[winner] if len(names) else np.full(n, None, dtype=object)
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
        "suggested_price": pick(scored.suggested_price),
        "price_kind": pick(scored.price_kind),
        "reason": lines,
        "weight_estimated": pick(scored.weight_estimated) & found,
        "rank": found.astype(np.int64),
        "price_source": item["price_source"],
        "target_days": scored.target_days,
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
    suggested_price: np.ndarray
    price_kind: np.ndarray
    target_days: np.ndarray
    compact_assumed: np.ndarray


def _score(item: dict[str, np.ndarray], settings: Settings) -> _Scored:
    channels = settings.scored_channels
    n = len(item["qty"])
    qty = item["qty"]
    sides = (item["length_cm"], item["width_cm"], item["height_cm"])
    box = parcels(item["size_class"], *sides, item["weight_g"], settings.parcels)
    lot = parcels(item["size_class"], *sides, item["weight_g"], settings.parcels, qty=qty)
    market = np.where(np.isnan(item["market_price"]), item["unit_cost"], item["market_price"])
    holding_day = waiting.holding_per_day(qty, item["unit_cost"], box.volume_litres,
                                          settings.holding)  # fmt: skip
    holding_day = holding_day + waiting.falling_per_day(
        qty, market, item["price_fall"], item["price_fall_days"], settings.market
    )
    targets = waiting.target_days(settings.holding, box.class_index)
    urgency = waiting.urgency(item["days_held"], targets, settings.holding)
    by_table = {
        name: (table_shipping(settings.shipping[name], box, item["hazmat"]),
               table_shipping(settings.shipping[name], lot, item["hazmat"]))
        for name in dict.fromkeys(c.shipping for c in channels.values())
    }  # fmt: skip

    shape = (n, len(channels))
    expected, fees, shipping, packaging = (np.zeros(shape) for _zeros in range(4))
    days = np.zeros(shape, dtype=np.int64)
    suggested = np.zeros(shape, dtype=np.int64)
    price_kind = np.empty(shape, dtype=object)
    ineligibility = np.zeros(shape, dtype=np.int8)
    uses_weight = np.zeros(len(channels), dtype=bool)
    billable_g = np.zeros(shape)
    compact_assumed = np.zeros(shape, dtype=bool)
    for j, (name, channel) in enumerate(channels.items()):
        basis = market if channel.price_basis == "market" else item["unit_cost"]
        ratio = prices.category_values(channel.category_ratios, item["category"],
                                       channel.price_ratio)  # fmt: skip
        listed_here = item["listed_channel"] == name
        stale_factor, stale_out = prices.stale_cuts(channel, listed_here, item["listed_days"])
        quote = prices.quoted(item["quotes"], name)
        unit_price = np.where(np.isnan(quote), basis * ratio * stale_factor, quote)
        price_kind[:, j] = prices.price_kind(channel)
        price_kind[~np.isnan(quote), j] = "quote"
        table = settings.shipping[channel.shipping]
        unit_ship, lot_ship = by_table[channel.shipping]
        lot_shipping = lot_rate(unit_ship, lot_ship, qty)
        if channel.free_shipping_from > 0:
            lot_shipping[unit_price * qty >= channel.free_shipping_from] = 0.0
        expected[:, j] = unit_price * qty
        fees[:, j] = unit_fees(channel, unit_price, item["category"]) * qty
        shipping[:, j] = lot_shipping
        packaging[:, j] = channel.packaging * qty
        days[:, j] = channel.days_to_cash
        billable_g[:, j] = unit_ship.billable_g
        compact_assumed[:, j] = unit_ship.compact_assumed
        uses_weight[j] = table.kind != "none"
        dumping = item["days_held"] > targets
        suggested[:, j] = prices.suggested_price(
            channel, unit_price, item["unit_cost"],
            lot_shipping / np.maximum(qty, 1) + channel.packaging, dumping,
        )  # fmt: skip
        # Later checks overwrite earlier ones: the last applicable one is reported.
        ineligibility[~unit_ship.within_limits, j] = reasons.OVER_CARRIER_LIMIT
        if channel.needs_return_window:
            left = item["return_days_left"]
            ineligibility[left < 0, j] = reasons.RETURN_WINDOW_CLOSED
            ineligibility[np.isnan(left), j] = reasons.NO_RETURN_DATE
        if not channel.allows_hazmat or not unit_ship.takes_hazmat.all():
            ineligibility[item["hazmat"] & ~(channel.allows_hazmat & unit_ship.takes_hazmat),
                          j] = reasons.HAZMAT  # fmt: skip
        ineligibility[prices.refused(channel, item["category"]), j] = reasons.REFUSED_CATEGORY
        if channel.overseas:
            ineligibility[item["domestic_only"], j] = reasons.DOMESTIC_ONLY
        ineligibility[stale_out, j] = reasons.STALE_LISTING
        if not channel.enabled:
            ineligibility[:, j] = reasons.SWITCHED_OFF
    ineligibility[qty <= 0, :] = reasons.NO_STOCK
    eligible = ineligibility == reasons.ELIGIBLE

    net_exact = expected - fees - shipping - packaging
    del fees
    score_exact = net_exact - holding_day[:, None] * days * urgency[:, None]
    expected_yen = floor_yen(expected)
    del expected
    shipping_yen = shipping.astype(np.int64)
    packaging_yen = packaging.astype(np.int64)
    del shipping, packaging
    net_yen = floor_yen(net_exact)
    del net_exact
    fees_yen = expected_yen - net_yen - shipping_yen - packaging_yen
    score_yen = floor_yen(score_exact)
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
        holding_per_day=holding_day,
        score=score_yen,
        rank=_rank(score_exact, days, eligible),
        weight_estimated=(~box.weight_known)[:, None] & uses_weight[None, :],
        billable_g=billable_g,
        suggested_price=suggested,
        price_kind=price_kind,
        target_days=targets,
        compact_assumed=compact_assumed,
    )


def floor_yen(values: np.ndarray) -> np.ndarray:
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
