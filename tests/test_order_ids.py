"""Amazon order ids are 3-7-7 digits wherever one is typed or imported (issue 31 point 11)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_orders import report_bytes

from liquidator.errors import InvalidInput
from liquidator.parsing import parse_order_id

AS_OF = "2026-11-25"
ITEM = ["--title", "ハリオ V60", "--cost", "4980", "--size", "80"]
MALFORMED = ["114-123", "114-1234567", "1141234567123456", "114-1234567-123456",
             "114-1234567-12345678", "A14-1234567-1234567", "114 1234567 1234567",
             "114-1234567-1234567-1"]  # fmt: skip


@pytest.mark.parametrize("order", MALFORMED)
def test_cancel_refuses_a_malformed_order_id_and_writes_nothing(any_cli, snapshot, order):
    any_cli.ok("list")  # the workspace exists, so "nothing written" is a real check
    before = snapshot(any_cli)
    line = any_cli.fails(2, "cancel", order, "--stage", "bought", "--via", "request",
                         "--reason", "mistake", *ITEM, "--as-of", AS_OF)  # fmt: skip
    assert line.startswith("Error: ORDER_ID: ") and "3-7-7" in line
    assert snapshot(any_cli) == before


def test_a_refused_order_id_does_not_count_in_the_cancel_rate(cli):
    cli.fails(2, "cancel", "114-123", "--seller", "--as-of", AS_OF)
    assert cli.json("cancel-rate", "--as-of", AS_OF)["seller_cancelled"] == 0


def test_add_and_edit_refuse_a_malformed_order_id(any_cli, snapshot):
    line = any_cli.fails(2, "add", *ITEM, "--order-id", "114-123")
    assert line.startswith("Error: --order-id: ")
    item = any_cli.json("add", *ITEM, "--order-id", "114-1234567-1234567")
    before = snapshot(any_cli)
    line = any_cli.fails(2, "edit", str(item["id"]), "--order-id", "249-12")
    assert line.startswith("Error: --order-id: ")
    assert snapshot(any_cli) == before


def test_a_full_width_or_japanese_dash_order_id_is_stored_plain(cli):
    item = cli.json("add", *ITEM, "--order-id", "１１４ー１２３４５６７－１２３４５６７")
    assert item["order_id"] == "114-1234567-1234567"


def test_import_items_names_the_row_with_a_malformed_order_id(cli, snapshot, tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(
        "title,cost,size,order_id\nMug,1200,60,114-1234567-1234567\nLamp,900,60,114-12\n"
    )
    cli.ok("list")
    before = snapshot(cli)
    line = cli.fails(2, "import", "items", str(path))
    assert "line 3" in line and "order_id" in line and "114-12" in line
    assert snapshot(cli) == before


def test_an_order_report_with_a_malformed_id_names_its_line(any_cli, snapshot, tmp_path):
    good = ("111-0000001-0000001", "2026-11-24", "2026-11-24T11:00:00+00:00", "Shipped", "")
    bad = ("111-2", "2026-11-24", "2026-11-24T11:00:00+00:00", "Shipped", "")
    path = tmp_path / "orders.txt"
    path.write_bytes(report_bytes([good, bad]))
    any_cli.ok("list")
    before = snapshot(any_cli)
    line = any_cli.fails(2, "import", "amazon-orders", str(path))
    assert f"{path} line 3" in line and "amazon-order-id" in line and "111-2" in line
    assert snapshot(any_cli) == before


@given(st.text(max_size=30))
def test_only_three_seven_seven_digits_are_an_order_id(text):
    try:
        got = parse_order_id(text)
    except InvalidInput as error:
        assert error.field == "order_id"
    else:
        assert len(got) == 19 and got[3] == got[11] == "-"
        assert got.replace("-", "").isdigit() and got.isascii()


@given(st.from_regex(r"[0-9]{3}-[0-9]{7}-[0-9]{7}", fullmatch=True))
def test_every_well_formed_order_id_is_accepted_unchanged(order):
    assert parse_order_id(f"  {order} ") == order
