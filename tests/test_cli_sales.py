"""Disposals through the CLI: sell, listed, sales, undo, channels and calibration."""

import pytest

AS_OF = "2026-11-26"
CHANNELS = ["yahoo", "amazon_jp", "ebay", "kaitori", "supplier_return", "writeoff"]


def add(cli, *args, qty="3"):
    return cli.json(
        "add", "--as-of", AS_OF, "--title", "Lamp", "--cost", "1000", "--size", "60",
        "--days-held", "10", "--qty", qty, "--market-price", "2000", *args,
    )["id"]  # fmt: skip


@pytest.mark.parametrize("channel", CHANNELS)
def test_partial_then_full_sale_on_every_channel(any_cli, snapshot, channel):
    item_id = add(any_cli)
    first = any_cli.json(
        "sell", item_id, "--channel", channel, "--price", "1500", "--qty", "1",
        "--fees", "150", "--shipping", "700", "--date", AS_OF,
    )  # fmt: skip
    assert (first["qty"], first["price"], first["net_cash"]) == (1, 1500, 650)
    assert (first["cost_basis"], first["profit"]) == (1000, -350)
    assert first["qty_left"] == 2 and first["status"] == "in_stock"
    rest = any_cli.json("sell", item_id, "--channel", channel, "--price", "1200", "--date", AS_OF)
    assert rest["qty"] == 2 and rest["price"] == 2400
    expected_status = {"supplier_return": "returned", "writeoff": "written_off"}.get(
        channel, "sold"
    )
    assert rest["status"] == expected_status and rest["qty_left"] == 0
    shown = any_cli.json("show", item_id)
    assert shown["status"] == expected_status and shown["qty"] == 0
    assert [e["kind"] for e in shown["history"]] == ["created", "disposed", "disposed"]
    assert len(snapshot(any_cli)["disposals"]) == 2


def test_fees_and_shipping_default_to_the_channel_estimate(cli):
    item_id = add(cli, qty="1")
    sale = cli.json("sell", item_id, "--channel", "yahoo", "--price", "3000")
    assert sale["fees"] == 300  # Yahoo! Auctions: 10% of the winning bid
    assert sale["shipping"] > 0
    assert sale["estimated"] == ["fees", "shipping"]
    assert sale["net_cash"] == 3000 - 300 - sale["shipping"]
    out = cli.ok("sales").stdout
    assert "Yahoo! Auctions" in out and "¥3,000" in out


def test_sell_text_output_says_what_was_assumed(cli):
    item_id = add(cli, qty="1")
    out = cli.ok("sell", item_id, "--channel", "kaitori", "--price", "400").stdout
    assert "Assumed the channel's estimate" in out and "sold" in out


ERRORS = [
    (["--channel", "yahoo", "--price", "100", "--qty", "4"], 2, "--qty"),
    (["--channel", "nowhere", "--price", "100"], 2, "--channel"),
    (["--channel", "mercari", "--price", "100"], 2, "--channel"),  # switched off by default
    (["--channel", "yahoo", "--price", "-100"], 2, "--price"),
    (["--channel", "yahoo", "--price", "100", "--fees", "-1"], 2, "--fees"),
    (["--channel", "yahoo", "--price", "100", "--shipping", "-5"], 2, "--shipping"),
    (["--channel", "yahoo", "--price", "100", "--date", "2026-11-01"], 2, "--date"),
    (["--channel", "yahoo", "--price", "100", "--date", "yesterday"], 2, "--date"),
]


@pytest.mark.parametrize(("args", "code", "field"), ERRORS)
def test_sell_errors_write_nothing(cli, snapshot, args, code, field):
    item_id = add(cli)
    before = snapshot(cli)
    assert field in cli.fails(code, "sell", item_id, *args)
    assert snapshot(cli) == before


def test_selling_a_disposed_or_missing_item(cli, snapshot):
    item_id = add(cli, qty="1")
    cli.ok("sell", item_id, "--channel", "yahoo", "--price", "100", "--date", AS_OF)
    before = snapshot(cli)
    assert "already sold" in cli.fails(2, "sell", item_id, "--channel", "yahoo", "--price", "1")
    assert (
        cli.fails(1, "sell", "99", "--channel", "yahoo", "--price", "1")
        == "Error: item 99 not found"
    )
    assert snapshot(cli) == before


