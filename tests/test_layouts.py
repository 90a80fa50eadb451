"""Every journal layout, from the vendors' import specs (docs/bookkeeping.md): golden files
of five cases — an eBay sale, a Yahoo sale with fees and shipping, a partial lot, a
supplier refund and a write-off — plus the rules each file must keep.

Regenerate the golden files after a deliberate change with
``LIQUIDATOR_UPDATE_GOLDEN=1 pytest tests/test_layouts.py`` and review the diff.
"""

import csv
import io
import os
from collections import defaultdict
from pathlib import Path

import pytest

from liquidator.bookkeeping.layouts import get_layout, layout_names

GOLDEN = Path(__file__).parent / "golden"
LAYOUTS = layout_names()
# Per layout: (entry key column, debit account, debit amount, credit account, credit
# amount, date column, date format example) by header name or index.
SHAPE = {
    "generic": None,
    "yayoi": {"entry": None, "dr": 8, "cr": 14, "date": 3, "flag": 0},
    "mf": {"entry": 0, "dr": 8, "cr": 16, "date": 1},
    "freee": {"entry": 1, "dr": 5, "cr": 9, "date": 0},
}


def _five_cases(cli) -> None:
    def add(title, cost, qty="1"):
        return cli.json("add", "--title", title, "--cost", cost, "--qty", qty, "--size", "80",
                        "--purchased", "2026-09-01", "--return-by", "2026-12-31")["id"]  # fmt: skip

    ebay = add("ポケモンカード 151 BOX", "9000")
    cli.json("sell", str(ebay), "-c", "ebay", "-p", "16000", "--date", "2026-11-02")
    yahoo = add("ハリオ V60 ドリッパー", "1200")
    cli.json("sell", str(yahoo), "-c", "yahoo", "-p", "2500", "--fees", "250",
             "--shipping", "930", "--date", "2026-11-03")  # fmt: skip
    lot = add("トミカ 10台セット", "800", qty="10")
    cli.json("sell", str(lot), "-c", "kaitori", "-p", "500", "--qty", "4", "--date", "2026-11-04")
    refund = add("シリコンスチーマー", "2400")
    cli.json("sell", str(refund), "-c", "supplier_return", "-p", "2400", "--date", "2026-11-05")
    gone = add("割れたマグカップ", "700")
    cli.json("sell", str(gone), "-c", "writeoff", "-p", "0", "--date", "2026-11-06")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from conftest import Cli

    cli = Cli(tmp_path_factory.mktemp("layouts"))
    _five_cases(cli)
    files = {}
    for name in LAYOUTS:
        target = cli.home / f"journal-{name}.csv"
        cli.ok("export", "journal", "--layout", name, "-o", str(target))
        files[name] = target.read_bytes()
    return files


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_matches_its_golden_file(exported, name):
    golden = GOLDEN / f"journal-{name}.csv"
    if os.environ.get("LIQUIDATOR_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(exported[name])
    assert exported[name] == golden.read_bytes()


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_keeps_its_format_rules(exported, name):
    layout = get_layout(name)
    data = exported[name]
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode(layout.ENCODING)  # the layout's encoding, strictly
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if layout.HEADER is None:
        width = layout.WIDTH
        body = rows
    else:
        assert tuple(rows[0]) == tuple(layout.HEADER)
        width, body = len(layout.HEADER), rows[1:]
    assert all(len(row) == width for row in body)
    shape = SHAPE[name]
    if shape is None:  # generic: one posting per row, ISO dates
        totals = defaultdict(int)
        for row in body:
            assert len(row[0]) == 10 and row[0][4] == "-"
            assert int(row[3]) >= 0 and int(row[4]) >= 0
            totals[row[1]] += int(row[3]) - int(row[4])
        assert set(totals.values()) == {0} and len(totals) == 5
        return
    entries = defaultdict(list)
    number = 0
    for row in body:
        if shape["entry"] is None:  # yayoi: flags group the rows
            if row[shape["flag"]] in ("2000", "2110"):
                number += 1
            key = number
        else:
            key = row[shape["entry"]]
        entries[key].append(row)
        date = row[shape["date"]]
        assert len(date) == 10 and date[4] == "/" and date[7] == "/", date
        for column in (shape["dr"], shape["cr"]):
            assert row[column] == "" or int(row[column]) >= 0
    assert len(entries) == 5
    for rows_of_entry in entries.values():
        debit = sum(int(r[shape["dr"]] or 0) for r in rows_of_entry)
        credit = sum(int(r[shape["cr"]] or 0) for r in rows_of_entry)
        assert debit == credit > 0 or (debit == credit and debit > 0)
        assert len({r[shape["date"]] for r in rows_of_entry}) == 1
        if name == "yayoi":
            flags = [r[0] for r in rows_of_entry]
            assert flags == ["2000"] or (
                flags[0] == "2110" and flags[-1] == "2101" and set(flags[1:-1]) <= {"2100"}
            )


def test_no_supplier_refund_is_a_sale_in_any_layout(exported):
    for name in LAYOUTS:
        text = exported[name].decode(get_layout(name).ENCODING)
        refund_rows = [line for line in text.splitlines() if "シリコンスチーマー" in line]
        assert refund_rows and all("売上高" not in line for line in refund_rows), name
        assert any("仕入返品" in line for line in refund_rows), name


def test_stock_exported_as_of_a_past_day_equals_that_days_report(any_cli):
    """``export items`` and ``export inventory`` --as-of a past day rebuild the stock
    as it stood, and agree with ``report --as-of`` on that day (both engines)."""
    _five_cases(any_cli)
    for day in ("2026-09-01", "2026-11-03", "2026-11-04", "2026-11-30"):
        totals = any_cli.json("report", "--as-of", day)["totals"]
        items = list(csv.DictReader(io.StringIO(any_cli.ok("export", "items", "--as-of", day)
                                                .stdout)))  # fmt: skip
        held = [row for row in items if int(row["qty"]) > 0]
        assert len(held) == totals["items"], day
        assert sum(int(r["qty"]) for r in held) == totals["units"], day
        assert sum(int(r["stock_value"]) for r in held) == totals["cost_tied_up"], day
        assert all(int(r["days_held"]) >= 0 for r in items), day
        inventory = list(csv.reader(io.StringIO(
            any_cli.ok("export", "inventory", "--as-of", day).stdout.lstrip("\ufeff"))))  # fmt: skip
        assert inventory[0] == ["item_id", "品名", "SKU", "仕入日", "数量", "単価", "金額"]
        body, total = inventory[1:-1], inventory[-1]
        assert len(body) == totals["items"] and total[1] == "合計 (評価方法: 個別法)"
        assert int(total[6]) == totals["cost_tied_up"] == sum(int(r[6]) for r in body)
        assert all(int(r[6]) == int(r[4]) * int(r[5]) for r in body)
    # on the day after the partial sale: 6 of the 10 toy cars, at cost
    items = list(csv.DictReader(io.StringIO(any_cli.ok("export", "items", "--as-of",
                                                       "2026-11-04").stdout)))  # fmt: skip
    cars = next(r for r in items if r["title"] == "トミカ 10台セット")
    assert (cars["qty"], cars["status"], cars["stock_value"]) == ("6", "in_stock", "4800")
    gone = next(r for r in items if r["title"] == "割れたマグカップ")
    assert (gone["qty"], gone["status"]) == ("1", "in_stock")  # written off on 11-06
    later = list(csv.DictReader(io.StringIO(any_cli.ok("export", "items", "--as-of",
                                                       "2026-11-30").stdout)))  # fmt: skip
    gone = next(r for r in later if r["title"] == "割れたマグカップ")
    assert (gone["qty"], gone["status"]) == ("0", "written_off")


def test_list_as_of_a_past_day_shows_the_stock_as_it_stood(any_cli):
    _five_cases(any_cli)
    rows = {r["title"]: r for r in any_cli.json("list", "--all", "--as-of", "2026-11-04")}
    assert (rows["トミカ 10台セット"]["qty"], rows["トミカ 10台セット"]["status"]) == (
        6,
        "in_stock",
    )
    assert (rows["シリコンスチーマー"]["qty"], rows["シリコンスチーマー"]["status"]) == (
        1,
        "in_stock",
    )
    assert rows["ポケモンカード 151 BOX"]["status"] == "sold"
    assert all(r["days_held"] >= 0 for r in rows.values())
    assert any_cli.json("list", "--as-of", "2026-08-31") == []  # nothing bought yet
    held = {r["title"] for r in any_cli.json("list", "--as-of", "2026-11-04")}
    assert "ポケモンカード 151 BOX" not in held and "シリコンスチーマー" in held  # held only
    now = {r["title"]: r for r in any_cli.json("list", "--all")}
    assert now["シリコンスチーマー"]["status"] == "returned"
    assert "シリコンスチーマー" not in {r["title"] for r in any_cli.json("list")}


def test_list_as_of_a_past_day_filters_on_that_days_status(any_cli):
    """``--status S --as-of D`` is the items whose status on D was S, shown as on D: not
    today's S relabelled (a returned item was in stock then, not "returned")."""
    _five_cases(any_cli)

    def titles(*args):
        return sorted((r["title"], r["status"]) for r in any_cli.json("list", *args))

    in_stock = [("シリコンスチーマー", "in_stock"), ("トミカ 10台セット", "in_stock"),
                ("割れたマグカップ", "in_stock")]  # fmt: skip
    assert titles("--status", "in_stock", "--as-of", "2026-11-04") == in_stock
    assert titles("--status", "returned", "--as-of", "2026-11-04") == []
    assert titles("--status", "returned") == [("シリコンスチーマー", "returned")]
    assert titles("--status", "sold", "--as-of", "2026-11-02") == [
        ("ポケモンカード 151 BOX", "sold")
    ]
    line = any_cli.fails(2, "list", "--status", "gone", "--as-of", "2026-11-04")
    assert line.startswith("Error: --status: 'gone' is not one of in_stock, listed")


def test_list_as_of_a_day_after_which_nothing_moved_reads_the_stock_as_it_is(any_cli, monkeypatch):
    """Past the last purchase, listing and sale, the stock that day is the stock now:
    ``list`` reads it as it is (no rebuild), and says exactly what the rebuild says."""
    import liquidator.items
    import liquidator.store.items as store

    _five_cases(any_cli)
    listed = any_cli.json("add", "--title", "ドリッパー", "--cost", "900", "--size", "60",
                          "--purchased", "2026-09-01")["id"]  # fmt: skip
    any_cli.json("listed", str(listed), "-c", "yahoo", "-p", "1500", "--date", "2026-11-10")
    rebuilt, forced = [], []
    rebuild, moved = liquidator.items.as_they_stood, store.changed_after
    monkeypatch.setattr(liquidator.items, "as_they_stood",
                        lambda *a: rebuilt.append(a[-1]) or rebuild(*a))  # fmt: skip
    monkeypatch.setattr(store, "changed_after", lambda *a: bool(forced) or moved(*a))
    views = [("list",), ("list", "--all"), ("list", "--status", "sold")]
    for day in ("2026-11-10", "2026-12-01"):
        quick = [any_cli.json(*view, "--as-of", day) for view in views]
        assert rebuilt == []  # nothing moved after the day: no rebuild
        forced.append(True)  # the rebuild, as if something had moved
        assert [any_cli.json(*view, "--as-of", day) for view in views] == quick
        assert len(rebuilt) == len(views)
        forced.clear()
        rebuilt.clear()
    held = {r["title"]: r["status"] for r in any_cli.json("list", "--as-of", "2026-11-10")}
    assert held == {"トミカ 10台セット": "in_stock", "ドリッパー": "listed"}
    # The day before the listing, the listing moved the stock: rebuilt, not listed yet.
    held = {r["title"]: r["status"] for r in any_cli.json("list", "--as-of", "2026-11-09")}
    assert held == {"トミカ 10台セット": "in_stock", "ドリッパー": "in_stock"}
    assert len(rebuilt) == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("export", "journal", "--layout", "quickbooks"),
         "Error: --layout: 'quickbooks' is not one of freee, generic, mf, yayoi"),
        (("export", "bogus"), "Error: kind: 'bogus' is not one of items, sales, journal, inventory"),
        (("export", "items", "--encoding", "latin-1"),
         "Error: --encoding: 'latin-1' is not one of utf-8, utf-8-sig, cp932"),
        (("sell", "1", "-c", "rakuma", "-p", "100"),
         "Error: --channel: 'rakuma' is not one of yahoo, amazon_jp, ebay, kaitori, "
         "supplier_return, writeoff"),
    ],
)  # fmt: skip
def test_a_value_outside_its_choices_names_the_option_and_the_choices(
    cli, snapshot, args, expected
):
    _five_cases(cli)
    before = snapshot(cli)
    assert cli.fails(2, *args) == expected
    assert snapshot(cli) == before


@pytest.mark.parametrize("kind", ["items", "sales", "inventory"])
def test_a_layout_for_an_export_without_layouts_is_refused(cli, snapshot, kind):
    _five_cases(cli)
    before = snapshot(cli)
    line = cli.fails(2, "export", kind, "--layout", "yayoi")
    assert line == "Error: --layout: only the journal export has layouts"
    assert snapshot(cli) == before
