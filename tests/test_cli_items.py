"""The item commands through the CLI: output, exit codes and what lands in the database."""

import json

import pytest

AS_OF = "2026-11-26"


def add(cli, *args):
    return cli.json("add", "--as-of", AS_OF, *args)


def test_add_prints_the_record(any_cli, snapshot):
    item = add(
        any_cli, "--title", "ハリオ V60", "--cost", "4980", "--size", "80", "--days-held", "12"
    )
    assert item["title"] == "ハリオ V60"
    assert item["unit_cost"] == 4980
    assert item["size_class"] == 80
    assert item["days_held"] == 12
    assert item["status"] == "in_stock"
    assert item["purchased_on"] == "2026-11-14"
    assert item["qty"] == 1
    rows = snapshot(any_cli)["items"]
    assert len(rows) == 1 and "ハリオ V60" in rows[0]
    assert [e["kind"] for e in any_cli.json("show", str(item["id"]))["history"]] == ["created"]


def test_add_friendly_line_names_the_id(cli):
    out = cli.ok("add", "--title", "Lamp", "--cost", "1200", "--size", "60").stdout
    assert "Recorded item #1" in out


def test_add_with_dims_and_weight_derives_the_class(cli):
    item = add(cli, "--title", "Kettle", "--cost", "3000", "--dims", "40x30x20", "--weight", "1kg")
    assert item["size_class"] == 100
    assert item["dims"] == "40x30x20"
    assert item["weight_g"] == 1000


def test_add_all_optional_fields_round_trip(cli):
    item = add(
        cli, "--title", "象印 炊飯器", "--cost", "12,800", "--qty", "2", "--purchased", "2026-10-01",
        "--size", "120", "--sku", "ZJ-1", "--asin", "B000TEST", "--jan", "4974305212345",
        "--category", "home", "--source", "ヨドバシ", "--order-id", "114-1234567-1234567",
        "--market-price", "15000", "--return-by", "2026-12-01", "--hazmat", "--note", "箱潰れ",
    )  # fmt: skip
    shown = cli.json("show", str(item["id"]), "--as-of", AS_OF)
    for key, value in {
        "title": "象印 炊飯器", "unit_cost": 12800, "qty": 2, "purchased_on": "2026-10-01",
        "days_held": 56, "sku": "ZJ-1", "asin": "B000TEST", "jan": "4974305212345",
        "category": "home", "source": "ヨドバシ", "order_id": "114-1234567-1234567",
        "market_price": 15000, "return_by": "2026-12-01", "hazmat": True, "note": "箱潰れ",
    }.items():  # fmt: skip
        assert shown[key] == value, key


BAD_INPUTS = [
    (["--title", "x", "--cost", "-5", "--size", "80"], "--cost"),
    (["--title", "x", "--cost", "abc", "--size", "80"], "--cost"),
    (["--title", "x", "--cost", "0", "--size", "80"], "--cost"),
    (["--title", "x", "--cost", "100", "--size", "90"], "--size"),
    (["--title", "x", "--cost", "100", "--dims", "30x20"], "--dims"),
    (["--title", "x", "--cost", "100", "--dims", "30x20x10", "--weight", "heavy"], "--weight"),
    (["--title", "x", "--cost", "100", "--size", "80", "--purchased", "2026-13-01"], "--purchased"),
    (["--title", "x", "--cost", "100", "--size", "80", "--purchased", "2026-11-27"], "--purchased"),
    (["--title", "x", "--cost", "100", "--size", "80", "--days-held", "-1"], "--days-held"),
    (["--title", "x", "--cost", "100", "--size", "80", "--qty", "0"], "--qty"),
    (["--title", "x", "--cost", "100", "--size", "80", "--qty", "many"], "--qty"),
    (["--title", "x", "--cost", "100", "--size", "80", "--return-by", "soon"], "--return-by"),
    (["--cost", "100", "--size", "80"], "--title"),
    (["--title", "x", "--size", "80"], "--cost"),
    (["--title", "x", "--cost", "100"], "--size"),
    (["--title", "a\x00b", "--cost", "100", "--size", "80"], "--title"),
    (["--title", "x", "--cost", "100", "--dims", "150x60x10"], "dims"),
]


@pytest.mark.parametrize(("args", "field"), BAD_INPUTS)
def test_bad_input_exits_2_names_the_field_and_writes_nothing(cli, snapshot, args, field):
    add(cli, "--title", "existing", "--cost", "100", "--size", "60")
    before = snapshot(cli)
    line = cli.fails(2, "add", "--as-of", AS_OF, *args)
    assert field in line
    assert snapshot(cli) == before


