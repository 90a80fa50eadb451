"""The settings' shape: one frozen dataclass per ``liquidator.toml`` section.

Every number the scoring, the report, the cancel-rate watch and the bookkeeping use
is a field here; its default lives in ``defaults`` and its source in docs/scoring.md.
Behaviour that belongs to a channel or a shipping table is a field on it, never a
name tested in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from liquidator.settings.values import setting
from liquidator.vocab import DisposalKind

PRICE_BASES = ("market", "cost")
# What a disposal on a channel is, for the books and for the item's status.
DISPOSAL_KINDS = tuple(kind.value for kind in DisposalKind)
# Consumption tax on a channel's sales: taxed at 10% at home, or an exempt export sale.
SALES_TAX = ("taxable_10", "export")
# 三分法 (sanbunpo: purchases are expenses, the year-end stock count adjusts cost of
# goods) or perpetual (cost of goods posted with each sale).
BOOKKEEPING_METHODS = ("sanbunpo", "perpetual")
TABLE_KINDS = ("parcel", "weight", "none")


@dataclass(frozen=True)
class ChannelSettings:
    """How one disposal channel prices, charges, ships and pays out (per unit sold)."""

    label: str = setting("text")
    # The name a Japanese seller knows it by (shown with --lang ja; label otherwise).
    label_ja: str = setting("text", "")
    enabled: bool = setting("bool", True)
    # Scored channels compete in recommendations; others are only recorded.
    scored: bool = setting("bool", True)
    # The floor every sale is measured against (writing the item off or giving it away):
    # recommended only when no sale brings back more cash, and never listed on.
    last_resort: bool = setting("bool", False)
    disposal: str = setting("choice", DisposalKind.SALE, choices=DISPOSAL_KINDS)
    # "market": market price (or unit cost when unknown); "cost": the unit cost (refunds).
    price_basis: str = setting("choice", "market", choices=PRICE_BASES)
    # What the suggested price is to the seller; empty: an auction's "start", a cost
    # basis's "refund", else a "list" price. A buy-back shop's is its "offer".
    price_kind: str = setting(
        "choice", "", choices=("", "start", "list", "offer", "refund", "none")
    )
    price_ratio: float = setting("nonneg", 1.0)
    days_to_cash: int = setting("days", 14)
    fee_rate: float = setting("fraction", 0.0)
    fee_min: int = setting("yen", 0)
    fixed_fee: int = setting("yen", 0)
    payout_rate: float = setting("fraction", 0.0)
    packaging: int = setting("yen", 0)
    # The name of a table in [shipping].
    shipping: str = setting("name", "none")
    # Unit prices below this many yen pay low_price_rate instead (0 = no such rule).
    low_price_below: int = setting("yen", 0)
    low_price_rate: float = setting("fraction", 0.0)
    # Category word -> rate, or (rate, above_yen, rate_above) for tiered categories.
    category_rates: dict[str, object] = setting("categories", {})
    # Category word -> price ratio for this channel, replacing price_ratio (goods made
    # for Japan fetch more abroad; a buy-back shop pays more for sealed consoles).
    category_ratios: dict[str, float] = setting("ratios", {})
    # Category words the channel does not take (single trading cards on Amazon.co.jp).
    refused_categories: tuple[str, ...] = setting("words", ())
    # Sells abroad: items marked domestic_only (region-locked, Japan-only) cannot go.
    overseas: bool = setting("bool", False)
    # An auction: suggests a start price (1 yen when dumping) instead of a list price.
    auction: bool = setting("bool", False)
    # A lot worth at least this much ships free (a buy-back shop's free pickup); 0 = never.
    free_shipping_from: int = setting("yen", 0)
    # How long a listing here usually takes to sell; past it the listing goes stale:
    # stale_cut off the price per such period, and out after stale_limit_days.
    sells_within_days: int = setting("days", 14)
    stale_cut: float = setting("fraction", 0.10)
    stale_limit_days: int = setting("days", 60)
    allows_hazmat: bool = setting("bool", True)
    # Only inside the shop's return window (the item's return_by); the report warns
    # before that window closes.
    needs_return_window: bool = setting("bool", False)
    # One line on what the channel is like, shown beside its figures.
    blurb: str = setting("text", "")
    blurb_ja: str = setting("text", "")
    # Bookkeeping: the consumption-tax category of its sales, and whether it pays out
    # after the sale (a marketplace: the sale is a receivable, 売掛金, until the payout
    # that the bank feed books) or on the spot (a buy-back shop).
    sales_tax: str = setting("choice", "taxable_10", choices=SALES_TAX)
    paid_later: bool = setting("bool", True)

    # --- Listing mechanics: the prices a seller sets and the plan's steps ---------------
    # An auction's start before dumping, as a share of the expected close (never above
    # the market price): low enough to draw bids, high enough that one bid is no loss.
    start_ratio: float = setting("fraction", 0.8)
    # How long one auction runs; it ends on listed_on + a whole number of runs.
    auction_days: int = setting("days", 7)
    # Automatic relists after an auction ends unsold (自動再出品), each start cut by
    # relist_cut (自動値下げ).
    max_relists: int = setting("days", 0)
    relist_cut: float = setting("fraction", 0.0)
    # The channel forbids listing the same item elsewhere while a listing here is open
    # (ヤフオク!'s rule for individual sellers): a switch ends the listing first.
    exclusive_listing: bool = setting("bool", False)


@dataclass(frozen=True)
class ShippingTable:
    """What sending one parcel costs by one carrier service.

    ``parcel``: a rate per size class (60…200), and optionally a compact rate for
    thin, light items. ``weight``: a rate per weight bracket, by billable weight
    (the larger of actual and volumetric weight when ``volumetric_divisor`` > 0),
    with side limits (0 = none). ``none``: free for the seller.
    Over the last bracket or a side limit the parcel cannot go by this table.
    """

    kind: str = setting("choice", "parcel", choices=TABLE_KINDS)
    label: str = setting("text", "")
    rates: dict[int, int] = setting("class_yen", {})
    compact_rate: int = setting("yen", 0)
    compact_max_cm: tuple[float, float, float] = setting("dims", (0.0, 0.0, 0.0))
    compact_max_g: int = setting("grams", 0)
    brackets: tuple[tuple[int, int], ...] = setting("brackets", ())
    volumetric_divisor: float = setting("nonneg", 0.0)
    max_side_sum_cm: float = setting("nonneg", 0.0)
    max_longest_cm: float = setting("nonneg", 0.0)
    allows_hazmat: bool = setting("bool", True)
    # Small-parcel services (クリックポスト, ネコポス) go by air and refuse batteries,
    # aerosols and perfume even where the table's parcel rate takes them.
    compact_allows_hazmat: bool = setting("bool", False)
    # Import duty the seller pays at the destination (delivered duty paid, DDP), as a
    # fraction of the goods' price; the carrier adds a processing charge on the duty and
    # a fee per parcel. Orders worth ddp_below yen or more go duty unpaid (the buyer
    # pays at delivery); 0 = every order. duty_in_price: the share of the duty a DDP
    # seller adds to the listed price (buyers there pay duty on every import).
    duty_rate: float = setting("fraction", 0.0)
    duty_processing_rate: float = setting("fraction", 0.0)
    duty_parcel_fee: int = setting("yen", 0)
    ddp_below: int = setting("yen", 0)
    duty_in_price: float = setting("fraction", 0.0)

    @property
    def has_compact(self) -> bool:
        return self.compact_rate > 0


@dataclass(frozen=True)
class ParcelSettings:
    """What liquidator assumes about a parcel it knows only by its size class."""

    estimated_weight_g: dict[int, int] = setting("class_grams", {})


@dataclass(frozen=True)
class HoldingSettings:
    """What keeping an item costs per day: capital and space (docs/scoring.md §5).

    Capital: the money the item would fetch, earning the seller's return on recycled
    cash (money back buys the next item to resell): ``margin_per_turn`` ×
    ``turns_per_year`` (10% × 12 = 120% a year) unless ``annual_rate`` is set outright.
    Space: rent on the box's litres; past the target the box is dead stock on a shelf
    that turning stock would use, and it is charged more and more of what that stock
    would earn there. Value never raises the urgency, size does.
    """

    margin_per_turn: float = setting("fraction", 0.10)
    turns_per_year: float = setting("nonneg", 12.0)
    # 0 = derived from margin_per_turn × turns_per_year.
    annual_rate: float = setting("nonneg", 0.0)
    # 13,000 yen/month for one tatami (1.62 m2) x 2.0 m usable height = 3,240 L -> ~4.0.
    storage_yen_per_litre_month: float = setting("nonneg", 4.0)
    # Days to keep trying the best-paying channel, by parcel class: big boxes leave sooner.
    target_days: dict[int, int] = setting("class_days", {})
    # The turning stock a litre of shelf holds (yen), and the least room a stored item
    # takes (a slot: a size-60 box, 7.5 L, and as much again to reach it).
    shelf_stock_yen_per_litre: float = setting("nonneg", 1_000.0)
    shelf_slot_litres: float = setting("nonneg", 15.0)
    # Past the target, the share of that stock's earnings charged to the item grows by
    # urgency_growth per target period, up to urgency_cap (1: all of it).
    urgency_growth: float = setting("nonneg", 1.5)
    urgency_cap: float = setting("nonneg", 1.0)

    @property
    def waiting_rate(self) -> float:
        """The yearly price of waiting: ``annual_rate``, or margin × turns."""
        return self.annual_rate or self.margin_per_turn * self.turns_per_year

    @property
    def storage_yen_per_litre_day(self) -> float:
        """Storage rent per litre per day (a month is 365/12 days)."""
        return self.storage_yen_per_litre_month * 12 / 365


@dataclass(frozen=True)
class CalibrationSettings:
    """How far learned channel ratios move away from the defaults."""

    # Pseudo-count: with n recorded sales, learned = (n*observed + k*default) / (n + k);
    # 1 lets five consistent sales move a value 5/6 of the way to the seller's own.
    k: float = setting("nonneg", 1.0)


@dataclass(frozen=True)
class CancelRateSettings:
    """Seller-cancel rate thresholds over Amazon's 7-day window."""

    private_limit: float = setting("fraction", 0.02)
    amazon_limit: float = setting("fraction", 0.025)


