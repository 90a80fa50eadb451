"""Time the scoring engine on 100k random items × every scored channel, beside its floor.

    python -m benchmarks.bench_scoring [--items 100000] [--repeat 3] [--json]

The floor is building the items DataFrame itself: scoring should be a small multiple
of it. Prints the best of ``--repeat`` runs for each step, in seconds (``--json``: one
object, which ``python -m benchmarks`` reads for its scoring figure).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd

from liquidator.scoring import best_items, score_items
from liquidator.settings import DEFAULTS
from liquidator.sizes import SIZE_CLASSES

CATEGORIES = np.array(["", "electronics", "Toys & Games", "books", "beauty", "家電", "garden"])


def random_items(count: int, seed: int = 7) -> pd.DataFrame:
    """``count`` plausible stranded items with the item columns of docs/architecture.md."""
    rng = np.random.default_rng(seed)
    dims_known = rng.random(count) < 0.5
    weight_known = rng.random(count) < 0.5
    sides = np.sort(rng.uniform(2, 60, size=(count, 3)), axis=1)[:, ::-1]
    sides[~dims_known] = np.nan
    unit_cost = rng.integers(300, 60_000, count)
    market_price = np.where(
        rng.random(count) < 0.4, unit_cost * rng.uniform(0.5, 1.5, count), np.nan
    )
    return_days_left = np.where(rng.random(count) < 0.3, rng.integers(-20, 30, count), np.nan)
    return pd.DataFrame(
        {
            "item_id": np.arange(1, count + 1),
            "title": "item",
            "qty": rng.integers(1, 4, count),
            "unit_cost": unit_cost,
            "market_price": market_price,
            "size_class": rng.choice(SIZE_CLASSES, count),
            "length_cm": sides[:, 0],
            "width_cm": sides[:, 1],
            "height_cm": sides[:, 2],
            "weight_g": np.where(weight_known, rng.integers(50, 30_000, count), np.nan),
            "hazmat": rng.random(count) < 0.05,
            "category": rng.choice(CATEGORIES, count),
            "days_held": rng.integers(0, 200, count),
            "return_days_left": return_days_left,
        }
    )


def best_of(repeat: int, step) -> tuple[float, object]:
    """The fastest of ``repeat`` runs of ``step()`` and its last result."""
    fastest, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = step()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest, result


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()

    floor, items = best_of(args.repeat, lambda: random_items(args.items))
    scoring, scored = best_of(args.repeat, lambda: score_items(items, DEFAULTS))
    picking, best = best_of(args.repeat, lambda: best_items(items, DEFAULTS))
    if args.json:
        channels = len(DEFAULTS.scored_channels)
        figures = {"items": args.items, "channels": channels, "rows": len(scored)}
        figures |= {"floor": floor, "score_items": scoring, "best_items": picking}
        print(json.dumps(figures))
        return
    channels = len(DEFAULTS.scored_channels)
    print(f"items: {args.items:,} × {channels} channels = {len(scored):,} rows")
    print(f"floor (build the items DataFrame): {floor:.3f} s")
    print(f"score_items (every row):           {scoring:.3f} s  ({scoring / floor:.1f}× the floor)")
    print(f"best_items (winners only):         {picking:.3f} s  ({picking / floor:.1f}× the floor)")
    print("winners:", best["channel"].value_counts(dropna=False).to_dict())


if __name__ == "__main__":
    main()
