"""The evidence of an export sale, and ``export evidence``: the list the tax office asks for.

An export sale is exempt from consumption tax (輸出免税, 消費税法第7条) only when the
seller keeps proof that the goods left Japan: for a parcel sent by post or courier, the
carrier's record with the destination, and the sale itself (buyer's country, amount).
``sell --ship-to US --carrier … --tracking … --usd 110.18 --rate 150.0`` records it
with the disposal; ``--ship-to JP`` (a forwarder in Japan) makes the sale a domestic
taxable one. An export-channel sale without a ship-to country is still booked as an
export (it was recorded on an export channel) but is listed here, and the journal
export warns about it, until the evidence is recorded.

``booked_parts`` works out, when a sale is recorded, what the books need of it beside
its totals: the conversion charge inside the fees, the international transport inside
the shipping, its sales tax, and the evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput
from liquidator.i18n import _, ngettext

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.exports.writer import CsvTable
    from liquidator.sales import SaleIn
    from liquidator.settings import ChannelSettings, Settings

_COUNTRY = re.compile(r"[A-Z]{2}")
# The columns of ``export evidence``, in the order a 税務調査 reads them.
EVIDENCE_EXPORT = ("date", "disposal_id", "item_id", "title", "channel_label", "ship_to",
                   "carrier", "tracking", "currency", "foreign_amount", "fx_rate", "rate_date",
                   "yen", "sales_tax", "missing")  # fmt: skip


@dataclass(frozen=True)
class ExportEvidence:
    """What shows a sale left Japan: the ship-to country (ISO 3166 alpha-2; ``JP``: a
    forwarder in Japan, so a domestic taxable sale), the carrier and tracking number,
    and the amount in the buyer's currency with its yen rate and the rate's day."""

    ship_to: str | None = None
    carrier: str | None = None
    tracking: str | None = None
    foreign_amount: str | None = None
    currency: str | None = None
    fx_rate: str | None = None
    rate_date: dt.date | None = None


def parse_evidence(
    *,
    ship_to: str | None = None,
    carrier: str | None = None,
    tracking: str | None = None,
    usd: str | None = None,
    rate: str | None = None,
    rate_date: dt.date | None = None,
    sold_on: dt.date,
) -> ExportEvidence | None:
    """The evidence as typed, checked (None when nothing was given): a two-letter
    country code, a positive US-dollar amount and yen rate given together, the rate's
    day defaulting to the sale day."""
    from liquidator.fields import TEXT_MAX
    from liquidator.parsing import clean_text

    if all(value is None for value in (ship_to, carrier, tracking, usd, rate, rate_date)):
        return None
    country = None if ship_to is None else ship_to.strip().upper()
    if country is not None and not _COUNTRY.fullmatch(country):
        raise InvalidInput(
            "ship_to", _("{value!r} is not a two-letter country code (US, GB, JP …)").format(
                value=ship_to)
        )  # fmt: skip
    if (usd is None) != (rate is None):
        raise InvalidInput("usd" if usd is None else "rate",
                           _("give the dollar amount and its yen rate together"))  # fmt: skip
    return ExportEvidence(
        ship_to=country,
        carrier=None if carrier is None else clean_text(carrier, "carrier", max_length=TEXT_MAX),
        tracking=None if tracking is None else clean_text(tracking, "tracking",
                                                          max_length=TEXT_MAX),
        foreign_amount=None if usd is None else _decimal(usd, "usd"),
        currency=None if usd is None else "USD",
        fx_rate=None if rate is None else _decimal(rate, "rate"),
        rate_date=rate_date or (sold_on if rate is not None else None),
    )  # fmt: skip


def booked_parts(
    channel: ChannelSettings, sale: SaleIn, price: int, fees: int, shipping: int
) -> dict[str, Any]:
    """What the books need of a sale beside its totals: the conversion charge inside
    ``fees`` (as given, else the channel's payout_rate × price, never more than the
    fees: fees given below it are all conversion), the international
    transport inside ``shipping`` (all of it for an export sale shipped abroad), the
    evidence, and the sales tax (an export channel's sale shipped to a forwarder in
    Japan is a domestic taxable sale)."""
    if sale.payout_fee is None:
        payout_fee = min(round(channel.payout_rate * price), fees)
    else:
        payout_fee = sale.payout_fee
    if payout_fee > fees:
        raise InvalidInput(
            "fx_fee",
            _("¥{fee:,} is more than the fees (¥{fees:,}) it is part of").format(
                fee=payout_fee, fees=fees
            ),
        )
    evidence = sale.evidence or ExportEvidence()
    abroad = channel.sales_tax == "export" and evidence.ship_to != "JP"
    return {
        "payout_fee": payout_fee,
        "intl_shipping": shipping if abroad else 0,
        "sales_tax": channel.sales_tax if abroad else "taxable_10",
        "ship_to": evidence.ship_to,
        "carrier": evidence.carrier,
        "tracking": evidence.tracking,
        "foreign_amount": evidence.foreign_amount,
        "currency": evidence.currency,
        "fx_rate": evidence.fx_rate,
        "rate_date": evidence.rate_date,
    }


def yen_of(evidence: ExportEvidence | None) -> int | None:
    """The foreign amount in yen at its rate, rounded to the yen (None without both)."""
    if evidence is None or evidence.foreign_amount is None or evidence.fx_rate is None:
        return None
    from decimal import ROUND_HALF_UP

    yen = Decimal(evidence.foreign_amount) * Decimal(evidence.fx_rate)
    return int(yen.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _decimal(text: str, field: str) -> str:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(field, _("{value!r} is not a number").format(value=text)) from None
    if not value.is_finite() or value <= 0 or value > Decimal(10) ** 9:
        raise InvalidInput(field, _("must be above 0, got {value}").format(value=text))
    return format(value.normalize(), "f")


def missing_evidence(row: dict) -> list[str]:
    """What an export sale lacks of its evidence (field names)."""
    wanted = ("ship_to", "carrier", "tracking", "foreign_amount", "fx_rate")
    return [name for name in wanted if not row.get(name)]


def evidence_table(*, session: Session, settings: Settings, as_of, start, end, layout) -> CsvTable:
    """One row per export sale (recorded as an export, or shipped abroad) sold
    ``start``…``end``: what shows it left Japan, and what is missing."""
    from liquidator.disposal_facts import stored_labels
    from liquidator.exports.cells import text_column
    from liquidator.exports.writer import CsvTable
    from liquidator.store.disposals import read_disposals

    columns = read_disposals(session.connection(), start=start, end=end)
    labels = stored_labels(columns, settings.bookkeeping.memo_lang)
    names = [n for n in EVIDENCE_EXPORT if n not in ("date", "disposal_id", "channel_label",
                                                     "yen", "missing")]  # fmt: skip
    rows = []
    for index in range(len(columns["id"])):
        row = {name: columns[name][index] for name in names}
        ships_abroad = row["ship_to"] not in (None, "", "JP")
        if row["sales_tax"] != "export" and not ships_abroad:
            continue
        rows.append({
            **row, "date": columns["sold_on"][index], "disposal_id": columns["id"][index],
            "channel_label": labels[index], "yen": columns["price"][index],
            "missing": " ".join(missing_evidence(row)),
        })  # fmt: skip
    texts = [text_column([r[name] for r in rows]) for name in EVIDENCE_EXPORT]
    return CsvTable(EVIDENCE_EXPORT, texts, [f"disposal {r['disposal_id']}" for r in rows],
                    "utf-8-sig")  # fmt: skip


def missing_line(count: int) -> str:
    """The warning a journal export gives when export sales lack their evidence."""
    return ngettext(
        "{count} export sale has no ship-to country or tracking: see `export evidence`.",
        "{count} export sales have no ship-to country or tracking: see `export evidence`.",
        count,
    ).format(count=count)
