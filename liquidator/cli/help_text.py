"""``--help`` and usage errors in the reader's language.

Help texts (a command's docstring, an option's ``help=``) are written in English in the
code, like every message, and are looked up in the catalogue when help is shown: the
commands are built before ``--lang`` is read, so they cannot be translated when they
are defined. ``help_texts`` lists them for the catalogue (``python -m liquidator.i18n
update`` adds them); ``translate_help`` swaps a command tree's texts for the current
language's. Typer's own words (``Options``, ``default: …``) and the usage errors it
raises go through the same catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from liquidator.i18n import N_, _, current_language

# What typer prints around the help texts, and its usage errors.
TYPER_WORDS = (
    N_("Options"), N_("Commands"), N_("Arguments"), N_("default: {default}"), N_("required"),
    N_("(dynamic)"), N_("env var: {var}"), N_("Usage: "), N_("Show this message and exit."),
    N_("Missing command."), N_("No such command {name!r}."), N_("Aborted!"),
)  # fmt: skip


def commands_under(command: Any) -> Iterator[Any]:
    """``command`` and every command below it."""
    yield command
    subs = command.load_all() if hasattr(command, "load_all") else getattr(command, "commands", {})
    for sub in subs.values():
        yield from commands_under(sub)


def help_texts(command: Any) -> set[str]:
    """Every help text a person can read in ``command``'s tree (for the catalogue)."""
    texts: set[str] = set()
    for each in commands_under(command):
        texts.update(t for t in (each.help, each.short_help) if t)
        texts.update(param.help for param in each.params if getattr(param, "help", None))
    return texts


def translate_help(command: Any) -> None:
    """Put the current language's help texts on ``command``'s tree (once per tree)."""
    if current_language() == "en" or getattr(command, "_help_language", None):
        return
    for each in commands_under(command):
        each._help_language = current_language()
        if each.help:
            each.help = _(each.help)
            # The command list shows a short help: the translation's first paragraph,
            # whole (Japanese lines join without a space).
            first = each.help.split("\n\n")[0].replace("\n", "")
            each.short_help = _(each.short_help) if each.short_help else first
        for param in [*each.params, getattr(each, "_help_option", None)]:
            if param is not None and getattr(param, "help", None):
                param.help = _(param.help)


def usage_error(exc: Any) -> str:
    """A usage error from typer (unknown or missing option, bad value) as one line in
    the current language."""
    kind = type(exc).__name__
    hint = _hint(exc)
    if kind == "NoSuchOption":
        message = _("no such option: {name}").format(name=exc.option_name)
        if exc.possibilities:
            message += " " + _("(did you mean {options}?)").format(
                options=", ".join(sorted(exc.possibilities))
            )
        return message
    if kind == "MissingParameter" and hint:
        return _("missing {name}").format(name=hint)
    if kind == "BadParameter" and hint:
        return _("invalid value for {name}: {problem}").format(name=hint, problem=exc.message)
    return " ".join(exc.format_message().split())


def _hint(exc: Any) -> str | None:
    if getattr(exc, "param_hint", None):
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    param = getattr(exc, "param", None)
    if param is None:
        return None
    return " / ".join(param.opts) if getattr(param, "opts", None) else param.name


def install() -> None:
    """Route typer's own words and every ``--help`` through the catalogue."""
    import typer.core
    from typer._click import formatting

    typer.core._ = _  # typer looks its words up with gettext's ``_`` at call time
    write_usage = formatting.HelpFormatter.write_usage

    def translated_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = translated_usage
    for cls in (typer.core.TyperCommand, typer.core.TyperGroup):
        cls.format_help = _translating(cls.format_help)


def _translating(format_help):
    def format_translated(self, ctx, formatter):
        translate_help(ctx.find_root().command)
        return format_help(self, ctx, formatter)

    return format_translated
