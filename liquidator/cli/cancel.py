"""``cancel`` (the cancellation desk), ``cancel-rate`` and ``templates``."""

from typing import Annotated

import typer

from liquidator.cli.base import App
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

app = App()


STATUS_STYLE = {"ok": "green", "warn": "yellow", "alarm": "bold red"}

OrderId = Annotated[str, typer.Argument(help="The Amazon order id, like 114-1234567-1234567.")]
Stage = Annotated[
    str | None,
    typer.Option("--stage", show_default=False,
                 help="not-bought, bought (you hold or await the item) or shipped."),
]  # fmt: skip
Via = Annotated[
    str | None,
    typer.Option("--via", show_default=False,
                 help="request (Amazon's cancellation request) or message (a plain message)."),
]  # fmt: skip
Reason = Annotated[
    str | None,
    typer.Option("--reason", show_default=False,
                 help="too-slow, mistake, arrives-too-late, no-longer-needed, found-cheaper or "
                 "other; out-of-stock is your own cancellation (same as --seller)."),
]  # fmt: skip
InHand = Annotated[bool, typer.Option("--in-hand", help="The bought item is here with you.")]
Seller = Annotated[
    bool,
    typer.Option("--seller", help="You cancel (out of stock), same as --reason out-of-stock: "
                 "counts against your rate."),
]  # fmt: skip
Insists = Annotated[
    bool,
    typer.Option("--insists",
                 help="The buyer turned down your offer to ship and still wants to cancel."),
]  # fmt: skip
NoReturn = Annotated[
    bool,
    typer.Option("--no-return",
                 help="Shipped and cheap: offer a refund without asking for it back."),
]  # fmt: skip
Buyer = Annotated[
    str | None, typer.Option("--buyer", help="The buyer's name for the reply.", show_default=False)
]
ItemName = Annotated[
    str | None,
    typer.Option("--item", show_default=False,
                 help="How the reply names the item [default: the imported order's product name]."),
]  # fmt: skip
Shop = Annotated[
    str | None,
    typer.Option("--shop", envvar="LIQUIDATOR_SHOP", show_default=False,
                 help="Your shop's name in the reply [default: [replies] shop in liquidator.toml]."),
]  # fmt: skip
Template = Annotated[
    str | None,
    typer.Option("--template", metavar="NAME", show_default=False,
                 help="Reply with this template (see `liquidator templates`), e.g. your own "
                 "accept-ja [default: the decision's]."),
]  # fmt: skip


def _choose_on_terminal(interactive: bool):
    """A function asking for one of ``choices`` on a terminal (None without one)."""
    if not interactive:
        return None
    return lambda label, choices: typer.prompt(f"{label} ({', '.join(choices)})")


