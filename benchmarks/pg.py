"""The PostgreSQL block (``--pg URL``): the 100k workspace's rows in PostgreSQL.

The schema is made by the real CLI (``add`` runs the migrations), its seed rows are
cleared and the SQLite workspace's items, disposals and events are copied in with
psycopg's COPY, the id sequences moved past them. Each command then runs with
``--db URL`` beside the same command on the SQLite workspace, taking turns.

Every liquidator table in the database is emptied: never point it at data you keep.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from benchmarks import workspaces
from benchmarks.measure import child_env, liquidator_command, timed
from benchmarks.rows import RUNS_SLOW, Row, failed, megabytes, scratch, seconds, versus
from benchmarks.workspaces import Workspace, size_label

ENV = "LIQUIDATOR_BENCH_PG"
ITEMS = 100_000
TARGET = 1.5  # × the same command on SQLite
LOADED = ("items", "disposals", "events")
MAINTENANCE_DATABASES = ("postgres", "template1")


def url_from(argument: str | None) -> str | None:
    """``--pg URL``, else ``$LIQUIDATOR_BENCH_PG``, else None (the block is skipped)."""
    return argument or os.environ.get(ENV) or None


def _conninfo(url: str, database: str | None = None) -> str:
    """A libpq connection string for a SQLAlchemy URL (optionally another database)."""
    from psycopg.conninfo import make_conninfo
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        raise ValueError(f"--pg: {parsed.drivername} is not a PostgreSQL URL")
    parts = {
        "host": parsed.host,
        "port": parsed.port,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": database or parsed.database,
    }
    return make_conninfo(**{k: v for k, v in parts.items() if v is not None}, **parsed.query)


def check_url(url: str) -> str | None:
    """Why ``url`` must not be used (None: fine). Tests' databases are never emptied."""
    from sqlalchemy.engine import make_url

    try:
        database = make_url(url).database or ""
        _conninfo(url)
    except (ValueError, ImportError) as error:
        return str(error)
    if not database or database.endswith("_test") or database.startswith("test"):
        return f"--pg: refusing database {database!r} (a test database, or none): its tables are emptied"
    return None


def _ensure_database(url: str) -> None:
    """Create the URL's database when the server does not have it yet."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    try:
        psycopg.connect(_conninfo(url), connect_timeout=10).close()
        return
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise
    last: Exception | None = None
    for maintenance in MAINTENANCE_DATABASES:
        try:
            with psycopg.connect(_conninfo(url, maintenance), autocommit=True) as connection:
                name = sql.Identifier(make_url(url).database)
                connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
                return
        except psycopg.OperationalError as error:
            last = error
    raise RuntimeError(f"cannot create the database: {last}")


def _tables(connection) -> list[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
        "AND table_name <> 'alembic_version'"
    ).fetchall()
    return [name for (name,) in rows]


def _empty(url: str) -> None:
    """Every liquidator table emptied, its id sequence back at 1."""
    import psycopg

    with psycopg.connect(_conninfo(url)) as connection:
        names = ", ".join(f'"{name}"' for name in _tables(connection))
        connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def _schema(url: str, home: Path) -> None:
    """The schema at HEAD, made by the real CLI (its one seed item then removed)."""
    import subprocess

    command = [
        *liquidator_command(), "--db", url, "--home", str(home), "add", "--title",
        "schema seed", "--cost", "1000", "--size", "60", "--json",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=child_env())
    if result.returncode != 0:
        raise RuntimeError(f"liquidator add --db … failed: {result.stderr.strip()}")
    _empty(url)


def _load(url: str, ws: Workspace) -> dict[str, int]:
    """Copy the SQLite workspace's rows into the (empty) database; rows per table."""
    import psycopg

    source = sqlite3.connect(f"file:{ws.db}?mode=ro", uri=True)
    counts = {}
    try:
        with psycopg.connect(_conninfo(url)) as connection:
            for table in LOADED:
                target = {
                    name
                    for (name,) in connection.execute(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = current_schema() AND table_name = %s",
                        (table,),
                    )
                }
                names = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
                # Ids only where other rows point at them (items); the rest take the sequence.
                names = [n for n in names if n in target and (n != "id" or table == "items")]
                quoted = ", ".join(f'"{n}"' for n in names)
                cursor = source.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid")
                with connection.cursor().copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in cursor:
                        copy.write_row(row)
                counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            connection.execute(
                "SELECT setval(pg_get_serial_sequence('items', 'id'), (SELECT max(id) FROM items))"
            )
        with psycopg.connect(_conninfo(url), autocommit=True) as connection:
            connection.execute("ANALYZE")
    finally:
        source.close()
    return counts


