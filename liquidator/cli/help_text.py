"""``--help`` and usage errors in the reader's language.

Help texts (a command's docstring, an option's ``help=``) are written in English in the
code, like every message, and are looked up in the catalogue when help is shown: the
commands are built before ``--lang`` is read, so they cannot be translated when they
are defined. ``help_texts`` lists them for the catalogue (``python -m liquidator.i18n
update`` adds them); ``translate_help`` swaps a command tree's texts for the current
language's. Typer's own words around them (``Usage:``, ``Options``, ``[default: …]``)
go through the same catalogue in ``TranslatedFormatter``, and ``usage_error`` words a
usage error (an unknown or missing option, a bad value) as one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer

from liquidator.i18n import N_, _, current_language

# Typer's words that are not help texts of ours: section titles, the usage prefix, the
# help option's text and its one usage error without a parameter.
TYPER_WORDS = (
    N_("Options"), N_("Commands"), N_("Arguments"), N_("Usage: "), N_("Missing command."),
)  # fmt: skip
HELP_OPTION_HELP = N_("Show this message and exit.")
# What typer appends to an option's help in brackets, each as the catalogue words it.
_EXTRA_WORDS = (
    ("default: ", N_("default: {default}"), "default"),
    ("env var: ", N_("env var: {var}"), "var"),
)
_REQUIRED = N_("required")
# The bracket typer appends after a help text: "  [default: 7; required]".
_EXTRAS = re.compile(r"(?:^|  )\[([^\[\]]*)\]$")


# What an option's value is, for the options whose declaration does not say: typer
# would show the Python type (``--date <str>``), which means nothing to a seller.
_VALUE_NAMES = {
    **dict.fromkeys(("--as-of", "--date", "--purchased", "--return-by", "--rate-date",
                     "--from", "--to"), "DATE"),
    **dict.fromkeys(("--qty", "--days-held"), "N"),
    "--size": "CM", "--dims": "LxWxH",
    "--weight": "WEIGHT", "--total-cost": "YEN", "--buckets": "DAYS", "--channel": "CHANNEL",
    "--home": "DIR", "--db": "URL", "--lang": "ja|en", "--output": "FILE",
}  # fmt: skip
_ANY_VALUE = "TEXT"


def name_values(command: Any) -> None:
    """Give each option of ``command`` that takes a value and names none a plain name
    for it (``--date DATE``, ``--note TEXT``)."""
    for param in command.params:
        takes_value = getattr(param, "param_type_name", "") == "option" and not (
            getattr(param, "is_flag", False) or getattr(param, "count", False)
        )
        if takes_value and param.metavar is None:
            long = [opt for opt in param.opts if opt.startswith("--")]
            param.metavar = _VALUE_NAMES.get(long[0] if long else "", _ANY_VALUE)


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
    if current_language() == "en" or getattr(command, "help_language", None):
        return
    for each in commands_under(command):
        each.help_language = current_language()
        if each.help:
            each.help = _(each.help)
            # The command list shows a short help: the translation's first paragraph,
            # whole (Japanese lines join without a space).
            first = each.help.split("\n\n")[0].replace("\n", "")
            each.short_help = _(each.short_help) if each.short_help else first
        for param in each.params:
            if getattr(param, "help", None):
                param.help = _(param.help)


def translated_extras(text: str) -> str:
    """An option's help with the bracket typer appends (``[default: 7; required]``) in
    the current language; a bracket of anything else is left as it is."""
    match = _EXTRAS.search(text)
    if match is None:
        return text
    words = []
    for part in match.group(1).split("; "):
        if part == "required":
            words.append(_(_REQUIRED))
            continue
        known = [(m, key) for prefix, m, key in _EXTRA_WORDS if part.startswith(prefix)]
        if not known:
            return text
        message, key = known[0]
        words.append(_(message).format(**{key: part.split(": ", 1)[1]}))
    start = match.start(1) - 1
    return f"{text[:start]}[{'; '.join(words)}]"


class TranslatedFormatter(typer.Context.formatter_class):
    """Typer's help formatter with its own words (section titles, ``Usage:``, the
    bracket after an option's help) in the current language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def section(self, name: str):
        return super().section(_(name))

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrapped(text, self.width - self.current_indent, indent) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, translated_extras(text) if text else text) for term, text in rows]
        term_width = min(max((len(term) for term, _text in rows), default=0), col_max)
        first_col = term_width + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if len(term) <= term_width:
                self.write(" " * (first_col - len(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            hanging = " " * (first_col + self.current_indent)
            self.write(wrapped(text, text_width, "", hanging) + "\n")


def wrapped(text: str, width: int, indent: str = "", hanging: str | None = None) -> str:
    """Help text folded to ``width`` cells, paragraph by paragraph, each line after the
    first of all starting with ``hanging`` (``indent`` when not given).

    Typer wraps by characters, which runs Japanese (two cells each) far past the
    terminal; Japanese is folded by cells at phrase boundaries instead, its source
    lines joined without the space English needs. A paragraph that starts with
    ``\\b`` keeps its lines as written, as in typer.
    """
    from liquidator.render.fold import fold_offsets

    hanging = indent if hanging is None else hanging
    out: list[str] = []
    for paragraph in text.expandtabs().split("\n\n"):
        source = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not source:
            continue
        if source[0] == "\b":
            lines = source[1:]
        else:
            joined = source[0]
            for line in source[1:]:
                wide = not joined[-1].isascii() and not line[0].isascii()
                joined += line if wide else " " + line
            bounds = [0, *fold_offsets(joined, width), len(joined)]
            lines = [joined[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
        out.append("\n".join(hanging + line for line in lines))
    text = "\n\n".join(out)
    return indent + text[len(hanging) :] if text.startswith(hanging) else text


def unknown_command(name: str, known: list[str]) -> str:
    """The error for a command name that is not one of ``known``, with the near ones."""
    from difflib import get_close_matches

    near = get_close_matches(name, known)
    if not near:
        return _("No such command {name!r}.").format(name=name)
    return _("No such command {name!r}. Did you mean {names}?").format(
        name=name, names=", ".join(repr(each) for each in near)
    )


def usage_error(exc: typer.TyperException) -> str:
    """A usage error from typer (unknown or missing option, bad value) as one line in
    the current language.

    Typer exports the base class of its usage errors and ``BadParameter``; the kinds it
    keeps private are told apart by the attributes click documents for them: an unknown
    option's ``possibilities``, a missing parameter's ``param_type``, a misused option's
    ``option_name``. A value typer could not convert carries pydantic's error as its
    cause; it is worded here from the error's type, never from pydantic's English.
    """
    if getattr(exc, "unknown_command", None):
        return unknown_command(*exc.unknown_command)
    hint = _hint(exc)
    if hasattr(exc, "possibilities") and hasattr(exc, "option_name"):
        message = _("no such option: {name}").format(name=exc.option_name)
        if exc.possibilities:
            message += " " + _("(did you mean {options}?)").format(
                options=", ".join(sorted(exc.possibilities))
            )
        return message
    if hasattr(exc, "option_name"):  # an option without its value, or one given a value
        if "does not take a value" in exc.format_message():
            return _("{option} takes no value").format(option=exc.option_name)
        return _("{option} needs a value").format(option=exc.option_name)
    if isinstance(exc, typer.BadParameter) and hint:
        if hasattr(exc, "param_type"):
            return _("{name} is required").format(name=hint)
        return _("invalid value for {name}: {problem}").format(
            name=hint, problem=_conversion_problem(exc)
        )
    unknown = re.fullmatch(r"No such command '(.+)'\.", exc.format_message())
    if unknown:  # a group of typer's own making, which does not suggest near names
        return unknown_command(unknown.group(1), [])
    return " ".join(_(exc.format_message()).split())


def _conversion_problem(exc: Any) -> str:
    """Why a typed value could not be converted, in the reader's language."""
    kind, value = _conversion_failure(exc)
    if kind is None:
        return exc.message
    if kind.startswith("int"):
        return _("{value!r} is not a whole number").format(value=value)
    if kind.startswith("float") or kind.startswith("decimal"):
        return _("{value!r} is not a number").format(value=value)
    if kind.startswith("date"):
        return _("{value!r} is not a date (YYYY-MM-DD)").format(value=value)
    return _("{value!r} is not accepted here").format(value=value)


def _conversion_failure(exc: Any) -> tuple[str | None, Any]:
    """The kind of value expected and the value given, or ``(None, None)``.

    Newer typers convert through pydantic and chain its error; older ones convert as
    click does and say only ``'abc' is not a valid int.``, so that sentence is read.
    """
    errors = getattr(exc.__cause__, "errors", None)
    if callable(errors):
        first = (errors() or [{}])[0]
        return str(first.get("type", "")), first.get("input")
    said = re.fullmatch(r"(?P<value>'.*') is not a valid (?P<kind>[\w ]+)\.", exc.message)
    if said is None:
        return None, None
    from ast import literal_eval

    return said["kind"], literal_eval(said["value"])


def _hint(exc: Any) -> str | None:
    if getattr(exc, "param_hint", None):
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    param = getattr(exc, "param", None)
    if param is None:
        return None
    if getattr(param, "param_type_name", "") == "argument":  # named by what it is
        from liquidator.words import value_name

        return value_name(param.name)
    return " / ".join(param.opts) if getattr(param, "opts", None) else param.name
