"""Every output of an item takes its values from one table (``item_output.SHOWN``,
derived from ``fields.ITEM_FIELDS``): JSON, ``show``, ``list``, ``export items``, the
棚卸表 and scoring's inputs. What the database stores reaches each output, and a new
field is one entry in the field table plus its migration."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import create_engine, inspect

import liquidator
from liquidator.item_output import (
    EXPORTED,
    INVENTORY,
    LISTED,
    NOT_SHOWN,
    PUBLIC,
    SCORED,
    SCORED_STORED,
    SHOWN,
    SHOWN_BY_NAME,
)
from liquidator.workspace import default_sqlite_url

AS_OF = "2026-11-26"
# Every field given, each with a value no other field has.
EVERY_FIELD = ["--title", "ニコン D750 ボディ", "--total-cost", "176001", "--qty", "2",
               "--purchased", "2026-10-01", "--dims", "30x20x15", "--weight", "1.4kg",
               "--sku", "SKU-750", "--asin", "B00NGDR0UY", "--jan", "4960759143621",
               "--category", "camera", "--source", "キタムラ", "--order-id", "114-1234567-7654321",
               "--market-price", "92000", "--return-by", "2026-12-20", "--hazmat",
               "--domestic-only", "--quote", "kaitori=70000", "--note", "箱あり",
               "--condition", "very_good", "--title-ja", "ニコン D750 美品",
               "--title-en", "Nikon D750 body", "--description-ja", "動作確認済み",
               "--description-en", "Tested", "--photo", "d750.jpg", "--ebay-category", "31388",
               "--yahoo-category", "2084261642", "--mercari-category", "1142",
               "--seller-invoice-no", "T1234567890123", "--used-goods",
               "--seller-name", "北村商店", "--seller-address", "東京都新宿区1-1"]  # fmt: skip
# The record's own dates: when the record was made, not what it says about the item.
RECORD_DATES = ("recorded_on", "created_at", "updated_at")


def _stored_columns(cli) -> list[str]:
    """The items table's columns as the database has them (what an item stores)."""
    engine = create_engine(cli.db or default_sqlite_url(cli.home))
    try:
        with engine.connect() as connection:
            return [column["name"] for column in inspect(connection).get_columns("items")]
    finally:
        engine.dispose()


def _first_words(text: str) -> set[str]:
    """The first word of each line: the names of ``show``'s rows."""
    return {line.split()[0] for line in text.splitlines() if line.strip()}


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_every_stored_value_reaches_json_show_list_and_export_items(any_cli, snapshot):
    added = any_cli.json("add", "--as-of", AS_OF, *EVERY_FIELD)
    item_id = str(added["id"])
    any_cli.ok("listed", item_id, "--channel", "yahoo", "--price", "95000", "--date", AS_OF,
               "--listing-id", "x1234567890")  # fmt: skip
    stored = [name for name in _stored_columns(any_cli) if name not in NOT_SHOWN]
    assert len(stored) == len(PUBLIC) - 2, stored  # all but days_held and dims
    [row] = snapshot(any_cli)["items"]
    assert "ニコン D750 ボディ" in row and "kaitori=70000" in row

    shown = any_cli.json("show", item_id, "--as-of", AS_OF)
    [listed] = any_cli.json("list", "--as-of", AS_OF)
    for public in (shown, listed):
        assert [key for key in public if key in SHOWN_BY_NAME] == list(PUBLIC)
        assert all(public[name] is not None for name in stored), public
    assert (shown["domestic_only"], shown["quotes"]) == (True, "kaitori=70000")

    text = any_cli.ok("show", item_id, "--as-of", AS_OF).stdout
    assert set(PUBLIC) <= _first_words(text)

    exported = _csv(any_cli.ok("export", "items", "--as-of", AS_OF).stdout)
    [line] = exported
    header = list(line)
    assert header == ["item_id" if name == "id" else name for name in EXPORTED]
    assert set(stored) - set(RECORD_DATES) <= {"id", *header}
    assert (line["domestic_only"], line["quotes"], line["listed_channel"]) == (
        "true", "kaitori=70000", "yahoo"
    )  # fmt: skip
    # the lot's total: 88,000 a unit and the one yen left over
    assert (line["unit_cost"], line["stock_value"]) == ("88000", "176001")


def test_list_shows_the_columns_the_table_gives_it_in_their_order(cli):
    cli.json("add", "--as-of", AS_OF, *EVERY_FIELD)
    out = cli.ok("list", "--as-of", AS_OF, env={"COLUMNS": "200"}).stdout
    header = next(line for line in out.splitlines() if "title" in line)
    places = [header.index(entry.column.header) for entry in LISTED]
    assert places == sorted(places) and header.endswith(LISTED[-1].column.header), header
    row = next(line for line in out.splitlines() if "ニコン" in line)
    for cell in ("¥88,000", "56", "2026-12-20", "yes", "in stock"):
        assert cell in row, (cell, row)


