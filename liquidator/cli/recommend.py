"""``recommend``: ranked channels per item with the full breakdown; ``settings``."""

from typing import Annotated

import typer

from liquidator.cli.context import (
    Json,
    as_of_date,
    console,
    emit_json,
    json_for_terminal,
    open_db,
    workspace,
    write_json_pieces,
    yen,
)
from liquidator.errors import InvalidInput, NotFound

app = typer.Typer()


def scoring_settings(ctx: typer.Context, session):
    """The workspace's settings with channel estimates learned from its own disposals."""
    from liquidator.calibration import calibrated_settings

    return calibrated_settings(session=session, settings=workspace(ctx).settings)


def recommendation_table(recommendation: dict):
    """One item's channels, winner first and marked, then one line on each channel's why."""
    from rich import box
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table

    table = Table(
        title=f"#{recommendation['item_id']} {escape(recommendation['title'] or '')}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column("channel", no_wrap=True)
    for header in ("price", "fees", "ship", "pack", "net", "days", "hold", "score"):
        table.add_column(header, justify="right", no_wrap=True)
    notes = []
    for row in recommendation["channels"]:
        winner = row["channel"] == recommendation["best_channel"]
        style = "bold green" if winner else ("dim" if not row["eligible"] else None)
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
            ]  # fmt: skip
            if row["eligible"]
            else ["—"] * 8
        )
        table.add_row(("★ " if winner else "  ") + row["channel"], *figures, style=style)
        mark = "★ " if winner else "  "
        notes.append(f"{mark}[bold]{row['channel']}[/bold]: {escape(row['reason'])}")
    return Group(table, *notes, "")


@app.command()
def recommend(
    ctx: typer.Context,
    item_ids: Annotated[
        list[int] | None, typer.Argument(help="Item ids.", show_default=False)
    ] = None,
    all_items: Annotated[bool, typer.Option("--all", "-a", help="Every item still held.")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Score as of this date [default: today].", show_default=False),
    ] = None,
    json_out: Json = False,
) -> None:
    """Rank the disposal channels for items, with the full breakdown.

    Example: liquidator recommend 3 7 --json    or    liquidator recommend --all
    """
    if not item_ids and not all_items:
        raise InvalidInput("ID", "give item ids or --all")
    if item_ids and all_items:
        raise InvalidInput("--all", "give item ids or --all, not both")
    from liquidator.frames import read_items
    from liquidator.items import ID_RANGE
    from liquidator.recommend import recommendations, recommendations_json
    from liquidator.scoring import score_items

    impossible = [i for i in item_ids or [] if i not in ID_RANGE]
    if impossible:
        raise NotFound(f"item {impossible[0]} not found")
    today = as_of_date(as_of)
    database = open_db(ctx)
    with database.session() as session:
        settings = scoring_settings(ctx, session)
        ids = sorted(set(item_ids)) if item_ids else None
        frame = read_items(
            session.connection(),
            as_of=today,
            statuses=None if ids else ("in_stock", "listed"),
            ids=ids,
        )
    if ids:
        missing = sorted(set(ids) - set(frame["item_id"].tolist()))
        if missing:
            raise NotFound(f"item {', '.join(map(str, missing))} not found")
    scored = score_items(frame, settings) if len(frame) else None
    titles = frame.set_index("item_id")["title"]
    if json_out and all_items and not json_for_terminal():
        # Streamed straight from the columns: 100k items never become 600k dicts.
        write_json_pieces(["[]"] if scored is None else recommendations_json(scored, titles))
        return
    result = [] if scored is None else recommendations(scored, titles)
    if item_ids:
        by_id = {r["item_id"]: r for r in result}
        result = [by_id[i] for i in item_ids]
    if json_out:
        emit_json(result[0] if item_ids and len(item_ids) == 1 else result)
        return
    out = console()
    if not result:
        out.print("No items in stock.")
    for recommendation in result:
        out.print(recommendation_table(recommendation))


@app.command("settings")
def show_settings(ctx: typer.Context, json_out: Json = False) -> None:
    """Print every effective setting and where it came from (default or liquidator.toml).

    Example: liquidator settings --json
    """
    from liquidator.settings import describe_settings

    rows = describe_settings(workspace(ctx).settings)
    if json_out:
        emit_json(rows)
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Settings ({workspace(ctx).settings_path})")
    for header in ("key", "value", "source"):
        table.add_column(header)
    for row in rows:
        table.add_row(row["key"], escape(str(row["value"])), escape(str(row["source"])))
    console().print(table)
