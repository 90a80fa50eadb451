"""The database layer: migrations, the cheap schema check, SQLite settings, both engines."""

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from liquidator.db import current_revision, make_engine, open_database
from liquidator.migrations import HEAD
from liquidator.workspace import resolve_workspace


def test_head_constant_matches_the_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import liquidator.migrations

    config = Config()
    config.set_main_option("script_location", str(Path(liquidator.migrations.__file__).parent))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_migrations_create_every_table_on_an_empty_database(db_url, tmp_path):
    database = open_database(resolve_workspace(home=tmp_path, db=db_url))
    try:
        names = set(inspect(database.engine).get_table_names())
        assert {"items", "events", "alembic_version"} <= names
        assert current_revision(database.engine) == HEAD
    finally:
        database.dispose()


def test_models_match_the_migrated_schema(db_url, tmp_path):
    from sqlmodel import SQLModel

    import liquidator.models  # noqa: F401

    database = open_database(resolve_workspace(home=tmp_path, db=db_url))
    try:
        inspector = inspect(database.engine)
        for table in SQLModel.metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            assert {c.name for c in table.columns} == migrated, table.name
            indexed = {i["name"]: i["column_names"] for i in inspector.get_indexes(table.name)}
            for index in table.indexes:  # an index the model names is the one migrated
                assert indexed.get(index.name) == [c.name for c in index.columns], index.name
    finally:
        database.dispose()


