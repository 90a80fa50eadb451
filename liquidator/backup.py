"""Consistent copies of a workspace's SQLite database, and putting one back.

Both directions use SQLite's online backup API (``sqlite3.Connection.backup``), never a
file copy: a copy of ``liquidator.db`` alone misses whatever still sits in its WAL file,
and copying over a live WAL database corrupts it. The API copies every page inside one
read transaction, which in WAL mode does not block other commands, so a backup taken
while someone adds items holds each of their transactions entirely or not at all.

PostgreSQL has its own tools (``pg_dump``/``pg_restore``); these functions refuse it.
"""

import datetime as dt
import os
import sqlite3
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

from liquidator.damage import damage_of, damaged
from liquidator.errors import DatabaseDamaged, InvalidInput, LiquidatorError
from liquidator.i18n import _
from liquidator.schemas import expected_schema, known_revisions, schema_difference, schema_of
from liquidator.sqlite_files import (
    create_private,
    read_only_uri,
    remove_leftovers,
    remove_with_sidecars,
    replace_damaged,
    writable,
)

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


class Restored(NamedTuple):
    """What a restore did: the database now in place, the backup of the one it
    replaced (None when there was none, or it was damaged), and where a damaged one
    was set aside (None when it was sound)."""

    restored: BackupInfo
    previous: BackupInfo | None
    damaged_copy: Path | None


def postgres_hint(url: str, *, restore: bool = False) -> str:
    """The ``pg_dump`` (or ``pg_restore``) command for this PostgreSQL URL, every
    credential hidden (libpq takes the same URL without SQLAlchemy's driver name)."""
    from liquidator.database_url import check_url, masked

    check_url(url)
    libpq = masked("postgresql" + url[url.index("://") :])
    if restore:
        return f"pg_restore --clean --dbname '{libpq}' liquidator.dump"
    return f"pg_dump --format=custom --file liquidator.dump '{libpq}'"


def shown(path: Path) -> str:
    """A path for an error line: as is, or quoted when it holds a newline or the like."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def _taken(destination: Path) -> InvalidInput:
    problem = _("{path} already exists; choose another file name")
    return InvalidInput("output", problem.format(path=shown(destination)))


def default_backup_path(*, backups_dir: Path, now: dt.datetime | None = None) -> Path:
    """``<backups_dir>/liquidator-YYYYmmdd-HHMMSS.db``, with ``-2``… if that name is taken."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = backups_dir / f"{BACKUP_PREFIX}{stamp}.db"
    n = 2
    while path.exists():
        path = backups_dir / f"{BACKUP_PREFIX}{stamp}-{n}.db"
        n += 1
    return path


def backup_destination(output: str | None, *, backups_dir: Path) -> Path:
    """Where ``backup -o OUTPUT`` writes: a new dated file in the backups folder, or in
    the folder OUTPUT names, else the file OUTPUT."""
    if output is None:
        return default_backup_path(backups_dir=backups_dir)
    destination = Path(output).expanduser()
    if destination.is_dir():
        return default_backup_path(backups_dir=destination)
    return destination


def backup_sqlite(
    *, source: Path, destination: Path, backups_dir: Path | None = None
) -> BackupInfo:
    """Copy the live database at ``source`` into a new file ``destination``, then check it.

    The copy is written beside the destination under a temporary name and renamed only
    once it passed ``PRAGMA integrity_check``, so an interrupted backup never leaves a
    file that looks like a good one. It is created with ``source``'s permission bits or
    stricter. A damaged ``source`` is DatabaseDamaged, naming the newest backup in
    ``backups_dir`` (default: the destination's folder) to restore.
    """
    if not source.is_file():
        raise LiquidatorError(
            _("backup: nothing to back up yet: no database at {path}").format(path=shown(source))
        )
    if destination.exists():
        raise _taken(destination)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LiquidatorError(
            _("backup: cannot create {folder}: {error}").format(
                folder=shown(destination.parent), error=exc
            )
        ) from None
    remove_leftovers(destination.parent)
    if writable(source):
        remove_leftovers(source.parent)  # a killed restore's staging copy
    partial = destination.with_name(
        f"{destination.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.partial"
    )
    try:
        create_private(partial, like=[source])
        _copy(source=source, destination=partial)
        # A backup is one self-contained file: no -wal/-shm beside it.
        connection = _connect(partial)
        try:
            connection.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            connection.close()
        info = inspect_database(path=partial)
        destination = _publish(partial, destination)
    except (sqlite3.Error, UnicodeDecodeError, _DamagedFile) as exc:
        reason = damage_of(exc)
        if reason is not None:
            raise damaged(source, backups_dir or destination.parent, reason) from None
        raise LiquidatorError(
            _("backup: copying {path} failed: {error}").format(path=shown(source), error=exc)
        ) from None
    except InvalidInput as exc:
        raise LiquidatorError(
            _("backup: the copy failed its check: {problem}").format(problem=exc.problem)
        ) from None
    except OSError as exc:
        raise LiquidatorError(
            _("backup: cannot write {path}: {error}").format(
                path=shown(partial), error=exc.strerror or exc
            )
        ) from None
    finally:
        remove_with_sidecars(partial)
    return BackupInfo(**(info.as_dict() | {"path": str(destination)}))


