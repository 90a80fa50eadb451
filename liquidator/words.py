"""The words a person reads for the ids the code stores: statuses, the desk's decisions,
reply templates, the history's events and the names of an item's values.

An id (``listed``, ``ask-formal-request``, ``unit_cost``) stays the id in JSON, CSV for
machines and the database; every human output names it through here, so a Japanese
seller reads 出品中, 正式なキャンセル依頼をお願い, 仕入単価 and never the id. An id with no
word here (a template the seller wrote, a key an older version stored) is shown as it is.
Standard library only: the core and the renderers both use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from liquidator.i18n import N_, _
from liquidator.vocab import DeskDecision, ItemStatus

STATUS_WORDS: dict[str, str] = {
    ItemStatus.IN_STOCK: N_("in stock"),
    ItemStatus.LISTED: N_("on sale"),
    ItemStatus.SOLD: N_("sold"),
    ItemStatus.RETURNED: N_("returned to supplier"),
    ItemStatus.WRITTEN_OFF: N_("written off"),
}
# The cancel rate's standing (``cancel_rate``): under the seller's own limit, over it,
# over Amazon's, or no orders to count.
RATE_WORDS: dict[str, str] = {
    "ok": N_("OK"), "warn": N_("WARN"), "alarm": N_("ALARM"), "no_data": N_("NO DATA"),
}  # fmt: skip
DECISION_WORDS: dict[str, str] = {
    DeskDecision.ACCEPT: N_("accept the cancellation"),
    DeskDecision.DECLINE: N_("decline: already shipped"),
    DeskDecision.ASK_FORMAL_REQUEST: N_("ask for a formal cancellation request"),
    DeskDecision.OFFER_TO_SHIP: N_("offer to ship now"),
    DeskDecision.SELLER_CANCEL: N_("cancel as the seller"),
    DeskDecision.REQUESTED: N_("request not yet answered"),
}
# The package's reply templates, by file name (a seller's own keep their names).
TEMPLATE_WORDS: dict[str, str] = {
    "accept": N_("cancellation accepted"),
    "ask-formal-request": N_("please send a cancellation request"),
    "decline": N_("already shipped: please return"),
    "decline-no-return": N_("already shipped: refund without return"),
    "offer-to-ship": N_("we can ship today"),
    "offer-to-ship-requested": N_("we can ship today (to a request)"),
    "seller-cancel": N_("out of stock: cancelled by us"),
}
EVENT_WORDS: dict[str, str] = {
    "created": N_("recorded"),
    "edited": N_("corrected"),
    "listed": N_("listed for sale"),
    "disposed": N_("disposed of"),
    "disposal_undone": N_("disposal undone"),
    "deleted": N_("deleted"),
    "cancellation": N_("cancellation"),
    "items_imported": N_("items imported"),
    "orders_imported": N_("orders imported"),
    "prices_imported": N_("prices imported"),
}
# Names of the values an event holds beyond an item's own fields (those are named by
# ``item_output.LABELS``).
EVENT_KEYS: dict[str, str] = {
    "id": N_("id"), "item_id": N_("item no."), "channel": N_("channel"), "price": N_("price"), "fees": N_("fees"),
    "shipping": N_("shipping"), "net_cash": N_("net cash"), "sold_on": N_("disposal date"),
    "disposal_id": N_("disposal no."), "decision": N_("decision"), "stage": N_("stage"),
    "in_hand": N_("in hand"), "counts_against_rate": N_("counts in the cancel rate"),
    "case_id": N_("case no."), "file": N_("file"), "rows": N_("rows"), "added": N_("added"),
}  # fmt: skip
_MONEY_KEYS = frozenset({"price", "fees", "shipping", "net_cash", "total"})
_CHANNEL_KEYS = frozenset({"channel", "listed_channel"})


def _said(key: str, *tables: Mapping[str, str]) -> str:
    """``key``'s word from the first table that has one, translated; else ``key``."""
    for table in tables:
        if key in table:
            return _(table[key])
    return key


def status_word(status: str) -> str:
    """An item's status, or the cancel rate's standing, as a person reads it."""
    return _said(status, STATUS_WORDS, RATE_WORDS)


def decision_word(decision: str) -> str:
    """What the desk decided, as a person reads it."""
    return _said(decision, DECISION_WORDS)


def reply_word(name: str) -> str:
    """A reply sent to a buyer, named by its template (or by the decision it answers)."""
    return _said(name, TEMPLATE_WORDS, DECISION_WORDS)


def event_word(kind: str) -> str:
    """What an event in an item's history did."""
    return _said(kind, EVENT_WORDS)


def yes_no(flag: object) -> str:
    """あり/なし (yes/no) for a flag."""
    return _("yes") if flag else _("no")


def value_name(key: str) -> str:
    """The name of an item's value or of an event's, in the reader's language."""
    from liquidator.item_output import LABELS

    word = LABELS.get(key) or EVENT_KEYS.get(key)
    return _(word) if word else key


def value_text(key: str, value: Any, channel_labels: Mapping[str, str] | None = None) -> str:
    """An item's or an event's value as a person reads it: money as yen, a flag as
    yes/no, a status, a decision or a channel by its word, nothing as "—"."""
    from liquidator.fields import FLAG, YEN
    from liquidator.item_output import SHOWN_BY_NAME
    from liquidator.render import yen

    shown = SHOWN_BY_NAME.get(key)
    kind = shown.kind if shown else None
    if value is None or value == "":
        return "—"
    if isinstance(value, bool) or kind == FLAG:
        return yes_no(value in (True, "True", "true", 1))
    if kind == YEN or key in _MONEY_KEYS:
        try:
            return yen(float(value))
        except (TypeError, ValueError):
            return str(value)
    if key == "status":
        return status_word(str(value))
    if key == "decision":
        return decision_word(str(value))
    if key in _CHANNEL_KEYS and channel_labels:
        return channel_labels.get(str(value), str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def change_list(
    changes: Mapping[str, tuple[Any, Any] | list[Any]],
    channel_labels: Mapping[str, str] | None = None,
) -> str:
    """An edit's changes, named: "仕入単価 ¥4,980 → ¥4,500、危険物 あり → なし"."""
    parts = [
        _("{name} {old} → {new}").format(
            name=value_name(key),
            old=value_text(key, old, channel_labels),
            new=value_text(key, new, channel_labels),
        )
        for key, (old, new) in changes.items()
    ]
    return _(", ").join(parts)


def event_details(data: Mapping[str, Any], channel_labels: Mapping[str, str] | None = None) -> str:
    """An event's data, named: "仕入単価 ¥6,800、危険物 なし" (a change as old → new)."""
    changes = {k: v for k, v in data.items() if isinstance(v, list | tuple) and len(v) == 2}
    parts = [
        change_list({key: value}, channel_labels)
        if key in changes
        else _("{name} {value}").format(
            name=value_name(key), value=value_text(key, value, channel_labels)
        )
        for key, value in data.items()
    ]
    return _(", ").join(parts)
