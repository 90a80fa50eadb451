"""Every effective setting as rows of key, value and where it came from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from liquidator.i18n import N_, _, current_language
from liquidator.settings.values import SECRET

if TYPE_CHECKING:
    from pydantic import BaseModel

    from liquidator.settings.sections import Settings


def describe_settings(settings: Settings) -> list[dict[str, Any]]:
    """Every effective setting as ``{key, value, source}`` rows, in a stable order.

    ``source`` is ``"default"``, the TOML file path the value came from, or
    ``"calibration"``. Table-valued settings get one row per entry
    (``shipping.domestic.rates.60``). Values are JSON-ready (tuples become lists); a
    credential is shown as ``set`` or ``not set``.
    """
    from liquidator.settings.sections import COLLECTIONS, NESTED_SECTIONS, SINGLE_SECTIONS

    rows: list[dict[str, Any]] = []
    for section in COLLECTIONS:
        for name, entry in getattr(settings, section).items():
            rows.extend(_describe_section(entry, f"{section}.{name}", settings.sources))
    for section in SINGLE_SECTIONS:
        rows.extend(_describe_section(getattr(settings, section), section, settings.sources))
    for section, attribute in NESTED_SECTIONS.items():
        nested = getattr(settings, attribute)
        for name in type(nested).model_fields:
            rows.extend(
                _describe_section(getattr(nested, name), f"{section}.{name}", settings.sources)
            )
    holding = settings.holding
    derivation = (
        settings.sources.get("holding.annual_rate", "holding.annual_rate")
        if holding.annual_rate
        else _(
            "margin_per_turn {margin:g} × turns_per_year {turns:g} (the return on recycled cash)"
        ).format(margin=holding.margin_per_turn, turns=holding.turns_per_year)
    )
    rows.append(
        {"key": "holding.waiting_rate", "value": round(holding.waiting_rate, 4),
         "source": derivation}
    )  # fmt: skip
    return rows


def _describe_section(values: BaseModel, prefix: str, sources: Mapping[str, str]) -> list[dict]:
    rows = []
    for name, field in type(values).model_fields.items():
        value = getattr(values, name)
        key = f"{prefix}.{name}"
        if isinstance(value, dict):
            for entry, entry_value in value.items():
                entry_key = f"{key}.{entry}"
                rows.append(
                    {
                        "key": entry_key,
                        "value": _jsonable(entry_value),
                        "source": sources.get(entry_key, "default"),
                    }
                )
        elif SECRET in field.metadata:  # shown as set or not, never itself
            shown_value = "set" if value else "not set"
            rows.append({"key": key, "value": shown_value, "source": sources.get(key, "default")})
        else:
            rows.append(
                {"key": key, "value": _jsonable(value), "source": sources.get(key, "default")}
            )
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    return value


# How a person reads a setting's value or source that is a word of the code.
_WORDS = {"default": N_("default"), "set": N_("set"), "not set": N_("not set")}
# A text setting with a Japanese twin (``blurb``/``blurb_ja``): one row, the reader's.
_TWINS = ("blurb",)


def readable_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """``describe_settings``' rows as a person reads them in the current language: flags
    as yes/no, ``default`` and a credential's ``set`` in words, and of a text with a
    Japanese twin only the reader's (the English one when the twin is empty)."""
    values = {row["key"]: row["value"] for row in rows}
    japanese = current_language() == "ja"

    def hidden(key: str) -> bool:
        for twin in _TWINS:
            if key.endswith(f".{twin}_ja"):
                return not (japanese and values[key])
            if key.endswith(f".{twin}") and f"{key}_ja" in values:
                return japanese and bool(values[f"{key}_ja"])
        return False

    return [
        {"key": row["key"], "value": _value_text(row["value"]), "source": _word(row["source"])}
        for row in rows
        if not hidden(row["key"])
    ]


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value == value and value != int(value):
        return f"{value:.4f}".rstrip("0").rstrip(".")  # 0.80937868915543 → 0.8094
    return _word(value) if isinstance(value, str) else str(value)


def _word(text: Any) -> str:
    text = str(text)
    return _(_WORDS[text]) if text in _WORDS else text
