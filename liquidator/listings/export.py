"""``listings export``: the items the advice sends to a site, as that site's upload file.

One operation: choose the items (the ids given, or ``--plan``: every held item whose
best channel is the site's and that is not on sale there yet, or that its plan moves
there by now), price each at the recommendation's suggested price for that channel,
check every row against the file (``checks.problems``: nothing is written unless every
item can go), lay the rows out (``layout``), encode them (``writer``), and hand the
bytes to ``write``; with ``mark_listed`` each item is recorded as listed there exactly
as ``listed`` records it, in the same transaction as the writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput, items_not_found
from liquidator.i18n import _, ngettext
from liquidator.listings.layout import (
    FILE_PHOTOS,
    ListingFile,
    ListingRow,
    is_web_address,
    photo_name,
)
from liquidator.parsing import check_choice
from liquidator.vocab import ItemStatus

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.db import Database
    from liquidator.settings import Settings

ERROR_MODES = ("strict", "replace")


@dataclass
class ListingOutput:
    """What an export or a revision wrote: the bytes, the items in it, and what to tell."""

    data: bytes
    items: list[dict[str, Any]]
    channel: str
    warning: str | None = None
    notes: list[str] = field(default_factory=list)
    ends: list[dict[str, Any]] = field(default_factory=list)
    # (item id, unit price) to record as listed; the file's name in a folder of them.
    prices: list[tuple[int, int]] = field(default_factory=list)
    file: str | None = None


def site_channel(listing: ListingFile, settings: Settings) -> str:
    """The channel a file lists on: one the seller can list on now, else InvalidInput."""
    name = listing.channel(settings)
    channel = settings.channels.get(name)
    if channel is None or not channel.scored or channel.last_resort:
        from liquidator.settings.values import unknown

        listable = [n for n, c in settings.scored_channels.items() if not c.last_resort]
        raise InvalidInput(
            f"[listings.{listing.name}] channel", unknown(_("unknown channel"), name, listable)
        )
    if not channel.enabled:
        raise InvalidInput(
            "CHANNEL",
            _(
                "{label} ({name}) is switched off in your settings; to list there, set "
                "[channels.{name}] enabled = true in liquidator.toml"
            ).format(label=settings.channel_label(name), name=name),
        )
    return name


def exchange_rate(listing: ListingFile, options: Any, rate: float | None) -> float | None:
    """Yen per unit of the file's currency (None for a file priced in yen)."""
    if listing.currency is None:
        return None
    chosen = rate if rate is not None else options.usd_rate
    if not chosen or chosen <= 0:
        raise InvalidInput(
            "rate",
            _("give --rate (yen per {currency}) or set [listings.{name}] usd_rate").format(
                currency=listing.currency, name=listing.name
            ),
        )
    return float(chosen)


def foreign(price: int, rate: float | None) -> str:
    """A yen price in the file's currency, to the cent ("" for a yen file)."""
    return "" if rate is None else f"{price / rate:.2f}"


def export_listings(
    *,
    database: Database,
    settings: Settings,
    name: str,
    ids: Sequence[int],
    plan: bool,
    as_of: dt.date,
    write: Callable[[bytes], None],
    rate: float | None = None,
    errors: str = "strict",
    zip_name: str | None = None,
    mark_listed: bool = False,
) -> ListingOutput:
    """Write the site ``name``'s listing file for the chosen items (module docstring).

    ``zip_name``: the output is a zip; the file goes in under this name with the
    items' photo files beside it. ``write`` is called once with the finished bytes,
    inside the transaction that records the listings (``mark_listed``), and not at all
    when there is no item to list.
    """
    check_choice(errors, ERROR_MODES, "errors")
    if bool(ids) == plan:
        raise InvalidInput("ids", _("give item ids or --plan (not both)"))
    output = prepare_export(
        database=database, settings=settings, name=name, ids=ids, as_of=as_of, rate=rate,
        errors=errors, zip_name=zip_name,
    )  # fmt: skip
    commit_outputs(database, settings, [(output, write)], as_of, record=mark_listed)
    return output


