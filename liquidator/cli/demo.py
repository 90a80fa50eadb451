"""``demo``: a throw-away workspace with realistic stranded stock, and its report."""

from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.base import App
from liquidator.cli.context import as_of_date
from liquidator.cli.options import AsOf
from liquidator.cli.report import OutputFormat, output_format, show_report
from liquidator.i18n import _

app = App()


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
    from liquidator.cli.context import state
    from liquidator.demo import run_demo

    chosen = output_format(fmt, None)
    run = run_demo(home=state(ctx).home, keep=keep, as_of=as_of_date(as_of))
    if run.removed:
        summary = _(
            "Demo workspace: {items} stranded items, {disposals} disposals, {orders} orders."
            "\nRemoved; to explore one: {program} demo --keep"
        ).format(**run.counts, program=program())
    else:
        summary = _(
            "Demo workspace: {items} stranded items, {disposals} disposals, {orders} orders."
            "\nExplore it with: {program} --home {folder} list"
        ).format(**run.counts, program=program(), folder=run.workspace.home)
    typer.echo(summary, err=True)
    show_report(run.report, fmt=chosen, output=None, ws=run.workspace, save=False)


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
