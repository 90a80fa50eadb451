"""The HTML report's two charts (capital by age, recovery by channel) as inline SVG.

Drawn here as plain SVG rectangles, lines and text: two bar charts need no plotting
library, the text stays text (the browser sets Japanese labels in the page's own
fonts, whatever fonts the seller's machine has), and the page costs no import of a
plotting library (benchmarks/README.md has what matplotlib's cost a report). Nothing
carries an id, so two charts on one page never clash.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from liquidator.i18n import _
from liquidator.render import count_items, disposals_label, percent, yen

AGE_COLOURS = ["#3aa57a", "#8cc084", "#e9b949", "#ef8a3c", "#d9534f"]
CASH_COLOUR = "#2f7fc1"
COST_COLOUR = "#cfd8e3"
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#edf1f5"
AXIS = "#d5dbe3"

# The drawing, in SVG user units (the page scales it to the card's width).
WIDTH, HEIGHT = 420, 250
LEFT, RIGHT, TOP, BOTTOM = 46, 6, 26, 40
# Headroom above the tallest bar for its label, as a share of that bar.
AGE_HEADROOM, RECOVERY_HEADROOM = 1.32, 1.25


def empty_note(message: str) -> str:
    """A card's text when it has nothing to show."""
    return f'<p class="empty">{escape(message)}</p>'


def age_colours(count: int) -> list[str]:
    """``count`` colours from green (youngest) to red (oldest)."""
    if count <= 1:
        return AGE_COLOURS[:1] * count
    last = len(AGE_COLOURS) - 1
    return [AGE_COLOURS[round(i * last / (count - 1))] for i in range(count)]


def charts(report: dict[str, Any]) -> tuple[str, str]:
    """(capital by age, recovery by channel) as inline SVG (or a friendly placeholder)."""
    return _age_chart(report), _recovery_chart(report)


def short_yen(value: float, step: float = 1.0) -> str:
    """An axis label: ``¥0``, ``¥500``, ``¥20k``, ``¥2.5k``, ``¥1.5M``, ``¥2M``; with as
    many decimals as the axis's ``step`` needs, so no two labels of one axis read alike."""
    for unit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if value >= unit:
            places = _places(step / unit)
            text = f"{value / unit:.{places}f}"
            return f"¥{text.rstrip('0').rstrip('.') if places else text}{suffix}"
    return f"¥{value:.0f}"


