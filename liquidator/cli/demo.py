"""``demo``: a throw-away workspace with realistic stranded stock, and its report."""

from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.context import as_of_date
from liquidator.cli.options import AsOf
from liquidator.cli.report import OutputFormat, output_format, show_report
from liquidator.errors import InvalidInput
from liquidator.i18n import _

app = typer.Typer()


@app.command()
def demo(
    ctx: typer.Context,
    as_of: AsOf = None,
    fmt: OutputFormat = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the throw-away workspace to explore it.")
    ] = False,
) -> None:
    """Fill a throw-away workspace with realistic stranded stock and show the report.

    The workspace is a new temporary folder, removed afterwards unless --keep; --home
    DIR puts it in an empty folder of yours instead (and keeps it).

    Example: liquidator demo --keep
    """
    import shutil
    import tempfile

    from liquidator.cli.context import state
    from liquidator.db import open_database
    from liquidator.demo import fill_demo
    from liquidator.reports.weekly import weekly_report
    from liquidator.workspace import default_sqlite_url, resolve_workspace

    chosen = output_format(fmt, None)
    today = as_of_date(as_of)
    home = state(ctx).home
    throw_away = home is None and not keep
    folder = Path(tempfile.mkdtemp(prefix="liquidator-demo-")) if home is None else Path(home)
    folder = folder.expanduser().resolve()
    if (folder / "data" / "liquidator.db").exists():
        raise InvalidInput(
            "home",
            _("{folder} already has a workspace; the demo needs an empty folder").format(
                folder=folder
            ),
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
    summary = _(
        "Demo workspace: {items} stranded items, {disposals} disposals, {orders} orders."
    ).format(items=counts["items"], disposals=counts["disposals"], orders=counts["orders"])
    if throw_away:
        shutil.rmtree(folder, ignore_errors=True)
        summary += " " + _("Removed; to explore one: {program} demo --keep").format(
            program=program()
        )
    else:
        summary += " " + _("Explore it with: {program} --home {folder} list").format(
            program=program(), folder=folder
        )
    typer.echo(summary, err=True)
    show_report(data, fmt=chosen, output=None, ws=ws, save=False)


def program() -> str:
    """How to run liquidator again as this one was run: ``liquidator`` when that is on
    PATH and is this program, else its path (``.venv/bin/liquidator``) or
    ``python -m liquidator``."""
    import os
    import shutil
    import sys

    started = Path(sys.argv[0])
    if started.name == "__main__.py":
        return f"{sys.executable} -m liquidator"
    found = shutil.which("liquidator")
    if found and started.exists() and Path(found).resolve() == started.resolve():
        return "liquidator"
    if not started.exists():
        return "liquidator"
    try:
        shown = os.path.relpath(started)
    except ValueError:
        shown = str(started)
    return shown if os.sep in shown else f".{os.sep}{shown}"
