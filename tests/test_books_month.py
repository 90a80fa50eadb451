"""A reseller's month, exported in every layout under both methods, passes the checker
written from the vendors' specs (tests/bookkeeping_checker.py): eBay in dollars with its
evidence, ヤフオク!, a buy-back shop, part of a lot bought for one total, a set sold for
one total, a supplier return with a restocking fee, a write-off with a disposal fee,
purchases from registered and non-registered sellers and under 古物商特例, and a sale
undone after the month was handed over."""

import csv
import io
from pathlib import Path

import pytest
from bookkeeping_checker import account_total, balances, check
from conftest import Cli

LAYOUTS = ("generic", "yayoi", "mf", "freee")
THROUGH_NOVEMBER = ("--from", "2026-09-01", "--to", "2026-11-30")
DECEMBER = ("--from", "2026-12-01", "--to", "2026-12-31")


def record_the_month(cli) -> dict:
    """The purchases (September to November) and November's disposals; their ids."""

    def add(title, *args):
        return cli.json("add", "--title", title, "--size", "80", *args)["id"]

    registered = ("--seller-invoice-no", "T1234567890123", "--source", "カメラ問屋")
    ids = {
        "ebay": add("Nikon F3", "--cost", "20000", "--purchased", "2026-09-10", *registered),
        "yahoo": add("ハリオ V60", "--cost", "1200", "--purchased", "2026-10-05",
                     "--seller-invoice-no", "none", "--source", "個人出品者"),
        "lot": add("トミカ 10台", "--total-cost", "8005", "--qty", "10",
                   "--purchased", "2026-09-20", *registered),
        "set": add("ポケモンカード BOX", "--cost", "3000", "--qty", "3",
                   "--purchased", "2026-10-01", *registered),
        "refund": add("シリコンスチーマー", "--cost", "2400", "--purchased", "2026-11-01",
                      "--return-by", "2026-11-30", *registered),
        "gone": add("割れたマグカップ", "--cost", "700", "--purchased", "2026-10-10",
                    "--used-goods", "--seller-name", "山田太郎",
                    "--seller-address", "大阪市北区1-1", "--seller-invoice-no", "none"),
        "undone": add("炊飯器", "--cost", "5000", "--purchased", "2026-10-12", *registered),
    }  # fmt: skip

    def sell(name, *args):
        cli.json("sell", str(ids[name]), *args)

    sell("ebay", "-c", "ebay", "--usd", "110.18", "--rate", "150", "--ship-to", "US",
         "--carrier", "Japan Post EMS", "--tracking", "EM123456789JP", "--fees", "2530",
         "--shipping", "3200", "--date", "2026-11-02")  # fmt: skip
    sell("yahoo", "-c", "yahoo", "-p", "2500", "--fees", "250", "--shipping", "930",
         "--date", "2026-11-03")  # fmt: skip
    sell("lot", "-c", "kaitori", "-p", "500", "--qty", "4", "--shipping", "1150",
         "--date", "2026-11-04")  # fmt: skip
    sell("set", "-c", "yahoo", "--qty", "3", "--total", "9000", "--fees", "900",
         "--shipping", "1200", "--date", "2026-11-05")  # fmt: skip
    sell("refund", "-c", "supplier_return", "-p", "2400", "--fees", "240", "--shipping",
         "930", "--date", "2026-11-06")  # fmt: skip
    sell("gone", "-c", "writeoff", "-p", "0", "--fees", "300", "--date", "2026-11-07")
    sell("undone", "-c", "yahoo", "-p", "6000", "--fees", "600", "--shipping", "930",
         "--date", "2026-11-08")  # fmt: skip
    return ids


def export(cli, layout, *period, name) -> bytes:
    target = Path(cli.home) / name
    cli.ok("export", "journal", "--purchases", "--layout", layout, *period, "-o", str(target),
           "--as-of", "2026-12-01")  # fmt: skip
    return target.read_bytes()


