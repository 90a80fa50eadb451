"""`recommend`, the breakdown in `add`/`show`, and `settings`, through the CLI."""

import json

import pytest

AS_OF = "2026-11-26"
FIELDS = {
    "channel", "eligible", "expected_price", "fees", "duties", "shipping", "packaging",
    "net_cash", "days_to_cash", "holding_cost", "score", "suggested_price", "price_kind",
    "reason", "least_loss",
}  # fmt: skip


def add(cli, *args):
    return cli.json("add", "--as-of", AS_OF, *args)


def test_recommend_json_shape_and_identities(any_cli):
    item = add(
        any_cli, "--title", "ハリオ V60", "--cost", "4980", "--size", "80", "--days-held", "12"
    )
    rec = any_cli.json("recommend", str(item["id"]), "--as-of", AS_OF)
    assert rec["item_id"] == item["id"] and rec["title"] == "ハリオ V60"
    assert {c["channel"] for c in rec["channels"]} == {
        "yahoo", "amazon_jp", "ebay", "mercari", "kaitori", "supplier_return", "writeoff",
    }  # fmt: skip
    for channel in rec["channels"]:
        assert set(channel) == FIELDS
        if channel["eligible"]:
            assert channel["net_cash"] == (
                channel["expected_price"]
                - channel["fees"]
                - channel["shipping"]
                - channel["packaging"]
            )
            assert channel["score"] == channel["net_cash"] - channel["holding_cost"]
    eligible = [c for c in rec["channels"] if c["eligible"]]
    assert rec["best_channel"] == eligible[0]["channel"]
    assert eligible[0]["score"] == max(c["score"] for c in eligible)
    assert item["recommendation"]["best_channel"] == rec["best_channel"]


def test_rice_cooker_is_not_sent_to_ebay(cli):
    item = add(
        cli, "--title", "炊飯器", "--cost", "12800", "--dims", "45x40x35", "--weight", "14kg"
    )
    rec = cli.json("recommend", str(item["id"]), "--as-of", AS_OF)
    ebay = next(c for c in rec["channels"] if c["channel"] == "ebay")
    assert not ebay["eligible"] and rec["best_channel"] != "ebay"


def test_fallen_price_inside_return_window_goes_back_to_the_supplier(cli):
    item = add(
        cli, "--title", "Lamp", "--cost", "3000", "--size", "60", "--market-price", "2000",
        "--return-by", "2026-12-10",
    )  # fmt: skip
    assert (
        cli.json("recommend", str(item["id"]), "--as-of", AS_OF)["best_channel"]
        == "supplier_return"
    )
    after_window = cli.json("recommend", str(item["id"]), "--as-of", "2026-12-11")
    supplier = next(c for c in after_window["channels"] if c["channel"] == "supplier_return")
    assert not supplier["eligible"] and after_window["best_channel"] != "supplier_return"


def test_hazmat_excludes_ebay(cli):
    item = add(cli, "--title", "Battery", "--cost", "2000", "--size", "60", "--hazmat")
    ebay = next(c for c in item["recommendation"]["channels"] if c["channel"] == "ebay")
    assert not ebay["eligible"]


def test_raising_yahoo_fee_in_the_settings_file(cli):
    item = add(cli, "--title", "Lamp", "--cost", "3000", "--size", "60")
    before = next(
        c
        for c in cli.json("recommend", str(item["id"]), "--as-of", AS_OF)["channels"]
        if c["channel"] == "yahoo"
    )
    (cli.home / "liquidator.toml").write_text("[channels.yahoo]\nfee_rate = 0.20\n")
    after = next(
        c
        for c in cli.json("recommend", str(item["id"]), "--as-of", AS_OF)["channels"]
        if c["channel"] == "yahoo"
    )
    assert after["fees"] > before["fees"] and after["score"] < before["score"]
    settings = {r["key"]: r for r in cli.json("settings")}
    assert settings["channels.yahoo.fee_rate"]["value"] == 0.20
    assert settings["channels.yahoo.fee_rate"]["source"].endswith("liquidator.toml")
    assert settings["channels.amazon_jp.fee_rate"]["source"] == "default"


