"""Scoring: which channel turns each stranded item back into the most cash, soonest.

Pure, vectorised and free of I/O; see ``engine`` and docs/scoring.md. Importing this
package pulls in numpy but never pandas.
"""

from liquidator.scoring.engine import (
    ITEM_COLUMNS,
    MONEY_COLUMNS,
    SCORE_COLUMNS,
    WRITEOFF,
    best_channels,
    best_items,
    estimate_fees,
    estimate_shipping,
    score_columns,
    score_items,
)

__all__ = [
    "ITEM_COLUMNS",
    "MONEY_COLUMNS",
    "SCORE_COLUMNS",
    "WRITEOFF",
    "best_channels",
    "best_items",
    "estimate_fees",
    "estimate_shipping",
    "score_columns",
    "score_items",
]
