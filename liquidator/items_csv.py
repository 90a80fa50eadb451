"""Read a bulk items CSV (``liquidator import items FILE``) into validated item dicts.

Pure: bytes in, dicts out; writing them is the caller's job, all rows or none.

The header names are ``add``'s options (``title, cost, qty, purchased, days_held, size,
dims, weight, sku, asin, jan, category, source, order_id, market_price, return_by,
hazmat, note``); case, spaces, ``-`` and a leading ``--`` are forgiven. Every cell goes
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

from liquidator.errors import InvalidInput
from liquidator.field_values import parse_columns
from liquidator.fields import ITEM_FIELDS, REQUIRED_INPUTS
from liquidator.i18n import _, ngettext

COLUMNS: tuple[str, ...] = tuple(field.name for field in ITEM_FIELDS)
MAX_REPORTED_ERRORS = 20
_CP932_STRAYS = frozenset("\x80\uf8f0\uf8f1\uf8f2\uf8f3")
_KEY_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode
_NEVER = object()


def _decode(data: bytes, source: str) -> str:
    if not data or not data.strip():
        raise InvalidInput(
            source,
            _("is empty; expected a header row like {columns}").format(
                columns=",".join(REQUIRED_INPUTS)
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


def _header(cells: list[str], source: str) -> list[str]:
    # A blank header cell is allowed (spreadsheets add trailing commas); a value under
    # one is reported per row.
    columns = [_column(cell) for cell in cells]
    unknown = [cells[i].strip() for i, c in enumerate(columns) if c and c not in COLUMNS]
    if unknown:
        raise InvalidInput(
            source,
            _("unknown column(s) {unknown}; the columns are {columns}").format(
                unknown=", ".join(unknown), columns=", ".join(COLUMNS)
            ),
        )
    named = [c for c in columns if c]
    doubled = sorted({c for c in named if named.count(c) > 1})
    if doubled:
        raise InvalidInput(
            source,
            _("column(s) {columns} appear more than once").format(columns=", ".join(doubled)),
        )
    missing = [c for c in REQUIRED_INPUTS if c not in columns]
    if missing:
        raise InvalidInput(
            source, _("missing required column(s) {columns}").format(columns=", ".join(missing))
        )
    if "size" not in columns and "dims" not in columns:
        raise InvalidInput(source, _("needs a size column (60..200) or a dims column (30x20x10)"))
    return columns


# Attributes added after the first keys were stored, with their defaults: a row that
# leaves them at the default hashes exactly as it did before they existed.
_LATER_FIELDS = {"domestic_only": False, "quotes": None}


@functools.cache
def _key_order(names: tuple[str, ...]) -> tuple[str, ...]:
    """The hashed attributes in sorted order: the same bytes as sort_keys, sorted once."""
    return tuple(sorted(name for name in names if name != "import_key"))


def row_key(row: dict, *, occurrence: int = 1) -> str:
    """The idempotency key of a parsed row: ``v1:`` + sha256 of its values and occurrence.

    ``occurrence`` is 1 for the first of several identical rows in one file, 2 for the
    second, and so on. The hashed text is ``json.dumps([values, occurrence],
    default=str, ensure_ascii=False, sort_keys=True)`` with ``values`` every field but
    the key itself and the fields added after keys were first stored while they hold
    their default (dates as YYYY-MM-DD); stored keys depend on these bytes, so they
    must never change.
    """
    values = {key: row[key] for key in _key_order(tuple(row))}
    for key, default in _LATER_FIELDS.items():
        if values.get(key, _NEVER) == default:
            del values[key]
    payload = _KEY_JSON([values, occurrence])  # default=str writes a date as YYYY-MM-DD
    return "v1:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _add_keys(rows: list[dict]) -> None:
    """Store each row's ``import_key``: its values' key, and its occurrence for a repeat."""
    seen: dict[str, int] = {}
    for row in rows:
        key = row_key(row)
        count = seen.get(key, 0) + 1
        seen[key] = count
        row["import_key"] = key if count == 1 else row_key(row, occurrence=count)


def _error_message(errors: list[tuple[int, InvalidInput]], source: str) -> InvalidInput:
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


def parse_items_csv(data: bytes, *, source: str, today: dt.date) -> list[dict]:
    """Parse and validate an items CSV; all rows valid, or InvalidInput naming each bad one.

    Returns one dict per non-blank row, in file order, with ``title, qty, unit_cost,
    purchased_on, size_class, length_cm, width_cm, height_cm, weight_g, sku, asin, jan,
    category, source, order_id, market_price, return_by, hazmat, note`` (None when not
    given; ``hazmat`` False) and ``import_key`` (see the module docstring). A file-level
    problem (encoding, unknown or missing columns) raises InvalidInput with field
    ``source``; bad rows raise one InvalidInput naming every bad line and field. A file
    with only a header returns an empty list.
    """
    text = _decode(data, source)
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
    by_name = {name: list(cells) for name, cells in zip(columns, transposed, strict=False) if name}
    parsed = parse_columns(by_name, as_of=today, length=len(kept))
    errors.extend((numbers[index], error) for index in sorted(parsed.errors)
                  for error in parsed.errors[index])  # fmt: skip
    if errors:
        errors.sort(key=lambda numbered: numbered[0])
        raise _error_message(errors, source)

    rows = parsed.rows()
    _add_keys(rows)
    return rows
