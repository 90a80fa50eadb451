"""Settings: the defaults from DESIGN §3, liquidator.toml overrides, and clear errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from liquidator.errors import InvalidInput
from liquidator.settings import (
    DEFAULTS,
    ChannelSettings,
    Settings,
    ShippingTable,
    describe_settings,
    load_settings,
    with_channel_overrides,
)
from liquidator.settings.sections import SINGLE_SECTIONS
from liquidator.settings.values import SECRET
from liquidator.sizes import SIZE_CLASSES


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "liquidator.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_channels_come_in_the_documented_order():
    sales = ["yahoo", "amazon_jp", "ebay", "mercari", "kaitori", "supplier_return"]
    # Writing an item off is scored too, last: the floor every sale is measured against.
    assert list(DEFAULTS.scored_channels) == list(DEFAULTS.channels) == [*sales, "writeoff"]
    assert [name for name, c in DEFAULTS.channels.items() if c.last_resort] == ["writeoff"]
    assert all(isinstance(channel, ChannelSettings) for channel in DEFAULTS.channels.values())


def test_channel_defaults_carry_the_design_facts():
    yahoo, amazon, ebay, mercari, kaitori, back, writeoff = DEFAULTS.channels.values()
    assert yahoo.fee_rate == 0.10 and yahoo.fee_min == 0 and yahoo.fixed_fee == 0
    assert (amazon.fee_rate, amazon.fee_min, amazon.fixed_fee) == (0.10, 30, 100)
    assert (amazon.low_price_below, amazon.low_price_rate) == (750, 0.05)
    assert amazon.category_rates["electronics"] == 0.08
    assert amazon.category_rates["books"] == 0.15
    assert amazon.category_rates["beauty"] == (0.08, 1_500, 0.10)
    assert ebay.fee_rate == pytest.approx(0.136 + 0.0165)  # final value + international fee
    assert ebay.payout_rate == 0.02 and not ebay.allows_hazmat and ebay.shipping == "us_courier"
    assert mercari.fee_rate == 0.10 and mercari.shipping == "mercari"
    assert 0.20 <= kaitori.price_ratio <= 0.30 and kaitori.shipping == "domestic"
    assert kaitori.free_shipping_from == 10_000  # sent in by parcel below free pickup
    assert kaitori.category_ratios["console"] >= 0.7 and kaitori.category_ratios["camera"] >= 0.7
    assert ebay.overseas and ebay.category_ratios["knives"] > ebay.price_ratio
    assert ebay.category_ratios["us brand"] < ebay.price_ratio
    assert "trading cards" in amazon.refused_categories
    assert yahoo.auction and not amazon.auction
    assert kaitori.days_to_cash < yahoo.days_to_cash < amazon.days_to_cash < ebay.days_to_cash
    assert back.needs_return_window and back.price_basis == "cost" and back.price_ratio == 1.0
    assert back.disposal == "supplier_refund" and yahoo.disposal == "sale"
    assert writeoff.disposal == "writeoff" and writeoff.scored and writeoff.last_resort
    assert (writeoff.price_ratio, writeoff.fee_rate, writeoff.shipping) == (0.0, 0.0, "none")
    assert (writeoff.fixed_fee, writeoff.days_to_cash, writeoff.price_kind) == (0, 0, "none")


def test_ebay_to_the_us_pays_duty_and_other_countries_do_not():
    us, other = DEFAULTS.shipping["us_courier"], DEFAULTS.shipping["epacket_light"]
    # eBay: DDP on Japan→US orders under US$2,500; ~15% duty, 2.1% of it, ~225 yen a parcel.
    assert (us.duty_rate, us.duty_processing_rate, us.duty_parcel_fee) == (0.15, 0.021, 225)
    assert us.ddp_below == 2_500 * 150 and us.duty_in_price == 1.0
    assert (other.duty_rate, other.duty_parcel_fee) == (0.0, 0)


def test_shipping_defaults_carry_the_design_facts():
    shipping = DEFAULTS.shipping
    assert list(shipping) == ["domestic", "mercari", "us_courier", "epacket_light", "none"]
    rakuraku = {60: 750, 80: 850, 100: 1_050, 120: 1_200, 140: 1_450, 160: 1_700}
    assert {c: shipping["mercari"].rates[c] for c in rakuraku} == rakuraku
    domestic = shipping["domestic"]
    assert (domestic.compact_rate, domestic.compact_max_cm, domestic.compact_max_g) == (
        185,
        (34.0, 25.0, 3.0),
        1_000,
    )
    assert DEFAULTS.channels["ebay"].shipping == "us_courier"  # to the US, by courier
    assert shipping["us_courier"].kind == "weight" and shipping["us_courier"].brackets
    epacket = shipping["epacket_light"]
    assert epacket.brackets[-1][0] == 2_000
    assert (epacket.max_side_sum_cm, epacket.max_longest_cm) == (90, 60)
    assert shipping["none"].kind == "none"
    tables = (domestic.rates, shipping["mercari"].rates, DEFAULTS.parcels.estimated_weight_g)
    for table in tables:
        assert list(table) == list(SIZE_CLASSES)
        assert list(table.values()) == sorted(table.values())


def test_holding_and_other_section_defaults():
    holding = DEFAULTS.holding
    # Waiting costs the return on recycled cash: 10% a turn × 12 turns = 120% a year.
    assert (holding.margin_per_turn, holding.turns_per_year, holding.annual_rate) == (0.1, 12, 0)
    assert holding.waiting_rate == pytest.approx(1.2)
    # Big boxes leave sooner.
    assert holding.target_days[80] == 30 and holding.target_days[120] == 21
    assert holding.target_days[140] == holding.target_days[200] == 14
    # About 13,000 yen a month for one tatami (1.62 m²) stacked 2 m high: 3,240 litres.
    assert holding.storage_yen_per_litre_month == pytest.approx(13_000 / 3_240, abs=0.05)
    assert holding.storage_yen_per_litre_day == pytest.approx(4.0 * 12 / 365)
    # Past its target a box is charged its share of what turning stock would earn in its
    # room: 1,000 yen a litre, at least a 15-litre slot, all of it 2/3 of a target past.
    assert (holding.shelf_stock_yen_per_litre, holding.shelf_slot_litres) == (1_000, 15)
    assert (holding.urgency_growth, holding.urgency_cap) == (1.5, 1.0)
    # Five consistent sales move a learned value 5/6 of the way to the seller's own.
    assert DEFAULTS.calibration.k == 1
    assert (DEFAULTS.cancel_rate.private_limit, DEFAULTS.cancel_rate.amazon_limit) == (
        0.02,
        0.025,
    )
    assert DEFAULTS.report.buckets == (30, 60, 90)
    accounts = DEFAULTS.accounts.model_dump()
    assert set(accounts) == {
        "payable",
        "petty_cash",
        "refund_receivable",
        "fx_loss",
        "cash",
        "receivable",
        "purchases",
        "purchase_returns",
        "fees",
        "shipping",
        "sales",
        "cost_of_goods",
        "inventory",
        "loss",
        "other_costs",
    }
    assert len(set(accounts.values())) == len(accounts)


def test_no_file_means_the_defaults(tmp_path):
    assert load_settings(None) is DEFAULTS
    assert load_settings(tmp_path / "liquidator.toml") is DEFAULTS


def test_a_toml_file_overrides_only_what_it_names(tmp_path):
    path = write_toml(
        tmp_path,
        """
        [channels.yahoo]
        fee_rate = 0.12
        enabled = false

        [channels.amazon_jp.category_rates]
        Garden = 0.15

        [holding]
        annual_rate = 1            # an int where a float is expected
        storage_yen_per_litre_month = 5.5
        target_days = 45

        [channels.ebay]
        shipping = "epacket_light"

        [shipping.us_courier]
        brackets = [[500, 2000], [2000, 5000]]

        [shipping.domestic.rates]
        60 = 950

        [report]
        buckets = [14, 30]
        """,
    )
    loaded = load_settings(path)
    yahoo = loaded.channels["yahoo"]
    assert (yahoo.fee_rate, yahoo.enabled) == (0.12, False)
    assert yahoo.price_ratio == DEFAULTS.channels["yahoo"].price_ratio
    assert loaded.channels["amazon_jp"].category_rates["garden"] == 0.15
    assert loaded.channels["amazon_jp"].category_rates["books"] == 0.15  # merged, not replaced
    assert loaded.holding.annual_rate == 1.0 and isinstance(loaded.holding.annual_rate, float)
    assert loaded.holding.storage_yen_per_litre_month == 5.5
    assert set(loaded.holding.target_days.values()) == {45}  # one number: every class
    assert loaded.holding.waiting_rate == 1.0  # an annual_rate given outright wins
    assert loaded.channels["ebay"].shipping == "epacket_light"
    assert loaded.shipping["us_courier"].brackets == ((500, 2_000), (2_000, 5_000))
    assert loaded.shipping["domestic"].rates[60] == 950
    assert loaded.shipping["domestic"].rates[80] == DEFAULTS.shipping["domestic"].rates[80]
    assert list(loaded.shipping) == list(DEFAULTS.shipping)
    assert loaded.report.buckets == (14, 30)
    assert list(loaded.channels) == list(DEFAULTS.channels)
    assert DEFAULTS.channels["yahoo"].fee_rate == 0.10  # the defaults are untouched


def test_describe_settings_says_where_each_value_came_from(tmp_path):
    path = write_toml(
        tmp_path, "[channels.yahoo]\nfee_rate = 0.12\n[shipping.domestic.rates]\n60 = 950\n"
    )
    rows = {row["key"]: row for row in describe_settings(load_settings(path))}
    assert rows["channels.yahoo.fee_rate"] == {
        "key": "channels.yahoo.fee_rate",
        "value": 0.12,
        "source": str(path),
    }
    assert rows["shipping.domestic.rates.60"]["source"] == str(path)
    assert rows["shipping.domestic.rates.80"]["source"] == "default"
    assert rows["channels.amazon_jp.fee_rate"]["source"] == "default"
    assert rows["holding.annual_rate"]["value"] == 0.0
    assert rows["holding.waiting_rate"]["value"] == 1.2
    assert "margin_per_turn 0.1 × turns_per_year 12" in rows["holding.waiting_rate"]["source"]
    assert rows["shipping.domestic.compact_max_cm"]["value"] == [34.0, 25.0, 3.0]
    assert rows["report.buckets"]["value"] == [30, 60, 90]
    for name in DEFAULTS.channels:
        assert f"channels.{name}.days_to_cash" in rows
    keys = [row["key"] for row in describe_settings(DEFAULTS)]
    assert len(keys) == len(set(keys))
    sources = {row["key"]: row["source"] for row in describe_settings(DEFAULTS)}
    derived = sources.pop("holding.waiting_rate")
    assert set(sources.values()) == {"default"} and derived.startswith("margin_per_turn")


@pytest.mark.parametrize(
    ("toml", "field", "problem"),
    [
        ("[channels.yahoo]\nfee_rte = 0.1", "[channels.yahoo] fee_rte", "did you mean fee_rate"),
        ("[chanels.yahoo]\nfee_rate = 0.1", "[chanels]", "unknown section"),
        ("[channels.yahooo]\nfee_rate = 0.1", "[channels.yahooo]", "unknown channel"),
        ("[holding]\ncapital = 0.1", "[holding] capital", "unknown key"),
        ("[channels.yahoo]\nfee_rate = true", "[channels.yahoo] fee_rate", "expected a number"),
        ("[channels.yahoo]\nfee_rate = '10%'", "[channels.yahoo] fee_rate", "expected a number"),
        ("[channels.yahoo]\nfee_rate = 10", "[channels.yahoo] fee_rate", "is a fraction"),
        ("[holding]\nannual_rate = -0.1", "[holding] annual_rate", "must not be negative"),
        ("[holding]\ntarget_days = 0", "[holding] target_days", "at least 1"),
        ("[channels.ebay]\ndays_to_cash = 2.5", "[channels.ebay] days_to_cash", "whole number"),
        ("[channels.ebay]\nenabled = 'no'", "[channels.ebay] enabled", "true or false"),
        ("[channels.ebay]\nshipping = 'air'", "[channels.ebay] shipping", "known: domestic"),
        ("[shipping.domestic.rates]\n70 = 900", "[shipping.domestic.rates] 70", "parcel class"),
        ("[shipping.domestic.rates]\n80 = 100", "[shipping.domestic.rates] 80", "must not fall"),
        ("[shipping.domestic]\nrates = 900", "[shipping.domestic] rates", "expected a table"),
        (
            "[shipping.epacket_light]\nbrackets = [[2000, 900], [500, 1300]]",
            "[shipping.epacket_light] brackets",
            "go up",
        ),
        ("[report]\nbuckets = [60, 30]", "[report] buckets", "must go up"),
        (
            "[cancel_rate]\nprivate_limit = 0.05",
            "[cancel_rate] private_limit",
            "above amazon_limit",
        ),
        ("holding = 3", "[holding]", "expected a table"),
    ],
)
def test_bad_settings_name_the_file_and_the_key(tmp_path, toml, field, problem):
    path = write_toml(tmp_path, toml)
    with pytest.raises(InvalidInput) as raised:
        load_settings(path)
    assert raised.value.field == f"liquidator.toml {field}"
    assert problem in raised.value.problem
    assert str(raised.value).startswith(f"liquidator.toml {field}: ")


def test_invalid_toml_names_the_file_and_the_line(tmp_path):
    path = write_toml(tmp_path, "[channels.yahoo]\nfee_rate = 0.12\nenabled = maybe\n")
    with pytest.raises(InvalidInput, match=r"^liquidator\.toml: not valid TOML: .*line 3"):
        load_settings(path)
    path = write_toml(tmp_path, "[channels.yahoo]\nfee_rate = [0.1,\n")
    with pytest.raises(InvalidInput, match=r"^liquidator\.toml: not valid TOML: .*line 2"):
        load_settings(path)


@given(rate=st.floats(0, 1), days=st.integers(0, 365), enabled=st.booleans())
def test_any_valid_channel_value_round_trips_through_toml(tmp_path_factory, rate, days, enabled):
    path = tmp_path_factory.mktemp("toml") / "liquidator.toml"
    path.write_text(
        f"[channels.amazon_jp]\nfee_rate = {rate!r}\ndays_to_cash = {days}\n"
        f"enabled = {str(enabled).lower()}\n"
    )
    amazon = load_settings(path).channels["amazon_jp"]
    assert (amazon.fee_rate, amazon.days_to_cash, amazon.enabled) == (rate, days, enabled)


def test_channel_overrides_replace_values_and_record_their_source():
    learned = with_channel_overrides(DEFAULTS, {"ebay": {"price_ratio": 1.1, "days_to_cash": 17.6}})
    assert learned.channels["ebay"].price_ratio == 1.1
    assert learned.channels["ebay"].days_to_cash == 18  # an average, rounded to whole days
    assert learned.channels["yahoo"] == DEFAULTS.channels["yahoo"]
    assert DEFAULTS.channels["ebay"].price_ratio == 1.20
    rows = {row["key"]: row["source"] for row in describe_settings(learned)}
    assert rows["channels.ebay.price_ratio"] == "calibration"
    assert rows["channels.ebay.fee_rate"] == "default"


def test_channel_overrides_reject_unknown_channels_and_bad_values():
    with pytest.raises(InvalidInput, match="channels.amazon: unknown channel"):
        with_channel_overrides(DEFAULTS, {"amazon": {"price_ratio": 1.0}})
    with pytest.raises(InvalidInput, match="channels.yahoo.price_ratio: must not be negative"):
        with_channel_overrides(DEFAULTS, {"yahoo": {"price_ratio": -0.5}})


def test_settings_import_neither_numpy_nor_pandas():
    code = (
        "import sys, liquidator.settings\n"
        "heavy = {'numpy', 'pandas', 'sqlalchemy', 'typer'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- the models: pydantic, strict, closed, frozen -----------------------------------------


def test_the_defaults_pass_the_checks_a_settings_file_gets():
    # The defaults are built without validation (a command starts faster): this is
    # their check. A value equal to its field's default is not checked again.
    assert Settings.model_validate(DEFAULTS.model_dump(exclude_defaults=True)) == DEFAULTS
    for name, channel in DEFAULTS.channels.items():
        checked = ChannelSettings.model_validate(channel.model_dump(exclude_defaults=True))
        assert checked == channel, name


def test_a_section_is_frozen_closed_and_strict():
    with pytest.raises(ValidationError, match="frozen"):
        DEFAULTS.holding.margin_per_turn = 0.2
    with pytest.raises(ValidationError, match="fee_rte"):
        ChannelSettings(label="Rakuma", fee_rte=0.1)
    with pytest.raises(ValidationError, match="fee_rate"):
        ChannelSettings(label="Rakuma", fee_rate="0.1")  # text is no number, even in TOML
    assert ChannelSettings(label="Rakuma", fee_rate=0).fee_rate == 0.0


def test_sizes_and_divisors_above_a_hundred_load_from_the_file(tmp_path):
    path = write_toml(
        tmp_path,
        "[shipping.us_courier]\nvolumetric_divisor = 6000\nmax_side_sum_cm = 160\n"
        "[holding]\nshelf_stock_yen_per_litre = 2000\nstorage_yen_per_litre_month = 150\n",
    )
    loaded = load_settings(path)
    table = loaded.shipping["us_courier"]
    assert (table.volumetric_divisor, table.max_side_sum_cm) == (6_000, 160)
    assert loaded.holding.shelf_stock_yen_per_litre == 2_000
    assert loaded.holding.storage_yen_per_litre_month == 150


def test_the_first_mistake_in_the_file_is_the_one_told(tmp_path):
    # Field order would name price_ratio first; the seller reads the file top down.
    path = write_toml(tmp_path, "[channels.ebay]\nfee_rate = 5\nprice_ratio = -1\n")
    with pytest.raises(InvalidInput) as raised:
        load_settings(path)
    assert raised.value.field == "liquidator.toml [channels.ebay] fee_rate"
    path = write_toml(tmp_path, "[holding]\nannual_rate = -1\n[channels.ebay]\nfee_rate = 5\n")
    with pytest.raises(InvalidInput) as raised:
        load_settings(path)
    assert raised.value.field == "liquidator.toml [holding] annual_rate"


def _toml(value) -> str:
    """A Python value as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(repr(value), repr(value))
    if isinstance(value, str):
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}"
                             for c in value) + '"'  # fmt: skip
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_toml(key)} = {_toml(entry)}" for key, entry in value.items())
        return "{" + ", ".join(pairs) + "}"
    return str(value)