def test_bad_input_on_a_fresh_workspace_creates_no_database(cli):
    cli.fails(2, "add", "--title", "x", "--cost", "-1", "--size", "80")
    assert not (cli.home / "data" / "liquidator.db").exists()


def test_list_filters(any_cli):
    add(any_cli, "--title", "Old lamp", "--cost", "100", "--size", "60", "--days-held", "40")
    add(any_cli, "--title", "New kettle", "--cost", "100", "--size", "60", "--days-held", "3")
    add(
        any_cli, "--title", "ハリオ ドリッパー", "--cost", "100", "--size", "60", "--sku", "HARIO-1"
    )
    listed = any_cli.json("list", "--as-of", AS_OF)
    assert [i["title"] for i in listed] == ["Old lamp", "New kettle", "ハリオ ドリッパー"]
    assert [i["title"] for i in any_cli.json("list", "--as-of", AS_OF, "--older-than", "30")] == [
        "Old lamp"
    ]
    assert [i["title"] for i in any_cli.json("list", "--search", "hario-1")] == [
        "ハリオ ドリッパー"
    ]
    assert [i["title"] for i in any_cli.json("list", "--search", "ハリオ")] == ["ハリオ ドリッパー"]
    assert any_cli.json("list", "--status", "sold") == []
    assert "--status" in any_cli.fails(2, "list", "--status", "gone")


def test_show_table_writes_dates_as_the_json_does_and_times_in_the_computers_zone(cli):
    from liquidator.render import clock

    item = add(cli, "--title", "ハリオ V60", "--cost", "4980", "--size", "80",
               "--purchased", "2026-11-01", "--return-by", "2026-12-20")  # fmt: skip
    public = cli.json("show", str(item["id"]), "--as-of", AS_OF)
    shown = cli.ok("show", str(item["id"]), "--as-of", AS_OF).stdout
    assert public["purchased_on"] == "2026-11-01" and public["return_by"] == "2026-12-20"
    assert "2026-11-01" in shown and "2026-12-20" in shown
    assert "T" in public["created_at"]  # ISO, not str()
    assert clock(public["created_at"]) in shown  # the same time, in the computer's zone


def test_list_table_shows_japanese_titles(cli):
    add(cli, "--title", "ハリオ V60", "--cost", "4980", "--size", "80")
    out = cli.ok("list", "--as-of", AS_OF).stdout
    assert "ハリオ V60" in out and "¥4,980" in out


def test_list_on_an_empty_workspace_creates_nothing(cli):
    assert cli.json("list") == []
    assert not (cli.home / "data").exists()


def test_edit_changes_fields_and_logs_them(any_cli, snapshot):
    item = add(any_cli, "--title", "Lamp", "--cost", "1000", "--size", "60")
    edited = any_cli.json("edit", str(item["id"]), "--cost", "900", "--title", "Desk lamp")
    assert edited["unit_cost"] == 900 and edited["title"] == "Desk lamp"
    history = any_cli.json("show", str(item["id"]))["history"]
    assert [e["kind"] for e in history] == ["created", "edited"]
    assert history[1]["data"] == {"unit_cost": [1000, 900], "title": ["Lamp", "Desk lamp"]}


def test_edit_dims_rederives_the_class(cli):
    item = add(cli, "--title", "Box", "--cost", "1000", "--dims", "30x20x10", "--weight", "1kg")
    assert cli.json("edit", str(item["id"]), "--weight", "3kg")["size_class"] == 80


def test_edit_bad_input_changes_nothing(cli, snapshot):
    item = add(cli, "--title", "Lamp", "--cost", "1000", "--size", "60")
    before = snapshot(cli)
    assert "--cost" in cli.fails(2, "edit", str(item["id"]), "--cost", "-3")
    assert "nothing to change" in cli.fails(2, "edit", str(item["id"]))
    assert snapshot(cli) == before


def test_missing_item_exits_1(cli):
    add(cli, "--title", "Lamp", "--cost", "1000", "--size", "60")
    assert cli.fails(1, "show", "99") == "Error: item 99 not found"
    assert cli.fails(1, "edit", "99", "--cost", "5") == "Error: item 99 not found"
    assert cli.fails(1, "delete", "99", "--yes") == "Error: item 99 not found"


