"""How each kind of item field reads what a seller typed: one parser per kind of
``fields.ITEM_FIELDS`` (text, yen, dates, sizes, quotes, conditions, photos, invoice
numbers, order ids …), each called as ``parse(field, typed value, Typed)``.

``field_values`` runs them over whole columns and single rows alike, so a value means
the same wherever it was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.fields import (
    CONDITION,
    CONDITIONS,
    COUNT,
    DATE,
    DAYS_AGO,
    DIMS,
    FLAG,
    INVOICE_NO,
    LOT_COST,
    NOT_REGISTERED,
    ORDER_ID,
    PHOTO_SEPARATOR,
    PHOTOS,
    QUOTES,
    SIZE,
    TEXT,
    TEXT_MAX,
    WEIGHT,
    YEN,
    ItemField,
)  # fmt: skip
from liquidator.i18n import _
from liquidator.parsing import (
    EARLIEST_DATE,
    MAX_INT,
    clean_text,
    normalised,
    parse_bool,
    parse_date,
    parse_dims,
    parse_int,
    parse_order_id,
    parse_size_class,
    parse_weight,
)


@dataclass(frozen=True)
class Typed:
    """What a typed value is read against: the working day (``as_of``: "today" for a
    purchase date or "N days ago") and the channels a quote may name (their ids)."""

    as_of: dt.date
    channels: Collection[str]


def _parse_text(item_field: ItemField, value: Any, typed: Typed) -> str | None:
    name = item_field.name
    text = clean_text(value, name, max_length=item_field.max_length or TEXT_MAX)
    if not text and item_field.required:
        raise InvalidInput(name, _("must not be empty"))
    if name == "jan" and text and ("E+" in text.upper() or "." in text):
        raise InvalidInput(
            name,
            _(
                "{text!r} is not a JAN code; a spreadsheet turned it into a number "
                "(format the column as text)"
            ).format(text=text),
        )
    return text or None


def _parse_day(item_field: ItemField, value: Any, typed: Typed) -> dt.date:
    day, as_of = parse_date(value, item_field.name), typed.as_of
    if item_field.name == "purchased" and day > as_of:
        raise InvalidInput(
            item_field.name,
            _("{day} is in the future (today is {today})").format(day=day.isoformat(), today=as_of),
        )
    return day


def _parse_days_ago(item_field: ItemField, value: Any, typed: Typed) -> dt.date:
    days = parse_int(value, item_field.name, minimum=0, maximum=item_field.maximum)
    as_of = typed.as_of
    day = as_of - dt.timedelta(days=days)
    if day < EARLIEST_DATE:
        raise InvalidInput(
            item_field.name,
            _("{days} days before {day} is before {earliest}").format(
                days=days, day=as_of, earliest=EARLIEST_DATE
            ),
        )
    return day


# A comma (or 、) that starts the next quote: one followed by a name and "=", never by
# the digits of a yen amount written with thousands separators (kaitori=1,200).
_NEXT_QUOTE = re.compile(r"[,、]\s*(?=[^\W\d]\w*\s*=)")


def _parse_quotes(value: Any, name: str, channels: Collection[str]) -> str | None:
    """``kaitori=48000`` (several: comma-separated or a list; ``1,200`` yen is one
    amount) as ``"kaitori=48000,…"``.

    Each names one of ``channels``: an offer from a channel the scoring does not know
    would be stored and never used, so the advice would silently lack it."""
    parts = value if isinstance(value, list | tuple) else [value]
    quotes: dict[str, int] = {}
    typed = normalised(",".join(str(p) for p in parts), name)
    for part in _NEXT_QUOTE.split(typed):
        part = part.strip().strip(",、").strip()
        if not part:
            continue
        channel, sep, yen = part.partition("=")
        channel = channel.strip().lower()
        if not sep or not channel.replace("_", "").isalnum() or not channel.isascii():
            raise InvalidInput(
                name, _("{part!r} is not channel=yen, like kaitori=48000").format(part=part)
            )
        if isinstance(channels, Mapping):  # the channels' settings: a switched-off one says so
            from liquidator.settings.channels import check_switched_on

            check_switched_on(channels, channel, name)
        if channel not in channels:
            raise InvalidInput(
                name,
                _("{channel!r} is not a channel a quote can name (known: {known})").format(
                    channel=channel, known=", ".join(channels)
                ),
            )
        quotes[channel] = parse_int(yen, name, minimum=1, maximum=MAX_INT)
    text = ",".join(f"{channel}={yen}" for channel, yen in quotes.items())
    if len(text) > TEXT_MAX:
        raise InvalidInput(
            name, _("too long (at most {maximum} characters)").format(maximum=TEXT_MAX)
        )
    return text or None


# What a seller may type for a condition: our words, with spaces or dashes (and a
# "used" before them, as Amazon writes its grades), or the
# names Japanese flea markets give the six grades (メルカリ, ヤフオク!).
_CONDITION_WORDS = {
    "新品": "new", "未使用": "new", "新品、未使用": "new", "新品・未使用": "new",
    "未使用に近い": "like_new", "目立った傷や汚れなし": "very_good",
    "やや傷や汚れあり": "good", "傷や汚れあり": "acceptable", "全体的に状態が悪い": "poor",
}  # fmt: skip


def _parse_condition(item_field: ItemField, value: Any, typed: Typed) -> str | None:
    text = normalised(str(value), item_field.name).strip()
    word = _CONDITION_WORDS.get(text) or re.sub(r"[\s_-]+", "_", text.lower())
    word = word.removeprefix("used_")  # Amazon's "Used - Good"
    if word not in CONDITIONS:
        raise InvalidInput(
            item_field.name,
            _("{value!r} is not one of {choices}").format(
                value=text, choices=", ".join(CONDITIONS)
            ),
        )
    return word


_INVOICE_NO = re.compile(r"T\d{13}")
# What a seller types for "not registered".
_NOT_REGISTERED_WORDS = ("none", "no", "not registered", "未登録", "なし", "免税事業者")


def _parse_invoice_no(item_field: ItemField, value: Any, typed: Typed) -> str:
    """A registration number as ``T`` and 13 digits (hyphens, spaces and a lower-case
    t tolerated), or ``none`` for a seller who is not registered."""
    text = normalised(str(value), item_field.name).strip()
    if text.lower() in _NOT_REGISTERED_WORDS:
        return NOT_REGISTERED
    number = re.sub(r"[\s-]", "", text).upper()
    if not _INVOICE_NO.fullmatch(number):
        raise InvalidInput(
            item_field.name,
            _("{value!r} is not a registration number (T and 13 digits) or none").format(
                value=text
            ),
        )
    return number


def _parse_photos(item_field: ItemField, value: Any, typed: Typed) -> str | None:
    """Photos as given (a list from a repeated option, or one cell with ``|`` between
    them) as one text, ``|``-joined; each a file path or an http(s) address."""
    parts = value if isinstance(value, list | tuple) else [value]
    photos: list[str] = []
    for part in parts:
        for photo in str(part).split(PHOTO_SEPARATOR):
            photo = clean_text(photo, item_field.name, max_length=TEXT_MAX * 5)
            if "\n" in photo or "\t" in photo:
                raise InvalidInput(item_field.name, _("a photo is one path or address per entry"))
            if photo and photo not in photos:
                photos.append(photo)
    text = PHOTO_SEPARATOR.join(photos)
    if len(text) > (item_field.max_length or TEXT_MAX):
        raise InvalidInput(
            item_field.name,
            _("too long (at most {maximum} characters)").format(maximum=item_field.max_length),
        )
    return text or None


def _parse_order_id(item_field: ItemField, value: Any, typed: Typed) -> str | None:
    if not str(value).strip():
        return None
    return parse_order_id(value, item_field.name)


# How each kind of field is parsed: (field, typed value, ``Typed``) → its attribute's value
# (a tuple of values for a field that sets several).
PARSERS: dict[str, Callable[[ItemField, Any, Typed], Any]] = {
    TEXT: _parse_text,
    YEN: lambda f, v, _: parse_int(v, f.name, minimum=1, maximum=f.maximum),
    COUNT: lambda f, v, _: parse_int(v, f.name, minimum=1, maximum=f.maximum),
    DATE: _parse_day,
    DAYS_AGO: _parse_days_ago,
    SIZE: lambda f, v, _: parse_size_class(v, f.name),
    DIMS: lambda f, v, _: parse_dims(v, f.name),
    WEIGHT: lambda f, v, _: parse_weight(v, f.name),
    FLAG: lambda f, v, _: parse_bool(v, f.name),
    QUOTES: lambda f, v, typed: _parse_quotes(v, f.name, typed.channels),
    CONDITION: _parse_condition,
    PHOTOS: _parse_photos,
    LOT_COST: lambda f, v, _: parse_int(v, f.name, minimum=1, maximum=f.maximum),
    INVOICE_NO: _parse_invoice_no,
    ORDER_ID: _parse_order_id,
}
