"""Every registered journal layout keeps the contract of a layout (tests/journal_cases.py:
five disposals — an eBay sale, a Yahoo sale with fees and shipping, a partial lot, a
supplier refund and a write-off) and matches its golden file; what is a layout's own
(弥生's flags, MF's 取引No) is tested in its own test_layout_NAME.py. A layout added as a
module gets these checks with no test here edited.

Regenerate the golden files after a deliberate change with
``LIQUIDATOR_UPDATE_GOLDEN=1 pytest tests/test_layouts.py`` and review the diff.
"""

import csv
import importlib.util
import io
import os
from pathlib import Path

import pytest
from journal_cases import TITLES, five_cases, journal_body, journal_file

from liquidator.bookkeeping.layouts import LAYOUTS, JournalLayout, get_layout, layout_names
from liquidator.exports import EXPORTS
from liquidator.exports.journal import account_names
from liquidator.exports.writer import ENCODINGS
from liquidator.settings import load_settings

GOLDEN = Path(__file__).parent / "golden"
NAMES = layout_names()
WIDE = {"COLUMNS": "200", "TERMINAL_WIDTH": "200"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from conftest import Cli

    cli = Cli(tmp_path_factory.mktemp("layouts"))
    five_cases(cli)
    return {name: journal_file(cli, name) for name in NAMES}


def check_layout_contract(layout: JournalLayout, data: bytes) -> None:
    """What every layout is and writes: a named, described entry of the registry; a file
    in its encoding and line ending, its header (or none), every row as wide, each of
    the five disposals in it, and a supplier refund never booked as a sale."""
    assert LAYOUTS.all()[layout.name] is layout
    assert layout.description.strip() and "\n" not in layout.description
    assert layout.encoding in ENCODINGS and layout.columns > 0
    ending = layout.line_ending.encode()
    assert data.endswith(ending)
    assert b"\r" not in data.replace(ending, b"") and b"\n" not in data.replace(ending, b"")
    text = data.decode(layout.encoding)  # the layout's encoding, strictly
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if layout.header is not None:
        assert tuple(rows[0]) == tuple(layout.header)
    body = journal_body(data, layout)
    assert body and all(len(row) == layout.columns for row in body)
    for title in TITLES:
        assert any(title in cell for row in body for cell in row), title
    refund_rows = [line for line in text.splitlines() if "シリコンスチーマー" in line]
    assert refund_rows and all("売上高" not in line for line in refund_rows)
    returns = account_names(load_settings(None), layout)["purchase_returns"]
    assert any(returns in line for line in refund_rows)


@pytest.mark.parametrize("name", NAMES)
def test_every_layout_keeps_the_contract_of_a_layout(exported, name):
    check_layout_contract(get_layout(name), exported[name])


@pytest.mark.parametrize("name", NAMES)
def test_layout_matches_its_golden_file(exported, name):
    golden = GOLDEN / f"journal-{name}.csv"
    if os.environ.get("LIQUIDATOR_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(exported[name])
    assert exported[name] == golden.read_bytes()


def test_export_help_lists_every_kind_and_layout_from_their_registries(cli):
    shown = " ".join(cli.ok("export", "--help", env=WIDE).stdout.split())
    for kind in EXPORTS.all().values():
        assert f"{kind.name} {kind.description} (--from/--to: {kind.dated_by})" in shown
    for name in NAMES:
        layout = get_layout(name)
        assert f"{name} {layout.description} [{layout.encoding}]" in shown


THROWAWAY = r"""
from liquidator.bookkeeping.layouts import LAYOUTS, JournalLayout


def entry_rows(entry, accounts):
    return [(entry.date.isoformat(), entry.memo, accounts[p.account], p.amount)
            for p in entry.postings]


LAYOUTS.register(JournalLayout(
    name="throwaway", description="one signed amount per row, for a test",
    encoding="utf-8-sig", header=("日付", "摘要", "勘定科目", "金額"), entry_rows=entry_rows,
    line_ending="\n",
))
"""


def test_a_layout_added_as_a_module_reaches_the_help_the_choices_and_the_contract(
    cli, tmp_path, monkeypatch
):
    monkeypatch.setattr(LAYOUTS, "entries", dict(LAYOUTS.all()))  # forgotten after the test
    source = tmp_path / "throwaway_books.py"
    source.write_text(THROWAWAY, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("throwaway_books", source)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))

    assert "throwaway" in layout_names()
    shown = " ".join(cli.ok("export", "--help", env=WIDE).stdout.split())
    assert "throwaway one signed amount per row, for a test [utf-8-sig]" in shown
    five_cases(cli)
    line = cli.fails(2, "export", "journal", "--layout", "quickbooks")
    known = ", ".join(sorted([*NAMES, "throwaway"]))
    assert line == f"Error: --layout: 'quickbooks' is not one of {known}"
    data = journal_file(cli, "throwaway")
    check_layout_contract(get_layout("throwaway"), data)
    body = journal_body(data, get_layout("throwaway"))
    assert sum(int(row[3]) for row in body) == 0  # the postings balance


def test_layout_names_in_messages_come_from_the_registry(cli, snapshot):
    five_cases(cli)
    before = snapshot(cli)
    line = cli.fails(2, "export", "journal", "--layout", "quickbooks")
    assert line == f"Error: --layout: 'quickbooks' is not one of {', '.join(NAMES)}"
    line = cli.fails(2, "export", "bogus")
    assert line == f"Error: kind: 'bogus' is not one of {', '.join(EXPORTS.all())}"
    assert snapshot(cli) == before


def test_stock_exported_as_of_a_past_day_equals_that_days_report(any_cli):
    """``export items`` and ``export inventory`` --as-of a past day rebuild the stock
    as it stood, and agree with ``report --as-of`` on that day (both engines)."""
    five_cases(any_cli)
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
        assert inventory[0] == ["item_id", "title", "sku", "purchased_on", "qty", "unit_cost",
                                "stock_value"]  # fmt: skip
        body, total = inventory[1:-1], inventory[-1]
        assert (
            len(body) == totals["items"] and total[1] == "Total (valued by specific identification)"
        )
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
    five_cases(any_cli)
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
    five_cases(any_cli)

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

    five_cases(any_cli)
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
    five_cases(cli)
    before = snapshot(cli)
    assert cli.fails(2, *args) == expected
    assert snapshot(cli) == before


@pytest.mark.parametrize("kind", [k.name for k in EXPORTS.all().values() if not k.has_layouts])
def test_a_layout_for_an_export_without_layouts_is_refused(cli, snapshot, kind):
    five_cases(cli)
    before = snapshot(cli)
    line = cli.fails(2, "export", kind, "--layout", "yayoi")
    with_layouts = " and ".join(k.name for k in EXPORTS.all().values() if k.has_layouts)
    assert line == f"Error: --layout: only the {with_layouts} export has layouts"
    assert line == "Error: --layout: only the journal export has layouts"  # as built in
    assert snapshot(cli) == before
