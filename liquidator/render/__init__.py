"""Renderers: one module per output format, picked from a registry (beanquery style).

A renderer takes the report's dict (``AgingReport.to_dict()``: JSON-ready, its actions a
sequence made as it is read) and returns text. Each renderer module is imported only
when used, so picking a format costs nothing but that format's imports (rich for
``table``).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from liquidator.errors import InvalidInput

FORMATS = ("table", "json", "csv", "md", "html")
MAX_ACTIONS = 25  # action rows the human formats show; json and csv carry them all
_MODULES = {"table": "table", "json": "json", "csv": "csv", "md": "markdown", "html": "html"}
EXTENSIONS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
}
# The extension a saved report gets: each format's first one above.
EXTENSION = {fmt: suffix[1:] for suffix, fmt in reversed(EXTENSIONS.items())}


def _lazy(module: str) -> Callable[[dict[str, Any]], str]:
    def render_with(report: dict[str, Any], **options: Any) -> str:
        renderer = importlib.import_module(f"liquidator.render.{module}")
        return renderer.render(report, **options)

    render_with.__name__ = f"render_{module}"
    render_with.__doc__ = f"Render a report with liquidator.render.{module}."
    return render_with


RENDERERS: dict[str, Callable[..., str | bytes]] = {
    fmt: _lazy(module) for fmt, module in _MODULES.items()
}


def render(report: dict[str, Any], fmt: str, **options: Any) -> str | bytes:
    """The report in format ``fmt`` (``table``, ``json``, ``csv``, ``md`` or ``html``)."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        from liquidator.i18n import _

        raise InvalidInput(
            "fmt",
            _("unknown format {value!r}; choose one of {choices}").format(
                value=fmt, choices=", ".join(FORMATS)
            ),
        )
    return renderer(report, **options)


def format_from_path(path: str | PurePath) -> str:
    """The format an output file's extension asks for (``.txt`` → ``table``)."""
    suffix = PurePath(path).suffix.lower()
    fmt = EXTENSIONS.get(suffix)
    if fmt is None:
        from liquidator.i18n import _

        raise InvalidInput(
            "fmt",
            _(
                "cannot tell the format of {path!r} from its extension; "
                "use -O {formats} or a .json .csv .md .html .txt file"
            ).format(path=str(path), formats="|".join(FORMATS)),
        )
    return fmt


# Control characters a terminal would obey (ESC starts a colour, a hyperlink, a cursor
# move; U+009B is ESC [). Text is refused with them at entry, but a database written
# before that rule, or by hand, may still hold them: shown, each becomes "?" (ASCII, so
# a cp932 file takes it too).
_CONTROLS = (*range(0, 9), *range(11, 32), *range(127, 160))
_UNPRINTABLE = str.maketrans(dict.fromkeys(_CONTROLS, "?"))
# In a CSV cell a carriage return is the file's own business (the cell is quoted, and
# one leading is neutralised like a formula), so it is kept there.
_UNPRINTABLE_IN_CSV = str.maketrans(dict.fromkeys(set(_CONTROLS) - {13}, "?"))


def printable(text: str, *, csv: bool = False) -> str:
    """``text`` with every control character (but tab and newline, and in a CSV cell
    carriage return) shown as "?"."""
    if text.isprintable():  # the common case: nothing to replace
        return text
    return text.translate(_UNPRINTABLE_IN_CSV if csv else _UNPRINTABLE)


