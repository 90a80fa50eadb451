"""Integrity, round 3: what liquidator writes and prints, and the settings file it reads.

``-o`` never replaces data, cp932 terminals and files, times in the seller's zone, a
settings file saved by a Japanese editor, error lines of bounded length. Each test
proves one promise of the README's "Guarantees" section.
"""

import csv
import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from liquidator.items_csv import COLUMNS

ADD = ("add", "--title", "カメラ", "--cost", "4980", "--size", "60", "--as-of", "2026-11-26")
SELL = ("sell", "1", "-c", "yahoo", "--price", "9000", "--date", "2026-11-26")
# Every command that writes a file the seller names, as (command, its output option).
WRITERS = [
    (("export", "items"), "-o"),
    (("export", "journal", "--layout", "yayoi", "--as-of", "2026-11-26"), "-o"),
    (("report", "-O", "csv", "--as-of", "2026-11-26"), "-o"),
]


def _workspace_with_a_backup(cli) -> Path:
    cli.ok(*ADD)
    cli.ok(*SELL)
    return Path(cli.json("backup")["path"])


# 7. -o never destroys data -------------------------------------------------------------


@pytest.mark.parametrize("command, option", WRITERS)
@pytest.mark.parametrize(
    "target, says",
    [
        ("data/liquidator.db", "belongs to the workspace's database"),
        ("data/liquidator.db-wal", "belongs to the workspace's database"),
        ("data/liquidator.db-journal", "belongs to the workspace's database"),
        ("link-to-db.csv", "belongs to the workspace's database"),
        ("hard-link-to-db.csv", "belongs to the workspace's database"),
        ("BACKUP", "is in the backups folder"),
        ("data/backups/week48.csv", "is in the backups folder"),
        ("data", "is a folder"),
        ("other.db", "is a database; liquidator never writes over one"),
    ],
)
def test_output_never_replaces_the_database_a_backup_or_a_folder(
    cli, snapshot, command, option, target, says
):
    import sqlite3

    backup = _workspace_with_a_backup(cli)
    db = cli.home / "data" / "liquidator.db"
    (cli.home / "link-to-db.csv").symlink_to(db)
    os.link(db, cli.home / "hard-link-to-db.csv")
    sqlite3.connect(cli.home / "other.db").execute("CREATE TABLE kept (x)").connection.close()
    path = backup if target == "BACKUP" else cli.home / target
    files = {p: p.read_bytes() for p in cli.home.rglob("*") if p.is_file()}
    before = snapshot(cli)
    line = cli.fails(2, *command, option, str(path))
    assert line.startswith(f"Error: --output: {path} ") and says in line, line
    assert snapshot(cli) == before
    assert {p: p.read_bytes() for p in cli.home.rglob("*") if p.is_file()} == files


def test_an_output_path_that_is_a_symlink_loop_is_one_clean_line(cli):
    cli.ok(*ADD)
    (cli.home / "a.csv").symlink_to(cli.home / "b.csv")
    (cli.home / "b.csv").symlink_to(cli.home / "a.csv")
    line = cli.fails(2, "export", "items", "-o", str(cli.home / "a.csv"))
    assert line.startswith(f"Error: --output: {cli.home / 'a.csv'}: cannot write: "), line
    assert (cli.home / "a.csv").is_symlink() and (cli.home / "b.csv").is_symlink()


def test_report_save_never_replaces_a_database_either(cli, snapshot):
    _workspace_with_a_backup(cli)
    reports = cli.home / "reports"
    reports.mkdir()
    (reports / "2026-11-26.csv").symlink_to(cli.home / "data" / "liquidator.db")
    before = snapshot(cli)
    line = cli.fails(2, "report", "-O", "csv", "--as-of", "2026-11-26", "--save")
    assert "--save:" in line and "belongs to the workspace's database" in line, line
    assert snapshot(cli) == before
    # -o and --save are both checked before either is written
    line = cli.fails(2, "report", "--as-of", "2026-11-26", "-o", str(cli.home / "r.csv"), "--save")
    assert not (cli.home / "r.csv").exists()


@pytest.mark.parametrize("command, option", WRITERS)
def test_a_fifo_is_written_into_never_replaced(any_cli, command, option):
    any_cli.ok(*ADD)
    any_cli.ok(*SELL)
    fifo = any_cli.home / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    any_cli.ok(*command, option, str(fifo))
    reader.join(timeout=30)
    assert fifo.is_fifo()
    regular = any_cli.home / "regular.csv"
    any_cli.ok(*command, option, str(regular))
    assert received == [regular.read_bytes()]


