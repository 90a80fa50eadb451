import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.amazon_orders import parse_orders_report
from liquidator.cancel_rate import compute_cancel_rate, who_cancelled
from liquidator.errors import InvalidInput

FIXTURE = Path(__file__).parent / "fixtures" / "amazon_orders_40.txt"
AS_OF = dt.date(2026, 11, 25)
LIMITS = {"private_limit": 0.02, "amazon_limit": 0.025}


def orders(total: int, seller: int = 0, buyer: int = 0, day: dt.date = AS_OF) -> list[dict]:
    made = []
    for i in range(total):
        if i < seller:
            made.append({"purchase_date": day, "status": "Cancelled", "buyer_requested": False})
        elif i < seller + buyer:
            made.append({"purchase_date": day, "status": "Canceled", "buyer_requested": True})
        else:
            made.append({"purchase_date": day, "status": "Shipped", "buyer_requested": None})
    return made


def rate(items, window=7, **kwargs):
    return compute_cancel_rate(items, as_of=AS_OF, window_days=window, **(LIMITS | kwargs))


def test_the_40_order_report_over_30_days_is_an_alarm():
    report = parse_orders_report(FIXTURE.read_bytes(), source="amazon_orders_40.txt")
    assert rate(report.orders, window=30) == {
        "window_days": 30,
        "start": "2026-10-27",
        "end": "2026-11-25",
        "orders": 40,
        "seller_cancelled": 2,
        "buyer_cancelled": 1,
        "rate": 0.05,
        "status": "alarm",
    }


def test_the_40_order_report_over_the_last_week():
    report = parse_orders_report(FIXTURE.read_bytes(), source="amazon_orders_40.txt")
    got = rate(report.orders)
    assert (got["start"], got["end"]) == ("2026-11-19", "2026-11-25")
    assert got["seller_cancelled"] == 1
    assert got["orders"] == sum(
        1 for o in report.orders if dt.date(2026, 11, 19) <= o["purchased_on"] <= AS_OF
    )


def test_no_orders_is_ok():
    assert rate([]) == {
        "window_days": 7,
        "start": "2026-11-19",
        "end": "2026-11-25",
        "orders": 0,
        "seller_cancelled": 0,
        "buyer_cancelled": 0,
        "rate": 0.0,
        "status": "ok",
    }


@pytest.mark.parametrize(
    ("total", "seller", "expected_rate", "status"),
    [
        (100, 0, 0.0, "ok"),
        (100, 1, 0.01, "ok"),
        (51, 1, 0.0196, "ok"),  # just under 2%
        (50, 1, 0.02, "warn"),  # exactly the private limit
        (100, 2, 0.02, "warn"),
        (41, 1, 0.0244, "warn"),  # just under 2.5%
        (40, 1, 0.025, "alarm"),  # exactly Amazon's limit: the target is *under* 2.5%
        (200, 5, 0.025, "alarm"),
        (1000, 25, 0.025, "alarm"),
        (1000, 24, 0.024, "warn"),
        (4, 4, 1.0, "alarm"),
    ],
)
def test_status_at_the_edges(total, seller, expected_rate, status):
    got = rate(orders(total, seller))
    assert (got["orders"], got["seller_cancelled"]) == (total, seller)
    assert got["rate"] == expected_rate
    assert got["status"] == status


def test_buyer_requested_cancellations_do_not_count():
    got = rate(orders(10, seller=0, buyer=5))
    assert (got["seller_cancelled"], got["buyer_cancelled"], got["rate"], got["status"]) == (
        0,
        5,
        0.0,
        "ok",
    )


def test_window_is_inclusive_at_both_ends():
    inside = orders(1, seller=1, day=dt.date(2026, 11, 19)) + orders(1, day=AS_OF)
    outside = orders(1, seller=1, day=dt.date(2026, 11, 18)) + orders(
        1, seller=1, day=dt.date(2026, 11, 26)
    )
    got = rate(inside + outside)
    assert got["orders"] == 2
    assert got["seller_cancelled"] == 1


