"""``sell``, ``listed``, ``sales`` (and ``sales undo``): disposals and listings."""

from typing import Annotated

import typer

from liquidator.cli.base import App
from liquidator.cli.context import (
    as_of_date,
    console,
    emit_json,
    open_db,
    settings,
)
from liquidator.cli.options import AsOf, Json
from liquidator.i18n import _, ngettext
from liquidator.words import status_word, value_name

app = App()
sales_app = App(invoke_without_command=True)

Channel = Annotated[
    str,
    typer.Option("--channel", "-c", help="A channel id (see `liquidator channels`), or writeoff."),
]
# Where an item is put on sale: a channel, never a write-off (``listed`` refuses one).
ListedOn = Annotated[
    str,
    typer.Option(
        "--channel", "-c", help="The channel id it is listed on (see `liquidator channels`)."
    ),
]
Date = Annotated[
    str | None,
    typer.Option(
        "--date", help="When it happened, YYYY-MM-DD [default: today].", show_default=False
    ),
]
ItemId = Annotated[int, typer.Argument(help="The item's id.")]
Price = Annotated[
    str | None,
    typer.Option("--price", "-p", metavar="YEN", show_default=False,
                 help="Sale price per unit, in yen (0 for a write-off)."),
]  # fmt: skip
Total = Annotated[
    str | None,
    typer.Option("--total", metavar="YEN", show_default=False,
                 help="Or: the whole lot's price, for a set sold to one buyer at one price."),
]  # fmt: skip
Qty = Annotated[
    str | None,
    typer.Option("--qty", metavar="N", show_default=False,
                 help="Units disposed of [default: all in stock]."),
]  # fmt: skip
Fees = Annotated[
    str | None,
    typer.Option(metavar="YEN", show_default=False,
                 help="Fees in total [default: the channel's estimate]."),
]  # fmt: skip
Shipping = Annotated[
    str | None,
    typer.Option(metavar="YEN", show_default=False,
                 help="Shipping paid in total [default: estimate]."),
]  # fmt: skip
Note = Annotated[str | None, typer.Option(help="Anything worth remembering.", show_default=False)]
FxFee = Annotated[
    str | None,
    typer.Option("--fx-fee", metavar="YEN", show_default=False,
                 help="The part of the fees that is the payout's currency conversion "
                 "[default: the channel's payout rate]."),
]  # fmt: skip
ShipTo = Annotated[
    str | None,
    typer.Option("--ship-to", metavar="CC", show_default=False,
                 help="Country it was shipped to (US, GB …; JP: a forwarder in Japan, a "
                 "domestic sale)."),
]  # fmt: skip
Carrier = Annotated[
    str | None, typer.Option(help="The carrier (Japan Post EMS, FedEx …).", show_default=False)
]
Tracking = Annotated[
    str | None, typer.Option(help="The parcel's tracking number.", show_default=False)
]
Usd = Annotated[
    str | None,
    typer.Option("--usd", metavar="USD", show_default=False,
                 help="The sale's amount in US dollars (with --rate)."),
]  # fmt: skip
Rate = Annotated[
    str | None,
    typer.Option(metavar="YEN", show_default=False,
                 help="Yen per dollar for --usd; the price when none is given."),
]  # fmt: skip
RateDate = Annotated[
    str | None,
    typer.Option("--rate-date", show_default=False,
                 help="The rate's day, YYYY-MM-DD [default: --date]."),
]  # fmt: skip


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command()
def sell(
    ctx: typer.Context,
    item_id: ItemId,
    channel: Channel,
    price: Price = None,
    total: Total = None,
    qty: Qty = None,
    fees: Fees = None,
    shipping: Shipping = None,
    date: Date = None,
    note: Note = None,
    fx_fee: FxFee = None,
    ship_to: ShipTo = None,
    carrier: Carrier = None,
    tracking: Tracking = None,
    usd: Usd = None,
    rate: Rate = None,
    rate_date: RateDate = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Record a disposal (sale, supplier return, buy-back or write-off) and the cash it brought.

    Example: liquidator sell 12 --channel yahoo --price 3200 --fees 320 --shipping 930

    A set of 3 sold to one buyer for 9,000 yen: liquidator sell 12 -c yahoo --qty 3 --total 9000

    Shipped abroad: liquidator sell 12 -c ebay --usd 110.18 --rate 150 --ship-to US
    --carrier "Japan Post EMS" --tracking EM123456789JP --fees 2530 --shipping 3200
    """
    import datetime as dt

    from liquidator.sales import sell_item

    typed = {"channel": channel, "price": price, "total": total, "qty": qty, "date": date,
             "fees": fees, "shipping": shipping, "note": note, "fx_fee": fx_fee,
             "ship_to": ship_to, "carrier": carrier, "tracking": tracking, "usd": usd,
             "rate": rate, "rate_date": rate_date}  # fmt: skip
    result = sell_item(database=open_db(ctx, write=True), item_id=item_id, typed=typed,
                       today=dt.date.today(), settings=settings(ctx),
                       made_on=as_of_date(as_of))  # fmt: skip
    if json_out:
        emit_json(result)
        return
    _print_sale(result, item_id, settings(ctx).channel_label(channel))


def _print_sale(result: dict, item_id: int, channel: str) -> None:
    """A recorded disposal: what it brought against its cost, what was estimated, and
    what is left of the item."""
    from liquidator.render import yen

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
        )  # fmt: skip
    )
    if result["estimated"]:
        out.print(
            _(
                "Assumed the channel's estimate for: {fields} (give --fees/--shipping to override)."
            ).format(fields=_(", ").join(value_name(name) for name in result["estimated"]))
        )
    out.print(
        _("Item #{item_id} is now {status} with {qty} left.").format(
            item_id=item_id, status=status_word(result["status"]), qty=result["qty_left"]
        )
    )


@app.command()
def listed(
    ctx: typer.Context,
    item_id: ItemId,
    channel: ListedOn,
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
    import datetime as dt

    from liquidator.render import yen
    from liquidator.sales import record_listing

    public = record_listing(
        database=open_db(ctx, write=True), item_id=item_id, channel=channel, price=price,
        date=date, today=dt.date.today(), settings=settings(ctx), listing_id=listing_id,
    )  # fmt: skip
    if json_out:
        emit_json(public)
    else:
        console().print(
            _("Item #{item_id} is listed on {channel} at {price} since {day}.").format(
                item_id=item_id,
                channel=settings(ctx).channel_label(channel),
                price=yen(public["listed_price"]),
                day=public["listed_on"],
            )  # fmt: skip
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
    from liquidator.sales import disposals_between

    rows = disposals_between(database=open_db(ctx), start=start, end=end)
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
        Column(_("title"), "text", wants=16), Column(_("channel"), "key"), Column(_("qty"), "num", drop=2),
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
    from liquidator.sales import undo_disposal

    done = undo_disposal(database=open_db(ctx, write=True), disposal_id=disposal_id,
                         as_of=as_of_date(as_of))  # fmt: skip
    if json_out:
        emit_json(done)
    else:
        item = done["item"]
        console().print(
            _(
                "Undid disposal #{disposal_id}: item #{item_id} is {status} with {qty} in stock."
            ).format(
                disposal_id=disposal_id,
                item_id=item["id"],
                status=status_word(item["status"]),
                qty=item["qty"],
            )  # fmt: skip
        )


app.add_typer(sales_app, name="sales")
