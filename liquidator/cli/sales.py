"""``sell``, ``listed``, ``sales`` (and ``sales undo``), ``channels``: disposals and what they teach."""

from typing import Annotated

import typer

from liquidator.cli.context import (
    Json,
    as_of_date,
    compact_table,
    console,
    emit_json,
    open_db,
    workspace,
    yen,
)
from liquidator.errors import NotFound

app = typer.Typer()
sales_app = typer.Typer(invoke_without_command=True)

Channel = Annotated[
    str,
    typer.Option(
        "--channel",
        "-c",
        help="yahoo, amazon_jp, ebay, mercari, kaitori, supplier_return or writeoff.",
    ),
]
Date = Annotated[
    str | None,
    typer.Option(
        "--date", help="When it happened, YYYY-MM-DD [default: today].", show_default=False
    ),
]


def _item(session, item_id: int):
    from liquidator.items import get_item

    item = get_item(session=session, item_id=item_id)
    if item is None:
        raise NotFound(f"item {item_id} not found")
    return item


def _enabled_channels(settings) -> list[str]:
    return [name for name, channel in settings.channels.items() if channel.enabled]


@app.command()
def sell(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="The item's id.")],
    channel: Channel,
    price: Annotated[
        str, typer.Option("--price", "-p", help="Sale price per unit, in yen (0 for a write-off).")
    ],
    qty: Annotated[
        int | None, typer.Option("--qty", help="Units disposed of [default: all in stock].")
    ] = None,
    fees: Annotated[
        str | None,
        typer.Option(help="Fees in total [default: the channel's estimate].", show_default=False),
    ] = None,
    shipping: Annotated[
        str | None,
        typer.Option(help="Shipping paid in total [default: estimate].", show_default=False),
    ] = None,
    date: Date = None,
    note: Annotated[
        str | None, typer.Option(help="Anything worth remembering.", show_default=False)
    ] = None,
    json_out: Json = False,
) -> None:
    """Record a disposal (sale, supplier return, buy-back or write-off) and the cash it brought.

    Example: liquidator sell 12 --channel yahoo --price 3200 --fees 320 --shipping 930
    """
    from liquidator.disposals import SaleIn, check_channel, disposal_public, record_sale
    from liquidator.models import NOTE_MAX
    from liquidator.parsing import clean_text, parse_date, parse_int, parse_yen
    from liquidator.recommend import estimate_sale_costs

    settings = workspace(ctx).settings
    check_channel(channel, _enabled_channels(settings))
    unit_price = parse_yen(price, "--price", allow_zero=True)
    given_fees = None if fees is None else parse_int(fees, "--fees", minimum=0)
    given_shipping = None if shipping is None else parse_int(shipping, "--shipping", minimum=0)
    sold_on = as_of_date(None) if date is None else parse_date(date, "--date")
    note = None if note is None else clean_text(note, "--note", max_length=NOTE_MAX)
    database = open_db(ctx, write=True)
    with database.transaction() as session:
        item = _item(session, item_id)
        units = item.qty if qty is None else qty
        sale = SaleIn(channel=channel, unit_price=unit_price, qty=units, sold_on=sold_on, note=note)
        est_fees, est_shipping = estimate_sale_costs(item, sale, settings=settings)
        assumed = {
            "fees": given_fees is None,
            "shipping": given_shipping is None,
        }
        disposal = record_sale(
            session=session,
            item=item,
            sale=sale,
            fees=est_fees if given_fees is None else given_fees,
            shipping=est_shipping if given_shipping is None else given_shipping,
        )
        result = disposal_public(disposal, item.title) | {
            "status": item.status,
            "qty_left": item.qty,
            "estimated": [k for k, v in assumed.items() if v],
        }
    if json_out:
        emit_json(result)
        return
    out = console()
    from rich.markup import escape

    out.print(
        f"Disposal #{result['id']}: {result['qty']} × {escape(result['title'])} via {channel} — "
        f"price {yen(result['price'])}, fees {yen(result['fees'])}, shipping {yen(result['shipping'])}, "
        f"net {yen(result['net_cash'])} against cost {yen(result['cost_basis'])} "
        f"({'profit' if result['profit'] >= 0 else 'loss'} {yen(abs(result['profit']))})."
    )
    if result["estimated"]:
        out.print(
            f"Assumed the channel's estimate for: {', '.join(result['estimated'])} (give --fees/--shipping to override)."
        )
    out.print(f"Item #{item_id} is now {result['status']} with {result['qty_left']} left.")


