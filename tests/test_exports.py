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


def _reference_items_rows(records, as_of):
    """items_rows as it was written first, one record at a time (the reference)."""

    def whole(value):
        return None if value is None or pd.isna(value) else int(round(float(value)))

    def day(value):
        if value is None or pd.isna(value):
            return None
        return value.date() if isinstance(value, dt.datetime) else value

    rows = []
    for record in records:
        qty, unit_cost = whole(record.get("qty")) or 0, whole(record.get("unit_cost")) or 0
        purchased = day(record.get("purchased_on")) or day(record.get("created_on"))
        values = {
            **record,
            "qty": qty,
            "unit_cost": unit_cost,
            "stock_value": qty * unit_cost,
            "market_price": whole(record.get("market_price")),
            "listed_price": whole(record.get("listed_price")),
            "size_class": whole(record.get("size_class")),
            "weight_g": whole(record.get("weight_g")),
            "purchased_on": purchased,
            "days_held": (as_of - purchased).days if purchased else None,
            "return_by": day(record.get("return_by")),
            "listed_on": day(record.get("listed_on")),
        }
        rows.append([values.get(column) for column in ITEM_HEADER])
    return rows


def _random_items(seed, n=60):
    rng = np.random.default_rng(seed)
    texts = [
        "ポケモン〜セット",
        "=SUM(A1)",
        "-500",
        "+81 phone",
        "@user",
        "\tTab",
        "a,b",
        'say "hi"',
    ]
    texts += ["line\r\nbreak", "plain", "", "限定 セット"]

    def maybe(value, p=0.3):
        return None if rng.random() < p else value

    def date(p=0.3):
        return maybe(
            pd.Timestamp("2026-01-01") + pd.Timedelta(days=int(rng.integers(-400, 300))), p
        )

    return pd.DataFrame(
        {
            "item_id": rng.permutation(n) + 1,
            "title": [str(rng.choice(texts)) for _ in range(n)],
            "status": [str(rng.choice(["in_stock", "listed", "sold"])) for _ in range(n)],
            "qty": rng.integers(0, 6, n),
            "unit_cost": rng.integers(1, 60_000, n),
            "market_price": [maybe(float(rng.integers(-100, 90_000))) for _ in range(n)],
            "purchased_on": pd.to_datetime([date(0.1) for _ in range(n)]),
            "return_by": pd.to_datetime([date() for _ in range(n)]),
            "listed_on": pd.to_datetime([date() for _ in range(n)]),
            "listed_channel": [maybe(str(rng.choice(["yahoo", "ebay"]))) for _ in range(n)],
            "listed_price": [maybe(float(rng.integers(0, 9_000)) + 0.5) for _ in range(n)],
            "size_class": rng.choice([60, 80, 100], n),
            "weight_g": [maybe(float(rng.integers(10, 30_000))) for _ in range(n)],
            "category": [maybe(str(rng.choice(texts))) for _ in range(n)],
            "note": [maybe(str(rng.choice(texts)), 0.7) for _ in range(n)],
        }
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_items_rows_match_the_row_by_row_reference(seed):
    items = _random_items(seed)
    header, rows = items_rows(items, DAY)
    expected = _reference_items_rows(items.to_dict("records"), DAY)
    got = [list(row) for row in rows]
    for row, reference in zip(got, expected, strict=True):
        for name, cell, want in zip(header, row, reference, strict=True):
            if want is None or (isinstance(want, float) and np.isnan(want)):
                assert cell is None or pd.isna(cell), name
            else:
                assert cell == want and type(cell) is type(want), (name, cell, want)
    for encoding in ("utf-8", "cp932"):  # the column writer against the row writer
        columns, reference_rows = io.BytesIO(), io.BytesIO()
        write_csv(header, rows, out=columns, encoding=encoding)
        write_csv(header, expected, out=reference_rows, encoding=encoding)
        assert columns.getvalue() == reference_rows.getvalue()


def test_items_rows_from_plain_values_and_missing_columns():
    records = [
        {"item_id": 3, "qty": 2, "unit_cost": 150.0, "created_on": "2026-02-01T09:30:00"},
        {"item_id": 4, "qty": None, "unit_cost": 10, "purchased_on": dt.date(2026, 3, 1)},
    ]
    header, rows = items_rows(records, DAY)
    first, second = (dict(zip(header, row, strict=True)) for row in rows)
    assert first["stock_value"] == 300 and first["purchased_on"] == dt.date(2026, 2, 1)
    assert first["days_held"] == 29 and first["title"] is None
    assert second["qty"] == 0 and second["stock_value"] == 0 and second["days_held"] == 1
    assert len(rows) == 2 and rows[-1] == rows[1] and rows[0:1] == [rows[0]]
    assert items_rows(None, DAY)[1] == [] and items_rows(pd.DataFrame(), DAY)[1] == []
    out = io.BytesIO()
    assert write_csv(*items_rows(pd.DataFrame(), DAY), out=out) == 0
    assert out.getvalue() == (",".join(ITEM_HEADER) + "\r\n").encode()


def test_items_cp932_strict_names_the_first_bad_item_and_writes_nothing():
    items = _random_items(4, n=30)
    items.loc[20, "title"] = "限定 😀 セット"
    items.loc[7, "note"] = "👍 good"
    items.loc[7, "title"] = "ok 〜 wave"  # maps to cp932's ～: fine
    header, rows = items_rows(items, DAY)
    out = io.BytesIO()
    with pytest.raises(InvalidInput) as raised:
        write_csv(header, rows, out=out, encoding="cp932", record_label=RECORD_LABELS["items"])
    item = items.loc[7, "item_id"]
    assert str(raised.value) == (
        f"row 8 (item {item}): note: '👍' cannot be written in cp932; use --errors replace"
    )
    assert out.getvalue() == b""
    write_csv(header, rows, out=out, encoding="cp932", errors="replace")
    parsed = read_back(out.getvalue(), "cp932")
    assert parsed[21][header.index("title")] == "限定 ? セット"
    assert parsed[8][header.index("title")] == "ok ～ wave"


def test_progress_is_reported_for_column_rows():
    items = pd.DataFrame({"item_id": np.arange(2500), "qty": 1, "unit_cost": 100})
    calls = []
    header, rows = items_rows(items, DAY)
    write_csv(header, rows, out=io.BytesIO(), progress=lambda done, total: calls.append(done))
    assert calls == [1000, 2000, 2500]


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (np.float64(3.0), "3"),
        (np.bool_(False), "false"),
        (dt.datetime(2026, 1, 5, 10, 30), "2026-01-05T10:30:00"),
        (np.str_("=1"), "'=1"),
        ("@", "'@"),
        (0, "0"),
    ],
)
def test_neutralise_beyond_the_fast_paths(cell, text):
    assert neutralise(cell) == text
