"""``add``, ``list``, ``show``, ``edit``, ``delete``: the stranded-item records."""

from typing import Annotated

import typer

from liquidator.cli import item_options as opt
from liquidator.cli.context import (
    AsOf,
    Json,
    as_of_date,
    compact_table,
    console,
    emit_json,
    is_interactive,
    open_db,
    required,
    yen,
)
from liquidator.errors import NotFound

app = typer.Typer()


def escape_text(text: str) -> str:
    from rich.markup import escape

    return escape(text)


ItemId = Annotated[int, typer.Argument(help="The item's id (see `liquidator list`).")]


def _load_item(session, item_id: int):
    from liquidator.items import get_item

    item = get_item(session=session, item_id=item_id)
    if item is None:
        raise NotFound(f"item {item_id} not found")
    return item


@app.command()
def add(
    ctx: typer.Context,
    title: opt.Title = None,
    cost: opt.Cost = None,
    qty: opt.Qty = None,
    purchased: opt.Purchased = None,
    days_held: opt.DaysHeld = None,
    size: opt.Size = None,
    dims: opt.Dims = None,
    weight: opt.Weight = None,
    sku: opt.Text = None,
    asin: opt.Text = None,
    jan: opt.Text = None,
    category: opt.Text = None,
    source: Annotated[
        str | None, typer.Option(help="The shop it was bought from.", show_default=False)
    ] = None,
    order_id: Annotated[
        str | None, typer.Option(help="The cancelled order.", show_default=False)
    ] = None,
    market_price: opt.MarketPrice = None,
    return_by: opt.ReturnBy = None,
    hazmat: opt.Hazmat = None,
    note: opt.Text = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Record a stranded item; prints its id and the recommended channel.

    Example: liquidator add --title "ハリオ V60" --cost 4980 --size 80 --days-held 12
    """
    from liquidator.cli.item_options import parse_item_options

    today = as_of_date(as_of)
    interactive = is_interactive()
    title = required(title, "--title", "Title", interactive=interactive)
    cost = required(cost, "--cost", "Cost per unit (yen)", interactive=interactive)
    if size is None and dims is None:
        size = required(None, "--size", "Parcel class (60-200)", interactive=interactive)
    fields = parse_item_options(
        title=title, cost=cost, qty=qty, purchased=purchased, days_held=days_held, size=size,
        dims=dims, weight=weight, market_price=market_price, return_by=return_by,
        hazmat=hazmat, as_of=today, sku=sku, asin=asin, jan=jan, category=category,
        source=source, order_id=order_id, note=note,
    )  # fmt: skip
    fields.setdefault("purchased_on", today)
    from liquidator.items import create_item, item_public, validated
    from liquidator.models import ItemCreate

    item_in = validated(ItemCreate, fields)
    database = open_db(ctx, write=True)
    with database.transaction() as session:
        item = create_item(session=session, item_in=item_in, as_of=today)
    with database.session() as session:
        best = _recommendation(ctx, session, item, today)
    public = item_public(item, today)
    if json_out:
        public["recommendation"] = best
        emit_json(public)
        return
    # Plain echo, not rich: add runs after every cancellation and must start fast.
    typer.echo(
        f"Recorded item #{item.id}: {item.title} — {item.qty} × {yen(item.unit_cost)}, "
        f"size {item.size_class}, held {public['days_held']} days."
    )
    if best and best.get("best_channel"):
        winner = next(c for c in best["channels"] if c["channel"] == best["best_channel"])
        typer.echo(
            f"Recommended: {best['best_channel']} — net {yen(winner['net_cash'])} "
            f"in about {winner['days_to_cash']} days ({winner['reason']})."
        )
    elif best:
        typer.echo("No channel can take it as recorded; see `liquidator recommend`.")


def _recommendation(ctx: typer.Context, session, item, today):
    """The scoring engine's verdict for one item (numpy only: no pandas on this path)."""
    from liquidator.cli.recommend import scoring_settings
    from liquidator.recommend import recommend_one

    if item.qty == 0:
        return None
    return recommend_one(item, settings=scoring_settings(ctx, session), as_of=today)


@app.command("list")
def list_items(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(help="in_stock, listed, sold, returned or written_off.", show_default=False),
    ] = None,
    older_than: Annotated[
        int | None, typer.Option(help="Only items held more than N days.", show_default=False)
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(help="Text in title, SKU, ASIN, JAN, order, note.", show_default=False),
    ] = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """List stranded items, oldest first.

    Example: liquidator list --older-than 30 --search ハリオ
    """
    from liquidator.items import item_public, list_items

    today = as_of_date(as_of)
    database = open_db(ctx)
    with database.session() as session:
        items = list_items(
            session=session, as_of=today, status=status, older_than=older_than, search=search
        )
    rows = [item_public(item, today) for item in items]
    if json_out:
        emit_json(rows)
        return
    from rich.markup import escape

    table = compact_table(f"{len(rows)} items as of {today}")
    for header, justify in (
        ("id", "right"), ("title", "left"), ("qty", "right"), ("unit cost", "right"),
        ("days", "right"), ("size", "right"), ("status", "left"),
    ):  # fmt: skip
        table.add_column(header, justify=justify)
    for row in rows:
        table.add_row(
            str(row["id"]), escape(row["title"]), str(row["qty"]), yen(row["unit_cost"]),
            str(row["days_held"]), str(row["size_class"]), row["status"],
        )  # fmt: skip
    console().print(table)


@app.command()
def show(ctx: typer.Context, item_id: ItemId, as_of: AsOf = None, json_out: Json = False) -> None:
    """Show one item with its history and recommendation breakdown.

    Example: liquidator show 12 --json
    """
    from liquidator.events import item_history
    from liquidator.items import item_public

    today = as_of_date(as_of)
    database = open_db(ctx)
    with database.session() as session:
        item = _load_item(session, item_id)
        public = item_public(item, today)
        public["history"] = item_history(session=session, item_id=item_id)
        public["recommendation"] = _recommendation(ctx, session, item, today)
    if json_out:
        emit_json(public)
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    details = Table(show_header=False, title=f"Item #{item_id}")
    details.add_column(style="bold")
    details.add_column()
    for key, value in public.items():
        if key in {"history", "recommendation"} or value is None:
            continue
        shown = yen(value) if key in {"unit_cost", "market_price", "listed_price"} else str(value)
        details.add_row(key, escape(shown))
    out.print(details)
    if public["recommendation"]:
        from liquidator.cli.recommend import recommendation_table

        out.print(recommendation_table(public["recommendation"]))
    history = Table(title="History")
    for header in ("at", "who", "what", "details"):
        history.add_column(header)
    for event in public["history"]:
        history.add_row(
            event["at"][:19], escape(event["actor"]), event["kind"], escape(_summary(event["data"]))
        )
    out.print(history)


def _summary(data: dict) -> str:
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key}: {value[0]} → {value[1]}")
        else:
            parts.append(f"{key}={value}")
    text = ", ".join(parts)
    return text if len(text) <= 120 else text[:117] + "…"


