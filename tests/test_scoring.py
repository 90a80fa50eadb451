"""The scoring engine: hand-checked cases a seller would verify, and hypothesis properties."""

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from liquidator.errors import InvalidInput
from liquidator.scoring import (
    MONEY_COLUMNS,
    SCORE_COLUMNS,
    best_items,
    estimate_fees,
    estimate_shipping,
    score_columns,
    score_items,
)
from liquidator.settings import DEFAULTS, load_settings, with_channel_overrides
from liquidator.sizes import NOMINAL_DIMS_CM, SIZE_CLASSES

ALL_ON = with_channel_overrides(
    DEFAULTS, {name: {"enabled": True} for name in DEFAULTS.scored_channels}
)
NAN = float("nan")


def make_item(**fields) -> dict:
    """One item with the CONTRACTS.md columns; unknowns are NaN unless given."""
    item = {
        "item_id": 1,
        "title": "test item",
        "qty": 1,
        "unit_cost": 4_980,
        "market_price": NAN,
        "size_class": 80,
        "length_cm": NAN,
        "width_cm": NAN,
        "height_cm": NAN,
        "weight_g": NAN,
        "hazmat": False,
        "category": "",
        "days_held": 12,
        "return_days_left": NAN,
    }
    item.update(fields)
    return item


def score(*items: dict, settings=DEFAULTS) -> pd.DataFrame:
    return score_items(pd.DataFrame(list(items)), settings)


def row(scored: pd.DataFrame, channel: str, item_id: int = 1) -> pd.Series:
    match = scored[(scored["item_id"] == item_id) & (scored["channel"] == channel)]
    assert len(match) == 1
    return match.iloc[0]


def winner(scored: pd.DataFrame, item_id: int = 1) -> str | None:
    won = scored[(scored["item_id"] == item_id) & (scored["rank"] == 1)]
    return won["channel"].iloc[0] if len(won) else None


def floor_yen(value: float) -> int:
    return math.floor(value + 1e-6)


# --- cases checked by hand ------------------------------------------------------------


def test_a_4980_yen_size_80_item_held_12_days_worked_by_hand():
    # Nothing known but cost and class: market price = cost, 35×25×20 cm nominal box.
    scored = score(make_item(unit_cost=4_980, size_class=80, days_held=12))
    shipping = DEFAULTS.shipping["domestic"].rates[80]  # 1,150 yen, class 80
    # Waiting costs the return on recycled cash: 10% margin × 12 turns = 120% a year.
    holding_per_day = 4_980 * 1.2 / 365 + 4.0 * 12 / 365 * (35 * 25 * 20 / 1000)  # ≈ 18.67
    assert NOMINAL_DIMS_CM[80] == (35.0, 25.0, 20.0)

    yahoo = row(scored, "yahoo")
    price = 4_980 * 0.85  # 4,233
    net = price - 0.10 * price - shipping - 100  # 2,559.7
    assert yahoo["expected_price"] == 4_233
    assert yahoo["net_cash"] == floor_yen(net) == 2_559
    assert yahoo["fees"] == 4_233 - 2_559 - 1_150 - 100 == 424  # 423.3 plus the sub-yen rest
    assert yahoo["score"] == floor_yen(net - holding_per_day * 10) == 2_372
    assert yahoo["holding_per_day"] == pytest.approx(holding_per_day)

    amazon = row(scored, "amazon_jp")
    price = 4_980 * 0.95  # 4,731: no category, so 10% referral + 100 yen per item
    net = price - (0.10 * price + 100) - shipping - 100  # 2,907.9
    assert (amazon["expected_price"], amazon["net_cash"]) == (4_731, 2_907)
    assert amazon["score"] == floor_yen(net - holding_per_day * 21) == 2_515

    ebay = row(scored, "ebay")
    # Billable weight: volumetric 35×25×20/5000 = 3.5 kg beats the 2 kg class estimate,
    # so the ≤5 kg courier bracket: 9,300 yen. To the US the seller pays the duty (DDP):
    # the listing adds it to the goods' 5,976 yen (×1.15 = 6,872.4); fees 15.25% + 60 yen
    # + 2% FX of that, plus the duty (15% of 5,976, 2.1% processing on it, 225 yen).
    assert ebay["shipping"] == 9_300
    listed = 5_976 * 1.15
    duty = 5_976 * 0.15 * 1.021 + 225
    assert ebay["expected_price"] == floor_yen(listed) == 6_872
    assert ebay["duties"] == floor_yen(duty) == 1_140
    fees = 0.1525 * listed + 60 + 0.02 * listed + duty
    assert ebay["net_cash"] == floor_yen(listed - fees - 9_300 - 300)
    # Still eligible, but worse than writing it off, which costs nothing more.
    assert ebay["net_cash"] < 0 and ebay["eligible"] and ebay["least_loss"]
    assert "worse than writing it off" in ebay["reason"]
    writeoff = row(scored, "writeoff")
    assert (writeoff["net_cash"], writeoff["rank"]) == (0, 4)

    # The buy-back shop's free pickup starts at a 10,000-yen box: this one is sent in.
    kaitori = row(scored, "kaitori")
    assert (kaitori["expected_price"], kaitori["shipping"], kaitori["net_cash"]) == (
        1_245,
        1_150,
        1_245 - 1_150,
    )

    assert row(scored, "mercari")["reason"] == "switched off in settings"
    assert row(scored, "supplier_return")["reason"] == "no return-by date recorded"
    assert winner(scored) == "amazon_jp"
    assert row(scored, "amazon_jp")["reason"].startswith("highest net cash;")
    assert "weight estimated from size class" in row(scored, "amazon_jp")["reason"]
    assert row(scored, "kaitori")["weight_estimated"]  # sent in by parcel


