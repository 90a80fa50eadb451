"""The aging report: fake items held on the day (through the store's one definition,
``read_stock``, on an in-memory SQLite database) into the pure report builder, as the
columns the store reads (DataFrames do as well)."""

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from liquidator.disposal_facts import facts_of
from liquidator.errors import InvalidInput
from liquidator.models import Disposal, Item, utcnow
from liquidator.reports.aging import bucket_bounds, build_aging_report
from liquidator.scoring import best_columns, best_items
from liquidator.settings import DEFAULTS
from liquidator.store.items import as_frame, read_stock

AS_OF = dt.date(2026, 3, 2)
AGES = [5, 25, 31, 59, 61, 89, 95, 200]
ITEM_COLUMNS = [
    "item_id",
    "title",
    "qty",
    "unit_cost",
    "purchased_on",
    "status",
    "listed_channel",
    "listed_price",
    "listed_on",
]


def make_items(rows):
    """Items with contract columns; each row overrides the defaults."""
    records = []
    for number, row in enumerate(rows, start=1):
        purchased = AS_OF - dt.timedelta(days=row.get("age", 10))
        record = {
            "item_id": number,
            "title": f"item {number}",
            "qty": 1,
            "unit_cost": 1000,
            "purchased_on": purchased,
            "status": "in_stock",
            "listed_channel": None,
            "listed_price": np.nan,
            "listed_on": None,
        }
        record.update({k: v for k, v in row.items() if k != "age"})
        records.append(record)
    if not records:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    return pd.DataFrame(records)


def make_best(items, **overrides):
    """One winner per item: yahoo, net cash 60% of cost, ¥10/day holding."""
    frame = pd.DataFrame(
        {
            "item_id": items["item_id"],
            "channel": "yahoo",
            "net_cash": (items["qty"] * items["unit_cost"] * 0.6).round().astype(int),
            "days_to_cash": 7,
            "holding_cost": 70,
            "holding_per_day": 10.0,
            "score": 0,
            "reason": "",
        }
    )
    for column, value in overrides.items():
        frame[column] = value
    return frame


def plain(data):
    """The report dict with its actions as a list: what the standard library encodes."""
    return {**data, "actions": list(data["actions"])}


def make_disposals(rows):
    columns = [
        "id",
        "item_id",
        "channel",
        "qty",
        "price",
        "fees",
        "shipping",
        "net_cash",
        "cost_basis",
        "profit",
        "sold_on",
        "channel_label",
        "channel_label_ja",
    ]
    records = []
    for number, row in enumerate(rows, start=1):
        record = {
            "id": number,
            "channel": "yahoo",
            "qty": 1,
            "price": 1000,
            "fees": 100,
            "shipping": 200,
            "net_cash": 700,
            "cost_basis": 1000,
            "profit": -300,
        }
        record.update(row)
        # the channel's names as recording it on the default settings keeps them
        channel = DEFAULTS.channels[record["channel"]]
        record |= {"channel_label": channel.label, "channel_label_ja": channel.label_ja}
        records.append(record)
    return pd.DataFrame(records, columns=columns)


_ENGINE = None