class _DamagedFile(InvalidInput, DatabaseDamaged):
    """A file named as a database that is damaged: bad input when it was given to
    restore, damage of the live database when it is a copy of it."""

    def __init__(self, field: str, problem: str, reason: str):
        InvalidInput.__init__(self, field, problem)
        self.reason = reason


def _publish(partial: Path, destination: Path) -> Path:
    """Give the checked copy its name without replacing anything: a backup started in
    the same second (same default name) takes the next free name, ``-2``, ``-3``…"""
    candidate, n = destination, 2
    while True:
        try:
            os.link(partial, candidate)
            return candidate
        except FileExistsError:
            if not destination.name.startswith(BACKUP_PREFIX):
                raise _taken(destination) from None
            candidate = destination.with_name(f"{destination.stem}-{n}{destination.suffix}")
            n += 1


def inspect_database(*, path: Path) -> BackupInfo:
    """Check that ``path`` is a sound liquidator database; InvalidInput naming it if not.

    Sound means: a SQLite file whose ``PRAGMA integrity_check`` says ok, holding the
    ``alembic_version`` and ``items`` tables, at a schema revision this liquidator knows.
    """
    name = shown(path)
    if not path.is_file():
        raise InvalidInput(name, _("no such file"))
    try:
        connection = _connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise InvalidInput(name, _("cannot be opened ({error})").format(error=exc)) from None
    try:
        with connection:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = [t for t in ("alembic_version", "items") if t not in tables]
            if missing:
                raise InvalidInput(
                    name,
                    _("is not a liquidator database (no {tables} table)").format(
                        tables=_(" or ").join(missing)
                    ),
                )
            integrity = "; ".join(r[0] for r in connection.execute("PRAGMA integrity_check"))
            if integrity != "ok":
                reason = f"integrity_check: {integrity[:200]}"
                raise _DamagedFile(name, _("is damaged ({error})").format(error=reason), reason)
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            schema = schema_of(connection)
            items = connection.execute("SELECT count(*) FROM items").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if "not a database" in str(exc):
            raise InvalidInput(name, _("is not a liquidator database (not SQLite)")) from None
        reason = damage_of(exc)
        if reason is not None:
            raise _DamagedFile(
                name, _("is damaged ({error})").format(error=reason), reason
            ) from None
        raise InvalidInput(name, _("is damaged ({error})").format(error=exc)) from None
    finally:
        connection.close()
    if revision is None:
        raise InvalidInput(name, _("is not a liquidator database (no schema revision)"))
    if revision[0] not in known_revisions():
        raise InvalidInput(
            name,
            _("has schema revision {revision}, newer than this liquidator; upgrade it").format(
                revision=revision[0]
            ),
        )
    difference = schema_difference(schema, expected_schema(revision[0]))
    if difference:
        raise InvalidInput(
            name,
            _("is not what schema revision {revision} creates ({difference}); refused").format(
                revision=revision[0], difference=difference
            ),
        )
    return BackupInfo(
        path=str(path),
        size_bytes=path.stat().st_size,
        items=items,
        schema_revision=revision[0],
        integrity=integrity,
    )


