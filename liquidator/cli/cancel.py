"""``cancel`` (the cancellation desk), ``cancel-rate`` and ``templates``."""

from typing import Annotated, Any

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
    workspace,
    yen,
)

app = typer.Typer()


# What to do in Seller Central after sending the reply, per decision.
NEXT_STEP = {
    "decline": "The order has shipped and cannot be cancelled; the reply explains how to "
    "refuse delivery or return it.",
    "ask-formal-request": "Ask for Amazon's cancellation request; when it arrives, record it "
    "again with --via request so it is accepted as buyer-requested.",
    "offer-to-ship": "Offer to ship today and keep the order; if the buyer still files a "
    "request, record it again with --via request.",
    "accept": 'Cancel the order in Seller Central as "Buyer Canceled"; it does not count '
    "against your cancel rate.",
    "seller-cancel": "Cancel the order in Seller Central; it counts against your cancel rate.",
}
STATUS_STYLE = {"ok": "green", "warn": "yellow", "alarm": "bold red"}
# Long Amazon listing titles are cut here in a reply; the buyer knows the item.
ITEM_NAME_MAX = 100


def _ask_choice(value: str | None, prompt: str, choices: tuple[str, ...], interactive: bool):
    """Ask for a missing choice on a terminal; otherwise decide() names the option."""
    if value is None and interactive:
        return typer.prompt(f"{prompt} ({', '.join(choices)})")
    return value


def _short_name(name: str | None) -> str | None:
    if not name:
        return None
    if len(name) <= ITEM_NAME_MAX:
        return name
    cut = name[:ITEM_NAME_MAX].rsplit(" ", 1)[0].rstrip(" ,;:-|")
    return cut + "…"


def _reply(ctx: typer.Context, template: str, values: dict[str, Any]) -> str:
    from liquidator.cancel_desk import render_template

    return render_template(
        template, values=values, workspace_templates_dir=workspace(ctx).templates_dir
    )


def _recommendation(ctx: typer.Context, session, item, today):
    """The scoring engine's verdict for the new item, when the engine is installed."""
    try:
        from liquidator.recommend import recommend_one
    except ImportError:
        return None
    from liquidator.cli.recommend import scoring_settings

    return recommend_one(item, settings=scoring_settings(ctx, session), as_of=today)