def test_a_14_kg_rice_cooker_is_not_sent_to_ebay():
    cooker = make_item(
        unit_cost=12_000,
        size_class=120,
        length_cm=45,
        width_cm=40,
        height_cm=35,
        weight_g=14_000,
        category="家電",
    )
    scored = score(cooker)
    ebay = row(scored, "ebay")
    assert not ebay["eligible"] and ebay["rank"] == 0
    # max(14 kg actual, 45×40×35/5000 = 12.6 kg volumetric) against the 10 kg courier cap
    assert ebay["reason"].startswith("billable weight 14.0 kg")
    assert "over the 10 kg limit of courier to the US" in ebay["reason"]
    assert winner(scored) != "ebay"

    to_europe = with_channel_overrides(DEFAULTS, {"ebay": {"shipping": "epacket_light"}})
    ebay = row(score(cooker, settings=to_europe), "ebay")
    assert not ebay["eligible"] and ebay["reason"].startswith("over the limits of ePacket Light")


def test_an_item_whose_price_fell_below_cost_goes_back_inside_the_return_window():
    fallen = make_item(unit_cost=10_000, market_price=7_000, size_class=60, return_days_left=5)
    scored = score(fallen)
    back = row(scored, "supplier_return")
    # A refund of the cost (10,000), less class-60 return shipping (900) and packing (100).
    assert (back["expected_price"], back["fees"], back["shipping"]) == (10_000, 0, 900)
    assert back["net_cash"] == 9_000
    assert winner(scored) == "supplier_return"

    closed = score(dict(fallen, return_days_left=-1))
    assert row(closed, "supplier_return")["reason"] == "return window closed 1 day ago"
    assert winner(closed) != "supplier_return"


def test_the_last_day_of_the_return_window_still_counts():
    assert row(score(make_item(return_days_left=0)), "supplier_return")["eligible"]


def test_raising_yahoo_fee_rate_in_toml_raises_its_fees_and_lowers_its_score(tmp_path):
    (tmp_path / "liquidator.toml").write_text("[channels.yahoo]\nfee_rate = 0.12\n")
    dearer = load_settings(tmp_path / "liquidator.toml")
    before = row(score(make_item()), "yahoo")
    after = row(score(make_item(), settings=dearer), "yahoo")
    # 2 more points of 4,233 yen is 84.66 yen
    assert after["fees"] - before["fees"] in (84, 85, 86)
    assert after["score"] < before["score"]
    assert after["expected_price"] == before["expected_price"]


