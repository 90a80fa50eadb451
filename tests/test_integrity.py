"""Integrity, round 2: no double sale or undo, hostile restores refused, stored values
that cannot crash a report, escaping everywhere, files written whole.

Each test proves one promise of the README's "Guarantees" section.
"""

import json
import os
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
    "index dropped": ("DROP INDEX ix_items_listings", "lacks the index ix_items_listings"),
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
    previous = result["value"].previous
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
    mine = folder / f"liquidator-20261101-090001.db.{os.getpid()}-0123abcd.partial"
    mine.write_bytes(b"a copy still being written")
    cli.json("backup")
    assert not leftover.exists()
    assert mine.exists()  # a live process's copy is left alone


# 3. dates bounded at entry; stored ones cannot crash a reader --------------------------

BAD_DATES = [
    (["report", "--as-of", "0001-01-01"], "--as-of: 0001-01-01 is outside"),
    (["report", "--as-of", "2400-01-01"], "--as-of: 2400-01-01 is outside"),
    (["report", "--period", "3000000"], "--period: 3000000 days is more than"),
    (["sell", "1", "-c", "yahoo", "-p", "1500", "--date", "9999-12-31"], "--date: 9999-12-31"),
    (["sell", "1", "-c", "yahoo", "-p", "1500", "--date", "2099-01-01"], "is in the future"),
    (["listed", "1", "-c", "yahoo", "-p", "1500", "--date", "2099-01-01"], "is in the future"),
    (["export", "journal", "--from", "2026-11-30", "--to", "2026-11-01"], "--from: 2026-11-30"),
    (["sales", "--from", "2026-11-30", "--to", "2026-11-01"], "--from: 2026-11-30 is after"),
    (["add", "--title", "x", "--cost", "1", "--size", "60", "--return-by", "2300-01-01"],
     "--return-by: 2300-01-01 is outside"),
    (["add", "--title", "x", "--cost", "1", "--size", "60", "--purchased", "1700-01-01"],
     "--purchased: 1700-01-01 is outside"),
    (["add", "--title", "x", "--cost", "1", "--size", "60", "--days-held", "9000",
      "--as-of", "2020-01-01"],
     "--days-held: 9000 days before 2020-01-01"),
    (["edit", "1", "--return-by", "2300-01-01"], "--return-by: 2300-01-01 is outside"),
]  # fmt: skip


def test_every_date_is_bounded_at_entry(any_cli, snapshot):
    any_cli.json("add", "--title", "kept", "--cost", "1000", "--size", "60",
                 "--purchased", "2026-10-01")  # fmt: skip
    before = snapshot(any_cli)
    for args, problem in BAD_DATES:
        line = any_cli.fails(2, *args)
        assert problem in line, (args, line)
    assert snapshot(any_cli) == before


def test_an_order_report_with_a_date_out_of_range_is_refused(cli, tmp_path):
    report = tmp_path / "orders.txt"
    header = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tsku\tquantity"
    row = "111-0000000-0000001\t1700-01-01T00:00:00+00:00\t2026-11-01T00:00:00+00:00\tShipped\tA\t1"
    report.write_text(f"{header}\n{row}\n", encoding="utf-8")
    line = cli.fails(2, "import", "amazon-orders", str(report))
    assert "1700-01-01" in line or "outside" in line, line


HUMAN_OUTPUTS = [
    ["report"], ["report", "-O", "md"], ["report", "-O", "html"], ["report", "--json"],
    ["list"], ["list", "--json"], ["show", "1"], ["show", "3"], ["recommend", "1"],
    ["recommend", "--all"], ["recommend", "--all", "--json"], ["sales"], ["cancel-rate"],
    ["export", "items"], ["export", "sales"], ["export", "journal"],
]  # fmt: skip


def _show(cli, args: list[str]):
    """Run one of HUMAN_OUTPUTS (the ones that work as of a day get AS_OF)."""
    return cli(*args, *(["--as-of", AS_OF] if args[0] not in ("sales", "export") else []))


