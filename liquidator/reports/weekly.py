"""Gather what the weekly report needs from the database and build it.

The only part of the report that does I/O: three set-based reads (held items,
disposals, the cancel rate), one vectorised scoring pass (winners only), then the
pure builder.
"""

import datetime as dt
from typing import TYPE_CHECKING

from sqlmodel import Session

from liquidator.reports.aging import AgingReport, build_aging_report, items_as_of

if TYPE_CHECKING:
    from liquidator.settings import Settings


def weekly_report(
    *,
    session: Session,
    settings: "Settings",
    as_of: dt.date,
    buckets: list[int] | None = None,
    period_days: int = 7,
) -> AgingReport:
    """The aging report as of a date, scored with the workspace's calibrated settings."""
    from liquidator.calibration import calibrated_settings
    from liquidator.frames import read_disposals, read_items_held_on
    from liquidator.scoring import best_items

    connection = session.connection()
    items = read_items_held_on(connection, as_of=as_of)
    # The report looks only at disposals in the period and after as_of (units sold
    # since); a bad period is left for the builder to report.
    valid_period = isinstance(period_days, int) and period_days >= 1
    since = as_of - dt.timedelta(days=period_days - 1) if valid_period else None
    disposals = read_disposals(connection, since=since)
    stock = items_as_of(items, disposals, as_of)
    del items  # a million-item workspace: hold one copy of the items at a time
    scoring = calibrated_settings(session=session, settings=settings)
    # The report needs each item's winner and its figures, not the scoring's reason
    # lines (it words its own): no items × channels frame and no text per item.
    best = best_items(stock, scoring, reasons=False) if len(stock) else None
    return build_aging_report(
        items=None,
        stock=stock,
        best=best,
        disposals=disposals,
        as_of=as_of,
        buckets=list(buckets or settings.report.buckets),
        period_days=period_days,
        target_days=settings.holding.target_days,
        cancel_rate=_cancel_rate(session=session, settings=settings, as_of=as_of),
        channel_days={name: c.days_to_cash for name, c in scoring.channels.items()},
    )


def _cancel_rate(*, session: Session, settings: "Settings", as_of: dt.date) -> dict | None:
    """The 7-day cancel-rate line, once order reports have been imported."""
    try:
        from liquidator.orders import cancel_rate
    except ImportError:
        return None
    rate = cancel_rate(session=session, as_of=as_of, window_days=7, settings=settings)
    return rate if rate.get("orders") else None
