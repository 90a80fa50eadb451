"""The journal export: disposals as entries in a layout, and the books'
closed periods (``bookkeeping/periods.py``).

Entries are dated the day they are booked: a disposal's ``booked_on``, a kept copy of
an undone disposal on its own day with its reversing entry on the day it was undone.
Account names are ``[accounts]`` over the layout's own (MF's 仕入値引・戻し高), a name
the seller set winning; 税区分 names are the layout's over ``[bookkeeping.tax_names.
LAYOUT]``. With ``--to`` the export closes the books through that day.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput
from liquidator.exports.cells import text_column
from liquidator.exports.writer import CsvTable
from liquidator.i18n import _, ngettext

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.bookkeeping.journal import Entry
    from liquidator.bookkeeping.layouts import JournalLayout
    from liquidator.settings import Settings


def account_names(settings: Settings, layout: JournalLayout) -> dict[str, str]:
    """Each account key's name in this layout: the layout's own name for it unless the
    seller named it in ``[accounts]``."""
    names = settings.accounts.model_dump()
    for key, name in layout.accounts.items():
        if f"accounts.{key}" not in settings.sources:
            names[key] = name
    return names


def tax_names(settings: Settings, layout: JournalLayout) -> dict[str | None, str]:
    """Each tax code's 税区分 name in this layout, ``[bookkeeping.tax_names.LAYOUT]``
    over the layout's defaults (``outside`` names the code None)."""
    from liquidator.bookkeeping.journal import TAX_CODES

    names = dict(layout.tax_names)
    for code, name in settings.bookkeeping.tax_names.get(layout.name, {}).items():
        if code not in TAX_CODES:
            raise InvalidInput(
                f"bookkeeping.tax_names.{layout.name}.{code}",
                _("is not a tax code (one of {codes})").format(codes=", ".join(TAX_CODES)),
            )
        names[None if code == "outside" else code] = name
    return names


def book_entries(session: Session, settings: Settings, start, end) -> list[Entry]:
    """Every entry booked ``start``…``end``, by date: disposals, kept copies of those
    undone after their period closed with their reversing entries, and each item's
    purchase when ``[bookkeeping] purchases`` is on."""
    from liquidator.bookkeeping.journal import journal_entries, reversal_entries
    from liquidator.bookkeeping.periods import read_reversals
    from liquidator.store.disposals import read_disposals

    columns = read_disposals(session.connection(), start=start, end=end, dated_by="booked_on")
    entries = journal_entries(columns, settings)
    for original, reversal in reversal_entries(read_reversals(session, start, end), settings):
        entries += [e for e in (original, reversal) if _within(e.date, start, end)]
    if settings.bookkeeping.purchases:
        from liquidator.bookkeeping.purchases import purchase_entries

        entries += purchase_entries(session, settings, start, end)
    # By day; on a day, purchases before disposals (their numbers are the higher).
    return sorted(entries, key=lambda e: (e.date, "purchase" not in e.source, e.number, e.source))


def journal_table(*, session: Session, settings: Settings, as_of, start, end, layout) -> CsvTable:
    """The journal in ``layout``; with ``end``, the books are closed through it (see
    ``bookkeeping.periods``) and the table's ``report`` says what changed since the
    last export."""
    from liquidator.bookkeeping import periods
    from liquidator.bookkeeping.layouts import DEFAULT_LAYOUT, get_layout

    chosen = get_layout(layout or DEFAULT_LAYOUT)
    accounts, taxes = account_names(settings, chosen), tax_names(settings, chosen)
    entries = book_entries(session, settings, start, end)
    report = None
    previous = periods.last_export(session)
    if previous is not None:
        then = book_entries(session, settings, previous.start, previous.end)
        report = periods.changes_since(previous, periods.entry_digests(then), entries)
        report["line"] = change_line(report)
    missing = _missing_evidence(session, start, end)
    if missing:
        from liquidator.bookkeeping.evidence import missing_line

        report = (report or {}) | {"missing_evidence": missing}
        report["line"] = " ".join(filter(None, (report.get("line"), missing_line(len(missing)))))
    if end is not None:
        periods.record_export(session, entries, start, end, as_of)
    rows, labels = [], []
    for sequence, entry in enumerate(entries, start=1):
        named = with_tax_names(entry, taxes)
        if chosen.sequential_numbers:
            named = dataclasses.replace(named, number=sequence)
        laid_out = chosen.entry_rows(named, accounts)
        rows.extend(laid_out)
        labels.extend([entry.source.removeprefix("liquidator ")] * len(laid_out))
    columns = [text_column(list(values)) for values in zip(*rows, strict=True)]
    columns = columns or [[] for _ in range(chosen.columns)]
    table = CsvTable(chosen.header, columns, labels, chosen.encoding, chosen.line_ending)
    table.report = report
    return table


def change_line(report: dict[str, Any]) -> str:
    """One line on what changed since the last export."""
    since = report["since"]
    parts = [
        ngettext("{count} reversing entry", "{count} reversing entries",
                 len(report["reversing_entries"])).format(count=len(report["reversing_entries"])),
        ngettext("{count} entry of a closed period booked late",
                 "{count} entries of a closed period booked late",
                 len(report["late_entries"])).format(count=len(report["late_entries"])),
    ]  # fmt: skip
    changed = report["changed_in_closed_period"]
    if changed:
        parts.append(
            ngettext("{count} entry of the closed period now reads differently",
                     "{count} entries of the closed period now read differently",
                     len(changed)).format(count=len(changed))
        )  # fmt: skip
    return _("Since the journal export through {end} (made {day}): {changes}.").format(
        end=since["end"], day=since["exported_on"], changes="; ".join(parts)
    )


def _missing_evidence(session: Session, start, end) -> list[int]:
    """The export sales booked ``start``…``end`` without a ship-to country or tracking."""
    from liquidator.store.disposals import read_disposals

    columns = read_disposals(session.connection(), start=start, end=end, dated_by="booked_on")
    rows = zip(columns["id"].tolist(), columns["sales_tax"].tolist(),
               columns["ship_to"].tolist(), columns["tracking"].tolist(), strict=True)  # fmt: skip
    return [number for number, tax, ship_to, tracking in rows
            if tax == "export" and not (ship_to and tracking)]  # fmt: skip


def with_tax_names(entry: Entry, taxes: dict[str | None, str]) -> Entry:
    """The entry with each posting's tax code replaced by the layout's 税区分 name."""
    postings = tuple(
        dataclasses.replace(p, tax=taxes.get(p.tax, p.tax or "")) for p in entry.postings
    )
    return dataclasses.replace(entry, postings=postings)


def _within(day, start, end) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)
