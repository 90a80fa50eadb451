"""``add``, ``list``, ``show``, ``edit``, ``delete``: the stranded-item records."""

import datetime as dt
from typing import Annotated, Any

import typer

from liquidator.cli.context import (
    as_of_date,
    ask_on_terminal,
    console,
    emit_json,
    is_interactive,
    load_item,
    open_db,
    settings,
    waiting,
)
from liquidator.cli.options import AsOf, Json, item_options
from liquidator.i18n import _
from liquidator.item_output import LABELS as FIELD_LABELS
from liquidator.render import clock, iso, yen

app = typer.Typer()

ItemId = Annotated[int, typer.Argument(help="The item's id (see `liquidator list`).")]


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _recommendation(ctx: typer.Context, session, item, today) -> dict[str, Any] | None:
    """The item's channels, best first (None once it has no units left)."""
    from liquidator.recommend import recommend_items

    if item.qty == 0:
        return None
    _, found = recommend_items(session=session, settings=settings(ctx), as_of=today, ids=[item.id])
    return next(found, None)


def winner_line(best: dict[str, Any] | None, labels: dict[str, str] | None = None) -> str | None:
    """ "Recommended: Yahoo! Auctions — net ¥3,200 in about 10 days (why)." (None without
    one); ``labels`` names the channels in the reader's language."""
    if not best:
        return None
    if not best.get("best_channel"):
        return _("No channel can take it as recorded; see `liquidator recommend`.")
    winner = best["channels"][0]
    return _("Recommended: {channel} — net {net} in about {days} days ({reason}).").format(
        channel=(labels or {}).get(best["best_channel"], best["best_channel"]),
        net=yen(winner["net_cash"]),
        days=winner["days_to_cash"], reason=winner["reason"],
    )  # fmt: skip


@app.command()
@item_options()
def add(ctx: typer.Context, item: dict, as_of: AsOf = None, json_out: Json = False) -> None:
    """Record a stranded item; prints its id and the recommended channel.

    Example: liquidator add --title "ハリオ V60" --cost 4980 --size 80 --days-held 12
    """
    from liquidator.fields import ask_missing
    from liquidator.items import add_item, item_public

    today = as_of_date(as_of)
    raw = ask_missing(item, ask_on_terminal(is_interactive()))
    database = open_db(ctx, write=True)
    recorded = add_item(database=database, raw=raw, as_of=today, settings=settings(ctx))
    with database.session() as session:
        best = _recommendation(ctx, session, recorded, today)
    public = item_public(recorded, today)
    if json_out:
        emit_json(public | {"recommendation": best})
        return
    # Plain echo, not rich: add runs after every cancellation and must start fast.
    typer.echo(
        _("Recorded item #{id}: {title} — {qty} × {cost}, size {size}, held {days} days.").format(
            id=recorded.id,
            title=recorded.title,
            qty=recorded.qty,
            cost=yen(recorded.unit_cost),
            size=recorded.size_class,
            days=public["days_held"],
        )
    )
    line = winner_line(best, settings(ctx).channel_labels())
    if line:
        typer.echo(line)


@app.command("list")
def list_items(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(help="in_stock, listed, sold, returned or written_off.", show_default=False),
    ] = None,
    older_than: Annotated[
        str | None,
        typer.Option(metavar="N", help="Only items held more than N days.", show_default=False),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(help="Text in title, SKU, ASIN, JAN, order, note.", show_default=False),
    ] = None,
    as_of: AsOf = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every item, sold and returned ones too.")
    ] = False,
    json_out: Json = False,
) -> None:
    """List the stranded items still held (in stock or listed), oldest first.

    Example: liquidator list --older-than 30 --search ハリオ
    """
    from liquidator.items import as_they_stood, items_public
    from liquidator.parsing import parse_int
    from liquidator.store.items import changed_after, checked_status, find_items
    from liquidator.vocab import HELD_STATUSES

    today = as_of_date(as_of)
    if status is not None:
        checked_status(status)
    days = None if older_than is None else parse_int(older_than, "older_than", minimum=0)
    held_only = status is None and not every
    database = open_db(ctx)
    with database.session() as session, waiting(_("Reading the stock…")):
        # A day after which nothing was bought, listed or sold is the stock as it is now
        # (always so for today: no date may be later than today).
        past = as_of is not None and changed_after(session.connection(), today)
        # A status then is not the status now (sold since, returned since): a past day
        # reads every item and keeps those whose status that day was the one asked for.
        found = find_items(
            session=session, as_of=today, older_than=days, search=search,
            status=None if past else status, held_only=held_only and not past,
        )  # fmt: skip
        if past:  # the stock as it stood then
            found = as_they_stood(session, found, today)
    if held_only and past:
        found = [row for row in found if row["status"] in HELD_STATUSES and row["qty"] > 0]
    elif status is not None and past:
        found = [row for row in found if row["status"] == status]
    if json_out:  # each row's JSON shape made as it is written, not all at once
        emit_json(items_public(found, today))
        return
    from liquidator.i18n import ngettext
    from liquidator.item_output import LISTED
    from liquidator.render.fit import Column, print_fitted

    columns = [Column(_(e.column.header) if e.translated else e.column.header, e.column.align,
                      drop=e.column.drop) for e in LISTED]  # fmt: skip
    makers = [_list_cell(entry, today) for entry in LISTED]
    cells = ([cell(row) for cell in makers] for row in found)
    title = ngettext("{count:,} item as of {day}", "{count:,} items as of {day}", len(found))
    print_fitted(console(), title.format(count=len(found), day=today), columns, cells)