def test_alembic_finds_no_difference_between_the_models_and_the_migrations(db_url, tmp_path):
    """Alembic's own comparison (tables, columns, types, nullability, indexes, unique
    and foreign keys): what the migrations build is what the models say, on each engine."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import liquidator.models  # noqa: F401

    database = open_database(resolve_workspace(home=tmp_path, db=db_url))
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        database.dispose()
    assert differences == []


def test_open_listings_of_a_channel_are_read_by_index(tmp_path):
    # Calibration asks this of every channel at each add; on a million items a channel
    # with no listings walked every listed item until 0006 indexed it. The plan is of
    # the statement open_listings itself sends.
    from sqlalchemy import event

    from liquidator.store.disposals import open_listings

    database = open_database(resolve_workspace(home=tmp_path))
    sent = []
    event.listen(database.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, params, *_: sent.append((statement, params)))  # fmt: skip
    try:
        with database.session() as session:
            assert open_listings(session=session, channel="ebay", limit=200) == []
        statement, params = next((s, p) for s, p in sent if "listed_channel" in s)
        with database.engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
        details = " ".join(row[-1] for row in plan)
        assert "ix_items_listings" in details and "TEMP B-TREE" not in details, details
    finally:
        database.dispose()


def test_a_current_schema_does_not_import_alembic(tmp_path):
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(resolve_workspace(home=tmp_path, db=url)).dispose()
    code = (
        "import sys; from liquidator.db import open_database; "
        "from liquidator.workspace import resolve_workspace; "
        f"open_database(resolve_workspace(home={str(tmp_path)!r}, db={url!r})); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    database = open_database(resolve_workspace(home=tmp_path))
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    finally:
        database.dispose()
    assert (tmp_path / "data" / "liquidator.db").exists()


def test_write_transactions_roll_back_on_error(db_url, tmp_path):
    from liquidator.models import Event

    database = open_database(resolve_workspace(home=tmp_path, db=db_url))
    try:
        try:
            with database.transaction() as session:
                session.add(Event(actor="t", kind="probe"))
                session.flush()
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        with database.session() as session:
            assert session.exec(text("SELECT count(*) FROM events")).scalar() == 0
    finally:
        database.dispose()


def test_unreachable_database_is_one_clear_error(cli):
    cli.db = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    line = cli.fails(1, "list")
    assert line.startswith("Error: database: cannot open")
    assert "nobody" in line


def test_newer_schema_is_refused(tmp_path):
    import pytest

    from liquidator.errors import LiquidatorError

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(resolve_workspace(home=tmp_path, db=url)).dispose()
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(LiquidatorError, match="newer"):
        open_database(resolve_workspace(home=tmp_path, db=url))


def test_upgrading_a_database_with_disposals_keeps_every_row(tmp_path):
    """Migration 0004 rebuilds tables that disposals and cancellations point at."""
    from alembic import command
    from alembic.config import Config

    import liquidator.migrations
    from liquidator.cli import app  # noqa: F401  (the CLI opens it below)

    url = f"sqlite:///{tmp_path / 'data' / 'liquidator.db'}"
    (tmp_path / "data").mkdir()
    engine = make_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(Path(liquidator.migrations.__file__).parent))
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.exec_driver_sql(
            "INSERT INTO items (id, title, qty, unit_cost, purchased_on, size_class, hazmat, status,"
            " recorded_on, created_at, updated_at) VALUES (7, 'ハリオ', 0, 1000, '2026-11-01', 60, 0,"
            " 'sold', '2026-11-01', '2026-11-01 00:00:00', '2026-11-01 00:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO disposals (item_id, channel, qty, price, fees, shipping, net_cash,"
            " cost_basis, profit, reference_price, sold_on, created_at) VALUES"
            " (7, 'yahoo', 1, 900, 90, 0, 810, 1000, -190, 1000, '2026-11-05', '2026-11-05 00:00:00')"
        )
    engine.dispose()
    database = open_database(resolve_workspace(home=tmp_path, db=url))
    try:
        with database.engine.connect() as connection:
            assert current_revision(database.engine) == HEAD
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("SELECT id, title FROM items").all() == [
                (7, "ハリオ")
            ]
            assert connection.exec_driver_sql("SELECT item_id, net_cash FROM disposals").all() == [
                (7, 810)
            ]
    finally:
        database.dispose()


def test_times_are_utc_whatever_the_servers_zone(tmp_path, db_url):
    """A Japanese server runs in Asia/Tokyo. Times written in bulk (add, import) and as
    parameters (edit) are stored the same way and read back as the same UTC instant."""
    import datetime as dt
    from urllib.parse import quote

    from conftest import Cli
    from sqlalchemy import create_engine, text

    url = db_url
    if db_url.startswith("postgresql"):
        url += ("&" if "?" in db_url else "?") + "options=" + quote("-c timezone=Asia/Tokyo")
    cli = Cli(tmp_path, url)
    item = cli.json("add", "--title", "ドリッパー", "--cost", "4980", "--size", "80",
                    "--as-of", "2026-11-26")  # fmt: skip
    cli.ok("edit", str(item["id"]), "--cost", "5000", "--as-of", "2026-11-26")
    shown = cli.json("show", str(item["id"]), "--as-of", "2026-11-26")
    created = dt.datetime.fromisoformat(shown["item"]["created_at"] if "item" in shown
                                        else shown["created_at"])  # fmt: skip
    updated = dt.datetime.fromisoformat(shown["item"]["updated_at"] if "item" in shown
                                        else shown["updated_at"])  # fmt: skip
    assert created.utcoffset() == dt.timedelta(0)
    assert abs(created - dt.datetime.now(dt.UTC)) < dt.timedelta(hours=1)  # stamped just now
    # Seconds apart, not the nine hours a Tokyo session would put between them.
    assert dt.timedelta(0) <= updated - created < dt.timedelta(minutes=5)
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT at FROM events ORDER BY id")).scalars()
            stamps = [dt.datetime.fromisoformat(str(at)) for at in stored]
    finally:
        engine.dispose()
    # The add's event went in bulk, the edit's as a parameter: both UTC as stored.
    assert len(stamps) == 2 and dt.timedelta(0) <= stamps[1] - stamps[0] < dt.timedelta(minutes=5)


def test_bulk_writes_behave_alike_on_both_engines(db_url, tmp_path):
    """store.writes.insert_columns: executemany on SQLite, COPY on PostgreSQL. Both read
    back what went in, write nothing for no rows, and a clash is SQLAlchemy's
    IntegrityError (what unless_collided turns into one clear error)."""
    import datetime as dt

    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from liquidator.errors import LiquidatorError
    from liquidator.fields import ITEM_ATTRIBUTES
    from liquidator.store.items import insert_items

    database = open_database(resolve_workspace(home=tmp_path, db=db_url), write=True)
    row = dict.fromkeys(ITEM_ATTRIBUTES) | {"domestic_only": False} | {"title": "タイトル, \"quoted\"\ttab", "qty": 2, "unit_cost": 4980,
           "purchased_on": dt.date(2026, 11, 1), "size_class": 80, "length_cm": 30.5,
           "width_cm": 20.0, "height_cm": 10.0, "hazmat": True, "note": "a\\b",
           "import_key": "v1:same"}  # fmt: skip
    try:
        with database.transaction() as session:
            assert insert_items(session=session, rows=[], as_of=dt.date(2026, 11, 26)) == []
            [item_id] = insert_items(session=session, rows=[row], as_of=dt.date(2026, 11, 26))
        with database.session() as session:
            stored = session.connection().execute(
                text("SELECT title, qty, purchased_on, length_cm, hazmat, note, import_key, "
                     "status FROM items WHERE id = :id"), {"id": item_id}
            ).one()  # fmt: skip
            assert stored.title == row["title"] and stored.note == "a\\b"
            assert (stored.qty, stored.length_cm, bool(stored.hazmat)) == (2, 30.5, True)
            assert str(stored.purchased_on) == "2026-11-01"
            assert stored.status == "in_stock"  # the enum member went in as its text
        raised = []
        clash = pytest.raises(LiquidatorError, match="nothing was written")
        with clash, database.transaction() as session:
            try:
                insert_items(session=session, rows=[row], as_of=dt.date(2026, 11, 26))
            except Exception as exc:
                raised.append(exc)
                raise
        assert isinstance(raised[0], IntegrityError), raised
    finally:
        database.dispose()


def test_a_zoned_time_in_bulk_is_stored_as_a_parameter_stores_it(db_url, tmp_path):
    """The bulk writer binds a time as SQLAlchemy binds a parameter (its column type's
    processor: UTC), so 18:00+09:00 is the same instant whichever way it went in, COPY
    included."""
    import datetime as dt

    from sqlalchemy import insert, select

    from liquidator.models import Event
    from liquidator.store.writes import insert_columns

    tokyo = dt.timezone(dt.timedelta(hours=9))
    at = dt.datetime(2026, 11, 26, 18, 0, tzinfo=tokyo)
    events = Event.__table__
    database = open_database(resolve_workspace(home=tmp_path, db=db_url), write=True)
    try:
        with database.transaction() as session:
            connection = session.connection()
            insert_columns(connection, events, {"kind": ["bulk"], "data": ["{}"]},
                           same={"at": at, "actor": "t"})  # fmt: skip
            connection.execute(
                insert(events), {"kind": "one", "data": "{}", "at": at, "actor": "t"}
            )
        with database.session() as session:
            stored = dict(session.connection().execute(select(events.c.kind, events.c.at)).all())
    finally:
        database.dispose()
    assert stored["bulk"] == stored["one"] == dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("url", ["mysql://seller@db/stock", "postgresql://seller@db/stock"])
def test_an_unsupported_database_url_is_one_clear_error(cli, url):
    """An unsupported URL is bad input (exit 2) naming the option."""
    cli.db = url
    line = cli.fails(2, "list")
    scheme = url.split("://")[0]
    assert line == (
        f"Error: --db: {scheme} is not supported; use sqlite:///FILE or "
        "postgresql+psycopg://USER@HOST/DB"
    )
