"""One short human line per item × channel: why it is ineligible, or why it wins.

Built with numpy object arrays (string concatenation runs inside numpy), one pass per
channel or per reason, never per item.
"""

from __future__ import annotations

import numpy as np

from liquidator.settings import Settings

ELIGIBLE = 0
OVER_COURIER_LIMIT = 1
OVER_EPACKET_LIMIT = 2
NO_RETURN_DATE = 3
RETURN_WINDOW_CLOSED = 4
HAZMAT = 5
SWITCHED_OFF = 6
NO_STOCK = 7

WEIGHT_ESTIMATED = "weight estimated from size class"
NO_ELIGIBLE_CHANNEL = "no eligible channel; see each channel's reason"

_BLURBS = {
    "yahoo": "a 1-yen-start auction draws bids within a week but can close low",
    "amazon_jp": "sells near market price to domestic buyers; payout every two weeks",
    "ebay": "overseas buyers pay more, but international shipping and FX eat into it",
    "mercari": "sells quickly near market price with flat らくらくメルカリ便 shipping",
    "kaitori": "cash within days and no shipping, but pays a fraction of resale value",
    "supplier_return": "refunds the cost inside the return window, less return shipping",
}


def _text(values: np.ndarray) -> np.ndarray:
    return values.astype(str).astype(object)


def _plural(count: np.ndarray, word: str) -> np.ndarray:
    return _text(count) + np.where(count == 1, f" {word}", f" {word}s").astype(object)


def build_reasons(
    settings: Settings,
    ineligibility: np.ndarray,
    rank: np.ndarray,
    net_cash: np.ndarray,
    days_to_cash: np.ndarray,
    weight_estimated: np.ndarray,
    billable_g: np.ndarray,
    return_days_left: np.ndarray,
    days_held: np.ndarray,
) -> np.ndarray:
    """An (items × channels) object array of reasons; arguments are (n, c) or (n,)."""
    names = list(settings.channels)
    n, c = ineligibility.shape
    blurbs = np.array(
        [_BLURBS.get(name, settings.channels[name].label) for name in names], dtype=object
    )
    reasons = np.empty((n, c), dtype=object)
    reasons[:] = blurbs
    _ineligible_reasons(reasons, ineligibility, settings, billable_g, return_days_left)
    eligible = ineligibility == ELIGIBLE
    _winner_reasons(reasons, settings, eligible, rank, net_cash, days_to_cash, days_held)
    suffixed = eligible & weight_estimated
    reasons[suffixed] = reasons[suffixed] + f"; {WEIGHT_ESTIMATED}"
    return reasons


def _ineligible_reasons(
    reasons: np.ndarray,
    ineligibility: np.ndarray,
    settings: Settings,
    billable_g: np.ndarray,
    return_days_left: np.ndarray,
) -> None:
    shipping = settings.shipping
    fixed = {
        NO_STOCK: "no units left in stock",
        SWITCHED_OFF: "switched off in settings",
        HAZMAT: "hazmat: not accepted for overseas shipping",
        NO_RETURN_DATE: "no return-by date recorded",
        OVER_EPACKET_LIMIT: (
            f"over ePacket Light limits to {shipping.ebay_destination} "
            f"({shipping.epacket_rates[-1][0] / 1000:g} kg, sides {shipping.epacket_max_side_sum_cm:g}"
            f" cm, longest {shipping.epacket_max_longest_cm:g} cm)"
        ),
    }
    for code, text in fixed.items():
        reasons[ineligibility == code] = text
    rows, _ = np.nonzero(ineligibility == RETURN_WINDOW_CLOSED)
    if len(rows):
        days_ago = np.ceil(-return_days_left[rows]).astype(np.int64)
        reasons[ineligibility == RETURN_WINDOW_CLOSED] = (
            "return window closed " + _plural(days_ago, "day") + " ago"
        )
    rows, _ = np.nonzero(ineligibility == OVER_COURIER_LIMIT)
    if len(rows):
        limit_kg = shipping.ebay_courier_rates[-1][0] / 1000
        billable_kg = _text(np.round(billable_g[rows] / 1000, 1))
        reasons[ineligibility == OVER_COURIER_LIMIT] = (
            "billable weight "
            + billable_kg
            + f" kg (actual or volumetric) is over the {limit_kg:g} kg courier limit"
            + f" to {shipping.ebay_destination}"
        )


def _winner_reasons(
    reasons: np.ndarray,
    settings: Settings,
    eligible: np.ndarray,
    rank: np.ndarray,
    net_cash: np.ndarray,
    days_to_cash: np.ndarray,
    days_held: np.ndarray,
) -> None:
    """Prefix each winner's reason with why it beat the others."""
    items = np.nonzero(eligible.any(axis=1))[0]
    if not len(items):
        return
    names = np.array(list(settings.channels), dtype=object)
    winner = np.argmax(rank[items] == 1, axis=1)
    richest = np.argmax(np.where(eligible[items], net_cash[items], np.iinfo(np.int64).min), axis=1)
    winner_net = net_cash[items, winner]
    richest_net = net_cash[items, richest]
    why_it_wins = np.full(len(items), "highest net cash", dtype=object)
    slower = winner_net < richest_net
    if slower.any():
        gap_days = days_to_cash[items, richest] - days_to_cash[items, winner]
        why_it_wins[slower] = (
            "faster cash: "
            + _plural(gap_days[slower], "day")
            + " sooner than "
            + names[richest[slower]]
            + " for "
            + _text((richest_net - winner_net)[slower])
            + " yen less"
        )
    why_it_wins[eligible[items].sum(axis=1) == 1] = "only eligible channel"
    why_it_wins = why_it_wins + "; " + reasons[items, winner]
    target = settings.holding.target_days
    late = days_held[items] > target
    if late.any():
        why_it_wins[late] = (
            why_it_wins[late]
            + "; held "
            + _plural(days_held[items][late].astype(np.int64), "day")
            + f", past the {target}-day target"
        )
    reasons[items, winner] = why_it_wins
