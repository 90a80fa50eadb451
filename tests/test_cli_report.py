"""`report`, `export` and `demo` through the CLI."""

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

AS_OF = "2026-11-26"
AGES = [5, 25, 31, 59, 61, 89, 95, 200]


def add(cli, title="Lamp", cost="1000", age=10, *args):
    return cli.json(
        "add", "--as-of", AS_OF, "--title", title, "--cost", str(cost), "--size", "60",
        "--days-held", str(age), *args,
    )["id"]  # fmt: skip


@pytest.fixture
def aged(any_cli):
    for n, age in enumerate(AGES):
        add(any_cli, f"Item {age}", 1000 * (n + 1), age)
    return any_cli


def test_buckets_from_the_issue(aged):
    report = aged.json("report", "--as-of", AS_OF, "--buckets", "30,60,90")
    buckets = report["buckets"]
    assert [b["label"] for b in buckets] == ["0–30", "31–60", "61–90", "91+"]
    assert [b["items"] for b in buckets] == [2, 2, 2, 2]
    assert [(b["min_days"], b["max_days"]) for b in buckets] == [
        (0, 30),
        (31, 60),
        (61, 90),
        (91, None),
    ]
    assert sum(b["cost"] for b in buckets) == report["totals"]["cost_tied_up"]
    listed = aged.json("list", "--as-of", AS_OF)
    assert report["totals"]["cost_tied_up"] == sum(i["qty"] * i["unit_cost"] for i in listed)
    assert report["totals"]["items"] == len(listed) == sum(b["items"] for b in buckets)
    assert report["totals"]["units"] == sum(b["units"] for b in buckets)
    assert report["oldest_age"] == 200
    assert report["totals"]["past_target"] == 6  # held over the 30-day default target
    assert {a["item_id"] for a in report["actions"]} >= {
        i["id"] for i in listed if i["days_held"] > 30
    }
    assert sum(b["share"] for b in buckets) == pytest.approx(1, abs=1e-3)


def test_empty_buckets_and_bad_edges(cli):
    add(cli, "Only", 1000, 3)
    report = cli.json("report", "--as-of", AS_OF, "--buckets", "7,14")
    assert [b["items"] for b in report["buckets"]] == [1, 0, 0]
    for bad in ("30,20", "0,5", "a,b", ","):
        assert "--buckets" in cli.fails(2, "report", "--buckets", bad)
    assert "--output-format" in cli.fails(2, "report", "-O", "pdf")
    assert "--period" in cli.fails(2, "report", "--period", "0")


def test_report_as_of_a_past_date_ignores_later_items_and_disposals(any_cli):
    old = add(any_cli, "Old", 2000, 40)  # bought 2026-10-17
    add(any_cli, "New", 3000, 2)  # bought 2026-11-24
    any_cli.ok("sell", str(old), "--channel", "yahoo", "--price", "1500", "--date", "2026-11-25")
    past = any_cli.json("report", "--as-of", "2026-11-20")
    assert past["totals"]["items"] == 1 and past["totals"]["cost_tied_up"] == 2000
    assert past["disposals"]["cash_recovered"] == 0
    now = any_cli.json("report", "--as-of", AS_OF)
    assert now["totals"]["items"] == 1 and now["totals"]["cost_tied_up"] == 3000
    assert now["disposals"]["by_channel"][0]["channel"] == "yahoo"
    assert now["disposals"]["cost_basis"] == 2000


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.links = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in {"src", "href"} and v]


def test_each_format_parses_back(aged, tmp_path):
    as_json = json.loads(aged.ok("report", "--as-of", AS_OF, "-O", "json").stdout)
    rows = list(csv.reader(io.StringIO(aged.ok("report", "--as-of", AS_OF, "-O", "csv").stdout)))
    assert rows[0][0] == "section" and any(r and r[0] == "buckets" for r in rows)
    md = aged.ok("report", "--as-of", AS_OF, "-O", "md").stdout
    table_rows = [line for line in md.splitlines() if line.startswith("|")]
    assert any("31–60" in line for line in table_rows)
    html_file = tmp_path / "week.html"
    aged.ok("report", "--as-of", AS_OF, "-o", str(html_file))
    parser = _Collect()
    parser.feed(html_file.read_text(encoding="utf-8"))
    assert "svg" in parser.tags and "table" in parser.tags
    assert not [link for link in parser.links if link.startswith(("http:", "https:", "//"))]
    assert as_json["as_of"] == AS_OF


def test_save_names_the_report_by_date(aged):
    aged.ok("report", "--as-of", AS_OF, "-O", "md", "--save")
    saved = aged.home / "reports" / f"{AS_OF}.md"
    assert saved.exists() and "31–60" in saved.read_text(encoding="utf-8")


def test_table_report_shows_yen_and_japanese_titles(cli):
    add(cli, "ハリオ V60 ドリッパー", 4980, 45)
    out = cli.ok("report", "--as-of", AS_OF).stdout
    assert "¥4,980" in out and "ハリオ V60" in out


