"""A journal file checked as a tax accountant importing it would, from the vendors' specs.

Written apart from the layouts (nothing here is imported from liquidator.bookkeeping), so
a layout that drifts from its package's specification fails here. What each package
asks (sources in docs/bookkeeping.md):

- 弥生インポート形式: 25 columns, no header, Shift_JIS (cp932) without a BOM, CRLF;
  識別フラグ 2000 (one row) or 2110 … 2100 … 2101; 取引日付 yyyy/mm/dd; 金額 whole yen,
  never negative, 0 on an empty side; 税区分 from 弥生's list (税込, with its invoice
  class); タイプ 0, 調整 no.
- マネーフォワード クラウド会計 仕訳帳: its 27-column header, UTF-8 with a BOM, CRLF;
  取引No groups an entry; 取引日 yyyy/mm/dd; 税区分 from MF's list.
- freee 仕訳インポート: its header, UTF-8 with a BOM, CRLF; 日付 and 伝票番号 group an
  entry; 税区分 from freee's list (日本語税区分名).
- generic: date,entry,account,debit,credit,memo; ISO dates.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass

YAYOI_TAX = {"課税売上込10%", "輸出売上", "課対仕入込10%適格", "課対仕返込10%適格", "対象外",
             "課対仕入込10%区分80%", "課対仕入込10%区分70%", "課対仕入込10%区分50%",
             "課対仕入込10%区分30%"}  # fmt: skip
MF_TAX = {"課税売上 10%", "輸出売上 0%", "課税仕入 10%", "課税仕入-返還等 10%", "対象外",
          "課税仕入 10% 80%控除", "課税仕入 10% 70%控除", "課税仕入 10% 50%控除",
          "課税仕入 10% 30%控除"}  # fmt: skip
FREEE_TAX = {"課税売上10%", "輸出売上", "課対仕入10%", "課対仕返10%", "対象外",
             "課対仕入(控80) 10%", "課対仕入(控70) 10%", "課対仕入(控50) 10%",
             "課対仕入(控30) 10%"}  # fmt: skip
MF_HEADER = (
    "取引No", "取引日", "借方勘定科目", "借方補助科目", "借方部門", "借方取引先", "借方税区分",
    "借方インボイス", "借方金額(円)", "借方税額", "貸方勘定科目", "貸方補助科目", "貸方部門",
    "貸方取引先", "貸方税区分", "貸方インボイス", "貸方金額(円)", "貸方税額", "摘要", "仕訳メモ",
    "タグ", "MF仕訳タイプ", "決算整理仕訳", "作成日時", "作成者", "最終更新日時", "最終更新者",
)  # fmt: skip
SLASHED = re.compile(r"\d{4}/\d{2}/\d{2}")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Line:
    """One side of one row: the entry it belongs to, account, tax name, yen (> 0 debit)."""

    entry: str
    date: str
    account: str
    tax: str
    amount: int


def check(layout: str, data: bytes) -> list[Line]:
    """Check ``data`` against ``layout``'s rules (AssertionError naming the rule broken)
    and return its lines."""
    assert data.endswith(b"\r\n"), "ends with CRLF"
    assert b"\n" not in data.replace(b"\r\n", b""), "every line ends CRLF"
    return {"yayoi": _yayoi, "mf": _mf, "freee": _freee, "generic": _generic}[layout](data)


def balances(lines: list[Line]) -> None:
    """Every entry balances, on one date."""
    total, dates = defaultdict(int), defaultdict(set)
    for line in lines:
        total[line.entry] += line.amount
        dates[line.entry].add(line.date)
    assert all(value == 0 for value in total.values()), "each entry balances"
    assert all(len(days) == 1 for days in dates.values()), "an entry is on one date"


def account_total(lines: list[Line], account: str) -> int:
    """Debits less credits of one account."""
    return sum(line.amount for line in lines if line.account == account)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _yen(cell: str) -> int:
    assert re.fullmatch(r"\d+", cell), f"whole non-negative yen: {cell!r}"
    return int(cell)


def _yayoi(data: bytes) -> list[Line]:
    assert not data.startswith(b"\xef\xbb\xbf"), "弥生: no BOM"
    rows = _rows(data.decode("cp932"))
    lines, entry = [], 0
    for index, row in enumerate(rows):
        assert len(row) == 25, "弥生: 25 columns"
        flag = row[0]
        assert flag in ("2000", "2110", "2100", "2101"), "弥生: 識別フラグ"
        if flag in ("2000", "2110"):
            entry += 1
            assert index == 0 or rows[index - 1][0] in ("2000", "2101"), "弥生: 2110 after an end"
        else:
            assert rows[index - 1][0] in ("2110", "2100"), "弥生: 2100/2101 follow 2110"
        assert SLASHED.fullmatch(row[3]), "弥生: 取引日付 yyyy/mm/dd"
        assert (row[19], row[24]) == ("0", "no"), "弥生: タイプ 0, 調整 no"
        for account, tax, amount, sign in ((row[4], row[7], row[8], 1),
                                           (row[10], row[13], row[14], -1)):  # fmt: skip
            yen = _yen(amount)
            if account:
                assert tax in YAYOI_TAX, f"弥生's 税区分: {tax!r}"
                lines.append(Line(str(entry), row[3], account, tax, sign * yen))
            else:
                assert yen == 0 and not tax, "弥生: 0 on an empty side"
    assert rows[-1][0] in ("2000", "2101"), "弥生: the last entry is closed"
    balances(lines)
    return lines


def _sided(rows, *, number, date, debit, credit, taxes, name) -> list[Line]:
    lines = []
    for row in rows:
        assert SLASHED.fullmatch(row[date]), f"{name}: date yyyy/mm/dd"
        for account, tax, amount, sign in ((row[debit[0]], row[debit[1]], row[debit[2]], 1),
                                           (row[credit[0]], row[credit[1]], row[credit[2]],
                                            -1)):  # fmt: skip
            if account:
                assert tax in taxes, f"{name}'s 税区分: {tax!r}"
                lines.append(Line(f"{row[date]}#{row[number]}", row[date], account, tax,
                                  sign * _yen(amount)))  # fmt: skip
            else:
                assert amount == "" and tax == "", f"{name}: an empty side is empty"
    balances(lines)
    return lines


def _mf(data: bytes) -> list[Line]:
    assert data.startswith(b"\xef\xbb\xbf"), "MF: UTF-8 with a BOM"
    rows = _rows(data.decode("utf-8-sig"))
    assert tuple(rows[0]) == MF_HEADER, "MF: the template's header"
    assert all(len(row) == 27 for row in rows), "MF: 27 columns"
    return _sided(rows[1:], number=0, date=1, debit=(2, 6, 8), credit=(10, 14, 16),
                  taxes=MF_TAX, name="MF")  # fmt: skip


def _freee(data: bytes) -> list[Line]:
    assert data.startswith(b"\xef\xbb\xbf"), "freee: UTF-8 with a BOM"
    rows = _rows(data.decode("utf-8-sig"))
    header = rows[0]
    for required in ("日付", "借方勘定科目", "借方金額", "貸方勘定科目", "貸方金額"):
        assert required in header, f"freee: {required} column"
    assert all(len(row) == len(header) for row in rows), "freee: every row as wide"
    at = header.index
    return _sided(rows[1:], number=at("伝票番号"), date=at("日付"),
                  debit=(at("借方勘定科目"), at("借方税区分"), at("借方金額")),
                  credit=(at("貸方勘定科目"), at("貸方税区分"), at("貸方金額")),
                  taxes=FREEE_TAX, name="freee")  # fmt: skip


def _generic(data: bytes) -> list[Line]:
    if data.startswith(codecs.BOM_UTF8):  # for a person, in [bookkeeping] memo_lang = ja
        rows = _rows(data.decode("utf-8-sig"))
        assert rows[0] == ["日付", "伝票番号", "勘定科目", "借方金額", "貸方金額", "摘要"]
    else:
        rows = _rows(data.decode("utf-8"))
        assert rows[0] == ["date", "entry", "account", "debit", "credit", "memo"]
    lines = []
    for row in rows[1:]:
        assert ISO.fullmatch(row[0]), "generic: ISO dates"
        debit, credit = _yen(row[3]), _yen(row[4])
        assert (debit == 0) != (credit == 0), "generic: one side per row"
        lines.append(Line(f"{row[0]}#{row[1]}", row[0], row[2], "", debit - credit))
    balances(lines)
    return lines
