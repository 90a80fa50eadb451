"""マネーフォワード クラウド会計「仕訳帳インポート」: 取引No numbers the entries 1, 2, 3 …"""

from collections import defaultdict

import pytest
from journal_cases import five_cases, journal_body, journal_file

from liquidator.bookkeeping.layouts import get_layout

mf = get_layout("mf")
NUMBER, DATE, DEBIT, CREDIT, NOTE = 0, 1, 8, 16, 19


@pytest.fixture(scope="module")
def body(tmp_path_factory):
    from conftest import Cli

    cli = Cli(tmp_path_factory.mktemp("mf"))
    five_cases(cli)
    return journal_body(journal_file(cli, "mf"), mf)


def test_mf_has_its_27_column_header_in_utf8_with_a_bom():
    assert mf.encoding == "utf-8-sig" and len(mf.header) == 27
    assert (mf.header[NUMBER], mf.header[DEBIT], mf.header[CREDIT]) == (
        "取引No", "借方金額(円)", "貸方金額(円)",
    )  # fmt: skip


def test_mf_numbers_entries_in_order_and_notes_the_disposal(body):
    assert mf.sequential_numbers
    numbers = list(dict.fromkeys(row[NUMBER] for row in body))
    assert numbers == [str(n) for n in range(1, 6)]
    assert all(row[NOTE].startswith("liquidator disposal ") for row in body)


def test_each_mf_entry_balances_on_one_date(body):
    entries = defaultdict(list)
    for row in body:
        entries[row[NUMBER]].append(row)
        assert len(row[DATE]) == 10 and row[DATE][4] == "/" and row[DATE][7] == "/"
        assert all(row[c] == "" or int(row[c]) >= 0 for c in (DEBIT, CREDIT))
    for rows in entries.values():
        debit = sum(int(r[DEBIT] or 0) for r in rows)
        assert debit == sum(int(r[CREDIT] or 0) for r in rows) > 0
        assert len({r[DATE] for r in rows}) == 1