@dataclass(frozen=True)
class AccountsSettings:
    """Account names used in the bookkeeping journal, one per kind of line.

    The defaults are the names 弥生会計, マネーフォワード クラウド会計 and freee register
    for a sole trader; set English names (or your own) in ``[accounts]``.
    """

    cash: str = setting("text", "普通預金")
    receivable: str = setting("text", "売掛金")
    fees: str = setting("text", "支払手数料")
    shipping: str = setting("text", "荷造運賃")
    sales: str = setting("text", "売上高")
    purchases: str = setting("text", "仕入高")
    # 三分法: a supplier's refund reduces purchases; perpetual: it returns stock.
    purchase_returns: str = setting("text", "仕入返品")
    cost_of_goods: str = setting("text", "売上原価")
    inventory: str = setting("text", "商品")
    loss: str = setting("text", "雑損失")
    # Only when a disposal's net cash is not price − fees − shipping (e.g. packaging).
    other_costs: str = setting("text", "雑費")


@dataclass(frozen=True)
class UiSettings:
    """How liquidator talks to a person."""

    # "en" or "ja"; empty: from the locale (LANG=ja_JP.UTF-8 → ja).
    lang: str = setting("choice", "", choices=("", "en", "ja"))
    # The zone times are shown in (an IANA name, "Asia/Tokyo"); empty: the computer's.
    timezone: str = setting("timezone", "")


