"""Consistent copies of a workspace's SQLite database, and putting one back.

Both directions use SQLite's online backup API (``sqlite3.Connection.backup``), never a
file copy: a copy of ``liquidator.db`` alone misses whatever still sits in its WAL file,
and copying over a live WAL database corrupts it. The API copies every page inside one
read transaction, which in WAL mode does not block other commands, so a backup taken
while someone adds items holds each of their transactions entirely or not at all.

PostgreSQL has its own tools (``pg_dump``/``pg_restore``); these functions refuse it.
"""

import datetime as dt
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from liquidator.errors import InvalidInput, LiquidatorError

BACKUP_PREFIX = "liquidator-"
_BUSY_TIMEOUT_S = 60


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds: where it is, how big, how many items, which schema."""

    path: str
    size_bytes: int
    items: int
    schema_revision: str
    integrity: str

    def as_dict(self) -> dict:
        return asdict(self)


def postgres_hint(url: str, *, restore: bool = False) -> str:
    """The ``pg_dump`` (or ``pg_restore``) command for this PostgreSQL URL, password hidden."""
    from sqlalchemy.engine import make_url

    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=True)
    if restore:
        return f"pg_restore --clean --dbname '{libpq}' liquidator.dump"
    return f"pg_dump --format=custom --file liquidator.dump '{libpq}'"


def shown(path: Path) -> str:
    """A path for an error line: as is, or quoted when it holds a newline or the like."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def default_backup_path(*, backups_dir: Path, now: dt.datetime | None = None) -> Path:
    """``<backups_dir>/liquidator-YYYYmmdd-HHMMSS.db``, with ``-2``… if that name is taken."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = backups_dir / f"{BACKUP_PREFIX}{stamp}.db"
    n = 2
    while path.exists():
        path = backups_dir / f"{BACKUP_PREFIX}{stamp}-{n}.db"
        n += 1
    return path


def backup_sqlite(*, source: Path, destination: Path) -> BackupInfo:
    """Copy the live database at ``source`` into a new file ``destination``, then check it.

    The copy is written beside the destination under a temporary name and renamed only
    once it passed ``PRAGMA integrity_check``, so an interrupted backup never leaves a
    file that looks like a good one.
    """
    if not source.is_file():
        raise LiquidatorError(f"backup: nothing to back up yet: no database at {shown(source)}")
    if destination.exists():
        raise InvalidInput("-o", f"{shown(destination)} already exists; choose another file name")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LiquidatorError(f"backup: cannot create {shown(destination.parent)}: {exc}") from None
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(source=source, destination=partial)
        # A backup is one self-contained file: no -wal/-shm beside it.
        connection = _connect(partial)
        try:
            connection.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            connection.close()
        info = inspect_database(path=partial)
        partial.replace(destination)
    except sqlite3.Error as exc:
        raise LiquidatorError(f"backup: copying {shown(source)} failed: {exc}") from None
    except InvalidInput as exc:
        raise LiquidatorError(f"backup: the copy failed its check: {exc.problem}") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(**(info.as_dict() | {"path": str(destination)}))


def inspect_database(*, path: Path) -> BackupInfo:
    """Check that ``path`` is a sound liquidator database; InvalidInput naming it if not.

    Sound means: a SQLite file whose ``PRAGMA integrity_check`` says ok, holding the
    ``alembic_version`` and ``items`` tables, at a schema revision this liquidator knows.
    """
    name = shown(path)
    if not path.is_file():
        raise InvalidInput(name, "no such file")
    try:
        connection = _connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise InvalidInput(name, f"cannot be opened ({exc})") from None
    try:
        with connection:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = [t for t in ("alembic_version", "items") if t not in tables]
            if missing:
                raise InvalidInput(
                    name, f"is not a liquidator database (no {' or '.join(missing)} table)"
                )
            integrity = "; ".join(r[0] for r in connection.execute("PRAGMA integrity_check"))
            if integrity != "ok":
                raise InvalidInput(name, f"is damaged (integrity_check: {integrity[:200]})")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            items = connection.execute("SELECT count(*) FROM items").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise InvalidInput(name, "is not a liquidator database (not SQLite)") from None
        raise InvalidInput(name, f"is damaged ({exc})") from None
    finally:
        connection.close()
    if revision is None:
        raise InvalidInput(name, "is not a liquidator database (no schema revision)")
    if revision[0] not in known_revisions():
        raise InvalidInput(
            name, f"has schema revision {revision[0]}, newer than this liquidator; upgrade it"
        )
    return BackupInfo(
        path=str(path),
        size_bytes=path.stat().st_size,
        items=items,
        schema_revision=revision[0],
        integrity=integrity,
    )


def restore_sqlite(
    *, backup: Path, target: Path, backups_dir: Path
) -> tuple[BackupInfo, BackupInfo | None]:
    """Replace the database at ``target`` with the liquidator database file ``backup``.

    The current database (when there is one) is backed up into ``backups_dir`` first.
    The new content goes in through the backup API, inside one write transaction of the
    live file, so a command running at the same moment sees the old database or the new
    one, never a mix. An older schema is then upgraded to this liquidator's.
    Returns the restored database and the backup of the one it replaced.
    """
    inspect_database(path=backup)
    if target.exists() and backup.resolve() == target.resolve():
        raise InvalidInput(shown(backup), "is the workspace's own database")
    previous = None
    if target.is_file():
        previous = backup_sqlite(
            source=target, destination=default_backup_path(backups_dir=backups_dir)
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy(source=backup, destination=target)
    except (OSError, sqlite3.Error) as exc:
        raise LiquidatorError(f"restore: writing {shown(target)} failed: {exc}") from None
    from liquidator.db import ensure_schema, make_engine

    engine = make_engine(f"sqlite:///{target.as_posix()}")
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()
    return inspect_database(path=target), previous


def known_revisions() -> set[str]:
    """Every schema revision this liquidator's migrations know."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    return sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S)


def _copy(*, source: Path, destination: Path) -> None:
    src = _connect(source)
    dst = _connect(destination)
    try:
        # pages=-1: the whole database in one step, so one consistent snapshot; a
        # step-wise copy would restart each time another process writes.
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()
