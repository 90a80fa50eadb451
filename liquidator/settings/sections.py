"""The settings' shape: one frozen pydantic model per ``liquidator.toml`` section.

Every number the scoring, the report, the cancel-rate watch and the bookkeeping use
is a field here, typed by its kind (``values``: a ``Fraction`` is 0 to 1, a table by
parcel class must not fall as boxes grow); its default lives in ``defaults`` and its
source in docs/scoring.md. Channels and shipping tables, the named entries, are in
``channels``.
"""

from functools import cached_property
from typing import Any, Literal

from pydantic import Field, model_validator

from liquidator.i18n import _
from liquidator.settings.channels import (
    DISPOSAL_KINDS,
    ChannelSettings,
    ShippingTable,
    check_switched_on,
)
from liquidator.settings.listings import ListingsSettings
from liquidator.settings.messages import unknown
from liquidator.settings.values import (
    Buckets,
    ClassDays,
    ClassGrams,
    Credential,
    Days,
    Fraction,
    Measure,
    Rate,
    ReplyText,
    Section,
    Text,
    TimeZone,
    problem,
)

__all__ = ["DISPOSAL_KINDS", "ChannelSettings", "ShippingTable", "check_switched_on"]

# 三分法 (sanbunpo: purchases are expenses, the year-end stock count adjusts cost of
# goods) or perpetual (cost of goods posted with each sale).
BookkeepingMethod = Literal["sanbunpo", "perpetual"]
Language = Literal["", "en", "ja"]
MemoLanguage = Literal["en", "ja"]
FxFeeAccount = Literal["fees", "fx_loss"]


class ParcelSettings(Section):
    """What liquidator assumes about a parcel it knows only by its size class."""

    estimated_weight_g: ClassGrams = {}


class HoldingSettings(Section):
    """What keeping an item costs per day: capital and space (docs/scoring.md §5).

    Capital: the money the item would fetch, earning the seller's return on recycled
    cash (money back buys the next item to resell): ``margin_per_turn`` ×
    ``turns_per_year`` (10% × 12 = 120% a year) unless ``annual_rate`` is set outright.
    Space: rent on the box's litres; past the target the box is dead stock on a shelf
    that turning stock would use, and it is charged more and more of what that stock
    would earn there. Value never raises the urgency, size does.
    """

    margin_per_turn: Fraction = 0.10
    turns_per_year: Rate = 12.0
    # 0 = derived from margin_per_turn × turns_per_year.
    annual_rate: Rate = 0.0
    # 13,000 yen/month for one tatami (1.62 m2) x 2.0 m usable height = 3,240 L -> ~4.0.
    storage_yen_per_litre_month: Measure = 4.0
    # Days to keep trying the best-paying channel, by parcel class: big boxes leave sooner.
    target_days: ClassDays = {}
    # The turning stock a litre of shelf holds (yen), and the least room a stored item
    # takes (a slot: a size-60 box, 7.5 L, and as much again to reach it).
    shelf_stock_yen_per_litre: Measure = 1_000.0
    shelf_slot_litres: Measure = 15.0
    # Past the target, the share of that stock's earnings charged to the item grows by
    # urgency_growth per target period, up to urgency_cap (1: all of it).
    urgency_growth: Rate = 1.5
    urgency_cap: Rate = 1.0

    @property
    def waiting_rate(self) -> float:
        """The yearly price of waiting: ``annual_rate``, or margin × turns."""
        return self.annual_rate or self.margin_per_turn * self.turns_per_year

    @property
    def storage_yen_per_litre_day(self) -> float:
        """Storage rent per litre per day (a month is 365/12 days)."""
        return self.storage_yen_per_litre_month * 12 / 365


class CalibrationSettings(Section):
    """How far learned channel ratios move away from the defaults."""

    # Pseudo-count: with n recorded sales, learned = (n*observed + k*default) / (n + k);
    # 1 lets five consistent sales move a value 5/6 of the way to the seller's own.
    k: Rate = 1.0


class CancelRateSettings(Section):
    """Seller-cancel rate thresholds over Amazon's 7-day window."""

    private_limit: Fraction = 0.02
    amazon_limit: Fraction = 0.025


