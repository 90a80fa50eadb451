"""Read Amazon's "All Orders" report (a tab-separated flat file) into one dict per order.

Pure: bytes in, :class:`OrdersReport` out; saving the orders is the caller's job.

What the parser accepts, and why:

- UTF-8 with or without a BOM, LF or CRLF line ends, blank lines, extra columns, and
  missing optional columns: reports differ by marketplace and by when they were made.
- Fields are never quoted in these reports, so a ``"`` is just a character (product
  names such as ``12" vinyl`` are common); fields are split on tabs only.
- ``Canceled`` and ``Cancelled`` (any case) both become ``Cancelled``.
- Timestamps are ISO 8601 (``2026-11-20T12:34:56+00:00``, ``…Z``); naive ones are
  taken as UTC. Every datetime returned is timezone-aware UTC.
- ``item-price`` is kept as a decimal string in the report's currency (``"23.99"``)
  and summed over an order's lines: money in the database is integer yen, and a
  foreign amount becomes yen only with an explicit rate, so nothing is converted here.
- An order on several lines (one per item) is one order: status and
  ``last_updated`` from its newest line, names/SKUs/ASINs joined, quantity summed,
  ``buyer_requested`` true if any line says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from liquidator.errors import InvalidInput
from liquidator.i18n import _, ngettext
from liquidator.parsing import check_date, clean_text, number_text, parse_int, parse_order_id

REQUIRED_COLUMNS: tuple[str, ...] = (
    "amazon-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
)
BUYER_REQUESTED_COLUMNS: tuple[str, ...] = (
    "is-buyer-requested-cancelation",
    "is-buyer-requested-cancellation",
)
# The buyer's reason for a requested cancellation, as the report words it.
BUYER_REASON_COLUMN = "buyer-requested-cancel-reason"
CANCELLED = "Cancelled"
ITEM_SEPARATOR = " | "
_PRICE = re.compile(r"^[0-9]{1,15}(\.[0-9]{1,6})?$")
_TRUE = {"true", "yes", "1", "t", "y"}
_FALSE = {"false", "no", "0", "f", "n", ""}


@dataclass
class OrdersReport:
    """A parsed report: ``rows`` data lines read, ``orders`` one dict per order id."""

    rows: int
    orders: list[dict] = field(default_factory=list)

    @property
    def cancelled(self) -> int:
        """How many orders are cancelled."""
        return sum(1 for order in self.orders if order["status"] == CANCELLED)


def normalize_status(value: str) -> str:
    """An order status as Amazon spells it, with both spellings of cancelled unified."""
    text = value.strip()
    if text.lower() in {"canceled", "cancelled"}:
        return CANCELLED
    return text


def _decode(data: bytes, source: str) -> str:
    if not data or not data.strip():
        raise InvalidInput(source, _("is empty; expected Amazon's tab-separated All Orders report"))
    if data[:4] == b"PK\x03\x04":
        raise InvalidInput(
            source, _("is a zip or Excel file; download the report as tab-separated text")
        )
    if b"\x00" in data:
        raise InvalidInput(source, _("contains binary data; is it Amazon's All Orders report?"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            source,
            _("is not UTF-8 text (bad byte at offset {offset}); is it an order report?").format(
                offset=exc.start
            ),
        ) from None


def _timestamp(value: str, column: str) -> dt.datetime:
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        stamp = dt.datetime.fromisoformat(text)
        stamp = stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise InvalidInput(
            column,
            _("{value!r} is not a date-time like 2026-11-20T12:34:56+00:00").format(value=value),
        ) from None
    check_date(stamp.date(), column)
    return stamp


def _flag(value: str, column: str) -> bool | None:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False if text else None
    raise InvalidInput(column, _("{value!r} is not TRUE or FALSE").format(value=value))


def _price(value: str) -> Decimal | None:
    if not value.strip():
        return None
    problem = _("{value!r} is not an amount like 23.99").format(value=value)
    text = number_text(value, "item-price", fraction=True, not_a_number=problem)
    if not _PRICE.match(text):
        raise InvalidInput("item-price", problem)
    return Decimal(text)


def _parse_line(cells: dict[str, str], buyer_column: str | None) -> dict:
    if not cells["amazon-order-id"].strip():
        raise InvalidInput("amazon-order-id", _("is empty"))
    order_id = parse_order_id(cells["amazon-order-id"], "amazon-order-id")
    status = normalize_status(clean_text(cells["order-status"], "order-status", max_length=200))
    if not status:
        raise InvalidInput("order-status", _("is empty"))
    quantity = cells.get("quantity", "").strip()
    return {
        "amazon_order_id": order_id,
        "merchant_order_id": clean_text(
            cells.get("merchant-order-id", ""), "merchant-order-id", max_length=200
        ),
        "purchase_date": _timestamp(cells["purchase-date"], "purchase-date"),
        "last_updated": _timestamp(cells["last-updated-date"], "last-updated-date"),
        "status": status,
        "fulfillment_channel": clean_text(
            cells.get("fulfillment-channel", ""), "fulfillment-channel", max_length=200
        ),
        "sales_channel": clean_text(
            cells.get("sales-channel", ""), "sales-channel", max_length=200
        ),
        "product_name": clean_text(cells.get("product-name", ""), "product-name", max_length=500),
        "sku": clean_text(cells.get("sku", ""), "sku", max_length=200),
        "asin": clean_text(cells.get("asin", ""), "asin", max_length=200),
        "quantity": parse_int(quantity, "quantity", minimum=0) if quantity else None,
        "currency": clean_text(cells.get("currency", ""), "currency", max_length=10).upper(),
        "item_price": _price(cells.get("item-price", "")),
        "buyer_requested": _flag(cells[buyer_column], buyer_column) if buyer_column else None,
        "buyer_cancel_reason": clean_text(
            cells.get(BUYER_REASON_COLUMN, ""), BUYER_REASON_COLUMN, max_length=500
        ),
    }


def _joined(values: list[str], limit: int) -> str:
    unique = list(dict.fromkeys(v for v in values if v))
    return ITEM_SEPARATOR.join(unique)[:limit]


def _first(values: list[str]) -> str:
    return next((v for v in values if v), "")


def _collapse(lines: list[tuple[int, dict]], source: str) -> dict:
    first = lines[0][1]
    if len(lines) == 1:
        order = dict(first)
    else:
        newest = max(lines, key=lambda pair: (pair[1]["last_updated"], pair[0]))[1]
        currencies = {line["currency"] for _number, line in lines if line["currency"]}
        if len(currencies) > 1:
            number = lines[-1][0]
            raise InvalidInput(
                _("{source} line {number}").format(source=source, number=number),
                _("currency: order {order} mixes {currencies}").format(
                    order=first["amazon_order_id"], currencies=", ".join(sorted(currencies))
                ),
            )
        rows = [line for _number, line in lines]
        quantities = [row["quantity"] for row in rows if row["quantity"] is not None]
        prices = [row["item_price"] for row in rows if row["item_price"] is not None]
        flags = [row["buyer_requested"] for row in rows if row["buyer_requested"] is not None]
        order = {
            "amazon_order_id": first["amazon_order_id"],
            "merchant_order_id": _first([r["merchant_order_id"] for r in rows]),
            "purchase_date": min(r["purchase_date"] for r in rows),
            "last_updated": newest["last_updated"],
            "status": newest["status"],
            "fulfillment_channel": _first([r["fulfillment_channel"] for r in rows]),
            "sales_channel": _first([r["sales_channel"] for r in rows]),
            "product_name": _joined([r["product_name"] for r in rows], 2000),
            "sku": _joined([r["sku"] for r in rows], 1000),
            "asin": _joined([r["asin"] for r in rows], 1000),
            "quantity": sum(quantities) if quantities else None,
            "currency": _first([r["currency"] for r in rows]),
            "item_price": sum(prices, Decimal(0)) if prices else None,
            "buyer_requested": any(flags) if flags else None,
            "buyer_cancel_reason": _first([r["buyer_cancel_reason"] for r in rows]),
        }
    price = order["item_price"]
    order["item_price"] = None if price is None else format(price, "f")
    order["purchased_on"] = order["purchase_date"].date()
    order["lines"] = len(lines)
    return order


def parse_orders_report(data: bytes, *, source: str) -> OrdersReport:
    """Parse an Amazon All Orders report into one dict per ``amazon-order-id``.

    Each order dict: ``amazon_order_id, merchant_order_id, purchase_date`` (aware UTC
    datetime), ``purchased_on`` (its UTC date), ``last_updated`` (aware UTC datetime),
    ``status`` (as in the report; Cancelled unified), ``fulfillment_channel,
    sales_channel, product_name, sku, asin`` (str, "" when absent), ``quantity`` (int or
    None), ``currency`` (str), ``item_price`` (decimal string or None), ``buyer_requested``
    (bool, or None without the column), ``buyer_cancel_reason`` (str, "" when absent),
    ``lines`` (report lines merged). Orders keep
    the order of their first line.

    Raises InvalidInput with field ``source`` for a file that is not an order report
    (naming the missing columns), or ``"<source> line N"`` (the header is line 1) for a
    bad row. Nothing is returned unless the whole file is valid.
    """
    text = _decode(data, source)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE, strict=True
    )
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            raise InvalidInput(source, _("is empty; expected a header line"))
        columns = [cell.strip().lower().replace("_", "-") for cell in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise InvalidInput(
                source,
                ngettext(
                    "is not an Amazon order report: missing column {columns}",
                    "is not an Amazon order report: missing columns {columns}",
                    len(missing),
                ).format(columns=", ".join(missing)),
            )
        index: dict[str, int] = {}
        for position, name in enumerate(columns):
            index.setdefault(name, position)
        buyer_column = next((name for name in BUYER_REQUESTED_COLUMNS if name in index), None)
        width = len(columns)

        rows = 0
        grouped: dict[str, list[tuple[int, dict]]] = {}
        for cells in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                raise InvalidInput(
                    _("{source} line {number}").format(source=source, number=number),
                    _("has {count} fields but the header has {width}").format(
                        count=len(cells), width=width
                    ),
                )
            named = {name: (cells[pos] if pos < len(cells) else "") for name, pos in index.items()}
            try:
                line = _parse_line(named, buyer_column)
            except InvalidInput as exc:
                raise InvalidInput(
                    _("{source} line {number}").format(source=source, number=number), exc.message
                ) from None
            grouped.setdefault(line["amazon_order_id"], []).append((number, line))
    except csv.Error as exc:
        raise InvalidInput(
            _("{source} line {number}").format(source=source, number=reader.line_num), str(exc)
        ) from None

    orders = [_collapse(lines, source) for lines in grouped.values()]
    return OrdersReport(rows=rows, orders=orders)
