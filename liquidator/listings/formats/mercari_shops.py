"""メルカリShops: the bulk listing CSV (商品一括登録).

UTF-8 with a BOM, one header row of the template's columns in its order, CRLF line
ends. Pictures are named in 商品画像名_1…20: a file by its name (``-o FILE.zip`` puts the
files beside the CSV) or a web address as it is. Price ¥300–9,999,999. The template's
columns were confirmed only as far as docs/channels.md says: the rest of the official
file (87 columns) is not written, and ``COLUMNS`` is the one place to add them.
"""

from __future__ import annotations

from liquidator.listings.layout import FILE_PHOTOS, Column, ListingFile, constant

MAX_PHOTOS = 20
SKU_SLOTS = 10
# 商品の状態: the six grades, as the template numbers them.
CONDITIONS = {
    "new": "1", "like_new": "2", "very_good": "3", "good": "4", "acceptable": "5", "poor": "6",
}  # fmt: skip
# 配送料の負担: 1 the seller (送料込み), 2 the buyer (着払い).
PAYERS = {"seller": "1", "buyer": "2"}


def _photo(number: int):
    return lambda row: (row.photo_cells(FILE_PHOTOS)[number : number + 1] or [""])[0]


def _sku(slot: int) -> tuple[Column, ...]:
    if slot > 1:  # one kind per item: the other SKU slots stay empty
        return tuple(
            Column(f"SKU{slot}_{name}", constant(""))
            for name in ("種類", "在庫数", "商品管理コード", "JANコード")
        )
    return (
        Column("SKU1_種類", constant("")),
        Column("SKU1_在庫数", lambda row: row.item.qty),
        Column("SKU1_商品管理コード", lambda row: row.sku),
        Column("SKU1_JANコード", lambda row: row.item.jan or ""),
    )


COLUMNS: tuple[Column, ...] = (
    *(Column(f"商品画像名_{n + 1}", _photo(n)) for n in range(MAX_PHOTOS)),
    Column("商品名", lambda row: row.title_ja),
    Column("商品説明", lambda row: row.item.description_ja or ""),
    *(column for slot in range(1, SKU_SLOTS + 1) for column in _sku(slot)),
    Column("ブランドID", constant("")),
    Column("販売価格", lambda row: row.price),
    Column("カテゴリID", lambda row: row.item.mercari_category or ""),
    Column("商品の状態", lambda row: CONDITIONS[row.item.condition]),
    Column("配送方法", lambda row: row.options.shipping_method),
    Column("発送元の地域", lambda row: row.options.ship_from),
    Column("発送までの日数", lambda row: row.options.ship_days),
    Column("商品ステータス", lambda row: row.options.status),
    Column("配送料の負担", lambda row: PAYERS[row.options.shipping_payer]),
    Column("送料ID", constant("")),
    Column("メルカリBiz配送_クール区分", constant("")),
)


def _check(options, where: str) -> None:
    import re

    from liquidator.errors import InvalidInput
    from liquidator.i18n import _

    if not re.fullmatch(r"jp(0[1-9]|[1-3][0-9]|4[0-7])", options.ship_from):
        raise InvalidInput(
            f"{where} ship_from",
            _('set the prefecture you ship from as a code like "jp13" (東京都), got {value!r}')
            .format(value=options.ship_from),
        )  # fmt: skip


LISTING = ListingFile(
    extension="csv",
    name="mercari_shops",
    label="メルカリShops",
    channel=lambda settings: settings.listings.mercari_shops.channel,
    options=lambda settings: settings.listings.mercari_shops,
    encoding="utf-8-sig",
    delimiter=",",
    line_end="\r\n",
    head=lambda settings: [[column.header for column in COLUMNS]],
    columns=COLUMNS,
    needs=("condition", "description_ja", "mercari_category", FILE_PHOTOS),
    conditions=CONDITIONS,
    price_range=(300, 9_999_999),
    title_max=130,
    photos=FILE_PHOTOS,
    max_photos=MAX_PHOTOS,
    zips_images=True,
    check_options=_check,
)