class AccountsSettings(Section):
    """Account names used in the bookkeeping journal, one per kind of line.

    The defaults are the names 弥生会計, マネーフォワード クラウド会計 and freee register
    for a sole trader; set English names (or your own) in ``[accounts]``.
    """

    cash: Text = "普通預金"
    receivable: Text = "売掛金"
    fees: Text = "支払手数料"
    shipping: Text = "荷造運賃"
    sales: Text = "売上高"
    purchases: Text = "仕入高"
    # 三分法: a supplier's refund reduces purchases; perpetual: it returns stock.
    purchase_returns: Text = "仕入返品"
    cost_of_goods: Text = "売上原価"
    inventory: Text = "商品"
    loss: Text = "雑損失"
    # Only when a disposal's net cash is not price − fees − shipping (e.g. packaging),
    # and a write-off's disposal fee.
    other_costs: Text = "雑費"
    # Costs paid separately (a channel's ``paid_from``): by card, or in cash.
    payable: Text = "未払金"
    petty_cash: Text = "現金"
    # What a supplier owes back for a return (not a sale, so not 売掛金).
    refund_receivable: Text = "未収入金"
    # The payout's currency conversion, when ``[bookkeeping] fx_fee_account = "fx_loss"``.
    fx_loss: Text = "為替差損"


class UiSettings(Section):
    """How liquidator talks to a person."""

    # "en" or "ja"; empty: from the locale (LANG=ja_JP.UTF-8 → ja).
    lang: Language = ""
    # The zone times are shown in (an IANA name, "Asia/Tokyo"); empty: the computer's.
    timezone: TimeZone = ""


class RepliesSettings(Section):
    """How replies to buyers are signed (they stay English: Amazon.com buyers)."""

    # Your shop's name in the replies ({shop}); --shop overrides; empty: the sentence
    # naming the shop is left out.
    shop: ReplyText = ""
    # Lines added under every reply, e.g. "Taro Yamada\nExample Shop, Osaka, Japan".
    signature: ReplyText = ""


class BookkeepingSettings(Section):
    """How the journal is kept (see docs/bookkeeping.md)."""

    method: BookkeepingMethod = "sanbunpo"
    # The language of the journal's 摘要 (the channel's name in it): fixed here, so two
    # exports of one month are the same bytes whatever the interface language.
    memo_lang: MemoLanguage = "ja"
    # Where the payout's currency conversion (eBay via Payoneer) is booked: 支払手数料
    # ("fees") or 為替差損 ("fx_loss"); either way outside the consumption tax.
    fx_fee_account: FxFeeAccount = "fees"
    # A client's own 税区分 names, by layout and tax code:
    # [bookkeeping.tax_names.yayoi] purchase_10 = "課対仕入込10%適格".
    tax_names: dict[str, dict[str, str]] = {}
    # Book each item's purchase in the journal (仕入高, or 商品 for perpetual books) with
    # its インボイス class; off when purchases reach the books another way (a card feed).
    purchases: bool = False


class ReportSettings(Section):
    """Weekly report options."""

    buckets: Buckets = (30, 60, 90)


class MarketSettings(Section):
    """Where an item's market price comes from, and when a falling price counts.

    The market price is the freshest price observed on ``channel`` within
    ``max_age_days`` (else the typed ``--market-price``, else the cost); every
    channel's ratio turns it into what that channel pays. A price that fell more than
    ``fall_share`` over ``fall_days`` adds what the item loses a day to the cost of
    waiting.
    """

    channel: Text = "amazon_jp"
    max_age_days: Days = 14
    fall_share: Fraction = 0.10
    fall_days: Days = 30


class SpApiSource(Section):
    """Selling Partner API credentials (Login with Amazon); never printed."""

    refresh_token: Credential = ""
    lwa_app_id: Credential = ""
    lwa_client_secret: Credential = ""


class KeepaSource(Section):
    """A Keepa API access key; never printed."""

    api_key: Credential = ""


class SourcesSettings(Section):
    """Credentials of the market data sources (``[sources.sp_api]``, ``[sources.keepa]``)."""

    sp_api: SpApiSource = Field(default_factory=SpApiSource.model_construct)
    keepa: KeepaSource = Field(default_factory=KeepaSource.model_construct)


