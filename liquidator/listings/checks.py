"""What a listing file needs of an item, checked before anything is written.

``NEEDS`` maps each listing fact a file can require to how to tell it is there and
the option that records it. ``problems`` lists, for one item and one file, every
missing fact and every value the site would refuse (its condition, title length or
price), so the seller sees all of them at once, each with the option to fix it.
"""

from __future__ import annotations

from collections.abc import Callable

from liquidator.i18n import N_, _
from liquidator.listings.layout import FILE_PHOTOS, WEB_PHOTOS, ListingFile, ListingRow

# need: (is it there for this row, the option that records it, what to give)
NEEDS: dict[str, tuple[Callable[[ListingRow], bool], str, str]] = {
    "asin": (lambda row: bool(row.item.asin), "--asin", ""),
    "condition": (lambda row: bool(row.item.condition), "--condition", ""),
    "title_en": (lambda row: bool(row.item.title_en), "--title-en", ""),
    "description_ja": (lambda row: bool(row.item.description_ja), "--description-ja", ""),
    "description_en": (lambda row: bool(row.item.description_en), "--description-en", ""),
    "ebay_category": (lambda row: bool(row.item.ebay_category), "--ebay-category", ""),
    "yahoo_category": (lambda row: bool(row.item.yahoo_category), "--yahoo-category", ""),
    "mercari_category": (lambda row: bool(row.item.mercari_category), "--mercari-category", ""),
    FILE_PHOTOS: (lambda row: bool(row.photos), "--photo", ""),
    WEB_PHOTOS: (
        lambda row: bool(row.photo_cells(WEB_PHOTOS)),
        "--photo",
        N_("an https:// address"),
    ),
}


def problems(row: ListingRow, listing: ListingFile) -> list[str]:
    """Why ``row`` cannot go into ``listing`` (empty: it can)."""
    missing = []
    for need in listing.needs:
        present, option, what = NEEDS[need]
        if not present(row):
            missing.append(f"{option} ({_(what)})" if what else option)
    found = []
    if missing:
        found.append(_("needs {options}").format(options=", ".join(missing)))
    condition = row.item.condition
    if condition and not listing.conditions.get(condition):
        found.append(
            _("{site} takes no item in condition {condition}").format(
                site=listing.label, condition=condition
            )
        )
    title = listing.title(row)
    if listing.title_max and len(title) > listing.title_max:
        found.append(
            _("title is {length} characters; {site} takes at most {maximum}").format(
                length=len(title), site=listing.label, maximum=listing.title_max
            )
        )
    low, high = listing.price_range
    if not low <= row.price <= high:
        found.append(
            _("price ¥{price:,} is outside {site}'s ¥{low:,}–¥{high:,}").format(
                price=row.price, site=listing.label, low=low, high=high
            )
        )
    return found
