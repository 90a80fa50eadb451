"""``prices import``, ``prices fetch``, ``prices list``: market prices of the items."""

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.base import App
from liquidator.cli.context import as_of_date, console, emit_json, open_db, settings
from liquidator.cli.options import AsOf, Json
from liquidator.i18n import _, ngettext
from liquidator.render import price_kind_word, source_name, yen

app = App(
    name="prices",  # one command with subcommands
    help="Market prices: fetch them from the SP-API or Keepa, import price files, list them.\n\n"
    "Example: liquidator prices fetch --source keepa",
    no_args_is_help=True,
)

ItemIds = Annotated[
    list[int] | None,
    typer.Argument(help="Item ids [default: every held item].", show_default=False),
]


@app.command("import")
def import_prices(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with asin (or item, jan) and price, or a Keepa export.", show_default=False
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            help="Day the prices were seen, for rows without a date [default: --as-of].",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Import observed prices from a CSV (all rows or none); re-importing adds nothing.

    Columns: item, asin or jan; price; optionally channel, kind, date, source. Keepa's
    product export is recognised by its header. Rows naming no held item are reported.

    Example: liquidator prices import keepa-export.csv
    """
    from liquidator.imports import read_file
    from liquidator.market.imports import import_prices as import_file

    today = as_of_date(as_of)
    day = as_of_date(date, "date") if date is not None else today
    data = read_file(file)
    summary = import_file(database=open_db(ctx, write=True), settings=settings(ctx), data=data,
                          source=str(file), day=day, today=today)  # fmt: skip
    if json_out:
        emit_json(summary)
    else:
        _print_imported(summary, file.name)


def _print_imported(summary: dict, name: str) -> None:
    """What a price import did: rows read, added, already stored, and those naming no
    held item."""
    out = console()
    out.print(
        _("Read {rows} prices from {file}: {added} new, {already} already stored.").format(
            rows=summary["rows"],
            file=name,
            added=summary["added"],
            already=summary["already"],
        )  # fmt: skip
    )
    if summary["unmatched"]:
        named = ", ".join(_row_name(row) for row in summary["unmatched_rows"])
        out.print(
            ngettext(
                "{count} row names no held item: {rows}",
                "{count} rows name no held item: {rows}",
                summary["unmatched"],
            ).format(count=summary["unmatched"], rows=named)  # fmt: skip
        )


def _row_name(row: dict) -> str:
    what = f"#{row['item']}" if row["item"] is not None else row["asin"] or row["jan"]
    return _("line {line} ({what})").format(line=row["line"], what=what)


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def _progress(label: str):
    """A progress callback drawing a bar on stderr when it is a terminal (else None)."""
    if not _stderr_is_terminal():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@app.command("fetch")
def fetch(
    ctx: typer.Context,
    item_ids: ItemIds = None,
    source: Annotated[
        str, typer.Option("--source", "-s", help="Where from: sp-api or keepa.")
    ] = "sp-api",
    as_of: AsOf = None,
    json_out: Json = False,
) -> None:
    """Fetch current Amazon.co.jp prices for the held items with an ASIN or JAN.

    --source sp-api: buy box and lowest new offer (Selling Partner API credentials).
    --source keepa: lowest new price and its 90-day history (a Keepa key; one token an
    item). What was fetched is kept even when the run stops part way.

    Example: liquidator prices fetch 3 7 --source keepa
    """
    from liquidator.market.fetch import fetch_prices, source_module

    today = as_of_date(as_of)
    label = source_module(source).LABEL
    with _progress(_("Fetching from {source}").format(source=label)) as progress:
        summary = fetch_prices(database=open_db(ctx, write=True), settings=settings(ctx),
                               source=source, ids=item_ids or None, as_of=today,
                               progress=progress)  # fmt: skip
    if json_out:
        emit_json(summary)
        return
    for line in fetch_lines(summary, label):
        typer.echo(line)


def fetch_lines(summary: dict, label: str) -> list[str]:
    """What a fetch run did, a line each: the count, then each kind of problem."""
    lines = [
        _("Fetched prices for {fetched} of {codes} products from {source} "
          "({items} items): {added} new observations.").format(
            fetched=summary["fetched"], codes=summary["codes"], source=label,
            items=summary["items"], added=summary["added"])
    ]  # fmt: skip
    problems = (
        ("unknown", _("not known to {source}: {codes}")),
        ("no_offers", _("no new offers on Amazon.co.jp: {codes}")),
    )
    for key, text in problems:
        if summary[key]:
            lines.append(text.format(source=label, codes=", ".join(summary[key])))
    if summary["no_code"]:
        lines.append(_("no ASIN or JAN to look up (liquidator edit ID --asin …): {ids}").format(
            ids=", ".join(f"#{i}" for i in summary["no_code"])))  # fmt: skip
    if summary["not_held"]:
        lines.append(_("not held any more, skipped: {ids}").format(
            ids=", ".join(f"#{i}" for i in summary["not_held"])))  # fmt: skip
    if summary["stopped"]:
        lines.append(_("stopped early: {reason}; run it again later for the rest").format(
            reason=summary["stopped"]))  # fmt: skip
    return lines


@app.command("list")
def list_prices(ctx: typer.Context, item_ids: ItemIds = None, json_out: Json = False) -> None:
    """List the price observations of items, newest first.

    Example: liquidator prices list 3 --json
    """
    from liquidator.market.observations import held_observations

    with open_db(ctx).session() as session:
        rows = held_observations(session=session, ids=item_ids)
    if json_out:
        emit_json(rows)
        return
    out = console()
    if not rows:
        out.print(_("No prices recorded yet: liquidator prices fetch, or prices import FILE."))
        return
    labels = settings(ctx).channel_labels()
    out.print(observations_table(rows, width=out.width, labels=labels, with_item=True))


def observations_table(
    rows: list[dict], *, width: int, labels: dict[str, str], with_item: bool = False
):
    """Observations as a table, in the order given (``labels``: channel names)."""
    from liquidator.render.fit import Column, fitted

    columns = [Column(_("seen on"), "key"), Column(_("price"), "num"),
               Column(_("kind"), "key"), Column(_("channel"), "key", drop=2),
               Column(_("price source"), "text", drop=1)]  # fmt: skip
    if with_item:
        columns.insert(0, Column(_("item"), "num"))
    cells = []
    for row in rows:
        cell = [
            row["observed_on"].isoformat(),
            yen(row["price"]),
            price_kind_word(row["kind"]),
            labels.get(row["channel"], row["channel"]),
            source_name(row["source"]),
        ]
        cells.append([f"#{row['item_id']}", *cell] if with_item else cell)
    title = ngettext("{count:,} price", "{count:,} prices", len(rows)).format(count=len(rows))
    return fitted(title, columns, cells, width=width)