@app.command()
def edit(
    ctx: typer.Context,
    item_id: ItemId,
    title: opt.Title = None,
    cost: opt.Cost = None,
    qty: opt.Qty = None,
    purchased: opt.Purchased = None,
    days_held: opt.DaysHeld = None,
    size: opt.Size = None,
    dims: opt.Dims = None,
    weight: opt.Weight = None,
    sku: opt.Text = None,
    asin: opt.Text = None,
    jan: opt.Text = None,
    category: opt.Text = None,
    source: opt.Text = None,
    order_id: opt.Text = None,
    market_price: opt.MarketPrice = None,
    return_by: opt.ReturnBy = None,
    hazmat: opt.Hazmat = None,
    note: opt.Text = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Correct any field of an item; the change goes into its history.

    Example: liquidator edit 12 --cost 4500 --note "receipt said 4,500"
    """
    from liquidator.cli.item_options import parse_item_options
    from liquidator.errors import InvalidInput
    from liquidator.items import item_public, update_item, validated
    from liquidator.models import ItemUpdate

    today = as_of_date(as_of)
    database = open_db(ctx, write=True)
    with database.transaction() as session:
        item = _load_item(session, item_id)
        fields = parse_item_options(
            title=title, cost=cost, qty=qty, purchased=purchased, days_held=days_held,
            size=size, dims=dims, weight=weight, market_price=market_price,
            return_by=return_by, hazmat=hazmat, as_of=today, current=item.model_dump(),
            sku=sku, asin=asin, jan=jan, category=category, source=source,
            order_id=order_id, note=note,
        )  # fmt: skip
        if not fields:
            raise InvalidInput("edit", "nothing to change: give at least one option")
        changes = update_item(
            session=session, item=item, item_in=validated(ItemUpdate, fields), as_of=today
        )
        public = item_public(item, today)
    if json_out:
        emit_json(public | {"changes": {k: [str(o), str(n)] for k, (o, n) in changes.items()}})
        return
    if not changes:
        console().print(f"Item #{item_id}: nothing changed.")
        return
    summary = "; ".join(f"{k}: {o} → {n}" for k, (o, n) in changes.items())
    console().print(f"Updated item #{item_id}: {escape_text(summary)}")


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
    from liquidator.items import delete_item

    database = open_db(ctx, write=True)
    with database.session() as session:
        item = _load_item(session, item_id)
        title = item.title
    if not yes:
        if not is_interactive():
            raise LiquidatorError(f"not deleting item {item_id}: confirm with --yes")
        typer.confirm(f"Delete item #{item_id} ({title})?", abort=True)
    with database.transaction() as session:
        delete_item(session=session, item=_load_item(session, item_id))
    if json_out:
        emit_json({"deleted": item_id})
    else:
        console().print(f"Deleted item #{item_id} ({escape_text(title)}).")
