"""Every tunable number liquidator uses, its default, and the ``liquidator.toml`` loader.

Stdlib only at import time: this package sits on fast start-up paths (``add``,
``--help``). ``sections`` holds the shape, ``defaults`` the values (their sources are in
docs/scoring.md), ``loader`` reads ``liquidator.toml`` over them.
"""

from liquidator.settings.defaults import DEFAULTS
from liquidator.settings.loader import describe_settings, load_settings, with_channel_overrides
from liquidator.settings.sections import (
    AccountsSettings,
    ChannelSettings,
    HoldingSettings,
    Settings,
    ShippingTable,
)

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
