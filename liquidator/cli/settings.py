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
    from liquidator.render.fold import widest_piece
    from liquidator.settings.describe import readable_rows

    out = console()
    shown = readable_rows(rows)

    # A number, a path or a name keeps its line: each text column is at least as wide as
    # the widest of them (prose, English or Japanese, folds at word and phrase boundaries).
    def whole(name: str) -> int:
        return max((widest_piece(row[name]) for row in shown), default=0)

    columns = [
        Column(_("key"), "key"),
        Column(_("value"), "text", wants=min(whole("value"), 48)),
        Column(_("set by"), "text", drop=1, wants=min(whole("source"), 48)),
    ]
    cells = [[row["key"], row["value"], row["source"]] for row in shown]
    # The path is never folded: a path longer than the terminal runs past its edge.
    out.print(_("Settings ({path})").format(path=ws.settings_path), soft_wrap=True)
    out.print(fitted(None, columns, cells, width=out.width))
