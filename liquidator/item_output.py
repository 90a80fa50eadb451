"""What an item's outputs show: one table, derived from ``fields.ITEM_FIELDS``.

``SHOWN`` is everything an output of an item can hold, in the order outputs hold it:
each attribute a field stores (``fields.STORED_COLUMNS``; how it is typed decides how
it is shown, and its field says whether scoring reads it), the record's own columns
(its id, status, listing and dates) and what is worked out when shown (its age, its
dims as typed, the lot's value at cost). Every output takes its columns from it:

- JSON (``items.items_public``: ``list --json``, ``show``, ``add``, ``edit`` …) and
  ``show``'s rows, labelled with each name's translation: the ``public`` entries;
- ``export items``: the ``exported`` entries (``id`` as ``item_id``);
- ``list``'s table: the entries with a ``column`` (header, alignment, drop order);
- the 棚卸表 (``export inventory``): the entries with an ``inventory`` header;
- scoring's item columns (``scoring.inputs.ITEM_COLUMNS``), what the weekly report
  reads of the stock and a sale's shipping estimate: the ``scored`` entries.

An attribute stored by a field but not placed in ``_PLACED`` comes after the placed
ones, in field order, public and exported: a new field in ``ITEM_FIELDS`` (with its
migration) reaches every output by itself. Its label is its name, translated through
the catalogue like every label here (``i18n.messages_in_code`` lists them).
"""

from __future__ import annotations

from dataclasses import dataclass

from liquidator.fields import COUNT, DATE, DIMS, STORED_COLUMNS, TEXT, YEN
from liquidator.i18n import N_

# What an output shows beyond the field kinds: an id, a status, a moment.
ID, STATUS, TIME = "id", "status", "time"
# Where a value comes from.
FIELD, RECORD, DERIVED = "field", "record", "derived"


@dataclass(frozen=True)
class ListColumn:
    """A column of ``list``'s table: its place, header, alignment and when it is
    dropped on a narrow terminal (0: never; higher numbers go first)."""

    place: int
    header: str
    align: str
    drop: int = 0


@dataclass(frozen=True)
class InventoryColumn:
    """A column of the 棚卸表: its place and its header as a bookkeeper reads it (N_:
    the Japanese is in the catalogue; the machine form is the column's name)."""

    place: int
    header: str


@dataclass(frozen=True)
class Shown:
    """One value an item's outputs show (see the module docstring)."""

    name: str
    kind: str
    source: str
    public: bool = True
    exported: bool = True
    scored: bool = False
    column: ListColumn | None = None
    inventory: InventoryColumn | None = None
    # Shown under its translated name (``id`` is shown as it is).
    translated: bool = True

    @property
    def stored(self) -> bool:
        """A column of the items table (not worked out when shown)."""
        return self.source != DERIVED


_BY_ATTRIBUTE = {column.name: column for column in STORED_COLUMNS}


def _stored(name: str, **outputs) -> Shown:
    column = _BY_ATTRIBUTE[name]
    return Shown(name, column.field.kind, FIELD, scored=column.field.scored, **outputs)


def _record(name: str, kind: str, **outputs) -> Shown:
    return Shown(name, kind, RECORD, **outputs)


def _derived(name: str, kind: str, **outputs) -> Shown:
    return Shown(name, kind, DERIVED, **outputs)


