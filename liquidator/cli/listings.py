"""``listings export`` and ``listings revise``: upload files from the advice."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.base import App
from liquidator.cli.context import as_of_date, console, emit_json, open_db, settings, workspace
from liquidator.cli.options import AsOf, Json
from liquidator.i18n import _, ngettext

app = App(
    name="listings",  # one command with subcommands
    help="Upload files for each site from the advice, and the plan's price changes.\n\n"
    "Example: liquidator listings export ebay --plan --mark-listed -o ebay.csv",
    no_args_is_help=True,
)

Site = Annotated[
    str,
    typer.Argument(
        help="amazon_jp, ebay, mercari_shops or yahoo (see docs/channels.md); all: every "
        "one, each file into the folder -o names.",
        metavar="CHANNEL",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o",
        help="Write to FILE (FILE.zip: with the photo files) [default: stdout].",
        show_default=False,
    ),
]  # fmt: skip
Rate = Annotated[
    str | None,
    typer.Option(
        "--rate",
        metavar="YEN",
        help="Yen per US dollar for eBay [default: [listings.ebay] usd_rate].",
        show_default=False,
    ),
]
Errors = Annotated[
    str, typer.Option(help="strict: stop on a character cp932 lacks; replace: write ?.")
]


def _writer(ctx: typer.Context, output: Path | None):
    """Where the finished bytes go: the file named with -o (through the one guard), or
    stdout."""
    if output is None:

        def to_stdout(data: bytes) -> None:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

        return to_stdout
    from liquidator.files import write_output

    return lambda data: write_output(output, data, workspace=workspace(ctx))


def _folder_writer(ctx: typer.Context, output: Path | None):
    """For CHANNEL all: each site's file into the folder -o names (required)."""
    if output is None:
        from liquidator.errors import InvalidInput

        raise InvalidInput("output", _("CHANNEL all writes one file a site: name a folder"))
    from liquidator.files import write_output

    return lambda name, data: write_output(output / name, data, workspace=workspace(ctx))


def _rate(rate: str | None) -> float | None:
    if rate is None:
        return None
    from liquidator.errors import InvalidInput
    from liquidator.parsing import number_text

    problem = _("{value!r} is not a number of yen like 150.5").format(value=rate)
    value = float(number_text(rate, "rate", fraction=True, not_a_number=problem))
    if not 0 < value <= 100_000:
        raise InvalidInput("rate", problem)
    return value


MarkListed = Annotated[
    bool, typer.Option("--mark-listed", help="Record each item as listed there, as `listed` does.")
]


@app.command("export")
def export(
    ctx: typer.Context,
    channel: Site,
    ids: Annotated[
        list[int] | None, typer.Argument(help="Item ids [or --plan].", show_default=False)
    ] = None,
    plan: Annotated[
        bool, typer.Option("--plan", help="Every item the advice sends to CHANNEL now.")
    ] = False,
    mark: MarkListed = False,
    output: Output = None,
    rate: Rate = None,
    errors: Errors = "strict",
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Write CHANNEL's upload file for new listings, priced as the advice suggests.

    Example: liquidator listings export amazon_jp --plan --mark-listed -o offers.txt

    ヤフオク! with photos: liquidator listings export yahoo 12 14 -o yahoo.zip
    """
    from liquidator.listings import ALL_SITES

    if channel == ALL_SITES:
        from liquidator.errors import InvalidInput
        from liquidator.listings.export import export_every_site

        if ids or not plan:
            raise InvalidInput("ids", _("CHANNEL all lists what the advice says: give --plan"))
        results = export_every_site(
            database=open_db(ctx, write=mark), settings=settings(ctx),
            as_of=as_of_date(as_of), write=_folder_writer(ctx, output), rate=_rate(rate),
            errors=errors, mark_listed=mark,
        )  # fmt: skip
        _report_all(results, output, json_out, marked=mark)
        return
    from liquidator.listings.export import export_listings

    zip_name = (
        output.with_suffix(".csv").name if output and output.suffix.lower() == ".zip" else None
    )
    result = export_listings(
        database=open_db(ctx, write=mark), settings=settings(ctx), name=channel,
        ids=ids or [], plan=plan, as_of=as_of_date(as_of), write=_writer(ctx, output),
        rate=_rate(rate), errors=errors, zip_name=zip_name, mark_listed=mark,
    )  # fmt: skip
    _report(result, output, json_out, marked=mark)


@app.command("revise")
def revise(
    ctx: typer.Context,
    channel: Site,
    output: Output = None,
    rate: Rate = None,
    errors: Errors = "strict",
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Write CHANNEL's file of the plan's price changes due by --as-of, and record them.

    Items whose plan ends the listing (to sell elsewhere) are not in the file: they
    are listed on stderr (and under "ends" in --json).

    Example: liquidator listings revise amazon_jp --as-of 2026-12-14 -o prices.txt
    """
    from liquidator.listings import ALL_SITES

    if channel == ALL_SITES:
        from liquidator.listings.revise import revise_every_site

        results = revise_every_site(
            database=open_db(ctx, write=True), settings=settings(ctx), as_of=as_of_date(as_of),
            write=_folder_writer(ctx, output), rate=_rate(rate), errors=errors,
        )  # fmt: skip
        _report_all(results, output, json_out, marked=True)
        return
    from liquidator.listings.revise import revise_listings

    result = revise_listings(
        database=open_db(ctx, write=True), settings=settings(ctx), name=channel,
        as_of=as_of_date(as_of), write=_writer(ctx, output), rate=_rate(rate), errors=errors,
    )  # fmt: skip
    _report(result, output, json_out, marked=True)


def _public(result, output: Path | None, marked: bool) -> dict:
    return {"channel": result.channel, "output": str(output) if output else None,
            "items": result.items, "recorded": marked and bool(result.data),
            "warning": result.warning, "notes": result.notes, "ends": result.ends}  # fmt: skip


def _report_all(results, folder: Path, json_out: bool, *, marked: bool) -> None:
    """Each site's report, its file in ``folder``."""
    if json_out:
        emit_json([_public(r, folder / r.file if r.data else None, marked) for r in results])
        return
    for result in results:
        _report(result, folder / result.file if result.data else None, False, marked=marked)


def _report(result, output: Path | None, json_out: bool, *, marked: bool) -> None:
    """What was written, the site's warning, notes and the listings to end: on stderr
    (stdout may be the file itself), or as JSON when asked."""
    if json_out:
        emit_json(_public(result, output, marked))
        return
    lines = [result.warning] if result.warning and result.data else []
    if result.data:
        count = len(result.items)
        message = (
            ngettext("Wrote {count} item to {output}, recorded as listed.",
                     "Wrote {count} items to {output}, recorded as listed.", count)
            if marked
            else ngettext("Wrote {count} item to {output}.", "Wrote {count} items to {output}.",
                          count)
        )  # fmt: skip
        lines.append(message.format(count=count, output=output or "stdout"))
    lines += result.notes
    for end in result.ends:
        lines.append(
            _("End item #{item_id} ({title}) and sell it on {channel} (due {on}).").format(
                item_id=end["item_id"], title=end["title"], channel=end["to_label"], on=end["on"]
            )
        )
    for line in lines:
        typer.echo(line, err=True)
    if output is None and not result.data and not lines:
        console().print(_("Nothing written."))
