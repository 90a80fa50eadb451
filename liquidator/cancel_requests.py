"""Buyers' cancellation requests from Amazon's order report, opened as desk cases.

An order report can carry ``is-buyer-requested-cancellation`` (or
``…-cancelation``) and ``buyer-requested-cancel-reason``. Each order flagged TRUE that
has no desk case yet gets one, waiting for the seller's answer (decision
``requested``), so ``todo`` lists it first with the ``cancel`` command that answers
it. Its facts come from what liquidator knows:

- stage: ``shipped`` when the report says Shipped; otherwise ``bought`` when an item
  is recorded for the order, else ``not-bought``. A cancelled order needs no answer
  (its cancellation is done) and gets no case.
- via: ``request``: Amazon's own request, which does not count against the rate once
  cancelled as "Buyer Canceled".
- reason: the report's reason read by ``REASON_WORDS`` (first match wins), else
  ``other``.

Re-importing a report opens nothing new: an order with any case is left as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from liquidator.vocab import DeskDecision

if TYPE_CHECKING:
    from sqlmodel import Session

# A case opened from a report: the buyer asked, the desk has not answered yet.
REQUESTED = DeskDecision.REQUESTED
# Words of Amazon's buyer-requested-cancel-reason (lower-cased) → the desk's reason.
REASON_WORDS: tuple[tuple[str, str], ...] = (
    ("mistake", "mistake"),
    ("error", "mistake"),
    ("accident", "mistake"),
    ("too long", "too-slow"),
    ("slow", "too-slow"),
    ("late", "arrives-too-late"),
    ("arrive", "arrives-too-late"),
    ("cheaper", "found-cheaper"),
    ("better price", "found-cheaper"),
    ("lower price", "found-cheaper"),
    ("no longer", "no-longer-needed"),
    ("not needed", "no-longer-needed"),
    ("not wanted", "no-longer-needed"),
    ("changed mind", "no-longer-needed"),
    ("change of mind", "no-longer-needed"),
)


def desk_reason(text: str | None) -> str:
    """The desk's reason for Amazon's reason text (``other`` when none fits)."""
    words = (text or "").lower()
    return next((reason for word, reason in REASON_WORDS if word in words), "other")


def request_stage(status: str, has_item: bool) -> str | None:
    """The desk's stage for an order in this report status (None: cancelled already)."""
    from liquidator.amazon_orders import CANCELLED

    if status == CANCELLED:
        return None
    if status.lower().startswith("shipped") or status.lower() == "partiallyshipped":
        return "shipped"
    return "bought" if has_item else "not-bought"


def open_requests(*, session: Session, orders: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A waiting desk case for each flagged order without one (module docstring),
    each recorded on the day the report last updated the order. Caller commits."""
    from sqlmodel import col, select

    from liquidator.cancel_desk import Decision
    from liquidator.models import Cancellation
    from liquidator.store.items import chunks
    from liquidator.store.orders import item_ids_for_order, record_cancellation

    flagged = [order for order in orders if order.get("buyer_requested")]
    ids = [order["amazon_order_id"] for order in flagged]
    handled: set[str] = set()
    for chunk in chunks(ids):
        handled.update(
            session.exec(select(Cancellation.order_id).where(col(Cancellation.order_id).in_(chunk)))
        )
    waiting = Decision(REQUESTED, "", counts_against_rate=False, records_stock=False,
                       buyer_requested=False, cancels_order=False)  # fmt: skip
    opened = []
    for order in flagged:
        order_id = order["amazon_order_id"]
        if order_id in handled:
            continue
        items = item_ids_for_order(session=session, order_id=order_id)
        stage = request_stage(order["status"], bool(items))
        if stage is None:
            continue
        reason = desk_reason(order.get("buyer_cancel_reason"))
        recorded_on: dt.date = order["last_updated"].date()
        record_cancellation(
            session=session, order_id=order_id, decision=waiting, reason=reason,
            as_of=recorded_on, message="", stage=stage, via="request",
            item_id=items[0] if items else None,
        )  # fmt: skip
        handled.add(order_id)
        opened.append({"order_id": order_id, "stage": stage, "reason": reason})
    return opened


def answer_command(order_id: str, stage: str | None, reason: str) -> str:
    """The ``cancel`` command that answers a waiting request."""
    return f"liquidator cancel {order_id} --stage {stage} --via request --reason {reason}"
