"""JSON: the report dict as is, UTF-8 (Japanese titles stay readable).

The outer levels are laid out like ``indent=2`` and everything deeper is written
compactly, one row per line. The compact parts are encoded by orjson: a 100k-item
``recommend --all --json`` is about 170 MB of text, and the standard library's encoder
spent a third of the command's time on it. Output is the same JSON (NaN and infinity,
which JSON has no word for, become null; a float may be written in another but equal
form, 0.00006103515625 for 6.103515625e-05). Dates and times are ISO 8601 text, as
``isoformat`` writes them: orjson writes them itself, the same text but for an offset
with seconds, which no stored time has (they are stored and read back in UTC).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

REPORT_DEPTH = 2  # the report's sections, then their rows or fields, one per line


def render(report: dict[str, Any]) -> str:
    """The report as a JSON document ending with a newline."""
    return "".join(iter_json(report, depth=REPORT_DEPTH)) + "\n"


def iter_json(
    data: Any,
    *,
    depth: int = 1,
    indent: int = 2,
    default: Callable[[Any], Any] | None = None,
    binary: bool = False,
) -> Iterator[str] | Iterator[bytes]:
    """``data`` as JSON text in pieces: lists (or other sequences, or iterators,
    consumed as they are written) and dicts down to ``depth`` levels are
    spread one member per line (indented like ``json.dumps(indent=...)``), deeper
    values are compact (``separators=(",", ":")``, the C encoder), non-ASCII as is.

    Joined, the pieces parse back to ``data``; a caller can write them as they come, so
    a large list never exists as one string. ``binary``: the pieces are UTF-8 bytes,
    for a caller that writes bytes (orjson's output is never decoded only to be
    encoded again).
    """
    import orjson

    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
    standard = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=default).encode

    def encode(value: Any) -> str | bytes:
        try:
            text = orjson.dumps(value, default=default, option=options)
        except TypeError:  # an integer beyond 64 bits: the standard encoder takes it
            text = standard(value).encode()
        return text if binary else text.decode()

    return _pieces(data, depth, indent, 0, encode, str.encode if binary else str)


def _pieces(
    data: Any,
    depth: int,
    indent: int,
    level: int,
    encode: Callable[[Any], Any],
    text: Callable[[str], Any],
) -> Iterator[Any]:
    """``iter_json``'s pieces at ``level``: ``encode`` writes a value, ``text`` turns
    the layout's own text into the output's type (str, or bytes)."""
    is_dict = isinstance(data, dict)
    if level >= depth or not (is_dict or _is_list(data)):
        yield encode(data)
        return
    members = iter(data.items() if is_dict else data)
    first = next(members, _END)
    if first is _END:
        yield text("{}" if is_dict else "[]")
        return
    inner = "\n" + " " * (indent * (level + 1))
    lead = text(("{" if is_dict else "[") + inner)
    separator, colon = text("," + inner), text(": ")
    # A member written compactly is one piece with what leads it: a long list costs
    # one piece (and no generator) per member.
    compact = level + 1 >= depth
    member = first
    while member is not _END:
        if is_dict:
            key, member = member
            lead += encode(_key(key)) + colon
        if compact:
            yield lead + encode(member)
        else:
            yield lead
            yield from _pieces(member, depth, indent, level + 1, encode, text)
        lead = separator
        member = next(members, _END)
    yield text("\n" + " " * (indent * level) + ("}" if is_dict else "]"))


_END = object()


def _is_list(data: Any) -> bool:
    # Any sequence (the report's actions are one) or iterator, but text: a JSON array.
    return isinstance(data, Sequence | Iterator) and not isinstance(data, str | bytes | bytearray)


def _key(key: Any) -> str:
    # What json.dumps makes of a non-string key (True → "true", 5 → "5"); others fail.
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, int | float):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