def test_bad_settings_file_exits_2_naming_key_and_file(cli, snapshot):
    add(cli, "--title", "Lamp", "--cost", "3000", "--size", "60")
    before = snapshot(cli)
    (cli.home / "liquidator.toml").write_text("[channels.yahoo]\nfee_rat = 0.2\n")
    line = cli.fails(2, "add", "--title", "x", "--cost", "1", "--size", "60")
    assert "liquidator.toml" in line and "fee_rat" in line
    (cli.home / "liquidator.toml").write_text('[holding]\nannual_rate = "high"\n')
    line = cli.fails(2, "recommend", "--all")
    assert "liquidator.toml" in line and "annual_rate" in line
    assert snapshot(cli) == before


def test_recommend_all_and_many(cli):
    ids = [
        add(cli, "--title", f"Item {n}", "--cost", "1000", "--size", "60")["id"] for n in range(3)
    ]
    cli.ok("sell", str(ids[1]), "--channel", "yahoo", "--price", "500")
    everything = cli.json("recommend", "--all", "--as-of", AS_OF)
    assert [r["item_id"] for r in everything] == [ids[0], ids[2]]  # sold items are not held
    picked = cli.json("recommend", str(ids[2]), str(ids[0]), "--as-of", AS_OF)
    assert [r["item_id"] for r in picked] == [ids[2], ids[0]]


def test_recommend_errors(cli):
    add(cli, "--title", "Lamp", "--cost", "3000", "--size", "60")
    assert cli.fails(1, "recommend", "1", "42") == "Error: item 42 not found"
    assert "--all" in cli.fails(2, "recommend")


def test_recommend_table_marks_the_winner(cli):
    item = add(cli, "--title", "ハリオ V60", "--cost", "4980", "--size", "80")
    from liquidator.settings import load_settings

    out = cli.ok("recommend", str(item["id"]), "--as-of", AS_OF).stdout
    label = load_settings(None).channel_label(item["recommendation"]["best_channel"])
    assert f"★ {label}" in out  # channels by the names sellers use
    assert "ハリオ V60" in out
    shown = cli.ok("show", str(item["id"])).stdout
    assert "★" in shown


def test_add_prints_the_winner(cli):
    out = cli.ok("add", "--title", "Lamp", "--cost", "3000", "--size", "60").stdout
    assert "Recommended:" in out


def test_recommend_an_impossible_id_is_not_found(cli):
    add(cli, "--title", "Lamp", "--cost", "3000", "--size", "60")
    assert cli.fails(1, "recommend", str(2**63)) == f"Error: item {2**63} not found"


def _random_items(seed, *, money_dtype="int64"):
    """A small batch of items as the store reads them: random sizes, prices and windows."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = 12
    ids = rng.choice(np.arange(1, 40), size=n, replace=False)
    market = rng.integers(500, 60_000, n).astype(float)
    market[rng.random(n) < 0.3] = np.nan
    window = rng.integers(-5, 30, n).astype(float)
    window[rng.random(n) < 0.5] = np.nan
    titles = [f"品 {i}" if i % 5 else "=SUM(A1)" for i in ids]
    titles[-1] = None  # an item without a title
    return {
        "item_id": ids,
        "title": np.array(titles, dtype=object),
        "qty": rng.integers(1, 4, n),
        "unit_cost": rng.integers(100, 30_000, n).astype(money_dtype),
        "market_price": market,
        "size_class": rng.choice([60, 80, 100, 120, 160], size=n),
        "hazmat": rng.random(n) < 0.2,
        "days_held": rng.integers(0, 200, n),
        "return_days_left": window,
    }


def _reference_recommendations(scored, item_ids, titles):
    """Straightforward: per item in input order, eligible channels by rank first, then
    the ineligible ones in the engine's (settings) order."""
    from liquidator.recommend import CHANNEL_FIELDS

    rows = [
        {name: scored[name][i].item() if hasattr(scored[name][i], "item") else scored[name][i]
         for name in (*CHANNEL_FIELDS, "item_id", "rank", "price_source")}
        for i in range(len(scored["channel"]))
    ]  # fmt: skip
    result = []
    for item_id, title in zip(item_ids, titles, strict=True):
        mine = [r for r in rows if r["item_id"] == item_id]
        mine.sort(key=lambda r: (not r["eligible"], r["rank"] if r["eligible"] else 0))
        channels = [{name: row[name] for name in CHANNEL_FIELDS} for row in mine]
        result.append(
            {
                "item_id": int(item_id),
                "title": title,
                "best_channel": channels[0]["channel"] if channels[0]["eligible"] else None,
                "channels": channels,
                # where the item's market price came from, as scoring passed it on
                "market": mine[0]["price_source"],
            }
        )
    return result