@dataclass(frozen=True)
class RepliesSettings:
    """How replies to buyers are signed (they stay English: Amazon.com buyers)."""

    # Your shop's name in the replies ({shop}); --shop overrides; empty: "our shop".
    shop: str = setting("reply_text", "")
    # Lines added under every reply, e.g. "Taro Yamada\nExample Shop, Osaka, Japan".
    signature: str = setting("reply_text", "")


@dataclass(frozen=True)
class BookkeepingSettings:
    """How the journal is kept (see docs/bookkeeping.md)."""

    method: str = setting("choice", "sanbunpo", choices=BOOKKEEPING_METHODS)


@dataclass(frozen=True)
class ReportSettings:
    """Weekly report options."""

    buckets: tuple[int, ...] = setting("buckets", (30, 60, 90))


@dataclass(frozen=True)
class MarketSettings:
    """Where an item's market price comes from, and when a falling price counts.

    The market price is the freshest price observed on ``channel`` within
    ``max_age_days`` (else the typed ``--market-price``, else the cost); every
    channel's ratio turns it into what that channel pays. A price that fell more than
    ``fall_share`` over ``fall_days`` adds what the item loses a day to the cost of
    waiting.
    """

    channel: str = setting("name", "amazon_jp")
    max_age_days: int = setting("days", 14)
    fall_share: float = setting("fraction", 0.10)
    fall_days: int = setting("days", 30)