# Who and what first, then money, time, the sale, size, identifiers, and the record's
# own dates (the order ``show`` and JSON have always used).
_PLACED = (
    _record("id", ID, column=ListColumn(1, "id", "num"), inventory=InventoryColumn(1, N_("item no.")),
            translated=False),
    _stored("title", column=ListColumn(2, N_("title"), "text"), inventory=InventoryColumn(2, N_("item name"))),
    _record("status", STATUS, column=ListColumn(9, N_("status"), "key", drop=1)),
    _stored("qty", column=ListColumn(3, N_("qty"), "num"), inventory=InventoryColumn(5, N_("quantity"))),
    _stored("unit_cost", column=ListColumn(4, N_("unit cost"), "num"),
            inventory=InventoryColumn(6, N_("unit price"))),
    _derived("stock_value", YEN, public=False, inventory=InventoryColumn(7, N_("amount"))),
    _stored("market_price"),
    _stored("purchased_on", inventory=InventoryColumn(4, N_("date bought"))),
    _derived("days_held", COUNT, scored=True, column=ListColumn(5, N_("days"), "num")),
    _stored("return_by", column=ListColumn(7, N_("return by"), "key", drop=3)),
    _record("listed_channel", TEXT, scored=True),
    _record("listed_price", YEN, scored=True),
    _record("listed_on", DATE),
    _stored("size_class", column=ListColumn(6, N_("size"), "num", drop=2)),
    _derived("dims", DIMS, exported=False),
    _stored("length_cm"),
    _stored("width_cm"),
    _stored("height_cm"),
    _stored("weight_g"),
    _stored("hazmat", column=ListColumn(8, N_("hazmat"), "key", drop=4)),
    _stored("category"),
    _stored("sku", inventory=InventoryColumn(3, N_("SKU"))),
    _stored("asin"),
    _stored("jan"),
    _stored("source"),
    _stored("order_id"),
    _stored("note"),
    _stored("condition"),
    _stored("title_ja"),
    _stored("title_en"),
    _stored("description_ja"),
    _stored("description_en"),
    _stored("photos"),
    _stored("ebay_category"),
    _stored("yahoo_category"),
    _stored("mercari_category"),
    _record("listing_id", TEXT),
    _record("recorded_on", DATE, exported=False),
    _record("created_at", TIME, exported=False),
    _record("updated_at", TIME, exported=False),
    _stored("domestic_only"),
    _stored("quotes"),
)  # fmt: skip


def _shown() -> tuple[Shown, ...]:
    placed = {entry.name for entry in _PLACED}
    rest = tuple(_stored(column.name) for column in STORED_COLUMNS if column.name not in placed)
    return (*_PLACED, *rest)


SHOWN: tuple[Shown, ...] = _shown()
SHOWN_BY_NAME: dict[str, Shown] = {entry.name: entry for entry in SHOWN}
# Kept by the store, never shown: how it finds an item, not what the seller recorded.
NOT_SHOWN = ("import_key", "search_text")

# The JSON keys (and ``show``'s rows) of an item, in order.
PUBLIC: tuple[str, ...] = tuple(entry.name for entry in SHOWN if entry.public)
# Worked out when an item is shown, never stored.
PUBLIC_DERIVED: tuple[str, ...] = tuple(e.name for e in SHOWN if e.public and not e.stored)
# ``export items``' columns (``id`` is headed ``item_id`` there, as in every export).
EXPORTED: tuple[str, ...] = tuple(entry.name for entry in SHOWN if entry.exported)
# ``list``'s table and the 棚卸表, in their own column order.
LISTED: tuple[Shown, ...] = tuple(
    sorted((entry for entry in SHOWN if entry.column), key=lambda entry: entry.column.place)
)
INVENTORY: tuple[Shown, ...] = tuple(
    sorted((entry for entry in SHOWN if entry.inventory), key=lambda e: e.inventory.place)
)
# What scoring reads of an item (``days_held`` the store works out for the day).
SCORED: tuple[str, ...] = tuple(entry.name for entry in SHOWN if entry.scored)
SCORED_STORED: tuple[str, ...] = tuple(e.name for e in SHOWN if e.scored and e.stored)
# Labels as ``show`` names them (English: the JSON key; ``_()`` gives the reader's).
LABELS: dict[str, str] = {e.name: e.name for e in SHOWN if e.public and e.translated}


def exported_header() -> list[str]:
    """``export items``' header row."""
    return ["item_id" if name == "id" else name for name in EXPORTED]
