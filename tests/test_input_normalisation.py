"""One normalisation for what a seller types (issue 31 point 9): full-width digits, dates
with / or 年月日, a count of days never negative, the Japanese columns ``export items``
writes read back by ``import items``, and ``list`` outside a workspace."""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.errors import InvalidInput
from liquidator.parsing import EARLIEST_DATE, LATEST_DATE, parse_bool, parse_date

FULL_WIDTH = str.maketrans("0123456789-/", "０１２３４５６７８９－／")
ITEM = ["--title", "ハリオ V60", "--cost", "4980"]


def spellings(day: dt.date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    plain = [f"{y}-{m:02}-{d:02}", f"{y}/{m:02}/{d:02}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日",
             f"{y}年{m:02}月{d:02}日", f" {y}-{m}-{d} "]  # fmt: skip
    return plain + [text.translate(FULL_WIDTH) for text in plain]


@given(st.dates(EARLIEST_DATE, LATEST_DATE))
def test_every_spelling_of_a_date_is_that_date(day):
    for text in spellings(day):
        assert parse_date(text, "as_of") == day, text


@pytest.mark.parametrize(
    "text", ["2026-13-01", "2026/02/30", "2026年12月1", "2026-12-01-", "26/12/01", "12/01/2026",
             "2026.12.01", "2026年12月1日日", "٢٠٢٦-١٢-٠١", ""],
)  # fmt: skip
def test_a_malformed_date_is_refused_naming_the_field(text):
    with pytest.raises(InvalidInput) as raised:
        parse_date(text, "purchased")
    assert raised.value.field == "purchased"


@given(st.text(max_size=14))
def test_a_date_is_a_valid_day_or_refused(text):
    try:
        day = parse_date(text, "date")
    except InvalidInput as error:
        assert error.field == "date"
    else:
        assert EARLIEST_DATE <= day <= LATEST_DATE


def test_full_width_and_japanese_dates_and_sizes_are_accepted_by_the_cli(any_cli):
    item = any_cli.json("add", *ITEM, "--size", "８０", "--purchased", "２０２６-１２-０１",
                        "--as-of", "2026年12月5日")  # fmt: skip
    assert (item["size_class"], item["purchased_on"]) == (80, "2026-12-01")
    listed = any_cli.json("list", "--as-of", "2026/12/05")
    assert [row["id"] for row in listed] == [item["id"]]
    sale = any_cli.json("sell", str(item["id"]), "--channel", "yahoo", "--price", "６０００",
                        "--date", "2026/12/04")  # fmt: skip
    assert sale["sold_on"] == "2026-12-04"


def test_a_negative_count_of_days_is_refused(cli):
    assert cli.fails(2, "list", "--older-than", "-5").startswith("Error: --older-than: ")
    assert cli.fails(2, "list", "--older-than", "－５").startswith("Error: --older-than: ")


@pytest.mark.parametrize(("text", "flag"), [("あり", True), ("なし", False), ("はい", True),
                                            ("いいえ", False), ("ＹＥＳ", True)])  # fmt: skip
def test_a_flag_reads_the_japanese_words_a_file_in_japanese_writes(text, flag):
    assert parse_bool(text, "hazmat") is flag


def _items(cli):
    moved = ("id", "created_at", "updated_at", "recorded_on")
    # A flag never given (NULL, as used_goods is on an item added without it) and "no"
    # are one answer: the CSV writes both as false, as the store reads NULL as False.
    never_given = {"used_goods": False}
    return sorted(
        (
            {k: (never_given.get(k) if v is None and k in never_given else v)
             for k, v in row.items() if k not in moved}
            for row in cli.json("list", "--all")
        ),
        key=lambda row: row["title"],
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_file_export_items_wrote_imports_as_the_same_items(any_cli, tmp_path, lang):
    from conftest import Cli

    any_cli.ok("add", *ITEM, "--dims", "30x20x10.5", "--weight", "1.2kg", "--hazmat",
               "--purchased", "2026-10-01", "--quote", "kaitori=3000", "--note", 'a, "b"',
               "--order-id", "114-1234567-1234567", "--condition", "good", "--sku", "=SUM(A1)")  # fmt: skip
    any_cli.ok("add", "--title", "象印 炊飯ジャー", "--cost", "12000", "--size", "100",
               "--purchased", "2026-09-01", "--market-price", "20000", "--return-by", "2026-12-31",
               "--domestic-only")  # fmt: skip
    path = tmp_path / "items.csv"
    any_cli.ok("--lang", lang, "export", "items", "-o", path)
    if lang == "ja":
        assert path.read_bytes().startswith("\ufeff商品番号,品名".encode())
    fresh = Cli(tmp_path / "fresh")
    result = fresh.json("--lang", lang, "import", "items", path)
    assert (result["rows"], result["new"]) == (2, 2)
    assert _items(fresh) == _items(any_cli)


def test_list_outside_a_workspace_names_the_folder_it_looked_in_and_creates_nothing(tmp_path):
    from conftest import Cli

    folder = tmp_path / "not-a-workspace"
    cli = Cli(folder)
    english = cli.ok("list").stdout
    assert str(folder) in english and "No items" in english
    japanese = cli.ok("--lang", "ja", "list").stdout
    assert str(folder) in japanese and "商品はまだありません" in japanese
    assert not folder.exists()
    assert json.loads(cli.ok("list", "--json").stdout) == []
