"""The developer's catalogue tool (tools/i18n.py), loaded for the tests that check the
catalogues against the code."""

import importlib.util
from pathlib import Path

_PATH = Path(__file__).parent.parent / "tools" / "i18n.py"


def load():
    """tools/i18n.py as a module."""
    spec = importlib.util.spec_from_file_location("liquidator_i18n_tool", _PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
