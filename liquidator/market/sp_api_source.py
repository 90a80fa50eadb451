"""Amazon.co.jp prices through the Selling Partner API (python-amazon-sp-api).

Per run, for marketplace Amazon.co.jp (A1VC38T7YXB528, the Far East endpoint):

1. items known only by JAN: Catalog Items ``searchCatalogItems`` (2022-04-01) with
   ``identifiersType=JAN``, up to 20 JANs a call (2 calls a second);
2. Product Pricing v0 ``getCompetitivePricing`` for up to 20 ASINs a call (0.5 a
   second): the new-condition buy box (``CompetitivePriceId`` 1), as ``buy_box``;
3. Product Pricing v0 ``getItemOffers`` per ASIN, condition New (0.5 a second): the
   lowest new offer's landed price (``Summary.LowestPrices``), as ``lowest_new``.

Prices are the landed price (listing + shipping − points) in yen, dated the day of the
run. Calls are paced to those rates; a 429 (QuotaExceeded) or a 503 is retried with
growing waits (``throttle``). Credentials are the library's own variables
(SP_API_REFRESH_TOKEN, LWA_APP_ID, LWA_CLIENT_SECRET) or ``[sources.sp_api]``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

from liquidator.i18n import _
from liquidator.market.sources import NO_OFFERS, UNKNOWN, Code, Found, Stopped, missing_library
from liquidator.market.throttle import Clock, Pacer, StillThrottled, Throttled, with_backoff

NAME, LABEL, SECTION = "sp-api", "SP-API", "sources.sp_api"
ENV = {"refresh_token": "SP_API_REFRESH_TOKEN", "lwa_app_id": "LWA_APP_ID",
       "lwa_client_secret": "LWA_CLIENT_SECRET"}  # fmt: skip
BATCH = 20
# Published rates (calls a second) of the operations used.
RATES = {"catalog": 2.0, "competitive": 0.5, "offers": 0.5}
NEW_BUY_BOX = "1"


def fetch(
    codes: list[Code], *, credentials: dict[str, str], as_of: dt.date, clock: Clock
) -> Iterator[Found]:
    """Yield what the SP-API knows of each code (see the module docstring)."""
    try:
        import httpx
        from sp_api.api import CatalogItems, Products
        from sp_api.auth.exceptions import AuthorizationError
        from sp_api.base import Marketplaces, SellingApiException
        from sp_api.base.credential_provider import FromCodeCredentialProvider
    except ImportError:
        raise missing_library("python-amazon-sp-api") from None

    options = {
        "marketplace": Marketplaces.JP,
        "credentials": dict(credentials),
        "credential_providers": (FromCodeCredentialProvider,),
    }
    with _japan_only():
        products = Products(**options)
        catalog = CatalogItems(version="2022-04-01", **options)
    pacers = {name: Pacer(rate, clock) for name, rate in RATES.items()}

    def call(operation: str, request):
        try:
            return with_backoff(lambda: _throttled(request, SellingApiException), clock=clock,
                                pacer=pacers[operation])  # fmt: skip
        except StillThrottled:
            raise Stopped(
                _("SP-API still throttled after several retries; try again later")
            ) from None
        except AuthorizationError as refused:
            raise Stopped(
                _("SP-API refused the credentials ({code}); check them").format(
                    code=refused.error_code
                )
            ) from None
        except httpx.HTTPError as failure:
            raise Stopped(
                _("network error talking to SP-API: {reason}").format(reason=type(failure).__name__)
            ) from None

    try:
        asins = _asins_of(codes, catalog, products.marketplace_id, call)
        yield from (found for found in asins.values() if found.problem)
        known = [code for code in codes if not asins[code].problem]
        buy_boxes = _buy_boxes([asins[code].asin for code in known], products, call)
        for code in known:
            asin = asins[code].asin
            found = Found(code, asin=asin)
            if asin in buy_boxes:
                found.prices.append(("buy_box", buy_boxes[asin], as_of))
            lowest = _lowest_new(asin, products, call, SellingApiException)
            if lowest is UNKNOWN:
                found.problem = UNKNOWN
            elif lowest is not None:
                found.prices.append(("lowest_new", lowest, as_of))
            if not found.prices and found.problem is None:
                found.problem = NO_OFFERS
            yield found
    except SellingApiException as failure:
        raise Stopped(
            _("SP-API answered {status}: {message}").format(
                status=failure.code, message=getattr(failure, "message", "") or ""
            )
        ) from None


@contextlib.contextmanager
def _japan_only():
    """Clients made for Amazon.co.jp whatever SP_API_DEFAULT_MARKETPLACE says (the
    library lets that variable override the marketplace asked for, and an exporter
    may have it set to US)."""
    saved = os.environ.pop("SP_API_DEFAULT_MARKETPLACE", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SP_API_DEFAULT_MARKETPLACE"] = saved


def _throttled(request, selling_api_exception):
    try:
        return request()
    except selling_api_exception as refused:
        if refused.code in (429, 503):
            raise Throttled() from None
        raise


def _asins_of(codes: list[Code], catalog, marketplace_id: str, call) -> dict[Code, Found]:
    """Each code's ASIN: its own, or its JAN's from the catalogue (UNKNOWN when none)."""
    found = {code: Found(code, asin=code.asin) for code in codes if code.asin}
    jans = [code for code in codes if not code.asin]
    for start in range(0, len(jans), BATCH):
        part = jans[start : start + BATCH]
        response = call("catalog", lambda part=part: catalog.search_catalog_items(
            identifiers=",".join(code.jan for code in part), identifiersType="JAN",
            marketplaceIds=marketplace_id, includedData="identifiers,summaries",
        ))  # fmt: skip
        by_jan = _catalog_asins(response.payload)
        for code in part:
            asin = by_jan.get(code.jan)
            found[code] = Found(code, asin=asin, problem=None if asin else UNKNOWN)
    return found


def _catalog_asins(payload: dict[str, Any]) -> dict[str, str]:
    """JAN (or EAN, the same 13 digits) → ASIN, from a searchCatalogItems answer."""
    asins = {}
    for item in payload.get("items") or []:
        for by_marketplace in item.get("identifiers") or []:
            for identifier in by_marketplace.get("identifiers") or []:
                if identifier.get("identifierType") in ("JAN", "EAN"):
                    asins.setdefault(str(identifier.get("identifier")), item["asin"])
    return asins


def _buy_boxes(asins: list[str], products, call) -> dict[str, int]:
    """ASIN → its new-condition buy box landed price in yen (ASINs without one left out)."""
    prices = {}
    for start in range(0, len(asins), BATCH):
        part = asins[start : start + BATCH]
        response = call(
            "competitive", lambda part=part: products.get_competitive_pricing_for_asins(part)
        )
        for entry in response.payload or []:
            if entry.get("status") != "Success":
                continue
            competitive = (entry.get("Product") or {}).get("CompetitivePricing") or {}
            for offer in competitive.get("CompetitivePrices") or []:
                new = str(offer.get("condition", "")).lower() == "new"
                if new and str(offer.get("CompetitivePriceId")) == NEW_BUY_BOX:
                    price = yen(offer.get("Price") or {})
                    if price:
                        prices[entry["ASIN"]] = price
    return prices


def _lowest_new(asin: str, products, call, selling_api_exception) -> Any:
    """The lowest new offer's landed price in yen; None without offers; UNKNOWN when
    Amazon does not know the ASIN."""
    try:
        response = call("offers", lambda: products.get_item_offers(asin, "New"))
    except selling_api_exception as refused:
        if refused.code in (400, 404):
            return UNKNOWN
        raise
    payload = response.payload or {}
    if payload.get("status") not in (None, "Success"):
        return None if payload.get("status") == "NoBuyableOffers" else UNKNOWN
    lowest = [
        yen(offer)
        for offer in (payload.get("Summary") or {}).get("LowestPrices") or []
        if str(offer.get("condition", "")).lower() == "new"
    ]
    lowest = [price for price in lowest if price]
    return min(lowest) if lowest else None


def yen(price: dict[str, Any]) -> int | None:
    """A price's landed amount (else listing + shipping) in whole yen; None if not yen."""
    landed = price.get("LandedPrice")
    parts = [landed] if landed else [price.get("ListingPrice"), price.get("Shipping")]
    parts = [part for part in parts if part]
    if not parts or any(part.get("CurrencyCode") != "JPY" for part in parts):
        return None
    total = sum(float(part.get("Amount") or 0) for part in parts)
    return int(round(total)) if total > 0 else None