def _list_cell(entry, today: dt.date):
    """How ``list`` writes ``entry``'s value (an ``item_output.Shown``) for an item row."""
    from liquidator.fields import DATE, FLAG, TEXT, YEN
    from liquidator.item_output import STATUS
    from liquidator.items import derived_values
    from liquidator.render import status_word

    yes = _("yes")
    written = {
        YEN: yen,
        DATE: lambda value: value.isoformat() if value else "—",
        FLAG: lambda value: yes if value else "",
        STATUS: status_word,
        TEXT: lambda value: "" if value is None else value,
    }.get(entry.kind, str)
    name = entry.name
    if not entry.stored:
        value_of = derived_values(today)[name]
        return lambda row: written(value_of(row))
    return lambda row: written(row[name])


@app.command()
def show(ctx: typer.Context, item_id: ItemId, as_of: AsOf = None, json_out: Json = False) -> None:
    """Show one item with its history and recommendation breakdown.

    Example: liquidator show 12 --json
    """
    from liquidator.events import item_history
    from liquidator.fields import YEN
    from liquidator.item_output import SHOWN
    from liquidator.items import item_public
    from liquidator.market.observations import item_observations

    today = as_of_date(as_of)
    database = open_db(ctx)
    with database.session() as session:
        found = load_item(session, item_id)
        public = item_public(found, today)
        public["history"] = item_history(session=session, item_id=item_id)
        public["recommendation"] = _recommendation(ctx, session, found, today)
        public["prices"] = item_observations(session=session, item_ids=[item_id])
    if json_out:
        emit_json(public)
        return
    from liquidator.render.fit import Column, fitted

    out = console()
    zone = settings(ctx).ui.timezone
    money = {entry.name for entry in SHOWN if entry.kind == YEN}
    facts = [
        [_(FIELD_LABELS[key]) if key in FIELD_LABELS else key,
         yen(value) if key in money
         else clock(value, zone) if isinstance(value, dt.datetime) else iso(value)]
        for key, value in public.items()
        if key not in {"history", "recommendation", "prices"} and value is not None
    ]  # fmt: skip
    out.print(fitted(_("Item #{item_id}").format(item_id=item_id),
                     [Column(_("field"), "key"), Column(_("value"), "text")],
                     facts, width=out.width))  # fmt: skip
    if public["recommendation"]:
        from liquidator.cli.recommend import recommendation_table

        labels = settings(ctx).channel_labels()
        out.print(recommendation_table(public["recommendation"], width=out.width, labels=labels))
    if public["prices"]:
        from liquidator.cli.prices import observations_table

        labels = settings(ctx).channel_labels()
        out.print(observations_table(public["prices"], width=out.width, labels=labels))
    events = [
        [clock(event["at"], zone), event["actor"], event["kind"], _summary(event["data"])]
        for event in public["history"]
    ]
    columns = [Column(_("at"), "key"), Column(_("who"), "key", drop=1), Column(_("what"), "key"),
               Column(_("details"), "text")]  # fmt: skip
    out.print(fitted(_("History"), columns, events, width=out.width))


def _summary(data: dict) -> str:
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key}: {value[0]} → {value[1]}")
        else:
            parts.append(f"{key}={value}")
    return ", ".join(parts)


@app.command()
@item_options(edit=True)
def edit(
    ctx: typer.Context, item_id: ItemId, item: dict, as_of: AsOf = None, json_out: Json = False
) -> None:
    """Correct any field of an item; the change goes into its history.

    Example: liquidator edit 12 --cost 4500 --note "receipt said 4,500"
    """
    from liquidator.items import edit_item, item_public

    today = as_of_date(as_of)
    database = open_db(ctx, write=True)
    with database.transaction() as session:
        found = load_item(session, item_id)
        changes = edit_item(
            session=session, item=found, raw=item, as_of=today, settings=settings(ctx)
        )
        public = item_public(found, today)
    if json_out:
        emit_json(public | {"changes": {k: [str(o), str(n)] for k, (o, n) in changes.items()}})
        return
    if not changes:
        console().print(_("Item #{item_id}: nothing changed.").format(item_id=item_id))
        return
    summary = "; ".join(f"{k}: {o} → {n}" for k, (o, n) in changes.items())
    console().print(
        _("Updated item #{item_id}: {changes}").format(item_id=item_id, changes=_escape(summary))
    )


@app.command()
def delete(
    ctx: typer.Context,
    item_id: ItemId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    json_out: Json = False,
) -> None:
    """Delete an item record (its history stays in the event log).

    Example: liquidator delete 12 --yes
    """
    from liquidator.errors import LiquidatorError
    from liquidator.store.items import delete_item

    database = open_db(ctx, write=True)
    with database.session() as session:
        title = load_item(session, item_id).title
    if not yes:
        if not is_interactive():
            raise LiquidatorError(
                _("not deleting item {item_id}: confirm with --yes").format(item_id=item_id)
            )
        typer.confirm(
            _("Delete item #{item_id} ({title})?").format(item_id=item_id, title=title), abort=True
        )
    with database.transaction() as session:
        delete_item(session=session, item=load_item(session, item_id))
    if json_out:
        emit_json({"deleted": item_id})
    else:
        console().print(
            _("Deleted item #{item_id} ({title}).").format(item_id=item_id, title=_escape(title))
        )
