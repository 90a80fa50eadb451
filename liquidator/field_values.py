"""What a seller typed, as stored item values: the one parser of ``fields.ITEM_FIELDS``.

``parse_columns`` creates items from whole columns (``import items`` hands it every row
of a file; ``add`` and ``cancel`` a column of one); ``parse_fields`` is its one-row
form and also the edit parser. Both run each cell through the same per-kind parser,
so a value means the same wherever it was typed.

Column-wise because a stock list repeats its dates, sizes, prices and shops: each
distinct cell of a column is parsed once, and the per-row work is a lookup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.fields import (
    CONDITION,
    CONDITIONS,
    COUNT,
    DATE,
    DAYS_AGO,
    DIMS,
    FIELD_BY_NAME,
    FLAG,
    INVOICE_NO,
    ITEM_ATTRIBUTES,
    ITEM_FIELDS,
    LOT_COST,
    NOT_REGISTERED,
    ORDER_ID,
    PHOTO_SEPARATOR,
    PHOTOS,
    QUOTES,
    SIZE,
    TEXT,
    TEXT_MAX,
    WEIGHT,
    YEN,
    InvalidFields,
    ItemField,
)  # fmt: skip
from liquidator.i18n import _
from liquidator.parsing import (
    EARLIEST_DATE,
    MAX_INT,
    clean_text,
    normalised,
    parse_bool,
    parse_date,
    parse_dims,
    parse_int,
    parse_order_id,
    parse_size_class,
    parse_weight,
)
from liquidator.sizes import size_class_for

# What a new item holds when the seller leaves the field out.
_DEFAULTS = {"qty": 1, "hazmat": False, "domestic_only": False}


@dataclass
class ParsedColumns:
    """Parsed columns: ``values`` maps every item attribute to one value per row;
    ``errors`` maps a row's index to its bad fields, in table order (no entry: valid)."""

    values: dict[str, list[Any]]
    errors: dict[int, list[InvalidInput]] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        """One dict of attributes per row (call only when there are no errors)."""
        names = tuple(self.values)
        return [
            dict(zip(names, row, strict=True)) for row in zip(*self.values.values(), strict=True)
        ]


@dataclass(frozen=True)
class Typed:
    """What a typed value is read against: the working day (``as_of``: "today" for a
    purchase date or "N days ago") and the channels a quote may name (their ids)."""

    as_of: dt.date
    channels: Collection[str]


def parse_columns(
    columns: Mapping[str, Sequence[Any]],
    *,
    as_of: dt.date,
    length: int,
    channels: Collection[str],
) -> ParsedColumns:
    """New items from columns of typed values (``{field name: [value per row]}``).

    ``None`` or an empty text is "not given"; a field without a column is not given in
    any row. Required fields must be given; the rest get their defaults (``qty`` 1,
    bought ``as_of``, the size class from dims and weight …). A quote must name one of
    ``channels`` (the settings' scored channels: the ones a quote prices). Errors never
    raise: they are collected per row in the result.
    """
    unknown = [name for name in columns if name not in FIELD_BY_NAME]
    if unknown:
        raise InvalidInput(unknown[0], _("is not an item field"))
    errors: dict[int, list[InvalidInput]] = {}
    parsed: dict[str, list[Any]] = {}
    typed = Typed(as_of, channels)
    both_dates = _both_given(columns.get("purchased"), columns.get("days_held"), length)
    if both_dates:
        both = _("give purchased or days_held, not both")
        for index in both_dates:
            errors[index] = [InvalidInput("purchased", both)]
    for item_field, parse in _FIELD_PARSERS:
        cells = columns.get(item_field.name)
        stand_in = columns.get(item_field.or_given) if item_field.or_given else None
        if stand_in is not None:  # rows that give the stand-in need not give this one
            cells = cells or [None] * length
            exempt = {i for i in range(length) if _given(stand_in[i])}
            both = [i for i in exempt if _given(cells[i])]
            for index in both:
                errors.setdefault(index, []).append(InvalidInput(
                    item_field.or_given,
                    _("give the cost per unit or the lot's total cost, not both")))  # fmt: skip
            cells = [(_STOOD_IN if i in exempt and i not in both else c)
                     for i, c in enumerate(cells)]  # fmt: skip
        if cells is None:
            if item_field.required:
                required = _("is required")
                for index in range(length):
                    errors.setdefault(index, []).append(InvalidInput(item_field.name, required))
            continue
        by_cell = _parse_cells(item_field, parse, cells, typed)
        column = [by_cell[cell] for cell in cells]
        if item_field.name == "days_held":
            for index in both_dates:
                column[index] = None
        if any(isinstance(v, InvalidInput) for v in by_cell.values()) or (
            item_field.required and None in by_cell.values()
        ):
            required = _("is required")
            for index, value in enumerate(column):
                if isinstance(value, InvalidInput):
                    errors.setdefault(index, []).append(value)
                elif value is None and item_field.required:
                    errors.setdefault(index, []).append(InvalidInput(item_field.name, required))
        parsed[item_field.name] = [None if v is _STOOD_IN else v for v in column]
    values = _attribute_columns(parsed, as_of, length, errors)
    _split_lot_costs(values, errors)
    return ParsedColumns(values, errors)


