"""The generic layout: one posting per row, ISO dates, debit and credit columns."""

from collections import defaultdict

import pytest
from journal_cases import five_cases, journal_body, journal_file

from liquidator.bookkeeping.layouts import get_layout

generic = get_layout("generic")


@pytest.fixture(scope="module")
def body(tmp_path_factory):
    from conftest import Cli

    cli = Cli(tmp_path_factory.mktemp("generic"))
    five_cases(cli)
    return journal_body(journal_file(cli, "generic"), generic)


def test_generic_is_utf8_with_a_header_of_six_columns():
    assert generic.encoding == "utf-8"
    assert generic.header == ("date", "entry", "account", "debit", "credit", "memo")


def test_each_entry_of_the_generic_layout_balances_with_iso_dates(body):
    totals = defaultdict(int)
    for date, entry, _account, debit, credit, _memo in body:
        assert len(date) == 10 and date[4] == "-" and date[7] == "-", date
        assert int(debit) >= 0 and int(credit) >= 0
        totals[entry] += int(debit) - int(credit)
    assert set(totals.values()) == {0} and len(totals) == 5
