"""The fixed vocabularies: an item's status, what a disposal was, what the desk decided.

Each is a ``str`` enum, defined here once: a member is the very text the database
stores (``ItemStatus.LISTED == "listed"``), so code compares with members, SQL is
built with them, JSON writes them as their text, and no stored value changed when
they were introduced. Standard library only: the core and the CLI both use it.
"""

from __future__ import annotations

from enum import StrEnum


class ItemStatus(StrEnum):
    """Where an item's units are: held (in stock, or on sale) or gone (and how)."""

    IN_STOCK = "in_stock"
    LISTED = "listed"
    SOLD = "sold"
    RETURNED = "returned"
    WRITTEN_OFF = "written_off"


# Still held: what ``list`` shows by default and what the advice scores.
HELD_STATUSES: tuple[ItemStatus, ...] = (ItemStatus.IN_STOCK, ItemStatus.LISTED)
# Every unit gone: it cannot be sold or listed again.
GONE_STATUSES: tuple[ItemStatus, ...] = tuple(s for s in ItemStatus if s not in HELD_STATUSES)


class DisposalKind(StrEnum):
    """What a disposal is, for the books and for the item's status once it sold out."""

    SALE = "sale"
    SUPPLIER_REFUND = "supplier_refund"
    WRITEOFF = "writeoff"

    @property
    def outcome(self) -> ItemStatus:
        """The status of an item whose last unit went by a disposal of this kind."""
        return _OUTCOME[self]


_OUTCOME = {
    DisposalKind.SALE: ItemStatus.SOLD,
    DisposalKind.SUPPLIER_REFUND: ItemStatus.RETURNED,
    DisposalKind.WRITEOFF: ItemStatus.WRITTEN_OFF,
}


class DeskDecision(StrEnum):
    """How the cancellation desk answers a case (``cancel_desk.decide``)."""

    DECLINE = "decline"
    ASK_FORMAL_REQUEST = "ask-formal-request"
    OFFER_TO_SHIP = "offer-to-ship"
    ACCEPT = "accept"
    SELLER_CANCEL = "seller-cancel"
    # A case opened from the order report: the buyer asked, the desk has not answered.
    REQUESTED = "requested"
