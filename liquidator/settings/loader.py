"""Reading ``liquidator.toml`` over the defaults, and describing the result.

A ``liquidator.toml`` overrides any default, section by section, and can add a channel
or a shipping table based on an existing one::

    [channels.yahoo]
    fee_rate = 0.12
    [channels.rakuma]            # a new channel, scored and sold like any other
    based_on = "mercari"
    label = "Rakuma"
    fee_rate = 0.066
    [shipping.domestic.rates]
    60 = 950
    [holding]
    margin_per_turn = 0.08

Unknown sections or keys and wrongly typed values raise InvalidInput naming the file
and the key.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.i18n import N_, _
from liquidator.settings.defaults import DEFAULTS
from liquidator.settings.sections import (
    NESTED_SECTIONS,
    SINGLE_SECTIONS,
    ChannelSettings,
    Settings,
    ShippingTable,
)
from liquidator.settings.values import (
    MAPPING_KINDS,
    MAX_SETTING_DAYS,
    entry_key,
    merge_mapping,
    shown,
    unknown,
    validate,
    whole,
)

# Collections of named entries: section -> entry class.
_COLLECTIONS = {"channels": ChannelSettings, "shipping": ShippingTable}
_UNKNOWN = {"channels": N_("unknown channel"), "shipping": N_("unknown shipping table")}
_NEW_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
BASED_ON = "based_on"


def load_settings(path: Path | None) -> Settings:
    """DEFAULTS overlaid with ``path`` (a liquidator.toml) when it exists.

    Raises InvalidInput naming the file and the key for invalid TOML, an unknown
    section, channel or key, or a value of the wrong type or range.
    """
    if path is None or not Path(path).is_file():
        return DEFAULTS
    path = Path(path)
    try:
        document = tomllib.loads(_settings_text(path.read_bytes(), path))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(
            path.name, _("not valid TOML: {error}").format(error=_located(exc, path))
        ) from None
    except OSError as exc:
        raise InvalidInput(
            path.name, _("cannot be read: {error}").format(error=exc.strerror or exc)
        ) from None
    return apply_document(DEFAULTS, document, path)


def _settings_text(data: bytes, path: Path) -> str:
    """The file's text: UTF-8, with or without the BOM Windows editors (Notepad) put
    first; a file saved as Shift_JIS (cp932) is refused with how to fix it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            data.decode("cp932")
        except UnicodeDecodeError:
            raise InvalidInput(
                path.name,
                _("cannot be read: byte {position} is not UTF-8; save the file as UTF-8").format(
                    position=exc.start + 1
                ),
            ) from None
        raise InvalidInput(
            path.name,
            _("saved as Shift_JIS (cp932)? save it as UTF-8 (Notepad: Save As, "
              "Encoding: UTF-8)"),
        ) from None  # fmt: skip


def _located(exc: tomllib.TOMLDecodeError, path: Path) -> str:
    # tomllib says "(at end of document)" for unterminated input; name the line anyway.
    message = str(exc)
    if message.endswith("(at end of document)"):
        last_line = max(1, len(path.read_bytes().splitlines()))
        message = message.replace(
            "(at end of document)", _("(at the end, line {line})").format(line=last_line)
        )
    return message


def apply_document(base: Settings, document: dict[str, Any], path: Path) -> Settings:
    """``base`` with a parsed TOML document applied (see the module docstring)."""
    sources = dict(base.sources)
    source = str(path)
    changes: dict[str, Any] = {}
    for section, table in document.items():
        _require_table(table, path, section)
        if section in _COLLECTIONS:
            changes[section] = _apply_collection(
                getattr(base, section), _COLLECTIONS[section], table, path, section, sources, source
            )
        elif section in SINGLE_SECTIONS:
            current = getattr(base, section)
            changes[section] = _apply_table(current, table, path, section, sources, source)
        elif section in NESTED_SECTIONS:
            attribute = NESTED_SECTIONS[section]
            changes[attribute] = _apply_nested(
                getattr(base, attribute), table, path, section, sources, source
            )
        else:
            known = [*_COLLECTIONS, *SINGLE_SECTIONS, *NESTED_SECTIONS]
            raise InvalidInput(
                f"{path.name} [{section}]", unknown(_("unknown section"), section, known)
            )
    merged = dataclasses.replace(base, **changes, sources=sources)
    _check_across_sections(merged, path)
    return merged


