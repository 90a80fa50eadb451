"""Amazon.co.jp: the 出品ファイル(L) (Listing Loader, ``TemplateType=Offer``) for offers on
existing ASINs, and the 価格と数量変更ファイル (``TemplateType=PriceInventory``).

Both are tab-delimited Shift_JIS (cp932) text with three rows above the data: the
template type and version, the Japanese labels, the field names (Seller Central help;
docs/channels.md). In the price file a blank cell keeps the listing's current value,
so a revision fills only ``sku`` and ``price``.
"""

from __future__ import annotations

from liquidator.listings.layout import Column, ListingFile, RevisionFile, constant

_OFFER = (
    ("sku", "商品管理番号", lambda row: row.sku),
    ("price", "販売価格", lambda row: row.price),
    ("quantity", "在庫数", lambda row: row.item.qty),
    ("product-id", "商品コード(JANコード等)", lambda row: row.item.asin or ""),
    ("product-id-type", "商品コードのタイプ", constant("ASIN")),
    ("condition-type", "商品のコンディション", lambda row: CONDITIONS[row.item.condition]),
    ("condition-note", "商品のコンディション説明", lambda row: row.options.condition_note),
    ("leadtime-to-ship", "リードタイム(出荷までにかかる作業日数)",
     lambda row: row.options.leadtime_days or ""),
)  # fmt: skip
# Amazon's condition-type words; a poor item is not sellable there.
CONDITIONS = {
    "new": "New", "like_new": "UsedLikeNew", "very_good": "UsedVeryGood", "good": "UsedGood",
    "acceptable": "UsedAcceptable",
}  # fmt: skip

LISTING = ListingFile(
    extension="txt",
    name="amazon_jp",
    label="Amazon.co.jp",
    channel=lambda settings: "amazon_jp",
    options=lambda settings: settings.listings.amazon_jp,
    encoding="cp932",
    delimiter="\t",
    line_end="\r\n",
    head=lambda settings: [
        ["TemplateType=Offer", f"Version={settings.listings.amazon_jp.offer_version}"],
        [label for _name, label, _cell in _OFFER],
        [name for name, _label, _cell in _OFFER],
    ],
    columns=tuple(Column(name, cell) for name, _label, cell in _OFFER),
    needs=("asin", "condition"),
    conditions=CONDITIONS,
)

_PRICE_INVENTORY = (
    ("sku", "商品管理番号", lambda row: row.sku),
    ("price", "販売価格", lambda row: row.price),
    ("minimum-seller-allowed-price", "最低出品価格", constant("")),
    ("maximum-seller-allowed-price", "最高出品価格", constant("")),
    ("quantity", "在庫数", constant("")),
    ("fulfillment-channel", "フルフィルメントチャネル", constant("")),
    ("handling-time", "出荷作業日数", constant("")),
)

REVISION = RevisionFile(
    name="amazon_jp",
    label="Amazon.co.jp",
    encoding="cp932",
    delimiter="\t",
    line_end="\r\n",
    head=lambda settings: [
        [
            "TemplateType=PriceInventory",
            f"Version={settings.listings.amazon_jp.price_inventory_version}",
        ],
        [label for _name, label, _cell in _PRICE_INVENTORY],
        [name for name, _label, _cell in _PRICE_INVENTORY],
    ],
    columns=tuple(Column(name, cell) for name, _label, cell in _PRICE_INVENTORY),
)