def export_every_site(
    *,
    database: Database,
    settings: Settings,
    as_of: dt.date,
    write: Callable[[str, bytes], None],
    rate: float | None = None,
    errors: str = "strict",
    mark_listed: bool = False,
) -> list[ListingOutput]:
    """Every site's file of what the advice sends there (``--plan``), each handed to
    ``write(file name, bytes)``; all checked before any is written, all recorded in one
    transaction. A site whose channel is switched off is passed over, with a note."""
    from liquidator.listings import file_names, listing_file

    check_choice(errors, ERROR_MODES, "errors")
    outputs = []
    for name in file_names():
        listing = listing_file(name)
        channel = settings.channels.get(listing.channel(settings))
        if channel is None or not channel.enabled:
            skipped = ListingOutput(b"", [], listing.channel(settings))
            skipped.notes.append(_("{site}: passed over, its channel is switched off.").format(
                site=listing.label))  # fmt: skip
            outputs.append(skipped)
            continue
        suffix = ".zip" if listing.zips_images else ("." + listing.extension)
        output = prepare_export(
            database=database, settings=settings, name=name, ids=(), as_of=as_of, rate=rate,
            errors=errors, zip_name=f"{name}.{listing.extension}" if listing.zips_images else None,
        )  # fmt: skip
        output.file = name + suffix
        outputs.append(output)
    commit_outputs(
        database, settings,
        [(output, lambda data, file=output.file: write(file, data)) for output in outputs],
        as_of, record=mark_listed,
    )  # fmt: skip
    return outputs


def commit_outputs(
    database: Database, settings: Settings, outputs: list[tuple[ListingOutput, Callable]],
    as_of: dt.date, *, record: bool,
) -> None:  # fmt: skip
    """Write each output that has bytes and, with ``record``, record its prices as
    ``listed`` does, in one transaction (a failed write records nothing)."""
    outputs = [(output, write) for output, write in outputs if output.data]
    if not outputs:
        return
    with database.transaction() as session:
        for output, write in outputs:
            if record:
                record_prices(session, settings, output.channel, output.prices, as_of)
            write(output.data)


def prepare_export(
    *,
    database: Database,
    settings: Settings,
    name: str,
    ids: Sequence[int],
    as_of: dt.date,
    rate: float | None,
    errors: str,
    zip_name: str | None,
) -> ListingOutput:
    """The site ``name``'s file for ``ids`` (none: ``--plan``), checked and encoded,
    written nowhere yet."""
    from liquidator.listings import listing_file

    listing = listing_file(name)
    options = listing.options(settings)
    listing.check_options(options, f"liquidator.toml [listings.{name}]")
    channel = site_channel(listing, settings)
    if zip_name is not None and not listing.zips_images:
        raise InvalidInput(
            "output", _("{site} files are not zipped with images; name a .csv or .txt file")
            .format(site=listing.label),
        )  # fmt: skip
    with database.session() as session:
        rows = _rows(session, settings, listing, channel, ids, not ids, as_of, options)
    output = ListingOutput(b"", [], channel)
    output.warning = _(listing.warning) if listing.warning else None
    if not rows:
        output.notes.append(
            _("No item to list on {site}: the advice sends none there now.").format(
                site=listing.label
            )
        )
        return output
    yen_rate = exchange_rate(listing, options, rate)
    for row in rows:
        row.foreign_price = foreign(row.price, yen_rate)
    output.items = [_summary(row, channel) for row in rows]
    output.prices = [(row.item.id, row.price) for row in rows]
    output.data = encode(listing, settings, rows, errors)
    photo_files = [(row, p) for row in rows for p in row.photos[: listing.max_photos]
                   if not is_web_address(p)] if listing.photos == FILE_PHOTOS else []  # fmt: skip
    if zip_name is not None:
        from liquidator.listings.writer import zipped

        images = [(photo_name(p), _path(p), item_label(row.item.id)) for row, p in photo_files]
        output.data = zipped(zip_name, output.data, images)
    elif photo_files:
        output.notes.append(
            _("The photos are named in the file but not in it: write it as -o FILE.zip to "
              "put the photo files beside it.")
        )  # fmt: skip
    return output


def item_label(item_id: int) -> str:
    """How a message names an item of a listing file."""
    return _("item {id}").format(id=item_id)


def _path(photo: str):
    from pathlib import Path

    return Path(photo).expanduser()


def _summary(row: ListingRow, channel: str) -> dict[str, Any]:
    summary = {"item_id": row.item.id, "title": row.item.title, "sku": row.sku,
               "channel": channel, "price": row.price}  # fmt: skip
    if row.foreign_price:
        summary["foreign_price"] = row.foreign_price
    return summary


