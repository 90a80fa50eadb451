import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liquidator.amazon_orders import CANCELLED, OrdersReport, parse_orders_report
from liquidator.errors import InvalidInput

FIXTURE = Path(__file__).parent / "fixtures" / "amazon_orders_40.txt"
UTC = dt.UTC
HEADER = (
    "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
    "fulfillment-channel\tsales-channel\tproduct-name\tsku\tasin\titem-status\tquantity\t"
    "currency\titem-price\tis-buyer-requested-cancelation"
)


def report(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def line(
    order_id="111-0000001-0000001",
    purchased="2026-11-20T12:34:56+00:00",
    updated="2026-11-20T13:00:00+00:00",
    status="Shipped",
    name="Totoro Plush",
    sku="GHB-TOT",
    asin="B004ZJDLKQ",
    qty="1",
    price="45.90",
    buyer="false",
) -> str:
    return "\t".join(
        [
            order_id,
            "",
            purchased,
            updated,
            status,
            "Merchant",
            "Amazon.com",
            name,
            sku,
            asin,
            "Shipped",
            qty,
            "USD",
            price,
            buyer,
        ]
    )


# --- the realistic 40-order report ------------------------------------------------------


@pytest.fixture(scope="module")
def parsed() -> OrdersReport:
    return parse_orders_report(FIXTURE.read_bytes(), source="amazon_orders_40.txt")


def test_fixture_is_shaped_like_a_real_download():
    data = FIXTURE.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert data.count(b"\r\n") == 42
    assert b"seller-memo" in data  # a column the parser does not know


def test_fixture_gives_40_orders_3_cancelled(parsed):
    assert parsed.rows == 41
    assert len(parsed.orders) == 40
    assert parsed.cancelled == 3
    assert len({o["amazon_order_id"] for o in parsed.orders}) == 40


def test_both_spellings_become_cancelled(parsed):
    raw = FIXTURE.read_text(encoding="utf-8-sig")
    assert "\tCanceled\t" in raw and "\tCancelled\t" in raw
    cancelled = [o for o in parsed.orders if o["status"] == CANCELLED]
    assert [o["buyer_requested"] for o in cancelled] == [True, False, False]
    assert {o["status"] for o in parsed.orders} == {CANCELLED, "Shipped", "Unshipped", "Pending"}


def test_two_line_order_collapses(parsed):
    (order,) = [o for o in parsed.orders if o["lines"] == 2]
    assert order["amazon_order_id"] == "114-6527088-9671682"
    assert order["quantity"] == 2
    assert order["item_price"] == "81.99"
    assert order["sku"] == "PKM-SV-BOX | BAN-HG-191"
    assert "Pokemon" in order["product_name"] and "Gundam" in order["product_name"]
    assert order["last_updated"] == dt.datetime(2026, 11, 18, 9, 34, 10, tzinfo=UTC)


def test_dates_are_utc_and_span_november(parsed):
    days = [o["purchased_on"] for o in parsed.orders]
    assert min(days) == dt.date(2026, 11, 1)
    assert max(days) == dt.date(2026, 11, 25)
    for order in parsed.orders:
        assert order["purchase_date"].tzinfo == UTC
        assert order["last_updated"] >= order["purchase_date"]
        assert order["purchased_on"] == order["purchase_date"].date()


def test_quotes_in_product_names_are_kept(parsed):
    assert any(o["product_name"] == 'Technics 12" Turntable Slipmat Pair' for o in parsed.orders)


def test_reparsing_gives_the_same_orders(parsed):
    again = parse_orders_report(FIXTURE.read_bytes(), source="again.txt")
    assert again.orders == parsed.orders


# --- details ----------------------------------------------------------------------------


def test_timestamps_with_offsets_are_converted_to_utc():
    got = parse_orders_report(
        report(line(purchased="2026-11-20T20:30:00-08:00", updated="2026-11-21T05:00:00Z")),
        source="r.txt",
    ).orders[0]
    assert got["purchase_date"] == dt.datetime(2026, 11, 21, 4, 30, tzinfo=UTC)
    assert got["purchased_on"] == dt.date(2026, 11, 21)
    assert got["last_updated"] == dt.datetime(2026, 11, 21, 5, 0, tzinfo=UTC)


def test_naive_timestamp_is_taken_as_utc():
    got = parse_orders_report(report(line(purchased="2026-11-20 08:00:00")), source="r.txt")
    assert got.orders[0]["purchase_date"] == dt.datetime(2026, 11, 20, 8, tzinfo=UTC)


def test_status_comes_from_the_newest_line():
    data = report(
        line(status="Shipped", updated="2026-11-21T00:00:00+00:00", buyer="false"),
        line(status="canceled", updated="2026-11-22T00:00:00+00:00", sku="B", buyer="TRUE"),
        line(status="Pending", updated="2026-11-20T13:00:00+00:00", sku="C", buyer=""),
    )
    got = parse_orders_report(data, source="r.txt")
    assert got.rows == 3
    (order,) = got.orders
    assert order["status"] == CANCELLED
    assert order["last_updated"] == dt.datetime(2026, 11, 22, tzinfo=UTC)
    assert order["buyer_requested"] is True
    assert order["quantity"] == 3
    assert order["item_price"] == "137.70"
    assert order["sku"] == "GHB-TOT | B | C"
    assert order["product_name"] == "Totoro Plush"  # the same name once


def test_other_spelling_of_the_buyer_requested_column():
    header = HEADER.replace("cancelation", "cancellation")
    got = parse_orders_report(
        report(line(status="Cancelled", buyer="TRUE"), header=header), source="r"
    )
    assert got.orders[0]["buyer_requested"] is True


def test_missing_optional_columns_are_none_or_empty():
    header = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status"
    data = report(
        "111-0000001-0000001\t2026-11-20T00:00:00+00:00\t2026-11-20T01:00:00+00:00\tCanceled",
        header=header,
    )
    (order,) = parse_orders_report(data, source="r.txt").orders
    assert order["status"] == CANCELLED
    assert order["buyer_requested"] is None
    assert order["quantity"] is None
    assert order["item_price"] is None
    assert order["sku"] == "" and order["currency"] == ""


def test_column_order_and_case_do_not_matter():
    header = "Order-Status\tLast-Updated-Date\tAMAZON-ORDER-ID\tpurchase_date\textra"
    data = report(
        "Shipped\t2026-11-20T01:00:00Z\t111-0000009-0000009\t2026-11-20T00:00:00Z\twhatever",
        header=header,
    )
    (order,) = parse_orders_report(data, source="r.txt").orders
    assert order["amazon_order_id"] == "111-0000009-0000009" and order["status"] == "Shipped"


def test_short_rows_and_blank_lines_are_fine():
    data = report("", line()[: line().index("\tMerchant")], "", "")
    got = parse_orders_report(data, source="r.txt")
    assert got.rows == 1
    assert got.orders[0]["fulfillment_channel"] == ""


def test_missing_required_column_names_it_and_the_file():
    header = HEADER.replace("last-updated-date\t", "")
    with pytest.raises(InvalidInput) as caught:
        parse_orders_report(report(header=header), source="orders.txt")
    assert caught.value.field == "orders.txt"
    assert "missing column last-updated-date" in caught.value.message


def test_a_csv_file_is_not_an_order_report():
    data = b"title,cost,size\nMug,1200,60\n"
    with pytest.raises(InvalidInput, match=r"^items\.csv: is not an Amazon order report: missing"):
        parse_orders_report(data, source="items.csv")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel"),
        ("amazon-order-id\tpurchase-date\n".encode("utf-16"), "binary"),
        (b"amazon-order-id\t\xff\xfe\xfa", "not UTF-8"),
    ],
)
def test_junk_is_invalid_input_naming_the_file(data, words):
    with pytest.raises(InvalidInput) as caught:
        parse_orders_report(data, source="junk.bin")
    assert caught.value.field == "junk.bin"
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ({"purchased": "20/11/2026"}, "purchase-date: '20/11/2026' is not a date-time"),
        ({"updated": ""}, "last-updated-date: '' is not a date-time"),
        ({"order_id": ""}, "amazon-order-id: is empty"),
        ({"status": " "}, "order-status: is empty"),
        ({"qty": "two"}, "quantity: 'two' is not a whole number"),
        ({"qty": "-1"}, "quantity: must be at least 0"),
        ({"price": "$12"}, "item-price: '$12' is not an amount"),
        ({"buyer": "maybe"}, "is-buyer-requested-cancelation: 'maybe' is not TRUE or FALSE"),
        ({"name": "bad\x07bell"}, "product-name: contains a control character"),
    ],
)
def test_bad_row_names_its_line(bad, words):
    data = report(line(), line(order_id="111-0000002-0000002"), line(**bad))
    with pytest.raises(InvalidInput) as caught:
        parse_orders_report(data, source="orders.txt")
    assert caught.value.field == "orders.txt line 4"
    assert caught.value.message.startswith(f"orders.txt line 4: {words}")


