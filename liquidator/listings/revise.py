"""``listings revise``: the plan's price changes due by a day, as the site's file.

For every item on sale on the site's channel, the plan (``scoring/plans``) says what is
due by ``as_of``: a price drop goes into the file (the last one due: the price to ask
now) and is recorded as ``listed`` records a price; a due switch ("end and switch") is
not a price change, so it is left out of the file and listed on its own, with where
the item goes next. A site whose file names the listing by its own number (eBay's
ItemID) needs it recorded first (``listed --listing-id``): a listing without one is
left out, with a note naming it, and its price stays as it was recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from liquidator.i18n import _, ngettext
from liquidator.listings.layout import ListingRow
from liquidator.vocab import ItemStatus

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
    from liquidator.listings.export import ERROR_MODES, commit_outputs
    from liquidator.parsing import check_choice

    check_choice(errors, ERROR_MODES, "errors")
    output = prepare_revision(database=database, settings=settings, name=name, as_of=as_of,
                              rate=rate, errors=errors)  # fmt: skip
    commit_outputs(database, settings, [(output, write)], as_of, record=True)
    return output


def revise_every_site(
    *,
    database: Database,
    settings: Settings,
    as_of: dt.date,
    write: Callable[[str, bytes], None],
    rate: float | None = None,
    errors: str = "strict",
) -> list[ListingOutput]:
    """Every site's price changes (``write(file name, bytes)``), all checked before
    any is written and recorded in one transaction; switched-off channels passed over."""
    from liquidator.listings import listing_file, revision_names
    from liquidator.listings.export import ERROR_MODES, ListingOutput, commit_outputs
    from liquidator.parsing import check_choice

    check_choice(errors, ERROR_MODES, "errors")
    outputs = []
    for name in revision_names():
        listing = listing_file(name)
        channel = settings.channels.get(listing.channel(settings))
        if channel is None or not channel.enabled:
            skipped = ListingOutput(b"", [], listing.channel(settings))
            skipped.notes.append(_("{site}: passed over, its channel is switched off.").format(
                site=listing.label))  # fmt: skip
            outputs.append(skipped)
            continue
        output = prepare_revision(database=database, settings=settings, name=name,
                                  as_of=as_of, rate=rate, errors=errors)  # fmt: skip
        output.file = f"{name}-prices.{listing.extension}"
        outputs.append(output)
    commit_outputs(
        database, settings,
        [(output, lambda data, file=output.file: write(file, data)) for output in outputs],
        as_of, record=True,
    )  # fmt: skip
    return outputs


def prepare_revision(
    *, database: Database, settings: Settings, name: str, as_of: dt.date,
    rate: float | None, errors: str,
) -> ListingOutput:  # fmt: skip
    """The site ``name``'s price changes due by ``as_of``, checked and encoded, written
    nowhere yet; the listings to end in ``ends``."""
    from liquidator.listings import listing_file, revision_file
    from liquidator.listings.export import (
        ListingOutput,
        encode,
        exchange_rate,
        foreign,
        items_by_id,
        site_channel,
    )

    revision = revision_file(name)
    listing = listing_file(name)
    channel = site_channel(listing, settings)
    options = listing.options(settings)
    with database.session() as session:
        rows, ends = _due(session, settings, channel, as_of)
        items = items_by_id(session, [row["item_id"] for row in rows])
    output = ListingOutput(b"", [], channel, ends=ends)
    if not rows:
        output.notes.append(
            _("No price change due on {site} by {day}.").format(site=revision.label, day=as_of)
        )
        return output
    listing_rows = [ListingRow(items[row["item_id"]], row["price"], options, settings)
                    for row in rows]  # fmt: skip
    if revision.needs_listing_id:
        unnamed = [row.item.id for row in listing_rows if not row.item.listing_id]
        if unnamed:
            output.notes.append(
                ngettext(
                    "Left out item {ids}: {site} needs the listing's item number; record it with "
                    "liquidator listed ID -c {channel} --price YEN --listing-id NUMBER",
                    "Left out items {ids}: {site} needs the listing's item number; record it with "
                    "liquidator listed ID -c {channel} --price YEN --listing-id NUMBER",
                    len(unnamed),
                ).format(ids=", ".join(map(str, unnamed)), site=revision.label, channel=channel)
            )  # fmt: skip
            listing_rows = [row for row in listing_rows if row.item.listing_id]
    if not listing_rows:
        return output
    yen_rate = exchange_rate(listing, options, rate)
    for row in listing_rows:
        row.foreign_price = foreign(row.price, yen_rate)
    output.items = [
        {"item_id": row.item.id, "title": row.item.title, "sku": row.sku, "channel": channel,
         "price": row.price, "was": row.item.listed_price}
        | ({"foreign_price": row.foreign_price} if row.foreign_price else {})
        for row in listing_rows
    ]  # fmt: skip
    output.prices = [(row.item.id, row.price) for row in listing_rows]
    output.data = encode(revision, settings, listing_rows, errors)
    return output


def _due(
    session: Any, settings: Settings, channel: str, as_of: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    """The price changes (item id, new unit price) and the ends due on ``channel``."""
    from sqlmodel import col, select

    from liquidator.models import Item
    from liquidator.recommend import recommend_items

    on_sale = session.exec(
        select(Item.id, Item.listed_price).where(Item.status == ItemStatus.LISTED,
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
                         "to": change["channel"], "to_label": settings.channel_label(change["channel"]),
                         "on": change["on"],
                         "end_first": change["end_first"]})  # fmt: skip
        elif change["price"] != asked[item_id]:
            rows.append({"item_id": item_id, "price": int(change["price"])})
    return rows, ends
