"""``recommend``: ranked channels per item with the full breakdown."""

from typing import Annotated

import typer

from liquidator.cli.base import App
from liquidator.cli.context import (
    as_of_date,
    console,
    emit_json,
    json_for_terminal,
    open_db,
    settings,
    write_json_pieces,
)
from liquidator.cli.options import AsOf, Json
from liquidator.render import market_line, yen

app = App()


ItemIds = Annotated[list[int] | None, typer.Argument(help="Item ids.", show_default=False)]
AllItems = Annotated[bool, typer.Option("--all", "-a", help="Every item still held.")]


def recommendation_table(
    recommendation: dict, *, width: int = 80, labels: dict[str, str] | None = None
):
    """One item's channels, winner first and marked, then one line on each channel's why.

    At ``width`` cells no figure is cut: packaging, then fees and shipping, then the
    waiting cost are left out first (net cash and the score already include them)."""
    from rich.console import Group
    from rich.text import Text

    from liquidator.i18n import _
    from liquidator.render import plan_step
    from liquidator.render.fit import Column, fitted, hanging

    labels = labels or {}
    columns = [
        Column(_("channel"), "key"), Column(_("price"), "num", drop=3),
        Column(_("fees"), "num", drop=4), Column(_("ship"), "num", drop=4),
        Column(_("pack"), "num", drop=5), Column(_("net"), "num"), Column(_("days"), "num", drop=2),
        Column(_("hold"), "num", drop=3), Column(_("score"), "num", drop=1), Column(_("ask"), "num"),
    ]  # fmt: skip
    rows, styles, notes = [], [], []
    for row in recommendation["channels"]:
        winner = row["channel"] == recommendation["best_channel"]
        styles.append("bold green" if winner else ("dim" if not row["eligible"] else None))
        mark = "★ " if winner else "  "
        name = labels.get(row["channel"], row["channel"])
        rows.append([mark + name, *_figures(row)])
        note = Text(mark)
        note.append(name, style="bold")
        note.append(": " + row["reason"])
        notes.append(hanging(note, width))
    for step in recommendation.get("schedule") or []:
        notes.append(hanging(f"  → {plan_step(step, labels)}", width))
    title = f"#{recommendation['item_id']} {recommendation['title'] or ''}"
    market = market_line(recommendation.get("market"))
    lead = [hanging("  " + market, width)] if market else []
    return Group(fitted(title, columns, rows, width=width, row_styles=styles), *lead, *notes, "")


def _figures(row: dict) -> list[str]:
    """A channel's figures in the table's order ("—" for each when it is not eligible)."""
    if not row["eligible"]:
        return ["—"] * 9
    money = ("expected_price", "fees", "shipping", "packaging", "net_cash")
    return [*(yen(row[name]) for name in money), str(row["days_to_cash"]),
            yen(row["holding_cost"]), yen(row["score"]), asking(row)]  # fmt: skip


def asking(row: dict) -> str:
    """The suggested price as the seller would act on it: "start ¥1", "list ¥9,800"."""
    from liquidator.render import asking as asking_price

    return asking_price(row["price_kind"], row["suggested_price"])


def _print_all(results, *, labels: dict[str, str]) -> None:
    """One line per item (``render.summary_lines``), each written as it is scored."""
    import sys

    from liquidator.i18n import _
    from liquidator.render.summary_lines import summary_lines

    lines = summary_lines(results, labels=labels, width=console().width)
    header = next(lines)
    first = next(lines, None)
    if first is None:
        typer.echo(_("No items in stock."))
        return
    write = sys.stdout.write
    write(f"{header}\n{first}\n")
    for line in lines:
        write(line + "\n")
    sys.stdout.flush()


@app.command()
def recommend(
    ctx: typer.Context,
    item_ids: ItemIds = None,
    all_items: AllItems = False,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Rank the disposal channels for items, with the full breakdown (--all: one line
    per item; the breakdown is recommend ID or --json).

    Example: liquidator recommend 3 7 --json    or    liquidator recommend --all
    """
    from liquidator.recommend import recommend_for
    from liquidator.render.json import iter_json

    results = recommend_for(
        database=open_db(ctx), settings=settings(ctx), as_of=as_of_date(as_of), ids=item_ids,
        all_items=all_items,
    )  # fmt: skip
    if all_items and json_out and not json_for_terminal():
        # Streamed: 100k items are never all in memory as dicts at once.
        write_json_pieces(iter_json(results, depth=1, binary=True))
    elif not json_out and all_items:
        # Streamed too: each item is printed as it is scored (`| head` is instant).
        _print_all(results, labels=settings(ctx).channel_labels())
    elif not json_out:
        out, labels = console(), settings(ctx).channel_labels()
        for recommendation in results:
            out.print(recommendation_table(recommendation, width=out.width, labels=labels))
    else:
        results = list(results)
        emit_json(results[0] if item_ids and len(item_ids) == 1 else results)
