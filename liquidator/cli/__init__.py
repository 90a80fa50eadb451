"""The ``liquidator`` command line: a thin layer of Typer apps over the core.

One module per command (or per noun with its verbs), each mounted here. A command
parses its options, calls one core function and renders the result. Heavy libraries
are imported inside the commands that need them, so ``liquidator --help`` stays instant.
"""

import contextlib
import sys
from typing import Annotated

import typer

from liquidator import __version__
from liquidator.cli.base import App, TranslatedGroup
from liquidator.cli.help_text import usage_error
from liquidator.errors import InvalidInput, LiquidatorError
from liquidator.i18n import _

# Options of the whole program that a seller may also type after the subcommand.
ROOT_OPTIONS = ("--home", "--db", "--lang")
# The module under liquidator/cli/ that defines each command, in the order --help lists
# them. A command's module is imported only when that command runs (or help lists all):
# a seller pays for one command's imports, not for every command's.
COMMAND_MODULES = {
    "add": "items", "list": "items", "show": "items", "edit": "items", "delete": "items",
    "recommend": "recommend", "sell": "sales", "listed": "sales", "sales": "sales",
    "channels": "channels", "report": "report", "todo": "todo", "export": "export",
    "cancel": "cancel", "cancel-rate": "cancel", "templates": "cancel",
    "settings": "settings", "backup": "backup", "restore": "backup", "demo": "demo",
    "import": "imports", "prices": "prices", "listings": "listings",
}  # fmt: skip


def hoist_root_options(args: list[str], commands) -> list[str]:
    """``args`` with ``--home``/``--db``/``--lang`` typed after the subcommand moved to
    just before it (``liquidator list --home W`` = ``liquidator --home W list``)."""
    position = 0
    while position < len(args) and args[position] not in commands:
        position += 2 if args[position] in ROOT_OPTIONS else 1
    if position >= len(args):
        return args
    head, command, tail = args[:position], args[position], args[position + 1 :]
    hoisted, kept = [], []
    index = 0
    while index < len(tail):
        token = tail[index]
        if token == "--":
            kept += tail[index:]
            break
        if token in ROOT_OPTIONS and index + 1 < len(tail):
            hoisted += tail[index : index + 2]
            index += 2
            continue
        if token.split("=", 1)[0] in ROOT_OPTIONS and "=" in token:
            hoisted.append(token)
        else:
            kept.append(token)
        index += 1
    return [*head, *hoisted, command, *kept]


