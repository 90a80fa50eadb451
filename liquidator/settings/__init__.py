"""Every tunable number liquidator uses, its default, and the ``liquidator.toml`` loader.

``sections`` holds the shape (pydantic models typed by the kinds in ``values``),
``defaults`` the values (their sources are in docs/scoring.md), ``loader`` reads
``liquidator.toml`` over them (``problems`` words its errors), ``describe`` lists them.

The names below are imported when first used (PEP 562), so that the loader's
``configured_language`` (the language of ``--help``) needs no pydantic; anything that
uses the settings themselves imports it, as opening the database does.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liquidator.settings.defaults import DEFAULTS
    from liquidator.settings.describe import describe_settings
    from liquidator.settings.loader import load_settings, with_channel_overrides
    from liquidator.settings.sections import (
        AccountsSettings,
        ChannelSettings,
        HoldingSettings,
        Settings,
        ShippingTable,
    )

# Each public name and the module that defines it.
_HOME = {
    "DEFAULTS": "defaults",
    "describe_settings": "describe",
    "load_settings": "loader",
    "with_channel_overrides": "loader",
    "AccountsSettings": "sections",
    "ChannelSettings": "sections",
    "HoldingSettings": "sections",
    "Settings": "sections",
    "ShippingTable": "sections",
}

__all__ = [
    "DEFAULTS",
    "AccountsSettings",
    "ChannelSettings",
    "HoldingSettings",
    "Settings",
    "ShippingTable",
    "describe_settings",
    "load_settings",
    "with_channel_overrides",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