# A required cell left empty because another field stands in for it (``or_given``).
_STOOD_IN = object()


def _both_given(purchased: Sequence | None, days_held: Sequence | None, length: int) -> list[int]:
    if purchased is None or days_held is None:
        return []
    return [i for i in range(length) if _given(purchased[i]) and _given(days_held[i])]


def _given(value: Any) -> bool:
    return value is not None and (type(value) is not str or bool(value.strip()))


def _parse_cells(item_field: ItemField, parse: Callable, cells: Sequence, typed: Typed) -> dict:
    """Each distinct cell's value (a tuple for several attributes), None when not
    given, or its InvalidInput."""
    by_cell: dict[Any, Any] = {}
    for cell in set(cells):
        if cell is _STOOD_IN:
            by_cell[cell] = _STOOD_IN
            continue
        if not _given(cell):
            by_cell[cell] = None
            continue
        try:
            by_cell[cell] = parse(item_field, cell, typed)
        except InvalidInput as exc:
            by_cell[cell] = exc
    return by_cell


def _attribute_columns(
    parsed: dict[str, list[Any]],
    as_of: dt.date,
    length: int,
    errors: dict[int, list[InvalidInput]],
) -> dict[str, list[Any]]:
    """Field columns as attribute columns, with defaults and the derived size class."""
    values: dict[str, list[Any]] = dict.fromkeys(ITEM_ATTRIBUTES)  # type: ignore[arg-type]
    for item_field in ITEM_FIELDS:
        column = parsed.get(item_field.name)
        for position, name in enumerate(item_field.attributes):
            if column is None:
                if values[name] is None:
                    values[name] = [None] * length
                continue
            if len(item_field.attributes) == 1:  # errors are in the row's error list
                own = column
            else:
                own = [v[position] if type(v) is tuple else None for v in column]
            if values[name] is None:
                values[name] = own
            else:  # a second field for the same attribute (days_held): fills the gaps
                values[name] = [
                    a if a is not None else b for a, b in zip(values[name], own, strict=True)
                ]
    for name, default in (*_DEFAULTS.items(), ("purchased_on", as_of)):
        values[name] = [default if v is None else v for v in values[name]]
    _fill_size_classes(values, parsed, errors)
    return values


def _split_lot_costs(values: dict[str, list[Any]], errors: dict[int, list]) -> None:
    """Rows that gave a lot's total cost: the unit cost is total // qty, and the yen
    left over (``cost_remainder``) is carried one each by the lot's first units."""
    totals = values["cost_remainder"]
    for index, total in enumerate(totals):
        if total is None or isinstance(total, InvalidInput) or index in errors:
            totals[index] = None if isinstance(total, InvalidInput) else total
            continue
        unit, remainder = divmod(total, values["qty"][index])
        if unit < 1:
            errors[index] = [InvalidInput("total_cost", _(
                "¥{total:,} is less than one yen for each of {qty:,} units").format(
                    total=total, qty=values["qty"][index]))]  # fmt: skip
            continue
        values["unit_cost"][index], totals[index] = unit, remainder


