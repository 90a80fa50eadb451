"""Channels and shipping tables: the named entries of ``[channels.*]`` and ``[shipping.*]``.

What a channel does (how it prices, charges, ships, pays out, what a disposal on it
is) is data on its ``ChannelSettings``, never its name tested in code; a
``ShippingTable`` is what sending one parcel costs by one carrier service.
"""

from collections.abc import Mapping
from typing import ClassVar, Literal

from pydantic import model_validator

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.settings.values import (
    Brackets,
    CategoryRates,
    CategoryRatios,
    ClassYen,
    Days,
    Dims,
    Fraction,
    Grams,
    Measure,
    Rate,
    Section,
    Text,
    Words,
    Yen,
    problem,
)
from liquidator.sizes import SIZE_CLASSES
from liquidator.vocab import DisposalKind

PriceBasis = Literal["market", "cost"]
# What a disposal on a channel is, for the books and for the item's status: the names of
# ``vocab.DisposalKind`` (a TOML file gives text, which strict settings take as a Literal).
DISPOSAL_KINDS = tuple(kind.value for kind in DisposalKind)
DisposalKindName = Literal[DISPOSAL_KINDS]  # type: ignore[valid-type]
PriceKind = Literal["", "start", "list", "offer", "refund", "none"]
# Consumption tax on a channel's sales: taxed at 10% at home, or an exempt export sale.
SalesTax = Literal["taxable_10", "export"]
# How a cost of a disposal is settled: the platform takes it out of the payout, or the
# seller pays it (a label bought by card, a shop's shipping paid in cash).
Settlement = Literal["deducted", "paid_separately"]
# The account a cost paid separately is credited to (``[accounts]`` keys).
PaidFrom = Literal["payable", "petty_cash"]
# The consumption tax of a channel's fees: a taxable purchase, or outside the tax (a
# municipal disposal fee).
FeeTax = Literal["taxable_10", "outside"]
FeeAccount = Literal["fees", "other_costs"]
TableKind = Literal["parcel", "weight", "none"]


class ChannelSettings(Section):
    """How one disposal channel prices, charges, ships and pays out (per unit sold)."""

    # A channel added as a copy of another is switched on and named by its own name,
    # with no one-line description of the channel it copies.
    own_fields: ClassVar[tuple[str, ...]] = ("label", "label_ja", "enabled", "blurb", "blurb_ja")

    label: Text
    # The name a Japanese seller knows it by (shown with --lang ja; label otherwise).
    label_ja: Text = ""
    enabled: bool = True
    # Scored channels compete in recommendations; others are only recorded.
    scored: bool = True
    # The floor every sale is measured against (writing the item off or giving it away):
    # recommended only when no sale brings back more cash, and never listed on.
    last_resort: bool = False
    disposal: DisposalKindName = "sale"
    # "market": market price (or unit cost when unknown); "cost": the unit cost (refunds).
    price_basis: PriceBasis = "market"
    # What the suggested price is to the seller; empty: an auction's "start", a cost
    # basis's "refund", else a "list" price. A buy-back shop's is its "offer".
    price_kind: PriceKind = ""
    price_ratio: Rate = 1.0
    days_to_cash: Days = 14
    fee_rate: Fraction = 0.0
    fee_min: Yen = 0
    fixed_fee: Yen = 0
    payout_rate: Fraction = 0.0
    packaging: Yen = 0
    # The name of a table in [shipping].
    shipping: Text = "none"
    # Unit prices below this many yen pay low_price_rate instead (0 = no such rule).
    low_price_below: Yen = 0
    low_price_rate: Fraction = 0.0
    # Category word -> rate, or (rate, above_yen, rate_above) for tiered categories.
    category_rates: CategoryRates = {}
    # Category word -> price ratio for this channel, replacing price_ratio (goods made
    # for Japan fetch more abroad; a buy-back shop pays more for sealed consoles).
    category_ratios: CategoryRatios = {}
    # Category words the channel does not take (single trading cards on Amazon.co.jp).
    refused_categories: Words = ()
    # Sells abroad: items marked domestic_only (region-locked, Japan-only) cannot go.
    overseas: bool = False
    # An auction: suggests a start price (1 yen when dumping) instead of a list price.
    auction: bool = False
    # A lot worth at least this much ships free (a buy-back shop's free pickup); 0 = never.
    free_shipping_from: Yen = 0
    # How long a listing here usually takes to sell; past it the listing goes stale:
    # stale_cut off the price per such period, and out after stale_limit_days.
    sells_within_days: Days = 14
    stale_cut: Fraction = 0.10
    stale_limit_days: Days = 60
    allows_hazmat: bool = True
    # Only inside the shop's return window (the item's return_by); the report warns
    # before that window closes.
    needs_return_window: bool = False
    # One line on what the channel is like, shown beside its figures.
    blurb: Text = ""
    blurb_ja: Text = ""
    # Bookkeeping: the consumption-tax category of its sales, and whether it pays out
    # after the sale (a marketplace: the sale is a receivable, 売掛金, until the payout
    # that the bank feed books) or on the spot (a buy-back shop).
    sales_tax: SalesTax = "taxable_10"
    paid_later: bool = True
    # How its costs are settled (docs/bookkeeping.md): fees and shipping ``deducted``
    # from the payout (what is left in 売掛金 is the payout) or ``paid_separately``
    # (credited to ``paid_from``: 未払金 for a card, 現金 for cash). The payout's
    # currency conversion (payout_rate) is always deducted.
    fees_settled: Settlement = "deducted"
    shipping_settled: Settlement = "paid_separately"
    paid_from: PaidFrom = "payable"
    # The tax category and the account of its fees.
    fee_tax: FeeTax = "taxable_10"
    fee_account: FeeAccount = "fees"

    # --- Listing mechanics: the prices a seller sets and the plan's steps ---------------
    # An auction's start before dumping, as a share of the expected close (never above
    # the market price): low enough to draw bids, high enough that one bid is no loss.
    start_ratio: Fraction = 0.8
    # How long one auction runs; it ends on listed_on + a whole number of runs.
    auction_days: Days = 7
    # Automatic relists after an auction ends unsold (自動再出品), each start cut by
    # relist_cut (自動値下げ).
    max_relists: Days = 0
    relist_cut: Fraction = 0.0
    # The channel forbids listing the same item elsewhere while a listing here is open
    # (ヤフオク!'s rule for individual sellers): a switch ends the listing first.
    exclusive_listing: bool = False


