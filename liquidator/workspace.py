"""Where a workspace lives: its folder, its database URL and its settings file.

One resolver (like llm's ``user_dir``): the command-line option wins, then the
environment variable, then the default. Nothing here touches the disk.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liquidator.settings import Settings

HOME_ENV = "LIQUIDATOR_HOME"
DB_ENV = "LIQUIDATOR_DB"
SETTINGS_FILE = "liquidator.toml"


@dataclass(frozen=True)
class Workspace:
    """A seller's workspace: ``data/liquidator.db``, ``reports/`` and ``liquidator.toml``."""

    home: Path
    db_url: str

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    @property
    def templates_dir(self) -> Path:
        return self.home / "templates"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_path(self) -> Path:
        return self.home / SETTINGS_FILE

    def db_path_exists(self) -> bool:
        """Whether the SQLite database file exists (False for other engines)."""
        prefix = "sqlite:///"
        return self.is_sqlite and Path(self.db_url.removeprefix(prefix)).exists()

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @cached_property
    def settings(self) -> "Settings":
        """The effective settings: defaults overridden by ``liquidator.toml`` when present."""
        from liquidator.settings import load_settings

        path = self.settings_path
        return load_settings(path if path.is_file() else None)


def default_sqlite_url(home: Path) -> str:
    """The embedded database of a workspace."""
    return f"sqlite:///{(home / 'data' / 'liquidator.db').as_posix()}"


def resolve_workspace(
    *,
    home: str | Path | None = None,
    db: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Workspace:
    """Pick the workspace: option › environment variable › current directory."""
    env = os.environ if environ is None else environ
    home_path = Path(home or env.get(HOME_ENV) or Path.cwd()).expanduser().resolve()
    db_url = db or env.get(DB_ENV) or default_sqlite_url(home_path)
    return Workspace(home=home_path, db_url=db_url)