def test_a_thin_light_item_with_known_dims_ships_as_compact_mail():
    thin = make_item(size_class=60, length_cm=30, width_cm=20, height_cm=2, weight_g=300)
    assert row(score(thin), "yahoo")["shipping"] == 185
    assert row(score(thin, settings=ALL_ON), "mercari")["shipping"] == 210  # ネコポス
    heavy = dict(thin, weight_g=1_200)
    assert row(score(heavy), "yahoo")["shipping"] == DEFAULTS.shipping["domestic"].rates[60]
    # A size-60 item under 1 kg with no sides recorded is assumed to fit, and says so.
    unmeasured = dict(thin, length_cm=NAN, width_cm=NAN, height_cm=NAN)
    assert row(score(unmeasured), "yahoo")["shipping"] == 185
    assert "assumed to fit the small-parcel rate" in row(score(unmeasured), "yahoo")["reason"]
    no_weight = dict(unmeasured, weight_g=NAN)
    assert row(score(no_weight), "yahoo")["shipping"] == DEFAULTS.shipping["domestic"].rates[60]
    bigger = dict(unmeasured, size_class=80)
    assert row(score(bigger), "yahoo")["shipping"] == DEFAULTS.shipping["domestic"].rates[80]
    # Small-parcel services fly and refuse batteries: a hazmat item pays the parcel rate.
    assert row(score(dict(thin, hazmat=True)), "yahoo")["shipping"] == 900


def test_weight_over_the_class_cap_moves_the_parcel_up():
    # Class 60 caps at 2 kg (Yamato), so 3 kg ships as class 80.
    heavy = make_item(size_class=60, weight_g=3_000)
    assert row(score(heavy), "yahoo")["shipping"] == DEFAULTS.shipping["domestic"].rates[80]


@pytest.mark.parametrize(
    ("category", "market_price", "rate"),
    [
        ("electronics", 10_000, 0.08),
        ("Toys & Games", 10_000, 0.10),
        ("books", 10_000, 0.15),
        ("beauty", 1_200, 0.08),  # sells for 1,140 yen: up to 1,500 yen pays 8%
        ("beauty", 2_000, 0.10),  # sells for 1,900 yen
        ("skincare", 10_000, 0.10),  # not "car": unknown, the channel's 10%
        ("", 700, 0.05),  # sells for 665 yen, under 750 yen
    ],
)
def test_amazon_referral_rate_follows_the_category(category, market_price, rate):
    amazon = row(score(make_item(category=category, market_price=market_price)), "amazon_jp")
    price = market_price * 0.95
    expected_fees = max(rate * price, 30) + 100
    assert abs(amazon["fees"] - expected_fees) < 1


def test_amazon_minimum_referral_fee_is_30_yen():
    cheap = row(score(make_item(market_price=400)), "amazon_jp")  # 380 yen × 5% = 19 yen
    assert cheap["fees"] == 30 + 100


def test_fees_are_per_unit_times_qty_and_a_lot_ships_and_is_packed_as_one_parcel():
    one = row(score(make_item(qty=1)), "yahoo")
    three = row(score(make_item(qty=3)), "yahoo")
    assert three["expected_price"] == 3 * one["expected_price"]
    assert three["holding_per_day"] == pytest.approx(3 * one["holding_per_day"])
    # Three 35×25×20 boxes: 52.5 L, sides ×∛3 sum to 115 cm, one class-120 parcel,
    # packed once.
    assert three["shipping"] == DEFAULTS.shipping["domestic"].rates[120] < 3 * one["shipping"]
    assert three["packaging"] == one["packaging"]
    # A lot too big for one parcel ships (and is packed) unit by unit.
    many = row(score(make_item(qty=40, size_class=160)), "yahoo")
    assert many["shipping"] == 40 * DEFAULTS.shipping["domestic"].rates[160]
    assert many["packaging"] == 40 * one["packaging"]


def test_holding_cost_grows_past_the_target_holding_period():
    young = row(score(make_item(days_held=30)), "amazon_jp")
    later = row(score(make_item(days_held=40)), "amazon_jp")
    old = row(score(make_item(days_held=90)), "amazon_jp")
    assert young["holding_cost"] == pytest.approx(young["holding_per_day"] * 21, abs=1)
    # Size 80's target is 30 days. Past it the box's room (17.5 L, more than a 15 L
    # slot) is charged its share of what 1,000 yen a litre of turning stock would earn
    # at 120% a year: 1.5 × 10/30 = 0.5 of it on day 40, all of it from day 50.
    earning = 17.5 * 1_000 * 1.2 / 365
    assert later["holding_cost"] == pytest.approx(
        (later["holding_per_day"] + 0.5 * earning) * 21, abs=1
    )
    assert old["holding_cost"] == pytest.approx((old["holding_per_day"] + earning) * 21, abs=1)
    capped = row(score(make_item(days_held=400)), "amazon_jp")
    assert capped["holding_cost"] == old["holding_cost"]
    assert (
        "held 90 days, past the 30-day target"
        in row(score(make_item(days_held=90)), "yahoo")["reason"]
    )


