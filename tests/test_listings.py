"""listings export / revise: the upload files, byte for byte, and what they record."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from listing_helpers import AS_OF, add_listable, workspace

FIXTURES = Path(__file__).parent / "fixtures" / "listings"
FILES = {"amazon_jp": "txt", "ebay": "csv", "mercari_shops": "csv", "yahoo": "csv"}


def export(cli, name, *args):
    return cli("listings", "export", name, *args, "--as-of", AS_OF)


def two_items(cli):
    """The fixture templates' items: quotes, commas and a newline in the texts, a
    formula-like title, a wave dash cp932 spells its own way, no SKU on the second."""
    photo = workspace(cli)
    add_listable(cli, photo)
    add_listable(cli, photo, title='=HYPERLINK("x") 〜セット, 2個',
                 title_en='=SUM(1,2) set, "two"', sku=None, condition="like_new")  # fmt: skip
    return photo


@pytest.mark.parametrize("name", FILES)
def test_each_file_matches_its_fixture_template_byte_for_byte(cli, name):
    two_items(cli)
    out = cli.home / f"out.{FILES[name]}"
    result = export(cli, name, "1", "2", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == (FIXTURES / f"{name}.{FILES[name]}").read_bytes()


def test_the_amazon_file_is_cp932_tab_text_with_three_header_rows():
    data = (FIXTURES / "amazon_jp.txt").read_bytes()
    lines = data.decode("cp932").split("\r\n")
    assert lines[0].split("\t") == ["TemplateType=Offer", "Version=2020.0909"]
    assert lines[1].split("\t")[0] == "商品管理番号"
    assert lines[2].split("\t")[:6] == ["sku", "price", "quantity", "product-id",
                                        "product-id-type", "condition-type"]  # fmt: skip
    assert lines[3].split("\t")[4:6] == ["ASIN", "New"]
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare line end, no quoting


def test_mercari_shops_file_has_a_bom_and_the_template_columns_in_order():
    data = (FIXTURES / "mercari_shops.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[:2] == ["商品画像名_1", "商品画像名_2"] and header[20:22] == [
        "商品名",
        "商品説明",
    ]
    assert header[62:66] == ["ブランドID", "販売価格", "カテゴリID", "商品の状態"]


def test_the_ebay_header_carries_the_action_and_site_and_rows_are_add():
    rows = list(csv.reader(io.StringIO((FIXTURES / "ebay.csv").read_text(encoding="utf-8"))))
    assert rows[0][0] == "*Action(SiteID=US|Country=JP|Currency=USD|Version=1193|CC=UTF-8)"
    assert [row[0] for row in rows[1:]] == ["Add", "Add"]
    assert rows[1][3] == 'Hario V60 "02" dripper, ceramic'
    assert rows[1][11] == "Brand new, unopened.\nShips from Japan."


def test_formula_like_text_goes_into_upload_files_as_recorded(cli):
    two_items(cli)
    result = export(cli, "ebay", "2")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1][3] == '=SUM(1,2) set, "two"'  # the site reads it: no ' guard


def test_an_emoji_cp932_lacks_is_refused_naming_the_item_or_replaced(cli, snapshot):
    photo = workspace(cli)
    add_listable(cli, photo, title="V60 🎉 ドリッパー")
    before = snapshot(cli)
    out = cli.home / "yahoo.csv"
    line = cli.fails(2, "listings", "export", "yahoo", "1", "-o", str(out), "--mark-listed",
                     "--as-of", AS_OF)  # fmt: skip
    assert line.startswith("Error: item 1: タイトル: '🎉' cannot be written in cp932")
    assert not out.exists() and snapshot(cli) == before
    cli.ok("listings", "export", "yahoo", "1", "-o", str(out), "--errors", "replace",
           "--as-of", AS_OF)  # fmt: skip
    assert "V60 ? ドリッパー" in out.read_bytes().decode("cp932")


def test_items_missing_what_a_file_needs_are_listed_and_nothing_is_written(cli, snapshot):
    photo = workspace(cli)
    add_listable(cli, photo)
    add_listable(cli, photo, title_en=None, ebay_category=None)
    cli.ok("edit", "1", "--condition", "poor")
    before = snapshot(cli)
    out = cli.home / "ebay.csv"
    line = cli.fails(2, "listings", "export", "ebay", "1", "2", "--mark-listed", "-o", str(out),
                     "--as-of", AS_OF)  # fmt: skip
    assert line == "Error: 1 item cannot be listed: item 2: needs --title-en, --ebay-category"
    line = cli.fails(2, "listings", "export", "amazon_jp", "1", "2", "--as-of", AS_OF)
    assert "item 1: Amazon.co.jp takes no item in condition poor" in line
    assert not out.exists() and snapshot(cli) == before


def test_mercari_shops_prices_outside_its_range_are_refused(cli):
    photo = workspace(cli)
    add_listable(cli, photo, market_price="300", cost="100")
    line = cli.fails(2, "listings", "export", "mercari_shops", "1", "--as-of", AS_OF)
    assert "price ¥255 is outside メルカリShops's ¥300–¥9,999,999" in line


def test_ebay_prices_are_dollars_at_the_rate_and_no_rate_is_refused(cli):
    photo = workspace(cli)
    add_listable(cli, photo)
    rows = list(csv.reader(io.StringIO(export(cli, "ebay", "1", "--rate", "100").stdout)))
    assert rows[1][5] == "34.50"  # eBay's suggested ¥3,450 at 100 yen a dollar
    (cli.home / "liquidator.toml").write_text("", encoding="utf-8")
    line = cli.fails(2, "listings", "export", "ebay", "1", "--as-of", AS_OF)
    assert line == "Error: --rate: give --rate (yen per USD) or set [listings.ebay] usd_rate"


def test_mark_listed_records_each_item_as_listed_does(any_cli):
    photo = workspace(any_cli)
    add_listable(any_cli, photo)
    any_cli.ok("listings", "export", "amazon_jp", "1", "--mark-listed", "-o",
               str(any_cli.home / "a.txt"), "--as-of", AS_OF)  # fmt: skip
    item = any_cli.json("show", "1", "--as-of", AS_OF)
    assert (item["status"], item["listed_channel"], item["listed_price"], item["listed_on"]) == (
        "listed", "amazon_jp", 2375, AS_OF)  # fmt: skip
    again = any_cli("listings", "export", "amazon_jp", "1", "--as-of", AS_OF)
    assert again.exit_code == 2 and "on sale there already" in again.stderr


def test_yahoo_export_warns_about_its_rules_on_stderr_and_in_json(cli):
    photo = workspace(cli)
    add_listable(cli, photo)
    result = cli.ok("listings", "export", "yahoo", "1", "-o", str(cli.home / "y.csv"),
                    "--as-of", AS_OF)  # fmt: skip
    assert "automatic listing tool" in result.stderr
    data = cli.json("listings", "export", "yahoo", "1", "-o", str(cli.home / "y.csv"),
                    "--as-of", AS_OF)  # fmt: skip
    assert "not be on sale anywhere else" in data["warning"]
    assert data["items"][0]["price"] == 1700 and data["recorded"] is False


def test_a_zip_holds_the_file_and_the_photo_files(cli):
    photo = two_items(cli)
    out = cli.home / "yahoo.zip"
    cli.ok("listings", "export", "yahoo", "1", "2", "-o", str(out), "--as-of", AS_OF)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["yahoo.csv", "v60.jpg"]
        assert archive.read("yahoo.csv") == (FIXTURES / "yahoo.csv").read_bytes()
        assert archive.read("v60.jpg") == photo.read_bytes()
    photo.unlink()
    line = cli.fails(2, "listings", "export", "yahoo", "1", "-o", str(out), "--as-of", AS_OF)
    assert line.startswith("Error: item 1: photo ") and "no such file" in line


_EBAY_WORKSPACE: dict[str, object] = {}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                                   blacklist_characters="\u2028\u2029")
                     | st.sampled_from('",\n'), min_size=1, max_size=60)
       .filter(lambda t: t.strip() and t == t.strip()))  # fmt: skip
def test_any_english_title_comes_back_from_the_ebay_file_as_recorded(tmp_path_factory, title):
    """Each example gives the same listable item its title (export only reads it, so
    one workspace serves every example)."""
    from conftest import Cli

    if "cli" not in _EBAY_WORKSPACE:
        cli = Cli(tmp_path_factory.mktemp("ebay"))
        add_listable(cli, workspace(cli))
        _EBAY_WORKSPACE["cli"] = cli
    cli = _EBAY_WORKSPACE["cli"]
    result = cli("edit", "1", "--title-en", title, "--json")
    if result.exit_code:  # refused at entry (a text-direction control …): nothing to list
        return
    rows = list(csv.reader(io.StringIO(export(cli, "ebay", "1").stdout, newline="")))
    assert rows[1][3] == title


def test_every_registered_listing_file_keeps_the_contract():
    """What any site's module must hold (read from the registry, never a list of names):
    its last header row names its columns, its condition codes are for known conditions,
    its needs are checks we know, its encoding is one Python has."""
    import codecs

    from liquidator.fields import CONDITIONS
    from liquidator.listings import file_names, listing_file, revision_file, revision_names
    from liquidator.listings.checks import NEEDS
    from liquidator.settings.defaults import DEFAULTS

    assert set(FILES) <= set(file_names())
    for name in file_names():
        listing = listing_file(name)
        assert listing.name == name and listing.extension in ("txt", "csv")
        head = listing.head(DEFAULTS)
        assert [column.header for column in listing.columns][1:] == head[-1][1:]
        assert set(listing.conditions) <= set(CONDITIONS) and listing.conditions.get("new")
        assert set(listing.needs) <= set(NEEDS)
        codecs.lookup(listing.encoding)
        assert listing.line_end in ("\r\n", "\n") and listing.delimiter in (",", "\t")
    for name in revision_names():
        revision = revision_file(name)
        assert len(revision.head(DEFAULTS)[-1]) == len(revision.columns)
