"""``[listings.*]`` in ``liquidator.toml``: the seller's own defaults for each listing
file (``liquidator listings export``), one frozen dataclass per file, as ``sections``
shapes every other section.

Values a site's template carries that may change without notice (a template's
``Version``) are settings, so a seller can match the template they downloaded. Where
each one comes from: docs/channels.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from liquidator.settings.values import setting

EBAY_FORMATS = ("FixedPrice", "Auction")
# eBay's auction lengths, in days.
EBAY_AUCTION_DAYS = (3, 5, 7, 10)
SHIPPING_PAYERS = ("seller", "buyer")
YAHOO_DURATIONS = (2, 3, 4, 5, 6, 7)


@dataclass(frozen=True)
class AmazonJpListing:
    """Amazon.co.jp's 出品ファイル(L) and 価格と数量変更ファイル."""

    # The Version cell of row 1 of each template (check the one you downloaded).
    offer_version: str = setting("text", "2020.0909")
    price_inventory_version: str = setting("text", "2018.0924")
    # condition-note for every row (empty: none); leadtime-to-ship in days (0: blank,
    # Amazon's default).
    condition_note: str = setting("reply_text", "")
    leadtime_days: int = setting("days", 0)


@dataclass(frozen=True)
class EbayListing:
    """eBay's Seller Hub Reports upload (the FX_LISTING file)."""

    version: str = setting("text", "1193")
    site_id: str = setting("text", "US")
    country: str = setting("code", "JP")
    currency: str = setting("code", "USD")
    # Yen per US dollar for prices (0: give --rate each time).
    usd_rate: float = setting("positive", 0.0)
    # FixedPrice (Good 'Til Cancelled) or Auction (auction_days long).
    format: str = setting("choice", "FixedPrice", choices=EBAY_FORMATS)
    auction_days: int = setting("days", 7)  # one of EBAY_AUCTION_DAYS
    location: str = setting("text", "Japan")
    # Business policies by name, as in Seller Hub (empty: the account's default).
    shipping_profile: str = setting("reply_text", "")
    return_profile: str = setting("reply_text", "")
    payment_profile: str = setting("reply_text", "")


@dataclass(frozen=True)
class MercariShopsListing:
    """メルカリShops' bulk listing CSV."""

    # The scored channel whose suggested price a メルカリShops listing asks, and which
    # --mark-listed records (a [channels.NAME] of your own, or mercari switched on).
    channel: str = setting("name", "mercari")
    # Codes of the template: 配送方法 (1 らくらくメルカリ便), 発送元の地域 (jp01…jp47, empty:
    # say it here before the first export), 発送までの日数 (1: 1-2 days, 2: 2-3, 3: 4-7),
    # 商品ステータス (1 private, 2 public: private lets you check before buyers see it).
    shipping_method: str = setting("text", "1")
    ship_from: str = setting("reply_text", "")
    ship_days: str = setting("choice", "1", choices=("1", "2", "3"))
    status: str = setting("choice", "1", choices=("1", "2"))
    shipping_payer: str = setting("choice", "seller", choices=SHIPPING_PAYERS)


@dataclass(frozen=True)
class YahooListing:
    """The オークタウン import for ヤフオク! (a third-party tool's CSV)."""

    # 商品発送元の都道府県 as written there (東京都); empty: say it before the first export.
    prefecture: str = setting("reply_text", "")
    shipping_payer: str = setting("choice", "buyer", choices=SHIPPING_PAYERS)
    # 開催期間 in days (2..7) and 終了時間 (the hour it ends, 0..23).
    duration_days: int = setting("days", 7)  # one of YAHOO_DURATIONS
    end_hour: int = setting("days", 22)  # 0..23
    auto_extend: bool = setting("bool", True)


@dataclass(frozen=True)
class ListingsSettings:
    """``[listings.amazon_jp]``, ``[listings.ebay]``, ``[listings.mercari_shops]``,
    ``[listings.yahoo]``."""

    amazon_jp: AmazonJpListing = field(default_factory=AmazonJpListing)
    ebay: EbayListing = field(default_factory=EbayListing)
    mercari_shops: MercariShopsListing = field(default_factory=MercariShopsListing)
    yahoo: YahooListing = field(default_factory=YahooListing)
