"""One short human line per item × channel: why it is ineligible, or why it wins.

Built with numpy object arrays (string concatenation runs inside numpy), one pass per
channel or per reason, never per item; a winner's line is filled from one ``str.format``
template per kind of line, mapped over that kind's items.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from liquidator.i18n import N_, N_plural, _, current_language, ngettext
from liquidator.settings.channels import shown_label
from liquidator.settings.sections import Settings, ShippingTable

ELIGIBLE = 0
OVER_CARRIER_LIMIT = 1
NO_RETURN_DATE = 3
RETURN_WINDOW_CLOSED = 4
HAZMAT = 5
SWITCHED_OFF = 6
NO_STOCK = 7
REFUSED_CATEGORY = 8
DOMESTIC_ONLY = 9
STALE_LISTING = 10

# Translated where used (``_(NO_ELIGIBLE_CHANNEL)``): the language is chosen at run time.
WEIGHT_ESTIMATED = N_("weight estimated from size class")
COMPACT_ASSUMED = N_("sides not recorded: assumed to fit the small-parcel rate")
NO_ELIGIBLE_CHANNEL = N_("no eligible channel; see each channel's reason")


def _text(values: np.ndarray) -> np.ndarray:
    return values.astype(str).astype(object)


def _counted(message: tuple[str, str], count: np.ndarray) -> np.ndarray:
    """``message`` (``N_plural``) in the form for each count, filled with ``days=n``:
    one message lookup per distinct count, not per item."""
    singular, plural = message
    values = count.tolist()
    forms = {n: ngettext(singular, plural, n) for n in set(values)}
    return np.array([forms[n].format(days=n) for n in values], dtype=object)


def build_reasons(settings: Settings, scored: Any, item: dict[str, np.ndarray]) -> np.ndarray:
    """An (items × channels) object array of reasons, from the engine's scored arrays."""
    reasons = np.empty(scored.ineligibility.shape, dtype=object)
    reasons[:] = _blurbs(settings)
    _ineligible_reasons(reasons, scored.ineligibility, settings, scored.billable_g, item)
    eligible = scored.ineligibility == ELIGIBLE
    items = np.nonzero(eligible.any(axis=1))[0]
    if len(items):
        winner = np.argmax(scored.rank[items] == 1, axis=1)
        reasons[items, winner] = _why_it_wins(
            settings, scored, items, winner, item["days_held"][items], reasons[items, winner]
        )
    _add_notes(reasons, eligible, scored)
    if len(items):  # the winner's line says the price is falling (why it hurries)
        reasons[items, winner] = reasons[items, winner] + falling_notes(settings, item)[items]
    return reasons


def falling_notes(settings: Settings, item: dict[str, np.ndarray]) -> np.ndarray:
    """Per item, "; price falling: −18% in 30 days" when its price fell more than
    ``[market] fall_share``, else ""."""
    from liquidator.i18n import ngettext

    fall, days = item["price_fall"], item["price_fall_days"]
    notes = np.full(len(fall), "", dtype=object)
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero((fall > settings.market.fall_share) & (days > 0))
    for row, share, span in zip(rows.tolist(), fall[rows].tolist(), days[rows].tolist(),
                                strict=True):  # fmt: skip
        text = ngettext("price falling: −{share}% in {days} day",
                        "price falling: −{share}% in {days} days", int(span))  # fmt: skip
        notes[row] = _("; ") + text.format(share=round(share * 100), days=int(span))
    return notes


def _add_notes(reasons: np.ndarray, eligible: np.ndarray, scored: Any) -> None:
    """The notes after a line: a price seen on the channel, duty paid, worse than
    writing off, estimated parcels.

    ``reasons`` and ``eligible`` may be any rows of the scored arrays' shape (the
    winners only, as an items × 1 array, with ``scored`` picked to match)."""
    seen = eligible & ~np.isnan(scored.seen_price)
    if seen.any():
        template = _("price seen on this channel: ¥{price:,}")
        notes = [template.format(price=round(p)) for p in scored.seen_price[seen].tolist()]
        reasons[seen] = reasons[seen] + _("; ") + np.array(notes, dtype=object)
    duties = np.where(eligible, scored.duties, 0)
    if (duties > 0).any():
        template = _("fees include ¥{duty:,} of import duty paid by the seller (DDP)")
        marked = duties > 0
        notes = [template.format(duty=d) for d in duties[marked].tolist()]
        reasons[marked] = reasons[marked] + _("; ") + np.array(notes, dtype=object)
    worse = eligible & ~scored.pays & ~scored.last_resort & scored.has_resort.reshape(-1, 1)
    if worse.any():
        losses = -scored.net_cash[worse]
        template = _("loses ¥{loss:,}: worse than writing it off")
        even = _("brings nothing back: no better than writing it off")
        notes = [template.format(loss=loss) if loss > 0 else even for loss in losses.tolist()]
        reasons[worse] = reasons[worse] + _("; ") + np.array(notes, dtype=object)
    for mask, note in ((scored.weight_estimated, WEIGHT_ESTIMATED),
                       (scored.compact_assumed, COMPACT_ASSUMED)):  # fmt: skip
        marked = eligible & mask
        reasons[marked] = reasons[marked] + _("; ") + _(note)


