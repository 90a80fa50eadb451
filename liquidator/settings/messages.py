"""How a settings error shows a value the seller wrote, and an unknown name."""

from __future__ import annotations

from typing import Any

from liquidator.i18n import _


def unknown(what: str, name: str, known: Any) -> str:
    """ "unknown key; did you mean …? known: …" for an error message; ``what`` is the
    first part in the reader's language (``_("unknown key")``)."""
    import difflib  # only on the error path

    known = [str(k) for k in known]
    close = difflib.get_close_matches(str(name), known, n=1)
    hint = _("did you mean {name}? ").format(name=close[0]) if close else ""
    return _("{unknown}; {hint}known: {known}").format(
        unknown=what, hint=hint, known=", ".join(known)
    )


def shown(value: Any) -> str:
    """A TOML value as an error message shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value)
