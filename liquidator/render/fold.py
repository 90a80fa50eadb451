"""Line breaking for table cells, Japanese and English alike.

``fold_offsets`` says where a text breaks into lines of a given width (East Asian width
counted); every table (``render.fit``: the CLI's and the report's) folds by it.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

# Line breaking for Japanese and English alike: a line may end at a space, between two
# kanji or kana, or where one script gives way to another, but never inside a katakana
# word (スピニングリール) or a Latin one (SHIMANO, 4980円 keeps its digits), unless that
# word alone is longer than a line. Closing marks (、。」ー…) never start a line and
# opening brackets and currency signs never end one; a number keeps its counter (196日).
_SEGMENT = re.compile(r"\s+|[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]+|[!-~]+|.", re.DOTALL)
_NO_LINE_START = frozenset("、。，．・：；？！ー）」』】〕〉》｝…‥")
_NO_LINE_END = frozenset("（「『【〔〈《｛¥￥＄＃")


def _segments(text: str) -> list[tuple[int, int]]:
    """``text`` as unbreakable pieces (start, end); spaces are pieces of their own."""
    pieces: list[tuple[int, int]] = []
    for match in _SEGMENT.finditer(text):
        start, end = match.span()
        before, first = text[start - 1] if start else " ", text[start]
        glued = (
            pieces
            and not first.isspace()
            and not before.isspace()
            and (
                first in _NO_LINE_START
                or before in _NO_LINE_END
                or (before.isdigit() and before.isascii() and not first.isascii())  # 196日, 2個
            )
        )
        if glued:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    return pieces


def fold_offsets(text: str, size: int) -> list[int]:
    """Where each line after the first starts when ``text`` folds into lines of at most
    ``size`` cells (East Asian width counted), by the rules above."""
    breaks: list[int] = []
    used = 0
    for start, end in _segments(text):
        piece = text[start:end]
        if piece.isspace():
            if used == 0 and breaks and breaks[-1] == start:
                breaks[-1] = end  # a line does not start with the spaces it broke at
            else:
                used += cell_len(piece)
            continue
        width = cell_len(piece)
        if used and used + width > size:
            breaks.append(start)
            used = 0
        if width <= size:
            used += width
            continue
        for index, char in enumerate(piece):  # a word longer than a line
            if used and used + cell_len(char) > size:
                breaks.append(start + index)
                used = 0
            used += cell_len(char)
    return breaks
