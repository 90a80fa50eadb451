"""Recommendations as commands print them: each item's channels, best first.

One path for one item (``add``, ``show``, ``recommend 12``) and for every item
(``recommend --all``): items are read as columns, scored a block at a time, and each
item's channels come out as plain dicts; the caller prints them or streams them as
JSON. Only numpy is needed, never pandas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from liquidator.collector import collector_paused
from liquidator.scoring.engine import SCORE_COLUMNS

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.db import Database
    from liquidator.models import Item
    from liquidator.settings import Settings

# A channel's row in a recommendation: the score columns that are not per item.
CHANNEL_FIELDS = tuple(
    name
    for name in SCORE_COLUMNS
    if name not in ("item_id", "holding_per_day", "weight_estimated", "rank", "price_source")
)
BLOCK_ITEMS = 5_000


def recommend_items(
    *,
    session: Session,
    settings: Settings,
    as_of: dt.date,
    ids: Sequence[int] | None = None,
) -> tuple[list[int], Iterator[dict[str, Any]]]:
    """The items with these ids (else every item still held) and their recommendations.

    Returns the ids found (oldest purchase first) and an iterator of one
    ``{item_id, title, best_channel, channels, market}`` per item, in that order,
    scored with the workspace's calibrated settings and each item's market price
    (``market.lookup``; ``market`` says where it came from).
    """
    from liquidator.calibration import calibrated_settings
    from liquidator.market.lookup import market_columns, price_sources
    from liquidator.store.items import read_items
    from liquidator.vocab import HELD_STATUSES

    wanted = sorted(set(ids)) if ids else None
    connection = session.connection()
    items = read_items(
        connection, as_of=as_of, statuses=None if ids else HELD_STATUSES, ids=wanted,
    )  # fmt: skip
    items.update(
        market_columns(
            connection,
            item_id=items["item_id"],
            typed=items["market_price"],
            as_of=as_of,
            market=settings.market,
            ids=wanted,
        )  # fmt: skip
    )
    items["price_source"] = price_sources(items)
    scoring = calibrated_settings(session=session, settings=settings, as_of=as_of)
    return items["item_id"].tolist(), recommendations(items, scoring)


def item_recommendation(
    *, session: Session, settings: Settings, item: Item, as_of: dt.date
) -> dict[str, Any] | None:
    """One item's recommendation (``recommend_items``); None once it has no units left."""
    if item.qty == 0:
        return None
    _found, results = recommend_items(session=session, settings=settings, as_of=as_of,
                                      ids=[item.id])  # fmt: skip
    return next(results, None)


def recommend_for(
    *,
    database: Database,
    settings: Settings,
    as_of: dt.date,
    ids: Sequence[int] | None = None,
    all_items: bool = False,
) -> Iterator[dict[str, Any]] | list[dict[str, Any]]:
    """``recommend``: the recommendations of the items with these ids, in the order
    given, or (``all_items``) of every item still held, made as they are consumed (the
    database is no longer needed by then).

    InvalidInput when neither or both are asked for; NotFound names the ids that are no
    item's (those no item can have before the database is opened).
    """
    from liquidator.errors import InvalidInput, items_not_found
    from liquidator.i18n import _
    from liquidator.store.items import ID_RANGE

    if not ids and not all_items:
        raise InvalidInput("ID", _("give item ids or --all"))
    if ids and all_items:
        raise InvalidInput("all_items", _("give item ids or --all, not both"))
    impossible = [i for i in ids or [] if i not in ID_RANGE]
    if impossible:
        raise items_not_found(impossible[:1])
    with database.session() as session:
        found, results = recommend_items(
            session=session, settings=settings, as_of=as_of, ids=ids or None
        )
    if all_items:
        return results
    missing = sorted(set(ids) - set(found))
    if missing:
        raise items_not_found(missing)
    by_id = {r["item_id"]: r for r in results}
    return [by_id[i] for i in ids]


def recommendations(
    items: Mapping[str, np.ndarray], settings: Settings, *, block: int = BLOCK_ITEMS
) -> Iterator[dict[str, Any]]:
    """One recommendation per item of ``items`` (scoring columns plus ``title``).

    Each item's channels: eligible ones first by rank (the winner first), then the
    ineligible ones in settings order. ``best_channel`` is None when none is eligible.
    """
    from liquidator.scoring import score_columns

    count = len(items["item_id"])
    for start in range(0, count, block):
        part = {name: values[start : start + block] for name, values in items.items()}
        scored = score_columns(part, settings)
        grouped = _grouped(scored, part["item_id"].tolist(), part["title"].tolist())
        if part.get("listed_channel") is None or part.get("listed_on") is None:
            yield from grouped
            continue
        from liquidator.scoring.plans import listing_plans

        plans = listing_plans(part, scored, settings)
        for plan, recommendation in zip(plans, grouped, strict=True):
            if plan is not None:
                recommendation["schedule"] = plan
            yield recommendation


def _grouped(
    scored: dict[str, np.ndarray], item_ids: list[int], titles: list[str]
) -> Iterator[dict[str, Any]]:
    channels_per_item = len(scored["channel"]) // max(len(item_ids), 1)
    shape = (len(item_ids), channels_per_item)
    eligible = scored["eligible"].reshape(shape)
    key = np.where(eligible, scored["rank"].reshape(shape), channels_per_item + np.arange(shape[1]))
    order = (
        np.argsort(key, axis=1, kind="stable") + np.arange(shape[0])[:, None] * shape[1]
    ).ravel()
    columns = [_plain_list(scored[name][order]) for name in CHANNEL_FIELDS]
    sources = scored["price_source"].tolist()
    with collector_paused():
        rows = [
            dict(zip(CHANNEL_FIELDS, values, strict=True)) for values in zip(*columns, strict=True)
        ]
    for number, (item_id, title) in enumerate(zip(item_ids, titles, strict=True)):
        channels = rows[number * channels_per_item : (number + 1) * channels_per_item]
        best = channels[0]["channel"] if channels and channels[0]["eligible"] else None
        yield {"item_id": int(item_id), "title": title, "best_channel": best,
               "channels": channels, "market": sources[number * channels_per_item]}  # fmt: skip


def _plain_list(values: np.ndarray) -> list[Any]:
    """An array as a list of plain Python values (numpy scalars in object arrays too)."""
    items = values.tolist()
    if values.dtype == object and not set(map(type, items)) <= {str}:
        items = [v.item() if hasattr(v, "item") else v for v in items]
    return items
