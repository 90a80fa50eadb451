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
import re
from json.encoder import encode_basestring

from liquidator.errors import InvalidInput
from liquidator.parsing import (
    clean_text,
    parse_bool,
    parse_date,
    parse_dims,
    parse_int,
    parse_size_class,
    parse_weight,
    parse_yen,
)
from liquidator.sizes import SIZE_CLASSES, size_class_for

COLUMNS: tuple[str, ...] = (
    "title",
    "cost",
    "qty",
    "purchased",
    "days_held",
    "size",
    "dims",
    "weight",
    "sku",
    "asin",
    "jan",
    "category",
    "source",
    "order_id",
    "market_price",
    "return_by",
    "hazmat",
    "note",
)
REQUIRED: tuple[str, ...] = ("title", "cost")
TEXT_LIMITS: dict[str, int] = {
    "title": 500,
    "note": 10_000,
    "sku": 200,
    "asin": 200,
    "jan": 200,
    "category": 200,
    "source": 200,
    "order_id": 200,
}
MAX_DAYS_HELD = 36_500
MAX_REPORTED_ERRORS = 20
_CP932_STRAYS = frozenset("\x80\uf8f0\uf8f1\uf8f2\uf8f3")
# What clean_text refuses (control characters but tab and newline, DEL, C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SIZES = {str(size): size for size in SIZE_CLASSES}
# A subset of what parse_dims accepts: ASCII digits, no spaces, no unit.
_PLAIN_DIMS = re.compile(
    r"([0-9]+(?:\.[0-9]+)?)[x×*]([0-9]+(?:\.[0-9]+)?)[x×*]([0-9]+(?:\.[0-9]+)?)"
)
_TEXT_FIELDS = tuple(
    (name, TEXT_LIMITS[name]) for name in ("sku", "asin", "jan", "category", "source", "order_id")
)
# json.dumps(..., default=str, ensure_ascii=False, sort_keys=True) builds this encoder on
# every call; making it once gives the same bytes for a fraction of the cost.
_KEY_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def _decode(data: bytes, source: str) -> str:
    if not data or not data.strip():
        raise InvalidInput(source, f"is empty; expected a header row like {','.join(REQUIRED)}")
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
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InvalidInput(source, f"missing required column(s) {', '.join(missing)}")
    if "size" not in columns and "dims" not in columns:
        raise InvalidInput(source, "needs a size column (60..200) or a dims column (30x20x10)")
    return columns


def _clean(value: str, field: str, limit: int) -> str:
    """``clean_text`` for a CSV cell: the common case inline, the errors from clean_text."""
    text = value.strip()
    # isprintable() is False for every character clean_text refuses (and for tab and
    # newline, which it allows: the regex decides those).
    if len(text) <= limit and (text.isprintable() or not _CONTROL.search(text)):
        return text
    return clean_text(value, field, max_length=limit)  # raises, with add's wording


def _dims(value: str) -> tuple[float, float, float]:
    """``parse_dims``, inline for the plain form ``30x20.5x10``."""
    match = _PLAIN_DIMS.fullmatch(value)
    if match:
        sides = (float(match[1]), float(match[2]), float(match[3]))
        if min(sides) > 0 and max(sides) <= 1000:  # parse_dims's bounds
            return sides
    return parse_dims(value, "dims")


def _weight(value: str) -> int:
    """``parse_weight``, inline for whole grams like ``800g``."""
    digits = value[:-1]
    if value[-1:] == "g" and len(digits) < 8 and digits.isdigit() and digits.isascii():
        grams = int(digits)
        if 0 < grams <= 1_000_000:  # parse_weight's bounds
            return grams
    return parse_weight(value, "weight")


def _date(value: str, field: str, known: dict[str, dt.date]) -> dt.date:
    """``parse_date``, remembered in ``known`` by the cell's text."""
    day = known[value] = parse_date(value, field)
    return day


def _plain_whole(text: str) -> bool:
    """True for a stripped cell that is a plain whole number from 1 to 999,999,999."""
    return len(text) < 10 and text.isdigit() and text.isascii() and text[0] != "0"


