"""Read a price file (``liquidator prices import FILE``) into validated observations.

Pure: bytes in, dicts out; matching them to items and writing them is the caller's
job, all rows or none. Two layouts, told apart by the header:

**Our price CSV.** A header naming ``item`` (an item id), ``asin`` or ``jan`` (at least
one), ``price`` (yen: ``12800``, ``12,800``, ``¥12,800``, ``12,800円``) and optionally
``channel`` (default ``amazon_jp``; one of the workspace's channels), ``kind``
(``buy_box, lowest_new, sold, listed, quote``; default ``listed``: a price seen asked),
``date`` (YYYY-MM-DD; default the import's date) and ``source`` (default
``file:NAME``). Case, spaces and a leading BOM in header names are forgiven.

**Keepa's product export** (Keepa's Product Viewer / Product Finder "Export", CSV), told
by an ``ASIN`` column beside a ``… : Current`` price column. Read: ``ASIN``; ``Buy Box:
Current`` (also ``Buy Box 🚚: Current``) as a ``buy_box`` observation; ``New: Current``
(also ``New 🚚: Current``) as ``lowest_new``; ``Product Codes: EAN`` (the JAN, for
items recorded without an ASIN) and ``Locale`` (rows not from Amazon.co.jp, ``jp``,
are refused: their prices are not yen). Every other column is ignored. An empty or
``-`` price cell means no offer then: no observation. The export has no date: the
prices are taken as seen on the import's date. Column names as Keepa writes them in
its exports (keepa.com, Product Viewer → Export; checked against exports shared in
public tools, 2026).

Encoding: UTF-8 (BOM or not), else cp932 (Excel in Japan). A malformed row stops the
whole file: one InvalidInput names every bad line (the header is line 1) and field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.fields import TEXT_MAX
from liquidator.i18n import _, ngettext
from liquidator.items_csv import decode_text, line_errors
from liquidator.models import PRICE_KINDS
from liquidator.parsing import check_choice, check_not_future, clean_text, parse_date, parse_int

COLUMNS = ("item", "asin", "jan", "price", "channel", "kind", "date", "source")
IDENTITIES = ("item", "asin", "jan")
DEFAULT_CHANNEL = "amazon_jp"
DEFAULT_KIND = "listed"
HEADER_EXAMPLE = "asin,price,date"
# Keepa's export: column (as lower-cased here) -> the observation kind it holds.
KEEPA_PRICES = {
    "buy box: current": "buy_box",
    "buy box 🚚: current": "buy_box",
    "new: current": "lowest_new",
    "new 🚚: current": "lowest_new",
}
KEEPA_ASIN, KEEPA_EAN, KEEPA_LOCALE = "asin", "product codes: ean", "locale"
KEEPA_JAPAN = ("jp", "co.jp", "amazon.co.jp")
_NO_PRICE = ("", "-", "–", "—")


def _name(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().lower()


def is_keepa_export(header: Sequence[str]) -> bool:
    """Whether a header is Keepa's product export (an ASIN and a current price column)."""
    names = {_name(cell) for cell in header}
    return KEEPA_ASIN in names and any(column in names for column in KEEPA_PRICES)


def parse_price_file(
    data: bytes, *, source: str, day: dt.date, today: dt.date, channels: Sequence[str]
) -> list[dict[str, Any]]:
    """The observations a price file holds, in file order, each ``{line, item, asin,
    jan, channel, price, kind, observed_on, source}`` (``item`` an id or None).

    ``day`` dates rows without a date; no date may be after ``today``. ``channels``
    are the channels a row may name. A file-level problem raises InvalidInput naming
    ``source``; bad rows raise one InvalidInput naming every bad line.
    """
    text = decode_text(data, source, header=HEADER_EXAMPLE)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise InvalidInput(
                source, _("line 1 must be a header row like {header}").format(header=HEADER_EXAMPLE)
            )
        names = [_name(cell) for cell in header]
        file_name = "file:" + source.replace("\\", "/").rsplit("/", 1)[-1]
        if is_keepa_export(header):
            read = _keepa_row(names, day, file_name)
        else:
            _check_header(names, header, source)
            read = _csv_row(names, day, today, channels, file_name)
        rows: list[dict[str, Any]] = []
        errors: list[tuple[int, InvalidInput]] = []
        previous_end = reader.line_num
        for cells in reader:
            number, previous_end = previous_end + 1, reader.line_num
            if not "".join(cells).strip():
                continue
            try:
                rows.extend(dict(row, line=number) for row in read(cells))
            except InvalidInput as exc:
                errors.append((number, exc))
    except csv.Error as exc:
        raise InvalidInput(
            _("{source} line {number}").format(source=source, number=reader.line_num),
            _("not valid CSV ({error})").format(error=exc),
        ) from None
    if errors:
        raise line_errors(errors, source)
    return rows


