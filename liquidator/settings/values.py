"""The kinds of value a setting holds, as pydantic types.

A number's kind is its type and range (``Fraction``: 0 to 1); what a value needs beyond
a type (a parcel-class table that must not fall as boxes grow, weight brackets, a time
zone, a credential) is a validator here. A validator's complaint is a
``PydanticCustomError`` of type ``liquidator`` carrying the translated problem (and the
table entry it is about); ``problems.settings_error`` turns every validation error into
one ``InvalidInput`` naming the TOML key. ``Section`` is the model every section of the
settings is: strict (a TOML string is no number), closed and frozen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)
from pydantic_core import PydanticCustomError

from liquidator.i18n import _
from liquidator.settings.messages import shown
from liquidator.sizes import SIZE_CLASSES, WEIGHT_CAP_G

# No yen figure, count or rate in a setting is anywhere near these; they keep every
# derived figure finite and storable.
MAX_SETTING_YEN = 100_000_000
MAX_SETTING_DAYS = 3_650
MAX_SETTING_RATE = 100.0
REPLY_TEXT_MAX = 500
# The error type of the validators below (``loader.settings_error`` reads it).
OURS = "liquidator"


class Secret:
    """Marks a credential: shown as set or not set, never echoed, not even when wrong."""


SECRET = Secret()


def problem(text: str, *, entry: Any = None, key: tuple[str, ...] = ()) -> PydanticCustomError:
    """A validator's error: ``text`` in the reader's language, about table ``entry`` (a
    model's validator names the ``key`` it is about, below the model)."""
    context: dict[str, Any] = {"problem": text, "key": key}
    if entry is not None:
        context["entry"] = str(entry)
    return PydanticCustomError(OURS, "{problem}", context)


# --- numbers ----------------------------------------------------------------------------
# A share of a price (0.10 means 10%).
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
# A ratio or rate that may pass 1 (a price ratio, turns a year).
Rate = Annotated[float, Field(ge=0.0, le=MAX_SETTING_RATE, allow_inf_nan=False)]
# A measure in yen, cm, litres or a divisor: never negative.
Measure = Annotated[float, Field(ge=0.0, le=float(MAX_SETTING_YEN), allow_inf_nan=False)]
# A parcel's side in cm.
Side = Annotated[float, Field(gt=0.0, le=float(MAX_SETTING_YEN), allow_inf_nan=False)]
Yen = Annotated[int, Field(ge=0, le=MAX_SETTING_YEN)]
Grams = Yen
Days = Annotated[int, Field(ge=0, le=MAX_SETTING_DAYS)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


# --- text that needs more than a type ------------------------------------------------------
def _credential(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise problem(_("expected the credential as non-empty text"))
    return raw.strip()


def _reply_text(raw: Any) -> str:
    """May be empty and hold several lines; it goes to a buyer as typed."""
    from liquidator.errors import InvalidInput
    from liquidator.parsing import clean_text

    if not isinstance(raw, str):
        raise problem(_("expected text, got {value}").format(value=shown(raw)))
    try:
        return clean_text(raw, "", max_length=REPLY_TEXT_MAX)
    except InvalidInput as exc:
        raise problem(exc.problem) from None


def _time_zone(raw: Any) -> str:
    """An IANA time zone name ("Asia/Tokyo"), or "" for the computer's own zone."""
    if raw == "":
        return raw
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(raw)
    except Exception:  # noqa: BLE001  (not a name, not found, not a string, bad path)
        raise problem(
            _('expected a time zone like "Asia/Tokyo", got {value}').format(value=shown(raw))
        ) from None
    return raw


Credential = Annotated[str, BeforeValidator(_credential), SECRET]
ReplyText = Annotated[str, BeforeValidator(_reply_text)]
TimeZone = Annotated[str, BeforeValidator(_time_zone)]


# --- lists ------------------------------------------------------------------------------
def _list_of(length: int | None, message: Callable[[Any], str]) -> Callable[[Any], Any]:
    """A TOML list (or the tuple a default holds) as a tuple for pydantic to check."""

    def as_tuple(raw: Any) -> Any:
        if not isinstance(raw, list | tuple) or not raw or (length and len(raw) != length):
            raise problem(message(raw))
        return tuple(raw)

    return as_tuple


def _sides_message(raw: Any) -> str:
    return _("expected three sides in cm like [34, 25, 3], got {value}").format(value=shown(raw))


def _brackets_message(raw: Any) -> str:
    example = _("[[500, 2400], [1000, 3200]] (up to grams, yen)")
    return _("expected a list like {example}, got {value}").format(
        example=example, value=shown(raw)
    )


def _bracket_pairs(raw: Any) -> Any:
    pairs = _list_of(None, _brackets_message)(raw)
    for pair in pairs:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise problem(_brackets_message(pair))
    return tuple(tuple(pair) for pair in pairs)


def _brackets_go_up(brackets: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    for (grams_before, yen_before), (grams, yen) in zip(brackets, brackets[1:], strict=False):
        if grams <= grams_before or yen < yen_before:
            raise problem(_("brackets must go up in grams, and never down in yen"))
    return brackets


def _buckets_go_up(days: tuple[int, ...]) -> tuple[int, ...]:
    if any(later <= earlier for earlier, later in zip(days, days[1:], strict=False)):
        raise problem(_("bucket limits must go up"))
    return days


def _words(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list | tuple) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise problem(
            _('expected a list of words like ["cards"], got {value}').format(value=shown(raw))
        )
    return tuple(w.strip().lower() for w in raw)


Dims = Annotated[
    tuple[Side, Side, Side],
    BeforeValidator(_list_of(3, _sides_message)),
    AfterValidator(lambda sides: tuple(sorted(sides, reverse=True))),
]
Brackets = Annotated[
    tuple[tuple[Annotated[int, Field(ge=1, le=MAX_SETTING_YEN)], Yen], ...],
    BeforeValidator(_bracket_pairs),
    AfterValidator(_brackets_go_up),
]
Buckets = Annotated[
    tuple[Annotated[int, Field(ge=1, le=MAX_SETTING_DAYS)], ...],
    BeforeValidator(
        _list_of(
            None,
            lambda raw: _("expected a list of days like [30, 60, 90], got {value}").format(
                value=shown(raw)
            ),
        )
    ),
    AfterValidator(_buckets_go_up),
]
Words = Annotated[tuple[str, ...], BeforeValidator(_words)]


# --- tables: by parcel class, by category word ----------------------------------------------
def size_class_of(key: Any) -> int:
    """A table key as a parcel class (``"60"`` → 60); an error for any other key."""
    text = str(key).strip()
    if not text.isdigit() or int(text) not in SIZE_CLASSES:
        known = ", ".join(str(c) for c in SIZE_CLASSES)
        raise problem(_("unknown parcel class; known: {known}").format(known=known), entry=key)
    return int(text)


def category_word(key: Any) -> str:
    """A table key as a category word (trimmed, lower-case); an error when empty."""
    word = str(key).strip().lower()
    if not word:
        raise problem(_("category words must not be empty"), entry=key)
    return word


def _keyed(key_of: Callable[[Any], Any], one_for_all: bool = False) -> Callable[[Any], Any]:
    """A TOML table with its keys read by ``key_of`` (a later key wins); ``one_for_all``:
    a single number stands for every parcel class."""

    def keys_read(raw: Any) -> Any:
        if one_for_all and isinstance(raw, int) and not isinstance(raw, bool):
            return dict.fromkeys(SIZE_CLASSES, raw)
        if not isinstance(raw, dict):
            return raw  # pydantic says it is not a table
        return {key_of(key): value for key, value in raw.items()}

    return keys_read


def _never_falling(*, falls: bool = False) -> Callable[[dict[int, int]], dict[int, int]]:
    """A bigger parcel must never cost less (or, ``falls``, be kept longer), or a bigger
    item could score better for its size."""

    def check(table: dict[int, int]) -> dict[int, int]:
        sign = -1 if falls else 1
        previous = None
        for size_class in SIZE_CLASSES:
            if size_class not in table:
                continue
            if previous is not None and sign * table[size_class] < sign * table[previous]:
                text = (
                    _("{value} is above class {previous}'s {limit}; "
                      "values must not rise as parcels grow")
                    if falls
                    else _("{value} is below class {previous}'s {limit}; "
                           "values must not fall as parcels grow")
                )  # fmt: skip
                raise problem(
                    text.format(value=table[size_class], previous=previous, limit=table[previous]),
                    entry=size_class,
                )
            previous = size_class
        return table

    return check


def _within_weight_caps(table: dict[int, int]) -> dict[int, int]:
    for size_class, grams in table.items():
        if grams > WEIGHT_CAP_G[size_class]:
            raise problem(
                _("above the class's {cap} g weight cap").format(cap=WEIGHT_CAP_G[size_class]),
                entry=size_class,
            )
    return table


def _rule_as_tuple(raw: Any) -> Any:
    if isinstance(raw, list | tuple) and len(raw) != 3:
        raise problem(_("expected a rate or [rate, above_yen, rate_above]"))
    return tuple(raw) if isinstance(raw, list) else raw


# A category's fee: a rate, or (rate, above_yen, rate_above) for a tiered category.
CategoryRule = Annotated[
    Annotated[Fraction, Tag("rate")] | Annotated[tuple[Fraction, Yen, Fraction], Tag("tiers")],
    Discriminator(lambda raw: "tiers" if isinstance(raw, list | tuple) else "rate"),
    BeforeValidator(_rule_as_tuple),
]
ClassYen = Annotated[
    dict[int, Yen], BeforeValidator(_keyed(size_class_of)), AfterValidator(_never_falling())
]
ClassGrams = Annotated[
    dict[int, Annotated[int, Field(ge=1, le=MAX_SETTING_YEN)]],
    BeforeValidator(_keyed(size_class_of)),
    AfterValidator(_within_weight_caps),
    AfterValidator(_never_falling()),
]
ClassDays = Annotated[
    dict[int, Annotated[int, Field(ge=1, le=MAX_SETTING_DAYS)]],
    BeforeValidator(_keyed(size_class_of, one_for_all=True)),
    AfterValidator(_never_falling(falls=True)),
]
CategoryRates = Annotated[dict[str, CategoryRule], BeforeValidator(_keyed(category_word))]
CategoryRatios = Annotated[dict[str, Rate], BeforeValidator(_keyed(category_word))]


def table_key(key: Any, table: dict) -> str:
    """How ``key``, as typed in TOML, names its entry of the validated ``table``
    (``"060"`` → ``"60"``, ``" Garden"`` → ``"garden"``)."""
    if table and isinstance(next(iter(table)), int):
        return str(int(str(key).strip()))
    return str(key).strip().lower()


class Section(BaseModel):
    """One section of ``liquidator.toml``: typed, strict (a TOML string is no number),
    closed (an unknown key is an error) and frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)
    # Fields an entry made with ``based_on`` does not take from the entry it copies: they
    # say what the entry itself is (a ``label`` of its own is the new entry's name).
    own_fields: ClassVar[tuple[str, ...]] = ()
