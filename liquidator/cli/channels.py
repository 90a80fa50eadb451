"""``channels``: what each channel charges, and what this workspace's sales taught."""

import typer

from liquidator.cli.base import App
from liquidator.cli.context import as_of_date, console, emit_json, open_db, settings
from liquidator.cli.options import AsOf, Json
from liquidator.i18n import _
from liquidator.render import yen

app = App()


@app.command()
def channels(ctx: typer.Context, as_of: AsOf = None, json_out: Json = False) -> None:
    """Each channel's fees and the price ratios and days to cash the engine uses.

    The "used" figures blend the defaults with this workspace's own disposals and open
    listings as of the day (the same values `settings` and `recommend` use); a category
    learned from its own sales gets a line of its own.

    Example: liquidator channels --json
    """
    from liquidator.calibration import channels_in_use

    chosen = settings(ctx)
    with open_db(ctx).session() as session:
        rows = channels_in_use(session=session, settings=chosen, as_of=as_of_date(as_of))
    if json_out:
        emit_json(rows)
        return
    from liquidator.render.fit import Column, fitted

    columns = [
        Column(_("channel"), "key"), Column(_("on"), "key", drop=2), Column(_("fee"), "num"), Column(_("sales"), "num", drop=1),
        Column(_("price ratio"), "num"), Column(_("days to cash"), "num"),
        # A sentence: squeezed under about 24 cells it breaks mid-word, so it goes first.
        Column(_("learned from"), "text", drop=4, wants=24),
    ]  # fmt: skip
    cells = []
    for r in rows:
        fee = f"{r['fee_rate']:.1%}" + (f" + {yen(r['fixed_fee'])}" if r["fixed_fee"] else "")
        cells.append([
            r["label"], _("yes") if r["enabled"] else _("no"), fee, str(r["sales"]),
            _trio(r["price_ratio"], "{:.2f}"), _trio(r["days_to_cash"], "{:.0f}"),
            _learned(r["price_ratio"]["source"], r["days_to_cash"]["source"]),
        ])  # fmt: skip
        for word, learned in r["categories"].items():
            cells.append([f"  {r['label']} · {word}", "", "", str(learned["sales"]),
                          _trio(learned, "{:.2f}"), "", learned["source"]])  # fmt: skip
    out = console()
    out.print(fitted(_("Channels (default / observed / used)"), columns, cells, width=out.width))


def _learned(*sources: str) -> str:
    """The source of a row's learned figures ("" while they are all defaults)."""
    return next((s for s in sources if s != "default"), "")


def _trio(values: dict, fmt: str) -> str:
    observed = "—" if values["observed"] is None else fmt.format(values["observed"])
    return f"{fmt.format(values['default'])} / {observed} / {fmt.format(values['used'])}"
