"""docs/bookkeeping.md shows the test month's entries as the journal export writes them,
under each method, and the year-end stock entries the right way round."""

import re
from pathlib import Path

import pytest
from conftest import Cli
from test_books_month import THROUGH_NOVEMBER, record_the_month

DOC = Path(__file__).resolve().parent.parent / "docs" / "bookkeeping.md"


def _first_block_after(heading: str) -> str:
    """The first fenced block after ``heading`` in the doc."""
    text = DOC.read_text(encoding="utf-8")
    after = text[text.index(heading) :]
    return re.search(r"```\n(.*?)```", after, re.S).group(1)


@pytest.mark.parametrize(
    ("method", "heading"),
    [("sanbunpo", '### 三分法 (`method = "sanbunpo"`)'),
     ("perpetual", '### Perpetual (`method = "perpetual"`)')],
)  # fmt: skip
def test_the_doc_shows_the_months_entries_as_the_export_writes_them(tmp_path, method, heading):
    cli = Cli(tmp_path)
    (tmp_path / "liquidator.toml").write_text(
        f'[bookkeeping]\nmethod = "{method}"\n', encoding="utf-8"
    )
    record_the_month(cli)
    target = tmp_path / "november.csv"
    cli.ok("export", "journal", "--purchases", *THROUGH_NOVEMBER, "-o", str(target),
           "--as-of", "2026-12-01")  # fmt: skip
    exported = target.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    assert _first_block_after(heading) == exported


def test_the_doc_books_the_closing_stock_to_inventory_and_the_opening_stock_out_of_it():
    text = DOC.read_text(encoding="utf-8")
    assert "Dr 商品 / Cr 期末商品棚卸高" in text
    assert "Dr 期首商品棚卸高 / Cr 商品" in text
    assert "期末商品棚卸高 / 商品" not in text.replace("Dr 商品 / Cr 期末商品棚卸高", "")
