"""freee会計「仕訳インポート」(汎用形式の仕訳データ): debit and credit columns side by side.

日付 ``yyyy/mm/dd``; rows with the same 日付 and 伝票番号 (the disposal id) are one
multi-row entry; 借方/貸方 勘定科目, 税区分, 金額 (tax-inclusive whole yen, never
negative) and 取引先 (the channel, or a purchase's supplier), 摘要. 税額 is left empty for freee to compute. Names must match freee's
registered accounts and tax categories (the defaults are freee's standard names).
UTF-8 with a BOM (freee reads UTF-8 and Shift_JIS). Source and date read:
docs/bookkeeping.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from liquidator.bookkeeping import journal as codes
from liquidator.bookkeeping.journal import Entry
from liquidator.bookkeeping.layouts import LAYOUTS, JournalLayout
from liquidator.i18n import N_

HEADER = (
    "日付", "伝票番号", "決算整理仕訳", "借方勘定科目", "借方税区分", "借方金額", "借方税額",
    "借方取引先", "貸方勘定科目", "貸方税区分", "貸方金額", "貸方税額", "貸方取引先", "摘要",
)  # fmt: skip
# freee's default 税区分 names (日本語税区分名 of freee会計 API's tax codes: developer.freee
# .co.jp news 1434, 6471 and 8133; the purchase return from its help). Sources and what
# is not confirmed: docs/bookkeeping.md.
TAX_NAMES = {
    codes.SALES_10: "課税売上10%",
    codes.EXPORT: "輸出売上",
    codes.PURCHASE_10: "課対仕入10%",
    codes.PURCHASE_RETURN_10: "課対仕返10%",
    codes.EXEMPT_PURCHASE: "対象外",
    codes.PURCHASE_10_CREDIT_80: "課対仕入(控80) 10%",
    codes.PURCHASE_10_CREDIT_70: "課対仕入(控70) 10%",
    codes.PURCHASE_10_CREDIT_50: "課対仕入(控50) 10%",
    codes.PURCHASE_10_CREDIT_30: "課対仕入(控30) 10%",
    codes.OUTSIDE: "対象外",
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
            debit.tax if debit else "",
            debit.debit if debit else "",
            "",
            debit.party if debit else "",
            accounts[credit.account] if credit else "",
            credit.tax if credit else "",
            credit.credit if credit else "",
            "",
            credit.party if credit else "",
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
        tax_names=TAX_NAMES,
    )
)
