"""Read a bulk items CSV (``liquidator import items FILE``) into validated item dicts.

Pure: bytes in, dicts out; writing them is the caller's job, all rows or none.

The header names are ``add``'s options (``title, cost, qty, purchased, days_held, size,
dims, weight, sku, asin, jan, category, source, order_id, market_price, return_by,
hazmat, note`` and the listing fields ``condition, title_ja, title_en, description_ja,
description_en, photo`` (several with ``|`` between them)``, ebay_category,
yahoo_category, mercari_category``); case, spaces, ``-`` and a leading ``--`` are forgiven. Every cell goes
through the same parsers as ``add``, so a value means the same in both places.

Encoding: UTF-8 (BOM or not); otherwise cp932, which is what Excel saves in Japan.

Errors: every bad cell of every row is collected, then one InvalidInput is raised whose
message names each one by line (the header is line 1), e.g.
``items.csv line 3: cost: 'abc' is not a whole number; items.csv line 7: size: …``.

Idempotency: each returned dict carries ``import_key`` = ``"v1:"`` + sha256 of the
row's parsed values (not its line number, so rows may be reordered or appended to) +
the row's occurrence among identical rows in the same file (so a file listing the same
item twice adds it twice, once). The caller stores the key in a unique column and skips
rows whose key exists. ``purchased_on`` is part of the key; for a row given as
``days_held`` it depends on ``today``, so re-importing such a file on a later day is not
recognised: files meant to be re-imported should carry ``purchased`` dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.field_values import parse_columns
from liquidator.fields import (
    FIELD_BY_NAME,
    ITEM_FIELDS,
    LISTING_ATTRIBUTES,
    LOT_ATTRIBUTES,
    REQUIRED_INPUTS,
)
from liquidator.i18n import _, ngettext, some_names

COLUMNS: tuple[str, ...] = tuple(field.name for field in ITEM_FIELDS)
MAX_REPORTED_ERRORS = 20
_CP932_STRAYS = frozenset("\x80\uf8f0\uf8f1\uf8f2\uf8f3")
_KEY_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


def decode_text(data: bytes, source: str, *, header: str | None = None) -> str:
    """A CSV file's text: UTF-8 (BOM or not), else cp932; InvalidInput naming ``source``
    for an empty, binary or otherwise encoded file (``header``: the header an empty
    file should have had)."""
    if not data or not data.strip():
        raise InvalidInput(
            source,
            _("is empty; expected a header row like {columns}").format(
                columns=header or ",".join(REQUIRED_INPUTS)
            ),
        )
    if data[:4] == b"PK\x03\x04":
        raise InvalidInput(source, _("is an Excel workbook or zip file; save it as CSV first"))
    if b"\x00" in data:
        raise InvalidInput(source, _("contains binary data (NUL bytes); is it a CSV file?"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        text = None
    # cp932 maps the stray bytes 0x80, 0xA0, 0xFD-0xFF to these; real text never has them.
    if text is None or any(c in _CP932_STRAYS for c in text):
        raise InvalidInput(source, _("is neither UTF-8 nor Shift_JIS (cp932) text"))
    return text


def _column(name: str) -> str:
    return (
        name.strip().lstrip("\ufeff").lower().removeprefix("--").replace("-", "_").replace(" ", "_")
    )


# A column of a file ``export items`` wrote that no field sets (its id, status, the
# worked-out values, the listing): the export's, not the seller's; left aside.
SET_ASIDE = "~"
# The three sides of an exported file, read as one ``dims`` cell (``30x20x10``).
SIDES = ("length_cm", "width_cm", "height_cm")


def _read_as(names: dict[str, str]) -> dict[str, str]:
    """``names`` ({name: column}) and their Japanese (the headers of a file written in
    Japanese mode), each normalised as a header cell is; a Japanese name two columns
    share is left out rather than guessed."""
    import gettext

    from liquidator.i18n import DOMAIN, LOCALE_DIR

    japanese = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=["ja"], fallback=True)
    read = {_column(name): column for name, column in names.items()}
    translated: dict[str, set[str]] = {}
    for name, column in names.items():
        translated.setdefault(_column(japanese.gettext(name)), set()).add(column)
    read |= {name: columns.pop() for name, columns in translated.items() if len(columns) == 1}
    return read


@functools.cache
def _typed_names() -> dict[str, str]:
    return _read_as({name: name for name in COLUMNS})


@functools.cache
def _exported_names() -> dict[str, str]:
    """What each column of ``export items`` is read as (see ``SET_ASIDE``, ``SIDES``)."""
    from liquidator.fields import STORED_COLUMNS
    from liquidator.item_output import EXPORTED, FIELD, SHOWN_BY_NAME

    setters = {column.name: column.field for column in STORED_COLUMNS}
    names = {}
    for name in EXPORTED:
        header = "item_id" if name == "id" else name
        if SHOWN_BY_NAME[name].source != FIELD:
            names[header] = SET_ASIDE + header
        elif name in SIDES:
            names[header] = name
        else:
            names[header] = setters[name].name
    return _read_as(names)


def _header(cells: list[str], source: str) -> list[str]:
    # A blank header cell is allowed (spreadsheets add trailing commas); a value under
    # one is reported per row. A header with the export's item_id column (in English or
    # Japanese) is a file ``export items`` wrote: its columns read as the fields that
    # set them.
    columns = [_column(cell) for cell in cells]
    exported = _exported_names()
    names = exported if exported[_column("item_id")] in [exported.get(c) for c in columns] else {}
    names = names or _typed_names()
    columns = [names.get(column, column) for column in columns]
    if names is exported and any(column in SIDES for column in columns):
        columns = [column if column != "dims" else SET_ASIDE + column for column in columns]
    known = (*COLUMNS, *SIDES)
    unknown = [cells[i].strip() for i, c in enumerate(columns)
               if c and c not in known and not c.startswith(SET_ASIDE)]  # fmt: skip
    if unknown:
        raise InvalidInput(
            source,
            ngettext(
                "unknown column {unknown}; the columns are {columns}",
                "unknown columns {unknown}; the columns are {columns}",
                len(unknown),
            ).format(unknown=some_names(unknown), columns=", ".join(COLUMNS)),
        )
    named = [c for c in columns if c]
    doubled = sorted({c for c in named if named.count(c) > 1})
    if doubled:
        raise InvalidInput(
            source,
            ngettext(
                "column {columns} appears more than once",
                "columns {columns} appear more than once",
                len(doubled),
            ).format(columns=some_names(doubled)),
        )
    missing = [c for c in REQUIRED_INPUTS
               if c not in columns and FIELD_BY_NAME[c].or_given not in columns]  # fmt: skip
    if missing:
        raise InvalidInput(
            source,
            ngettext(
                "missing required column {columns}",
                "missing required columns {columns}",
                len(missing),
            ).format(columns=", ".join(missing)),
        )
    if "size" not in columns and "dims" not in columns and SIDES[0] not in columns:
        raise InvalidInput(source, _("needs a size column (60..200) or a dims column (30x20x10)"))
    return columns


# Attributes added after the first keys were stored, with their defaults: a row that
# leaves them at the default hashes exactly as it did before they existed.
_LATER_FIELDS = {"domestic_only": False, "quotes": None, **dict.fromkeys(LISTING_ATTRIBUTES),
                 **dict.fromkeys(LOT_ATTRIBUTES)}  # fmt: skip
_KEY_ROWS = 4_096


# How the key's encoder writes a value of each common type (its own C functions: a
# 100k-row file spent a fifth of its import encoding each row's dict whole).
_VALUE_JSON: dict[type, Callable[[Any], str]] = {
    str: json.encoder.encode_basestring,  # what the encoder calls for ensure_ascii=False
    int: int.__repr__,
    float: lambda number: float.__repr__(number) if math.isfinite(number) else _KEY_JSON(number),
    bool: {True: "true", False: "false"}.__getitem__,
    dt.date: lambda day: f'"{day}"',  # default=str, then a string without escapes
}


def row_key(row: dict, *, occurrence: int = 1) -> str:
    """The idempotency key of a parsed row: ``v1:`` + sha256 of its values and occurrence.

    ``occurrence`` is 1 for the first of several identical rows in one file, 2 for the
    second, and so on. The hashed text is ``json.dumps([values, occurrence],
    default=str, ensure_ascii=False, sort_keys=True)`` with ``values`` every field but
    the key itself and the fields added after keys were first stored while they hold
    their default (dates as YYYY-MM-DD); stored keys depend on these bytes, so they
    must never change.
    """
    (body,) = _key_bodies({name: [value] for name, value in row.items()})
    return _key(body, occurrence)


def column_keys(columns: Mapping[str, Sequence[Any]]) -> list[str]:
    """``row_key`` of each row of ``columns`` (``{field: [value per row]}``), each with
    its occurrence among the identical rows before it."""
    seen: dict[str, int] = {}
    keys: list[str] = []
    length = len(next(iter(columns.values()), ()))
    # A few thousand rows at a time: every column's texts for the whole file at once
    # took a 100k-row import's peak memory from 378 to 487 MB.
    for start in range(0, length, _KEY_ROWS):
        part = {name: values[start : start + _KEY_ROWS] for name, values in columns.items()}
        for body in _key_bodies(part):
            key = _key(body, 1)  # counted by key, not by the much longer body
            count = seen[key] = seen.get(key, 0) + 1
            keys.append(key if count == 1 else _key(body, count))
    return keys


def _key(body: str, occurrence: int) -> str:
    payload = f"[{{{body}}}, {occurrence}]"
    return "v1:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _key_bodies(columns: Mapping[str, Sequence[Any]]) -> list[str]:
    """Each row's hashed values as the key's encoder writes a dict's inside (sorted
    keys, ``", "`` and ``": "``), built a column at a time."""
    parts = []
    for name in sorted(name for name in columns if name != "import_key"):
        values = columns[name]
        texts = _value_texts(values, lead=_KEY_JSON(name) + ": ")
        if name in _LATER_FIELDS:  # left out while at its default: "" is dropped below
            default = _LATER_FIELDS[name]
            texts = [
                "" if value == default else text for value, text in zip(values, texts, strict=True)
            ]
        parts.append(texts)
    return [", ".join(filter(None, row)) for row in zip(*parts, strict=True)]


def _value_texts(values: Sequence[Any], *, lead: str) -> list[str]:
    """``lead`` and each value as the key's encoder writes it: a column holds one type
    (and None), written by that type's C function; anything else by the encoder."""
    kinds = set(map(type, values)) - {type(None)}
    null = lead + "null"
    if not kinds:
        return [null] * len(values)
    write = _VALUE_JSON.get(kinds.pop()) if len(kinds) == 1 else None
    if write is None:
        return [lead + _KEY_JSON(value) for value in values]
    return [null if value is None else lead + write(value) for value in values]


