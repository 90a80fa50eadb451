"""``listings revise``: the plan's price changes due by a day, as the site's file.

For every item on sale on the site's channel, the plan (``scoring/plans``) says what is
due by ``as_of``: a price drop goes into the file (the last one due: the price to ask
now) and is recorded as ``listed`` records a price; a due switch ("end and switch") is
not a price change, so it is left out of the file and listed on its own, with where
the item goes next. A site whose file names the listing by its own number (eBay's
ItemID) needs it recorded first (``listed --listing-id``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput
from liquidator.i18n import _, ngettext
from liquidator.listings.layout import ListingRow

if TYPE_CHECKING:
    from liquidator.db import Database
    from liquidator.listings.export import ListingOutput
    from liquidator.settings import Settings


def due_change(schedule: list[dict] | None, as_of: dt.date) -> dict[str, Any] | None:
    """What a plan has due by ``as_of``: its switch when one is due, else its last due
    price drop, else None."""
    today = as_of.isoformat()
    due = [step for step in schedule or () if step["on"] <= today]
    switch = next((step for step in due if step["action"] == "switch"), None)
    if switch is not None:
        return switch
    drops = [step for step in due if step["action"] == "drop"]
    return drops[-1] if drops else None


def revise_listings(
    *,
    database: Database,
    settings: Settings,
    name: str,
    as_of: dt.date,
    write: Callable[[bytes], None],
    rate: float | None = None,
    errors: str = "strict",
) -> ListingOutput:
    """Write the site ``name``'s price changes due by ``as_of`` and record them, in
    one transaction; the items whose plan ends the listing come back in ``ends``."""
    from liquidator.listings import listing_file, revision_file
    from liquidator.listings.export import (
        ERROR_MODES,
        ListingOutput,
        encode,
        exchange_rate,
        foreign,
        items_by_id,
        record_prices,
        site_channel,
    )
    from liquidator.parsing import check_choice

    revision = revision_file(name)
    listing = listing_file(name)
    check_choice(errors, ERROR_MODES, "errors")
    channel = site_channel(listing, settings)
    options = listing.options(settings)
    yen_rate = exchange_rate(listing, options, rate)
    with database.session() as session:
        rows, ends = _due(session, settings, channel, as_of, options, yen_rate)
        items = items_by_id(session, [row["item_id"] for row in rows])
    listing_rows = [ListingRow(items[row["item_id"]], row["price"], options, settings,
                               foreign(row["price"], yen_rate)) for row in rows]  # fmt: skip
    if revision.needs_listing_id:
        unnamed = [row.item.id for row in listing_rows if not row.item.listing_id]
        if unnamed:
            raise InvalidInput(
                ngettext("item {ids}", "items {ids}", len(unnamed)).format(
                    ids=", ".join(map(str, unnamed))),
                _("{site} needs the listing's item number: record it with liquidator listed "
                  "ID -c {channel} --price YEN --listing-id NUMBER").format(
                    site=revision.label, channel=channel),
            )  # fmt: skip
    output = ListingOutput(b"", [], channel, ends=ends)
    output.items = [
        {"item_id": row.item.id, "title": row.item.title, "sku": row.sku, "channel": channel,
         "price": row.price, "was": row.item.listed_price}
        | ({"foreign_price": row.foreign_price} if row.foreign_price else {})
        for row in listing_rows
    ]  # fmt: skip
    if not listing_rows:
        output.notes.append(
            _("No price change due on {site} by {day}.").format(site=revision.label, day=as_of)
        )
        return output
    output.data = encode(revision, settings, listing_rows, errors)
    with database.transaction() as session:
        record_prices(session, settings, channel,
                      [(row.item.id, row.price) for row in listing_rows], as_of)  # fmt: skip
        write(output.data)
    return output


def _due(
    session: Any, settings: Settings, channel: str, as_of: dt.date, options: Any,
    yen_rate: float | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    """The price changes (item id, new unit price) and the ends due on ``channel``."""
    from sqlmodel import col, select

    from liquidator.models import Item
    from liquidator.recommend import recommend_items

    on_sale = session.exec(
        select(Item.id, Item.listed_price).where(Item.status == "listed",
                                                 Item.listed_channel == channel)
        .order_by(col(Item.id))
    ).all()  # fmt: skip
    if not on_sale:
        return [], []
    asked = dict(on_sale)
    _found, recommendations = recommend_items(
        session=session, settings=settings, as_of=as_of, ids=list(asked)
    )
    rows, ends = [], []
    for recommendation in recommendations:
        change = due_change(recommendation.get("schedule"), as_of)
        item_id = recommendation["item_id"]
        if change is None:
            continue
        if change["action"] == "switch":
            ends.append({"item_id": item_id, "title": recommendation["title"],
                         "to": change["channel"], "on": change["on"],
                         "end_first": change["end_first"]})  # fmt: skip
        elif change["price"] != asked[item_id]:
            rows.append({"item_id": item_id, "price": int(change["price"])})
    return rows, ends
