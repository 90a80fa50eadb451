"""The language a person reads (gettext).

Every human-facing string is written in English in the code and wrapped in ``_()``
(``ngettext`` for a count), with named placeholders. English is the source language:
in English ``_()`` returns the message itself. Each other language has
``liquidator/locale/<lang>/LC_MESSAGES/liquidator.po``, compiled to ``.mo``; after
changing messages run ``python tools/i18n.py update``, translate, then ``python
tools/i18n.py compile`` (a developer's tool, outside the package). JSON keys, CSV
columns of the generic layout, option names and exit codes stay language-neutral.

The language: ``--lang``, else ``LIQUIDATOR_LANG``, else ``[ui] lang`` in
``liquidator.toml``, else the locale (``LANG=ja_JP.UTF-8`` → ja), else English.
Standard library only: the core uses it.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

LANGUAGES = ("en", "ja")
# The languages with a catalogue: every one but English, the language of the code.
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")
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
    _translation = (
        gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language])
        if language in TRANSLATED
        else gettext.NullTranslations()
    )


def current_language() -> str:
    """The language messages are in now."""
    return _language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Messages in ``language`` inside the block, the current language again after."""
    before = _language
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802  (gettext's name for it)
    """Mark ``message`` for the catalogue without translating it yet (module constants;
    translate where used with ``_(CONSTANT)``)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802  (like N_)
    """Mark a counted message for the catalogue without translating it yet; translate
    where the count is known with ``ngettext(*MESSAGE, count)``."""
    return singular, plural


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
