"""``backup`` and ``restore``: consistent copies while others write, round trips, bad files."""

import re
import sqlite3
import sys
from pathlib import Path

import pytest
from test_reliability import WRITER, _spawn, _start_together

from liquidator.migrations import HEAD

FIXTURES = Path(__file__).parent / "fixtures"


def _add(cli, title: str, cost: str = "1000") -> int:
    return cli.json("add", "--title", title, "--cost", cost, "--size", "60")["id"]


def _db(cli) -> Path:
    return cli.home / "data" / "liquidator.db"


def _query(path: Path, sql: str):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_backup_goes_to_data_backups_with_a_timestamp(cli):
    _add(cli, "ハリオ V60")
    _add(cli, "炊飯器")
    info = cli.json("backup")
    path = Path(info["path"])
    assert path.parent == cli.home / "data" / "backups"
    assert re.fullmatch(r"liquidator-\d{8}-\d{6}\.db", path.name)
    assert info == {
        "path": str(path),
        "size_bytes": path.stat().st_size,
        "items": 2,
        "schema_revision": HEAD,
        "integrity": "ok",
    }
    assert _query(path, "SELECT title FROM items ORDER BY id") == [("ハリオ V60",), ("炊飯器",)]
    assert _query(path, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    assert not Path(f"{path}-wal").exists()
    second = cli.json("backup")["path"]  # same second: a new name, never an overwrite
    assert second != str(path)
    line = cli.ok("backup").stdout
    assert "Backed up 2 items to" in line and "integrity ok" in line


def test_backup_to_a_chosen_file_or_folder(cli, tmp_path):
    _add(cli, "Lamp")
    target = tmp_path / "elsewhere" / "monday.db"
    assert cli.json("backup", "-o", str(target))["path"] == str(target)
    folder = tmp_path / "folder"
    folder.mkdir()
    inside = Path(cli.json("backup", "-o", str(folder))["path"])
    assert inside.parent == folder
    line = cli.fails(2, "backup", "-o", str(target))
    assert line == f"Error: --output: {target} already exists; choose another file name"


def test_backup_with_no_database_yet_says_so(cli):
    line = cli.fails(1, "backup")
    assert line.startswith("Error: backup: nothing to back up yet: no database at")
    assert not (cli.home / "data").exists()


def test_backup_on_postgresql_points_to_pg_dump(cli):
    cli.db = "postgresql+psycopg://seller:secret@db.example:5432/stock"
    line = cli.fails(1, "backup")
    assert line == (
        "Error: backup: this workspace uses PostgreSQL; use pg_dump instead, e.g. "
        "pg_dump --format=custom --file liquidator.dump "
        "'postgresql://seller:***@db.example:5432/stock'"
    )
    assert "pg_restore --clean" in cli.fails(1, "restore", "x.db", "--yes")


def test_backup_while_another_process_writes_is_consistent(cli, tmp_path):
    """Copies taken mid-stream hold every committed item, each with its event, intact."""
    _add(cli, "first")
    script, go = tmp_path / "writer.py", tmp_path / "go"
    script.write_text(WRITER)
    url = f"sqlite:///{_db(cli)}"
    writer = _spawn(script, str(cli.home), url, str(go), "40", "writer")
    _start_together([writer], go)
    copies = []
    while writer.poll() is None or not copies:
        committed = _query(_db(cli), "SELECT count(*) FROM items")[0][0]
        copies.append((committed, Path(cli.json("backup")["path"])))
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0 and out.strip() == "[]", err
    counts = []
    for committed, path in copies:
        assert _query(path, "PRAGMA integrity_check") == [("ok",)]
        items = _query(path, "SELECT count(*) FROM items")[0][0]
        created = _query(path, "SELECT count(*) FROM events WHERE kind = 'created'")[0][0]
        assert items == created  # no item without its event, no event without its item
        assert items >= committed  # nothing committed before the backup is missing
        counts.append(items)
    assert any(1 < n < 41 for n in counts), counts  # at least one copy was taken mid-stream


def test_restore_round_trips(cli):
    kept = _add(cli, "ハリオ V60")
    cli.ok("listed", str(kept), "--channel", "yahoo", "--price", "3000")
    backup = cli.json("backup")["path"]
    before = cli.json("show", str(kept))
    # Another process keeps the database open, so the changes below stay in the WAL file:
    # the case where copying a file over the database would corrupt it.
    other = sqlite3.connect(_db(cli))
    other.execute("SELECT count(*) FROM items").fetchall()
    _add(cli, "after the backup")
    cli.ok("edit", str(kept), "--title", "renamed")
    assert Path(f"{_db(cli)}-wal").stat().st_size > 0

    result = cli.json("restore", backup, "--yes")

    assert other.execute("SELECT title FROM items").fetchall() == [("ハリオ V60",)]
    other.close()

    assert result["restored"]["items"] == 1
    assert result["restored"]["integrity"] == "ok"
    assert cli.json("show", str(kept)) == before
    assert [i["title"] for i in cli.json("list")] == ["ハリオ V60"]
    previous = Path(result["previous_backup"]["path"])  # what was replaced is kept
    assert previous.parent == cli.home / "data" / "backups"
    assert _query(previous, "SELECT title FROM items ORDER BY id") == [
        ("renamed",),
        ("after the backup",),
    ]
    assert _query(_db(cli), "PRAGMA journal_mode") == [("wal",)]
    assert _query(_db(cli), "PRAGMA integrity_check") == [("ok",)]
    _add(cli, "life goes on")


def test_restore_upgrades_an_older_backup(cli, tmp_path):
    _add(cli, "current")
    result = cli.json("restore", str(FIXTURES / "schema_0001.db"), "--yes")
    assert result["restored"]["schema_revision"] == HEAD
    assert len(cli.json("list")) == 3
    assert _query(FIXTURES / "schema_0001.db", "SELECT version_num FROM alembic_version") == [
        ("0001",)
    ]


def test_restore_asks_first(cli, snapshot, monkeypatch):
    _add(cli, "kept")
    backup = cli.json("backup")["path"]
    _add(cli, "newer")
    before = snapshot(cli)
    line = cli.fails(1, "restore", backup)  # no terminal, no --yes
    assert line == f"Error: not restoring {backup}: confirm with --yes"
    monkeypatch.setattr("liquidator.cli.backup.is_interactive", lambda: True)
    assert cli.fails(1, "restore", backup, input="n\n") == "Error: aborted"
    assert snapshot(cli) == before
    assert len(list((cli.home / "data" / "backups").iterdir())) == 1
    out = cli.ok("restore", backup, input="y\n").stdout
    assert "Restored 1 item from" in out
    assert [i["title"] for i in cli.json("list")] == ["kept"]


def _not_liquidator(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.commit()
    db.close()
    return path


def _newer_schema(path: Path) -> Path:
    import shutil

    shutil.copy(FIXTURES / "schema_0001.db", path)
    db = sqlite3.connect(path)
    db.execute("UPDATE alembic_version SET version_num = '9999'")
    db.commit()
    db.close()
    return path


def _damaged(path: Path) -> Path:
    """Readable, but a row no longer matches its index: only integrity_check notices."""
    import shutil

    shutil.copy(FIXTURES / "schema_0001.db", path)
    data = bytearray(path.read_bytes())
    items_page = slice(3 * 4096, 4 * 4096)  # page 4 holds the items table
    at = 3 * 4096 + data[items_page].find(b"in_stock")
    data[at : at + 8] = b"in_stoxk"
    path.write_bytes(bytes(data))
    return path


def _write(data: bytes):
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


BAD_FILES = {
    "missing": (lambda p: p, "no such file"),
    "missing, odd name": (lambda p: p.with_name("two\nlines.db"), "no such file"),
    "text": (_write(b"title,cost\nx,1\n"), "is not a liquidator database (not SQLite)"),
    "empty": (_write(b""), "is not a liquidator database (no alembic_version or items table)"),
    "other sqlite": (_not_liquidator, "is not a liquidator database (no alembic_version or items"),
    "newer schema": (_newer_schema, "has schema revision 9999, newer than this liquidator"),
    "damaged": (_damaged, "is damaged (integrity_check: row 3 missing from index"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_restore_refuses_a_bad_file(cli, snapshot, tmp_path, kind):
    _add(cli, "kept")
    make, problem = BAD_FILES[kind]
    bad = make(tmp_path / f"{kind}.db")
    before = snapshot(cli)
    line = cli.fails(2, "restore", str(bad), "--yes")
    name = str(bad) if str(bad).isprintable() else repr(str(bad))
    assert line.startswith(f"Error: {name}: ") and problem in line, line
    assert snapshot(cli) == before
    assert not (cli.home / "data" / "backups").exists()


def test_backup_module_imports_no_cli_libraries():
    import subprocess

    code = "import sys, liquidator.backup; print(sorted({'typer', 'rich'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