@pytest.mark.parametrize(("seed", "money_dtype"), [(1, "int64"), (2, "int64"), (3, "float64")])
def test_recommendations_match_a_straightforward_reference(seed, money_dtype):
    from liquidator.recommend import recommendations
    from liquidator.render.json import iter_json
    from liquidator.scoring import score_columns
    from liquidator.settings import DEFAULTS

    items = _random_items(seed, money_dtype=money_dtype)
    expected = _reference_recommendations(
        score_columns(items, DEFAULTS), items["item_id"].tolist(), items["title"].tolist()
    )
    # the data exercises the ordering: ineligible channels come after eligible ones
    assert any(not c["eligible"] for r in expected for c in r["channels"][:-1])
    got = list(recommendations(items, DEFAULTS, block=5))  # items split across blocks
    assert got == expected
    assert list(recommendations(items, DEFAULTS)) == expected
    for recommendation in got:
        assert type(recommendation["item_id"]) is int
        for channel in recommendation["channels"]:
            assert type(channel["eligible"]) is bool
            assert all(type(v) in (int, float, str, bool) for v in channel.values())
    # streamed as the command does (from the iterator): the same text as from the list
    text = "".join(iter_json(recommendations(items, DEFAULTS, block=5), depth=1))
    assert text == "".join(iter_json(expected, depth=1))
    assert json.loads(text) == expected
    empty = {name: values[:0] for name, values in items.items()}
    assert "".join(iter_json(recommendations(empty, DEFAULTS), depth=1)) == "[]"
    assert list(recommendations(empty, DEFAULTS)) == []


def test_recommend_all_json_streams_one_item_per_line(cli):
    assert cli.json("recommend", "--all", "--as-of", AS_OF) == []
    ids = [
        add(cli, "--title", title, "--cost", "3000", "--size", "60")["id"]
        for title in ("ハリオ V60", '=HYPERLINK("x")', "Lamp")
    ]
    out = cli.ok("recommend", "--all", "--json", "--as-of", AS_OF).stdout
    lines = out.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(ids) + 2
    everything = json.loads(out)
    assert [r["item_id"] for r in everything] == ids
    for line, recommendation in zip(lines[1:-1], everything, strict=True):
        assert json.loads(line.strip().rstrip(",")) == recommendation
        one = cli.json("recommend", str(recommendation["item_id"]), "--as-of", AS_OF)
        assert one == recommendation


def test_json_on_a_terminal_is_indented(cli, monkeypatch):
    import liquidator.cli.context
    import liquidator.cli.recommend

    add(cli, "--title", "ハリオ V60", "--cost", "4980", "--size", "80")
    piped = cli.ok("recommend", "--all", "--json", "--as-of", AS_OF).stdout
    for module in (liquidator.cli.context, liquidator.cli.recommend):
        monkeypatch.setattr(module, "json_for_terminal", lambda: True)
    shown = cli.ok("recommend", "--all", "--json", "--as-of", AS_OF).stdout
    assert shown == json.dumps(json.loads(piped), ensure_ascii=False, indent=2) + "\n"