@app.command()
def cancel(
    ctx: typer.Context,
    order_id: Annotated[str, typer.Argument(help="The Amazon order id, like 114-1234567-1234567.")],
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="not-bought, bought (you hold or await the item) or shipped.",
            show_default=False,
        ),
    ] = None,
    via: Annotated[
        str | None,
        typer.Option(
            "--via",
            help="request (Amazon's cancellation request) or message (a plain message).",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="too-slow, mistake, arrives-too-late, no-longer-needed, found-cheaper or "
            "other; with --seller: out-of-stock.",
            show_default=False,
        ),
    ] = None,
    in_hand: Annotated[
        bool, typer.Option("--in-hand", help="The bought item is here with you.")
    ] = False,
    seller: Annotated[
        bool,
        typer.Option("--seller", help="You cancel (out of stock): counts against your rate."),
    ] = False,
    buyer: Annotated[
        str | None,
        typer.Option("--buyer", help="The buyer's name for the reply.", show_default=False),
    ] = None,
    item_name: Annotated[
        str | None,
        typer.Option(
            "--item",
            help="How the reply names the item [default: the imported order's product name].",
            show_default=False,
        ),
    ] = None,
    shop: Annotated[
        str,
        typer.Option("--shop", envvar="LIQUIDATOR_SHOP", help="Your shop's name in the reply."),
    ] = "our shop",
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
    market_price: opt.MarketPrice = None,
    return_by: opt.ReturnBy = None,
    hazmat: opt.Hazmat = None,
    note: opt.Text = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Decide how to answer a cancellation, print the reply to send, and record the case.

    At --stage bought an accepted cancellation also records the item as stranded stock
    (--title, --cost, --size or --dims/--weight as in `add`) and prints where to sell it.

    Example: liquidator cancel 114-1234567-1234567 --stage bought --via request
    --reason mistake --title "ハリオ V60" --cost 4980 --size 80
    """
    from liquidator.cancel_desk import BUYER_REASONS, STAGES, VIAS, decide
    from liquidator.orders import clean_order_id

    today = as_of_date(as_of)
    interactive = is_interactive()
    if seller:
        reason = reason or "out-of-stock"
    else:
        stage = _ask_choice(stage, "Stage", STAGES, interactive)
        via = _ask_choice(via, "Received via", VIAS, interactive)
        reason = _ask_choice(reason, "Reason", BUYER_REASONS, interactive)
    decision = decide(stage=stage, via=via, reason=reason, in_hand=in_hand, seller=seller)
    stage = stage.strip().lower() if stage else None
    via = None if seller or via is None else via.strip().lower()
    reason = reason.strip().lower()
    order_id = clean_order_id(order_id)
    if buyer is not None:
        from liquidator.models import TEXT_MAX
        from liquidator.parsing import clean_text

        buyer = clean_text(buyer, "--buyer", max_length=TEXT_MAX) or None

    item_in = None
    if decision.records_stock:
        item_in = _stranded_item(
            interactive=interactive, today=today, order_id=order_id, title=title, cost=cost,
            qty=qty, purchased=purchased, days_held=days_held, size=size, dims=dims,
            weight=weight, sku=sku, asin=asin, jan=jan, category=category, source=source,
            market_price=market_price, return_by=return_by, hazmat=hazmat, note=note,
        )  # fmt: skip
    if item_name is None and item_in is not None:
        item_name = _short_name(item_in.title)  # the seller just typed what it is
    values = {"buyer": buyer, "order_id": order_id, "item": item_name, "shop": shop}
    # Render once before opening the database: a broken template must write nothing.
    message = _reply(ctx, decision.template, values)

    from liquidator.items import create_item, item_public
    from liquidator.orders import get_order, item_ids_for_order, record_cancellation

    database = open_db(ctx, write=True)
    with database.transaction() as session:
        order = get_order(session=session, amazon_order_id=order_id)
        if item_name is None and order is not None and order.product_name:
            values["item"] = _short_name(order.product_name)
            message = _reply(ctx, decision.template, values)
        earlier = item_ids_for_order(session=session, order_id=order_id) if item_in else []
        item = create_item(session=session, item_in=item_in, as_of=today) if item_in else None
        case = record_cancellation(
            session=session, order_id=order_id, decision=decision, reason=reason, as_of=today,
            message=message, stage=stage, via=via, in_hand=in_hand, seller=seller, buyer=buyer,
            item_id=item.id if item else None,
        )  # fmt: skip
    if earlier:
        # Not refused: one order may hold several different items.
        typer.echo(
            f"Note: order {order_id} already had item #{', #'.join(map(str, earlier))}; "
            f"item #{item.id} was recorded as well (liquidator delete {item.id} if it is the same).",
            err=True,
        )
    best = rate = None
    with database.session() as session:
        if item is not None and item.qty:
            best = _recommendation(ctx, session, item, today)
        if decision.counts_against_rate and not json_out:
            from liquidator.orders import cancel_rate

            rate = cancel_rate(
                session=session, as_of=today, window_days=7, settings=workspace(ctx).settings
            )

    if json_out:
        emit_json(
            {
                "order_id": order_id,
                "decision": decision.decision,
                "template": decision.template,
                "message": message,
                "counts_against_rate": decision.counts_against_rate,
                "item_id": item.id if item else None,
                "recommendation": best,
            }
        )
        return
    _print_case(decision, message, case.id, order_id)
    if item is not None:
        _print_item(item_public(item, today), best)
    elif _item_options_given(title, cost, size, dims, weight):
        console().print(
            "No item recorded: only an accepted cancellation at --stage bought records stock."
        )
    if rate is not None:
        _print_rate(rate, workspace(ctx).settings.cancel_rate)


def _stranded_item(*, interactive: bool, today, order_id: str, **given):
    """The stranded item from the item options, asking for missing ones on a terminal."""
    from liquidator.cli.item_options import parse_item_options
    from liquidator.items import validated
    from liquidator.models import ItemCreate

    given["title"] = required(given["title"], "--title", "Title", interactive=interactive)
    given["cost"] = required(
        given["cost"], "--cost", "Cost per unit (yen)", interactive=interactive
    )
    if given["size"] is None and given["dims"] is None:
        given["size"] = required(None, "--size", "Parcel class (60-200)", interactive=interactive)
    fields = parse_item_options(as_of=today, order_id=order_id, **given)
    fields.setdefault("purchased_on", today)
    return validated(ItemCreate, fields)


def _item_options_given(*values) -> bool:
    return any(value is not None for value in values)


def _print_case(decision, message: str, case_id: int | None, order_id: str) -> None:
    from rich.markup import escape

    out = console()
    out.print(f"Decision: [bold]{decision.decision}[/bold]. {escape(NEXT_STEP[decision.decision])}")
    out.print("\nReply to send:\n")
    typer.echo(message)
    out.print(f"Recorded case #{case_id} for order {escape(order_id)}.")


def _print_item(public: dict, best: dict | None) -> None:
    from rich.markup import escape

    out = console()
    out.print(
        f"Recorded stranded item [bold]#{public['id']}[/bold]: {escape(public['title'])} — "
        f"{public['qty']} × {yen(public['unit_cost'])}, size {public['size_class']}."
    )
    if best and best.get("best_channel"):
        winner = next(c for c in best["channels"] if c["channel"] == best["best_channel"])
        out.print(
            f"Recommended: [bold]{best['best_channel']}[/bold] — net {yen(winner['net_cash'])} "
            f"in about {winner['days_to_cash']} days. ({escape(winner['reason'])})"
        )


def _percent(value: float) -> str:
    return f"{value * 100:.2f}%"


def _limit(value: float) -> str:
    return f"{value * 100:g}%"


def _print_rate(rate: dict, limits) -> None:
    """The rate and a coloured status line; ``limits`` is ``settings.cancel_rate``."""
    out = console()
    if not rate["orders"]:
        out.print(
            f"No orders from {rate['start']} to {rate['end']}. Import Amazon's order report "
            "first: liquidator import amazon-orders FILE"
        )
    else:
        out.print(
            f"Cancel rate {_percent(rate['rate'])}: {rate['seller_cancelled']} seller-cancelled "
            f"of {rate['orders']} orders from {rate['start']} to {rate['end']} "
            f"({rate['window_days']} days); {rate['buyer_cancelled']} buyer-cancelled "
            "(not counted)."
        )
    private, amazon = _limit(limits.private_limit), _limit(limits.amazon_limit)
    text = {
        "ok": f"OK: under your private limit of {private}.",
        "warn": f"WARN: at or above your private limit of {private} (Amazon's limit is {amazon}).",
        "alarm": f"ALARM: at or above Amazon's limit of {amazon}; avoid seller cancellations.",
    }[rate["status"]]
    out.print(f"[{STATUS_STYLE[rate['status']]}]{text}[/]")


@app.command("cancel-rate")
def cancel_rate(
    ctx: typer.Context,
    window: Annotated[
        int, typer.Option("--window", help="Days in the window, ending on --as-of.")
    ] = 7,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Seller-cancelled orders / all seller-fulfilled orders over the last days.

    Orders come from imported Amazon order reports; the desk's records say who
    cancelled. Warns from your private limit (default 2%), alarms at Amazon's 2.5%.

    Example: liquidator cancel-rate --window 30 --as-of 2026-11-25
    """
    from liquidator.orders import cancel_rate as compute

    today = as_of_date(as_of)
    settings = workspace(ctx).settings
    database = open_db(ctx)
    with database.session() as session:
        rate = compute(session=session, as_of=today, window_days=window, settings=settings)
    if json_out:
        emit_json(rate)
        return
    _print_rate(rate, settings.cancel_rate)


