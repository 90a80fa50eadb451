"""The 弥生インポート形式 layout: 25 columns, flags that group an entry, cp932, CRLF."""

import csv
import datetime as dt
import io

import numpy as np
import pytest

from liquidator.bookkeeping.journal import Entry, Posting, journal_entries
from liquidator.bookkeeping.layouts import get_layout, layout_names
from liquidator.disposal_facts import facts_of
from liquidator.errors import InvalidInput
from liquidator.exports.journal import tax_names, with_tax_names
from liquidator.settings import load_settings

SETTINGS = load_settings(None)
ACCOUNTS = SETTINGS.accounts.model_dump()
yayoi = get_layout("yayoi")
TAX_NAMES = tax_names(SETTINGS, yayoi)


def rows_of(entry):
    """The entry as 弥生 rows, its tax codes named as 弥生 names them."""
    return yayoi.entry_rows(with_tax_names(entry, TAX_NAMES), ACCOUNTS)


def test_yayoi_is_a_registered_layout():
    assert "yayoi" in layout_names() and yayoi.encoding == "cp932" and yayoi.header is None
    assert yayoi.columns == 25


def _entry(*postings):
    return Entry(dt.date(2026, 11, 3), 9, "ハリオ V60 (Yahoo! Auctions)", tuple(postings))


def test_one_debit_one_credit_is_one_row_flag_2000():
    rows = rows_of(_entry(Posting("cash", 500), Posting("sales", -500, "sales_10")))
    assert rows == [("2000", "", "", "2026/11/03", "普通預金", "", "", "対象外", 500, "",
                     "売上高", "", "", "課税売上込10%", 500, "", "ハリオ V60 (Yahoo! Auctions)",
                     "", "", 0, "", "", 0, 0, "no")]  # fmt: skip


def test_a_sale_is_rows_2110_2100_2101_that_balance():
    names = ("id", "item_id", "title", "channel", "price", "fees", "shipping", "net_cash",
             "cost_basis", "payout_fee", "intl_shipping")  # fmt: skip
    values = (7, 34, "ポケモンカード 151 BOX", "ebay", 10_000, 1_000, 850, 8_150, 12_000, 200,
              850)  # fmt: skip
    columns = {n: np.array([v], dtype=object) for n, v in zip(names, values, strict=True)}
    # recorded on eBay as the settings define it
    columns |= {
        n: np.array([v], dtype=object) for n, v in facts_of(SETTINGS.channels["ebay"]).items()
    }
    columns["sold_on"] = np.array([dt.date(2026, 11, 3)], dtype="datetime64[D]")
    (entry,) = journal_entries(columns, SETTINGS)
    rows = rows_of(entry)
    assert [r[0] for r in rows] == ["2110", "2100", "2100", "2101"]
    assert all(len(r) == 25 for r in rows)
    assert sum(r[8] for r in rows) == sum(r[14] for r in rows) == 10_000 + 1_000 + 850
    assert all(r[8] >= 0 and r[14] >= 0 for r in rows)
    assert rows[0][10:15] == ("売上高", "", "", "輸出売上", 10_000)  # eBay: export sale
    # Each row is one debit and its credit: eBay's fee and the conversion charge come
    # out of the payout, the courier is paid apart; the conversion is outside the tax
    # and international transport exempt (対象外 in 弥生), only eBay's fee a purchase.
    assert [(r[4], r[7], r[8], r[10]) for r in rows] == [
        ("売掛金", "対象外", 10_000, "売上高"),
        ("支払手数料", "課対仕入込10%適格", 800, "売掛金"),
        ("支払手数料", "対象外", 200, "売掛金"),
        ("荷造運賃", "対象外", 850, "未払金"),
    ]


def test_memo_is_cut_at_64_half_width_columns_and_long_accounts_are_refused():
    long_title = "あ" * 40
    rows = rows_of(
        Entry(dt.date(2026, 11, 3), 1, long_title, (Posting("cash", 1), Posting("sales", -1)))
    )
    assert rows[0][16] == "あ" * 32
    with pytest.raises(InvalidInput, match="accounts.sales"):
        yayoi.entry_rows(_entry(Posting("cash", 1), Posting("sales", -1)),
                         {**ACCOUNTS, "sales": "売" * 13})  # fmt: skip


def test_export_journal_in_yayoi_layout_is_cp932_crlf_without_header(cli, tmp_path):
    cli.json("add", "--title", "ハリオ V60", "--cost", "1000", "--size", "60",
             "--purchased", "2026-10-01")  # fmt: skip
    cli.json("sell", "1", "-c", "yahoo", "-p", "3000", "--date", "2026-11-03")
    target = tmp_path / "yayoi.csv"
    cli.ok("export", "journal", "--layout", "yayoi", "-o", str(target))
    data = target.read_bytes()
    assert data.endswith(b"\r\n") and b"\r\n" in data[:-2]
    rows = list(csv.reader(io.StringIO(data.decode("cp932"), newline="")))
    assert all(len(row) == 25 for row in rows)
    assert rows[0][0] == "2110" and rows[-1][0] == "2101"
    assert rows[0][3] == "2026/11/03" and rows[0][10] == "売上高"
    assert rows[0][8] == rows[0][14] == "3000"  # the sale, gross
    assert sum(int(r[8]) for r in rows) == sum(int(r[14]) for r in rows) > 3000


def test_the_five_cases_in_yayoi_are_flagged_entries_that_balance(cli):
    from journal_cases import five_cases, journal_body, journal_file

    five_cases(cli)
    entries = []
    for row in journal_body(journal_file(cli, "yayoi"), yayoi):
        if row[0] in ("2000", "2110"):
            entries.append([])
        entries[-1].append(row)
        assert len(row[3]) == 10 and row[3][4] == "/" and row[3][7] == "/"
    assert len(entries) == 5
    for rows in entries:
        flags = [r[0] for r in rows]
        assert flags == ["2000"] or (
            flags[0] == "2110" and flags[-1] == "2101" and set(flags[1:-1]) <= {"2100"}
        )
        assert sum(int(r[8]) for r in rows) == sum(int(r[14]) for r in rows) > 0
        assert len({r[3] for r in rows}) == 1
