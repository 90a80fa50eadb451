"""The console script: run one command in a short-lived process, and leave at once.

A command is one short process, and two costs of the interpreter are not the
command's work:

- While the libraries import (typer, SQLAlchemy, SQLModel's models, numpy), Python's
  cyclic collector runs hundreds of times over objects that live until exit. Start-up
  raises its first threshold so it runs rarely; it still runs, so a command over a
  million rows still frees its cycles.
- At exit the interpreter tears itself down object by object, though the OS frees the
  process at once (benchmarks/README.md has what that cost a ``show``).

So ``run`` does the command, then what a normal exit does that matters — the atexit
hooks (logging, ``weakref.finalize``) and flushing stdout and stderr — and ends the
process with ``os._exit``. Files the commands write are closed by their own ``with``
blocks, and the database engine is disposed by the command, before this point.
The process honours the environment otherwise (``PYTHONDONTWRITEBYTECODE`` included:
an installed liquidator has its bytecode from pip). The CLI itself
(``liquidator.cli.app``) is unchanged: tests call it in-process.
"""

import contextlib
import gc
import os
import sys

# One collection of the youngest generation per this many new container objects
# (CPython's default is 700); the older generations keep their defaults. An everyday
# command at a seller's size makes 100k-200k of them, nearly all alive until exit, so
# at this threshold it never collects; a million-row command still does.
_YOUNG_THRESHOLD = 250_000


def run() -> None:
    """Run the command line in ``sys.argv`` and exit with its code."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(_YOUNG_THRESHOLD, older, oldest)
    from liquidator.cli import main

    try:
        main()
        code = 0
    except SystemExit as stop:
        code = _exit_code(stop.code)
    _leave(code)


def _exit_code(code: object) -> int:
    """``sys.exit``'s argument as the process's exit status (a message is printed)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _leave(code: int) -> None:
    import atexit

    run_hooks = getattr(atexit, "_run_exitfuncs", None)
    if run_hooks is None:  # another interpreter: let it exit its own way
        sys.exit(code)
    run_hooks()
    for stream in (sys.stdout, sys.stderr):
        # The reader may have gone (`… | head`), or the stream be closed (None when
        # the process started without it): there is nothing left to keep.
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    os._exit(code)
