"""Writing a file the seller named (``-o FILE``) so that it is whole or not there at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from liquidator.errors import LiquidatorError
from liquidator.i18n import _


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
