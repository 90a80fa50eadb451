"""Integrity, round 3: the database and the workspace's files.

A malformed database URL, a damaged database file, a workspace that is a file, a loop,
in memory or read-only, backups as private as the database, leftovers of a killed
restore. Each test proves one promise of the README's "Guarantees" section.
"""

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ADD = ("add", "--title", "カメラ", "--cost", "4980", "--size", "60", "--as-of", "2026-11-26")
# Every command that opens the database, reading or writing.
OPENING_COMMANDS = [
    ("list",),
    ("show", "1"),
    ("report", "--as-of", "2026-11-26"),
    ("recommend", "1"),
    ("export", "items"),
    ("backup",),
    ADD,
    ("sell", "1", "-c", "yahoo", "--price", "9000", "--date", "2026-11-26"),
]


def _no_database_written(cli) -> None:
    assert not (cli.home / "data").exists(), sorted(cli.home.rglob("*"))


# 1. database URLs: malformed ones are refused cleanly, credentials never shown -------


@pytest.mark.parametrize(
    "url, says",
    [
        ("postgresql+psycopg://u:pw@127.0.0.1:notaport/db", "the port 'notaport' is not a number"),
        ("postgresql+psycopg://u:pw@127.0.0.1:99999/db", "the port '99999' is not a number"),
        ("mysql://seller:pw@db/stock", "mysql is not supported"),
        ("garbage", "garbage is not a database URL"),
        ("postgresql+psycopg//u:pw@h/db", "is not a database URL"),
    ],
)
@pytest.mark.parametrize("command", OPENING_COMMANDS + [("restore", "x.db", "--yes")])
def test_a_malformed_database_url_is_one_clean_line_from_every_command(cli, url, says, command):
    cli.db = url
    line = cli.fails(2, *command)
    assert line.startswith("Error: --db: ") and says in line, line
    assert "pw" not in line and "ValueError" not in line and "int()" not in line, line
    _no_database_written(cli)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://seller:S3cr3t-pw@127.0.0.1:1/stock",
        "postgresql+psycopg://seller@127.0.0.1:1/stock?password=S3cr3t-pw",
        "postgresql+psycopg://seller@127.0.0.1:1/stock?sslmode=disable&sslpassword=S3cr3t-pw",
        "postgresql+psycopg://seller@127.0.0.1:1/stock?PGPASSWORD=S3cr3t-pw",
        "postgresql+psycopg://seller@127.0.0.1:1/stock?options=-c%20password%3DS3cr3t-pw",
        "postgresql+psycopg://seller:p%40S3cr3t-pw@127.0.0.1:1/stock",
        "postgresql+psycopg://seller:S3cr3t-pw@@127.0.0.1:1/stock?application_name=me",
    ],
)
@pytest.mark.parametrize("command", [("list",), ("backup",), ("restore", "x.db", "--yes"), ADD])
def test_no_message_shows_a_credential_of_the_database_url(cli, url, command):
    """Connection errors and backup's pg_dump hint show the URL with every secret as ***."""
    cli.db = url
    result = cli(*command)
    assert result.exit_code in (1, 2), result
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line, result.stderr
    assert "S3cr3t" not in line and "***" in line, line
    if command == ("backup",):
        assert "pg_dump --format=custom" in line and "postgresql://seller" in line, line


@settings(max_examples=200, deadline=None)
@given(
    secret=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs")), max_size=20)
    .filter(lambda s: not set(s) & set("@/?&#=:%"))
    .map(lambda s: "Zq" + s),  # "Zq": never a piece of the rest of the URL
    where=st.sampled_from(
        [
            "u:{s}@h/db",
            "u@h/db?password={s}",
            "u@h/db?sslmode=require&sslpassword={s}",
            "u@h/db?PGPASSWORD={s}&x=1",
            "u:{s}@h:5432/db?password={s}",
            "u@h/db?api_token={s}",
        ]
    ),  # fmt: skip
)
def test_masking_hides_any_password_wherever_it_sits(secret, where):
    from liquidator.database_url import masked

    url = "postgresql+psycopg://" + where.format(s=secret)
    shown = masked(url)
    assert secret not in shown, shown
    assert shown.startswith("postgresql+psycopg://u") and "@h" in shown


# 2. a damaged database is one line naming the backup to restore ----------------------


def _damage_schema_text(db: Path) -> None:
    """0xff bytes written into the items table's SQL text in sqlite_master."""
    data = bytearray(db.read_bytes())
    at = data.find(b'CREATE TABLE "items"')
    assert at >= 0
    data[at + 18 : at + 20] = b"\xff\xff"
    db.write_bytes(bytes(data))


