"""The Japanese interface: one catalogue per language, complete and in step with the code."""

import datetime as dt
import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from liquidator.i18n import DOMAIN, LOCALE_DIR, TRANSLATED, language_from
from liquidator.settings.defaults import DEFAULTS

# The channels a quote may name: the default settings' scored ones.
CHANNELS = DEFAULTS.scored_channels

PACKAGE = Path(__file__).parent.parent / "liquidator"


def _extracted() -> set:
    from i18n_tool import load

    return set(load().messages_in_code())


def _catalog(language: str):
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _key(message) -> str | tuple:
    return tuple(message.id) if isinstance(message.id, list | tuple) else message.id


def test_every_message_in_the_code_is_in_every_catalogue_and_no_more():
    in_code = _extracted()
    assert len(in_code) > 50
    for language in TRANSLATED:
        keys = {_key(m) for m in _catalog(language) if m.id}
        assert keys == in_code, (language, in_code ^ keys)


def test_every_japanese_message_is_translated_and_keeps_its_placeholders():
    import re

    field = re.compile(r"\{[^}]*\}")
    for message in _catalog("ja"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, message.id
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        # every named placeholder survives (positional ones may be dropped, like "s")
        named = {f for f in field.findall(source) if not f[1:2].isdigit()}
        assert named <= set(field.findall(strings[0])), message.id


def test_japanese_reasons_and_blurbs_keep_one_register():
    """A recommendation's line joins reasons and the channel's blurb with ／: each is a
    plain clause or a noun phrase (docs/glossary.md), so none ends politely; advice in
    whole sentences (…。…ください) is polite, and is not checked here."""
    polite = ("です", "ます", "ません", "でした", "ました")
    reasons = [
        text
        for message in _catalog("ja")
        if message.id and any("scoring/reasons.py" in where for where, _ in message.locations)
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
    ]
    assert len(reasons) > 20
    blurbs = [channel.blurb_ja for channel in DEFAULTS.channels.values() if channel.blurb_ja]
    assert len(blurbs) >= 6
    for text in reasons + blurbs:
        if "ください" not in text and "。" not in text.rstrip("。"):
            assert not text.rstrip("。").endswith(polite), text


def test_english_is_the_source_language_and_has_no_catalogue():
    from liquidator.i18n import _, set_language

    assert "en" not in TRANSLATED and not (LOCALE_DIR / "en").exists()
    set_language("en")
    assert _("Recorded item #{id}: {title} — {qty} × {cost}, size {size}, held {days} days.") == (
        "Recorded item #{id}: {title} — {qty} × {cost}, size {size}, held {days} days."
    )
    set_language("ja")
    assert _("in stock") == "在庫"
    set_language("en")


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(language):
    compiled = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language])
    for message in _catalog(language):
        if not message.id or isinstance(message.id, tuple):
            continue
        assert compiled.gettext(message.id) == (message.string or message.id), message.id


def test_the_language_comes_from_option_then_env_then_settings_then_locale():
    env = {"LANG": "ja_JP.UTF-8"}
    assert language_from("en", {**env, "LIQUIDATOR_LANG": "ja"}, "ja") == "en"
    assert language_from(None, {**env, "LIQUIDATOR_LANG": "en"}, "ja") == "en"
    assert language_from(None, env, "en") == "en"
    assert language_from(None, env, None) == "ja"
    assert language_from(None, {"LANG": "en_US.UTF-8"}, None) is None
    assert language_from(None, {"LC_ALL": "ja_JP.UTF-8", "LANG": "C"}, None) == "ja"
    assert language_from(None, {}, None) is None


def _seed(cli) -> None:
    cli.json("add", "--title", "ハリオ V60", "--cost", "3000", "--size", "60",
             "--purchased", "2026-08-01")  # fmt: skip
    cli.json("add", "--title", "ポケカ BOX", "--cost", "5000", "--qty", "3", "--size", "60",
             "--purchased", "2026-09-01")  # fmt: skip
    cli.json("sell", "2", "-c", "ebay", "-p", "9000", "--qty", "1", "--date", "2026-11-20")