class ShippingTable(Section):
    """What sending one parcel costs by one carrier service.

    ``parcel``: a rate per size class (60…200), and optionally a compact rate for
    thin, light items. ``weight``: a rate per weight bracket, by billable weight
    (the larger of actual and volumetric weight when ``volumetric_divisor`` > 0),
    with side limits (0 = none). ``none``: free for the seller.
    Over the last bracket or a side limit the parcel cannot go by this table.
    """

    own_fields: ClassVar[tuple[str, ...]] = ("label", "label_ja")

    kind: TableKind = "parcel"
    label: Text = ""
    # The name a Japanese seller knows the service by (shown with --lang ja; label otherwise).
    label_ja: Text = ""
    rates: ClassYen = {}
    compact_rate: Yen = 0
    compact_max_cm: Dims = (0.0, 0.0, 0.0)
    compact_max_g: Grams = 0
    brackets: Brackets = ()
    volumetric_divisor: Measure = 0.0
    max_side_sum_cm: Measure = 0.0
    max_longest_cm: Measure = 0.0
    allows_hazmat: bool = True
    # Small-parcel services (クリックポスト, ネコポス) go by air and refuse batteries,
    # aerosols and perfume even where the table's parcel rate takes them.
    compact_allows_hazmat: bool = False
    # Import duty the seller pays at the destination (delivered duty paid, DDP), as a
    # fraction of the goods' price; the carrier adds a processing charge on the duty and
    # a fee per parcel. Orders worth ddp_below yen or more go duty unpaid (the buyer
    # pays at delivery); 0 = every order. duty_in_price: the share of the duty a DDP
    # seller adds to the listed price (buyers there pay duty on every import).
    duty_rate: Fraction = 0.0
    duty_processing_rate: Fraction = 0.0
    duty_parcel_fee: Yen = 0
    ddp_below: Yen = 0
    duty_in_price: Fraction = 0.0

    @property
    def has_compact(self) -> bool:
        return self.compact_rate > 0

    @model_validator(mode="after")
    def _has_what_its_kind_needs(self) -> "ShippingTable":
        if self.kind == "parcel":
            missing = [c for c in SIZE_CLASSES if c not in self.rates]
            if missing:
                raise problem(
                    _("needs a rate for every class; missing {missing}").format(missing=missing),
                    key=("rates",),
                )
        if self.kind == "weight" and not self.brackets:
            raise problem(_("a weight table needs brackets"), key=("brackets",))
        return self


def check_switched_on(channels: Mapping[str, ChannelSettings], name: str, field: str) -> None:
    """InvalidInput naming ``field`` when ``name`` is one of ``channels`` but switched off
    in the settings (``enabled = false``, as Mercari is by default)."""
    channel = channels.get(name)
    if channel is not None and not channel.enabled:
        raise InvalidInput(
            field,
            _("{name!r} is switched off in settings; to use it, set enabled = true under "
              "[channels.{name}] in liquidator.toml").format(name=name),
        )  # fmt: skip


def shown_label(section: ChannelSettings | ShippingTable) -> str:
    """A channel's or a shipping service's name in the current language."""
    from liquidator.i18n import current_language

    if current_language() == "ja" and section.label_ja:
        return section.label_ja
    return section.label
