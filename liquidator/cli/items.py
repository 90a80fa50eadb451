"""``add``, ``list``, ``show``, ``edit``, ``delete``: the stranded-item records."""

import datetime as dt
from typing import Annotated, Any

import typer

from liquidator.cli.base import App
from liquidator.cli.context import (
    as_of_date,
    ask_on_terminal,
    console,
    emit_json,
    is_interactive,
    open_db,
    settings,
    waiting,
    workspace,
)
from liquidator.cli.options import AsOf, Json, item_options
from liquidator.i18n import _
from liquidator.render import clock, yen

app = App()

ItemId = Annotated[int, typer.Argument(help="The item's id (see `liquidator list`).")]
Status = Annotated[
    str | None,
    typer.Option(help="in_stock, listed, sold, returned or written_off.", show_default=False),
]
OlderThan = Annotated[
    str | None,
    typer.Option(metavar="N", help="Only items held more than N days.", show_default=False),
]
Search = Annotated[
    str | None,
    typer.Option(help="Text in title, SKU, ASIN, JAN, order, note.", show_default=False),
]
Every = Annotated[bool, typer.Option("--all", help="Every item, sold and returned ones too.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


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
    from liquidator.items import record_item

    public = record_item(
        database=open_db(ctx, write=True), raw=item, as_of=as_of_date(as_of),
        settings=settings(ctx), ask=ask_on_terminal(is_interactive()),
    )  # fmt: skip
    if json_out:
        emit_json(public)
        return
    # Plain echo, not a rich console: add runs after every cancellation and must start
    # fast; the lines fold to the terminal (COLUMNS when piped) all the same.
    import shutil

    from liquidator.render.fold import hanging_lines

    width = shutil.get_terminal_size((80, 24)).columns
    recorded = _("Recorded item #{id}: {title} — {qty} × {cost}, size {size}, held {days} days.")
    typer.echo(hanging_lines(recorded.format(
        id=public["id"], title=public["title"], qty=public["qty"], cost=yen(public["unit_cost"]),
        size=public["size_class"], days=public["days_held"]), width))  # fmt: skip
    line = winner_line(public["recommendation"], settings(ctx).channel_labels())
    if line:
        typer.echo(hanging_lines(line, width))


@app.command("list")
def list_items(
    ctx: typer.Context,
    status: Status = None,
    older_than: OlderThan = None,
    search: Search = None,
    as_of: AsOf = None,
    every: Every = False,
    json_out: Json = False,
) -> None:
    """List the stranded items still held (in stock or listed), oldest first.

    Example: liquidator list --older-than 30 --search ハリオ
    """
    from liquidator.items import items_public, nothing_recorded_in
    from liquidator.items import list_items as stock_list

    today = as_of_date(as_of)
    with waiting(_("Reading the stock…")):
        found = stock_list(
            database=open_db(ctx), as_of=today, as_of_given=as_of is not None, status=status,
            older_than=older_than, search=search, every=every,
        )  # fmt: skip
    if json_out:  # each row's JSON shape made as it is written, not all at once
        emit_json(items_public(found, today))
        return
    note = None if found else nothing_recorded_in(workspace(ctx))
    if note:
        typer.echo(note)
        return
    _print_items(found, today)


def _print_items(found: list[dict[str, Any]], today: dt.date) -> None:
    """Items as a table fitted to the terminal, least needed columns dropped first."""
    from liquidator.i18n import ngettext
    from liquidator.item_output import LISTED
    from liquidator.render.fit import Column, print_fitted

    # Every header in the reader's words ("id" too: 商品番号 in Japanese).
    columns = [Column(_(e.column.header), e.column.align, drop=e.column.drop) for e in LISTED]
    makers = [_list_cell(entry, today) for entry in LISTED]
    cells = ([cell(row) for cell in makers] for row in found)
    title = ngettext("{count:,} item as of {day}", "{count:,} items as of {day}", len(found))
    print_fitted(console(), title.format(count=len(found), day=today), columns, cells)


def _list_cell(entry, today: dt.date):
    """How ``list`` writes ``entry``'s value (an ``item_output.Shown``) for an item row."""
    from liquidator.fields import DATE, FLAG, TEXT, YEN
    from liquidator.item_output import STATUS
    from liquidator.items import derived_values
    from liquidator.words import status_word

    yes = _("yes")  # a flag set; an empty cell reads as "no" in a table
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
    from liquidator.items import item_details

    today = as_of_date(as_of)
    with open_db(ctx).session() as session:
        public = item_details(session=session, item_id=item_id, as_of=today,
                              settings=settings(ctx))  # fmt: skip
    if json_out:
        emit_json(public)
        return
    _print_details(public, settings(ctx))


def _print_details(public: dict[str, Any], chosen) -> None:
    """An item's fields, its recommendation, its prices and its history, as tables."""
    from liquidator.render.fit import Column, fitted
    from liquidator.words import event_details, event_word, value_name, value_text

    out = console()
    zone = chosen.ui.timezone
    labels = chosen.channel_labels()
    facts = [
        [value_name(key),
         clock(value, zone) if isinstance(value, dt.datetime) else value_text(key, value, labels)]
        for key, value in public.items()
        if key not in {"history", "recommendation", "prices"} and value is not None
    ]  # fmt: skip
    out.print(fitted(_("Item #{item_id}").format(item_id=public["id"]),
                     [Column(_("field"), "key"), Column(_("value"), "text")],
                     facts, width=out.width))  # fmt: skip
    if public["recommendation"]:
        from liquidator.cli.recommend import recommendation_table

        out.print(recommendation_table(public["recommendation"], width=out.width, labels=labels))
    if public["prices"]:
        from liquidator.cli.prices import observations_table

        out.print(observations_table(public["prices"], width=out.width, labels=labels))
    events = [
        [
            clock(event["at"], zone),
            event["actor"],
            event_word(event["kind"]),
            event_details(event["data"], labels),
        ]
        for event in public["history"]
    ]
    columns = [Column(_("at"), "key"), Column(_("who"), "key", drop=1), Column(_("what"), "key"),
               Column(_("details"), "text")]  # fmt: skip
    out.print(fitted(_("History"), columns, events, width=out.width))


@app.command()
@item_options(edit=True)
def edit(
    ctx: typer.Context, item_id: ItemId, item: dict, as_of: AsOf = None, json_out: Json = False
) -> None:
    """Correct any field of an item; the change goes into its history.

    Example: liquidator edit 12 --cost 4500 --note "receipt said 4,500"
    """
    from liquidator.items import correct_item

    public, changes = correct_item(
        database=open_db(ctx, write=True), item_id=item_id, raw=item, as_of=as_of_date(as_of),
        settings=settings(ctx),
    )  # fmt: skip
    if json_out:
        emit_json(public | {"changes": {k: [str(o), str(n)] for k, (o, n) in changes.items()}})
        return
    if not changes:
        console().print(_("Item #{item_id}: nothing changed.").format(item_id=item_id))
        return
    from liquidator.words import change_list

    summary = change_list(changes, settings(ctx).channel_labels())
    console().print(
        _("Updated item #{item_id}: {changes}").format(item_id=item_id, changes=_escape(summary))
    )


@app.command()
def delete(ctx: typer.Context, item_id: ItemId, yes: Yes = False, json_out: Json = False) -> None:
    """Delete an item record (its history stays in the event log).

    Example: liquidator delete 12 --yes
    """
    from liquidator.items import remove_item

    title = remove_item(database=open_db(ctx, write=True), item_id=item_id,
                        confirm=None if yes else _confirm_delete(item_id))  # fmt: skip
    if json_out:
        emit_json({"deleted": item_id})
    else:
        console().print(
            _("Deleted item #{item_id} ({title}).").format(item_id=item_id, title=_escape(title))
        )


def _confirm_delete(item_id: int):
    """Asks on a terminal before an item is deleted; without one, refuses."""

    def confirm(title: str) -> None:
        if not is_interactive():
            from liquidator.errors import LiquidatorError

            raise LiquidatorError(
                _("not deleting item {item_id}: confirm with --yes").format(item_id=item_id)
            )
        typer.confirm(
            _("Delete item #{item_id} ({title})?").format(item_id=item_id, title=title), abort=True
        )

    return confirm
