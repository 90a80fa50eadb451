"""The default channels and shipping tables. Where each figure comes from: docs/scoring.md.

The defaults are built with pydantic's ``model_construct``, without validation, so a
command does not check the same constants on every start; tests/test_settings.py
validates every one of them.
"""

from __future__ import annotations

from liquidator.settings.sections import (
    ChannelSettings,
    HoldingSettings,
    ParcelSettings,
    Settings,
    ShippingTable,
)

AMAZON_JP_CATEGORY_RATES = {
    "electronics": 0.08,
    "家電": 0.08,
    "camera": 0.08,
    "cameras": 0.08,
    "カメラ": 0.08,
    "pc": 0.08,
    "computers": 0.08,
    "パソコン": 0.08,
    "toys": 0.10,
    "toy": 0.10,
    "おもちゃ": 0.10,
    "hobby": 0.10,
    "ホビー": 0.10,
    "sports": 0.10,
    "スポーツ": 0.10,
    "car": 0.10,
    "カー用品": 0.10,
    "books": 0.15,
    "book": 0.15,
    "本": 0.15,
    "media": 0.15,
    "music": 0.15,
    "dvd": 0.15,
    "beauty": (0.08, 1_500, 0.10),
    "ビューティー": (0.08, 1_500, 0.10),
}

# Goods made for Japan fetch a premium abroad; US brands sell for less than at home.
EBAY_CATEGORY_RATIOS = {
    "knives": 1.50, "knife": 1.50, "包丁": 1.50,
    "anime": 1.50, "アニメ": 1.50, "figure": 1.50, "figures": 1.50, "フィギュア": 1.50,
    "camera": 1.30, "cameras": 1.30, "カメラ": 1.30, "lens": 1.30, "lenses": 1.30,
    "レンズ": 1.30,
    "us brand": 0.90, "us-brand": 0.90, "海外ブランド": 0.90,
}  # fmt: skip
# Buy-back shops pay most for what they can resell at once: sealed consoles and new
# camera gear.
KAITORI_CATEGORY_RATIOS = {
    "console": 0.80, "consoles": 0.80, "ゲーム機": 0.80,
    "camera": 0.75, "cameras": 0.75, "カメラ": 0.75, "lens": 0.75, "lenses": 0.75,
    "レンズ": 0.75,
}  # fmt: skip
TRADING_CARDS = ("trading cards", "trading card", "tcg", "トレカ", "トレーディングカード")

CHANNELS: dict[str, ChannelSettings] = {
    "yahoo": ChannelSettings.model_construct(
        label="Yahoo! Auctions",
        label_ja="ヤフオク!",
        price_ratio=0.85,
        days_to_cash=10,
        fee_rate=0.10,
        packaging=100,
        shipping="domestic",
        auction=True,
        sells_within_days=7,
        stale_limit_days=28,
        # Listing mechanics (ガイドライン細則 A-3; 自動再出品 and 自動値下げ): docs/scoring.md.
        auction_days=7,
        max_relists=3,
        relist_cut=0.10,
        exclusive_listing=True,
        # 落札システム利用料 and おてがる配送 come out of the 売上金 (docs/bookkeeping.md).
        shipping_settled="deducted",
        blurb="a 1-yen-start auction draws bids within a week but can close low",
        blurb_ja="1円スタートのオークションは1週間以内に入札が集まるが、安く終わることもある",
    ),
    "amazon_jp": ChannelSettings.model_construct(
        label="Amazon.co.jp",
        label_ja="Amazon.co.jp",
        price_ratio=0.95,
        days_to_cash=21,
        fee_rate=0.10,
        fee_min=30,
        fixed_fee=100,
        packaging=100,
        shipping="domestic",
        low_price_below=750,
        low_price_rate=0.05,
        category_rates=AMAZON_JP_CATEGORY_RATES,
        refused_categories=TRADING_CARDS,
        sells_within_days=14,
        stale_limit_days=60,
        blurb="sells near market price to domestic buyers; payout every two weeks",
        blurb_ja="国内の購入者に相場近くで売れる。入金は2週間ごと",
    ),
    "ebay": ChannelSettings.model_construct(
        label="eBay",
        label_ja="eBay",
        price_ratio=1.20,
        days_to_cash=30,
        # 13.6% final value fee + 1.65% international fee.
        fee_rate=0.1525,
        # 0.40 USD per order at about 150 JPY/USD.
        fixed_fee=60,
        # Payoneer conversion to JPY.
        payout_rate=0.02,
        packaging=300,
        shipping="us_courier",
        allows_hazmat=False,
        overseas=True,
        # An export sale: exempt from consumption tax (輸出免税), the basis of a refund.
        sales_tax="export",
        # eBay's fees come out of the payout; the courier's label is billed to a card.
        category_ratios=EBAY_CATEGORY_RATIOS,
        sells_within_days=21,
        stale_limit_days=90,
        blurb="overseas buyers pay more, but international shipping and FX eat into it",
        blurb_ja="海外の購入者は高く買うが、国際送料と為替で目減りする",
    ),
    "mercari": ChannelSettings.model_construct(
        label="Mercari",
        label_ja="メルカリ",
        # Off by default: Mercari is meant for personal sellers (businesses are steered to
        # メルカリShops). Switch on with [channels.mercari] enabled = true.
        enabled=False,
        price_ratio=0.85,
        days_to_cash=14,
        fee_rate=0.10,
        packaging=50,
        shipping="mercari",
        # Its fee and らくらくメルカリ便 come out of the 売上金.
        shipping_settled="deducted",
        sells_within_days=10,
        stale_limit_days=45,
        blurb="sells quickly near market price with flat らくらくメルカリ便 shipping",
        blurb_ja="らくらくメルカリ便の定額送料で、相場近くですぐ売れる",
    ),
    "kaitori": ChannelSettings.model_construct(
        label="Buy-back shop",
        label_ja="買取",
        price_kind="offer",
        price_ratio=0.25,
        category_ratios=KAITORI_CATEGORY_RATIOS,
        days_to_cash=3,
        # Sent in by parcel; free pickup (the shop pays) from this much per box.
        shipping="domestic",
        free_shipping_from=10_000,
        sells_within_days=1,
        paid_later=False,
        # The shop pays its full offer; the seller paid the parcel in cash.
        paid_from="petty_cash",
        blurb="cash within days, but pays a fraction of resale value (more for sealed "
        "consoles and camera gear)",
        blurb_ja="数日で現金化できるが、買取額は相場の一部（未開封のゲーム機やカメラは高め）",
    ),
    "supplier_return": ChannelSettings.model_construct(
        label="Return to supplier",
        label_ja="仕入先返品",
        disposal="supplier_refund",
        price_basis="cost",
        price_ratio=1.0,
        days_to_cash=14,
        # fee_rate here is the shop's restocking fee.
        packaging=100,
        shipping="domestic",
        needs_return_window=True,
        # The restocking fee comes out of the refund; the return parcel is paid in cash.
        paid_from="petty_cash",
        sells_within_days=7,
        blurb="refunds the cost inside the return window, less return shipping",
        blurb_ja="返品期限内なら仕入値が戻る（返送料は自己負担）",
    ),
    # The floor: no cash back, nothing more spent (fixed_fee: a disposal fee per unit).
    "writeoff": ChannelSettings.model_construct(
        label="Write-off",
        label_ja="廃棄・譲渡",
        last_resort=True,
        disposal="writeoff",
        price_kind="none",
        price_ratio=0.0,
        days_to_cash=0,
        shipping="none",
        sells_within_days=1,
        # A disposal fee (fixed_fee) is a municipal charge paid in cash: 雑費, outside the
        # consumption tax.
        fees_settled="paid_separately",
        paid_from="petty_cash",
        fee_tax="outside",
        fee_account="other_costs",
        blurb="thrown away, given away or bundled into a lot: no cash, the cost is a loss",
        blurb_ja="まとめ売りに回す場合も含め、現金は戻らず原価は損失になる",
    ),
}

