"""liquidator: turn stock stranded by cancelled orders back into cash."""

__version__ = "0.1.0"

import os as _os

# liquidator does no linear algebra; a single-threaded OpenBLAS halves numpy's import
# time, which `add` (run after every cancellation) pays. The user's setting wins.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
