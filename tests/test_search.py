"""``list --search``: one NFKC-case-folded match on both engines."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liquidator.fields import SEARCHABLE, search_key, search_text

AS_OF = "2026-11-30"


def add(cli, title, *more) -> int:
    return cli.json(
        "add", "--title", title, "--cost", "1000", "--size", "60", "--as-of", AS_OF, *more
    )["id"]


def found(cli, term, *more) -> list[int]:
    return [row["id"] for row in cli.json("list", "--all", "--search", term, *more)]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("ÉCLAIR bag", "éclair"),  # the three
        ("Sony WH-1000XM5", "ｓｏｎｙ"),
        ("ΩMEGA Speedmaster", "ωmega"),
        ("éclair bag", "ÉCLAIR"),
        ("e\u0301clair", "éclair"),  # decomposed é
        ("カメラ バッグ", "ｶﾒﾗ"),  # half-width katakana
        ("ｶﾒﾗ ﾊﾞｯｸﾞ", "カメラ"),
        ("Straße Schuhe", "STRASSE"),
        ("ＰＳ５ 本体", "ps5"),
    ],
)
def test_search_matches_nfkc_case_folded_text_on_both_engines(any_cli, stored, typed):
    item = add(any_cli, stored)
    other = add(any_cli, "unrelated thing")
    assert found(any_cli, typed) == [item]
    assert other not in found(any_cli, typed)


def test_search_looks_in_every_searchable_field_and_follows_edits(any_cli):
    item = add(any_cli, "Kettle", "--sku", "ＳＫＵ-Ａ1", "--note", "箱に傷あり Ünder")
    assert found(any_cli, "sku-a1") == [item]
    assert found(any_cli, "ünder") == [item]
    any_cli.ok("edit", str(item), "--title", "ÉCLAIR bag", "--note", "")
    assert found(any_cli, "éclair") == [item]
    assert found(any_cli, "kettle") == []
    assert found(any_cli, "ünder") == []


def test_wildcards_in_a_search_are_plain_characters(any_cli):
    percent = add(any_cli, "50% off bundle")
    add(any_cli, "500 yen coins")
    underscore = add(any_cli, "a_b cable")
    add(any_cli, "axb cable")
    assert found(any_cli, "50%") == [percent]
    assert found(any_cli, "a_b") == [underscore]
    assert found(any_cli, "/") == []


def test_a_search_never_spans_two_fields(any_cli):
    add(any_cli, "Kettle", "--sku", "ABC")
    assert found(any_cli, "kettleabc") == []
    assert found(any_cli, "kettle abc") == []


def test_the_search_column_is_never_shown(any_cli):
    item = add(any_cli, "ÉCLAIR bag")
    assert "search_text" not in any_cli.json("show", str(item))
    assert all("search_text" not in row for row in any_cli.json("list"))
    export = any_cli.home / "items.csv"
    any_cli.ok("export", "items", "-o", str(export))
    assert "search_text" not in export.read_text(encoding="utf-8")


_TEXT = st.text(alphabet=st.sampled_from("aAéÉeE\u0301ßSsΩωｓＳｶカ ﾞ5５_%-"), min_size=1, max_size=8)


@settings(
    max_examples=int(os.environ.get("LIQUIDATOR_FUZZ_EXAMPLES", 20)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=_TEXT, term=_TEXT)
def test_each_engine_finds_exactly_what_the_one_definition_says(any_cli, title, term):
    if not title.strip() or not term.strip():
        return
    item = add(any_cli, "x" + title)
    got = item in found(any_cli, term)
    assert got == (search_key(term.strip()) in search_key("x" + title.strip()))


# --- a database from before the search column ------------------------------------------


def test_items_stored_before_the_search_column_are_found_after_the_upgrade(tmp_path, db_url):
    from alembic import command
    from alembic.config import Config
    from conftest import Cli

    import liquidator.migrations
    from liquidator.db import make_engine

    if db_url.startswith("sqlite"):
        (tmp_path / "data").mkdir()
    engine = make_engine(db_url)
    titles = ["ÉCLAIR bag", "Sony WH-1000XM5", "ΩMEGA watch"] + [f"item {n}" for n in range(12)]
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option(
                "script_location", str(Path(liquidator.migrations.__file__).parent)
            )
            config.attributes["connection"] = connection
            command.upgrade(config, "0007_disposal_facts")
            for number, title in enumerate(titles, start=1):
                connection.exec_driver_sql(
                    "INSERT INTO items (id, title, qty, unit_cost, purchased_on, size_class,"
                    " hazmat, status, recorded_on, created_at, updated_at, sku) VALUES"
                    f" ({number}, '{title}', 1, 1000, '2026-11-01', 60, false, 'in_stock',"
                    " '2026-11-01', '2026-11-01 00:00:00', '2026-11-01 00:00:00',"
                    f" 'ＳＫＵ{number}')"
                )
    finally:
        engine.dispose()
    cli = Cli(tmp_path, db_url)
    assert found(cli, "éclair") == [1]
    assert found(cli, "ｓｏｎｙ") == [2]
    assert found(cli, "ωmega") == [3]
    assert found(cli, "sku15") == [15]


def test_the_stored_search_text_is_the_one_definition_of_every_searchable_field():
    values = dict.fromkeys(SEARCHABLE, "ＡｂÇ")
    assert search_text(values).split("\x1f") == ["abç"] * len(SEARCHABLE)
    assert search_text(dict.fromkeys(SEARCHABLE)) == "\x1f" * (len(SEARCHABLE) - 1)
