"""Renderers: every format parses back; the registry stays light."""

import copy
import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from rich.cells import cell_len
from rich.console import Console
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from liquidator.errors import InvalidInput
from liquidator.render import RENDERERS, format_from_path, render, yen
from liquidator.reports import build_aging_report
from liquidator.store.disposals import read_disposals
from liquidator.store.items import read_stock

AS_OF = dt.date(2026, 3, 2)

REPORT = {
    "as_of": "2026-03-02",
    "totals": {
        "items": 3,
        "units": 4,
        "cost_tied_up": 62_300,
        "expected_cash": 41_000,
        "holding_cost_to_date": 1_234,
        "past_target": 2,
    },
    "buckets": [
        {
            "label": "0–30",
            "min_days": 0,
            "max_days": 30,
            "items": 1,
            "units": 2,
            "cost": 12_300,
            "share": 0.1974,
        },
        {
            "label": "31–60",
            "min_days": 31,
            "max_days": 60,
            "items": 0,
            "units": 0,
            "cost": 0,
            "share": 0.0,
        },
        {
            "label": "61–90",
            "min_days": 61,
            "max_days": 90,
            "items": 1,
            "units": 1,
            "cost": 26_000,
            "share": 0.4173,
        },
        {
            "label": "91+",
            "min_days": 91,
            "max_days": None,
            "items": 1,
            "units": 1,
            "cost": 24_000,
            "share": 0.3852,
        },
    ],  # fmt: skip
    "average_age": 65.3,
    "oldest_age": 95,
    "actions": [
        {
            "item_id": 12,
            "title": "ワンピース フィギュア ルフィ ギア5",
            "days_held": 95,
            "best_channel": "yahoo",
            "net_cash": 14_400,
            "reason": "held 95 days, 65 past target; ¥24,000 tied up",
            "status": "in_stock",
            "listed_channel": None,
            "listed_days": None,
            "cut_price": False,
        },
        {
            "item_id": 7,
            "title": '=HYPERLINK("http://evil.example","x") | pipe',
            "days_held": 70,
            "best_channel": "ebay",
            "net_cash": 20_000,
            "reason": "held 70 days, 40 past target; on ebay for 20 days, usually sells in 14: "
            "cut the price; ¥26,000 tied up",
            "status": "listed",
            "listed_channel": "ebay",
            "listed_days": 20,
            "cut_price": True,
        },
        {
            "item_id": 3,
            "title": "Plain ASCII title",
            "days_held": 5,
            "best_channel": None,
            "net_cash": None,
            "reason": "held 5 days; no channel fits: consider a write-off; ¥12,300 tied up",
            "status": "in_stock",
            "listed_channel": None,
            "listed_days": None,
            "cut_price": False,
        },
    ],
    "disposals": {
        "period_start": "2026-02-24",
        "period_end": "2026-03-02",
        "cash_recovered": 34_500,
        "cost_basis": 46_800,
        "loss": 12_300,
        "recovery_rate": 0.7372,
        "by_channel": [
            {
                "channel": "ebay",
                "disposals": 1,
                "units": 1,
                "cash_recovered": 33_000,
                "cost_basis": 41_800,
                "loss": 8_800,
                "recovery_rate": 0.7895,
            },
            {
                "channel": "メルカリ",
                "disposals": 2,
                "units": 2,
                "cash_recovered": 1_500,
                "cost_basis": 5_000,
                "loss": 3_500,
                "recovery_rate": 0.3,
            },
        ],
    },  # fmt: skip
    "cancel_rate": {
        "window_days": 7,
        "start": "2026-02-24",
        "end": "2026-03-02",
        "orders": 83,
        "seller_cancelled": 1,
        "buyer_cancelled": 2,
        "rate": 0.012,
        "status": "warn",
    },
}


def empty_report():
    """The report of an empty workspace: its stock and disposals read as the report reads them."""
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    try:
        with engine.connect() as connection:
            stock = read_stock(connection, as_of=AS_OF)
            disposals = read_disposals(connection, start=AS_OF, end=AS_OF)
    finally:
        engine.dispose()
    return build_aging_report(
        stock=stock,
        best=None,
        disposals=disposals,
        as_of=AS_OF,
        buckets=[30, 60, 90],
        period_days=7,
        target_days=30,
        cancel_rate=None,
    ).to_dict()