def held_on(items, disposals, as_of):
    """The stock held at the end of ``as_of``, as ``store.items.read_stock`` reads it
    (a dict of numpy arrays) from a database holding just ``items`` and ``disposals``
    (rolled back after)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = create_engine("sqlite://")  # in memory: one connection, kept
        SQLModel.metadata.create_all(_ENGINE)
    now = utcnow()
    with _ENGINE.connect() as connection:
        transaction = connection.begin()
        try:
            rows = [
                {
                    "id": int(item["item_id"]),
                    "title": item["title"],
                    "qty": int(item["qty"]),
                    "unit_cost": int(item["unit_cost"]),
                    "purchased_on": item["purchased_on"],
                    "size_class": 80,
                    "hazmat": False,
                    "status": item["status"],
                    "listed_channel": known(item["listed_channel"]),
                    "listed_price": known(item["listed_price"]),
                    "listed_on": known(item["listed_on"]),
                    "return_by": known(item.get("return_by")),
                    "recorded_on": item["purchased_on"],
                    "created_at": now,
                    "updated_at": now,
                }
                for item in items.to_dict("records")
            ]
            if rows:
                connection.execute(Item.__table__.insert(), rows)
            sold = [
                {**row, "reference_price": row["price"], "booked_on": row["sold_on"],
                 "created_at": now, **facts_of(DEFAULTS.channels[row["channel"]])}
                for row in disposals.to_dict("records")
            ]  # fmt: skip
            if sold:
                connection.execute(Disposal.__table__.insert(), sold)
            return read_stock(connection, as_of=as_of)
        finally:
            transaction.rollback()


def report(items, best=None, disposals=None, **kwargs):
    options = {
        "as_of": AS_OF,
        "buckets": [30, 60, 90],
        "period_days": 7,
        "target_days": 30,
        "cancel_rate": None,
        "return_window_channels": ["supplier_return"],
    }
    options.update(kwargs)
    disposals = make_disposals([]) if disposals is None else disposals
    return build_aging_report(
        stock=held_on(items, disposals, options["as_of"]),
        best=make_best(items) if best is None else best,
        disposals=disposals,
        **options,
    ).to_dict()


def test_issue_example_counts_two_per_bucket_and_costs_sum_to_total():
    items = make_items([{"age": age, "unit_cost": 1000 * (i + 1)} for i, age in enumerate(AGES)])
    data = report(items)
    assert [b["items"] for b in data["buckets"]] == [2, 2, 2, 2]
    assert [b["label"] for b in data["buckets"]] == ["0–30", "31–60", "61–90", "91+"]
    assert [(b["min_days"], b["max_days"]) for b in data["buckets"]] == [
        (0, 30),
        (31, 60),
        (61, 90),
        (91, None),
    ]
    assert sum(b["cost"] for b in data["buckets"]) == data["totals"]["cost_tied_up"] == 36_000
    assert data["oldest_age"] == 200
    assert data["average_age"] == round(sum(AGES) / len(AGES), 1)


@pytest.mark.parametrize(
    ("age", "bucket"),
    [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (90, 2), (91, 3), (1000, 3)],
)
def test_bucket_edges_are_inclusive(age, bucket):
    data = report(make_items([{"age": age}]))
    counts = [b["items"] for b in data["buckets"]]
    assert counts == [1 if i == bucket else 0 for i in range(4)]


def test_empty_buckets_appear_with_zeros():
    data = report(make_items([{"age": 3, "qty": 2}]), buckets=[7, 14, 30, 60])
    assert [b["label"] for b in data["buckets"]] == ["0–7", "8–14", "15–30", "31–60", "61+"]
    assert data["buckets"][0] == {
        "label": "0–7",
        "min_days": 0,
        "max_days": 7,
        "items": 1,
        "units": 2,
        "cost": 2000,
        "share": 1.0,
    }
    for bucket in data["buckets"][1:]:
        assert (bucket["items"], bucket["units"], bucket["cost"], bucket["share"]) == (0, 0, 0, 0)


def test_no_stock_at_all():
    data = report(make_items([]))
    assert data["totals"] == {
        "items": 0,
        "units": 0,
        "cost_tied_up": 0,
        "expected_cash": 0,
        "holding_cost_to_date": 0,
        "past_target": 0,
    }
    assert all(b["share"] == 0 for b in data["buckets"])
    assert (data["average_age"], data["oldest_age"], data["actions"]) == (0.0, 0, [])


@pytest.mark.parametrize(
    ("edges", "problem"),
    [
        ([], "at least one edge"),
        ([0, 30], "positive"),
        ([-5], "positive"),
        ([30, 30], "increase"),
        ([60, 30], "increase"),
        ([30.5], "whole number"),
    ],
)
def test_bad_bucket_edges(edges, problem):
    with pytest.raises(InvalidInput) as raised:
        report(make_items([{"age": 3}]), buckets=edges)
    assert raised.value.field == "buckets"
    assert problem in raised.value.problem


def test_bad_period():
    with pytest.raises(InvalidInput, match="^period: "):
        report(make_items([]), period_days=0)


def test_bucket_bounds_single_edge():
    assert bucket_bounds([30]) == [("0–30", 0, 30), ("31+", 31, None)]


@settings(max_examples=60, deadline=None)
@given(
    ages=st.lists(st.integers(0, 400), max_size=25),
    costs=st.lists(st.integers(0, 50_000), min_size=25, max_size=25),
    qtys=st.lists(st.integers(1, 5), min_size=25, max_size=25),
    edges=st.lists(st.integers(1, 365), min_size=1, max_size=6, unique=True).map(sorted),
)
def test_totals_equal_the_sum_of_buckets(ages, costs, qtys, edges):
    items = make_items(
        [
            {"age": age, "unit_cost": cost, "qty": qty}
            for age, cost, qty in zip(ages, costs, qtys, strict=False)
        ]
    )
    data = report(items, buckets=edges)
    totals, buckets = data["totals"], data["buckets"]
    assert sum(b["items"] for b in buckets) == totals["items"] == len(ages)
    assert sum(b["units"] for b in buckets) == totals["units"]
    assert sum(b["cost"] for b in buckets) == totals["cost_tied_up"]
    if totals["cost_tied_up"]:
        assert sum(b["share"] for b in buckets) == pytest.approx(1.0, abs=0.0005 * len(buckets))
    json.dumps(plain(data))


def test_headline_figures():
    items = make_items([{"age": 10, "qty": 2}, {"age": 40}, {"age": 95, "unit_cost": 3000}])
    best = make_best(items, holding_per_day=[2.0, 1.5, 4.25])
    best.loc[2, "net_cash"] = -500  # cheaper to bin than to ship: counts as 0
    data = report(items, best=best)
    assert data["totals"] == {
        "items": 3,
        "units": 4,
        "cost_tied_up": 6000,
        "expected_cash": 1200 + 600,
        "holding_cost_to_date": round(2.0 * 10 + 1.5 * 40 + 4.25 * 95),
        "past_target": 2,
    }


def test_sold_items_are_not_in_stock_now():
    items = make_items([{"age": 10}, {"age": 50, "qty": 0, "status": "sold"}])
    disposals = make_disposals([{"item_id": 2, "sold_on": AS_OF - dt.timedelta(days=20)}])
    data = report(items, disposals=disposals)
    assert data["totals"]["items"] == 1


def test_as_of_a_past_date_ignores_later_items_and_disposals():
    past = AS_OF - dt.timedelta(days=30)
    items = make_items(
        [
            {"age": 100, "qty": 0, "status": "sold"},  # sold after the past date
            {"age": 100, "qty": 1, "status": "in_stock"},  # one of three sold after
            {"age": 10},  # bought after the past date
            {"age": 120, "qty": 0, "status": "sold"},  # sold before the past date
        ]
    )
    disposals = make_disposals(
        [
            {"item_id": 1, "sold_on": AS_OF - dt.timedelta(days=3), "net_cash": 900},
            {"item_id": 2, "qty": 2, "sold_on": AS_OF - dt.timedelta(days=1)},
            {"item_id": 4, "sold_on": past - dt.timedelta(days=2), "net_cash": 400},
            {"item_id": 4, "sold_on": past - dt.timedelta(days=30), "net_cash": 5},
        ]
    )
    data = report(items, disposals=disposals, as_of=past)
    assert data["as_of"] == past.isoformat()
    assert data["totals"]["items"] == 2
    assert data["totals"]["units"] == 1 + 3
    assert data["oldest_age"] == 70
    assert data["disposals"]["cash_recovered"] == 400
    assert data["disposals"]["period_end"] == past.isoformat()
    assert data["disposals"]["period_start"] == (past - dt.timedelta(days=6)).isoformat()

    today = report(items, disposals=disposals)
    assert today["totals"]["items"] == 2  # item 2 and the new item 3
    assert today["disposals"]["cash_recovered"] == 900 + 700


def test_read_stock_sets_scoring_columns():
    items = make_items([{"age": 40, "qty": 1}, {"age": 5}])
    disposals = make_disposals([{"item_id": 1, "qty": 2, "sold_on": AS_OF}])
    frame = held_on(items, disposals, AS_OF - dt.timedelta(days=1))
    assert frame["item_id"].tolist() == [1, 2]
    assert frame["qty"].tolist() == [3, 1]
    assert frame["qty_now"].tolist() == [1, 1]
    assert frame["days_held"].tolist() == [39, 4]


def test_actions_order_and_reasons():
    items = make_items(
        [
            {"age": 10, "title": "新しい", "unit_cost": 5000},  # not urgent
            {"age": 95, "title": "古いカメラ", "unit_cost": 24_000},  # 65 over × 24,000
            {"age": 200, "title": "cheap", "unit_cost": 500},  # 170 over × 500
            {"age": 12, "title": "return me", "return_by": AS_OF + dt.timedelta(days=3)},
        ]
    )
    items["return_by"] = items.get("return_by")
    best = make_best(items)
    best.loc[3, "channel"] = "supplier_return"
    data = report(items, best=best)
    actions = data["actions"]
    assert [a["item_id"] for a in actions] == [4, 2, 3]
    assert actions[0]["reason"] == "supplier return window closes in 3 days; ¥1,000 tied up"
    assert actions[1]["reason"] == "held 95 days, 65 past target; ¥24,000 tied up"
    assert actions[1] == {
        "item_id": 2,
        "title": "古いカメラ",
        "days_held": 95,
        "best_channel": "yahoo",
        "net_cash": 14_400,
        "reason": "held 95 days, 65 past target; ¥24,000 tied up",
        "status": "in_stock",
        "listed_channel": None,
        "listed_days": None,
        "cut_price": False,
        "suggested_price": None,  # the test's best frame suggests none
        "price_kind": None,
        "least_loss": False,
        "plan": None,
    }


def test_listed_items_show_where_and_how_long_and_when_to_cut():
    items = make_items(
        [
            # on yahoo (usually sells in 7 days) for 12 days → cut
            {"age": 20, "status": "listed", "listed_channel": "yahoo", "listed_on": AS_OF - dt.timedelta(days=12)},
            # on another channel, 10 days < the 14-day default → keep, not an action
            {"age": 20, "status": "listed", "listed_channel": "mercari", "listed_on": AS_OF - dt.timedelta(days=10)},
            # listed after the report date: was not on sale then
            {"age": 60, "status": "listed", "listed_channel": "ebay", "listed_on": AS_OF + dt.timedelta(days=1)},
            # past target and listed on a channel with a known usual (channel_days)
            {"age": 45, "status": "listed", "listed_channel": "ebay", "listed_on": AS_OF - dt.timedelta(days=20)},
        ]
    )  # fmt: skip
    data = report(items, channel_days={"ebay": 30, "yahoo": 7})
    by_id = {a["item_id"]: a for a in data["actions"]}
    assert sorted(by_id) == [1, 3, 4]
    assert by_id[1]["cut_price"] is True
    assert (by_id[1]["status"], by_id[1]["listed_channel"], by_id[1]["listed_days"]) == (
        "listed",
        "yahoo",
        12,
    )
    assert "on yahoo for 12 days, usually sells in 7: cut the price" in by_id[1]["reason"]
    assert by_id[3]["status"] == "in_stock" and by_id[3]["listed_days"] is None
    assert by_id[4]["cut_price"] is False
    assert "on ebay for 20 days" in by_id[4]["reason"]
    assert [a["item_id"] for a in data["actions"]] == [3, 4, 1]  # past target before stale


def test_item_without_eligible_channel():
    items = make_items([{"age": 100}])
    best = make_best(items, channel=None, net_cash=np.nan)
    action = report(items, best=best)["actions"][0]
    assert action["best_channel"] is None and action["net_cash"] is None
    assert "no channel fits" in action["reason"]


def test_disposals_in_period_by_channel():
    items = make_items([{"age": 50, "qty": 0, "status": "sold"}] * 4)
    day = AS_OF
    disposals = make_disposals(
        [
            {"item_id": 1, "sold_on": day, "net_cash": 700, "cost_basis": 1000},
            {"item_id": 2, "sold_on": day - dt.timedelta(days=6), "net_cash": 1500, "cost_basis": 1000},
            {"item_id": 3, "channel": "ebay", "qty": 2, "sold_on": day - dt.timedelta(days=2), "net_cash": 3000, "cost_basis": 4000},
            {"item_id": 4, "channel": "writeoff", "sold_on": day, "net_cash": 0, "cost_basis": 800},
            {"item_id": 4, "sold_on": day - dt.timedelta(days=7), "net_cash": 99_999},
        ]
    )  # fmt: skip
    summary = report(items, disposals=disposals)["disposals"]
    assert summary["cash_recovered"] == 5200
    assert summary["cost_basis"] == 6800
    assert summary["loss"] == 1600
    assert summary["recovery_rate"] == round(5200 / 6800, 4)
    assert summary["by_channel"] == [
        {
            "channel": "ebay",
            "disposals": 1,
            "units": 2,
            "cash_recovered": 3000,
            "cost_basis": 4000,
            "loss": 1000,
            "recovery_rate": 0.75,
            "label": "eBay",
        },
        {
            "channel": "yahoo",
            "disposals": 2,
            "units": 2,
            "cash_recovered": 2200,
            "cost_basis": 2000,
            "loss": -200,
            "recovery_rate": 1.1,
            "label": "Yahoo! Auctions",
        },
        {
            "channel": "writeoff",
            "disposals": 1,
            "units": 1,
            "cash_recovered": 0,
            "cost_basis": 800,
            "loss": 800,
            "recovery_rate": 0.0,
            "label": "Write-off",
        },
    ]


def test_json_ready_and_cancel_rate_passthrough():
    items = make_items([{"age": a} for a in AGES])
    best = make_best(items)
    best["net_cash"] = best["net_cash"].astype("int32")
    cancel = {"window_days": 7, "rate": np.float64(0.0125), "orders": np.int64(80), "start": AS_OF}
    data = report(items, best=best, cancel_rate=cancel)
    text = json.dumps(plain(data))
    assert json.loads(text) == data
    assert data["cancel_rate"] == {
        "window_days": 7,
        "rate": 0.0125,
        "orders": 80,
        "start": AS_OF.isoformat(),
    }
    assert set(data) == {
        "as_of",
        "totals",
        "buckets",
        "average_age",
        "oldest_age",
        "actions",
        "disposals",
        "cancel_rate",
        "channel_labels",
        "todo",
        "to_check",
    }


# --- the action list, checked against the rules one action at a time ------------------

CHANNELS = ["yahoo", "ebay", "mercari", "supplier_return", None]
CHANNEL_DAYS = {"yahoo": 7, "ebay": 30, "supplier_return": 3}


def known(value):
    return None if value is None or value is pd.NaT or value != value else value


def expected_actions(items, best, target_days=30):
    """The module docstring's rules, applied per item in plain Python (the oracle)."""
    chosen = []
    for item, winner in zip(items.to_dict("records"), best.to_dict("records"), strict=True):
        days = (AS_OF - item["purchased_on"]).days
        cost = item["qty"] * item["unit_cost"]
        channel, where = known(winner["channel"]), known(item["listed_channel"])
        listed_on, return_by = known(item["listed_on"]), known(item["return_by"])
        selling = (
            where is not None and listed_on is not None and listed_on <= AS_OF
            and item["status"] != "in_stock"
        )  # fmt: skip
        listed = (AS_OF - listed_on).days if selling else None
        usual = CHANNEL_DAYS.get(where, 14)
        cut = selling and listed > usual
        left = (return_by - AS_OF).days if return_by is not None else None
        window = channel == "supplier_return" and left is not None and 0 <= left <= 7
        past = days > target_days
        if not (past or window or cut):
            continue
        parts = []
        if window:
            parts.append(
                "supplier return window closes today"
                if left == 0
                else f"supplier return window closes in {left} day{'' if left == 1 else 's'}"
            )
        if past:
            parts.append(f"held {days} days, {days - target_days} past target")
        elif not window:
            parts.append(f"held {days} days")
        if selling:
            parts.append(f"on {where} for {listed} days")
            if cut:
                parts[-1] += f", usually sells in {usual}: cut the price"
        if channel is None:
            parts.append("no channel fits: consider a write-off")
        parts.append(f"¥{cost:,} tied up")
        if window:
            key = (0, left)
        elif past:
            key = (1, -(days - target_days) * cost)
        else:
            key = (2, -(listed - usual) * cost)
        action = {
            "item_id": item["item_id"],
            "title": item["title"],
            "days_held": days,
            "best_channel": channel,
            "net_cash": winner["net_cash"] if channel is not None else None,
            "reason": "; ".join(parts),
            "status": "listed" if selling else "in_stock",
            "listed_channel": where if selling else None,
            "listed_days": listed,
            "cut_price": cut,
            "suggested_price": None,
            "price_kind": None,
            "least_loss": False,
            "plan": None,
        }
        chosen.append(((*key, -cost, item["item_id"]), action))
    return [action for _key, action in sorted(chosen, key=lambda pair: pair[0])]


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "age": st.integers(0, 120),
                "qty": st.integers(1, 3),
                "unit_cost": st.sampled_from([500, 980, 12_000, 1_234_567]),
                "listed": st.one_of(st.none(), st.tuples(st.sampled_from(CHANNELS[:3]), st.integers(-3, 40))),
                "return_in": st.one_of(st.none(), st.integers(-3, 12)),
                "channel": st.sampled_from(CHANNELS),
                "days_to_cash": st.integers(1, 30),
            }
        ),
        max_size=30,
    )
)  # fmt: skip
def test_actions_follow_the_rules_one_by_one(rows):
    items = make_items(
        [
            {
                "age": row["age"],
                "qty": row["qty"],
                "unit_cost": row["unit_cost"],
                "status": "listed" if row["listed"] else "in_stock",
                "listed_channel": row["listed"][0] if row["listed"] else None,
                "listed_on": AS_OF - dt.timedelta(days=row["listed"][1]) if row["listed"] else None,
                "return_by": (
                    AS_OF + dt.timedelta(days=row["return_in"]) if row["return_in"] is not None else None
                ),
            }
            for row in rows
        ]
    )  # fmt: skip
    if "return_by" not in items:
        items["return_by"] = None
    best = make_best(items)
    best["channel"] = [row["channel"] for row in rows]
    best["days_to_cash"] = [row["days_to_cash"] for row in rows]
    data = report(items, best=best, channel_days=CHANNEL_DAYS)
    assert data["actions"] == expected_actions(items, best)


