"""Parse what a seller types: dates, yen, sizes, dimensions and weights.

Every parser raises InvalidInput naming the field, so the CLI and the importers
report bad input the same way.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.sizes import SIZE_CLASSES

# Matched against ``normalised`` text: ASCII digits only (full-width ones are made so).
_DIMS = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(?:cm)?\s*$",
    re.IGNORECASE | re.ASCII,
)
_WEIGHT = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(kg|g)?\s*$", re.IGNORECASE | re.ASCII)
# The largest whole number every supported database stores in an INTEGER column
# (PostgreSQL's is 32-bit): about 2.1 billion yen, far above any stranded item.
MAX_INT = 2_147_483_647


# The dates a seller can mean: every date typed, imported or stored lies in this range.
# It also keeps every date within what pandas and numpy handle (1677..2262).
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)


# A date as a Japanese seller writes one, once ``normalised``: 2026-12-01, 2026/12/1,
# 2026年12月1日 (month and day with or without their leading zero).
_DATE = re.compile(
    r"(?P<year>[0-9]{4})(?:-|/|年)(?P<month>[0-9]{1,2})(?:-|/|月)(?P<day>[0-9]{1,2})日?",
    re.ASCII,
)


def parse_date(value: str, field: str) -> dt.date:
    """A date from EARLIEST_DATE to LATEST_DATE, typed as ``2026-12-01``, ``2026/12/01``
    or ``2026年12月1日``, in full-width digits too (the one ``normalised`` rule numbers
    follow)."""
    text = value.strip() if isinstance(value, str) else ""
    if len(text) == 10 and text.isascii():  # the common case, fast
        try:
            return check_date(dt.date.fromisoformat(text), field)
        except ValueError:
            pass
    match = _DATE.fullmatch(normalised(value, field)) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        if "年" in match[0] and not match[0].endswith("日"):
            raise ValueError
    except ValueError:
        raise InvalidInput(
            field, _("{value!r} is not a date (use YYYY-MM-DD)").format(value=value)
        ) from None
    return check_date(day, field)


def check_date(day: dt.date, field: str) -> dt.date:
    """``day`` when it lies from EARLIEST_DATE to LATEST_DATE; else InvalidInput."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidInput(
            field,
            _("{day} is outside {earliest} .. {latest}").format(
                day=day.isoformat(), earliest=EARLIEST_DATE, latest=LATEST_DATE
            ),
        )
    return day


def check_not_future(day: dt.date, field: str, today: dt.date) -> dt.date:
    """An event's date: not after ``today`` (a sale or listing cannot have happened yet)."""
    if day > today:
        raise InvalidInput(
            field,
            _("{day} is in the future (today is {today})").format(day=day.isoformat(), today=today),
        )
    return day


def parse_event_date(value: str | None, field: str, today: dt.date) -> dt.date:
    """The day something happened (a sale, a listing) as typed: ``today`` when not
    given, never after it."""
    return check_not_future(today if value is None else parse_date(value, field), field, today)


def check_choice(value: str, choices: Iterable[str], field: str) -> str:
    """``value`` if it is one of ``choices``, else InvalidInput naming ``field`` and them."""
    choices = list(choices)
    if value not in choices:
        raise InvalidInput(
            field,
            _("{value!r} is not one of {choices}").format(value=value, choices=", ".join(choices)),
        )
    return value


def check_range(start: dt.date | None, end: dt.date | None) -> None:
    """A date range whose first day is not after its last (``start``/``end`` fields)."""
    if start is not None and end is not None and start > end:
        raise InvalidInput(
            "start", _("{start} is after the last date {end}").format(start=start, end=end)
        )


MAX_PERIOD_DAYS = 3_660  # ten years of disposals: any longer is a typing slip


# A number as a seller may type it once NFKC has made full-width forms plain: a sign,
# a yen sign before it or 円 after it, and commas only between groups of three digits
# (1,234 and 12,345,678; never 1,2,3 or 12,34, which are typing slips or decimal commas).
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)\s*¥?\s*(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?P<fraction>\.[0-9]+)?\s*円?",
    re.ASCII,
)


def normalised(value: object, field: str) -> str:
    """What a seller typed, as the plain text every number parser reads: NFKC (so
    full-width ４９８０, ￥ and ． are plain digits and signs), trimmed.

    Digits of other scripts (Arabic-Indic ١٢٣, Devanagari १२३ …) are refused: Python
    would read them as numbers, but no seller here means them, and a stored number
    must be what the seller sees.
    """
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text.isascii():
        foreign = next((c for c in text if c.isdigit() and not c.isascii()), None)
        if foreign is not None:
            raise InvalidInput(
                field,
                _("{value!r} has a digit that is not 0-9 ({digit!r}); type it with 0-9").format(
                    value=value, digit=foreign
                ),
            )
    return text


def number_text(
    value: object, field: str, *, fraction: bool = False, not_a_number: str | None = None
) -> str:
    """A typed number as plain ASCII (``-1234``; ``1234.5`` when ``fraction``), by the
    one rule of ``_NUMBER`` over ``normalised`` text. InvalidInput names ``field``;
    ``not_a_number`` is its problem when the text is no number at all."""
    text = normalised(value, field)
    match = _NUMBER.fullmatch(text)
    if match is not None and (fraction or not match["fraction"]):
        return match["sign"] + match["digits"].replace(",", "") + (match["fraction"] or "")
    if match is None and "," in text and _NUMBER.fullmatch(text.replace(",", "")):
        raise InvalidInput(
            field,
            _("{value!r}: commas go between groups of three digits, like 1,234").format(
                value=value
            ),
        )
    if not_a_number is None:
        not_a_number = _("{value!r} is not a whole number").format(value=value)
    raise InvalidInput(field, not_a_number)