@app.command()
def templates(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(help="Show this template (e.g. accept).", show_default=False),
    ] = None,
    json_out: Json = False,
) -> None:
    """List the reply templates, or show one with its {placeholders}.

    A file <home>/templates/NAME.txt overrides the packaged template of that name.
    Placeholders: {buyer}, {order_id}, {item}, {shop}.

    Example: liquidator templates accept
    """
    from liquidator.cancel_desk import PLACEHOLDERS, list_templates

    folder = workspace(ctx).templates_dir
    entries = list_templates(folder)
    if name is None:
        if json_out:
            emit_json(entries)
            return
        from rich.markup import escape

        table = compact_table(f"{len(entries)} templates (overrides go in {folder})")
        for header in ("name", "source", "first line"):
            table.add_column(header)
        for entry in entries:
            line = entry["problem"] and f"[red]unusable: {escape(entry['problem'])}[/red]"
            table.add_row(entry["name"], entry["source"], line or escape(entry["first_line"]))
        console().print(table)
        return
    # Filling each placeholder with itself shows the template as written, and checks it.
    text = _reply(ctx, name, {key: "{" + key + "}" for key in PLACEHOLDERS})
    key = name.strip().lower().removesuffix(".txt")
    entry = next((e for e in entries if e["name"] == key), {"source": "package"})
    if json_out:
        emit_json({"name": key, "source": entry["source"], "text": text})
        return
    typer.echo(text, nl=False)
