"""Setting fields that know how to check a value read from ``liquidator.toml``.

A settings dataclass declares each field with ``setting(kind, default)``; ``validate``
checks a raw TOML value against its kind and raises InvalidInput naming where it was.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import field
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.sizes import SIZE_CLASSES, WEIGHT_CAP_G

# Kinds whose TOML value is a table merged key by key into the default.
MAPPING_KINDS = ("class_yen", "class_grams", "class_days", "categories", "ratios")
# No yen figure, count or rate in a setting is anywhere near these; they keep every
# derived figure finite and storable.
MAX_SETTING_YEN = 100_000_000
MAX_SETTING_DAYS = 3_650
MAX_SETTING_RATE = 100.0


REPLY_TEXT_MAX = 500


def setting(kind: str, default: Any = dataclasses.MISSING, **options: Any) -> Any:
    """A dataclass field that knows how to validate a value read from TOML."""
    metadata = {"kind": kind, **options}
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def shown(value: Any) -> str:
    """A TOML value as an error message shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def unknown(what: str, name: str, known: Any) -> str:
    """ "unknown key; did you mean …? known: …" for an error message; ``what`` is the
    first part in the reader's language (``_("unknown key")``)."""
    import difflib  # only on the error path

    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1)
    hint = _("did you mean {name}? ").format(name=close[0]) if close else ""
    return _("{unknown}; {hint}known: {known}").format(
        unknown=what, hint=hint, known=", ".join(known)
    )


def validate(raw: Any, spec: dataclasses.Field, where: str) -> Any:
    """``raw`` checked against the field's kind (and choices); InvalidInput at ``where``."""
    kind = spec.metadata["kind"]
    if kind == "bool":
        if not isinstance(raw, bool):
            raise InvalidInput(
                where, _("expected true or false, got {value}").format(value=shown(raw))
            )
        return raw
    if kind in ("fraction", "nonneg", "positive"):
        return number(raw, where, kind)
    if kind in ("yen", "grams", "days", "posint"):
        upper = MAX_SETTING_DAYS if kind == "days" else MAX_SETTING_YEN
        return whole(raw, where, minimum=1 if kind == "posint" else 0, maximum=upper)
    if kind == "choice":
        choices = spec.metadata["choices"]
        if raw not in choices:
            named = ", ".join(c if c else _('"" (unset)') for c in choices)
            raise InvalidInput(
                where,
                _("expected one of {choices}, got {value}").format(choices=named, value=shown(raw)),
            )
        return raw
    if kind in ("text", "name"):
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidInput(
                where, _("expected non-empty text, got {value}").format(value=shown(raw))
            )
        return raw.strip()
    if kind == "secret":  # a credential: never echoed back, not even when wrong
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidInput(where, _("expected the credential as non-empty text"))
        return raw.strip()
    if kind == "reply_text":  # may be empty; several lines; goes to a buyer as typed
        if not isinstance(raw, str):
            raise InvalidInput(where, _("expected text, got {value}").format(value=shown(raw)))
        from liquidator.parsing import clean_text

        return clean_text(raw, where, max_length=REPLY_TEXT_MAX)
    if kind == "timezone":
        return _time_zone(raw, where)
    if kind == "code":
        if not isinstance(raw, str) or not raw.strip().isalpha():
            raise InvalidInput(
                where, _('expected a country code like "US", got {value}').format(value=shown(raw))
            )
        return raw.strip().upper()
    if kind == "dims":
        if not isinstance(raw, list) or len(raw) != 3:
            raise InvalidInput(
                where,
                _("expected three sides in cm like [34, 25, 3], got {value}").format(
                    value=shown(raw)
                ),
            )
        sides = [number(side, where, "positive") for side in raw]
        return tuple(sorted(sides, reverse=True))
    if kind == "brackets":
        return _brackets(raw, where)
    if kind == "buckets":
        return _buckets(raw, where)
    if kind == "words":
        if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
            raise InvalidInput(
                where,
                _('expected a list of words like ["cards"], got {value}').format(value=shown(raw)),
            )
        return tuple(w.strip().lower() for w in raw)
    raise AssertionError(f"no validator for {kind}")  # a settings field without a kind


def _time_zone(raw: Any, where: str) -> str:
    """An IANA time zone name ("Asia/Tokyo"), or "" for the computer's own zone."""
    if raw == "":
        return raw
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(raw)
    except Exception:  # noqa: BLE001  (not a name, not found, not a string, bad path)
        raise InvalidInput(
            where,
            _('expected a time zone like "Asia/Tokyo", got {value}').format(value=shown(raw)),
        ) from None
    return raw


