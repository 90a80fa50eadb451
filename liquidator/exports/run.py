"""An export from its options as typed to the bytes of its CSV file: what ``export`` does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liquidator.db import Database
    from liquidator.settings import Settings


@dataclass(frozen=True)
class ExportedCsv:
    """An export's CSV file: its bytes and how many rows it holds."""

    data: bytes
    rows: int
    # What the journal says changed since its last export (``line``: one line for the
    # seller), None for the other kinds.
    report: dict | None = None


def export_csv(
    *,
    database: Database,
    kind: str,
    settings: Settings,
    as_of: dt.date,
    start: str | None = None,
    end: str | None = None,
    layout: str | None = None,
    encoding: str | None = None,
    errors: str = "strict",
    ids: bool = False,
    progress: Callable[[int, int], None] | None = None,
    purchases: bool = False,
) -> ExportedCsv:
    """The export ``kind`` (``exports.build_export``) of the records dated ``start``…
    ``end`` (as typed, either open), encoded (``writer.encode_csv``) in ``encoding`` —
    by default the layout's — with ``errors`` for a character it cannot hold.

    In Japanese mode the file is for a person (``exports.human``: Japanese headers and
    words, with a byte-order mark unless ``encoding`` says otherwise) unless ``ids``
    or ``encoding="utf-8"`` asks for the machine form.

    The encoding and the dates are checked before the database is opened;
    ``progress(done, total)`` follows the encoding of the rows. ``purchases``: the
    journal books each item's purchase too. A kind that writes (the journal, which
    closes the period it covers) runs in a transaction.
    """
    from liquidator.exports import EXPORTS, build_export
    from liquidator.exports.human import HUMAN_ENCODING, in_words, wants_words
    from liquidator.exports.writer import check_encoding, encode_csv
    from liquidator.i18n import current_language, speaking
    from liquidator.parsing import check_range, parse_date

    check_encoding(encoding or "utf-8", errors)
    first = None if start is None else parse_date(start, "start")
    last = None if end is None else parse_date(end, "end")
    check_range(first, last)
    spec = EXPORTS.get(kind)
    with database.transaction() if spec.writes else database.session() as session:
        table = build_export(
            kind, session=session, settings=settings, as_of=as_of, start=first, end=last,
            layout=layout, purchases=purchases,
        )  # fmt: skip
    default = table.encoding
    language = settings.bookkeeping.memo_lang if spec.books else current_language()
    if wants_words(ids=ids, encoding=encoding, language=language):
        with speaking(language):
            table = in_words(table, settings)
        default = HUMAN_ENCODING if default == "utf-8" else default
    data = encode_csv(table, encoding=encoding or default, errors=errors, progress=progress)
    return ExportedCsv(data, len(table), table.report)


def export_writes(kind: str) -> bool:
    """Whether exporting ``kind`` writes to the database (an unknown kind: no; building
    it says so)."""
    from liquidator.exports import EXPORTS

    return kind in EXPORTS.names() and EXPORTS.get(kind).writes