def line_errors(errors: list[tuple[int, InvalidInput]], source: str) -> InvalidInput:
    """One InvalidInput for a file's bad lines (``(line, error)``, sorted): the first
    line is the field, then up to MAX_REPORTED_ERRORS of them, then how many more."""
    where = _("{source} line {number}")
    shown = [
        f"{where.format(source=source, number=number)}: {exc.message}"
        for number, exc in errors[:MAX_REPORTED_ERRORS]
    ]
    if len(errors) > len(shown):
        bad_lines = len({number for number, _exc in errors})
        shown.append(
            ngettext(
                "… {count} more error", "… {count} more errors", len(errors) - len(shown)
            ).format(count=len(errors) - len(shown))
            + ngettext(" ({rows} bad row in all)", " ({rows} bad rows in all)", bad_lines).format(
                rows=bad_lines
            )
        )
    first_number, first = errors[0]
    problem = "; ".join([first.message, *shown[1:]])
    return InvalidInput(where.format(source=source, number=first_number), problem)


def _unguarded(cells: list) -> list:
    """Cells as typed before the export guarded them (``exports.cells``: a text that
    would start a formula is written with a ``'`` before it)."""
    from liquidator.exports.cells import INJECTION_PREFIXES

    return [
        cell[1:] if cell and cell.startswith("'") and cell[1:].startswith(INJECTION_PREFIXES)
        else cell
        for cell in cells
    ]  # fmt: skip


