"""``import amazon-orders``, ``import items`` and ``cancel-rate`` through the CLI."""

import datetime as dt
from pathlib import Path

import pytest
from test_orders import generated, report_bytes

FIXTURE = Path(__file__).parent / "fixtures" / "amazon_orders_40.txt"
AS_OF = "2026-11-25"


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


# --- import amazon-orders ----------------------------------------------------------------


def test_the_40_order_report_imports_once(any_cli, snapshot):
    first = any_cli.json("import", "amazon-orders", str(FIXTURE))
    assert first == {"rows": 41, "orders": 40, "cancelled": 3, "new": 40, "updated": 0,
                     "requests": []}  # fmt: skip
    before = snapshot(any_cli)
    assert len(before["orders"]) == 40
    again = any_cli.json("import", "amazon-orders", str(FIXTURE))
    assert again["new"] == 0 and again["updated"] == 0
    assert snapshot(any_cli) == before


def test_cancel_rate_over_the_40_order_report(any_cli):
    any_cli.ok("import", "amazon-orders", str(FIXTURE))
    assert any_cli.json("cancel-rate", "--window", "30", "--as-of", AS_OF) == {
        "window_days": 30,
        "start": "2026-10-27",
        "end": "2026-11-25",
        "orders": 40,
        "seller_cancelled": 2,
        "buyer_cancelled": 1,
        "rate": 0.05,
        "status": "alarm",
    }
    out = any_cli.ok("cancel-rate", "--window", "30", "--as-of", AS_OF).stdout
    assert "5.00%" in out and "2 seller-cancelled of 40 orders" in out
    assert "ALARM" in out


def test_human_import_summary(cli):
    out = cli.ok("import", "amazon-orders", str(FIXTURE)).stdout
    assert "41 rows: 40 orders, 3 cancelled. 40 new" in out


def test_a_newer_last_updated_date_updates_the_status(any_cli, tmp_path):
    opened = ("111-0000000-0000001", "2026-11-24", "2026-11-24T11:00:00+00:00", "Unshipped", "")
    cancelled = (*opened[:2], "2026-11-25T09:00:00+00:00", "Canceled", "false")
    any_cli.ok("import", "amazon-orders", write(tmp_path, "a.txt", report_bytes([opened])))
    assert any_cli.json("cancel-rate", "--as-of", AS_OF)["seller_cancelled"] == 0
    result = any_cli.json(
        "import", "amazon-orders", write(tmp_path, "b.txt", report_bytes([cancelled]))
    )
    assert (result["new"], result["updated"], result["cancelled"]) == (0, 1, 1)
    assert any_cli.json("cancel-rate", "--as-of", AS_OF)["seller_cancelled"] == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("title,cost\nLamp,100\n", "missing columns amazon-order-id, purchase-date"),
        ("amazon-order-id\torder-status\n111-1\tShipped\n", "purchase-date, last-updated-date"),
        ("", "is empty"),
    ],
)
def test_a_file_that_is_not_an_order_report_imports_nothing(
    any_cli, snapshot, tmp_path, content, words
):
    any_cli.ok("import", "amazon-orders", str(FIXTURE))
    before = snapshot(any_cli)
    path = write(tmp_path, "not-orders.csv", content)
    line = any_cli.fails(2, "import", "amazon-orders", path)
    assert line.startswith(f"Error: {path}: ") and words in line
    assert snapshot(any_cli) == before


def test_a_bad_row_names_its_line_and_imports_nothing(cli, snapshot, tmp_path):
    good = ("111-0000001-0000001", "2026-11-24", "2026-11-24T11:00:00+00:00", "Shipped", "")
    bad = ("111-0000002-0000002", "2026-11-24", "yesterday", "Shipped", "")
    path = write(tmp_path, "orders.txt", report_bytes([good, bad]))
    line = cli.fails(2, "import", "amazon-orders", path)
    assert f"{path} line 3" in line and "last-updated-date" in line
    assert snapshot(cli) == {}


def test_a_missing_file_is_named(cli, tmp_path):
    missing = str(tmp_path / "nowhere.txt")
    assert cli.fails(2, "import", "amazon-orders", missing) == f"Error: {missing}: no such file"
    assert (
        cli.fails(2, "import", "items", str(tmp_path))
        == f"Error: {tmp_path}: is a folder, not a file"
    )
    assert not (cli.home / "data").exists()


