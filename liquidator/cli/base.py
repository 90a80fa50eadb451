"""What every command is built from: typer's classes, extended through their public hooks.

``App`` is a ``typer.Typer`` whose groups and commands are ``TranslatedGroup`` and
``TranslatedCommand``: their help is in the reader's language (``help_text``), a group
typed without a subcommand prints its help, and an unknown subcommand is one usage
error naming the near ones. Nothing of typer's is assigned to or replaced.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from liquidator.cli.help_text import (
    HELP_OPTION_HELP,
    TranslatedFormatter,
    name_values,
    translate_help,
    unknown_command,
)
from liquidator.i18n import _


class HelpContext(typer.Context):
    """A command's context; its help formatter speaks the reader's language."""

    formatter_class = TranslatedFormatter


class _Translated:
    """Help in the reader's language, for a command or a group."""

    context_class = HelpContext

    def format_help(self, ctx, formatter) -> None:
        translate_help(ctx.find_root().command)
        name_values(self)
        super().format_help(ctx, formatter)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _(HELP_OPTION_HELP)
        return option


class TranslatedCommand(_Translated, TyperCommand):
    """A command whose help is in the reader's language."""


class TranslatedGroup(_Translated, TyperGroup):
    """A command with subcommands: its help in the reader's language, its help again
    when typed alone (on stderr, exit 0), and one usage error for an unknown name."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help(), err=True)
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args: list[str]):
        name = args[0] if args else ""
        known = ctx.resilient_parsing or name.startswith("-") or self.get_command(ctx, name)
        if name and not known:
            commands = list(self.list_commands(ctx))
            try:
                ctx.fail(unknown_command(name, commands))
            except typer.TyperException as exc:
                # Worded again by the CLI edge once the reader's language is known:
                # the root command has not chosen it yet when a subcommand is resolved.
                exc.unknown_command = (name, commands)
                raise
        return super().resolve_command(ctx, args)


class App(typer.Typer):
    """A ``typer.Typer`` making ``TranslatedGroup``\\ s and ``TranslatedCommand``\\ s with
    plain (not rich) help, the way every liquidator command is made."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("cls", TranslatedGroup)
        options.setdefault("rich_markup_mode", None)
        super().__init__(**options)

    def command(self, name: str | None = None, **options: Any):
        options.setdefault("cls", TranslatedCommand)
        return super().command(name, **options)
