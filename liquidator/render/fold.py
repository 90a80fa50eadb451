"""Line breaking for table cells, Japanese and English alike.

``fold_offsets`` says where a text breaks into lines of a given width (East Asian width
counted); every table (``render.fit``: the CLI's and the report's) folds by it.
Japanese breaks at phrase boundaries where a phrase fits a line: BudouX
(https://github.com/google/budoux, a small model shipped with its package) finds them,
imported only when a text with non-ASCII characters is folded.
"""

from __future__ import annotations

import functools
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


@functools.cache
def _parser():
    import budoux  # imported here: only text that folds needs it

    return budoux.load_default_japanese_parser()


def _kanji(character: str) -> bool:
    return "\u4e00" <= character <= "\u9fff" or "\u3400" <= character <= "\u4dbf"


def _model_starts(text: str, pieces: list[tuple[int, int]]) -> set[int] | None:
    """Where BudouX (a model of Japanese phrases) lets a line break in ``text``, or None
    when it has nothing to decide there."""
    if not _model_decides(text, pieces):
        return None
    starts, offset = set(), 0
    for phrase in _parser().parse(text):
        starts.add(offset)
        offset += len(phrase)
    return starts


def _may_start(text: str, index: int, model: set[int] | None) -> bool:
    """Whether a phrase may start at ``index``: where the model allows (anywhere when it
    has nothing to decide), but never inside a run of kanji: the model splits compounds
    a seller reads as one word (保|有, 目標超|過, 空|気清浄機)."""
    inside_kanji = index > 0 and _kanji(text[index - 1]) and _kanji(text[index])
    return not inside_kanji and (model is None or index in model)


def _model_decides(text: str, pieces: list[tuple[int, int]]) -> bool:
    """Whether BudouX has a boundary to decide: a place between two pieces with no space
    on either side and not inside a run of kanji (elsewhere the rules decide alone, so
    most titles, "シャープ ワイヤレスヘッドホン 6623", never run the model)."""
    for start, _end in pieces[1:]:
        before, first = text[start - 1], text[start]
        if not (before.isspace() or first.isspace() or (_kanji(before) and _kanji(first))):
            return True
    return False


def _phrases(text: str) -> list[list[tuple[int, int]]]:
    """``text``'s pieces grouped into phrases that a line keeps together when it can:
    Japanese by BudouX's phrase boundaries (購入者からの|キャンセルリクエストに), never
    inside one of our pieces (a number, a Latin or katakana word); a space is a phrase
    of its own."""
    pieces = _segments(text)
    model = _model_starts(text, pieces)
    phrases: list[list[tuple[int, int]]] = []
    glue = False  # the piece before was the space inside "10 kg"
    for piece in pieces:
        start = piece[0]
        unit_space = _unit_after_number(text, piece)
        joined = phrases and (
            unit_space
            or glue
            or (
                not _may_start(text, start, model)
                and not text[start].isspace()
                and not text[phrases[-1][-1][0]].isspace()
            )
        )
        glue = unit_space
        if joined:
            phrases[-1].append(piece)
        else:
            phrases.append([piece])
    return phrases


def _unit_after_number(text: str, piece: tuple[int, int]) -> bool:
    """A space between a figure and its unit (``10 kg``, ``18.9 cm``): not a break."""
    start, end = piece
    return (
        start > 0
        and end < len(text)
        and text[start:end] == " "
        and text[start - 1].isdigit()
        and text[end].isascii()
        and text[end].isalpha()
    )


def fold_offsets(text: str, size: int) -> list[int]:
    """Where each line after the first starts when ``text`` folds into lines of at most
    ``size`` cells (East Asian width counted), by the rules above: at a phrase boundary
    when the phrase fits on a line, else between its pieces, and only a piece longer
    than a line is cut between characters."""
    breaks: list[int] = []
    used = 0
    for phrase in _phrases(text):
        start, end = phrase[0][0], phrase[-1][1]
        whole = text[start:end]
        if whole.isspace():
            if used == 0 and breaks and breaks[-1] == start:
                breaks[-1] = end  # a line does not start with the spaces it broke at
            else:
                used += cell_len(whole)
            continue
        width = cell_len(whole)
        if width <= size:
            if used and used + width > size:
                breaks.append(start)
                used = 0
            used += width
            continue
        for piece_start, piece_end in _compounds(text, phrase):  # a phrase longer than a line
            used = _place(text, piece_start, piece_end, size, used, breaks)
    return breaks


def _compounds(text: str, phrase: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A phrase's pieces with each run of kanji made one (目標超過 breaks around, not
    inside)."""
    units = [phrase[0]]
    for start, end in phrase[1:]:
        if _kanji(text[start - 1]) and _kanji(text[start]):
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return units


def _place(text: str, start: int, end: int, size: int, used: int, breaks: list[int]) -> int:
    """Put one piece on the lines (breaking before it, or inside it when it alone is
    longer than a line); the cells then used on the last line."""
    piece = text[start:end]
    width = cell_len(piece)
    if used and used + width > size:
        breaks.append(start)
        used = 0
    if width <= size:
        return used + width
    for index, char in enumerate(piece):  # a word longer than a line
        if used and used + cell_len(char) > size:
            breaks.append(start + index)
            used = 0
        used += cell_len(char)
    return used


def widest_piece(text: str) -> int:
    """The cells of the widest piece of ``text`` that ``fold_offsets`` keeps on one line
    whenever it can (a Latin word or figure, a katakana word, a run of kanji): a column
    at least this wide folds ``text`` without splitting a word."""
    pieces = [piece for piece in _segments(text) if not text[piece[0]].isspace()]
    units = _compounds(text, pieces) if pieces else []
    return max((cell_len(text[start:end]) for start, end in units), default=0)


def hanging_lines(text: str, width: int, indent: int = 4) -> str:
    """``text`` folded to ``width`` cells by ``fold_offsets``, its continuation lines
    indented (plain text, for the commands that print without rich)."""
    if len(text) <= width and text.isascii():
        return text
    bounds = [0, *fold_offsets(text, max(width - indent, 10)), len(text)]
    lines = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return "\n".join([lines[0], *(" " * indent + line for line in lines[1:])])
