"""Bookkeeping exports: every kind in one registry, each built the same way.

Each kind registers an ``ExportKind`` in ``EXPORTS`` (here, or from a module of its
own in this package): its name (``export KIND``), one line on what it holds and what
``--from``/``--to`` filter on (``export --help`` lists both), its builder, and whether
``--layout`` chooses a journal layout for it. ``build_export(kind, …)`` reads what the
kind needs through the store and returns a ``CsvTable`` (header, text columns, a label
per row); ``writer.encode_csv`` turns it into bytes. One row per record, a stable
column order, integer yen, ISO dates (a layout may ask for its own date format),
formula-safe text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from liquidator.errors import InvalidInput
from liquidator.exports.cells import text_column
from liquidator.exports.writer import CsvTable
from liquidator.i18n import N_, _
from liquidator.item_output import EXPORTED, INVENTORY, exported_header
from liquidator.parsing import check_range
from liquidator.registry import Registry

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.settings import Settings


@dataclass(frozen=True)
class ExportKind:
    """One kind of export: what it holds, what ``--from``/``--to`` filter on, its builder."""

    name: str
    # One line on what it holds, for ``export --help`` (marked with N_, translated there).
    description: str
    # What ``--from``/``--to`` filter on ("purchase date"; N_, shown in the help).
    dated_by: str
    # The table of the records dated start…end: called with the keyword arguments
    # session, settings, as_of, start, end and layout.
    build: Callable[..., CsvTable]
    # Whether ``--layout`` chooses among the journal layouts for it.
    has_layouts: bool = False
    # Whether building it writes (the journal records the period it closes).
    writes: bool = False
    # A bookkeeper's file: its words are in ``[bookkeeping] memo_lang``, never the
    # interface's language, so two exports of one period are the same bytes.
    books: bool = False


EXPORTS: Registry[ExportKind] = Registry(__name__, "kind")


def _items(*, session: Session, settings: Settings, as_of, start, end, layout) -> CsvTable:
    columns = _stock_on(session, as_of, start, end, include_gone=True)
    columns["stock_value"] = _stock_value(session, columns, as_of)
    header = exported_header()
    texts = [text_column(columns[name]) for name in header]
    labels = [f"item {i}" for i in columns["item_id"].tolist()]
    return CsvTable(header, texts, labels)


def _stock_value(session: Session, columns: dict, as_of) -> object:
    """What each lot held at the end of ``as_of`` cost: units × unit cost, and the yen of
    a lot's total cost its first units still carry (``store.disposals.lot_remainders``)."""
    import numpy as np

    from liquidator.store.disposals import lot_remainders

    value = columns["qty"] * columns["unit_cost"]
    remainders = lot_remainders(session.connection(), as_of)
    if remainders:
        extra = [remainders.get(item_id, 0) for item_id in columns["item_id"].tolist()]
        value = value + np.minimum(np.array(extra, dtype=np.int64), columns["qty"])
    return value


def _stock_on(session: Session, as_of, start, end, *, include_gone: bool) -> dict:
    """Every item bought by ``as_of`` (within ``start``…``end``) as it stood that day,
    oldest purchase first (see ``store.items.read_stock``)."""
    import numpy as np

    from liquidator.store.items import read_stock

    columns = read_stock(
        session.connection(), as_of=as_of, include_gone=include_gone, purchased_from=start
    )
    keep = np.ones(len(columns["item_id"]), dtype=bool)
    if end is not None:
        keep &= columns["purchased_on"] <= np.datetime64(end, "D")
    order = np.lexsort((columns["item_id"], columns["purchased_on"]))
    order = order[keep[order]]
    return {name: values[order] for name, values in columns.items()}


def _inventory(*, session: Session, settings: Settings, as_of, start, end, layout) -> CsvTable:
    """The 棚卸表: each item held at the end of ``as_of`` at its own cost (個別法)."""
    columns = _stock_on(session, as_of, start, end, include_gone=False)
    columns["id"] = columns["item_id"]
    columns["stock_value"] = _stock_value(session, columns, as_of)
    rows = len(columns["stock_value"])
    # The last row: what the held stock comes to, and how it was valued.
    method = _(INVENTORY_METHOD)
    total = {"title": _("Total (valued by {method})").format(method=method),
             "qty": str(int(columns["qty"].sum())),
             "stock_value": str(int(columns["stock_value"].sum()))}  # fmt: skip
    texts = [text_column(columns[e.name]) + [total.get(e.name, "")] for e in INVENTORY]
    labels = [f"item {i}" for i in columns["item_id"].tolist()] + [f"total of {rows} items"]
    header = ["item_id" if e.name == "id" else e.name for e in INVENTORY]
    words = {name: entry.inventory.header for name, entry in zip(header, INVENTORY, strict=True)}
    return CsvTable(header, texts, labels, "utf-8-sig", header_words=words)


