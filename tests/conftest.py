"""Shared fixtures: a temporary workspace per test, the CLI runner, both database engines.

Tests that take ``db_url`` run on SQLite always and on PostgreSQL when
``LIQUIDATOR_TEST_PG`` holds a server URL (``.ci/run`` sets it); without it the
PostgreSQL case is skipped with that reason.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from liquidator.cli import app

PG_ENV = "LIQUIDATOR_TEST_PG"


def pytest_sessionstart(session) -> None:
    """Byte-compile liquidator once, as pip does for an installed package: an editable
    install keeps no bytecode, and where PYTHONDONTWRITEBYTECODE is set (many CI images
    set it) every subprocess a test starts would compile some 60 modules again."""
    import compileall

    import liquidator

    compileall.compile_dir(Path(liquidator.__file__).parent, quiet=1)


def _worker_database(url: str) -> str:
    """The PostgreSQL database of this pytest-xdist worker (``…_gw0``), created once.

    Workers run tests at the same time; each resets the schema of its own database.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> str:
    """A fresh, empty database on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'liquidator.db'}"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}=postgresql+psycopg://… (set by .ci/run)")
    url = _worker_database(url)
    _reset_postgres(url)
    return url


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


class Cli:
    """Runs ``liquidator`` in-process against one workspace and database."""

    def __init__(self, home: Path, db: str | None = None):
        self.home = home
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None) -> Result:
        prefix = ["--home", str(self.home)] + (["--db", self.db] if self.db else [])
        result = self.runner.invoke(app, prefix + [str(a) for a in args], input=input, env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str, **kwargs) -> Result:
        result = self(*args, **kwargs)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, *args: str, **kwargs):
        return self.ok(*args, "--json", **kwargs).json()

    def fails(self, code: int, *args: str, **kwargs) -> str:
        """Run a command that must fail with ``code``; returns its one-line stderr."""
        result = self(*args, **kwargs)
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "Traceback" not in result.stderr
        return lines[0]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """The CLI on a fresh SQLite workspace in tmp_path."""
    return Cli(tmp_path)


@pytest.fixture
def any_cli(tmp_path: Path, db_url: str) -> Cli:
    """The CLI on a fresh workspace, once per database engine."""
    return Cli(tmp_path, db_url)


def table_snapshot(url: str) -> dict[str, list]:
    """Every row of every liquidator table, to prove a failed command changed nothing."""
    from sqlalchemy import create_engine, inspect, text

    from liquidator.db import sqlite_path

    path = sqlite_path(url)
    if path is not None and not path.exists():
        return {}
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = sorted(inspect(connection).get_table_names())
            return {
                name: [
                    tuple(row)
                    for row in connection.execute(text(f'SELECT * FROM "{name}" ORDER BY 1'))
                ]
                for name in names
            }
    finally:
        engine.dispose()


def table_columns(url: str, table: str) -> list[str]:
    """A table's column names in stored order (matching table_snapshot's tuples)."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [column["name"] for column in inspect(connection).get_columns(table)]
    finally:
        engine.dispose()


@pytest.fixture
def snapshot(tmp_path: Path):
    """Call with a Cli to get its database's full contents."""

    def take(cli: Cli) -> dict[str, list]:
        from liquidator.workspace import default_sqlite_url

        return table_snapshot(cli.db or default_sqlite_url(cli.home))

    return take


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch):
    """Every test starts in English whatever the machine's locale; a test that wants
    another language sets it (``--lang``, ``LIQUIDATOR_LANG`` or ``LANG``)."""
    from liquidator.i18n import LANG_ENV, set_language

    for name in (LANG_ENV, "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    yield
    set_language("en")
