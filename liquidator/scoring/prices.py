"""What an item fetches on a channel, and what to ask for it.

The unit price is the market price (or the cost, for refunds) × the channel's ratio
for the item's category (``category_ratios``, else ``price_ratio``), cut for a listing
that has gone stale on that channel; a seller's firm quote (``--quote kaitori=48000``)
replaces all of it. The suggested price is what the seller asks: a list price near
market, never above an ask that failed; an auction's start below the market price, or
1 yen when dumping (docs/scoring.md, "Prices and plans").
"""

from __future__ import annotations

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


def stale_cuts(
    channel: ChannelSettings,
    listed_here: np.ndarray,
    listed_days: np.ndarray,
    listed_price: np.ndarray | None = None,
):
    """(price factor, dropped out) for items listed on this channel so long unsold.

    One ``stale_cut`` per ``sells_within_days`` begun past the first; past
    ``stale_limit_days`` the channel drops out, except for an auction that started
    above 1 yen: it failed at its start, not for want of buyers, so it is relisted at
    1 yen instead (``suggested_price``). Never raises a price.
    """
    period = max(channel.sells_within_days, 1)
    days = np.where(listed_here, np.nan_to_num(listed_days), 0.0)
    cuts = np.ceil(np.maximum(days - period, 0) / period)
    factor = (1.0 - channel.stale_cut) ** cuts
    out = listed_here & (days > channel.stale_limit_days)
    if channel.auction and listed_price is not None:
        out &= ~(np.nan_to_num(listed_price) > 1)
    return factor, out


def price_kind(channel: ChannelSettings) -> str:
    """What the suggested price is on this channel: a ``start`` (auction), a
    ``refund`` (measured against cost) or a ``list`` price."""
    if channel.price_kind:
        return channel.price_kind
    if channel.auction:
        return "start"
    return "refund" if channel.price_basis == "cost" else "list"


def suggested_price(
    channel: ChannelSettings,
    unit_price: np.ndarray,
    *,
    market: np.ndarray,
    dumping: np.ndarray,
    quoted: np.ndarray,
    listed_here: np.ndarray,
    listed_days: np.ndarray,
    listed_price: np.ndarray,
) -> np.ndarray:
    """Per unit, what the seller asks: a list price, or an auction's start price.

    A list price is the channel's expected price, never above the ask that is on sale
    there now, cut once per selling period it has gone unsold (the ask that failed,
    not the model's estimate). An auction starts at ``start_ratio`` of its expected
    close, never above the market price; at 1 yen when dumping or once every
    automatic relist of a fixed start has ended unsold; a running auction keeps its
    current start (the listed one, cut at each relist) when that is lower. A quote
    is asked as quoted.
    """
    asked = np.where(listed_here, listed_price, np.nan)
    days = np.where(listed_here, np.nan_to_num(listed_days), 0.0)
    if not channel.auction:
        period = max(channel.sells_within_days, 1)
        cuts = np.ceil(np.maximum(days - period, 0) / period)
        failed_ask = asked * (1.0 - channel.stale_cut) ** cuts
        price = np.fmin(unit_price, failed_ask)
        price = np.where(quoted, unit_price, price)
        return np.maximum(np.floor(price + 1e-6), 1).astype(np.int64)
    # Past its last relist a run's count no longer matters (and a date stored out of
    # bounds must not overflow the power below).
    runs = np.clip(np.floor(days / max(channel.auction_days, 1)), 0, channel.max_relists + 1)
    current = asked * (1.0 - channel.relist_cut) ** runs
    start = np.fmin(np.fmin(channel.start_ratio * unit_price, market), current)
    relisted_out = listed_here & (asked > 1) & (runs > channel.max_relists)
    start = np.where(dumping | relisted_out | (asked <= 1), 1.0, start)
    start = np.where(quoted, unit_price, start)
    return np.maximum(np.floor(start + 1e-6), 1).astype(np.int64)
