"""One line of the table (``Row``) and the ways a figure becomes one beside its floor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import HEAVY_MODULES, NOTABLE_MODULES, Timing, imported_modules
from benchmarks.workspaces import WORK

RUNS_FAST = 5
RUNS_SLOW = 3
SLOW_FROM = 100_000  # items: from here a command over the workspace counts as slow
SCRATCH = WORK / "run"


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
    """``0.42`` → ``420 ms``; ``2.5`` → ``2.50 s``."""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def megabytes(value: int) -> str:
    """Bytes as MB, or GB from 1 GiB."""
    return f"{value / 1024**3:.2f} GB" if value >= 1024**3 else f"{value / 1024**2:.0f} MB"


def failed(figure: str, timing: Timing, target: str = "—") -> Row:
    """The row of a command that failed: its last stderr line, a miss."""
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


def within(figure: str, timing: Timing, floor: Timing, floor_name: str, limit: float) -> Row:
    """A wall-time figure beside its floor, held to an absolute ``limit`` in seconds."""
    row = versus(figure, timing, floor, floor_name, None)
    row.target = f"< {limit:g} s"
    row.ok = False if timing.error else timing.seconds < limit
    return row


def heavy_row(figure: str, command: list[str], forbidden: Sequence[str]) -> tuple[Row, str]:
    """Which of ``forbidden`` the command imports (target: none); also the notable others."""
    modules, error = imported_modules(command)
    if error:
        return Row(figure, f"FAILED: {error}", target="none", ok=False), ""
    heavy = sorted(modules & set(forbidden))
    notable = ", ".join(sorted(modules & set(HEAVY_MODULES + NOTABLE_MODULES))) or "none"
    row = Row(figure, ", ".join(heavy) or "none", target="none", ok=not heavy)
    return row, notable


def scratch(name: str) -> Path:
    """A path under ``benchmarks/work/run/`` for a run's outputs and copies."""
    path = SCRATCH / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