def test_one_day_window():
    got = rate(orders(3, seller=1) + orders(5, day=dt.date(2026, 11, 24)), window=1)
    assert (got["start"], got["end"], got["orders"]) == ("2026-11-25", "2026-11-25", 3)


def test_datetimes_count_by_their_utc_date():
    tokyo = dt.timezone(dt.timedelta(hours=9))
    late = dt.datetime(2026, 11, 26, 8, 0, tzinfo=tokyo)  # 2026-11-25 23:00 UTC
    early = dt.datetime(2026, 11, 19, 8, 0, tzinfo=tokyo)  # 2026-11-18 23:00 UTC
    got = rate(
        [
            {"purchase_date": late, "status": "Shipped"},
            {"purchase_date": early, "status": "Shipped"},
        ]
    )
    assert got["orders"] == 1


@pytest.mark.parametrize(
    ("order", "who"),
    [
        ({"status": "Shipped"}, None),
        ({"status": "Cancelled"}, "seller"),
        ({"status": "canceled", "buyer_requested": None}, "seller"),
        ({"status": "Cancelled", "buyer_requested": False}, "seller"),
        ({"status": "Cancelled", "buyer_requested": True}, "buyer"),
        # the desk's record decides over the report
        (
            {"status": "Cancelled", "buyer_requested": False, "seller_cancelled_flag": False},
            "buyer",
        ),
        ({"status": "Cancelled", "buyer_requested": True, "seller_cancelled_flag": True}, "seller"),
        # and a recorded cancellation counts before the report catches up
        ({"status": "Unshipped", "seller_cancelled_flag": True}, "seller"),
        ({"status": "Unshipped", "seller_cancelled_flag": False}, "buyer"),
        ({"status": "Shipped", "seller_cancelled_flag": None}, None),
    ],
)
def test_who_cancelled(order, who):
    assert who_cancelled(order) == who


def test_desk_record_moves_an_order_between_seller_and_buyer():
    items = orders(40, seller=2)
    items[0]["seller_cancelled_flag"] = False
    got = rate(items)
    assert (got["seller_cancelled"], got["buyer_cancelled"], got["status"]) == (1, 1, "alarm")
    items[1]["seller_cancelled_flag"] = False
    assert rate(items)["status"] == "ok"


def test_amazon_fulfilled_orders_are_left_out():
    items = orders(40, seller=1)
    items += [{"purchase_date": AS_OF, "status": "Shipped", "fulfillment_channel": "Amazon"}] * 60
    got = rate(items)
    assert (got["orders"], got["rate"], got["status"]) == (40, 0.025, "alarm")


def test_custom_limits():
    assert rate(orders(100, seller=1), private_limit=0.01, amazon_limit=0.05)["status"] == "warn"
    assert rate(orders(100, seller=5), private_limit=0.01, amazon_limit=0.05)["status"] == "alarm"


@pytest.mark.parametrize("window", [0, -3, True, 2.5])
def test_bad_window(window):
    with pytest.raises(InvalidInput, match=r"^window: "):
        rate([], window=window)


@pytest.mark.parametrize(("private", "amazon"), [(0.03, 0.025), (0, 0.025), (0.02, 1.5)])
def test_bad_limits(private, amazon):
    with pytest.raises(InvalidInput, match="limit"):
        compute_cancel_rate(
            [], as_of=AS_OF, window_days=7, private_limit=private, amazon_limit=amazon
        )


@given(st.integers(1, 500), st.data())
def test_status_agrees_with_the_exact_fraction(total, data):
    seller = data.draw(st.integers(0, total))
    got = rate(orders(total, seller))
    if seller * 1000 >= 25 * total:
        assert got["status"] == "alarm"
    elif seller * 100 >= 2 * total:
        assert got["status"] == "warn"
    else:
        assert got["status"] == "ok"
    assert got["rate"] == round(seller / total, 4)