def test_registry_has_every_format():
    assert sorted(RENDERERS) == ["csv", "html", "json", "md", "table"]


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("r.json", "json"),
        ("r.csv", "csv"),
        ("out/r.md", "md"),
        ("R.HTML", "html"),
        ("r.htm", "html"),
        ("r.txt", "table"),
    ],
)
def test_format_from_path(path, fmt):
    assert format_from_path(path) == fmt


def test_unknown_formats():
    with pytest.raises(InvalidInput) as raised:
        format_from_path("report.pdf")
    assert raised.value.field == "fmt" and "report.pdf" in raised.value.problem
    with pytest.raises(InvalidInput, match="^fmt: unknown format 'pdf'"):
        render(REPORT, "pdf")


def test_yen():
    assert (yen(12_300), yen(-500), yen(0), yen(None)) == ("¥12,300", "-¥500", "¥0", "—")


def test_json_parses_back():
    assert json.loads(render(REPORT, "json")) == REPORT
    assert "ワンピース" in render(REPORT, "json")  # not \u-escaped


def parse_sections(text):
    sections, header = {}, None
    for row in csv.reader(io.StringIO(text, newline="")):
        if not row:
            header = None
        elif header is None:
            header = row
        else:
            sections.setdefault(row[0], []).append(dict(zip(header, row, strict=True)))
    return sections


def test_csv_parses_back_by_section():
    text = render(REPORT, "csv")
    assert "\r\n" in text
    sections = parse_sections(text)
    assert set(sections) == {"summary", "buckets", "actions", "disposals"}
    summary = {row["key"]: row["value"] for row in sections["summary"]}
    assert summary["as_of"] == "2026-03-02"
    assert summary["cost_tied_up"] == "62300"
    assert summary["disposals.recovery_rate"] == "0.7372"
    assert summary["cancel_rate.status"] == "warn"
    assert [row["label"] for row in sections["buckets"]] == ["0–30", "31–60", "61–90", "91+"]
    assert sections["buckets"][3]["max_days"] == ""
    titles = [row["title"] for row in sections["actions"]]
    assert titles[0] == "ワンピース フィギュア ルフィ ギア5"
    assert titles[1].startswith("'=HYPERLINK")
    assert [row["channel"] for row in sections["disposals"]] == ["ebay", "メルカリ"]


def test_csv_of_an_empty_report():
    sections = parse_sections(render(empty_report(), "csv"))
    assert "actions" not in sections and len(sections["buckets"]) == 4


def markdown_tables(text):
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        else:
            current = None
    return tables


def test_markdown_tables_parse_back():
    text = render(REPORT, "md")
    assert text.startswith("# Stranded stock as of 2026-03-02")
    buckets, actions, disposals = markdown_tables(text)
    for table in (buckets, actions, disposals):
        assert all(len(row) == len(table[0]) for row in table)
        assert all(re.fullmatch(r":?-+:?", cell) for cell in table[1])
    assert [row[0] for row in buckets[2:]] == ["0–30", "31–60", "61–90", "91+"]
    assert buckets[2][3] == "¥12,300"
    assert len(actions) == 2 + 3
    assert actions[3][2] == '=HYPERLINK("http://evil.example","x") \\| pipe'
    assert disposals[-1][0] == "**total**"


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_with_svg_charts():
    text = render(REPORT, "html")
    page = Page()
    page.feed(text)
    page.close()
    assert page.tags.count("svg") == 2
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    for _tag, name, value in page.attrs:
        if name in ("src", "href", "xlink:href"):
            assert not re.match(r"\s*(https?:)?//", value), (name, value)
    assert "@import" not in text and "url(http" not in text
    body = "".join(page.text)
    assert "ワンピース フィギュア ルフィ ギア5" in body
    assert "メルカリ" in body  # chart labels are text, not glyph paths
    assert "¥62,300" in body
    assert "'Noto Sans CJK JP', 'Hiragino Sans'" in text and "Yu Gothic" in text
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids))


def test_html_escapes_titles():
    report = copy.deepcopy(REPORT)
    report["actions"][0]["title"] = "<script>alert(1)</script>"
    text = render(report, "html")
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_html_of_an_empty_report():
    page = Page()
    page.feed(render(empty_report(), "html"))
    assert "No stock on hand." in "".join(page.text)


