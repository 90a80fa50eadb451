"""``import amazon-orders`` and ``import items``: files in, one transaction each."""

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.context import Json, as_of_date, console, emit_json, open_db
from liquidator.errors import InvalidInput

app = typer.Typer(
    help="Import Amazon order reports and bulk item lists (all rows or none).\n\n"
    "Example: liquidator import amazon-orders ~/Downloads/orders.txt",
    no_args_is_help=True,
)

# A progress bar is worth drawing from about this size (~4,000 item rows).
PROGRESS_MIN_BYTES = 512 * 1024


def read_file(path: Path) -> bytes:
    """The file's bytes; InvalidInput naming the file when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(str(path), "no such file") from None
    except IsADirectoryError:
        raise InvalidInput(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InvalidInput(str(path), f"cannot be read ({exc.strerror or exc})") from None


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
    from liquidator.amazon_orders import parse_orders_report
    from liquidator.orders import import_orders

    report = parse_orders_report(read_file(file), source=str(file))
    database = open_db(ctx, write=True)
    with database.transaction() as session:
        summary = import_orders(session=session, report=report, source=str(file))
    if json_out:
        emit_json(summary)
        return
    console().print(
        f"Read {summary['rows']} rows: {summary['orders']} orders, "
        f"{summary['cancelled']} cancelled. {summary['new']} new, "
        f"{summary['updated']} updated, "
        f"{summary['orders'] - summary['new'] - summary['updated']} unchanged."
    )


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def _progress(size: int):
    """A progress bar on stderr for a big file on a terminal; otherwise nothing drawn."""
    if size < PROGRESS_MIN_BYTES or not stderr_is_terminal():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        yield bar


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
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Work as of this date (YYYY-MM-DD); days_held counts back from it "
            "[default: today].",
            show_default=False,
        ),
    ] = None,
    json_out: Json = False,
) -> None:
    """Import stranded items from a CSV: all rows or none; re-importing adds nothing.

    Columns: title, cost, qty, purchased, days_held, size, dims, weight, sku, asin, jan,
    category, source, order_id, market_price, return_by, hazmat, note. A bad row is
    named by its line in the file (the header is line 1).

    Example: liquidator import items stock.csv --json
    """
    from liquidator.items_csv import parse_items_csv
    from liquidator.orders import import_items

    today = as_of_date(as_of)
    data = read_file(file)
    with _progress(len(data)) as bar:
        if bar is not None:
            reading = bar.add_task(f"Checking {file.name}", total=None)
        rows = parse_items_csv(data, source=str(file), today=today)
        del data
        advance = None
        if bar is not None:
            bar.update(reading, total=1, completed=1)
            saving = bar.add_task("Saving", total=len(rows))

            def advance(done: int) -> None:
                bar.update(saving, completed=done)

        database = open_db(ctx, write=True)
        with database.transaction() as session:
            summary = import_items(
                session=session, rows=rows, as_of=today, source=str(file), progress=advance
            )
    if json_out:
        emit_json(summary)
        return
    skipped = summary["skipped"]
    console().print(
        f"Imported {summary['new']} of {summary['rows']} rows from {file.name}"
        + (f"; {skipped} already imported, skipped." if skipped else ".")
    )
