"""Named plugins that the modules of a package register: journal layouts, export kinds.

A plugin is a frozen dataclass that says what it is (its ``name`` and what the CLI
help and the tests read); its module registers it when imported::

    LAYOUTS.register(JournalLayout(name="mybooks", ...))

``all()`` imports every module of the registry's package once, so adding a plugin is
adding a module there: nothing lists the names by hand, and the CLI's help, its
error messages and the contract tests read them from here.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Generic, Protocol, TypeVar


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


class Registry(Generic[T]):
    """The plugins of one package by name, in the order they registered.

    ``field`` is what an unknown name is reported as (``layout`` → ``--layout`` at the
    CLI edge); ``sorted_names`` lists the names alphabetically in that message.
    """

    def __init__(self, package: str, field: str, *, sorted_names: bool = False):
        self.package = package
        self.field = field
        self.sorted_names = sorted_names
        self.entries: dict[str, T] = {}
        self._imported = False

    def register(self, entry: T) -> T:
        """Add ``entry`` under its name (a second entry of that name is a bug)."""
        if self.entries.get(entry.name, entry) is not entry:
            raise ValueError(f"two {self.field}s are named {entry.name!r}")
        self.entries[entry.name] = entry
        return entry

    def all(self) -> dict[str, T]:
        """Every plugin by name, the package's modules imported first."""
        if not self._imported:
            package = importlib.import_module(self.package)
            for module in pkgutil.iter_modules(package.__path__):
                if not module.name.startswith("_"):
                    importlib.import_module(f"{self.package}.{module.name}")
            self._imported = True
        return self.entries

    def names(self) -> list[str]:
        """The plugins' names as help and error messages list them."""
        names = list(self.all())
        return sorted(names) if self.sorted_names else names

    def get(self, name: str) -> T:
        """The plugin ``name``; InvalidInput naming the field and every name when unknown."""
        from liquidator.parsing import check_choice

        check_choice(name, self.names(), self.field)
        return self.all()[name]