def test_table_money_and_sections():
    text = render(REPORT, "table", width=140)
    for snippet in ("¥62,300", "¥41,000", "¥1,234", "Capital by age", "Move now", "91+"):
        assert snippet in text
    assert "Cancel rate 1.20% · 1 seller-cancelled of 83 orders" in text
    assert "\x1b[" not in text  # plain text, no colour codes


def test_table_aligns_japanese_titles():
    text = render(REPORT, "table", width=140)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Move now"))
    rows = [
        line
        for line in lines[start:]
        if re.search(r"ワンピース|HYPERLINK|Plain ASCII", line) or "Title" in line
    ][:4]
    assert len(rows) == 4
    # the days column ends at the same terminal cell on every row, whatever the title
    ends = set()
    for line in rows:
        match = re.search(r"\s(Days|95|70|5)\s+", line)
        ends.add(cell_len(line[: match.end(1)]))
    assert len(ends) == 1
    assert all(line == line.rstrip() for line in lines)  # no padding after the last cell


def test_print_report_on_a_live_console():
    from liquidator.render.table import print_report

    console = Console(record=True, width=120, file=io.StringIO(), force_terminal=True)
    print_report(REPORT, console)
    assert "ワンピース" in console.export_text()


def test_empty_report_renders_in_every_format():
    report = empty_report()
    for fmt in RENDERERS:
        assert render(report, fmt)


def test_light_imports():
    code = (
        "import sys, liquidator.render, liquidator.exports\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "heavy = {'rich', 'matplotlib', 'pandas', 'typer'} & loaded\n"
        "assert not heavy, heavy\n"
        "import liquidator.reports, liquidator.render.csv, liquidator.render.markdown\n"
        "assert not {'rich', 'typer', 'matplotlib'} & set(sys.modules), sys.modules.keys()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def long_report(count):
    report = copy.deepcopy(REPORT)
    action = report["actions"][0]
    report["actions"] = [
        {**action, "item_id": 1000 + n, "title": f"商品 number {n:03d}"} for n in range(count)
    ]
    return report


@pytest.mark.parametrize("fmt", ["table", "md", "html"])
def test_long_action_lists_show_the_first_25_and_say_how_many_more(fmt):
    text = render(long_report(60), fmt, **({"width": 160} if fmt == "table" else {}))
    shown = re.findall(r"商品 number (\d{3})", text)
    assert shown == [f"{n:03d}" for n in range(25)]
    assert text.count("and 35 more — see --json") == 1
    exact = render(long_report(25), fmt)
    assert "more — see --json" not in exact and "商品 number 024" in exact
    assert "more — see --json" not in render(long_report(3), fmt, max_actions=3)


def test_machine_formats_keep_every_action():
    report = long_report(60)
    assert json.loads(render(report, "json"))["actions"] == report["actions"]
    assert len(parse_sections(render(report, "csv"))["actions"]) == 60


def test_markdown_more_line_is_outside_the_table():
    text = render(long_report(30), "md")
    actions = markdown_tables(text)[1]
    assert len(actions) == 2 + 25
    assert "\n\nand 5 more — see --json\n" in text


def test_japanese_html_report_prints_no_font_warnings():
    """A seller sees no matplotlib chatter: the browser sets the Japanese text."""
    import warnings

    from liquidator.i18n import set_language

    set_language("ja")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            page = render(REPORT, "html")
    finally:
        set_language("en")
    assert "滞留在庫" in page
    assert not [w for w in caught if "Glyph" in str(w.message)]


def test_each_channel_says_what_its_price_is():
    """An auction's start, a buy-back shop's offer, a supplier's refund, else a list
    price; a channel may set its own (data, not its name)."""

    from liquidator.render import asking
    from liquidator.scoring.prices import price_kind
    from liquidator.settings import DEFAULTS

    channels = DEFAULTS.channels
    kinds = {name: price_kind(channel) for name, channel in channels.items()}
    assert kinds["yahoo"] == "start" and kinds["kaitori"] == "offer"
    assert kinds["supplier_return"] == "refund" and kinds["amazon_jp"] == "list"
    assert price_kind(channels["mercari"].model_copy(update={"price_kind": "offer"})) == "offer"
    assert asking("offer", 48_000) == "offer ¥48,000" and asking(None, 500) == "¥500"
    assert asking("start", None) == "—"
