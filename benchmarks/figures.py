"""Each figure of the table: the command, its floor measured in the same run, its target."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import workspaces
from benchmarks.measure import (
    HEAVY_MODULES,
    NOTABLE_MODULES,
    Timing,
    imported_modules,
    liquidator_command,
    python,
    timed,
)
from benchmarks.workspaces import WORK, Workspace, size_label

RUNS_FAST = 5
RUNS_SLOW = 3
SLOW_FROM = 100_000  # items: from here a command over the workspace counts as slow
MEMORY_LIMIT = 2 * 1024**3
IMPORT_TARGET = 20_000  # rows per second
# The target is set for a 100k-row file; a smaller file is mostly start-up time,
# so its rate is shown for information only.
IMPORT_TARGET_FROM = 100_000
SCRATCH = WORK / "run"

READ_FLOOR = (
    "import sqlite3, sys, pandas; "
    "pandas.read_sql_query('SELECT * FROM items', sqlite3.connect(sys.argv[1]))"
)
EXPORT_FLOOR = (
    "import sqlite3, sys, pandas; "
    "pandas.read_sql_query('SELECT * FROM items', sqlite3.connect(sys.argv[1]))"
    ".to_csv(sys.argv[2], index=False)"
)


@dataclass
class Row:
    """One line of the table. ``ok`` is None for a figure without a target."""

    figure: str
    value: str
    floor: str = "—"
    ratio: float | None = None
    target: str = "—"
    ok: bool | None = None
    rss: str = ""

    @property
    def verdict(self) -> str:
        return {True: "ok", False: "MISS", None: ""}[self.ok]


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def megabytes(value: int) -> str:
    return f"{value / 1024**3:.2f} GB" if value >= 1024**3 else f"{value / 1024**2:.0f} MB"


def failed(figure: str, timing: Timing, target: str = "—") -> Row:
    return Row(figure, f"FAILED: {timing.error}", target=target, ok=False)


def versus(figure: str, timing: Timing, floor: Timing, floor_name: str, limit: float | None) -> Row:
    """A wall-time figure beside its floor: ratio, and ok when the ratio is within ``limit``."""
    if timing.error:
        return failed(figure, timing, f"≤ {limit:g}×" if limit else "—")
    if floor.error:
        return Row(figure, seconds(timing.seconds), f"FAILED: {floor.error}", ok=False)
    ratio = timing.seconds / floor.seconds
    return Row(
        figure,
        seconds(timing.seconds),
        f"{seconds(floor.seconds)} ({floor_name})",
        ratio,
        f"≤ {limit:g}×" if limit else "—",
        None if limit is None else ratio <= limit,
        f"{megabytes(timing.rss_bytes)} ({megabytes(floor.rss_bytes)})",
    )


def heavy_row(figure: str, command: list[str], forbidden: tuple[str, ...]) -> tuple[Row, str]:
    """Which of ``forbidden`` the command imports (target: none); also the notable others."""
    modules, error = imported_modules(command)
    if error:
        return Row(figure, f"FAILED: {error}", target="none", ok=False), ""
    heavy = sorted(modules & set(forbidden))
    notable = ", ".join(sorted(modules & set(HEAVY_MODULES + NOTABLE_MODULES))) or "none"
    row = Row(figure, ", ".join(heavy) or "none", target="none", ok=not heavy)
    return row, notable


def _scratch(name: str) -> Path:
    path = SCRATCH / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


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
    home = workspaces.copy_of(ws.home, _scratch(f"add-{label}"))
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


def reads(ws: Workspace, log: Callable[[str], None], *, full: bool = True) -> list[Row]:
    """``report``/``recommend``/``export items`` beside reading the items into pandas."""
    label = size_label(ws.items)
    runs = RUNS_SLOW if ws.items >= SLOW_FROM else RUNS_FAST
    cli = [*liquidator_command(), "--home", str(ws.home)]
    as_of = ["--as-of", ws.anchor.isoformat()]
    out = _scratch(f"out-{label}")
    commands = [[python(), "-c", READ_FLOOR, str(ws.db)], [*cli, "report", "--json", *as_of]]
    if full:
        commands.append([*cli, "recommend", "--all", "--json", *as_of])
    log(f"{label}: report --json{', recommend --all --json' if full else ''} and their floor")
    floor, report, *recommend = timed(*commands, runs=runs, stdout=out)
    rows = [versus(f"report --json ({label})", report, floor, "read items", 3)]
    if ws.items >= 1_000_000 and not report.error:
        rows.append(
            Row(
                f"report --json ({label}): peak memory",
                megabytes(report.rss_bytes),
                f"{megabytes(floor.rss_bytes)} (read items)",
                report.rss_bytes / floor.rss_bytes,
                f"< {megabytes(MEMORY_LIMIT)}",
                report.rss_bytes < MEMORY_LIMIT,
            )
        )
    if full:
        rows.append(
            versus(f"recommend --all --json ({label})", recommend[0], floor, "read items", 3)
        )
        log(f"{label}: export items and its floor")
        export, csv_floor = timed(
            [*cli, "export", "items", "-o", str(out.with_suffix(".csv")), *as_of],
            [python(), "-c", EXPORT_FLOOR, str(ws.db), str(out.with_suffix(".floor.csv"))],
            runs=runs,
        )
        rows.append(versus(f"export items ({label})", export, csv_floor, "read + to_csv", 2))
    for path in (out, out.with_suffix(".csv"), out.with_suffix(".floor.csv")):
        path.unlink(missing_ok=True)
    return rows


def import_items(count: int, log: Callable[[str], None]) -> Row:
    """``import items`` of a ``count``-row CSV into a fresh workspace, in rows per second."""
    label = size_label(count)
    figure = f"import items ({label} rows)"
    held_to_target = count >= IMPORT_TARGET_FROM
    target = f"≥ {IMPORT_TARGET:,} rows/s" if held_to_target else "— (start-up bound)"
    log(f"{label}: import items")
    source = workspaces.items_csv(count)
    empty = workspaces.empty_workspace()
    home = _scratch(f"import-{label}")
    command = [*liquidator_command(), "--home", str(home), "import", "items", str(source)]
    runs = RUNS_SLOW if count >= SLOW_FROM else RUNS_FAST
    (timing,) = timed(
        command, runs=runs, warmup=0, prepare=lambda _: workspaces.copy_of(empty, home)
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
    return Row(
        figure,
        value,
        target=target,
        ok=(rate >= IMPORT_TARGET if held_to_target else None) if stored == count else False,
        rss=megabytes(timing.rss_bytes),
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
