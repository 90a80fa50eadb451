"""From advice to listings: the upload files each site accepts (``listings export``),
the plan's price changes (``listings revise``), one module per site in ``formats``.

``listing_file(name)`` and ``revision_file(name)`` find a site's files by module name;
``FILE_NAMES`` lists them for help and errors, read from the package, never typed out.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from liquidator.errors import InvalidInput
from liquidator.i18n import _

if TYPE_CHECKING:
    from liquidator.listings.layout import ListingFile, RevisionFile

# CHANNEL for every site at once (each file into a folder).
ALL_SITES = "all"


def file_names() -> tuple[str, ...]:
    """Every site with a listing file, by module name."""
    from liquidator.listings import formats

    return tuple(sorted(module.name for module in pkgutil.iter_modules(formats.__path__)))


def _module(name: str, what: str, names: tuple[str, ...]):
    if name not in names:
        raise InvalidInput(
            "CHANNEL",
            _("{name!r} has no {what}; there are {names}").format(
                name=name, what=what, names=", ".join(names) or "—"
            ),
        )
    return importlib.import_module(f"liquidator.listings.formats.{name}")


def listing_file(name: str) -> ListingFile:
    """The listing file of the site ``name`` (InvalidInput naming the known ones)."""
    return _module(name, _("listing file"), file_names()).LISTING


def revision_names() -> tuple[str, ...]:
    """The sites with a price-change file."""
    return tuple(
        name
        for name in file_names()
        if hasattr(importlib.import_module(f"liquidator.listings.formats.{name}"), "REVISION")
    )


def revision_file(name: str) -> RevisionFile:
    """The price-change file of the site ``name`` (InvalidInput naming the known ones)."""
    return _module(name, _("price-change file"), revision_names()).REVISION