def test_a_bulky_item_past_its_target_moves_to_a_faster_channel():
    # Class 200: an 80×65×55 cm box (286 L) costs 286 × 4 × 12/365 = 37.6 yen a day to
    # store, plus 10,000 × 1.2/365 = 32.9 yen of return forgone: 70.5 yen a day.
    # Net cash: amazon_jp 9,500 - 1,050 - 3,400 - 100 = 4,950; yahoo 8,500 - 850 - 3,400
    # - 100 = 4,150. Amazon is 800 yen richer but 11 days slower: 11 × 70.5 = 775 yen of
    # holding at first (class 200's target is 14 days), far more at 60 days.
    bulky = make_item(unit_cost=10_000, size_class=200, days_held=10)
    fresh = score(bulky)
    assert (row(fresh, "amazon_jp")["net_cash"], row(fresh, "yahoo")["net_cash"]) == (4_950, 4_150)
    assert row(fresh, "amazon_jp")["holding_per_day"] == pytest.approx(
        10_000 * 1.2 / 365 + 4.0 * 12 / 365 * (80 * 65 * 55 / 1000)
    )
    assert winner(fresh) == "amazon_jp"
    old = score(dict(bulky, days_held=60))
    assert winner(old) == "yahoo"
    assert row(old, "yahoo")["reason"].startswith(
        "faster cash: 11 days sooner than Amazon.co.jp for 800 yen less;"
    )


def test_ties_go_to_the_faster_channel_then_to_channel_order():
    # No capital and no rent: holding costs nothing, so equal prices mean equal scores.
    free_to_hold = DEFAULTS.model_copy(
        update={"holding": DEFAULTS.holding.model_copy(update={"storage_yen_per_litre_month": 0.0})}
    )
    same = {"price_ratio": 1.0, "fee_rate": 0.1, "fee_min": 0, "fixed_fee": 0, "packaging": 0}
    twins = with_channel_overrides(
        free_to_hold,
        {"yahoo": {**same, "days_to_cash": 9}, "amazon_jp": {**same, "days_to_cash": 9}},
    )
    item = make_item(unit_cost=0, market_price=5_000, size_class=60)
    scored = score(item, settings=twins)
    assert row(scored, "yahoo")["score"] == row(scored, "amazon_jp")["score"]
    assert winner(scored) == "yahoo"
    amazon_faster = with_channel_overrides(twins, {"amazon_jp": {"days_to_cash": 8}})
    assert winner(score(item, settings=amazon_faster)) == "amazon_jp"


def test_switched_off_and_sold_out_channels_are_ineligible():
    scored = score(make_item(qty=0), make_item(item_id=2))
    assert set(scored.loc[scored["item_id"] == 1, "reason"]) == {"no units left in stock"}
    assert row(scored, "mercari", item_id=2)["reason"] == "switched off in settings"


def test_best_items_marks_items_with_no_eligible_channel():
    best = best_items(pd.DataFrame([make_item(qty=0), make_item(item_id=2)]), DEFAULTS)
    assert list(best["item_id"]) == [1, 2]
    nothing, something = best.iloc[0], best.iloc[1]
    assert nothing["channel"] is None and not nothing["eligible"] and nothing["rank"] == 0
    assert pd.isna(nothing["net_cash"]) and nothing["reason"].startswith("no eligible channel")
    assert something["channel"] == "amazon_jp" and something["rank"] == 1
    assert list(best.columns) == [*SCORE_COLUMNS, "target_days"]


def test_output_columns_and_row_order_follow_the_contract():
    scored = score(make_item(item_id=7), make_item(item_id=3))
    assert list(scored.columns) == list(SCORE_COLUMNS)
    assert list(scored["item_id"]) == [7] * 7 + [3] * 7
    assert list(scored["channel"][:7]) == list(DEFAULTS.scored_channels)
    assert scored["net_cash"].dtype == np.int64 and scored["days_to_cash"].dtype == np.int64