def test_the_inventory_takes_its_columns_and_headers_from_the_table(any_cli):
    any_cli.json("add", "--as-of", AS_OF, *EVERY_FIELD)
    text = any_cli.ok("export", "inventory", "--as-of", AS_OF).stdout
    rows = _csv(text)
    assert list(rows[0]) == ["item_id" if e.name == "id" else e.name for e in INVENTORY]
    assert list(rows[0].values()) == ["1", "ニコン D750 ボディ", "SKU-750", "2026-10-01", "2",
                                      "88000", "176001"]  # fmt: skip
    assert rows[-1]["stock_value"] == "176001"  # the lot's whole total cost
    japanese = _csv(any_cli.ok("--lang", "ja", "export", "inventory", "--as-of", AS_OF).stdout)
    assert list(japanese[0]) == ["商品番号", "品名", "SKU", "仕入日", "数量", "単価", "金額"]


def test_scoring_reads_every_value_the_table_marks_scored():
    from liquidator.fields import FLAG, ITEM_FIELDS
    from liquidator.reports import weekly
    from liquidator.scoring.inputs import ITEM_COLUMNS, item_arrays
    from liquidator.store.items import ITEM_COLUMNS as READ

    for field in ITEM_FIELDS:
        for name in field.attributes:
            assert (name in ITEM_COLUMNS) == field.scored, name
    assert set(SCORED) <= set(ITEM_COLUMNS)
    assert set(SCORED_STORED) <= set(READ) and set(SCORED_STORED) <= set(weekly._REPORT_COLUMNS)
    flags = [e.name for e in SHOWN if e.scored and e.kind == FLAG]
    arrays = item_arrays({"qty": [1], "unit_cost": [100], "size_class": [60], "days_held": [3],
                          **{name: [None] for name in flags}})  # fmt: skip
    assert all(arrays[name].dtype == bool for name in flags)


def test_every_label_show_prints_is_in_the_catalogue():
    from i18n_tool import load

    from liquidator.item_output import LABELS

    found = load().messages_in_code()
    assert all(label in found for label in LABELS.values())
    assert set(LABELS) == set(PUBLIC) - {"id"}


NEW_FIELD = """    ItemField("color", TEXT, "The item's colour.", max_length=TEXT_MAX, searchable=True),
"""
NEW_MIGRATION = '''
"""A test's new field: items.color."""

import sqlalchemy as sa
from alembic import op

revision = "0099_color"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from liquidator.fields import SEARCHABLE, search_text

    op.add_column("items", sa.Column("color", sa.String(200)))
    # A searchable field: every item's search text is worked out again.
    items = sa.table("items", sa.column("id"), sa.column("search_text"),
                     *(sa.column(name) for name in SEARCHABLE))
    connection = op.get_bind()
    for row in connection.execute(sa.select(items)).all():
        text = search_text(row._mapping)
        connection.execute(items.update().where(items.c.id == row.id).values(search_text=text))
'''
RUN_EVERY_OUTPUT = """
import json, sys
from typer.testing import CliRunner
from liquidator.cli import app

home = sys.argv[1]
runner = CliRunner()
def run(*args):
    result = runner.invoke(app, ["--home", home, *args])
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.stdout
out = {}
out["add"] = json.loads(run("add", "--title", "Lamp", "--cost", "1200", "--size", "60",
                            "--color", "red", "--as-of", "2026-11-26", "--json"))
out["show"] = json.loads(run("show", "1", "--json", "--as-of", "2026-11-26"))
out["show_text"] = run("show", "1", "--as-of", "2026-11-26")
out["edit"] = json.loads(run("edit", "1", "--color", "blue", "--json", "--as-of", "2026-11-26"))
out["list"] = json.loads(run("list", "--search", "blue", "--json", "--as-of", "2026-11-26"))
out["export"] = run("export", "items", "--as-of", "2026-11-26")
with open(home + "/items.csv", "w", encoding="utf-8") as handle:
    handle.write("title,cost,size,color\\nKettle,900,60,green\\n")
run("import", "items", home + "/items.csv", "--as-of", "2026-11-26")
out["imported"] = json.loads(run("show", "2", "--json", "--as-of", "2026-11-26"))
print(json.dumps(out))
"""


def test_a_new_field_is_one_entry_in_the_field_table_and_a_migration(tmp_path):
    """A copy of liquidator with one more ``ItemField`` and its migration, nothing
    else: the field is an option, a CSV column, searchable, and in every output."""
    package = tmp_path / "copy" / "liquidator"
    shutil.copytree(Path(liquidator.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    fields = package / "fields.py"
    source = fields.read_text(encoding="utf-8")
    anchor = '    ItemField("note", TEXT,'
    assert anchor in source
    fields.write_text(source.replace(anchor, NEW_FIELD + anchor), encoding="utf-8")
    from liquidator.migrations import HEAD

    versions = package / "migrations" / "versions"
    (versions / "0099_color.py").write_text(NEW_MIGRATION.format(head=HEAD), encoding="utf-8")
    heads = package / "migrations" / "__init__.py"
    heads.write_text(heads.read_text().replace(f'"{HEAD}"', '"0099_color"'), encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(package.parent), "LANG": "C.UTF-8",
           "LIQUIDATOR_LANG": "en", "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RUN_EVERY_OUTPUT), str(home)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    import json

    out = json.loads(done.stdout)
    assert out["add"]["color"] == "red" and out["show"]["color"] == "red"
    assert "color" in _first_words(out["show_text"])
    assert out["edit"]["color"] == "blue" and out["edit"]["changes"]["color"] == ["red", "blue"]
    assert [row["color"] for row in out["list"]] == ["blue"]
    [line] = _csv(out["export"])
    assert line["color"] == "blue"
    assert out["imported"]["color"] == "green"
