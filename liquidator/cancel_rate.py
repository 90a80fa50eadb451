"""Amazon's cancel-rate metric, computed from imported orders and the desk's records.

Pure: a list of order dicts in, one summary dict out.

Rate = seller-cancelled orders / seller-fulfilled orders purchased in the window.
Who cancelled an order, in order of authority:

1. the desk's record (``seller_cancelled_flag``): True for a seller cancellation,
   False for a buyer cancellation the desk accepted. A recorded cancellation counts
   even when the last imported report still shows the order open, so a seller
   cancellation is never missed because the report is a day old;
2. the report's ``buyer_requested`` flag: True means the buyer asked through Amazon;
3. otherwise a cancelled order is the seller's: Amazon counts it against the seller
   unless the buyer's request is on record.

Orders with ``fulfillment_channel`` "Amazon" (FBA) are left out: Amazon measures this
metric on seller-fulfilled orders only.

Status: ``ok`` below the private limit, ``warn`` from it, ``alarm`` from Amazon's limit.
Amazon's target is "under 2.5%", so exactly 2.5% is already ``alarm``; likewise exactly
the private limit is ``warn``. The comparison is exact (fractions), so 1 of 40 orders
is 2.5% and not a hair under it.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from liquidator.errors import InvalidInput
from liquidator.i18n import _

CANCELLED_STATUSES = frozenset({"cancelled", "canceled"})
AMAZON_FULFILLED = frozenset({"amazon", "afn"})


def _day(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.date()
    return value


def _exact(limit: float) -> Fraction:
    # str() first: Fraction(0.025) is the binary float just above 1/40.
    return Fraction(str(limit))


def who_cancelled(order: dict) -> str | None:
    """``"seller"``, ``"buyer"`` or None (not cancelled) for one order dict."""
    desk = order.get("seller_cancelled_flag")
    if desk is not None:
        return "seller" if desk else "buyer"
    if str(order.get("status") or "").strip().lower() not in CANCELLED_STATUSES:
        return None
    return "buyer" if order.get("buyer_requested") is True else "seller"


def compute_cancel_rate(
    orders: list[dict],
    *,
    as_of: dt.date,
    window_days: int,
    private_limit: float,
    amazon_limit: float,
) -> dict:
    """The cancel rate over the ``window_days`` days ending at ``as_of`` (inclusive).

    Each order dict needs ``purchase_date`` (date, or datetime read as its UTC date) and
    ``status``; ``buyer_requested``, ``seller_cancelled_flag`` and
    ``fulfillment_channel`` are optional (see the module docstring). Returns
    ``window_days, start, end`` (ISO dates), ``orders, seller_cancelled,
    buyer_cancelled`` (counts), ``rate`` (float, 4 places) and ``status``
    (ok|warn|alarm). No orders is a rate of 0 and ``ok``.
    """
    if isinstance(window_days, bool) or not isinstance(window_days, int) or window_days < 1:
        raise InvalidInput(
            "window",
            _("must be a whole number of days, at least 1, got {value!r}").format(
                value=window_days
            ),
        )
    if not 0 < private_limit <= amazon_limit <= 1:
        raise InvalidInput(
            "cancel rate limits",
            _("need 0 < private limit ({private}) <= Amazon limit ({amazon}) <= 1").format(
                private=private_limit, amazon=amazon_limit
            ),
        )
    end = _day(as_of)
    try:
        start = end - dt.timedelta(days=window_days - 1)
    except OverflowError:
        raise InvalidInput(
            "window", _("{days} days is too long").format(days=window_days)
        ) from None

    counted = seller = buyer = 0
    for order in orders:
        day = _day(order["purchase_date"])
        if not start <= day <= end:
            continue
        channel = str(order.get("fulfillment_channel") or "").strip().lower()
        if channel in AMAZON_FULFILLED:
            continue
        counted += 1
        who = who_cancelled(order)
        if who == "seller":
            seller += 1
        elif who == "buyer":
            buyer += 1

    exact = Fraction(seller, counted) if counted else Fraction(0)
    if exact >= _exact(amazon_limit):
        status = "alarm"
    elif exact >= _exact(private_limit):
        status = "warn"
    else:
        status = "ok"
    return {
        "window_days": window_days,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "orders": counted,
        "seller_cancelled": seller,
        "buyer_cancelled": buyer,
        "rate": round(float(exact), 4),
        "status": status,
    }
