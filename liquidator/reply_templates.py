"""The replies to buyers: packaged templates, a workspace's overrides, and filling one in.

Templates are plain UTF-8 text with ``{name}`` placeholders: ``{buyer}``,
``{order_id}``, ``{item}``, ``{shop}``; ``{{`` and ``}}`` are literal braces, and any
other brace refuses the template (``template_syntax``). A workspace file
``templates/<name>.txt`` overrides the packaged one. Replies stay English: they go to
Amazon.com buyers.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from liquidator.errors import InvalidInput, NotFound
from liquidator.i18n import _
from liquidator.parsing import clean_text
from liquidator.template_syntax import parse_template

PLACEHOLDERS: tuple[str, ...] = ("buyer", "order_id", "item", "shop")
# An empty order id drops the placeholder and the space before it ("your order"). With
# no shop name the sentence that names the shop is left out ("our shop" reads as a
# form letter): every packaged reply names the shop in a sentence of its own.
PLACEHOLDER_DEFAULTS: dict[str, str] = {
    "buyer": "customer",
    "order_id": "",
    "item": "your item",
    "shop": "",
}
# Marks where an absent shop name was, so its sentence can be taken out.
_NO_SHOP = "\x00"
# A sentence holding the mark: from the previous sentence's end (or the line's start)
# to its own end, with the space before it.
_SHOP_SENTENCE = re.compile(r" ?[^.!?\n\x00]*\x00[^.!?\n]*[.!?]?")
_TEMPLATE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_GREETING = re.compile(r"^(hello|hi|dear|good (morning|afternoon|evening))\b", re.IGNORECASE)


def _check_name(name: str) -> str:
    text = str(name).strip().lower().removesuffix(".txt")
    if not _TEMPLATE_NAME.match(text):
        raise InvalidInput(
            "template", _("{name!r} is not a template name like accept").format(name=name)
        )
    return text


def _package_templates() -> dict[str, str]:
    folder = resources.files("liquidator").joinpath("templates")
    found = {}
    for entry in folder.iterdir():
        stem = entry.name.removesuffix(".txt")
        if entry.name.endswith(".txt") and _TEMPLATE_NAME.match(stem):
            found[stem] = entry.read_text(encoding="utf-8")
    return found


def _workspace_files(workspace_templates_dir: Path | None) -> dict[str, Path]:
    if workspace_templates_dir is None or not Path(workspace_templates_dir).is_dir():
        return {}
    return {
        path.stem: path
        for path in sorted(Path(workspace_templates_dir).glob("*.txt"))
        if (path.is_file() or path.is_symlink()) and _TEMPLATE_NAME.match(path.stem)
    }


MAX_TEMPLATE_BYTES = 64 * 1024


def _read_override(path: Path) -> str:
    folder = path.parent
    if (
        folder.is_symlink()
        or path.is_symlink()
        or not path.resolve().is_relative_to(folder.resolve())
    ):
        raise InvalidInput(
            str(path), _("is a symbolic link; a template must be a plain file in templates/")
        )
    try:
        # O_NOFOLLOW: a link swapped in after the check above is refused too.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise InvalidInput(
                str(path), _("is larger than {size} KB").format(size=MAX_TEMPLATE_BYTES // 1024)
            )
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(str(path), _("is not UTF-8 text")) from None
    except OSError as exc:
        raise InvalidInput(
            str(path), _("cannot be read ({reason})").format(reason=exc.strerror)
        ) from None
    if not text.strip():
        raise InvalidInput(str(path), _("is empty"))
    return text


def _source_text(name: str, workspace_templates_dir: Path | None) -> tuple[str, str]:
    override = _workspace_files(workspace_templates_dir).get(name)
    if override is not None:
        return _read_override(override), str(override)
    package = _package_templates()
    if name not in package:
        raise NotFound(
            _("no template named {name!r} (known: {known})").format(
                name=name, known=", ".join(sorted(package))
            )
        )
    return package[name], f"templates/{name}.txt"


def render_template(
    name: str,
    *,
    values: dict[str, object | None] | None = None,
    workspace_templates_dir: Path | None = None,
) -> str:
    """The reply ``name`` with its placeholders filled, without trailing blank lines.

    ``values`` may hold ``buyer``, ``order_id``, ``item`` and ``shop``; a missing or
    empty value gets its default (:data:`PLACEHOLDER_DEFAULTS`), and an empty one takes
    the space before it away. Values go in as they are, never read as a template. The
    workspace file ``<workspace_templates_dir>/<name>.txt`` wins over the packaged one.
    Raises InvalidInput naming the file for a brace that is not a placeholder of ours
    (``template_syntax.parse_template``), NotFound for an unknown template.
    """
    key = _check_name(name)
    text, origin = _source_text(key, workspace_templates_dir)
    pieces = parse_template(text.replace("\r\n", "\n"), origin, PLACEHOLDERS)

    filled = dict(PLACEHOLDER_DEFAULTS)
    for field, value in (values or {}).items():
        if field in PLACEHOLDERS and value is not None and str(value).strip():
            named = "item_name" if field == "item" else field  # the desk's name for it
            filled[field] = clean_text(str(value), named, max_length=500).replace("\n", " ")

    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif filled[piece.name]:
            out.append(filled[piece.name])
        elif piece.name == "shop":
            out.append(_NO_SHOP)
        elif out and out[-1].endswith(" "):  # "your order {order_id}" without an id
            out[-1] = out[-1][:-1]
    return _without_shop_sentences("".join(out)).rstrip() + "\n"


def _without_shop_sentences(text: str) -> str:
    """``text`` without the sentences naming a shop that has no name; a line left
    empty by that goes too (with the blank line after it)."""
    if _NO_SHOP not in text:
        return text
    kept: list[str] = []
    for line in text.split("\n"):
        if _NO_SHOP not in line:
            kept.append(line)
            continue
        line = _SHOP_SENTENCE.sub("", line).strip()
        if line:
            kept.append(line)
        elif kept and not kept[-1].strip():
            kept.pop()  # the paragraph is gone: so is the blank line before it
    return "\n".join(kept)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    body = [line for line in lines if not _GREETING.match(line)]
    return (body or lines or [""])[0]


def list_templates(workspace_templates_dir: Path | None = None) -> list[dict[str, str | None]]:
    """Every template by name: ``name``, ``source`` (package|workspace), ``first_line``.

    ``first_line`` is the first line of the message after the greeting, unfilled.
    ``problem`` is None, or why a workspace override cannot be used (so the listing
    flags a broken override before a reply is sent with it).
    """
    entries: dict[str, dict[str, str | None]] = {
        name: {"name": name, "source": "package", "first_line": _first_line(text), "problem": None}
        for name, text in _package_templates().items()
    }
    for name, path in _workspace_files(workspace_templates_dir).items():
        entry: dict[str, str | None] = {
            "name": name,
            "source": "workspace",
            "first_line": "",
            "problem": None,
        }
        try:
            text = _read_override(path)
            entry["first_line"] = _first_line(text)
            parse_template(text, str(path), PLACEHOLDERS)
        except InvalidInput as exc:
            entry["problem"] = exc.message
        entries[name] = entry
    return [entries[name] for name in sorted(entries)]
