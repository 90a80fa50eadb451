"""The redesign's promises (issue #11): one definition per concept, used everywhere.

- A channel is data: one added in the workspace's ``liquidator.toml`` is scored, sold
  on, listed, reported and booked like a built-in one, with no code change.
- Journal layouts are a registry: a module in ``liquidator/bookkeeping/layouts``.
- Item fields are one table: ``add``'s options and the parser's limits come from it.
"""

import csv
import io

import pytest

from liquidator.errors import InvalidInput
from liquidator.settings.defaults import DEFAULTS

# The channels a quote may name: the default settings' scored ones.
CHANNELS = DEFAULTS.scored_channels

AS_OF = "2026-11-26"
RAKUMA = """\
[channels.rakuma]
based_on = "mercari"
label = "Rakuma"
enabled = true
fee_rate = 0.066
"""


# 1. A channel added in liquidator.toml goes everywhere a built-in one does ------------


@pytest.fixture
def rakuma_cli(any_cli):
    (any_cli.home / "liquidator.toml").write_text(RAKUMA, encoding="utf-8")
    return any_cli


def _add(cli, title: str) -> int:
    return cli.json(
        "add", "--title", title, "--cost", "1000", "--size", "60", "--days-held", "20",
        "--market-price", "3000", "--as-of", AS_OF,
    )["id"]  # fmt: skip


def _journal(cli) -> list[list[str]]:
    return list(csv.reader(io.StringIO(cli.ok("export", "journal", "--ids").stdout)))


def test_a_channel_from_the_settings_file_is_scored_sold_listed_reported_and_booked(
    rakuma_cli,
):
    cli = rakuma_cli
    item = _add(cli, "ハリオ V60")
    other = _add(cli, "Lamp")

    # recommend: scored like any channel, with the file's fee rate
    rec = cli.json("recommend", str(item), "--as-of", AS_OF)
    rakuma = next((c for c in rec["channels"] if c["channel"] == "rakuma"), None)
    assert rakuma is not None, [c["channel"] for c in rec["channels"]]
    assert rakuma["eligible"], rakuma["reason"]
    assert rakuma["expected_price"] > 0
    assert abs(rakuma["fees"] - rakuma["expected_price"] * 0.066) <= 1  # its own fee rate
    mercari = next(c for c in rec["channels"] if c["channel"] == "mercari")
    assert rakuma["fees"] < mercari["fees"]  # not mercari's 10 %

    # sell: a channel the seller can record a sale on
    sale = cli.json("sell", str(item), "-c", "rakuma", "-p", "1500", "--date", "2026-11-20")
    assert (sale["channel"], sale["price"], sale["qty"]) == ("rakuma", 1500, 1)
    cli.ok("sell", str(other), "-c", "yahoo", "-p", "1500", "--date", "2026-11-20")

    # channels: listed with its label and the sale it has taught
    rows = {r["channel"]: r for r in cli.json("channels")}
    assert "rakuma" in rows
    assert rows["rakuma"]["label"] == "Rakuma"
    assert rows["rakuma"]["fee_rate"] == 0.066
    assert rows["rakuma"]["sales"] == 1

    # report: its disposals count under its own name
    report = cli.json("report", "--as-of", AS_OF)
    by_channel = {r["channel"]: r for r in report["disposals"]["by_channel"]}
    assert "rakuma" in by_channel, report["disposals"]["by_channel"]
    assert set(by_channel) == {"rakuma", "yahoo"}

    # export journal: booked as a sale, the same accounts as a yahoo sale, balanced
    header, *lines = _journal(cli)
    assert header == ["date", "entry", "account", "debit", "credit", "memo"]
    entries: dict[str, list[list[str]]] = {}
    for line in lines:
        entries.setdefault(line[1], []).append(line)
    # the memo names the channel as a person reads it (its label, in [bookkeeping]
    # memo_lang: Japanese by default)
    rakuma_entries = [e for e in entries.values() if "(Rakuma)" in e[0][5]]
    yahoo_entries = [e for e in entries.values() if "(ヤフオク!)" in e[0][5]]
    assert len(rakuma_entries) == 1 and len(yahoo_entries) == 1, lines
    [booked] = rakuma_entries
    assert sum(int(r[3] or 0) for r in booked) == sum(int(r[4] or 0) for r in booked)
    assert sorted(r[2] for r in booked) == sorted(r[2] for r in yahoo_entries[0])
    assert all(r[0] == "2026-11-20" for r in booked)


def test_without_the_settings_file_the_channel_does_not_exist(cli):
    item = _add(cli, "ハリオ V60")
    rec = cli.json("recommend", str(item), "--as-of", AS_OF)
    assert "rakuma" not in {c["channel"] for c in rec["channels"]}
    assert "rakuma" not in {r["channel"] for r in cli.json("channels")}
    line = cli.fails(2, "sell", str(item), "-c", "rakuma", "-p", "1500")
    assert "rakuma" in line


