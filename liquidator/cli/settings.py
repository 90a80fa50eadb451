"""``settings``: every effective setting and where it came from."""

import typer

from liquidator.cli.base import App
from liquidator.cli.context import as_of_date, console, emit_json, open_db, workspace
from liquidator.cli.options import AsOf, Json
from liquidator.i18n import _

app = App()


@app.command("settings")
def show_settings(ctx: typer.Context, as_of: AsOf = None, json_out: Json = False) -> None:
    """Print every effective setting and where it came from (default, liquidator.toml,
    or learned from this workspace's sales and listings).

    Example: liquidator settings --json
    """
    from liquidator.calibration import settings_in_use

    ws = workspace(ctx)
    rows = settings_in_use(workspace=ws, database=open_db(ctx), as_of=as_of_date(as_of))
    if json_out:
        emit_json(rows)
        return
    from liquidator.render.fit import Column, fitted

    out = console()
    columns = [
        Column(_("key"), "key"),
        Column(_("value"), "text"),
        Column(_("set by"), "text", drop=1),
    ]
    from liquidator.settings.describe import readable_rows

    cells = [[row["key"], row["value"], row["source"]] for row in readable_rows(rows)]
    out.print(
        fitted(
            _("Settings ({path})").format(path=ws.settings_path), columns, cells, width=out.width
        )
    )
