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
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from liquidator.errors import InvalidInput

if TYPE_CHECKING:
    import pandas as pd

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
    kind = type(cell)
    if kind is str:  # the common cases first: the numbers ABCs below are slow
        return "'" + cell if cell.startswith(INJECTION_PREFIXES) else cell
    if kind is int:
        return str(cell)
    if kind is dt.date:
        return cell.isoformat()
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


class ColumnRows(Sequence[list[Any]]):
    """Rows held as columns (in header order), for exports of many rows.

    ``rows[i]`` is one row of plain values, as a row builder gives them (ints,
    ``datetime.date``, text; blanks None); ``write_csv`` writes each column's
    neutralised text without building a row at a time.
    """

    def __init__(self, columns: Sequence[_Column]):
        self.columns = list(columns)
        self._length = len(self.columns[0]) if self.columns else 0

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("row index out of range")
        return [column.value(index) for column in self.columns]

    def __eq__(self, other: object) -> bool:  # compares like the list of rows it stands for
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def text_columns(self) -> list[list[str]]:
        """Each column as CSV text (``neutralise`` applied)."""
        return [column.texts() for column in self.columns]


class _Column:
    def __len__(self) -> int:
        raise NotImplementedError

    def value(self, index: int) -> Any:
        raise NotImplementedError

    def texts(self) -> list[str]:
        raise NotImplementedError


class _Values(_Column):
    """Values as the frame holds them (text, mostly); neutralised cell by cell."""

    def __init__(self, values: list[Any]):
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def value(self, index: int) -> Any:
        return self.values[index]

    def texts(self) -> list[str]:
        # A plain loop over str.startswith beats pandas' .str.startswith here (it loops
        # in Python too unless pyarrow backs the strings) and keeps neutralise's rules.
        prefixes = INJECTION_PREFIXES
        return [
            ("'" + cell if cell.startswith(prefixes) else cell)
            if type(cell) is str
            else ("" if type(cell) is float and cell != cell else neutralise(cell))  # NaN
            for cell in self.values
        ]


class _Whole(_Column):
    """Whole numbers (int64); ``blank`` marks the missing ones (written empty)."""

    def __init__(self, numbers: np.ndarray, blank: np.ndarray):
        self.numbers = numbers
        self.blank = blank

    def __len__(self) -> int:
        return len(self.numbers)

    def value(self, index: int) -> int | None:
        return None if self.blank[index] else int(self.numbers[index])

    def texts(self) -> list[str]:
        texts = list(map(str, self.numbers.tolist()))
        for index in np.flatnonzero(self.blank).tolist():
            texts[index] = ""
        return texts


class _Dates(_Column):
    """Dates as days since 1970-01-01; ``blank`` marks the missing ones."""

    def __init__(self, days: np.ndarray, blank: np.ndarray):
        self.days = np.where(blank, 0, days)
        self.blank = blank

    def __len__(self) -> int:
        return len(self.days)

    def value(self, index: int) -> dt.date | None:
        return None if self.blank[index] else _EPOCH + dt.timedelta(days=int(self.days[index]))

    def texts(self) -> list[str]:
        # A few hundred distinct days among 100k rows: format each once.
        days, where = np.unique(self.days, return_inverse=True)
        labels = np.array(
            [(_EPOCH + dt.timedelta(days=day)).isoformat() for day in days.tolist()] + [""],
            dtype=object,
        )
        where = np.where(self.blank, len(days), where.reshape(-1))
        return labels[where].tolist()


_EPOCH = dt.date(1970, 1, 1)


def items_rows(items_df: Any, as_of: dt.date) -> tuple[list[str], ColumnRows]:
    """One row per item: ``ITEM_HEADER`` columns (missing ones blank), days held at ``as_of``.

    Built a column at a time (vectorised); ``rows[i]`` gives one item's values.
    """
    frame = _frame(items_df)
    qty, unit_cost = _whole(frame, "qty"), _whole(frame, "unit_cost")
    purchased = _dates(frame, "purchased_on")
    if purchased.blank.any() and "created_on" in frame:
        created = _dates(frame, "created_on")
        purchased = _Dates(
            np.where(purchased.blank, created.days, purchased.days),
            purchased.blank & created.blank,
        )
    today = (as_of - _EPOCH).days
    derived: dict[str, _Column] = {
        "qty": _Whole(qty, np.zeros(len(qty), dtype=bool)),
        "unit_cost": _Whole(unit_cost, np.zeros(len(qty), dtype=bool)),
        "stock_value": _Whole(qty * unit_cost, np.zeros(len(qty), dtype=bool)),
        "purchased_on": purchased,
        "days_held": _Whole(today - purchased.days, purchased.blank),
        "return_by": _dates(frame, "return_by"),
        "listed_on": _dates(frame, "listed_on"),
    }
    for column in ("market_price", "listed_price", "size_class", "weight_g"):
        derived[column] = _whole_or_blank(frame, column)
    columns = [derived[name] if name in derived else _values(frame, name) for name in ITEM_HEADER]
    return list(ITEM_HEADER), ColumnRows(columns)


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
    if isinstance(rows, ColumnRows):
        columns = rows.text_columns()
        for start in range(0, total, PROGRESS_EVERY):  # whole columns, a thousand rows a go
            end = min(start + PROGRESS_EVERY, total)
            writer.writerows(zip(*(column[start:end] for column in columns), strict=True))
            if progress is not None and end % PROGRESS_EVERY == 0:
                progress(end, total)
        done = total
        text = buffer.getvalue()
        if encoding == "cp932":
            # One character for one, none of them CSV syntax: the same as cell by cell.
            text = text.translate(_CP932_LOOKALIKES)
            if errors == "strict" and not _fits_cp932([text]):
                _name_first_cp932_problem(columns, header, rows, record_label)
    else:
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
        text = buffer.getvalue()
    out.write(text.encode(encoding, errors=errors))
    if progress is not None:
        progress(done, total)
    return done