def _ineligible_reasons(
    reasons: np.ndarray,
    ineligibility: np.ndarray,
    settings: Settings,
    billable_g: np.ndarray,
    item: dict[str, np.ndarray],
) -> None:
    fixed = {
        NO_STOCK: _("no units left in stock"),
        SWITCHED_OFF: _("switched off in settings"),
        HAZMAT: _("hazmat: the channel or its carrier does not take it"),
        NO_RETURN_DATE: _("no return-by date recorded"),
        REFUSED_CATEGORY: _("the channel does not take this category"),
        DOMESTIC_ONLY: _("marked domestic only: not for export"),
    }
    for code, text in fixed.items():
        reasons[ineligibility == code] = text
    closed = ineligibility == RETURN_WINDOW_CLOSED
    rows, _columns = np.nonzero(closed)
    if len(rows):
        days_ago = np.ceil(-item["return_days_left"][rows]).astype(np.int64)
        reasons[closed] = _counted(
            N_plural("return window closed {days} day ago", "return window closed {days} days ago"),
            days_ago,
        )
    stale = ineligibility == STALE_LISTING
    rows, _columns = np.nonzero(stale)
    if len(rows):
        listed = np.nan_to_num(item["listed_days"][rows]).astype(np.int64)
        reasons[stale] = _counted(
            N_plural("listed {days} day without a sale", "listed {days} days without a sale"),
            listed,
        )
    for j, channel in enumerate(settings.scored_channels.values()):
        over = ineligibility[:, j] == OVER_CARRIER_LIMIT
        if over.any():
            table = settings.shipping[channel.shipping]
            reasons[over, j] = _over_limit(table, billable_g[over, j])


def _over_limit(table: ShippingTable, billable_g: np.ndarray) -> np.ndarray:
    """Why a parcel cannot go by ``table``: its billable weight, or the limits."""
    limit_kg = table.brackets[-1][0] / 1000 if table.brackets else 0
    if table.volumetric_divisor > 0:
        billable_kg = _text(np.round(billable_g / 1000, 1))
        template = _(
            "billable weight {weight} kg (actual or volumetric) is over the {limit} kg "
            "limit of {service}"
        )
        service, limit = shown_label(table), f"{limit_kg:g}"
        filled = [template.format(weight=kg, limit=limit, service=service) for kg in billable_kg]
        return np.array(filled, dtype=object)
    limits = [f"{limit_kg:g} kg"]
    if table.max_side_sum_cm:
        limits.append(_("sides {cm} cm").format(cm=f"{table.max_side_sum_cm:g}"))
    if table.max_longest_cm:
        limits.append(_("longest {cm} cm").format(cm=f"{table.max_longest_cm:g}"))
    line = _("over the limits of {service} ({limits})").format(
        service=shown_label(table), limits=_(", ").join(limits)
    )
    return np.full(len(billable_g), line, dtype=object)


def winner_reasons(
    settings: Settings,
    scored: Any,
    item: dict[str, np.ndarray],
    rows: np.ndarray,
    winner: np.ndarray,
) -> np.ndarray:
    """The winning channel's line only, for ``rows`` (items with an eligible channel)
    whose winning channel index is ``winner``: the text ``build_reasons`` gives the
    winner, without building a line for every other channel."""
    lines = _why_it_wins(
        settings, scored, rows, winner, item["days_held"][rows], _blurbs(settings)[winner]
    )
    picked = np.arange(len(rows))
    winners = _Picked(scored, rows, picked, winner)
    lines = lines[:, None]
    _add_notes(lines, np.ones_like(lines, dtype=bool), winners)
    return lines[:, 0] + falling_notes(settings, item)[rows]


class _Picked:
    """The winners' cells of the scored arrays that ``_add_notes`` reads, as items × 1."""

    def __init__(self, scored: Any, rows: np.ndarray, picked: np.ndarray, winner: np.ndarray):
        for name in ("duties", "seen_price", "pays", "net_cash", "weight_estimated",
                     "compact_assumed"):  # fmt: skip
            setattr(self, name, getattr(scored, name)[rows][picked, winner][:, None])
        self.last_resort = scored.last_resort[winner][:, None]
        self.has_resort = scored.has_resort[rows]


