"""What to do with a listing that does not sell: a plan of real steps, dated.

A plan is the next few steps for an item on sale on one channel, each a dict:

- ``{"on", "action": "drop", "price"}``: cut a fixed price to ``price`` on that day;
- ``{"on", "action": "relist", "price"}``: when the auction ends that day, relist it
  with a start of ``price`` (an automatic relist, 自動再出品, cut by ``relist_cut``);
- ``{"on", "action": "switch", "channel", "after_end", "end_first"}``: sell it on
  ``channel`` instead from that day. ``after_end``: the day a running auction ends
  (an auction is never cut short); ``end_first``: end the listing before listing
  elsewhere (a channel with ``exclusive_listing`` is on one side).

Rules (docs/scoring.md, "Prices and plans"): a fixed price is cut from the ask that
failed (``listed_price``) at the end of each selling period, never below the floor
(the price below which the next-best channel scores more, and never one that nets
nothing), and a cut that is already due is done today; then the switch. An auction
relists ``max_relists`` times, then a fixed start is relisted at 1 yen, a 1-yen start
switches. A plan never prices a step below 1 yen nor dates one before the day it is for.

``plan_inputs`` is vectorised over the items of a scored block; ``listing_plan`` makes
one item's few steps.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from liquidator.vocab import ItemStatus

if TYPE_CHECKING:
    from liquidator.settings import ChannelSettings, Settings

# The next few steps: three cuts or relists, then what comes after them.
MAX_STEPS = 4


def plan_inputs(
    scored: Mapping[str, np.ndarray],
    listed_channel: np.ndarray,
    qty: np.ndarray,
    settings: Settings,
) -> dict[str, np.ndarray]:
    """Per item of a scored block (``score_columns``' rows, items × scored channels):

    ``best`` (the winner's name, None without one), ``runner_up`` (the best eligible
    channel other than the listed one, None without one), ``floor`` (the lowest unit
    price worth asking on the listed channel) and ``suggested`` (the listed channel's
    suggested unit price; NaN when the item is not listed on a scored channel).
    """
    names = np.array(list(settings.scored_channels), dtype=object)
    count = len(listed_channel)
    shape = (count, len(names))
    here = np.equal(listed_channel[:, None], names[None, :])
    listed = here.any(axis=1)
    column = np.argmax(here, axis=1)
    rows = np.arange(count)
    rank = scored["rank"].reshape(shape)
    winner = rank == 1
    best = np.where(winner.any(axis=1), names[np.argmax(winner, axis=1)], None)
    others = np.where(scored["eligible"].reshape(shape) & ~here, rank, np.iinfo(np.int64).max)
    second = np.argmin(others, axis=1)
    has_second = others[rows, second] < np.iinfo(np.int64).max
    runner_up = np.where(has_second, names[second], None)

    units = np.maximum(np.asarray(qty, dtype=float), 1.0)

    def unit(name: str, at: np.ndarray) -> np.ndarray:
        return scored[name].reshape(shape)[rows, at] / units

    fixed_fee = np.array([c.fixed_fee for c in settings.scored_channels.values()], dtype=float)
    price, fees = unit("expected_price", column), unit("fees", column)
    costs = unit("shipping", column) + unit("packaging", column) + fixed_fee[column]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(price > 0, (fees - fixed_fee[column]) / price, 0.0)
    keep = 1.0 - np.clip(rate, 0.0, 0.95)
    # Below it the runner-up scores more; never a price that nets nothing.
    wanted = np.where(has_second, unit("score", second) + unit("holding_cost", column), 0.0)
    floor = (np.maximum(wanted, 0.0) + costs) / keep
    suggested = np.where(listed, scored["suggested_price"].reshape(shape)[rows, column], np.nan)
    return {
        "best": best,
        "runner_up": runner_up,
        "floor": np.maximum(np.ceil(floor), 1.0),
        "suggested": suggested,
    }


def listing_plans(
    items: Mapping[str, np.ndarray],
    scored: Mapping[str, np.ndarray],
    settings: Settings,
) -> list[list[dict[str, Any]] | None]:
    """Each item's plan (None when it is not listed): ``items`` needs ``qty``,
    ``listed_channel``, ``listed_on`` (datetime64), ``listed_days`` and
    ``listed_price``; ``scored`` is ``score_columns`` of the same items."""
    from liquidator.parsing import EARLIEST_DATE, LATEST_DATE

    channel_names = items["listed_channel"]
    inputs = plan_inputs(scored, channel_names, items["qty"], settings)
    listed_on = items["listed_on"].astype("datetime64[D]").astype(object).tolist()
    days = np.nan_to_num(items["listed_days"].astype(float)).astype(np.int64).tolist()
    asked = items.get("listed_price")
    prices = (np.full(len(days), np.nan) if asked is None else asked.astype(float)).tolist()
    columns = (
        channel_names.tolist(), listed_on, days, prices, inputs["best"].tolist(),
        inputs["runner_up"].tolist(), inputs["floor"].tolist(), inputs["suggested"].tolist(),
    )  # fmt: skip
    plans: list[list[dict[str, Any]] | None] = []
    for name, on, on_sale, price, best, runner_up, floor, suggested in zip(*columns, strict=True):
        channel = settings.scored_channels.get(name) if name else None
        if not name:
            plans.append(None)
        # NaT reads as None; a date numpy holds beyond Python's as a number; a date
        # stored before dates were bounded
        elif (
            channel is None
            or not isinstance(on, dt.date)
            or not EARLIEST_DATE <= on <= LATEST_DATE
            or math.isnan(suggested)
        ):
            plans.append([])
        else:
            move_to = best if best not in (None, name) else runner_up
            target = settings.channels.get(move_to) if move_to else None
            plans.append(
                listing_plan(
                    channel,
                    listed_on=on,
                    as_of=on + dt.timedelta(days=on_sale),
                    listed_price=price,
                    stay=best == name,
                    move_to=move_to,
                    move_to_exclusive=bool(target and target.exclusive_listing),
                    floor=floor,
                    suggested=int(suggested),
                )  # fmt: skip
            )
    return plans


def listing_plan(
    channel: ChannelSettings,
    *,
    listed_on: dt.date,
    as_of: dt.date,
    listed_price: float,
    stay: bool,
    move_to: str | None,
    move_to_exclusive: bool,
    floor: float,
    suggested: int,
) -> list[dict[str, Any]]:
    """One listing's next steps from ``as_of`` (see the module docstring).

    ``stay``: the listed channel still wins; ``move_to``: where to go when leaving it
    (the winner, else the runner-up); ``floor``: the lowest unit price worth asking
    here; ``suggested``: the price the channel's row asks now.
    """
    asked = listed_price if listed_price == listed_price and listed_price > 0 else None
    if channel.auction:
        steps = _auction_steps(channel, listed_on, as_of, asked or suggested, stay, suggested)
        after = listed_on + dt.timedelta(days=_runs(channel) * _run_days(channel))
        running = as_of < after
        if not stay:
            end = _run_end(channel, listed_on, as_of) if running else as_of
            return _switch(end, move_to, after_end=running, end_first=False)
        if asked is not None and asked <= 1 and running:
            steps += _switch(after, move_to, after_end=True, end_first=False)
        return steps[:MAX_STEPS]
    end_first = channel.exclusive_listing or move_to_exclusive
    if not stay:
        return _switch(as_of, move_to, after_end=False, end_first=end_first)
    steps, switch_on = _cuts(channel, listed_on, as_of, asked, floor)
    return steps[: MAX_STEPS - 1] + _switch(
        max(switch_on, as_of), move_to, after_end=False, end_first=end_first
    )


def _run_days(channel: ChannelSettings) -> int:
    return max(channel.auction_days, 1)


def _runs(channel: ChannelSettings) -> int:
    """How many times an auction runs: once, then each automatic relist."""
    return 1 + channel.max_relists


def _run_end(channel: ChannelSettings, listed_on: dt.date, as_of: dt.date) -> dt.date:
    """The day the auction running on ``as_of`` ends."""
    run = (as_of - listed_on).days // _run_days(channel)
    return listed_on + dt.timedelta(days=(run + 1) * _run_days(channel))


def _auction_steps(
    channel: ChannelSettings,
    listed_on: dt.date,
    as_of: dt.date,
    start: float,
    stay: bool,
    suggested: int,
) -> list[dict[str, Any]]:
    """An auction that still wins: its remaining relists (cut each time), then a
    1-yen relist of a fixed start. Every run over: relist at the suggested start now."""
    if not stay:
        return []
    run_days, runs = _run_days(channel), _runs(channel)
    run = (as_of - listed_on).days // run_days
    if run >= runs:
        return [_relist(as_of, suggested)]
    if start > 1 and suggested <= 1:  # dumping, or a start that failed every relist
        return [_relist(_run_end(channel, listed_on, as_of), 1)]
    steps = []
    for later in range(run + 1, runs):
        price = 1 if start <= 1 else min(int(start * (1 - channel.relist_cut) ** later), suggested)
        steps.append(_relist(listed_on + dt.timedelta(days=later * run_days), max(price, 1)))
    if start > 1:
        steps = steps[: MAX_STEPS - 1]
        steps.append(_relist(listed_on + dt.timedelta(days=runs * run_days), 1))
    return steps


def _cuts(
    channel: ChannelSettings,
    listed_on: dt.date,
    as_of: dt.date,
    asked: float | None,
    floor: float,
) -> tuple[list[dict[str, Any]], dt.date]:
    """A fixed price's cuts from the ask that failed, one per selling period (a cut
    already due: today), and the day to switch: when the next cut would go below
    ``floor``, else when the listing goes stale for good."""
    period = max(channel.sells_within_days, 1)
    switch_on = listed_on + dt.timedelta(days=channel.stale_limit_days + 1)
    if asked is None or channel.stale_cut <= 0:
        return [], switch_on
    steps: list[dict[str, Any]] = []
    due = None
    price = float(asked)
    for day in range(period, channel.stale_limit_days + 1, period):
        price *= 1.0 - channel.stale_cut
        on = listed_on + dt.timedelta(days=day)
        ask = int(price + 1e-6)
        if ask < max(floor, 1):
            switch_on = on
            break
        if on <= as_of:
            due = ask
        else:
            steps.append({"on": on.isoformat(), "action": "drop", "price": ask})
    if due is not None:
        steps.insert(0, {"on": as_of.isoformat(), "action": "drop", "price": due})
    return steps, switch_on


def _relist(on: dt.date, price: int) -> dict[str, Any]:
    return {"on": on.isoformat(), "action": "relist", "price": int(price)}


def _switch(on: dt.date, channel: str | None, *, after_end: bool, end_first: bool) -> list[dict]:
    if channel is None:
        return []
    return [
        {"on": on.isoformat(), "action": "switch", "channel": channel, "after_end": after_end,
         "end_first": end_first}
    ]  # fmt: skip


def stock_plans(stock: Mapping[str, np.ndarray], settings: Settings) -> np.ndarray:
    """Each item's plan (an object column, None where the item is not on sale): the
    items on sale are scored once more, all channels, for their runner-up and floor.

    ``stock``: the scoring columns and ``status``, ``listed_on``, ``listed_price``.
    """
    from liquidator.scoring import score_columns

    plans = np.full(len(stock["item_id"]), None, dtype=object)
    listed = stock["listed_channel"] != None  # noqa: E711  (elementwise)
    on_sale = np.flatnonzero((stock["status"] == ItemStatus.LISTED) & listed)
    if not len(on_sale) or not settings.scored_channels:
        return plans
    part = {name: values[on_sale] for name, values in stock.items() if values is not None}
    found = listing_plans(part, score_columns(part, settings, with_reasons=False), settings)
    plans[on_sale] = found
    return plans
