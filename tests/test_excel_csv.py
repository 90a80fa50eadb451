"""CSV a Japanese seller opens in Excel (issue 31 point 5): byte-level checks of the
exports and the report CSV in Japanese mode, and the machine form kept by --ids or
--encoding utf-8."""

import csv
import io

import pytest

AS_OF = "2026-11-30"
BOM = b"\xef\xbb\xbf"


def _stock(cli):
    """Three items: one sold on ヤフオク!, one returned to its shop, one held."""
    ids = [
        cli.json("add", "--title", title, "--cost", cost, "--size", "80",
                 "--purchased", "2026-10-01", *extra)["id"]
        for title, cost, extra in (
            ("ハリオ V60 ドリッパー", "4980", ["--hazmat"]),
            ("象印 炊飯ジャー", "12000", []),
            ("無印良品 ディフューザー", "3000", []),
        )
    ]  # fmt: skip
    cli.ok("sell", ids[0], "--channel", "yahoo", "--price", "6000", "--date", "2026-11-20")
    cli.ok("sell", ids[1], "--channel", "supplier_return", "--price", "12000",
           "--date", "2026-11-21")  # fmt: skip
    return ids


def _export(cli, tmp_path, *args, lang="ja"):
    path = tmp_path / "out.csv"
    cli.ok("--lang", lang, "export", *args, "--as-of", AS_OF, "-o", path)
    return path.read_bytes()


def _rows(data: bytes, encoding="utf-8-sig"):
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def _crlf_only(data: bytes) -> bool:
    return data.count(b"\n") == data.count(b"\r\n") > 0


