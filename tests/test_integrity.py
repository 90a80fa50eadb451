"""Integrity, round 2: no double sale or undo, hostile restores refused, stored values
that cannot crash a report, escaping everywhere, files written whole.

Each test proves one promise of the README's "Guarantees" section.
"""

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from test_reliability import _count, _start_together

AS_OF = "2026-11-26"

# Runs in its own process: says "ready", waits for the go file, then runs one CLI
# command per round, each round starting at go + round × 0.4 s so that the racers of a
# round start within a millisecond of each other. Prints each round's exit code.
RACER = textwrap.dedent(
    """
    import contextlib, io, json, os, sys, time
    from liquidator.cli import app
    import liquidator.db, liquidator.sales, liquidator.scoring  # load before the start

    go, rounds = sys.argv[1], json.loads(sys.argv[2])
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.0005)
    start = os.stat(go).st_mtime
    codes = []
    for number, args in enumerate(rounds):
        while time.time() < start + 0.2 + number * 0.4:
            pass
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            try:
                app(args, prog_name="liquidator")
                code = 0
            except SystemExit as exc:
                code = exc.code
            except BaseException as exc:
                code = repr(exc)
        codes.append(code)
    print(json.dumps(codes))
    """
)


def _race(tmp_path: Path, plans: list[list[list[str]]]) -> list[list]:
    """Run each racer's rounds of commands in its own process; their exit codes."""
    script, go = tmp_path / "racer.py", tmp_path / "go"
    script.write_text(RACER)
    racers = [
        subprocess.Popen(
            [sys.executable, str(script), str(go), json.dumps(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for rounds in plans
    ]
    _start_together(racers, go)
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=180)
        assert racer.returncode == 0, err
        results.append(json.loads(out.splitlines()[-1]))
    return results


ROUNDS = 6


def _base(cli) -> list[str]:
    return ["--home", str(cli.home)] + (["--db", cli.db] if cli.db else [])


def _url(cli) -> str:
    return cli.db or f"sqlite:///{cli.home / 'data' / 'liquidator.db'}"


def test_two_sales_of_the_last_unit_at_once_one_wins(any_cli, tmp_path):
    """Two `sell` of a lot of 1 at the same moment: exactly one succeeds, every round."""
    base = _base(any_cli)
    ids = [
        any_cli.json(
            "add",
            "--title",
            f"lot {n}",
            "--cost",
            "1000",
            "--size",
            "60",
            "--purchased",
            "2026-11-01",
        )["id"]
        for n in range(ROUNDS)
    ]
    plans = [
        [[*base, "sell", str(i), "-c", "yahoo", "-p", "1500", "--date", AS_OF] for i in ids],
        [[*base, "sell", str(i), "-c", "kaitori", "-p", "1200", "--date", AS_OF] for i in ids],
    ]
    first, second = _race(tmp_path, plans)
    for round_codes in zip(first, second, strict=True):
        assert sorted(round_codes) == [0, 2], round_codes  # one sale, one clear refusal
    url = _url(any_cli)
    assert _count(url, "SELECT count(*) FROM disposals") == ROUNDS
    assert _count(url, "SELECT count(*) FROM items WHERE qty <> 0") == 0
    assert _count(url, "SELECT count(*) FROM events WHERE kind = 'disposed'") == ROUNDS


def test_two_undos_of_one_sale_at_once_one_wins(any_cli, tmp_path):
    """Two `sales undo` of the same disposal at once: the units come back once."""
    base = _base(any_cli)
    disposals = []
    for n in range(ROUNDS):
        item = any_cli.json(
            "add",
            "--title",
            f"lot {n}",
            "--cost",
            "1000",
            "--size",
            "60",
            "--purchased",
            "2026-11-01",
        )["id"]
        sale = any_cli.json("sell", str(item), "-c", "yahoo", "-p", "1500", "--date", AS_OF)
        disposals.append(sale["id"])
    plans = [[[*base, "sales", "undo", str(d)] for d in disposals] for _ in range(2)]
    first, second = _race(tmp_path, plans)
    for round_codes in zip(first, second, strict=True):
        assert 0 in round_codes and sorted(round_codes) != [0, 0], round_codes
    url = _url(any_cli)
    assert _count(url, "SELECT count(*) FROM disposals") == 0
    assert _count(url, "SELECT max(qty) FROM items") == 1
    assert _count(url, "SELECT count(*) FROM events WHERE kind = 'disposal_undone'") == ROUNDS


def test_a_writer_waits_for_the_other_to_commit(any_cli):
    """The mechanism behind the two tests above, shown directly: a second write
    transaction cannot start its reads until the first has committed."""
    import threading

    from liquidator.db import open_database
    from liquidator.workspace import resolve_workspace

    database = open_database(resolve_workspace(home=any_cli.home, db=any_cli.db))
    entered = threading.Event()
    order: list[str] = []

    def second() -> None:
        entered.set()
        with database.transaction():
            order.append("second")

    try:
        with database.transaction():
            thread = threading.Thread(target=second)
            thread.start()
            entered.wait()
            time.sleep(0.3)
            order.append("first")
        thread.join(timeout=30)
    finally:
        database.dispose()
    assert order == ["first", "second"]


# 2. restore never installs a database that lies ----------------------------------------


def _sqlite(path: Path, *statements: str) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        for statement in statements:
            db.execute(statement)
        db.commit()
    finally:
        db.close()


def _backup_with(cli, *statements: str) -> Path:
    path = Path(cli.json("backup")["path"])
    _sqlite(path, *statements)
    return path


HOSTILE = {
    "trigger": (
        "CREATE TRIGGER falsify AFTER INSERT ON disposals BEGIN "
        "UPDATE disposals SET net_cash = 999999 WHERE id = new.id; END",
        "has a trigger falsify of its own",
    ),
    "view": ("CREATE VIEW everything AS SELECT * FROM items", "has a view everything of its own"),
    "items of one column": (
        "DROP TABLE items; CREATE TABLE items (x)",
        "its table items differs",
    ),
    "extra column": ("ALTER TABLE items ADD COLUMN secret TEXT", "its table items differs"),
    "index dropped": ("DROP INDEX ix_items_status", "lacks the index ix_items_status"),
}


def test_restore_refuses_a_database_that_is_not_exactly_its_schema(cli, snapshot):
    cli.json("add", "--title", "kept", "--cost", "1000", "--size", "60")
    for kind, (sql, problem) in HOSTILE.items():
        backup = _backup_with(cli, *sql.split("; ") if kind != "trigger" else [sql])
        before = snapshot(cli)
        line = cli.fails(2, "restore", str(backup), "--yes")
        assert problem in line and "refused" in line, (kind, line)
        assert snapshot(cli) == before, kind


def test_a_restore_whose_upgrade_fails_leaves_the_workspace_as_it_was(cli, snapshot, monkeypatch):
    import shutil

    from liquidator.errors import LiquidatorError

    cli.json("add", "--title", "kept", "--cost", "1000", "--size", "60")
    old = cli.home / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0001.db", old)
    before = snapshot(cli)

    def broken(connection):
        raise LiquidatorError("database: the upgrade broke a foreign key; nothing changed")

    monkeypatch.setattr("liquidator.db._upgrade", broken)
    line = cli.fails(1, "restore", str(old), "--yes")
    assert "did not upgrade" in line or "nothing changed" in line, line
    monkeypatch.undo()
    assert snapshot(cli) == before
    assert [i["title"] for i in cli.json("list")] == ["kept"]
    assert not list((cli.home / "data").glob(".restore-*"))


def test_a_write_during_a_restore_is_kept_in_the_previous_backup(cli):
    """A write committed while a restore starts is in the backup of what was replaced."""
    import sqlite3
    import threading

    from liquidator.backup import restore_sqlite

    cli.json("add", "--title", "before", "--cost", "1000", "--size", "60")
    backup = Path(cli.json("backup")["path"])
    live = cli.home / "data" / "liquidator.db"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    result: dict = {}

    def restore() -> None:
        result["value"] = restore_sqlite(
            backup=backup, target=live, backups_dir=cli.home / "data" / "backups"
        )

    thread = threading.Thread(target=restore)
    thread.start()
    time.sleep(0.5)  # the restore is now waiting for the write lock
    writer.execute("UPDATE items SET title = 'written meanwhile'")
    writer.execute("COMMIT")
    writer.close()
    thread.join(timeout=60)
    _, previous = result["value"]
    kept = sqlite3.connect(previous.path)
    try:
        assert kept.execute("SELECT title FROM items").fetchall() == [("written meanwhile",)]
    finally:
        kept.close()
    assert [i["title"] for i in cli.json("list")] == ["before"]


# 5. files: backups in the same second, leftovers of a killed backup -------------------


def test_two_backups_in_the_same_second_both_succeed(cli, tmp_path):
    cli.json("add", "--title", "kept", "--cost", "1000", "--size", "60")
    plans = [[["--home", str(cli.home), "backup"]] for _ in range(2)]
    codes = _race(tmp_path, plans)
    assert codes == [[0], [0]]
    files = sorted((cli.home / "data" / "backups").iterdir())
    assert len(files) == 2 and all(f.suffix == ".db" for f in files), files


def test_a_killed_backups_leftover_is_cleaned_up(cli):
    cli.json("add", "--title", "kept", "--cost", "1000", "--size", "60")
    folder = cli.home / "data" / "backups"
    folder.mkdir(parents=True)
    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_pid.wait()
    leftover = folder / f"liquidator-20261101-090000.db.{dead_pid.pid}-0123abcd.partial"
    leftover.write_bytes(b"half a copy")
    mine = folder / f"liquidator-20261101-090001.db.{__import__('os').getpid()}-0123abcd.partial"
    mine.write_bytes(b"a copy still being written")
    cli.json("backup")
    assert not leftover.exists()
    assert mine.exists()  # a live process's copy is left alone
