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

from liquidator.bookkeeping.journal import EXPORT, PURCHASE_10, PURCHASE_RETURN_10, SALES_10, Entry
from liquidator.bookkeeping.layouts import LAYOUTS, JournalLayout
from liquidator.errors import InvalidInput
from liquidator.i18n import N_, _

TAX_NAMES = {
    SALES_10: "課税売上込10%",
    EXPORT: "輸出売上",
    PURCHASE_10: "課対仕入込10%",
    PURCHASE_RETURN_10: "課対仕入返還込10%",
    None: "対象外",
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
            TAX_NAMES[debit.tax] if debit else "", debit.debit if debit else 0, "",
            _account(accounts, credit.account) if credit else "", "", "",
            TAX_NAMES[credit.tax] if credit else "", credit.credit if credit else 0, "",
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
    )
)