SHIPPING: dict[str, ShippingTable] = {
    "domestic": ShippingTable.model_construct(
        kind="parcel",
        label="domestic parcel",
        label_ja="宅配便",
        rates={
            60: 900,
            80: 1_150,
            100: 1_450,
            120: 1_750,
            140: 2_100,
            160: 2_400,
            180: 2_900,
            200: 3_400,
        },
        # クリックポスト
        compact_rate=185,
        compact_max_cm=(34.0, 25.0, 3.0),
        compact_max_g=1_000,
    ),  # fmt: skip
    "mercari": ShippingTable.model_construct(
        kind="parcel",
        label="らくらくメルカリ便",
        label_ja="らくらくメルカリ便",
        rates={
            60: 750,
            80: 850,
            100: 1_050,
            120: 1_200,
            140: 1_450,
            160: 1_700,
            180: 2_100,
            200: 2_500,
        },
        # ネコポス
        compact_rate=210,
        compact_max_cm=(31.2, 22.8, 3.0),
        compact_max_g=1_000,
    ),  # fmt: skip
    # Japan Post stopped commercial parcels to the US on 2025-08-27: couriers only there,
    # and eBay wants duty paid by the seller (DDP) on orders under US$2,500.
    "us_courier": ShippingTable.model_construct(
        kind="weight",
        label="courier to the US",
        label_ja="米国向け国際宅配便",
        duty_rate=0.15,
        duty_processing_rate=0.021,
        duty_parcel_fee=225,
        # US$2,500 at about 150 JPY/USD.
        ddp_below=375_000,
        duty_in_price=1.0,
        brackets=(
            (500, 2_400),
            (1_000, 3_200),
            (1_500, 4_000),
            (2_000, 4_800),
            (3_000, 6_300),
            (5_000, 9_300),
            (7_500, 12_800),
            (10_000, 16_000),
        ),
        volumetric_divisor=5_000.0,
        allows_hazmat=False,
    ),  # fmt: skip
    "epacket_light": ShippingTable.model_construct(
        kind="weight",
        label="ePacket Light",
        label_ja="国際eパケットライト",
        brackets=((250, 900), (500, 1_300), (1_000, 2_100), (1_500, 2_900), (2_000, 3_700)),
        max_side_sum_cm=90.0,
        max_longest_cm=60.0,
        allows_hazmat=False,
    ),
    "none": ShippingTable.model_construct(kind="none", label="no shipping", label_ja="送料なし"),
}

PARCELS = ParcelSettings.model_construct(
    estimated_weight_g={60: 1_000, 80: 2_000, 100: 4_000, 120: 6_000, 140: 8_000,
                        160: 10_000, 180: 12_000, 200: 15_000},
)  # fmt: skip

HOLDING = HoldingSettings.model_construct(
    target_days={60: 30, 80: 30, 100: 21, 120: 21, 140: 14, 160: 14, 180: 14, 200: 14},
)

DEFAULTS = Settings.model_construct(
    channels=CHANNELS, shipping=SHIPPING, parcels=PARCELS, holding=HOLDING
)