def parse_int(
    value: str | int, field: str, *, minimum: int | None = None, maximum: int = MAX_INT
) -> int:
    """A whole number as ``number_text`` reads it, from ``minimum`` to ``maximum``."""
    if isinstance(value, bool):
        raise InvalidInput(field, _("{value!r} is not a whole number").format(value=value))
    if isinstance(value, int):
        number = value
    elif value.isascii() and value.isdigit() and len(value) < 10:  # the common case, fast
        number = int(value)
    else:
        number = int(number_text(value, field))
    if minimum is not None and number < minimum:
        raise InvalidInput(
            field,
            _("must be at least {minimum}, got {number}").format(minimum=minimum, number=number),
        )
    if abs(number) > maximum:
        raise InvalidInput(
            field,
            _("{number} is more than the limit of {maximum:,}").format(
                number=number, maximum=maximum
            ),
        )
    return number


def parse_size_class(value: str | int, field: str = "size") -> int:
    """A Japanese parcel class: 60, 80, … 200."""
    text = normalised(value, field).lower().removesuffix("cm").strip()
    if not re.fullmatch(r"[0-9]{2,3}", text) or int(text) not in SIZE_CLASSES:
        allowed = ", ".join(str(c) for c in SIZE_CLASSES)
        raise InvalidInput(
            field,
            _("{value!r} is not a parcel class (one of {allowed})").format(
                value=value, allowed=allowed
            ),
        )
    return int(text)


def parse_dims(value: str, field: str = "dims") -> tuple[float, float, float]:
    """Three sides in cm, written like ``30x20x10`` (decimals allowed)."""
    match = _DIMS.match(normalised(value, field))
    if not match:
        raise InvalidInput(
            field, _("{value!r} is not three sides in cm like 30x20x10").format(value=value)
        )
    sides = tuple(float(g) for g in match.groups())
    if any(side <= 0 or side > 1000 for side in sides):
        raise InvalidInput(
            field,
            _("{value!r}: each side must be above 0 and at most 1000 cm").format(value=value),
        )
    return sides  # type: ignore[return-value]


def parse_weight(value: str, field: str = "weight") -> int:
    """A weight like ``1.2kg`` or ``800g`` (a bare number is grams), in grams."""
    match = _WEIGHT.match(normalised(value, field))
    if not match:
        raise InvalidInput(
            field, _("{value!r} is not a weight like 1.2kg or 800g").format(value=value)
        )
    amount = float(number_text(match.group(1), field, fraction=True))
    unit = (match.group(2) or "g").lower()
    grams = amount * 1000 if unit == "kg" else amount
    grams = round(grams) if grams <= 1_000_000 else 1_000_001  # no round() of infinity
    if grams <= 0 or grams > 1_000_000:
        raise InvalidInput(
            field, _("{value!r}: must be above 0 and at most 1000 kg").format(value=value)
        )
    return grams


def parse_bool(value: str | bool, field: str) -> bool:
    """yes/no, true/false, 1/0, あり/なし, はい/いいえ (what a file in Japanese
    writes; an empty cell is no)."""
    if isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if text in {"1", "true", "yes", "y", "t", "あり", "はい"}:
        return True
    if text in {"", "0", "false", "no", "n", "f", "なし", "いいえ"}:
        return False
    raise InvalidInput(field, _("{value!r} is not yes/no").format(value=value))


# An Amazon order id: three, seven and seven digits (114-1234567-1234567). Checked
# after ``normalised`` and with the dashes a Japanese keyboard or a copied page gives
# (ー, ‐, –, −) made plain, so a pasted id is read as what it is.
_ORDER_ID = re.compile(r"[0-9]{3}-[0-9]{7}-[0-9]{7}", re.ASCII)
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\u30fc\uff70", "-"))


def parse_order_id(value: object, field: str = "order_id") -> str:
    """An Amazon order id ``NNN-NNNNNNN-NNNNNNN`` as plain ASCII; InvalidInput naming
    ``field`` for anything else (a cut-off ``114-123`` would count a case against the
    cancel rate that Amazon never saw)."""
    text = normalised(value, field).translate(_DASHES)
    if not _ORDER_ID.fullmatch(text):
        raise InvalidInput(
            field,
            _(
                "{value!r} is not an Amazon order id (3-7-7 digits, like 114-1234567-1234567)"
            ).format(value=value),
        )
    return text


# Invisible characters that reorder how text is shown ("Trojan Source"): a title could
# display as something other than what it is.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def clean_text(value: str, field: str, *, max_length: int) -> str:
    """Text as typed, with surrounding space trimmed.

    NUL and other control characters (except tab and newline in notes) are refused:
    they corrupt CSV exports and terminals, and PostgreSQL rejects NUL outright. That
    includes DEL and the C1 range (U+0080-U+009F), where U+009B starts a terminal escape
    sequence just like ESC [.
    """
    text = str(value).strip()
    if len(text) <= max_length and text.isprintable():  # the common case, fast
        return text
    bad = [c for c in text if c not in "\t\n" and (ord(c) < 32 or 127 <= ord(c) <= 159)]
    if bad:
        raise InvalidInput(
            field,
            _("contains a control character ({code:#04x})").format(code=ord(bad[0])),
        )
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise InvalidInput(
            field, _("is not valid UTF-8 text (typed or saved in another encoding?)")
        )
    bidi = [c for c in text if c in BIDI_CONTROLS]
    if bidi:
        raise InvalidInput(
            field,
            _("contains a text-direction control (U+{code:04X}) that can disguise it").format(
                code=ord(bidi[0])
            ),
        )
    if len(text) > max_length:
        raise InvalidInput(
            field,
            _("is {length} characters long; the limit is {max_length}").format(
                length=len(text), max_length=max_length
            ),
        )
    return text