def _apply_collection(
    entries: dict[str, Any],
    entry_class: type,
    table: dict[str, Any],
    path: Path,
    section: str,
    sources: dict[str, str],
    source: str,
) -> dict[str, Any]:
    result = dict(entries)
    for name, entry_table in table.items():
        where = f"{section}.{name}"
        _require_table(entry_table, path, where)
        entry_table = dict(entry_table)
        based_on = entry_table.pop(BASED_ON, None)
        if name in result:
            if based_on is not None:
                raise InvalidInput(
                    f"{path.name} [{where}] {BASED_ON}",
                    _("{name} already exists").format(name=name),
                )
            start = result[name]
        else:
            if based_on is None:
                raise InvalidInput(
                    f"{path.name} [{where}]",
                    _(
                        "{unknown}; to add one, start from an existing one: "
                        '{based_on} = "{example}"'
                    ).format(
                        unknown=unknown(_(_UNKNOWN[section]), name, result),
                        based_on=BASED_ON,
                        example=next(iter(result)),
                    ),
                )
            if not _NEW_NAME.match(name):
                raise InvalidInput(
                    f"{path.name} [{where}]", _("a new name is lower-case letters, digits and _")
                )
            if based_on not in result:
                raise InvalidInput(
                    f"{path.name} [{where}] {BASED_ON}",
                    unknown(_("unknown name"), str(based_on), result),
                )
            start = result[based_on]
            if "label" in entry_table and hasattr(start, "label_ja"):
                # A new name is not the Japanese name of the channel it copies.
                start = dataclasses.replace(start, label_ja="")
            if "blurb" in entry_table and hasattr(start, "blurb_ja"):
                start = dataclasses.replace(start, blurb_ja="")
            sources[f"{where}.{BASED_ON}"] = source
        result[name] = _apply_table(start, entry_table, path, where, sources, source)
    return result


def _apply_table(
    current: Any,
    table: dict[str, Any],
    path: Path,
    section: str,
    sources: dict[str, str],
    source: str,
) -> Any:
    fields = {f.name: f for f in dataclasses.fields(current)}
    changes: dict[str, Any] = {}
    for key, raw in table.items():
        where = f"{path.name} [{section}] {key}"
        if key not in fields:
            raise InvalidInput(where, unknown(_("unknown key"), key, fields))
        kind = fields[key].metadata["kind"]
        if kind == "class_days" and isinstance(raw, int) and not isinstance(raw, bool):
            days = whole(raw, where, minimum=1, maximum=MAX_SETTING_DAYS)  # one for every class
            raw = {str(size_class): days for size_class in getattr(current, key) or (60,)}
        if kind in MAPPING_KINDS:
            if not isinstance(raw, dict):
                raise InvalidInput(
                    where,
                    _("expected a table ([{table}]), got {value}").format(
                        table=f"{section}.{key}", value=shown(raw)
                    ),
                )
            changes[key] = merge_mapping(
                getattr(current, key), raw, kind, f"{path.name} [{section}.{key}]"
            )
            for entry in raw:
                sources[f"{section}.{key}.{entry_key(entry, kind)}"] = source
        else:
            changes[key] = validate(raw, fields[key], where)
            sources[f"{section}.{key}"] = source
    return dataclasses.replace(current, **changes)


def _apply_nested(
    current: Any,
    table: dict[str, Any],
    path: Path,
    section: str,
    sources: dict[str, str],
    source: str,
) -> Any:
    """A section of fixed named sub-tables (``[sources.keepa]``), each one dataclass."""
    names = {f.name for f in dataclasses.fields(current)}
    changes = {}
    for name, sub_table in table.items():
        where = f"{section}.{name}"
        if name not in names:
            raise InvalidInput(f"{path.name} [{where}]", unknown(_("unknown section"), name, names))
        _require_table(sub_table, path, where)
        changes[name] = _apply_table(
            getattr(current, name), sub_table, path, where, sources, source
        )
    return dataclasses.replace(current, **changes)


def _require_table(value: Any, path: Path, section: str) -> None:
    if not isinstance(value, dict):
        raise InvalidInput(
            f"{path.name} [{section}]",
            _("expected a table, got {value}").format(value=shown(value)),
        )


def _check_across_sections(settings: Settings, path: Path) -> None:
    limits = settings.cancel_rate
    if limits.private_limit > limits.amazon_limit:
        raise InvalidInput(
            f"{path.name} [cancel_rate] private_limit",
            _("{private:g} is above amazon_limit ({amazon:g})").format(
                private=limits.private_limit, amazon=limits.amazon_limit
            ),
        )
    for name, channel in settings.channels.items():
        if channel.shipping not in settings.shipping:
            raise InvalidInput(
                f"{path.name} [channels.{name}] shipping",
                unknown(_("unknown shipping table"), channel.shipping, settings.shipping),
            )
    for name, table in settings.shipping.items():
        check_table(table, f"{path.name} [shipping.{name}]")
    if settings.market.channel not in settings.channels:
        raise InvalidInput(
            f"{path.name} [market] channel",
            unknown(_("unknown channel"), settings.market.channel, settings.channels),
        )


