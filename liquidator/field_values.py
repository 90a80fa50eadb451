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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.field_kinds import PARSERS, Typed
from liquidator.fields import (
    FIELD_BY_NAME,
    ITEM_ATTRIBUTES,
    ITEM_FIELDS,
    InvalidFields,
    ItemField,
)  # fmt: skip
from liquidator.i18n import _
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


_FIELD_PARSERS = tuple((item_field, PARSERS[item_field.kind]) for item_field in ITEM_FIELDS)
