"""The purchase side of the journal (``export journal --purchases``): each item's purchase
with its インボイス class: full credit from a registered seller or under 古物商特例, the
transitional credit by purchase day from anyone else, and the yearly cap per seller."""

import csv
import io
import itertools
from pathlib import Path

import pytest

from liquidator.bookkeeping.purchases import credit_code

_names = itertools.count()


def add(cli, cost, day, *more):
    return cli.json("add", "--title", f"item {next(_names)}", "--cost", str(cost), "--size",
                    "60", "--purchased", day, "--as-of", day, *more)["id"]  # fmt: skip


def purchases(cli, layout="freee", *more) -> list[list[str]]:
    target = Path(cli.home) / f"p-{layout}.csv"
    cli.ok("export", "journal", "--purchases", "--layout", layout, *more, "-o", str(target))
    encoding = "cp932" if layout == "yayoi" else "utf-8-sig"
    body = list(csv.reader(io.StringIO(target.read_bytes().decode(encoding), newline="")))
    return body if layout == "yayoi" else body[1:]


@pytest.mark.parametrize(
    ("day", "code"),
    [("2023-09-30", "purchase_10"), ("2023-10-01", "purchase_10_credit_80"),
     ("2026-09-30", "purchase_10_credit_80"), ("2026-10-01", "purchase_10_credit_70"),
     ("2028-09-30", "purchase_10_credit_70"), ("2028-10-01", "purchase_10_credit_50"),
     ("2030-10-01", "purchase_10_credit_30"), ("2031-09-30", "purchase_10_credit_30"),
     ("2031-10-01", None)],
)  # fmt: skip
def test_a_non_registered_sellers_credit_steps_down_by_purchase_day(day, code):
    import datetime as dt

    assert credit_code(dt.date.fromisoformat(day), registered=False, used_goods=False) == code
    assert credit_code(dt.date.fromisoformat(day), registered=True, used_goods=False) == (
        "purchase_10"
    )


def test_each_purchase_is_booked_with_its_invoice_class(any_cli):
    add(any_cli, 3000, "2026-11-02", "--seller-invoice-no", "T1234567890123", "--source", "問屋")
    add(any_cli, 5000, "2026-11-03", "--seller-invoice-no", "none", "--source", "個人A")
    add(any_cli, 2000, "2026-11-04", "--used-goods", "--seller-name", "山田太郎",
        "--seller-address", "大阪市北区1-1", "--seller-invoice-no", "none")  # fmt: skip
    add(any_cli, 1000, "2026-09-01", "--source", "個人B")  # nothing stated: not registered
    any_cli.json("add", "--title", "トミカ", "--total-cost", "1000", "--qty", "3", "--size",
                 "60", "--purchased", "2026-11-05", "--seller-invoice-no", "T9999999999999")  # fmt: skip
    rows = purchases(any_cli)
    assert [(r[0], r[3], r[4], r[5], r[8], r[7]) for r in rows] == [
        ("2026/09/01", "仕入高", "課対仕入(控80) 10%", "1000", "未払金", "個人B"),
        ("2026/11/02", "仕入高", "課対仕入10%", "3000", "未払金", "問屋"),
        ("2026/11/03", "仕入高", "課対仕入(控70) 10%", "5000", "未払金", "個人A"),
        ("2026/11/04", "仕入高", "課対仕入10%", "2000", "未払金", "山田太郎"),
        ("2026/11/05", "仕入高", "課対仕入10%", "1000", "未払金", ""),  # the lot's exact total
    ]
    # The 帳簿 of a 古物商特例 purchase shows who sold it and where they live.
    assert rows[3][-1].startswith("古物商特例 山田太郎 大阪市北区1-1 仕入 ")
    assert "T1234567890123" in rows[1][-1]
    yayoi = purchases(any_cli, "yayoi")
    assert [r[7] for r in yayoi] == ["課対仕入込10%区分80%", "課対仕入込10%適格",
                                     "課対仕入込10%区分70%", "課対仕入込10%適格",
                                     "課対仕入込10%適格"]  # fmt: skip
    # 弥生's format has no 取引先 column: its 摘要 names who sold it (the 帳簿 must).
    memos = [r[16] for r in yayoi]
    assert memos[0].startswith("仕入 item ") and memos[0].endswith(" 個人B")
    assert memos[1].endswith(" 問屋 T1234567890123")
    assert memos[2].endswith(" 個人A")


def test_perpetual_books_book_purchases_to_inventory_never_to_purchases(cli):
    (cli.home / "liquidator.toml").write_text('[bookkeeping]\nmethod = "perpetual"\n',
                                              encoding="utf-8")  # fmt: skip
    add(cli, 3000, "2026-11-02", "--seller-invoice-no", "T1234567890123")
    rows = purchases(cli, "generic")
    assert [(r[2], r[3], r[4]) for r in rows] == [("商品", "3000", "0"), ("未払金", "0", "3000")]
    assert not purchases(cli, "generic", "--from", "2026-11-03")  # dated by purchase day


def test_a_sellers_purchases_beyond_the_yearly_cap_get_no_transitional_credit(cli):
    # 2027: the first calendar year (a sole trader's 課税期間) starting after 2026-10-01.
    add(cli, 60_000_000, "2027-02-01", "--source", "個人C", "--seller-invoice-no", "none")
    add(cli, 60_000_000, "2027-03-01", "--source", "個人C", "--seller-invoice-no", "none")
    add(cli, 60_000_000, "2027-03-02", "--source", "個人D", "--seller-invoice-no", "none")
    add(cli, 60_000_000, "2026-11-01", "--source", "個人E", "--seller-invoice-no", "none")
    add(cli, 60_000_000, "2026-12-01", "--source", "個人E", "--seller-invoice-no", "none")
    rows = [(r[0], r[4], int(r[5]), r[7]) for r in purchases(cli)]
    assert rows == [
        ("2026/11/01", "課対仕入(控70) 10%", 60_000_000, "個人E"),
        ("2026/12/01", "課対仕入(控70) 10%", 60_000_000, "個人E"),  # 2026: no cap yet
        ("2027/02/01", "課対仕入(控70) 10%", 60_000_000, "個人C"),
        ("2027/03/01", "課対仕入(控70) 10%", 40_000_000, "個人C"),  # up to ¥100 million
        ("2027/03/01", "対象外", 20_000_000, "個人C"),
        ("2027/03/02", "課対仕入(控70) 10%", 60_000_000, "個人D"),  # another seller
    ]


def test_a_registration_number_must_be_t_and_13_digits_or_none(cli, snapshot):
    cli.json("add", "--title", "x", "--cost", "100", "--size", "60")
    before = snapshot(cli)
    line = cli.fails(2, "add", "--title", "x", "--cost", "100", "--size", "60",
                     "--seller-invoice-no", "T12345")  # fmt: skip
    assert line == ("Error: --seller-invoice-no: 'T12345' is not a registration number "
                    "(T and 13 digits) or none")  # fmt: skip
    assert snapshot(cli) == before
    item = cli.json("add", "--title", "y", "--cost", "100", "--size", "60",
                    "--seller-invoice-no", "t-1234-5678-9012-3")  # fmt: skip
    assert item["seller_invoice_no"] == "T1234567890123"
