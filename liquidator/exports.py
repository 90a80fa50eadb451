"""Bookkeeping CSV: row builders (DataFrame in, header + rows out) and a safe writer.

Pure: nothing here touches the database; the CLI passes DataFrames and a file.

Cell rules (``neutralise``): numbers stay numbers (``-500`` is written as ``-500``);
every *text* cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading ``'`` (OWASP CSV injection), so a title typed as ``-500`` or
``=HYPERLINK(…)`` arrives in the spreadsheet as text. Money is integer yen, dates ISO.

Files use ``\\r\\n`` line ends (what Excel, Yayoi and freee expect on Windows). For
cp932, the usual Unicode look-alikes of JIS characters (〜 − ‖ ¢ £ ¬ —) are mapped to
the code points cp932 has for them, so a wave dash in a title is not an error.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from typing import Any, BinaryIO

from liquidator.errors import InvalidInput

ENCODINGS = ("utf-8", "utf-8-sig", "cp932")
ERROR_MODES = ("strict", "replace")
INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 1000

DEFAULT_ACCOUNTS: dict[str, str] = {
    "cash": "Cash",
    "fees": "Selling fees",
    "shipping": "Shipping",
    "sales": "Sales",
    "cost_of_goods": "Cost of goods sold",
    "inventory": "Inventory",
    "loss": "Inventory write-off",
    # only used when a disposal's net cash is not price − fees − shipping (e.g. packaging)
    "other_costs": "Other selling costs",
}

ITEM_HEADER = (
    "item_id",
    "title",
    "status",
    "qty",
    "unit_cost",
    "stock_value",
    "market_price",
    "purchased_on",
    "days_held",
    "return_by",
    "listed_channel",
    "listed_price",
    "listed_on",
    "size_class",
    "weight_g",
    "category",
    "sku",
    "asin",
    "jan",
    "source",
    "order_id",
    "note",
)
SALES_HEADER = (
    "date",
    "disposal_id",
    "item_id",
    "title",
    "channel",
    "qty",
    "price",
    "fees",
    "shipping",
    "net_cash",
    "cost_basis",
    "profit",
    "note",
)
JOURNAL_HEADER = ("date", "entry", "account", "debit", "credit", "memo")

# record_label for write_csv, per export: how an error names the row's record.
RECORD_LABELS: dict[str, Callable[[Sequence[Any]], str]] = {
    "items": lambda row: f"item {row[0]}",
    "sales": lambda row: f"disposal {row[1]}",
    "journal": lambda row: f"disposal {row[1]}",
}

# Unicode characters that cp932 spells with a different code point (the JIS mapping
# differences); the glyphs are the same to the reader.
_CP932_LOOKALIKES = str.maketrans(
    {
        "\u301c": "\uff5e",  # 〜 wave dash → ～
        "\u2016": "\u2225",  # ‖ → ∥
        "\u2212": "\uff0d",  # − minus → －
        "\u00a2": "\uffe0",  # ¢ → ￠
        "\u00a3": "\uffe1",  # £ → ￡
        "\u00ac": "\uffe2",  # ¬ → ￢
        "\u2014": "\u2015",  # — em dash → ―
    }
)


def neutralise(cell: Any) -> str:
    """The CSV text for one cell, safe to open in a spreadsheet.

    None/NaN/NaT → ``""``; ints (and whole floats) → their digits, sign kept; dates →
    ISO; bools → ``true``/``false``; text starting with ``= + - @``, tab or CR gets a
    leading ``'``.
    """
    if cell is None or _is_missing(cell):
        return ""
    if isinstance(cell, bool) or type(cell).__name__ == "bool":  # numpy.bool
        return "true" if cell else "false"
    if isinstance(cell, numbers.Integral):  # includes numpy integers
        return str(int(cell))
    if isinstance(cell, numbers.Real):
        number = float(cell)
        return str(int(number)) if number.is_integer() else repr(number)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = str(cell)
    if text.startswith(INJECTION_PREFIXES):
        return "'" + text
    return text


def items_rows(items_df: Any, as_of: dt.date) -> tuple[list[str], list[list[Any]]]:
    """One row per item: ``ITEM_HEADER`` columns (missing ones blank), days held at ``as_of``."""
    rows = []
    for record in _records(items_df):
        qty = _int(record.get("qty"))
        unit_cost = _int(record.get("unit_cost"))
        purchased = _date(record.get("purchased_on")) or _date(record.get("created_on"))
        values = {
            **record,
            "qty": qty,
            "unit_cost": unit_cost,
            "stock_value": qty * unit_cost,
            "market_price": _int_or_blank(record.get("market_price")),
            "listed_price": _int_or_blank(record.get("listed_price")),
            "size_class": _int_or_blank(record.get("size_class")),
            "weight_g": _int_or_blank(record.get("weight_g")),
            "purchased_on": purchased,
            "days_held": (as_of - purchased).days if purchased else None,
            "return_by": _date(record.get("return_by")),
            "listed_on": _date(record.get("listed_on")),
        }
        rows.append([values.get(column) for column in ITEM_HEADER])
    return list(ITEM_HEADER), rows


def sales_rows(disposals_df: Any) -> tuple[list[str], list[list[Any]]]:
    """One row per disposal (join ``title`` from the items first), ``SALES_HEADER`` order."""
    rows = []
    for record in _records(disposals_df):
        values = {
            "date": _date(record.get("sold_on")),
            "disposal_id": _int(record.get("id")),
            "item_id": _int(record.get("item_id")),
            "title": record.get("title"),
            "channel": record.get("channel"),
            "note": record.get("note"),
        }
        for column in ("qty", "price", "fees", "shipping", "net_cash", "cost_basis", "profit"):
            values[column] = _int(record.get(column))
        rows.append([values[column] for column in SALES_HEADER])
    return list(SALES_HEADER), rows


def journal_rows(
    disposals_df: Any, accounts: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[Any]]]:
    """Double-entry lines, one balanced entry per disposal (entry = disposal id).

    Sale: Dr cash (net cash), Dr fees, Dr shipping / Cr sales (price); then
    Dr cost of goods / Cr inventory (cost basis). A write-off (channel ``writeoff``)
    books its cost basis to the loss account instead of cost of goods. When net cash
    is not price − fees − shipping, the difference goes to ``other_costs`` so the entry
    still balances. Zero lines are left out; a negative amount moves to the other side.
    """
    names = {**DEFAULT_ACCOUNTS, **(accounts or {})}
    rows: list[list[Any]] = []
    for record in _records(disposals_df):
        entry = _int(record.get("id"))
        date = _date(record.get("sold_on"))
        channel = "" if _is_missing(record.get("channel")) else str(record.get("channel"))
        memo = " ".join(
            part
            for part in (
                f"item {_int(record.get('item_id'))}",
                "" if _is_missing(record.get("title")) else str(record.get("title")),
                f"({channel})" if channel else "",
            )
            if part
        )
        price, fees, shipping = (_int(record.get(c)) for c in ("price", "fees", "shipping"))
        net_cash, cost_basis = _int(record.get("net_cash")), _int(record.get("cost_basis"))
        other = price - fees - shipping - net_cash
        cost_account = "loss" if channel == "writeoff" else "cost_of_goods"
        lines = [
            ("cash", net_cash),
            ("fees", fees),
            ("shipping", shipping),
            ("other_costs", other),
            ("sales", -price),
            (cost_account, cost_basis),
            ("inventory", -cost_basis),
        ]
        for account, amount in lines:  # amount > 0 is a debit, < 0 a credit
            if amount:
                debit, credit = (amount, 0) if amount > 0 else (0, -amount)
                rows.append([date, entry, names[account], debit, credit, memo])
    return list(JOURNAL_HEADER), rows


def write_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    out: BinaryIO,
    encoding: str = "utf-8",
    errors: str = "strict",
    record_label: Callable[[Sequence[Any]], str] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Write one header row and the rows to ``out``; returns the number of rows.

    The whole file is encoded in memory first, so a cell that cp932 cannot hold
    (``errors="strict"``) raises InvalidInput naming the row (1 = the first data row),
    its ``record_label`` and the column, and nothing is written. ``errors="replace"``
    writes ``?`` instead. ``progress(done, total)`` is called every 1,000 rows and at
    the end (total is None when ``rows`` has no length).
    """
    if encoding not in ENCODINGS:
        raise InvalidInput("--encoding", f"{encoding!r} is not one of {', '.join(ENCODINGS)}")
    if errors not in ERROR_MODES:
        raise InvalidInput("--errors", f"{errors!r} is not one of {', '.join(ERROR_MODES)}")
    total = len(rows) if isinstance(rows, Sized) else None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(header))
    done = 0
    for done, row in enumerate(rows, start=1):
        cells = [neutralise(cell) for cell in row]
        if encoding == "cp932":
            cells = [cell.translate(_CP932_LOOKALIKES) for cell in cells]
            if errors == "strict" and not _fits_cp932(cells):
                _name_cp932_problem(cells, header, done, row, record_label)
        writer.writerow(cells)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
    data = buffer.getvalue().encode(encoding, errors=errors)
    out.write(data)
    if progress is not None:
        progress(done, total)
    return done