def test_the_report_leaves_its_stock_alone_and_takes_a_dataframe_too():
    items = make_items([{"age": a, "qty": 1 + a % 3} for a in AGES])
    disposals = make_disposals([{"item_id": 2, "qty": 1, "sold_on": AS_OF}])
    past = AS_OF - dt.timedelta(days=1)
    stock = held_on(items, disposals, past)
    before = {name: values.copy() for name, values in stock.items()}
    options = {
        "best": make_best(stock),
        "disposals": disposals,
        "as_of": past,
        "buckets": [30, 60, 90],
        "period_days": 7,
        "target_days": 30,
        "cancel_rate": None,
    }
    data = build_aging_report(stock=stock, **options).to_dict()
    assert stock.keys() == before.keys()
    for name, values in before.items():
        np.testing.assert_array_equal(stock[name], values)
    assert data == report(items, best=make_best(stock), disposals=disposals, as_of=past)
    assert data["totals"]["units"] == int(stock["qty"].sum())
    frame = as_frame(stock)
    assert build_aging_report(stock=frame, **options).to_dict() == data
    as_columns = {"disposals": {name: disposals[name].to_numpy() for name in disposals}}
    assert build_aging_report(stock=stock, **{**options, **as_columns}).to_dict() == data


def test_winners_as_columns_or_as_a_frame_give_the_same_report():
    items = make_items([{"age": a, "qty": 1 + a % 3} for a in AGES])
    stock = held_on(items, make_disposals([]), AS_OF)
    stock["qty"][0] = 0  # no stock, so no eligible channel: its winner has none
    options = {"as_of": AS_OF, "buckets": [30, 60, 90], "period_days": 7, "target_days": 30,
               "cancel_rate": None, "disposals": None}  # fmt: skip
    columns = best_columns(stock, DEFAULTS, reasons=False)
    assert not columns["found"][0] and columns["found"][1:].all()
    data = build_aging_report(stock=stock, best=columns, **options).to_dict()
    frame = best_items(stock, DEFAULTS, reasons=False)
    assert build_aging_report(stock=stock, best=frame, **options).to_dict() == data
    # the winners in another order, one repeated (its first row counts)
    order = [3, 2, 7, 1, 0, 6, 5, 4, 2]
    shuffled = {name: values[order] for name, values in columns.items()}
    shuffled["net_cash"][-1], shuffled["channel"][-1] = -1, None
    assert build_aging_report(stock=stock, best=shuffled, **options).to_dict() == data
    # an item without a winner's row has no channel
    lacking = {name: values[[3, 2, 1, 0, 6, 5, 4]] for name, values in columns.items()}
    without = build_aging_report(stock=stock, best=lacking, **options).to_dict()
    oldest = int(stock["item_id"][7])
    [action] = [a for a in without["actions"] if a["item_id"] == oldest]
    assert action["best_channel"] is None and "no channel fits" in action["reason"]
    assert [a for a in without["actions"] if a["item_id"] != oldest] == [
        a for a in data["actions"] if a["item_id"] != oldest
    ]


