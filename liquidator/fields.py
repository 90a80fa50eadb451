"""A stranded item's fields, defined once.

``ITEM_FIELDS`` is the one table of what a seller records about an item: the name they
type it under (the ``import items`` CSV column; the CLI option is the same name with
dashes), how it is parsed, its limits, which stored attributes it sets and its help
text. Everything else is derived from it: the model's columns (``models``), the CLI
options of ``add``/``edit``/``cancel``, the CSV importer's columns, the export header
and the columns the store reads.

``parse_fields`` is the one parser: ``add``, ``edit``, ``cancel`` and ``import items``
all turn what was typed into stored values through it. Its errors name the field as
the seller typed it (``cost``); the CLI edge turns that into the option (``--cost``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.parsing import (
    EARLIEST_DATE,
    MAX_INT,
    clean_text,
    parse_bool,
    parse_date,
    parse_dims,
    parse_int,
    parse_size_class,
    parse_weight,
)
from liquidator.sizes import size_class_for

# Kinds of field: how a typed value is parsed and what the stored column holds.
TEXT, YEN, COUNT, DATE, DAYS_AGO, SIZE, DIMS, WEIGHT, FLAG, QUOTES = (
    "text", "yen", "count", "date", "days_ago", "size", "dims", "weight", "flag", "quotes",
)  # fmt: skip

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
    ``stores`` the item attributes it sets (default: ``name``).
    """

    name: str
    kind: str
    help: str
    stores: tuple[str, ...] = ()
    required: bool = False
    max_length: int | None = None
    maximum: int | None = None
    searchable: bool = False

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
              required=True, maximum=MAX_INT),
    ItemField("qty", COUNT, "Units in this lot [default: 1].", maximum=MAX_QTY),
    ItemField("purchased", DATE, "Purchase date YYYY-MM-DD [default: today].",
              stores=("purchased_on",)),
    ItemField("days_held", DAYS_AGO, "Or: bought this many days ago.", stores=("purchased_on",),
              maximum=MAX_DAYS_HELD),
    ItemField("size", SIZE, "Parcel class 60/80/100/120/140/160/180/200.",
              stores=("size_class",)),
    ItemField("dims", DIMS, "Or: sides in cm, like 30x20x10.",
              stores=("length_cm", "width_cm", "height_cm")),
    ItemField("weight", WEIGHT, "Weight like 1.2kg or 800g.", stores=("weight_g",)),
    ItemField("sku", TEXT, "Your SKU.", max_length=TEXT_MAX, searchable=True),
    ItemField("asin", TEXT, "The Amazon ASIN.", max_length=TEXT_MAX, searchable=True),
    ItemField("jan", TEXT, "The JAN (barcode) number.", max_length=TEXT_MAX, searchable=True),
    ItemField("category", TEXT, "Category, e.g. toys, camera, books.", max_length=TEXT_MAX),
    ItemField("source", TEXT, "The shop it was bought from.", max_length=TEXT_MAX,
              searchable=True),
    ItemField("order_id", TEXT, "The cancelled order.", max_length=TEXT_MAX, searchable=True),
    ItemField("market_price", YEN, "Going price per unit, in yen.", maximum=MAX_INT),
    ItemField("return_by", DATE, "Last day the shop takes a return."),
    ItemField("hazmat", FLAG, "Batteries, aerosols…: no air shipping."),
    ItemField("domestic_only", FLAG, "Not for export (region-locked, Japan-only model)."),
    ItemField("quote", QUOTES, "A firm offer per unit, like kaitori=48000 (repeatable).",
              stores=("quotes",), max_length=TEXT_MAX),
    ItemField("note", TEXT, "Anything worth remembering.", max_length=NOTE_MAX, searchable=True),
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
}
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
NUMERIC_ATTRIBUTES = tuple(c.name for c in STORED_COLUMNS if c.type in (int, float))


def field_for_attribute(name: str) -> ItemField | None:
    """The field a seller types to set attribute ``name`` (``unit_cost`` → ``cost``)."""
    for field in ITEM_FIELDS:
        if name in field.attributes:
            return field
    return None


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
    if ask is None:
        missing = [f for f in ITEM_FIELDS if f.required and raw.get(f.name) in (None, "")]
        if missing:
            raise InvalidInput(missing[0].name, "is required (no terminal to ask on)")
        return raw
    for field in ITEM_FIELDS:
        if field.required and raw.get(field.name) in (None, ""):
            raw[field.name] = ask(field)
    if raw.get("size") in (None, "") and raw.get("dims") in (None, ""):
        raw["size"] = ask(FIELD_BY_NAME["size"])
    return raw