def _check_header(names: list[str], cells: list[str], source: str) -> None:
    unknown = [cells[i].strip() for i, name in enumerate(names) if name and name not in COLUMNS]
    if unknown:
        raise InvalidInput(
            source,
            ngettext(
                "unknown column {unknown}; the columns are {columns}",
                "unknown columns {unknown}; the columns are {columns}",
                len(unknown),
            ).format(unknown=", ".join(unknown), columns=", ".join(COLUMNS)),
        )
    doubled = sorted({name for name in names if name and names.count(name) > 1})
    if doubled:
        raise InvalidInput(
            source,
            ngettext(
                "column {columns} appears more than once",
                "columns {columns} appear more than once",
                len(doubled),
            ).format(columns=", ".join(doubled)),
        )
    if "price" not in names:
        raise InvalidInput(
            source,
            ngettext(
                "missing required column {columns}", "missing required columns {columns}", 1
            ).format(columns="price"),
        )
    if not any(name in names for name in IDENTITIES):
        raise InvalidInput(source, _("needs an item, asin or jan column to say what was priced"))


def _cell(cells: list[str], names: list[str], name: str) -> str:
    """The row's cell under ``name`` ("" when the column or the cell is missing)."""
    if name not in names:
        return ""
    at = names.index(name)
    return cells[at].strip() if at < len(cells) else ""


def _code(value: str, field: str) -> str | None:
    return clean_text(value, field, max_length=TEXT_MAX) or None


def _csv_row(names, day, today, channels, file_name):
    def read(cells: list[str]) -> list[dict[str, Any]]:
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            raise InvalidInput("cells", _("more cells than the header has columns"))
        item_text = _cell(cells, names, "item")
        item = parse_int(item_text, "item", minimum=1) if item_text else None
        asin, jan = _code(_cell(cells, names, "asin"), "asin"), _code(_cell(cells, names, "jan"),
                                                                       "jan")  # fmt: skip
        if item is None and asin is None and jan is None:
            raise InvalidInput("item", _("give an item id, an asin or a jan"))
        price_text = _cell(cells, names, "price")
        if not price_text:
            raise InvalidInput("price", _("is required"))
        date_text = _cell(cells, names, "date")
        observed_on = parse_date(date_text, "date") if date_text else day
        check_not_future(observed_on, "date", today)
        source = _cell(cells, names, "source")
        return [{
            "item": item, "asin": asin, "jan": jan,
            "channel": check_choice(_cell(cells, names, "channel") or DEFAULT_CHANNEL, channels,
                                    "channel"),
            "price": parse_int(price_text, "price", minimum=1),
            "kind": check_choice(_cell(cells, names, "kind") or DEFAULT_KIND, PRICE_KINDS, "kind"),
            "observed_on": observed_on,
            "source": clean_text(source, "source", max_length=TEXT_MAX) if source else file_name,
        }]  # fmt: skip

    return read


def _keepa_row(names, day, file_name):
    prices = [(name, kind) for name, kind in KEEPA_PRICES.items() if name in names]

    def read(cells: list[str]) -> list[dict[str, Any]]:
        locale = _cell(cells, names, KEEPA_LOCALE).lower()
        if locale and locale not in KEEPA_JAPAN:
            raise InvalidInput(
                "Locale",
                _("{locale!r}: not Amazon.co.jp, so its prices are not yen").format(locale=locale),
            )
        asin = _code(_cell(cells, names, KEEPA_ASIN), "ASIN")
        ean = _cell(cells, names, KEEPA_EAN).split(",")[0].strip()
        jan = _code(ean, "Product Codes: EAN")
        if asin is None and jan is None:
            raise InvalidInput("ASIN", _("is required"))
        found = []
        for name, kind in prices:
            text = _cell(cells, names, name)
            if text in _NO_PRICE:
                continue
            price = parse_int(text.replace(" ", ""), name, minimum=1)
            found.append({"item": None, "asin": asin, "jan": jan, "channel": DEFAULT_CHANNEL,
                          "price": price, "kind": kind, "observed_on": day,
                          "source": file_name})  # fmt: skip
        return found

    return read