def _name_first_cp932_problem(
    columns: list[list[str]],
    header: Sequence[str],
    rows: ColumnRows,
    record_label: Callable[[Sequence[Any]], str] | None,
) -> None:
    """Raise the cp932 error for the first row (then column) holding a bad character."""
    first = None
    for cells in columns:
        if _fits_cp932(["\n".join(cells).translate(_CP932_LOOKALIKES)]):
            continue
        for number, cell in enumerate(cells):
            if first is not None and number >= first:
                break
            if not _fits_cp932([cell.translate(_CP932_LOOKALIKES)]):
                first = number
                break
    if first is not None:
        cells = [column[first].translate(_CP932_LOOKALIKES) for column in columns]
        _name_cp932_problem(cells, header, first + 1, rows[first], record_label)


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


def _frame(frame: Any) -> pd.DataFrame:
    """A DataFrame from a DataFrame, a list of dicts or None."""
    import pandas as pd

    if frame is None:
        return pd.DataFrame()
    if isinstance(frame, pd.DataFrame):
        return frame
    return pd.DataFrame([dict(record) for record in frame])


def _values(frame: pd.DataFrame, name: str) -> _Column:
    """A column as the frame holds it (ids and text); integers go the fast way."""
    if name not in frame:
        return _Values([None] * len(frame))
    series = frame[name]
    if _is_int_array(series):
        return _Whole(series.to_numpy(dtype=np.int64), np.zeros(len(series), dtype=bool))
    return _Values(series.tolist())


def _is_int_array(series: pd.Series) -> bool:
    # numpy integers only: pandas' nullable Int64 may hold <NA>
    return isinstance(series.dtype, np.dtype) and series.dtype.kind in "iu"


def _numbers(frame: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A column as whole numbers (rounded like ``_int``) and where it is blank."""
    if name not in frame:
        return np.zeros(len(frame), dtype=np.int64), np.ones(len(frame), dtype=bool)
    series = frame[name]
    if _is_int_array(series):
        return series.to_numpy(dtype=np.int64), np.zeros(len(series), dtype=bool)
    floats = series.to_numpy(dtype=np.float64, na_value=np.nan)
    blank = np.isnan(floats)
    return np.round(np.where(blank, 0.0, floats)).astype(np.int64), blank


def _whole(frame: pd.DataFrame, name: str) -> np.ndarray:
    """Whole yen/units; blanks count 0 (``_int``)."""
    return _numbers(frame, name)[0]


def _whole_or_blank(frame: pd.DataFrame, name: str) -> _Whole:
    return _Whole(*_numbers(frame, name))


def _dates(frame: pd.DataFrame, name: str) -> _Dates:
    """A column of dates (datetime64, or anything ``_date`` reads, cell by cell)."""
    import pandas as pd

    if name not in frame:
        return _Dates(np.zeros(len(frame), dtype=np.int64), np.ones(len(frame), dtype=bool))
    series = frame[name]
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)  # the local date, as Timestamp.date() gives
    if series.dtype.kind == "M":
        stamps = series.to_numpy()
        blank = np.isnat(stamps)
        return _Dates(stamps.astype("datetime64[D]").astype(np.int64), blank)
    dates = [_date(value) for value in series.tolist()]
    blank = np.array([date is None for date in dates], dtype=bool)
    days = [0 if date is None else (date - _EPOCH).days for date in dates]
    return _Dates(np.array(days, dtype=np.int64), blank)


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
    kind = type(value)
    if kind is float:
        return value != value  # NaN
    if kind is str or kind is int:
        return False
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
