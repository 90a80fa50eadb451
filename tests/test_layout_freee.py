"""freee会計「仕訳インポート」: rows of one 日付 and 伝票番号 are one entry."""

from collections import defaultdict

import pytest
from journal_cases import five_cases, journal_body, journal_file

from liquidator.bookkeeping.layouts import get_layout

freee = get_layout("freee")
DATE, NUMBER, DEBIT, CREDIT, DEBIT_PARTY, CREDIT_PARTY = 0, 1, 5, 10, 7, 12


@pytest.fixture(scope="module")
def body(tmp_path_factory):
    from conftest import Cli

    cli = Cli(tmp_path_factory.mktemp("freee"))
    five_cases(cli)
    return journal_body(journal_file(cli, "freee"), freee)


def test_freee_has_its_header_in_utf8_with_a_bom():
    assert freee.encoding == "utf-8-sig" and not freee.sequential_numbers
    assert (freee.header[DATE], freee.header[NUMBER]) == ("日付", "伝票番号")
    assert (freee.header[DEBIT], freee.header[CREDIT]) == ("借方金額", "貸方金額")
    assert (freee.header[DEBIT_PARTY], freee.header[CREDIT_PARTY]) == ("借方取引先", "貸方取引先")


def test_freee_names_the_channel_as_the_counterparty_of_the_sale_and_its_payout(body):
    sale = next(row for row in body if row[8] == "売上高" and "Yahoo" not in row[-1])
    assert sale[CREDIT_PARTY] == sale[DEBIT_PARTY] != ""


def test_each_freee_entry_balances_on_one_date(body):
    entries = defaultdict(list)
    for row in body:
        entries[row[NUMBER]].append(row)
        assert len(row[DATE]) == 10 and row[DATE][4] == "/" and row[DATE][7] == "/"
        assert all(row[c] == "" or int(row[c]) >= 0 for c in (DEBIT, CREDIT))
    assert len(entries) == 5
    for rows in entries.values():
        debit = sum(int(r[DEBIT] or 0) for r in rows)
        assert debit == sum(int(r[CREDIT] or 0) for r in rows) > 0
        assert len({r[DATE] for r in rows}) == 1
