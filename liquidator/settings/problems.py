"""pydantic's validation errors of the settings as one InvalidInput in our words.

The one place where a validation error of the settings' models becomes the line a
seller reads: where it is (``Place``: ``liquidator.toml [channels.yahoo] fee_rate``, or
``channels.yahoo.price_ratio`` for a learned value) and what is wrong, in the reader's
language (``must not be negative, got -0.1``), from pydantic's error type and the
limits of the value's kind (``values``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput
from liquidator.i18n import _
from liquidator.settings.messages import shown, unknown
from liquidator.settings.values import OURS, SECRET

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

# Where a problem is: the sections above the key (attribute names), the key, the table
# entry (or None) -> the field an InvalidInput names.
Place = Callable[[tuple[str, ...], str | None, str | None], str]


def settings_error(
    exc: ValidationError, root: type[BaseModel], given: Mapping[str, Any], place: Place
) -> InvalidInput:
    """The first of pydantic's errors (in the order of ``given``, the values as the seller
    wrote them) as one InvalidInput naming where it is (``place``) and what is wrong."""
    errors = exc.errors(include_url=False)
    located = []
    for error in errors:
        context = error.get("ctx") or {}
        loc = (*error["loc"], *context.get("key", ()))
        located.append((_order(loc, given), loc, error))
    _rank, loc, error = min(located, key=lambda found: found[0])
    sections, key, rest, field = _parts(root, loc)
    context = error.get("ctx") or {}
    entry = context.get("entry")
    if entry is None and rest and field is not None and _is_table(field):
        entry = str(rest[0]) if isinstance(_given_at(given, (*sections, key)), Mapping) else None
    if error["type"] == "extra_forbidden":
        known = list(_section_model(root, sections).model_fields)
        return InvalidInput(place(sections, key, None), unknown(_("unknown key"), key, known))
    if error["type"] == "dict_type":
        table = ".".join((*sections[-2:], str(key)))
        return InvalidInput(
            place(sections, key, None),
            _("expected a table ([{table}]), got {value}").format(
                table=table, value=shown(error["input"])
            ),
        )
    secret = field is not None and SECRET in field.metadata
    return InvalidInput(place(sections, key, entry), _problem(error, secret=secret))


def _problem(error: Mapping[str, Any], *, secret: bool = False) -> str:
    """What is wrong, in the reader's language, from one pydantic error."""
    kind, value = error["type"], error.get("input")
    context = error.get("ctx") or {}
    if kind == OURS:
        return context["problem"]
    if secret:  # never echo a credential back
        return _("expected the credential as non-empty text")
    if kind == "bool_type":
        return _("expected true or false, got {value}").format(value=shown(value))
    if kind in ("float_type", "float_parsing"):
        return _("expected a number, got {value}").format(value=shown(value))
    if kind == "finite_number":
        return _("expected a finite number, got {value}").format(value=value)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("expected a whole number, got {value}").format(value=shown(value))
    if kind in ("string_type", "string_too_short"):
        return _("expected non-empty text, got {value}").format(value=shown(value))
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", context["expected"])
        named = ", ".join(c if c else _('"" (unset)') for c in choices)
        return _("expected one of {choices}, got {value}").format(choices=named, value=shown(value))
    if kind in ("greater_than_equal", "greater_than"):
        limit = context.get("ge", context.get("gt"))
        if isinstance(limit, float) and value < 0:
            return _("must not be negative, got {value}").format(value=value)
        if isinstance(limit, float):
            return _("must be above 0")
        return _("must be at least {minimum}, got {value}").format(minimum=limit, value=value)
    if kind == "less_than_equal":
        limit = context["le"]
        if isinstance(limit, float) and limit == 1:
            return _("is a fraction (0.10 means 10%), got {value}").format(value=value)
        if isinstance(limit, float):
            return _("{value} is far outside any sensible value").format(value=value)
        return _("must be at most {maximum:,}, got {value}").format(maximum=limit, value=value)
    return _("not a valid value ({problem})").format(problem=error["msg"])


def _parts(root: type[BaseModel], loc: tuple) -> tuple[tuple[str, ...], str | None, tuple, Any]:
    """``loc`` split into the sections above a key (a collection's entry name included),
    the key, what is below it, and the key's field (None for an unknown key)."""
    model, sections, index = root, (), 0
    while index < len(loc):
        part = str(loc[index])
        field = model.model_fields.get(part)
        if field is None:
            return sections, part, tuple(loc[index + 1 :]), None
        inner, collection = _model_of(field.annotation)
        if inner is not None and not collection:
            model, sections, index = inner, (*sections, part), index + 1
        elif inner is not None and index + 1 < len(loc):
            model, sections, index = inner, (*sections, part, str(loc[index + 1])), index + 2
        else:
            return sections, part, tuple(loc[index + 1 :]), field
    return sections, None, (), None


def _section_model(root: type[BaseModel], sections: tuple[str, ...]) -> type[BaseModel]:
    """The model of the section (or collection entry) ``sections`` names."""
    model, index = root, 0
    while index < len(sections):
        model, collection = _model_of(model.model_fields[sections[index]].annotation)
        index += 2 if collection else 1
    return model


def _model_of(annotation: Any) -> tuple[Any, bool]:
    """The model a field holds (one, or a collection of named ones), else None."""
    from typing import get_args, get_origin

    from pydantic import BaseModel

    collection = get_origin(annotation) is dict
    inner = get_args(annotation)[1] if collection else annotation
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner, collection
    return None, False


def _is_table(field: Any) -> bool:
    from typing import get_origin

    return get_origin(field.annotation) is dict


def _given_at(given: Mapping[str, Any], path: tuple) -> Any:
    node: Any = given
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _order(loc: tuple, given: Mapping[str, Any]) -> tuple[int, ...]:
    """Where ``loc`` is in what the seller wrote: errors are told in the file's order."""
    ranks = []
    node: Any = given
    for part in loc:
        if not isinstance(node, Mapping):
            break
        keys = [str(key) for key in node]
        ranks.append(keys.index(str(part)) if str(part) in keys else len(keys))
        node = node.get(part, node.get(str(part)))
    return tuple(ranks)
