"""``export``: bookkeeping CSV of one registered kind, the journal in a registered layout."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from liquidator.bookkeeping.layouts import DEFAULT_LAYOUT
from liquidator.cli.base import App, TranslatedCommand
from liquidator.cli.context import as_of_date, open_db, settings, workspace
from liquidator.cli.options import AsOf
from liquidator.i18n import _, ngettext

app = App()
# Exports of fewer rows finish before a progress bar would be seen.
PROGRESS_FROM_ROWS = 5_000


class ExportCommand(TranslatedCommand):
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


Kind = Annotated[str, typer.Argument(help="What to export: a kind listed below.", metavar="KIND")]
Start = Annotated[
    str | None, typer.Option("--from", help="First date (YYYY-MM-DD).", show_default=False)
]
End = Annotated[
    str | None, typer.Option("--to", help="Last date (YYYY-MM-DD).", show_default=False)
]
Layout = Annotated[
    str | None,
    typer.Option(help="A file layout listed below.", show_default=False),
]
Encoding = Annotated[
    str | None,
    typer.Option(help="utf-8 (for a script: ids), utf-8-sig (Excel) or cp932 "
                 "[default: the layout's; utf-8-sig for a file in Japanese].",
                 show_default=False),
]  # fmt: skip
Errors = Annotated[
    str, typer.Option(help="strict: stop on a character cp932 lacks; replace: write ?.")
]
Ids = Annotated[
    bool,
    typer.Option("--ids", help="Ids as values and English column names, for a script "
                 "(in Japanese mode the file is in Japanese words otherwise)."),
]  # fmt: skip
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE [default: stdout].", show_default=False),
]
Purchases = Annotated[
    bool, typer.Option("--purchases", help="The journal books each item's purchase too.")
]
JsonReport = Annotated[
    bool,
    typer.Option("--json", help="With -o: what changed since the last journal export, "
                 "as JSON on stdout."),
]  # fmt: skip


@app.command(cls=ExportCommand)
def export(
    ctx: typer.Context,
    kind: Kind,
    start: Start = None,
    end: End = None,
    layout: Layout = None,
    encoding: Encoding = None,
    errors: Errors = "strict",
    output: Output = None,
    purchases: Purchases = False,
    ids: Ids = False,
    json_out: JsonReport = False,
    as_of: AsOf = None,
) -> None:
    """Bookkeeping CSV: one row per record of a kind, or double-entry journal lines in an
    accounting package's layout.

    Example: liquidator export journal --from 2026-11-01 --to 2026-11-30 --encoding cp932 -o nov.csv
    """
    from liquidator.errors import InvalidInput
    from liquidator.exports.run import export_csv, export_writes

    if json_out and output is None:
        raise InvalidInput("json", _("needs --output: the CSV goes to stdout otherwise"))
    with ExportProgress() as progress:
        exported = export_csv(
            database=open_db(ctx, write=export_writes(kind)), kind=kind,
            settings=settings(ctx), as_of=as_of_date(as_of), start=start, end=end,
            layout=layout, encoding=encoding, errors=errors, progress=progress,
            purchases=purchases, ids=ids,
        )  # fmt: skip
    if exported.report and exported.report.get("line"):
        typer.echo(exported.report["line"], err=True)
    _deliver(ctx, exported, output, json_out)


def _deliver(ctx: typer.Context, exported, output: Path | None, json_out: bool) -> None:
    """The CSV to stdout, or to ``output`` with a line on stderr (and the change report
    as JSON when asked)."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(exported.data)
        sys.stdout.buffer.flush()
        return
    from liquidator.files import write_output

    write_output(output, exported.data, workspace=workspace(ctx))
    if json_out:
        from liquidator.cli.context import emit_json

        emit_json(exported.report or {})
    typer.echo(
        ngettext(
            "Wrote {count} row to {output}", "Wrote {count} rows to {output}", exported.rows
        ).format(count=exported.rows, output=output),
        err=True,
    )


class ExportProgress:
    """A progress callback drawing a rich bar on stderr for a long export on a
    terminal, from its first report (when the number of rows is known); silent
    otherwise."""

    def __init__(self):
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_FROM_ROWS or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(_("Exporting"), total=total)
        self.bar.update(self.task, completed=done)

    def __enter__(self) -> "ExportProgress":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