@app.command()
@item_options(exclude=("order_id",))
def cancel(
    ctx: typer.Context,
    order_id: OrderId,
    item: dict,
    stage: Stage = None,
    via: Via = None,
    reason: Reason = None,
    in_hand: InHand = False,
    seller: Seller = False,
    insists: Insists = False,
    no_return: NoReturn = False,
    buyer: Buyer = None,
    item_name: ItemName = None,
    shop: Shop = None,
    template: Template = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Decide how to answer a cancellation, print the reply to send, and record the case.

    At --stage bought an accepted cancellation also records the item as stranded stock
    (--title, --cost, --size or --dims/--weight as in `add`) and prints where to sell it.

    Example: liquidator cancel 114-1234567-1234567 --stage bought --via request
    --reason mistake --title "ハリオ V60" --cost 4980 --size 80
    """
    from liquidator.cancellations import CaseIn, case_public, handle_cancellation

    today = as_of_date(as_of)
    case = CaseIn(
        order_id=order_id, reason=reason, stage=stage, via=via, in_hand=in_hand, seller=seller,
        buyer=buyer, item_name=item_name, shop=shop, template=template, item=item, insists=insists,
        no_return=no_return,
    )  # fmt: skip
    interactive = is_interactive()
    result = handle_cancellation(
        database=open_db(ctx, write=True), case=case, as_of=today, settings=settings(ctx),
        templates_dir=workspace(ctx).templates_dir, ask=ask_on_terminal(interactive),
        choose=_choose_on_terminal(interactive), with_rate=not json_out,
    )  # fmt: skip
    _note_earlier_items(result)
    if json_out:
        emit_json(case_public(result))
    else:
        _print_result(result, settings(ctx))


def _note_earlier_items(result) -> None:
    """On stderr: the order already had items (not refused: one order may hold several
    different items)."""
    if result.earlier_items:
        typer.echo(
            _(
                "Note: order {order} already had item #{earlier}; item #{item} was "
                "recorded as well (liquidator delete {item} if it is the same)."
            ).format(
                order=result.order_id,
                item=result.item.id,
                earlier=", #".join(map(str, result.earlier_items)),
            ),  # fmt: skip
            err=True,
        )


def _print_result(result, chosen) -> None:
    """What the desk did: the decision and reply, the item recorded, the rate."""
    _print_case(result)
    if result.item is not None:
        _print_item(result.item, result.recommendation, chosen.channel_labels())
    elif result.item_not_recorded:
        console().print(
            _("No item recorded: only an accepted cancellation at --stage bought records stock.")
        )
    if result.cancel_rate is not None:
        _print_rate(result.cancel_rate, chosen.cancel_rate)


def _print_case(result) -> None:
    """The decision, what the seller does next, the reply to send, the case recorded."""
    from rich.markup import escape

    from liquidator.words import decision_word

    out = console()
    out.print(
        _("Decision: [bold]{decision}[/bold]. {next_step}").format(
            decision=decision_word(result.decision.decision), next_step=escape(result.next_step)
        )
    )
    out.print("\n" + _("Reply to send:") + "\n")
    typer.echo(result.message)
    out.print(
        _("Recorded case #{case_id} for order {order}.").format(
            case_id=result.case_id, order=escape(result.order_id)
        )
    )


def _print_item(item, best: dict | None, labels: dict[str, str]) -> None:
    from rich.markup import escape

    from liquidator.render import yen

    out = console()
    out.print(
        _(
            "Recorded stranded item [bold]#{id}[/bold]: {title} — {qty} × {cost}, size {size}."
        ).format(
            id=item.id,
            title=escape(item.title),
            qty=item.qty,
            cost=yen(item.unit_cost),
            size=item.size_class,
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
    from liquidator.cancellations import cancel_rate_report
    from liquidator.parsing import parse_int

    today = as_of_date(as_of)
    days = parse_int(window, "window", minimum=1)
    chosen = settings(ctx)
    with open_db(ctx).session() as session:
        rate = cancel_rate_report(session=session, as_of=today, window_days=days, settings=chosen)
    if json_out:
        emit_json(rate)
        return
    if rate["status"] == "no_data":
        console().print(
            ngettext(
                "No order data: {cases} desk case only, no order report.\n"
                "Run: liquidator import amazon-orders FILE",
                "No order data: {cases} desk cases only, no order report.\n"
                "Run: liquidator import amazon-orders FILE",
                rate["orders"],
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
    folder = workspace(ctx).templates_dir
    if name is not None:
        from liquidator.cancellations import template_view

        view = template_view(name, folder)
        if json_out:
            emit_json(view)
        else:
            typer.echo(view["text"], nl=False)
        return
    from liquidator.reply_templates import list_templates

    entries = list_templates(folder)
    if json_out:
        emit_json(entries)
    else:
        _print_templates(entries, folder)


def _print_templates(entries: list[dict], folder) -> None:
    """The templates as a table: name, what it says, where it comes from, its first line."""
    from rich.markup import escape

    table = compact_table(
        ngettext(
            "{count} template (overrides go in {folder})",
            "{count} templates (overrides go in {folder})",
            len(entries),
        ).format(count=len(entries), folder=folder)
    )
    from liquidator.words import reply_word

    sources = {"package": _("built in"), "workspace": _("your file")}
    for header in (_("name"), _("what it says"), _("kept in"), _("first line")):
        table.add_column(header)
    for entry in entries:
        line = entry["problem"] and _("[red]unusable: {problem}[/red]").format(
            problem=escape(entry["problem"])
        )
        said = reply_word(entry["name"])
        table.add_row(entry["name"], "" if said == entry["name"] else said,
                      sources.get(entry["source"], entry["source"]),
                      line or escape(entry["first_line"]))  # fmt: skip
    console().print(table)
