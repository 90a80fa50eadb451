"""Run a command in a fresh child process: wall time, peak memory, imported modules.

Peak memory is the child's own ``ru_maxrss`` from ``os.wait4``. Linux carries a
process's peak across fork and exec, so a child forked from this (large) process would
report at least our own peak: each command is therefore started by a small launcher
(``LAUNCHER``, a fresh interpreter) that times it and reads its rusage.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = """
import os, subprocess, sys, time
report, stdout, *command = sys.argv[1:]
out = open(stdout, "wb") if stdout else subprocess.DEVNULL
started = time.perf_counter()
child = subprocess.Popen(command, stdout=out, stdin=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - started
with open(report, "w") as handle:
    handle.write(f"{seconds!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""
HEAVY_MODULES = ("sqlalchemy", "sqlmodel", "pandas", "matplotlib")
NOTABLE_MODULES = ("numpy", "pydantic", "rich", "alembic", "sqlite3", "typer")


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    seconds: float
    rss_bytes: int
    returncode: int
    stderr: str


@dataclass(frozen=True)
class Timing:
    """The median wall time and the largest peak memory of several runs."""

    seconds: float
    rss_bytes: int
    runs: int
    error: str | None = None


def compile_liquidator() -> None:
    """Byte-compile liquidator's own modules, as pip does when it installs the package:
    an editable install keeps none, and where ``PYTHONDONTWRITEBYTECODE`` is set no run
    writes them, so every timed command would compile them again."""
    import compileall

    import liquidator

    compileall.compile_dir(Path(liquidator.__file__).parent, quiet=1)


def python() -> str:
    """The interpreter running the benchmark (the project's venv)."""
    return sys.executable


def liquidator_command() -> list[str]:
    """How a seller starts liquidator: the venv's console script, else ``python -m``."""
    script = Path(sys.executable).with_name("liquidator")
    return [str(script)] if script.exists() else [python(), "-m", "liquidator"]


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIQUIDATOR_")}
    env["LIQUIDATOR_USER"] = "bench"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def run_once(command: Sequence[str], *, stdout: Path | None = None, cwd: Path | None = None) -> Run:
    """Run ``command`` once (through the launcher); its stdout goes to ``stdout`` or nowhere."""
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as err:
        report = Path(scratch) / "rusage"
        launcher = [python(), "-S", "-c", LAUNCHER, str(report), str(stdout or "")]
        subprocess.run(
            [*launcher, *command], stderr=err, stdin=subprocess.DEVNULL, env=child_env(), cwd=cwd
        )
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
        if not report.exists():
            return Run(0.0, 0, -1, stderr or "the launcher failed")
        seconds, maxrss_kb, returncode = report.read_text().split()
    return Run(float(seconds), int(maxrss_kb) * 1024, int(returncode), stderr)


def timed(
    *commands: Sequence[str],
    runs: int,
    warmup: int = 1,
    stdout: Path | None = None,
    prepare: Callable[[int], None] | None = None,
) -> list[Timing]:
    """Median wall time of each command over ``runs`` fresh children, after ``warmup``.

    The commands take turns (a figure and its floor see the same load on a busy
    machine). ``prepare(i)`` runs before each child, untimed (e.g. to give it a fresh
    copy of a workspace). A failing command is dropped and reports its stderr.
    """
    seconds: list[list[float]] = [[] for _ in commands]
    peaks = [0] * len(commands)
    errors: list[str | None] = [None] * len(commands)
    for i in range(warmup + runs):
        for k, command in enumerate(commands):
            if errors[k] is not None:
                continue
            if prepare is not None:
                prepare(i)
            result = run_once(command, stdout=stdout)
            if result.returncode != 0:
                lines = result.stderr.strip().splitlines()
                errors[k] = lines[-1] if lines else f"exit {result.returncode}"
            elif i >= warmup:
                seconds[k].append(result.seconds)
                peaks[k] = max(peaks[k], result.rss_bytes)
    return [
        Timing(0.0, 0, 0, error=error)
        if error is not None
        else Timing(statistics.median(times), peak, runs)
        for times, peak, error in zip(seconds, peaks, errors, strict=True)
    ]


def imported_modules(command: Sequence[str]) -> tuple[set[str], str | None]:
    """Top-level packages a Python command imports (``-X importtime``), or an error.

    ``command`` starts with the interpreter or the console script.
    """
    head = list(command)
    if Path(head[0]).name.startswith("python"):
        full = [head[0], "-X", "importtime", *head[1:]]
    else:  # a console script: run its file with the interpreter
        full = [python(), "-X", "importtime", *head]
    result = run_once(full)
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name and name != "package":
                modules.add(name.split(".")[0])
    error = None
    if result.returncode != 0:
        lines = [ln for ln in result.stderr.splitlines() if not ln.startswith("import time:")]
        error = lines[-1] if lines else f"exit {result.returncode}"
    return modules, error
