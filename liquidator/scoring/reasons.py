"""One short human line per item × channel: why it is ineligible, or why it wins.

Built with numpy object arrays (string concatenation runs inside numpy), one pass per
channel or per reason, never per item; a winner's line is filled from one ``str.format``
template per kind of line, mapped over that kind's items.
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
    reasons = np.empty(ineligibility.shape, dtype=object)
    reasons[:] = _blurbs(settings)
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
    winner = np.argmax(rank[items] == 1, axis=1)
    reasons[items, winner] = _why_it_wins(
        settings,
        eligible[items],
        winner,
        net_cash[items],
        days_to_cash[items],
        days_held[items],
        reasons[items, winner],
    )


def winner_reasons(
    settings: Settings,
    eligible: np.ndarray,
    winner: np.ndarray,
    net_cash: np.ndarray,
    days_to_cash: np.ndarray,
    weight_estimated: np.ndarray,
    days_held: np.ndarray,
) -> np.ndarray:
    """The winning channel's line only, for items with an eligible channel.

    The same text ``build_reasons`` gives the winner, without building a line for
    every other channel. ``eligible``, ``net_cash`` and ``days_to_cash`` are
    (items × channels); ``winner`` (each item's winning channel index),
    ``weight_estimated`` (the winner's) and ``days_held`` are per item.
    """
    return _why_it_wins(
        settings,
        eligible,
        winner,
        net_cash,
        days_to_cash,
        days_held,
        _blurbs(settings)[winner],
        weight_estimated=np.asarray(weight_estimated, dtype=bool),
    )


def _why_it_wins(
    settings: Settings,
    eligible: np.ndarray,
    winner: np.ndarray,
    net_cash: np.ndarray,
    days_to_cash: np.ndarray,
    days_held: np.ndarray,
    base: np.ndarray,
    *,
    weight_estimated: np.ndarray | None = None,
) -> np.ndarray:
    """Why each winner beat the others, then ``base`` (its channel's line), then age
    (and the weight-estimated note where ``weight_estimated``).

    Rows are items that have an eligible channel; ``winner`` is its column. Lines are
    grouped by which clauses they have and each group is formatted with one template.
    """
    names = np.array(list(settings.channels), dtype=object)
    rows = np.arange(len(winner))
    richest = np.argmax(np.where(eligible, net_cash, np.iinfo(np.int64).min), axis=1)
    winner_net = net_cash[rows, winner]
    richest_net = net_cash[rows, richest]
    gap_days = days_to_cash[rows, richest] - days_to_cash[rows, winner]
    why = np.where(winner_net < richest_net, _FASTER, _RICHEST)
    why[eligible.sum(axis=1) == 1] = _ONLY
    target = settings.holding.target_days
    late = days_held > target
    held = np.where(late, days_held, 0).astype(np.int64)
    suffixed = np.zeros(len(winner), dtype=bool) if weight_estimated is None else weight_estimated
    shape = why + 3 * late + 6 * suffixed
    arguments = (
        gap_days,
        _plural_s(gap_days),
        names[richest],
        richest_net - winner_net,
        base,
        held,
        _plural_s(held),
    )
    lines = np.empty(len(winner), dtype=object)
    for code in np.unique(shape).tolist():
        group = np.flatnonzero(shape == code)
        template = _why_template(code % 3, code // 3 % 2, code // 6, target)
        lines[group] = list(map(template.format, *(a[group].tolist() for a in arguments)))
    return lines


_RICHEST, _FASTER, _ONLY = 0, 1, 2
_WHY = (
    "highest net cash",
    "faster cash: {0} day{1} sooner than {2} for {3} yen less",
    "only eligible channel",
)


def _why_template(why: int, late: int, suffixed: int, target: int) -> str:
    """One winner line shape; the fields are ``_why_it_wins``' arguments in order."""
    held = f"; held {{5}} day{{6}}, past the {target}-day target" if late else ""
    return _WHY[why] + "; {4}" + held + (f"; {WEIGHT_ESTIMATED}" if suffixed else "")


def _blurbs(settings: Settings) -> np.ndarray:
    """Each channel's one-line description, in settings order."""
    return np.array(
        [_BLURBS.get(name, channel.label) for name, channel in settings.channels.items()],
        dtype=object,
    )


def _plural_s(count: np.ndarray) -> np.ndarray:
    return np.where(count == 1, "", "s").astype(object)
