"""Learning from the seller's own disposals: observed price ratio and time to sell.

The engine keeps the settings' defaults but blends in what this workspace shows.
Price: observed × n/(n+k) + default × k/(n+k) over the channel's recent disposals
(a refund measured against cost, a sale against the market price). Time to sell: only
sales on the channel the item was listed on, counted from the listing day, plus the
time open listings there have gone unsold (exposure), with the default standing in for
k earlier sales: (Σ days to sale + Σ days listed unsold + k × default) / (n + k). A slow
channel is thus learned as slow even before its listings sell, and a sale dated before
its listing teaches nothing. Days to cash is the learned time to sell plus the
channel's payout lag (its default days_to_cash − sells_within_days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.settings import ChannelSettings, Settings

from liquidator.settings.values import MAX_SETTING_DAYS

RECENT_SALES = 200


@dataclass(frozen=True)
class Observed:
    """What one channel's disposals and open listings show."""

    sales: int
    price_ratio: float
    # Sales that were listed on this channel first, their days from listing to sale,
    # and the days its open listings have been waiting.
    timed_sales: int = 0
    days_to_sale: float = 0.0
    exposure_days: float = 0.0


def observed_by_channel(
    *, session: Session, channels: Iterable[str], as_of: dt.date | None = None
) -> dict[str, Observed]:
    """Per channel, from its last RECENT_SALES disposals (and, with ``as_of``, its
    open listings): the count, mean price ÷ reference price, and the days to sale.

    Recent sales say more about what a channel pays now than old ones, and reading a
    bounded number per channel (by index) keeps ``add`` as fast with a million
    disposals as with ten.
    """
    from liquidator.store.disposals import open_listings, recent_disposals

    observed = {}
    for channel in channels:
        rows = recent_disposals(session=session, channel=channel, limit=RECENT_SALES)
        waiting = []
        if as_of is not None:
            listed = open_listings(session=session, channel=channel, limit=RECENT_SALES)
            waiting = [(as_of - day).days for day in listed if day <= as_of]
        if not rows and not waiting:
            continue
        ratios = [price / qty / reference for price, qty, reference, _, _ in rows if qty]
        timed = [
            (sold - listed_on).days
            for _, _, _, sold, listed_on in rows
            if listed_on is not None and sold >= listed_on
        ]
        observed[channel] = Observed(
            sales=len(ratios),
            price_ratio=sum(ratios) / len(ratios) if ratios else 0.0,
            timed_sales=len(timed),
            days_to_sale=float(sum(timed)),
            exposure_days=float(sum(waiting)),
        )
    return observed


def blend(default: float, observed: float, sales: int, k: float) -> float:
    """observed × n/(n+k) + default × k/(n+k); the default alone when n is 0."""
    if sales <= 0:
        return default
    return observed * sales / (sales + k) + default * k / (sales + k)


def learned_days(channel: ChannelSettings, seen: Observed, k: float) -> tuple[int, int]:
    """(sells_within_days, days_to_cash) learned from listings; the defaults without."""
    if not seen.timed_sales and not seen.exposure_days:
        return channel.sells_within_days, channel.days_to_cash
    total = seen.days_to_sale + seen.exposure_days + k * channel.sells_within_days
    # Never slower than the point where a listing there is given up: past it the
    # channel drops out for the item anyway, and the figure stays a sensible setting.
    slowest = max(channel.stale_limit_days, channel.sells_within_days)
    to_sale = min(total / (seen.timed_sales + k), slowest)
    payout_lag = max(channel.days_to_cash - channel.sells_within_days, 0)
    return max(round(to_sale), 1), min(round(to_sale + payout_lag), MAX_SETTING_DAYS)


def calibrate(settings: Settings, observed: dict[str, Observed]) -> Settings:
    """Settings whose channel price ratios and days include the observed ones."""
    from liquidator.settings import with_channel_overrides

    k = settings.calibration.k
    for name, channel in settings.scored_channels.items():
        seen = observed.get(name)
        if seen is None:
            continue
        sells_within, days = learned_days(channel, seen, k)
        values = {}
        if seen.sales:
            values["price_ratio"] = blend(channel.price_ratio, seen.price_ratio, seen.sales, k)
        if days != channel.days_to_cash or sells_within != channel.sells_within_days:
            values |= {"days_to_cash": days, "sells_within_days": sells_within}
        if values:
            from liquidator.i18n import _

            source = _(
                "learned: {sales} sale(s), {timed} timed from listing, "
                "{days:g} days of open listings"
            ).format(sales=seen.sales, timed=seen.timed_sales, days=seen.exposure_days)
            settings = with_channel_overrides(settings, {name: values}, source=source)
    return settings


def calibrated_settings(
    *, session: Session, settings: Settings, as_of: dt.date | None = None
) -> Settings:
    """The settings the engine should score with in this workspace."""
    channels = settings.scored_channels
    return calibrate(settings, observed_by_channel(session=session, channels=channels, as_of=as_of))


def channel_rows(settings: Settings, observed: dict[str, Observed]) -> list[dict]:
    """One row per channel: its fees, and default / observed / used ratio and days."""
    used = calibrate(settings, observed)
    rows = []
    for name, channel in settings.scored_channels.items():
        seen = observed.get(name)
        timed = seen is not None and (seen.timed_sales or seen.exposure_days)
        rows.append(
            {
                "channel": name,
                "label": settings.channel_label(name),
                "enabled": channel.enabled,
                "fee_rate": channel.fee_rate,
                "fee_min": channel.fee_min,
                "fixed_fee": channel.fixed_fee,
                "payout_rate": channel.payout_rate,
                "sales": seen.sales if seen else 0,
                "price_ratio": {
                    "default": channel.price_ratio,
                    "observed": round(seen.price_ratio, 4) if seen and seen.sales else None,
                    "used": round(used.channels[name].price_ratio, 4),
                },
                "days_to_cash": {
                    "default": channel.days_to_cash,
                    "observed": round(seen.days_to_sale / seen.timed_sales, 1)
                    if timed and seen.timed_sales
                    else None,
                    "used": used.channels[name].days_to_cash,
                },
            }
        )
    return rows
