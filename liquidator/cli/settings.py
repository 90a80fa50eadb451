"""``settings``: every effective setting and where it came from."""

import typer

from liquidator.cli.context import as_of_date, console, emit_json, open_db, workspace
from liquidator.cli.options import AsOf, Json
from liquidator.i18n import _

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
    from liquidator.render.fit import Column, fitted

    out = console()
    columns = [
        Column(_("key"), "key"),
        Column(_("value"), "text"),
        Column(_("source"), "text", drop=1),
    ]
    cells = [[row["key"], str(row["value"]), str(row["source"])] for row in rows]
    out.print(
        fitted(
            _("Settings ({path})").format(path=ws.settings_path), columns, cells, width=out.width
        )
    )
