"""Options several commands share, defined once.

``item_options`` gives a command one option per item field of ``liquidator.fields``
(``add``, ``edit`` and ``cancel`` take the same ones), collected into one ``item``
dict for the core's ``parse_fields``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from liquidator.fields import FLAG, ITEM_FIELDS, PHOTOS, QUOTES, YEN

Json = Annotated[bool, typer.Option("--json", "-j", help="Print JSON (compact when piped).")]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Work as of this date (YYYY-MM-DD) [default: today].", show_default=False
    ),
]


def _option(field, *, edit: bool) -> inspect.Parameter:
    """The Typer parameter for one item field."""
    help_text = field.help
    if edit:  # edit applies no defaults: strip "[default: …]"
        help_text = help_text.split(" [default:")[0]
    if field.kind == FLAG:
        option = typer.Option(
            f"{field.option}/--no-{field.option[2:]}", help=help_text, show_default=False
        )
        annotation = Annotated[bool | None, option]
    elif field.kind in (QUOTES, PHOTOS):
        option = typer.Option(field.option, help=help_text, show_default=False,
                              metavar="CHANNEL=YEN" if field.kind == QUOTES else "PATH")  # fmt: skip
        annotation = Annotated[list[str] | None, option]
    else:
        metavar = "YEN" if field.kind == YEN else None
        option = typer.Option(field.option, help=help_text, show_default=False, metavar=metavar)
        annotation = Annotated[str | None, option]
    return inspect.Parameter(
        field.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


def item_options(*, edit: bool = False, exclude: tuple[str, ...] = ()) -> Callable:
    """Give the decorated command an option per item field; it receives them as ``item``.

    ``item`` maps each field's name to what was typed (None when not given).
    """
    fields = [field for field in ITEM_FIELDS if field.name not in exclude]

    def decorate(command: Callable) -> Callable:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "item"]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            item = {field.name: kwargs.pop(field.name, None) for field in fields}
            return command(*args, item=item, **kwargs)

        options = [_option(field, edit=edit) for field in fields]
        keyword = [
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p.default is not p.empty
        ]
        positional = [p for p in own if p.default is p.empty]
        run.__signature__ = signature.replace(parameters=[*positional, *options, *keyword])
        run.__annotations__ = {p.name: p.annotation for p in run.__signature__.parameters.values()}
        return run

    return decorate