def test_delete_needs_confirmation_and_keeps_history(any_cli, snapshot):
    item = add(any_cli, "--title", "Lamp", "--cost", "1000", "--size", "60")
    before = snapshot(any_cli)
    assert "--yes" in any_cli.fails(1, "delete", str(item["id"]))
    assert snapshot(any_cli) == before
    any_cli.ok("delete", str(item["id"]), "--yes")
    assert any_cli.json("list") == []
    events = snapshot(any_cli)["events"]
    assert [row[4] for row in events] == ["created", "deleted"]


def test_home_from_environment(tmp_path):
    from typer.testing import CliRunner

    from liquidator.cli import app

    result = CliRunner().invoke(
        app,
        ["add", "--title", "x", "--cost", "1", "--size", "60"],
        env={"LIQUIDATOR_HOME": str(tmp_path)},
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "data" / "liquidator.db").exists()


def test_version(cli):
    from liquidator import __version__

    assert cli.ok("--version").stdout.strip() == f"liquidator {__version__}"


def test_missing_fields_are_prompted_for_on_a_terminal(cli, monkeypatch):
    import liquidator.cli.items

    monkeypatch.setattr(liquidator.cli.items, "is_interactive", lambda: True)
    result = cli("add", "--json", input="ハリオ V60\n4980\n80\n")
    assert result.exit_code == 0, result.stderr
    item = json.loads(result.stdout[result.stdout.index("{") :])
    assert (item["title"], item["unit_cost"], item["size_class"]) == ("ハリオ V60", 4980, 80)


def test_error_lines_escape_control_characters(cli):
    line = cli.fails(2, "add", "--title", "x", "--cost", "1", "--size", "bad\nsize")
    assert "\\n" in line


def test_date_edits_are_logged_as_iso_dates(cli):
    item = cli.json("add", "--as-of", AS_OF, "--title", "Lamp", "--cost", "100", "--size", "60")
    cli.ok("edit", str(item["id"]), "--purchased", "2026-11-01", "--return-by", "2026-12-01")
    edited = cli.json("show", str(item["id"]))["history"][-1]["data"]
    assert edited["purchased_on"] == ["2026-11-26", "2026-11-01"]
    assert edited["return_by"] == [None, "2026-12-01"]


def test_a_deleted_items_id_is_never_reused(any_cli):
    first = any_cli.json("add", "--title", "A", "--cost", "1", "--size", "60")["id"]
    second = any_cli.json("add", "--title", "B", "--cost", "1", "--size", "60")["id"]
    any_cli.ok("delete", str(second), "--yes")
    third = any_cli.json("add", "--title", "C", "--cost", "1", "--size", "60")
    assert third["id"] not in (first, second)
    assert [e["kind"] for e in any_cli.json("show", str(third["id"]))["history"]] == ["created"]


