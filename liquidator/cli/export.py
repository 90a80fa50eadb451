"""``export``: bookkeeping CSV of one registered kind, the journal in a registered layout."""

import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand

from liquidator.bookkeeping.layouts import DEFAULT_LAYOUT
from liquidator.cli.context import as_of_date, open_db, settings, workspace
from liquidator.cli.options import AsOf
from liquidator.i18n import _, ngettext

app = typer.Typer()
# Exports of fewer rows finish before a progress bar would be seen.
PROGRESS_FROM_ROWS = 5_000


class ExportCommand(TyperCommand):
    """``export --help`` ends with every registered kind and layout, read from their
    registries when the help is shown."""

    def format_epilog(self, ctx, formatter) -> None:
        from liquidator.bookkeeping.layouts import LAYOUTS
        from liquidator.exports import EXPORTS

        kinds = EXPORTS.all().values()
        with formatter.section(_("Kinds")):
            formatter.write_dl([
                (kind.name, _("{description} (--from/--to: {dated_by})").format(
                    description=_(kind.description), dated_by=_(kind.dated_by)))
                for kind in kinds
            ])  # fmt: skip
        for_kinds = ", ".join(kind.name for kind in kinds if kind.has_layouts)
        heading = _("Layouts (--layout, for {kinds}; default: {default})")
        with formatter.section(heading.format(kinds=for_kinds, default=DEFAULT_LAYOUT)):
            layouts = LAYOUTS.all()
            formatter.write_dl([
                (name, f"{_(layouts[name].description)} [{layouts[name].encoding}]")
                for name in LAYOUTS.names()
            ])  # fmt: skip
        super().format_epilog(ctx, formatter)


@app.command(cls=ExportCommand)
def export(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Argument(help="What to export: a kind listed below.", metavar="KIND")
    ],
    start: Annotated[
        str | None, typer.Option("--from", help="First date (YYYY-MM-DD).", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last date (YYYY-MM-DD).", show_default=False)
    ] = None,
    layout: Annotated[
        str | None,
        typer.Option(help="A file layout listed below.", show_default=False),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="utf-8, utf-8-sig (Excel) or cp932 [default: the layout's].", show_default=False
        ),
    ] = None,
    errors: Annotated[
        str, typer.Option(help="strict: stop on a character cp932 lacks; replace: write ?.")
    ] = "strict",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE [default: stdout].", show_default=False),
    ] = None,
    purchases: Annotated[
        bool,
        typer.Option("--purchases", help="The journal books each item's purchase too."),
    ] = False,
    json_out: Annotated[
        bool,
        typer.Option("--json", help="With -o: what changed since the last journal export, "
                     "as JSON on stdout."),
    ] = False,
    as_of: AsOf = None,
) -> None:  # fmt: skip
    """Bookkeeping CSV: one row per record of a kind, or double-entry journal lines in an
    accounting package's layout.

    Example: liquidator export journal --from 2026-11-01 --to 2026-11-30 --encoding cp932 -o nov.csv
    """
    from liquidator.errors import InvalidInput
    from liquidator.exports import EXPORTS, build_export
    from liquidator.exports.writer import check_encoding, encode_csv
    from liquidator.parsing import check_range, parse_date

    check_encoding(encoding or "utf-8", errors)
    if json_out and output is None:
        raise InvalidInput("json", _("needs --output: the CSV goes to stdout otherwise"))
    first = None if start is None else parse_date(start, "start")
    last = None if end is None else parse_date(end, "end")
    check_range(first, last)
    today = as_of_date(as_of)
    chosen = settings(ctx)
    writes = EXPORTS.get(kind).writes
    database = open_db(ctx, write=writes)
    with database.transaction() if writes else database.session() as session:
        table = build_export(
            kind, session=session, settings=chosen, as_of=today, start=first, end=last,
            layout=layout, purchases=purchases,
        )  # fmt: skip
    if table.report and table.report.get("line"):
        typer.echo(table.report["line"], err=True)
    with _progress(len(table)) as progress:
        data = encode_csv(
            table, encoding=encoding or table.encoding, errors=errors, progress=progress
        )
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from liquidator.files import write_output

    write_output(output, data, workspace=workspace(ctx))
    if json_out:
        from liquidator.cli.context import emit_json

        emit_json(table.report or {})
    typer.echo(
        ngettext(
            "Wrote {count} row to {output}", "Wrote {count} rows to {output}", len(table)
        ).format(count=len(table), output=output),
        err=True,
    )


class _progress:
    """A rich progress bar on stderr for long exports on a terminal; silent otherwise."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if self.total < PROGRESS_FROM_ROWS or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task(_("Exporting"), total=self.total)
        return lambda done, _total: self.bar.update(task, completed=done)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
