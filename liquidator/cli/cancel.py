"""``cancel`` (the cancellation desk), ``cancel-rate`` and ``templates``."""

from typing import Annotated

import typer

from liquidator.cli.context import (
    as_of_date,
    ask_on_terminal,
    compact_table,
    console,
    emit_json,
    is_interactive,
    open_db,
    settings,
    workspace,
)
from liquidator.cli.items import winner_line
from liquidator.cli.options import AsOf, Json, item_options
from liquidator.i18n import _, ngettext

app = typer.Typer()


STATUS_STYLE = {"ok": "green", "warn": "yellow", "alarm": "bold red"}


def _ask_choice(value: str | None, prompt: str, choices: tuple[str, ...], interactive: bool):
    """Ask for a missing choice on a terminal; otherwise the desk names the option."""
    if value is None and interactive:
        return typer.prompt(f"{prompt} ({', '.join(choices)})")
    return value


@app.command()
@item_options(exclude=("order_id",))
def cancel(
    ctx: typer.Context,
    order_id: Annotated[str, typer.Argument(help="The Amazon order id, like 114-1234567-1234567.")],
    item: dict,
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
            "other; out-of-stock is your own cancellation (same as --seller).",
            show_default=False,
        ),
    ] = None,
    in_hand: Annotated[
        bool, typer.Option("--in-hand", help="The bought item is here with you.")
    ] = False,
    seller: Annotated[
        bool,
        typer.Option(
            "--seller",
            help="You cancel (out of stock), same as --reason out-of-stock: counts against "
            "your rate.",
        ),
    ] = False,
    insists: Annotated[
        bool,
        typer.Option(
            "--insists", help="The buyer turned down your offer to ship and still wants to cancel."
        ),
    ] = False,
    no_return: Annotated[
        bool,
        typer.Option(
            "--no-return", help="Shipped and cheap: offer a refund without asking for it back."
        ),
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
        str | None,
        typer.Option(
            "--shop",
            envvar="LIQUIDATOR_SHOP",
            help="Your shop's name in the reply [default: [replies] shop in liquidator.toml].",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="NAME",
            help="Reply with this template (see `liquidator templates`), e.g. your own "
            "accept-ja [default: the decision's].",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Decide how to answer a cancellation, print the reply to send, and record the case.

    At --stage bought an accepted cancellation also records the item as stranded stock
    (--title, --cost, --size or --dims/--weight as in `add`) and prints where to sell it.

    Example: liquidator cancel 114-1234567-1234567 --stage bought --via request
    --reason mistake --title "ハリオ V60" --cost 4980 --size 80
    """
    from liquidator.cancel_desk import BUYER_REASONS, SELLER_REASONS, STAGES, VIAS, next_step
    from liquidator.cancellations import CaseIn, handle_cancellation

    today = as_of_date(as_of)
    interactive = is_interactive()
    seller = seller or (reason or "").strip().lower() in SELLER_REASONS
    if not seller:
        stage = _ask_choice(stage, _("Stage"), STAGES, interactive)
        via = _ask_choice(via, _("Received via"), VIAS, interactive)
        reason = _ask_choice(reason, _("Reason"), BUYER_REASONS, interactive)
    case = CaseIn(
        order_id=order_id, reason=reason, stage=stage, via=via, in_hand=in_hand, seller=seller,
        buyer=buyer, item_name=item_name, shop=shop, template=template, item=item, insists=insists,
        no_return=no_return,
    )  # fmt: skip
    result = handle_cancellation(
        database=open_db(ctx, write=True), case=case, as_of=today, settings=settings(ctx),
        templates_dir=workspace(ctx).templates_dir, ask=ask_on_terminal(interactive),
        with_rate=not json_out,
    )  # fmt: skip
    if result.earlier_items:
        # Not refused: one order may hold several different items.
        typer.echo(
            _(
                "Note: order {order} already had item #{earlier}; item #{item} was "
                "recorded as well (liquidator delete {item} if it is the same)."
            ).format(
                order=result.order_id,
                earlier=", #".join(map(str, result.earlier_items)),
                item=result.item.id,
            ),
            err=True,
        )
    if json_out:
        emit_json(
            {
                "order_id": result.order_id,
                "decision": result.decision.decision,
                "template": result.decision.template,
                "message": result.message,
                "counts_against_rate": result.decision.counts_against_rate,
                "next_step": next_step(result.decision),
                "item_id": result.item.id if result.item else None,
                "recommendation": result.recommendation,
            }
        )
        return
    _print_case(result.decision, result.message, result.case_id, result.order_id)
    if result.item is not None:
        from liquidator.items import item_public

        _print_item(item_public(result.item, today), result.recommendation,
                    settings(ctx).channel_labels())  # fmt: skip
    elif any(item.get(name) is not None for name in ("title", "cost", "size", "dims", "weight")):
        console().print(
            _("No item recorded: only an accepted cancellation at --stage bought records stock.")
        )
    if result.cancel_rate is not None:
        _print_rate(result.cancel_rate, settings(ctx).cancel_rate)


def _print_case(decision, message: str, case_id: int | None, order_id: str) -> None:
    from rich.markup import escape

    from liquidator.cancel_desk import next_step

    out = console()
    out.print(
        _("Decision: [bold]{decision}[/bold]. {next_step}").format(
            decision=decision.decision, next_step=escape(next_step(decision))
        )
    )
    out.print("\n" + _("Reply to send:") + "\n")
    typer.echo(message)
    out.print(
        _("Recorded case #{case_id} for order {order}.").format(
            case_id=case_id, order=escape(order_id)
        )
    )


def _print_item(public: dict, best: dict | None, labels: dict[str, str]) -> None:
    from rich.markup import escape

    from liquidator.render import yen

    out = console()
    out.print(
        _(
            "Recorded stranded item [bold]#{id}[/bold]: {title} — {qty} × {cost}, size {size}."
        ).format(
            id=public["id"],
            title=escape(public["title"]),
            qty=public["qty"],
            cost=yen(public["unit_cost"]),
            size=public["size_class"],
        )
    )
    line = winner_line(best, labels)
    if line:
        out.print(escape(line))


def _percent(value: float) -> str:
    return f"{value * 100:.2f}%"


def _limit(value: float) -> str:
    return f"{value * 100:g}%"


def _print_rate(rate: dict, limits) -> None:
    """The rate and a coloured status line; ``limits`` is ``settings.cancel_rate``."""
    out = console()
    if not rate["orders"]:
        out.print(
            _(
                "No orders from {start} to {end}. Import Amazon's order report "
                "first: liquidator import amazon-orders FILE"
            ).format(start=rate["start"], end=rate["end"])
        )
    else:
        out.print(
            _(
                "Cancel rate {rate}: {seller} seller-cancelled of {orders} orders from {start} "
                "to {end} ({days} days); {buyer} buyer-cancelled (not counted)."
            ).format(
                rate=_percent(rate["rate"]),
                seller=rate["seller_cancelled"],
                orders=rate["orders"],
                start=rate["start"],
                end=rate["end"],
                days=rate["window_days"],
                buyer=rate["buyer_cancelled"],
            )
        )
    private, amazon = _limit(limits.private_limit), _limit(limits.amazon_limit)
    text = {
        "ok": _("OK: under your private limit of {private}."),
        "warn": _(
            "WARN: at or above your private limit of {private} (Amazon's limit is {amazon})."
        ),
        "alarm": _("ALARM: at or above Amazon's limit of {amazon}; avoid seller cancellations."),
    }[rate["status"]].format(private=private, amazon=amazon)
    out.print(f"[{STATUS_STYLE[rate['status']]}]{text}[/]")


@app.command("cancel-rate")
def cancel_rate(
    ctx: typer.Context,
    window: Annotated[
        str, typer.Option("--window", metavar="DAYS", help="Days in the window, ending on --as-of.")
    ] = "7",
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Seller-cancelled orders / all seller-fulfilled orders over the last days.

    Orders come from imported Amazon order reports; the desk's records say who
    cancelled. Warns from your private limit (default 2%), alarms at Amazon's 2.5%.

    Example: liquidator cancel-rate --window 30 --as-of 2026-11-25
    """
    from liquidator.parsing import parse_int
    from liquidator.store.orders import cancel_rate as compute
    from liquidator.store.orders import has_order_data

    today = as_of_date(as_of)
    days = parse_int(window, "window", minimum=1)
    chosen = settings(ctx)
    database = open_db(ctx)
    with database.session() as session:
        rate = compute(session=session, as_of=today, window_days=days, settings=chosen)
        order_data = has_order_data(session=session)
    if not order_data and rate["orders"]:
        # The desk's own cases are not all orders: a rate from them alone would alarm
        # on a single seller cancellation.
        rate["status"] = "no_data"
    if json_out:
        emit_json(rate)
        return
    if rate["status"] == "no_data":
        console().print(
            _(
                "No order data: {cases} desk case(s) only, no order report.\n"
                "Run: liquidator import amazon-orders FILE"
            ).format(cases=rate["orders"])
        )
        return
    _print_rate(rate, chosen.cancel_rate)


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

        table = compact_table(
            ngettext(
                "{count} template (overrides go in {folder})",
                "{count} templates (overrides go in {folder})",
                len(entries),
            ).format(count=len(entries), folder=folder)
        )
        for header in (_("name"), _("source"), _("first line")):
            table.add_column(header)
        for entry in entries:
            line = entry["problem"] and _("[red]unusable: {problem}[/red]").format(
                problem=escape(entry["problem"])
            )
            table.add_row(entry["name"], entry["source"], line or escape(entry["first_line"]))
        console().print(table)
        return
    # Filling each placeholder with itself shows the template as written, and checks it.
    from liquidator.cancel_desk import render_template

    text = render_template(
        name,
        values={key: "{" + key + "}" for key in PLACEHOLDERS},
        workspace_templates_dir=folder,
    )
    key = name.strip().lower().removesuffix(".txt")
    entry = next((e for e in entries if e["name"] == key), {"source": "package"})
    if json_out:
        emit_json({"name": key, "source": entry["source"], "text": text})
        return
    typer.echo(text, nl=False)
