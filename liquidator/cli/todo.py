"""``todo``: the open work list — replies waiting on buyers, closing return windows,
stale listings."""

import typer

from liquidator.cli.base import App
from liquidator.cli.context import as_of_date, console, emit_json, open_db, settings
from liquidator.cli.options import AsOf, Json

app = App()


@app.command()
def todo(ctx: typer.Context, as_of: AsOf = None, json_out: Json = False) -> None:
    """What to work through now: buyers' cancellation requests to answer, buyers to hear
    from, return windows closing within 7 days, listings past their channel's usual time.

    Example: liquidator todo
    """
    from rich.text import Text

    from liquidator.i18n import _
    from liquidator.render.fit import fitted
    from liquidator.todo import open_work

    today = as_of_date(as_of)
    chosen = settings(ctx)
    database = open_db(ctx)
    with database.session() as session:
        work = open_work(session=session, settings=chosen, as_of=today)
    if json_out:
        emit_json({"as_of": today.isoformat(), **work})
        return
    out = console()
    if not any(work.values()):
        out.print(
            Text(
                _("Nothing waiting: no buyer to hear from, no window closing, no stale listing."),
                style="green",
            )
        )
        return
    for key, title, columns, cells in _sections(chosen):
        if work[key]:
            out.print(fitted(title, columns, [cells(r) for r in work[key]], width=out.width))
            out.print()


def _sections(chosen):
    """Each part of the list: its key in the work, title, columns and cells of a row."""
    from liquidator.i18n import _
    from liquidator.render.fit import Column
    from liquidator.words import reply_word

    return (
        ("requests", _("Cancellation requests to answer"),
         [Column(_("order"), "key"), Column(_("since"), "key", drop=2), Column(_("days"), "num"),
          Column(_("answer with"), "text")],
         lambda r: [r["order_id"], r["since"], str(r["days"]), r["command"]]),
        ("waiting", _("Waiting on the buyer"),
         [Column(_("order"), "key"), Column(_("reply"), "key", drop=1), Column(_("since"), "key", drop=2),
          Column(_("days"), "num"), Column(_("item"), "num", drop=3)],
         lambda r: [r["order_id"], reply_word(r.get("template") or r["decision"]), r["since"], str(r["days"]), str(r["item_id"] or "—")]),
        ("return_windows", _("Supplier return windows closing"),
         [Column(_("item"), "num"), Column(_("title"), "text"), Column(_("return by"), "key"),
          Column(_("days left"), "num")],
         lambda r: [str(r["item_id"]), r["title"], r["return_by"], str(r["days_left"])]),
        ("stale_listings", _("Listings past their usual time"),
         [Column(_("item"), "num"), Column(_("title"), "text"), Column(_("channel"), "key"),
          Column(_("days listed"), "num"), Column(_("usual"), "num", drop=1)],
         lambda r: [str(r["item_id"]), r["title"], chosen.channel_label(r["channel"]),
                    str(r["listed_days"]), str(r["usual_days"])]),
    )  # fmt: skip