def test_a_new_channel_must_start_from_an_existing_one(cli):
    (cli.home / "liquidator.toml").write_text("[channels.rakuma]\nfee_rate = 0.066\n")
    line = cli.fails(2, "channels")
    assert "liquidator.toml" in line and "based_on" in line
    (cli.home / "liquidator.toml").write_text('[channels.rakuma]\nbased_on = "nowhere"\n')
    line = cli.fails(2, "channels")
    assert "based_on" in line and "unknown" in line


# 2. Journal layouts are a registry --------------------------------------------------------


def test_the_layout_registry_lists_generic_and_refuses_unknown_names():
    from liquidator.bookkeeping.layouts import get_layout, layout_names

    names = layout_names()
    assert "generic" in names
    generic = get_layout("generic")
    assert generic.header == ("date", "entry", "account", "debit", "credit", "memo")
    assert callable(generic.entry_rows) and generic.description and generic.encoding
    for name in names:  # every listed layout loads and has the layout's parts
        layout = get_layout(name)
        assert callable(layout.entry_rows) and layout.encoding and layout.name == name
    with pytest.raises(InvalidInput) as caught:
        get_layout("no_such_books")
    assert caught.value.field == "layout"
    assert "no_such_books" in caught.value.problem and "generic" in caught.value.problem


def test_export_names_an_unknown_layout(cli):
    _add(cli, "Lamp")
    line = cli.fails(2, "export", "journal", "--layout", "no_such_books")
    assert "--layout" in line and "no_such_books" in line and "generic" in line


# 3. One field table: add's options and the parser's limits come from it ---------------


def _settable():
    """The fields a seller types (every field of the table is one)."""
    from liquidator.fields import ITEM_FIELDS

    return list(ITEM_FIELDS)


def test_every_item_field_is_an_option_of_add(cli):
    from liquidator.cli import app

    fields = _settable()
    assert {"title", "cost", "qty", "size", "note"} <= {f.name for f in fields}
    help_text = cli.ok("add", "--help", env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"}).stdout
    missing = [f.option for f in fields if f.option not in help_text]
    assert missing == [], help_text
    # and as real options of the command (not only words in the help)
    import typer.main

    add = typer.main.get_command(app).get_command(None, "add")
    options = {opt for param in add.params for opt in param.opts}
    assert [f.option for f in fields if f.option not in options] == []


def _over_limit(field):
    from liquidator.fields import COUNT, DAYS_AGO, TEXT, YEN

    if field.max_length is not None and field.kind == TEXT:
        return "x" * (field.max_length + 1)
    if field.maximum is not None and field.kind in (YEN, COUNT, DAYS_AGO):
        return str(field.maximum + 1)
    return None


def test_parse_fields_rejects_an_over_limit_value_naming_the_field():
    import datetime as dt

    from liquidator.field_values import parse_fields
    from liquidator.fields import ITEM_FIELDS

    today = dt.date(2026, 11, 26)
    valid = {"title": "Lamp", "cost": "1000", "size": "60"}
    assert parse_fields(valid, as_of=today, channels=CHANNELS)["unit_cost"] == 1000
    limited = [(field, _over_limit(field)) for field in ITEM_FIELDS]
    limited = [(field, value) for field, value in limited if value is not None]
    assert {"title", "note", "cost", "qty", "days_held", "sku"} <= {f.name for f, _ in limited}
    for field, value in limited:
        raw = {**valid, field.name: value}
        with pytest.raises(InvalidInput) as caught:
            parse_fields(raw, as_of=today, channels=CHANNELS)
        assert caught.value.field == field.name, (field.name, caught.value.message)
        # at exactly the limit it is accepted
        at_limit = value[:-1] if field.kind == "text" else str(int(value) - 1)
        parse_fields({**valid, field.name: at_limit}, as_of=today, channels=CHANNELS)
        # editing checks the same limit
        with pytest.raises(InvalidInput) as caught:
            parse_fields(
                {field.name: value}, as_of=today, channels=CHANNELS, partial=True, current={}
            )
        assert caught.value.field == field.name


def test_add_names_the_over_limit_option(cli, snapshot):
    line = cli.fails(2, "add", "--title", "x" * 501, "--cost", "1000", "--size", "60")
    assert line.startswith("Error: --title:"), line
    line = cli.fails(2, "add", "--title", "Lamp", "--cost", "1000", "--size", "60",
                     "--qty", "1000001")  # fmt: skip
    assert line.startswith("Error: --qty:"), line
    assert snapshot(cli) == {}