@pytest.fixture
def null_device(tmp_path) -> Path:
    """A character device node of the null device in tmp_path (like ``/dev/null``, but
    a mistake can only replace this copy, never the system's)."""
    import stat

    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        device.write_bytes(b"probe")
    except OSError as exc:  # not root, or a file system without devices
        pytest.skip(f"cannot make a character device here: {exc}")
    return device


@pytest.mark.parametrize("command, option", WRITERS)
def test_a_character_device_is_written_to_never_replaced(any_cli, null_device, command, option):
    any_cli.ok(*ADD)
    any_cli.ok(*SELL)
    before = null_device.stat()
    any_cli.ok(*command, option, str(null_device))
    after = null_device.stat()
    assert null_device.is_char_device()
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


# 10. a cp932 terminal shows what it can and never crashes -----------------------------


def _liquidator_cp932(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liquidator", "--home", str(home), *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp932", "LIQUIDATOR_LANG": "en"},
    )


def test_a_cp932_terminal_gets_every_report_and_list_without_a_crash(cli):
    cli.ok("add", "--title", "絵文字😀セット", "--cost", "4980", "--size", "60")
    cli.ok(*ADD)
    for args, shows in [
        (("list",), "￥4,980"),
        (("report", "--lang", "ja"), "滞留在庫"),
        (("report", "--lang", "en"), "Cash tied up: ￥9,960"),
        (("show", "1"), "絵文字?セット"),
    ]:
        result = _liquidator_cp932(cli.home, *args)
        assert result.returncode == 0, result.stderr.decode("cp932", "replace")
        text = result.stdout.decode("cp932")  # every byte is cp932
        assert shows in text, text


def test_adding_under_a_cp932_terminal_stores_once_and_says_so(cli, snapshot):
    result = _liquidator_cp932(cli.home, "add", "--title", "絵文字😀セット", "--cost", "4980",
                               "--size", "60")  # fmt: skip
    assert result.returncode == 0, result.stderr.decode("cp932", "replace")
    assert "Recorded item #1: 絵文字?セット" in result.stdout.decode("cp932")
    assert [item["title"] for item in cli.json("list")] == ["絵文字😀セット"]


# 11. the formula guard looks at the cell as it is encoded ------------------------------


@pytest.mark.parametrize(
    "args, encoding",
    [
        (("export", "items", "--encoding", "cp932"), "cp932"),
        (("export", "sales", "--encoding", "cp932"), "cp932"),
        (("export", "items"), "utf-8"),
        (("export", "journal", "--layout", "yayoi"), "cp932"),
        (("export", "journal", "--layout", "mf", "--encoding", "cp932"), "cp932"),
        (("export", "journal", "--layout", "freee", "--encoding", "cp932"), "cp932"),
        (("export", "journal", "--layout", "generic", "--encoding", "cp932"), "cp932"),
        (("export", "inventory", "--encoding", "cp932"), "cp932"),
        (("report", "-O", "csv"), "utf-8"),
    ],
)
def test_a_cell_that_an_encoding_starts_with_a_minus_sign_is_guarded(any_cli, args, encoding):
    any_cli.ok("add", "--title", "\u22121+1 カメラ", "--cost", "4980", "--size", "60",
               "--purchased", "2026-05-01")  # fmt: skip
    any_cli.ok("add", "--title", "\u2212SUM(A1)", "--cost", "980", "--size", "60",
               "--purchased", "2026-05-01")  # fmt: skip
    any_cli.ok(*SELL)
    output = any_cli.home / "out.csv"
    any_cli.ok(*args, "--as-of", "2026-11-26", "-o", str(output))
    text = output.read_bytes().decode(encoding)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    titled = [cell for cell in cells if "1+1" in cell or "SUM(A1)" in cell]
    assert titled, text
    assert all(cell.startswith("'") for cell in titled), titled


# 13. times in the seller's zone ---------------------------------------------------------


@pytest.fixture
def tokyo(monkeypatch):
    """The computer's zone is Asia/Tokyo for this test."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _recorded_at(url: str, moment) -> None:
    """Every stored time of item 1 and its events set to ``moment`` (UTC)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE events SET at = :t"), {"t": moment})
        connection.execute(text("UPDATE items SET created_at = :t, updated_at = :t"), {"t": moment})
    engine.dispose()


