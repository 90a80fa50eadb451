"""What a disposal was, kept with it: its channel's facts on the day it was recorded.

A channel's settings say what a disposal on it is (a sale, a supplier refund, a
write-off), how its consumption tax is treated (taxable 10% or an export), whether it
pays out later (a receivable) or on the spot, and what the channel is called. Settings
change: a channel defined in ``liquidator.toml`` is removed, a label is reworded, a
section is edited. The books of last quarter must not change with them, so these facts
are copied onto the disposal when it is recorded (``sales.record_sale``) and every later
reader (the journal, the sales list and export, the report's disposals, an item's status
after an undo or an edit) reads the copy, never today's settings.

``RECORDED`` is the one list of the facts copied. To keep one more: an entry here, a
column on ``models.Disposal`` and a migration that adds and backfills it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from liquidator.i18n import current_language
from liquidator.vocab import DisposalKind, ItemStatus

if TYPE_CHECKING:
    from liquidator.settings import ChannelSettings

# A disposal's column → the channel setting it copies.
RECORDED: dict[str, str] = {
    "kind": "disposal",
    "sales_tax": "sales_tax",
    "paid_later": "paid_later",
    "channel_label": "label",
    "channel_label_ja": "label_ja",
    "fees_settled": "fees_settled",
    "shipping_settled": "shipping_settled",
    "paid_from": "paid_from",
    "fee_tax": "fee_tax",
    "fee_account": "fee_account",
}
# What a sale stores beside them for the books: the parts of its costs booked apart and
# the evidence of an export (sales.record_sale), and the day its entry is dated.
BOOKED = ("payout_fee", "intl_shipping", "ship_to", "carrier", "tracking", "foreign_amount",
          "currency", "fx_rate", "rate_date", "booked_on")  # fmt: skip


def facts_of(channel: ChannelSettings) -> dict[str, Any]:
    """The facts a disposal on ``channel`` keeps (``RECORDED``), as its settings say now."""
    return {column: getattr(channel, setting) for column, setting in RECORDED.items()}


def outcome_of(kind: str) -> ItemStatus:
    """An item's status once its last unit went by a disposal of this ``kind``."""
    return DisposalKind(kind).outcome


def stored_label(facts: Mapping[str, Any]) -> str:
    """The channel's name as the disposal recorded it, in the current language (the
    English label when no Japanese one was recorded)."""
    if current_language() == "ja" and facts.get("channel_label_ja"):
        return facts["channel_label_ja"]
    return facts["channel_label"]


def stored_labels(columns: Mapping[str, Any], language: str | None = None) -> list[str]:
    """``stored_label`` of each row of disposal columns (``channel_label`` and
    ``channel_label_ja`` as ``store.disposals.read_disposals`` reads them), in
    ``language`` (default: the current language)."""
    english = columns["channel_label"].tolist()
    if (language or current_language()) != "ja":
        return english
    japanese = columns["channel_label_ja"].tolist()
    return [ja or en for en, ja in zip(english, japanese, strict=True)]


def latest_labels(
    columns: Mapping[str, Any] | None, rows: Any, groups: Any, count: int
) -> list[str]:
    """For disposals grouped by channel (``rows`` the positions read, oldest first,
    ``groups`` each one's group of ``count``): each group's channel name as its latest
    disposal recorded it, in the current language. "" for every group when the columns
    hold no recorded names (columns made by hand, not read from the store)."""
    import numpy as np

    english = None if columns is None else columns.get("channel_label")
    if english is None:
        return [""] * count
    english = np.asarray(english, dtype=object)
    japanese = np.asarray(columns.get("channel_label_ja", english), dtype=object)
    recorded = stored_labels({"channel_label": english[rows], "channel_label_ja": japanese[rows]})
    latest = np.zeros(count, dtype=np.int64)
    np.maximum.at(latest, groups, np.arange(len(groups)))
    return [recorded[row] for row in latest.tolist()]