def test_line_numbers_count_blank_lines_and_crlf():
    data = report(line(), "", line(qty="x")).replace(b"\n", b"\r\n")
    with pytest.raises(InvalidInput, match=r"^orders\.txt line 4: quantity"):
        parse_orders_report(data, source="orders.txt")


def test_too_many_fields_is_a_bad_row():
    with pytest.raises(InvalidInput, match=r"^o line 2: has 16 fields but the header has 15"):
        parse_orders_report(report(line() + "\tspill"), source="o")


def test_trailing_empty_fields_are_ignored():
    assert len(parse_orders_report(report(line() + "\t\t"), source="o").orders) == 1


def test_mixed_currencies_in_one_order_are_refused():
    second = line(sku="B").replace("\tUSD\t", "\tJPY\t")
    with pytest.raises(InvalidInput, match=r"^o line 3: currency: order 111-0000001-0000001 mixes"):
        parse_orders_report(report(line(), second), source="o")


def test_header_only_file_has_no_orders():
    got = parse_orders_report(report(), source="o")
    assert got.rows == 0 and got.orders == [] and got.cancelled == 0


# --- properties -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_return_or_raise_invalid_input(data):
    try:
        got = parse_orders_report(data, source="fuzz.txt")
    except InvalidInput:
        return
    assert isinstance(got, OrdersReport)


cell = st.text(
    alphabet=st.sampled_from(list("0123456789-:+TZ .aCcnledx\"'\r\t\\\x00é")), max_size=30
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cell, max_size=17), max_size=6), st.booleans())
def test_rows_under_a_valid_header_return_or_raise_invalid_input(rows, crlf):
    text = "\n".join([HEADER] + ["\t".join(row) for row in rows])
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        got = parse_orders_report(text.encode("utf-8", "surrogatepass"), source="fuzz.txt")
    except InvalidInput:
        return
    assert len(got.orders) <= got.rows
