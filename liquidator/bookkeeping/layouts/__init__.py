"""Journal file layouts: one module per accounting package's import format.

A layout module defines ``DESCRIPTION`` (one line), ``ENCODING`` (its default),
``HEADER`` (a tuple, or None for a file without one; then ``WIDTH``, its column count)
and ``entry_rows(entry, accounts)``, which lays one journal entry out as rows of plain
values (``accounts`` maps account keys to the names the books use). Optional:
``SEQUENTIAL_NUMBERS = True`` when the package wants entries numbered 1, 2, 3 … in the
file (the entry's ``source`` still names the disposal), and ``TAX_NAMES`` mapping the
journal's neutral tax codes to the package's 税区分. Adding a layout is adding a module
here: it is found by its module name (``--layout NAME``).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from liquidator.parsing import check_choice


def layout_names() -> list[str]:
    """Every layout in this package, by name."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.ispkg)


def get_layout(name: str) -> ModuleType:
    """The layout module called ``name``; InvalidInput naming ``layout`` when unknown."""
    check_choice(name, layout_names(), "layout")
    return importlib.import_module(f"{__name__}.{name}")
