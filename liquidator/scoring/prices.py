"""What an item fetches on a channel, and what to ask for it.

The unit price is the market price (or the cost, for refunds) × the channel's ratio
for the item's category (``category_ratios``, else ``price_ratio``), cut for a listing
that has gone stale on that channel; a seller's firm quote (``--quote kaitori=48000``)
replaces all of it. The suggested price is the list price on fixed-price channels and
the start price on auctions: 1 yen when dumping, otherwise a start that gets the cost
back after fees and shipping.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from liquidator.scoring.fees import category_words
from liquidator.scoring.inputs import distinct
from liquidator.settings.sections import ChannelSettings


def category_values(table: dict, category: np.ndarray, default: float) -> np.ndarray:
    """Per item, the first ``table`` entry naming its category (or one of its words)."""
    values = np.full(len(category), default, dtype=float)
    if not table or not len(category):
        return values
    names, inverse = distinct(category)
    found = np.array(
        [
            next((float(table[w]) for w in category_words(str(name)) if w in table), default)
            for name in names
        ],
        dtype=float,
    )
    return found[inverse]


def refused(channel: ChannelSettings, category: np.ndarray) -> np.ndarray:
    """Whether the channel refuses each item's category."""
    if not channel.refused_categories or not len(category):
        return np.zeros(len(category), dtype=bool)
    table = dict.fromkeys(channel.refused_categories, 1.0)
    return category_values(table, category, 0.0) > 0


def parse_quotes(text: str) -> dict[str, int]:
    """``"kaitori=48000, yahoo=30000"`` as ``{channel: yen}`` (already validated)."""
    quotes = {}
    for part in text.replace(";", ",").split(","):
        if "=" in part:
            name, yen = part.split("=", 1)
            quotes[name.strip()] = int(yen.strip())
    return quotes


def quoted(quotes: np.ndarray, name: str) -> np.ndarray:
    """Each item's quote for channel ``name`` per unit (NaN when none)."""
    if not len(quotes) or not (quotes != "").any():
        return np.full(len(quotes), np.nan)
    # One parse per distinct quote text, not per item (as category_values does).
    texts, inverse = distinct(quotes)
    found = np.array([parse_quotes(str(text)).get(name, np.nan) for text in texts], dtype=float)
    return found[inverse]


def stale_cuts(channel: ChannelSettings, listed_here: np.ndarray, listed_days: np.ndarray):
    """(price factor, dropped out) for items listed on this channel so long unsold.

    One ``stale_cut`` per ``sells_within_days`` begun past the first; past
    ``stale_limit_days`` the channel drops out. Never raises a price.
    """
    period = max(channel.sells_within_days, 1)
    days = np.where(listed_here, np.nan_to_num(listed_days), 0.0)
    cuts = np.ceil(np.maximum(days - period, 0) / period)
    factor = (1.0 - channel.stale_cut) ** cuts
    return factor, listed_here & (days > channel.stale_limit_days)


def price_kind(channel: ChannelSettings) -> str:
    """What the suggested price is on this channel: a ``start`` (auction), a
    ``refund`` (measured against cost) or a ``list`` price."""
    if channel.price_kind:
        return channel.price_kind
    if channel.auction:
        return "start"
    return "refund" if channel.price_basis == "cost" else "list"


def listing_schedule(
    channel: ChannelSettings,
    *,
    listed_on: dt.date,
    listed_price: int,
    as_of: dt.date,
    switch_to: str | None,
) -> list[dict]:
    """What to do with a listing that does not sell: a price drop at the end of each
    usual selling period (by ``stale_cut``), then a switch to ``switch_to`` once it
    would drop out (past ``stale_limit_days``). Only steps from ``as_of`` on."""
    period = max(channel.sells_within_days, 1)
    steps = []
    day, price = period, float(listed_price)
    while day <= channel.stale_limit_days:
        price *= 1.0 - channel.stale_cut
        on = listed_on + dt.timedelta(days=day)
        if on >= as_of and channel.stale_cut > 0:
            steps.append({"on": on.isoformat(), "action": "drop", "price": int(price)})
        day += period
    steps = steps[:3]  # the next few drops; the switch below always shows
    switch_on = listed_on + dt.timedelta(days=channel.stale_limit_days + 1)
    if switch_to is not None and switch_on >= as_of:
        steps.append({"on": switch_on.isoformat(), "action": "switch", "channel": switch_to})
    return steps


def suggested_price(
    channel: ChannelSettings,
    unit_price: np.ndarray,
    unit_cost: np.ndarray,
    unit_costs_to_sell: np.ndarray,
    dumping: np.ndarray,
) -> np.ndarray:
    """Per unit: the list price, or an auction's start price (1 yen when dumping).

    A start that protects the cost is the price whose proceeds, after the fee rate,
    fixed fee, shipping and packaging, give the unit cost back.
    """
    if not channel.auction:
        return np.floor(unit_price + 1e-6).astype(np.int64)
    keep = 1.0 - channel.fee_rate - channel.payout_rate
    protect = np.ceil((unit_cost + unit_costs_to_sell + channel.fixed_fee) / max(keep, 0.01))
    return np.where(dumping, 1, protect).astype(np.int64)