def _count(url: str) -> int:
    import psycopg

    with psycopg.connect(_conninfo(url)) as connection:
        return connection.execute("SELECT count(*) FROM items").fetchone()[0]


def postgres(url: str, log: Callable[[str], None]) -> tuple[list[Row], list[str]]:
    """``report``/``recommend``/``export``/``list``/``import`` on PostgreSQL beside SQLite."""
    from sqlalchemy.engine import make_url

    ws = workspaces.workspace(ITEMS, log=log)
    label = f"{size_label(ws.items)}, PostgreSQL"
    home = scratch("pg-home")
    home.mkdir(exist_ok=True)
    shown = make_url(url).render_as_string(hide_password=True)
    log(f"PostgreSQL: schema and {ws.items:,} items into {shown} …")
    _ensure_database(url)
    _schema(url, home)
    counts = _load(url, ws)
    notes = [f"PostgreSQL: loaded {', '.join(f'{n:,} {t}' for t, n in counts.items())} by COPY"]
    as_of = ["--as-of", ws.anchor.isoformat()]
    pg_cli = [*liquidator_command(), "--db", url, "--home", str(home)]
    lite_cli = [*liquidator_command(), "--home", str(ws.home)]
    out = scratch("pg.out")
    pg_csv, lite_csv = scratch("pg-export.csv"), scratch("lite-export.csv")
    figures = {
        "report --json": (["report", "--json"], ["report", "--json"]),
        "recommend --all --json": (["recommend", "--all", "--json"],) * 2,
        "export items": (
            ["export", "items", "-o", str(pg_csv)],
            ["export", "items", "-o", str(lite_csv)],
        ),
        "list --json": (["list", "--json"],) * 2,
    }
    rows = []
    for name, (pg_args, lite_args) in figures.items():
        log(f"PostgreSQL: {name} beside SQLite")
        pg, lite = timed(
            [*pg_cli, *pg_args, *as_of], [*lite_cli, *lite_args, *as_of], runs=RUNS_SLOW, stdout=out
        )
        rows.append(versus(f"{name} ({label})", pg, lite, "SQLite", TARGET))
    rows.append(_import(url, pg_cli, log))
    for path in (out, pg_csv, lite_csv):
        path.unlink(missing_ok=True)
    return rows, notes


def _import(url: str, pg_cli: list[str], log: Callable[[str], None]) -> Row:
    """``import items`` of the 100k CSV into an emptied database, beside SQLite."""
    label = size_label(ITEMS)
    figure = f"import items ({label} rows, PostgreSQL)"
    source = workspaces.items_csv(ITEMS)
    empty = workspaces.empty_workspace()
    lite_home = scratch("pg-import-sqlite")

    def prepare(_: int) -> None:
        _empty(url)
        workspaces.copy_of(empty, lite_home)

    log("PostgreSQL: import items beside SQLite (into emptied databases)")
    lite_cli = [*liquidator_command(), "--home", str(lite_home)]
    # SQLite first: each prepare empties both, so PostgreSQL's rows are the last run's.
    lite, pg = timed(
        [*lite_cli, "import", "items", str(source)],
        [*pg_cli, "import", "items", str(source)],
        runs=RUNS_SLOW,
        warmup=0,
        prepare=prepare,
    )
    if pg.error:
        return failed(figure, pg, f"≤ {TARGET:g}×")
    row = versus(figure, pg, lite, "SQLite", TARGET)
    stored = _count(url)
    row.value = f"{seconds(pg.seconds)} ({ITEMS / pg.seconds:,.0f} rows/s)"
    if not lite.error:
        row.floor = f"{seconds(lite.seconds)} (SQLite, {ITEMS / lite.seconds:,.0f} rows/s)"
    if stored != ITEMS:
        row.value += f" — but {stored:,} rows stored"
        row.ok = False
    row.rss = f"{megabytes(pg.rss_bytes)} ({megabytes(lite.rss_bytes)})"
    return row