def _damage_items_page(db: Path) -> None:
    """The items table's first page overwritten with 0xff: a damaged page."""
    with sqlite3.connect(db) as connection:
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name='items'")
        page = root.fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(db.read_bytes())
    data[(page - 1) * size : (page - 1) * size + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))


def _not_a_database(db: Path) -> None:
    db.write_bytes(b"this is not a database, just text\n" * 200)


@pytest.mark.parametrize("damage", [_damage_schema_text, _damage_items_page, _not_a_database])
@pytest.mark.parametrize("command", OPENING_COMMANDS)
def test_a_damaged_database_is_one_line_naming_the_backup_to_restore(cli, damage, command):
    cli.ok(*ADD)
    backup = Path(cli.json("backup")["path"])
    db = cli.home / "data" / "liquidator.db"
    damage(db)
    damaged_bytes = db.read_bytes()
    line = cli.fails(1, *command)
    assert f"the database {db} is damaged (" in line, line
    assert line.endswith(f"restore your latest backup: liquidator restore {backup}"), line
    assert db.read_bytes() == damaged_bytes
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_the_restore_a_damaged_database_names_works_and_keeps_the_damaged_file(cli):
    cli.ok(*ADD)
    backup = Path(cli.json("backup")["path"])
    db = cli.home / "data" / "liquidator.db"
    _damage_schema_text(db)
    damaged_bytes = db.read_bytes()
    restored = cli.json("restore", str(backup), "--yes")
    assert restored["previous_backup"] is None
    kept = Path(restored["damaged_copy"])
    assert kept.parent == db.parent and kept.name.startswith("liquidator.db.damaged-")
    assert kept.read_bytes() == damaged_bytes
    assert [item["title"] for item in cli.json("list")] == ["カメラ"]


def test_a_damaged_database_without_a_backup_says_so(cli):
    cli.ok(*ADD)
    db = cli.home / "data" / "liquidator.db"
    _damage_schema_text(db)
    line = cli.fails(1, "list")
    assert "is damaged" in line and "holds no backup" in line, line
    assert line.endswith("liquidator restore FILE"), line


# 3 and 17. a workspace that cannot keep anything is refused ---------------------------


def test_a_home_that_is_a_file_is_refused(cli, tmp_path):
    home = tmp_path / "notes.txt"
    home.write_text("a file, not a folder\n")
    cli.home = home
    for command in (("list",), ADD, ("report",), ("backup",)):
        line = cli.fails(2, *command)
        assert line == f"Error: --home: {home} is a file, not a folder; give the workspace folder"
    assert home.read_text() == "a file, not a folder\n"


def test_a_home_that_is_a_symlink_loop_is_refused(cli, tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    cli.home = tmp_path / "a"
    for command in (("list",), ADD):
        line = cli.fails(2, *command)
        assert line == f"Error: --home: {cli.home} is a symbolic link that leads back to itself"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
@pytest.mark.parametrize("command", [ADD, ("list",), ("import", "items", "{home}/x.csv")])
def test_a_database_in_memory_is_refused_because_it_keeps_nothing(cli, url, command):
    cli.db = url
    (cli.home / "x.csv").write_text("title,cost,size\nカメラ,4980,60\n", encoding="utf-8")
    line = cli.fails(2, *(part.format(home=cli.home) for part in command))
    assert line == (
        f"Error: --db: {url} is a database in memory, which keeps nothing; "
        "give a file: sqlite:///FILE"
    )


def _as_another_user(home: Path, *args: str) -> subprocess.CompletedProcess:
    """``liquidator`` run by a user who may read the workspace but not write it: root
    writes anywhere, so as root it runs as nobody (through util-linux's setpriv)."""
    import shutil

    command = [sys.executable, "-m", "liquidator", "--home", str(home), *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("as root this needs setpriv to run the command as another user")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "LIQUIDATOR_LANG": "en"},
        cwd="/",
    )


@pytest.fixture
def read_only_workspace():
    """A workspace with two items whose folders and database nobody may write (in a
    folder of its own under the system's temporary folder, which others may reach)."""
    import shutil
    import tempfile

    from conftest import Cli

    base = Path(tempfile.mkdtemp(prefix="liquidator-read-only-"))
    base.chmod(0o755)
    home = base / "shop"
    cli = Cli(home)
    cli.ok(*ADD)
    cli.ok("add", "--title", "レンズ", "--cost", "1200", "--size", "60", "--as-of", "2026-11-26")
    for path in (home / "data" / "liquidator.db", home / "data", home):
        path.chmod(0o555 if path.is_dir() else 0o444)
    yield home
    for path in (home, home / "data"):
        path.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize(
    "command, shows",
    [
        (("list",), "カメラ"),
        (("show", "1"), "カメラ"),
        (("report", "--as-of", "2026-11-26"), "2 items"),
        (("recommend", "2"), "レンズ"),
        (("export", "items"), "レンズ"),
    ],
)
def test_a_read_only_workspace_can_still_be_read(read_only_workspace, command, shows):
    before = (read_only_workspace / "data" / "liquidator.db").read_bytes()
    result = _as_another_user(read_only_workspace, *command)
    assert result.returncode == 0, result.stderr
    assert shows in result.stdout
    assert sorted(p.name for p in (read_only_workspace / "data").iterdir()) == ["liquidator.db"]
    assert (read_only_workspace / "data" / "liquidator.db").read_bytes() == before


