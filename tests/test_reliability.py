"""Nothing is lost: two writers at once, a killed import, failures mid-write, old databases.

Each test here proves one promise of the README's "Guarantees" section and fails when
that promise is broken.
"""

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from liquidator.errors import LiquidatorError
from liquidator.migrations import HEAD

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-11-26"

# Runs in its own process: says "ready", waits for the go file, then calls the CLI once
# per item (a fresh engine and connection each time, like separate `liquidator add` runs)
# and prints every failure as JSON.
WRITER = textwrap.dedent(
    """
    import contextlib, io, json, os, sys, time
    from liquidator.cli import app
    import liquidator.db, liquidator.items, liquidator.recommend  # load before the start

    home, db, go, count, tag = sys.argv[1:6]
    failures = []
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.0005)
    for i in range(int(count)):
        err = io.StringIO()
        args = ["--home", home, "--db", db, "add", "--title", f"{tag} {i}", "--cost", "1000",
                "--size", "60"]
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                app(args, prog_name="liquidator")
                code = 0
            except SystemExit as exc:
                code = exc.code
            except BaseException as exc:
                code, err = "crash", io.StringIO(repr(exc))
        if code != 0:
            failures.append([i, code, err.getvalue()])
    print(json.dumps(failures))
    """
)


def _spawn(script: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _start_together(processes: list[subprocess.Popen], go: Path) -> None:
    """A barrier: wait until every process said "ready", then let them all go at once."""
    for process in processes:
        line = process.stdout.readline()
        assert line == "ready\n", (line, process.stderr.read() if not line else "")
    go.touch()


def _count(url: str, sql: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


# 1. Two writers at once ----------------------------------------------------------------


def test_two_processes_adding_at_once_all_succeed(tmp_path, db_url):
    """Two processes each add 25 items to the same fresh database at the same moment."""
    script, go = tmp_path / "writer.py", tmp_path / "go"
    script.write_text(WRITER)
    writers = [
        _spawn(script, str(tmp_path), db_url, str(go), "25", tag)
        for tag in ("writer A", "writer B")
    ]
    _start_together(writers, go)
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert json.loads(out) == [], out
    assert _count(db_url, "SELECT count(*) FROM items") == 50
    assert _count(db_url, "SELECT count(*) FROM events WHERE kind = 'created'") == 50


OPENER = textwrap.dedent(
    """
    import os, sys, time
    from liquidator.db import open_database
    from liquidator.errors import LiquidatorError
    from liquidator.workspace import resolve_workspace
    import alembic.command  # load before the start

    base, go, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print("ready", flush=True)
    while not os.path.exists(go):
        pass
    start = time.time()  # both see the go file within a millisecond; rounds keep in step
    for r in range(rounds):
        while time.time() < start + r * 0.1:
            pass
        try:
            open_database(resolve_workspace(home=f"{base}/{r}")).dispose()
        except LiquidatorError as exc:
            print(r, exc.message)
    """
)


def test_first_open_of_a_new_workspace_by_two_processes_at_once(tmp_path):
    """Creating the file, switching it to WAL and migrating it race safely.

    SQLite refuses the WAL switch at once (no busy wait) while another process is
    opening the same new file; without a retry about one round in five fails.
    """
    script, go = tmp_path / "opener.py", tmp_path / "go"
    script.write_text(OPENER)
    openers = [_spawn(script, str(tmp_path / "ws"), str(go), "24") for _ in range(2)]
    _start_together(openers, go)
    for opener in openers:
        out, err = opener.communicate(timeout=120)
        assert opener.returncode == 0, err
        assert out == "", out
    for r in range(24):
        db = sqlite3.connect(tmp_path / "ws" / str(r) / "data" / "liquidator.db")
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        db.close()


# 2. Crash safety: a killed import leaves all of the file or none of it -------------------

IMPORT_ROWS = 15_000  # ~9 MB of database pages: far past the page cache, so the
# transaction spills uncommitted pages into the WAL file before it commits


def _items_csv(path: Path, rows: int) -> Path:
    lines = ["title,cost,qty,purchased,size,sku,note"]
    lines += [
        f"商品 {i},{1000 + i % 5000},{1 + i % 3},2026-10-{1 + i % 28:02d},"
        f"{(60, 80, 100, 120)[i % 4]},SKU-{i:06d},ロット {i // 100}"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _wait_until_writing(process: subprocess.Popen, db_url: str, wal: Path | None) -> None:
    """Return once the import is inside its write transaction, well into it."""
    deadline = time.monotonic() + 60
    if wal is not None:  # SQLite: uncommitted pages are piling up in the WAL file
        while not (wal.exists() and wal.stat().st_size > 3_000_000):
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        return
    from sqlalchemy import create_engine, text

    # Autocommit: pg_stat_activity is read once per transaction, so each poll needs its own.
    engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            while not connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                )
            ).scalar():
                assert process.poll() is None, "the import ended before it could be killed"
                assert time.monotonic() < deadline
                time.sleep(0.01)
    finally:
        engine.dispose()
    # It has written (a transaction gets its id at its first write) and committed
    # nothing: kill it now, since by COPY the whole write takes a fraction of a second.


def _wait_for_disconnect(db_url: str) -> None:
    """PostgreSQL rolls a dead client's transaction back once it notices the socket closed."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for _ in range(500):
                others = connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar()
                if not others:
                    return
                time.sleep(0.01)
    finally:
        engine.dispose()
    raise AssertionError("the killed import's connection is still open")


def test_an_import_killed_mid_write_leaves_all_or_nothing(tmp_path, db_url, cli):
    cli.db = db_url
    cli.ok("add", "--title", "already here", "--cost", "1000", "--size", "60")
    csv_file = _items_csv(tmp_path / "stock.csv", IMPORT_ROWS)
    importer = subprocess.Popen(
        [sys.executable, "-m", "liquidator", "--home", str(tmp_path), "--db", db_url,
         "import", "items", str(csv_file), "--as-of", "2026-11-26"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    db_file = tmp_path / "data" / "liquidator.db"
    _wait_until_writing(importer, db_url, Path(f"{db_file}-wal") if "sqlite" in db_url else None)
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=30)
    assert importer.returncode == -signal.SIGKILL
    if "sqlite" not in db_url:
        _wait_for_disconnect(db_url)
    else:
        db = sqlite3.connect(db_file)  # the first open after the crash recovers the WAL
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        db.close()

    items = _count(db_url, "SELECT count(*) FROM items")
    assert items in (1, 1 + IMPORT_ROWS)  # none of the file, or all of it
    assert _count(db_url, "SELECT count(*) FROM events WHERE kind = 'created'") == items

    # and the workspace carries on: the same file imports whole (or adds nothing)
    summary = cli.json("import", "items", str(csv_file), "--as-of", "2026-11-26")
    assert summary["new"] + summary["skipped"] == IMPORT_ROWS
    assert _count(db_url, "SELECT count(*) FROM items") == 1 + IMPORT_ROWS
    assert _count(db_url, "SELECT count(*) FROM events WHERE kind = 'created'") == 1 + IMPORT_ROWS


# 3. Every write is one transaction with its event-log rows -------------------------------


def _seed(cli) -> None:
    cli.ok("add", "--title", "ハリオ V60", "--cost", "4980", "--size", "80", "--qty", "2",
           "--days-held", "10", "--as-of", AS_OF)  # fmt: skip
    cli.ok("add", "--title", "炊飯器", "--cost", "12800", "--size", "120", "--days-held", "40",
           "--as-of", AS_OF)  # fmt: skip
    cli.ok("sell", "2", "--channel", "yahoo", "--price", "9000", "--date", AS_OF)


WRITES = {
    "add": ["add", "--title", "新しい", "--cost", "100", "--size", "60", "--as-of", AS_OF],
    "edit": ["edit", "1", "--cost", "4500", "--note", "receipt said 4,500", "--as-of", AS_OF],
    "sell": ["sell", "1", "--channel", "yahoo", "--price", "3200", "--qty", "1", "--date", AS_OF],
    "listed": ["listed", "1", "--channel", "yahoo", "--price", "1", "--date", AS_OF],
    "delete": ["delete", "1", "--yes"],
    "sales undo": ["sales", "undo", "1"],
    "cancel": ["cancel", "114-0000000-0000001", "--stage", "bought", "--via", "request",
               "--reason", "mistake", "--title", "戻り品", "--cost", "800", "--size", "60",
               "--as-of", AS_OF],
    "import items": ["import", "items", "{items_csv}", "--as-of", AS_OF],
    "import amazon-orders": ["import", "amazon-orders", str(FIXTURES / "amazon_orders_40.txt")],
}  # fmt: skip


def _inject_in_event_log(monkeypatch):
    """Writing an event-log row fails once the change so far is in the transaction.

    Events go in two ways: record_event (one row through the session) and the item
    write path's bulk write into events (``store.writes.insert_columns``: the rows sent
    to the driver in bulk, after the items themselves, by executemany or COPY); both
    are made to fail just after their rows are written.
    """
    import importlib
    import pkgutil

    import liquidator
    import liquidator.events
    import liquidator.store.writes

    # Load every module first: one imported while the patch is on would keep the fake.
    for module in pkgutil.walk_packages(liquidator.__path__, "liquidator."):
        if ".migrations" not in module.name and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    original = liquidator.events.record_event
    insert_columns = liquidator.store.writes.insert_columns

    def failing(*, session, **kwargs):
        original(session=session, **kwargs)
        session.flush()  # the item row and its event are now in the open transaction
        raise LiquidatorError("injected failure while logging the event")

    def failing_rows(connection, table, columns, **options):
        insert_columns(connection, table, columns, **options)
        if table.name == "events":
            raise LiquidatorError("injected failure while logging the event")

    fakes = {
        "record_event": (original, failing),
        "insert_columns": (insert_columns, failing_rows),
    }
    for name, module in list(sys.modules.items()):
        if not name.startswith("liquidator"):
            continue
        for attribute, (real, fake) in fakes.items():
            if getattr(module, attribute, None) is real:
                monkeypatch.setattr(module, attribute, fake)


def _inject_at_commit(monkeypatch):
    """Everything is flushed, then the commit itself fails."""
    from sqlmodel import Session

    def failing(self):
        self.flush()
        raise LiquidatorError("injected failure at commit")

    monkeypatch.setattr(Session, "commit", failing)


@pytest.mark.parametrize("command", list(WRITES))
def test_a_failed_write_leaves_no_trace(any_cli, snapshot, monkeypatch, tmp_path, command):
    _seed(any_cli)
    items_csv = _items_csv(tmp_path / "stock.csv", 50)
    args = [a.replace("{items_csv}", str(items_csv)) for a in WRITES[command]]
    before = snapshot(any_cli)
    for inject in (_inject_in_event_log, _inject_at_commit):
        with monkeypatch.context() as patch:
            inject(patch)
            line = any_cli.fails(1, *args)
        assert "injected failure" in line
        assert snapshot(any_cli) == before, inject.__name__
    any_cli.ok(*args)  # the same command, undisturbed, does write
    assert snapshot(any_cli) != before


def test_editing_dates_writes_its_event(any_cli):
    """Found by the hostile-input fuzzing: date changes crashed while being logged."""
    _seed(any_cli)
    any_cli.ok("edit", "1", "--purchased", "2026-11-01", "--return-by", "2026-12-24",
               "--as-of", AS_OF)  # fmt: skip
    edited = any_cli.json("show", "1")["history"][-1]
    assert edited["kind"] == "edited"
    assert edited["data"] == {
        "purchased_on": ["2026-11-16", "2026-11-01"],
        "return_by": [None, "2026-12-24"],
    }


# 5. Upgrades keep data ------------------------------------------------------------------


def _rows(path: Path, table: str, columns: list[str]) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        names = ", ".join(f'"{c}"' for c in columns)
        return db.execute(f'SELECT {names} FROM "{table}" ORDER BY id').fetchall()
    finally:
        db.close()


def test_a_first_revision_database_opens_with_every_record(tmp_path, cli):
    fixture = FIXTURES / "schema_0001.db"
    db_file = tmp_path / "data" / "liquidator.db"
    db_file.parent.mkdir()
    shutil.copy(fixture, db_file)
    old = sqlite3.connect(fixture)
    old_columns = {
        t: [r[1] for r in old.execute(f"PRAGMA table_info({t})")] for t in ("items", "events")
    }
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    old.close()

    listed = cli.json("list", "--as-of", AS_OF)

    assert [i["title"] for i in listed] == [
        "象印 炊飯器 NW-JX10",
        "ハリオ V60 ドリッパー",
        "Anker モバイルバッテリー 10000mAh",
    ]
    rice = listed[0]
    assert (rice["qty"], rice["unit_cost"], rice["dims"], rice["weight_g"]) == (
        2, 12800, "45x40x35.5", 14000
    )  # fmt: skip
    assert (rice["status"], rice["listed_channel"], rice["note"]) == (
        "listed", "yahoo", "箱潰れ\nno returns after opening"
    )  # fmt: skip
    assert [e["kind"] for e in cli.json("show", "2")["history"]] == ["created", "listed"]
    for table, columns in old_columns.items():
        assert _rows(db_file, table, columns) == _rows(fixture, table, columns), table
    upgraded = sqlite3.connect(db_file)
    assert upgraded.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    assert upgraded.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    upgraded.close()
    # and it takes new records as usual
    added = cli.json("add", "--title", "追加", "--cost", "500", "--size", "60")
    assert len(cli.json("list")) == 4 and added["title"] == "追加"