def _sales(*, session: Session, settings: Settings, as_of, start, end, layout) -> CsvTable:
    """Each disposal with what it was as recorded (its kind and its channel's name then,
    in the current language): a removed or renamed channel's disposals keep theirs."""
    from liquidator.disposal_facts import stored_labels
    from liquidator.store.disposals import read_disposals

    columns = read_disposals(session.connection(), start=start, end=end)
    columns["date"], columns["disposal_id"] = columns["sold_on"], columns["id"]
    columns["channel_label"] = stored_labels(columns)
    texts = [text_column(columns[name]) for name in SALES_EXPORT]
    labels = [f"disposal {i}" for i in columns["id"].tolist()]
    return CsvTable(SALES_EXPORT, texts, labels, machine_only=("channel",))


def _journal(*, session: Session, settings: Settings, as_of, start, end, layout) -> CsvTable:
    from liquidator.exports.journal import journal_table

    return journal_table(session=session, settings=settings, as_of=as_of, start=start,
                         end=end, layout=layout)  # fmt: skip


def _evidence(**arguments) -> CsvTable:
    from liquidator.bookkeeping.evidence import evidence_table

    return evidence_table(**arguments)


EVIDENCE = N_("export sales with their ship-to, carrier, tracking and USD amount at its rate")
# An item as the export lays it out: the ``exported`` entries of ``item_output.SHOWN``
# (the order ``show`` uses, with the lot's value at cost).
ITEM_EXPORT = EXPORTED
# The 棚卸表 (year-end stock count): the ``inventory`` entries of ``item_output.SHOWN``,
# headed (for a person) as a bookkeeper reads them. Each item is valued at its own
# purchase cost (個別法): every lot here is one purchase.
INVENTORY_METHOD = N_("specific identification")
SALES_EXPORT = ("date", "disposal_id", "item_id", "title", "channel", "channel_label", "kind",
                "qty", "price", "fees", "shipping", "net_cash", "cost_basis", "profit",
                "note")  # fmt: skip

for _kind in (
    ExportKind("items", N_("one row per item: stock, cost and dates"), N_("purchase date"), _items),
    ExportKind(
        "sales", N_("one row per disposal: what it brought back"), N_("disposal date"), _sales
    ),
    ExportKind(
        "journal",
        N_("double-entry lines per disposal, in a journal layout"),
        N_("disposal date"),
        _journal,
        has_layouts=True,
        writes=True,
        books=True,
    ),
    ExportKind(
        "inventory",
        N_("棚卸表: stock held at the end of --as-of, valued at cost"),
        N_("purchase date"),
        _inventory,
    ),
    ExportKind("evidence", EVIDENCE, N_("disposal date"), _evidence, books=True),
):
    EXPORTS.register(_kind)


def build_export(
    kind: str,
    *,
    session: Session,
    settings: Settings,
    as_of: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    layout: str | None = None,
    purchases: bool = False,
) -> CsvTable:
    """The export ``kind`` (see ``EXPORTS``) for records dated ``start``…``end``;
    ``purchases``: the journal books each item's purchase too, whatever ``[bookkeeping]
    purchases`` says."""
    chosen = EXPORTS.get(kind)
    if purchases:
        books = settings.bookkeeping.model_copy(update={"purchases": True})
        settings = settings.model_copy(update={"bookkeeping": books})
    check_range(start, end)
    if layout is not None and not chosen.has_layouts:
        with_layouts = [name for name, k in EXPORTS.all().items() if k.has_layouts]
        raise InvalidInput(
            "layout",
            _("only the {kinds} export has layouts").format(kinds=" and ".join(with_layouts)),
        )
    return chosen.build(
        session=session, settings=settings, as_of=as_of, start=start, end=end, layout=layout
    )
