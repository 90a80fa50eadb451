"""``recommend --all`` for a person: one line per item, written as each is scored.

Item, best channel, the ask, the net cash, the days to cash and the short why (the
winner's reason up to its first clause separator), fitted to the terminal's width: the figures and
the channel are never cut, the title and the why are, with ``…``. The full breakdown
per channel is ``recommend ID`` and ``--json``; this view must stay a plain loop over
strings, since at 2,000 items a table per item took 16–21 s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rich.cells import cell_len, get_character_cell_size

from liquidator.i18n import _
from liquidator.render import asking, printable, yen

TITLE_MIN = 12  # cells a title keeps before the why is given up
WHY_MIN = 8  # a why narrower than this is left out


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (East Asian wide characters take two), as
    rich counts them for every other table."""
    return len(text) if text.isascii() else cell_len(text)


def clipped(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending with ``…`` when cut."""
    if cells(text) <= width:
        return text
    kept, used = [], 0
    for character in text:
        size = get_character_cell_size(character)
        if used + size > width - 1:
            break
        kept.append(character)
        used += size
    return "".join(kept) + "…"


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(width - cells(text), 0)
    return gap + text if right else text + gap


def short_why(reason: str | None) -> str:
    """The first clause of a channel's reason (up to the separator the reason's language
    joins its clauses with: "; ", in Japanese 「／」)."""
    return (reason or "").split(_("; ").strip())[0].strip()


def _row(recommendation: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    best = recommendation["best_channel"]
    winner = next((r for r in recommendation["channels"] if r["channel"] == best), None)
    title = printable(recommendation["title"] or "").replace("\n", " ")
    if winner is None:
        return [f"#{recommendation['item_id']}", title, "—", "—", "—", "—",
                _("no channel can take it")]  # fmt: skip
    ask = asking(winner["price_kind"], winner["suggested_price"])
    return [f"#{recommendation['item_id']}", title, labels.get(best, best), ask,
            yen(winner["net_cash"]), str(winner["days_to_cash"]),
            printable(short_why(winner["reason"]))]  # fmt: skip


def summary_lines(
    results: Iterable[Mapping[str, Any]], *, labels: Mapping[str, str], width: int
) -> Iterator[str]:
    """A header, then one line per recommendation, each at most ``width`` cells.

    The fixed columns are sized from the channels' names and wide-enough money figures,
    so lines can be written before the next item is scored."""
    names = [_("item"), _("title"), _("channel"), _("ask"), _("net"), _("days"), _("why")]
    sizes = [max(cells(names[0]), 6), 0, max([cells(names[2]), *map(cells, labels.values())]),
             max(cells(names[3]), 13), max(cells(names[4]), 9), max(cells(names[5]), 4), 0]  # fmt: skip
    shown = [0, 1, 2, 3, 4, 5]
    # Narrow terminals: the why goes first (it is not in ``shown`` yet), then the days
    # and the ask; the title shrinks to TITLE_MIN before either goes.
    for dropped in (None, 5, 3):
        if dropped is not None:
            shown.remove(dropped)
        room = width - sum(sizes[p] for p in shown) - len(shown)
        if room >= TITLE_MIN:
            break
    sizes[1] = max(TITLE_MIN, min(32, room // 2))
    if len(shown) == 6 and room - sizes[1] - 1 >= WHY_MIN:
        sizes[6] = room - sizes[1] - 1
        shown.append(6)
    else:
        sizes[1] = max(TITLE_MIN, room)
    right = (False, False, False, True, True, True, False)

    def line(values: list[str]) -> str:
        parts = []
        for index in shown:
            value, size = values[index], sizes[index]
            if index in (1, 6):
                value = clipped(value, size)
            parts.append(_pad(value, size, right=right[index]))
        return " ".join(parts).rstrip()

    yield line(names)
    for recommendation in results:
        yield line(_row(recommendation, labels))