def _export(cli, *args):
    return list(csv.reader(io.StringIO(cli.ok("export", *args).stdout)))


def test_export_items_neutralises_formulas_and_keeps_numbers(cli):
    add(cli, '=HYPERLINK("http://evil","x")', 1200, 3)
    add(cli, "-500 yen coupon", 800, 3, "--note", "@mention")
    header, *rows = _export(cli, "items", "--as-of", AS_OF)
    titles = [r[header.index("title")] for r in rows]
    assert titles[0].startswith("'=HYPERLINK") and titles[1] == "'-500 yen coupon"
    assert rows[1][header.index("note")] == "'@mention"
    assert [r[header.index("unit_cost")] for r in rows] == ["1200", "800"]


def test_export_sales_and_a_balanced_journal(any_cli):
    item = add(any_cli, "Lamp", 2000, 20, "--qty", "2")
    any_cli.ok(
        "sell",
        str(item),
        "--channel",
        "yahoo",
        "--price",
        "1500",
        "--qty",
        "1",
        "--fees",
        "150",
        "--shipping",
        "700",
        "--date",
        "2026-11-20",
    )
    any_cli.ok("sell", str(item), "--channel", "writeoff", "--price", "0", "--date", "2026-11-25")
    header, *sales = _export(any_cli, "sales")
    assert [r[header.index("channel")] for r in sales] == ["yahoo", "writeoff"]
    assert (
        sales[0][header.index("net_cash")] == "650" and sales[0][header.index("profit")] == "-1350"
    )
    header, *lines = _export(any_cli, "journal", "--ids")
    assert header == ["date", "entry", "account", "debit", "credit", "memo"]
    for entry in {r[1] for r in lines}:
        mine = [r for r in lines if r[1] == entry]
        assert sum(int(r[3]) for r in mine) == sum(int(r[4]) for r in mine)
    _, *november_20 = _export(any_cli, "sales", "--from", "2026-11-20", "--to", "2026-11-20")
    assert len(november_20) == 1


def test_cp932_strict_names_the_record_and_writes_nothing(cli, tmp_path):
    item = add(cli, "Emoji 😀 lamp", 1000, 3)
    target = tmp_path / "out.csv"
    line = cli.fails(2, "export", "items", "--encoding", "cp932", "-o", str(target))
    assert f"item {item}" in line and "replace" in line
    assert not target.exists()
    cli.ok("export", "items", "--encoding", "cp932", "--errors", "replace", "-o", str(target))
    text = target.read_bytes().decode("cp932")
    assert "Emoji ? lamp" in text


def test_cp932_writes_japanese(cli, tmp_path):
    add(cli, "象印 炊飯器", 1000, 3)
    target = tmp_path / "items.csv"
    cli.ok("export", "items", "--encoding", "cp932", "-o", str(target))
    assert "象印 炊飯器" in target.read_bytes().decode("cp932")


def test_export_bad_options(cli):
    assert "--encoding" in cli.fails(2, "export", "items", "--encoding", "latin-1")
    assert "--errors" in cli.fails(2, "export", "items", "--errors", "ignore")
    assert "--from" in cli.fails(2, "export", "sales", "--from", "2026-11-30", "--to", "2026-11-01")