def axis_ticks(top: float) -> list[float]:
    """Round values from 0 up to ``top`` for the y axis: steps of 1, 2, 2.5 or 5 × 10ⁿ
    yen (never less than one yen), three to six of them."""
    if top <= 0:
        return [0.0]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), 1)
    return [i * step for i in range(int(top // step) + 1)]


def _places(step: float) -> int:
    """Decimals that show a multiple of ``step`` exactly (at most three)."""
    places = 0
    while places < 3 and abs(round(step, places) - step) > 1e-9 * max(step, 1):
        places += 1
    return places


def _age_chart(report: dict[str, Any]) -> str:
    buckets = report["buckets"]
    if not report["totals"]["cost_tied_up"]:
        return empty_note(_("No stock on hand."))
    costs = [b["cost"] for b in buckets]
    plot = _Plot(top=(max(costs) or 1) * AGE_HEADROOM, slots=len(buckets))
    parts = plot.frame(_("days held"))
    for position, (bucket, colour) in enumerate(
        zip(buckets, age_colours(len(buckets)), strict=True)
    ):
        x, width = plot.bar(position, 0.62)
        parts.append(plot.rect(x, width, bucket["cost"], colour))
        parts.append(plot.category(position, bucket["label"]))
        if bucket["cost"]:
            lines = [
                yen(bucket["cost"]),
                f"{percent(bucket['share'], 0)} · {count_items(bucket['items'])}",
            ]
            parts.append(plot.above(x + width / 2, bucket["cost"], lines, size=9.5, colour=INK))
    return plot.svg(_("Capital by age"), parts)


def _recovery_chart(report: dict[str, Any]) -> str:
    channels = report["disposals"]["by_channel"]
    if not channels:
        return empty_note(_("No disposals in this period."))
    top = max(max(c["cost_basis"], c["cash_recovered"]) for c in channels) or 1
    plot = _Plot(top=top * RECOVERY_HEADROOM, slots=len(channels))
    parts = plot.frame(None)
    for position, channel in enumerate(channels):
        cost_x, width = plot.bar(position, 0.38, offset=-0.19)
        cash_x, _width = plot.bar(position, 0.38, offset=0.19)
        parts.append(plot.rect(cost_x, width, channel["cost_basis"], COST_COLOUR))
        parts.append(plot.rect(cash_x, width, channel["cash_recovered"], CASH_COLOUR))
        parts.append(plot.category(position, disposals_label(report, channel)))
        rate = percent(channel["recovery_rate"], 0)
        parts.append(
            plot.above(cash_x + width / 2, channel["cash_recovered"], [rate], size=10,
                       colour=CASH_COLOUR, bold=True)
        )  # fmt: skip
    parts.append(_legend([(_("cost basis"), COST_COLOUR), (_("cash recovered"), CASH_COLOUR)]))
    return plot.svg(_("Recovery by channel"), parts)


class _Plot:
    """The plotting area: yen upwards from 0 to ``top``, ``slots`` categories across."""

    def __init__(self, *, top: float, slots: int) -> None:
        self.top = top
        self.slots = max(slots, 1)
        self.inner_width = WIDTH - LEFT - RIGHT
        self.inner_height = HEIGHT - TOP - BOTTOM

    def y(self, value: float) -> float:
        return TOP + self.inner_height * (1 - max(value, 0) / self.top)

    def bar(self, position: int, share: float, offset: float = 0.0) -> tuple[float, float]:
        """A bar's left edge and width: ``share`` of its slot, ``offset`` slots off centre."""
        slot = self.inner_width / self.slots
        centre = LEFT + slot * (position + 0.5 + offset)
        return centre - slot * share / 2, slot * share

    def frame(self, title: str | None) -> list[str]:
        """Grid lines with their yen labels, the base line, and the x axis's title."""
        parts = []
        ticks = axis_ticks(self.top)
        step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
        for tick in ticks:
            y = _n(self.y(tick))
            parts.append(
                f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID}"/>'
            )
            parts.append(
                _text(
                    LEFT - 8,
                    self.y(tick) + 4,
                    short_yen(tick, step),
                    anchor="end",
                    size=10,
                    colour=MUTED,
                )
            )
        base = _n(self.y(0))
        parts.append(
            f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="{AXIS}"/>'
        )
        if title:
            middle = LEFT + self.inner_width / 2
            parts.append(_text(middle, HEIGHT - 8, title, anchor="middle", size=11, colour=MUTED))
        return parts

    def rect(self, x: float, width: float, value: float, colour: str) -> str:
        top = self.y(value)
        height = self.y(0) - top
        return (f'<rect x="{_n(x)}" y="{_n(top)}" width="{_n(width)}" height="{_n(height)}" '
                f'fill="{colour}"/>')  # fmt: skip

    def category(self, position: int, name: str) -> str:
        """A category's name under its slot, smaller when it would touch its neighbours'."""
        slot = self.inner_width / self.slots
        size = min(10.5, 10.5 * slot * 0.92 / max(_text_width(name, 10.5), 1))
        x = LEFT + slot * (position + 0.5)
        return _text(x, self.y(0) + 18, name, anchor="middle", size=round(size, 1), colour=INK)

    def above(self, x: float, value: float, lines: list[str], **style: Any) -> str:
        """Lines of text just above a bar of ``value``, the last one nearest the bar."""
        size = style["size"]
        first = self.y(value) - 5 - (len(lines) - 1) * size * 1.25
        return "".join(
            _text(x, first + i * size * 1.25, line, anchor="middle", **style)
            for i, line in enumerate(lines)
        )

    def svg(self, title: str, parts: list[str]) -> str:
        """The chart, named for screen readers by ``title`` (the card's heading)."""
        return (
            f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'xmlns="http://www.w3.org/2000/svg" style="width:100%;height:auto;'
            f'font-family:var(--font)">{"".join(parts)}</svg>'
        )


def _legend(entries: list[tuple[str, str]]) -> str:
    """Colour swatches with their names, along the top right, right to left."""
    parts, right = [], WIDTH - RIGHT
    for name, colour in reversed(entries):
        width = _text_width(name, 9.5)
        parts.append(_text(right, 16, name, anchor="end", size=9.5, colour=INK))
        right -= width + 6
        parts.append(f'<rect x="{_n(right - 11)}" y="8" width="11" height="11" fill="{colour}"/>')
        right -= 11 + 16
    return "".join(parts)


def _text(x: float, y: float, text: str, *, anchor: str, size: float, colour: str,
          bold: bool = False) -> str:  # fmt: skip
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{colour}"{weight}>{escape(text)}</text>')  # fmt: skip


def _text_width(text: str, size: float) -> float:
    """Roughly how wide ``text`` sets: a full-width character is one em, others half."""
    from unicodedata import east_asian_width

    return sum(size if east_asian_width(c) in "WF" else size * 0.56 for c in text)


def _n(value: float) -> str:
    """A coordinate with at most one decimal (the SVG stays small and stable)."""
    return f"{value:.1f}".removesuffix(".0")