SECTIONS = {
    "channels.yahoo": ChannelSettings,
    "shipping.us_courier": ShippingTable,
    "shipping.domestic": ShippingTable,
    **{name: type(getattr(DEFAULTS, name)) for name in SINGLE_SECTIONS},
    "sources.keepa": type(DEFAULTS.price_sources.keepa),
}
VALUES = st.one_of(
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["ja", "sale", "none", "domestic", "Asia/Tokyo", "market"]),
    st.lists(st.one_of(st.integers(-5, 5_000), st.floats(-1, 2)), max_size=4),
    st.lists(st.lists(st.integers(-5, 5_000), max_size=3), max_size=3),
    st.dictionaries(st.sampled_from(["60", "80", "70", "Garden", " "]),
                    st.one_of(st.integers(-5, 40_000), st.floats(-1, 2)), max_size=3),
)  # fmt: skip


@given(section=st.sampled_from(sorted(SECTIONS)), data=st.data(), value=VALUES)
def test_any_value_for_any_key_loads_or_is_one_line_naming_that_key(
    tmp_path_factory, section, data, value
):
    key = data.draw(st.sampled_from(sorted(SECTIONS[section].model_fields)))
    path = tmp_path_factory.mktemp("toml") / "liquidator.toml"
    path.write_text(f"[{section}]\n{key} = {_toml(value)}\n", encoding="utf-8")
    try:
        loaded = load_settings(path)
    except InvalidInput as error:
        # the key or an entry of its table; a key it must agree with in its section
        # (amazon_limit and private_limit), or a channel whose shipping table it is
        assert error.field.startswith(
            (f"liquidator.toml [{section}] ", f"liquidator.toml [{section}.{key}] ",
             "liquidator.toml [channels.")
        ), (error.field, error.problem)  # fmt: skip
        assert "Input should" not in error.problem  # pydantic's own words never leak
        assert "\n" not in error.problem
        if SECRET in SECTIONS[section].model_fields[key].metadata:
            assert repr(value) not in error.problem  # a credential is never echoed
    else:
        assert isinstance(loaded, Settings)