def _parse_row(
    cells: dict[str, str], *, today: dt.date, dates: dict[str, dt.date] | None = None
) -> tuple[dict, list[InvalidInput]]:
    """Parse one row, collecting one error per bad field (in column order, as add would).

    A cell in a common form is parsed inline; anything else goes through the parsing
    helpers ``add`` uses, so results and error messages are the same as theirs.
    ``dates`` remembers parsed date cells across the rows of one file (few distinct).
    """
    errors: list[InvalidInput] = []
    get = cells.get
    if dates is None:
        dates = {}

    title = None
    try:
        title = _clean(get("title", ""), "title", TEXT_LIMITS["title"])
        if not title:
            title = None
            raise InvalidInput("title", "is required")
    except InvalidInput as exc:
        errors.append(exc)

    unit_cost = None
    cell = get("cost", "")
    if _plain_whole(text := cell.strip()):
        unit_cost = int(text)
    else:
        try:
            if not text:
                raise InvalidInput("cost", "is required (yen per unit)")
            unit_cost = parse_yen(cell, "cost")
        except InvalidInput as exc:
            errors.append(exc)

    qty = 1
    cell = get("qty", "")
    if _plain_whole(text := cell.strip()):
        qty = int(text)
    elif text:
        try:
            qty = parse_int(cell, "qty", minimum=1)
        except InvalidInput as exc:
            errors.append(exc)
            qty = None

    purchased_on = None
    try:
        purchased = get("purchased", "")
        days_held = get("days_held", "")
        if purchased.strip():
            if days_held.strip():
                raise InvalidInput("purchased", "give purchased or days_held, not both")
            purchased_on = dates.get(purchased) or _date(purchased, "purchased", dates)
            if purchased_on > today:
                day, purchased_on = purchased_on, None
                raise InvalidInput("purchased", f"{day.isoformat()} is in the future")
        elif days_held.strip():
            days = parse_int(days_held, "days_held", minimum=0)
            if days > MAX_DAYS_HELD:
                raise InvalidInput("days_held", f"must be at most {MAX_DAYS_HELD}, got {days}")
            purchased_on = today - dt.timedelta(days=days)
        else:
            purchased_on = today
    except InvalidInput as exc:
        errors.append(exc)

    dims = None
    dims_cell = get("dims", "")
    if dims_cell.strip():
        try:
            dims = _dims(dims_cell)
        except InvalidInput as exc:
            errors.append(exc)

    weight_g = None
    cell = get("weight", "")
    if cell.strip():
        try:
            weight_g = _weight(cell)
        except InvalidInput as exc:
            errors.append(exc)

    size_class = None
    try:
        cell = get("size", "")
        if cell.strip():
            size_class = _SIZES.get(cell.strip()) or parse_size_class(cell, "size")
        elif dims is not None:
            size_class = size_class_for(dims, weight_g)
        elif not dims_cell.strip():  # else the dims error is already reported
            raise InvalidInput("size", "give size (60..200) or dims like 30x20x10")
    except InvalidInput as exc:
        errors.append(exc)

    texts: dict[str, str | None] = {}
    for name, limit in _TEXT_FIELDS:
        texts[name] = None
        cell = get(name)
        if cell:
            try:
                texts[name] = _clean(cell, name, limit) or None
            except InvalidInput as exc:
                errors.append(exc)
    jan = texts["jan"]
    if jan and any(mark in jan.upper() for mark in ("E+", ".")):
        errors.append(
            InvalidInput(
                "jan",
                f"{jan!r} is not a JAN code; a spreadsheet turned it into a number "
                "(format the column as text)",
            )
        )

    market_price = None
    cell = get("market_price", "")
    if _plain_whole(text := cell.strip()):
        market_price = int(text)
    elif text:
        try:
            market_price = parse_yen(cell, "market_price")
        except InvalidInput as exc:
            errors.append(exc)

    return_by = None
    cell = get("return_by", "")
    if cell.strip():
        try:
            return_by = dates.get(cell) or _date(cell, "return_by", dates)
        except InvalidInput as exc:
            errors.append(exc)

    hazmat = None
    cell = get("hazmat")
    try:
        hazmat = parse_bool(cell, "hazmat") if cell else False
    except InvalidInput as exc:
        errors.append(exc)

    note = None
    try:
        note = _clean(get("note", ""), "note", TEXT_LIMITS["note"]) or None
    except InvalidInput as exc:
        errors.append(exc)

    length_cm, width_cm, height_cm = dims if dims else (None, None, None)
    row = {
        "title": title,
        "unit_cost": unit_cost,
        "qty": qty,
        "purchased_on": purchased_on,
        "weight_g": weight_g,
        "size_class": size_class,
        "length_cm": length_cm,
        "width_cm": width_cm,
        "height_cm": height_cm,
        **texts,
        "market_price": market_price,
        "return_by": return_by,
        "hazmat": hazmat,
        "note": note,
    }
    return row, errors


