"""Journal file layouts: one module per accounting package's import format.

Each module registers a ``JournalLayout`` in ``LAYOUTS``: what the layout is called
(``--layout NAME``), one line on what it is (``export --help`` lists it), its header
(or none, then its column count), its encoding and line ending, and ``entry_rows``,
which lays one journal entry out as rows of plain values (``accounts`` maps account
keys to the names the books use; each posting's ``tax`` is already the layout's name).
The accounting itself is shared (``bookkeeping/journal.py``); a layout's tax names
(税区分, ``tax_names``: the names its package registers by default, each with its
source in docs/bookkeeping.md) and the account names its package uses where they
differ from the defaults (``accounts``) are data on it, and
``[bookkeeping.tax_names.LAYOUT]`` / ``[accounts]`` override them for a client.
Adding a layout is adding a module here and its test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from liquidator.registry import Registry

if TYPE_CHECKING:
    from liquidator.bookkeeping.journal import Entry

# The layout an export uses when none is asked for.
DEFAULT_LAYOUT = "generic"


@dataclass(frozen=True)
class JournalLayout:
    """One accounting package's journal import format."""

    name: str
    # One line on what it is, for ``export --help`` (marked with N_, translated there).
    description: str
    # The file's default encoding (``--encoding`` chooses another).
    encoding: str
    # The header row; None for a file without one (then ``width`` is its column count).
    header: tuple[str, ...] | None
    # One journal entry as rows of plain values, each ``columns`` wide.
    entry_rows: Callable[[Entry, Mapping[str, str]], list[tuple[Any, ...]]]
    width: int | None = None
    line_ending: str = "\r\n"
    # The package wants entries numbered 1, 2, 3 … in the file (the entry's ``source``
    # still names the disposal).
    sequential_numbers: bool = False
    # Tax code (journal.TAX_CODES; None: outside the tax) -> the package's 税区分 name.
    tax_names: Mapping[str | None, str] = field(default_factory=dict)
    # Account key -> the name this package registers, where it differs from [accounts]'s
    # defaults (a name the seller set in [accounts] wins).
    accounts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.header is None) == (self.width is None):
            raise ValueError(f"layout {self.name!r}: give a header or, without one, a width")

    @property
    def columns(self) -> int:
        """How many cells every row has."""
        return len(self.header) if self.header is not None else int(self.width or 0)


LAYOUTS: Registry[JournalLayout] = Registry(__name__, "layout", sorted_names=True)


def layout_names() -> list[str]:
    """Every registered layout, by name."""
    return LAYOUTS.names()


def get_layout(name: str) -> JournalLayout:
    """The layout called ``name``; InvalidInput naming ``layout`` when unknown."""
    return LAYOUTS.get(name)
