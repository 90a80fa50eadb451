"""Synthetic workspaces, built once and cached under ``benchmarks/work/``.

The schema comes from the real CLI (one ``add``, so the migrations run exactly as for
a seller); the rows are then bulk-inserted with sqlite3 in one transaction. A cache
entry is keyed by size, schema HEAD and ``synth.GENERATOR_VERSION``, so a new
migration or a change to the generator builds afresh.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmarks import synth
from benchmarks.measure import liquidator_command

WORK = Path(__file__).resolve().parent / "work"
DB = Path("data") / "liquidator.db"


@dataclass(frozen=True)
class Workspace:
    """A built workspace: its folder, its database file and the day its dates end on."""

    home: Path
    anchor: dt.date
    items: int
    disposals: int

    @property
    def db(self) -> Path:
        return self.home / DB


def schema_head() -> str:
    from liquidator.migrations import HEAD

    return HEAD


def parse_size(text: str) -> int:
    """``10k`` → 10000, ``1m`` → 1000000, ``2500`` → 2500."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    return int(float(number) * scale)


def size_label(count: int) -> str:
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    if count % 1_000 == 0:
        return f"{count // 1_000}k"
    return str(count)


def _key(name: str) -> str:
    return f"{name}-head{schema_head()}-gen{synth.GENERATOR_VERSION}"


def _run_cli(home: Path, *args: str) -> None:
    result = subprocess.run(
        [*liquidator_command(), "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=None,
    )
    if result.returncode != 0:
        raise RuntimeError(f"liquidator {' '.join(args)} failed: {result.stderr.strip()}")


def _fresh_schema(home: Path) -> None:
    """An empty workspace whose schema the real CLI created (then its one item removed)."""
    _run_cli(home, "add", "--title", "schema seed", "--cost", "1000", "--size", "60", "--json")
    connection = sqlite3.connect(home / DB)
    try:
        stored = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        if stored != schema_head():
            raise RuntimeError(f"the CLI made schema {stored}, expected HEAD {schema_head()}")
        with connection:
            for table in ("events", "disposals", "items"):
                connection.execute(f"DELETE FROM {table}")
    finally:
        connection.close()
    _checkpoint(home / DB)


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file so one file is the whole database (copyable)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def _insert(connection: sqlite3.Connection, table: str, fields: tuple, rows: list[tuple]) -> None:
    placeholders = ", ".join("?" for _ in fields)
    connection.executemany(
        f"INSERT INTO {table} ({', '.join(fields)}) VALUES ({placeholders})", rows
    )


def _fill(path: Path, count: int, anchor: dt.date) -> int:
    """Bulk-insert ``count`` items with disposals and events; returns the disposals."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for table, fields in (
            ("items", synth.ITEM_FIELDS),
            ("disposals", synth.DISPOSAL_FIELDS),
            ("events", synth.EVENT_FIELDS),
        ):
            missing = set(fields) - _columns(connection, table)
            if missing:
                raise RuntimeError(f"{table} lacks {sorted(missing)}: update benchmarks/synth.py")
        # Indexes are rebuilt once at the end: far faster than maintaining them per row.
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("BEGIN")
        for name, _ in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        disposals = 0
        for chunk in synth.chunks(count, anchor):
            _insert(connection, "items", synth.ITEM_FIELDS, chunk.items)
            _insert(connection, "disposals", synth.DISPOSAL_FIELDS, chunk.disposals)
            _insert(connection, "events", synth.EVENT_FIELDS, chunk.events)
            disposals += len(chunk.disposals)
        for _, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
    finally:
        connection.close()
    _checkpoint(path)
    return disposals


def _cached(name: str, build) -> Path:
    """The cache folder ``name`` (keyed by HEAD and generator), built by ``build(tmp)``."""
    final = WORK / _key(name)
    if (final / "meta.json").exists():
        return final
    WORK.mkdir(parents=True, exist_ok=True)
    building = WORK / f".building-{_key(name)}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    build(building)
    shutil.rmtree(final, ignore_errors=True)
    building.rename(final)
    return final


def empty_workspace() -> Path:
    """The cached empty workspace (schema at HEAD, no rows): copy it, never write to it."""

    def build(home: Path) -> None:
        _fresh_schema(home)
        (home / "meta.json").write_text(json.dumps({"items": 0}))

    return _cached("empty", build)


def workspace(count: int, *, log=print) -> Workspace:
    """The cached workspace of ``count`` items, built if missing."""

    def build(home: Path) -> None:
        log(f"building the {size_label(count)} workspace (cached in {WORK.name}/) …")
        copy_of(empty_workspace(), home)
        anchor = dt.date.today()
        disposals = _fill(home / DB, count, anchor)
        meta = {"items": count, "disposals": disposals, "anchor": anchor.isoformat()}
        (home / "meta.json").write_text(json.dumps(meta))

    return _workspace_at(_cached(f"ws-{size_label(count)}", build))


def _workspace_at(home: Path) -> Workspace:
    """The cached workspace in ``home``, as its meta.json describes it."""
    meta = json.loads((home / "meta.json").read_text())
    return Workspace(
        home=home,
        anchor=dt.date.fromisoformat(meta["anchor"]),
        items=meta["items"],
        disposals=meta["disposals"],
    )


def copy_of(source: Path, target: Path) -> Path:
    """A throw-away copy of a workspace folder (its database file and settings)."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "data").mkdir(parents=True)
    shutil.copy2(source / DB, target / DB)
    return target


def items_csv(count: int) -> Path:
    """The cached ``import items`` CSV of ``count`` rows (UTF-8, dates before today)."""
    path = WORK / f"items-{size_label(count)}-gen{synth.GENERATOR_VERSION}.csv"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(synth.CSV_HEADER)
            writer.writerows(synth.csv_rows(count, dt.date.today()))
        partial.rename(path)
    return path


def with_orders(ws: Workspace, *, days: int, per_day: int, log=print) -> Workspace:
    """A cached copy of ``ws`` with ``days`` × ``per_day`` Amazon orders imported.

    The orders go in through the real CLI (``import amazon-orders``), as a seller's do;
    they end on the workspace's anchor, so ``cancel-rate`` has a window to count.
    """
    label = size_label(ws.items)

    def build(home: Path) -> None:
        log(f"importing {days * per_day:,} orders into a copy of the {label} workspace …")
        copy_of(ws.home, home)
        report = home / "orders.txt"
        report.write_text(synth.order_report(ws.anchor, days=days, per_day=per_day), "utf-8")
        _run_cli(home, "import", "amazon-orders", str(report))
        _checkpoint(home / DB)
        meta = json.loads((ws.home / "meta.json").read_text())
        (home / "meta.json").write_text(json.dumps(meta | {"orders": days * per_day}))

    return _workspace_at(_cached(f"ws-{label}-orders{days}x{per_day}", build))
