"""The language a person reads: one message catalogue per language (gettext).

Every human-facing string is written in English in the code and wrapped in ``_()``
(``ngettext`` for a count); ``liquidator/locale/<lang>/LC_MESSAGES/liquidator.po`` holds
each language's text, compiled to ``.mo``. After changing messages: ``python -m liquidator.i18n update``
(adds new ones, Japanese left empty for the translator), translate, then
``python -m liquidator.i18n compile`` (both need Babel, a dev dependency). JSON keys, CSV columns of the generic layout, option names and exit codes
stay language-neutral.

The language: ``--lang``, else ``LIQUIDATOR_LANG``, else ``[ui] lang`` in
``liquidator.toml``, else the locale (``LANG=ja_JP.UTF-8`` → ja), else English.
Standard library only: the core uses it.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("en", "ja")
DOMAIN = "liquidator"
LOCALE_DIR = Path(__file__).parent / "locale"
LANG_ENV = "LIQUIDATOR_LANG"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Use ``language`` (one of LANGUAGES) for every message from now on."""
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _language = language
    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def current_language() -> str:
    """The language messages are in now."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802  (gettext's name for it)
    """Mark ``message`` for the catalogue without translating it yet (module constants;
    translate where used with ``_(CONSTANT)``)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the current language."""
    return _translation.ngettext(singular, plural, count)


NAMES_SHOWN = 5  # how many names a message lists before "and N more"
NAME_CHARS = 40  # and how much of each


def some_names(names: list[str] | tuple[str, ...], *, limit: int = NAMES_SHOWN) -> str:
    """Names a user gave, for a message that must stay one short line: the first
    ``limit`` (each cut to NAME_CHARS characters), then "and 9,997 more"."""
    shown = [
        str(name) if len(str(name)) <= NAME_CHARS else str(name)[: NAME_CHARS - 1] + "…"
        for name in names[:limit]
    ]
    text = ", ".join(shown)
    rest = len(names) - len(shown)
    if rest > 0:
        text += ngettext(" and {count:,} more", " and {count:,} more", rest).format(count=rest)
    return text


def language_from(
    option: str | None, environ: Mapping[str, str], configured: str | None
) -> str | None:
    """The language asked for, by precedence (see the module docstring); None when
    nothing asks (English). An unknown name is returned as is for the caller to refuse."""
    if option:
        return option
    if environ.get(LANG_ENV):
        return environ[LANG_ENV]
    if configured:
        return configured
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "ja" if value.lower().startswith("ja") else None
    return None


def messages_in_code() -> dict:
    """Every message the code can show, with where it is (a developer's tool, needs
    Babel): the ``_()``, ``N_()`` and ``ngettext()`` literals, and the help texts of
    every command and option (``cli.help_text``), and the labels of an item's values
    (``item_output.LABELS``)."""
    from babel.messages.extract import extract_from_dir
    from typer.main import get_command

    from liquidator.cli import app
    from liquidator.cli.help_text import help_texts
    from liquidator.item_output import LABELS

    found: dict = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        Path(__file__).parent, method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)},
    ):  # fmt: skip
        found.setdefault(message, (filename, line))
    for text in sorted(help_texts(get_command(app))):
        found.setdefault(text, ("cli/help_text.py", 0))
    for label in LABELS.values():  # how show names an item's values: one per field too
        found.setdefault(label, ("item_output.py", 0))
    return found


def _update() -> None:  # pragma: no cover - a developer's tool
    """Bring every catalogue in step with the code: new messages added (English filled
    in, Japanese left empty for the translator), gone ones removed."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    found = messages_in_code()
    for language in LANGUAGES:
        path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        with path.open("rb") as source:
            old = read_po(source, locale=language)
        catalog = Catalog(locale=language, domain=DOMAIN, project=DOMAIN,
                          creation_date=old.creation_date, revision_date=old.revision_date)  # fmt: skip
        for message, location in found.items():
            key = message[0] if isinstance(message, tuple) else message
            known = old.get(key)
            string = known.string if known is not None else (message if language == "en" else "")
            catalog.add(message, string, locations=[location])
        with path.open("wb") as target:
            write_po(target, catalog, width=100)
        print(f"updated {path} ({len(catalog)} messages)")


def _compile() -> None:  # pragma: no cover - a developer's tool
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for language in LANGUAGES:
        folder = LOCALE_DIR / language / "LC_MESSAGES"
        with (folder / f"{DOMAIN}.po").open("rb") as source:
            catalog = read_po(source, locale=language)
        with (folder / f"{DOMAIN}.mo").open("wb") as target:
            write_mo(target, catalog)
        print(f"compiled {folder / DOMAIN}.mo ({len(catalog)} messages)")


if __name__ == "__main__":  # pragma: no cover
    import sys

    if sys.argv[1:] == ["update"]:
        _update()
    elif sys.argv[1:] == ["compile"]:
        _compile()
    else:
        raise SystemExit("usage: python -m liquidator.i18n update|compile")
