"""Channel fees per unit, and the import duty a seller pays, vectorised over items.

fee = max(rate × price, fee_min) + fixed_fee + payout_rate × price, where the rate is
the channel's fee_rate, or its category rate (Amazon.co.jp referral fees), or its
low-price rate for unit prices below ``low_price_below``. On a shipping table with a
duty (eBay to the US, delivered duty paid), the seller also pays duty_rate × the goods'
price × (1 + duty_processing_rate) + duty_parcel_fee per parcel (docs/scoring.md §4).
"""

from __future__ import annotations

import re

import numpy as np

from liquidator.scoring.inputs import distinct
from liquidator.settings.sections import ChannelSettings, ShippingTable

_SEPARATORS = re.compile(r"[\s&/,・|_\-+()]+")


def category_words(category: str) -> list[str]:
    """The words of a free-text category: lower-cased, split on spaces and punctuation."""
    text = category.strip().lower()
    return [text, *(word for word in _SEPARATORS.split(text) if word)]


def category_rule(channel: ChannelSettings, category: str) -> tuple[float, float, float]:
    """(rate, above_yen, rate_above) for a category; the first matching map entry wins.

    An entry matches when it equals the whole category or one of its words, so
    "Toys & Games" finds ``toys`` but "skincare" does not find ``car``. Unknown
    categories pay the channel's fee_rate.
    """
    words = category_words(category)
    for name, rule in channel.category_rates.items():
        if name in words:
            if isinstance(rule, tuple):
                rate, above, rate_above = rule
                return float(rate), float(above), float(rate_above)
            return float(rule), np.inf, float(rule)
    return channel.fee_rate, np.inf, channel.fee_rate


def fee_rate(channel: ChannelSettings, unit_price: np.ndarray, category: np.ndarray) -> np.ndarray:
    """The percentage fee rate for each item (category map, tiers, low-price rule)."""
    rate = np.full(len(unit_price), channel.fee_rate, dtype=float)
    if channel.category_rates and len(category):
        # One lookup per distinct category, not per item.
        names, inverse = distinct(category)
        rules = np.array([category_rule(channel, str(name)) for name in names], dtype=float)
        base, above, rate_above = rules[inverse].T
        rate = np.where(unit_price > above, rate_above, base)
    if channel.low_price_below > 0:
        rate = np.where(unit_price < channel.low_price_below, channel.low_price_rate, rate)
    return rate


def unit_fees(channel: ChannelSettings, unit_price: np.ndarray, category: np.ndarray) -> np.ndarray:
    """Fees for selling one unit at ``unit_price`` (yen, unrounded)."""
    percentage = np.maximum(fee_rate(channel, unit_price, category) * unit_price, channel.fee_min)
    return percentage + channel.fixed_fee + channel.payout_rate * unit_price


def duty_uplift(table: ShippingTable) -> float:
    """How much a duty-paid (DDP) listing raises the goods' price: 1 + the share of the
    duty the seller adds to it."""
    return 1.0 + table.duty_rate * table.duty_in_price


def duty_paid(table: ShippingTable, lot_price: np.ndarray) -> np.ndarray:
    """Whether each order (its whole price, yen) goes duty paid by the seller: every
    order on a table with a duty, below ``ddp_below`` when that is set."""
    lot_price = np.asarray(lot_price, dtype=float)
    if table.duty_rate <= 0:
        return np.zeros(lot_price.shape, dtype=bool)
    if table.ddp_below <= 0:
        return np.ones(lot_price.shape, dtype=bool)
    return lot_price < table.ddp_below


def duty_charges(
    table: ShippingTable,
    unit_price: np.ndarray,
    qty: np.ndarray,
    parcel_count: np.ndarray,
    paid: np.ndarray,
) -> np.ndarray:
    """What the seller pays on a duty-paid order (yen, unrounded): the duty on the goods'
    price (the listed price without the duty added to it), the carrier's processing
    charge on that duty, and its fee per parcel; 0 where ``paid`` is False."""
    goods = np.asarray(unit_price, dtype=float) / duty_uplift(table) * qty
    duty = goods * table.duty_rate * (1.0 + table.duty_processing_rate)
    return np.where(paid, duty + table.duty_parcel_fee * parcel_count, 0.0)
