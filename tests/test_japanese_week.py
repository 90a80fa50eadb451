"""A seller's week in Japanese: no id or developer word reaches human output.

The words looked for are derived where the code defines them (channel ids from the
settings, statuses and decisions from the vocabularies, field names from the item
table, template names from the package), so a new one is checked by itself; the list
at the top holds what has no table (framework phrases, Python's words).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from liquidator.item_output import SHOWN
from liquidator.settings.defaults import DEFAULTS
from liquidator.vocab import DeskDecision, DisposalKind, ItemStatus

TEMPLATES = Path(__file__).parent.parent / "liquidator" / "templates"
# Words with no table of their own: Python's values, the history's event kinds, where
# a template or a setting came from, and what click and typer say when left alone.
LISTED_BY_HAND = (
    "True", "False", "None", "default", "package", "created", "edited", "disposed",
    "disposal_undone", "deleted", "Show this message", "Usage:", "Error:", "No such",
    "Did you mean", "requires an argument", "Input should be", "is not a valid",
    "Missing argument", "Missing option", "Options", "Commands", "our shop",
)  # fmt: skip


# Where a seller reads the names they type (help, the settings' keys and values, the
# templates' names), only these are looked for.
TYPED_NAMES_SHOWN = (
    "True", "False", "None", "default", "package", "workspace", "Show this message",
    "Usage:", "Error:", "No such", "Did you mean", "Options", "Commands",
)  # fmt: skip


def forbidden_words() -> set[str]:
    """Every id and English word that must not reach a Japanese seller's eyes."""
    words = set(LISTED_BY_HAND)
    words |= set(DEFAULTS.channels)
    words |= {str(member) for enum in (ItemStatus, DeskDecision, DisposalKind) for member in enum}
    words |= {path.stem for path in TEMPLATES.glob("*.txt")}
    words |= {entry.name for entry in SHOWN if entry.name != "id"}
    # English names of channels and shipping services that have Japanese ones.
    words |= {c.label for c in DEFAULTS.channels.values() if c.label_ja and c.label_ja != c.label}
    words |= {table.label for table in DEFAULTS.shipping.values()}
    return words


def _pattern(words: set[str]) -> re.Pattern:
    # A word on its own: not part of a longer name, a TOML key (a.b.c) or an option.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # ASCII letters only: a Japanese character next to an id ("yahooに") is no boundary.
    return re.compile(rf"(?<![A-Za-z0-9_.\-/])(?:{alternatives})(?![A-Za-z0-9_.\-])")


# What a seller types stays as typed: a command line shown as a hint, an option and its
# value (``--channel yahoo``, ``-c kaitori``), a key in liquidator.toml (``[replies] shop``).
_TYPED = re.compile(
    r"liquidator(?: (?:[\w\-=./]+|\{[^}]*\}))+"
    r"|(?<![\w-])--?[A-Za-z][\w-]*(?:[ =][\w\-./]+)?|\[[\w.]+\] ?\w*"
)


def leaks(text: str, words: set[str] | None = None) -> list[str]:
    """The forbidden words in ``text`` (by default all of them), with what surrounds each."""
    text = _TYPED.sub(" ", text)
    return [
        text[max(0, m.start() - 25) : m.end() + 25].replace("\n", "⏎")
        for m in _pattern(forbidden_words() if words is None else words).finditer(text)
    ]


class _Text(HTMLParser):
    """The text a browser shows: no tags, attributes, style or script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self._hidden += tag in ("style", "script")

    def handle_endtag(self, tag) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(page: str) -> str:
    """What a reader sees of an HTML page."""
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


def without_reply(text: str) -> str:
    """The desk's output without the reply to the Amazon.com buyer (that stays English)."""
    return re.sub(r"送信する返信:\n.*?\n(?=注文 \S+ の案件)", "", text, flags=re.S)


