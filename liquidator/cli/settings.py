"""``settings``: every effective setting and where it came from."""

import typer

from liquidator.cli.context import as_of_date, console, emit_json, open_db, workspace
from liquidator.cli.options import AsOf, Json

app = typer.Typer()


@app.command("settings")
def show_settings(ctx: typer.Context, as_of: AsOf = None, json_out: Json = False) -> None:
    """Print every effective setting and where it came from (default, liquidator.toml,
    or learned from this workspace's sales and listings).

    Example: liquidator settings --json
    """
    from liquidator.settings import describe_settings

    ws = workspace(ctx)
    effective = ws.settings
    if not ws.is_sqlite or ws.db_path_exists():
        from liquidator.calibration import calibrated_settings

        with open_db(ctx).session() as session:
            effective = calibrated_settings(
                session=session, settings=effective, as_of=as_of_date(as_of)
            )
    rows = describe_settings(effective)
    if json_out:
        emit_json(rows)
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Settings ({ws.settings_path})")
    for header in ("key", "value", "source"):
        table.add_column(header)
    for row in rows:
        table.add_row(row["key"], escape(str(row["value"])), escape(str(row["source"])))
    console().print(table)
