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
import hashlib
import io
import json

from liquidator.errors import InvalidInput
from liquidator.fields import ITEM_FIELDS, REQUIRED_INPUTS, InvalidFields, parse_fields

COLUMNS: tuple[str, ...] = tuple(field.name for field in ITEM_FIELDS)
MAX_REPORTED_ERRORS = 20
_CP932_STRAYS = frozenset("\x80\uf8f0\uf8f1\uf8f2\uf8f3")
_KEY_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode
_NEVER = object()


def _decode(data: bytes, source: str) -> str:
    if not data or not data.strip():
        raise InvalidInput(
            source, f"is empty; expected a header row like {','.join(REQUIRED_INPUTS)}"
        )
    if data[:4] == b"PK\x03\x04":
        raise InvalidInput(source, "is an Excel workbook or zip file; save it as CSV first")
    if b"\x00" in data:
        raise InvalidInput(source, "contains binary data (NUL bytes); is it a CSV file?")
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
        raise InvalidInput(source, "is neither UTF-8 nor Shift_JIS (cp932) text")
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
            f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}",
        )
    named = [c for c in columns if c]
    doubled = sorted({c for c in named if named.count(c) > 1})
    if doubled:
        raise InvalidInput(source, f"column(s) {', '.join(doubled)} appear more than once")
    missing = [c for c in REQUIRED_INPUTS if c not in columns]
    if missing:
        raise InvalidInput(source, f"missing required column(s) {', '.join(missing)}")
    if "size" not in columns and "dims" not in columns:
        raise InvalidInput(source, "needs a size column (60..200) or a dims column (30x20x10)")
    return columns


# Attributes added after the first keys were stored, with their defaults: a row that
# leaves them at the default hashes exactly as it did before they existed.
_LATER_FIELDS = {"domestic_only": False, "quotes": None}


def row_key(row: dict, *, occurrence: int = 1) -> str:
    """The idempotency key of a parsed row: ``v1:`` + sha256 of its values and occurrence.

    ``occurrence`` is 1 for the first of several identical rows in one file, 2 for the
    second, and so on. The hashed text is ``json.dumps([values, occurrence],
    default=str, ensure_ascii=False, sort_keys=True)`` with ``values`` every field but
    the key itself and the fields added after keys were first stored while they hold
    their default (dates as YYYY-MM-DD); stored keys depend on these bytes, so they
    must never change.
    """
    # Keys taken in sorted order: the same bytes as sort_keys, without sorting each row.
    values = {
        key: value.isoformat() if type(value) is dt.date else value
        for key in sorted(row) if key != "import_key"
        if (value := row[key]) != _LATER_FIELDS.get(key, _NEVER)
    }  # fmt: skip
    payload = _KEY_JSON([values, occurrence])
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
    parts = [f"{source} line {number}: {exc.message}" for number, exc in errors]
    shown = parts[:MAX_REPORTED_ERRORS]
    if len(parts) > len(shown):
        bad_lines = len({number for number, _ in errors})
        shown.append(f"… {len(parts) - len(shown)} more errors ({bad_lines} bad rows in all)")
    first_number, first = errors[0]
    problem = "; ".join([first.message, *shown[1:]])
    return InvalidInput(f"{source} line {first_number}", problem)


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
    rows: list[dict] = []
    errors: list[tuple[int, InvalidInput]] = []
    memo: dict = {}
    try:
        header_cells = next(reader, None)
        if header_cells is None or not any(cell.strip() for cell in header_cells):
            raise InvalidInput(source, "line 1 must be a header row like title,cost,qty,size")
        columns = _header(header_cells, source)
        width = len(columns)
        # Only a header with a blank name can have a stray cell within its width.
        blank_named = not all(columns)
        previous_end = reader.line_num
        for cells in reader:
            # A quoted cell may span lines; name the line the row starts on.
            number, previous_end = previous_end + 1, reader.line_num
            if not "".join(cells).strip():  # every cell blank
                continue
            if blank_named or len(cells) > width:
                stray = [
                    i + 1
                    for i, cell in enumerate(cells)
                    if cell.strip() and (i >= width or not columns[i])
                ]
                if stray:
                    problem = f"cell {stray[0]} has a value but no column name in the header"
                    errors.append((number, InvalidInput("cells", problem)))
                    continue
            # zip stops at the shorter: missing cells are absent, stray ones are blank.
            named = {name: cell for name, cell in zip(columns, cells, strict=False) if name}
            try:
                rows.append(parse_fields(named, as_of=today, memo=memo))
            except InvalidFields as exc:
                errors.extend((number, error) for error in exc.errors)
    except csv.Error as exc:
        errors.append((reader.line_num, InvalidInput("cells", f"not valid CSV ({exc})")))
    if errors:
        raise _error_message(errors, source)

    _add_keys(rows)
    return rows
