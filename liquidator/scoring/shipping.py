"""Parcel geometry and shipping cost per unit, vectorised over items.

Every cost here is non-decreasing in each side, the weight and the size class, so a
bigger or heavier item never ships for less (the scoring properties rely on it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from liquidator.settings.sections import ParcelSettings, ShippingTable
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
    # Fits one parcel of the largest class (a lot may not); its rates only mean this then.
    single: np.ndarray
    # The recorded class was 60 with no sides: small enough for compact mail if light.
    small_unknown: np.ndarray

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
    assumed: ParcelSettings,
    *,
    qty: np.ndarray | None = None,
) -> Parcels:
    """Work out each item's parcel: effective class, sides and (estimated) weight.

    With ``qty``, the parcel of the whole lot sold to one buyer: the units' combined
    volume (sides scaled by ∛qty) and weight.
    """
    last = len(SIZE_CLASSES) - 1
    recorded = np.stack([length_cm, width_cm, height_cm], axis=1)
    dims_known = ~np.isnan(recorded).any(axis=1)
    recorded_sorted = np.sort(np.where(dims_known[:, None], recorded, 0.0), axis=1)[:, ::-1]
    scale = 1.0 if qty is None else np.cbrt(np.maximum(np.asarray(qty, dtype=float), 1.0))
    if qty is not None:
        unit = parcels(size_class, length_cm, width_cm, height_cm, weight_g, assumed)
        sides = unit.sides_cm * scale[:, None]
        weight = unit.weight_g * np.maximum(np.asarray(qty, dtype=float), 1.0)
        return _from_sides(sides, weight, unit.weight_known, unit.dims_known, size_class)

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
    estimated_g = np.array([assumed.estimated_weight_g[c] for c in SIZE_CLASSES], dtype=float)
    weight = np.where(weight_known, weight_g, estimated_g[class_index])
    single = np.ones(len(weight), dtype=bool)
    small_unknown = ~dims_known & (np.asarray(size_class, dtype=float) <= _CLASSES[0])
    return Parcels(class_index, sides, dims_known, weight, weight_known, single, small_unknown)


def _from_sides(
    sides: np.ndarray,
    weight: np.ndarray,
    weight_known: np.ndarray,
    dims_known: np.ndarray,
    size_class: np.ndarray,
) -> Parcels:
    """A parcel of known (or scaled nominal) sides and weight, classed from them."""
    last = len(SIZE_CLASSES) - 1
    total = sides.sum(axis=1)
    size_index = np.minimum(np.searchsorted(_CLASSES, size_class, side="left"), last)
    by_sides = np.searchsorted(_CLASSES, total - 1e-9, side="left")
    by_weight = np.searchsorted(_CAPS_G, weight, side="left")
    single = (by_sides <= last) & (by_weight <= last)
    class_index = np.minimum(np.maximum(np.maximum(by_sides, by_weight), size_index), last)
    small = np.zeros(len(weight), dtype=bool)
    return Parcels(class_index, sides, dims_known, weight, weight_known, single, small)


@dataclass(frozen=True)
class TableShipping:
    """One shipping table's cost per unit for each item, and whether it can take it."""

    rate: np.ndarray  # the last bracket's rate when over the limit (the row is ineligible)
    within_limits: np.ndarray
    billable_g: np.ndarray
    takes_hazmat: np.ndarray
    # The compact rate was taken for a size-60 item whose sides were not recorded.
    compact_assumed: np.ndarray


def table_shipping(
    table: ShippingTable, box: Parcels, hazmat: np.ndarray | None = None
) -> TableShipping:
    """Shipping per parcel by ``table`` (see ShippingTable for the kinds).

    A parcel over the table's limits, or a lot too big for one parcel, is not
    ``within_limits``. Hazmat items never get the compact rate unless the table's
    compact service takes them.
    """
    n = len(box.weight_g)
    hazmat = np.zeros(n, dtype=bool) if hazmat is None else np.asarray(hazmat, dtype=bool)
    takes = np.full(n, table.allows_hazmat)
    no = np.zeros(n, dtype=bool)
    if table.kind == "none":
        return TableShipping(np.zeros(n), np.ones(n, dtype=bool), box.weight_g, takes, no)
    if table.kind == "parcel":
        rate, assumed = _parcel_rate(box, table, hazmat)
        return TableShipping(rate, box.single.copy(), box.weight_g, takes, assumed)
    billable = box.weight_g
    if table.volumetric_divisor > 0:
        volumetric_g = box.sides_cm.prod(axis=1) / table.volumetric_divisor * 1000.0
        billable = np.maximum(box.weight_g, volumetric_g)
    brackets = table.brackets
    within = (billable <= brackets[-1][0]) & box.single
    if table.max_side_sum_cm > 0:
        within &= box.sides_cm.sum(axis=1) <= table.max_side_sum_cm
    if table.max_longest_cm > 0:
        within &= box.sides_cm[:, 0] <= table.max_longest_cm
    limits = np.array([grams for grams, _ in brackets], dtype=float)
    yen = np.array([rate for _, rate in brackets], dtype=float)
    index = np.minimum(np.searchsorted(limits, billable, side="left"), len(brackets) - 1)
    return TableShipping(yen[index], within, billable, takes, np.zeros(n, dtype=bool))


def _parcel_rate(
    box: Parcels, table: ShippingTable, hazmat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The parcel rate, or the compact rate when the item fits compact mail.

    Compact fits when recorded sides fit the compact box, with an unknown weight
    taken to fit (thin items that fit are nearly always under 1 kg). A size-60 item
    with no recorded sides and a recorded weight under the compact limit is assumed
    to fit (most such items are small accessories); the second array marks those so
    the breakdown can say so.
    """
    rates = np.array([table.rates[c] for c in SIZE_CLASSES], dtype=float)[box.class_index]
    if not table.has_compact:
        return rates, np.zeros(len(rates), dtype=bool)
    fits_box = box.dims_known & (box.sides_cm <= np.asarray(table.compact_max_cm)).all(axis=1)
    fits_weight = ~box.weight_known | (box.weight_g <= table.compact_max_g)
    assumed = box.small_unknown & box.weight_known & (box.weight_g <= table.compact_max_g)
    compact = ((fits_box & fits_weight) | assumed) & (table.compact_allows_hazmat | ~hazmat)
    rate = np.where(compact, np.minimum(rates, table.compact_rate), rates)
    return rate, assumed & compact & (table.compact_rate < rates)


def lot_rate(unit: TableShipping, lot: TableShipping, qty: np.ndarray) -> np.ndarray:
    """Shipping for a whole lot sold to one buyer: one parcel of the lot when it fits
    one, never more than sending each unit on its own."""
    one_parcel = np.where(lot.within_limits, lot.rate, np.inf)
    return np.minimum(one_parcel, unit.rate * np.asarray(qty, dtype=float))


def lot_parcels(unit: TableShipping, lot: TableShipping, qty: np.ndarray) -> np.ndarray:
    """How many parcels ``lot_rate`` sends: one when the lot goes as one parcel, else one
    per unit (packaging and per-parcel fees are charged on these)."""
    units = np.maximum(np.asarray(qty, dtype=float), 1.0)
    one_parcel = lot.within_limits & (lot.rate <= unit.rate * units)
    return np.where(one_parcel, 1.0, units)