def _store_directly(url: str, *statements: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _three_items(cli) -> None:
    for n in (1, 2, 3):
        cli.json("add", "--title", f"item {n}", "--cost", "1000", "--size", "60",
                 "--purchased", "2026-10-01")  # fmt: skip
    cli.json("sell", "2", "-c", "yahoo", "-p", "1500", "--date", "2026-11-01")
    cli.json("listed", "3", "-c", "yahoo", "-p", "1500", "--date", "2026-11-01")


def test_dates_stored_before_they_were_bounded_crash_no_report(any_cli):
    _three_items(any_cli)
    _store_directly(
        _url(any_cli),
        "UPDATE items SET purchased_on = '1700-01-01', return_by = '2300-01-01' WHERE id = 1",
        "UPDATE items SET listed_on = '9999-12-31' WHERE id = 3",
        "UPDATE disposals SET sold_on = '9999-12-31'",
    )
    for args in HUMAN_OUTPUTS:
        result = _show(any_cli, args)
        assert result.exit_code == 0, (args, result.stderr)


# 4. escape everything that reaches a terminal or a document ----------------------------

# One per stored item (the third carries two attacks).
HOSTILE_TITLES = [
    "[/]",
    "[link=https://evil.example]click[/link]",
    "<script>alert(1)</script> [bold]loud \x1b]8;;https://evil.example\x07x",
]


def test_hostile_stored_titles_are_shown_as_text_everywhere(any_cli):
    _three_items(any_cli)
    for number, title in enumerate(HOSTILE_TITLES, start=1):
        escaped = title.replace("'", "''")
        _store_directly(_url(any_cli), f"UPDATE items SET title = '{escaped}' WHERE id = {number}")
    for args in HUMAN_OUTPUTS:
        result = _show(any_cli, args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "\x1b]8;" not in result.stdout, args  # no terminal hyperlink
        if "md" in args or "html" in args:
            assert "<script>" not in result.stdout, args


def test_rich_markup_in_a_title_prints_literally_on_a_terminal(cli):
    from rich.console import Console

    from liquidator.render.table import print_report

    _three_items(cli)
    _store_directly(_url(cli), "UPDATE items SET title = '[/] [link=https://x.example]a[/link]'")
    report = cli.json("report", "--as-of", AS_OF)
    console = Console(record=True, width=200, force_terminal=True)
    print_report(report, console)
    text = console.export_text()
    assert "[/] [link=https://x.example]a[/link]" in text
    assert "\x1b]8;" not in console.export_text(styles=True)


def test_markdown_cells_escape_html_and_links():
    from liquidator.render.markdown import table

    lines = table(["Title"], [["<script>x</script> [a](javascript:1) | & `c`"]], "l")
    assert lines[2] == "| &lt;script&gt;x&lt;/script&gt; \\[a\\](javascript:1) \\| &amp; \\`c\\` |"


def test_full_width_formula_starts_are_neutralised_in_csv():
    from liquidator.exports.cells import neutralise, text_column

    for text in ("＝1+1", "＋cmd", "－5", "＠SUM(A1)", "=1", "+1", "-1", "@x"):
        assert neutralise(text) == "'" + text
        assert text_column([text]) == ["'" + text]
    assert neutralise("ハリオ ＝ V60") == "ハリオ ＝ V60"  # only a leading one


def test_bidi_controls_and_undecodable_bytes_are_refused_at_entry(cli, snapshot):
    cli.json("add", "--title", "kept", "--cost", "1000", "--size", "60")
    before = snapshot(cli)
    for bad in ("invoice\u202eexe.txt", "a\u2066b", "abc\u200f"):
        line = cli.fails(2, "add", "--title", bad, "--cost", "1", "--size", "60")
        assert line.startswith("Error: --title: contains a text-direction control"), line
    undecodable = b"\xff\xfe bad".decode("utf-8", "surrogateescape")
    for option in ("--title", "--sku", "--note"):
        args = ["add", "--title", "t", "--cost", "1", "--size", "60", option, undecodable]
        line = cli.fails(2, *args)
        assert line == f"Error: {option}: is not valid UTF-8 text (typed or saved in another "\
            "encoding?)", line  # fmt: skip
    assert cli.fails(2, "list", "--search", undecodable).startswith("Error: --search:")
    assert snapshot(cli) == before


# 5. files: template overrides are plain files; -o is written whole or not at all -------


def test_a_symlinked_template_override_is_refused(tmp_path):
    import pytest

    from liquidator.errors import InvalidInput
    from liquidator.reply_templates import render_template

    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "decline.txt").symlink_to(secret)
    with pytest.raises(InvalidInput, match="symbolic link"):
        render_template("decline", workspace_templates_dir=templates)
    (templates / "decline.txt").unlink()
    linked = tmp_path / "linked"
    linked.symlink_to(templates, target_is_directory=True)
    (templates / "decline.txt").write_text("Hello {buyer}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="symbolic link"):
        render_template("decline", workspace_templates_dir=linked)


def test_output_file_is_replaced_whole_or_left_as_it_was(cli, monkeypatch, tmp_path):
    import errno
    import os

    _three_items(cli)
    for args in (["report", "--as-of", AS_OF, "-o"], ["export", "items", "-o"]):
        target = tmp_path / ("r.html" if args[0] == "report" else "items.csv")
        target.write_text("previous, complete file\n", encoding="utf-8")

        def disk_full(descriptor):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr("liquidator.files.os.fsync", disk_full)
        line = cli.fails(1, *args, str(target))
        assert "No space left on device" in line and "left as it was" in line, line
        assert target.read_text(encoding="utf-8") == "previous, complete file\n"
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
        monkeypatch.undo()
        cli.ok(*args, str(target))
        assert target.read_text(encoding="utf-8") != "previous, complete file\n"


# hypothesis: any stored text, any undecodable argument --------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# What a database can hold in a text column (PostgreSQL refuses NUL; so do we).
stored_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
)


_STORED_WORKSPACE: dict[str, object] = {}


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=stored_text, category=stored_text, note=stored_text)
def test_any_stored_text_reaches_every_output_without_a_crash(tmp_path_factory, title,
                                                              category, note):  # fmt: skip
    """Each example stores its text over the same three items (the outputs only read them,
    so one workspace serves every example) and runs every human output over it."""
    from conftest import Cli
    from sqlalchemy import create_engine, text

    if "cli" not in _STORED_WORKSPACE:
        _STORED_WORKSPACE["cli"] = Cli(tmp_path_factory.mktemp("stored"))
        _three_items(_STORED_WORKSPACE["cli"])
    cli = _STORED_WORKSPACE["cli"]
    engine = create_engine(_url(cli))
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE items SET title = :t, category = :c, note = :n"),
                {"t": title, "c": category, "n": note},
            )
    finally:
        engine.dispose()
    for args in HUMAN_OUTPUTS:
        result = _show(cli, args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "\x1b]8;" not in result.stdout


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(min_size=1, max_size=12).filter(lambda b: not _is_utf8(b)),
       option=st.sampled_from(["--title", "--sku", "--category", "--source", "--note",
                               "--order-id", "--jan", "--quote"]))  # fmt: skip
