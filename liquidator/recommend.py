"""Recommendations as commands print them: the engine's rows grouped per item, ranked.

``recommend_one`` needs numpy only, so ``add`` can print the winner without pandas.
"""

import datetime as dt
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

    ``titles`` is indexed by item_id.
    """
    frame = scored.sort_values(
        ["item_id", "eligible", "rank"], ascending=[True, False, True], kind="stable"
    )
    order = {item_id: i for i, item_id in enumerate(scored["item_id"].drop_duplicates())}
    records = frame[[*CHANNEL_FIELDS, "item_id"]].to_dict("records")
    grouped: dict[int, list[dict[str, Any]]] = {}
    for record in records:
        grouped.setdefault(int(record.pop("item_id")), []).append(record)
    result = []
    for item_id in sorted(grouped, key=order.__getitem__):
        channels = grouped[item_id]
        best = channels[0]["channel"] if channels[0]["eligible"] else None
        result.append(
            {
                "item_id": item_id,
                "title": titles.get(item_id),
                "best_channel": best,
                "channels": [{k: _plain(v) for k, v in c.items()} for c in channels],
            }
        )
    return result


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
