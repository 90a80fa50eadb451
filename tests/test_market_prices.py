"""Market prices as data: ``prices import``, the market price the model uses, the
falling-price signal, ``show``/``recommend``/``report`` saying where a price came from."""

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# the fixtures (clock, no_cached_tokens) are used by name
from test_market_fetch import (  # noqa: F401
    AS_OF,
    KEEPA_ENV,
    SP_ENV,
    clock,
    keepa_mock,
    no_cached_tokens,
    sp_api_mock,
    stock,
)


def write(tmp_path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def knife(cli, *extra: str) -> int:
    return cli.json("add", "--title", "関孫六 牛刀", "--cost", "6000", "--size", "60",
                    "--weight", "600g", "--category", "knife", "--asin", "B00KNIFE01",
                    "--purchased", "2026-11-15", "--as-of", AS_OF, *extra)["id"]  # fmt: skip


def stored(snapshot, cli) -> list[tuple]:
    return snapshot(cli).get("price_observations", [])


# --- the realistic fixture, end to end ---------------------------------------------------


def test_a_dozen_export_goods_get_the_advice_a_seller_expects(any_cli, clock):  # noqa: F811
    stock(any_cli)
    with keepa_mock():
        any_cli.ok("prices", "fetch", "--source", "keepa", "--as-of", AS_OF, env=KEEPA_ENV)
    with sp_api_mock():
        any_cli.ok("prices", "fetch", "--source", "sp-api", "--as-of", AS_OF, env=SP_ENV)
    advice = {r["title"]: r for r in any_cli.json("recommend", "--all", "--as-of", AS_OF)}
    # A collapsing price (16,000 → 9,000 in five weeks): dump it at the fast auction, and say why.
    figure = advice["初音ミク 1/7 スケールフィギュア"]
    assert figure["best_channel"] == "yahoo"
    assert "price falling: −44% in 35 days" in figure["channels"][0]["reason"]
    assert figure["market"]["price"] == 9000 and figure["market"]["fall"] == pytest.approx(0.4375)
    # Knives and lenses fetch more abroad, but at 12,800 and 27,280 the US duty (DDP),
    # the courier and FX eat the premium: eBay nets about what Amazon.co.jp does, nine
    # days later, so the market price at home decides.
    assert advice["関孫六 牛刀 210mm"]["best_channel"] == "amazon_jp"
    assert advice["関孫六 牛刀 210mm"]["market"]["price"] == 12800
    assert advice["Canon RF50mm F1.8 STM"]["best_channel"] == "amazon_jp"
    # 14 kg is over the courier limit: sold at home near its market price.
    assert advice["象印 圧力IH炊飯ジャー 5.5合"]["best_channel"] == "amazon_jp"
    # A sealed console: the buy-back shop pays near market, in days.
    assert advice["Nintendo Switch 有機ELモデル"]["best_channel"] == "kaitori"
    # Cheap things go to the auction; no market data is said plainly.
    assert advice["ガチャ キーホルダー"]["best_channel"] == "yahoo"
    assert advice["謎の輸入雑貨"]["market"] == {"basis": "cost", "price": None}
    text = any_cli.ok("recommend", "4", "--as-of", AS_OF).stdout
    assert "market ¥9,000 · SP-API 2026-12-05 (buy box)" in text
    assert "estimated from cost: no market data" in any_cli.ok("recommend", "11", "--as-of",
                                                                AS_OF).stdout  # fmt: skip


def test_the_same_figure_without_its_fall_would_wait_for_amazon(cli):
    """The fall, not the price alone, hurries the figure: at 9,000 and steady it waits
    the three weeks Amazon.co.jp takes, for more cash."""
    stock(cli)
    prices = write(cli.home, "now.csv", "asin,price,kind\nB0FIG00001,9000,lowest_new\n")
    cli.ok("prices", "import", prices, "--as-of", AS_OF)
    steady = cli.json("recommend", "4", "--as-of", AS_OF)
    assert steady["best_channel"] == "amazon_jp" and "price falling" not in json.dumps(steady)


# --- prices import ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_prices_import_reads_each_encoding_and_yen_as_typed(cli, snapshot, tmp_path, encoding):
    item = knife(cli)
    text = ("asin,price,date,kind,source\n"
            'B00KNIFE01,"￥12,800",2026-12-01,buy_box,ヤフオク相場\n'
            "B00KNIFE01,12500円,2026-12-02,sold,\n"
            "b00knife01,12300,2026-12-03,,\n")  # fmt: skip
    summary = cli.json("prices", "import", write(tmp_path, "p.csv", text.encode(encoding)),
                       "--as-of", AS_OF)  # fmt: skip
    assert summary == {"rows": 3, "matched": 3, "added": 3, "already": 0, "unmatched": 0,
                       "unmatched_rows": []}  # fmt: skip
    prices = cli.json("prices", "list", str(item))
    assert [(p["price"], p["kind"], p["source"]) for p in prices] == [
        (12300, "listed", "file:p.csv"), (12500, "sold", "file:p.csv"),
        (12800, "buy_box", "ヤフオク相場"),
    ]  # fmt: skip
    assert len(stored(snapshot, cli)) == 3


def test_a_reimported_file_adds_nothing(any_cli, snapshot, tmp_path):
    knife(any_cli)
    path = write(tmp_path, "p.csv", "asin,price,date\nB00KNIFE01,12800,2026-12-01\n")
    assert any_cli.json("prices", "import", path, "--as-of", AS_OF)["added"] == 1
    before = snapshot(any_cli)
    again = any_cli.json("prices", "import", path, "--as-of", AS_OF)
    assert again["added"] == 0 and again["already"] == 1
    assert snapshot(any_cli) == before


def test_a_malformed_row_stops_the_file_naming_the_row_and_writes_nothing(cli, snapshot, tmp_path):
    knife(cli)
    before = snapshot(cli)
    text = ("asin,price,channel,date\nB00KNIFE01,12800,,2026-12-01\n"
            "B00KNIFE01,abc,,2026-12-01\nB00KNIFE01,100,rakuten,2026-12-01\n"
            "B00KNIFE01,100,,2027-01-01\n")  # fmt: skip
    line = cli.fails(2, "prices", "import", write(tmp_path, "bad.csv", text), "--as-of", AS_OF)
    assert line.startswith(
        f"Error: {tmp_path / 'bad.csv'} line 3: price: 'abc' is not a whole number"
    )
    assert "line 4: channel: 'rakuten' is not one of yahoo, amazon_jp" in line
    assert "line 5: date: 2027-01-01 is in the future" in line
    assert snapshot(cli) == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("asin,cost\nB0,1\n", "unknown column cost"),
        ("title,price\nx,1\n", "unknown column title"),
        ("channel,price\nyahoo,1\n", "needs an item, asin or jan column"),
        ("asin\nB0\n", "missing required column price"),
        ("", "is empty"),
    ],
)
def test_a_price_file_without_the_needed_columns_is_refused(cli, snapshot, tmp_path, text, problem):
    knife(cli)
    before = snapshot(cli)
    line = cli.fails(2, "prices", "import", write(tmp_path, "p.csv", text), "--as-of", AS_OF)
    assert problem in line
    assert snapshot(cli) == before