def _fill_size_classes(
    values: dict[str, list[Any]], parsed: dict[str, list[Any]], errors: dict[int, list]
) -> None:
    """Rows without a size: the class their dims and weight fit, or an error."""
    sizes = values["size_class"]
    derived: dict[tuple, Any] = {}
    for index, size in enumerate(sizes):
        if size is not None or index in errors:
            continue
        sides = (values["length_cm"][index], values["width_cm"][index], values["height_cm"][index])
        weight = values["weight_g"][index]
        if sides[0] is None:
            problem = (
                _("give size, or dims with weight")
                if weight is not None
                else _("give size (60..200), or dims like 30x20x10")
            )
            errors[index] = [InvalidInput("size", problem)]
            continue
        if (sides, weight) not in derived:
            try:
                derived[sides, weight] = size_class_for(sides, weight)
            except InvalidInput as exc:
                derived[sides, weight] = exc
        size = derived[sides, weight]
        if isinstance(size, InvalidInput):
            errors[index] = [size]
        else:
            sizes[index] = size


def parse_fields(
    raw: Mapping[str, Any],
    *,
    as_of: dt.date,
    channels: Collection[str],
    partial: bool = False,
    current: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What a seller typed (``{field name: text or value}``) as stored item attributes.

    ``None`` means "not given"; ``as_of`` and ``channels`` as for ``parse_columns``. Creating (``partial=False``): ``parse_columns`` with
    one row. Editing (``partial=True``): only the given fields appear, an empty text
    clears it, and new dims or weight re-derive the size class from ``current`` (the
    item as stored).

    Raises InvalidFields (an InvalidInput naming the first bad field) listing every
    bad field, in table order.
    """
    if not partial:
        columns = {name: [tuple(v) if isinstance(v, list) else v] for name, v in raw.items()}
        result = parse_columns(columns, as_of=as_of, length=1, channels=channels)
        if result.errors:
            raise InvalidFields(result.errors[0])
        return {name: column[0] for name, column in result.values.items()}
    given = {name: value for name, value in raw.items() if value is not None}
    unknown = [name for name in given if name not in FIELD_BY_NAME]
    if unknown:
        raise InvalidInput(unknown[0], _("is not an item field"))
    errors: list[InvalidInput] = []
    if "purchased" in given and "days_held" in given:
        errors.append(InvalidInput("purchased", _("give purchased or days_held, not both")))
        given.pop("days_held")
    values: dict[str, Any] = {}
    if "total_cost" in given:  # a lot's total is split over the units it was bought as
        errors.append(InvalidInput("total_cost", _("give it when adding a lot; to correct "
                                                   "the cost per unit, give cost")))  # fmt: skip
        given.pop("total_cost")
    for item_field, parse in _FIELD_PARSERS:
        if item_field.name not in given:
            continue
        try:
            value = parse(item_field, given[item_field.name], Typed(as_of, channels))
            if len(item_field.attributes) == 1:
                value = (value,)
            values.update(zip(item_field.attributes, value, strict=True))
        except InvalidInput as exc:
            errors.append(exc)
    if not errors:
        try:
            _resize(values, given, current or {})
        except InvalidInput as exc:
            errors.append(exc)
    if errors:
        raise InvalidFields(errors)
    return values


def _resize(values: dict[str, Any], given: Mapping[str, Any], current: Mapping) -> None:
    """An edit that changes dims or weight (and not size) re-derives the size class."""
    if "size" in given or not ("dims" in given or "weight" in given):
        return
    sides = (
        (values["length_cm"], values["width_cm"], values["height_cm"])
        if "dims" in given
        else (current.get("length_cm"), current.get("width_cm"), current.get("height_cm"))
    )
    if sides[0] is not None:
        weight = values["weight_g"] if "weight" in given else current.get("weight_g")
        values["size_class"] = size_class_for(sides, weight)


def _parse_text(item_field: ItemField, value: Any, typed: Typed) -> str | None:
    name = item_field.name
    text = clean_text(value, name, max_length=item_field.max_length or TEXT_MAX)
    if not text and item_field.required:
        raise InvalidInput(name, _("must not be empty"))
    if name == "jan" and text and ("E+" in text.upper() or "." in text):
        raise InvalidInput(
            name,
            _(
                "{text!r} is not a JAN code; a spreadsheet turned it into a number "
                "(format the column as text)"
            ).format(text=text),
        )
    return text or None


def _parse_day(item_field: ItemField, value: Any, typed: Typed) -> dt.date:
    day, as_of = parse_date(value, item_field.name), typed.as_of
    if item_field.name == "purchased" and day > as_of:
        raise InvalidInput(
            item_field.name,
            _("{day} is in the future (today is {today})").format(day=day.isoformat(), today=as_of),
        )
    return day


def _parse_days_ago(item_field: ItemField, value: Any, typed: Typed) -> dt.date:
    days = parse_int(value, item_field.name, minimum=0, maximum=item_field.maximum)
    as_of = typed.as_of
    day = as_of - dt.timedelta(days=days)
    if day < EARLIEST_DATE:
        raise InvalidInput(
            item_field.name,
            _("{days} days before {day} is before {earliest}").format(
                days=days, day=as_of, earliest=EARLIEST_DATE
            ),
        )
    return day


# A comma (or 、) that starts the next quote: one followed by a name and "=", never by
# the digits of a yen amount written with thousands separators (kaitori=1,200).
_NEXT_QUOTE = re.compile(r"[,、]\s*(?=[^\W\d]\w*\s*=)")


def _parse_quotes(value: Any, name: str, channels: Collection[str]) -> str | None:
    """``kaitori=48000`` (several: comma-separated or a list; ``1,200`` yen is one
    amount) as ``"kaitori=48000,…"``.

    Each names one of ``channels``: an offer from a channel the scoring does not know
    would be stored and never used, so the advice would silently lack it."""
    parts = value if isinstance(value, list | tuple) else [value]
    quotes: dict[str, int] = {}
    typed = normalised(",".join(str(p) for p in parts), name)
    for part in _NEXT_QUOTE.split(typed):
        part = part.strip().strip(",、").strip()
        if not part:
            continue
        channel, sep, yen = part.partition("=")
        channel = channel.strip().lower()
        if not sep or not channel.replace("_", "").isalnum() or not channel.isascii():
            raise InvalidInput(
                name, _("{part!r} is not channel=yen, like kaitori=48000").format(part=part)
            )
        if isinstance(channels, Mapping):  # the channels' settings: a switched-off one says so
            from liquidator.settings.channels import check_switched_on

            check_switched_on(channels, channel, name)
        if channel not in channels:
            raise InvalidInput(
                name,
                _("{channel!r} is not a channel a quote can name (known: {known})").format(
                    channel=channel, known=", ".join(channels)
                ),
            )
        quotes[channel] = parse_int(yen, name, minimum=1, maximum=MAX_INT)
    text = ",".join(f"{channel}={yen}" for channel, yen in quotes.items())
    if len(text) > TEXT_MAX:
        raise InvalidInput(
            name, _("too long (at most {maximum} characters)").format(maximum=TEXT_MAX)
        )
    return text or None


# What a seller may type for a condition: our words, with spaces or dashes (and a
# "used" before them, as Amazon writes its grades), or the
# names Japanese flea markets give the six grades (メルカリ, ヤフオク!).
_CONDITION_WORDS = {
    "新品": "new", "未使用": "new", "新品、未使用": "new", "新品・未使用": "new",
    "未使用に近い": "like_new", "目立った傷や汚れなし": "very_good",
    "やや傷や汚れあり": "good", "傷や汚れあり": "acceptable", "全体的に状態が悪い": "poor",
}  # fmt: skip


def _parse_condition(item_field: ItemField, value: Any, typed: Typed) -> str | None:
    text = normalised(str(value), item_field.name).strip()
    word = _CONDITION_WORDS.get(text) or re.sub(r"[\s_-]+", "_", text.lower())
    word = word.removeprefix("used_")  # Amazon's "Used - Good"
    if word not in CONDITIONS:
        raise InvalidInput(
            item_field.name,
            _("{value!r} is not one of {choices}").format(
                value=text, choices=", ".join(CONDITIONS)
            ),
        )
    return word


_INVOICE_NO = re.compile(r"T\d{13}")
# What a seller types for "not registered".
_NOT_REGISTERED_WORDS = ("none", "no", "not registered", "未登録", "なし", "免税事業者")


def _parse_invoice_no(item_field: ItemField, value: Any, typed: Typed) -> str:
    """A registration number as ``T`` and 13 digits (hyphens, spaces and a lower-case
    t tolerated), or ``none`` for a seller who is not registered."""
    text = normalised(str(value), item_field.name).strip()
    if text.lower() in _NOT_REGISTERED_WORDS:
        return NOT_REGISTERED
    number = re.sub(r"[\s-]", "", text).upper()
    if not _INVOICE_NO.fullmatch(number):
        raise InvalidInput(
            item_field.name,
            _("{value!r} is not a registration number (T and 13 digits) or none").format(
                value=text
            ),
        )
    return number


def _parse_photos(item_field: ItemField, value: Any, typed: Typed) -> str | None:
    """Photos as given (a list from a repeated option, or one cell with ``|`` between
    them) as one text, ``|``-joined; each a file path or an http(s) address."""
    parts = value if isinstance(value, list | tuple) else [value]
    photos: list[str] = []
    for part in parts:
        for photo in str(part).split(PHOTO_SEPARATOR):
            photo = clean_text(photo, item_field.name, max_length=TEXT_MAX * 5)
            if "\n" in photo or "\t" in photo:
                raise InvalidInput(item_field.name, _("a photo is one path or address per entry"))
            if photo and photo not in photos:
                photos.append(photo)
    text = PHOTO_SEPARATOR.join(photos)
    if len(text) > (item_field.max_length or TEXT_MAX):
        raise InvalidInput(
            item_field.name,
            _("too long (at most {maximum} characters)").format(maximum=item_field.max_length),
        )
    return text or None


def _parse_order_id(item_field: ItemField, value: Any, typed: Typed) -> str | None:
    if not str(value).strip():
        return None
    return parse_order_id(value, item_field.name)


# How each kind of field is parsed: (field, typed value, ``Typed``) → its attribute's value
# (a tuple of values for a field that sets several).
_PARSERS: dict[str, Callable[[ItemField, Any, dt.date], Any]] = {
    TEXT: _parse_text,
    YEN: lambda f, v, _: parse_int(v, f.name, minimum=1, maximum=f.maximum),
    COUNT: lambda f, v, _: parse_int(v, f.name, minimum=1, maximum=f.maximum),
    DATE: _parse_day,
    DAYS_AGO: _parse_days_ago,
    SIZE: lambda f, v, _: parse_size_class(v, f.name),
    DIMS: lambda f, v, _: parse_dims(v, f.name),
    WEIGHT: lambda f, v, _: parse_weight(v, f.name),
    FLAG: lambda f, v, _: parse_bool(v, f.name),
    QUOTES: lambda f, v, typed: _parse_quotes(v, f.name, typed.channels),
    CONDITION: _parse_condition,
    PHOTOS: _parse_photos,
    LOT_COST: lambda f, v, _: parse_int(v, f.name, minimum=1, maximum=f.maximum),
    INVOICE_NO: _parse_invoice_no,
    ORDER_ID: _parse_order_id,
}
_FIELD_PARSERS = tuple((item_field, _PARSERS[item_field.kind]) for item_field in ITEM_FIELDS)