def test_every_figure_moves_with_the_setting_it_comes_from():
    base = row(score(make_item(qty=2)), "yahoo")
    cases = {
        "price_ratio": ({"price_ratio": 0.95}, "expected_price", 2 * 4_980 * 0.10),
        "packaging": ({"packaging": 150}, "packaging", 50),  # the two go as one parcel
        "fixed_fee": ({"fixed_fee": 40}, "fees", 2 * 40),
        "days_to_cash": ({"days_to_cash": 20}, "holding_cost", 10 * base["holding_per_day"]),
    }
    for change, column, delta in cases.values():
        moved = row(
            score(make_item(qty=2), settings=with_channel_overrides(DEFAULTS, {"yahoo": change})),
            "yahoo",
        )
        assert moved[column] - base[column] == pytest.approx(delta, abs=1)
    domestic = DEFAULTS.shipping["domestic"]
    dearer = domestic.model_copy(update={"rates": {**domestic.rates, 80: 1_500}})
    dearer_shipping = DEFAULTS.model_copy(
        update={"shipping": {**DEFAULTS.shipping, "domestic": dearer}}
    )
    moved = row(score(make_item(qty=1), settings=dearer_shipping), "yahoo")
    single = row(score(make_item(qty=1)), "yahoo")
    assert moved["shipping"] - single["shipping"] == 1_500 - 1_150
    rent = DEFAULTS.model_copy(
        update={"holding": DEFAULTS.holding.model_copy(update={"storage_yen_per_litre_month": 8.0})}
    )
    moved = row(score(make_item(qty=2), settings=rent), "yahoo")
    # 4 more yen per litre-month on 2 × 17.5 L
    assert moved["holding_per_day"] - base["holding_per_day"] == pytest.approx(4 * 12 / 365 * 35)


def test_estimate_fees_for_a_recorded_sale():
    assert estimate_fees(DEFAULTS, "yahoo", 10_000) == 1_000
    assert estimate_fees(DEFAULTS, "amazon_jp", 10_000, "electronics") == 800 + 100
    assert estimate_fees(DEFAULTS, "amazon_jp", 500) == 30 + 100  # 5% of 500 is under 30
    assert estimate_fees(DEFAULTS, "amazon_jp", 20_000, qty=2) == 2 * (1_000 + 100)
    assert estimate_fees(DEFAULTS, "ebay", 10_000) == 1_525 + 60 + 200
    assert estimate_fees(DEFAULTS, "kaitori", 3_000) == 0
    assert estimate_fees(DEFAULTS, "writeoff", 0) == 0
    with pytest.raises(InvalidInput, match="'amazon' is not a channel"):
        estimate_fees(DEFAULTS, "amazon", 1_000)


def test_estimate_shipping_for_a_recorded_sale():
    box = {"size_class": 80, "qty": 2}
    # Two 35×25×20 boxes go as one parcel of 101 cm: class 120.
    assert estimate_shipping(DEFAULTS, "yahoo", box) == 1_750 < 2 * 1_150
    assert estimate_shipping(DEFAULTS, "yahoo", {"size_class": 80}) == 1_150
    # A buy-back box is sent in at the seller's cost unless it reaches free pickup.
    assert estimate_shipping(DEFAULTS, "kaitori", box) == 1_750
    assert estimate_shipping(DEFAULTS, "kaitori", box, price=9_999) == 1_750
    assert estimate_shipping(DEFAULTS, "kaitori", box, price=10_000) == 0
    thin = {"size_class": 60, "length_cm": 30, "width_cm": 20, "height_cm": 2, "weight_g": None}
    assert estimate_shipping(DEFAULTS, "amazon_jp", thin) == 185
    assert estimate_shipping(DEFAULTS, "writeoff", box) == 0