class LiquidatorGroup(TranslatedGroup):
    """The CLI edge: the one place errors become one stderr line and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from liquidator.charsets import never_fail_to_encode

        never_fail_to_encode(sys.stdout, sys.stderr)
        args = hoist_root_options(list(sys.argv[1:] if args is None else args), COMMAND_MODULES)
        if not args or "--help" in args or "-h" in args:
            _language_for_help(args)
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except InvalidInput as exc:
            _fail(f"{option_for(exc.field, self)}: {exc.problem}", exc.exit_code)
        except LiquidatorError as exc:
            _fail(exc.message, exc.exit_code)
        except typer.Abort:
            _fail(_("aborted"), 1)
        except typer.TyperException as exc:  # a usage error: bad option value, missing argument …
            # It may come before the root command chose the language (an unknown command).
            _language_for_help(args)
            _fail(usage_error(exc), exc.exit_code)
        sys.exit(result if isinstance(result, int) else 0)

    def list_commands(self, ctx) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx, name: str):
        """The command ``name``, its module imported on first use."""
        if name not in self.commands and name in COMMAND_MODULES:
            self.commands.update(_module_commands(COMMAND_MODULES[name]))
        return self.commands.get(name)

    def load_all(self) -> dict:
        """Every command (help, the catalogue and error messages need them all)."""
        for name in COMMAND_MODULES:
            self.get_command(None, name)
        return {name: self.commands[name] for name in COMMAND_MODULES}


def _language_for_help(args: list[str]) -> None:
    """Help is printed before the root command runs: choose its language from the
    options typed before the subcommand (a bad value is reported by the command)."""
    from liquidator.cli.context import AppState, apply_language

    given = {}
    for name, value in zip(args, args[1:], strict=False):
        if name in ROOT_OPTIONS:
            given[name] = value
    for token in args:
        name, equals, value = token.partition("=")
        if equals and name in ROOT_OPTIONS:
            given[name] = value
    with contextlib.suppress(LiquidatorError):
        apply_language(
            AppState(home=given.get("--home"), db=given.get("--db")), given.get("--lang")
        )


def _module_commands(module_name: str) -> dict:
    """The click commands one liquidator/cli module defines, by name."""
    import importlib

    module = importlib.import_module(f"liquidator.cli.{module_name}")
    group = typer.main.get_group(module.app)
    if module.app.info.name:  # a named app is one command with subcommands (import)
        group.name = module.app.info.name
        return {group.name: group}
    return dict(group.commands)


def option_for(field: str, group) -> str:
    """The option a seller typed for a domain field: ``cost`` → ``--cost``.

    Item fields are named by ``liquidator.fields``; any other field that is the name of
    a command's parameter (``as_of``, ``start`` …) or of the root's (``home``, ``db``)
    becomes that parameter's option. A field that is neither (a file and line, ``ID``)
    is shown as it is.
    """
    from liquidator.fields import FIELD_BY_NAME

    if field in FIELD_BY_NAME:
        return FIELD_BY_NAME[field].option
    for command in (group, *_commands(group)):
        for param in command.params:
            if param.name == field and getattr(param, "opts", None) and param.opts[0][:1] == "-":
                return max(param.opts, key=len)
    return field


def _commands(group):
    commands = group.load_all() if hasattr(group, "load_all") else group.commands
    for command in commands.values():
        yield command
        if hasattr(command, "commands"):
            yield from _commands(command)


# Past this an error line is cut in the middle: a message quoting what a user gave
# (a 100,000-character header cell) stays readable, its start and advice both kept.
ERROR_LINE_MAX = 1000


def _fail(message: str, code: int) -> None:
    typer.echo(_("Error: {message}").format(message=bounded(one_line(message))), err=True)
    sys.exit(code)


def bounded(message: str, limit: int = ERROR_LINE_MAX) -> str:
    """``message`` cut to about ``limit`` characters, the cut marked in the middle."""
    if len(message) <= limit:
        return message
    head = limit * 2 // 3
    tail = limit - head - 3
    return f"{message[:head]} … {message[-tail:]}"


def one_line(message: str) -> str:
    """The message with control characters shown as escapes, so it stays one line.

    Messages quote what the user gave (file names, header cells), which may hold
    newlines or terminal escapes; the error contract is one line on stderr.
    """
    return "".join(
        repr(c)[1:-1] if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" else c
        for c in message
    )


app = App(
    cls=LiquidatorGroup,
    help="Turn stock stranded by cancelled orders back into cash.\n\n"
    "Example: liquidator add --title 'ハリオ V60' --cost 4980 --size 80",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(_("liquidator {version}").format(version=__version__))
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        str | None,
        typer.Option(
            "--home",
            help="Workspace folder (default: $LIQUIDATOR_HOME, else the current folder).",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLAlchemy database URL (default: $LIQUIDATOR_DB, else "
            "<home>/data/liquidator.db).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of messages and reports: ja or en (default: $LIQUIDATOR_LANG, "
            "[ui] lang in liquidator.toml, else the locale).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Turn stock stranded by cancelled orders back into cash."""
    from liquidator.cli.context import AppState, apply_language

    ctx.obj = AppState(home=home, db=db)
    apply_language(ctx.obj, lang)


def main() -> None:
    """Console-script entry point."""
    app()