def iso(value: Any) -> str:
    """A value as a cell: a date or time as ISO 8601 text (as JSON writes it), else ``str``."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def clock(value: dt.datetime | str, zone: str = "") -> str:
    """A stored time as a person reads it: in ``zone`` (an IANA name; "" for the
    computer's own zone), to the second, the zone named: ``2026-12-01 05:30:00 JST``.

    Times are stored in UTC; shown as they are, one recorded at 05:30 in Tokyo would
    read as the previous day."""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if zone:
        from zoneinfo import ZoneInfo

        local = moment.astimezone(ZoneInfo(zone))
    else:
        local = moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname() or local.strftime('%z')}"


def yen(amount: int | float | None) -> str:
    """``12300`` → ``¥12,300``; ``-500`` → ``-¥500``; None → ``—``."""
    if amount is None:
        return "—"
    amount = int(round(amount))
    return f"-¥{-amount:,}" if amount < 0 else f"¥{amount:,}"


def asking(kind: str | None, price: int | float | None) -> str:
    """A suggested price as the seller acts on it: "start ¥1", "list ¥9,800" ("—": none)."""
    from liquidator.i18n import _

    if price is None or kind == "none":  # nothing to ask: a write-off
        return "—"
    kinds = {"start": _("start {price}"), "list": _("list {price}"), "quote": _("quote {price}"),
             "refund": _("refund {price}"), "offer": _("offer {price}")}  # fmt: skip
    return kinds.get(kind or "", "{price}").format(price=yen(price))


def plan_step(step: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    """One step of a listing's plan as the seller acts on it (scoring/plans.py):
    "drop to ¥4,860 on 2026-11-19", "after it ends on 2026-11-08, relist at a ¥1 start"."""
    from liquidator.i18n import _

    price = yen(step.get("price"))
    channel = (labels or {}).get(step.get("channel") or "", step.get("channel"))
    if step["action"] == "drop":
        text = _("drop to {price} on {day}")
    elif step["action"] == "relist":
        text = _("after it ends on {day}, relist at a {price} start")
    elif step.get("after_end"):
        text = _("after it ends on {day}, do not relist: sell on {channel}")
    elif step.get("end_first"):
        text = _("on {day}, end the listing first, then list on {channel}")
    else:
        text = _("switch to {channel} on {day}")
    return text.format(price=price, day=step["on"], channel=channel)


def plan_text(plan: list[dict[str, Any]] | None, labels: dict[str, str] | None = None) -> str:
    """A whole plan on one line, its steps joined by "; " ("" without one)."""
    return "; ".join(plan_step(step, labels) for step in plan or ())


def why(report: dict[str, Any], action: dict[str, Any]) -> str:
    """An action's reason, then its plan when it has one: "… — plan: drop to ¥4,860 on …"."""
    from liquidator.i18n import _

    plan = plan_text(action.get("plan"), report.get("channel_labels"))
    if not plan:
        return action["reason"]
    return _("{reason} — plan: {plan}").format(reason=action["reason"], plan=plan)


def percent(rate: float | None, places: int = 1) -> str:
    """``0.6421`` → ``64.2%``; None → ``—``."""
    return "—" if rate is None else f"{rate * 100:.{places}f}%"


def cancel_rate_line(cancel: dict[str, Any] | None) -> str | None:
    """One line for the cancel-rate watch, or None when it is not in the report."""
    from liquidator.i18n import _

    if not cancel:
        return None
    rate = cancel.get("rate")
    parts = [_("Cancel rate {rate}").format(rate=percent(rate, 2) if rate is not None else "—")]
    seller, orders = cancel.get("seller_cancelled"), cancel.get("orders")
    if seller is not None and orders is not None:
        parts.append(
            _("{seller} seller-cancelled of {orders} orders").format(seller=seller, orders=orders)
        )
    window = cancel.get("window_days")
    if window is not None:
        span = _("last {days} days").format(days=window)
        if cancel.get("end"):
            span += _(" to {day}").format(day=cancel["end"])
        parts.append(span)
    status = cancel.get("status")
    if status:
        parts.append(status_word(str(status)))
    return _(" · ").join(parts)


def status_word(status: str) -> str:
    """A status (of the cancel rate, or of an item) as a person reads it."""
    from liquidator.words import status_word as word

    return word(status)


def label(report: dict[str, Any], channel: str | None) -> str:
    """A channel's display name from the report (its id when the report has none)."""
    if not channel:
        return "—"
    return report.get("channel_labels", {}).get(channel, channel)


def disposals_label(report: dict[str, Any], row: dict[str, Any]) -> str:
    """A row of the report's disposals by channel: the channel's name as its disposals
    recorded it (a channel since removed or renamed keeps it), else ``label``."""
    return row.get("label") or label(report, row["channel"])


def count_items(count: int) -> str:
    """``3 items`` / ``1 item`` in the current language."""
    from liquidator.i18n import ngettext

    return ngettext("{count:,} item", "{count:,} items", count).format(count=count)


def items_and_units(items: int, units: int) -> str:
    """``3 items, 5 units`` in the current language."""
    from liquidator.i18n import ngettext

    return count_items(items) + ngettext(", {count:,} unit", ", {count:,} units", units).format(
        count=units
    )


def todo_lines(report: dict[str, Any]) -> list[str]:
    """The report's open work list as lines a person reads (empty when nothing waits)."""
    from liquidator.i18n import _
    from liquidator.words import reply_word

    todo = report.get("todo") or {}
    lines = [
        _("Cancellation request to answer: order {order} for {days} days: {command}").format(
            order=w["order_id"], days=w["days"], command=w["command"]
        )
        for w in todo.get("requests", [])
    ]
    lines += [
        _("Waiting on the buyer: order {order} ({reply}) for {days} days").format(
            order=w["order_id"],
            reply=reply_word(w.get("template") or w["decision"]),
            days=w["days"],
        )
        for w in todo.get("waiting", [])
    ]
    lines += [
        _("Return window closes in {days} days: #{item} {title} (by {day})").format(
            days=w["days_left"], item=w["item_id"], title=w["title"], day=w["return_by"]
        )
        for w in todo.get("return_windows", [])
    ]
    lines += [
        _("Listed {days} days on {channel} (usually {usual}): #{item} {title}").format(
            days=w["listed_days"], channel=label(report, w["channel"]), usual=w["usual_days"],
            item=w["item_id"], title=w["title"],
        )
        for w in todo.get("stale_listings", [])
    ]  # fmt: skip
    return lines


def source_name(source: str) -> str:
    """Who saw a price, as a person reads it: ``keepa`` → Keepa, ``file:a.csv`` → a.csv."""
    from liquidator.i18n import _

    names = {"keepa": "Keepa", "sp-api": "SP-API", "typed": _("typed")}
    if source.startswith("file:"):
        return source[len("file:") :]
    return names.get(source, source)


def price_kind_word(kind: str) -> str:
    """A price observation's kind as a person reads it."""
    from liquidator.i18n import _

    words = {"buy_box": _("buy box"), "lowest_new": _("lowest new"), "sold": _("sold price"),
             "listed": _("listed price"), "quote": _("quote")}  # fmt: skip
    return words.get(kind, kind)


def market_line(market: dict[str, Any] | None) -> str | None:
    """Where an item's market price came from, in one line: "market ¥12,800 · Keepa
    2026-12-05 (buy box)", "market ¥9,000 · typed", "estimated from cost: no market
    data" (None when unknown)."""
    from liquidator.i18n import _

    if not market:
        return None
    basis = market.get("basis")
    if basis == "observed":
        return _("market {price} · {source} {day} ({kind})").format(
            price=yen(market["price"]), source=source_name(market["source"]),
            day=market["observed_on"], kind=price_kind_word(market["kind"]),
        )  # fmt: skip
    if basis == "typed":
        line = _("market {price} · typed (--market-price)").format(price=yen(market["price"]))
    else:
        line = _("estimated from cost: no market data")
    if market.get("last_seen"):
        line += _(" (last price seen {day}, too old)").format(day=market["last_seen"])
    return line


def to_check_lines(report: dict[str, Any], limit: int = MAX_ACTIONS) -> list[str]:
    """The report's "to check" list as lines a person reads (empty when every held
    item has a fresh price): one per item (the first ``limit``), then the command that
    refreshes them and how many more there are."""
    from liquidator.i18n import _, ngettext

    check = report.get("to_check") or {}
    items = check.get("items") or []
    lines = []
    for item in items[:limit]:
        if item["last_seen"] is None:
            state = _("no market price yet")
        else:
            state = _("last price {day}, {days} days old").format(
                day=item["last_seen"], days=item["days_old"]
            )
        action = item["command"] or _("no ASIN or JAN: liquidator edit {id} --asin ASIN").format(
            id=item["item_id"]
        )
        lines.append(
            _("#{id} {title} — {state} · {action}").format(
                id=item["item_id"], title=item["title"], state=state, action=action
            )
        )
    more = check.get("count", 0) - len(lines)
    if more > 0:
        lines.append(ngettext("and {count:,} more", "and {count:,} more", more).format(count=more))
    if check.get("command"):
        lines.append(_("Refresh them: {command}").format(command=check["command"]))
    return lines


def to_check_title(report: dict[str, Any]) -> str:
    """The "to check" section's heading, with the age limit."""
    from liquidator.i18n import _

    days = (report.get("to_check") or {}).get("max_age_days", 14)
    return _("To check: prices missing or older than {days} days").format(days=days)