@app.command()
def listed(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="The item's id.")],
    channel: Channel,
    price: Annotated[str, typer.Option("--price", "-p", help="Asking price per unit, in yen.")],
    date: Date = None,
    json_out: Json = False,
) -> None:
    """Mark an item as on sale at a channel, so the report can tell how long it has waited.

    Example: liquidator listed 12 --channel yahoo --price 1
    """
    from liquidator.disposals import check_channel, mark_listed
    from liquidator.items import item_public
    from liquidator.parsing import parse_date, parse_yen

    settings = workspace(ctx).settings
    check_channel(channel, _enabled_channels(settings), allow_writeoff=False)
    asking = parse_yen(price, "--price", allow_zero=True)
    listed_on = as_of_date(None) if date is None else parse_date(date, "--date")
    database = open_db(ctx, write=True)
    with database.transaction() as session:
        item = _item(session, item_id)
        mark_listed(session=session, item=item, channel=channel, price=asking, listed_on=listed_on)
        public = item_public(item, listed_on)
    if json_out:
        emit_json(public)
    else:
        console().print(
            f"Item #{item_id} is listed on {channel} at {yen(asking)} since {listed_on}."
        )


@sales_app.callback()
def sales(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="First date, YYYY-MM-DD.", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.", show_default=False)
    ] = None,
    json_out: Json = False,
) -> None:
    """List recorded disposals; `sales undo ID` reverses one.

    Example: liquidator sales --from 2026-11-01 --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from liquidator.disposals import disposal_public, list_disposals
    from liquidator.parsing import parse_date

    first = None if start is None else parse_date(start, "--from")
    last = None if end is None else parse_date(end, "--to")
    database = open_db(ctx)
    with database.session() as session:
        rows = [
            disposal_public(d, title)
            for d, title in list_disposals(session=session, start=first, end=last)
        ]
    if json_out:
        emit_json(rows)
        return
    from rich.markup import escape

    table = compact_table(f"{len(rows)} disposals")
    headers = (
        "id",
        "date",
        "item",
        "title",
        "channel",
        "qty",
        "price",
        "fees",
        "ship",
        "net",
        "cost",
        "profit",
    )
    for header in headers:
        table.add_column(
            header,
            justify="left" if header in {"date", "title", "channel"} else "right",
            no_wrap=header != "title",
        )
    for r in rows:
        table.add_row(
            str(r["id"]), r["sold_on"], str(r["item_id"]), escape(r["title"]), r["channel"], str(r["qty"]),
            yen(r["price"]), yen(r["fees"]), yen(r["shipping"]), yen(r["net_cash"]),
            yen(r["cost_basis"]), yen(r["profit"]),
        )  # fmt: skip
    console().print(table)


@sales_app.command()
def undo(
    ctx: typer.Context,
    disposal_id: Annotated[int, typer.Argument(help="The disposal's id (see `liquidator sales`).")],
    json_out: Json = False,
) -> None:
    """Reverse a disposal: its units go back into stock.

    Example: liquidator sales undo 7
    """
    from liquidator.disposals import get_disposal, undo_disposal
    from liquidator.items import item_public

    database = open_db(ctx, write=True)
    with database.transaction() as session:
        disposal = get_disposal(session=session, disposal_id=disposal_id)
        if disposal is None:
            raise NotFound(f"disposal {disposal_id} not found")
        item = undo_disposal(session=session, disposal=disposal)
        public = item_public(item, as_of_date(None))
    if json_out:
        emit_json({"undone": disposal_id, "item": public})
    else:
        console().print(
            f"Undid disposal #{disposal_id}: item #{item.id} is {item.status} with {item.qty} in stock."
        )


@app.command()
def channels(ctx: typer.Context, json_out: Json = False) -> None:
    """Each channel's fees and the price ratio and days to cash the engine uses.

    The "used" figures blend the defaults with this workspace's own disposals.

    Example: liquidator channels --json
    """
    from liquidator.calibration import channel_rows, observed_by_channel

    settings = workspace(ctx).settings
    database = open_db(ctx)
    with database.session() as session:
        rows = channel_rows(
            settings, observed_by_channel(session=session, channels=settings.channels)
        )
    if json_out:
        emit_json(rows)
        return
    table = compact_table("Channels (default / observed / used)")
    for header in ("channel", "on", "fee", "sales", "price ratio", "days to cash"):
        table.add_column(header)

    def trio(values, fmt):
        observed = "—" if values["observed"] is None else fmt(values["observed"])
        return f"{fmt(values['default'])} / {observed} / {fmt(values['used'])}"

    for r in rows:
        fee = f"{r['fee_rate']:.1%}" + (f" + {yen(r['fixed_fee'])}" if r["fixed_fee"] else "")
        table.add_row(
            r["channel"], "yes" if r["enabled"] else "no", fee, str(r["sales"]),
            trio(r["price_ratio"], lambda v: f"{v:.2f}"), trio(r["days_to_cash"], lambda v: f"{v:.0f}"),
        )  # fmt: skip
    console().print(table)


app.add_typer(sales_app, name="sales")