# --- cancel-rate at the edges ------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "seller", "rate", "status"),
    [
        (51, 1, 0.0196, "ok"),  # just under the private limit
        (50, 1, 0.02, "warn"),  # exactly 2%
        (41, 1, 0.0244, "warn"),  # just under Amazon's limit
        (40, 1, 0.025, "alarm"),  # exactly 2.5%: Amazon's target is *under* 2.5%
    ],
)
def test_rate_edges(any_cli, tmp_path, total, seller, rate, status):
    report = write(tmp_path, "orders.txt", generated(total, seller=seller, buyer=2))
    any_cli.ok("import", "amazon-orders", report)
    got = any_cli.json("cancel-rate", "--as-of", AS_OF)
    assert (got["orders"], got["seller_cancelled"], got["buyer_cancelled"]) == (total, seller, 2)
    assert (got["rate"], got["status"]) == (rate, status)
    assert status.upper() in any_cli.ok("cancel-rate", "--as-of", AS_OF).stdout


def test_private_limit_from_settings(cli, tmp_path):
    (cli.home / "liquidator.toml").write_text("[cancel_rate]\nprivate_limit = 0.01\n")
    cli.ok("import", "amazon-orders", write(tmp_path, "o.txt", generated(60, seller=1)))
    assert cli.json("cancel-rate", "--as-of", AS_OF)["status"] == "warn"
    assert "private limit of 1%" in cli.ok("cancel-rate", "--as-of", AS_OF).stdout


def test_cancel_rate_without_orders(cli):
    assert cli.json("cancel-rate", "--as-of", AS_OF)["status"] == "ok"
    assert "import amazon-orders" in cli.ok("cancel-rate", "--as-of", AS_OF).stdout
    assert not (cli.home / "data").exists()
    assert "--window" in cli.fails(2, "cancel-rate", "--window", "0")


# --- import items ------------------------------------------------------------------------

ITEMS = (
    "title,cost,qty,purchased,size,dims,weight,sku,hazmat,note\n"
    "ハリオ V60,4980,1,2026-11-01,80,,,HAR-1,no,\n"
    'Tamiya kit,"3,200",2,2026-11-02,,40x30x20,1kg,TAM-1,,箱潰れ\n'
    "Battery pack,2500,1,2026-10-20,60,,,BAT-1,yes,\n"
)


def test_items_import_once(any_cli, snapshot, tmp_path):
    path = write(tmp_path, "items.csv", ITEMS)
    assert any_cli.json("import", "items", path, "--as-of", AS_OF) == {
        "rows": 3,
        "new": 3,
        "skipped": 0,
    }
    listed = any_cli.json("list", "--as-of", AS_OF)
    assert [(i["title"], i["unit_cost"], i["size_class"]) for i in listed] == [
        ("Battery pack", 2500, 60),
        ("ハリオ V60", 4980, 80),
        ("Tamiya kit", 3200, 100),
    ]
    assert listed[0]["hazmat"] is True and listed[2]["note"] == "箱潰れ"
    history = any_cli.json("show", str(listed[1]["id"]))["history"]
    assert [e["kind"] for e in history] == ["created"]
    before = snapshot(any_cli)
    assert any_cli.json("import", "items", path, "--as-of", AS_OF) == {
        "rows": 3,
        "new": 0,
        "skipped": 3,
    }
    assert snapshot(any_cli) == before


def test_items_file_with_one_bad_row_imports_nothing(any_cli, snapshot, tmp_path):
    any_cli.ok("import", "items", write(tmp_path, "first.csv", ITEMS), "--as-of", AS_OF)
    before = snapshot(any_cli)
    bad = ITEMS + "Mug,abc,1,2026-11-03,60,,,,,\nLamp,1200,1,2026-11-03,60,,,,,\n"
    path = write(tmp_path, "bad.csv", bad)
    line = any_cli.fails(2, "import", "items", path, "--as-of", AS_OF)
    assert line.startswith(f"Error: {path} line 5: cost:")
    assert snapshot(any_cli) == before


