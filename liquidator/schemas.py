"""What a liquidator SQLite database's schema must be: every object its migrations create.

A restore accepts a backup only when its schema is exactly what the migrations make up
to its revision (``backup.restore_sqlite``); these functions say what that is and how a
database differs from it.
"""

import functools
import sqlite3
import tempfile
from pathlib import Path

from liquidator.i18n import _

MIGRATIONS = Path(__file__).parent / "migrations"


def schema_of(connection: sqlite3.Connection) -> frozenset[tuple[str, str, str, str]]:
    """Every object of a SQLite database: (type, name, table, SQL with spaces folded).

    Tables with their columns, types, defaults and constraints, indexes, and any trigger
    or view: all of it is in the SQL text SQLite keeps.
    """
    rows = connection.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master")
    return frozenset((kind, name, table, " ".join(sql.split())) for kind, name, table, sql in rows)


@functools.cache
def expected_schema(revision: str) -> frozenset[tuple[str, str, str, str]]:
    """What this liquidator's migrations create up to ``revision``, on a fresh file."""
    from alembic import command
    from alembic.config import Config

    from liquidator.db import make_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder, 'reference.db').as_posix()}")
        try:
            with engine.begin() as connection:
                config = Config()
                config.set_main_option("script_location", str(MIGRATIONS))
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
        finally:
            engine.dispose()
        reference = sqlite3.connect(Path(folder, "reference.db"))
        try:
            return schema_of(reference)
        finally:
            reference.close()


def schema_difference(found: frozenset, expected: frozenset) -> str:
    """The first way ``found`` differs from ``expected``, in words ('' when equal)."""
    extra = sorted(found - expected)
    missing = sorted(expected - found)
    changed = {(row[0], row[1]) for row in extra} & {(row[0], row[1]) for row in missing}
    if changed:
        kind, name = sorted(changed)[0]
        return _("its {kind} {name} differs").format(kind=kind, name=name)
    if extra:
        kind, name = extra[0][:2]
        return _("it has a {kind} {name} of its own").format(kind=kind, name=name)
    if missing:
        kind, name = missing[0][:2]
        return _("it lacks the {kind} {name}").format(kind=kind, name=name)
    return ""


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this liquidator's migrations know."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(
        script.revision for script in ScriptDirectory.from_config(config).walk_revisions()
    )