def test_report_in_japanese_from_the_locale_and_in_english_on_request(cli, monkeypatch):
    _seed(cli)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    japanese = cli.ok("report", "--as-of", "2026-11-26").stdout
    for words in (
        "滞留在庫",
        "寝ている資金",
        "今すぐ処分",
        "ヤフオク!",
        "処分実績",
        "保有",
        "eBay",
    ):
        assert words in japanese, words
    assert "Cash tied up" not in japanese and "Move now" not in japanese
    english = cli.ok("--lang", "en", "report", "--as-of", "2026-11-26").stdout
    assert "Cash tied up" in english and "Yahoo! Auctions" in english and "滞留" not in english
    html = cli.ok("report", "--as-of", "2026-11-26", "-O", "html").stdout
    assert '<html lang="ja">' in html and "今すぐ処分" in html and "販路別の回収" in html
    markdown = cli.ok("report", "--as-of", "2026-11-26", "-O", "md").stdout
    assert markdown.startswith("# 滞留在庫") and "| 品名 |" in markdown
    data = cli.json("report", "--as-of", "2026-11-26")  # JSON keys stay neutral
    assert "actions" in data and data["actions"][0]["best_channel"] in ("yahoo", "kaitori")
    assert data["channel_labels"]["yahoo"] == "ヤフオク!"


def test_language_from_the_environment_and_the_settings_file(cli, monkeypatch):
    _seed(cli)
    (cli.home / "liquidator.toml").write_text('[ui]\nlang = "ja"\n', encoding="utf-8")
    assert "滞留在庫" in cli.ok("report", "--as-of", "2026-11-26").stdout
    monkeypatch.setenv("LIQUIDATOR_LANG", "en")
    assert "Stranded stock" in cli.ok("report", "--as-of", "2026-11-26").stdout


def test_an_unknown_language_is_a_clear_error(cli):
    assert cli.fails(2, "--lang", "fr", "list") == "Error: --lang: 'fr' is not one of en, ja"


def test_a_channel_added_in_the_settings_is_not_given_its_models_japanese_name(cli):
    (cli.home / "liquidator.toml").write_text(
        '[channels.rakuma]\nbased_on = "mercari"\nlabel = "Rakuma"\nenabled = true\n',
        encoding="utf-8",
    )
    rows = {r["channel"]: r for r in cli.json("--lang", "ja", "channels")}
    assert rows["rakuma"]["label"] == "Rakuma"
    assert rows["yahoo"]["label"] == "ヤフオク!"


def test_workspace_language_and_database_options_work_after_the_subcommand(cli, tmp_path):
    from liquidator.cli import hoist_root_options

    commands = {"list": None, "report": None}
    assert hoist_root_options(["list", "--home", "W", "--json"], commands) == [
        "--home", "W", "list", "--json"
    ]  # fmt: skip
    assert hoist_root_options(["--db", "X", "report", "--lang=ja", "--", "--home"], commands) == [
        "--db", "X", "--lang=ja", "report", "--", "--home"
    ]  # fmt: skip
    _seed(cli)
    other = tmp_path / "elsewhere"
    assert cli.json("list", "--home", str(other)) == []  # the later --home wins
    text = cli.ok("report", "--as-of", "2026-11-26", "--lang", "ja").stdout
    assert "滞留在庫" in text