def _as_json(data):
    """``data`` as both JSON writers write it (into a pipe, and on a terminal), parsed
    back; they must agree."""
    from liquidator.cli.context import _json_default
    from liquidator.render.json import iter_json

    piped = json.loads("".join(iter_json(data, depth=1, default=_json_default)))
    shown = json.loads(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
    assert piped == shown
    return piped


def test_public_item_times_keep_their_zone_and_the_import_key_stays_hidden():
    """The same instant in two zones is written as each was stored; dates as ISO text."""
    import datetime as dt

    from liquidator.items import item_public

    utc = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
    tokyo = utc.astimezone(dt.timezone(dt.timedelta(hours=9)))
    base = {"id": 1, "title": "t", "purchased_on": dt.date(2026, 11, 1), "length_cm": None,
            "import_key": "v1:abc", "extra": 5}  # fmt: skip
    first = item_public({**base, "created_at": utc}, dt.date(2026, 11, 26))
    second = item_public({**base, "created_at": tokyo}, dt.date(2026, 11, 26))
    first_json, second_json = _as_json([first, second])
    assert first_json["created_at"] == "2026-11-02T10:00:00+00:00"
    assert second_json["created_at"] == "2026-11-02T19:00:00+09:00"
    assert list(first) == ["id", "title", "purchased_on", "days_held", "dims", "length_cm",
                           "created_at", "extra"]  # fmt: skip
    assert first["days_held"] == 25 and first_json["purchased_on"] == "2026-11-01"


def test_a_batch_of_public_items_is_each_item_as_shown_alone():
    """``items_public`` works a long list's layout and ages out once: no row may take
    another's zone, age or dimensions."""
    import datetime as dt

    from liquidator.items import item_public, items_public

    utc = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
    tokyo = utc.astimezone(dt.timezone(dt.timedelta(hours=9)))
    as_of = dt.date(2026, 11, 26)

    def row(number, created, bought, length):
        sides = dict.fromkeys(("length_cm", "width_cm", "height_cm"), length)
        return {"id": number, "title": f"品 {number}", "purchased_on": bought,
                "return_by": None, "import_key": f"v1:{number}", **sides,
                "created_at": created}  # fmt: skip

    rows = [row(1, utc, dt.date(2026, 11, 1), 30.5), row(2, tokyo, dt.date(2026, 11, 1), None),
            row(3, utc, dt.date(2026, 10, 27), 12.0), row(4, tokyo, dt.date(2026, 10, 27), 30.5)]  # fmt: skip
    batch = list(items_public(rows, as_of))
    assert batch == [item_public(one, as_of) for one in rows]
    written = [b["created_at"][-6:] for b in _as_json(batch)]
    assert written == ["+00:00", "+09:00", "+00:00", "+09:00"]
    assert [b["days_held"] for b in batch] == [25, 25, 30, 30]
    assert [b["dims"] for b in batch] == ["30.5x30.5x30.5", None, "12x12x12", "30.5x30.5x30.5"]
    assert all("import_key" not in b for b in batch)
    assert all(list(b) == list(batch[0]) for b in batch)
    assert rows[0]["created_at"] is utc  # the caller's rows are not changed


def test_list_json_is_the_same_list_in_a_pipe_and_on_a_terminal(cli, monkeypatch):
    """In a pipe each item is written as it is shaped; on a terminal it is indented."""
    import liquidator.cli.context

    for number in range(3):
        add(cli, "--title", f"ドリッパー {number}", "--cost", "4980", "--size", "80")
    piped = cli.ok("list", "--json", "--as-of", AS_OF).stdout
    lines = piped.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 5
    monkeypatch.setattr(liquidator.cli.context, "json_for_terminal", lambda: True)
    shown = cli.ok("list", "--json", "--as-of", AS_OF).stdout
    assert shown == json.dumps(json.loads(piped), ensure_ascii=False, indent=2) + "\n"
    assert [item["title"] for item in json.loads(shown)] == [f"ドリッパー {n}" for n in range(3)]


# --- numbers as typed: one rule everywhere ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--cost", "1,2,3"], "--cost"),
        (["--cost", "12,34"], "--cost"),
        (["--cost", "١٢٣"], "--cost"),
        (["--cost", "100", "--market-price", "१२३"], "--market-price"),
        (["--cost", "100", "--qty", "٢"], "--qty"),
        (["--cost", "100", "--weight", "١kg"], "--weight"),
        (["--cost", "100", "--days-held", "1,0"], "--days-held"),
        (["--cost", "100", "--quote", "kaitori=1,2,3"], "--quote"),
    ],
)
def test_numbers_grouped_wrongly_or_in_other_scripts_are_refused(any_cli, snapshot, args, option):
    line = any_cli.fails(2, "add", "--as-of", AS_OF, "--title", "x", "--size", "60", *args)
    assert line.startswith(f"Error: {option}: "), line
    assert snapshot(any_cli).get("items", []) == []


def test_full_width_yen_and_thousands_are_stored_as_the_number_they_show(any_cli):
    item = add(
        any_cli, "--title", "x", "--size", "６０", "--cost", "￥４，９８０", "--qty", "２",
        "--market-price", "12,345円", "--quote", "kaitori=１，２００",
    )  # fmt: skip
    assert (item["unit_cost"], item["qty"], item["market_price"]) == (4980, 2, 12345)
    assert item["size_class"] == 60
    shown = any_cli.json("show", str(item["id"]))
    assert shown["quotes"] == "kaitori=1200"


