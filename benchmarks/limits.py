"""The weekly report beside its limit (one SQL GROUP BY) and a published peer figure."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.measure import Timing, python
from benchmarks.rows import Row, seconds
from benchmarks.workspaces import Workspace, size_label

# The least any aging report can cost: sqlite3 alone, one pass, one GROUP BY.
LIMIT_SCRIPT = """
import json, sqlite3, sys
db, as_of, *edges = sys.argv[1:]
case = " ".join(f"WHEN age <= {int(e)} THEN {i}" for i, e in enumerate(edges))
sql = (
    f"SELECT CASE {case} ELSE {len(edges)} END AS bucket, count(*), sum(qty * unit_cost) "
    "FROM (SELECT qty, unit_cost, "
    "CAST(julianday(?1) - julianday(purchased_on) AS INTEGER) AS age FROM items "
    "WHERE status IN ('in_stock', 'listed') AND purchased_on <= ?1) "
    "GROUP BY bucket ORDER BY bucket"
)
connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
print(json.dumps(connection.execute(sql, (as_of,)).fetchall()))
"""
# ERPNext's Stock Ageing after its DuckDB rewrite: 200k rows in 1.28 s (published).
PEER_SECONDS_PER_ROW = 1.28 / 200_000
PEER_NAME = "peer: ERPNext stock ageing (published, 6.4 µs/row)"


def bucket_edges() -> list[int]:
    """The report's default aging bucket edges in days (``[report] buckets``)."""
    from liquidator.settings import DEFAULTS

    return list(DEFAULTS.report.buckets)


def limit_command(ws: Workspace, edges: list[int]) -> list[str]:
    """``python -c`` running the aging buckets as one GROUP BY on the workspace."""
    return [python(), "-c", LIMIT_SCRIPT, str(ws.db), ws.anchor.isoformat(), *map(str, edges)]


def rows(ws: Workspace, report: Timing, limit: Timing) -> list[Row]:
    """``report --json`` beside the SQL limit and beside the peer's published rate."""
    label = size_label(ws.items)
    figure = f"report --json ({label})"
    if report.error:
        return []
    out = []
    if limit.error:
        out.append(Row(f"{figure} vs limit", seconds(report.seconds), f"FAILED: {limit.error}"))
    else:
        out.append(
            Row(
                f"{figure} vs limit: SQL GROUP BY",
                seconds(report.seconds),
                f"{seconds(limit.seconds)} (sqlite3 buckets)",
                report.seconds / limit.seconds,
            )
        )
    peer = PEER_SECONDS_PER_ROW * ws.items
    out.append(
        Row(
            f"{figure} vs {PEER_NAME}",
            seconds(report.seconds),
            f"{seconds(peer)} (published × {ws.items:,} items; not measured here)",
            report.seconds / peer,
        )
    )
    return out


def check(ws: Workspace, edges: list[int], report_json: Path) -> str | None:
    """A note when the report's buckets and the SQL limit's disagree (None: they agree)."""
    import subprocess

    result = subprocess.run(limit_command(ws, edges), capture_output=True, text=True)
    try:
        sql = {bucket: (items, cost) for bucket, items, cost in json.loads(result.stdout)}
        buckets = json.loads(report_json.read_text(encoding="utf-8"))["buckets"]
    except (ValueError, KeyError, OSError) as error:
        return f"could not compare the report's buckets with the limit's: {error}"
    mine = {i: (b["items"], b["cost"]) for i, b in enumerate(buckets) if b["items"]}
    if mine == sql:
        return None
    return f"the report's buckets {mine} differ from the SQL limit's {sql}"
