"""The generic layout: one posting per row, debit and credit columns, ISO dates.

``date, entry, account, debit, credit, memo``: what any spreadsheet or importer that
maps columns by hand can read. ``entry`` groups the rows of one balanced entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from liquidator.bookkeeping.journal import Entry
from liquidator.bookkeeping.layouts import LAYOUTS, JournalLayout
from liquidator.i18n import N_


def entry_rows(entry: Entry, accounts: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """One row per posting."""
    return [
        (entry.date, entry.number, accounts[p.account], p.debit, p.credit, entry.memo)
        for p in entry.postings
    ]


LAYOUTS.register(
    JournalLayout(
        name="generic",
        description=N_("one posting per row: date, entry, account, debit, credit, memo"),
        encoding="utf-8",
        header=("date", "entry", "account", "debit", "credit", "memo"),
        entry_rows=entry_rows,
    )
)
