"""JSON: the report dict as is, UTF-8 (Japanese titles stay readable), 2-space indent."""

from __future__ import annotations

import json
from typing import Any


def render(report: dict[str, Any]) -> str:
    """The report as a JSON document ending with a newline."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