def _week(cli) -> list[tuple[str, str]]:
    """Run a seller's week; every human output, named by what produced it."""
    out: list[tuple[str, str]] = []

    def run(*args: str, code: int = 0) -> str:
        result = cli(*args)
        assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
        text = result.stdout + result.stderr
        out.append((" ".join(args), text))
        return text

    run("add", "--title", "ハリオ V60", "--cost", "4980", "--size", "80",
        "--purchased", "2026-10-01", "--hazmat", "--as-of", "2026-11-20")  # fmt: skip
    run("add", "--title", "ポケカ BOX", "--cost", "6800", "--qty", "4", "--size", "60",
        "--purchased", "2026-09-01", "--return-by", "2026-11-28", "--as-of", "2026-11-20")  # fmt: skip
    run("add", "--title", "業務用ミキサー", "--cost", "30000", "--weight", "25kg",
        "--size", "160", "--purchased", "2026-10-10", "--as-of", "2026-11-20")  # fmt: skip
    common = ("--reason", "mistake", "--as-of", "2026-11-20")
    out.append(("cancel", without_reply(run("cancel", "114-1111111-1111111", "--stage",
               "not-bought", "--via", "request", "--buyer", "Tom", *common))))  # fmt: skip
    out.append(("cancel", without_reply(run("cancel", "114-2222222-2222222", "--stage",
               "bought", "--via", "request", "--title", "ソニー WH-1000XM5", "--cost", "38000",
               "--size", "80", *common))))  # fmt: skip
    out.append(("cancel", without_reply(run("cancel", "114-3333333-3333333", "--stage",
               "shipped", "--via", "message", *common))))  # fmt: skip
    out.append(("cancel", without_reply(run("cancel", "114-4444444-4444444", "--stage",
               "bought", "--via", "message", "--reason", "too-slow", "--in-hand",
               "--as-of", "2026-11-20"))))  # fmt: skip
    out = [(name, text) for name, text in out if not name.startswith("cancel 114")]
    run("listed", "1", "-c", "yahoo", "-p", "1", "--date", "2026-11-21")
    run("listed", "2", "-c", "ebay", "-p", "9800", "--date", "2026-11-21")
    run("sell", "2", "-c", "kaitori", "-p", "5000", "--qty", "1", "--date", "2026-11-22")
    run("sell", "2", "-c", "supplier_return", "-p", "6800", "--qty", "1", "--date", "2026-11-22")
    run("sell", "2", "-c", "writeoff", "-p", "0", "--qty", "1", "--date", "2026-11-22")
    run("sales")
    run("sales", "undo", "2")
    run("sales", "undo", "2", code=1)
    run("edit", "1", "--cost", "4500", "--market-price", "29800", "--no-hazmat",
        "--purchased", "2026-10-02")  # fmt: skip
    for item in ("1", "2", "3", "4"):
        run("show", item, "--as-of", "2026-11-23")
    run("recommend", "3", "--as-of", "2026-11-23")
    run("list", "--as-of", "2026-11-23")
    run("list", "--all", "--as-of", "2026-11-23")
    run("todo", "--as-of", "2026-11-23")
    for fmt in ("table", "md"):
        run("report", "--as-of", "2026-11-23", "-O", fmt)
    page = cli.ok("report", "--as-of", "2026-11-23", "-O", "html").stdout
    out.append(("report -O html", html_text(page)))
    for kind in ("items", "sales", "journal", "inventory"):
        result = cli.ok("export", kind, "--to", "2026-11-30", "--as-of", "2026-11-23")
        out.append((f"export {kind} (messages)", result.stderr))
    run("cancel-rate", "--as-of", "2026-11-23")
    return out


def _typed_names_shown(cli) -> list[tuple[str, str]]:
    """The outputs that list what a seller types (help, the settings' keys and values,
    the channels' and templates' names)."""
    found = [(" ".join(args), cli.ok(*args).stdout) for args in (
        ("settings", "--as-of", "2026-11-23"), ("channels", "--as-of", "2026-11-23"),
        ("templates",), ("--help",), ("show", "--help"),
        ("cancel-rate", "--help"),
    )]  # fmt: skip
    found.append(("listed --help", cli.ok("listed", "--help").stdout.replace("writeoff", "廃棄")))
    return found


def _framework(cli) -> list[tuple[str, str]]:
    """What click and typer say: an unknown command, a missing or bad value."""
    cases = [("ad",), ("add", "--cost"), ("show", "abc"), ("show",), ("sales", "undo"),
             ("list", "--older-than", "x")]  # fmt: skip
    return [(" ".join(args), cli.fails(2, *args)) for args in cases]


def test_a_week_in_japanese_shows_no_id_or_english_word(cli, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    found = [(name, leak) for name, text in _week(cli) + _framework(cli) for leak in leaks(text)]
    found += [
        (name, leak)
        for name, text in _typed_names_shown(cli)
        for leak in leaks(text, set(TYPED_NAMES_SHOWN))
    ]
    assert not found, "\n".join(f"{name}: {leak}" for name, leak in found)


def test_listed_help_does_not_offer_a_writeoff(cli, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert "writeoff" not in cli.ok("listed", "--help").stdout
    assert "writeoff" not in cli.ok("--lang", "en", "listed", "--help").stdout


def test_the_leak_finder_finds_every_kind_of_word_it_is_given():
    assert leaks("商品 #2 は現在 sold です") and leaks("販路 kaitori") and leaks("危険物 False")
    assert leaks("判断: ask-formal-request。") and leaks("Usage: liquidator")
    assert leaks("仕入値: unit_cost") and leaks("出品先 ebay") and leaks("からyahooに出品")
    assert not leaks("liquidator sell 2 -c kaitori を実行してください")
    assert not leaks("channels.yahoo.enabled") and not leaks("--channel yahoo")


@pytest.mark.parametrize("kind", ["items", "sales"])
def test_the_human_csv_in_japanese_names_no_id(cli, monkeypatch, kind):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    _week(cli)
    text = cli.ok("export", kind, "--to", "2026-11-30").stdout
    assert not leaks(text)