def test_score_columns_on_the_add_path_imports_no_pandas():
    code = (
        "import sys\n"
        "from liquidator.scoring.engine import score_columns\n"
        "from liquidator.settings import DEFAULTS\n"
        "out = score_columns({'qty': [1], 'unit_cost': [4980], 'size_class': [80],"
        " 'days_held': [12]}, DEFAULTS)\n"
        "assert out['rank'].tolist() == [2, 1, 5, 0, 3, 0, 4], out['rank']\n"
        "assert 'pandas' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_score_items_accepts_nullable_pandas_columns():
    items = pd.DataFrame([make_item(), make_item(item_id=2, weight_g=500)]).astype(
        {"weight_g": "Float64", "market_price": "Float64", "return_days_left": "Float64"}
    )
    items["category"] = pd.Series([None, "books"], dtype="string")
    scored = score_items(items, DEFAULTS)
    assert row(scored, "yahoo")["weight_estimated"]
    assert not row(scored, "yahoo", item_id=2)["weight_estimated"]


def test_an_empty_frame_scores_to_an_empty_frame():
    empty = pd.DataFrame([make_item()]).iloc[:0]
    scored = score_items(empty, DEFAULTS)
    assert scored.empty and list(scored.columns) == list(SCORE_COLUMNS)
    assert best_items(empty, DEFAULTS).empty


# --- properties -------------------------------------------------------------------------

sides = st.floats(1, 150, allow_nan=False)
items_strategy = st.fixed_dictionaries(
    {
        "qty": st.integers(1, 5),
        "unit_cost": st.integers(0, 300_000),
        "market_price": st.one_of(st.just(NAN), st.floats(0, 500_000)),
        "size_class": st.sampled_from(SIZE_CLASSES),
        "dims": st.one_of(st.none(), st.tuples(sides, sides, sides)),
        "weight_g": st.one_of(st.just(NAN), st.floats(1, 40_000)),
        "hazmat": st.booleans(),
        "category": st.sampled_from(["", "electronics", "toys", "beauty", "books", "garden"]),
        "days_held": st.integers(0, 400),
        "return_days_left": st.one_of(st.just(NAN), st.integers(-30, 30).map(float)),
    }
)
channel_tweaks = st.fixed_dictionaries(
    {
        name: st.fixed_dictionaries(
            {"price_ratio": st.floats(0.1, 1.5), "days_to_cash": st.integers(1, 60)}
        )
        for name, channel in DEFAULTS.scored_channels.items()
        if not channel.last_resort  # a write-off has no price and takes no time
    }
)


def columns(item: dict, **changes) -> dict:
    item = {**item, **changes}
    dims = item.pop("dims")
    length, width, height = dims if dims is not None else (NAN, NAN, NAN)
    return {
        name: np.array([value])
        for name, value in {
            **item,
            "length_cm": length,
            "width_cm": width,
            "height_cm": height,
        }.items()
    }


def by_channel(scored: dict, column: str) -> dict:
    return dict(zip(scored["channel"], scored[column], strict=True))


@settings(max_examples=300, deadline=None)
@given(
    item=items_strategy,
    class_steps=st.integers(0, 7),
    growth=st.tuples(*(st.floats(0, 100),) * 3),
    extra_g=st.floats(0, 30_000),
)
def test_a_bigger_or_heavier_item_never_nets_more(item, class_steps, growth, extra_g):
    index = min(SIZE_CLASSES.index(item["size_class"]) + class_steps, len(SIZE_CLASSES) - 1)
    dims = item["dims"]
    bigger = {
        "size_class": SIZE_CLASSES[index],
        "dims": None if dims is None else tuple(s + g for s, g in zip(dims, growth, strict=True)),
        "weight_g": item["weight_g"] + extra_g,
    }
    small = by_channel(score_columns(columns(item), ALL_ON), "net_cash")
    large = by_channel(score_columns(columns(item, **bigger), ALL_ON), "net_cash")
    for channel in ALL_ON.scored_channels:
        assert large[channel] <= small[channel], channel


@settings(max_examples=300, deadline=None)
@given(item=items_strategy, more_days=st.integers(0, 400), tweaks=channel_tweaks)
def test_more_days_held_never_moves_the_winner_to_a_slower_channel(item, more_days, tweaks):
    tuned = with_channel_overrides(ALL_ON, tweaks)
    now = score_columns(columns(item), tuned)
    later = score_columns(columns(item, days_held=item["days_held"] + more_days), tuned)
    assume(now["eligible"].any())
    now_days = now["days_to_cash"][now["rank"] == 1][0]
    later_days = later["days_to_cash"][later["rank"] == 1][0]
    assert later_days <= now_days


@settings(max_examples=300, deadline=None)
@given(
    item=items_strategy,
    channel=st.sampled_from(list(DEFAULTS.scored_channels)),
    rates=st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted),
)
def test_a_higher_fee_rate_never_raises_that_channels_score(item, channel, rates):
    low, high = (with_channel_overrides(ALL_ON, {channel: {"fee_rate": r}}) for r in rates)
    cheap = by_channel(score_columns(columns(item), low), "score")
    dear = by_channel(score_columns(columns(item), high), "score")
    assert dear[channel] <= cheap[channel]


