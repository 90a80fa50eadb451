"""What a market data source is to ``prices fetch``: the shapes it takes and gives,
its credentials, and the errors that stop a run.

A source is a module (``SOURCES`` names them; imported only when chosen) with ``NAME``
(the ``source`` stored on its observations), ``LABEL``, ``ENV`` (credential field →
environment variable), ``SECTION`` (its ``liquidator.toml`` table) and
``fetch(codes, *, credentials, as_of, clock)``, which yields ``Found`` as it goes and
raises ``Stopped`` when it cannot go on (what it yielded is kept).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from liquidator.errors import InvalidInput, LiquidatorError
from liquidator.i18n import _

# --source value -> the module that fetches from it.
SOURCES = {"sp-api": "liquidator.market.sp_api_source", "keepa": "liquidator.market.keepa_source"}
# Known problems with one product (the run goes on).
UNKNOWN, NO_OFFERS = "unknown", "no_offers"


@dataclass(frozen=True)
class Code:
    """What identifies a product to a source: its ASIN, else its JAN."""

    asin: str | None
    jan: str | None

    @property
    def text(self) -> str:
        return self.asin or self.jan or ""


@dataclass
class Found:
    """What a source learned of one product: ``prices`` as ``(kind, yen, day)``, the
    ASIN it has there (a JAN's, once looked up), or the ``problem`` (UNKNOWN,
    NO_OFFERS)."""

    code: Code
    asin: str | None = None
    prices: list[tuple[str, int, dt.date]] = field(default_factory=list)
    problem: str | None = None


class Stopped(LiquidatorError):
    """The source cannot go on (network down, credentials refused, still throttled)."""


def resolve_credentials(
    values: Any, env: Mapping[str, str], environ: Mapping[str, str], section: str
) -> dict[str, str]:
    """Each credential from its environment variable, else ``values`` (the
    ``liquidator.toml`` section); InvalidInput naming what is missing and where to put it."""
    found, missing = {}, []
    for name, variable in env.items():
        value = (environ.get(variable) or "").strip() or getattr(values, name)
        if value:
            found[name] = value
        else:
            missing.append((name, variable))
    if missing:
        raise InvalidInput(
            "source",
            _(
                "missing {variables}: set them in the environment, or in liquidator.toml "
                "under [{section}] ({keys})"
            ).format(
                variables=", ".join(variable for _name, variable in missing),
                section=section,
                keys=", ".join(f"{name} = …" for name, _variable in missing),
            ),
        )
    return found


def missing_library(package: str) -> InvalidInput:
    """The error for a source whose library is not installed."""
    return InvalidInput(
        "source",
        _("{package} is not installed; install the market extra: pip install 'liquidator[market]'")
        .format(package=package),
    )  # fmt: skip


def settings_for(settings: Any, section: str) -> Any:
    """The source's ``[sources.NAME]`` values (``section`` is ``sources.NAME``)."""
    return getattr(settings.price_sources, section.split(".", 1)[1])
