"""``report``: the weekly aging report, in any format, on screen or to a file."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.base import App
from liquidator.cli.context import as_of_date, console, open_db, workspace, write_json_pieces
from liquidator.cli.options import AsOf
from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.workspace import Workspace

app = App()

OutputFormat = Annotated[
    str | None,
    typer.Option("--output-format", "-O", help="table, json, csv, md or html.", show_default=False),
]


def output_format(fmt: str | None, output: Path | None, json_out: bool = False) -> str:
    """The format asked for: ``--json``, else ``-O``, else the output file's extension."""
    from liquidator.render import FORMATS, format_from_path

    if json_out:
        return "json"
    if fmt is not None:
        if fmt not in FORMATS:
            raise InvalidInput(
                "fmt",
                _("unknown format {fmt!r}; choose one of {choices}").format(
                    fmt=fmt, choices=", ".join(FORMATS)
                ),
            )
        return fmt
    return format_from_path(output) if output is not None else "table"


def show_report(
    report: dict, *, fmt: str, output: Path | None, ws: Workspace, save: bool, ids: bool = False
) -> None:
    """Print or write a report dict in a format; ``save`` also keeps a dated copy in
    the workspace's reports folder; ``ids``: a CSV keeps ids and English names."""
    from liquidator.files import check_output, write_output
    from liquidator.render import EXTENSION, render

    def _write_text(path: Path, text: str, field: str = "output") -> None:
        write_output(path, text.encode("utf-8"), workspace=ws, field=field)

    saved = ws.reports_dir / f"{report['as_of']}.{EXTENSION[fmt]}" if save else None
    if output is not None:  # both refused before either is written
        check_output(output, workspace=ws)
    if saved is not None:
        check_output(saved, workspace=ws, field="save")
    file_options = {"ids": ids} if fmt == "csv" else {}
    options = dict(file_options)
    if fmt == "table" and output is None:  # piped: as wide as COLUMNS says (rich: else 80)
        options["width"] = console().width
    text = None
    if fmt == "table" and output is None and sys.stdout.isatty():
        from liquidator.render.table import print_report

        print_report(report, console())
    elif fmt == "json" and output is None and saved is None:
        # Streamed: a million-item report never exists as one 200 MB string.
        from liquidator.render.json import REPORT_DEPTH, iter_json

        write_json_pieces(iter_json(report, depth=REPORT_DEPTH, binary=True))
    else:
        text = render(report, fmt, **options)
        if output is not None:
            _write_text(output, text)
            typer.echo(_("Wrote {output}").format(output=output), err=True)
        else:
            from liquidator.cli.context import shows_yen, wide_yen

            shown = text if shows_yen(sys.stdout) else wide_yen(text)
            typer.echo(shown, nl=not text.endswith("\n"))
    if saved is not None:
        same = text is not None and options == file_options
        _write_text(saved, text if same else render(report, fmt, **file_options), "save")
        typer.echo(_("Saved {path}").format(path=saved), err=True)


def parse_buckets(text: str | None) -> list[int] | None:
    """``30,60,90`` as bucket edges in days (None: the settings' edges)."""
    if text is None:
        return None
    from liquidator.parsing import normalised, parse_int
    from liquidator.reports.aging import validate_buckets

    parts = normalised(text, "buckets").split(",")  # ３０，６０ is 30,60 too
    edges = [parse_int(part, "buckets", minimum=1) for part in parts if part.strip()]
    if not edges:
        raise InvalidInput(
            "buckets", _("{value!r} is not a list of days like 30,60,90").format(value=text)
        )
    return validate_buckets(edges)


@app.command()
def report(
    ctx: typer.Context,
    as_of: AsOf = None,
    buckets: Annotated[
        str | None,
        typer.Option(help="Aging bucket edges in days [default: 30,60,90].", show_default=False),
    ] = None,
    period: Annotated[
        str,
        typer.Option(metavar="DAYS", help="Days of disposals to sum up, ending on the as-of date."),
    ] = "7",
    fmt: OutputFormat = None,
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
    ids: Annotated[
        bool, typer.Option("--ids", help="CSV: ids and English names, for a script.")
    ] = False,
) -> None:
    """The weekly aging report: cash tied up, how old it is, what to move now and where.

    Example: liquidator report --as-of 2026-11-30 -o reports/week48.html
    """
    from liquidator.parsing import parse_int
    from liquidator.reports.weekly import weekly_report

    chosen = output_format(fmt, output, json_out)
    edges = parse_buckets(buckets)
    days = parse_int(period, "period", minimum=1)
    today = as_of_date(as_of)
    ws = workspace(ctx)
    database = open_db(ctx)
    with database.session() as session:
        data = weekly_report(
            session=session, settings=ws.settings, as_of=today, buckets=edges, period_days=days
        ).to_dict()
    show_report(data, fmt=chosen, output=output, ws=ws, save=save, ids=ids)
