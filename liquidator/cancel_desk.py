"""The cancellation desk: decide how to answer a cancellation, and word the reply.

Pure: :func:`decide` turns the facts of a case into a :class:`Decision`;
:func:`reply_templates.render_template` fills the reply for it. Recording the case (and the stranded
item when the decision says so) is the caller's job.

Rules, first match wins (docs/product.md, "The cancellation desk"):

1. ``seller=True`` (reason ``out-of-stock``) → ``seller-cancel``; it counts against the
   cancel rate. Only possible before the item is bought.
2. stage ``shipped`` → ``decline``: the parcel is on its way. The reply asks the buyer
   to accept it and request the return from Your Orders, and not to refuse it (a
   refused courier parcel from Japan comes back slowly, at the seller's cost, and
   holds up the refund); with ``no_return`` (a cheap item) it offers a refund without
   return instead (template ``decline-no-return``). The seller's note says the same.
3. ``too-slow`` with the item in hand → ``offer-to-ship``, unless the buyer insists
   (``insists``: they already turned the offer down, or this is a second case on the
   same order after an offer) — then rule 5 accepts. This wins over rule 4 on purpose: a
   buyer who writes only to complain about slow shipping is the case most often saved.
   When the buyer already filed Amazon's request (via ``request``) the offer does not
   ask them to file it again (template ``offer-to-ship-requested``).
4. via ``message`` → ``ask-formal-request``: numbered steps to file Amazon's request, so
   the cancellation is recorded as buyer-requested.
5. otherwise → ``accept`` as buyer-cancelled (does not count); at stage ``bought`` the
   caller records the item as stranded stock.

"In hand" means the seller physically holds the item. It contradicts ``not-bought``
(nothing to hold yet) and ``shipped`` (the carrier holds it), so both combinations are
refused rather than silently ignored: they usually mean the wrong ``--stage`` was given.

The replies' templates are in ``reply_templates``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from liquidator.errors import InvalidInput
from liquidator.i18n import N_, _
from liquidator.vocab import DeskDecision

Stage = Literal["not-bought", "bought", "shipped"]
Via = Literal["request", "message"]
Reason = Literal[
    "too-slow",
    "mistake",
    "arrives-too-late",
    "no-longer-needed",
    "found-cheaper",
    "other",
    "out-of-stock",
]

STAGES: tuple[str, ...] = ("not-bought", "bought", "shipped")
VIAS: tuple[str, ...] = ("request", "message")
BUYER_REASONS: tuple[str, ...] = (
    "too-slow",
    "mistake",
    "arrives-too-late",
    "no-longer-needed",
    "found-cheaper",
    "other",
)
SELLER_REASONS: tuple[str, ...] = ("out-of-stock",)
REASONS: tuple[str, ...] = BUYER_REASONS + SELLER_REASONS
# The desk's answers (a case opened from a report waits as REQUESTED until answered).
DECISIONS: tuple[DeskDecision, ...] = tuple(
    decision for decision in DeskDecision if decision is not DeskDecision.REQUESTED
)

# Every packaged reply: one per decision, plus the variants a decision may use.
TEMPLATE_NAMES: tuple[str, ...] = tuple(
    sorted([*(d.value for d in DECISIONS), "decline-no-return", "offer-to-ship-requested"])
)


# What the seller does in Seller Central after sending the reply, by the reply's
# template: each note says what its reply promises, no more and no other.
NEXT_STEPS: dict[str, str] = {
    DeskDecision.DECLINE: N_(
        "The order has shipped and cannot be cancelled. The reply asks the buyer to accept "
        "the parcel and request a return from Your Orders, not to refuse it; refund when "
        "the return is on its way."
    ),
    "decline-no-return": N_(
        "The order has shipped and cannot be cancelled. Refund it in full in Seller "
        "Central without asking for the item back, as the reply promises; nothing comes "
        "back to you."
    ),
    DeskDecision.ASK_FORMAL_REQUEST: N_(
        "Ask for Amazon's cancellation request; when it arrives, record it "
        "again with --via request so it is accepted as buyer-requested."
    ),
    DeskDecision.OFFER_TO_SHIP: N_(
        "Offer to ship today and keep the order; if the buyer still files a "
        "request, record it again with --via request."
    ),
    "offer-to-ship-requested": N_(
        "The buyer's request is already filed. If they keep the order, ship it today; if "
        "they do not answer or still want to cancel, run this command again: the second "
        'case accepts it, and you cancel it as "Buyer Canceled", which does not count '
        "against your cancel rate."
    ),
    DeskDecision.ACCEPT: N_(
        'Cancel the order in Seller Central as "Buyer Canceled"; it does not count '
        "against your cancel rate."
    ),
    DeskDecision.SELLER_CANCEL: N_(
        "Cancel the order in Seller Central; it counts against your cancel rate."
    ),
}


@dataclass(frozen=True)
class Decision:
    """What the desk decided for one case.

    ``cancels_order``: the order ends up cancelled (accept, seller-cancel).
    ``buyer_requested``: it is cancelled at the buyer's request (accept only).
    ``counts_against_rate``: it is a seller cancellation (seller-cancel only).
    ``records_stock``: the bought item becomes stranded stock (accept at ``bought``).
    """

    decision: DeskDecision
    template: str
    counts_against_rate: bool
    records_stock: bool
    buyer_requested: bool
    cancels_order: bool


def next_step(decision: Decision) -> str:
    """What to do in Seller Central once the reply is sent, in the current language."""
    return _(NEXT_STEPS[decision.template])


def _choice(value: str | None, allowed: tuple[str, ...], field: str) -> str:
    if value is None:
        raise InvalidInput(
            field, _("required: one of {choices}").format(choices=", ".join(allowed))
        )
    text = str(value).strip().lower()
    if text not in allowed:
        raise InvalidInput(
            field,
            _("{value!r} is not one of {choices}").format(value=value, choices=", ".join(allowed)),
        )
    return text


def _decision(
    name: DeskDecision, *, records_stock: bool = False, template: str | None = None
) -> Decision:
    return Decision(
        decision=name,
        template=template or name.value,
        counts_against_rate=name == DeskDecision.SELLER_CANCEL,
        records_stock=records_stock,
        buyer_requested=name == DeskDecision.ACCEPT,
        cancels_order=name in (DeskDecision.ACCEPT, DeskDecision.SELLER_CANCEL),
    )


def decide(
    *,
    stage: str | None = None,
    via: str | None = None,
    reason: str,
    in_hand: bool = False,
    seller: bool = False,
    insists: bool = False,
    no_return: bool = False,
) -> Decision:
    """Decide how to answer a cancellation (rules in the module docstring).

    Raises InvalidInput naming the option (``--stage``, ``--via``, ``--reason``,
    ``--in-hand``) for an unknown value or a combination that cannot happen. For a seller
    cancellation ``stage`` may be omitted and ``via`` is ignored: no buyer message is
    involved.
    """
    # One way to say it: --reason out-of-stock is a seller cancellation, --seller too.
    seller = seller or str(reason).strip().lower() in SELLER_REASONS
    if seller:
        reason_ = _choice(reason or SELLER_REASONS[0], SELLER_REASONS, "reason")
        if stage is not None and _choice(stage, STAGES, "stage") != "not-bought":
            raise InvalidInput(
                "stage",
                _(
                    "a seller cancellation for out-of-stock happens before the item is bought; "
                    "once it is bought or shipped, handle the buyer's request instead"
                ),
            )
        if in_hand:
            raise InvalidInput(
                "in_hand", _("an item that is {reason} cannot be in hand").format(reason=reason_)
            )
        return _decision(DeskDecision.SELLER_CANCEL)

    reason_ = _choice(reason, BUYER_REASONS, "reason")
    stage_ = _choice(stage, STAGES, "stage")
    via_ = _choice(via, VIAS, "via")
    if in_hand and stage_ == "not-bought":
        raise InvalidInput(
            "in_hand", _("an item not bought yet cannot be in hand; use --stage bought")
        )
    if in_hand and stage_ == "shipped":
        raise InvalidInput("in_hand", _("a shipped item is with the carrier, not in hand"))

    if no_return and stage_ != "shipped":
        raise InvalidInput("no_return", _("a refund without return is for shipped orders"))
    if stage_ == "shipped":
        return _decision(DeskDecision.DECLINE, template="decline-no-return" if no_return else None)
    if reason_ == "too-slow" and in_hand and not insists:
        requested = via_ == "request"
        return _decision(
            DeskDecision.OFFER_TO_SHIP, template="offer-to-ship-requested" if requested else None
        )
    if via_ == "message":
        return _decision(DeskDecision.ASK_FORMAL_REQUEST)
    return _decision(DeskDecision.ACCEPT, records_stock=stage_ == "bought")
