"""Learning from the seller's own disposals: price ratios and time to sell.

The engine keeps the settings' defaults but blends in what this workspace shows, with
``k`` (``[calibration] k``) standing in for that many sales at the default:
learned = (n × observed + k × default) / (n + k). With k = 1, five consistent sales
move a value 5/6 of the way to the seller's own figure.

Price, per channel: a sale of an item whose category has a ratio of its own on that
channel (``category_ratios``, the first of its words that has one, as prices use them)
teaches that category's ratio; every other sale teaches the channel's ``price_ratio``.
A refund is measured against cost, a sale against the market price; a sale that went
duty paid (DDP) is measured without the duty the seller added to its price, since the
ratios are before duty (the engine adds it back).

Time to sell: only sales on the channel the item was listed on, counted from the
listing day, plus the time open listings there have gone unsold (exposure), with the
default standing in for k earlier sales: (Σ days to sale + Σ days listed unsold +
k × default) / (n + k). A slow channel is thus learned as slow even before its listings
sell, and a sale dated before its listing teaches nothing. Days to cash is the learned
time to sell plus the channel's payout lag (its default days_to_cash −
sells_within_days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.db import Database
    from liquidator.settings import ChannelSettings, Settings
    from liquidator.workspace import Workspace

from liquidator.settings.values import MAX_SETTING_DAYS

RECENT_SALES = 200


@dataclass(frozen=True)
class Observed:
    """What one channel's disposals and open listings show.

    ``sales`` and ``price_ratio``: the sales that teach the channel's general ratio;
    ``categories``: category word → (sales, mean ratio) for those that teach a
    category's own ratio.
    """

    sales: int
    price_ratio: float
    categories: Mapping[str, tuple[int, float]] = field(default_factory=dict)
    # Sales that were listed on this channel first, their days from listing to sale,
    # and the days its open listings have been waiting.
    timed_sales: int = 0
    days_to_sale: float = 0.0
    exposure_days: float = 0.0

    @property
    def all_sales(self) -> int:
        """Every sale seen, general and by category."""
        return self.sales + sum(n for n, _ratio in self.categories.values())


def observe(
    channel: ChannelSettings,
    sales: Iterable[tuple[float, str | None]],
    *,
    timed_days: Iterable[int],
    waiting_days: Iterable[int],
) -> Observed:
    """One channel's ``Observed`` from its sales as (price ratio, item category), the
    days from listing to sale of those listed first, and its open listings' days."""
    from liquidator.scoring.fees import category_words

    general: list[float] = []
    by_category: dict[str, list[float]] = {}
    for ratio, category in sales:
        words = category_words(category or "")
        key = next((w for w in words if w in channel.category_ratios), None)
        (general if key is None else by_category.setdefault(key, [])).append(ratio)
    timed = list(timed_days)
    return Observed(
        sales=len(general),
        price_ratio=sum(general) / len(general) if general else 0.0,
        categories={key: (len(r), sum(r) / len(r)) for key, r in by_category.items()},
        timed_sales=len(timed),
        days_to_sale=float(sum(timed)),
        exposure_days=float(sum(waiting_days)),
    )


def observed_by_channel(
    *, session: Session, settings: Settings, as_of: dt.date | None = None
) -> dict[str, Observed]:
    """Per channel that sells, from its last RECENT_SALES disposals (and, with
    ``as_of``, its open listings): what they show (see ``observe``).

    Recent sales say more about what a channel pays now than old ones, and reading a
    bounded number per channel (by index) keeps ``add`` as fast with a million
    disposals as with ten.
    """
    from liquidator.store.disposals import open_listings, recent_disposals

    observed = {}
    for name, channel in _learning(settings).items():
        rows = recent_disposals(session=session, channel=name, limit=RECENT_SALES)
        waiting = []
        if as_of is not None:
            listed = open_listings(session=session, channel=name, limit=RECENT_SALES)
            waiting = [(as_of - day).days for day in listed if day <= as_of]
        if not rows and not waiting:
            continue
        before_duty = _before_duty(settings, channel)
        observed[name] = observe(
            channel,
            [(before_duty(price, qty) / qty / reference, category)
             for price, qty, reference, _sold, _listed, category in rows if qty and reference],
            timed_days=[(sold - listed_on).days for _p, _q, _r, sold, listed_on, _c in rows
                        if listed_on is not None and sold >= listed_on],
            waiting_days=waiting,
        )  # fmt: skip
    return observed


def _learning(settings: Settings) -> dict[str, ChannelSettings]:
    """The channels calibration learns about: every scored one but the last resorts."""
    return {n: c for n, c in settings.scored_channels.items() if not c.last_resort}


def _before_duty(settings: Settings, channel: ChannelSettings):
    """A function: a recorded price (the lot's) without the duty a duty-paid listing adds."""
    table = settings.shipping[channel.shipping]
    if table.duty_rate <= 0:
        return lambda price, _qty: price
    import numpy as np

    from liquidator.scoring.fees import duty_paid, duty_uplift

    def before(price: float, _qty: int) -> float:
        paid = bool(duty_paid(table, np.array([price], dtype=float))[0])
        return price / duty_uplift(table) if paid else price

    return before


def blend(default: float, observed: float, sales: int, k: float) -> float:
    """observed × n/(n+k) + default × k/(n+k): the default moved n/(n+k) of the way to
    what was observed (exactly the default when n is 0 or nothing differs)."""
    if sales <= 0:
        return default
    return default + (observed - default) * sales / (sales + k)