def encode(listing: Any, settings: Settings, rows: list[ListingRow], errors: str) -> bytes:
    """The file's bytes for ``rows`` (a ``ListingFile`` or a ``RevisionFile``),
    refused when over the site's size limit."""
    from liquidator.listings.writer import encode_rows

    cells = [["" if (v := column.cell(row)) is None else str(v) for column in listing.columns]
             for row in rows]  # fmt: skip
    data = encode_rows(
        listing.head(settings), cells, [item_label(row.item.id) for row in rows],
        encoding=listing.encoding, delimiter=listing.delimiter, line_end=listing.line_end,
        errors=errors, columns=[column.header for column in listing.columns],
    )  # fmt: skip
    limit = getattr(listing, "max_bytes", None)
    if limit and len(data) > limit:
        raise InvalidInput(
            "ids",
            _("the file would be {size:.1f} MB; {site} takes at most {limit:.0f} MB a file: "
              "export fewer items at a time").format(
                size=len(data) / 2**20, site=listing.label, limit=limit / 2**20),
        )  # fmt: skip
    return data


def record_prices(
    session: Session, settings: Settings, channel: str, prices: list[tuple[int, int]],
    listed_on: dt.date,
) -> None:  # fmt: skip
    """Record each item as on sale on ``channel`` at its price, as ``listed`` does."""
    from liquidator.sales import mark_listed

    for item_id, price in prices:
        mark_listed(session=session, item_id=item_id, channel=channel, price=price,
                    listed_on=listed_on, settings=settings)  # fmt: skip


def _rows(
    session: Session, settings: Settings, listing: ListingFile, channel: str,
    ids: Sequence[int], plan: bool, as_of: dt.date, options: Any,
) -> list[ListingRow]:  # fmt: skip
    """The chosen items' rows, priced; InvalidInput naming every item that cannot go."""
    from liquidator.listings.checks import problems
    from liquidator.recommend import recommend_items
    from liquidator.vocab import HELD_STATUSES

    found, recommendations = recommend_items(
        session=session, settings=settings, as_of=as_of, ids=list(ids) or None
    )
    missing = sorted(set(ids) - set(found))
    if missing:
        raise items_not_found(missing)
    items = items_by_id(session, found)
    rows, refused = [], []
    for recommendation in recommendations:
        item = items[recommendation["item_id"]]
        if plan and not _planned(item, recommendation, channel, as_of):
            continue
        row_channel = next(c for c in recommendation["channels"] if c["channel"] == channel)
        price = int(row_channel["suggested_price"])
        row = ListingRow(item, price, options, settings)
        found_problems = problems(row, listing)
        if item.status not in HELD_STATUSES or not item.qty:
            found_problems = [_("is not in stock ({status})").format(status=item.status)]
        elif item.status == ItemStatus.LISTED and item.listed_channel == channel and not plan:
            found_problems.insert(0, _("is on sale there already (listings revise changes "
                                       "its price)"))  # fmt: skip
        elif not row_channel["eligible"]:
            found_problems.insert(0, _("cannot go there: {reason}").format(
                reason=row_channel["reason"]))  # fmt: skip
        if found_problems:
            refused.append(item_label(item.id) + ": " + "; ".join(found_problems))
        rows.append(row)
    if refused:
        raise InvalidInput(
            ngettext("{count} item cannot be listed", "{count} items cannot be listed",
                     len(refused)).format(count=len(refused)),
            " | ".join(refused),
        )  # fmt: skip
    return rows


def items_by_id(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    """The items with these ids, by id (a few queries however many)."""
    from sqlmodel import col, select

    from liquidator.models import Item
    from liquidator.store.items import chunks

    found: dict[int, Any] = {}
    for chunk in chunks(list(ids)):
        found.update((item.id, item) for item in session.exec(
            select(Item).where(col(Item.id).in_(chunk))))  # fmt: skip
    return found


def _planned(item: Any, recommendation: dict, channel: str, as_of: dt.date) -> bool:
    """Whether the advice sends a held item to ``channel`` now: it is the best channel,
    and the item is not on sale there, nor on sale elsewhere before its plan's switch."""
    if recommendation["best_channel"] != channel or not item.qty:
        return False
    if item.status == ItemStatus.IN_STOCK:
        return True
    if item.status != ItemStatus.LISTED or item.listed_channel == channel:
        return False
    today = as_of.isoformat()
    return any(
        step["action"] == "switch" and step.get("channel") == channel and step["on"] <= today
        for step in recommendation.get("schedule") or ()
    )