def test_export_items_in_japanese_opens_in_excel_with_japanese_headers_and_words(any_cli, tmp_path):
    _stock(any_cli)
    data = _export(any_cli, tmp_path, "items")
    assert data.startswith(BOM + "商品番号,品名,状態,数量,仕入単価".encode())
    assert _crlf_only(data)
    rows = _rows(data)
    header, body = rows[0], {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert all(not name.isascii() or name in ("SKU", "ASIN", "JAN") for name in header)
    assert not body["ハリオ V60 ドリッパー"]["状態"].isascii()  # sold, in Japanese
    assert body["無印良品 ディフューザー"]["状態"] == "在庫"
    assert body["ハリオ V60 ドリッパー"]["危険物"] == "あり"
    assert body["無印良品 ディフューザー"]["危険物"] == "なし"
    assert not {"in_stock", "sold", "returned", "true", "false"} & {
        cell for row in rows[1:] for cell in row
    }


def test_export_sales_in_japanese_names_channels_and_kinds_in_words(any_cli, tmp_path):
    _stock(any_cli)
    rows = _rows(_export(any_cli, tmp_path, "sales"))
    assert rows[0][:7] == ["日付", "処分番号", "商品番号", "品名", "販路", "種類", "数量"]
    assert [(row[4], row[5]) for row in rows[1:]] == [
        ("ヤフオク!", "販売"),
        ("仕入先返品", "仕入先返品"),
    ]
    assert "channel" not in rows[0] and "yahoo" not in {cell for row in rows for cell in row}


def test_ids_or_plain_utf8_keep_the_machine_form(any_cli, tmp_path):
    _stock(any_cli)
    for option in (["--ids"], ["--encoding", "utf-8"]):
        data = _export(any_cli, tmp_path, "sales", *option)
        assert not data.startswith(BOM) and _crlf_only(data)
        rows = _rows(data, "utf-8")
        assert rows[0][:7] == ["date", "disposal_id", "item_id", "title", "channel",
                               "channel_label", "kind"]  # fmt: skip
        assert [row[4] for row in rows[1:]] == ["yahoo", "supplier_return"]
        assert [row[6] for row in rows[1:]] == ["sale", "supplier_refund"]


def test_english_mode_writes_the_machine_form_as_before(cli, tmp_path):
    _stock(cli)
    data = _export(cli, tmp_path, "items", lang="en")
    assert data.startswith(b"item_id,title,status,qty,unit_cost,")
    assert b",in_stock," in data


def test_cp932_writes_shift_jis_japanese_headers(cli, tmp_path):
    _stock(cli)
    data = _export(cli, tmp_path, "items", "--encoding", "cp932")
    assert not data.startswith(BOM)
    assert data.startswith("商品番号,品名".encode("cp932"))
    assert "ハリオ V60 ドリッパー".encode("cp932") in data and _crlf_only(data)


def test_cp932_refuses_a_character_it_lacks_naming_the_row_or_replaces_it(cli, snapshot, tmp_path):
    cli.ok(
        "add",
        "--title",
        "Tea 🍵 set",
        "--cost",
        "1000",
        "--size",
        "60",
        "--purchased",
        "2026-10-01",
    )
    path = tmp_path / "out.csv"
    line = cli.fails(2, "--lang", "ja", "export", "items", "--encoding", "cp932", "-o", path)
    assert "row 1" in line and "品名" in line and "cp932" in line
    assert not path.exists()
    data = _export(cli, tmp_path, "items", "--encoding", "cp932", "--errors", "replace")
    assert "Tea ? set".encode("cp932") in data


def test_the_inventory_is_in_one_language_per_file(cli, tmp_path):
    _stock(cli)
    japanese = _rows(_export(cli, tmp_path, "inventory"))
    assert japanese[0] == ["商品番号", "品名", "SKU", "仕入日", "数量", "単価", "金額"]
    assert japanese[-1][1] == "合計（評価方法: 個別法）"
    machine = _rows(_export(cli, tmp_path, "inventory", "--ids"))
    assert machine[0] == ["item_id", "title", "sku", "purchased_on", "qty", "unit_cost",
                          "stock_value"]  # fmt: skip


def test_the_generic_journal_is_in_japanese_and_vendor_layouts_keep_their_format(cli, tmp_path):
    _stock(cli)
    generic = _export(cli, tmp_path, "journal")
    assert generic.startswith(BOM + "日付,伝票番号,勘定科目,借方金額,貸方金額,摘要\r\n".encode())
    for layout in ("mf", "freee", "yayoi"):
        japanese = _export(cli, tmp_path, "journal", "--layout", layout)
        assert japanese == _export(cli, tmp_path, "journal", "--layout", layout, "--ids")


def test_the_report_csv_in_japanese_has_a_bom_japanese_sections_and_channel_names(
    any_cli, tmp_path
):
    _stock(any_cli)
    path = tmp_path / "week.csv"
    any_cli.ok("--lang", "ja", "report", "--as-of", AS_OF, "-o", path)
    data = path.read_bytes()
    assert data.startswith(BOM + "区分,項目,値\r\n概要,基準日,2026-11-30\r\n".encode())
    rows = _rows(data)
    actions = [row for row in rows if row and row[0] == "今すぐ処分する品"]
    assert actions and all(row[6] == "在庫" for row in actions)
    assert not {"in_stock", "yahoo", "amazon_jp", "summary", "actions"} & {
        cell for row in rows for cell in row
    }
    any_cli.ok("--lang", "ja", "report", "--as-of", AS_OF, "-o", path, "--ids")
    machine = path.read_bytes()
    assert machine.startswith(b"section,key,value\r\nsummary,as_of,2026-11-30\r\n")


@pytest.mark.parametrize("kind", ["items", "sales", "inventory", "journal"])
def test_every_japanese_export_header_comes_from_the_catalogue(cli, tmp_path, kind):
    from liquidator.exports.human import COLUMN_NAMES
    from liquidator.item_output import EXPORTED

    _stock(cli)
    machine = _rows(_export(cli, tmp_path, kind, "--ids"))[0]
    assert set(machine) <= set(COLUMN_NAMES) | set(EXPORTED)
    japanese = _rows(_export(cli, tmp_path, kind))[0]
    assert len(set(japanese)) == len(japanese)  # no two columns read the same
