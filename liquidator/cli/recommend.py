"""``recommend``: ranked channels per item with the full breakdown."""

from typing import Annotated

import typer

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
from liquidator.errors import InvalidInput, NotFound
from liquidator.render import market_line, yen

app = typer.Typer()


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
    from liquidator.render.fit import Column, fitted

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
        figures = (
            [
                yen(row["expected_price"]),
                yen(row["fees"]),
                yen(row["shipping"]),
                yen(row["packaging"]),
                yen(row["net_cash"]),
                str(row["days_to_cash"]),
                yen(row["holding_cost"]),
                yen(row["score"]),
                asking(row),
            ]  # fmt: skip
            if row["eligible"]
            else ["—"] * 9
        )
        mark = "★ " if winner else "  "
        name = labels.get(row["channel"], row["channel"])
        rows.append([mark + name, *figures])
        note = Text(mark)
        note.append(name, style="bold")
        note.append(": " + row["reason"])
        notes.append(note)
    for step in recommendation.get("schedule") or []:
        notes.append(Text(f"  → {plan_step(step, labels)}"))
    title = f"#{recommendation['item_id']} {recommendation['title'] or ''}"
    market = market_line(recommendation.get("market"))
    lead = [Text("  " + market)] if market else []
    return Group(fitted(title, columns, rows, width=width, row_styles=styles), *lead, *notes, "")


def asking(row: dict) -> str:
    """The suggested price as the seller would act on it: "start ¥1", "list ¥9,800"."""
    from liquidator.render import asking as asking_price

    return asking_price(row["price_kind"], row["suggested_price"])


def _print_all(results, *, labels: dict[str, str]) -> None:
    from liquidator.i18n import _

    out = console()
    printed = 0
    for recommendation in results:
        out.print(recommendation_table(recommendation, width=out.width, labels=labels))
        printed += 1
    if not printed:
        out.print(_("No items in stock."))


@app.command()
def recommend(
    ctx: typer.Context,
    item_ids: Annotated[
        list[int] | None, typer.Argument(help="Item ids.", show_default=False)
    ] = None,
    all_items: Annotated[bool, typer.Option("--all", "-a", help="Every item still held.")] = False,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Rank the disposal channels for items, with the full breakdown.

    Example: liquidator recommend 3 7 --json    or    liquidator recommend --all
    """
    from liquidator.i18n import _, some_names
    from liquidator.recommend import recommend_items
    from liquidator.render.json import iter_json
    from liquidator.store.items import ID_RANGE

    if not item_ids and not all_items:
        raise InvalidInput("ID", _("give item ids or --all"))
    if item_ids and all_items:
        raise InvalidInput("all_items", _("give item ids or --all, not both"))
    impossible = [i for i in item_ids or [] if i not in ID_RANGE]
    if impossible:
        raise NotFound(_("item {item_id} not found").format(item_id=impossible[0]))
    today = as_of_date(as_of)
    database = open_db(ctx)
    with database.session() as session:
        found, results = recommend_items(
            session=session, settings=settings(ctx), as_of=today, ids=item_ids or None
        )
        missing = sorted(set(item_ids or []) - set(found))
        if missing:
            raise NotFound(
                _("item {item_id} not found").format(item_id=some_names([str(i) for i in missing]))
            )
        if all_items:
            if json_out and not json_for_terminal():
                # Streamed: 100k items are never all in memory as dicts at once.
                write_json_pieces(iter_json(results, depth=1, binary=True))
                return
            if not json_out:
                # Streamed too: each item is printed as it is scored (`| head` is instant).
                _print_all(results, labels=settings(ctx).channel_labels())
                return
            results = list(results)
        else:
            by_id = {r["item_id"]: r for r in results}
            results = [by_id[i] for i in item_ids]
    if json_out:
        emit_json(results[0] if item_ids and len(item_ids) == 1 else results)
        return
    _print_all(results, labels=settings(ctx).channel_labels())