def test_rows_naming_no_held_item_are_counted_and_named_not_fatal(cli, tmp_path):
    item = knife(cli)
    cli.ok("sell", str(item), "-c", "yahoo", "-p", "9000", "--date", AS_OF)  # no longer held
    other = knife(cli)
    text = (f"item,asin,price\n{item},,100\n,B00KNIFE01,12800\n,B0NOTHELD,5\n"
            f"99,,7\n")  # fmt: skip
    summary = cli.json("prices", "import", write(tmp_path, "p.csv", text), "--as-of", AS_OF)
    assert summary["matched"] == 1 and summary["added"] == 1 and summary["unmatched"] == 3
    assert [row["line"] for row in summary["unmatched_rows"]] == [2, 4, 5]
    assert [p["item_id"] for p in cli.json("prices", "list")] == [other]
    out = cli.ok("prices", "import", write(tmp_path, "p.csv", text), "--as-of", AS_OF).stdout
    assert f"3 rows name no held item: line 2 (#{item}), line 4 (B0NOTHELD), line 5 (#99)" in out


def test_keepa_product_export_is_recognised_by_its_header(cli, tmp_path):
    item = knife(cli)
    jan_only = cli.json("add", "--title", "アロマ", "--cost", "3500", "--size", "80",
                        "--jan", "4901234567894", "--as-of", AS_OF)["id"]  # fmt: skip
    text = ("\ufeffLocale,Title,Buy Box 🚚: Current,Amazon: Current,New: Current,ASIN,"
            "Product Codes: EAN\n"
            'jp,関孫六,"¥ 12,800",-,"¥ 12,480",B00KNIFE01,\n'
            "jp,アロマ,,,6490,B0AROMA001,\"4901234567894, 4901234567895\"\n")  # fmt: skip
    summary = cli.json("prices", "import", write(tmp_path, "keepa.csv", text), "--date",
                       "2026-12-04", "--as-of", AS_OF)  # fmt: skip
    assert summary["added"] == 3
    assert sorted((p["kind"], p["price"]) for p in cli.json("prices", "list", str(item))) == [
        ("buy_box", 12800), ("lowest_new", 12480)]  # fmt: skip
    [aroma] = cli.json("prices", "list", str(jan_only))
    assert aroma["observed_on"] == "2026-12-04" and aroma["jan"] == "4901234567894"
    us = text.replace("\njp,関孫六", "\ncom,関孫六")
    line = cli.fails(2, "prices", "import", write(tmp_path, "us.csv", us), "--as-of", AS_OF)
    assert "line 2: Locale: 'com': not Amazon.co.jp, so its prices are not yen" in line


