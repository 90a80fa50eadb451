"""Amazon.co.jp prices and their 90-day history through Keepa (the ``keepa`` library).

One ``/product`` request per 100 codes (``domain=5``, Amazon.co.jp; ``history=1``,
``days=90``, ``stats=90``): ASINs as ``asin``, JANs as ``code``. Each product's ``csv``
arrays hold its price history as ``[keepa minutes, price, …]`` (``csv[1]``, NEW: the
lowest new offer; ``csv[18]``, BUY_BOX_SHIPPING: ``[minutes, price, shipping, …]``,
only when Keepa includes it), prices in yen, −1 for no offer. Keepa minutes are
minutes since 2011-01-01 UTC (``(minutes + 21564000) × 60`` is Unix time).

Stored: the last price of each day (Japan time) of the last 90 days as ``lowest_new``
(and ``buy_box`` when present), and the current price as seen on the day of the run,
so a falling price shows in the history. A product costs one Keepa token; when the
tokens run out (HTTP 429) the run waits for the refill Keepa announces, a few times.
The key is ``KEEPA_API_KEY`` or ``[sources.keepa] api_key``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from liquidator.i18n import _
from liquidator.market.sources import NO_OFFERS, UNKNOWN, Code, Found, Stopped, missing_library
from liquidator.market.throttle import Clock, StillThrottled, Throttled, with_backoff

NAME, LABEL, SECTION = "keepa", "Keepa", "sources.keepa"
ENV = {"api_key": "KEEPA_API_KEY"}
BATCH = 100
HISTORY_DAYS = 90
KEEPA_EPOCH_MINUTES = 21_564_000
JAPAN = dt.timezone(dt.timedelta(hours=9))
# csv index -> (observation kind, values per point)
SERIES = {1: ("lowest_new", 2), 18: ("buy_box", 3)}


def fetch(
    codes: list[Code], *, credentials: dict[str, str], as_of: dt.date, clock: Clock
) -> Iterator[Found]:
    """Yield what Keepa knows of each code (see the module docstring)."""
    try:
        import keepa
        import requests
    except ImportError:
        raise missing_library("keepa") from None

    api = keepa.Keepa(credentials["api_key"], timeout=30.0, logging_level="ERROR")
    for by_asin in (True, False):
        chosen = [code for code in codes if bool(code.asin) == by_asin]
        for start in range(0, len(chosen), BATCH):
            part = chosen[start : start + BATCH]
            products = _query(api, [code.text for code in part], by_asin, clock, requests)
            yield from _found(part, products, by_asin, as_of)


def _query(api, texts: list[str], by_asin: bool, clock: Clock, requests) -> list[dict]:
    def ask() -> list[dict]:
        try:
            responses = api.query(
                texts, domain="JP", stats=HISTORY_DAYS, history=True, days=HISTORY_DAYS,
                product_code_is_asin=by_asin, progress_bar=False, wait=False, raw=True,
            )  # fmt: skip
        except RuntimeError as refused:
            if str(refused) == "NOT_ENOUGH_TOKEN":
                refill_ms = api.status.refillIn
                raise Throttled(refill_ms / 1000 if refill_ms else None) from None
            raise Stopped(
                _("Keepa refused the request ({reason})").format(reason=refused)
            ) from None
        return [product for response in responses for product in response.json()["products"]]

    try:
        return with_backoff(ask, clock=clock)
    except StillThrottled:
        raise Stopped(_("Keepa has no tokens left after several waits; try again later")) from None
    except requests.RequestException as failure:
        raise Stopped(
            _("network error talking to Keepa: {reason}").format(reason=type(failure).__name__)
        ) from None


def _found(part: list[Code], products: list[dict], by_asin: bool, as_of: dt.date):
    """One Found per code of ``part``, from Keepa's products."""
    for code in part:
        product = next((p for p in products if _matches(p, code, by_asin)), None)
        if product is None or not product.get("csv"):
            yield Found(code, problem=UNKNOWN)
            continue
        prices = [price for index in SERIES for price in _daily(product, index, as_of)]
        yield Found(code, asin=product.get("asin"), prices=prices,
                    problem=None if prices else NO_OFFERS)  # fmt: skip


def _matches(product: dict[str, Any], code: Code, by_asin: bool) -> bool:
    if by_asin:
        return str(product.get("asin", "")).upper() == code.asin
    return code.jan in (product.get("eanList") or []) + (product.get("upcList") or [])


def day_of(minutes: int) -> dt.date:
    """The day (Japan time) of a Keepa time in minutes."""
    seconds = (int(minutes) + KEEPA_EPOCH_MINUTES) * 60
    return dt.datetime.fromtimestamp(seconds, tz=JAPAN).date()


def _daily(product: dict[str, Any], index: int, as_of: dt.date) -> list[tuple[str, int, dt.date]]:
    """The series' last price of each day up to ``as_of``, and its current one dated
    ``as_of`` (no offer then: nothing)."""
    csv = product["csv"]
    if index >= len(csv) or not csv[index]:
        return []
    kind, width = SERIES[index]
    series = csv[index]
    by_day: dict[dt.date, int] = {}
    current = None
    for at in range(0, len(series) - width + 1, width):
        day = day_of(series[at])
        if day > as_of:
            break
        price = series[at + 1] + (series[at + 2] if width == 3 and series[at + 2] > 0 else 0)
        current = price if series[at + 1] > 0 else None
        if current is not None:
            by_day[day] = current
        else:
            by_day.pop(day, None)
    if current is not None:
        by_day[as_of] = current
    return [(kind, price, day) for day, price in sorted(by_day.items())]
