"""eBay: the Seller Hub Reports upload (the FX_LISTING feed's file), ``Add`` rows for new
listings and ``Revise`` rows for price changes.

UTF-8 CSV; its first header cell carries the action and the site, country, currency
and template version (``*Action(SiteID=US|Country=JP|Currency=USD|Version=…|CC=UTF-8)``);
starred columns are required. A fixed price runs Good 'Til Cancelled, an auction 3, 5,
7 or 10 days. Prices are US dollars at ``[listings.ebay] usd_rate`` (or ``--rate``).
Pictures are web addresses eBay fetches (``PicURL``, ``|`` between them). A file may
hold at most 15 MB (eBay's data file limit). Sources: docs/channels.md.
"""

from __future__ import annotations

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.listings.layout import WEB_PHOTOS, Column, ListingFile, RevisionFile, constant
from liquidator.settings.listings import EBAY_AUCTION_DAYS

MAX_PHOTOS = 24
# ConditionID: 1000 New, 3000 Used (accepted in most categories; the finer used grades
# are category-specific, so the description says how used it is).
CONDITIONS = {
    "new": "1000", "like_new": "3000", "very_good": "3000", "good": "3000",
    "acceptable": "3000", "poor": "3000",
}  # fmt: skip


def action(settings, verb: str = "*Action") -> str:
    """The first header cell: the action column and the site it lists on."""
    ebay = settings.listings.ebay
    return (
        f"{verb}(SiteID={ebay.site_id}|Country={ebay.country}|Currency={ebay.currency}"
        f"|Version={ebay.version}|CC=UTF-8)"
    )


def _duration(row) -> str:
    options = row.options
    return "GTC" if options.format == "FixedPrice" else str(options.auction_days)


def _check(options, where: str) -> None:
    if options.format == "Auction" and options.auction_days not in EBAY_AUCTION_DAYS:
        raise InvalidInput(
            f"{where} auction_days",
            _("eBay auctions run {days} days, got {value}").format(
                days=", ".join(map(str, EBAY_AUCTION_DAYS)), value=options.auction_days
            ),
        )


_ADD = (
    ("CustomLabel", lambda row: row.sku),
    ("*Category", lambda row: row.item.ebay_category or ""),
    ("*Title", lambda row: row.item.title_en or ""),
    ("ConditionID", lambda row: CONDITIONS[row.item.condition]),
    ("*StartPrice", lambda row: row.foreign_price),
    ("*Quantity", lambda row: row.item.qty),
    ("*Format", lambda row: row.options.format),
    ("*Duration", _duration),
    ("*Location", lambda row: row.options.location),
    ("PicURL", lambda row: "|".join(row.photo_cells(WEB_PHOTOS)[:MAX_PHOTOS])),
    ("*Description", lambda row: row.item.description_en or ""),
    ("ShippingProfileName", lambda row: row.options.shipping_profile),
    ("ReturnProfileName", lambda row: row.options.return_profile),
    ("PaymentProfileName", lambda row: row.options.payment_profile),
)

LISTING = ListingFile(
    extension="csv",
    name="ebay",
    label="eBay",
    channel=lambda settings: "ebay",
    options=lambda settings: settings.listings.ebay,
    encoding="utf-8",
    delimiter=",",
    line_end="\r\n",
    head=lambda settings: [[action(settings), *(name for name, _cell in _ADD)]],
    columns=(
        Column("*Action", constant("Add")),
        *(Column(name, cell) for name, cell in _ADD),
    ),  # fmt: skip
    needs=("condition", "title_en", "description_en", "ebay_category", WEB_PHOTOS),
    conditions=CONDITIONS,
    title_max=80,
    title=lambda row: row.item.title_en or "",
    photos=WEB_PHOTOS,
    max_photos=MAX_PHOTOS,
    max_bytes=15 * 1024 * 1024,
    currency="USD",
    check_options=_check,
)

REVISION = RevisionFile(
    name="ebay",
    label="eBay",
    encoding="utf-8",
    delimiter=",",
    line_end="\r\n",
    head=lambda settings: [[action(settings), "ItemID", "StartPrice"]],
    columns=(
        Column("*Action", constant("Revise")),
        Column("ItemID", lambda row: row.item.listing_id or ""),
        Column("StartPrice", lambda row: row.foreign_price),
    ),
    needs_listing_id=True,
)