def _join_sides(by_name: dict[str, list]) -> None:
    """An exported file's three sides as the one ``dims`` cell a seller types."""
    sides = [by_name.pop(name) for name in SIDES if name in by_name]
    if not sides:
        return
    if len(sides) != len(SIDES):
        sides = [sides[0]] * len(SIDES)  # an incomplete set is reported as such below
    by_name["dims"] = [
        "x".join(cells) if all(cell and cell.strip() for cell in cells) else
        ("" if not any(cell and cell.strip() for cell in cells) else "?")
        for cells in zip(*sides, strict=True)
    ]  # fmt: skip


def parse_items_csv(
    data: bytes, *, source: str, today: dt.date, channels: Collection[str]
) -> list[dict]:
    """Parse and validate an items CSV; all rows valid, or InvalidInput naming each bad one.
    A quote names one of ``channels`` (see ``field_values.parse_columns``).

    Returns one dict per non-blank row, in file order, with ``title, qty, unit_cost,
    purchased_on, size_class, length_cm, width_cm, height_cm, weight_g, sku, asin, jan,
    category, source, order_id, market_price, return_by, hazmat, note`` (None when not
    given; ``hazmat`` False) and ``import_key`` (see the module docstring). A file-level
    problem (encoding, unknown or missing columns) raises InvalidInput with field
    ``source``; bad rows raise one InvalidInput naming every bad line and field. A file
    with only a header returns an empty list.
    """
    text = decode_text(data, source)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    kept: list[list[str]] = []
    numbers: list[int] = []
    errors: list[tuple[int, InvalidInput]] = []
    columns: list[str] = []
    try:
        header_cells = next(reader, None)
        if header_cells is None or not any(cell.strip() for cell in header_cells):
            raise InvalidInput(source, _("line 1 must be a header row like title,cost,qty,size"))
        columns = _header(header_cells, source)
        width = len(columns)
        # Only a header with a blank name can have a stray cell within its width.
        blank_named = not all(columns)
        previous_end = reader.line_num
        for cells in reader:
            # A quoted cell may span lines; name the line the row starts on.
            number, previous_end = previous_end + 1, reader.line_num
            if len(cells) != width or blank_named:
                if not "".join(cells).strip():  # every cell blank
                    continue
                stray = [
                    i + 1
                    for i, cell in enumerate(cells)
                    if cell.strip() and (i >= width or not columns[i])
                ]
                if stray:
                    problem = _(
                        "cell {number} has a value but no column name in the header"
                    ).format(number=stray[0])
                    errors.append((number, InvalidInput("cells", problem)))
                    continue
                # Missing cells are not given; stray blank ones are dropped.
                cells = (cells + [None] * width)[:width]  # type: ignore[list-item]
            elif not "".join(cells).strip():
                continue
            kept.append(cells)
            numbers.append(number)
    except csv.Error as exc:
        errors.append(
            (reader.line_num, InvalidInput("cells", _("not valid CSV ({error})").format(error=exc)))
        )
    # Every kept row has the header's width: the columns are its cells side by side.
    transposed = zip(*kept, strict=True) if kept else ([] for _column in columns)
    by_name = {name: list(cells) for name, cells in zip(columns, transposed, strict=False)
               if name and not name.startswith(SET_ASIDE)}  # fmt: skip
    _join_sides(by_name)
    if SET_ASIDE + "item_id" in columns:  # written by export items: its formula guard off
        by_name = {name: _unguarded(cells) for name, cells in by_name.items()}
    parsed = parse_columns(by_name, as_of=today, length=len(kept), channels=channels)
    errors.extend((numbers[index], error) for index in sorted(parsed.errors)
                  for error in parsed.errors[index])  # fmt: skip
    if errors:
        errors.sort(key=lambda numbered: numbered[0])
        raise line_errors(errors, source)

    rows = parsed.rows()
    for row, key in zip(rows, column_keys(parsed.values), strict=True):
        row["import_key"] = key
    return rows
