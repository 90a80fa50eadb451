"""Each figure of the table: the command, its floor measured in the same run, its target."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from benchmarks import limits, workspaces
from benchmarks.measure import HEAVY_MODULES, Timing, liquidator_command, python, timed
from benchmarks.rows import (
    RUNS_FAST,
    RUNS_SLOW,
    SLOW_FROM,
    Row,
    failed,
    heavy_row,
    megabytes,
    scratch,
    seconds,
    versus,
    within,
)
from benchmarks.workspaces import Workspace, size_label

HUGE_FROM = 1_000_000  # items: the report is held to absolute time and memory targets
HUGE_SECONDS = 3
MEMORY_LIMIT = 1024**3
IMPORT_TARGET = 50_000  # rows per second
# The target is set for a 100k-row file; a smaller file is mostly start-up time,
# so its rate is shown for information only.
IMPORT_TARGET_FROM = 100_000

READ_FLOOR = (
    "import sqlite3, sys, pandas; "
    "pandas.read_sql_query('SELECT * FROM items', sqlite3.connect(sys.argv[1]))"
)
# Reading the same CSV and storing its rows as they are, the libraries alone: the csv
# module and one sqlite3 executemany into a WAL database, with no parsing, import keys,
# events or indexes (what liquidator adds on top).
IMPORT_FLOOR = (
    "import csv, sqlite3, sys; "
    "rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''))); "
    "c = sqlite3.connect(sys.argv[2]); c.execute('PRAGMA journal_mode = WAL'); "
    "c.execute('CREATE TABLE t (' + ', '.join(f'c{i}' for i in range(len(rows[0]))) + ')'); "
    "c.executemany('INSERT INTO t VALUES (' + ', '.join('?' * len(rows[0])) + ')', rows[1:]); "
    "c.commit()"
)
EXPORT_FLOOR = (
    "import sqlite3, sys, pandas; "
    "pandas.read_sql_query('SELECT * FROM items', sqlite3.connect(sys.argv[1]))"
    ".to_csv(sys.argv[2], index=False)"
)


def startup(log: Callable[[str], None]) -> tuple[list[Row], list[str]]:
    """``--help`` and ``--version``: wall time beside ``import typer``; no heavy imports."""
    log("startup: --help, --version")
    cli = liquidator_command()
    rows, notes = [], []
    for flag in ("--help", "--version"):
        timing, floor = timed([*cli, flag], [python(), "-c", "import typer"], runs=RUNS_FAST)
        rows.append(versus(f"liquidator {flag}", timing, floor, "typer", None))
        row, notable = heavy_row(f"liquidator {flag}: heavy imports", [*cli, flag], HEAVY_MODULES)
        rows.append(row)
        notes.append(f"`liquidator {flag}` imports: {notable}")
    notes.append(f"heavy imports = {', '.join(HEAVY_MODULES)}")
    return rows, notes


def add(ws: Workspace, log: Callable[[str], None]) -> tuple[list[Row], list[str]]:
    """``add`` into the workspace (a copy; it grows by a few rows) vs ``import typer, sqlmodel``."""
    label = size_label(ws.items)
    log(f"{label}: add")
    home = workspaces.copy_of(ws.home, scratch(f"add-{label}"))
    command = [
        *liquidator_command(), "--home", str(home), "add", "--title", "ベンチ ドリッパー 02",
        "--cost", "4980", "--size", "80", "--days-held", "12", "--as-of", ws.anchor.isoformat(),
    ]  # fmt: skip
    timing, floor = timed(command, [python(), "-c", "import typer, sqlmodel"], runs=RUNS_FAST)
    pandas_row, notable = heavy_row(f"add ({label}): pandas imported", command, ("pandas",))
    pandas_row.target = "no"
    if not pandas_row.value.startswith("FAILED"):
        pandas_row.value = "no" if pandas_row.ok else "yes"
    shutil.rmtree(home, ignore_errors=True)
    rows = [versus(f"add ({label})", timing, floor, "typer+sqlmodel", 1.5), pandas_row]
    return rows, [f"`add` imports: {notable}"]


def reads(
    ws: Workspace, log: Callable[[str], None], *, full: bool = True
) -> tuple[list[Row], list[str]]:
    """``report``/``recommend``/``export items``/``list`` beside reading the items into pandas.

    Also the report beside its limit and peer (``benchmarks.limits``) and, from 100k
    items, ``list --json`` and ``export items`` beside the report (they read no more).
    """
    label = size_label(ws.items)
    runs = RUNS_SLOW if ws.items >= SLOW_FROM else RUNS_FAST
    cli = [*liquidator_command(), "--home", str(ws.home)]
    as_of = ["--as-of", ws.anchor.isoformat()]
    out = scratch(f"out-{label}")
    csv_out, csv_floor_out = out.with_suffix(".csv"), out.with_suffix(".floor.csv")
    edges = limits.bucket_edges()
    scale = ws.items >= SLOW_FROM
    commands = {
        "floor": [python(), "-c", READ_FLOOR, str(ws.db)],
        "limit": limits.limit_command(ws, edges),
    }
    if full:
        commands["recommend"] = [*cli, "recommend", "--all", "--json", *as_of]
        commands["export"] = [*cli, "export", "items", "-o", str(csv_out), *as_of]
        commands["csv floor"] = [python(), "-c", EXPORT_FLOOR, str(ws.db), str(csv_floor_out)]
        if scale:
            commands["list"] = [*cli, "list", "--json", *as_of]
    # Last, so the JSON left in ``out`` is the report's (checked against the limit).
    commands["report"] = [*cli, "report", "--json", *as_of]
    log(f"{label}: {', '.join(c for c in commands if 'floor' not in c)} and their floors")
    t = dict(zip(commands, timed(*commands.values(), runs=runs, stdout=out), strict=True))
    report, floor = t["report"], t["floor"]
    rows = [versus(f"report --json ({label})", report, floor, "read items", 3)]
    if ws.items >= HUGE_FROM:
        rows += _huge(label, report, floor)
    rows += limits.rows(ws, report, t["limit"])
    notes = []
    if not report.error:
        mismatch = limits.check(ws, edges, out)
        if mismatch:
            notes.append(f"{label}: {mismatch}")
    if full:
        rows.append(
            versus(f"recommend --all --json ({label})", t["recommend"], floor, "read items", 3)
        )
        rows.append(
            versus(f"export items ({label})", t["export"], t["csv floor"], "read + to_csv", 2)
        )
    if scale and not full:
        log(f"{label}: list --json and export items, one run each")
        t["list"], t["export"] = timed(
            [*cli, "list", "--json", *as_of],
            [*cli, "export", "items", "-o", str(csv_out), *as_of],
            runs=1,
            warmup=0,
            stdout=out,
        )
    if scale:
        for name in ("list", "export"):
            figure = {"list": "list --json", "export": "export items"}[name]
            rows.append(
                versus(f"{figure} ({label}) vs report", t[name], report, "report --json", 1)
            )
    for path in (out, csv_out, csv_floor_out):
        path.unlink(missing_ok=True)
    return rows, notes


def _huge(label: str, report: Timing, floor: Timing) -> list[Row]:
    """At 1M items the report is also held to absolute targets: time and peak memory."""
    if report.error:
        return []
    time_row = within(
        f"report --json ({label}): wall time", report, floor, "read items", HUGE_SECONDS
    )
    memory_row = Row(
        f"report --json ({label}): peak memory",
        megabytes(report.rss_bytes),
        f"{megabytes(floor.rss_bytes)} (read items)",
        report.rss_bytes / floor.rss_bytes if floor.rss_bytes else None,
        f"< {MEMORY_LIMIT / 1024**3:g} GB",
        report.rss_bytes < MEMORY_LIMIT,
    )
    return [time_row, memory_row]


def import_items(count: int, log: Callable[[str], None]) -> Row:
    """``import items`` of a ``count``-row CSV into a fresh workspace, in rows per second."""
    label = size_label(count)
    figure = f"import items ({label} rows)"
    held_to_target = count >= IMPORT_TARGET_FROM
    target = f"≥ {IMPORT_TARGET:,} rows/s" if held_to_target else "— (start-up bound)"
    log(f"{label}: import items")
    source = workspaces.items_csv(count)
    empty = workspaces.empty_workspace()
    home = scratch(f"import-{label}")
    floor_db = scratch(f"import-floor-{label}").with_suffix(".db")
    command = [*liquidator_command(), "--home", str(home), "import", "items", str(source)]
    runs = RUNS_SLOW if count >= SLOW_FROM else RUNS_FAST

    def prepare(_: int) -> None:
        workspaces.copy_of(empty, home)
        for path in floor_db.parent.glob(floor_db.name + "*"):
            path.unlink()

    # The floor first: each prepare empties both, so the rows counted are liquidator's.
    floor, timing = timed(
        [python(), "-c", IMPORT_FLOOR, str(source), str(floor_db)],
        command,
        runs=runs,
        warmup=0,
        prepare=prepare,
    )
    if timing.error:
        return failed(figure, timing, target)
    connection = sqlite3.connect(home / workspaces.DB)
    try:
        stored = connection.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        connection.close()
    shutil.rmtree(home, ignore_errors=True)
    rate = count / timing.seconds
    value = f"{rate:,.0f} rows/s ({seconds(timing.seconds)})"
    if stored != count:
        value += f" — but {stored:,} rows stored"
    floor_text, ratio = "—", None
    if not floor.error:
        floor_text = f"{seconds(floor.seconds)} (csv + sqlite3 executemany)"
        ratio = timing.seconds / floor.seconds
    return Row(
        figure,
        value,
        floor_text,
        ratio,
        target=target,
        ok=(rate >= IMPORT_TARGET if held_to_target else None) if stored == count else False,
        rss=f"{megabytes(timing.rss_bytes)} ({megabytes(floor.rss_bytes)})",
    )


def scoring(count: int, log: Callable[[str], None]) -> Row:
    """In-process scoring (``benchmarks.bench_scoring``) beside building the DataFrame."""
    log(f"scoring {size_label(count)} items in-process")
    result = subprocess.run(
        [python(), "-m", "benchmarks.bench_scoring", "--items", str(count), "--json"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    figure = f"scoring {size_label(count)} items (in-process)"
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        return Row(figure, f"FAILED: {lines[-1] if lines else result.returncode}", ok=False)
    data = json.loads(result.stdout)
    total = data["score_items"]
    return Row(
        f"scoring {size_label(count)} × {data['channels']} channels (in-process)",
        f"{total:.3f} s",
        f"{data['floor']:.3f} s (build DataFrame)",
        total / data["floor"],
    )
