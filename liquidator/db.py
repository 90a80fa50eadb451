"""Open a workspace's database: engine, SQLite pragmas, sessions, schema upgrades.

SQLite runs in WAL mode with a busy timeout, and write transactions start with
``BEGIN IMMEDIATE`` so two processes writing at once queue instead of failing with
"database is locked" halfway through.
"""

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from liquidator.damage import damage_of, damaged
from liquidator.database_url import sqlite_path
from liquidator.errors import InvalidInput, LiquidatorError
from liquidator.i18n import _
from liquidator.migrations import HEAD
from liquidator.sqlite_files import read_only_uri, writable
from liquidator.workspace import Workspace

BUSY_TIMEOUT_S = 60
# SQLite answers "database is locked" at once, without waiting out the busy timeout,
# in a few places: switching a new file to WAL while another process opens it, and
# starting a transaction while another connection is recovering the WAL. Those steps
# have done nothing yet, so they are retried for a few seconds before giving up.
LOCKED_RETRY_S = 10.0
_T = TypeVar("_T")
_PG_MIGRATION_LOCK = 0x4C49515549  # any constant; all liquidator processes agree on it
_PG_WRITE_LOCK = 0x4C49515557  # the writers' turn (see Database.transaction)


class Database:
    """An open database: hands out read sessions and write transactions.

    ``on_damage`` makes the error for a database file found damaged while reading it
    (see ``liquidator.damage``); without it such a failure is an ordinary one.
    """

    def __init__(self, engine: Engine, on_damage: Callable[[str], LiquidatorError] | None = None):
        self.engine = engine
        self.on_damage = on_damage
        self._writer = (
            engine.execution_options(sqlite_begin="IMMEDIATE")
            if engine.dialect.name == "sqlite"
            else engine
        )

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading; nothing is committed."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except (DBAPIError, OverflowError, UnicodeDecodeError) as exc:
                raise self._error(exc) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: commits when the block ends, rolls back on any error.

        An error the database itself raises (locked past the busy timeout, disk full,
        connection lost, a value it cannot store) becomes one LiquidatorError line.

        Writers take turns on both engines, so a command's checks (is the unit still in
        stock? is this sale still there to undo?) hold until it commits: SQLite's
        ``BEGIN IMMEDIATE`` takes the database's one write lock; on PostgreSQL every
        write transaction first takes one transaction-level advisory lock, waiting at
        most the same busy timeout. Readers never wait.
        """
        with Session(self._writer, expire_on_commit=False) as session:
            try:
                session.connection()  # begin now, so the turn is taken before any read
                if self.engine.dialect.name == "postgresql":
                    session.execute(text(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_S}s'"))
                    session.execute(text(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})"))
                yield session
                session.commit()
            except BaseException as exc:
                with contextlib.suppress(DBAPIError):  # a lost connection cannot roll back
                    session.rollback()
                if isinstance(exc, DBAPIError | OverflowError | UnicodeDecodeError):
                    raise self._error(exc) from None
                raise

    def _error(self, exc: DBAPIError | OverflowError | UnicodeDecodeError) -> LiquidatorError:
        reason = damage_of(exc) if self.on_damage is not None else None
        if reason is not None:
            return self.on_damage(reason)
        if isinstance(exc, UnicodeDecodeError):
            raise exc  # not from a damaged database: a bug, to be seen as such
        return database_error(exc)

    def dispose(self) -> None:
        self.engine.dispose()


def database_error(exc: DBAPIError | OverflowError) -> LiquidatorError:
    """The one-line error for a failure the database reported (nothing was written).

    A value the database cannot store is bad input (exit 2): PostgreSQL says so with a
    DataError, Python's sqlite3 with an OverflowError before sending a too-large integer.
    """
    if isinstance(exc, OverflowError):
        if "SQLite" not in str(exc):
            raise exc  # not a database refusal: a bug, to be seen as such
        return InvalidInput("input", _("a number is too large for the database"))
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    if isinstance(exc, DataError):
        return InvalidInput(
            "input", _("the database cannot store a value: {reason}").format(reason=reason)
        )
    return LiquidatorError(_("database: {reason}; nothing was written").format(reason=reason))


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine with liquidator's connection settings for this URL.

    ``read_only`` (a SQLite file): opened with ``mode=ro``, never switched to WAL, for a
    workspace whose folder or file this user cannot write.
    """
    if not url.startswith("sqlite"):
        from liquidator.database_url import check_url, masked

        check_url(url)  # only PostgreSQL through psycopg passes
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except ImportError as exc:
            raise LiquidatorError(
                _(
                    "database: the driver for {scheme} is not installed "
                    "({module}); install liquidator[postgres]"
                ).format(scheme=url.split(":", 1)[0], module=exc.name)
            ) from None
        except Exception:  # noqa: BLE001  (any URL SQLAlchemy cannot read)
            raise InvalidInput(
                "db", _("{url} is not a database URL SQLAlchemy can read").format(url=masked(url))
            ) from None

        @event.listens_for(engine, "connect")
        def _in_utc(dbapi_connection, _record):
            # Times are stored as UTC without a zone and read back as UTC. The session's
            # zone must be UTC too, or the server's (Asia/Tokyo on a Japanese machine)
            # would shift every time sent as a parameter, and only those.
            cursor = dbapi_connection.cursor()
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.close()
            dbapi_connection.commit()

        return engine
    path = sqlite_path(url)
    in_memory = path is None
    options = {}
    if read_only and path is not None:
        uri = read_only_uri(path)
        options["creator"] = lambda: sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False
        )
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        poolclass=StaticPool if in_memory else None,
        **options,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # We emit BEGIN ourselves (below); pysqlite's implicit BEGIN would be DEFERRED.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        if not in_memory and not read_only:
            _retry_locked(lambda: _use_wal(cursor))
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        _retry_locked(lambda: connection.exec_driver_sql(f"BEGIN {mode}"))

    return engine