# --- the market price the model uses -------------------------------------------------------


def observe(cli, tmp_path, *rows: str) -> None:
    text = "asin,price,date,kind\n" + "".join(f"B00KNIFE01,{row}\n" for row in rows)
    cli.ok("prices", "import", write(tmp_path, f"p{len(rows)}.csv", text), "--as-of", AS_OF)


def test_market_price_is_the_freshest_fresh_observation_else_typed_else_cost(any_cli, tmp_path):
    typed = knife(any_cli, "--market-price", "11000")
    bare = knife(any_cli)

    def market(item: int) -> dict:
        return any_cli.json("recommend", str(item), "--as-of", AS_OF)["market"]

    assert market(typed) == {"basis": "typed", "price": 11000}
    assert market(bare) == {"basis": "cost", "price": None}
    observe(any_cli, tmp_path, "13000,2026-11-01,buy_box")  # 34 days old: too old
    assert market(typed) == {"basis": "typed", "price": 11000, "last_seen": "2026-11-01"}
    observe(any_cli, tmp_path, "12800,2026-12-01,lowest_new", "12900,2026-12-01,buy_box")
    assert market(bare) == {"basis": "observed", "price": 12900, "kind": "buy_box",
                            "source": "file:p2.csv", "observed_on": "2026-12-01",
                            "fall": round(1 - 12900 / 13000, 4), "fall_days": 30}  # fmt: skip
    winner_rows = any_cli.json("recommend", str(bare), "--as-of", AS_OF)["channels"]
    at_home = next(row for row in winner_rows if row["channel"] == "amazon_jp")
    assert at_home["expected_price"] == int(12900 * 0.95)  # Amazon.co.jp: 0.95 × market
    # the age limit is a setting
    (any_cli.home / "liquidator.toml").write_text("[market]\nmax_age_days = 2\n")
    assert market(bare)["basis"] == "cost" and market(typed)["basis"] == "typed"


def test_a_price_seen_on_a_channel_prices_that_channel(any_cli, tmp_path):
    """Market price per item and channel: a fresh observation on a channel (ヤフオク!'s
    closing prices, say) is what the item fetches there; the other channels still
    price from the market channel's observation, and a stale one counts for nothing."""
    item = knife(any_cli)
    text = ("asin,price,date,kind,channel\n"
            "B00KNIFE01,12800,2026-12-01,buy_box,amazon_jp\n"
            "B00KNIFE01,7000,2026-12-02,sold,yahoo\n"
            "B00KNIFE01,30000,2026-10-01,sold,ebay\n")  # fmt: skip
    any_cli.ok("prices", "import", write(tmp_path, "seen.csv", text), "--as-of", AS_OF)
    advice = any_cli.json("recommend", str(item), "--as-of", AS_OF)
    rows = {row["channel"]: row for row in advice["channels"]}
    assert rows["yahoo"]["expected_price"] == 7000
    assert "price seen on this channel: ¥7,000" in rows["yahoo"]["reason"]
    assert rows["amazon_jp"]["expected_price"] == int(12800 * 0.95)
    assert rows["ebay"]["expected_price"] != 30000  # two months old: not used
    assert "price seen on this channel" not in rows["ebay"]["reason"]
    assert advice["market"]["channels"] == {"yahoo": {"price": 7000, "kind": "sold",
                                                      "observed_on": "2026-12-02"}}  # fmt: skip


