"""The reply templates' syntax: literal text, ``{name}`` placeholders, ``{{`` and ``}}``.

A placeholder is a known name in braces (spaces around the name are forgiven); ``{{``
and ``}}`` are a literal ``{`` and ``}``, as in Python's ``str.format``. Anything else
with a brace in it (an unknown or over-long name, ``{}``, a format spec, an unclosed or
lone brace, braces inside braces) is refused when the template is read, naming the file,
the line and what was found: a reply never goes out with a brace the seller did not
write as a literal one. ``cancel_desk`` reads and fills templates through this.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from liquidator.errors import InvalidInput
from liquidator.i18n import _

# Longer names are no placeholder of ours: the error shows this much of one.
PLACEHOLDER_NAME_MAX = 60
# An escaped brace, a {placeholder} (no brace or line break inside), or a brace left
# over (unclosed, unopened or nested).
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")


@dataclass(frozen=True)
class Placeholder:
    """Where a template takes a value: ``{name}``."""

    name: str


def parse_template(text: str, origin: str, names: Collection[str]) -> list[str | Placeholder]:
    """A template as literal pieces and placeholders (one of ``names``), in order.
    Raises InvalidInput naming ``origin`` (the file), the line and the brace or
    placeholder that is not one of ours."""
    pieces: list[str | Placeholder] = []
    position = 0
    for match in _TOKEN.finditer(text):
        pieces.append(text[position : match.start()])
        position = match.end()
        token, name = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            pieces.append(token[0])
        elif name is not None and name.strip() in names:
            pieces.append(Placeholder(name.strip()))
        else:
            line = text.count("\n", 0, match.start()) + 1
            raise InvalidInput(origin, _problem(token, name, line, names))
    pieces.append(text[position:])
    return [piece for piece in pieces if piece != ""]


def _problem(token: str, name: str | None, line: int, names: Collection[str]) -> str:
    """Why ``token`` (a brace, or ``{name}``) on ``line`` is not a placeholder of ours."""
    if name is None:
        problem = (
            _(
                "line {line}: a {brace} that is not closed on its line, or braces inside "
                "braces (to write a brace itself, double it: {doubled})"
            )
            if token == "{"
            else _(
                "line {line}: a {brace} with no {opening} before it "
                "(to write a brace itself, double it: {doubled})"
            )
        )
        return problem.format(line=line, brace=token, opening="{", doubled="{{ }}")
    shown = name if len(name) <= PLACEHOLDER_NAME_MAX else name[:PLACEHOLDER_NAME_MAX] + "…"
    known = ", ".join("{" + known + "}" for known in names)
    return _("line {line}: unknown placeholder {{{name}}} (known: {known})").format(
        line=line, name=shown, known=known
    )
