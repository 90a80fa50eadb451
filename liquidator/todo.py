"""The open work list (``liquidator todo``, and the top of the weekly report): what a
seller works through on Monday morning.

- buyers' cancellation requests the order report brought in (``cancel_requests``) and
  the desk has not answered, oldest first, each with the ``cancel`` command that
  answers it;
- cancellation cases waiting on the buyer: the latest case of an order whose reply asked
  for a formal cancellation request or offered to ship, with how long it has waited;
- supplier return windows that close within ``RETURN_WINDOW_DAYS`` (or today);
- listings on sale longer than their channel usually takes to sell.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.settings import Settings

from liquidator.vocab import DeskDecision

RETURN_WINDOW_DAYS = 7
# Replies that leave the next move to the buyer.
WAITING_DECISIONS = (DeskDecision.ASK_FORMAL_REQUEST, DeskDecision.OFFER_TO_SHIP)


def open_work(
    *, session: Session, settings: Settings, as_of: dt.date, stock: dict | None = None
) -> dict[str, list[dict]]:
    """``requests``, ``waiting``, ``return_windows`` and ``stale_listings``, most
    pressing first.

    ``stock``: the held stock as ``store.items.read_stock`` gave it for ``as_of`` (with
    ``title`` and ``listed_channel``), when the caller has read it already."""
    import numpy as np
    from sqlmodel import col, select

    from liquidator.models import Cancellation
    from liquidator.store.items import read_stock

    cases = session.exec(
        select(Cancellation)
        .where(col(Cancellation.recorded_on) <= as_of)
        .order_by(col(Cancellation.order_id), col(Cancellation.recorded_on), col(Cancellation.id))
    ).all()
    latest: dict[str, Any] = {}
    for case in cases:
        latest[case.order_id] = case
    from liquidator.cancel_requests import REQUESTED, answer_command

    requests = sorted(
        (
            {"order_id": case.order_id, "since": case.recorded_on.isoformat(),
             "days": (as_of - case.recorded_on).days, "stage": case.stage,
             "reason": case.reason, "item_id": case.item_id,
             "command": answer_command(case.order_id, case.stage, case.reason)}
            for case in latest.values()
            if case.decision == REQUESTED
        ),
        key=lambda row: (-row["days"], row["order_id"]),
    )  # fmt: skip
    waiting = sorted(
        (
            {
                "order_id": case.order_id,
                "decision": case.decision,
                "since": case.recorded_on.isoformat(),
                "days": (as_of - case.recorded_on).days,
                "buyer": case.buyer,
                "item_id": case.item_id,
            }
            for case in latest.values()
            if case.decision in WAITING_DECISIONS
        ),
        key=lambda row: (-row["days"], row["order_id"]),
    )
    if stock is None:
        stock = read_stock(session.connection(), as_of=as_of,
                           names=("title", "listed_channel"))  # fmt: skip
    ids, titles = stock["item_id"].tolist(), stock["title"].tolist()
    left = stock["return_days_left"]
    closing = np.flatnonzero((left >= 0) & (left <= RETURN_WINDOW_DAYS))
    return_windows = sorted(
        (
            {"item_id": ids[i], "title": titles[i], "return_by": str(stock["return_by"][i]),
             "days_left": int(left[i])}
            for i in closing.tolist()
        ),
        key=lambda row: (row["days_left"], row["item_id"]),
    )  # fmt: skip
    channels = stock["listed_channel"].tolist()
    listed_days = stock["listed_days"]
    stale = []
    for i in np.flatnonzero(~np.isnan(listed_days)).tolist():
        channel = settings.channels.get(channels[i])
        usual = channel.sells_within_days if channel is not None else 14
        if listed_days[i] > usual:
            stale.append({"item_id": ids[i], "title": titles[i], "channel": channels[i],
                          "listed_days": int(listed_days[i]), "usual_days": usual})  # fmt: skip
    stale.sort(key=lambda row: (row["usual_days"] - row["listed_days"], row["item_id"]))
    return {"requests": requests, "waiting": waiting, "return_windows": return_windows,
            "stale_listings": stale}  # fmt: skip
