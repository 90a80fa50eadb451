"""A damaged SQLite database told apart from any other failure, and what to do about it.

Damaged means the file itself is broken: SQLite says it is corrupt (a damaged page, a
schema it cannot parse) or not a database at all, or it hands back text that is not
UTF-8 (bytes overwritten in the schema or a row). Retrying cannot help; the seller
restores a backup, so the one error line names the command and the newest backup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from liquidator.errors import DatabaseDamaged
from liquidator.i18n import _

BACKUP_GLOB = "liquidator-*.db"
_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
REASON_MAX = 120


def damage_of(exc: BaseException) -> str | None:
    """Why ``exc`` (raw from sqlite3, or wrapped by SQLAlchemy) means a damaged file;
    None for any other failure (locked, disk full, a bug)."""
    if isinstance(exc, DatabaseDamaged):
        return exc.reason
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, UnicodeDecodeError):
        return _("it holds text that is not UTF-8")
    if not isinstance(orig, sqlite3.DatabaseError):
        return None
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _DAMAGE_CODES:
        return _shortened(text)
    if "Could not decode to UTF-8" in text:  # sqlite3's own words, no SQLite code
        return _("it holds text that is not UTF-8")
    return None


def newest_backup(backups_dir: Path) -> Path | None:
    """The most recently written backup in the workspace's backups folder, None when
    there is none."""
    try:
        found = [(p.stat().st_mtime, p.name, p) for p in backups_dir.glob(BACKUP_GLOB)]
    except OSError:
        return None
    return max(found)[2] if found else None


def damaged(path: Path, backups_dir: Path, reason: str) -> DatabaseDamaged:
    """The one line for a damaged database: what is wrong and the restore to run."""
    import shlex

    backup = newest_backup(backups_dir)
    if backup is None:
        return DatabaseDamaged(
            _("the database {path} is damaged ({reason}) and {folder} holds no backup; "
              "restore one you keep elsewhere: liquidator restore FILE").format(
                path=path, reason=reason, folder=backups_dir
            ),
            reason,
        )  # fmt: skip
    return DatabaseDamaged(
        _("the database {path} is damaged ({reason}); restore your latest backup: "
          "liquidator restore {backup}").format(
            path=path, reason=reason, backup=shlex.quote(str(backup))
        ),
        reason,
    )  # fmt: skip


def _shortened(text: str) -> str:
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"
