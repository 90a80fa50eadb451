"""Write an export as CSV bytes: one engine for every export and layout.

A ``CsvTable`` holds its header (or none: some accounting software wants none) and its
columns already as text; ``encode_csv`` writes them with its line ends (``\\r\\n``
unless a journal layout says otherwise: what Excel, Yayoi and freee expect on Windows)
in the chosen encoding. For cp932 the usual Unicode look-alikes of JIS characters
(〜 − ‖ ¢ £ ¬ —) become the code points cp932 has for them, so a wave dash in a title
is not an error; any other character cp932 lacks stops the export with the row and
column named, unless ``errors="replace"``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from liquidator.charsets import CP932_TRANSLATION
from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.parsing import check_choice

ENCODINGS = ("utf-8", "utf-8-sig", "cp932")
ERROR_MODES = ("strict", "replace")
PROGRESS_EVERY = 1000

# Unicode characters that cp932 spells with a different code point.
CP932_LOOKALIKES = CP932_TRANSLATION


@dataclass
class CsvTable:
    """An export ready to write: header (None for none), text columns, and what each
    row is (``labels[i]``, e.g. ``"disposal 7"``) for error messages."""

    header: Sequence[str] | None
    columns: list[list[str]]
    labels: list[str]
    encoding: str = "utf-8"  # the default when the caller does not choose one
    line_ending: str = "\r\n"
    # What an export has to say besides its rows (the journal: what changed since the
    # last export), JSON-ready; None: nothing.
    report: dict | None = None
    # For a person (``exports.human``): columns a person's file leaves out, and headers
    # of this file's own (N_-marked) where the column's name is not what it reads as.
    machine_only: tuple[str, ...] = ()
    header_words: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.labels)

    def rows(self) -> list[tuple[str, ...]]:
        """The rows as tuples of text (for tests and small layouts)."""
        return list(zip(*self.columns, strict=True)) if self.columns else []


def check_encoding(encoding: str, errors: str = "strict") -> None:
    """InvalidInput naming ``encoding`` or ``errors`` when it is not one we write."""
    check_choice(encoding, ENCODINGS, "encoding")
    check_choice(errors, ERROR_MODES, "errors")


def encode_csv(
    table: CsvTable,
    *,
    encoding: str = "utf-8",
    errors: str = "strict",
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The table as CSV bytes; nothing is returned unless every cell could be encoded."""
    check_encoding(encoding, errors)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=table.line_ending)
    if table.header is not None:
        writer.writerow(list(table.header))
    total = len(table)
    for start in range(0, total, PROGRESS_EVERY):
        end = min(start + PROGRESS_EVERY, total)
        writer.writerows(zip(*(column[start:end] for column in table.columns), strict=True))
        if progress is not None:
            progress(end, total)
    text = buffer.getvalue()
    if encoding == "cp932":
        # One character for one, none of them CSV syntax: the same as cell by cell.
        text = text.translate(CP932_LOOKALIKES)
        if errors == "strict":
            try:
                return text.encode("cp932")
            except UnicodeEncodeError:
                raise _cp932_problem(table) from None
    return text.encode(encoding, errors=errors)


def _cp932_problem(table: CsvTable) -> InvalidInput:
    """The error for the first row (then column) holding a character cp932 lacks."""
    first: tuple[int, int, str] | None = None
    for position, column in enumerate(table.columns):
        joined = "\n".join(column).translate(CP932_LOOKALIKES)
        if _fits(joined):
            continue
        for number, cell in enumerate(column):
            if first is not None and number >= first[0]:
                break
            cell = cell.translate(CP932_LOOKALIKES)
            if not _fits(cell):
                bad = next(c for c in cell if not _fits(c))
                first = (number, position, bad)
                break
    number, position, bad = first if first is not None else (0, 0, "?")
    if table.header is not None:
        name = table.header[position]
    else:
        name = _("column {number}").format(number=position + 1)
    label = f"row {number + 1} ({table.labels[number]})" if table.labels else f"row {number + 1}"
    return InvalidInput(
        label,
        _("{column}: {character!r} cannot be written in cp932; use --errors replace").format(
            column=name, character=bad
        ),
    )


def _fits(text: str) -> bool:
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True