def inventory(cli, day) -> int:
    text = cli.ok("export", "inventory", "--as-of", day).stdout.lstrip("\ufeff")
    return int(list(csv.reader(io.StringIO(text)))[-1][6])


@pytest.fixture(scope="module", params=["sanbunpo", "perpetual"])
def month(request, tmp_path_factory):
    """The month in one workspace per method: November handed over in every layout, a
    sale undone on 2026-12-05, then everything exported again and December."""
    cli = Cli(tmp_path_factory.mktemp(request.param))
    (cli.home / "liquidator.toml").write_text(
        f'[bookkeeping]\nmethod = "{request.param}"\n', encoding="utf-8"
    )
    ids = record_the_month(cli)
    sales = cli.json("sales")
    november = {layout: export(cli, layout, *THROUGH_NOVEMBER, name=f"nov-{layout}.csv")
                for layout in LAYOUTS}  # fmt: skip
    stock = inventory(cli, "2026-11-30")
    cli.json("sales", "undo", str(sales[-1]["id"]), "--as-of", "2026-12-05")
    again = {layout: export(cli, layout, *THROUGH_NOVEMBER, name=f"again-{layout}.csv")
             for layout in LAYOUTS}  # fmt: skip
    december = {layout: export(cli, layout, *DECEMBER, name=f"dec-{layout}.csv")
                for layout in LAYOUTS}  # fmt: skip
    return {"cli": cli, "ids": ids, "sales": sales, "november": november, "again": again,
            "december": december, "stock": stock, "method": request.param}  # fmt: skip


RETURNS = {"mf": "仕入値引・戻し高"}


def payout(sale) -> int:
    """What the platform pays: the price less the costs it deducts (a cost the seller
    paid apart is not taken from the payout)."""
    apart = (sale["fees"] if sale["fees_settled"] == "paid_separately" else 0) + (
        sale["shipping"] if sale["shipping_settled"] == "paid_separately" else 0
    )
    return sale["net_cash"] + apart


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_month_passes_the_checker_in_every_layout(month, layout):
    lines = check(layout, month["november"][layout])
    sales = month["sales"]
    # What is left in 売掛金 is what the marketplaces pay out (the bank feed clears it).
    payouts = sum(payout(s) for s in sales if s["kind"] == "sale" and s["paid_later"])
    assert account_total(lines, "売掛金") == payouts
    refund = next(s for s in sales if s["kind"] == "supplier_refund")
    assert account_total(lines, "未収入金") == refund["net_cash"] + refund["shipping"]
    # The 棚卸表 ties to purchases less the cost disposed of.
    if month["method"] == "perpetual":
        assert account_total(lines, "商品") == month["stock"]
        assert account_total(lines, "仕入高") == 0
    else:
        sold = sum(s["cost_basis"] for s in sales if s["kind"] == "sale")
        returned = account_total(lines, RETURNS.get(layout, "仕入返品"))
        assert account_total(lines, "仕入高") + returned - month["stock"] == sold


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_month_handed_over_stays_as_it_was_and_december_reverses_the_undo(month, layout):
    assert month["again"][layout] == month["november"][layout]
    # and so does its stock count: the rice cooker was sold then.
    assert inventory(month["cli"], "2026-11-30") == month["stock"]
    assert inventory(month["cli"], "2026-12-05") == month["stock"] + 5000
    december = check(layout, month["december"][layout])
    balances(december)
    undone = month["sales"][-1]
    assert {line.date.replace("-", "/") for line in december} == {"2026/12/05"}
    assert account_total(december, "売掛金") == -payout(undone)
    assert account_total(december, "売上高") == undone["price"]  # the sale taken back


def test_the_month_has_its_export_evidence(month):
    text = month["cli"].ok("export", "evidence", "--from", "2026-11-01").stdout
    (row,) = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert (row["title"], row["ship_to"], row["tracking"], row["foreign_amount"],
            row["fx_rate"], row["missing"]) == (
        "Nikon F3", "US", "EM123456789JP", "110.18", "150", "")  # fmt: skip
