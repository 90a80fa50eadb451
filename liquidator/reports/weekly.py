"""Gather what the weekly report needs from the database and build it.

The only part of the report that does I/O: two set-based reads (the stock as of the
day, the period's disposals), the cancel rate, one vectorised scoring pass (winners
only), then the pure builder. All of it on numpy columns: pandas, whose import alone
would be most of a small report's time, is never loaded.
"""

import datetime as dt
from typing import TYPE_CHECKING

from sqlmodel import Session

from liquidator.item_output import SCORED_STORED
from liquidator.reports.aging import (
    BEST_COLUMNS,
    STOCK_COLUMNS,
    AgingReport,
    build_aging_report,
)

if TYPE_CHECKING:
    from liquidator.settings import Settings


# What the report reads of each held item: the scoring's inputs (``item_output``), and
# what it shows: the title, and the codes the "to check" list looks a price up by.
_REPORT_COLUMNS = (*SCORED_STORED, "title", "asin", "jan")


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
    from liquidator.errors import InvalidInput
    from liquidator.i18n import _
    from liquidator.market.lookup import market_columns
    from liquidator.parsing import MAX_PERIOD_DAYS
    from liquidator.reports.to_check import prices_to_check
    from liquidator.scoring import best_columns
    from liquidator.store.disposals import read_disposals
    from liquidator.store.items import read_stock
    from liquidator.store.orders import cancel_rate
    from liquidator.todo import open_work

    if isinstance(period_days, bool) or not isinstance(period_days, int) or period_days < 1:
        raise InvalidInput(
            "period", _("{value!r} is not a number of days (1 or more)").format(value=period_days)
        )
    if period_days > MAX_PERIOD_DAYS:
        raise InvalidInput(
            "period",
            _("{days} days is more than {maximum:,}").format(
                days=period_days, maximum=MAX_PERIOD_DAYS
            ),
        )
    connection = session.connection()
    stock = read_stock(connection, as_of=as_of, names=_REPORT_COLUMNS)
    stock.update(
        market_columns(
            connection,
            item_id=stock["item_id"],
            typed=stock["market_price"],
            as_of=as_of,
            market=settings.market,
        )  # fmt: skip
    )
    to_check = prices_to_check(stock, as_of=as_of, max_age_days=settings.market.max_age_days)
    start = as_of - dt.timedelta(days=period_days - 1)
    disposals = read_disposals(connection, start=start, end=as_of)
    scoring = calibrated_settings(session=session, settings=settings, as_of=as_of)
    # The report needs each item's winner and its figures, not the scoring's reason
    # lines (it words its own): no items × channels arrays and no text per item.
    best = best_columns(stock, scoring, reasons=False) if len(stock["item_id"]) else None
    if len(stock["item_id"]):
        from liquidator.scoring.plans import stock_plans

        # What to do with each listing that does not sell: the "move now" list shows it.
        stock["plan"] = stock_plans(stock, scoring)
    rate = cancel_rate(session=session, as_of=as_of, window_days=7, settings=settings)
    work = open_work(session=session, settings=settings, as_of=as_of, stock=stock)
    # Scoring and the work list are done with the stock: only what the builder reads
    # stays, so the rest is freed before the action list is made (the peak of memory
    # on a million-item stock).
    stock = _only(stock, STOCK_COLUMNS)
    best = None if best is None else _only(best, BEST_COLUMNS)
    return build_aging_report(
        stock=stock,
        best=best,
        disposals=disposals,
        as_of=as_of,
        buckets=list(buckets or settings.report.buckets),
        period_days=period_days,
        target_days=max(settings.holding.target_days.values(), default=30),
        cancel_rate=rate if rate.get("orders") else None,
        channel_days={name: c.sells_within_days for name, c in scoring.channels.items()},
        return_window_channels=[n for n, c in settings.channels.items() if c.needs_return_window],
        channel_labels=settings.channel_labels(),
        todo=work,
        to_check=to_check,
    )


def _only(columns: dict, names: tuple[str, ...]) -> dict:
    """The named columns that ``columns`` has."""
    return {name: columns[name] for name in names if name in columns}
