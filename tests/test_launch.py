"""The console script (liquidator.launch): same output and exit codes, leaving at once.

Each test runs ``python -m liquidator`` in a fresh process, because ``run`` ends the
process: in-process tests go through ``liquidator.cli.app`` and never reach it.
"""

import gc
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from liquidator import __version__, launch

AS_OF = "2026-11-26"


def _liquidator(home: Path, *args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liquidator", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
        **options,
    )


def test_output_is_complete_through_a_pipe_and_the_data_is_committed(tmp_path: Path) -> None:
    for number in range(1, 13):
        added = _liquidator(
            tmp_path, "add", "--title", f"ドリッパー {number:02}", "--cost", "4980",
            "--size", "80", "--as-of", AS_OF,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    listed = _liquidator(tmp_path, "list", "--json", "--as-of", AS_OF)
    assert listed.returncode == 0, listed.stderr
    titles = [item["title"] for item in json.loads(listed.stdout)]
    assert titles == [f"ドリッパー {number:02}" for number in range(1, 13)]
    with sqlite3.connect(tmp_path / "data" / "liquidator.db") as db:
        assert db.execute("SELECT count(*) FROM items").fetchone() == (12,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_bad_input_keeps_its_one_line_and_exit_code_2(tmp_path: Path) -> None:
    result = _liquidator(tmp_path, "add", "--title", "x", "--cost", "abc", "--as-of", AS_OF)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "Error: --cost: 'abc' is not a whole number\n"
    db = tmp_path / "data" / "liquidator.db"
    if db.exists():
        with sqlite3.connect(db) as connection:
            assert connection.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_a_missing_item_and_an_unknown_command_keep_their_exit_codes(tmp_path: Path) -> None:
    missing = _liquidator(tmp_path, "show", "7", "--as-of", AS_OF)
    assert (missing.returncode, missing.stderr) == (1, "Error: item 7 not found\n")
    unknown = _liquidator(tmp_path, "bogus")
    assert unknown.returncode == 2
    assert "bogus" in unknown.stderr


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    assert _liquidator(tmp_path, "demo", "--as-of", AS_OF).returncode == 0
    script = tmp_path / "early_reader.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import subprocess, sys
            process = subprocess.Popen(
                [sys.executable, "-m", "liquidator", "--home", {str(tmp_path)!r},
                 "recommend", "--all", "--as-of", {AS_OF!r}],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )
            process.stdout.read(10)
            process.stdout.close()
            process.wait(timeout=120)
            sys.stdout.write(process.stderr.read().decode())
            """
        )
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Traceback" not in result.stdout
    assert "Exception ignored" not in result.stdout


def test_atexit_hooks_still_run(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import atexit, sys
        atexit.register(lambda: print("hook ran"))
        sys.argv = ["liquidator", "--home", {str(tmp_path)!r}, "--version"]
        from liquidator.launch import run
        run()
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout == f"liquidator {__version__}\nhook ran\n"


@pytest.mark.parametrize(
    ("given", "status", "printed"),
    [(None, 0, ""), (0, 0, ""), (2, 2, ""), ("stopped", 1, "stopped\n")],
)
def test_exit_code_is_what_sys_exit_means(given, status, printed, capsys) -> None:
    assert launch._exit_code(given) == status
    assert capsys.readouterr().err == printed


def test_run_raises_the_young_threshold_and_leaves_with_the_command_code(monkeypatch) -> None:
    left: list[int] = []
    monkeypatch.setattr(launch, "_leave", left.append)
    monkeypatch.setattr(sys, "argv", ["liquidator", "--version"])
    before = gc.get_threshold()
    try:
        launch.run()
        assert gc.get_threshold() == (launch._YOUNG_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)
    assert left == [0]


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_closed_stream_keeps_the_exit_code(tmp_path: Path, closed: str) -> None:
    """Started with stdout or stderr closed (``>&-`` in a cron line): no traceback at
    exit, the command's own exit code, and what it wrote is kept."""
    close = {"stdout": "1", "stderr": "2"}[closed]
    home = str(tmp_path)

    def run(*args: str) -> int:
        line = " ".join([sys.executable, "-m", "liquidator", "--home", home, *args])
        return subprocess.run(["sh", "-c", f"{line} {close}>&-"], timeout=120).returncode

    assert run("add", "--title", "x", "--cost", "100", "--size", "80", "--as-of", AS_OF) == 0
    assert run("add", "--title", "x", "--cost", "abc", "--as-of", AS_OF) == 2
    with sqlite3.connect(tmp_path / "data" / "liquidator.db") as db:
        assert db.execute("SELECT count(*) FROM items").fetchone() == (1,)


@pytest.mark.parametrize("forbidden", [True, False])
def test_the_process_honours_pythondontwritebytecode(tmp_path: Path, forbidden: bool) -> None:
    # A copy of the package without any cache, run as a seller's shell would run it:
    # with the variable set, no bytecode is written; without it, Python caches as usual.
    package = Path(launch.__file__).parent
    shutil.copytree(package, tmp_path / "liquidator", ignore=shutil.ignore_patterns("__pycache__"))
    environment = {"PYTHONPATH": str(tmp_path)} | (
        {"PYTHONDONTWRITEBYTECODE": "1"} if forbidden else {}
    )
    ran = subprocess.run(
        [sys.executable, "-m", "liquidator", "--home", str(tmp_path / "ws"), "list",
         "--as-of", AS_OF],
        capture_output=True, text=True, timeout=120, env=environment | _path_only(), cwd=tmp_path,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    cached = {path.name.split(".")[0] for path in (tmp_path / "liquidator").rglob("*.pyc")}
    if forbidden:
        assert cached == set(), cached
    else:
        assert {"items", "db", "context", "workspace"} <= cached, cached


def _path_only() -> dict[str, str]:
    return {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
