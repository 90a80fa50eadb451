"""The cancellation desk as one operation: decide, word the reply, record the case.

``handle_cancellation`` is all of ``liquidator cancel``: the pure rules
(``cancel_desk.decide``), the reply (``reply_templates.render_template``), the stranded
item when an accepted cancellation leaves one (through ``fields.parse_fields`` like
``add``), the case in the store, and what the seller should see next: where to sell
the item and, for a seller cancellation, the cancel rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput
from liquidator.fields import TEXT_MAX, ItemField
from liquidator.i18n import _
from liquidator.parsing import clean_text, parse_order_id
from liquidator.vocab import DeskDecision

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.cancel_desk import Decision
    from liquidator.db import Database
    from liquidator.models import Item
    from liquidator.settings import Settings

# Long Amazon listing titles are cut here in a reply; the buyer knows the item.
ITEM_NAME_MAX = 100


@dataclass(frozen=True)
class CaseIn:
    """One cancellation as the seller describes it (values as typed)."""

    order_id: str
    reason: str | None
    stage: str | None = None
    via: str | None = None
    in_hand: bool = False
    seller: bool = False
    buyer: str | None = None
    item_name: str | None = None
    shop: str | None = None
    # A reply template chosen by name (e.g. a workspace's accept-ja) instead of the
    # decision's own.
    template: str | None = None
    # The buyer turned down an offer to ship and still wants to cancel.
    insists: bool = False
    # Shipped and cheap: offer a refund without asking for the item back.
    no_return: bool = False
    # The stranded item's fields ({field name: typed value}), used when one is recorded.
    item: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class CaseOut:
    """What the desk did: the decision, the reply, the case and the item it recorded."""

    order_id: str
    decision: Decision
    message: str
    case_id: int
    item: Item | None = None
    earlier_items: list[int] = field(default_factory=list)
    recommendation: dict[str, Any] | None = None
    cancel_rate: dict[str, Any] | None = None
    # Item fields were typed but the decision records no stock, so they were not used.
    item_not_recorded: bool = False

    @property
    def next_step(self) -> str:
        """What the seller does in Seller Central after sending the reply."""
        from liquidator.cancel_desk import next_step

        return next_step(self.decision)


def clean_order_id(order_id: str) -> str:
    """An Amazon order id as typed (``parsing.parse_order_id``); InvalidInput naming
    ``ORDER_ID`` when empty or not 3-7-7 digits."""
    if not str(order_id).strip():
        raise InvalidInput("ORDER_ID", _("must be an order id like 114-1234567-1234567"))
    return parse_order_id(order_id, "ORDER_ID")


def short_name(name: str | None) -> str | None:
    """A product name short enough for a reply, cut at a word boundary."""
    if not name:
        return None
    if len(name) <= ITEM_NAME_MAX:
        return name
    return name[:ITEM_NAME_MAX].rsplit(" ", 1)[0].rstrip(" ,;:-|") + "…"


def _chosen_template(chosen: str | None, decided: str, templates_dir: Path | None) -> str:
    """The template a reply uses: the one named with ``--template``, else the decision's."""
    if not chosen:
        return decided
    from liquidator.reply_templates import list_templates

    names = [entry["name"] for entry in list_templates(templates_dir)]
    name = str(chosen).strip().lower().removesuffix(".txt")
    if name not in names:
        raise InvalidInput(
            "template",
            _("{name!r} is not a template; there are {names}").format(
                name=chosen, names=", ".join(names)
            ),
        )
    return name


