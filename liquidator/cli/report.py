"""``report`` (the weekly aging report), ``export`` (bookkeeping CSV) and ``demo``."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.context import AsOf, as_of_date, console, open_db, workspace
from liquidator.errors import InvalidInput, LiquidatorError

app = typer.Typer()

EXTENSION = {"table": "txt", "json": "json", "csv": "csv", "md": "md", "html": "html"}


class ExportKind(StrEnum):
    items = "items"
    sales = "sales"
    journal = "journal"


def _buckets(text: str | None) -> list[int] | None:
    if text is None:
        return None
    from liquidator.parsing import parse_int

    edges = [parse_int(part, "--buckets", minimum=1) for part in text.split(",") if part.strip()]
    if not edges:
        raise InvalidInput("--buckets", f"{text!r} is not a list of days like 30,60,90")
    return edges


def _output_format(fmt: str | None, output: Path | None, json_out: bool) -> str:
    from liquidator.render import FORMATS, format_from_path

    if json_out:
        return "json"
    if fmt is not None:
        if fmt not in FORMATS:
            raise InvalidInput("-O", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    return format_from_path(output) if output is not None else "table"


def _write_text(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise LiquidatorError(f"{path}: cannot write: {exc.strerror or exc}") from None


def show_report(report: dict, *, fmt: str, output: Path | None, save_dir: Path | None) -> None:
    """Print or write a report dict in a format; ``save_dir`` also keeps a dated copy."""
    from liquidator.render import render

    text = None
    if fmt == "table" and output is None and sys.stdout.isatty():
        from liquidator.render.table import print_report

        print_report(report, console())
    else:
        text = render(report, fmt)
        if output is not None:
            _write_text(output, text)
            typer.echo(f"Wrote {output}", err=True)
        else:
            typer.echo(text, nl=not text.endswith("\n"))
    if save_dir is not None:
        path = save_dir / f"{report['as_of']}.{EXTENSION[fmt]}"
        _write_text(path, text if text is not None else render(report, fmt))
        typer.echo(f"Saved {path}", err=True)


@app.command()
def report(
    ctx: typer.Context,
    as_of: AsOf = None,
    buckets: Annotated[
        str | None,
        typer.Option(help="Aging bucket edges in days [default: 30,60,90].", show_default=False),
    ] = None,
    period: Annotated[
        int, typer.Option(help="Days of disposals to sum up, ending on the as-of date.")
    ] = 7,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--output-format", "-O", help="table, json, csv, md or html.", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to FILE (format from its extension).", show_default=False
        ),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Also keep a copy in reports/<as-of>.<ext>.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", "-j", help="Same as -O json.")] = False,
) -> None:
    """The weekly aging report: cash tied up, how old it is, what to move now and where.

    Example: liquidator report --as-of 2026-11-30 -o reports/week48.html
    """
    from liquidator.reports.weekly import weekly_report

    chosen = _output_format(fmt, output, json_out)
    edges = _buckets(buckets)
    if period < 1:
        raise InvalidInput("--period", f"must be at least 1 day, got {period}")
    today = as_of_date(as_of)
    ws = workspace(ctx)
    database = open_db(ctx)
    with database.session() as session:
        data = weekly_report(
            session=session, settings=ws.settings, as_of=today, buckets=edges, period_days=period
        ).to_dict()
    show_report(data, fmt=chosen, output=output, save_dir=ws.reports_dir if save else None)


@app.command()
def export(
    ctx: typer.Context,
    kind: Annotated[ExportKind, typer.Argument(help="items, sales or journal.")],
    start: Annotated[
        str | None, typer.Option("--from", help="First date (YYYY-MM-DD).", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last date (YYYY-MM-DD).", show_default=False)
    ] = None,
    encoding: Annotated[
        str, typer.Option(help="utf-8, utf-8-sig (Excel) or cp932 (Yayoi, freee…).")
    ] = "utf-8",
    errors: Annotated[
        str, typer.Option(help="strict: stop on a character cp932 lacks; replace: write ?.")
    ] = "strict",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE [default: stdout].", show_default=False),
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Bookkeeping CSV: one row per item or disposal, or double-entry journal lines.

    Items are filtered by purchase date, sales and journal by disposal date.

    Example: liquidator export journal --from 2026-11-01 --to 2026-11-30 --encoding cp932 -o nov.csv
    """
    from liquidator.exports import ENCODINGS, ERROR_MODES, RECORD_LABELS, write_csv
    from liquidator.parsing import parse_date

    if encoding not in ENCODINGS:
        raise InvalidInput("--encoding", f"{encoding!r} is not one of {', '.join(ENCODINGS)}")
    if errors not in ERROR_MODES:
        raise InvalidInput("--errors", f"{errors!r} is not one of {', '.join(ERROR_MODES)}")
    first = None if start is None else parse_date(start, "--from")
    last = None if end is None else parse_date(end, "--to")
    if first and last and first > last:
        raise InvalidInput("--from", f"{first} is after --to {last}")
    today = as_of_date(as_of)
    ws = workspace(ctx)
    header, rows = _export_rows(
        ctx, kind.value, first=first, last=last, as_of=today, settings=ws.settings
    )
    buffer = __import__("io").BytesIO()
    with _progress(len(rows)) as progress:
        write_csv(
            header, rows, out=buffer, encoding=encoding, errors=errors,
            record_label=RECORD_LABELS[kind.value], progress=progress,
        )  # fmt: skip
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(buffer.getvalue())
    except OSError as exc:
        raise LiquidatorError(f"{output}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"Wrote {len(rows)} rows to {output}", err=True)


def _export_rows(ctx, kind: str, *, first, last, as_of, settings):
    from dataclasses import asdict

    from liquidator.exports import items_rows, journal_rows, sales_rows
    from liquidator.frames import EXPORT_COLUMNS, read_disposals_titled, read_items

    database = open_db(ctx)
    with database.session() as session:
        connection = session.connection()
        if kind == "items":
            frame = read_items(
                connection,
                as_of=as_of,
                statuses=None,
                purchased_from=first,
                purchased_to=last,
                columns=EXPORT_COLUMNS,
            )
            return items_rows(frame, as_of)
        frame = read_disposals_titled(connection, start=first, end=last)
    if kind == "sales":
        return sales_rows(frame)
    return journal_rows(frame, asdict(settings.accounts))


class _progress:
    """A rich progress bar on stderr for long exports on a terminal; silent otherwise."""

    THRESHOLD = 5_000

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if self.total < self.THRESHOLD or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("Exporting", total=self.total)
        return lambda done, _total: self.bar.update(task, completed=done)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


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
    fmt: Annotated[
        str | None,
        typer.Option(
            "--output-format", "-O", help="table, json, csv, md or html.", show_default=False
        ),
    ] = None,
) -> None:
    """Fill a throw-away workspace with realistic stranded stock and show the report.

    Example: liquidator demo    (then: liquidator --home <the printed folder> list)
    """
    import tempfile

    from liquidator.db import open_database
    from liquidator.demo import fill_demo
    from liquidator.reports.weekly import weekly_report
    from liquidator.workspace import default_sqlite_url, resolve_workspace

    chosen = _output_format(fmt, None, False)
    today = as_of_date(as_of)
    folder = Path(tempfile.mkdtemp(prefix="liquidator-demo-")) if home is None else home.resolve()
    if (folder / "data" / "liquidator.db").exists():
        raise InvalidInput(
            "--home", f"{folder} already has a workspace; the demo needs an empty folder"
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