def test_items_human_output_and_errors(cli, tmp_path):
    path = write(tmp_path, "items.csv", ITEMS)
    assert "Imported 3 of 3 rows from items.csv." in cli.ok("import", "items", path).stdout
    assert "3 already imported, skipped" in cli.ok("import", "items", path).stdout
    line = cli.fails(2, "import", "items", write(tmp_path, "x.csv", "name,price\nA,1\n"))
    assert "unknown columns name, price" in line


@pytest.fixture
def big_items(tmp_path) -> str:
    rows = "".join(
        f"Item number {i},{1000 + i},1,2026-11-01,60,,,SKU-{i:06d},,{'padding ' * 6}\n"
        for i in range(9000)
    )
    path = write(tmp_path, "big.csv", ITEMS.splitlines(keepends=True)[0] + rows)
    assert Path(path).stat().st_size > 512 * 1024
    return path


def test_a_large_items_file_draws_no_progress_when_piped(cli, big_items):
    result = cli.ok("import", "items", big_items, "--json")
    assert result.json() == {"rows": 9000, "new": 9000, "skipped": 0}
    assert result.stderr == ""


def test_a_large_items_file_on_a_terminal_shows_progress(cli, big_items, monkeypatch):
    import liquidator.cli.imports

    monkeypatch.setattr(liquidator.cli.imports, "stderr_is_terminal", lambda: True)
    result = cli.ok("import", "items", big_items, "--json")
    assert result.json() == {"rows": 9000, "new": 9000, "skipped": 0}


def test_import_without_a_subcommand_shows_help(cli):
    result = cli("import")
    assert result.exit_code == 0
    assert "amazon-orders" in result.stderr + result.stdout


def test_imported_items_read_back_like_added_ones(any_cli, tmp_path):
    any_cli.ok("add", "--title", "ハリオ V60", "--cost", "4980", "--qty", "2",
               "--purchased", "2026-11-01", "--dims", "30x20.5x10", "--weight", "1.2kg",
               "--sku", "HAR-1", "--jan", "4902370550733", "--hazmat", "--market-price", "6000",
               "--return-by", "2026-12-01", "--note", 'a "note"', "--as-of", AS_OF)  # fmt: skip
    path = write(
        tmp_path,
        "one.csv",
        "title,cost,qty,purchased,dims,weight,sku,jan,hazmat,market_price,return_by,note\n"
        "ハリオ V60,4980,2,2026-11-01,30x20.5x10,1.2kg,HAR-1,4902370550733,yes,6000,"
        '2026-12-01,"a ""note"""\n',
    )
    any_cli.ok("import", "items", path, "--as-of", AS_OF)

    stamps = {"id", "created_at", "updated_at"}
    added, imported = any_cli.json("list", "--as-of", AS_OF)
    assert {k: v for k, v in imported.items() if k not in stamps} == {
        k: v for k, v in added.items() if k not in stamps
    }
    shown = [any_cli.json("show", str(item["id"]), "--as-of", AS_OF) for item in (added, imported)]
    for item in shown:
        assert dt.datetime.fromisoformat(item["created_at"]).utcoffset() == dt.timedelta(0)
        (created,) = item.pop("history")
        assert created["kind"] == "created"
        assert dt.datetime.fromisoformat(created["at"]).utcoffset() == dt.timedelta(0)
    assert shown[1]["recommendation"]["channels"] == shown[0]["recommendation"]["channels"]
    report = any_cli.json("report", "--as-of", AS_OF)
    assert (report["totals"]["items"], report["totals"]["units"]) == (2, 4)
    histories = [
        any_cli.json("show", str(item["id"]))["history"][0]["data"] for item in (added, imported)
    ]
    assert histories[1] == histories[0]


def test_imported_items_never_take_a_deleted_items_id(any_cli, tmp_path):
    kept = any_cli.json("add", "--title", "A", "--cost", "1", "--size", "60")["id"]
    gone = any_cli.json("add", "--title", "B", "--cost", "1", "--size", "60")["id"]
    any_cli.ok("delete", str(gone), "--yes")
    csv_file = tmp_path / "more.csv"
    csv_file.write_text("title,cost,size\nC,100,60\n", encoding="utf-8")
    any_cli.ok("import", "items", str(csv_file))
    ids = [i["id"] for i in any_cli.json("list")]
    assert kept in ids and gone not in ids and max(ids) > gone
