"""The message catalogues, kept in step with the code (a developer's tool; needs Babel).

    python tools/i18n.py update    # add new messages to each translation, drop gone ones
    python tools/i18n.py compile   # .po → .mo, which the program reads

English is the source language: every message is written in English in the code, so
English needs no catalogue (``liquidator.i18n`` returns the message itself). Each other
language has ``liquidator/locale/<lang>/LC_MESSAGES/liquidator.po``; ``update`` adds a
new message with an empty translation for the translator, and tests/test_i18n.py fails
until every one is filled in and compiled.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere in the checkout
    sys.path.insert(0, str(ROOT))

from liquidator.i18n import DOMAIN, LOCALE_DIR, TRANSLATED  # noqa: E402

PACKAGE = ROOT / "liquidator"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}


def messages_in_code() -> dict:
    """Every message the code can show, with where it is: the ``_()``, ``N_()`` and
    ``ngettext()`` literals, the help texts of every command and option
    (``cli.help_text``), and the labels of an item's values (``item_output.LABELS``)."""
    from babel.messages.extract import extract_from_dir
    from typer.main import get_command

    from liquidator.cli import app
    from liquidator.cli.help_text import help_texts
    from liquidator.item_output import LABELS

    found: dict = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.setdefault(message, (filename, line))
    for text in sorted(help_texts(get_command(app))):
        found.setdefault(text, ("cli/help_text.py", 0))
    for label in LABELS.values():  # how show names an item's values: one per field too
        found.setdefault(label, ("item_output.py", 0))
    return found


def catalogue_path(language: str, suffix: str = "po") -> Path:
    """Where ``language``'s catalogue is."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


def update() -> None:
    """Bring every catalogue in step with the code: new messages added (translation
    empty, for the translator), gone ones removed."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    found = messages_in_code()
    for language in TRANSLATED:
        path = catalogue_path(language)
        with path.open("rb") as source:
            old = read_po(source, locale=language)
        catalog = Catalog(locale=language, domain=DOMAIN, project=DOMAIN,
                          creation_date=old.creation_date, revision_date=old.revision_date)  # fmt: skip
        for message, location in found.items():
            key = message[0] if isinstance(message, tuple) else message
            known = old.get(key)
            catalog.add(message, known.string if known is not None else "", locations=[location])
        with path.open("wb") as target:
            write_po(target, catalog, width=100)
        print(f"updated {path} ({len(catalog)} messages)")


def compile_catalogues() -> None:
    """Write each language's ``.mo`` from its ``.po``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for language in TRANSLATED:
        with catalogue_path(language).open("rb") as source:
            catalog = read_po(source, locale=language)
        with catalogue_path(language, "mo").open("wb") as target:
            write_mo(target, catalog)
        print(f"compiled {catalogue_path(language, 'mo')} ({len(catalog)} messages)")


def main(argv: list[str]) -> int:
    """``update`` or ``compile``."""
    commands = {"update": update, "compile": compile_catalogues}
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: python tools/i18n.py update|compile", file=sys.stderr)
        return 2
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
