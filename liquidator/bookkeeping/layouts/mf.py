"""マネーフォワード クラウド会計「仕訳帳」インポート: the template's 27-column header.

取引No groups the rows of one entry (the disposal id; the rows share 取引日 and balance,
which is what MF takes as one 複合仕訳). Each row holds one debit and/or one credit
(the i-th debit beside the i-th credit); 取引日 ``yyyy/mm/dd``; amounts tax-inclusive
whole yen, never negative; 税額 left empty for MF to compute. Account and 税区分 names
must match what is registered in MF exactly: the defaults are MF's standard names.
UTF-8 with a BOM (MF offers its template in UTF-8 and Shift_JIS; UTF-8 keeps every
title). Source and date read: docs/bookkeeping.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from liquidator.bookkeeping import journal as codes
from liquidator.bookkeeping.journal import Entry
from liquidator.bookkeeping.layouts import LAYOUTS, JournalLayout
from liquidator.i18n import N_

HEADER = (
    "取引No", "取引日", "借方勘定科目", "借方補助科目", "借方部門", "借方取引先", "借方税区分",
    "借方インボイス", "借方金額(円)", "借方税額", "貸方勘定科目", "貸方補助科目", "貸方部門",
    "貸方取引先", "貸方税区分", "貸方インボイス", "貸方金額(円)", "貸方税額", "摘要", "仕訳メモ",
    "タグ", "MF仕訳タイプ", "決算整理仕訳", "作成日時", "作成者", "最終更新日時", "最終更新者",
)  # fmt: skip
# MF's default 税区分 names (its 税区分 list; sources and what is not confirmed:
# docs/bookkeeping.md).
TAX_NAMES = {
    codes.SALES_10: "課税売上 10%",
    codes.EXPORT: "輸出売上 0%",
    codes.PURCHASE_10: "課税仕入 10%",
    codes.PURCHASE_RETURN_10: "課税仕入-返還等 10%",
    codes.EXEMPT_PURCHASE: "対象外",
    codes.PURCHASE_10_CREDIT_80: "課税仕入 10% 80%控除",
    codes.PURCHASE_10_CREDIT_70: "課税仕入 10% 70%控除",
    codes.PURCHASE_10_CREDIT_50: "課税仕入 10% 50%控除",
    codes.PURCHASE_10_CREDIT_30: "課税仕入 10% 30%控除",
    codes.OUTSIDE: "対象外",
}
# MF books a supplier's refund to 仕入値引・戻し高 (its standard account).
ACCOUNTS = {"purchase_returns": "仕入値引・戻し高"}


def entry_rows(entry: Entry, accounts: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """The entry as MF rows, one per debit/credit pair."""
    date = entry.date.strftime("%Y/%m/%d")
    rows = []
    for debit, credit in entry.side_by_side():
        rows.append((
            entry.number, date,
            accounts[debit.account] if debit else "", "", "",
            debit.party if debit else "",
            debit.tax if debit else "", "", debit.debit if debit else "", "",
            accounts[credit.account] if credit else "", "", "",
            credit.party if credit else "",
            credit.tax if credit else "", "", credit.credit if credit else "", "",
            entry.memo, entry.source, "", "", "", "", "", "", "",
        ))  # fmt: skip
    return rows


LAYOUTS.register(
    JournalLayout(
        name="mf",
        description=N_(
            "マネーフォワード クラウド会計 (仕訳帳インポート): 27 columns with its header"
        ),
        encoding="utf-8-sig",
        header=HEADER,
        entry_rows=entry_rows,
        # MF asks for 取引No as 1, 2, 3 …; the disposal goes in 仕訳メモ instead.
        sequential_numbers=True,
        tax_names=TAX_NAMES,
        accounts=ACCOUNTS,
    )
)
