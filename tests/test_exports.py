"""Bookkeeping exports: row builders, the injection neutraliser and the CSV writer."""

import csv
import datetime as dt
import io
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.errors import InvalidInput
from liquidator.exports import (
    DEFAULT_ACCOUNTS,
    ITEM_HEADER,
    JOURNAL_HEADER,
    RECORD_LABELS,
    SALES_HEADER,
    items_rows,
    journal_rows,
    neutralise,
    sales_rows,
    write_csv,
)

DAY = dt.date(2026, 3, 2)


def read_back(data: bytes, encoding="utf-8"):
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def disposal(**overrides):
    record = {
        "id": 7,
        "item_id": 34,
        "title": "ポケモンカード 151 BOX",
        "channel": "yahoo",
        "qty": 1,
        "price": 10_000,
        "fees": 1_000,
        "shipping": 850,
        "net_cash": 8_150,
        "cost_basis": 12_000,
        "profit": -3_850,
        "sold_on": pd.Timestamp(DAY),
        "note": None,
    }
    record.update(overrides)
    return record


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_neutraliser_on_every_prefix(prefix):
    cell = neutralise(prefix + "1+2")
    assert cell == "'" + prefix + "1+2"


def test_hyperlink_title_no_longer_starts_with_equals():
    header, rows = sales_rows(
        pd.DataFrame([disposal(title='=HYPERLINK("http://evil.example","click")')])
    )
    out = io.BytesIO()
    write_csv(header, rows, out=out)
    parsed = read_back(out.getvalue())
    title = parsed[1][header.index("title")]
    assert not title.startswith("=")
    assert title == '\'=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (-500, "-500"),  # a number stays a number
        (np.int64(-500), "-500"),
        (-500.0, "-500"),
        ("-500", "'-500"),  # text that looks like a number is still text
        (12.5, "12.5"),
        (None, ""),
        (float("nan"), ""),
        (pd.NaT, ""),
        (pd.NA, ""),
        (dt.date(2026, 1, 5), "2026-01-05"),
        (pd.Timestamp("2026-01-05"), "2026-01-05"),
        (True, "true"),
        ("ポケモン", "ポケモン"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_values(cell, text):
    assert neutralise(cell) == text


def test_negative_profit_stays_numeric_in_the_file():
    header, rows = sales_rows(pd.DataFrame([disposal()]))
    out = io.BytesIO()
    write_csv(header, rows, out=out)
    parsed = read_back(out.getvalue())
    assert parsed[1][header.index("profit")] == "-3850"


def test_sales_rows_columns_and_types():
    header, rows = sales_rows(pd.DataFrame([disposal(price=np.int64(10_000), fees=1000.0)]))
    assert header == list(SALES_HEADER)
    row = dict(zip(header, rows[0], strict=True))
    assert row["date"] == DAY
    assert row["disposal_id"] == 7 and row["item_id"] == 34
    assert type(row["price"]) is int and type(row["fees"]) is int
    assert row["profit"] == -3850


def test_items_rows():
    items = pd.DataFrame(
        [
            {
                "item_id": 1,
                "title": "ソニー ヘッドホン",
                "status": "listed",
                "qty": 2,
                "unit_cost": 4500,
                "market_price": np.nan,
                "purchased_on": dt.date(2026, 1, 1),
                "listed_channel": "yahoo",
                "listed_price": 3000.0,
                "listed_on": pd.Timestamp("2026-02-20"),
                "size_class": 60,
                "sku": "SKU-1",
            }
        ]
    )
    header, rows = items_rows(items, DAY)
    assert header == list(ITEM_HEADER)
    row = dict(zip(header, rows[0], strict=True))
    assert row["stock_value"] == 9000
    assert row["days_held"] == (DAY - dt.date(2026, 1, 1)).days
    assert row["market_price"] is None and row["listed_price"] == 3000
    assert row["listed_on"] == dt.date(2026, 2, 20)
    assert row["jan"] is None and row["note"] is None
    out = io.BytesIO()
    write_csv(header, rows, out=out, encoding="utf-8-sig")
    assert out.getvalue().startswith(b"\xef\xbb\xbf")
    parsed = read_back(out.getvalue(), "utf-8-sig")
    assert parsed[0] == list(ITEM_HEADER)
    assert parsed[1][header.index("purchased_on")] == "2026-01-01"
    assert parsed[1][header.index("sku")] == "SKU-1"


def test_crlf_line_ends_and_one_header():
    header, rows = sales_rows(pd.DataFrame([disposal(), disposal(id=8)]))
    out = io.BytesIO()
    assert write_csv(header, rows, out=out) == 2
    assert out.getvalue().count(b"\r\n") == 3
    assert b"\n" not in out.getvalue().replace(b"\r\n", b"")


def test_cp932_strict_names_the_record_and_writes_nothing():
    records = [disposal(id=n, item_id=n + 20) for n in range(1, 12)]
    records.append(disposal(id=12, item_id=34, title="限定 😀 セット"))
    header, rows = sales_rows(pd.DataFrame(records))
    out = io.BytesIO()
    with pytest.raises(InvalidInput) as raised:
        write_csv(
            header,
            rows,
            out=out,
            encoding="cp932",
            record_label=lambda row: f"item {row[2]}",
        )
    assert str(raised.value) == (
        "row 12 (item 34): title: '😀' cannot be written in cp932; use --errors replace"
    )
    assert out.getvalue() == b""


def test_cp932_replace_writes_question_mark():
    header, rows = sales_rows(pd.DataFrame([disposal(title="限定 😀 セット")]))
    out = io.BytesIO()
    write_csv(header, rows, out=out, encoding="cp932", errors="replace")
    parsed = read_back(out.getvalue(), "cp932")
    assert parsed[1][header.index("title")] == "限定 ? セット"


def test_cp932_maps_wave_dash_lookalikes():
    header, rows = sales_rows(pd.DataFrame([disposal(title="ポケモン〜セット − 2")]))
    out = io.BytesIO()
    write_csv(header, rows, out=out, encoding="cp932")
    parsed = read_back(out.getvalue(), "cp932")
    assert parsed[1][header.index("title")] == "ポケモン～セット － 2"


def test_record_labels_name_each_export():
    _, sales = sales_rows(pd.DataFrame([disposal()]))
    assert RECORD_LABELS["sales"](sales[0]) == "disposal 7"
    _, journal = journal_rows(pd.DataFrame([disposal()]), DEFAULT_ACCOUNTS)
    assert RECORD_LABELS["journal"](journal[0]) == "disposal 7"
    _, items = items_rows(pd.DataFrame([{"item_id": 5, "qty": 1, "unit_cost": 1}]), DAY)
    assert RECORD_LABELS["items"](items[0]) == "item 5"


def test_bad_encoding_and_errors():
    with pytest.raises(InvalidInput, match="--encoding"):
        write_csv(["a"], [], out=io.BytesIO(), encoding="latin-1")
    with pytest.raises(InvalidInput, match="--errors"):
        write_csv(["a"], [], out=io.BytesIO(), errors="ignore")


def test_progress_is_reported():
    calls = []
    rows = [[n] for n in range(2500)]
    write_csv(["n"], rows, out=io.BytesIO(), progress=lambda done, total: calls.append(done))
    assert calls == [1000, 2000, 2500]


def test_journal_sale_lines():
    header, rows = journal_rows(pd.DataFrame([disposal()]), DEFAULT_ACCOUNTS)
    assert header == list(JOURNAL_HEADER)
    memo = "item 34 ポケモンカード 151 BOX (yahoo)"
    assert rows == [
        [DAY, 7, "Cash", 8_150, 0, memo],
        [DAY, 7, "Selling fees", 1_000, 0, memo],
        [DAY, 7, "Shipping", 850, 0, memo],
        [DAY, 7, "Sales", 0, 10_000, memo],
        [DAY, 7, "Cost of goods sold", 12_000, 0, memo],
        [DAY, 7, "Inventory", 0, 12_000, memo],
    ]


def test_journal_writeoff_books_loss():
    record = disposal(channel="writeoff", price=0, fees=0, shipping=0, net_cash=0)
    accounts = {**DEFAULT_ACCOUNTS, "loss": "雑損失", "inventory": "商品"}
    _, rows = journal_rows(pd.DataFrame([record]), accounts)
    assert [(r[2], r[3], r[4]) for r in rows] == [("雑損失", 12_000, 0), ("商品", 0, 12_000)]


def test_journal_balances_packaging_difference():
    _, rows = journal_rows(pd.DataFrame([disposal(net_cash=8_000)]), DEFAULT_ACCOUNTS)
    assert ["Other selling costs", 150, 0] in [r[2:5] for r in rows]


money = st.integers(min_value=0, max_value=10_000_000)


@given(
    st.lists(
        st.tuples(
            money,
            money,
            money,
            st.integers(-50_000, 50_000),
            money,
            st.sampled_from(["yahoo", "ebay", "writeoff", "supplier_return"]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_journal_balances_per_disposal(disposals):
    records = [
        disposal(
            id=n,
            price=price,
            fees=fees,
            shipping=shipping,
            net_cash=price - fees - shipping - extra,
            cost_basis=cost,
            channel=channel,
        )
        for n, (price, fees, shipping, extra, cost, channel) in enumerate(disposals, start=1)
    ]
    _, rows = journal_rows(pd.DataFrame(records), DEFAULT_ACCOUNTS)
    debit, credit = defaultdict(int), defaultdict(int)
    for _date, entry, _account, dr, cr, _memo in rows:
        assert dr >= 0 and cr >= 0 and (dr == 0) != (cr == 0)
        assert type(dr) is int and type(cr) is int
        debit[entry] += dr
        credit[entry] += cr
    assert debit == credit
    for n, (price, _fees, _shipping, _extra, cost, _channel) in enumerate(disposals, start=1):
        sales = sum(r[4] for r in rows if r[1] == n and r[2] == "Sales")
        inventory = sum(r[4] for r in rows if r[1] == n and r[2] == "Inventory")
        assert sales == price and inventory == cost
