"""What a period's disposals recovered: cash against cost basis, in all and by channel.

``loss`` = cost basis − cash recovered, so a negative loss is a gain; ``recovery_rate``
= cash / cost basis (4 places; 0 when there is no cost). Pure, vectorised over the
disposals' columns (as ``store.disposals.read_disposals`` reads them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from liquidator.disposal_facts import latest_labels
from liquidator.reports.columns import amounts, days, get, sums
from liquidator.scoring.inputs import distinct, texts


@dataclass
class ChannelRecovery:
    channel: str
    disposals: int
    units: int
    cash_recovered: int
    cost_basis: int
    loss: int
    recovery_rate: float
    # The channel's name as its latest disposal here recorded it ("" when not read).
    label: str = ""


@dataclass
class DisposalSummary:
    period_start: dt.date
    period_end: dt.date
    cash_recovered: int
    cost_basis: int
    loss: int
    recovery_rate: float
    by_channel: list[ChannelRecovery] = field(default_factory=list)


def disposal_summary(
    disposals: Mapping[str, Any] | None, as_of: dt.date, period_days: int
) -> DisposalSummary:
    """What the disposals of the ``period_days`` days ending on ``as_of`` (inclusive)
    recovered, in all and by channel (most cash first)."""
    start = as_of - dt.timedelta(days=period_days - 1)
    sold_on = get(disposals, "sold_on")
    count = 0 if sold_on is None else len(sold_on)
    sold_on = days(sold_on, count)
    inside = np.flatnonzero(
        (sold_on >= np.datetime64(start, "D")) & (sold_on <= np.datetime64(as_of, "D"))
    )

    by_channel = []
    if len(inside):
        names, codes = distinct(texts(get(disposals, "channel"), count)[inside])
        labels = latest_labels(disposals, inside, codes, len(names))
        counts = np.bincount(codes, minlength=len(names))
        units, cash, cost = (
            sums(codes, amounts(get(disposals, name), count)[inside], len(names))
            for name in ("qty", "net_cash", "cost_basis")
        )
        for group, channel in enumerate(names):
            cash_recovered, cost_basis = int(round(cash[group])), int(round(cost[group]))
            by_channel.append(
                ChannelRecovery(
                    channel=str(channel),
                    disposals=int(counts[group]),
                    units=int(units[group]),
                    cash_recovered=cash_recovered,
                    cost_basis=cost_basis,
                    loss=cost_basis - cash_recovered,
                    recovery_rate=_rate(cash_recovered, cost_basis),
                    label=labels[group],
                )
            )
        by_channel.sort(key=lambda c: (-c.cash_recovered, c.channel))
    cash = sum(c.cash_recovered for c in by_channel)
    cost = sum(c.cost_basis for c in by_channel)
    return DisposalSummary(
        period_start=start,
        period_end=as_of,
        cash_recovered=cash,
        cost_basis=cost,
        loss=cost - cash,
        recovery_rate=_rate(cash, cost),
        by_channel=by_channel,
    )


def _rate(cash: int, cost: int) -> float:
    return round(cash / cost, 4) if cost else 0.0
