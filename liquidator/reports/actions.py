"""The "move now" list of the weekly report: which items to act on, in what order, and why.

Pure: the report's per-item columns in (numpy arrays: the stock as of the day with
each item's winning channel, as ``reports.aging`` joins them), a sequence of plain
dicts out (``Actions``: held as columns, each dict made as it is read). Rules:

1. the best channel needs a return window (a supplier return) and that window closes
   within 7 days (soonest first): missing it loses the cheapest exit;
2. held longer than its target (the ``target_days`` column: by parcel class), by days
   over target × cost tied up;
3. listed longer than the channel usually takes to sell (``cut_price``), by days over
   that × cost tied up. "Usually" is ``channel_days[channel]`` (the channel's
   ``sells_within_days``), else 14 days.

Each action carries the winner's suggested price (a list price, or an auction's start
price) so the seller can act on the line as it stands, and an item on sale its plan
(``plan``: the steps of ``scoring.plans``, None for an item not on sale).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from typing import TypedDict, overload

import numpy as np

from liquidator.i18n import N_plural, _, current_language, ngettext
from liquidator.scoring.inputs import texts
from liquidator.vocab import ItemStatus

RETURN_WINDOW_ALERT_DAYS = 7
DEFAULT_USUAL_DAYS = 14
ON_SALE_STATUS = ItemStatus.LISTED


class Action(TypedDict):
    """One line of the action list (a plain dict: there can be many)."""

    item_id: int
    title: str
    days_held: int
    best_channel: str | None
    net_cash: int | None
    reason: str
    status: str
    listed_channel: str | None
    listed_days: int | None
    cut_price: bool
    suggested_price: int | None
    price_kind: str | None
    least_loss: bool
    plan: list[dict] | None


def move_now(
    items: Mapping[str, np.ndarray],
    channel_days: Mapping[str, int],
    return_window_channels: Sequence[str],
    channel_labels: Mapping[str, str] | None = None,
) -> Actions:
    """The items to move now, most urgent first (see the module docstring).

    ``items``: the report's columns (``reports.aging``): ``best_channel`` as text
    (``""`` for none), the figures as float (NaN unknown), ``target_days`` as int.
    """
    labels, templates = dict(channel_labels or {}), _reason_templates(current_language())
    if not len(items["item_id"]):
        return Actions({}, labels, templates)
    days = items["days_held"].astype(np.int64)
    best_channel = items["best_channel"]
    listed = items["status_as_of"] == ON_SALE_STATUS
    listed_channel = items["listed_channel"]
    listed_days = items["listed_days"]

    usual = np.full(len(days), float(DEFAULT_USUAL_DAYS))
    for channel, usual_days in channel_days.items():
        usual[listed_channel == channel] = usual_days
    target_days = items["target_days"].astype(np.int64)
    with np.errstate(invalid="ignore"):
        cut_price = listed & (listed_days > usual)

    past = days > target_days
    if "return_days_left" in items:
        left = items["return_days_left"]
        closes_soon = np.zeros(len(days), dtype=bool)
        for channel in return_window_channels:
            closes_soon |= best_channel == channel
        with np.errstate(invalid="ignore"):
            window = closes_soon & (left >= 0) & (left <= RETURN_WINDOW_ALERT_DAYS)
    else:
        left = np.full(len(days), np.nan)
        window = np.zeros(len(days), dtype=bool)

    chosen = np.flatnonzero(past | window | cut_price)
    # Order: closing return windows (soonest first), then past target (days over ×
    # cost, largest first), then stale listings (days over usual × cost); then by
    # cost tied up, largest first, then item id.
    whole_cost = items["cost"].astype(np.int64, copy=False)
    cost = whole_cost[chosen]
    tier = np.select([window[chosen], past[chosen]], [0, 1], default=2)
    overdue = np.clip(days[chosen] - target_days[chosen], 0, None) * cost
    stale = np.nan_to_num(np.clip(listed_days[chosen] - usual[chosen], 0, None) * cost)
    first_key = np.select([tier == 0, tier == 1], [left[chosen], -overdue], default=-stale)
    chosen = chosen[np.lexsort((items["item_id"][chosen], -cost, first_key, tier))]
    # Only the chosen rows' columns, in order: the dicts are made as they are read.
    columns = {
        name: values[chosen]
        for name, values in (
            ("item_id", items["item_id"]), ("title", items["title"]), ("days", days),
            ("best", best_channel), ("net_cash", items["net_cash"]),
            ("suggested_price", items["suggested_price"]), ("price_kind", items["price_kind"]),
            ("selling", listed), ("cut", cut_price), ("listed_channel", listed_channel),
            ("listed_days", listed_days), ("window", window), ("left", left), ("past", past),
            ("usual", usual), ("target_days", target_days), ("cost", whole_cost),
            ("least_loss", items.get("least_loss", np.zeros(len(days), dtype=bool))),
            ("plan", items["plan"] if "plan" in items else np.full(len(days), None, object)),
        )
    }  # fmt: skip
    return Actions(columns, labels, templates)


class Actions(Sequence[Action]):
    """The action list: a read-only sequence of ``Action`` dicts, held column-wise.

    A large stock has hundreds of thousands of actions; as dicts they would be most
    of the report's memory. The columns are kept (in the list's order) and each dict is
    made when it is read — by iteration, a chunk of ``CHUNK`` at a time, or by index
    or slice (a slice is a list) — so every read gives new dicts, equal each time.
    """

    CHUNK = 8_192

    def __init__(
        self,
        columns: Mapping[str, np.ndarray],
        labels: Mapping[str, str],
        templates: Mapping[int, str],
    ) -> None:
        self._columns = dict(columns)
        self._labels = labels
        # The reason lines' wording, fixed when the list was made.
        self._templates = templates
        self._count = len(columns["item_id"]) if columns else 0

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, key: int) -> Action: ...

    @overload
    def __getitem__(self, key: slice) -> list[Action]: ...

    def __getitem__(self, key: int | slice) -> Action | list[Action]:
        if isinstance(key, slice):
            return self._rows(key)
        index = operator.index(key)
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("action index out of range")
        return self._rows(slice(index, index + 1))[0]

    def __iter__(self) -> Iterator[Action]:
        chunks = range(0, self._count, self.CHUNK)
        # chained in C: no Python frame per action
        return chain.from_iterable(self._rows(slice(at, at + self.CHUNK)) for at in chunks)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so not hashable

    def __repr__(self) -> str:
        return f"<Actions: {self._count:,}>"

    def _rows(self, at: slice) -> list[Action]:
        """The actions at ``at`` (a slice of the list) as dicts."""
        count = len(range(*at.indices(self._count)))
        if not count:
            return []
        part = {name: values[at] for name, values in self._columns.items()}
        selling, listed_days = part["selling"], part["listed_days"]
        best = part["best"]
        where = texts(part["listed_channel"], count)
        has_best = best != ""
        reasons = _reasons(
            days=part["days"],
            window=part["window"],
            left=part["left"],
            past=part["past"],
            selling=selling,
            where=np.array([self._labels.get(w, w) for w in where.tolist()], dtype=object),
            listed_days=listed_days,
            cut=part["cut"],
            usual=part["usual"],
            has_best=has_best,
            cost=part["cost"],
            target_days=part["target_days"],
            least_loss=part["least_loss"] & has_best,
            templates=self._templates,
        )
        net = np.round(part["net_cash"])
        has_net = has_best & ~np.isnan(net)
        net_cash = _objects(count)
        net_cash[has_net] = net[has_net].astype(np.int64).tolist()
        price = np.round(part["suggested_price"])
        suggested = _objects(count)
        has_price = has_best & ~np.isnan(price)
        suggested[has_price] = price[has_price].astype(np.int64).tolist()
        best_or_none = np.where(has_best, best, None)
        kinds = texts(part["price_kind"], count)
        price_kind = np.where(has_price & (kinds != ""), kinds, None)
        status = np.array([ItemStatus.IN_STOCK, ON_SALE_STATUS], dtype=object)[
            selling.astype(np.int64)
        ]
        listed_where = np.where(selling & (where != ""), where, None)
        on_sale_days = _objects(count)
        on_sale_days[selling] = (
            np.nan_to_num(listed_days[selling], nan=-1).astype(np.int64).tolist()
        )
        titles = texts(part["title"], count)
        # plain Python lists zipped into dict literals: the dicts are the output
        rows = zip(
            part["item_id"].tolist(),
            titles.tolist(),
            part["days"].tolist(),
            best_or_none.tolist(),
            net_cash.tolist(),
            reasons.tolist(),
            status.tolist(),
            listed_where.tolist(),
            on_sale_days.tolist(),
            part["cut"].tolist(),
            suggested.tolist(),
            price_kind.tolist(),
            (part["least_loss"] & has_best).tolist(),
            part["plan"].tolist(),
            strict=True,
        )
        return [
            {
                "item_id": item,
                "title": title,
                "days_held": held,
                "best_channel": channel,
                "net_cash": cash,
                "reason": reason,
                "status": state,
                "listed_channel": on,
                "listed_days": for_days,
                "cut_price": cut_it,
                "suggested_price": price_it,
                "price_kind": kind,
                "least_loss": loss,
                "plan": plan,
            }
            for item, title, held, channel, cash, reason, state, on, for_days, cut_it, price_it, kind, loss, plan in rows
        ]


def _reasons(
    *,
    days: np.ndarray,
    window: np.ndarray,
    left: np.ndarray,
    past: np.ndarray,
    selling: np.ndarray,
    where: np.ndarray,
    listed_days: np.ndarray,
    cut: np.ndarray,
    usual: np.ndarray,
    has_best: np.ndarray,
    cost: np.ndarray,
    target_days: np.ndarray,
    least_loss: np.ndarray,
    templates: Mapping[int, str],
) -> np.ndarray:
    """One short line per action, e.g. "held 95 days, 65 past target; ¥24,000 tied up".

    Actions are grouped by which clauses their line has; each group is formatted
    with one template (``map`` over its columns), never a Python branch per action.
    """
    whole_left = np.nan_to_num(left, nan=-1).astype(np.int64)
    # 0: no window; 1: it closes today; 2: in one day; 3: in more (the plural's form).
    closes = np.select([window & (whole_left == 0), window & (whole_left == 1), window],
                       [1, 2, 3], default=0)  # fmt: skip
    listing = np.select([selling & cut, selling], [1, 2], default=0)
    shape = closes + 4 * past + 8 * listing + 24 * ~has_best + 48 * least_loss
    values = {
        "days_left": whole_left, "held_days": days, "past_target": days - target_days,
        "channel": where, "listed_days": np.nan_to_num(listed_days, nan=-1).astype(np.int64),
        "usual_days": np.nan_to_num(usual, nan=-1).astype(np.int64), "cost": cost,
    }  # fmt: skip
    lines = np.empty(len(days), dtype=object)
    for code in sorted(set(shape.tolist())):  # np.unique would load numpy.ma
        rows = np.flatnonzero(shape == code)
        template = templates[code]
        columns = [(name, column[rows].tolist()) for name, column in values.items()]
        names = [name for name, _column in columns]
        lines[rows] = [
            template.format(**dict(zip(names, row, strict=True)))
            for row in zip(*(column for _name, column in columns), strict=True)
        ]
    return lines


_CLOSES = N_plural(
    "supplier return window closes in {days_left} day; ",
    "supplier return window closes in {days_left} days; ",
)


def _reason_template(
    closes: int, past: bool, listing: int, no_channel: bool, least_loss: bool = False
) -> str:
    """The line for one combination of clauses (see the module docstring's rules), in
    the current language; its fields are named by _reasons' values."""
    closing = ("", _("supplier return window closes today; "), ngettext(*_CLOSES, 1),
               ngettext(*_CLOSES, 2))[closes]  # fmt: skip
    if past:
        held = _("held {held_days} days, {past_target} past target; ")
    elif closes:
        held = ""
    else:
        held = _("held {held_days} days; ")
    on_sale = ("",
               _("on {channel} for {listed_days} days, usually sells in {usual_days}: "
                 "cut the price; "),
               _("on {channel} for {listed_days} days; "))[listing]  # fmt: skip
    write_off = _("no channel fits: consider a write-off; ") if no_channel else ""
    loss = _("least loss: every sale loses money; ") if least_loss else ""
    return closing + held + on_sale + write_off + loss + _("¥{cost:,} tied up")


@functools.cache
def _reason_templates(language: str) -> dict[int, str]:
    """Every combination's line, by its code, for one language."""
    return {
        closes + 4 * past + 8 * listing + 24 * no_channel + 48 * loss: _reason_template(
            closes, bool(past), listing, bool(no_channel), bool(loss)
        )
        for closes in range(4)
        for past in range(2)
        for listing in range(3)
        for no_channel in range(2)
        for loss in range(2)
    }


def _objects(count: int) -> np.ndarray:
    """An object array of ``count`` Nones."""
    return np.full(count, None, dtype=object)
