"""Bookkeeping exports: every kind in one registry, each built the same way.

``build_export(kind, …)`` reads what the kind needs through the store and returns a
``CsvTable`` (header, text columns, a label per row); ``writer.encode_csv`` turns it
into bytes. One row per record, a stable column order, integer yen, ISO dates (a
layout may ask for its own date format), formula-safe text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from liquidator.errors import InvalidInput
from liquidator.exports.cells import text_column
from liquidator.exports.writer import CsvTable
from liquidator.i18n import _
from liquidator.item_output import EXPORTED, INVENTORY, exported_header
from liquidator.parsing import check_choice, check_range

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.settings import Settings


@dataclass(frozen=True)
class ExportKind:
    """One kind of export: what it holds, what ``--from``/``--to`` filter on, its builder."""

    name: str
    help: str
    dated_by: str
    build: Callable[..., CsvTable]
    # Whether ``--layout`` chooses among file layouts for it (the journal's packages).
    has_layouts: bool = False


def _items(*, session: Session, settings: Settings, as_of, start, end, layout) -> CsvTable:
    columns = _stock_on(session, as_of, start, end, include_gone=True)
    columns["stock_value"] = columns["qty"] * columns["unit_cost"]
    header = exported_header()
    texts = [text_column(columns[name]) for name in header]
    labels = [f"item {i}" for i in columns["item_id"].tolist()]
    return CsvTable(header, texts, labels)


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
    columns["stock_value"] = columns["qty"] * columns["unit_cost"]
    rows = len(columns["stock_value"])
    # The last row: what the held stock comes to, and how it was valued.
    total = {"title": f"合計 (評価方法: {INVENTORY_METHOD})",
             "qty": str(int(columns["qty"].sum())),
             "stock_value": str(int(columns["stock_value"].sum()))}  # fmt: skip
    texts = [text_column(columns[e.name]) + [total.get(e.name, "")] for e in INVENTORY]
    labels = [f"item {i}" for i in columns["item_id"].tolist()] + [f"total of {rows} items"]
    return CsvTable(INVENTORY_EXPORT, texts, labels, "utf-8-sig")


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
    return CsvTable(SALES_EXPORT, texts, labels)


def _journal(*, session: Session, settings: Settings, as_of, start, end, layout) -> CsvTable:
    import dataclasses
    from dataclasses import asdict

    from liquidator.bookkeeping.journal import journal_entries
    from liquidator.bookkeeping.layouts import get_layout
    from liquidator.store.disposals import read_disposals

    chosen = get_layout(layout or "generic")
    accounts = asdict(settings.accounts)
    entries = journal_entries(read_disposals(session.connection(), start=start, end=end), settings)
    rows, labels = [], []
    for sequence, entry in enumerate(entries, start=1):
        disposal_id = entry.number
        if getattr(chosen, "SEQUENTIAL_NUMBERS", False):  # the package wants 1, 2, 3 …
            entry = dataclasses.replace(entry, number=sequence)
        laid_out = chosen.entry_rows(entry, accounts)
        rows.extend(laid_out)
        labels.extend([f"disposal {disposal_id}"] * len(laid_out))
    width = len(chosen.HEADER) if chosen.HEADER else chosen.WIDTH
    columns = [text_column(list(values)) for values in zip(*rows, strict=True)]
    return CsvTable(chosen.HEADER, columns or [[] for _ in range(width)], labels, chosen.ENCODING)


# An item as the export lays it out: the ``exported`` entries of ``item_output.SHOWN``
# (the order ``show`` uses, with the lot's value at cost).
ITEM_EXPORT = EXPORTED
# The 棚卸表 (year-end stock count): the ``inventory`` entries of ``item_output.SHOWN``,
# headed as a Japanese bookkeeper reads them. Each item is valued at its own purchase
# cost (個別法): every lot here is one purchase.
INVENTORY_EXPORT = tuple(entry.inventory.header for entry in INVENTORY)
INVENTORY_METHOD = "個別法"
SALES_EXPORT = ("date", "disposal_id", "item_id", "title", "channel", "channel_label", "kind",
                "qty", "price", "fees", "shipping", "net_cash", "cost_basis", "profit",
                "note")  # fmt: skip

EXPORTS: dict[str, ExportKind] = {
    kind.name: kind
    for kind in (
        ExportKind("items", "one row per item: stock, cost and dates", "purchase date", _items),
        ExportKind("sales", "one row per disposal: what it brought back", "disposal date", _sales),
        ExportKind(
            "journal",
            "double-entry lines per disposal",
            "disposal date",
            _journal,
            has_layouts=True,
        ),
        ExportKind(
            "inventory",
            "棚卸表: stock held at the end of --as-of, valued at cost",
            "purchase date",
            _inventory,
        ),
    )
}


def build_export(
    kind: str,
    *,
    session: Session,
    settings: Settings,
    as_of: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    layout: str | None = None,
) -> CsvTable:
    """The export ``kind`` (see ``EXPORTS``) for records dated ``start``…``end``."""
    check_choice(kind, EXPORTS, "kind")
    check_range(start, end)
    chosen = EXPORTS[kind]
    if layout is not None and not chosen.has_layouts:
        with_layouts = [name for name, k in EXPORTS.items() if k.has_layouts]
        raise InvalidInput(
            "layout",
            _("only the {kinds} export has layouts").format(kinds=" and ".join(with_layouts)),
        )
    return chosen.build(
        session=session, settings=settings, as_of=as_of, start=start, end=end, layout=layout
    )
