"""Imports: a bulk items CSV and Amazon's order report, each all rows or none.

Parsing is pure (``items_csv``, ``amazon_orders``); these functions check the whole
file first, then write it in one transaction through the store, so a bad row or a
crash leaves the database as it was, and re-importing a file adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput
from liquidator.i18n import _

if TYPE_CHECKING:
    from liquidator.db import Database
    from liquidator.settings import Settings

# Larger files are refused before they are read: no seller's order report or stock
# list comes near it, and reading /dev/zero must not exhaust memory.
MAX_FILE_BYTES = 512 * 1024 * 1024


def read_file(path: Any) -> bytes:
    """A file's bytes; InvalidInput naming the file when it cannot be read."""
    from pathlib import Path

    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput(str(path), _("no such file")) from None
    except IsADirectoryError:
        raise InvalidInput(str(path), _("is a folder, not a file")) from None
    except OSError as exc:
        raise InvalidInput(
            str(path), _("cannot be read ({reason})").format(reason=exc.strerror or exc)
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            str(path), _("is larger than {size} MB").format(size=MAX_FILE_BYTES // 2**20)
        )
    return data


def import_items(
    *,
    database: Database,
    data: bytes,
    source: str,
    as_of: dt.date,
    settings: Settings,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> dict[str, int]:
    """Import an items CSV (see ``items_csv``): ``rows``, ``new`` and ``skipped``.

    Rows whose import key is already stored are skipped. ``progress(stage, done,
    total)`` is told of the checking and the saving.
    """
    from liquidator.collector import collector_paused
    from liquidator.events import record_event
    from liquidator.items_csv import parse_items_csv
    from liquidator.store.items import existing_import_keys, insert_items
    from liquidator.store.orders import unless_collided

    if progress is not None:
        progress("check", 0, None)
    with collector_paused():
        rows = parse_items_csv(
            data, source=source, today=as_of, channels=settings.quotable_channels
        )
    with database.transaction() as session, collector_paused():
        existing = existing_import_keys(session=session, keys=[row["import_key"] for row in rows])
        fresh = [row for row in rows if row["import_key"] not in existing]
        summary = {"rows": len(rows), "new": len(fresh), "skipped": len(rows) - len(fresh)}

        def saved(done: int) -> None:
            if progress is not None:
                progress("save", summary["skipped"] + done, len(rows))

        with unless_collided(_("item import")):
            insert_items(session=session, rows=fresh, as_of=as_of, progress=saved)
        if fresh:
            record_event(
                session=session,
                kind="items_imported",
                item_id=None,
                data={"file": source} | summary,
            )
    return summary


def import_orders(*, database: Database, data: bytes, source: str) -> dict[str, Any]:
    """Import Amazon's All Orders report: ``rows, orders, cancelled, new, updated`` and
    ``requests``, the desk cases opened for buyers' cancellation requests
    (``cancel_requests``), in the same transaction."""
    from liquidator.amazon_orders import parse_orders_report
    from liquidator.cancel_requests import open_requests
    from liquidator.store.orders import save_orders

    report = parse_orders_report(data, source=source)
    with database.transaction() as session:
        summary: dict[str, Any] = save_orders(session=session, report=report, source=source)
        summary["requests"] = open_requests(session=session, orders=report.orders)
    return summary
