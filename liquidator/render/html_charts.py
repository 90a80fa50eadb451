"""The HTML report's two charts (capital by age, recovery by channel) as inline SVG.

matplotlib draws them with text kept as text (``svg.fonttype: none``), so the browser
sets Japanese labels in its own fonts; ids are prefixed so two charts never clash.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from typing import Any

from liquidator.i18n import _
from liquidator.render import count_items, label, percent, yen

CHART_FONTS = ["Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "DejaVu Sans"]
AGE_COLOURS = ["#3aa57a", "#8cc084", "#e9b949", "#ef8a3c", "#d9534f"]
CASH_COLOUR = "#2f7fc1"
COST_COLOUR = "#cfd8e3"
INK = "#1f2933"
MUTED = "#6b7785"


def empty_note(message: str) -> str:
    """A card's text when it has nothing to show."""
    import html

    return f'<p class="empty">{html.escape(message)}</p>'


def age_colours(count: int) -> list[str]:
    """``count`` colours from green (youngest) to red (oldest)."""
    if count <= 1:
        return AGE_COLOURS[:1] * count
    last = len(AGE_COLOURS) - 1
    return [AGE_COLOURS[round(i * last / (count - 1))] for i in range(count)]


def charts(report: dict[str, Any]) -> tuple[str, str]:
    """(capital by age, recovery by channel) as inline SVG (or a friendly placeholder)."""
    import matplotlib
    from matplotlib.figure import Figure

    font_log = logging.getLogger("matplotlib.font_manager")
    old_level = font_log.level
    font_log.setLevel(logging.ERROR)  # a missing CJK font is fine: the browser draws text
    style = {
        "svg.fonttype": "none",
        "svg.hashsalt": "liquidator",
        "font.family": "sans-serif",
        "font.sans-serif": CHART_FONTS,
        "font.size": 11,
        "text.color": INK,
        "axes.labelcolor": MUTED,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "axes.edgecolor": "#d5dbe3",
    }
    try:
        with matplotlib.rc_context(style), warnings.catch_warnings():
            # Nor is a glyph missing from matplotlib's fonts: it only measures the text.
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
            age = _age_chart(Figure, report)
            recovery = _recovery_chart(Figure, report)
    finally:
        font_log.setLevel(old_level)
    return age, recovery


def _age_chart(figure_class: Any, report: dict[str, Any]) -> str:
    buckets = report["buckets"]
    if not report["totals"]["cost_tied_up"]:
        return empty_note(_("No stock on hand."))
    fig = figure_class(figsize=(5.6, 3.3))
    ax = fig.add_subplot()
    labels = [b["label"] for b in buckets]
    costs = [b["cost"] for b in buckets]
    colours = age_colours(len(buckets))
    bars = ax.bar(labels, costs, color=colours, width=0.62, zorder=2)
    top = max(costs) or 1
    for bar, bucket in zip(bars, buckets, strict=True):
        if bucket["cost"]:
            share = percent(bucket["share"], 0)
            ax.annotate(
                f"{yen(bucket['cost'])}\n{share} · {count_items(bucket['items'])}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9.5,
                color=INK,
            )
    ax.set_ylim(0, top * 1.32)
    ax.set_xlabel(_("days held"))
    _tidy(ax)
    ax.yaxis.set_major_formatter(_yen_axis())
    return _svg(fig, "age")


def _recovery_chart(figure_class: Any, report: dict[str, Any]) -> str:
    channels = report["disposals"]["by_channel"]
    if not channels:
        return empty_note(_("No disposals in this period."))
    fig = figure_class(figsize=(5.6, 3.3))
    ax = fig.add_subplot()
    names = [label(report, c["channel"]) for c in channels]
    positions = list(range(len(channels)))
    width = 0.38
    ax.bar(
        [p - width / 2 for p in positions],
        [c["cost_basis"] for c in channels],
        width,
        color=COST_COLOUR,
        label=_("cost basis"),
        zorder=2,
    )
    cash_bars = ax.bar(
        [p + width / 2 for p in positions],
        [c["cash_recovered"] for c in channels],
        width,
        color=CASH_COLOUR,
        label=_("cash recovered"),
        zorder=2,
    )
    top = max(max(c["cost_basis"], c["cash_recovered"]) for c in channels) or 1
    for bar, channel in zip(cash_bars, channels, strict=True):
        ax.annotate(
            percent(channel["recovery_rate"], 0),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=10,
            fontweight="bold",
            color=CASH_COLOUR,
        )
    ax.set_xticks(positions, names)
    ax.set_ylim(0, top * 1.25)
    ax.legend(frameon=False, loc="upper right", fontsize=9.5, ncols=2)
    _tidy(ax)
    ax.yaxis.set_major_formatter(_yen_axis())
    return _svg(fig, "recovery")


def _tidy(ax: Any) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", length=0, labelsize=10.5, colors=INK)
    ax.grid(axis="y", color="#edf1f5", zorder=0)
    ax.set_axisbelow(True)


def _yen_axis() -> Any:
    from matplotlib.ticker import FuncFormatter

    def short(value: float, _position: int) -> str:
        if value >= 1_000_000:
            return f"¥{value / 1_000_000:.1f}M".replace(".0M", "M")
        if value >= 1_000:
            return f"¥{value / 1_000:.0f}k"
        return f"¥{value:.0f}"

    return FuncFormatter(short)


def _svg(fig: Any, prefix: str) -> str:
    """The figure as an inline ``<svg>`` element: no XML prolog, no metadata, ids prefixed."""
    fig.tight_layout(pad=0.6)
    buffer = io.StringIO()
    fig.savefig(
        buffer,
        format="svg",
        transparent=True,
        metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
    )
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    # several charts share one page: keep their element ids apart
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = svg.replace("url(#", f"url(#{prefix}-")
    svg = re.sub(r'href="#', f'href="#{prefix}-', svg)
    svg = re.sub(r'\swidth="[\d.]+pt" height="[\d.]+pt"', "", svg, count=1)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{prefix} chart" ', 1)
