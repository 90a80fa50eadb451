"""The stock's rules hold after every write, whatever order the writes come in.

For every item: units held = the lot's size − units disposed of (an undone disposal is
gone); ``in_stock``/``listed`` only while units are held, and a sold-out item's status
is what its latest disposal made of it; bought on or before every disposal and listing.
"""

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from liquidator.settings.defaults import CHANNELS
from liquidator.vocab import HELD_STATUSES, DisposalKind, ItemStatus

AS_OF = dt.date(2026, 11, 30)


def day(days_before: int) -> str:
    return (AS_OF - dt.timedelta(days=days_before)).isoformat()


def add(cli, qty=2, bought=20) -> int:
    return cli.json(
        "add", "--title", "ハリオ V60", "--cost", "1000", "--size", "60", "--qty", str(qty),
        "--purchased", day(bought), "--as-of", AS_OF.isoformat(),
    )["id"]  # fmt: skip


def sell(cli, item, channel="yahoo", qty=1, on=10):
    return cli(
        "sell", str(item), "-c", channel, "--price", "500", "--qty", str(qty), "--date", day(on),
        "--json",
    )  # fmt: skip


def stored(cli) -> dict[int, dict]:
    """Every item with its disposals, straight from the tables."""
    from liquidator.workspace import default_sqlite_url

    engine = create_engine(cli.db or default_sqlite_url(cli.home))
    try:
        with engine.connect() as connection:
            items = {
                row.id: {**row._asdict(), "disposals": []}
                for row in connection.execute(
                    text("SELECT id, qty, status, purchased_on, listed_on FROM items")
                )
            }
            for row in connection.execute(
                text(
                    "SELECT id, item_id, qty, kind, sold_on, listed_on FROM disposals "
                    "ORDER BY sold_on, id"
                )
            ):
                items[row.item_id]["disposals"].append(row._asdict())
    finally:
        engine.dispose()
    return items


def as_day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def assert_consistent(items: dict[int, dict], lots: dict[int, int]) -> None:
    for item_id, item in items.items():
        disposed = sum(d["qty"] for d in item["disposals"])
        assert item["qty"] >= 0, item
        if item_id in lots:
            assert item["qty"] + disposed == lots[item_id], item
        if item["qty"] > 0:
            assert item["status"] in HELD_STATUSES, item
        else:
            assert item["disposals"], item
            assert item["status"] == DisposalKind(item["disposals"][-1]["kind"]).outcome, item
        bought = as_day(item["purchased_on"])
        for when in [d["sold_on"] for d in item["disposals"]] + [item["listed_on"]]:
            assert when is None or bought <= as_day(when), item


# --- each path that could break a rule -------------------------------------------------


def test_editing_the_qty_of_a_sold_lot_sets_the_lots_size_and_puts_units_back(any_cli):
    item = add(any_cli, qty=2)
    assert sell(any_cli, item, qty=2).exit_code == 0
    edited = any_cli.json("edit", str(item), "--qty", "5")
    assert (edited["qty"], edited["status"]) == (3, "in_stock")
    assert edited["changes"] == {"qty": ["0", "3"], "status": ["sold", "in_stock"]}
    history = any_cli.json("show", str(item))["history"]
    assert history[-1]["kind"] == "edited"
    assert history[-1]["data"] == {"qty": [0, 3], "status": ["sold", "in_stock"]}
    assert_consistent(stored(any_cli), {item: 5})


def test_a_lot_cannot_be_made_smaller_than_what_left_it(any_cli, snapshot):
    item = add(any_cli, qty=3)
    sell(any_cli, item, qty=2)
    before = snapshot(any_cli)
    line = any_cli.fails(2, "edit", str(item), "--qty", "1")
    assert line.startswith("Error: --qty: item 1 has 2 units disposed of; qty is the lot's size")
    assert "sales undo" in line
    assert snapshot(any_cli) == before


def test_a_lot_edited_down_to_what_left_it_is_sold_out_as_its_latest_disposal_made_it(any_cli):
    item = add(any_cli, qty=3)
    sell(any_cli, item, channel="supplier_return", qty=1, on=5)
    sell(any_cli, item, channel="yahoo", qty=1, on=9)  # recorded later, dated earlier
    edited = any_cli.json("edit", str(item), "--qty", "2")
    assert (edited["qty"], edited["status"]) == (0, "returned")
    assert_consistent(stored(any_cli), {item: 2})
    # and a listed lot edited back up is on sale again
    listed = add(any_cli, qty=1)
    any_cli.ok("listed", str(listed), "-c", "yahoo", "--price", "900", "--date", day(15))
    sell(any_cli, listed, qty=1)
    assert any_cli.json("edit", str(listed), "--qty", "2")["status"] == "listed"


def test_a_sold_out_items_status_is_its_latest_disposals_outcome_by_date(any_cli):
    item = add(any_cli, qty=2)
    sell(any_cli, item, channel="supplier_return", qty=1, on=3)
    last = sell(any_cli, item, channel="yahoo", qty=1, on=12).json()
    assert last["status"] == "returned"
    any_cli.ok("sales", "undo", str(last["id"] - 1))  # the refund goes; the sale stays
    assert any_cli.json("show", str(item))["status"] == "in_stock"
    sell(any_cli, item, channel="writeoff", qty=1, on=1)
    assert any_cli.json("show", str(item))["status"] == "written_off"
    assert_consistent(stored(any_cli), {item: 2})


