"""The scoring engine: price, cost and rank every item × scored channel.

Pure and vectorised: numpy arrays over items × channels, one loop over the channels,
none over items. ``score_columns`` gives every item × channel row, ``best_columns``
only each item's winner (a report over a million items, a chunk at a time); both need
numpy only (the ``add`` path must not import pandas). ``score_items`` and
``best_items`` are the same as DataFrames. Items come as a mapping of equal-length
columns (a dict of arrays, or a DataFrame) named as in ``ITEM_COLUMNS``.

Per lot (per-unit figure × qty), in integer yen (docs/scoring.md §1):

    expected_price = (market_price, or unit_cost when unknown) × price_ratio × qty
                     (supplier_return: unit_cost × price_ratio × qty, a refund;
                     a duty-paid listing adds the duty it passes on to buyers)
    fees           = (max(rate × price, fee_min) + fixed_fee + payout_rate × price) × qty
                     + duties (import duty the seller pays, with its charges)
    shipping       = the channel's table: one parcel for the lot when it fits one
    packaging      = packaging × parcels
    net_cash       = expected_price − fees − shipping − packaging
    holding_cost   = (capital + falling + rent + past-target space charge) per day × days_to_cash
                     capital: what the lot would fetch (market price, else cost, × qty)
                     × waiting rate / 365; falling: what a falling price takes each day
                     (the lot's value × the observed daily fall); holding_per_day:
                     capital + falling + rent
    score          = net_cash − holding_cost

The winner is the best score among the sales that bring back more cash than the last
resort (writing the item off); when none does, the last resort, marked ``least_loss``.

Rounding: expected_price, net_cash and score are the exact figures floored to the yen
(cash is never overstated); fees and holding_cost are then whatever makes the two
identities hold exactly, so each is within one yen of its exact value. Ranking uses
the exact (unrounded) score, so the properties in docs/scoring.md hold; since the
integer score is the floored exact score, the winner's integer score is never below
another eligible channel's of its tier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from liquidator.i18n import _
from liquidator.scoring import reasons, waiting
from liquidator.scoring.inputs import ITEM_COLUMNS, column, item_arrays
from liquidator.scoring.options import channel_options
from liquidator.scoring.shipping import parcels
from liquidator.settings.sections import Settings

if TYPE_CHECKING:
    import pandas as pd

SCORE_COLUMNS = (
    "item_id",
    "channel",
    "eligible",
    "expected_price",
    "fees",
    "duties",
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
    "least_loss",
    "weight_estimated",
    "rank",
    "price_source",
)
MONEY_COLUMNS = (
    "expected_price",
    "fees",
    "duties",
    "shipping",
    "packaging",
    "net_cash",
    "holding_cost",
    "score",
)
# best_items scores this many items at a time (about 6 MB of arrays per 10k items).
BEST_CHUNK_ITEMS = 65_536


def score_columns(
    items: Mapping[str, Any], settings: Settings, *, with_reasons: bool = True
) -> dict[str, np.ndarray]:
    """Score every item on every channel; one output row per item × channel.

    ``items`` maps the ``ITEM_COLUMNS`` to equal-length array-likes
    (qty, unit_cost, size_class and days_held are required; missing optional columns
    mean unknown). Rows come item by item, channels in settings order. Returns the
    SCORE_COLUMNS as numpy arrays: money as int64 yen per lot, ``holding_per_day`` as
    float, ``rank`` 1 for the winner, 2… for the other eligible channels, 0 for
    ineligible ones. ``with_reasons=False`` leaves ``reason`` None, for callers that
    do not show it (a plan needs the figures only).
    """
    item = item_arrays(items)
    scored = _score(item, settings)
    names = list(settings.scored_channels)
    n = len(item["qty"])
    if with_reasons:
        reason_lines = reasons.build_reasons(settings, scored, item)
    else:
        reason_lines = np.full(scored.eligible.shape, None, dtype=object)
    return {
        "item_id": np.repeat(item["item_id"], len(names)),
        "channel": np.tile(np.array(names, dtype=object), n),
        "eligible": scored.eligible.ravel(),
        "expected_price": scored.expected_price.ravel(),
        "fees": scored.fees.ravel(),
        "duties": scored.duties.ravel(),
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
        "least_loss": scored.least_loss.ravel(),
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
        "duties": pick(scored.duties),
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
        "least_loss": pick(scored.least_loss) & found,
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
    duties: np.ndarray
    seen_price: np.ndarray
    shipping: np.ndarray
    packaging: np.ndarray
    net_cash: np.ndarray
    days_to_cash: np.ndarray
    holding_cost: np.ndarray
    holding_per_day: np.ndarray
    score: np.ndarray
    rank: np.ndarray
    # Eligible sales that bring back more than the last resort (writing it off).
    pays: np.ndarray
    least_loss: np.ndarray
    last_resort: np.ndarray  # per channel
    has_resort: np.ndarray  # per item: a last resort is eligible
    weight_estimated: np.ndarray
    billable_g: np.ndarray
    suggested_price: np.ndarray
    price_kind: np.ndarray
    target_days: np.ndarray
    compact_assumed: np.ndarray


def _score(item: dict[str, np.ndarray], settings: Settings) -> _Scored:
    sides = (item["length_cm"], item["width_cm"], item["height_cm"])
    box = parcels(item["size_class"], *sides, item["weight_g"], settings.parcels)
    lot = parcels(item["size_class"], *sides, item["weight_g"], settings.parcels, qty=item["qty"])
    targets = waiting.target_days(settings.holding, box.class_index)
    market = np.where(np.isnan(item["market_price"]), item["unit_cost"], item["market_price"])
    space = waiting.space_costs(
        qty=item["qty"], volume_litres=box.volume_litres, days_held=item["days_held"],
        targets=targets, holding=settings.holding,
    )  # fmt: skip
    options = channel_options(item, settings, box, lot, market, targets)
    eligible = options.ineligibility == reasons.ELIGIBLE

    net_exact = options.expected - options.fees - options.shipping - options.packaging
    capital = waiting.capital_per_day(market * item["qty"], settings.holding)
    falling = waiting.falling_per_day(
        item["qty"], market, item["price_fall"], item["price_fall_days"], settings.market
    )
    score_exact = net_exact - (capital + falling + space.per_day)[:, None] * options.days
    expected_yen = floor_yen(options.expected)
    shipping_yen = options.shipping.astype(np.int64)
    packaging_yen = options.packaging.astype(np.int64)
    net_yen = floor_yen(net_exact)
    del net_exact
    fees_yen = expected_yen - net_yen - shipping_yen - packaging_yen
    score_yen = floor_yen(score_exact)
    pays = _pays(net_yen, eligible, options.last_resort)

    return _Scored(
        eligible=eligible,
        ineligibility=options.ineligibility,
        expected_price=expected_yen,
        fees=fees_yen,
        duties=np.minimum(floor_yen(options.duties), fees_yen),
        seen_price=options.seen_price,
        shipping=shipping_yen,
        packaging=packaging_yen,
        net_cash=net_yen,
        days_to_cash=options.days,
        holding_cost=net_yen - score_yen,
        holding_per_day=capital + falling + space.rent,
        score=score_yen,
        rank=_rank(score_exact, options.days, eligible, pays, options.last_resort),
        pays=pays,
        least_loss=eligible & (net_yen <= 0),
        last_resort=options.last_resort,
        has_resort=(eligible & options.last_resort[None, :]).any(axis=1),
        weight_estimated=(~box.weight_known)[:, None] & options.uses_weight[None, :],
        billable_g=options.billable_g,
        suggested_price=options.suggested,
        price_kind=options.price_kind,
        target_days=targets,
        compact_assumed=options.compact_assumed,
    )


def _pays(net_yen: np.ndarray, eligible: np.ndarray, last_resort: np.ndarray) -> np.ndarray:
    """Eligible sales whose net cash beats the best eligible last resort (writing the item
    off: nothing back, perhaps a disposal fee); every eligible sale when there is none."""
    lowest = np.iinfo(np.int64).min
    resort = eligible & last_resort[None, :]
    floor = np.where(resort, net_yen, lowest).max(axis=1, initial=lowest)
    return eligible & ~last_resort[None, :] & (net_yen > floor[:, None])


def floor_yen(values: np.ndarray) -> np.ndarray:
    # The nudge absorbs binary error (4980 × 0.8 = 3983.9999…); it is increasing in x,
    # so flooring stays monotonic.
    return np.floor(values + 1e-6 + np.abs(values) * 1e-12).astype(np.int64)


def _rank(
    score: np.ndarray,
    days: np.ndarray,
    eligible: np.ndarray,
    pays: np.ndarray,
    last_resort: np.ndarray,
) -> np.ndarray:
    """1, 2, … among eligible channels: sales that pay more than writing the item off
    first, then the last resorts, then the sales that lose more; within each, by exact
    score (higher first), then fewer days_to_cash, then channel order."""
    tier = np.where(pays, 0, np.where(last_resort[None, :], 1, 2))
    key = np.where(eligible, -score, np.inf)
    channel_index = np.broadcast_to(np.arange(score.shape[1]), score.shape)
    order = np.lexsort((channel_index, days, key, np.where(eligible, tier, 3)), axis=1)
    rank = np.empty(score.shape, dtype=np.int64)
    np.put_along_axis(rank, order, np.arange(1, score.shape[1] + 1)[None, :], axis=1)
    return np.where(eligible, rank, 0)
