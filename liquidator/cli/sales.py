"""``sell``, ``listed``, ``sales`` (and ``sales undo``): disposals and listings."""

from typing import Annotated

import typer

from liquidator.cli.context import (
    as_of_date,
    console,
    emit_json,
    event_date,
    open_db,
    settings,
)
from liquidator.cli.options import AsOf, Json
from liquidator.i18n import _, ngettext

app = typer.Typer()
sales_app = typer.Typer(invoke_without_command=True)

Channel = Annotated[
    str,
    typer.Option("--channel", "-c", help="A channel id (see `liquidator channels`), or writeoff."),
]
Date = Annotated[
    str | None,
    typer.Option(
        "--date", help="When it happened, YYYY-MM-DD [default: today].", show_default=False
    ),
]
Yen = Annotated[str | None, typer.Option(metavar="YEN", show_default=False)]


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command()
def sell(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="The item's id.")],
    channel: Channel,
    price: Annotated[
        str | None,
        typer.Option(
            "--price",
            "-p",
            metavar="YEN",
            help="Sale price per unit, in yen (0 for a write-off).",
            show_default=False,
        ),
    ] = None,
    total: Annotated[
        str | None,
        typer.Option(
            "--total",
            metavar="YEN",
            show_default=False,
            help="Or: the whole lot's price, for a set sold to one buyer at one price.",
        ),
    ] = None,
    qty: Annotated[
        str | None,
        typer.Option(
            "--qty",
            metavar="N",
            help="Units disposed of [default: all in stock].",
            show_default=False,
        ),
    ] = None,
    fees: Annotated[
        str | None,
        typer.Option(
            metavar="YEN",
            help="Fees in total [default: the channel's estimate].",
            show_default=False,
        ),
    ] = None,
    shipping: Annotated[
        str | None,
        typer.Option(
            metavar="YEN", help="Shipping paid in total [default: estimate].", show_default=False
        ),
    ] = None,
    date: Date = None,
    note: Annotated[
        str | None, typer.Option(help="Anything worth remembering.", show_default=False)
    ] = None,
    fx_fee: Annotated[
        str | None,
        typer.Option(
            "--fx-fee", metavar="YEN", show_default=False,
            help="The part of the fees that is the payout's currency conversion "
            "[default: the channel's payout rate].",
        ),
    ] = None,
    ship_to: Annotated[
        str | None,
        typer.Option(
            "--ship-to", metavar="CC", show_default=False,
            help="Country it was shipped to (US, GB …; JP: a forwarder in Japan, a "
            "domestic sale).",
        ),
    ] = None,
    carrier: Annotated[
        str | None, typer.Option(help="The carrier (Japan Post EMS, FedEx …).", show_default=False)
    ] = None,
    tracking: Annotated[
        str | None, typer.Option(help="The parcel's tracking number.", show_default=False)
    ] = None,
    usd: Annotated[
        str | None,
        typer.Option(metavar="USD", show_default=False,
                     help="The sale's amount in US dollars (with --rate)."),
    ] = None,
    rate: Annotated[
        str | None,
        typer.Option(metavar="YEN", show_default=False,
                     help="Yen per dollar for --usd; the price when none is given."),
    ] = None,
    rate_date: Annotated[
        str | None,
        typer.Option("--rate-date", show_default=False,
                     help="The rate's day, YYYY-MM-DD [default: --date]."),
    ] = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:  # fmt: skip
    """Record a disposal (sale, supplier return, buy-back or write-off) and the cash it brought.

    Example: liquidator sell 12 --channel yahoo --price 3200 --fees 320 --shipping 930

    A set of 3 sold to one buyer for 9,000 yen: liquidator sell 12 -c yahoo --qty 3 --total 9000

    Shipped abroad: liquidator sell 12 -c ebay --usd 110.18 --rate 150 --ship-to US
    --carrier "Japan Post EMS" --tracking EM123456789JP --fees 2530 --shipping 3200
    """
    from liquidator.bookkeeping.evidence import parse_evidence, yen_of
    from liquidator.errors import InvalidInput
    from liquidator.fields import MAX_QTY, NOTE_MAX
    from liquidator.parsing import clean_text, parse_date, parse_int
    from liquidator.render import yen
    from liquidator.sales import SaleIn, record_sale

    sold_on = event_date(date)
    evidence = parse_evidence(
        ship_to=ship_to, carrier=carrier, tracking=tracking, usd=usd, rate=rate,
        rate_date=None if rate_date is None else parse_date(rate_date, "rate_date"),
        sold_on=sold_on,
    )  # fmt: skip
    if price is None and total is None:
        total = None if yen_of(evidence) is None else str(yen_of(evidence))
    if (price is None) == (total is None):
        raise InvalidInput("price", _("give --price (per unit) or --total (the whole lot)"))
    sale = SaleIn(
        channel=channel,
        unit_price=0 if price is None else parse_int(price, "price", minimum=0),
        total=None if total is None else parse_int(total, "total", minimum=0),
        qty=None if qty is None else parse_int(qty, "qty", minimum=1, maximum=MAX_QTY),
        sold_on=sold_on,
        fees=None if fees is None else parse_int(fees, "fees", minimum=0),
        shipping=None if shipping is None else parse_int(shipping, "shipping", minimum=0),
        note=None if note is None else clean_text(note, "note", max_length=NOTE_MAX),
        payout_fee=None if fx_fee is None else parse_int(fx_fee, "fx_fee", minimum=0),
        evidence=evidence,
        made_on=as_of_date(as_of),
    )
    chosen = settings(ctx)
    database = open_db(ctx, write=True)
    with database.transaction() as session:
        result = record_sale(session=session, item_id=item_id, sale=sale, settings=chosen)
    if json_out:
        emit_json(result)
        return
    out = console()
    out.print(
        _(
            "Disposal #{id}: {qty} × {title} via {channel} — price {price}, fees {fees}, "
            "shipping {shipping}, net {net} against cost {cost} ({outcome} {amount})."
        ).format(
            id=result["id"],
            qty=result["qty"],
            title=_escape(result["title"]),
            channel=channel,
            price=yen(result["price"]),
            fees=yen(result["fees"]),
            shipping=yen(result["shipping"]),
            net=yen(result["net_cash"]),
            cost=yen(result["cost_basis"]),
            outcome=_("profit") if result["profit"] >= 0 else _("loss"),
            amount=yen(abs(result["profit"])),
        )
    )
    if result["estimated"]:
        out.print(
            _(
                "Assumed the channel's estimate for: {fields} (give --fees/--shipping to override)."
            ).format(fields=", ".join(result["estimated"]))
        )
    out.print(
        _("Item #{item_id} is now {status} with {qty} left.").format(
            item_id=item_id, status=result["status"], qty=result["qty_left"]
        )
    )