def test_demo_removes_its_workspace_unless_kept(cli, monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    from typer.testing import CliRunner

    from liquidator.cli import app

    result = CliRunner().invoke(app, ["demo", "--as-of", "2026-11-26", "-O", "json"])
    assert result.exit_code == 0, result.stderr
    assert "Removed; to explore one:" in result.stderr and "demo --keep" in result.stderr
    assert not list(tmp_path.glob("liquidator-demo-*"))
    result = CliRunner().invoke(app, ["demo", "--keep", "--as-of", "2026-11-26", "-O", "json"])
    kept = list(tmp_path.glob("liquidator-demo-*"))
    assert len(kept) == 1 and f"--home {kept[0]} list" in result.stderr


def test_recommendation_reasons_in_japanese(cli):
    _seed(cli)
    text = cli.ok("--lang", "ja", "recommend", "1", "--as-of", "2026-11-26").stdout
    assert "販路" in text and "ヤフオク!" in text
    assert "1円スタートのオークション" in text  # the channel's line
    assert "保有" in text and "目標" in text  # past its target
    assert "auction" not in text and "held" not in text
    data = cli.json("--lang", "ja", "recommend", "1", "--as-of", "2026-11-26")
    assert data["best_channel"] in ("yahoo", "kaitori")  # ids stay in JSON


def test_an_unknown_language_in_the_settings_file_is_a_clear_error(cli):
    (cli.home / "liquidator.toml").write_text('[ui]\nlang = "fr"\n', encoding="utf-8")
    line = cli.fails(2, "report", "--as-of", "2026-11-26")
    assert line == (
        "Error: liquidator.toml [ui] lang: expected one of \"\" (unset), en, ja, got 'fr'"
    )


def _message_arguments():
    """(file, line, node) for the message of every error the code raises."""
    import ast

    positions = {"InvalidInput": 1, "LiquidatorError": 0, "NotFound": 0}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = positions.get(name)
            if position is None or len(node.args) <= position:
                continue
            yield path.relative_to(PACKAGE), node.lineno, node.args[position]


def _is_text(node) -> bool:
    import ast

    if isinstance(node, ast.Constant | ast.JoinedStr):
        return isinstance(node, ast.JoinedStr) or isinstance(node.value, str)
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def test_every_error_message_goes_through_the_catalogue():
    """An error's text is a catalogue message (``_("…").format(…)``), never a bare
    literal or f-string: a Japanese seller reads errors too."""
    bare = [f"{path}:{line}" for path, line, node in _message_arguments() if _is_text(node)]
    assert not bare, bare


def test_help_is_in_japanese(cli):
    text = cli.ok("--lang", "ja", "add", "--help").stdout
    assert "使い方" in text or "Usage" not in text
    assert "仕入" in text  # the cost option's help
    assert "Purchase cost per unit" not in text
    top = cli.ok("--lang", "ja", "--help").stdout
    assert "Turn stock stranded" not in top and "コマンド" in top


@pytest.mark.parametrize(
    ("args", "english", "japanese"),
    [
        (["cancel-rate", "--help"], ["Usage:", "Options:", "[default: 7]"],
         ["使い方:", "オプション:", "[既定: 7]"]),
        (["sell", "--help"], ["Arguments:", "[required]"], ["引数:", "[必須]"]),
        (["cancel", "--help"], ["[env var: LIQUIDATOR_SHOP]", "Show this message and exit."],
         ["[環境変数: LIQUIDATOR_SHOP]", "このヘルプを表示して終了します。"]),
        (["--help"], ["Commands:"], ["コマンド:"]),
    ],
)  # fmt: skip
def test_typers_own_words_in_help_are_in_the_readers_language(cli, args, english, japanese):
    text = " ".join(cli.ok(*args).stdout.split())  # a bracket may wrap over two lines
    assert all(words in text for words in english), text
    translated = " ".join(cli.ok("--lang", "ja", *args).stdout.split())
    assert all(words in translated for words in japanese), translated
    assert not any(words in translated for words in english), translated


def test_a_group_typed_alone_prints_its_help_in_the_readers_language(cli):
    for group in ("import", "prices"):
        result = cli("--lang", "ja", group)
        assert result.exit_code == 0 and result.stdout == ""
        assert "コマンド:" in result.stderr and "このヘルプを表示して終了します。" in result.stderr
        assert "Show this message" not in result.stderr


def test_an_unknown_command_is_one_line_naming_the_near_ones(cli, snapshot):
    before = snapshot(cli)
    assert cli.fails(2, "lst") == "Error: No such command 'lst'. Did you mean 'list', 'listed'?"
    assert cli.fails(2, "bogus") == "Error: No such command 'bogus'."
    assert cli.fails(2, "--lang", "ja", "prices", "fetc") == (
        "エラー: コマンド 'fetc' はありません。'fetch' のことですか？"
    )
    assert snapshot(cli) == before


def test_only_the_bracket_typer_adds_to_an_options_help_is_translated():
    from liquidator.cli.help_text import translated_extras
    from liquidator.i18n import set_language

    set_language("ja")
    assert translated_extras("Days.  [default: 7; required]") == "Days.  [既定: 7; 必須]"
    assert translated_extras("[env var: X; default: a]") == "[環境変数: X; 既定: a]"
    for untouched in ("A list [default: today].", "Days.  [as typed]", "no bracket"):
        assert translated_extras(untouched) == untouched


def test_a_usage_error_is_in_japanese(cli):
    line = cli.fails(2, "--lang", "ja", "add", "--no-such-option")
    assert line.startswith("エラー") and "--no-such-option" in line


@pytest.mark.parametrize(
    ("args", "english", "japanese"),
    [
        (
            ["add", "--nte", "x"],
            "Error: no such option: --nte (did you mean --note,",
            "エラー: そのようなオプションはありません: --nte",
        ),
        (
            ["listed", "1", "--price", "5"],
            "Error: --channel / -c is required",
            "エラー: --channel / -cを指定してください",
        ),
        (
            ["show", "abc"],
            "Error: invalid value for item no.: 'abc' is not a whole number",
            "エラー: 商品番号の値が不正です: 'abc' は整数ではありません",
        ),
        (["show"], "Error: item no. is required", "エラー: 商品番号を指定してください"),
        (
            ["sales", "undo"],
            "Error: disposal no. is required",
            "エラー: 処分番号を指定してください",
        ),
        (["add", "--cost"], "Error: --cost needs a value", "エラー: --cost の値を指定してください"),
        (
            ["ad"],
            "Error: No such command 'ad'. Did you mean 'add'?",
            "エラー: コマンド 'ad' はありません。'add' のことですか？",
        ),
        (
            ["list", "--older-than", "abc"],
            "Error: --older-than: 'abc' is not a whole number",
            "エラー: --older-than: 'abc' は整数ではありません",
        ),
    ],
)
def test_usage_errors_name_the_option_in_either_language_and_write_nothing(
    cli, snapshot, args, english, japanese
):
    cli.json("add", "--title", "ハリオ V60", "--cost", "3000", "--size", "60",
             "--purchased", "2026-08-01")  # fmt: skip
    before = snapshot(cli)
    assert cli.fails(2, *args).startswith(english)
    assert cli.fails(2, "--lang", "ja", *args).startswith(japanese)
    assert snapshot(cli) == before


def test_every_line_a_command_prints_goes_through_the_catalogue():
    """What the CLI prints for a person (echo, print, confirm, prompt) is a catalogue
    message or data, never an English literal or f-string written in place."""
    import ast

    printers = {"echo", "print", "secho", "confirm", "prompt"}
    bare = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = node.args[0]
            if name in printers and _is_text(first) and _has_words(first):
                bare.append(f"cli/{path.name}:{node.lineno}")
    assert not bare, bare


def _has_words(node) -> bool:
    """A literal with letters in it (a bare "\\n" or "" is layout, not a message)."""
    import ast
    import re

    def written(part) -> list[str]:  # the text written in place, not inside a call
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            return [part.value]
        if isinstance(part, ast.JoinedStr):
            return [text for value in part.values for text in written(value)]
        if isinstance(part, ast.BinOp):
            return written(part.left) + written(part.right)
        return []

    return any(re.search(r"[A-Za-z]{2,}", text) for text in written(node))


def test_counts_take_the_right_plural_in_english_and_japanese(cli, tmp_path):
    cli.json("add", "--title", "ハリオ V60", "--cost", "3000", "--size", "60",
             "--purchased", "2026-08-01")  # fmt: skip
    cli.json("sell", "1", "-c", "ebay", "-p", "9000", "--date", "2026-11-20")
    assert cli.ok("sales").stdout.splitlines()[0].strip() == "1 disposal"
    out = tmp_path / "items.csv"
    result = cli.ok("export", "items", "-o", str(out), "--as-of", "2026-11-26")
    assert "Wrote 1 row to" in result.stderr
    japanese = cli.ok("--lang", "ja", "export", "items", "-o", str(out), "--as-of", "2026-11-26")
    assert "1行" in japanese.stderr
    from liquidator.errors import InvalidInput
    from liquidator.i18n import set_language
    from liquidator.items_csv import parse_items_csv

    set_language("en")  # the last command spoke Japanese in this process
    bad = "title,cost,size\n" + "x,abc,60\n" * 21
    with pytest.raises(InvalidInput) as raised:
        parse_items_csv(
            bad.encode(), source="f.csv", today=dt.date(2026, 11, 26), channels=CHANNELS
        )
    assert "… 1 more error (21 bad rows in all)" in raised.value.problem


def test_every_message_names_its_placeholders_and_counts_with_ngettext():
    import re

    positional = re.compile(r"\{\d*(?:[:!][^}]*)?\}")  # {0}, {1:,}, {}, {!r}
    for message in _catalog("ja"):
        texts = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in texts:
            assert not positional.search(text), text
            assert "(s)" not in text and "{1}" not in text, text


def test_a_missing_choice_reads_as_one_sentence_after_the_option(cli):
    line = cli.fails(2, "--lang", "ja", "cancel", "114-1234567-1234567", "--stage", "bought",
                     "--via", "request")  # fmt: skip
    assert line.startswith("エラー: --reason: 必須です。") and "は必須です" not in line