@pytest.mark.parametrize(
    "args",
    [
        ["--purchased", day(9)],  # after the sale on day(10)
        ["--days-held", "9"],
        ["--days-held", "2", "--as-of", day(5)],  # as of an earlier day: bought day(7)
    ],
)
def test_a_purchase_date_after_a_disposal_is_refused(any_cli, snapshot, args):
    item = add(any_cli, qty=2)
    sell(any_cli, item, qty=1, on=10)
    before = snapshot(any_cli)
    line = any_cli.fails(2, "edit", str(item), *args)
    option = "--purchased" if "--purchased" in args else "--days-held"
    assert line.startswith(f"Error: {option}: "), line
    assert f"first disposed of or listed ({day(10)})" in line
    assert snapshot(any_cli) == before
    # the same day as the sale is fine
    assert any_cli.json("edit", str(item), "--purchased", day(10))["purchased_on"] == day(10)


def test_a_purchase_date_after_a_listing_is_refused(any_cli, snapshot):
    item = add(any_cli, qty=1)
    any_cli.ok("listed", str(item), "-c", "yahoo", "--price", "900", "--date", day(12))
    before = snapshot(any_cli)
    assert "(" + day(12) + ")" in any_cli.fails(2, "edit", str(item), "--purchased", day(11))
    assert snapshot(any_cli) == before


def test_a_purchase_date_after_an_undone_sale_is_allowed(any_cli):
    item = add(any_cli, qty=1)
    sale = sell(any_cli, item, on=10).json()
    any_cli.ok("sales", "undo", str(sale["id"]))
    assert any_cli.json("edit", str(item), "--purchased", day(2))["purchased_on"] == day(2)


def test_items_made_at_the_desk_and_by_import_start_consistent(any_cli, tmp_path):
    any_cli.ok(
        "cancel", "114-1234567-1234567", "--stage", "bought", "--via", "request", "--reason",
        "mistake", "--title", "x", "--cost", "100", "--size", "60", "--qty", "3",
        "--as-of", AS_OF.isoformat(),
    )  # fmt: skip
    csv_file = tmp_path / "items.csv"
    csv_file.write_text(f"title,cost,size,qty,purchased\ny,100,60,2,{day(3)}\n", encoding="utf-8")
    any_cli.ok("import", "items", str(csv_file), "--as-of", AS_OF.isoformat())
    items = stored(any_cli)
    assert_consistent(items, {1: 3, 2: 2})
    assert [i["status"] for i in items.values()] == ["in_stock", "in_stock"]


# --- any sequence of writes --------------------------------------------------------------

_ITEM = st.integers(min_value=0, max_value=2)
_DAY = st.integers(min_value=0, max_value=30)
_ADD = st.tuples(st.just("add"), st.integers(min_value=1, max_value=4), _DAY)
_STEPS = st.lists(
    st.one_of(
        _ADD,
        st.tuples(
            st.just("sell"),
            _ITEM,
            st.integers(min_value=1, max_value=3),
            st.sampled_from(["yahoo", "kaitori", "supplier_return", "writeoff"]),
            _DAY,
        ),  # fmt: skip
        st.tuples(st.just("undo"), st.integers(min_value=0, max_value=5)),
        st.tuples(st.just("qty"), _ITEM, st.integers(min_value=1, max_value=6)),
        st.tuples(st.just("purchased"), _ITEM, _DAY),
        st.tuples(st.just("days_held"), _ITEM, _DAY, _DAY),
        st.tuples(st.just("listed"), _ITEM, _DAY),
    ),
    min_size=1,
    max_size=10,
)


@settings(
    max_examples=int(os.environ.get("LIQUIDATOR_FUZZ_EXAMPLES", 15)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=_ADD, steps=_STEPS)
def test_any_sequence_of_adds_sales_undos_edits_and_listings_keeps_the_rules(any_cli, first, steps):
    steps = [first, *steps]
    lots: dict[int, int] = {}
    items: list[int] = []
    disposals: list[int] = []
    for step in steps:
        kind, *args = step
        if kind == "add":
            qty, bought = args
            items.append(add(any_cli, qty=qty, bought=bought))
            lots[items[-1]] = qty
            continue
        if kind == "undo":
            if disposals:
                target = disposals.pop(args[0] % len(disposals))
                assert any_cli("sales", "undo", str(target)).exit_code == 0
            continue
        if not items:
            continue
        item = items[args[0] % len(items)]
        if kind == "sell":
            result = sell(any_cli, item, channel=args[2], qty=args[1], on=args[3])
            if result.exit_code == 0:
                disposals.append(result.json()["id"])
        elif kind == "qty":
            result = any_cli("edit", str(item), "--qty", str(args[1]), "--json")
            if result.exit_code == 0:
                lots[item] = args[1]
        elif kind == "purchased":
            result = any_cli("edit", str(item), "--purchased", day(args[1]))
        elif kind == "days_held":
            as_of = day(args[2])
            result = any_cli("edit", str(item), "--days-held", str(args[1]), "--as-of", as_of)
        else:
            result = any_cli(
                "listed", str(item), "-c", "yahoo", "--price", "900", "--date", day(args[1])
            )
        assert result.exit_code in (0, 2), (step, result.stdout, result.stderr)
        assert_consistent(stored(any_cli), lots)
    assert_consistent(stored(any_cli), lots)


def test_the_outcomes_cover_every_kind_a_channel_can_record():
    kinds = {channel.disposal for channel in CHANNELS.values()}
    assert kinds <= set(DisposalKind)
    assert {DisposalKind(kind).outcome for kind in kinds} <= set(ItemStatus)