def restore_sqlite(*, backup: Path, target: Path, backups_dir: Path) -> Restored:
    """Replace the database at ``target`` with the liquidator database file ``backup``.

    1. ``backup`` must be exactly what its schema revision creates (no trigger, view,
       column or index of its own) and pass ``integrity_check``.
    2. It is copied to a staging file beside ``target`` (as private as both) and
       upgraded there; the upgraded copy is checked again (exact current schema,
       integrity). Any failure stops here and the workspace is untouched.
    3. Holding the live database's write lock, the current database is backed up into
       ``backups_dir`` and its rows are replaced by the staging copy's, in one
       transaction. No other write can land between that backup and the swap: a
       writer that was waiting commits after it, onto the restored database, so nothing
       another command reported as saved is lost.
    3'. When the current database is damaged (nothing can be read from it to back up or
       replace), it is renamed aside (``liquidator.db.damaged-…``, kept) and the staging
       copy takes its name.

    Staging copies left by a restore or backup that was killed are removed first.
    """
    from liquidator.db import ensure_schema, make_engine

    inspect_database(path=backup)
    if target.exists() and backup.resolve() == target.resolve():
        raise InvalidInput(shown(backup), _("is the workspace's own database"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LiquidatorError(
            _("restore: cannot create {folder}: {error}").format(
                folder=shown(target.parent), error=exc
            )
        ) from None
    remove_leftovers(target.parent)
    remove_leftovers(backups_dir)
    staging = target.with_name(f".restore-{os.getpid()}-{uuid.uuid4().hex[:8]}.db")
    existed = target.is_file()

    def upgrade(path: Path) -> None:
        engine = make_engine(f"sqlite:///{path.as_posix()}")
        try:
            ensure_schema(engine)
        finally:
            engine.dispose()

    damaged_copy = None
    try:
        create_private(staging, like=[backup, target])
        _copy(source=backup, destination=staging)
        upgrade(staging)
        incoming = inspect_database(path=staging)
        try:
            upgrade(target)
            previous = _swap_in(staging, target, backups_dir=backups_dir, keep_previous=existed)
        except Exception as exc:
            if damage_of(exc) is None:
                raise
            previous, damaged_copy = None, replace_damaged(target, staging)
    except (OSError, sqlite3.Error) as exc:
        raise LiquidatorError(_("restore: nothing changed; {error}").format(error=exc)) from None
    except LiquidatorError as exc:
        if isinstance(exc, InvalidInput) and Path(exc.field).name == staging.name:
            raise LiquidatorError(
                _("restore: {path} did not upgrade cleanly ({problem}); nothing changed").format(
                    path=shown(backup), problem=exc.problem
                )
            ) from None
        raise
    finally:
        remove_with_sidecars(staging)
    restored = BackupInfo(**(incoming.as_dict() | {"path": str(target)}))
    return Restored(restored, previous, damaged_copy)


def _swap_in(
    staging: Path, target: Path, *, backups_dir: Path, keep_previous: bool
) -> BackupInfo | None:
    """Back up ``target`` and replace its rows with ``staging``'s, under one write lock."""
    live = sqlite3.connect(target, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
    try:
        live.execute("PRAGMA foreign_keys = OFF")  # tables are emptied in any order
        live.execute("BEGIN IMMEDIATE")
        try:
            previous = None
            if keep_previous:
                # A reader beside our write lock: it sees exactly what we are replacing.
                previous = backup_sqlite(
                    source=target, destination=default_backup_path(backups_dir=backups_dir)
                )
            live.execute("ATTACH DATABASE ? AS incoming", (str(staging),))
            tables = [
                row[0]
                for row in live.execute(
                    "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            for table in [*tables, "sqlite_sequence"]:
                columns = ", ".join(
                    f'"{row[1]}"' for row in live.execute(f'PRAGMA main.table_info("{table}")')
                )
                live.execute(f'DELETE FROM main."{table}"')
                live.execute(
                    f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM incoming."{table}"'
                )
            if live.execute("PRAGMA main.foreign_key_check").fetchone():
                raise LiquidatorError(
                    _("restore: the backup breaks a foreign key; nothing changed")
                )
            live.execute("COMMIT")
        except BaseException:
            live.execute("ROLLBACK")
            raise
        live.execute("DETACH DATABASE incoming")
        return previous
    finally:
        live.close()


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(read_only_uri(path), uri=True, timeout=5)
    return sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S)


def _copy(*, source: Path, destination: Path) -> None:
    # A database in a folder this user cannot write (a read-only workspace) is read
    # without touching it.
    src = _connect(source, read_only=not writable(source))
    dst = _connect(destination)
    try:
        # pages=-1: the whole database in one step, so one consistent snapshot; a
        # step-wise copy would restart each time another process writes.
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()
