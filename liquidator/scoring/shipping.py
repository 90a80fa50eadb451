"""Parcel geometry and shipping cost per unit, vectorised over items.

Every cost here is non-decreasing in each side, the weight and the size class, so a
bigger or heavier item never ships for less (the scoring properties rely on it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from liquidator.settings import ShippingSettings
from liquidator.sizes import NOMINAL_DIMS_CM, SIZE_CLASSES, WEIGHT_CAP_G

_CLASSES = np.array(SIZE_CLASSES, dtype=float)
_CAPS_G = np.array([WEIGHT_CAP_G[c] for c in SIZE_CLASSES], dtype=float)
_NOMINAL_CM = np.array([sorted(NOMINAL_DIMS_CM[c], reverse=True) for c in SIZE_CLASSES])


@dataclass(frozen=True)
class Parcels:
    """One unit's parcel for each item (arrays of length n)."""

    class_index: np.ndarray  # index into SIZE_CLASSES after sides and weight bump it up
    sides_cm: np.ndarray  # (n, 3), longest first; the class's nominal box when unknown
    dims_known: np.ndarray
    weight_g: np.ndarray  # as recorded, or estimated from the class
    weight_known: np.ndarray

    @property
    def volume_litres(self) -> np.ndarray:
        """Box volume in litres (nominal box of the size class when dims are unknown)."""
        return self.sides_cm.prod(axis=1) / 1000.0


def parcels(
    size_class: np.ndarray,
    length_cm: np.ndarray,
    width_cm: np.ndarray,
    height_cm: np.ndarray,
    weight_g: np.ndarray,
    shipping: ShippingSettings,
) -> Parcels:
    """Work out each item's parcel: effective class, sides and (estimated) weight."""
    last = len(SIZE_CLASSES) - 1
    recorded = np.stack([length_cm, width_cm, height_cm], axis=1)
    dims_known = ~np.isnan(recorded).any(axis=1)
    recorded_sorted = np.sort(np.where(dims_known[:, None], recorded, 0.0), axis=1)[:, ::-1]

    # An odd class such as 70 counts as the next class up; above 200 stays 200.
    size_index = np.minimum(np.searchsorted(_CLASSES, size_class, side="left"), last)
    sides_index = np.where(
        dims_known,
        np.minimum(np.searchsorted(_CLASSES, recorded_sorted.sum(axis=1), side="left"), last),
        0,
    )
    weight_known = ~np.isnan(weight_g)
    weight_index = np.where(
        weight_known,
        np.minimum(np.searchsorted(_CAPS_G, np.nan_to_num(weight_g), side="left"), last),
        0,
    )
    class_index = np.maximum(np.maximum(size_index, sides_index), weight_index)

    sides = np.where(dims_known[:, None], recorded_sorted, _NOMINAL_CM[size_index])
    estimated_g = np.array([shipping.estimated_weight_g[c] for c in SIZE_CLASSES], dtype=float)
    weight = np.where(weight_known, weight_g, estimated_g[class_index])
    return Parcels(class_index, sides, dims_known, weight, weight_known)


def parcel_rate(
    box: Parcels,
    rates_by_class: dict[int, int],
    compact_rate: int,
    compact_max_cm: tuple[float, float, float],
    compact_max_g: int,
) -> np.ndarray:
    """Domestic parcel rate per unit, or the compact rate when the item fits compact mail.

    Compact needs known dims; an unknown weight is taken to fit (thin items that fit
    the box are nearly always under 1 kg), and the breakdown flags the estimate.
    """
    rates = np.array([rates_by_class[c] for c in SIZE_CLASSES], dtype=float)[box.class_index]
    fits_box = box.dims_known & (box.sides_cm <= np.asarray(compact_max_cm)).all(axis=1)
    fits_weight = ~box.weight_known | (box.weight_g <= compact_max_g)
    return np.where(fits_box & fits_weight, np.minimum(rates, compact_rate), rates)


@dataclass(frozen=True)
class EbayShipping:
    """eBay shipping per unit, and whether the parcel is within the carrier's limits."""

    rate: np.ndarray  # the last bracket's rate when over the limit (the row is ineligible)
    within_limits: np.ndarray
    billable_g: np.ndarray
    by_courier: bool


def ebay_shipping(box: Parcels, shipping: ShippingSettings) -> EbayShipping:
    """Courier rates by billable weight (the US), else ePacket Light by weight and size."""
    if shipping.ebay_uses_courier:
        brackets = shipping.ebay_courier_rates
        volumetric_g = box.sides_cm.prod(axis=1) / shipping.ebay_volumetric_divisor * 1000.0
        billable = np.maximum(box.weight_g, volumetric_g)
        within = billable <= brackets[-1][0]
    else:
        brackets = shipping.epacket_rates
        billable = box.weight_g
        within = (
            (billable <= brackets[-1][0])
            & (box.sides_cm.sum(axis=1) <= shipping.epacket_max_side_sum_cm)
            & (box.sides_cm[:, 0] <= shipping.epacket_max_longest_cm)
        )
    limits = np.array([grams for grams, _ in brackets], dtype=float)
    yen = np.array([rate for _, rate in brackets], dtype=float)
    index = np.minimum(np.searchsorted(limits, billable, side="left"), len(brackets) - 1)
    return EbayShipping(yen[index], within, billable, shipping.ebay_uses_courier)


def unit_shipping(table: str, box: Parcels, shipping: ShippingSettings) -> np.ndarray:
    """Shipping per unit from the table a channel names (see ChannelSettings.shipping)."""
    if table == "domestic":
        return parcel_rate(
            box,
            shipping.domestic_rates,
            shipping.compact_rate,
            shipping.compact_max_cm,
            shipping.compact_max_g,
        )
    if table == "mercari":
        return parcel_rate(
            box,
            shipping.mercari_rates,
            shipping.mercari_compact_rate,
            shipping.mercari_compact_max_cm,
            shipping.compact_max_g,
        )
    if table == "ebay":
        return ebay_shipping(box, shipping).rate
    return np.zeros(len(box.weight_g))