def test_a_price_falling_more_than_the_share_hurries_the_item_and_says_so(cli, tmp_path):
    item = knife(cli)
    observe(cli, tmp_path, "16000,2026-11-01,lowest_new", "9000,2026-12-04,lowest_new")
    falling = cli.json("recommend", str(item), "--as-of", AS_OF)
    assert falling["channels"][0]["reason"].endswith("; price falling: −44% in 33 days")
    # the share is a setting: a 50% threshold ignores this fall, and Amazon.co.jp's
    # three weeks are worth waiting for again
    (cli.home / "liquidator.toml").write_text("[market]\nfall_share = 0.5\n")
    calm = cli.json("recommend", str(item), "--as-of", AS_OF)
    assert calm["best_channel"] == "amazon_jp" and "falling" not in calm["channels"][0]["reason"]
    assert falling["best_channel"] == "yahoo"  # 10 days to cash, not 21
    assert falling["channels"][0]["days_to_cash"] < calm["channels"][0]["days_to_cash"]
    ebay = {c["channel"]: c for c in falling["channels"]}["ebay"]
    calm_ebay = {c["channel"]: c for c in calm["channels"]}["ebay"]
    assert ebay["holding_cost"] > calm_ebay["holding_cost"]  # the loss a day, × 30 days


@settings(max_examples=60, deadline=None)
@given(
    fall=st.one_of(st.floats(-1, 1), st.just(float("nan"))),
    days=st.floats(0, 400),
    share=st.floats(0, 1),
    price=st.floats(1, 1e7),
)
def test_the_loss_a_day_is_zero_unless_the_fall_is_above_the_share(fall, days, share, price):
    from liquidator.scoring.waiting import falling_per_day
    from liquidator.settings.sections import MarketSettings

    loss = falling_per_day(np.array([2.0]), np.array([price]), np.array([fall]),
                           np.array([days]), MarketSettings(fall_share=share))[0]  # fmt: skip
    if fall > share and days > 0:
        assert loss == pytest.approx(2 * price * fall / days)
    else:
        assert loss == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 50_000),
                          st.sampled_from(["buy_box", "lowest_new", "sold", "listed", "quote"])),
                min_size=1, max_size=12))  # fmt: skip
def test_the_market_price_is_the_latest_day_best_kind_within_the_age(observations):
    from liquidator.market.lookup import KIND_RANK, reduce_observations
    from liquidator.settings.sections import MarketSettings

    as_of = dt.date(2026, 12, 5)
    ordered = sorted(observations, key=lambda o: (-o[0], KIND_RANK[o[2]]))
    rows = {
        "item_id": np.array([7] * len(ordered)),
        "observed_on": np.array([np.datetime64(as_of - dt.timedelta(days=o[0])) for o in ordered],
                                dtype="datetime64[D]"),
        "price": np.array([o[1] for o in ordered]),
        "kind": np.array([o[2] for o in ordered], dtype=object),
        "source": np.array(["file:x"] * len(ordered), dtype=object),
    }  # fmt: skip
    market = MarketSettings()
    got = reduce_observations(rows, item_id=np.array([7]), typed=np.array([np.nan]),
                              as_of=as_of, market=market)  # fmt: skip
    newest = min(o[0] for o in observations)
    best = max((o for o in observations if o[0] == newest), key=lambda o: KIND_RANK[o[2]])
    fresh = newest <= market.max_age_days
    assert bool(got["market_observed"][0]) == fresh
    if fresh:
        assert got["market_price"][0] == ordered[-1][1] and ordered[-1][2] == best[2]
    else:
        assert np.isnan(got["market_price"][0])


def test_deleting_an_item_keeps_its_observations(any_cli, snapshot, tmp_path):
    item = knife(any_cli)
    observe(any_cli, tmp_path, "12800,2026-12-01,buy_box")
    any_cli.ok("delete", str(item), "--yes")
    [row] = stored(snapshot, any_cli)
    assert row[1] is None and row[2] == "B00KNIFE01" and row[5] == 12800


# --- show and the report --------------------------------------------------------------