def learned_days(channel: ChannelSettings, seen: Observed, k: float) -> tuple[int, int]:
    """(sells_within_days, days_to_cash) learned from listings; the defaults without."""
    if not seen.timed_sales and not seen.exposure_days:
        return channel.sells_within_days, channel.days_to_cash
    total = seen.days_to_sale + seen.exposure_days + k * channel.sells_within_days
    # Never slower than the point where a listing there is given up: past it the
    # channel drops out for the item anyway, and the figure stays a sensible setting.
    slowest = max(channel.stale_limit_days, channel.sells_within_days)
    weight = seen.timed_sales + k
    to_sale = min(total / weight, slowest) if weight > 0 else slowest
    lag = payout_lag(channel)
    return max(round(to_sale), 1), min(round(to_sale + lag), MAX_SETTING_DAYS)


def payout_lag(channel: ChannelSettings) -> int:
    """Days from a sale to the cash: the default days to cash beyond the selling time."""
    return max(channel.days_to_cash - channel.sells_within_days, 0)


def calibrate(settings: Settings, observed: dict[str, Observed]) -> Settings:
    """Settings whose channel price ratios (general and by category) and days include
    the observed ones, each learned value with its source."""
    from liquidator.i18n import ngettext
    from liquidator.settings import with_channel_overrides

    k = settings.calibration.k
    for name, channel in _learning(settings).items():
        seen = observed.get(name)
        if seen is None:
            continue
        sells_within, days = learned_days(channel, seen, k)
        values: dict = {}
        if seen.sales:
            values["price_ratio"] = blend(channel.price_ratio, seen.price_ratio, seen.sales, k)
        if days != channel.days_to_cash or sells_within != channel.sells_within_days:
            values |= {"days_to_cash": days, "sells_within_days": sells_within}
        if values:
            source = ngettext(
                "learned: {sales} sale, {timed} timed from listing, {days:g} days of open listings",
                "learned: {sales} sales, {timed} timed from listing, {days:g} days of open listings",
                seen.sales,
            ).format(sales=seen.sales, timed=seen.timed_sales, days=seen.exposure_days)
            settings = with_channel_overrides(settings, {name: values}, source=source)
        for key, (sales, ratio) in seen.categories.items():
            default = channel.category_ratios.get(key, channel.price_ratio)
            learned = {"category_ratios": {key: blend(default, ratio, sales, k)}}
            source = ngettext(
                "learned: {sales} sale in this category",
                "learned: {sales} sales in this category",
                sales,
            ).format(sales=sales)
            settings = with_channel_overrides(settings, {name: learned}, source=source)
    return settings


def calibrated_settings(
    *, session: Session, settings: Settings, as_of: dt.date | None = None
) -> Settings:
    """The settings the engine should score with in this workspace on ``as_of``."""
    return calibrate(settings, observed_by_channel(session=session, settings=settings, as_of=as_of))


def channel_rows(settings: Settings, observed: dict[str, Observed]) -> list[dict]:
    """One row per channel: its fees, and default / observed / used ratio (general and
    per category learned) and days to cash. "used" is what the engine scores with."""
    used = calibrate(settings, observed)
    rows = []
    for name, channel in settings.scored_channels.items():
        seen = observed.get(name) or Observed(sales=0, price_ratio=0.0)
        adopted = used.channels[name]

        def source(key: str, name: str = name) -> str:
            return used.sources.get(f"channels.{name}.{key}", "default")

        rows.append(
            {
                "channel": name,
                "label": settings.channel_label(name),
                "enabled": channel.enabled,
                "fee_rate": channel.fee_rate,
                "fee_min": channel.fee_min,
                "fixed_fee": channel.fixed_fee,
                "payout_rate": channel.payout_rate,
                "sales": seen.all_sales,
                "price_ratio": {
                    "default": channel.price_ratio,
                    "observed": round(seen.price_ratio, 4) if seen.sales else None,
                    "used": round(adopted.price_ratio, 4),
                    "source": source("price_ratio"),
                },
                "categories": {
                    key: {
                        "default": channel.category_ratios.get(key, channel.price_ratio),
                        "observed": round(ratio, 4),
                        "sales": sales,
                        "used": round(adopted.category_ratios[key], 4),
                        "source": source(f"category_ratios.{key}"),
                    }
                    for key, (sales, ratio) in seen.categories.items()
                },
                "days_to_cash": {
                    "default": channel.days_to_cash,
                    "observed": round(seen.days_to_sale / seen.timed_sales + payout_lag(channel), 1)
                    if seen.timed_sales
                    else None,
                    "used": adopted.days_to_cash,
                    "source": source("days_to_cash"),
                },
            }
        )
    return rows


def channels_in_use(*, session: Session, settings: Settings, as_of: dt.date) -> list[dict]:
    """``channels``: each channel's rows (``channel_rows``) with what this workspace's
    disposals and open listings taught as of ``as_of``."""
    return channel_rows(settings, observed_by_channel(session=session, settings=settings,
                                                      as_of=as_of))  # fmt: skip


def settings_in_use(*, workspace: Workspace, database: Database, as_of: dt.date) -> list[dict]:
    """``settings``: every effective setting with where it came from
    (``describe_settings``), learned from the workspace's sales and listings as of
    ``as_of`` when it has a database; a new workspace's is not made by reading it."""
    from liquidator.settings import describe_settings

    effective = workspace.settings
    if not workspace.is_sqlite or workspace.db_path_exists():
        with database.session() as session:
            effective = calibrated_settings(session=session, settings=effective, as_of=as_of)
    return describe_settings(effective)
