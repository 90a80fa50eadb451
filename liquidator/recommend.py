"""Recommendations as commands print them: the engine's rows grouped per item, ranked.

``recommend_one`` needs numpy only, so ``add`` can print the winner without pandas.
"""

import contextlib
import datetime as dt
import gc
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from liquidator.disposals import SaleIn
    from liquidator.models import Item
    from liquidator.settings import Settings

CHANNEL_FIELDS = (
    "channel",
    "eligible",
    "expected_price",
    "fees",
    "shipping",
    "packaging",
    "net_cash",
    "days_to_cash",
    "holding_cost",
    "score",
    "reason",
)


def item_columns(item: "Item", *, as_of: dt.date) -> dict[str, np.ndarray]:
    """One item as the engine's 1-row column mapping."""
    nan = float("nan")

    def number(value: Any) -> float:
        return nan if value is None else float(value)

    return {
        "item_id": np.array([item.id or 0]),
        "qty": np.array([item.qty]),
        "unit_cost": np.array([item.unit_cost]),
        "market_price": np.array([number(item.market_price)]),
        "size_class": np.array([item.size_class]),
        "length_cm": np.array([number(item.length_cm)]),
        "width_cm": np.array([number(item.width_cm)]),
        "height_cm": np.array([number(item.height_cm)]),
        "weight_g": np.array([number(item.weight_g)]),
        "hazmat": np.array([bool(item.hazmat)]),
        "category": np.array([item.category or ""], dtype=object),
        "days_held": np.array([(as_of - item.purchased_on).days]),
        "return_days_left": np.array(
            [nan if item.return_by is None else float((item.return_by - as_of).days)]
        ),
    }


def _ranked_channels(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Winner first, then the other eligible channels by rank, then the ineligible ones.
    return sorted(rows, key=lambda r: (not r["eligible"], r["rank"] if r["eligible"] else 0))


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def recommend_one(item: "Item", *, settings: "Settings", as_of: dt.date) -> dict[str, Any]:
    """``{item_id, title, best_channel, channels: [...]}`` for one item."""
    from liquidator.scoring import score_columns

    scored = score_columns(item_columns(item, as_of=as_of), settings)
    rows = [
        {name: _plain(scored[name][i]) for name in (*CHANNEL_FIELDS, "rank")}
        for i in range(len(scored["channel"]))
    ]
    return _recommendation(item.id, item.title, rows)


def _recommendation(item_id: int, title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    ranked = _ranked_channels(rows)
    best = ranked[0]["channel"] if ranked and ranked[0]["eligible"] else None
    channels = [{name: row[name] for name in CHANNEL_FIELDS} for row in ranked]
    return {"item_id": item_id, "title": title, "best_channel": best, "channels": channels}


def recommendations(scored: "pd.DataFrame", titles: "pd.Series") -> list[dict[str, Any]]:
    """Group the engine's DataFrame into one recommendation per item (input order).

    ``titles`` is indexed by item_id. Each item's channels: eligible ones first, by
    rank (the winner first), then the ineligible ones; ties keep the engine's order.
    """
    if not len(scored):
        return []
    groups = _Groups(scored, titles)
    columns = [_plain_list(array) for array in groups.columns]
    with _collector_paused():
        channels = [
            {
                "channel": channel,
                "eligible": is_eligible,
                "expected_price": expected_price,
                "fees": fees,
                "shipping": shipping,
                "packaging": packaging,
                "net_cash": net_cash,
                "days_to_cash": days_to_cash,
                "holding_cost": holding_cost,
                "score": score,
                "reason": reason,
            }  # a dict display: twice as fast as dict(zip(CHANNEL_FIELDS, …)) on 600k rows
            for (
                channel,
                is_eligible,
                expected_price,
                fees,
                shipping,
                packaging,
                net_cash,
                days_to_cash,
                holding_cost,
                score,
                reason,
            ) in zip(*columns, strict=True)
        ]
        return [
            {
                "item_id": int(item_id),
                "title": groups.title_of.get(item_id),
                "best_channel": channels[first]["channel"] if channels[first]["eligible"] else None,
                "channels": channels[first:after],
            }
            for item_id, first, after in groups.items()
        ]


def recommendations_json(
    scored: "pd.DataFrame", titles: "pd.Series", *, block: int = 5_000
) -> Iterator[str]:
    """``recommendations`` as JSON text in pieces: ``[``, one compact item per line, ``]``.

    The same text as ``render.json.iter_json(recommendations(…), depth=1)``, made from
    the columns ``block`` items at a time with one %-template per channel row: on 100k
    items it skips 600k dicts and the JSON encoder's walk over them (most of the run).
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if not len(scored):
        yield encode([])
        return
    groups = _Groups(scored, titles)
    formats = ["%d" if array.dtype.kind in "iu" else "%s" for array in groups.columns]
    row = (
        "{"
        + ",".join(f"{encode(n)}:{f}" for n, f in zip(CHANNEL_FIELDS, formats, strict=True))
        + "}"
    )
    eligible = groups.columns[1].astype(bool)
    items = list(groups.items())
    yield "["
    for start in range(0, len(items), block):
        chunk = items[start : start + block]
        low, high = chunk[0][1], chunk[-1][2]
        columns = [
            _json_values(array[low:high], encode) if spec == "%s" else array[low:high].tolist()
            for array, spec in zip(groups.columns, formats, strict=True)
        ]
        rows = [row % values for values in zip(*columns, strict=True)]
        pieces = []
        for item_id, first, after in chunk:
            best = columns[0][first - low] if eligible[first] else "null"
            pieces.append(
                f'{{"item_id":{int(item_id)},"title":{encode(groups.title_of.get(item_id))},'
                f'"best_channel":{best},"channels":[{",".join(rows[first - low : after - low])}]}}'
            )
        yield ("\n  " if start == 0 else ",\n  ") + ",\n  ".join(pieces)
    yield "\n]"


class _Groups:
    """The engine's rows sorted once: item (first-seen order), eligible first, rank."""

    def __init__(self, scored: "pd.DataFrame", titles: "pd.Series"):
        import pandas as pd

        codes, uniques = pd.factorize(scored["item_id"], sort=False)
        eligible = scored["eligible"].to_numpy(dtype=bool)
        order = np.lexsort((scored["rank"].to_numpy(), ~eligible, codes))
        self.columns = [scored[name].to_numpy()[order] for name in CHANNEL_FIELDS]
        sorted_codes = codes[order]
        self.starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]).tolist()
        self.item_ids = _plain_list(np.asarray(uniques))
        self.title_of = dict(
            zip(_plain_list(titles.index.to_numpy()), _plain_list(titles.to_numpy()), strict=True)
        )

    def items(self) -> Iterator[tuple[Any, int, int]]:
        """``(item_id, first row, row after the last)`` per item."""
        ends = [*self.starts[1:], len(self.columns[0])]
        return zip(self.item_ids, self.starts, ends, strict=True)


