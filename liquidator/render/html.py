"""HTML: one self-contained page (inline CSS, inline SVG charts, nothing remote).

Charts are drawn with matplotlib's object API (no pyplot, no global backend switch)
and saved as SVG with text kept as text (``svg.fonttype = none``) so the browser
draws Japanese with the page's CJK font stack.
"""

from __future__ import annotations

import html
import io
import logging
import re
from typing import Any

from liquidator.render import MAX_ACTIONS, cancel_rate_line, percent, yen
from liquidator.render.html_style import CSS

FONT_STACK = (
    "'Noto Sans CJK JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', "
    "Meiryo, system-ui, -apple-system, 'Segoe UI', sans-serif"
)
CHART_FONTS = ["Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "DejaVu Sans"]
# young → old, green to red; buckets take evenly spaced colours so the oldest is red
AGE_COLOURS = ["#3aa57a", "#8cc084", "#e9b949", "#ef8a3c", "#d9534f"]
CASH_COLOUR = "#2f7fc1"
COST_COLOUR = "#cfd8e3"
INK = "#1f2933"
MUTED = "#6b7785"
STYLE = CSS.replace("FONT", FONT_STACK)


def render(report: dict[str, Any], *, max_actions: int = MAX_ACTIONS) -> str:
    """The report as one self-contained HTML document (the first ``max_actions`` actions)."""
    esc = html.escape
    totals = report["totals"]
    title = f"Stranded stock · {report['as_of']}"
    cancel = report.get("cancel_rate")
    cancel_html = ""
    line = cancel_rate_line(cancel)
    if line:
        status = str(cancel.get("status") or "ok")
        level = status if status in ("warn", "alarm") else ""
        cancel_html = f'<span class="pill {level}">{esc(line)}</span>'

    recoverable = (
        percent(totals["expected_cash"] / totals["cost_tied_up"], 0)
        if totals["cost_tied_up"]
        else "—"
    )
    kpis = [
        (
            "main",
            "Cash tied up",
            yen(totals["cost_tied_up"]),
            f"{totals['items']:,} items · {totals['units']:,} units",
            "",
        ),
        (
            "",
            "Expected back",
            yen(totals["expected_cash"]),
            f"{recoverable} of cost" if totals["cost_tied_up"] else "nothing in stock",
            "good",
        ),
        (
            "",
            "Holding cost so far",
            yen(totals["holding_cost_to_date"]),
            "capital + storage",
            "warn",
        ),
        (
            "",
            "Past target",
            f"{totals['past_target']:,}",
            "items to move now" if totals["past_target"] else "all inside target",
            "bad" if totals["past_target"] else "good",
        ),
        (
            "",
            "Average age",
            f"{report['average_age']} days",
            f"oldest {report['oldest_age']} days",
            "",
        ),
    ]
    kpi_html = "".join(
        f'<div class="kpi {kind}"><div class="label">{esc(label)}</div>'
        f'<div class="value {tone}">{esc(value)}</div><div class="note">{esc(note)}</div></div>'
        for kind, label, value, note, tone in kpis
    )

    disposals = report["disposals"]
    period = f"{disposals['period_start']} – {disposals['period_end']}"
    charts = _charts(report)
    body = f"""
<main>
<header>
  <h1>Stranded stock<small>Weekly aging report · as of {esc(report["as_of"])}</small></h1>
  {cancel_html}
</header>
<section class="kpis">{kpi_html}</section>
<section class="row">
  <div class="card chart"><h2>Capital by age</h2>
    <p class="sub">Cost tied up per age bucket (days held)</p>{charts[0]}</div>
  <div class="card chart"><h2>Recovery by channel</h2>
    <p class="sub">{esc(period)} · cash recovered vs cost basis</p>{charts[1]}</div>
</section>
<section class="card"><h2>Move now</h2>{_actions_table(report, max_actions)}</section>
<section class="row">
  <div class="card"><h2>Aging buckets</h2>{_buckets_table(report)}</div>
  <div class="card"><h2>Disposals {esc(period)}</h2>{_disposals_table(report)}</div>
</section>
<footer>liquidator · figures in yen · generated for {esc(report["as_of"])}</footer>
</main>"""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>{body}\n</body>\n</html>\n"
    )


def age_colours(count: int) -> list[str]:
    """``count`` colours from green (youngest) to red (oldest)."""
    if count <= 1:
        return AGE_COLOURS[:1] * count
    last = len(AGE_COLOURS) - 1
    return [AGE_COLOURS[round(i * last / (count - 1))] for i in range(count)]


def _count(items: int) -> str:
    return f"{items:,} item" if items == 1 else f"{items:,} items"