@dataclass(frozen=True)
class SpApiSource:
    """Selling Partner API credentials (Login with Amazon); never printed."""

    refresh_token: str = setting("secret", "")
    lwa_app_id: str = setting("secret", "")
    lwa_client_secret: str = setting("secret", "")


@dataclass(frozen=True)
class KeepaSource:
    """A Keepa API access key; never printed."""

    api_key: str = setting("secret", "")


@dataclass(frozen=True)
class SourcesSettings:
    """Credentials of the market data sources (``[sources.sp_api]``, ``[sources.keepa]``)."""

    sp_api: SpApiSource = field(default_factory=SpApiSource)
    keepa: KeepaSource = field(default_factory=KeepaSource)


@dataclass(frozen=True)
class Settings:
    """All settings. ``channels`` keeps the channel order (it breaks ties in scoring).

    ``sources`` maps a dotted key (``channels.yahoo.fee_rate``) to where its value came
    from when that was not the default: the TOML file's path, or ``calibration``.
    """

    channels: dict[str, ChannelSettings]
    shipping: dict[str, ShippingTable]
    parcels: ParcelSettings = field(default_factory=ParcelSettings)
    holding: HoldingSettings = field(default_factory=HoldingSettings)
    calibration: CalibrationSettings = field(default_factory=CalibrationSettings)
    cancel_rate: CancelRateSettings = field(default_factory=CancelRateSettings)
    accounts: AccountsSettings = field(default_factory=AccountsSettings)
    bookkeeping: BookkeepingSettings = field(default_factory=BookkeepingSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    replies: RepliesSettings = field(default_factory=RepliesSettings)
    market: MarketSettings = field(default_factory=MarketSettings)
    # [sources.*] in liquidator.toml (``sources`` below is where each value came from).
    price_sources: SourcesSettings = field(default_factory=SourcesSettings)
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    @cached_property
    def scored_channels(self) -> dict[str, ChannelSettings]:
        """The channels recommendations compare, in settings order."""
        return {name: c for name, c in self.channels.items() if c.scored}

    @cached_property
    def quotable_channels(self) -> dict[str, ChannelSettings]:
        """The channels a firm offer (``--quote CHANNEL=YEN``) can name: those that pay."""
        return {name: c for name, c in self.scored_channels.items() if not c.last_resort}

    def channel_label(self, name: str) -> str:
        """A channel's display name in the current language (its id when unknown)."""
        from liquidator.i18n import current_language

        channel = self.channels.get(name)
        if channel is None:
            return name
        if current_language() == "ja" and channel.label_ja:
            return channel.label_ja
        return channel.label

    def channel_labels(self) -> dict[str, str]:
        """Every channel's display name in the current language, by id."""
        return {name: self.channel_label(name) for name in self.channels}


# Sections that are one dataclass each (channels and shipping are named collections).
SINGLE_SECTIONS = ("parcels", "holding", "calibration", "cancel_rate", "accounts", "bookkeeping",
                   "report", "ui", "replies", "market")  # fmt: skip
# Sections of named sub-tables with a fixed set of names: TOML section -> attribute.
NESTED_SECTIONS = {"sources": "price_sources"}