def handle_cancellation(
    *,
    database: Database,
    case: CaseIn,
    as_of: dt.date,
    settings: Settings,
    templates_dir: Path | None,
    ask: Callable[[ItemField], str] | None = None,
    choose: Callable[[str, tuple[str, ...]], str] | None = None,
    with_rate: bool = True,
) -> CaseOut:
    """Decide, word the reply, record the case (and the stranded item), in one transaction.

    Nothing is written when any input is bad or the reply's template is broken. When
    one can be asked (a terminal), ``choose(label, choices)`` is called for a buyer's
    cancellation's missing stage, via and reason (``seller_cancels``), and ``ask`` for
    a missing required item field.
    """
    from liquidator.cancel_desk import decide
    from liquidator.field_values import parse_fields
    from liquidator.fields import ask_missing
    from liquidator.reply_templates import render_template
    from liquidator.store.items import get_item, insert_items
    from liquidator.store.orders import get_order, item_ids_for_order, record_cancellation

    case = _asked(case, choose)
    reason = case.reason or ("out-of-stock" if case.seller else None)
    facts = {
        "stage": case.stage, "via": case.via, "reason": reason, "in_hand": case.in_hand,
        "seller": case.seller, "no_return": case.no_return,
    }  # fmt: skip
    decision = decide(**facts, insists=case.insists)
    order_id = clean_order_id(case.order_id)
    if decision.decision == DeskDecision.OFFER_TO_SHIP:
        # A second case after an offer to ship is the buyer insisting.
        from liquidator.store.orders import offered_to_ship

        with database.session() as session:
            if offered_to_ship(session=session, order_id=order_id):
                decision = decide(**facts, insists=True)
    buyer = clean_text(case.buyer, "buyer", max_length=TEXT_MAX) or None if case.buyer else None
    values = None
    if decision.records_stock:
        raw = ask_missing(dict(case.item), ask) | {"order_id": order_id}
        values = parse_fields(raw, as_of=as_of, channels=settings.quotable_channels)
    item_name = case.item_name or (short_name(values["title"]) if values else None)
    shop = case.shop or settings.replies.shop or None
    placeholders = {"buyer": buyer, "order_id": order_id, "item": item_name, "shop": shop}
    template = _chosen_template(case.template, decision.template, templates_dir)

    def reply() -> str:
        text = render_template(template, values=placeholders, workspace_templates_dir=templates_dir)
        return with_signature(text, settings.replies.signature)

    # Rendered before the database is touched: a broken template must write nothing.
    message = reply()
    with database.transaction() as session:
        order = get_order(session=session, amazon_order_id=order_id)
        if item_name is None and order is not None and order.product_name:
            placeholders["item"] = short_name(order.product_name)
            message = reply()
        earlier = item_ids_for_order(session=session, order_id=order_id) if values else []
        item_id = None
        if values is not None:
            [item_id] = insert_items(session=session, rows=[values], as_of=as_of)
        recorded = record_cancellation(
            session=session,
            order_id=order_id,
            decision=decision,
            reason=reason.strip().lower(),
            as_of=as_of,
            message=message,
            stage=case.stage.strip().lower() if case.stage else None,
            via=None if case.seller or case.via is None else case.via.strip().lower(),
            in_hand=case.in_hand,
            seller=case.seller,
            buyer=buyer,
            item_id=item_id,
        )
        item = get_item(session=session, item_id=item_id) if item_id is not None else None
    out = CaseOut(order_id, decision, message, recorded.id, item=item, earlier_items=earlier)
    out.item_not_recorded = item is None and any(
        case.item.get(name) is not None for name in ("title", "cost", "size", "dims", "weight")
    )
    with database.session() as session:
        if item is not None:
            from liquidator.recommend import item_recommendation

            out.recommendation = item_recommendation(
                session=session, settings=settings, item=item, as_of=as_of
            )
        if decision.counts_against_rate and with_rate:
            from liquidator.store.orders import cancel_rate

            out.cancel_rate = cancel_rate(
                session=session, as_of=as_of, window_days=7, settings=settings
            )
    return out


def seller_cancels(case: CaseIn) -> bool:
    """Whether the seller cancels: ``seller``, or a seller's reason (out-of-stock)."""
    from liquidator.cancel_desk import SELLER_REASONS

    return case.seller or (case.reason or "").strip().lower() in SELLER_REASONS


def _asked(case: CaseIn, choose: Callable[[str, tuple[str, ...]], str] | None) -> CaseIn:
    """The case as the desk decides it: a seller's cancellation needs no stage, via or
    buyer's reason; a buyer's has each one not given asked with ``choose``, when given."""
    if seller_cancels(case):
        return replace(case, seller=True)
    if choose is None:
        return case
    from liquidator.cancel_desk import BUYER_REASONS, STAGES, VIAS

    stage = case.stage if case.stage is not None else choose(_("Stage"), STAGES)
    via = case.via if case.via is not None else choose(_("Received via"), VIAS)
    reason = case.reason if case.reason is not None else choose(_("Reason"), BUYER_REASONS)
    return replace(case, stage=stage, via=via, reason=reason)


def case_public(out: CaseOut) -> dict[str, Any]:
    """What the desk did, as ``cancel --json`` prints it."""
    return {
        "order_id": out.order_id,
        "decision": out.decision.decision,
        "template": out.decision.template,
        "message": out.message,
        "counts_against_rate": out.decision.counts_against_rate,
        "next_step": out.next_step,
        "item_id": out.item.id if out.item else None,
        "recommendation": out.recommendation,
    }


def cancel_rate_report(
    *, session: Session, as_of: dt.date, window_days: int, settings: Settings
) -> dict[str, Any]:
    """``cancel-rate``: the rate over the ``window_days`` ending on ``as_of``
    (``store.orders.cancel_rate``). Its status is ``no_data`` while no order report was
    imported: the desk's own cases are not all the orders, and a rate from them alone
    would alarm on a single seller cancellation."""
    from liquidator.store.orders import cancel_rate, has_order_data

    rate = cancel_rate(session=session, as_of=as_of, window_days=window_days, settings=settings)
    if rate["orders"] and not has_order_data(session=session):
        rate["status"] = "no_data"
    return rate


def template_view(name: str, templates_dir: Path | None) -> dict[str, str]:
    """``templates NAME``: the reply template as written (each placeholder filled with
    itself, which also checks it), with its name and where it comes from."""
    from liquidator.reply_templates import PLACEHOLDERS, list_templates, render_template

    entries = list_templates(templates_dir)
    text = render_template(
        name,
        values={key: "{" + key + "}" for key in PLACEHOLDERS},
        workspace_templates_dir=templates_dir,
    )
    key = name.strip().lower().removesuffix(".txt")
    entry = next((e for e in entries if e["name"] == key), {"source": "package"})
    return {"name": key, "source": entry["source"], "text": text}


def with_signature(text: str, signature: str) -> str:
    """The reply with the seller's signature at its end, once: a template that signs
    itself (its last lines already the signature, e.g. a line of ``{shop}`` when the
    signature is the shop's name) is not signed again."""
    if not signature.strip() or text.rstrip().endswith(signature.strip()):
        return text
    return text + signature + "\n"
