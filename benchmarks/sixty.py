"""The 60k checks: the first screen of ``recommend --all`` and the whole ``list``.

A seller with 60k items pipes ``recommend --all`` into ``head`` to see the top of the
list, and reads ``list`` in a pager; both are held to absolute times, each beside
reading the items table into pandas (the floor of any whole-table command).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable

from benchmarks import workspaces
from benchmarks.figures import READ_FLOOR
from benchmarks.measure import liquidator_command, python, timed
from benchmarks.rows import RUNS_SLOW, Row, scratch, within
from benchmarks.workspaces import size_label

ITEMS = 60_000
HEAD_LINES = 20
RECOMMEND_TARGET = 2.0  # seconds until the pipeline has finished
LIST_TARGET = 5.0


def sixty(log: Callable[[str], None]) -> list[Row]:
    """``recommend --all | head -n 20`` (< 2 s) and ``list`` to a file (< 5 s) at 60k."""
    ws = workspaces.workspace(ITEMS, log=log)
    label = size_label(ws.items)
    cli = [*liquidator_command(), "--home", str(ws.home)]
    as_of = ["--as-of", ws.anchor.isoformat()]
    recommend = shlex.join([*cli, "recommend", "--all", *as_of])
    # The shell finishes when both ends have: head after 20 lines, liquidator on the
    # broken pipe (or when done, if it writes everything at the end).
    pipeline = ["sh", "-c", f"{recommend} | head -n {HEAD_LINES}"]
    out = scratch(f"sixty-{label}.out")
    log(f"{label}: recommend --all | head -n {HEAD_LINES}, list, and their floor")
    floor, head, listing = timed(
        [python(), "-c", READ_FLOOR, str(ws.db)],
        pipeline,
        [*cli, "list", *as_of],
        runs=RUNS_SLOW,
        stdout=out,
    )
    out.unlink(missing_ok=True)
    return [
        within(
            f"recommend --all | head -n {HEAD_LINES} ({label})",
            head,
            floor,
            "read items",
            RECOMMEND_TARGET,
        ),
        within(f"list > file ({label})", listing, floor, "read items", LIST_TARGET),
    ]