# --- the report's reads: every engine gives what SQLite gives ---------------------------


def demo_reads(url, home):
    from liquidator.db import open_database
    from liquidator.demo import fill_demo
    from liquidator.reports.weekly import weekly_report
    from liquidator.store.disposals import read_disposals
    from liquidator.workspace import resolve_workspace

    day = dt.date(2026, 11, 26)
    workspace = resolve_workspace(home=home, db=url)
    database = open_database(workspace)
    try:
        with database.transaction() as session:
            if not session.connection().exec_driver_sql("SELECT count(*) FROM items").scalar():
                fill_demo(session=session, as_of=day)
        with database.session() as session:
            connection = session.connection()
            items = as_frame(read_stock(connection, as_of=day - dt.timedelta(days=20)))
            held = as_frame(read_stock(connection, as_of=day))
            disposals = as_frame(read_disposals(connection))
            recent = as_frame(read_disposals(connection, start=day - dt.timedelta(days=6)))
            data = weekly_report(session=session, settings=workspace.settings, as_of=day)
        return items, held, disposals, recent, data.to_dict()
    finally:
        database.dispose()


def test_report_reads_are_the_same_on_every_engine(db_url, tmp_path):
    # Both engines read through the same column reads; PostgreSQL must give what
    # SQLite gives for the same data.
    expected = demo_reads(f"sqlite:///{tmp_path / 'ref' / 'x.db'}", tmp_path / "ref")
    actual = demo_reads(db_url, tmp_path)
    for got, want in zip(actual[:4], expected[:4], strict=True):
        assert len(got) > 0
        pd.testing.assert_frame_equal(got, want)
    assert actual[4] == expected[4]
    items, held, disposals, recent, data = actual
    assert len(items) != len(held) and len(recent) < len(disposals)
    assert (recent["sold_on"] >= pd.Timestamp(dt.date(2026, 11, 20))).all()
    assert data["totals"]["items"] == len(held) and data["actions"]