def parse_fields(
    raw: Mapping[str, Any],
    *,
    as_of: dt.date,
    partial: bool = False,
    current: Mapping[str, Any] | None = None,
    memo: dict[tuple[str, Any], tuple] | None = None,
) -> dict[str, Any]:
    """What a seller typed (``{field name: text or value}``) as stored item attributes.

    ``None`` means "not given". Creating (``partial=False``): the required fields must
    be given, an empty cell counts as not given, and every attribute gets a value
    (``qty`` 1, bought ``as_of``, size from the dims and weight …). Editing
    (``partial=True``): only the given fields appear, an empty text clears it, and
    new dims or weight re-derive the size class from ``current`` (the item as stored).

    ``memo`` (a dict the caller keeps across the rows of one file) remembers what each
    cell text of a non-text field parsed to: a stock list repeats its dates, sizes
    and prices, and a lookup is several times cheaper than parsing again.

    Raises InvalidFields (an InvalidInput naming the first bad field) listing every
    bad field, in table order.
    """
    errors: list[InvalidInput] = []
    values: dict[str, Any] = {}
    given = {
        name: value
        for name, value in raw.items()
        if value is not None and (partial or type(value) is not str or value.strip())
    }
    unknown = [name for name in given if name not in FIELD_BY_NAME]
    if unknown:
        raise InvalidInput(unknown[0], "is not an item field")
    if "purchased" in given and "days_held" in given:
        errors.append(InvalidInput("purchased", "give purchased or days_held, not both"))
        given.pop("days_held")
    for field, attributes, parse in _FIELD_PARSERS:
        value = given.get(field.name)
        if value is None:
            if field.required and not partial:
                errors.append(InvalidInput(field.name, "is required"))
            continue
        try:
            if memo is None or field.kind == TEXT:
                parsed = parse(field, value, as_of)
            elif (parsed := memo.get((field.name, value))) is None:
                parsed = memo[field.name, value] = parse(field, value, as_of)
        except InvalidInput as exc:
            errors.append(exc)
            continue
        if len(attributes) == 1:
            values[attributes[0]] = parsed[0]
        else:
            values.update(zip(attributes, parsed, strict=True))
    if not errors:
        try:
            _size_class(values, given, partial=partial, current=current or {})
        except InvalidInput as exc:
            errors.append(exc)
    if errors:
        raise InvalidFields(errors)
    if partial:
        return values
    row = dict.fromkeys(ITEM_ATTRIBUTES)
    row.update(qty=1, purchased_on=as_of, hazmat=False, domestic_only=False)
    row.update(values)
    return row


def _parse_text(field: ItemField, value: Any, as_of: dt.date) -> tuple:
    name = field.name
    text = clean_text(value, name, max_length=field.max_length or TEXT_MAX)
    if not text and field.required:
        raise InvalidInput(name, "must not be empty")
    if name == "jan" and text and ("E+" in text.upper() or "." in text):
        raise InvalidInput(
            name,
            f"{text!r} is not a JAN code; a spreadsheet turned it into a number "
            "(format the column as text)",
        )
    return (text or None,)


def _parse_day(field: ItemField, value: Any, as_of: dt.date) -> tuple:
    day = parse_date(value, field.name)
    if field.name == "purchased" and day > as_of:
        raise InvalidInput(field.name, f"{day.isoformat()} is in the future (today is {as_of})")
    return (day,)


def _parse_days_ago(field: ItemField, value: Any, as_of: dt.date) -> tuple:
    days = parse_int(value, field.name, minimum=0, maximum=field.maximum)
    day = as_of - dt.timedelta(days=days)
    if day < EARLIEST_DATE:
        raise InvalidInput(field.name, f"{days} days before {as_of} is before {EARLIEST_DATE}")
    return (day,)


# How each kind of field is parsed: (field, typed value, today) → its attribute values.
_PARSERS: dict[str, Callable[[ItemField, Any, dt.date], tuple]] = {
    TEXT: _parse_text,
    YEN: lambda f, v, _: (parse_int(v, f.name, minimum=1, maximum=f.maximum),),
    COUNT: lambda f, v, _: (parse_int(v, f.name, minimum=1, maximum=f.maximum),),
    DATE: _parse_day,
    DAYS_AGO: _parse_days_ago,
    SIZE: lambda f, v, _: (parse_size_class(v, f.name),),
    DIMS: lambda f, v, _: parse_dims(v, f.name),
    WEIGHT: lambda f, v, _: (parse_weight(v, f.name),),
    FLAG: lambda f, v, _: (parse_bool(v, f.name),),
    QUOTES: lambda f, v, _: (_parse_quotes(v, f.name),),
}


def _parse_quotes(value: Any, name: str) -> str | None:
    """``kaitori=48000`` (several: comma-separated or a list) as ``"kaitori=48000,…"``."""
    parts = value if isinstance(value, list | tuple) else [value]
    quotes: dict[str, int] = {}
    for part in ",".join(str(p) for p in parts).replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        channel, sep, yen = part.partition("=")
        channel = channel.strip().lower()
        if not sep or not channel.replace("_", "").isalnum() or not channel.isascii():
            raise InvalidInput(name, f"{part!r} is not channel=yen, like kaitori=48000")
        quotes[channel] = parse_int(yen, name, minimum=1, maximum=MAX_INT)
    text = ",".join(f"{channel}={yen}" for channel, yen in quotes.items())
    if len(text) > TEXT_MAX:
        raise InvalidInput(name, f"too long (at most {TEXT_MAX} characters)")
    return text or None


def _size_class(
    values: dict[str, Any], given: Mapping[str, Any], *, partial: bool, current: Mapping
) -> None:
    """Derive the parcel class from dims and weight when no size was given."""
    if "size" in given or not ("dims" in given or "weight" in given):
        if not partial and "size" not in given:
            raise InvalidInput("size", "give size (60..200), or dims like 30x20x10")
        return
    sides = (
        (values["length_cm"], values["width_cm"], values["height_cm"])
        if "dims" in given
        else (current.get("length_cm"), current.get("width_cm"), current.get("height_cm"))
    )
    if sides[0] is not None:
        weight = values["weight_g"] if "weight" in given else current.get("weight_g")
        values["size_class"] = size_class_for(sides, weight)
    elif not partial:
        raise InvalidInput("size", "give size, or dims with weight")


_FIELD_PARSERS = tuple((field, field.attributes, _PARSERS[field.kind]) for field in ITEM_FIELDS)