@settings(max_examples=300, deadline=None)
@given(items=st.lists(items_strategy, min_size=1, max_size=8), tweaks=channel_tweaks)
def test_the_identities_hold_exactly_and_the_winner_has_the_best_score(items, tweaks):
    frame = {
        name: np.concatenate([columns(item)[name] for item in items]) for name in columns(items[0])
    }
    frame["item_id"] = np.arange(len(items))
    scored = score_columns(frame, with_channel_overrides(ALL_ON, tweaks))
    net = scored["expected_price"] - scored["fees"] - scored["shipping"] - scored["packaging"]
    assert (scored["net_cash"] == net).all()
    assert (scored["score"] == scored["net_cash"] - scored["holding_cost"]).all()
    assert (scored["fees"] >= 0).all() and (scored["holding_cost"] >= 0).all()
    for item_id in range(len(items)):
        mine = scored["item_id"] == item_id
        eligible = mine & scored["eligible"]
        assert ((scored["rank"] == 0) == ~scored["eligible"])[mine].all()
        if eligible.any():
            assert sorted(scored["rank"][eligible]) == list(range(1, eligible.sum() + 1))
            # The best score among the sales that bring back cash; else writing it off.
            sales = eligible & (scored["channel"] != "writeoff")
            pays = sales & (scored["net_cash"] > 0)
            won = mine & (scored["rank"] == 1)
            if pays.any():
                assert scored["score"][won][0] >= scored["score"][pays].max()
            else:
                assert scored["channel"][won][0] == "writeoff"


@settings(max_examples=100, deadline=None)
@given(item=items_strategy)
def test_hazmat_is_never_eligible_for_ebay(item):
    scored = score_columns(columns(item, hazmat=True), ALL_ON)
    ebay = list(scored["channel"]).index("ebay")
    assert not scored["eligible"][ebay]


@settings(max_examples=100, deadline=None)
@given(item=items_strategy)
def test_supplier_return_is_eligible_exactly_up_to_return_by(item):
    scored = score_columns(columns(item), ALL_ON)
    back = list(scored["channel"]).index("supplier_return")
    left = item["return_days_left"]
    assert scored["eligible"][back] == (not math.isnan(left) and left >= 0)


# --- winners only (the report's path) --------------------------------------------------


def assert_best_is_the_full_scorings_winner(best: pd.DataFrame, frame, settings) -> None:
    """``best`` has one row per item, in order: the rank-1 row of ``score_items``, or,
    for an item with no eligible channel, channel None, rank 0 and money <NA>."""
    scored = score_items(frame, settings)
    assert list(best.columns) == [*SCORE_COLUMNS, "target_days"]
    assert best["item_id"].tolist() == list(frame["item_id"])
    for _, won in best.iterrows():
        rows = scored[(scored["item_id"] == won["item_id"]) & (scored["rank"] == 1)]
        if rows.empty:
            assert won["channel"] is None and not won["eligible"] and won["rank"] == 0
            assert won["reason"] == "no eligible channel; see each channel's reason"
            assert not won["weight_estimated"] and math.isnan(won["holding_per_day"])
            assert all(pd.isna(won[name]) for name in (*MONEY_COLUMNS, "days_to_cash"))
            continue
        expected = rows.iloc[0]
        for name in SCORE_COLUMNS:
            assert won[name] == expected[name], name


def item_rows(items: list[dict], zero: set[int]) -> pd.DataFrame:
    rows = []
    for number, item in enumerate(items):
        row = {name: value[0] for name, value in columns(item).items()}
        row.update(item_id=100 + number, qty=0 if number in zero else item["qty"])
        rows.append(row)
    return pd.DataFrame(rows)


