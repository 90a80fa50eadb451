"""One column of CSV text: numbers as digits, dates ISO, text safe to open in a spreadsheet.

Cell rules: numbers stay numbers (``-500`` is written as ``-500``); every *text* cell
that starts with ``=``, ``+``, ``-``, ``@`` (or their full-width forms ``＝＋－＠``), a
tab or a carriage return gets a leading
``'`` (OWASP CSV injection), so a title typed as ``-500`` or ``=HYPERLINK(…)`` arrives
in the spreadsheet as text. What counts is how the cell starts once encoded: a cp932
file writes a minus sign ``−`` (U+2212) as ``－`` (see ``liquidator.charsets``), so a
cell starting with it is guarded too, in every encoding; a control character stored before they were refused
at entry is written as "?". Money is integer yen, dates ISO (``2026-11-30``), blanks
empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from liquidator.charsets import LOOKALIKES
from liquidator.render import printable

# The full-width forms too: Excel and LibreOffice under a Japanese IME read ＝ as =.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# ... and every character an encoding writes as one of them.
INJECTION_PREFIXES = FORMULA_STARTS + tuple(
    character for character, written in LOOKALIKES.items() if written in FORMULA_STARTS
)


def neutralise(cell: Any) -> str:
    """The CSV text for one cell (see the module docstring)."""
    kind = type(cell)
    if kind is str:
        cell = printable(cell, csv=True)
        return "'" + cell if cell.startswith(INJECTION_PREFIXES) else cell
    if cell is None or (kind is float and cell != cell):
        return ""
    if kind is bool:
        return "true" if cell else "false"
    if kind is int:
        return str(cell)
    if kind is float:
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if hasattr(cell, "item"):  # a numpy scalar
        return neutralise(cell.item())
    return neutralise(str(cell))


def text_column(values: Any) -> list[str]:
    """A column's cells as CSV text: a numpy array (by dtype) or a list of values."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "iu":
            return list(map(str, values.tolist()))
        if values.dtype.kind == "b":
            return ["true" if v else "false" for v in values.tolist()]
        if values.dtype.kind == "M":
            return _dates(values)
        if values.dtype.kind == "f":
            blank = np.isnan(values)
            whole = np.where(blank, 0, values)
            if np.array_equal(whole, np.round(whole)):
                texts = list(map(str, whole.astype(np.int64).tolist()))
                for index in np.flatnonzero(blank).tolist():
                    texts[index] = ""
                return texts
        values = values.tolist()
    # Nearly every text is printable already: the check costs less than the rewrite.
    values = [
        v if type(v) is not str or v.isprintable() else printable(v, csv=True) for v in values
    ]
    prefixes = INJECTION_PREFIXES
    return [
        ("'" + cell if cell.startswith(prefixes) else cell)
        if type(cell) is str
        else neutralise(cell)
        for cell in values
    ]


def _dates(values: np.ndarray) -> list[str]:
    # A few hundred distinct days among many rows: format each once.
    days = values.astype("datetime64[D]")
    distinct, where = np.unique(days, return_inverse=True)
    labels = ["" if np.isnat(day) else str(day) for day in distinct]
    return [labels[i] for i in where.reshape(-1).tolist()]
