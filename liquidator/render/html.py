"""HTML: one self-contained page (inline CSS, inline SVG charts, nothing remote).

Charts are plain SVG drawn by ``html_charts``, their text kept as text so the
browser draws Japanese with the page's CJK font stack.
"""

from __future__ import annotations

import html
from typing import Any

from liquidator.i18n import _, current_language, ngettext
from liquidator.render import (
    MAX_ACTIONS,
    asking,
    cancel_rate_line,
    disposals_label,
    items_and_units,
    label,
    percent,
    printable,
    to_check_lines,
    to_check_title,
    todo_lines,
    why,
    yen,
)
from liquidator.render.html_charts import age_colours, empty_note
from liquidator.render.html_charts import charts as chart_svgs
from liquidator.render.html_style import CSS

FONT_STACK = (
    "'Noto Sans CJK JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', "
    "Meiryo, system-ui, -apple-system, 'Segoe UI', sans-serif"
)
# young → old, green to red; buckets take evenly spaced colours so the oldest is red
STYLE = CSS.replace("FONT", FONT_STACK)


def esc(text: str) -> str:
    """Text for HTML: markup escaped, control characters shown as "?"."""
    return html.escape(printable(text))


def render(report: dict[str, Any], *, max_actions: int = MAX_ACTIONS) -> str:
    """The report as one self-contained HTML document (the first ``max_actions`` actions)."""
    totals = report["totals"]
    title = _("Stranded stock · {day}").format(day=report["as_of"])
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
            _("Cash tied up"),
            yen(totals["cost_tied_up"]),
            items_and_units(totals["items"], totals["units"]),
            "",
        ),
        (
            "",
            _("Expected back"),
            yen(totals["expected_cash"]),
            _("{share} of cost").format(share=recoverable)
            if totals["cost_tied_up"]
            else _("nothing in stock"),
            "good",
        ),
        (
            "",
            _("Holding cost so far"),
            yen(totals["holding_cost_to_date"]),
            _("capital + storage"),
            "warn",
        ),
        _move_now_kpi(report),
        (
            "",
            _("Average age"),
            _("{days} days").format(days=report["average_age"]),
            _("oldest {days} days").format(days=report["oldest_age"]),
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
    charts = chart_svgs(report)
    todo = todo_lines(report)[:max_actions]
    todo_html = (
        f'<section class="card"><h2>{esc(_("To do"))}</h2><ul>'
        + "".join(f"<li>{esc(line)}</li>" for line in todo)
        + "</ul></section>"
        if todo
        else ""
    )
    check = to_check_lines(report, max_actions)
    check_html = (
        f'<section class="card"><h2>{esc(to_check_title(report))}</h2><ul>'
        + "".join(f"<li>{esc(line)}</li>" for line in check)
        + "</ul></section>"
        if check
        else ""
    )
    heading = _("Weekly aging report · as of {day}").format(day=report["as_of"])
    words = {
        "stranded": _("Stranded stock"),
        "capital": _("Capital by age"),
        "capital_note": _("Cost tied up per age bucket (days held)"),
        "recovery": _("Recovery by channel"),
        "move": _("Move now"),
        "buckets": _("Aging buckets"),
        "disposals": _("Disposals {period}").format(period=period),
    }
    w = {key: esc(text) for key, text in words.items()}
    recovery_note = _("{period} · cash recovered vs cost basis").format(period=period)
    footer = _("liquidator · figures in yen · generated for {day}").format(day=report["as_of"])
    body = f"""
<main>
<header>
  <h1>{w["stranded"]}<small>{esc(heading)}</small></h1>
  {cancel_html}
</header>
<section class="kpis">{kpi_html}</section>{todo_html}
<section class="row">
  <div class="card chart"><h2>{w["capital"]}</h2>
    <p class="sub">{w["capital_note"]}</p>{charts[0]}</div>
  <div class="card chart"><h2>{w["recovery"]}</h2>
    <p class="sub">{esc(recovery_note)}</p>{charts[1]}</div>
</section>
<section class="card"><h2>{w["move"]}</h2>{_actions_table(report, max_actions)}</section>{check_html}
<section class="row">
  <div class="card"><h2>{w["buckets"]}</h2>{_buckets_table(report)}</div>
  <div class="card"><h2>{w["disposals"]}</h2>
    {_disposals_table(report)}</div>
</section>
<footer>{esc(footer)}</footer>
</main>"""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{current_language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>{body}\n</body>\n</html>\n"
    )


def _move_now_kpi(report: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """The card over the "move now" table: it counts that table's rows (every action:
    past its target, a return window closing, or a listing due a price cut), and says
    how many of them are past their target."""
    moving, past = len(report["actions"]), report["totals"]["past_target"]
    note = (
        ngettext(
            "of which {past:,} is past target", "of which {past:,} are past target", past
        ).format(past=past)
        if moving
        else _("all inside target")
    )
    return "", _("To move now"), f"{moving:,}", note, "bad" if moving else "good"


def _actions_table(report: dict[str, Any], max_actions: int) -> str:
    actions = report["actions"]
    if not actions:
        return empty_note(_("Nothing to move now: every item is inside its target."))
    rows = []
    days, best, net, ask_word = (
        esc(_(word)) for word in ("Days", "Best channel", "Net cash", "Ask")
    )
    for number, action in enumerate(actions[:max_actions], start=1):
        channel = action["best_channel"]
        channel_html = (
            f'<span class="chan">{esc(label(report, channel))}</span>' if channel else "—"
        )
        cut = esc(_("cut price"))
        tag = f'<span class="tag">{cut}</span>' if action.get("cut_price") else ""
        ask = esc(asking(action.get("price_kind"), action.get("suggested_price")))
        rows.append(
            f'<tr><td class="rank">{number}</td>'
            f'<td class="item"><div class="title">{esc(action["title"])}{tag}</div>'
            f'<div class="why">#{action["item_id"]} · {esc(why(report, action))}</div></td>'
            f'<td class="num" data-label="{days}">{action["days_held"]}</td>'
            f'<td data-label="{best}">{channel_html}</td>'
            f'<td class="num" data-label="{net}">{esc(yen(action["net_cash"]))}</td>'
            f'<td class="num" data-label="{ask_word}">{ask}</td></tr>'
        )
    more = len(actions) - max_actions
    more_text = _("and {count:,} more — see --json").format(count=more)
    more_html = f'<p class="more">{esc(more_text)}</p>' if more > 0 else ""
    return (
        _head(
            "",
            _("Item · why"),
            "#" + _("Days"),
            _("Best channel"),
            "#" + _("Net cash"),
            "#" + _("Ask"),
        ).replace("<table>", '<table class="actions">', 1)  # fmt: skip
        + f"<tbody>{''.join(rows)}</tbody></table>{more_html}"
    )


def _buckets_table(report: dict[str, Any]) -> str:
    totals = report["totals"]
    total = esc(_("total"))
    buckets = report["buckets"]
    rows = []
    colours = age_colours(len(buckets))
    for bucket, colour in zip(buckets, colours, strict=True):
        width = round(bucket["share"] * 100, 1)
        rows.append(
            f"<tr><td>{esc(bucket['label'])}</td>"
            f'<td class="num">{bucket["items"]:,}</td><td class="num">{bucket["units"]:,}</td>'
            f'<td class="num">{yen(bucket["cost"])}</td>'
            f'<td><div class="bar"><span style="width:{width}%;background:{colour}"></span>'
            f'</div></td><td class="num">{percent(bucket["share"])}</td></tr>'
        )
    rows.append(
        f'<tr class="total"><td>{total}</td><td class="num">{totals["items"]:,}</td>'
        f'<td class="num">{totals["units"]:,}</td>'
        f'<td class="num">{yen(totals["cost_tied_up"])}</td><td></td><td></td></tr>'
    )
    return (
        _head(_("Days"), "#" + _("Items"), "#" + _("Units"), "#" + _("Cost"), _("Share"), "")
        + f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _disposals_table(report: dict[str, Any]) -> str:
    disposals = report["disposals"]
    total = esc(_("total"))
    channels = disposals["by_channel"]
    if not channels:
        return empty_note(_("No disposals in this period."))
    rows = [
        f'<tr><td><span class="chan">{esc(disposals_label(report, c))}</span></td>'
        f'<td class="num">{c["units"]:,}</td><td class="num">{yen(c["cash_recovered"])}</td>'
        f'<td class="num">{yen(c["cost_basis"])}</td><td class="num">{yen(c["loss"])}</td>'
        f'<td class="num">{percent(c["recovery_rate"], 0)}</td></tr>'
        for c in channels
    ]
    rows.append(
        f'<tr class="total"><td>{total}</td>'
        f'<td class="num">{sum(c["units"] for c in channels):,}'
        f'</td><td class="num">{yen(disposals["cash_recovered"])}</td>'
        f'<td class="num">{yen(disposals["cost_basis"])}</td>'
        f'<td class="num">{yen(disposals["loss"])}</td>'
        f'<td class="num">{percent(disposals["recovery_rate"], 0)}</td></tr>'
    )
    return (
        _head(
            _("Channel"),
            "#" + _("Units"),
            "#" + _("Cash"),
            "#" + _("Cost"),
            "#" + _("Loss"),
            "#" + _("Rate"),
        )  # fmt: skip
        + f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _head(*names: str) -> str:
    """A table head; a name starting with ``#`` is a right-aligned (numeric) column."""
    cells = "".join(
        f'<th class="num">{esc(n[1:])}</th>' if n.startswith("#") else
        f"<th>{esc(n)}</th>"
        for n in names
    )  # fmt: skip
    return f"<table><thead><tr>{cells}</tr></thead>"
