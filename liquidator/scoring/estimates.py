"""Estimates for one recorded sale: the fees and shipping a channel's model expects.

``sell`` books these when the seller does not give the real figures; they use the same
formulas and rounding as the scoring breakdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.scoring.engine import floor_yen
from liquidator.scoring.fees import unit_fees
from liquidator.scoring.shipping import lot_rate, parcels, table_shipping
from liquidator.settings.sections import Settings


def estimate_fees(
    settings: Settings, channel: str, price: int, category: str = "", *, qty: int = 1
) -> int:
    """Fees for selling ``qty`` units on ``channel`` for ``price`` yen in total.

    Same formula and rounding as the breakdown (price − fees is floored, so fees
    absorb the sub-yen remainder).
    """
    settings_for = _channel(settings, channel)
    units = max(int(qty), 1)
    unit_price = np.array([price / units], dtype=float)
    fees = unit_fees(settings_for, unit_price, np.array([category or ""], dtype=str))[0] * units
    return int(price) - int(floor_yen(np.array([price - fees]))[0])


def estimate_shipping(
    settings: Settings, channel: str, item: Mapping[str, Any], *, price: int | None = None
) -> int:
    """Shipping for one item's lot on ``channel`` (yen): one parcel for the lot when it
    fits one, else the channel's table × qty (the scoring's ``lot_rate``).

    ``item`` holds scalars for size_class and optionally length_cm, width_cm,
    height_cm, weight_g (None/NaN when unknown) and qty (default 1). Over a table's
    limits this still returns its top bracket's rate. A lot whose ``price`` reaches the
    channel's ``free_shipping_from`` ships free.
    """
    chosen = _channel(settings, channel)
    if chosen.free_shipping_from and price is not None and price >= chosen.free_shipping_from:
        return 0
    table = settings.shipping[chosen.shipping]

    def one(name: str) -> np.ndarray:
        value = item.get(name)
        return np.array([np.nan if value is None else value], dtype=float)

    sides = (one("size_class"), one("length_cm"), one("width_cm"), one("height_cm"))
    qty = item.get("qty")
    units = np.array([1 if qty is None else int(qty)], dtype=float)
    box = parcels(*sides, one("weight_g"), settings.parcels)
    lot = parcels(*sides, one("weight_g"), settings.parcels, qty=units)
    return int(lot_rate(table_shipping(table, box), table_shipping(table, lot), units)[0])


def _channel(settings: Settings, channel: str):
    if channel not in settings.channels:
        known = ", ".join(settings.channels)
        raise InvalidInput(
            "channel",
            _("{value!r} is not a channel (one of {choices})").format(value=channel, choices=known),
        )
    return settings.channels[channel]
