"""Prices a seller would set and plans that are real actions (advice v3, patterns 1, 2, 7).

Each expectation was written from the seller's rules before the model was run:

- an auction starts below the going price, or it draws no bids; when dumping, at 1 yen;
- a fixed price starts near market, and never above an ask that already failed;
- a plan is steps a seller can take: no ¥0, nothing below 1 yen, no drop that nets less
  than the next-best channel, no "drop" for a 1-yen auction;
- a running auction ends on its own date: nothing is switched before then;
- ヤフオク! forbids listing the same item elsewhere while its auction is open (ガイドライン
  細則 A-3): a switch from it comes after it ends, and a switch to it ends the other
  listing first; its 自動再出品 relists three times, with a cut each time, then a 1-yen
  relist (or a switch, for an auction that already started at 1 yen).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liquidator.recommend import recommendations
from liquidator.scoring import score_columns, score_items
from liquidator.settings import DEFAULTS

NAN = math.nan
LISTED_ON = dt.date(2026, 11, 1)


def item(**fields) -> dict:
    base = {
        "item_id": 1, "qty": 1, "unit_cost": 7_000, "market_price": 9_000, "size_class": 80,
        "length_cm": NAN, "width_cm": NAN, "height_cm": NAN, "weight_g": NAN,
        "hazmat": False, "category": "toys", "days_held": 5, "return_days_left": NAN,
        "domestic_only": False, "quotes": "", "listed_channel": None, "listed_days": NAN,
        "listed_price": NAN,
    }  # fmt: skip
    base.update(fields)
    return base


def row(channel: str, **fields) -> pd.Series:
    scored = score_items(pd.DataFrame([item(**fields)]), DEFAULTS)
    return scored[scored["channel"] == channel].iloc[0]


def recommend(channel: str, price: float, days: int, **fields) -> dict:
    """The recommendation of one item listed on ``channel`` at ``price`` ``days`` ago."""
    fields = item(listed_channel=channel, listed_days=float(days), listed_price=price,
                  days_held=fields.pop("days_held", days + 3), **fields)  # fmt: skip
    columns = {name: np.array([value]) for name, value in fields.items()}
    columns["listed_channel"] = np.array([channel], dtype=object)
    columns["category"] = np.array([fields["category"]], dtype=object)
    columns["quotes"] = np.array([fields["quotes"]], dtype=object)
    columns["title"] = np.array(["item"], dtype=object)
    columns["listed_on"] = np.array([LISTED_ON.isoformat()], dtype="datetime64[D]")
    return next(recommendations(columns, DEFAULTS))


def day(offset: int) -> str:
    return (LISTED_ON + dt.timedelta(days=offset)).isoformat()


KEYCHAIN = {"unit_cost": 300, "market_price": 450, "size_class": 60, "weight_g": 50}
RICE_COOKER = {"unit_cost": 15_000, "market_price": 18_000, "size_class": 140, "weight_g": 6_000,
               "category": "家電"}  # fmt: skip
CARD = {"unit_cost": 3_000, "market_price": 5_000, "size_class": 60, "weight_g": 50,
        "category": "trading cards"}  # fmt: skip


# --- pattern 1: start and list prices --------------------------------------------------


def test_a_450_yen_keychain_does_not_start_above_its_market_price():
    yahoo = row("yahoo", **KEYCHAIN)
    assert yahoo["price_kind"] == "start"
    assert 1 <= yahoo["suggested_price"] <= 450


def test_a_rice_cooker_starts_below_its_market_price_before_its_target():
    yahoo = row("yahoo", **RICE_COOKER, days_held=3)
    assert yahoo["suggested_price"] < 18_000


def test_a_fresh_auction_starts_near_a_fraction_of_market_not_at_one_yen():
    start = row("yahoo", days_held=5)["suggested_price"]
    assert 0.5 * 9_000 <= start <= 9_000


def test_a_dumped_item_starts_at_one_yen():
    assert row("yahoo", days_held=90)["suggested_price"] == 1


def test_without_a_market_price_the_start_stays_under_the_cost():
    assert row("yahoo", market_price=NAN, days_held=5)["suggested_price"] <= 7_000


def test_a_fixed_price_starts_near_market():
    amazon = row("amazon_jp", days_held=5)
    assert amazon["price_kind"] == "list"
    assert 0.85 * 9_000 <= amazon["suggested_price"] <= 9_000


def test_a_stale_fixed_price_is_cut_from_the_ask_that_failed():
    amazon = row("amazon_jp", days_held=25, listed_channel="amazon_jp", listed_days=20,
                 listed_price=5_400)  # fmt: skip
    assert amazon["suggested_price"] <= 5_400 * 0.9


def test_a_fixed_price_never_goes_above_the_current_ask():
    amazon = row("amazon_jp", days_held=8, listed_channel="amazon_jp", listed_days=5,
                 listed_price=6_000)  # fmt: skip
    assert amazon["suggested_price"] <= 6_000


def test_a_failed_fixed_start_auction_suggests_a_one_yen_relist_and_stays_eligible():
    yahoo = row("yahoo", **CARD, days_held=33, listed_channel="yahoo", listed_days=30,
                listed_price=4_000)  # fmt: skip
    assert yahoo["eligible"]
    assert yahoo["suggested_price"] == 1


def test_a_one_yen_auction_without_a_bid_in_four_weeks_gives_up_the_channel():
    yahoo = row("yahoo", **CARD, days_held=33, listed_channel="yahoo", listed_days=30,
                listed_price=1)  # fmt: skip
    assert not yahoo["eligible"]


# --- pattern 2 and 7: plans ------------------------------------------------------------


def prices(plan: list[dict]) -> list[int]:
    return [step["price"] for step in plan if "price" in step]


def test_a_running_one_yen_auction_is_never_planned_to_drop_or_to_zero():
    rec = recommend("yahoo", 1, 2, **CARD)
    plan = rec["schedule"]
    assert plan
    assert all(step["action"] != "drop" for step in plan)
    assert all(price >= 1 for price in prices(plan))


def test_an_item_in_a_running_auction_is_not_switched_before_the_auction_ends():
    rec = recommend("yahoo", 1, 2, days_held=5)  # a mid-priced toy: Amazon.co.jp pays more
    assert rec["best_channel"] != "yahoo"
    first = rec["schedule"][0]
    assert first["action"] == "switch" and first["on"] == day(7)
    assert first["after_end"] is True


def test_no_step_proposes_another_channel_while_the_yahoo_auction_is_open():
    for days in range(0, 28):
        for fields in ({}, CARD, KEYCHAIN):
            rec = recommend("yahoo", 2_000, days, **fields)
            ends = day((days // 7 + 1) * 7)
            for step in rec["schedule"]:
                if step["action"] == "switch":
                    assert step["on"] >= ends and step["after_end"], (days, fields, step)


def test_a_fixed_start_auction_relists_three_times_with_cuts_then_at_one_yen():
    rec = recommend("yahoo", 4_000, 3, **CARD, days_held=6)
    assert rec["best_channel"] == "yahoo"
    plan = rec["schedule"]
    relists = [step for step in plan if step["action"] == "relist"]
    assert [step["on"] for step in relists] == [day(7), day(14), day(21), day(28)]
    cut = [step["price"] for step in relists[:3]]
    assert cut == sorted(cut, reverse=True) and len(set(cut)) == 3 and cut[0] < 4_000
    assert relists[3]["price"] == 1


def test_a_one_yen_auction_relists_at_one_yen_then_switches_after_the_last_run():
    rec = recommend("yahoo", 1, 3, **CARD, days_held=6)
    plan = rec["schedule"]
    assert [step["price"] for step in plan if step["action"] == "relist"] == [1, 1, 1]
    switch = plan[-1]
    if switch["action"] == "switch":  # only when another channel is eligible
        assert switch["on"] == day(28) and switch["after_end"]


def test_a_dumped_item_in_a_fixed_start_auction_is_relisted_at_one_yen_when_it_ends():
    rec = recommend("yahoo", 5_000, 3, days_held=90)
    assert rec["best_channel"] == "yahoo"
    assert rec["schedule"][0] == {"on": day(7), "action": "relist", "price": 1}


def test_a_stale_fixed_price_listing_drops_from_the_failed_ask_today():
    rec = recommend("amazon_jp", 5_400, 20, days_held=21)
    plan = rec["schedule"]
    drops = [step for step in plan if step["action"] == "drop"]
    if drops:
        assert drops[0]["on"] == day(20) and drops[0]["price"] <= 5_400 * 0.9
        assert prices(drops) == sorted(set(prices(drops)), reverse=True)


def test_no_drop_nets_less_than_selling_at_zero_profit_on_shipping_and_fees():
    rec = recommend("amazon_jp", 2_500, 1, unit_cost=1_500, market_price=2_500, size_class=60)
    amazon = next(c for c in rec["channels"] if c["channel"] == "amazon_jp")
    costs = amazon["shipping"] + amazon["packaging"] + 100  # per-item fee
    for price in prices([s for s in rec["schedule"] if s["action"] == "drop"]):
        assert price * 0.9 - costs > 0


def test_a_listing_whose_price_is_unknown_gets_no_drop_to_zero():
    rec = recommend("amazon_jp", NAN, 20, days_held=21)
    assert all(step["action"] != "drop" for step in rec["schedule"])


def test_a_fixed_price_listing_beaten_elsewhere_switches_today():
    rec = recommend("amazon_jp", 9_000, 70, days_held=80)
    assert rec["best_channel"] == "yahoo"
    assert rec["schedule"] == [
        {"on": day(70), "action": "switch", "channel": "yahoo", "after_end": False,
         "end_first": True}
    ]  # fmt: skip


def test_an_auction_whose_runs_are_all_over_switches_today():
    rec = recommend("yahoo", 1, 40, days_held=45)
    assert rec["best_channel"] not in (None, "yahoo")
    assert rec["schedule"][0]["on"] == day(40)
    assert rec["schedule"][0]["after_end"] is False


# --- properties ----------------------------------------------------------------------------

any_item = st.fixed_dictionaries(
    {
        "qty": st.integers(1, 5),
        "unit_cost": st.integers(100, 300_000),
        "market_price": st.one_of(st.just(NAN), st.floats(100, 500_000)),
        "size_class": st.sampled_from([60, 80, 100, 120, 140, 160, 180, 200]),
        "weight_g": st.one_of(st.just(NAN), st.floats(50, 25_000)),
        "category": st.sampled_from(["", "knives", "console", "camera", "trading cards", "toys"]),
        "days_held": st.integers(0, 400),
    }
)
listing = st.tuples(
    st.sampled_from([None, "yahoo", "amazon_jp", "ebay"]),
    st.integers(0, 120),
    st.one_of(st.just(NAN), st.just(1.0), st.integers(2, 600_000).map(float)),
)


@settings(max_examples=300, deadline=None)
@given(fields=any_item, listed=listing)
def test_a_start_price_never_exceeds_the_market_price(fields, listed):
    channel, days, price = listed
    if channel is not None:
        fields = {**fields, "listed_channel": channel, "listed_days": float(days),
                  "listed_price": price}  # fmt: skip
    scored = score_columns({k: [v] for k, v in item(**fields).items()}, DEFAULTS)
    market = fields["unit_cost"] if math.isnan(fields["market_price"]) else fields["market_price"]
    for kind, suggested in zip(scored["price_kind"], scored["suggested_price"], strict=True):
        if kind == "start":
            assert 1 <= suggested <= market


@settings(max_examples=300, deadline=None)
@given(fields=any_item, listed=listing)
def test_every_plan_step_is_a_real_action(fields, listed):
    channel, days, price = listed
    if channel is None:
        return
    rec = recommend(channel, price, days, **fields)
    as_of = day(days)
    last = price
    auction = DEFAULTS.channels[channel].auction
    for step in rec["schedule"]:
        assert step["on"] >= as_of
        assert step["action"] in ("drop", "relist", "switch")
        if step["action"] == "drop":
            assert not auction
            assert 1 <= step["price"] < last
            last = step["price"]
        elif step["action"] == "relist":
            assert auction and step["price"] >= 1
        else:
            assert step["channel"] != channel
        if auction and step["action"] == "switch" and days < 28:
            assert step["after_end"] and step["on"] >= day((days // 7 + 1) * 7)


@pytest.mark.parametrize("days", [0, 6, 7, 13, 27])
def test_an_auction_s_end_date_is_the_listing_day_plus_whole_runs(days):
    rec = recommend("yahoo", 1, days, days_held=5)
    assert rec["schedule"][0]["on"] == day((days // 7 + 1) * 7)


def test_scoring_without_reason_lines_gives_the_same_figures():
    columns = {k: [v] for k, v in item(days_held=40).items()}
    full = score_columns(columns, DEFAULTS)
    bare = score_columns(columns, DEFAULTS, with_reasons=False)
    assert all(line is None for line in bare["reason"]) and all(full["reason"])
    for name in full:
        if name != "reason":
            assert np.array_equal(full[name], bare[name]), name
