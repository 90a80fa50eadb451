"""``import amazon-orders`` and ``import items``: files in, one transaction each."""

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.base import App
from liquidator.cli.context import as_of_date, console, emit_json, open_db, settings
from liquidator.cli.options import AsOf, Json
from liquidator.i18n import _, ngettext

app = App(
    name="import",  # one command with subcommands, not commands of its own
    help="Import Amazon order reports and bulk item lists (all rows or none).\n\n"
    "Example: liquidator import amazon-orders ~/Downloads/orders.txt",
    no_args_is_help=True,
)

# A progress bar is worth drawing from about this size (~4,000 item rows).
PROGRESS_MIN_BYTES = 512 * 1024


@app.command("amazon-orders")
def amazon_orders(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="Amazon's tab-separated All Orders report.", show_default=False)
    ],
    json_out: Json = False,
) -> None:
    """Import Amazon's "All Orders" report; re-importing it adds nothing.

    Orders are keyed by amazon-order-id; a report with a newer last-updated-date
    updates an order's status. Then: liquidator cancel-rate.

    Example: liquidator import amazon-orders ~/Downloads/orders.txt --json
    """
    from liquidator.imports import import_orders, read_file

    data = read_file(file)
    summary = import_orders(database=open_db(ctx, write=True), data=data, source=str(file))
    if json_out:
        emit_json(summary)
        return
    console().print(
        _(
            "Read {rows} rows: {orders} orders, {cancelled} cancelled. {new} new, "
            "{updated} updated, {unchanged} unchanged."
        ).format(
            rows=summary["rows"],
            orders=summary["orders"],
            cancelled=summary["cancelled"],
            new=summary["new"],
            updated=summary["updated"],
            unchanged=summary["orders"] - summary["new"] - summary["updated"],
        )
    )
    if summary["requests"]:
        console().print(
            ngettext(
                "Opened {count} desk case for a buyer's cancellation request: see liquidator todo.",
                "Opened {count} desk cases for buyers' cancellation requests: see liquidator todo.",
                len(summary["requests"]),
            ).format(count=len(summary["requests"]))
        )


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def _progress(size: int, name: str):
    """A progress callback drawing a bar on stderr for a big file on a terminal."""
    if size < PROGRESS_MIN_BYTES or not stderr_is_terminal():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        tasks = {}

        def show(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                for task in tasks.values():
                    bar.update(task, total=1, completed=1)
                label = _("Checking {name}").format(name=name) if stage == "check" else _("Saving")
                tasks[stage] = bar.add_task(label, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield show


@app.command("items")
def items(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with add's option names as headers: title,cost,qty,purchased,size,…",
            show_default=False,
        ),
    ],
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Import stranded items from a CSV: all rows or none; re-importing adds nothing.

    Columns: the names of add's options (title, cost, qty, purchased, days_held, size,
    dims, weight, sku, …). A bad row is named by its line in the file (the header is
    line 1); days_held counts back from --as-of.

    Example: liquidator import items stock.csv --json
    """
    from liquidator.imports import import_items, read_file

    today = as_of_date(as_of)
    data = read_file(file)
    with _progress(len(data), file.name) as progress:
        summary = import_items(
            database=open_db(ctx, write=True), data=data, source=str(file), as_of=today,
            settings=settings(ctx), progress=progress,
        )  # fmt: skip
    if json_out:
        emit_json(summary)
        return
    skipped = summary["skipped"]
    if skipped:
        text = _("Imported {new} of {rows} rows from {file}; {skipped} already imported, skipped.")
    else:
        text = _("Imported {new} of {rows} rows from {file}.")
    console().print(
        text.format(new=summary["new"], rows=summary["rows"], file=file.name, skipped=skipped)
    )
