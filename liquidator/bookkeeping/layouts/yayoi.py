"""弥生会計「弥生インポート形式」: 25 columns, no header, Shift_JIS (cp932), CRLF.

One row per pair of postings: the i-th debit beside the i-th credit of an entry. An
entry of one row has 識別フラグ 2000; a longer one 2110 on its first row, 2100 between
and 2101 on its last. 取引日付 is ``yyyy/mm/dd``; amounts are tax-inclusive whole yen
and never negative (a side with no account has 0, as the format asks); 摘要 is cut at
64 half-width columns (a full-width character counts 2); タイプ 0, 調整 ``no``. An
account name longer than 24 half-width columns is refused rather than cut, because 弥生
would cut it into another name. The 税区分 names are 弥生's for tax-inclusive books.
Source and date read: docs/bookkeeping.md.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from liquidator.bookkeeping import journal as codes
from liquidator.bookkeeping.journal import Entry
from liquidator.bookkeeping.layouts import LAYOUTS, JournalLayout
from liquidator.errors import InvalidInput
from liquidator.i18n import N_, _

# 弥生's 税区分 for tax-inclusive books (税込), with the invoice class 弥生 appends since
# インボイス (適格, 区分80% …). Sources and what is not confirmed: docs/bookkeeping.md.
TAX_NAMES = {
    codes.SALES_10: "課税売上込10%",
    codes.EXPORT: "輸出売上",
    codes.PURCHASE_10: "課対仕入込10%適格",
    codes.PURCHASE_RETURN_10: "課対仕返込10%適格",
    codes.EXEMPT_PURCHASE: "対象外",
    codes.PURCHASE_10_CREDIT_80: "課対仕入込10%区分80%",
    codes.PURCHASE_10_CREDIT_70: "課対仕入込10%区分70%",
    codes.PURCHASE_10_CREDIT_50: "課対仕入込10%区分50%",
    codes.PURCHASE_10_CREDIT_30: "課対仕入込10%区分30%",
    codes.OUTSIDE: "対象外",
}
MEMO_COLUMNS = 64
ACCOUNT_COLUMNS = 24


def columns_of(text: str) -> int:
    """Half-width columns ``text`` takes (full-width and wide characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, limit: int) -> str:
    used, kept = 0, []
    for char in text:
        used += columns_of(char)
        if used > limit:
            break
        kept.append(char)
    return "".join(kept)


def _account(accounts: Mapping[str, str], key: str) -> str:
    name = accounts[key]
    if columns_of(name) > ACCOUNT_COLUMNS:
        raise InvalidInput(
            f"accounts.{key}",
            _("{name!r} is longer than 弥生's {limit} half-width columns").format(
                name=name, limit=ACCOUNT_COLUMNS
            ),
        )
    return name


def entry_rows(entry: Entry, accounts: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """The entry as 弥生 rows (see the module docstring)."""
    pairs = entry.side_by_side()
    date = entry.date.strftime("%Y/%m/%d")
    # 弥生インポート形式 has no 取引先 column: the 摘要 names the counterparty.
    memo = _cut(entry.memo, MEMO_COLUMNS)
    rows = []
    for index, (debit, credit) in enumerate(pairs):
        if len(pairs) == 1:
            flag = "2000"
        else:
            flag = "2110" if index == 0 else "2101" if index == len(pairs) - 1 else "2100"
        rows.append((
            flag, "", "", date,
            _account(accounts, debit.account) if debit else "", "", "",
            debit.tax if debit else "", debit.debit if debit else 0, "",
            _account(accounts, credit.account) if credit else "", "", "",
            credit.tax if credit else "", credit.credit if credit else 0, "",
            memo, "", "", 0, "", "", 0, 0, "no",
        ))  # fmt: skip
    return rows


LAYOUTS.register(
    JournalLayout(
        name="yayoi",
        description=N_("弥生会計 (弥生インポート形式): 25 columns, no header, cp932"),
        encoding="cp932",
        header=None,
        width=25,
        entry_rows=entry_rows,
        tax_names=TAX_NAMES,
    )
)
