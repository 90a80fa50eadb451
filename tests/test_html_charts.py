"""The HTML report's charts: plain SVG, bars to scale, labels that read, no plotting library."""

import math
import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.render import html_charts
from liquidator.render.html_charts import axis_ticks, charts, short_yen

SVG = "{http://www.w3.org/2000/svg}"


def _report(buckets, channels):
    return {
        "totals": {"cost_tied_up": sum(b["cost"] for b in buckets)},
        "buckets": buckets,
        "disposals": {"by_channel": channels},
        "channel_labels": {"yahoo_auction": "ヤフオク!", "supplier_return": "仕入先返品"},
    }


BUCKETS = [
    {"label": "0–30", "cost": 40_000, "share": 0.2, "items": 3},
    {"label": "31–60", "cost": 0, "share": 0.0, "items": 0},
    {"label": "91+", "cost": 160_000, "share": 0.8, "items": 9},
]
CHANNELS = [
    {"channel": "yahoo_auction", "cost_basis": 30_000, "cash_recovered": 24_000,
     "recovery_rate": 0.8},
    {"channel": "supplier_return", "cost_basis": 10_000, "cash_recovered": 10_000,
     "recovery_rate": 1.0},
]  # fmt: skip


def _bars(svg: str) -> list[ElementTree.Element]:
    return ElementTree.fromstring(svg).findall(f"{SVG}rect")


def _texts(svg: str) -> list[str]:
    return [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text")]


def test_bars_are_to_scale_and_labelled():
    age, recovery = charts(_report(BUCKETS, CHANNELS))
    heights = [float(r.get("height")) for r in _bars(age)]
    assert heights[1] == 0
    assert heights[2] == pytest.approx(4 * heights[0], abs=0.3)  # coordinates to 0.1
    texts = _texts(age)
    assert [t for t in texts if t in ("0–30", "31–60", "91+")] == ["0–30", "31–60", "91+"]
    assert "¥160,000" in texts and "80% · 9 items" in texts
    assert (
        len([t for t in texts if re.fullmatch(r"¥\d{1,3}(,\d{3})+", t)]) == 2
    )  # none on an empty bar
    cost_bars = [r for r in _bars(recovery) if r.get("fill") == html_charts.COST_COLOUR]
    cash_bars = [r for r in _bars(recovery) if r.get("fill") == html_charts.CASH_COLOUR]
    # two per channel plus one swatch each in the legend
    assert len(cost_bars) == len(cash_bars) == 3
    cash, cost = float(cash_bars[0].get("height")), float(cost_bars[0].get("height"))
    assert cash == pytest.approx(0.8 * cost, abs=0.1)
    assert {"ヤフオク!", "仕入先返品", "80%", "100%", "cost basis", "cash recovered"} <= set(
        _texts(recovery)
    )


def test_charts_are_named_in_the_reports_language():
    from liquidator.i18n import set_language

    set_language("ja")
    try:
        age, recovery = charts(_report(BUCKETS, CHANNELS))
    finally:
        set_language("en")
    names = [ElementTree.fromstring(svg).get("aria-label") for svg in (age, recovery)]
    assert names == ["保有日数別の資金", "販路別の回収"]
    assert "保有日数" in _texts(age) and "回収額" in _texts(recovery)


def test_text_is_escaped_and_nothing_has_an_id():
    channels = [dict(CHANNELS[0], channel="<b>&co</b>")]
    _, recovery = charts(_report(BUCKETS, channels))
    assert "<b>" not in recovery and "&lt;b&gt;&amp;co&lt;/b&gt;" in recovery
    assert " id=" not in recovery
    assert "<b>&co</b>" in _texts(recovery)


def test_a_long_channel_name_is_set_smaller_not_over_its_neighbours():
    names = ("短い", "とても長い販路の名前です", "c", "d", "e", "f")
    channels = [dict(CHANNELS[0], channel=name) for name in names]
    _, recovery = charts(_report(BUCKETS, channels))
    sizes = {
        t.text: float(t.get("font-size"))
        for t in ElementTree.fromstring(recovery).iter(f"{SVG}text")
    }
    assert sizes["短い"] == 10.5
    assert sizes["とても長い販路の名前です"] < 10.5


def test_empty_charts_say_so():
    age, recovery = charts(_report([{**BUCKETS[0], "cost": 0}], []))
    assert age == '<p class="empty">No stock on hand.</p>'
    assert recovery == '<p class="empty">No disposals in this period.</p>'


@given(st.floats(min_value=1.0, max_value=1e12, allow_nan=False))  # a chart's top is ≥ ¥1.25
def test_axis_ticks_are_round_and_cover_the_chart(top):
    ticks = axis_ticks(top)
    assert ticks[0] == 0 and ticks == sorted(set(ticks))
    assert ticks[-1] <= top * (1 + 1e-9)
    assert 2 <= len(ticks) <= 6 if top < 5 else 3 <= len(ticks) <= 6
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 2.5, 5, 10)) < 1e-6
    assert step >= 1  # whole yen
    labels = [short_yen(tick, step) for tick in ticks]
    assert len(set(labels)) == len(labels), labels


def test_axis_labels_read_apart():
    assert [short_yen(t, 500) for t in axis_ticks(2_500)] == [
        "¥0", "¥500", "¥1k", "¥1.5k", "¥2k", "¥2.5k",
    ]  # fmt: skip
    assert [short_yen(t, 2_500) for t in axis_ticks(10_560)] == [
        "¥0", "¥2.5k", "¥5k", "¥7.5k", "¥10k",
    ]  # fmt: skip
    assert axis_ticks(1.25) == [0, 1]


def test_short_yen():
    assert [short_yen(v) for v in (0, 500, 20_000, 1_500_000, 2_000_000)] == [
        "¥0", "¥500", "¥20k", "¥1.5M", "¥2M",
    ]  # fmt: skip


def test_html_report_imports_no_plotting_library():
    code = (
        "import sys\n"
        "from liquidator.render import render\n"
        f"report = {_full_report()!r}\n"
        "page = render(report, 'html')\n"
        "assert page.count('<svg') == 2, page\n"
        "assert not {'matplotlib', 'pandas'} & {m.split('.')[0] for m in sys.modules}\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _full_report() -> dict:
    from test_render import REPORT

    return REPORT