def test_an_undecodable_argument_is_a_clear_error(tmp_path_factory, raw, option):
    from conftest import Cli

    cli = Cli(tmp_path_factory.mktemp("args"))
    value = raw.decode("utf-8", "surrogateescape")
    result = cli("add", "--title", "t", "--cost", "1", "--size", "60", option, value)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {option}: "), result.stderr
    assert not (cli.home / "data" / "liquidator.db").exists() or cli.json("list") == []


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_control_characters_already_stored_never_reach_the_terminal(any_cli, monkeypatch):
    """A title written before control characters were refused (or by hand) is shown
    with "?" in place of ESC, in every human output, CSV and the streamed list."""
    _three_items(any_cli)
    url = _url(any_cli)
    escape = "chr(27)" if url.startswith("postgresql") else "char(27)"
    _store_directly(url, f"UPDATE items SET title = 'a' || {escape} || '[31mred'")
    monkeypatch.setattr("liquidator.render.fit.STREAM_FROM", 1)
    for args in [*HUMAN_OUTPUTS, ["list", "--all"]]:
        if "--json" in args:
            continue  # JSON escapes it (\u001b)
        result = _show(any_cli, args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "\x1b" not in result.stdout, args
        if args[0] in ("list", "show", "report"):
            assert "a?[31mred" in result.stdout.replace("\\[", "["), args
