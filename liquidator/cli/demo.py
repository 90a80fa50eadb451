"""``demo``: a throw-away workspace with realistic stranded stock, and its report."""

from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.context import as_of_date
from liquidator.cli.options import AsOf
from liquidator.cli.report import OutputFormat, output_format, show_report
from liquidator.errors import InvalidInput

app = typer.Typer()


@app.command()
def demo(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Folder for the demo workspace [default: a new temporary folder].",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
    fmt: OutputFormat = None,
) -> None:
    """Fill a throw-away workspace with realistic stranded stock and show the report.

    Example: liquidator demo    (then: liquidator --home <the printed folder> list)
    """
    import tempfile

    from liquidator.db import open_database
    from liquidator.demo import fill_demo
    from liquidator.reports.weekly import weekly_report
    from liquidator.workspace import default_sqlite_url, resolve_workspace

    chosen = output_format(fmt, None)
    today = as_of_date(as_of)
    folder = Path(tempfile.mkdtemp(prefix="liquidator-demo-")) if home is None else home.resolve()
    if (folder / "data" / "liquidator.db").exists():
        raise InvalidInput(
            "home", f"{folder} already has a workspace; the demo needs an empty folder"
        )
    # Always the embedded SQLite: demo data must never land in a real (team) database.
    ws = resolve_workspace(home=folder, db=default_sqlite_url(folder))
    database = open_database(ws)
    try:
        with database.transaction() as session:
            counts = fill_demo(session=session, as_of=today)
        with database.session() as session:
            data = weekly_report(session=session, settings=ws.settings, as_of=today).to_dict()
    finally:
        database.dispose()
    typer.echo(
        f"Demo workspace {folder}: {counts['items']} stranded items, {counts['disposals']} "
        f"disposals, {counts['orders']} orders. "
        f"Explore it with: liquidator --home {folder} list",
        err=True,
    )
    show_report(data, fmt=chosen, output=None, save_dir=None)
