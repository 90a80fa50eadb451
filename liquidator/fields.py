"""A stranded item's fields, defined once.

``ITEM_FIELDS`` is the one table of what a seller records about an item: the name they
type it under (the ``import items`` CSV column; the CLI option is the same name with
dashes), how it is parsed, its limits, which stored attributes it sets, whether scoring
reads them and its help text. Everything else is derived from it: the model's columns
(``models``), the CLI options of ``add``/``edit``/``cancel``, the CSV importer's
columns, the columns the store reads, and every output of an item (``item_output``:
JSON, ``show``, ``list``, the ``export items`` header, the 棚卸表, scoring's inputs).

``field_values`` holds the one parser: ``add``, ``edit``, ``cancel`` and ``import
items`` all turn what was typed into stored values through it. Its errors name the
field as the seller typed it (``cost``); the CLI edge turns that into the option
(``--cost``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.parsing import MAX_INT

# Kinds of field: how a typed value is parsed and what the stored column holds.
TEXT, YEN, COUNT, DATE, DAYS_AGO, SIZE, DIMS, WEIGHT, FLAG, QUOTES = (
    "text", "yen", "count", "date", "days_ago", "size", "dims", "weight", "flag", "quotes",
)  # fmt: skip
# A listing's facts: the item's condition (one of CONDITIONS) and its photos (paths or
# web addresses, several; stored joined by PHOTO_SEPARATOR).
CONDITION, PHOTOS = "condition", "photos"
# A lot's total cost (split into the unit cost and the yen left over).
LOT_COST = "lot_cost"
# A seller's invoice registration number (登録番号: T and 13 digits), or NOT_REGISTERED.
INVOICE_NO = "invoice_no"
NOT_REGISTERED = "none"
# An Amazon order id (3-7-7 digits, ``parsing.parse_order_id``).
ORDER_ID = "order_id"

TITLE_MAX = 500
NOTE_MAX = 10_000
TEXT_MAX = 200
# A lot larger than this is a typing slip; it also keeps qty × unit cost storable.
MAX_QTY = 1_000_000
# "Bought N days ago" further back than this (about 24 years) is a typing slip; it
# also keeps the purchase date after parsing.EARLIEST_DATE.
MAX_DAYS_HELD = 9_000


@dataclass(frozen=True)
class ItemField:
    """One thing a seller records about an item.

    ``name`` is what they type it as (CSV column ``name``, option ``--name-with-dashes``);
    ``stores`` the item attributes it sets (default: ``name``); ``scored``: scoring reads
    them (``scoring.inputs.ITEM_COLUMNS``).
    """

    name: str
    kind: str
    help: str
    stores: tuple[str, ...] = ()
    required: bool = False
    max_length: int | None = None
    maximum: int | None = None
    searchable: bool = False
    # Another field that may be given instead of this required one (``cost``: or the
    # lot's ``total_cost``).
    or_given: str = ""
    scored: bool = False

    @property
    def option(self) -> str:
        """The CLI option that sets it."""
        return "--" + self.name.replace("_", "-")

    @property
    def attributes(self) -> tuple[str, ...]:
        return self.stores or (self.name,)


ITEM_FIELDS: tuple[ItemField, ...] = (
    ItemField("title", TEXT, "What the item is.", required=True, max_length=TITLE_MAX,
              searchable=True),
    ItemField("cost", YEN, "Purchase cost per unit, in yen.", stores=("unit_cost",),
              required=True, maximum=MAX_INT, scored=True, or_given="total_cost"),
    # The lot's total: its units cost total // qty each and the first total % qty of
    # them one yen more (kept as cost_remainder), so the books add up to the total.
    ItemField("total_cost", LOT_COST, "Or: the whole lot's cost in yen (split exactly "
              "over its units).", stores=("cost_remainder",), maximum=MAX_INT),
    ItemField("qty", COUNT, "Units in this lot [default: 1].", maximum=MAX_QTY, scored=True),
    ItemField("purchased", DATE, "Purchase date YYYY-MM-DD [default: today].",
              stores=("purchased_on",)),
    ItemField("days_held", DAYS_AGO, "Or: bought this many days ago.", stores=("purchased_on",),
              maximum=MAX_DAYS_HELD),
    ItemField("size", SIZE, "Parcel class 60/80/100/120/140/160/180/200.",
              stores=("size_class",), scored=True),
    ItemField("dims", DIMS, "Or: sides in cm, like 30x20x10.",
              stores=("length_cm", "width_cm", "height_cm"), scored=True),
    ItemField("weight", WEIGHT, "Weight like 1.2kg or 800g.", stores=("weight_g",), scored=True),
    ItemField("sku", TEXT, "Your SKU.", max_length=TEXT_MAX, searchable=True),
    ItemField("asin", TEXT, "The Amazon ASIN.", max_length=TEXT_MAX, searchable=True),
    ItemField("jan", TEXT, "The JAN (barcode) number.", max_length=TEXT_MAX, searchable=True),
    ItemField("category", TEXT, "Category, e.g. toys, camera, books.", max_length=TEXT_MAX,
              scored=True),
    ItemField("source", TEXT, "The shop it was bought from.", max_length=TEXT_MAX,
              searchable=True),
    ItemField("order_id", ORDER_ID, "The cancelled Amazon order (114-1234567-1234567).",
              max_length=TEXT_MAX, searchable=True),
    ItemField("market_price", YEN, "Going price per unit, in yen.", maximum=MAX_INT, scored=True),
    ItemField("return_by", DATE, "Last day the shop takes a return."),
    ItemField("hazmat", FLAG, "Batteries, aerosols…: no air shipping.", scored=True),
    ItemField("domestic_only", FLAG, "Not for export (region-locked, Japan-only model).",
              scored=True),
    ItemField("quote", QUOTES, "A firm offer per unit, like kaitori=48000 (repeatable).",
              stores=("quotes",), max_length=TEXT_MAX, scored=True),
    ItemField("note", TEXT, "Anything worth remembering.", max_length=NOTE_MAX, searchable=True),
    # What a listing needs (liquidator listings export): docs/channels.md.
    ItemField("condition", CONDITION, "new, like_new, very_good, good, acceptable or poor.",
              max_length=20),
    ItemField("title_ja", TEXT, "Listing title in Japanese [default: title].",
              max_length=TITLE_MAX),
    ItemField("title_en", TEXT, "Listing title in English (eBay).", max_length=TITLE_MAX),
    ItemField("description_ja", TEXT, "Listing description in Japanese.", max_length=NOTE_MAX),
    ItemField("description_en", TEXT, "Listing description in English (eBay).",
              max_length=NOTE_MAX),
    ItemField("photo", PHOTOS, "A photo: file path or https:// address (repeatable).",
              stores=("photos",), max_length=NOTE_MAX),
    ItemField("ebay_category", TEXT, "eBay category id.", max_length=TEXT_MAX),
    ItemField("yahoo_category", TEXT, "Yahoo! Auctions category id.", max_length=TEXT_MAX),
    ItemField("mercari_category", TEXT, "Mercari Shops category id.", max_length=TEXT_MAX),
    # The purchase as the books and the invoice rules need it (docs/bookkeeping.md).
    ItemField("seller_invoice_no", INVOICE_NO, "The seller's invoice registration number "
              "(T and 13 digits), or none when not registered.", max_length=20),
    ItemField("used_goods", FLAG, "Used goods bought from a person who is not registered "
              "(古物商特例: give seller_name and seller_address)."),
    ItemField("seller_name", TEXT, "Who sold it to you (name, for 古物商特例).",
              max_length=TEXT_MAX),
    ItemField("seller_address", TEXT, "The seller's address (for 古物商特例).",
              max_length=TEXT_MAX),
)  # fmt: skip
FIELD_BY_NAME: dict[str, ItemField] = {field.name: field for field in ITEM_FIELDS}
REQUIRED_INPUTS: tuple[str, ...] = tuple(f.name for f in ITEM_FIELDS if f.required)

# What each kind stores: Python type and pydantic limits of the model column.
_STORED: dict[str, tuple[type, dict[str, Any]]] = {
    TEXT: (str, {}),
    YEN: (int, {"gt": 0}),
    COUNT: (int, {"ge": 0}),
    DATE: (dt.date, {}),
    DAYS_AGO: (dt.date, {}),
    SIZE: (int, {}),
    DIMS: (float, {}),
    WEIGHT: (int, {"gt": 0}),
    FLAG: (bool, {}),
    QUOTES: (str, {}),
    CONDITION: (str, {}),
    PHOTOS: (str, {}),
    LOT_COST: (int, {"ge": 0}),
    INVOICE_NO: (str, {}),
    ORDER_ID: (str, {}),
}
# An item's condition as a listing states it; each listing file maps it to its own code.
CONDITIONS = ("new", "like_new", "very_good", "good", "acceptable", "poor")
# Between the photos of one item: a character no Windows file name may hold.
PHOTO_SEPARATOR = "|"
# Fields added after import keys were first stored: left out of a row's key while they
# hold no value (items_csv), so a file imported before still matches its rows.
LISTING_ATTRIBUTES = ("condition", "title_ja", "title_en", "description_ja",
                      "description_en", "photos", "ebay_category", "yahoo_category",
                      "mercari_category")  # fmt: skip
# Likewise for a lot's cost remainder (issue 32), None unless a total cost was given.
LOT_ATTRIBUTES = ("cost_remainder", "seller_invoice_no", "used_goods", "seller_name",
                  "seller_address")  # fmt: skip
# Attributes every item has (the rest may be unknown, None).
ALWAYS_SET = ("title", "unit_cost", "qty", "purchased_on", "size_class", "hazmat")


@dataclass(frozen=True)
class StoredColumn:
    """One item attribute as stored: derived from the field that sets it."""

    name: str
    type: type
    field: ItemField
    nullable: bool
    limits: dict[str, Any]


def stored_columns() -> tuple[StoredColumn, ...]:
    """The item attributes the fields set, in field order, each once."""
    columns: dict[str, StoredColumn] = {}
    for field in ITEM_FIELDS:
        kind_type, limits = _STORED[field.kind]
        for name in field.attributes:
            if name in columns:
                continue
            extra = dict(limits)
            if field.max_length is not None:
                extra["max_length"] = field.max_length
                if field.required:
                    extra["min_length"] = 1
            columns[name] = StoredColumn(
                name, kind_type, field, nullable=name not in ALWAYS_SET, limits=extra
            )
    return tuple(columns.values())


STORED_COLUMNS = stored_columns()
ITEM_ATTRIBUTES: tuple[str, ...] = tuple(column.name for column in STORED_COLUMNS)
SEARCHABLE: tuple[str, ...] = tuple(
    name for f in ITEM_FIELDS if f.searchable for name in f.attributes
)


def search_key(text: str) -> str:
    """Text as search compares it: NFKC, case-folded, NFKC again (Unicode's
    NFKC_Casefold, near enough): ｓｏｎｙ, SONY and Sony are one key, so are ÉCLAIR and
    éclair, ΩMEGA and ωmega, ｶﾒﾗ and カメラ. The one definition both engines use: it
    is applied in Python to what is stored (``search_text``) and to what is searched."""
    if text.isascii():  # NFKC leaves ASCII as it is, and casefold is lower there
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    if unicodedata.is_normalized("NFKC", folded):
        return folded
    return unicodedata.normalize("NFKC", folded)


def search_text(values: Mapping[str, Any], names: tuple[str, ...] = SEARCHABLE) -> str:
    """What an item's ``search_text`` column holds: its ``SEARCHABLE`` attributes'
    ``search_key``, joined by a control character no stored text or search may hold
    (so a search never spans two of them). Changing what goes in needs a migration that
    recomputes every row, as 0008_item_search does (``names``: the attributes searched
    when a migration ran, which later fields do not change)."""
    return search_key(_SEARCH_SEPARATOR.join([values[name] or "" for name in names]))


_SEARCH_SEPARATOR = "\x1f"


class InvalidFields(InvalidInput):
    """Several fields are wrong; ``errors`` holds each, the message names the first."""

    def __init__(self, errors: list[InvalidInput]):
        first = errors[0]
        super().__init__(first.field, first.problem)
        self.errors = errors


def ask_missing(raw: dict[str, Any], ask: Callable[[ItemField], Any] | None) -> dict[str, Any]:
    """``raw`` with each missing required field (and a size, when neither size nor dims
    was given) asked for with ``ask``. Without ``ask`` (no terminal) a missing required
    field is an InvalidInput that says there was no terminal to ask on."""

    def missing(field: ItemField) -> bool:
        stand_in = raw.get(field.or_given) if field.or_given else None
        return field.required and raw.get(field.name) in (None, "") and stand_in in (None, "")

    if ask is None:
        absent = [f for f in ITEM_FIELDS if missing(f)]
        if absent:
            raise InvalidInput(absent[0].name, _("is required (no terminal to ask on)"))
        return raw
    for field in ITEM_FIELDS:
        if missing(field):
            raw[field.name] = ask(field)
    if raw.get("size") in (None, "") and raw.get("dims") in (None, ""):
        raw["size"] = ask(FIELD_BY_NAME["size"])
    return raw