def test_a_read_only_workspace_can_be_backed_up_elsewhere(read_only_workspace):
    elsewhere = read_only_workspace.parent / "copies"
    elsewhere.mkdir()
    elsewhere.chmod(0o777)
    result = _as_another_user(read_only_workspace, "backup", "-o", str(elsewhere), "--json")
    assert result.returncode == 0, result.stderr
    copy = Path(json.loads(result.stdout)["path"])
    assert copy.parent == elsewhere
    with sqlite3.connect(copy) as connection:
        titles = connection.execute("SELECT title FROM items ORDER BY id").fetchall()
    connection.close()
    assert titles == [("カメラ",), ("レンズ",)]
    assert sorted(p.name for p in (read_only_workspace / "data").iterdir()) == ["liquidator.db"]


def test_a_write_in_a_read_only_workspace_is_one_clear_line(read_only_workspace):
    db = read_only_workspace / "data" / "liquidator.db"
    before = db.read_bytes()
    result = _as_another_user(read_only_workspace, *ADD)
    assert result.returncode == 1, result
    assert result.stderr.strip() == (
        f"Error: database: {db} is read-only here, so nothing was written; list, show, "
        "report, recommend and export can still read it"
    )
    assert db.read_bytes() == before


# 8. backups are as private as the database --------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_a_backup_and_its_partial_copy_get_the_databases_mode_or_stricter(cli, monkeypatch, mode):
    import liquidator.backup

    cli.ok(*ADD)
    db = cli.home / "data" / "liquidator.db"
    db.chmod(mode)
    seen = []
    copy = liquidator.backup._copy

    def watching(*, source, destination):
        seen.append(stat.S_IMODE(destination.stat().st_mode))  # as made, before a byte
        copy(source=source, destination=destination)

    monkeypatch.setattr(liquidator.backup, "_copy", watching)
    backup = Path(cli.json("backup")["path"])
    assert seen and all(m & ~mode == 0 for m in seen), [oct(m) for m in seen]
    assert stat.S_IMODE(backup.stat().st_mode) & ~mode == 0, oct(backup.stat().st_mode)


def test_a_restores_staging_copy_is_as_private_as_the_database(cli, monkeypatch):
    import liquidator.backup

    cli.ok(*ADD)
    backup = Path(cli.json("backup")["path"])
    db = cli.home / "data" / "liquidator.db"
    db.chmod(0o600)
    backup.chmod(0o644)
    seen = {}
    copy = liquidator.backup._copy

    def watching(*, source, destination):
        seen[destination.name] = stat.S_IMODE(destination.stat().st_mode)
        copy(source=source, destination=destination)

    monkeypatch.setattr(liquidator.backup, "_copy", watching)
    cli.ok("restore", str(backup), "--yes")
    staging = [mode for name, mode in seen.items() if name.startswith(".restore-")]
    assert staging and all(mode & 0o077 == 0 for mode in staging), seen
    assert all(mode & 0o077 == 0 for mode in seen.values()), seen


# 17. a killed restore's staging files are removed by the next restore or backup --------


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("next_command", ["backup", "restore"])
def test_a_killed_restores_staging_files_are_removed_by_the_next_one(cli, next_command):
    cli.ok(*ADD)
    backup = Path(cli.json("backup")["path"])
    data = cli.home / "data"
    dead, alive = _dead_pid(), os.getpid()
    leftovers = [data / f".restore-{dead}-0123abcd.db{suffix}" for suffix in ("", "-wal", "-shm")]
    running = [data / f".restore-{alive}-4567cdef.db{suffix}" for suffix in ("", "-wal")]
    for path in leftovers + running:
        path.write_bytes(b"x" * 4096)
    if next_command == "backup":
        cli.ok("backup")
    else:
        cli.ok("restore", str(backup), "--yes")
    assert not [path for path in leftovers if path.exists()]
    assert all(path.exists() for path in running)  # a live process's files are left alone