def test_an_imported_cell_follows_the_same_number_rule(any_cli, snapshot, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text('title,cost,size\nA,"1,234",60\nB,４９８０,60\n', encoding="utf-8")
    assert any_cli.json("import", "items", str(good), "--as-of", AS_OF)["new"] == 2
    costs = sorted(row["unit_cost"] for row in any_cli.json("list", "--as-of", AS_OF))
    assert costs == [1234, 4980]
    before = snapshot(any_cli)
    for cell in ('"1,2,3"', "١٢٣"):
        bad = tmp_path / "bad.csv"
        bad.write_text(f"title,cost,size\nC,{cell},60\n", encoding="utf-8")
        line = any_cli.fails(2, "import", "items", str(bad), "--as-of", AS_OF)
        assert "line 2: cost:" in line, line
    assert snapshot(any_cli) == before


def test_counts_given_to_sell_list_and_report_follow_the_number_rule(any_cli, snapshot):
    item = add(any_cli, "--title", "x", "--cost", "100", "--size", "60", "--qty", "3")
    before = snapshot(any_cli)
    sell = ("sell", str(item["id"]), "-c", "yahoo", "--price", "500", "--date", AS_OF)
    assert any_cli.fails(2, *sell, "--qty", "١").startswith("Error: --qty: ")
    assert any_cli.fails(2, *sell, "--price", "1,0,0", "--qty", "1")
    assert snapshot(any_cli) == before
    assert any_cli.fails(2, "list", "--older-than", "٣").startswith("Error: --older-than: ")
    assert any_cli.fails(2, "report", "--period", "٧").startswith("Error: --period: ")
    assert any_cli.fails(2, "report", "--buckets", "٣٠,60").startswith("Error: --buckets: ")
    buckets = any_cli.json("report", "--buckets", "３０，６０", "--as-of", AS_OF)["buckets"]
    assert len(buckets) == 3
    assert any_cli.fails(2, "cancel-rate", "--window", "٧").startswith("Error: --window: ")
    sold = any_cli.json(*sell, "--qty", "２")
    assert (sold["qty"], sold["qty_left"]) == (2, 1)


def test_a_quote_in_yen_may_group_its_thousands(any_cli, snapshot):
    item = add(
        any_cli, "--title", "x", "--cost", "100", "--size", "60",
        "--quote", "kaitori=1,200、yahoo=３，０００", "--quote", "ebay=12,345",
    )  # fmt: skip
    assert any_cli.json("show", str(item["id"]))["quotes"] == "kaitori=1200,yahoo=3000,ebay=12345"
    before = snapshot(any_cli)
    line = any_cli.fails(2, "edit", str(item["id"]), "--quote", "kaitori=1,2,3")
    assert line == "Error: --quote: '1,2,3': commas go between groups of three digits, like 1,234"
    assert snapshot(any_cli) == before


# --- quotes name known channels -----------------------------------------------------------


def test_a_quote_for_an_unknown_channel_is_refused_with_the_known_ones(any_cli, snapshot):
    line = any_cli.fails(
        2, "add", "--title", "PS5", "--cost", "60000", "--size", "100", "--quote", "kaitoir=52000"
    )
    assert line.startswith("Error: --quote: 'kaitoir' is not a channel"), line
    assert "kaitori" in line and "yahoo" in line and "writeoff" not in line
    assert snapshot(any_cli).get("items", []) == []
    item = add(any_cli, "--title", "PS5", "--cost", "60000", "--size", "100")
    before = snapshot(any_cli)
    line = any_cli.fails(2, "edit", str(item["id"]), "--quote", "nosuchshop=1")
    assert line.startswith("Error: --quote: 'nosuchshop' is not a channel"), line
    assert snapshot(any_cli) == before


def test_a_quote_may_name_a_channel_defined_in_the_settings_file(any_cli):
    (any_cli.home / "liquidator.toml").write_text(
        '[channels.rakuma]\nbased_on = "mercari"\nenabled = true\nlabel = "Rakuma"\n',
        encoding="utf-8",
    )
    item = add(any_cli, "--title", "x", "--cost", "1000", "--size", "60", "--quote", "rakuma=900")
    assert any_cli.json("show", str(item["id"]))["quotes"] == "rakuma=900"
    prices = {c["channel"]: c for c in any_cli.json("recommend", str(item["id"]))["channels"]}
    assert prices["rakuma"]["expected_price"] == 900


def test_the_desk_and_an_import_refuse_an_unknown_quote_channel_too(any_cli, snapshot, tmp_path):
    line = any_cli.fails(
        2, "cancel", "114-1234567-1234567", "--stage", "bought", "--via", "request",
        "--reason", "mistake", "--title", "x", "--cost", "100", "--size", "60",
        "--quote", "kaitoir=50", "--as-of", AS_OF,
    )  # fmt: skip
    assert line.startswith("Error: --quote: 'kaitoir' is not a channel"), line
    csv_file = tmp_path / "items.csv"
    csv_file.write_text("title,cost,size,quote\nx,100,60,kaitoir=50\n", encoding="utf-8")
    line = any_cli.fails(2, "import", "items", str(csv_file), "--as-of", AS_OF)
    assert "line 2: quote: 'kaitoir' is not a channel" in line, line
    stored = snapshot(any_cli)
    assert not stored.get("items") and not stored.get("cancellations")
