"""freee会計「仕訳インポート」(汎用形式の仕訳データ): debit and credit columns side by side.

日付 ``yyyy/mm/dd``; rows with the same 日付 and 伝票番号 (the disposal id) are one
multi-row entry; 借方/貸方 勘定科目, 税区分 and 金額 (tax-inclusive whole yen, never
negative), 摘要. 税額 is left empty for freee to compute. Names must match freee's
registered accounts and tax categories (the defaults are freee's standard names).
UTF-8 with a BOM (freee reads UTF-8 and Shift_JIS). Source and date read:
docs/bookkeeping.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from liquidator.bookkeeping.journal import EXPORT, PURCHASE_10, PURCHASE_RETURN_10, SALES_10, Entry
from liquidator.bookkeeping.layouts import LAYOUTS, JournalLayout
from liquidator.i18n import N_

HEADER = (
    "日付", "伝票番号", "決算整理仕訳", "借方勘定科目", "借方税区分", "借方金額", "借方税額",
    "貸方勘定科目", "貸方税区分", "貸方金額", "貸方税額", "摘要",
)  # fmt: skip
TAX_NAMES = {
    SALES_10: "課税売上10%",
    EXPORT: "輸出売上",
    PURCHASE_10: "課対仕入10%",
    PURCHASE_RETURN_10: "課対仕入返還10%",
    None: "対象外",
}


def entry_rows(entry: Entry, accounts: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """The entry as freee rows, one per debit/credit pair."""
    date = entry.date.strftime("%Y/%m/%d")
    return [
        (
            date,
            entry.number,
            "",
            accounts[debit.account] if debit else "",
            TAX_NAMES[debit.tax] if debit else "",
            debit.debit if debit else "",
            "",
            accounts[credit.account] if credit else "",
            TAX_NAMES[credit.tax] if credit else "",
            credit.credit if credit else "",
            "",
            entry.memo,
        )  # fmt: skip
        for debit, credit in entry.side_by_side()
    ]


LAYOUTS.register(
    JournalLayout(
        name="freee",
        description=N_("freee会計 (仕訳インポート): 日付, 伝票番号, debit and credit side by side"),
        encoding="utf-8-sig",
        header=HEADER,
        entry_rows=entry_rows,
    )
)