def _actions_table(report: dict[str, Any], max_actions: int) -> str:
    esc = html.escape
    actions = report["actions"]
    if not actions:
        return '<p class="empty">Nothing to move now: every item is inside its target.</p>'
    rows = []
    for number, action in enumerate(actions[:max_actions], start=1):
        channel = action["best_channel"]
        channel_html = f'<span class="chan">{esc(channel)}</span>' if channel else "—"
        tag = '<span class="tag">cut price</span>' if action.get("cut_price") else ""
        rows.append(
            f'<tr><td class="rank">{number}</td>'
            f'<td><div class="title">{esc(action["title"])}{tag}</div>'
            f'<div class="why">#{action["item_id"]} · {esc(action["reason"])}</div></td>'
            f'<td class="num">{action["days_held"]}</td><td>{channel_html}</td>'
            f'<td class="num">{esc(yen(action["net_cash"]))}</td>'
            f'<td class="num">{esc(yen(action.get("suggested_price")))}</td></tr>'
        )
    more = len(actions) - max_actions
    more_html = f'<p class="more">and {more:,} more — see --json</p>' if more > 0 else ""
    return (
        '<table><thead><tr><th></th><th>Item · why</th><th class="num">Days</th>'
        '<th>Best channel</th><th class="num">Net cash</th><th class="num">Ask</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{more_html}"
    )


def _buckets_table(report: dict[str, Any]) -> str:
    totals = report["totals"]
    buckets = report["buckets"]
    rows = []
    colours = age_colours(len(buckets))
    for bucket, colour in zip(buckets, colours, strict=True):
        width = round(bucket["share"] * 100, 1)
        rows.append(
            f"<tr><td>{html.escape(bucket['label'])}</td>"
            f'<td class="num">{bucket["items"]:,}</td><td class="num">{bucket["units"]:,}</td>'
            f'<td class="num">{yen(bucket["cost"])}</td>'
            f'<td><div class="bar"><span style="width:{width}%;background:{colour}"></span>'
            f'</div></td><td class="num">{percent(bucket["share"])}</td></tr>'
        )
    rows.append(
        f'<tr class="total"><td>total</td><td class="num">{totals["items"]:,}</td>'
        f'<td class="num">{totals["units"]:,}</td>'
        f'<td class="num">{yen(totals["cost_tied_up"])}</td><td></td><td></td></tr>'
    )
    return (
        '<table><thead><tr><th>Days</th><th class="num">Items</th><th class="num">Units</th>'
        '<th class="num">Cost</th><th>Share</th><th></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _disposals_table(report: dict[str, Any]) -> str:
    disposals = report["disposals"]
    channels = disposals["by_channel"]
    if not channels:
        return '<p class="empty">No disposals in this period.</p>'
    rows = [
        f'<tr><td><span class="chan">{html.escape(c["channel"])}</span></td>'
        f'<td class="num">{c["units"]:,}</td><td class="num">{yen(c["cash_recovered"])}</td>'
        f'<td class="num">{yen(c["cost_basis"])}</td><td class="num">{yen(c["loss"])}</td>'
        f'<td class="num">{percent(c["recovery_rate"], 0)}</td></tr>'
        for c in channels
    ]
    rows.append(
        f'<tr class="total"><td>total</td><td class="num">{sum(c["units"] for c in channels):,}'
        f'</td><td class="num">{yen(disposals["cash_recovered"])}</td>'
        f'<td class="num">{yen(disposals["cost_basis"])}</td>'
        f'<td class="num">{yen(disposals["loss"])}</td>'
        f'<td class="num">{percent(disposals["recovery_rate"], 0)}</td></tr>'
    )
    return (
        '<table><thead><tr><th>Channel</th><th class="num">Units</th><th class="num">Cash</th>'
        '<th class="num">Cost</th><th class="num">Loss</th><th class="num">Rate</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _charts(report: dict[str, Any]) -> tuple[str, str]:
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
        with matplotlib.rc_context(style):
            age = _age_chart(Figure, report)
            recovery = _recovery_chart(Figure, report)
    finally:
        font_log.setLevel(old_level)
    return age, recovery


def _age_chart(figure_class: Any, report: dict[str, Any]) -> str:
    buckets = report["buckets"]
    if not report["totals"]["cost_tied_up"]:
        return '<p class="empty">No stock on hand.</p>'
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
                f"{yen(bucket['cost'])}\n{share} · {_count(bucket['items'])}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9.5,
                color=INK,
            )
    ax.set_ylim(0, top * 1.32)
    ax.set_xlabel("days held")
    _tidy(ax)
    ax.yaxis.set_major_formatter(_yen_axis())
    return _svg(fig, "age")


def _recovery_chart(figure_class: Any, report: dict[str, Any]) -> str:
    channels = report["disposals"]["by_channel"]
    if not channels:
        return '<p class="empty">No disposals in this period.</p>'
    fig = figure_class(figsize=(5.6, 3.3))
    ax = fig.add_subplot()
    names = [c["channel"] for c in channels]
    positions = list(range(len(channels)))
    width = 0.38
    ax.bar(
        [p - width / 2 for p in positions],
        [c["cost_basis"] for c in channels],
        width,
        color=COST_COLOUR,
        label="cost basis",
        zorder=2,
    )
    cash_bars = ax.bar(
        [p + width / 2 for p in positions],
        [c["cash_recovered"] for c in channels],
        width,
        color=CASH_COLOUR,
        label="cash recovered",
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
