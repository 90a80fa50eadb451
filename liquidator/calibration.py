"""Learning from the seller's own disposals: observed price ratio and days to cash.

The engine keeps the settings' defaults but blends in what this workspace's sales
show, observed × n/(n+k) + default × k/(n+k): a dozen sales move the estimate most
of the way, a single odd sale barely moves it.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from liquidator.models import Disposal, Item

if TYPE_CHECKING:
    from liquidator.settings import Settings


@dataclass(frozen=True)
class Observed:
    """What one channel's disposals show."""

    sales: int
    price_ratio: float
    days_to_cash: float


def observed_by_channel(*, session: Session) -> dict[str, Observed]:
    """Per channel: number of disposals, mean price ÷ reference price, mean days to cash.

    Days to cash run from the day the item was recorded to the disposal date (never
    below 0). Write-offs say nothing about a channel and are left out.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        days = func.greatest(col(Disposal.sold_on) - col(Item.recorded_on), 0)
    else:
        days = func.max(func.julianday(Disposal.sold_on) - func.julianday(Item.recorded_on), 0)
    ratio = (1.0 * col(Disposal.price) / col(Disposal.qty)) / col(Disposal.reference_price)
    rows = session.exec(
        select(Disposal.channel, func.count(col(Disposal.id)), func.avg(ratio), func.avg(days))
        .join(Item, col(Item.id) == col(Disposal.item_id))
        .where(col(Disposal.channel) != "writeoff")
        .group_by(col(Disposal.channel))
    ).all()
    return {
        channel: Observed(sales=int(n), price_ratio=float(r), days_to_cash=float(d))
        for channel, n, r, d in rows
    }


def blend(default: float, observed: float, sales: int, k: float) -> float:
    """observed × n/(n+k) + default × k/(n+k); the default alone when n is 0."""
    if sales <= 0:
        return default
    return observed * sales / (sales + k) + default * k / (sales + k)


def calibrate(settings: "Settings", observed: dict[str, Observed]) -> "Settings":
    """Settings whose channel price ratios and days to cash include the observed ones."""
    from liquidator.settings import with_channel_overrides

    k = settings.calibration.k
    overrides = {
        name: {
            "price_ratio": blend(channel.price_ratio, seen.price_ratio, seen.sales, k),
            "days_to_cash": round(blend(channel.days_to_cash, seen.days_to_cash, seen.sales, k)),
        }
        for name, channel in settings.channels.items()
        if (seen := observed.get(name)) is not None
    }
    return with_channel_overrides(settings, overrides) if overrides else settings


def calibrated_settings(*, session: Session, settings: "Settings") -> "Settings":
    """The settings the engine should score with in this workspace."""
    return calibrate(settings, observed_by_channel(session=session))


def channel_rows(settings: "Settings", observed: dict[str, Observed]) -> list[dict]:
    """One row per channel: its fees, and default / observed / used ratio and days."""
    used = calibrate(settings, observed)
    rows = []
    for name, channel in settings.channels.items():
        seen = observed.get(name)
        rows.append(
            {
                "channel": name,
                "enabled": channel.enabled,
                "fee_rate": channel.fee_rate,
                "fee_min": channel.fee_min,
                "fixed_fee": channel.fixed_fee,
                "payout_rate": channel.payout_rate,
                "sales": seen.sales if seen else 0,
                "price_ratio": {
                    "default": channel.price_ratio,
                    "observed": round(seen.price_ratio, 4) if seen else None,
                    "used": round(used.channels[name].price_ratio, 4),
                },
                "days_to_cash": {
                    "default": channel.days_to_cash,
                    "observed": round(seen.days_to_cash, 1) if seen else None,
                    "used": used.channels[name].days_to_cash,
                },
            }
        )
    return rows