# --- a channel added in liquidator.toml ----------------------------------------------------


def _settings_file(cli, text: str) -> None:
    (cli.home / "liquidator.toml").write_text(text, encoding="utf-8")


def test_a_channel_made_from_another_alone_is_switched_on_and_named_by_its_own_name(cli):
    _settings_file(cli, '[channels.rakuma]\nbased_on = "mercari"\n')
    rows = {r["channel"]: r for r in cli.json("channels")}
    assert (rows["rakuma"]["label"], rows["rakuma"]["enabled"]) == ("rakuma", True)
    assert rows["mercari"]["enabled"] is False  # the channel it copies stays as it was
    japanese = {r["channel"]: r for r in cli.json("--lang", "ja", "channels")}
    assert japanese["rakuma"]["label"] == "rakuma"  # not メルカリ
    settings = {r["key"]: r["value"] for r in cli.json("settings")}
    assert settings["channels.rakuma.blurb"] == settings["channels.rakuma.blurb_ja"] == ""
    for inherited in ("fee_rate", "price_ratio", "shipping", "sells_within_days"):
        assert settings[f"channels.rakuma.{inherited}"] == settings[f"channels.mercari.{inherited}"]
    item = cli.json("add", "--title", "Lamp", "--cost", "1000", "--size", "60",
                    "--market-price", "3000")["id"]  # fmt: skip
    advice = cli.json("recommend", str(item))
    rakuma = next(c for c in advice["channels"] if c["channel"] == "rakuma")
    assert rakuma["eligible"], rakuma
    assert DEFAULTS.channels["mercari"].blurb not in json.dumps(advice)
    sale = cli.json("sell", str(item), "-c", "rakuma", "-p", "1500")
    assert (sale["channel"], sale["price"]) == ("rakuma", 1500)
    assert [(s["channel"], s["price"]) for s in cli.json("sales")] == [("rakuma", 1500)]