def test_demo_fills_a_workspace_and_shows_the_report(tmp_path, cli):
    home = tmp_path / "demo"
    result = cli("demo", "--home", str(home), "--as-of", AS_OF, "-O", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["totals"]["items"] > 10
    assert all(b["items"] > 0 for b in report["buckets"])
    assert report["disposals"]["cash_recovered"] > 0
    assert report["cancel_rate"]["orders"] == 64 and report["cancel_rate"]["seller_cancelled"] == 1
    assert report["cancel_rate"]["status"] == "ok"
    assert (home / "data" / "liquidator.db").exists()
    assert "already has a workspace" in cli.fails(2, "demo", "--home", str(home))


def test_the_demo_says_what_it_made_in_one_sentence_per_language(tmp_path, cli):
    """The lines about the demo workspace are one message: Japanese sentences follow one
    another without the space English puts between them, and the command to explore
    the workspace stands on a line of its own (a terminal line of 80 cells holds it)."""
    said = cli("--lang", "ja", "demo", "--home", str(tmp_path / "ja"), "--keep",
               "--as-of", AS_OF, "-O", "json").stderr  # fmt: skip
    assert "デモ用ワークスペース: 滞留在庫24点、処分7件、注文64件。\n中身を見るには:" in said
    assert "。 " not in said
    said = cli("demo", "--as-of", AS_OF, "-O", "json").stderr
    assert "64 orders.\nExplore it with:" in said


def test_the_report_never_imports_pandas(tmp_path, cli):
    # pandas' import alone is most of a small report's time; the report runs on numpy
    # columns. A fresh interpreter per format, as a seller runs it.
    home = tmp_path / "demo"
    assert cli("demo", "--home", str(home), "--as-of", AS_OF, "-O", "json").exit_code == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIQUIDATOR_")}
    for options in (["--json"], ["-O", "table"], ["-O", "md"], ["-O", "csv"]):
        command = [sys.executable, "-X", "importtime", "-m", "liquidator", "--home", str(home),
                   "report", "--as-of", AS_OF, *options]  # fmt: skip
        run = subprocess.run(command, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        imported = {
            line.rsplit("|", 1)[-1].strip()
            for line in run.stderr.splitlines()
            if line.startswith("import time:")
        }
        assert "liquidator.reports.aging" in imported and run.stdout
        assert not {name for name in imported if name.split(".")[0] == "pandas"}, options


def test_report_carries_the_cancel_rate_once_orders_exist(any_cli):
    from pathlib import Path

    add(any_cli, "Lamp", 1000, 3)
    assert any_cli.json("report", "--as-of", "2026-11-25")["cancel_rate"] is None
    fixture = Path(__file__).parent / "fixtures" / "amazon_orders_40.txt"
    any_cli.ok("import", "amazon-orders", str(fixture))
    rate = any_cli.json("report", "--as-of", "2026-11-25")["cancel_rate"]
    expected = any_cli.json("cancel-rate", "--as-of", "2026-11-25")
    assert rate == expected and rate["window_days"] == 7
    assert "Cancel rate" in any_cli.ok("report", "--as-of", "2026-11-25").stdout


def test_report_json_keeps_each_row_on_one_line(aged):
    text = aged.ok("report", "--as-of", AS_OF, "--json").stdout
    report = json.loads(text)
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and '  "as_of": "2026-11-26",' in lines
    rows = {line.strip().rstrip(",") for line in lines}
    for bucket in report["buckets"]:
        assert json.dumps(bucket, ensure_ascii=False, separators=(",", ":")) in rows


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values, st.integers(min_value=0, max_value=3))
def test_iter_json_parses_back_and_matches_indent_2_when_deep_enough(data, depth):
    from liquidator.render.json import iter_json

    text = "".join(iter_json(data, depth=depth))
    assert json.loads(text) == data
    # Same layout as the standard library's (numbers may be written in another form).
    if depth == 0:
        assert "\n" not in text.strip()
    deep = "".join(iter_json(data, depth=99))
    assert json.loads(deep) == data
    assert len(deep.splitlines()) == len(
        json.dumps(data, ensure_ascii=False, indent=2).splitlines()
    )


class _Rows(Sequence):
    """A sequence that is not a list (as the report's actions are)."""

    def __init__(self, rows):
        self._rows = rows

    def __len__(self):
        return len(self._rows)

    def __getitem__(self, key):
        return self._rows[key]


@given(json_values, st.integers(min_value=0, max_value=3))
def test_iter_json_bytes_are_its_text_and_any_sequence_is_a_list(data, depth):
    from liquidator.render.json import iter_json

    text = "".join(iter_json(data, depth=depth))
    assert b"".join(iter_json(data, depth=depth, binary=True)) == text.encode()
    if isinstance(data, list) and depth:  # spread, so taken member by member
        for same in (tuple(data), iter(data), _Rows(data)):
            assert "".join(iter_json(same, depth=depth)) == text


def test_iter_json_writes_each_compact_member_as_one_piece():
    from liquidator.render.json import iter_json

    assert list(iter_json([1, {"b": [2]}, "x"], depth=1)) == ['[\n  1', ',\n  {"b":[2]}',
                                                              ',\n  "x"', "\n]"]  # fmt: skip
    assert list(iter_json({"a": _Rows([1, 2]), "s": "text"}, depth=2, binary=True)) == [
        b'{\n  "a": ',
        b"[\n    1",
        b",\n    2",
        b"\n  ]",
        b',\n  "s": ',
        b'"text"',
        b"\n}",
    ]


def test_export_progress_bar_only_for_long_exports_on_a_terminal(monkeypatch):
    import sys

    from liquidator.cli.export import ExportProgress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with ExportProgress() as progress:
        progress(25_000, 50_000)
        assert progress.bar is None  # piped: quiet
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with ExportProgress() as progress:
        progress(10, 10)
        assert progress.bar is None  # short: no bar
    with ExportProgress() as progress:
        progress(25_000, 50_000)
        assert progress.bar is not None
        progress(50_000, 50_000)


def test_move_now_shows_the_suggested_price_in_every_format(cli):
    cli.json("add", "--as-of", "2026-11-25", "--title", "Old lamp", "--cost", "4980",
             "--size", "80", "--days-held", "90")  # fmt: skip
    data = cli.json("report", "--as-of", "2026-11-25")
    [action] = data["actions"]
    assert action["best_channel"] == "yahoo" and action["suggested_price"] == 1  # dump: ¥1 start
    markdown = cli.ok("report", "--as-of", "2026-11-25", "--output-format", "md").stdout
    assert "|Ask|" in markdown.replace(" ", "")
    assert "|start¥1|" in markdown.replace(" ", "")  # an auction's start, not a list price
    assert action["price_kind"] == "start"