def _why_it_wins(
    settings: Settings,
    scored: Any,
    items: np.ndarray,
    winner: np.ndarray,
    days_held: np.ndarray,
    base: np.ndarray,
) -> np.ndarray:
    """Why each winner beat the others, then ``base`` (its channel's line), then age; or,
    when nothing pays, that it is the least loss.

    ``items`` are rows of ``scored`` that have an eligible channel; ``winner`` is each
    one's column. Lines are grouped by which clauses they have and each group is
    formatted with one template.
    """
    names = np.array(list(settings.scored_channels), dtype=object)
    labels = np.array([settings.channel_label(n) for n in names], dtype=object)
    rows = np.arange(len(winner))
    pays, net_cash = scored.pays[items], scored.net_cash[items]
    days_to_cash, target = scored.days_to_cash[items], scored.target_days[items]
    lowest = np.iinfo(np.int64).min
    richest = np.argmax(np.where(pays, net_cash, lowest), axis=1)
    winner_net = net_cash[rows, winner]
    richest_net = net_cash[rows, richest]
    gap_days = days_to_cash[rows, richest] - days_to_cash[rows, winner]
    sales = scored.eligible[items] & ~scored.last_resort[None, :]
    best_sale = np.argmax(np.where(sales, net_cash, lowest), axis=1)
    resort_net = np.where(scored.eligible[items] & scored.last_resort[None, :], net_cash, lowest)
    floor_net = resort_net.max(axis=1, initial=lowest)
    why = np.where(winner_net < richest_net, _FASTER, _RICHEST)
    why[sales.sum(axis=1) == 1] = _ONLY
    why[scored.least_loss[items][rows, winner]] = _SALE_LOSS
    why[(why == _SALE_LOSS) & (floor_net == lowest)] = _SALE_LOSS_NO_RESORT
    why[scored.last_resort[winner]] = _RESORT
    why[scored.last_resort[winner] & ~sales.any(axis=1)] = _RESORT_NO_SALE
    late = (days_held > target) & (why <= _ONLY)
    values = {
        "gap_days": gap_days, "faster_than": labels[richest],
        "yen_less": richest_net - winner_net, "held_days": days_held.astype(np.int64),
        "target_days": np.asarray(target, dtype=np.int64), "best_sale": labels[best_sale],
        "sale_loss": -net_cash[rows, best_sale],
        "writeoff_loss": np.where(floor_net == lowest, 0, -floor_net), "loss": -winner_net,
    }  # fmt: skip
    lines = np.empty(len(winner), dtype=object)
    for code in sorted(set(why.tolist())):  # np.unique would load numpy.ma
        group = np.flatnonzero(why == code)
        lines[group] = _filled(_WHY[code], group, values, count="gap_days")
    separator = _("; ")
    said = why < _RESORT  # a line of its own, or the reason, the channel's line and age
    lines[said] = lines[said] + separator + base[said]
    late_rows = np.flatnonzero(late)
    if len(late_rows):
        lines[late_rows] = lines[late_rows] + separator + _filled(_HELD, late_rows, values,
                                                                  count="held_days")  # fmt: skip
    return lines


_RICHEST, _FASTER, _ONLY, _SALE_LOSS, _SALE_LOSS_NO_RESORT, _RESORT, _RESORT_NO_SALE = range(7)
# Each kind of winner line: its message, and its plural when it counts days.
_WHY: dict[int, tuple[str, str | None]] = {
    _RICHEST: (N_("highest net cash"), None),
    _FASTER: N_plural(
        "faster cash: {gap_days} day sooner than {faster_than} for {yen_less} yen less",
        "faster cash: {gap_days} days sooner than {faster_than} for {yen_less} yen less",
    ),
    _ONLY: (N_("only eligible channel"), None),
    _SALE_LOSS: (N_("least loss: every option loses money; this loses ¥{loss:,}, less than "
                    "writing it off (¥{writeoff_loss:,})"), None),
    _SALE_LOSS_NO_RESORT: (N_("least loss: every option loses money; this loses ¥{loss:,}"),
                           None),
    _RESORT: (N_("least loss: every sale loses money (the best, {best_sale}, loses "
                 "¥{sale_loss:,}); write it off, give it away or bundle it into a lot, or keep "
                 "it for a lot sale with similar items"), None),
    _RESORT_NO_SALE: (N_("least loss: no channel can sell it; write it off, give it away or "
                         "bundle it into a lot, or keep it for a lot sale with similar items"),
                      None),
}  # fmt: skip
_HELD = N_plural(
    "held {held_days} day, past the {target_days}-day target",
    "held {held_days} days, past the {target_days}-day target",
)


def _filled(
    message: tuple[str, str | None], rows: np.ndarray, values: dict[str, np.ndarray], count: str
) -> np.ndarray:
    """``message`` (singular, plural or None) filled with ``values`` at ``rows``, each
    named; a counted message takes its plural form for each row's ``count`` value."""
    singular, plural = message
    columns = {name: column[rows].tolist() for name, column in values.items()}
    named = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    if plural is None:
        text = _(singular)
        return np.array([text.format(**row) for row in named], dtype=object)
    forms = {n: ngettext(singular, plural, n) for n in set(columns[count])}
    return np.array([forms[row[count]].format(**row) for row in named], dtype=object)


def _blurbs(settings: Settings) -> np.ndarray:
    """Each channel's one-line description, in settings order and the current language."""
    japanese = current_language() == "ja"
    return np.array(
        [
            (channel.blurb_ja if japanese and channel.blurb_ja else channel.blurb)
            or settings.channel_label(name)
            for name, channel in settings.scored_channels.items()
        ],
        dtype=object,
    )
