"""Scoring: which channel turns each stranded item back into the most cash, soonest.

Pure, vectorised and free of I/O; see ``engine`` and docs/scoring.md. Importing this
package pulls in numpy but never pandas.
"""

from liquidator.scoring.engine import (
    MONEY_COLUMNS,
    SCORE_COLUMNS,
    best_columns,
    best_items,
    score_columns,
    score_items,
)
from liquidator.scoring.estimates import estimate_fees, estimate_shipping
from liquidator.scoring.inputs import ITEM_COLUMNS

__all__ = [
    "ITEM_COLUMNS",
    "MONEY_COLUMNS",
    "SCORE_COLUMNS",
    "best_columns",
    "best_items",
    "estimate_fees",
    "estimate_shipping",
    "score_columns",
    "score_items",
]
