"""Learning from the seller's own disposals: observed price ratio and days to cash.

The engine keeps the settings' defaults but blends in what this workspace's sales
show, observed × n/(n+k) + default × k/(n+k): a dozen sales move the estimate most
of the way, a single odd sale barely moves it. Only each channel's most recent
RECENT_SALES disposals count, so the estimate follows the market.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from liquidator.models import Disposal, Item

if TYPE_CHECKING:
    from liquidator.settings import Settings

RECENT_SALES = 200


@dataclass(frozen=True)
class Observed:
    """What one channel's disposals show."""

    sales: int
    price_ratio: float
    days_to_cash: float


def observed_by_channel(*, session: Session, channels: Iterable[str]) -> dict[str, Observed]:
    """Per channel, from its last RECENT_SALES disposals: count, mean price ÷ reference
    price, and mean days from the item's recording to the disposal (never below 0).

    Recent sales say more about what a channel pays now than old ones, and reading a
    bounded number per channel (by index) keeps ``add`` as fast with a million
    disposals as with ten. Write-offs are not a channel and teach nothing.
    """
    observed = {}
    for channel in channels:
        rows = session.exec(
            select(
                Disposal.price,
                Disposal.qty,
                Disposal.reference_price,
                Disposal.sold_on,
                Item.recorded_on,
            )
            .join(Item, col(Item.id) == col(Disposal.item_id))
            .where(Disposal.channel == channel)
            .order_by(col(Disposal.id).desc())
            .limit(RECENT_SALES)
        ).all()
        if not rows:
            continue
        ratios = [price / qty / reference for price, qty, reference, _, _ in rows]
        days = [max((sold - recorded).days, 0) for _, _, _, sold, recorded in rows]
        observed[channel] = Observed(
            sales=len(rows), price_ratio=sum(ratios) / len(rows), days_to_cash=sum(days) / len(rows)
        )
    return observed


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
    return calibrate(settings, observed_by_channel(session=session, channels=settings.channels))


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