def test_a_channel_made_from_another_takes_the_names_the_file_gives(cli):
    _settings_file(
        cli,
        '[channels.rakuma]\nbased_on = "mercari"\nlabel = "Rakuma"\nlabel_ja = "ラクマ"\n'
        'blurb = "a flea market app"\nenabled = false\n',
    )
    assert {r["channel"]: r["label"] for r in cli.json("channels")}["rakuma"] == "Rakuma"
    rows = {r["channel"]: r for r in cli.json("--lang", "ja", "channels")}
    assert (rows["rakuma"]["label"], rows["rakuma"]["enabled"]) == ("ラクマ", False)
    settings = {r["key"]: r for r in cli.json("settings")}
    assert settings["channels.rakuma.blurb"]["value"] == "a flea market app"
    assert settings["channels.rakuma.blurb"]["source"].endswith("liquidator.toml")
    assert settings["channels.rakuma.blurb_ja"]["value"] == ""  # not Mercari's


def test_a_switched_off_channel_says_so_when_sold_listed_or_quoted(cli, snapshot):
    _settings_file(cli, '[channels.rakuma]\nbased_on = "mercari"\nenabled = false\n')
    item = str(cli.json("add", "--title", "Lamp", "--cost", "1000", "--size", "60")["id"])
    before = snapshot(cli)
    attempts = [
        (("sell", item, "-c", "rakuma", "-p", "500"), "--channel", "rakuma"),
        (("listed", item, "-c", "rakuma", "-p", "500"), "--channel", "rakuma"),
        (("add", "--title", "Mug", "--cost", "900", "--size", "60", "--quote", "rakuma=500"),
         "--quote", "rakuma"),
        (("edit", item, "--quote", "rakuma=500"), "--quote", "rakuma"),
        (("sell", item, "-c", "mercari", "-p", "500"), "--channel", "mercari"),  # off by default
    ]  # fmt: skip
    for args, option, name in attempts:
        assert cli.fails(2, *args) == (
            f"Error: {option}: '{name}' is switched off in settings; to use it, set "
            f"enabled = true under [channels.{name}] in liquidator.toml"
        ), args
    assert snapshot(cli) == before
    _settings_file(cli, '[channels.rakuma]\nbased_on = "mercari"\n')
    assert cli.json("listed", item, "-c", "rakuma", "-p", "500")["listed_channel"] == "rakuma"
    assert cli.json("show", item)["listed_channel"] == "rakuma"


def test_a_mistake_in_the_file_is_told_in_the_sellers_language(cli):
    from liquidator.i18n import _, set_language

    _settings_file(cli, "[channels.yahoo]\nfee_rate = 10\n")
    set_language("ja")
    problem = _("is a fraction (0.10 means 10%), got {value}").format(value=10)
    error = _("Error: {message}").format(message="liquidator.toml [channels.yahoo] fee_rate: ")
    set_language("en")
    assert problem.startswith("は") or problem != "is a fraction (0.10 means 10%), got 10"
    assert cli.fails(2, "--lang", "ja", "channels") == error + problem
    assert cli.fails(2, "channels") == (
        "Error: liquidator.toml [channels.yahoo] fee_rate: is a fraction (0.10 means 10%), got 10"
    )


def test_help_in_the_workspaces_language_imports_no_pydantic(tmp_path):
    (tmp_path / "liquidator.toml").write_text('[ui]\nlang = "ja"\n', encoding="utf-8")
    code = (
        "import sys\n"
        "from liquidator.cli import app\n"
        "try:\n"
        "    app(['--home', sys.argv[1], '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout
    assert shown.splitlines()[-1] == "False"
    assert "使い方" in shown or "オプション" in shown  # the help is in Japanese