def _use_wal(cursor) -> None:
    # WAL is stored in the file: once set, asking is a read and needs no exclusive lock.
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        cursor.execute("PRAGMA journal_mode = WAL")


def is_locked_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked"/"busy" refusals (raw or wrapped by SQLAlchemy)."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(orig) or "busy" in str(orig)


def _retry_locked(step: Callable[[], _T], *, budget_s: float = LOCKED_RETRY_S) -> _T:
    """Run a step that has not changed anything yet, retrying while SQLite says locked."""
    deadline = time.monotonic() + budget_s
    pause = 0.005
    while True:
        try:
            return step()
        except Exception as exc:
            if not is_locked_error(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def open_database(workspace: Workspace, *, write: bool = True) -> Database:
    """Open (and on first write, create) the workspace database, upgrading its schema.

    A read on a workspace with no SQLite file yet uses an empty in-memory database
    rather than creating files the user did not ask for. A read of a SQLite file this
    user cannot write opens it read-only; a write there is refused before anything.
    A damaged SQLite file is one error naming the backup to restore.
    """
    from liquidator.database_url import check_url, masked, without_secrets

    url = workspace.db_url
    check_url(url)
    path = sqlite_path(url)
    read_only = False
    if path is not None:
        if not path.exists() and not write:
            url = "sqlite://"
        elif write:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LiquidatorError(
                    _("database: cannot create {folder}: {error}").format(
                        folder=path.parent, error=exc
                    )
                ) from None
            if not writable(path):
                raise LiquidatorError(_read_only_refusal(path))
        else:
            read_only = not writable(path)
    on_damage = _damage_reporter(workspace, path) if sqlite_path(url) is not None else None
    engine = make_engine(url, read_only=read_only)
    try:
        if read_only and _stored_revision(engine) != HEAD:
            raise LiquidatorError(
                _(
                    "database: {path} needs its schema upgraded and cannot be written here; "
                    "open it once where it can be written"
                ).format(path=path)
            )
        ensure_schema(engine)
    except (DBAPIError, UnicodeDecodeError) as exc:
        engine.dispose()
        reason = damage_of(exc) if on_damage is not None else None
        if reason is not None:
            raise on_damage(reason) from None
        if isinstance(exc, UnicodeDecodeError):
            raise
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        raise LiquidatorError(
            _("database: cannot open {url}: {reason}").format(
                url=masked(url), reason=without_secrets(reason, url)
            )
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, on_damage)


def _stored_revision(engine: Engine) -> str | None:
    # Unlike current_revision, a failure to read is raised: it may be damage.
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _damage_reporter(workspace: Workspace, path: Path) -> Callable[[str], LiquidatorError]:
    def report(reason: str) -> LiquidatorError:
        return damaged(path, workspace.backups_dir, reason)

    return report


def _read_only_refusal(path: Path) -> str:
    return _(
        "database: {path} is read-only here, so nothing was written; list, show, report, "
        "recommend and export can still read it"
    ).format(path=path)


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, DBAPIError):
            return None


def ensure_schema(engine: Engine) -> None:
    """Bring the schema to HEAD. Costs one SELECT when it is already current."""
    if current_revision(engine) == HEAD:
        return
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as outer:
        if sqlite:
            # Rebuilding a table (Alembic batch mode) drops it while other tables still
            # point at it; SQLite only allows that with foreign keys off, and the switch
            # works outside a transaction only. foreign_key_check below re-proves them.
            outer.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with outer.execution_options(sqlite_begin="IMMEDIATE").begin():
                # Serialise concurrent first opens: the second waits, then finds HEAD.
                if not sqlite:
                    outer.execute(text(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})"))
                _upgrade(outer)
                if sqlite and outer.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise LiquidatorError(
                        _("database: the upgrade broke a foreign key; nothing changed")
                    )
        finally:
            if sqlite:
                outer.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


def _upgrade(connection) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = connection
    stored = None
    if inspect(connection).has_table("alembic_version"):
        stored = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if stored == HEAD:
        return
    if stored is not None and stored not in {
        rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()
    }:
        raise LiquidatorError(
            _(
                "database: schema revision {revision} is newer than this liquidator; "
                "upgrade liquidator"
            ).format(revision=stored)
        )
    try:
        command.upgrade(config, "head")
    except CommandError as exc:
        raise LiquidatorError(
            _("database: cannot upgrade the schema: {error}").format(error=exc)
        ) from None
