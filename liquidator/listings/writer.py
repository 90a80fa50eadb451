"""A listing file as bytes, and a zip of it with its images.

Comma files are CSV (RFC 4180: a cell holding the delimiter, a quote or a line end is
quoted, quotes doubled). Tab files follow Amazon's flat files, which take no quoting:
a tab or line end inside a cell becomes a space, and a quote is just a character.
A cp932 file first gets cp932's own code points for the usual look-alikes (〜 −, see
``liquidator.charsets``); anything else cp932 lacks stops the file naming the item and
the column, unless ``errors="replace"`` writes ``?``. Text goes in as it was recorded:
the sites read these files, and a formula guard's ``'`` would end up in the listing
(docs/channels.md).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from liquidator.charsets import CP932_TRANSLATION
from liquidator.errors import InvalidInput
from liquidator.i18n import _

# A zip entry's time: fixed, so the same export gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FLATTEN = str.maketrans({"\t": " ", "\r": " ", "\n": " "})


def encode_rows(
    head: Sequence[Sequence[str]],
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    encoding: str,
    delimiter: str,
    line_end: str,
    errors: str = "strict",
    columns: Sequence[str] = (),
) -> bytes:
    """The head rows then the data rows as bytes (``labels[i]`` names row i in an
    error, ``columns`` its cells)."""
    text = _text([*head, *rows], delimiter, line_end)
    if encoding != "cp932":
        return text.encode(encoding)
    text = text.translate(CP932_TRANSLATION)
    try:
        return text.encode("cp932", errors="strict" if errors == "strict" else "replace")
    except UnicodeEncodeError:
        raise _cp932_problem(rows, labels, columns) from None


def _text(rows: Sequence[Sequence[str]], delimiter: str, line_end: str) -> str:
    if delimiter == "\t":
        return "".join(
            "\t".join(str(cell).translate(_FLATTEN) for cell in row) + line_end for row in rows
        )
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return buffer.getvalue()


def _cp932_problem(
    rows: Sequence[Sequence[str]], labels: Sequence[str], columns: Sequence[str]
) -> InvalidInput:
    for row, label in zip(rows, labels, strict=True):
        for position, cell in enumerate(row):
            for character in str(cell).translate(CP932_TRANSLATION):
                try:
                    character.encode("cp932")
                except UnicodeEncodeError:
                    column = columns[position] if position < len(columns) else position + 1
                    return InvalidInput(
                        label,
                        _(
                            "{column}: {character!r} cannot be written in cp932; change the "
                            "text or use --errors replace"
                        ).format(column=column, character=character),
                    )
    return InvalidInput(labels[0] if labels else "output", _("cannot be written in cp932"))


def zipped(name: str, data: bytes, images: Sequence[tuple[str, Path, str]]) -> bytes:
    """A zip of the file ``name`` (``data``) and each image (its name in the file, the
    photo's path, the item that recorded it); InvalidInput naming the item for an
    image that cannot be read, or two different images under one name."""
    from liquidator.imports import read_file

    buffer = io.BytesIO()
    seen: dict[str, Path] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data)
        for entry, path, label in images:
            if entry in seen:
                if seen[entry] != path:
                    raise InvalidInput(
                        label,
                        _("two photos are named {name} ({first} and {second}); rename one").format(
                            name=entry, first=seen[entry], second=path
                        ),
                    )
                continue
            try:
                image = read_file(path)
            except InvalidInput as exc:
                raise InvalidInput(
                    label, _("photo {problem}").format(problem=exc.message)
                ) from None
            seen[entry] = path
            info = zipfile.ZipInfo(entry, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED  # photos are compressed already
            archive.writestr(info, image)
    return buffer.getvalue()
