"""Each channel's figures for every item: price, fees, duty, shipping, packaging, days,
the suggested price, and whether the channel can take the item at all.

One pass per channel, vectorised over items (numpy); the engine turns these unrounded
figures into yen, scores and ranks them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from liquidator.scoring import prices, reasons
from liquidator.scoring.fees import duty_charges, duty_paid, duty_uplift, unit_fees
from liquidator.scoring.shipping import (
    Parcels,
    TableShipping,
    lot_parcels,
    lot_rate,
    table_shipping,
)
from liquidator.settings.sections import ChannelSettings, Settings


@dataclass(frozen=True)
class Options:
    """Items × channels arrays (unrounded yen), and per channel what kind it is."""

    expected: np.ndarray
    fees: np.ndarray  # including duties
    duties: np.ndarray
    seen_price: np.ndarray  # a price seen on the channel that set the unit price (NaN: none)
    shipping: np.ndarray
    packaging: np.ndarray
    days: np.ndarray
    suggested: np.ndarray
    price_kind: np.ndarray
    ineligibility: np.ndarray
    billable_g: np.ndarray
    compact_assumed: np.ndarray
    uses_weight: np.ndarray  # per channel
    last_resort: np.ndarray  # per channel


def channel_options(
    item: dict[str, np.ndarray],
    settings: Settings,
    box: Parcels,
    lot: Parcels,
    market: np.ndarray,
    targets: np.ndarray,
) -> Options:
    """Every scored channel's figures for every item (see the module docstring).

    ``box`` is one unit's parcel, ``lot`` the whole lot's, ``market`` what one unit
    fetches (market price, else cost), ``targets`` each item's target days.
    """
    channels = settings.scored_channels
    n = len(item["qty"])
    qty = item["qty"]
    by_table = {
        name: (table_shipping(settings.shipping[name], box, item["hazmat"]),
               table_shipping(settings.shipping[name], lot, item["hazmat"]))
        for name in dict.fromkeys(c.shipping for c in channels.values())
    }  # fmt: skip
    shape = (n, len(channels))
    figures = {name: np.zeros(shape) for name in ("expected", "fees", "duties", "shipping",
                                                  "packaging", "billable_g")}  # fmt: skip
    figures["seen_price"] = np.full(shape, np.nan)
    days = np.zeros(shape, dtype=np.int64)
    suggested = np.zeros(shape, dtype=np.int64)
    price_kind = np.empty(shape, dtype=object)
    ineligibility = np.zeros(shape, dtype=np.int8)
    compact_assumed = np.zeros(shape, dtype=bool)
    uses_weight = np.zeros(len(channels), dtype=bool)
    last_resort = np.array([c.last_resort for c in channels.values()], dtype=bool)
    dumping = item["days_held"] > targets
    for j, (name, channel) in enumerate(channels.items()):
        table = settings.shipping[channel.shipping]
        unit_ship, lot_ship = by_table[channel.shipping]
        parcel_count = lot_parcels(unit_ship, lot_ship, qty)
        listed_here = item["listed_channel"] == name
        stale_factor, stale_out = prices.stale_cuts(channel, listed_here, item["listed_days"],
                                                    item["listed_price"])  # fmt: skip
        basis = market if channel.price_basis == "market" else item["unit_cost"]
        unit_price, quoted, seen = _unit_price(item, channel, name, basis, stale_factor)
        duties = np.zeros(n)
        if table.duty_rate > 0:
            # A duty-paid listing carries the duty in its price (a firm quote, or a price
            # seen on the channel itself, is as given).
            listed = np.where(quoted | seen, unit_price, unit_price * duty_uplift(table))
            paid = duty_paid(table, listed * qty)
            unit_price = np.where(paid, listed, unit_price)
            duties = duty_charges(table, unit_price, qty, parcel_count, paid)
        lot_shipping = lot_rate(unit_ship, lot_ship, qty)
        if channel.free_shipping_from > 0:
            lot_shipping[unit_price * qty >= channel.free_shipping_from] = 0.0
        packaging = channel.packaging * parcel_count
        figures["expected"][:, j] = unit_price * qty
        figures["fees"][:, j] = unit_fees(channel, unit_price, item["category"]) * qty + duties
        figures["duties"][:, j] = duties
        figures["seen_price"][seen, j] = prices.quoted(item["channel_prices"], name)[seen]
        figures["shipping"][:, j] = lot_shipping
        figures["packaging"][:, j] = packaging
        figures["billable_g"][:, j] = unit_ship.billable_g
        days[:, j] = channel.days_to_cash
        compact_assumed[:, j] = unit_ship.compact_assumed
        uses_weight[j] = table.kind != "none"
        price_kind[:, j] = prices.price_kind(channel)
        price_kind[quoted, j] = "quote"
        suggested[:, j] = prices.suggested_price(
            channel, unit_price, market=basis, dumping=dumping, quoted=quoted,
            listed_here=listed_here, listed_days=item["listed_days"],
            listed_price=item["listed_price"],
        )  # fmt: skip
        ineligibility[:, j] = _ineligibility(item, channel, unit_ship, stale_out)
    ineligibility[qty <= 0, :] = reasons.NO_STOCK
    return Options(**figures, days=days, suggested=suggested, price_kind=price_kind,
                   ineligibility=ineligibility, compact_assumed=compact_assumed,
                   uses_weight=uses_weight, last_resort=last_resort)  # fmt: skip


def _unit_price(
    item: dict[str, np.ndarray],
    channel: ChannelSettings,
    name: str,
    basis: np.ndarray,
    stale_factor: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """What one unit fetches on the channel before any duty, and where a quote set it
    and where a price seen on the channel did (``basis``: the market price or the
    cost, as the channel prices, × its ratio; a fresh price seen on this channel
    replaces that product for a market-priced channel, a firm quote replaces all)."""
    ratio = prices.category_values(channel.category_ratios, item["category"],
                                   channel.price_ratio)  # fmt: skip
    estimate = basis * ratio
    seen = np.zeros(len(estimate), dtype=bool)
    if channel.price_basis == "market":
        observed = prices.quoted(item["channel_prices"], name)
        seen = ~np.isnan(observed)
        estimate = np.where(seen, observed, estimate)
    quote = prices.quoted(item["quotes"], name)
    quoted = ~np.isnan(quote)
    return np.where(quoted, quote, estimate * stale_factor), quoted, seen & ~quoted


def _ineligibility(
    item: dict[str, np.ndarray],
    channel: ChannelSettings,
    unit_ship: TableShipping,
    stale_out: np.ndarray,
) -> np.ndarray:
    """Why the channel cannot take each item (``reasons.ELIGIBLE`` where it can)."""
    code = np.zeros(len(item["qty"]), dtype=np.int8)
    # Later checks overwrite earlier ones: the last applicable one is reported.
    code[~unit_ship.within_limits] = reasons.OVER_CARRIER_LIMIT
    if channel.needs_return_window:
        left = item["return_days_left"]
        code[left < 0] = reasons.RETURN_WINDOW_CLOSED
        code[np.isnan(left)] = reasons.NO_RETURN_DATE
    if not channel.allows_hazmat or not unit_ship.takes_hazmat.all():
        code[item["hazmat"] & ~(channel.allows_hazmat & unit_ship.takes_hazmat)] = reasons.HAZMAT
    code[prices.refused(channel, item["category"])] = reasons.REFUSED_CATEGORY
    if channel.overseas:
        code[item["domestic_only"]] = reasons.DOMESTIC_ONLY
    code[stale_out] = reasons.STALE_LISTING
    if not channel.enabled:
        code[:] = reasons.SWITCHED_OFF
    return code