def check_table(table: ShippingTable, where: str) -> None:
    """A shipping table has what its kind needs."""
    from liquidator.sizes import SIZE_CLASSES

    if table.kind == "parcel":
        missing = [c for c in SIZE_CLASSES if c not in table.rates]
        if missing:
            raise InvalidInput(
                f"{where} rates",
                _("needs a rate for every class; missing {missing}").format(missing=missing),
            )
    if table.kind == "weight" and not table.brackets:
        raise InvalidInput(f"{where} brackets", _("a weight table needs brackets"))


# --- describing and overriding ---------------------------------------------------------


def describe_settings(settings: Settings) -> list[dict[str, Any]]:
    """Every effective setting as ``{key, value, source}`` rows, in a stable order.

    ``source`` is ``"default"``, the TOML file path the value came from, or
    ``"calibration"``. Table-valued settings get one row per entry
    (``shipping.domestic.rates.60``). Values are JSON-ready (tuples become lists).
    """
    rows: list[dict[str, Any]] = []
    for section in _COLLECTIONS:
        for name, entry in getattr(settings, section).items():
            rows.extend(_describe_section(entry, f"{section}.{name}", settings.sources))
    for section in SINGLE_SECTIONS:
        rows.extend(_describe_section(getattr(settings, section), section, settings.sources))
    for section, attribute in NESTED_SECTIONS.items():
        nested = getattr(settings, attribute)
        for spec in dataclasses.fields(nested):
            rows.extend(
                _describe_section(
                    getattr(nested, spec.name), f"{section}.{spec.name}", settings.sources
                )
            )
    holding = settings.holding
    derivation = (
        settings.sources.get("holding.annual_rate", "holding.annual_rate")
        if holding.annual_rate
        else f"margin_per_turn {holding.margin_per_turn:g} × turns_per_year "
        f"{holding.turns_per_year:g} (the return on recycled cash)"
    )
    rows.append(
        {"key": "holding.waiting_rate", "value": round(holding.waiting_rate, 4),
         "source": derivation}
    )  # fmt: skip
    return rows


def _describe_section(values: Any, prefix: str, sources: Mapping[str, str]) -> list[dict]:
    rows = []
    for spec in dataclasses.fields(values):
        value = getattr(values, spec.name)
        key = f"{prefix}.{spec.name}"
        if isinstance(value, dict):
            for entry, entry_value in value.items():
                entry_key_ = f"{key}.{entry}"
                rows.append(
                    {
                        "key": entry_key_,
                        "value": _jsonable(entry_value),
                        "source": sources.get(entry_key_, "default"),
                    }
                )
        elif spec.metadata.get("kind") == "secret":  # shown as set or not, never itself
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


def with_channel_overrides(
    settings: Settings,
    overrides: Mapping[str, Mapping[str, Any]],
    *,
    source: str = "calibration",
) -> Settings:
    """Settings with some channel values replaced, e.g. learned price ratios.

    ``overrides`` is ``{channel: {field: value}}``. Values are validated like TOML
    values, except that a fractional ``days_to_cash`` (an average) is rounded to
    whole days. A table of category ratios (``category_ratios``) is merged entry by
    entry, as in TOML. ``describe_settings`` reports these keys (a table's entries)
    with ``source``.
    """
    channels = dict(settings.channels)
    sources = dict(settings.sources)
    fields = {f.name: f for f in dataclasses.fields(ChannelSettings)}
    for name, values in overrides.items():
        if name not in channels:
            raise InvalidInput(f"channels.{name}", unknown(_("unknown channel"), name, channels))
        changes = {}
        for key, raw in values.items():
            where = f"channels.{name}.{key}"
            if key not in fields:
                raise InvalidInput(where, unknown(_("unknown key"), key, fields))
            spec = fields[key]
            kind = spec.metadata["kind"]
            if kind == "ratios" and isinstance(raw, Mapping):
                current = changes.get(key, getattr(channels[name], key))
                changes[key] = merge_mapping(current, dict(raw), kind, where)
                sources.update({f"{where}.{entry_key(k, kind)}": source for k in raw})
                continue
            if kind in MAPPING_KINDS:
                raise InvalidInput(where, _("table-valued settings cannot be overridden here"))
            if hasattr(raw, "item") and not isinstance(raw, bool | int | float):
                raw = raw.item()  # a numpy scalar from a calibration query
            if spec.metadata["kind"] in ("days", "yen", "posint") and isinstance(raw, float):
                raw = round(raw) if math.isfinite(raw) else raw
            changes[key] = validate(raw, spec, where)
            sources[where] = source
        channels[name] = dataclasses.replace(channels[name], **changes)
    return dataclasses.replace(settings, channels=channels, sources=sources)
