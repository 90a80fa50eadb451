"""The generic layout: one posting per row, debit and credit columns, ISO dates.

``date, entry, account, debit, credit, memo``: what any spreadsheet or importer that
maps columns by hand can read. ``entry`` groups the rows of one balanced entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from liquidator.bookkeeping.journal import Entry

DESCRIPTION = "one posting per row: date, entry, account, debit, credit, memo"
ENCODING = "utf-8"
HEADER = ("date", "entry", "account", "debit", "credit", "memo")


def entry_rows(entry: Entry, accounts: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """One row per posting."""
    return [
        (entry.date, entry.number, accounts[p.account], p.debit, p.credit, entry.memo)
        for p in entry.postings
    ]