def number(raw: Any, where: str, kind: str) -> float:
    """A finite number: ``fraction`` 0..1, ``nonneg`` ≥ 0, ``positive`` > 0."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InvalidInput(where, _("expected a number, got {value}").format(value=shown(raw)))
    value = float(raw)
    if not math.isfinite(value):
        raise InvalidInput(where, _("expected a finite number, got {value}").format(value=raw))
    if value < 0:
        raise InvalidInput(where, _("must not be negative, got {value}").format(value=raw))
    if kind == "positive" and value == 0:
        raise InvalidInput(where, _("must be above 0"))
    if kind == "fraction" and value > 1:
        raise InvalidInput(
            where, _("is a fraction (0.10 means 10%), got {value}").format(value=raw)
        )
    if value > MAX_SETTING_YEN or (kind != "positive" and value > MAX_SETTING_RATE):
        raise InvalidInput(where, _("{value} is far outside any sensible value").format(value=raw))
    return value


def whole(raw: Any, where: str, *, minimum: int, maximum: int = MAX_SETTING_YEN) -> int:
    """A whole number from ``minimum`` to ``maximum``."""
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InvalidInput(
            where, _("expected a whole number, got {value}").format(value=shown(raw))
        )
    if raw < minimum:
        raise InvalidInput(
            where, _("must be at least {minimum}, got {value}").format(minimum=minimum, value=raw)
        )
    if raw > maximum:
        raise InvalidInput(
            where, _("must be at most {maximum:,}, got {value}").format(maximum=maximum, value=raw)
        )
    return raw


def _brackets(raw: Any, where: str) -> tuple[tuple[int, int], ...]:
    example = _("[[500, 2400], [1000, 3200]] (up to grams, yen)")
    expected = _("expected a list like {example}, got {value}")
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(where, expected.format(example=example, value=shown(raw)))
    brackets = []
    for pair in raw:
        if not isinstance(pair, list) or len(pair) != 2:
            raise InvalidInput(where, expected.format(example=example, value=shown(pair)))
        brackets.append((whole(pair[0], where, minimum=1), whole(pair[1], where, minimum=0)))
    for (grams_before, yen_before), (grams, yen) in zip(brackets, brackets[1:], strict=False):
        if grams <= grams_before or yen < yen_before:
            raise InvalidInput(where, _("brackets must go up in grams, and never down in yen"))
    return tuple(brackets)


def _buckets(raw: Any, where: str) -> tuple[int, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(
            where,
            _("expected a list of days like [30, 60, 90], got {value}").format(value=shown(raw)),
        )
    days = [whole(item, where, minimum=1, maximum=MAX_SETTING_DAYS) for item in raw]
    if any(later <= earlier for earlier, later in zip(days, days[1:], strict=False)):
        raise InvalidInput(where, _("bucket limits must go up"))
    return tuple(days)


def merge_mapping(current: dict, raw: dict, kind: str, where: str) -> dict:
    """A table-valued setting with the TOML table's entries checked and merged in."""
    merged = dict(current)
    for raw_key, value in raw.items():
        entry_where = f"{where} {raw_key}"
        if kind in ("categories", "ratios"):
            key = raw_key.strip().lower()
            if not key:
                raise InvalidInput(entry_where, _("category words must not be empty"))
            if kind == "ratios":
                merged[key] = number(value, entry_where, "nonneg")
            else:
                merged[key] = _category_rule(value, entry_where)
            continue
        if not raw_key.isdigit() or int(raw_key) not in SIZE_CLASSES:
            allowed = ", ".join(str(c) for c in SIZE_CLASSES)
            raise InvalidInput(
                entry_where, _("unknown parcel class; known: {known}").format(known=allowed)
            )
        size_class = int(raw_key)
        minimum = 1 if kind in ("class_grams", "class_days") else 0
        maximum = MAX_SETTING_DAYS if kind == "class_days" else MAX_SETTING_YEN
        merged[size_class] = whole(value, entry_where, minimum=minimum, maximum=maximum)
        if kind == "class_grams" and value > WEIGHT_CAP_G[size_class]:
            raise InvalidInput(
                entry_where,
                _("above the class's {cap} g weight cap").format(cap=WEIGHT_CAP_G[size_class]),
            )
    if kind == "class_days":
        # A bigger box must never be kept longer, or it could score better for its size.
        _check_rises_with_class({c: -days for c, days in merged.items()}, where, falls=True)
    elif kind not in ("categories", "ratios"):
        _check_rises_with_class(merged, where)
    return merged


def entry_key(raw_key: str, kind: str) -> str:
    """How a table entry's key is stored (category words are lower-cased)."""
    return raw_key.strip().lower() if kind in ("categories", "ratios") else raw_key


def _category_rule(value: Any, where: str) -> float | tuple[float, int, float]:
    if isinstance(value, list):
        if len(value) != 3:
            raise InvalidInput(where, _("expected a rate or [rate, above_yen, rate_above]"))
        return (
            number(value[0], where, "fraction"),
            whole(value[1], where, minimum=0),
            number(value[2], where, "fraction"),
        )
    return number(value, where, "fraction")


def _check_rises_with_class(table: dict[int, int], where: str, *, falls: bool = False) -> None:
    # A bigger parcel must never cost less, or a bigger item could score better.
    previous = None
    for size_class in SIZE_CLASSES:
        if size_class not in table:
            continue
        value = table[size_class]
        if previous is not None and value < table[previous]:
            sign = -1 if falls else 1
            problem = (
                _(
                    "{value} is above class {previous}'s {limit}; "
                    "values must not rise as parcels grow"
                )
                if falls
                else _(
                    "{value} is below class {previous}'s {limit}; "
                    "values must not fall as parcels grow"
                )
            )
            raise InvalidInput(
                f"{where} {size_class}",
                problem.format(value=sign * value, previous=previous, limit=sign * table[previous]),
            )
        previous = size_class