@settings(max_examples=100, deadline=None)
@given(
    items=st.lists(items_strategy, min_size=1, max_size=12),
    zero=st.sets(st.integers(0, 11)),
    base=st.sampled_from([DEFAULTS, ALL_ON]),
    tweaks=channel_tweaks,
    chunk_size=st.integers(1, 5),
)
def test_best_items_equals_the_winners_of_the_full_scoring(items, zero, base, tweaks, chunk_size):
    frame = item_rows(items, zero)
    tuned = with_channel_overrides(base, tweaks)
    best = best_items(frame, tuned, chunk_size=chunk_size)
    assert_best_is_the_full_scorings_winner(best, frame, tuned)
    pd.testing.assert_frame_equal(best, best_items(frame, tuned))  # chunking changes nothing


def test_best_items_of_no_items_and_of_items_with_no_channel():
    empty = pd.DataFrame([make_item()]).iloc[:0]
    assert best_items(empty, DEFAULTS).empty
    assert list(best_items(empty, DEFAULTS).columns) == [*SCORE_COLUMNS, "target_days"]
    frame = pd.DataFrame([make_item(qty=0), make_item(item_id=2, days_held=400)])
    best = best_items(frame, DEFAULTS)
    assert_best_is_the_full_scorings_winner(best, frame, DEFAULTS)
    assert best["channel"].tolist() == [None, "yahoo"]  # urgency favours the fast auction
    assert best["reason"][1] == (
        "faster cash: 11 days sooner than Amazon.co.jp for 348 yen less; a 1-yen-start auction "
        "draws bids within a week but can close low; held 400 days, past the 30-day target; "
        "weight estimated from size class"
    )


def test_best_items_without_reasons_differs_only_in_the_reason():
    frame = pd.DataFrame([make_item(qty=0), make_item(item_id=2), make_item(item_id=3, qty=4)])
    lean = best_items(frame, DEFAULTS, reasons=False)
    assert lean["reason"].tolist() == [None, None, None]
    full = best_items(frame, DEFAULTS)
    pd.testing.assert_frame_equal(lean.drop(columns="reason"), full.drop(columns="reason"))


@given(
    st.lists(st.sampled_from(["yahoo", "ebay", "", None, "メルカリ", 3, 3.0, True]), max_size=40)
)
def test_distinct_gives_values_as_first_seen_and_each_ones_index(values):
    from liquidator.scoring.inputs import distinct

    array = np.empty(len(values), dtype=object)
    array[:] = values
    names, codes = distinct(array)
    expected: list = []
    for value in values:  # the rule, one value at a time (3, 3.0 and True are one key)
        if value not in expected:
            expected.append(value)
    assert names == expected and [type(n) for n in names] == [type(n) for n in expected]
    assert codes.dtype == np.intp and [names[c] for c in codes] == values


def test_text_inputs_are_str_objects_whatever_they_came_as():
    from liquidator.scoring.inputs import item_arrays

    n = 4
    base = {"qty": np.ones(n), "unit_cost": np.ones(n), "size_class": np.full(n, 80.0),
            "days_held": np.zeros(n)}  # fmt: skip
    read = {"category": np.array(["home", None, "toys", ""], dtype=object),
            "quotes": np.array(["yahoo:5", None, None, None], dtype=object),
            "listed_channel": pd.Series(["ebay", None, pd.NA, "yahoo"], dtype=object)}  # fmt: skip
    arrays = item_arrays({**base, **read})
    assert arrays["category"].tolist() == ["home", "", "toys", ""]
    assert arrays["quotes"].tolist() == ["yahoo:5", "", "", ""]
    assert arrays["listed_channel"].tolist() == ["ebay", "", "", "yahoo"]
    fixed = item_arrays({**base, "category": np.array(["home", "", "toys", "x"])})["category"]
    odd = item_arrays({**base, "category": np.array([1.5, np.nan, None, "a"], dtype=object)})
    assert fixed.tolist() == ["home", "", "toys", "x"]
    assert odd["category"].tolist() == ["1.5", "", "", "a"]
    assert item_arrays(base)["category"].tolist() == [""] * n
    # price_source is carried through as it came (not text); every other object column is
    texts = [column for name, column in arrays.items() if name != "price_source"]
    for column in (*texts, fixed, odd["category"]):
        if column.dtype == object:
            assert all(type(v) is str for v in column.tolist())
    # the store's own objects are kept, not copied: distinct finds them by identity
    assert arrays["category"][0] is read["category"][0]
