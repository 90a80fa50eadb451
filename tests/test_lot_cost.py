"""A lot bought for one total (``--total-cost 1000 --qty 3``): its units cost 334, 333 and
333, so every sale's cost and the 棚卸表 add up to exactly what was paid."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.field_values import parse_fields
from liquidator.settings.defaults import DEFAULTS

DAY = "2026-09-01"


def inventory_total(cli, day) -> int:
    text = cli.ok("export", "inventory", "--as-of", day).stdout.lstrip("\ufeff")
    return int(list(csv.reader(io.StringIO(text)))[-1][6])


@pytest.mark.parametrize("splits", [(1, 1, 1), (2, 1), (1, 2), (3,)])
def test_a_lots_total_cost_is_split_exactly_over_its_sales_and_the_stock_count(any_cli, splits):
    item = any_cli.json("add", "--title", "トミカ 3台", "--total-cost", "1000", "--qty", "3",
                        "--size", "60", "--purchased", DAY, "--as-of", DAY)  # fmt: skip
    assert (item["unit_cost"], item["qty"], item["cost_remainder"]) == (333, 3, 1)
    assert inventory_total(any_cli, DAY) == 1000
    costs = []
    for day, qty in enumerate(splits, start=10):
        sale = any_cli.json("sell", str(item["id"]), "-c", "kaitori", "-p", "100", "--qty",
                            str(qty), "--shipping", "0", "--date", f"2026-11-{day}")  # fmt: skip
        costs.append(sale["cost_basis"])
        assert inventory_total(any_cli, f"2026-11-{day}") == 1000 - sum(costs)
    assert sum(costs) == 1000
    assert costs[0] == 333 * splits[0] + 1  # the first unit carries the remainder
    undone = any_cli.json("sales", "undo", str(len(splits)))
    assert undone["item"]["qty"] == splits[-1]
    assert inventory_total(any_cli, "2026-12-31") == costs[-1]  # back in stock at its cost


def test_a_total_cost_comes_in_from_an_import_file_too(cli, tmp_path):
    path = tmp_path / "lots.csv"
    path.write_text("title,total_cost,qty,size,purchased\nカード,1000,3,60,2026-09-01\n"
                    "箱,500,1,60,2026-09-01\n", encoding="utf-8")  # fmt: skip
    cli.json("import", "items", str(path), "--as-of", DAY)
    assert inventory_total(cli, DAY) == 1500


def test_a_cost_and_a_total_cost_together_or_below_a_yen_a_unit_are_refused(cli, snapshot):
    cli.json("add", "--title", "x", "--cost", "100", "--size", "60")
    before = snapshot(cli)
    line = cli.fails(2, "add", "--title", "x", "--cost", "333", "--total-cost", "1000",
                     "--qty", "3", "--size", "60")  # fmt: skip
    assert line == "Error: --total-cost: give the cost per unit or the lot's total cost, not both"
    line = cli.fails(2, "add", "--title", "x", "--total-cost", "2", "--qty", "3", "--size", "60")
    assert line == "Error: --total-cost: ¥2 is less than one yen for each of 3 units"
    line = cli.fails(2, "edit", "1", "--total-cost", "900")
    assert line.startswith("Error: --total-cost: give it when adding a lot")
    assert snapshot(cli) == before


@given(st.integers(1, 10**8), st.integers(1, 10**6))
def test_a_lots_unit_cost_and_remainder_make_up_its_total(total, qty):
    raw = {"title": "lot", "total_cost": str(total), "qty": str(qty), "size": "60"}
    if total < qty:
        with pytest.raises(Exception, match="less than one yen"):
            parse_fields(raw, as_of=dt.date(2026, 9, 1),
                         channels=DEFAULTS.scored_channels)  # fmt: skip
        return
    values = parse_fields(raw, as_of=dt.date(2026, 9, 1),
                          channels=DEFAULTS.scored_channels)  # fmt: skip
    assert values["unit_cost"] * qty + values["cost_remainder"] == total
    assert 0 <= values["cost_remainder"] < qty


def test_a_lot_sale_undone_after_its_month_was_closed_leaves_that_months_stock_value(any_cli):
    item = any_cli.json("add", "--title", "トミカ 2台", "--total-cost", "1001", "--qty", "2",
                        "--size", "60", "--purchased", DAY, "--as-of", DAY)  # fmt: skip
    any_cli.json("sell", str(item["id"]), "-c", "kaitori", "-p", "100", "--qty", "1",
                 "--shipping", "0", "--date", "2026-11-10")  # fmt: skip
    assert inventory_total(any_cli, "2026-11-30") == 500  # the sold unit took the odd yen
    any_cli.ok("export", "journal", "--from", "2026-11-01", "--to", "2026-11-30", "--as-of",
               "2026-12-01")  # fmt: skip
    any_cli.json("sales", "undo", "1", "--as-of", "2026-12-05")
    assert inventory_total(any_cli, "2026-11-30") == 500  # as it was handed over
    assert inventory_total(any_cli, "2026-12-05") == 1001  # both units back
