"""The results table as aligned text or Markdown, with the machine it ran on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from collections.abc import Sequence

from benchmarks.rows import Row

HEADER = ("figure", "value", "floor", "ratio", "target", "ok", "peak RSS (floor)")


def _load(values: Sequence[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in values)


def machine(load_start: Sequence[float] | None = None) -> dict[str, str]:
    """Cores, memory, Python, the time and the load average (at the start and now)."""
    memory = "?"
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
        memory = next(line.split()[1] for line in free.splitlines() if line.startswith("Mem:"))
    except (OSError, StopIteration, IndexError):
        pass
    return {
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load": _load(os.getloadavg()),
        "load_start": _load(load_start) if load_start is not None else "?",
    }


def machine_line(info: dict[str, str]) -> str:
    return (
        f"machine: {info['cores']} cores, {info['memory']} memory, Python {info['python']}, "
        f"{info['date']}, load average {info['load_start']} at the start, "
        f"{info['load']} at the end"
    )


def _cells(row: Row) -> tuple[str, ...]:
    ratio = "" if row.ratio is None else f"{row.ratio:.2f}×"
    return (row.figure, row.value, row.floor, ratio, row.target, row.verdict, row.rss)


def text_table(rows: Sequence[Row]) -> str:
    """Columns padded to their widest cell; numbers are right-aligned."""
    cells = [HEADER, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADER))]
    right = {3}

    def line(values: Sequence[str]) -> str:
        padded = [
            v.rjust(widths[i]) if i in right else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(HEADER), rule, *(line(c) for c in cells[1:])])


def markdown(rows: Sequence[Row], info: dict[str, str], *, command: str, notes: list[str]) -> str:
    """``benchmarks/RESULTS.md``: the table, the machine and how it was produced."""
    lines = [
        "# Benchmark results",
        "",
        f"`{command}` on {info['date']}.",
        "",
        f"Machine: {info['cores']} cores (`nproc`), {info['memory']} memory (`free -h` total), "
        f"Python {info['python']}, load average {info['load_start']} at the start and "
        f"{info['load']} at the end of the run.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join(":--" if i not in (3,) else "--:" for i in range(len(HEADER))) + "|",
    ]
    for row in rows:
        cells = [c.replace("|", "\\|") for c in _cells(row)]
        if row.ok is False:
            cells[5] = "**MISS**"
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "Wall times are medians of 5 runs (3 from 100k items on, at 60k and on PostgreSQL; "
        "one for list/export at 1M) in fresh processes, after one untimed warm-up; each "
        "figure and its floor take turns in the same run. Peak "
        "RSS is each child's own `ru_maxrss` (about 11 MB of it is the launcher's "
        "interpreter). See benchmarks/README.md.",
    ]
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    return "\n".join(lines) + "\n"
