"""Where a workspace lives: its folder, its database URL and its settings file.

One resolver (like llm's ``user_dir``): the command-line option wins, then the
environment variable, then the default. Nothing here writes to the disk; the home
folder is only looked at, to refuse one that cannot be a workspace.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from liquidator.errors import InvalidInput
from liquidator.i18n import _

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
        return self.db_file is not None and self.db_file.exists()

    @property
    def db_file(self) -> Path | None:
        """The SQLite database file (None for other engines)."""
        from liquidator.database_url import sqlite_path

        return sqlite_path(self.db_url)

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
    """Pick the workspace: option › environment variable › current directory.

    InvalidInput (field ``home``) when the home is a file or any other non-folder, or a
    symbolic link that leads back to itself: a workspace there would keep nothing.
    """
    env = os.environ if environ is None else environ
    given = Path(home or env.get(HOME_ENV) or Path.cwd()).expanduser()
    try:
        home_path = given.resolve()
        exists, is_folder = home_path.exists(), home_path.is_dir()
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a link loop
        raise InvalidInput(
            "home", _("{path} is a symbolic link that leads back to itself").format(path=given)
        ) from None
    if exists and not is_folder:
        raise InvalidInput(
            "home",
            _("{path} is a file, not a folder; give the workspace folder").format(path=given),
        )
    db_url = db or env.get(DB_ENV) or default_sqlite_url(home_path)
    return Workspace(home=home_path, db_url=db_url)
