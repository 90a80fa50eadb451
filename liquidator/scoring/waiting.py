"""The price of waiting: what each day an item stays unsold costs the seller.

Two parts (docs/scoring.md §5 derives them):

    capital = what the lot would fetch (market price, else cost, × qty)
              × waiting rate / 365
    space   = rent on the lot's litres (storage_yen_per_litre_month × 12 / 365)
              + past the target: urgency × what turning stock would earn in the room
                the lot holds: max(litres, shelf_slot_litres) × shelf_stock_yen_per_litre
                × waiting rate / 365

Cash tied up in an item is cash not buying the next item to resell, so capital is
charged at the seller's return on recycled cash on what the item would bring back, not
on what it cost (that money is gone either way). Each parcel class has a target holding
period; once past it, the box is dead stock on a shelf the seller's turning stock needs,
and its share (``urgency``) of that stock's earnings grows by ``urgency_growth`` per
target period, up to ``urgency_cap``. The urgency multiplies space, never value: a
small, light, valuable item costs little to keep, a big box costs a lot. A price seen
falling faster than ``[market] fall_share`` adds what the lot loses each day
(``falling_per_day``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from liquidator.settings.sections import HoldingSettings, MarketSettings
from liquidator.sizes import SIZE_CLASSES


@dataclass(frozen=True)
class Space:
    """Yen a day each item's lot costs in shelf space."""

    rent: np.ndarray
    # The past-target charge for the room it holds (0 up to the target).
    stale: np.ndarray

    @property
    def per_day(self) -> np.ndarray:
        """What each day of waiting costs in space today."""
        return self.rent + self.stale


def space_costs(
    *,
    qty: np.ndarray,
    volume_litres: np.ndarray,
    days_held: np.ndarray,
    targets: np.ndarray,
    holding: HoldingSettings,
) -> Space:
    """Each item's daily space cost: ``volume_litres`` is one unit's box, ``targets``
    its target days (``target_days``)."""
    litres = np.asarray(qty, dtype=float) * volume_litres
    room = np.maximum(litres, holding.shelf_slot_litres)
    shelf_earning = room * holding.shelf_stock_yen_per_litre * holding.waiting_rate / 365
    return Space(
        rent=litres * holding.storage_yen_per_litre_day,
        stale=shelf_earning * urgency(days_held, targets, holding),
    )


def capital_per_day(value: np.ndarray, holding: HoldingSettings) -> np.ndarray:
    """What waiting a day costs on ``value`` (what the lot would fetch): the return
    that money would earn put back to work."""
    return np.asarray(value, dtype=float) * holding.waiting_rate / 365


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
    """0 up to the target, then ``urgency_growth`` per target period past it, at most
    ``urgency_cap``: the share of the shelf's earnings charged to a stale item."""
    past_target = np.maximum(np.asarray(days_held, dtype=float) - targets, 0) / np.maximum(
        targets, 1
    )
    return np.minimum(holding.urgency_growth * past_target, holding.urgency_cap)
