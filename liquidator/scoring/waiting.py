"""The price of waiting: what each day an item stays unsold costs the seller.

Cash tied up in a stranded item is cash not buying the next item to resell, so a day
of waiting costs the seller's return on recycled cash (``HoldingSettings.waiting_rate``,
120% a year by default) on the cost, plus storage rent on the box. Each parcel class
has a target holding period (big boxes leave sooner); past it, urgency multiplies the
daily cost, growing by ``urgency_growth`` per target period (up to ``urgency_cap``),
so slower channels lose ground week by week until the fast one wins. A price seen
falling faster than ``[market] fall_share`` adds what the lot loses each day.
"""

from __future__ import annotations

import numpy as np

from liquidator.settings.sections import HoldingSettings, MarketSettings
from liquidator.sizes import SIZE_CLASSES


def target_days(holding: HoldingSettings, class_index: np.ndarray) -> np.ndarray:
    """Each item's target holding period in days, from its parcel class index."""
    by_class = np.array([_class_target(holding, c) for c in SIZE_CLASSES], dtype=np.int64)
    return by_class[np.asarray(class_index, dtype=np.int64)]


def _class_target(holding: HoldingSettings, size_class: int) -> int:
    # The nearest class at or below this one that has a target; the smallest one's below.
    known = sorted(holding.target_days)
    if not known:
        return 30
    below = [c for c in known if c <= size_class]
    return holding.target_days[below[-1] if below else known[0]]


def holding_per_day(
    qty: np.ndarray, unit_cost: np.ndarray, volume_litres: np.ndarray, holding: HoldingSettings
) -> np.ndarray:
    """Yen a day the lot costs to keep: return forgone on its cost, plus storage."""
    capital = unit_cost * holding.waiting_rate / 365
    storage = holding.storage_yen_per_litre_day * volume_litres
    return qty * (capital + storage)


def falling_per_day(
    qty: np.ndarray,
    unit_price: np.ndarray,
    fall: np.ndarray,
    fall_days: np.ndarray,
    market: MarketSettings,
) -> np.ndarray:
    """Yen a day the lot loses while its price falls: its value at ``unit_price`` × the
    observed daily fall rate (``fall`` over ``fall_days``), for falls above
    ``market.fall_share``; 0 for the rest (unknown, steady, rising, a smaller fall)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        falling = (fall > market.fall_share) & (fall_days > 0)
        rate = np.where(falling, fall / np.where(falling, fall_days, 1.0), 0.0)
    return qty * unit_price * rate


def urgency(days_held: np.ndarray, targets: np.ndarray, holding: HoldingSettings) -> np.ndarray:
    """1 up to the target, then +urgency_growth per target period past it, at most
    ``urgency_cap`` (never below 1)."""
    past_target = np.maximum(days_held - targets, 0) / targets
    return np.minimum(1.0 + holding.urgency_growth * past_target, max(holding.urgency_cap, 1.0))
