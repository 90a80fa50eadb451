"""Reading ``liquidator.toml`` over the defaults (and learned values over both).

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

A new entry (``based_on``) takes every value of the entry it copies except the ones
that say what it is (``own_fields``: a channel's label, blurb and switch): it is named
by its own name, switched on, with no blurb, unless the file says otherwise.

The file's values are laid over the current ones and checked by the settings' pydantic
models (``sections``) in one go; ``problems.settings_error`` is the one place a validation error
becomes an InvalidInput, naming the file and the key (``liquidator.toml [channels.yahoo]
fee_rate``) in the reader's language.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput
from liquidator.i18n import N_, _
from liquidator.settings.messages import shown, unknown

if TYPE_CHECKING:
    from pydantic import BaseModel

    from liquidator.settings.problems import Place
    from liquidator.settings.sections import Settings

_UNKNOWN = {"channels": N_("unknown channel"), "shipping": N_("unknown shipping table")}
_NEW_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
BASED_ON = "based_on"


def load_settings(path: Path | None) -> Settings:
    """DEFAULTS overlaid with ``path`` (a liquidator.toml) when it exists.

    Raises InvalidInput naming the file and the key for invalid TOML, an unknown
    section, channel or key, or a value of the wrong type or range.
    """
    from liquidator.settings.defaults import DEFAULTS

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


def configured_language(path: Path | None) -> str | None:
    """``[ui] lang`` of the settings file at ``path`` when it is one liquidator speaks,
    else None (no file, no such key, or a file the command will report as broken).

    Read without the settings' models, so that ``--help`` is shown in the seller's
    language without importing pydantic.
    """
    from liquidator.i18n import LANGUAGES

    if path is None or not Path(path).is_file():
        return None
    try:
        document = tomllib.loads(_settings_text(Path(path).read_bytes(), Path(path)))
    except (InvalidInput, tomllib.TOMLDecodeError, OSError):
        return None
    ui = document.get("ui")
    language = ui.get("lang") if isinstance(ui, dict) else None
    return language if language in LANGUAGES else None


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
    from pydantic import ValidationError

    from liquidator.settings.sections import (
        COLLECTIONS,
        NESTED_SECTIONS,
        SINGLE_SECTIONS,
        Settings,
    )

    data = {name: getattr(base, name) for name in Settings.model_fields if name != "sources"}
    given: dict[str, Any] = {}  # the document by attribute name, for error messages
    for section, table in document.items():
        _require_table(table, path, section)
        if section in COLLECTIONS:
            data[section] = _overlay_collection(
                data[section], COLLECTIONS[section], table, path, section
            )
        elif section in SINGLE_SECTIONS:
            data[section] = overlay(data[section], table)
        elif section in NESTED_SECTIONS:
            attribute = NESTED_SECTIONS[section]
            data[attribute] = _overlay_nested(data[attribute], table, path, section)
        else:
            known = [*COLLECTIONS, *SINGLE_SECTIONS, *NESTED_SECTIONS]
            raise InvalidInput(
                f"{path.name} [{section}]", unknown(_("unknown section"), section, known)
            )
        given[NESTED_SECTIONS.get(section, section)] = table
    try:
        merged = Settings.model_validate(data)
    except ValidationError as exc:
        toml_names = {attribute: name for name, attribute in NESTED_SECTIONS.items()}
        from liquidator.settings.problems import settings_error

        raise settings_error(exc, Settings, given, _in_file(path, toml_names)) from None
    sources = dict(base.sources)
    for section, table in document.items():
        attribute = NESTED_SECTIONS.get(section, section)
        entries = getattr(merged, attribute)
        if section in SINGLE_SECTIONS:
            _record_sources(entries, table, section, sources, str(path))
            continue
        for name, entry_table in table.items():
            entry = entries[name] if isinstance(entries, dict) else getattr(entries, name)
            _record_sources(entry, entry_table, f"{section}.{name}", sources, str(path))
    return merged.model_copy(update={"sources": sources})


def overlay(current: BaseModel | Mapping[str, Any], table: Mapping[str, Any]) -> dict[str, Any]:
    """The values of a section or entry for pydantic to check: ``current``'s (a model, or
    values overlaid already) with ``table``'s over them, a table merged entry by entry.

    Of a model only the values that differ from their field's default are taken: a
    default need not pass the checks a seller's value does (``label_ja = ""``).
    """
    if isinstance(current, Mapping):
        values, defaults = dict(current), {}
    else:
        fields = type(current).model_fields
        defaults = {name: field.get_default(call_default_factory=True)
                    for name, field in fields.items()}  # fmt: skip
        values = {name: getattr(current, name) for name in fields}
        values = {name: value for name, value in values.items() if value != defaults[name]}
    for key, raw in table.items():
        before = values.get(key, defaults.get(key))
        if isinstance(before, dict) and isinstance(raw, Mapping):
            values[key] = {**before, **raw}
        else:
            values[key] = raw
    return values


def _overlay_collection(
    entries: dict[str, Any], model: Any, table: dict[str, Any], path: Path, section: str
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
            start = copy_of(result[based_on], model, name)
        result[name] = overlay(start, entry_table)
    return result


def copy_of(entry: BaseModel | Mapping[str, Any], model: Any, name: str) -> dict[str, Any]:
    """What a new entry ``name`` made with ``based_on`` takes from ``entry``: every value
    but the model's ``own_fields`` (those keep their defaults; a label is ``name``)."""
    values = overlay(entry, {})
    copied = {key: value for key, value in values.items() if key not in model.own_fields}
    if "label" in model.own_fields:
        copied["label"] = name
    return copied