def test_show_lists_the_observations_newest_first(cli, tmp_path):
    item = knife(cli)
    observe(cli, tmp_path, "12800,2026-12-01,buy_box", "12500,2026-12-03,lowest_new")
    shown = cli.json("show", str(item), "--as-of", AS_OF)
    assert [p["observed_on"] for p in shown["prices"]] == ["2026-12-03", "2026-12-01"]
    assert shown["recommendation"]["market"]["price"] == 12500
    text = cli.ok("show", str(item), "--as-of", AS_OF).stdout
    assert "market ¥12,500 · p2.csv 2026-12-03 (lowest new)" in text
    assert text.index("2026-12-03 ¥12,500") < text.index("2026-12-01 ¥12,800")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md", "html"])
def test_the_report_lists_held_items_whose_price_is_missing_or_old(cli, tmp_path, fmt):
    fresh, old = knife(cli), knife(cli)
    plain = cli.json("add", "--title", "手ぬぐい", "--cost", "800", "--size", "60",
                     "--as-of", AS_OF)["id"]  # fmt: skip
    text = f"item,price,date\n{fresh},12800,2026-12-01\n{old},12000,2026-10-01\n"
    cli.ok("prices", "import", write(tmp_path, "p.csv", text), "--as-of", AS_OF)
    out = cli.ok("report", "--as-of", AS_OF, "-O", fmt).stdout
    if fmt == "json":
        check = json.loads(out)["to_check"]
        assert check["count"] == 2 and check["missing"] == 1 and check["stale"] == 1
        assert [i["item_id"] for i in check["items"]] == [old, plain]  # most cash tied up first
        assert check["items"][0] == {"item_id": old, "title": "関孫六 牛刀",
                                     "last_seen": "2026-10-01", "days_old": 65,
                                     "command": f"liquidator prices fetch {old}"}  # fmt: skip
        assert check["items"][1]["command"] is None
        assert check["command"] == f"liquidator prices fetch {old}"
        return
    if fmt == "csv":
        rows = [line.split(",") for line in out.splitlines() if line.startswith("to_check,")]
        assert [row[1] for row in rows] == [str(old), str(plain)]
        assert rows[0][3:] == ["2026-10-01", "65", f"liquidator prices fetch {old}"]
        return
    assert "prices missing or older than 14 days" in out
    assert f"liquidator prices fetch {old}" in out
    assert "last price 2026-10-01, 65 days old" in out
    assert f"no ASIN or JAN: liquidator edit {plain} --asin" in out
    assert f"#{fresh} " not in out.split("prices missing or older")[1].split("Disposals")[0]


def test_a_database_from_before_price_observations_keeps_its_items_and_takes_prices(tmp_path):
    from alembic import command
    from alembic.config import Config
    from conftest import Cli

    import liquidator.migrations
    from liquidator.db import make_engine

    url = f"sqlite:///{tmp_path / 'data' / 'liquidator.db'}"
    (tmp_path / "data").mkdir()
    engine = make_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(Path(liquidator.migrations.__file__).parent))
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        connection.exec_driver_sql(
            "INSERT INTO items (id, title, qty, unit_cost, purchased_on, size_class, hazmat, status,"
            " asin, recorded_on, created_at, updated_at) VALUES (7, '関孫六', 1, 6000, '2026-11-15',"
            " 60, 0, 'in_stock', 'B00KNIFE01', '2026-11-15', '2026-11-15 00:00:00',"
            " '2026-11-15 00:00:00')"
        )
    engine.dispose()
    cli = Cli(tmp_path, url)
    prices = write(tmp_path, "p.csv", "asin,price,date\nB00KNIFE01,12800,2026-12-01\n")
    assert cli.json("prices", "import", prices, "--as-of", AS_OF)["added"] == 1
    assert cli.json("show", "7", "--as-of", AS_OF)["title"] == "関孫六"
    assert cli.json("recommend", "7", "--as-of", AS_OF)["market"]["price"] == 12800


def test_the_progress_bar_goes_to_a_terminal_and_nothing_to_a_pipe(cli, monkeypatch, clock):  # noqa: F811
    stock(cli)
    with keepa_mock():
        piped = cli("prices", "fetch", "7", "-s", "keepa", "--as-of", AS_OF, env=KEEPA_ENV)
    assert piped.exit_code == 0 and piped.stderr == ""
    monkeypatch.setattr("liquidator.cli.prices._stderr_is_terminal", lambda: True)
    with keepa_mock():
        shown = cli("prices", "fetch", "8", "-s", "keepa", "--as-of", AS_OF, env=KEEPA_ENV)
    assert shown.exit_code == 0
    assert shown.stdout.startswith("Fetched prices for 1 of 1 products from Keepa (1 items)")