@app.command()
def listed(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="The item's id.")],
    channel: Channel,
    price: Annotated[
        str, typer.Option("--price", "-p", metavar="YEN", help="Asking price per unit, in yen.")
    ],
    date: Date = None,
    listing_id: Annotated[
        str | None,
        typer.Option(
            "--listing-id",
            help="The site's number for the listing (eBay's item number), which "
            "`listings revise` names.",
            show_default=False,
        ),
    ] = None,
    json_out: Json = False,
) -> None:
    """Mark an item as on sale at a channel, so the report can tell how long it has waited.

    Example: liquidator listed 12 --channel yahoo --price 1

    On eBay, with its item number: liquidator listed 12 -c ebay --price 9800 --listing-id 1234567890
    """
    from liquidator.items import item_public
    from liquidator.parsing import parse_int
    from liquidator.render import yen
    from liquidator.sales import mark_listed

    asking = parse_int(price, "price", minimum=0)
    listed_on = event_date(date)
    chosen = settings(ctx)
    database = open_db(ctx, write=True)
    with database.transaction() as session:
        item = mark_listed(
            session=session, item_id=item_id, channel=channel, price=asking,
            listed_on=listed_on, settings=chosen, listing_id=listing_id,
        )  # fmt: skip
        public = item_public(item, listed_on)
    if json_out:
        emit_json(public)
    else:
        console().print(
            _("Item #{item_id} is listed on {channel} at {price} since {day}.").format(
                item_id=item_id, channel=channel, price=yen(asking), day=listed_on
            )
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
    from liquidator.parsing import check_range, parse_date
    from liquidator.sales import disposals_public
    from liquidator.store.disposals import read_disposals

    first = None if start is None else parse_date(start, "start")
    last = None if end is None else parse_date(end, "end")
    check_range(first, last)
    database = open_db(ctx)
    with database.session() as session:
        rows = disposals_public(read_disposals(session.connection(), start=first, end=last))
    if json_out:
        emit_json(rows)
        return
    _print_disposals(rows)


def _print_disposals(rows: list[dict]) -> None:
    """Disposals as a table, each channel named as the disposal recorded it."""
    from liquidator.disposal_facts import stored_label
    from liquidator.render import yen
    from liquidator.render.fit import Column, fitted

    columns = [
        Column("id", "num", drop=4), Column(_("date"), "key"), Column(_("item"), "num", drop=3),
        Column(_("title"), "text"), Column(_("channel"), "key"), Column(_("qty"), "num", drop=2),
        Column(_("price"), "num"), Column(_("fees"), "num", drop=1),
        Column(_("ship"), "num", drop=1), Column(_("net"), "num"),
        Column(_("cost"), "num", drop=2), Column(_("profit"), "num"),
    ]  # fmt: skip
    cells = [
        [str(r["id"]), r["sold_on"], str(r["item_id"]), r["title"] or "", stored_label(r),
         str(r["qty"]), yen(r["price"]), yen(r["fees"]), yen(r["shipping"]),
         yen(r["net_cash"]), yen(r["cost_basis"]), yen(r["profit"])]
        for r in rows
    ]  # fmt: skip
    out = console()
    out.print(
        fitted(
            ngettext("{count} disposal", "{count} disposals", len(rows)).format(count=len(rows)),
            columns,
            cells,
            width=out.width,
        )
    )


@sales_app.command()
def undo(
    ctx: typer.Context,
    disposal_id: Annotated[int, typer.Argument(help="The disposal's id (see `liquidator sales`).")],
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Reverse a disposal: its units go back into stock. Once its month's journal was
    exported, its entry stays and a reversing entry is booked on the day of the undo.

    Example: liquidator sales undo 7
    """
    from liquidator.items import item_public
    from liquidator.sales import undo_sale

    database = open_db(ctx, write=True)
    with database.transaction() as session:
        item = undo_sale(session=session, disposal_id=disposal_id, made_on=as_of_date(as_of))
        public = item_public(item, as_of_date(None))
    if json_out:
        emit_json({"undone": disposal_id, "item": public})
    else:
        console().print(
            _(
                "Undid disposal #{disposal_id}: item #{item_id} is {status} with {qty} in stock."
            ).format(disposal_id=disposal_id, item_id=item.id, status=item.status, qty=item.qty)
        )


app.add_typer(sales_app, name="sales")