def row_key(row: dict, *, occurrence: int = 1) -> str:
    """The idempotency key of a parsed row: ``v1:`` + sha256 of its values and occurrence.

    ``occurrence`` is 1 for the first of several identical rows in one file, 2 for the
    second, and so on. :func:`parse_items_csv` already stores it as ``import_key``.
    The hashed text is ``json.dumps([values, occurrence], default=str,
    ensure_ascii=False, sort_keys=True)`` with ``values`` every field but the key itself
    (dates as YYYY-MM-DD); stored keys depend on these bytes, so they must never change.
    """
    values = {key: row[key] for key in sorted(row) if key != "import_key"}
    return _hashed(values, occurrence)


def _hashed(values: dict, occurrence: int) -> str:
    payload = _KEY_JSON.encode([values, occurrence])
    return "v1:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _key_text(row: dict, occurrence: int) -> str:
    """The text :func:`row_key` hashes, for a row :func:`_parse_row` made, built directly.

    Same bytes as the encoder gives (tests compare the two): keys in sorted order, strings
    escaped by json's own ``encode_basestring`` (what ``ensure_ascii=False`` uses), floats
    by ``repr``, dates by ``str`` (as ``default=str``). Several times faster than the encoder, and the key
    is most of the parse's cost.
    """
    text = encode_basestring
    asin, category, jan, note = row["asin"], row["category"], row["jan"], row["note"]
    order_id, sku, source = row["order_id"], row["sku"], row["source"]
    length, width, height = row["length_cm"], row["width_cm"], row["height_cm"]
    market, weight, back = row["market_price"], row["weight_g"], row["return_by"]
    return_by = "null" if back is None else f'"{back}"'
    return (
        f'[{{"asin": {"null" if asin is None else text(asin)}, '
        f'"category": {"null" if category is None else text(category)}, '
        f'"hazmat": {"true" if row["hazmat"] else "false"}, '
        f'"height_cm": {"null" if height is None else repr(height)}, '
        f'"jan": {"null" if jan is None else text(jan)}, '
        f'"length_cm": {"null" if length is None else repr(length)}, '
        f'"market_price": {"null" if market is None else market}, '
        f'"note": {"null" if note is None else text(note)}, '
        f'"order_id": {"null" if order_id is None else text(order_id)}, '
        f'"purchased_on": "{row["purchased_on"]}", '
        f'"qty": {row["qty"]}, '
        f'"return_by": {return_by}, '
        f'"size_class": {row["size_class"]}, '
        f'"sku": {"null" if sku is None else text(sku)}, '
        f'"source": {"null" if source is None else text(source)}, '
        f'"title": {text(row["title"])}, '
        f'"unit_cost": {row["unit_cost"]}, '
        f'"weight_g": {"null" if weight is None else weight}, '
        f'"width_cm": {"null" if width is None else repr(width)}}}, {occurrence}]'
    )


def _add_keys(rows: list[dict]) -> None:
    """Store each row's ``import_key``: one hash per row, a second only for a repeat."""
    sha256 = hashlib.sha256
    seen: dict[str, int] = {}
    for row in rows:
        first = "v1:" + sha256(_key_text(row, 1).encode()).hexdigest()
        count = seen.get(first, 0) + 1
        seen[first] = count
        if count > 1:
            first = "v1:" + sha256(_key_text(row, count).encode()).hexdigest()
        row["import_key"] = first


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
    try:
        header_cells = next(reader, None)
        if header_cells is None or not any(cell.strip() for cell in header_cells):
            raise InvalidInput(source, "line 1 must be a header row like title,cost,qty,size")
        columns = _header(header_cells, source)
        width = len(columns)
        # Only a header with a blank name can have a stray cell within its width.
        blank_named = not all(columns)
        previous_end = reader.line_num
        dates: dict[str, dt.date] = {}
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
            row, row_errors = _parse_row(
                dict(zip(columns, cells, strict=False)), today=today, dates=dates
            )
            if row_errors:
                errors.extend((number, exc) for exc in row_errors)
            else:
                rows.append(row)
    except csv.Error as exc:
        errors.append((reader.line_num, InvalidInput("cells", f"not valid CSV ({exc})")))
    if errors:
        raise _error_message(errors, source)

    _add_keys(rows)
    return rows
