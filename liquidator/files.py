"""Writing a file the seller named (``-o FILE``): never over data, whole or not at all.

``write_output`` is the one way a command writes a file a seller chose (``export -o``,
``report -o``, ``report --save``). It refuses a path that would destroy data: the
workspace's database and its -wal/-shm/-journal files, anything under the backups
folder, any SQLite database, a folder or another special file. Symbolic links are
followed before comparing, so a link to the database is the database. A FIFO or a
character device (``-o /dev/stdout``, a named pipe) is written into, never replaced;
a regular file is replaced whole (``write_atomically``).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from liquidator.errors import InvalidInput, LiquidatorError
from liquidator.i18n import _

if TYPE_CHECKING:
    from liquidator.workspace import Workspace

SQLITE_HEADER = b"SQLite format 3\x00"
_SIDECARS = ("-wal", "-shm", "-journal")


def write_output(path: Path, data: bytes, *, workspace: Workspace, field: str = "output") -> None:
    """Write ``data`` to the file a seller named, refusing (InvalidInput on ``field``,
    nothing written) any path that would destroy data (see the module docstring)."""
    path = Path(path).expanduser()
    if check_output(path, workspace=workspace, field=field):
        _write_into(path, data, field)
    else:
        write_atomically(path.resolve(), data)


def check_output(path: Path, *, workspace: Workspace, field: str = "output") -> bool:
    """InvalidInput on ``field`` when writing ``path`` could destroy data; True when it
    is a stream (a FIFO or character device) to be written into, False for a regular
    file or a new path to be written whole."""
    try:
        target = path.resolve()
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except (OSError, RuntimeError) as exc:  # a link loop, a path through a file
        raise InvalidInput(field, _cannot_write(path, exc)) from None
    for protected in _protected_files(workspace):
        if _same(target, protected):
            raise InvalidInput(
                field,
                _("{path} belongs to the workspace's database; choose another file name").format(
                    path=path
                ),
            )
    backups = workspace.backups_dir.resolve()
    if target == backups or backups in target.parents:
        raise InvalidInput(
            field,
            _("{path} is in the backups folder {folder}; choose another file name").format(
                path=path, folder=workspace.backups_dir
            ),
        )
    if mode is None:
        return False
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return True
    if stat.S_ISDIR(mode):
        raise InvalidInput(field, _("{path} is a folder; give a file name").format(path=path))
    if not stat.S_ISREG(mode):
        raise InvalidInput(
            field, _("{path} is not a regular file; choose another file name").format(path=path)
        )
    if _is_sqlite(target):
        raise InvalidInput(
            field,
            _("{path} is a database; liquidator never writes over one").format(path=path),
        )
    return False


def _protected_files(workspace: Workspace) -> list[Path]:
    databases = {workspace.data_dir / "liquidator.db"}
    if workspace.db_file is not None:
        databases.add(workspace.db_file)
    return [Path(f"{database}{suffix}") for database in databases for suffix in ("", *_SIDECARS)]


def _same(target: Path, protected: Path) -> bool:
    """Whether ``target`` (resolved) is ``protected``: the same file (a hard link, a
    case-insensitive disk) or, for a file not made yet, the same path."""
    with contextlib.suppress(OSError):
        if target.exists() and protected.exists():
            return os.path.samefile(target, protected)
    with contextlib.suppress(OSError, RuntimeError):
        protected = protected.resolve()
    return os.path.normcase(target) == os.path.normcase(protected)


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _write_into(path: Path, data: bytes, field: str) -> None:
    """Write into a FIFO or a character device as it is: no temporary file, no rename."""
    try:
        # No O_CREAT, no O_TRUNC: what is opened is what was checked, or nothing.
        descriptor = os.open(path, os.O_WRONLY)
    except OSError as exc:
        raise LiquidatorError(_cannot_write(path, exc)) from None
    with os.fdopen(descriptor, "wb") as handle:
        kind = os.fstat(descriptor).st_mode
        if not (stat.S_ISFIFO(kind) or stat.S_ISCHR(kind)):  # replaced since the check
            raise InvalidInput(
                field,
                _("{path} changed while it was opened; nothing was written").format(path=path),
            )
        try:
            handle.write(data)
            handle.flush()
        except OSError as exc:
            raise LiquidatorError(_cannot_write(path, exc)) from None


def _cannot_write(path: Path, exc: BaseException) -> str:
    return _("{path}: cannot write: {reason}").format(
        path=path, reason=getattr(exc, "strerror", None) or exc
    )


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed
    over ``path`` only once complete and on disk.

    A full disk or a killed process leaves the previous file as it was (and no partial
    one); readers never see a half-written report or CSV. A new file gets the usual
    permissions (0666 less the umask); a replaced one keeps its own.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o7777 if path.is_file() else _default_mode()
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise LiquidatorError(
            _("{path}: cannot write: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise LiquidatorError(
            _("{path}: cannot write: {reason}; left as it was").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