def test_undo_restores_exactly(any_cli, snapshot):
    item_id = add(any_cli)
    any_cli.json("listed", item_id, "--channel", "yahoo", "--price", "1", "--date", AS_OF)
    before = snapshot(any_cli)
    sale = any_cli.json("sell", item_id, "--channel", "yahoo", "--price", "900", "--date", AS_OF)
    assert any_cli.json("show", item_id)["status"] == "sold"
    undone = any_cli.json("sales", "undo", str(sale["id"]))
    assert undone["item"]["qty"] == 3 and undone["item"]["status"] == "listed"
    after = snapshot(any_cli)
    from conftest import table_columns

    from liquidator.workspace import default_sqlite_url

    names = table_columns(any_cli.db or default_sqlite_url(any_cli.home), "items")
    updated = names.index("updated_at")
    strip = lambda rows: [r[:updated] + r[updated + 1 :] for r in rows]  # noqa: E731
    assert strip(after["items"]) == strip(before["items"])
    assert after["disposals"] == []
    kinds = [e["kind"] for e in any_cli.json("show", item_id)["history"]]
    assert kinds == ["created", "listed", "disposed", "disposal_undone"]
    assert any_cli.fails(1, "sales", "undo", str(sale["id"])).startswith(
        f"Error: disposal {sale['id']} was already undone on "
    )


def test_listed_marks_channel_price_and_date(cli):
    item_id = add(cli)
    item = cli.json("listed", item_id, "--channel", "yahoo", "--price", "1", "--date", "2026-11-20")
    assert (item["status"], item["listed_channel"], item["listed_price"], item["listed_on"]) == (
        "listed", "yahoo", 1, "2026-11-20",
    )  # fmt: skip
    assert "--channel" in cli.fails(2, "listed", item_id, "--channel", "writeoff", "--price", "1")


def test_deleting_an_item_with_disposals_is_refused(cli, snapshot):
    item_id = add(cli)
    cli.ok("sell", item_id, "--channel", "yahoo", "--price", "100", "--qty", "1", "--date", AS_OF)
    before = snapshot(cli)
    assert "undo" in cli.fails(2, "delete", item_id, "--yes")
    assert snapshot(cli) == before


def test_sales_filters_by_date(cli):
    item_id = add(cli)
    for day in ("2026-11-20", "2026-11-22", "2026-11-24"):
        cli.ok("sell", item_id, "--channel", "yahoo", "--price", "100", "--qty", "1", "--date", day)
    dates = [s["sold_on"] for s in cli.json("sales", "--from", "2026-11-21", "--to", "2026-11-23")]
    assert dates == ["2026-11-22"]


def _yahoo(cli):
    return next(c for c in cli.json("channels") if c["channel"] == "yahoo")


def test_twelve_quarter_price_sales_teach_yahoo(any_cli, snapshot):
    probe = any_cli.json(
        "add",
        "--as-of",
        AS_OF,
        "--title",
        "Probe",
        "--cost",
        "4000",
        "--size",
        "60",
        "--market-price",
        "8000",
    )
    before = _expected(any_cli.json("recommend", str(probe["id"]), "--as-of", AS_OF), "yahoo")
    default_ratio = _yahoo(any_cli)["price_ratio"]["default"]
    for _ in range(12):
        item_id = add(any_cli, qty="1")  # market price 2000
        any_cli.ok("sell", item_id, "--channel", "yahoo", "--price", "500", "--date", "2026-11-30")
    yahoo = _yahoo(any_cli)
    assert yahoo["sales"] == 12
    assert yahoo["price_ratio"]["observed"] == 0.25
    used = yahoo["price_ratio"]["used"]
    assert 0.25 < used < default_ratio  # moved toward the observed ratio, not past it
    k = 1  # [calibration] k
    assert used == pytest.approx(0.25 * 12 / (12 + k) + default_ratio * k / (12 + k), abs=1e-4)
    # Sold without being listed on yahoo first: nothing learned about its time to sell.
    assert yahoo["days_to_cash"]["observed"] is None
    after = _expected(any_cli.json("recommend", str(probe["id"]), "--as-of", AS_OF), "yahoo")
    assert after < before
    rows = snapshot(any_cli)["disposals"]
    assert len([r for r in rows if r[2] == "yahoo"]) == yahoo["sales"]


def test_writeoffs_do_not_calibrate(cli):
    item_id = add(cli, qty="1")
    cli.ok("sell", item_id, "--channel", "writeoff", "--price", "0")
    assert all(c["sales"] == 0 for c in cli.json("channels"))
    assert "Yahoo! Auctions" in cli.ok("channels").stdout  # the name, not the id


def _expected(recommendation, channel):
    return next(c for c in recommendation["channels"] if c["channel"] == channel)["expected_price"]


def test_undoing_a_disposal_twice_says_it_was_already_undone_and_writes_nothing(any_cli, snapshot):
    item_id = add(any_cli)
    sale = any_cli.json("sell", item_id, "--channel", "yahoo", "--price", "900", "--date", AS_OF)
    any_cli.json("sales", "undo", str(sale["id"]))
    before = snapshot(any_cli)
    again = any_cli.fails(1, "sales", "undo", str(sale["id"]))
    assert again.startswith(f"Error: disposal {sale['id']} was already undone on ")
    assert snapshot(any_cli) == before
    japanese = any_cli.fails(1, "--lang", "ja", "sales", "undo", str(sale["id"]))
    assert "取り消し済み" in japanese
    assert any_cli.fails(1, "sales", "undo", "999") == "Error: disposal 999 not found"
