"""What a disposal was stays with it: settings changed later never rewrite history."""

from pathlib import Path

import pytest
from sqlmodel import select

from liquidator.disposal_facts import RECORDED, facts_of
from liquidator.models import Disposal
from liquidator.settings import ChannelSettings
from liquidator.settings.defaults import CHANNELS

AS_OF = "2026-11-30"
SECTION = """
[channels.henpin]
based_on = "supplier_return"
label = "Henpin Tonya"
label_ja = "返品問屋"
"""


def _settings_file(cli, text: str) -> None:
    (cli.home / "liquidator.toml").write_text(text, encoding="utf-8")


def _export(cli, *args) -> bytes:
    target = cli.home / "out.csv"
    cli.ok("export", *args, "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(target))
    return target.read_bytes()


def _refund_through_a_settings_channel(cli) -> tuple[int, int]:
    """An item returned to its supplier through ``henpin``, defined in liquidator.toml."""
    _settings_file(cli, SECTION)
    item = cli.json(
        "add", "--title", "炊飯器", "--cost", "12800", "--size", "120", "--purchased",
        "2026-11-02", "--return-by", "2026-12-01", "--as-of", AS_OF,
    )["id"]  # fmt: skip
    sale = cli.json(
        "sell", str(item), "-c", "henpin", "--price", "12800", "--shipping", "1200",
        "--date", "2026-11-20",
    )  # fmt: skip
    return item, sale["id"]


def test_removing_a_channel_from_the_settings_leaves_its_refunds_booked_as_refunds(any_cli):
    item, disposal = _refund_through_a_settings_channel(any_cli)
    journals = {layout: _export(any_cli, "journal", "--layout", layout)
                for layout in ("generic", "yayoi", "mf", "freee")}  # fmt: skip
    sales = _export(any_cli, "sales")
    assert "仕入返品".encode() in journals["generic"]
    assert "売上高".encode() not in journals["generic"]

    _settings_file(any_cli, "")  # the section is gone
    for layout, before in journals.items():
        assert _export(any_cli, "journal", "--layout", layout) == before, layout
    assert _export(any_cli, "sales") == sales
    assert "売上高".encode() not in _export(any_cli, "journal")
    listed = any_cli.json("sales")
    assert [(d["id"], d["channel"], d["kind"], d["channel_label"]) for d in listed] == [
        (disposal, "henpin", "supplier_refund", "Henpin Tonya")
    ]
    assert "Henpin Tonya" in any_cli.ok("sales").stdout
    assert "返品問屋" in any_cli.ok("--lang", "ja", "sales").stdout
    report = any_cli.json("report", "--as-of", AS_OF, "--period", "30")
    assert [(c["channel"], c["label"]) for c in report["disposals"]["by_channel"]] == [
        ("henpin", "Henpin Tonya")
    ]
    assert "Henpin Tonya" in any_cli.ok("report", "--as-of", AS_OF, "--period", "30").stdout
    assert any_cli.json("show", str(item))["status"] == "returned"


def test_changing_a_channels_settings_changes_only_later_disposals(any_cli):
    _item, first = _refund_through_a_settings_channel(any_cli)
    before = _export(any_cli, "journal")
    # The same id now says its disposals are taxable sales under another name.
    _settings_file(any_cli, '[channels.henpin]\nbased_on = "yahoo"\nlabel = "Henpin Auctions"\n')
    assert _export(any_cli, "journal") == before
    later = any_cli.json(
        "add", "--title", "鍋", "--cost", "3000", "--size", "60", "--purchased", "2026-11-02",
        "--as-of", AS_OF,
    )["id"]  # fmt: skip
    any_cli.ok("sell", str(later), "-c", "henpin", "--price", "5000", "--date", "2026-11-21")
    kinds = {
        d["id"]: (d["kind"], d["sales_tax"], d["channel_label"]) for d in any_cli.json("sales")
    }
    assert kinds[first] == ("supplier_refund", "taxable_10", "Henpin Tonya")
    assert kinds[first + 1] == ("sale", "taxable_10", "Henpin Auctions")
    # November was exported (closed): the later sale dated in it is booked on the day
    # it was recorded, after November's entries, which stay as they were.
    target = any_cli.home / "after.csv"
    any_cli.ok("export", "journal", "--from", "2026-11-01", "--as-of", "2026-12-07",
               "-o", str(target))  # fmt: skip
    after = target.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert "売上高".encode() in after[len(before) :]
    assert _export(any_cli, "journal") == before


def test_an_item_sold_out_through_a_removed_channel_comes_back_in_stock_on_undo(any_cli):
    item, disposal = _refund_through_a_settings_channel(any_cli)
    _settings_file(any_cli, "")
    undone = any_cli.json("sales", "undo", str(disposal))
    assert (undone["item"]["status"], undone["item"]["qty"]) == ("in_stock", 1)
    assert any_cli.json("show", str(item))["qty"] == 1


def test_every_recorded_fact_is_a_column_of_the_disposals_table():
    columns = Disposal.__table__.c
    settings = set(ChannelSettings.model_fields)
    for column, setting in RECORDED.items():
        assert column in columns and not columns[column].nullable, column
        assert setting in settings, setting


def test_a_disposal_records_its_channels_facts_as_the_settings_say_on_the_day(any_cli):
    any_cli.json("add", "--title", "x", "--cost", "1000", "--size", "60", "--qty", "7")
    for channel in ("yahoo", "amazon_jp", "ebay", "kaitori", "supplier_return", "writeoff"):
        any_cli.ok("sell", "1", "-c", channel, "--price", "0", "--qty", "1")
    recorded = {d["channel"]: {k: d[k] for k in RECORDED} for d in any_cli.json("sales")}
    assert recorded == {name: facts_of(CHANNELS[name]) for name in recorded}
    assert recorded["ebay"]["sales_tax"] == "export"
    assert recorded["kaitori"]["paid_later"] is False
    assert recorded["writeoff"]["kind"] == "writeoff"


# --- the upgrade fills in what older disposals were -------------------------------------


def _database_at(url: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    import liquidator.migrations
    from liquidator.db import make_engine

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option(
                "script_location", str(Path(liquidator.migrations.__file__).parent)
            )
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.exec_driver_sql(
                "INSERT INTO items (id, title, qty, unit_cost, purchased_on, size_class, hazmat,"
                " status, recorded_on, created_at, updated_at) VALUES (1, 'ハリオ', 0, 1000,"
                " '2026-11-01', 60, false, 'returned', '2026-11-01', '2026-11-01 00:00:00',"
                " '2026-11-01 00:00:00')"
            )
            for number, channel in enumerate(
                ("yahoo", "ebay", "kaitori", "supplier_return", "writeoff", "rakuma"), start=1
            ):
                connection.exec_driver_sql(
                    "INSERT INTO disposals (id, item_id, channel, qty, price, fees, shipping,"
                    " net_cash, cost_basis, profit, reference_price, sold_on, created_at) VALUES"
                    f" ({number}, 1, '{channel}', 1, 900, 90, 0, 810, 1000, -190, 1000,"
                    " '2026-11-05', '2026-11-05 00:00:00')"
                )
    finally:
        engine.dispose()


def test_upgrading_fills_in_older_disposals_from_the_built_in_channels(tmp_path, db_url):
    from liquidator.cli import app  # noqa: F401  (the CLI opens it below)
    from liquidator.db import open_database
    from liquidator.workspace import resolve_workspace

    if db_url.startswith("sqlite"):
        (tmp_path / "data").mkdir()
    _database_at(db_url, "0006")
    # A settings file that says otherwise is not read by the upgrade.
    (tmp_path / "liquidator.toml").write_text(
        '[channels.rakuma]\nbased_on = "supplier_return"\nlabel = "Rakuma"\n', encoding="utf-8"
    )
    database = open_database(resolve_workspace(home=tmp_path, db=db_url))
    try:
        with database.session() as session:
            stored = {
                d.channel: {column: getattr(d, column) for column in RECORDED}
                for d in session.exec(select(Disposal)).all()
            }
    finally:
        database.dispose()
    for channel in ("yahoo", "ebay", "kaitori", "supplier_return", "writeoff"):
        assert stored[channel] == facts_of(CHANNELS[channel]), channel
    assert stored["rakuma"] == {
        "kind": "sale", "sales_tax": "taxable_10", "paid_later": True,
        "channel_label": "rakuma", "channel_label_ja": "rakuma",
        # 0011: a channel no default knows settles and taxes its costs as a channel does
        # by default.
        "fees_settled": "deducted", "shipping_settled": "paid_separately",
        "paid_from": "payable", "fee_tax": "taxable_10", "fee_account": "fees",
    }  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_disposal_on_a_channel_no_settings_know_is_listed_by_its_recorded_name(
    tmp_path, db_url, language
):
    from conftest import Cli

    if db_url.startswith("sqlite"):
        (tmp_path / "data").mkdir()
    _database_at(db_url, "0006")
    cli = Cli(tmp_path, db_url)
    out = cli.ok("--lang", language, "sales").stdout
    assert "rakuma" in out
    assert ("仕入先返品" if language == "ja" else "Return to supplier") in out
    journal = _export(cli, "journal")
    assert journal.count(b"\r\n") > 6
