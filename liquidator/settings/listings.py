"""``[listings.*]`` in ``liquidator.toml``: the seller's own defaults for each listing
file (``liquidator listings export``), one frozen model per file, as ``sections``
shapes every other section.

Values a site's template carries that may change without notice (a template's
``Version``) are settings, so a seller can match the template they downloaded. Where
each one comes from: docs/channels.md.
"""

from typing import Annotated, Literal

from pydantic import Field

from liquidator.settings.values import Days, Measure, ReplyText, Section, Text

EBAY_FORMATS = ("FixedPrice", "Auction")
# eBay's auction lengths, in days.
EBAY_AUCTION_DAYS = (3, 5, 7, 10)
SHIPPING_PAYERS = ("seller", "buyer")
YAHOO_DURATIONS = (2, 3, 4, 5, 6, 7)
ShippingPayer = Literal["seller", "buyer"]
Hour = Annotated[int, Field(ge=0, le=23)]


class AmazonJpListing(Section):
    """Amazon.co.jp's 出品ファイル(L) and 価格と数量変更ファイル."""

    # The Version cell of row 1 of each template (check the one you downloaded).
    offer_version: Text = "2020.0909"
    price_inventory_version: Text = "2018.0924"
    # condition-note for every row (empty: none); leadtime-to-ship in days (0: blank,
    # Amazon's default).
    condition_note: ReplyText = ""
    leadtime_days: Days = 0


class EbayListing(Section):
    """eBay's Seller Hub Reports upload (the FX_LISTING file)."""

    version: Text = "1193"
    site_id: Text = "US"
    country: Text = "JP"
    currency: Text = "USD"
    # Yen per US dollar for prices (0: give --rate each time).
    usd_rate: Measure = 0.0
    # FixedPrice (Good 'Til Cancelled) or Auction (auction_days long).
    format: Literal["FixedPrice", "Auction"] = "FixedPrice"
    auction_days: Days = 7  # one of EBAY_AUCTION_DAYS, checked when the file is written
    location: Text = "Japan"
    # Business policies by name, as in Seller Hub (empty: the account's default).
    shipping_profile: ReplyText = ""
    return_profile: ReplyText = ""
    payment_profile: ReplyText = ""


class MercariShopsListing(Section):
    """メルカリShops' bulk listing CSV."""

    # The scored channel whose suggested price a メルカリShops listing asks, and which
    # --mark-listed records (a [channels.NAME] of your own, or mercari switched on).
    channel: Text = "mercari"
    # Codes of the template: 配送方法 (1 らくらくメルカリ便), 発送元の地域 (jp01…jp47, empty:
    # say it here before the first export), 発送までの日数 (1: 1-2 days, 2: 2-3, 3: 4-7),
    # 商品ステータス (1 private, 2 public: private lets you check before buyers see it).
    shipping_method: Text = "1"
    ship_from: ReplyText = ""
    ship_days: Literal["1", "2", "3"] = "1"
    status: Literal["1", "2"] = "1"
    shipping_payer: ShippingPayer = "seller"


class YahooListing(Section):
    """The オークタウン import for ヤフオク! (a third-party tool's CSV)."""

    # 商品発送元の都道府県 as written there (東京都); empty: say it before the first export.
    prefecture: ReplyText = ""
    shipping_payer: ShippingPayer = "buyer"
    # 開催期間 in days (one of YAHOO_DURATIONS, checked when the file is written) and
    # 終了時間 (the hour it ends).
    duration_days: Days = 7
    end_hour: Hour = 22
    auto_extend: bool = True


class ListingsSettings(Section):
    """``[listings.amazon_jp]``, ``[listings.ebay]``, ``[listings.mercari_shops]``,
    ``[listings.yahoo]``."""

    amazon_jp: AmazonJpListing = Field(default_factory=AmazonJpListing.model_construct)
    ebay: EbayListing = Field(default_factory=EbayListing.model_construct)
    mercari_shops: MercariShopsListing = Field(default_factory=MercariShopsListing.model_construct)
    yahoo: YahooListing = Field(default_factory=YahooListing.model_construct)