def _fits_cp932(cells: list[str]) -> bool:
    try:
        "".join(cells).encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def _name_cp932_problem(
    cells: list[str],
    header: Sequence[str],
    number: int,
    row: Sequence[Any],
    record_label: Callable[[Sequence[Any]], str] | None,
) -> None:
    for column, cell in enumerate(cells):
        try:
            cell.encode("cp932")
        except UnicodeEncodeError as problem:
            bad = cell[problem.start : problem.end]
            label = f"row {number}"
            if record_label is not None:
                label += f" ({record_label(row)})"
            name = header[column] if column < len(header) else f"column {column + 1}"
            raise InvalidInput(
                label, f"{name}: {bad!r} cannot be written in cp932; use --errors replace"
            ) from None


def _records(frame: Any) -> list[dict[str, Any]]:
    """Rows of a DataFrame (or a list of dicts) as dicts."""
    if frame is None:
        return []
    if hasattr(frame, "to_dict"):
        return frame.to_dict("records")
    return [dict(record) for record in frame]


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return math.isnan(value)
    return type(value).__name__ in ("NaTType", "NAType")


def _int(value: Any) -> int:
    """Whole yen/units; blanks count 0."""
    if _is_missing(value):
        return 0
    return int(round(float(value)))


def _int_or_blank(value: Any) -> int | None:
    return None if _is_missing(value) else int(round(float(value)))


def _date(value: Any) -> dt.date | None:
    if _is_missing(value):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamp is a datetime
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()  # ISO text, numpy datetime64
    return dt.date.fromisoformat(text[:10]) if text else None
