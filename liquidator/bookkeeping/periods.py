"""Closed periods: once the journal of a period is handed over, its entries are fixed.

``export journal --to DAY`` closes the books through DAY: it records the period and a
digest of every entry in it (``JournalExport``). From then on nothing dated in a closed
period changes. A disposal recorded later with a sale day in a closed period is booked
on the day it is recorded (``booking_day``); a disposal undone after its period closed
keeps its entry and gets a reversing entry (赤伝) dated the day it is undone
(``keep_reversal``). So exporting a closed period again gives the same entries, and each
export says what was booked since the last one (``changes_since``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.bookkeeping.journal import Entry
    from liquidator.models import Disposal


def closed_through(session: Session) -> dt.date | None:
    """The last day of the latest closed period (None: nothing closed yet)."""
    from sqlalchemy import func
    from sqlmodel import select

    from liquidator.models import JournalExport

    return session.exec(select(func.max(JournalExport.end))).one()


def booking_day(session: Session, sold_on: dt.date, made_on: dt.date) -> dt.date:
    """The day a disposal sold on ``sold_on`` and recorded on ``made_on`` is booked: its
    sale day, unless that falls in a closed period; then the day it was recorded (the
    day after the close when that is later)."""
    closed = closed_through(session)
    if closed is None or sold_on > closed:
        return sold_on
    return max(made_on, closed + dt.timedelta(days=1))


def keep_reversal(
    session: Session, disposal: Disposal, title: str | None, made_on: dt.date
) -> bool:
    """Before ``disposal`` is undone: when its entry is in a closed period, keep a copy
    of it with the day of its reversing entry, and say so (True)."""
    from liquidator.models import JournalReversal

    closed = closed_through(session)
    if closed is None or disposal.booked_on > closed:
        return False
    columns = disposal.model_dump(exclude={"created_at"}) | {"title": title}
    reversed_on = max(made_on, closed + dt.timedelta(days=1))
    session.add(
        JournalReversal(
            disposal_id=disposal.id, item_id=disposal.item_id, qty=disposal.qty,
            cost_basis=disposal.cost_basis, sold_on=disposal.sold_on, reversed_on=reversed_on,
            disposal=json.dumps(columns, default=str, ensure_ascii=False, sort_keys=True),
        )
    )  # fmt: skip
    return True


def read_reversals(
    session: Session, start: dt.date | None, end: dt.date | None
) -> list[tuple[dt.date, dict[str, Any]]]:
    """The kept copies whose entry or reversing entry is dated ``start``…``end``: (day
    undone, the disposal's columns)."""
    from sqlmodel import select

    from liquidator.models import JournalReversal

    kept = []
    for reversal in session.exec(select(JournalReversal).order_by(JournalReversal.id)).all():
        columns = json.loads(reversal.disposal)
        for name in ("sold_on", "booked_on", "listed_on", "rate_date"):
            if columns.get(name):
                columns[name] = dt.date.fromisoformat(columns[name])
        days = (columns["booked_on"], reversal.reversed_on)
        if any(_within(day, start, end) for day in days):
            kept.append((reversal.reversed_on, columns))
    return kept


def digest(entry: Entry) -> str:
    """What an entry says (date, memo, counterparty, postings), as a short hash: the
    same entry in any layout has the same digest."""
    content = [entry.date.isoformat(), entry.memo, entry.counterparty,
               [[p.account, p.amount, p.tax] for p in entry.postings]]  # fmt: skip
    text = json.dumps(content, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def entry_digests(entries: Sequence[Entry]) -> dict[str, str]:
    """Each entry's source → its digest."""
    return {f"{entry.source}@{entry.date.isoformat()}": digest(entry) for entry in entries}


def record_export(
    session: Session, entries: Sequence[Entry], start: dt.date | None, end: dt.date,
    exported_on: dt.date,
) -> None:  # fmt: skip
    """Close the books through ``end``: record the period and its entries. Caller commits."""
    from liquidator.models import JournalExport

    session.add(
        JournalExport(start=start, end=end, exported_on=exported_on,
                      entries=json.dumps(entry_digests(entries), sort_keys=True))
    )  # fmt: skip


def last_export(session: Session) -> Any:
    """The latest recorded journal export, or None."""
    from sqlmodel import select

    from liquidator.models import JournalExport

    return session.exec(select(JournalExport).order_by(JournalExport.id.desc()).limit(1)).first()


def changes_since(
    previous: Any, then_now: Mapping[str, str], entries: Sequence[Entry]
) -> dict[str, Any]:
    """What changed since the ``previous`` export: its period's entries as they are now
    (``then_now``: source → digest) against those recorded then, and the reversing
    and late-booked entries in this export's ``entries``."""
    recorded = json.loads(previous.entries)
    differ = sorted(source for source in recorded.keys() | then_now.keys()
                    if recorded.get(source) != then_now.get(source))  # fmt: skip
    reversing = [e.source for e in entries if e.source.endswith(" reversed")]
    late = [e.source for e in entries if " sold " in e.source]
    return {
        "since": {"start": None if previous.start is None else previous.start.isoformat(),
                  "end": previous.end.isoformat(),
                  "exported_on": previous.exported_on.isoformat()},
        "changed_in_closed_period": differ,
        "reversing_entries": reversing,
        "late_entries": late,
    }  # fmt: skip


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)