def _json_values(values: np.ndarray, encode) -> list[str]:
    """Each value's JSON text; channel names and most reasons repeat, so each distinct
    value is encoded once."""
    items = values.tolist()
    if values.dtype.kind == "b":
        return list(map(_JSON_BOOL.__getitem__, items))
    if not set(map(type, items)) <= {str}:  # (1, True and 1.0 would share a dict key)
        return [encode(_plain(value)) for value in items]
    texts = {text: encode(text) for text in dict.fromkeys(items)}
    return list(map(texts.__getitem__, items))


_JSON_BOOL = {True: "true", False: "false"}


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # Hundreds of thousands of new dicts (none in a cycle) would trigger full garbage
    # collections over and over; that was about 40% of building them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plain_list(values: np.ndarray) -> list[Any]:
    """An array as a list of plain Python values (numpy scalars in object arrays too)."""
    items = values.tolist()
    if values.dtype == object and not set(map(type, items)) <= {str}:
        items = [_plain(v) for v in items]
    return items


def estimate_sale_costs(item: "Item", sale: "SaleIn", *, settings: "Settings") -> tuple[int, int]:
    """The channel model's fees and shipping for this sale (totals for its units)."""
    from liquidator.scoring import estimate_fees, estimate_shipping

    price = sale.unit_price * sale.qty
    fees = estimate_fees(settings, sale.channel, price, item.category or "", qty=sale.qty)
    shipping = estimate_shipping(
        settings,
        sale.channel,
        {
            "size_class": item.size_class,
            "length_cm": item.length_cm,
            "width_cm": item.width_cm,
            "height_cm": item.height_cm,
            "weight_g": item.weight_g,
            "qty": sale.qty,
        },
    )
    return fees, shipping
