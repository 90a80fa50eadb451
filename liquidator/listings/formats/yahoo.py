"""ヤフオク!: the import file of オークタウン, a third-party listing tool.

ヤフオク! offers individual sellers no bulk file of its own, and its rules forbid
listing through automatic tools Yahoo has not approved and having an item on sale
elsewhere at the same time: every export carries that warning. The file is a cp932
CSV with CRLF line ends; images go beside it in a zip (``-o FILE.zip``) and 画像1…10
name them. A 1-yen start is 開始価格 1. Columns: docs/channels.md.
"""

from __future__ import annotations

from liquidator.i18n import N_
from liquidator.listings.layout import FILE_PHOTOS, Column, ListingFile, constant
from liquidator.settings.listings import YAHOO_DURATIONS

MAX_PHOTOS = 10
# 商品の状態: ヤフオク!'s six grades.
CONDITIONS = {
    "new": "未使用", "like_new": "未使用に近い", "very_good": "目立った傷や汚れなし",
    "good": "やや傷や汚れあり", "acceptable": "傷や汚れあり", "poor": "全体的に状態が悪い",
}  # fmt: skip
PAYERS = {"seller": "出品者", "buyer": "落札者"}
WARNING = N_(
    "ヤフオク! rules for individual sellers: listing through an automatic listing tool "
    "Yahoo has not approved is forbidden, and an item on sale here must not be on sale "
    "anywhere else at the same time. Upload this file only through a tool you are allowed "
    "to use, and end the item's other listings first."
)


def _photo(number: int):
    return lambda row: (row.photo_cells(FILE_PHOTOS)[number : number + 1] or [""])[0]


def _yes(flag: bool) -> str:
    return "はい" if flag else "いいえ"


def _channel(row):
    return row.settings.channels["yahoo"]


COLUMNS: tuple[Column, ...] = (
    Column("カテゴリ", lambda row: row.item.yahoo_category or ""),
    Column("タイトル", lambda row: row.title_ja),
    Column("説明", lambda row: row.item.description_ja or ""),
    Column("開始価格", lambda row: row.price),
    Column("即決価格", constant("")),
    Column("個数", lambda row: row.item.qty),
    Column("開催期間", lambda row: row.options.duration_days),
    Column("終了時間", lambda row: row.options.end_hour),
    *(Column(f"画像{n + 1}", _photo(n)) for n in range(MAX_PHOTOS)),
    Column("商品発送元の都道府県", lambda row: row.options.prefecture),
    Column("送料負担", lambda row: PAYERS[row.options.shipping_payer]),
    Column("商品の状態", lambda row: CONDITIONS[row.item.condition]),
    Column("自動延長", lambda row: _yes(row.options.auto_extend)),
    # The relists and the cut at each (自動値下げ, percent) the plan counts on.
    Column("自動再出品", lambda row: _channel(row).max_relists),
    Column("自動値下げ", lambda row: round(_channel(row).relist_cut * 100)),
)


def _check(options, where: str) -> None:
    from liquidator.errors import InvalidInput
    from liquidator.i18n import _

    if not options.prefecture:
        raise InvalidInput(
            f"{where} prefecture",
            _("set the prefecture you ship from, like 東京都"),
        )
    if options.duration_days not in YAHOO_DURATIONS:
        raise InvalidInput(
            f"{where} duration_days",
            _("an auction runs {days} days, got {value}").format(
                days=", ".join(map(str, YAHOO_DURATIONS)), value=options.duration_days
            ),
        )
    if not 0 <= options.end_hour <= 23:
        raise InvalidInput(
            f"{where} end_hour", _("an hour 0..23, got {value}").format(value=options.end_hour)
        )


LISTING = ListingFile(
    extension="csv",
    name="yahoo",
    label="ヤフオク!",
    channel=lambda settings: "yahoo",
    options=lambda settings: settings.listings.yahoo,
    encoding="cp932",
    delimiter=",",
    line_end="\r\n",
    head=lambda settings: [[column.header for column in COLUMNS]],
    columns=COLUMNS,
    needs=("condition", "description_ja", "yahoo_category", FILE_PHOTOS),
    conditions=CONDITIONS,
    title_max=65,
    photos=FILE_PHOTOS,
    max_photos=MAX_PHOTOS,
    zips_images=True,
    warning=WARNING,
    check_options=_check,
)