def _early_morning_in_tokyo(any_cli) -> None:
    import datetime as dt

    from liquidator.workspace import default_sqlite_url

    any_cli.ok(*ADD)
    # 05:30 on 1 December in Tokyo is still 30 November in UTC.
    _recorded_at(any_cli.db or default_sqlite_url(any_cli.home), dt.datetime(2026, 11, 30, 20, 30))


def test_show_prints_times_in_the_computers_zone_and_names_it(any_cli, tokyo):
    _early_morning_in_tokyo(any_cli)
    shown = any_cli.ok("show", "1", "--as-of", "2026-12-01").stdout
    assert shown.count("2026-12-01 05:30:00 JST") == 3, shown  # created, updated, history
    assert "2026-11-30" not in shown, shown


def test_the_workspace_time_zone_setting_wins_and_json_keeps_utc_with_its_offset(any_cli, tokyo):
    _early_morning_in_tokyo(any_cli)
    (any_cli.home / "liquidator.toml").write_text('[ui]\ntimezone = "America/New_York"\n')
    shown = any_cli.ok("show", "1", "--as-of", "2026-12-01").stdout
    assert shown.count("2026-11-30 15:30:00 EST") == 3, shown
    data = any_cli.json("show", "1", "--as-of", "2026-12-01")
    assert data["history"][0]["at"] == "2026-11-30T20:30:00+00:00"
    assert data["created_at"] == "2026-11-30T20:30:00+00:00"


def test_an_unknown_time_zone_in_the_settings_is_refused(cli):
    (cli.home / "liquidator.toml").write_text('[ui]\ntimezone = "Tokyo"\n')
    line = cli.fails(2, "show", "1")
    assert line == (
        'Error: liquidator.toml [ui] timezone: expected a time zone like "Asia/Tokyo", '
        "got 'Tokyo'"
    )


# 14. a settings file saved by a Japanese editor -----------------------------------------


def test_a_settings_file_with_a_utf8_bom_loads(cli):
    (cli.home / "liquidator.toml").write_bytes(
        '\ufeff[channels.yahoo]\nlabel_ja = "ヤフオク"\n[ui]\nlang = "ja"\n'.encode()
    )
    cli.ok(*ADD)
    assert "ヤフオク" in cli.ok("channels").stdout


@pytest.mark.parametrize(
    "lang, says",
    [
        ("en", "Error: liquidator.toml: saved as Shift_JIS (cp932)? save it as UTF-8"),
        ("ja", "エラー: liquidator.toml: Shift_JIS（cp932）で保存されていませんか？ UTF-8"),
    ],
)
def test_a_settings_file_saved_as_shift_jis_says_to_save_it_as_utf8(cli, snapshot, lang, says):
    cli.ok(*ADD)
    before = snapshot(cli)
    (cli.home / "liquidator.toml").write_bytes(
        '[channels.yahoo]\nlabel_ja = "ヤフオク"\n'.encode("cp932")
    )
    for command in (("list",), ("channels",), ADD):
        line = cli.fails(2, "--lang", lang, *command)
        assert line.startswith(says), line
    assert snapshot(cli) == before


# 16. error lines stay short whatever the input -----------------------------------------


def test_ten_thousand_unknown_columns_are_named_a_few_and_counted(any_cli, snapshot):
    header = ["title", "cost", "size", *(f"extra_column_{n}" for n in range(10_000))]
    path = any_cli.home / "wide.csv"
    path.write_text(",".join(header) + "\n" + ",".join(["カメラ", "4980", "60"]) + "\n")
    any_cli.ok(*ADD)
    before = snapshot(any_cli)
    line = any_cli.fails(2, "import", "items", str(path))
    assert "unknown columns extra_column_0, extra_column_1, extra_column_2, " in line
    assert "extra_column_4 and 9,995 more;" in line
    # The line names five unknown columns and every known one, never the 10,000.
    known = ", ".join(COLUMNS)
    assert len(line) < 300 + len(str(path)) + len(known), len(line)
    assert snapshot(any_cli) == before


def test_every_error_line_is_bounded_even_quoting_a_huge_value(any_cli):
    any_cli.ok(*ADD)
    huge = "x" * 100_000
    for args in (("list", "--status", huge), ("list", "--as-of", huge)):
        line = any_cli.fails(2, *args)
        assert len(line) <= 1100 and " … " in line, len(line)
        assert line.startswith(f"Error: {args[1]}: 'xxx"), line[:40]
    line = any_cli.fails(1, "recommend", *map(str, range(1000, 11_000)))
    assert line == "Error: items 1000, 1001, 1002, 1003, 1004 and 9,995 more not found"
