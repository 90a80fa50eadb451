"""The files around a SQLite database: copies made as private as what they copy,
leftovers of a process that was killed, a damaged file set aside and replaced.

A backup or a restore works on a copy under a temporary name beside its target. The
copy holds what the database holds (buyer names, costs), so it is created with the
database file's permission bits or stricter, never looser. A process killed mid-copy
leaves that file behind; the next backup or restore removes the ones whose process is
gone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import stat
from collections.abc import Iterable
from pathlib import Path

# The files SQLite keeps beside a database while it is open or after a crash.
SIDECARS = ("-wal", "-shm", "-journal")
_LEFTOVER = re.compile(
    r"^(?:.+\.(?P<backup>\d+)-[0-9a-f]{8}\.partial|\.restore-(?P<restore>\d+)-[0-9a-f]{8}\.db)"
    r"(?:-wal|-shm|-journal)?$"
)


def create_private(path: Path, *, like: Iterable[Path]) -> None:
    """Create ``path`` empty with only the permission bits every existing file in
    ``like`` has (less the umask), and read and write for its owner, who writes the
    copy: it is never readable by someone its source is not.

    The bits are set as the file is made, not changed after, so there is no moment when
    it is more open. SQLite gives the -wal, -shm and -journal files it makes beside a
    database the database file's bits.
    """
    mode = 0o666
    for model in like:
        try:
            mode &= model.stat().st_mode
        except OSError:
            continue
    mode = mode & 0o666 | stat.S_IRUSR | stat.S_IWUSR
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    os.close(descriptor)


def writable(path: Path) -> bool:
    """Whether this user can write the SQLite file ``path`` and the files beside it."""
    folder = os.access(path.parent, os.W_OK | os.X_OK, **_EFFECTIVE)
    return folder and (not path.exists() or os.access(path, os.W_OK, **_EFFECTIVE))


def read_only_uri(path: Path) -> str:
    """The SQLite URI that reads ``path`` without writing anything beside it.

    In a folder this user cannot write, SQLite cannot make the ``-shm`` file a WAL
    reader needs; with no ``-wal`` file there (no writer has anything in flight) the
    file is read as ``immutable``, which needs none.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    folder_writable = os.access(path.parent, os.W_OK | os.X_OK, **_EFFECTIVE)
    if not folder_writable and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


_EFFECTIVE = {"effective_ids": True} if os.access in os.supports_effective_ids else {}


def remove_leftovers(folder: Path) -> None:
    """Delete the temporary copies (and their -wal/-shm/-journal) that a backup or a
    restore left in ``folder`` when it was killed: those whose process is gone."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        match = _LEFTOVER.match(path.name)
        if match is None:
            continue
        pid = int(match.group("backup") or match.group("restore"))
        if not process_alive(pid):
            path.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def remove_with_sidecars(path: Path) -> None:
    """Delete a temporary database file and whatever SQLite left beside it."""
    for leftover in (path, *(Path(f"{path}{suffix}") for suffix in SIDECARS)):
        leftover.unlink(missing_ok=True)


def replace_damaged(target: Path, replacement: Path) -> Path:
    """Put the sound database file ``replacement`` in the place of the damaged
    ``target``, which is renamed aside (with its -wal/-shm/-journal) to
    ``<name>.damaged-YYYYmmdd-HHMMSS``, never over another file, and kept: what can be
    saved from it is still there. Returns where it went."""
    connection = sqlite3.connect(replacement)
    try:  # one self-contained file, so renaming it moves all of it
        connection.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        connection.close()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = target.with_name(f"{target.name}.damaged-{stamp}")
    n = 2
    while aside.exists():
        aside = target.with_name(f"{target.name}.damaged-{stamp}-{n}")
        n += 1
    for suffix in SIDECARS:
        sidecar = Path(f"{target}{suffix}")
        if sidecar.exists():
            os.replace(sidecar, Path(f"{aside}{suffix}"))
    os.replace(target, aside)
    os.replace(replacement, target)
    return aside
