"""What a listing file is: a registered dataclass per site, and the row each item gives.

A ``ListingFile`` says everything that differs between sites: its encoding, delimiter
and line ends, the rows above the data, its columns (each a header cell and what fills
it), which listing facts every row needs, how the item's condition is spelled there,
its price range, title length, photos and size limits, and a warning to show with it.
A ``RevisionFile`` is the same for a site's price-change file. One module per site in
``listings/formats`` defines them; nothing else names a site.

The row a column reads (``ListingRow``) holds the item's recorded fields, the price to
ask (whole yen per unit, and in the site's currency where it is not yen), the SKU, the
photos, and the seller's defaults for the file (``[listings.NAME]``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from liquidator.fields import PHOTO_SEPARATOR

if TYPE_CHECKING:
    from liquidator.settings import Settings

# Photos a site reads: files uploaded with the listing, or web addresses it fetches.
FILE_PHOTOS, WEB_PHOTOS = "file", "web"


def is_web_address(photo: str) -> bool:
    """Whether a recorded photo is a web address (a site fetches it) or a file."""
    return photo.lower().startswith(("https://", "http://"))


def photo_name(photo: str) -> str:
    """A photo file's name without its folder (either kind of slash)."""
    from pathlib import PureWindowsPath

    return PureWindowsPath(photo).name


def listing_sku(item: Any) -> str:
    """The SKU an item is listed under: the seller's own, else one made from its id
    (the same on every export, so a later price change finds the listing)."""
    return item.sku or f"LQ{item.id:06d}"


@dataclass
class ListingRow:
    """One item as a listing file reads it (see the module docstring)."""

    item: Any
    price: int
    options: Any
    settings: Settings
    foreign_price: str = ""

    @property
    def sku(self) -> str:
        return listing_sku(self.item)

    def text(self, name: str) -> str:
        """A recorded text field, "" when not recorded."""
        return getattr(self.item, name) or ""

    @property
    def title_ja(self) -> str:
        return self.item.title_ja or self.item.title

    @property
    def photos(self) -> list[str]:
        return [p for p in (self.item.photos or "").split(PHOTO_SEPARATOR) if p]

    def photo_cells(self, kind: str) -> list[str]:
        """The photos as the file names them: a web address as it is (for ``web``:
        only those), a file by its name (zipped beside the file under that name)."""
        if kind == WEB_PHOTOS:
            return [p for p in self.photos if is_web_address(p)]
        return [p if is_web_address(p) else photo_name(p) for p in self.photos]


@dataclass(frozen=True)
class Column:
    """A column of a listing file: its header cell and what fills it for a row."""

    header: str
    cell: Callable[[ListingRow], Any]


def constant(value: str) -> Callable[[ListingRow], str]:
    """A column that holds the same text on every row."""
    return lambda row: value


@dataclass(frozen=True)
class ListingFile:
    """One site's upload file for new listings (see the module docstring).

    ``channel(settings)``: the scored channel whose suggested price the file asks and
    on which ``--mark-listed`` records the listing. ``head(settings)``: the rows above
    the data (template type, labels, field names). ``needs``: the listing facts
    (``listings.checks.NEEDS``) every row must have. ``conditions``: each condition
    (``fields.CONDITIONS``) as the file spells it; one left out is not taken there.
    """

    name: str
    label: str
    channel: Callable[[Settings], str]
    options: Callable[[Settings], Any]
    encoding: str
    delimiter: str
    line_end: str
    head: Callable[[Settings], list[list[str]]]
    columns: tuple[Column, ...]
    needs: tuple[str, ...]
    # The file's usual name ending: txt for tab text, csv for comma files.
    extension: str
    conditions: Mapping[str, str]
    price_range: tuple[int, int] = (1, 2_147_483_647)
    title_max: int | None = None
    title: Callable[[ListingRow], str] = lambda row: row.title_ja
    photos: str | None = None
    max_photos: int = 0
    max_bytes: int | None = None
    # Images zipped beside the file when the output is FILE.zip.
    zips_images: bool = False
    # A note shown with every export of this file (stderr and --json), or None.
    warning: str | None = None
    # The rate to the site's currency, when its prices are not in yen.
    currency: str | None = None
    check_options: Callable[[Any, str], None] = lambda options, where: None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RevisionFile:
    """One site's file of price changes to open listings (``listings revise``).

    ``needs_listing_id``: a row names the listing by the site's own number (eBay's
    ItemID), recorded with ``listed --listing-id``; otherwise by the SKU.
    """

    name: str
    label: str
    encoding: str
    delimiter: str
    line_end: str
    head: Callable[[Settings], list[list[str]]]
    columns: tuple[Column, ...]
    needs_listing_id: bool = False