def _overlay_nested(current: BaseModel, table: dict[str, Any], path: Path, section: str) -> dict:
    """A section of fixed named sub-tables (``[sources.keepa]``), each one model."""
    names = list(type(current).model_fields)
    values = overlay(current, {})
    for name, sub_table in table.items():
        where = f"{section}.{name}"
        if name not in names:
            raise InvalidInput(f"{path.name} [{where}]", unknown(_("unknown section"), name, names))
        _require_table(sub_table, path, where)
        values[name] = overlay(getattr(current, name), sub_table)
    return values


def _require_table(value: Any, path: Path, section: str) -> None:
    if not isinstance(value, dict):
        raise InvalidInput(
            f"{path.name} [{section}]",
            _("expected a table, got {value}").format(value=shown(value)),
        )


def _record_sources(
    entry: BaseModel, table: Mapping[str, Any], prefix: str, sources: dict[str, str], source: str
) -> None:
    """Note ``source`` as where each key of ``table`` (each entry of a table-valued one)
    came from."""
    from liquidator.settings.values import table_key

    for key, raw in table.items():
        value = getattr(entry, key, None)
        if isinstance(value, dict):
            for entry_key in raw if isinstance(raw, Mapping) else value:
                sources[f"{prefix}.{key}.{table_key(entry_key, value)}"] = source
        else:
            sources[f"{prefix}.{key}"] = source


def _in_file(path: Path, toml_names: Mapping[str, str]) -> Place:
    def place(sections: tuple[str, ...], key: str | None, entry: str | None) -> str:
        section = ".".join(toml_names.get(part, part) for part in sections)
        if key is None:
            return f"{path.name} [{section}]"
        if entry is None:
            return f"{path.name} [{section}] {key}"
        return f"{path.name} [{section}.{key}] {entry}"

    return place


def with_channel_overrides(
    settings: Settings,
    overrides: Mapping[str, Mapping[str, Any]],
    *,
    source: str = "calibration",
) -> Settings:
    """Settings with some channel values replaced, e.g. learned price ratios.

    ``overrides`` is ``{channel: {field: value}}``. Values are validated like TOML
    values, except that a fractional whole-number value (``days_to_cash``, an average)
    is rounded and a numpy number is taken as a Python one. A table
    (``category_ratios``) is merged entry by entry, as in TOML. ``describe_settings``
    reports these keys (a table's entries) with ``source``.
    """
    import math

    from pydantic import ValidationError

    from liquidator.settings.sections import ChannelSettings

    channels = dict(settings.channels)
    sources = dict(settings.sources)
    fields = ChannelSettings.model_fields
    for name, values in overrides.items():
        if name not in channels:
            raise InvalidInput(f"channels.{name}", unknown(_("unknown channel"), name, channels))
        changes = {}
        for key, raw in values.items():
            if hasattr(raw, "item") and not isinstance(raw, bool | int | float):
                raw = raw.item()  # a numpy scalar from a calibration query
            if key in fields and fields[key].annotation is int and isinstance(raw, float):
                raw = round(raw) if math.isfinite(raw) else raw
            changes[key] = raw
        try:
            channel = ChannelSettings.model_validate(overlay(channels[name], changes))
        except ValidationError as exc:
            from liquidator.settings.problems import settings_error

            raise settings_error(exc, ChannelSettings, changes, _learned(name)) from None
        channels[name] = channel
        _record_sources(channel, changes, f"channels.{name}", sources, source)
    return settings.model_copy(update={"channels": channels, "sources": sources})


def _learned(channel: str) -> Place:
    def place(sections: tuple[str, ...], key: str | None, entry: str | None) -> str:
        where = f"channels.{channel}.{key}"
        return where if entry is None else f"{where} {entry}"

    return place