class Settings(Section):
    """All settings. ``channels`` keeps the channel order (it breaks ties in scoring).

    ``sources`` maps a dotted key (``channels.yahoo.fee_rate``) to where its value came
    from when that was not the default: the TOML file's path, or ``calibration``.
    """

    channels: dict[str, ChannelSettings]
    shipping: dict[str, ShippingTable]
    # A section left out is its defaults, built without checking them again (the
    # defaults are valid: tests/test_settings.py validates them).
    parcels: ParcelSettings = Field(default_factory=ParcelSettings.model_construct)
    holding: HoldingSettings = Field(default_factory=HoldingSettings.model_construct)
    calibration: CalibrationSettings = Field(default_factory=CalibrationSettings.model_construct)
    cancel_rate: CancelRateSettings = Field(default_factory=CancelRateSettings.model_construct)
    accounts: AccountsSettings = Field(default_factory=AccountsSettings.model_construct)
    bookkeeping: BookkeepingSettings = Field(default_factory=BookkeepingSettings.model_construct)
    report: ReportSettings = Field(default_factory=ReportSettings.model_construct)
    ui: UiSettings = Field(default_factory=UiSettings.model_construct)
    replies: RepliesSettings = Field(default_factory=RepliesSettings.model_construct)
    market: MarketSettings = Field(default_factory=MarketSettings.model_construct)
    # [sources.*] in liquidator.toml (``sources`` below is where each value came from).
    price_sources: SourcesSettings = Field(default_factory=SourcesSettings.model_construct)
    # [listings.*]: the seller's defaults for each listing file.
    listings: ListingsSettings = Field(default_factory=ListingsSettings.model_construct)
    sources: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _sections_agree(self) -> "Settings":
        limits = self.cancel_rate
        if limits.private_limit > limits.amazon_limit:
            raise problem(
                _("{private:g} is above amazon_limit ({amazon:g})").format(
                    private=limits.private_limit, amazon=limits.amazon_limit
                ),
                key=("cancel_rate", "private_limit"),
            )
        for name, channel in self.channels.items():
            if channel.shipping not in self.shipping:
                raise problem(
                    unknown(_("unknown shipping table"), channel.shipping, self.shipping),
                    key=("channels", name, "shipping"),
                )
        if self.market.channel not in self.channels:
            raise problem(
                unknown(_("unknown channel"), self.market.channel, self.channels),
                key=("market", "channel"),
            )
        return self

    @cached_property
    def scored_channels(self) -> dict[str, ChannelSettings]:
        """The channels recommendations compare, in settings order."""
        return {name: c for name, c in self.channels.items() if c.scored}

    @cached_property
    def quotable_channels(self) -> dict[str, ChannelSettings]:
        """The channels a firm offer (``--quote CHANNEL=YEN``) can name: those that pay."""
        return {name: c for name, c in self.scored_channels.items() if not c.last_resort}

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> "Settings":
        """A copy with ``update`` applied (not validated: pydantic's ``model_copy``), its
        cached channel views dropped so that a copy with other channels never shows the
        old ones."""
        copy = super().model_copy(update=update, deep=deep)
        for view in ("scored_channels", "quotable_channels"):
            copy.__dict__.pop(view, None)
        return copy

    def channel_label(self, name: str) -> str:
        """A channel's display name in the current language (its id when unknown)."""
        from liquidator.settings.channels import shown_label

        channel = self.channels.get(name)
        return name if channel is None else shown_label(channel)

    def channel_labels(self) -> dict[str, str]:
        """Every channel's display name in the current language, by id."""
        return {name: self.channel_label(name) for name in self.channels}


# Sections that are one model each (channels and shipping are named collections).
SINGLE_SECTIONS = ("parcels", "holding", "calibration", "cancel_rate", "accounts", "bookkeeping",
                   "report", "ui", "replies", "market")  # fmt: skip
# Sections of named sub-tables with a fixed set of names: TOML section -> attribute.
NESTED_SECTIONS = {"sources": "price_sources", "listings": "listings"}
# Sections of named entries (a TOML file may add one with ``based_on``): their models.
COLLECTIONS: dict[str, type[Section]] = {"channels": ChannelSettings, "shipping": ShippingTable}
